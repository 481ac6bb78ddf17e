"""The ``briefgen`` command: parse arguments, call the library, report, and set the exit status.

Each command parses its options, calls one library function (``commands``,
``authoring``) and prints what it returns. Exit status: 0 when every spec
built, 1 when any spec failed (the others still built), 2 for usage errors,
130 on Ctrl-C. Every error, of whatever kind, is printed by ``_report`` in one
shape (``errors.error_lines``): ``error: `` and then, for a problem in a file,
``file:line:col: field: message``. A user's mistake never prints a traceback;
``--debug`` shows one for internal errors.
"""

from __future__ import annotations

import datetime as dt
import signal
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from briefgen.cli_printing import BOOKLET_HELP, N_UP_HELP, impose_pack, pack_imposition, preflight, print_command
from briefgen.commands.sources import OUTPUT_DIR, SPECS_DIR
from briefgen.errors import BriefgenError, SpecError, UsageError, error_lines, internal_error_message, printable
from briefgen.version import __version__

if TYPE_CHECKING:
    from briefgen.commands.check import FileCheck
    from briefgen.pack.build import PackResult

_OUT_HELP = "Folder the PDFs are written to."
_PAGE_SIZE_HELP = "Paper size of the PDFs (default: the theme's)."
_PACK_OUTPUT_HELP = "The pack's PDF file (default: output/ and the pack file's name, or the title's)."
_TITLE_HELP = "The meeting's title (required with spec files)."
_DATE_HELP = "The meeting's date, as YYYY-MM-DD."
_LOCATION_HELP = "Where the meeting is held."
_CLASSIFICATION_HELP = "The pack's marking; the cover shows the higher of this and the briefs'."
_DUPLEX_HELP = "Start every brief on a right-hand page, for double-sided printing (default: on)."
_PDFA_HELP = "Write archival PDF/A-2b files (still tagged); a spec can ask for it with 'pdfa: true'."
_THEME_HELP = "A built-in theme (default, print, modern) or a theme .yaml file; overrides each spec's theme: field."
_PACK_THEME_HELP = "A built-in theme or a theme .yaml file for the cover and every brief (default: each brief's own)."
_WATERMARK_HELP = "Print TEXT across every page and in the footer, instead of DRAFT for draft specs."
_CHECK_FORMAT_HELP = "text: error: file:line:col: field: message lines; json: a list of problems for editors and CI."
_JOBS_HELP = "Worker processes building in parallel (default: one per CPU; 1 builds in this process)."
_FORCE_HELP = "Rebuild every PDF, even those up to date."
_PRUNE_HELP = "Delete PDFs whose spec no longer exists (they are reported either way)."
_FAIL_FAST_HELP = "Start no more specs once one fails (those already building finish)."
_SCHEDULER_HELP = "Build on a Dask cluster, e.g. tcp://HOST:8786 (needs briefgen[dask])."
_ALLOW_OUTSIDE_HELP = "Let specs and themes name files outside their own folder and assets/ (trusted specs only)."
_DEBUG_HELP = "Show a traceback for internal errors."
_NEW_DIR_HELP = "Folder the spec is written to."
_OVERWRITE_HELP = "Overwrite the spec if it exists."
_IMPORT_OUTPUT_HELP = "Spec file to write, or - for standard output (default: specs/ named after ARTICLE)."
_IMPORT_FORMAT_HELP = "How the article is written (auto: Markdown for .md files and Markdown headings)."
_SCHEMA_OUTPUT_HELP = "Write the schema to this file instead of standard output."

_INTERRUPTED_BUILD = "\nInterrupted: the PDFs built so far are kept and recorded as built."
_ABORTED = "Aborted!"
_INTERRUPTED_STATUS = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C
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
            status = _INTERRUPTED_STATUS
        except Exception as error:  # the one top-level handler: whatever went wrong is one clear message
            status = _report(error, debug=settings["debug"], command=settings["command"])
        sys.exit(status or 0)


def _report(error: Exception, *, debug: bool = False, command: str = "") -> int:
    """Print ``error``, of whatever kind, as every error is printed, and return the exit status it calls for.

    A usage error (click's or the library's) is followed by the command's
    usage; a bug in briefgen is one line naming the ``command``, followed by
    its traceback only if ``debug``.
    """
    if isinstance(error, _NO_COMMAND):  # `briefgen` alone: its help, as click shows it
        error.show()
        return int(error.exit_code)
    if isinstance(error, click.ClickException):
        _echo_error(error.format_message())
        if isinstance(error, click.UsageError) and error.ctx is not None:
            context = error.ctx
            hint = f"Try '{context.command_path} {max(context.help_option_names, key=len)}' for help."
            click.echo(f"{context.get_usage()}\n{hint}", err=True)
        return error.exit_code
    if isinstance(error, BriefgenError):
        _echo_error(str(error) or type(error).__name__)
        return 2 if isinstance(error, UsageError) else 1
    doing = f"running `briefgen {command}`" if command else "starting"
    _echo_error(internal_error_message("", doing, error), "".join(traceback.format_exception(error)) if debug else "")
    return 1


