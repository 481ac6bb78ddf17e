"""The ``briefgen`` command: parse arguments, call the library, report, and set the exit status.

Input: the command line and the project file found from the working folder.
Output: what each command did, on standard output and error, and the exit
status.

Each command parses its options, calls one library function (``commands``,
``authoring``) and prints what it returns; ``building`` holds build, check,
pack and watch, ``project`` init, config, new, import and schema. Settings
come from the project file found from the working folder
(``current_project``), overridden by the command line. Exit status: 0 when every spec
built, 1 when any spec failed (the others still built), 2 for usage errors,
130 on Ctrl-C. Every error, of whatever kind, is printed by ``_report`` in one
shape (``errors.error_lines``): ``error: `` and then, for a problem in a file,
``file:line:col: field: message``. A user's mistake never prints a traceback;
``--debug`` shows one for internal errors.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn

import click

from briefgen.errors import BriefgenError, UsageError, error_lines, internal_error_message
from briefgen.version import __version__

if TYPE_CHECKING:
    from briefgen.load.project import Project

_DEBUG_HELP = "Show a traceback for internal errors."

INTERRUPTED_BUILD = "\nInterrupted: the PDFs built so far are kept and recorded as built."
_ABORTED = "Aborted!"
INTERRUPTED_STATUS = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C
# click 8.2+ raises this for `briefgen` alone, to show the help; older versions show it and exit.
_NO_COMMAND = getattr(click.exceptions, "NoArgsIsHelpError", ())


class _Command(click.Command):
    """A briefgen command: the library's usage errors are reported as click's, with the command's usage."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command, turning ``errors.UsageError`` into click's usage error for this command."""
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            raise click.UsageError(str(exc), ctx) from exc


class _Briefgen(click.Group):
    """The ``briefgen`` group, whose ``main`` is the one top-level handler of every error."""

    command_class = _Command

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> NoReturn:
        """Run the command line and exit with its status; an error is reported here, never raised.

        Always standalone: ``standalone_mode`` is accepted for click's signature only.
        """
        settings: dict[str, Any] = {"debug": False, "command": ""}
        try:
            status = super().main(args, prog_name, complete_var, standalone_mode=False, obj=settings, **extra)
        except (click.Abort, KeyboardInterrupt):  # Ctrl-C outside a build, which click reports as Abort
            click.echo(_ABORTED, err=True)
            status = INTERRUPTED_STATUS
        except Exception as error:  # the one top-level handler: whatever went wrong is one clear message
            status = report(error, debug=settings["debug"], command=settings["command"])
        sys.exit(status or 0)


def report(error: Exception, *, debug: bool = False, command: str = "") -> int:
    """Print ``error``, of whatever kind, as every error is printed, and return the exit status it calls for.

    A usage error (click's or the library's) is followed by the command's
    usage; a bug in briefgen is one line naming the ``command``, followed by
    its traceback only if ``debug``.
    """
    if isinstance(error, _NO_COMMAND):  # `briefgen` alone: its help, as click shows it
        error.show()
        return int(error.exit_code)
    if isinstance(error, click.ClickException):
        echo_error(error.format_message())
        if isinstance(error, click.UsageError) and error.ctx is not None:
            context = error.ctx
            hint = f"Try '{context.command_path} {max(context.help_option_names, key=len)}' for help."
            click.echo(f"{context.get_usage()}\n{hint}", err=True)
        return error.exit_code
    if isinstance(error, BriefgenError):
        echo_error(str(error) or type(error).__name__)
        return 2 if isinstance(error, UsageError) else 1
    doing = f"running `briefgen {command}`" if command else "starting"
    echo_error(internal_error_message("", doing, error), "".join(traceback.format_exception(error)) if debug else "")
    return 1


def echo_error(message: str, trace: str = "") -> None:
    """Print ``message`` as every error is printed (``error: `` on each line), then ``trace`` if any."""
    click.echo(error_lines(message) + trace, err=True, nl=False)


@click.group(cls=_Briefgen, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="briefgen", message="%(prog)s %(version)s")
@click.option("--debug", is_flag=True, help=_DEBUG_HELP)
@click.pass_context
def main(context: click.Context, debug: bool) -> None:
    """Turn YAML specs of articles into print-ready policy-brief PDFs."""
    context.ensure_object(dict).update(debug=debug, command=context.invoked_subcommand or "")


def interrupt(_signal: int, _frame: object) -> None:
    """Stop as Ctrl-C does (a service manager's or a closing terminal's SIGTERM)."""
    raise KeyboardInterrupt


def current_project() -> Project:
    """Return the project of the working folder, found by walking up (``load.project``).

    Raises:
        SpecError: its project file is malformed or has an unknown key or a bad value.

    """
    from briefgen.load.project import find_project

    return find_project()


# The commands, each module adding its own to ``main``.
from briefgen.cli import building, printing, project  # noqa: E402  (after main, which they register with)

__all__ = ["building", "main", "printing", "project"]
