"""The ``briefgen`` command: parse arguments, call the library, report, and set the exit status.

Exit status: 0 when every spec built, 1 when any spec failed (the others
still built), 2 for usage errors. A user's mistake never prints a traceback;
``--debug`` shows one for internal errors.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click

from briefgen import __version__

SPECS_DIR = Path("specs")
OUTPUT_DIR = Path("output")

_SOURCES_HELP = "Spec files or folders of specs (default: every *.yaml under specs/)."
_OUT_HELP = "Folder the PDFs are written to."
_PAGE_SIZE_HELP = "Paper size of the PDFs."


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="briefgen", message="%(prog)s %(version)s")
@click.option("--debug", is_flag=True, help="Show a traceback for internal errors.")
@click.pass_context
def main(context: click.Context, debug: bool) -> None:
    """Turn YAML specs of articles into print-ready policy-brief PDFs."""
    context.obj = {"debug": debug}


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--out-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=OUTPUT_DIR,
    show_default=True,
    help=_OUT_HELP,
)
@click.option("--page-size", type=click.Choice(["a4", "letter"]), default="a4", show_default=True, help=_PAGE_SIZE_HELP)
@click.pass_context
def build(context: click.Context, sources: tuple[Path, ...], out_dir: Path, page_size: str) -> None:
    """Build PDFs from SOURCES (spec files or folders)."""
    from briefgen.batch import build_many

    debug = bool(context.obj and context.obj.get("debug"))
    report = build_many(
        _sources_or_default(sources), out_dir, page_size=page_size, on_outcome=_print_outcome, debug=debug
    )
    click.echo(f"{len(report.built)} built, {len(report.failed)} failed in {report.seconds:.1f}s", err=True)
    sys.exit(0 if report.ok else 1)


@main.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.pass_context
def check(context: click.Context, sources: tuple[Path, ...]) -> None:
    """Validate specs without building them; errors are printed as file:line:col: message."""
    from briefgen.batch import discover, internal_error_message
    from briefgen.errors import SpecError, printable
    from briefgen.spec import load_spec

    failed = 0
    jobs = discover(sources, OUTPUT_DIR)
    for job in jobs:
        try:
            load_spec(job.spec)
        except SpecError as exc:
            failed += 1
            click.echo(str(exc), err=True)
        except Exception as exc:  # a bug must not hide the other specs' results
            failed += 1
            click.echo(internal_error_message(job.spec, "checking", exc), err=True)
            if context.obj and context.obj.get("debug"):
                click.echo(traceback.format_exc(), err=True, nl=False)
        else:
            click.echo(printable(f"ok {job.spec}"))
    sys.exit(1 if failed else 0)


def _sources_or_default(sources: tuple[Path, ...]) -> tuple[Path, ...]:
    if sources:
        return sources
    if not SPECS_DIR.is_dir():
        raise click.UsageError("no specs/ folder here; name the spec files or folders to build")
    return (SPECS_DIR,)


def _print_outcome(outcome: object) -> None:
    from briefgen.batch import SpecOutcome
    from briefgen.errors import printable

    assert isinstance(outcome, SpecOutcome)
    if outcome.status == "built":
        pages = f"{outcome.pages} page{'s' if outcome.pages != 1 else ''}"
        click.echo(printable(f"built {outcome.output} ({pages}, {outcome.seconds:.2f}s)"))
    else:
        click.echo("\n".join(f"error: {printable(line)}" for line in outcome.error.splitlines()), err=True)
        if outcome.traceback:
            click.echo(outcome.traceback, err=True, nl=False)
    for warning in outcome.warnings:
        click.echo(printable(f"warning: {outcome.spec}: {warning}"), err=True)
