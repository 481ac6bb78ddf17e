"""``briefgen build``, ``check``, ``pack`` and ``watch``: options parsed, the project's settings applied, one call each.

Every option that the project file can set defaults to None here, so that
"not given" falls back to the project's setting (``Project.with_overrides``).
"""

from __future__ import annotations

import datetime as dt
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from briefgen.cli import INTERRUPTED_BUILD, INTERRUPTED_STATUS, current_project, echo_error, interrupt, main, report
from briefgen.cli.printing import BOOKLET_HELP, N_UP_HELP, copies_options, impose_pack, numbered_copies, pack_imposition
from briefgen.errors import BriefgenError, SpecError, UsageError, printable

if TYPE_CHECKING:
    from briefgen.commands.build import FileBuild
    from briefgen.commands.check import FileCheck
    from briefgen.load.project import Project
    from briefgen.pack.build import PackResult

_OUT_HELP = (
    "Where the PDFs go: a folder (default: the project's output_dir, else output/), "
    "a FILE.pdf for one spec, or - for standard output."
)
_PAGE_SIZE_HELP = "Paper size of the PDFs (default: the project's page_size, else the theme's)."
_PACK_OUTPUT_HELP = "The pack's PDF file (default: the output folder and the pack file's name, or the title's)."
_TITLE_HELP = "The meeting's title (required with spec files)."
_DATE_HELP = "The meeting's date, as YYYY-MM-DD."
_LOCATION_HELP = "Where the meeting is held."
_CLASSIFICATION_HELP = "The pack's marking; the cover shows the higher of this and the briefs'."
_DUPLEX_HELP = "Start every brief on a right-hand page, for double-sided printing (default: on)."
_PDFA_HELP = "Write archival PDF/A-2b files (still tagged); a spec can ask for it with 'pdfa: true'."
_THEME_HELP = "A built-in theme (default, print, modern) or a theme .yaml file; overrides each spec's theme: field."
_PACK_PDFA_HELP = "Write the pack as an archival PDF/A-2b file (still tagged); a pack file can say 'pdfa: true'."
_PACK_THEME_HELP = "A built-in theme or a theme .yaml file for the cover and every brief (default: each brief's own)."
_WATERMARK_HELP = "Print TEXT across every page and in the footer, instead of DRAFT for draft specs."
_CHECK_FORMAT_HELP = "text: error: file:line:col: field: message lines; json: a list of problems for editors and CI."
_JOBS_HELP = "Worker processes building in parallel (default: one per CPU; 1 builds in this process)."
_FORCE_HELP = "Rebuild every PDF, even those up to date."
_PRUNE_HELP = "Delete PDFs whose spec no longer exists (they are reported either way)."
_FAIL_FAST_HELP = "Start no more specs once one fails (those already building finish)."
_SCHEDULER_HELP = "Build on a Dask cluster, e.g. tcp://HOST:8786 (needs briefgen[dask])."
_ALLOW_OUTSIDE_HELP = "Let specs and themes name files outside their own folder and assets/ (trusted specs only)."
_QUIET_HELP = "Print only failures and the summary (failures in the order of their specs' paths)."
_VERBOSE_HELP = "Print every spec's line with its time, and why each PDF was built."
_CHECK_QUIET_HELP = "Print only the problems, not a line for each spec that is fine."
_OPEN_HELP = "Open each PDF in the system's viewer once, when it is first built (xdg-open, open or start)."


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
        click.option("-o", "--out-dir", "output", type=click.Path(path_type=Path), default=None, help=_OUT_HELP),
        click.option("--page-size", type=click.Choice(["a4", "letter"]), default=None, help=_PAGE_SIZE_HELP),
        click.option("--theme", metavar="NAME_OR_FILE", default=None, callback=_checked_theme, help=_THEME_HELP),
        _allow_outside_option,
    )
    for decorate in reversed(shared):
        command = decorate(command)
    return command


_allow_outside_option = click.option(
    "--allow-outside-files/--no-allow-outside-files", default=None, help=_ALLOW_OUTSIDE_HELP
)


def _project(**given: Any) -> Project:
    return current_project().with_overrides(**given)


