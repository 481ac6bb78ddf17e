"""The printing commands of the CLI: ``briefgen print``, ``briefgen preflight``, and ``pack --booklet/--n-up``.

Input: the command line. Output: what the ``printing`` library did, one line
each, and the exit status: 0 when everything was sent (or passed), 1 when
anything could not be, with one ``error:`` line (printed, as every error is,
by ``cli.report``) that says what to do. Like the other commands these only
parse, call one library function and report.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from briefgen.cli import current_project, main
from briefgen.errors import UsageError, printable
from briefgen.load.recipients import MAX_RECIPIENTS

if TYPE_CHECKING:
    from briefgen.model import CopyMark
    from briefgen.printing.impose import Imposition

PAPER_CHOICES = ["a4", "letter", "a3", "a5", "tabloid", "legal"]

_PRINTER_HELP = "The CUPS printer (queue) to use (default: the theme's printer: setting, else CUPS's default)."
_COPIES_HELP = "How many copies of each file."
_SIDES_HELP = "Print on both sides (default; booklets turn on the short edge) or on one."
_MEDIA_HELP = "The paper to print on (default: each file's own); the printer must have it loaded."
_DRY_RUN_HELP = "Say what would be sent (printer, file, options) and send nothing."
_REPRINT_HELP = "Send files again that the print log says were sent already."
_NO_PREFLIGHT_HELP = "Print even if the preflight finds problems."
_TIMEOUT_HELP = "Seconds to wait for CUPS to take each job."
_OUT_HELP = "Folder the PDFs are built into, and where the print log is kept."
_PAGE_SIZE_HELP = "Paper size of the PDFs built (default: the theme's)."
_THEME_HELP = "A built-in theme (default, print, modern) or a theme .yaml file; overrides each spec's theme: field."
_ALLOW_OUTSIDE_HELP = "Let specs and themes name files outside their own folder and assets/ (trusted specs only)."
_PREFLIGHT_MEDIA_HELP = "The paper the files will be printed on (default: each file's first page's)."
_BLACK_AND_WHITE_HELP = "Report colour: the files are for a black-and-white printer (as the print theme is)."
_PREFLIGHT_FORMAT_HELP = "text: one line a finding; json: a list of findings for CI."
_COPIES_FOR_HELP = (
    "Make one numbered copy per name in FILE (one a line), each marked 'Copy 7 of 20 – J. Smith' on every page."
)
_NUMBERED_HELP = "Make N numbered copies without names ('Copy 7 of 20'); print's --copies makes identical ones."
BOOKLET_HELP = "Impose for saddle stitching: two pages a side on sheets twice their size; a5 halves the pages instead."
N_UP_HELP = "Impose as handouts: 2 or 4 pages on each side of a sheet of the pack's paper."


def copies_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--copies-for FILE`` and ``--numbered N``, the numbered copies ``build``, ``pack`` and ``print`` make."""
    recipients = click.Path(exists=True, dir_okay=False, path_type=Path)
    count = click.IntRange(1, MAX_RECIPIENTS)
    command = click.option("--numbered", type=count, metavar="N", help=_NUMBERED_HELP)(command)
    return click.option("--copies-for", type=recipients, metavar="FILE", help=_COPIES_FOR_HELP)(command)


def numbered_copies(copies_for: Path | None, numbered: int | None) -> tuple[CopyMark, ...]:
    """Return the copies ``--copies-for`` or ``--numbered`` ask for (none for neither), the recipients file read."""
    from briefgen.batch.copies import marks_for

    return marks_for(copies_for, numbered)


@main.command(name="print")
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--printer", metavar="NAME", default=None, help=_PRINTER_HELP)
@click.option("--copies", type=click.IntRange(1, 9999), default=1, show_default=True, help=_COPIES_HELP)
@click.option("--duplex/--simplex", default=True, help=_SIDES_HELP)
@click.option("--media", type=click.Choice(PAPER_CHOICES), default=None, help=_MEDIA_HELP)
@click.option("--dry-run", is_flag=True, help=_DRY_RUN_HELP)
@click.option("--reprint", is_flag=True, help=_REPRINT_HELP)
@click.option("--no-preflight", is_flag=True, help=_NO_PREFLIGHT_HELP)
@click.option("--timeout", type=click.FloatRange(min=0), default=60.0, show_default=True, help=_TIMEOUT_HELP)
@click.option("-o", "--out-dir", type=click.Path(file_okay=False, path_type=Path), default=None, help=_OUT_HELP)
@click.option("--page-size", type=click.Choice(["a4", "letter"]), default=None, help=_PAGE_SIZE_HELP)
@click.option("--theme", "theme_name", metavar="NAME_OR_FILE", default=None, help=_THEME_HELP)
@click.option("--allow-outside-files/--no-allow-outside-files", default=None, help=_ALLOW_OUTSIDE_HELP)
@copies_options
def print_command(
    sources: tuple[Path, ...],
    printer: str | None,
    copies: int,
    duplex: bool,
    media: str | None,
    dry_run: bool,
    reprint: bool,
    no_preflight: bool,
    timeout: float,
    out_dir: Path | None,
    page_size: str | None,
    theme_name: str | None,
    allow_outside_files: bool | None,
    copies_for: Path | None,
    numbered: int | None,
) -> None:
    """Print SOURCES through CUPS: specs, pack files or PDFs, built first where out of date.

    Each file is checked first (see 'briefgen preflight') and sent as one job;
    the print log in the output folder remembers it, so a run interrupted and
    started again sends only what it had not sent. With --copies-for or
    --numbered each spec and pack is built and sent once per copy, copy by copy.
    """
    from briefgen.commands.project import build_options
    from briefgen.printing.media import paper
    from briefgen.printing.run import print_sources
    from briefgen.printing.send import PrintRequest, Reporter

    marks = numbered_copies(copies_for, numbered)
    chosen = paper(media) if media else None
    request = PrintRequest(printer, copies, duplex, chosen, dry_run, reprint, check=not no_preflight, timeout=timeout)
    project = current_project().with_overrides(page_size=page_size, allow_outside_files=allow_outside_files)
    options = build_options(project, theme=theme_name)
    progress = _ProgressLine()
    reporter = Reporter(job=lambda sent: progress.done(_sent_line(sent)), progress=progress.show)
    try:
        print_sources(
            sources,
            out_dir or project.output_dir,
            request,
            options,
            reporter=reporter,
            on_outcome=_print_built,
            copies=marks,
        )
    finally:
        progress.done("")
    for warning in reporter.warnings:
        click.echo(printable(f"warning: {warning}"), err=True)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--media", type=click.Choice(PAPER_CHOICES), default=None, help=_PREFLIGHT_MEDIA_HELP)
