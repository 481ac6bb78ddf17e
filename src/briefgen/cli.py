"""The ``briefgen`` command: parse arguments, call the library, report, and set the exit status.

Exit status: 0 when every spec built, 1 when any spec failed (the others
still built), 2 for usage errors. A user's mistake never prints a traceback;
``--debug`` shows one for internal errors.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from briefgen import __version__

SPECS_DIR = Path("specs")
OUTPUT_DIR = Path("output")

_SOURCES_HELP = "Spec files or folders of specs (default: every *.yaml under specs/)."
_OUT_HELP = "Folder the PDFs are written to."
_PAGE_SIZE_HELP = "Paper size of the PDFs."
_JOBS_HELP = "Worker processes building in parallel (default: one per CPU; 1 builds in this process)."
_FORCE_HELP = "Rebuild every PDF, even those up to date."
_PRUNE_HELP = "Delete PDFs whose spec no longer exists (they are reported either way)."
_FAIL_FAST_HELP = "Stop at the first spec that fails."
_SCHEDULER_HELP = "Build on a Dask cluster, e.g. tcp://HOST:8786 (needs briefgen[dask])."


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
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help=_JOBS_HELP)
@click.option("--force", is_flag=True, help=_FORCE_HELP)
@click.option("--prune", is_flag=True, help=_PRUNE_HELP)
@click.option("--fail-fast", is_flag=True, help=_FAIL_FAST_HELP)
@click.option("--scheduler", metavar="ADDRESS", default=None, help=_SCHEDULER_HELP)
def build(
    sources: tuple[Path, ...],
    out_dir: Path,
    page_size: str,
    jobs: int | None,
    force: bool,
    prune: bool,
    fail_fast: bool,
    scheduler: str | None,
) -> None:
    """Build PDFs from SOURCES (spec files or folders), skipping those already up to date."""
    from briefgen.batch import build_many
    from briefgen.errors import BriefgenError
    from briefgen.progress import Progress

    progress = Progress(sys.stdout, sys.stderr, live=sys.stderr.isatty())
    try:
        report = build_many(
            _sources_or_default(sources),
            out_dir,
            page_size=page_size,
            on_start=progress.start,
            on_outcome=progress.outcome,
            jobs=jobs,
            force=force,
            prune=prune,
            fail_fast=fail_fast,
            scheduler=scheduler,
            keep_outcomes=False,
        )
    except BriefgenError as exc:
        raise click.ClickException(str(exc)) from exc
    except KeyboardInterrupt:
        click.echo("\nInterrupted: the PDFs built so far are kept and recorded as built.", err=True)
        sys.exit(130)
    progress.finish(report)
    sys.exit(0 if report.ok else 1)


@main.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
def check(sources: tuple[Path, ...]) -> None:
    """Validate specs without building them; errors are printed as file:line:col: message."""
    from briefgen.batch import discover
    from briefgen.errors import SpecError
    from briefgen.spec import load_spec

    failed = 0
    jobs = discover(sources, OUTPUT_DIR)
    for job in jobs:
        try:
            load_spec(job.spec)
        except SpecError as exc:
            failed += 1
            click.echo(str(exc), err=True)
        else:
            click.echo(f"ok {job.spec}")
    sys.exit(1 if failed else 0)


def _sources_or_default(sources: tuple[Path, ...]) -> tuple[Path, ...]:
    if sources:
        return sources
    if not SPECS_DIR.is_dir():
        raise click.UsageError("no specs/ folder here; name the spec files or folders to build")
    return (SPECS_DIR,)