@main.command()
@_building_options
@click.option("--watermark", metavar="TEXT", default=None, help=_WATERMARK_HELP)
@click.option("--pdfa", is_flag=True, help=_PDFA_HELP)
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help=_JOBS_HELP)
@click.option("--force", is_flag=True, help=_FORCE_HELP)
@click.option("--prune", is_flag=True, help=_PRUNE_HELP)
@click.option("--fail-fast", is_flag=True, help=_FAIL_FAST_HELP)
@click.option("--scheduler", metavar="ADDRESS", default=None, help=_SCHEDULER_HELP)
@click.option("-q", "--quiet", "verbosity", flag_value=-1, help=_QUIET_HELP)
@click.option("-v", "--verbose", "verbosity", flag_value=1, help=_VERBOSE_HELP)
@copies_options
@click.pass_obj
def build(
    settings: dict[str, Any],
    /,
    sources: tuple[Path, ...],
    output: Path | None,
    page_size: str | None,
    theme: str | None,
    watermark: str | None,
    pdfa: bool,
    allow_outside_files: bool | None,
    verbosity: int | None,
    copies_for: Path | None,
    numbered: int | None,
    **batch: Any,
) -> int:
    """Build PDFs from SOURCES (spec files or folders), skipping those already up to date.

    With no SOURCES, the project's specs and packs are built. -o FILE.pdf (or
    -o - for standard output) builds one spec into that file, always. With
    --copies-for or --numbered, each spec and pack is built once per copy
    instead, beside where its PDF goes (brief.copy-07.pdf).
    """
    from briefgen.batch.progress import Progress
    from briefgen.commands.build import build_file, build_sources, names_one_file
    from briefgen.commands.project import build_options

    project = _project(page_size=page_size, allow_outside_files=allow_outside_files)
    options = build_options(project, theme=theme, watermark=watermark, pdfa=pdfa)
    marks = numbered_copies(copies_for, numbered)
    if output is not None and names_one_file(output):
        if marks:
            raise UsageError(f"numbered copies are a file each, not one -o {output}: give -o FOLDER")
        if batch["jobs"] or batch["prune"] or batch["scheduler"]:
            raise UsageError(f"-o {output} builds one spec here: --jobs, --prune and --scheduler are for folders")
        return _print_file(build_file(sources, output, options=options, debug=settings["debug"]), verbosity or 0)
    progress = Progress(sys.stdout, sys.stderr, live=sys.stderr.isatty(), verbosity=verbosity or 0)
    try:
        result = build_sources(
            sources,
            output or project.output_dir,
            options=options,
            progress=progress,
            debug=settings["debug"],
            specs_dir=project.specs_dir,
            packs_dir=project.packs_dir,
            copies=marks,
            **batch,
        )
    except KeyboardInterrupt:
        click.echo(INTERRUPTED_BUILD, err=True)
        return INTERRUPTED_STATUS
    for pack_result in result.packs:
        _print_pack(pack_result, quiet=verbosity == -1)
    return 0 if result.ok else 1


def _print_file(result: FileBuild | PackResult, verbosity: int) -> int:
    from briefgen.commands.build import STANDARD_OUTPUT, FileBuild

    if not isinstance(result, FileBuild):
        _print_pack(result)
        return 0
    outcome = result.outcome
    to_stream = outcome.output == STANDARD_OUTPUT
    if outcome.status == "failed":
        echo_error(outcome.error, outcome.traceback)
        return 1
    if to_stream:
        sys.stdout.buffer.write(result.pdf)
        sys.stdout.buffer.flush()
    if verbosity >= 0:
        pages = f"{outcome.pages} page{'s' if outcome.pages != 1 else ''}"
        where = "standard output" if to_stream else str(outcome.output)
        # The PDF itself may be on standard output: what was done goes to standard error then.
        click.echo(printable(f"built {where} ({pages}, {outcome.seconds:.2f}s)"), err=to_stream)
    for warning in outcome.warnings:
        click.echo(printable(f"warning: {outcome.spec}: {warning}"), err=True)
    return 0


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help=_CHECK_FORMAT_HELP,
)
@_allow_outside_option
@click.option("-q", "--quiet", is_flag=True, help=_CHECK_QUIET_HELP)
@click.pass_obj
def check(
    settings: dict[str, Any],
    /,
    sources: tuple[Path, ...],
    output_format: str,
    allow_outside_files: bool | None,
    quiet: bool,
) -> int:
    """Validate specs without building them (default: the project's specs).

    Every problem of every spec is printed as error: file:line:col: field: message
    (or, with --format json, as a JSON list for editors and CI).
    """
    from briefgen.commands.check import check_sources
    from briefgen.commands.sources import specs_or_default

    project = _project(allow_outside_files=allow_outside_files)
    as_json = output_format == "json"
    result = check_sources(
        specs_or_default(sources, project.specs_dir),
        allow_outside_files=project.allow_outside_files,
        project_assets=project.assets_dir,
        debug=settings["debug"],
        on_checked=lambda checked: _print_check(checked, as_json=as_json, quiet=quiet),
        default_theme=project.theme,
        lang=project.lang,
    )
    if as_json:
        import json

        click.echo(json.dumps(result.json_problems(), indent=2, ensure_ascii=False))
    return 0 if result.ok else 1