def _echo_error(message: str, trace: str = "") -> None:
    click.echo(error_lines(message) + trace, err=True, nl=False)


def _checked_theme(_context: click.Context, _parameter: click.Parameter, name: str | None) -> str | None:
    """Load the theme once up front, so a bad theme is one usage error rather than a failure per spec."""
    if name is None:
        return None
    from briefgen.load.theme_file import load_theme

    try:
        load_theme(name)
    except SpecError as exc:
        raise click.BadParameter(str(exc)) from None
    return name


def _building_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the arguments and options that ``build`` and ``watch`` share (stacked, as click does)."""
    shared = (
        click.argument("sources", nargs=-1, type=click.Path(exists=True, path_type=Path)),
        click.option(
            "-o",
            "--out-dir",
            type=click.Path(file_okay=False, path_type=Path),
            default=OUTPUT_DIR,
            show_default=True,
            help=_OUT_HELP,
        ),
        click.option("--page-size", type=click.Choice(["a4", "letter"]), default=None, help=_PAGE_SIZE_HELP),
        click.option("--theme", metavar="NAME_OR_FILE", default=None, callback=_checked_theme, help=_THEME_HELP),
        click.option("--allow-outside-files", is_flag=True, help=_ALLOW_OUTSIDE_HELP),
    )
    for decorate in reversed(shared):
        command = decorate(command)
    return command


@click.group(cls=_Briefgen, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="briefgen", message="%(prog)s %(version)s")
@click.option("--debug", is_flag=True, help=_DEBUG_HELP)
@click.pass_context
def main(context: click.Context, debug: bool) -> None:
    """Turn YAML specs of articles into print-ready policy-brief PDFs."""
    context.ensure_object(dict).update(debug=debug, command=context.invoked_subcommand or "")


@main.command()
@_building_options
@click.option("--watermark", metavar="TEXT", default=None, help=_WATERMARK_HELP)
@click.option("--pdfa", is_flag=True, help=_PDFA_HELP)
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help=_JOBS_HELP)
@click.option("--force", is_flag=True, help=_FORCE_HELP)
@click.option("--prune", is_flag=True, help=_PRUNE_HELP)
@click.option("--fail-fast", is_flag=True, help=_FAIL_FAST_HELP)
@click.option("--scheduler", metavar="ADDRESS", default=None, help=_SCHEDULER_HELP)
@click.pass_obj
def build(
    settings: dict[str, Any],
    /,
    sources: tuple[Path, ...],
    out_dir: Path,
    page_size: str | None,
    theme: str | None,
    watermark: str | None,
    pdfa: bool,
    allow_outside_files: bool,
    **batch: Any,
) -> int:
    """Build PDFs from SOURCES (spec files or folders), skipping those already up to date."""
    from briefgen.batch.progress import Progress
    from briefgen.commands.build import build_sources
    from briefgen.compose import BuildOptions

    # ``batch`` holds --jobs, --force, --prune, --fail-fast and --scheduler, as build_many takes them.
    options = BuildOptions(page_size, theme, watermark, pdfa, allow_outside_files)
    progress = Progress(sys.stdout, sys.stderr, live=sys.stderr.isatty())
    try:
        report = build_sources(sources, out_dir, options=options, progress=progress, debug=settings["debug"], **batch)
    except KeyboardInterrupt:
        click.echo(_INTERRUPTED_BUILD, err=True)
        return _INTERRUPTED_STATUS
    for result in report.packs:
        _print_pack(result)
    return 0 if report.ok else 1


@main.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help=_CHECK_FORMAT_HELP,
)
@click.option("--allow-outside-files", is_flag=True, help=_ALLOW_OUTSIDE_HELP)
@click.pass_obj
def check(settings: dict[str, Any], /, sources: tuple[Path, ...], output_format: str, allow_outside_files: bool) -> int:
    """Validate specs without building them.

    Every problem of every spec is printed as error: file:line:col: field: message
    (or, with --format json, as a JSON list for editors and CI).
    """
    from briefgen.commands.check import check_sources

    as_json = output_format == "json"
    report = check_sources(
        sources,
        allow_outside_files=allow_outside_files,
        debug=settings["debug"],
        on_checked=lambda checked: _print_check(checked, as_json=as_json),
    )
    if as_json:
        import json

        click.echo(json.dumps(report.json_problems(), indent=2, ensure_ascii=False))
    return 0 if report.ok else 1


def _print_check(checked: FileCheck, *, as_json: bool) -> None:
    if checked.ok:
        if not as_json:
            click.echo(printable(f"ok {checked.source}"))
    elif as_json:  # the problems go in the JSON; only a kept traceback is printed
        click.echo(checked.traceback, err=True, nl=False)
    else:
        _echo_error(checked.message, checked.traceback)


@main.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help=_PACK_OUTPUT_HELP)
@click.option("--title", help=_TITLE_HELP)
@click.option("--date", type=click.DateTime(formats=["%Y-%m-%d"]), help=_DATE_HELP)
@click.option("--location", help=_LOCATION_HELP)
@click.option("--classification", help=_CLASSIFICATION_HELP)
@click.option("--duplex/--no-duplex", default=None, help=_DUPLEX_HELP)
@click.option("--page-size", type=click.Choice(["a4", "letter"]), default=None, help=_PAGE_SIZE_HELP + " [default: a4]")
@click.option("--theme", metavar="NAME_OR_FILE", default=None, callback=_checked_theme, help=_PACK_THEME_HELP)
@click.option("--allow-outside-files", is_flag=True, help=_ALLOW_OUTSIDE_HELP)
@click.option("--booklet", type=click.Choice(["full", "a5"]), is_flag=False, flag_value="full", help=BOOKLET_HELP)
@click.option("--n-up", "n_up", type=click.Choice(["2", "4"]), default=None, help=N_UP_HELP)
def pack(sources: tuple[Path, ...], output: Path | None, date: dt.datetime | None, **details: Any) -> None:
    """Bind briefs into one meeting pack: SOURCES are spec files in agenda order, or one pack file."""
    from briefgen.commands.pack import pack_sources

    imposition = pack_imposition(details.pop("booklet"), details.pop("n_up"))
    result = pack_sources(sources, output, date=date.date() if date else None, **details)
    _print_pack(result)
    if imposition is not None:
        impose_pack(result.output, imposition)


def _print_pack(result: PackResult | BriefgenError) -> None:
    if isinstance(result, BriefgenError):
        _report(result)
        return
    briefs = f"{result.briefs} brief{'s' if result.briefs != 1 else ''}"
    click.echo(f"built {result.output} (pack of {briefs}, {result.pages} pages, {result.seconds:.2f}s)")
    for warning in result.warnings:
        click.echo(f"warning: {result.source or result.output}: {warning}", err=True)


@main.command()
@click.argument("name")
@click.option(
    "-d",
    "--dir",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=SPECS_DIR,
    show_default=True,
    help=_NEW_DIR_HELP,
)
@click.option("--force", is_flag=True, help=_OVERWRITE_HELP)
def new(name: str, folder: Path, force: bool) -> None:
    """Write a new spec to fill in.

    specs/NAME.yaml gets every field of the format, a comment saying what each
    is for, and TODOs that 'briefgen check' reports until they are replaced.
    """
    from briefgen.authoring.spec_files import new_spec

    path = new_spec(name, folder, force=force)
    click.echo(f"wrote {path}: replace its TODOs ('briefgen check {path}' lists them), then 'briefgen build {path}'")


@main.command(name="import")
@click.argument("article", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help=_IMPORT_OUTPUT_HELP)
@click.option(
    "--format",
    "article_format",
    type=click.Choice(["auto", "text", "markdown"]),
    default="auto",
    show_default=True,
    help=_IMPORT_FORMAT_HELP,
)
@click.option("--force", is_flag=True, help=_OVERWRITE_HELP)
def import_article(article: Path, output: Path | None, article_format: str, force: bool) -> None:
    """Turn an article into a draft spec.

    ARTICLE is plain text (as copied from a web page or saved from a word
    processor) or Markdown. What the article cannot say, such as the key
    points, is left as TODOs that 'briefgen check' reports.
    """
    from briefgen.authoring.spec_files import import_spec

    imported = import_spec(article, output, specs_dir=SPECS_DIR, article_format=article_format, force=force)
    if imported.path is None:
        click.echo(imported.text, nl=False)
    elif imported.to_do:
        click.echo(f"wrote {imported.path}; still to do:\n{imported.to_do}")
    else:
        click.echo(f"wrote {imported.path}")


@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help=_SCHEMA_OUTPUT_HELP)
def schema(output: Path | None) -> None:
    """Print the spec format's JSON Schema.

    Editors that complete and check YAML use it; see the README.
    """
    if output is None:
        from briefgen.load.spec import json_schema_text

        click.echo(json_schema_text(), nl=False)
        return
    from briefgen.authoring.spec_files import write_schema

    write_schema(output)
    click.echo(f"wrote {output}", err=True)


@main.command()
@_building_options
def watch(
    sources: tuple[Path, ...], out_dir: Path, page_size: str | None, theme: str | None, allow_outside_files: bool
) -> None:
    """Rebuild briefs as their specs are saved.

    SOURCES (default: specs/) are built, then rebuilt whenever a spec, or a
    file it uses, is saved. A broken spec's problems are printed and its last
    good PDF is kept. Stop with Ctrl-C.
    """
    from briefgen.authoring.watch import watch_and_build
    from briefgen.commands.sources import specs_or_default
    from briefgen.compose import BuildOptions

    sources = specs_or_default(sources)
    # A service manager or a terminal closing stops the watch as Ctrl-C does: cleanly, mid-build or not.
    signal.signal(signal.SIGTERM, _interrupt)
    click.echo(f"watching {', '.join(map(str, sources))} (Ctrl-C to stop)", err=True)
    options = BuildOptions(page_size=page_size, theme=theme, allow_outside_files=allow_outside_files)
    watch_and_build(sources, out_dir, options=options, report=click.echo)
    click.echo("stopped watching", err=True)


def _interrupt(_signal: int, _frame: object) -> None:
    raise KeyboardInterrupt


main.add_command(print_command)
main.add_command(preflight)