@click.option("--black-and-white", is_flag=True, help=_BLACK_AND_WHITE_HELP)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help=_PREFLIGHT_FORMAT_HELP,
)
def preflight(files: tuple[Path, ...], media: str | None, black_and_white: bool, output_format: str) -> None:
    """Check PDF FILES for what goes wrong on paper.

    Fonts not embedded, images below 150 dpi, anything within 5 mm of the
    sheet's edge, pages not the paper's size, colour where black and white is
    meant, less than 2 mm of gutter on imposed sheets: each finding is one
    line with its page numbers. Exit status 1 if any check fails.
    """
    from briefgen.printing.media import paper
    from briefgen.printing.preflight import preflight_files

    reports = preflight_files(files, media=paper(media) if media else None, black_and_white=black_and_white)
    if output_format == "json":
        import json

        click.echo(json.dumps([found for r in reports for found in r.json_problems()], indent=2, ensure_ascii=False))
    else:
        for report in reports:
            if report.ok:
                click.echo(printable(f"ok {report.source} ({report.pages} page{'s' if report.pages != 1 else ''})"))
            for line in report.lines():
                click.echo(printable(line), err=True)
    sys.exit(0 if all(report.ok for report in reports) else 1)


def pack_imposition(booklet: str | None, n_up: str | None) -> Imposition | None:
    """Return the imposition ``pack --booklet/--n-up`` asks for, or None; checked before the pack is built."""
    if booklet and n_up:
        raise UsageError("--booklet and --n-up impose differently; choose one")
    if not booklet and not n_up:
        return None
    from briefgen.printing import impose

    return impose.booklet(booklet) if booklet else impose.n_up(int(n_up or 2))


def impose_pack(path: Path, imposition: Imposition) -> None:
    """Impose the pack just built at ``path``, in place, and say how to print it."""
    from briefgen.printing.impose import impose_file

    sides = impose_file(path, path, imposition)
    turn = "short" if imposition.kind == "booklet" or imposition.per_side == 2 else "long"
    click.echo(
        printable(f"imposed {path} as a {imposition.describe()}: {sides} sheet sides; print both sides, {turn} edge")
    )


def _print_built(outcome: object) -> None:
    from briefgen.batch.report import SpecOutcome

    assert isinstance(outcome, SpecOutcome)
    if outcome.status == "built":
        click.echo(printable(f"built {outcome.output} ({outcome.pages} page{'s' if outcome.pages != 1 else ''})"))


def _sent_line(sent: object) -> str:
    from briefgen.printing.print_log import options_text
    from briefgen.printing.send import SentJob

    assert isinstance(sent, SentJob)
    job = sent.job
    if sent.status == "dry run":
        return f"would send {job.describe()}"
    if sent.status == "already sent":
        return f"already sent {job.printable.path} to {job.printer} as job {sent.request_id} (--reprint sends it again)"
    return f"sent {job.printable.path} to {job.printer} as job {sent.request_id} ({options_text(job.options)})"


class _ProgressLine:
    """A line on standard error, rewritten while waiting (on a terminal); finished lines go to standard output."""

    def __init__(self) -> None:
        self.live = sys.stderr.isatty()
        self.shown = False

    def show(self, text: str) -> None:
        if self.live:
            click.echo(f"\r\x1b[K{printable(text)}", err=True, nl=False)
        elif not self.shown:
            click.echo(printable(text), err=True)  # once per job in a log: the wait shows without flooding it
        self.shown = True

    def done(self, text: str) -> None:
        if self.live and self.shown:
            click.echo("\r\x1b[K", err=True, nl=False)
        self.shown = False
        if text:
            click.echo(printable(text))