def _print_check(checked: FileCheck, *, as_json: bool, quiet: bool) -> None:
    if checked.ok:
        if not as_json and not quiet:
            click.echo(printable(f"ok {checked.source}"))
    elif as_json:  # the problems go in the JSON; only a kept traceback is printed
        click.echo(checked.traceback, err=True, nl=False)
    else:
        echo_error(checked.message, checked.traceback)


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
@click.option("--pdfa", is_flag=True, default=None, help=_PACK_PDFA_HELP)
@_allow_outside_option
@click.option("--booklet", type=click.Choice(["full", "a5"]), is_flag=False, flag_value="full", help=BOOKLET_HELP)
@click.option("--n-up", "n_up", type=click.Choice(["2", "4"]), default=None, help=N_UP_HELP)
@copies_options
def pack(
    sources: tuple[Path, ...],
    output: Path | None,
    date: dt.datetime | None,
    allow_outside_files: bool | None,
    booklet: str | None,
    n_up: str | None,
    copies_for: Path | None,
    numbered: int | None,
    **details: Any,
) -> int:
    """Bind briefs into one meeting pack: SOURCES are spec files in agenda order, or one pack file.

    With --copies-for or --numbered, the pack is made once per copy, beside
    where it goes (pack.copy-07.pdf), each brief in it marked.
    """
    from briefgen.commands.pack import pack_copies

    imposition = pack_imposition(booklet, n_up)
    marks = numbered_copies(copies_for, numbered)
    from briefgen.load.pack_file import PackDefaults

    project = _project(allow_outside_files=allow_outside_files)
    results = pack_copies(
        sources,
        output,
        marks,
        date=date.date() if date else None,
        allow_outside_files=project.allow_outside_files,
        project_assets=project.assets_dir,
        out_dir=project.output_dir,
        defaults=PackDefaults(theme=project.theme, page_size=project.page_size, lang=project.lang),
        **details,
    )
    for result in results:
        _print_pack(result)
        if imposition is not None and not isinstance(result, BriefgenError):
            impose_pack(result.output, imposition)
    return 1 if any(isinstance(result, BriefgenError) for result in results) else 0


def _print_pack(result: PackResult | BriefgenError, *, quiet: bool = False) -> None:
    if isinstance(result, BriefgenError):
        report(result)
        return
    if quiet:
        return
    briefs = f"{result.briefs} brief{'s' if result.briefs != 1 else ''}"
    click.echo(printable(f"built {result.output} (pack of {briefs}, {result.pages} pages, {result.seconds:.2f}s)"))
    for warning in result.warnings:
        click.echo(printable(f"warning: {result.source or result.output}: {warning}"), err=True)


@main.command()
@_building_options
@click.option("--open", "open_pdfs", is_flag=True, help=_OPEN_HELP)
def watch(
    sources: tuple[Path, ...],
    output: Path | None,
    page_size: str | None,
    theme: str | None,
    allow_outside_files: bool | None,
    open_pdfs: bool,
) -> None:
    """Rebuild briefs as their specs are saved.

    SOURCES (default: the project's specs) are built, then rebuilt whenever a
    spec, or a file it uses, is saved. A broken spec's problems are printed and
    its last good PDF is kept. Stop with Ctrl-C.
    """
    from briefgen.authoring.viewer import open_each_once
    from briefgen.authoring.watch import watch_and_build
    from briefgen.commands.build import names_one_file
    from briefgen.commands.project import build_options
    from briefgen.commands.sources import specs_or_default

    project = _project(page_size=page_size, allow_outside_files=allow_outside_files)
    if output is not None and names_one_file(output):
        raise UsageError(f"watch writes into a folder, not to {output}; give -o FOLDER")
    sources = specs_or_default(sources, project.specs_dir)
    # A service manager or a terminal closing stops the watch as Ctrl-C does: cleanly, mid-build or not.
    signal.signal(signal.SIGTERM, interrupt)
    click.echo(printable(f"watching {', '.join(map(str, sources))} (Ctrl-C to stop)"), err=True)
    on_built = open_each_once(lambda line: click.echo(printable(line), err=True)) if open_pdfs else None
    options = build_options(project, theme=theme)
    watch_and_build(sources, output or project.output_dir, options=options, report=click.echo, on_built=on_built)
    click.echo("stopped watching", err=True)
