"""The ``briefgen`` command: parse arguments, call the library, report, and set the exit status.

Exit status: 0 when every spec built, 1 when any spec failed (the others
still built), 2 for usage errors. A user's mistake never prints a traceback;
``--debug`` shows one for internal errors.
"""

from __future__ import annotations

import datetime as dt
import signal
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

import click

from briefgen.cli_printing import BOOKLET_HELP, N_UP_HELP, impose_pack, pack_imposition, preflight, print_command
from briefgen.version import __version__

SPECS_DIR = Path("specs")
PACKS_DIR = Path("packs")
OUTPUT_DIR = Path("output")

_SOURCES_HELP = "Spec files or folders of specs (default: every *.yaml under specs/)."
_OUT_HELP = "Folder the PDFs are written to."
_PAGE_SIZE_HELP = "Paper size of the PDFs (default: the theme's)."
_PACK_OUTPUT_HELP = "The pack's PDF file (default: output/ and the pack file's name, or the title's)."
_DUPLEX_HELP = "Start every brief on a right-hand page, for double-sided printing (default: on)."
_PDFA_HELP = "Write archival PDF/A-2b files (still tagged); a spec can ask for it with 'pdfa: true'."
_THEME_HELP = "A built-in theme (default, print, modern) or a theme .yaml file; overrides each spec's theme: field."
_PACK_THEME_HELP = "A built-in theme or a theme .yaml file for the cover and every brief (default: each brief's own)."
_WATERMARK_HELP = "Print TEXT across every page and in the footer, instead of DRAFT for draft specs."
_CHECK_FORMAT_HELP = "text: file:line:col: field: message lines; json: a list of problems for editors and CI."
_JOBS_HELP = "Worker processes building in parallel (default: one per CPU; 1 builds in this process)."
_FORCE_HELP = "Rebuild every PDF, even those up to date."
_PRUNE_HELP = "Delete PDFs whose spec no longer exists (they are reported either way)."
_FAIL_FAST_HELP = "Start no more specs once one fails (those already building finish)."
_SCHEDULER_HELP = "Build on a Dask cluster, e.g. tcp://HOST:8786 (needs briefgen[dask])."
_ALLOW_OUTSIDE_HELP = "Let specs and themes name files outside their own folder and assets/ (trusted specs only)."


def _building_options(command: Callable[..., None]) -> Callable[..., None]:
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
        click.option("--theme", "theme_name", metavar="NAME_OR_FILE", default=None, help=_THEME_HELP),
        click.option("--allow-outside-files", is_flag=True, help=_ALLOW_OUTSIDE_HELP),
    )
    for decorate in reversed(shared):
        command = decorate(command)
    return command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="briefgen", message="%(prog)s %(version)s")
@click.option("--debug", is_flag=True, help="Show a traceback for internal errors.")
@click.pass_context
def main(context: click.Context, debug: bool) -> None:
    """Turn YAML specs of articles into print-ready policy-brief PDFs."""
    context.obj = {"debug": debug}


@main.command()
@_building_options
@click.option("--watermark", metavar="TEXT", default=None, help=_WATERMARK_HELP)
@click.option("--pdfa", is_flag=True, help=_PDFA_HELP)
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help=_JOBS_HELP)
@click.option("--force", is_flag=True, help=_FORCE_HELP)
@click.option("--prune", is_flag=True, help=_PRUNE_HELP)
@click.option("--fail-fast", is_flag=True, help=_FAIL_FAST_HELP)
@click.option("--scheduler", metavar="ADDRESS", default=None, help=_SCHEDULER_HELP)
@click.pass_context
def build(
    context: click.Context,
    sources: tuple[Path, ...],
    out_dir: Path,
    page_size: str | None,
    theme_name: str | None,
    watermark: str | None,
    pdfa: bool,
    jobs: int | None,
    force: bool,
    prune: bool,
    fail_fast: bool,
    scheduler: str | None,
    allow_outside_files: bool,
) -> None:
    """Build PDFs from SOURCES (spec files or folders), skipping those already up to date."""
    from briefgen.batch.build import build_many
    from briefgen.batch.progress import Progress
    from briefgen.compose import BuildOptions
    from briefgen.errors import BriefgenError

    options = BuildOptions(page_size, _checked_theme(theme_name), watermark, pdfa, allow_outside_files)
    pack_files, spec_sources = _split_packs(sources)
    if sources and not spec_sources:
        sys.exit(0 if _build_packs(pack_files, out_dir) else 1)
    progress = Progress(sys.stdout, sys.stderr, live=sys.stderr.isatty())
    try:
        report = build_many(
            _sources_or_default(tuple(spec_sources)),
            out_dir,
            options=options,
            on_start=progress.start,
            on_outcome=progress.outcome,
            jobs=jobs,
            force=force,
            prune=prune,
            fail_fast=fail_fast,
            scheduler=scheduler,
            keep_outcomes=False,
            debug=bool(context.obj and context.obj.get("debug")),
        )
    except BriefgenError as exc:
        raise click.ClickException(str(exc)) from exc
    except KeyboardInterrupt:
        click.echo("\nInterrupted: the PDFs built so far are kept and recorded as built.", err=True)
        sys.exit(130)
    progress.finish(report)
    if not sources and PACKS_DIR.is_dir():
        from briefgen.pack.build import pack_files as files_in

        pack_files = files_in(PACKS_DIR)
    packs_ok = _build_packs(pack_files, out_dir)
    sys.exit(0 if report.ok and packs_ok else 1)


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
@click.pass_context
def check(context: click.Context, sources: tuple[Path, ...], output_format: str, allow_outside_files: bool) -> None:
    """Validate specs without building them.

    Every problem of every spec is printed as file:line:col: field: message
    (or, with --format json, as a JSON list for editors and CI).
    """
    from briefgen.batch.discover import discover
    from briefgen.batch.worker import internal_error_message
    from briefgen.errors import SpecError, printable
    from briefgen.load.files import outside_files_allowed
    from briefgen.load.spec import load_spec

    failed = 0
    found: list[dict[str, object]] = []
    pack_files, spec_sources = _split_packs(sources)
    for path in pack_files:
        if not _check_pack(path, output_format, found, allow_outside_files):
            failed += 1
    jobs = discover(spec_sources, OUTPUT_DIR)
    for job in jobs:
        try:
            with outside_files_allowed(allow_outside_files):
                brief = load_spec(job.spec)
                if brief.theme:
                    # A theme file the spec names is checked too: its errors would otherwise wait for build.
                    from briefgen.load.theme_file import load_theme

                    load_theme(brief.theme)
        except SpecError as exc:
            failed += 1
            if output_format == "json":
                found += [_problem_json(exc.source, problem) for problem in exc.problems]
            else:
                click.echo(str(exc), err=True)
        except Exception as exc:  # a bug must not hide the other specs' results
            failed += 1
            click.echo(internal_error_message(job.spec, "checking", exc), err=True)
            if context.obj and context.obj.get("debug"):
                click.echo(traceback.format_exc(), err=True, nl=False)
        else:
            if output_format == "text":
                click.echo(printable(f"ok {job.spec}"))
    if output_format == "json":
        import json

        click.echo(json.dumps(found, indent=2, ensure_ascii=False))
    sys.exit(1 if failed else 0)


@main.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help=_PACK_OUTPUT_HELP)
@click.option("--title", help="The meeting's title (required with spec files).")
@click.option("--date", type=click.DateTime(formats=["%Y-%m-%d"]), help="The meeting's date, as YYYY-MM-DD.")
@click.option("--location", help="Where the meeting is held.")
@click.option("--classification", help="The pack's marking; the cover shows the higher of this and the briefs'.")
@click.option("--duplex/--no-duplex", default=None, help=_DUPLEX_HELP)
@click.option("--page-size", type=click.Choice(["a4", "letter"]), default=None, help=_PAGE_SIZE_HELP + " [default: a4]")
@click.option("--theme", "theme_name", metavar="NAME_OR_FILE", default=None, help=_PACK_THEME_HELP)
@click.option("--allow-outside-files", is_flag=True, help=_ALLOW_OUTSIDE_HELP)
@click.option("--booklet", type=click.Choice(["full", "a5"]), is_flag=False, flag_value="full", help=BOOKLET_HELP)
@click.option("--n-up", "n_up", type=click.Choice(["2", "4"]), default=None, help=N_UP_HELP)
def pack(
    sources: tuple[Path, ...],
    output: Path | None,
    title: str | None,
    date: dt.datetime | None,
    location: str | None,
    classification: str | None,
    duplex: bool | None,
    page_size: str | None,
    theme_name: str | None,
    allow_outside_files: bool,
    booklet: str | None,
    n_up: str | None,
) -> None:
    """Bind briefs into one meeting pack: SOURCES are spec files in agenda order, or one pack file."""
    from briefgen.errors import BriefgenError
    from briefgen.load import pack_file
    from briefgen.load.files import outside_files_allowed
    from briefgen.pack import build as pack_build

    imposition = pack_imposition(booklet, n_up)
    options = {
        "date": date.date() if date else None,
        "location": location,
        "classification": classification,
        "duplex": duplex,
        "page_size": page_size,
        "theme": _checked_theme(theme_name),
    }
    try:
        if len(sources) == 1 and pack_file.is_pack_file(sources[0]):
            meeting = pack_file.with_options(pack_file.load_pack(sources[0]), title=title, **options)
        elif any(pack_file.is_pack_file(source) for source in sources):
            raise click.UsageError("give one pack file, or spec files; not both")
        elif not title:
            raise click.UsageError("--title is required when the pack is made from spec files")
        else:
            meeting = pack_file.pack_from_specs(sources, title, **options)
        with outside_files_allowed(allow_outside_files):
            result = pack_build.build_pack(meeting, output or pack_build.default_output(meeting, OUTPUT_DIR))
    except BriefgenError as exc:
        click.echo(f"error: {exc}".replace("\n", "\nerror: "), err=True)
        sys.exit(1)
    _print_pack(result)
    if imposition is not None:
        impose_pack(result.output, imposition)


def _split_packs(sources: tuple[Path, ...]) -> tuple[list[Path], list[Path]]:
    """Return the pack files among ``sources`` (a file with an agenda, or a packs/ folder's files), and the rest."""
    packs: list[Path] = []
    specs: list[Path] = []
    for source in sources:
        if source.is_dir() and source.name == PACKS_DIR.name:
            from briefgen.pack.build import pack_files

            packs += pack_files(source)
        elif source.is_file() and source.suffix in (".yaml", ".yml") and _is_pack_file(source):
            packs.append(source)
        else:
            specs.append(source)
    return packs, specs


def _is_pack_file(path: Path) -> bool:
    # Nearly every file given is a spec: only one that mentions an agenda is worth parsing as a pack
    # (which also spares a single build importing the pack module).
    if path.parent.name != PACKS_DIR.name:
        from briefgen.load.files import MAX_SPEC_BYTES, read_bounded

        try:
            if b"agenda" not in read_bounded(path, MAX_SPEC_BYTES):
                return False
        except OSError:  # a pipe or device too: the spec reader reports it
            return False
    from briefgen.load.pack_file import is_pack_file

    return is_pack_file(path)


def _build_packs(files: list[Path], out_dir: Path) -> bool:
    """Build the pack files, printing each result; return whether all built."""
    if not files:
        return True
    from briefgen.pack.build import PackResult, build_pack_files

    results = build_pack_files(files, out_dir)
    for result in results:
        if isinstance(result, PackResult):
            _print_pack(result)
        else:
            click.echo(f"error: {result}".replace("\n", "\nerror: "), err=True)
    return all(isinstance(result, PackResult) for result in results)


def _print_pack(result: object) -> None:
    from briefgen.pack.build import PackResult

    assert isinstance(result, PackResult)
    briefs = f"{result.briefs} brief{'s' if result.briefs != 1 else ''}"
    click.echo(f"built {result.output} (pack of {briefs}, {result.pages} pages, {result.seconds:.2f}s)")
    for warning in result.warnings:
        click.echo(f"warning: {result.source or result.output}: {warning}", err=True)


def _checked_theme(name: str | None) -> str | None:
    """Load the theme once up front, so a bad theme is one usage error rather than a failure per spec."""
    if name is None:
        return None
    from briefgen.errors import SpecError
    from briefgen.load.theme_file import load_theme

    try:
        load_theme(name)
    except SpecError as exc:
        raise click.BadParameter(str(exc), param_hint="--theme") from None
    return name


def _check_pack(path: Path, output_format: str, found: list[dict[str, object]], allow_outside_files: bool) -> bool:
    """Check a pack file and the specs on its agenda; report as ``check`` does; return whether all is well."""
    from briefgen.errors import SpecError, printable
    from briefgen.load.files import outside_files_allowed
    from briefgen.pack.build import PackError, check_pack_file

    try:
        with outside_files_allowed(allow_outside_files):
            check_pack_file(path)
    except SpecError as exc:
        located = [(exc.source, problem) for problem in exc.problems]
        message = str(exc)
    except PackError as exc:  # a spec on the agenda: the message names the item, then the spec's own errors
        located = list(exc.problems)
        message = str(exc)
    else:
        if output_format == "text":
            click.echo(printable(f"ok {path}"))
        return True
    if output_format == "json":
        found += [_problem_json(source, problem) for source, problem in located]
    else:
        click.echo(message, err=True)
    return False


def _problem_json(source: object, problem: object) -> dict[str, object]:
    from briefgen.errors import Problem

    assert isinstance(problem, Problem)
    return {
        "file": str(source),
        "line": problem.line,
        "column": problem.column,
        "path": problem.field,
        "message": problem.message,
        "severity": "error",
    }


@main.command()
@click.argument("name")
@click.option(
    "-d",
    "--dir",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=SPECS_DIR,
    show_default=True,
    help="Folder the spec is written to.",
)
@click.option("--force", is_flag=True, help="Overwrite the spec if it exists.")
def new(name: str, folder: Path, force: bool) -> None:
    """Write a new spec to fill in.

    specs/NAME.yaml gets every field of the format, a comment saying what each
    is for, and TODOs that 'briefgen check' reports until they are replaced.
    """
    from briefgen.authoring.scaffold import scaffold_text

    path = folder / _spec_file_name(name)
    _write_new(path, scaffold_text(path.stem, spec_path=path), force=force, instead="choose another name")
    click.echo(f"wrote {path}: replace its TODOs ('briefgen check {path}' lists them), then 'briefgen build {path}'")


@main.command(name="import")
@click.argument("article", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Spec file to write, or - for standard output (default: specs/ named after ARTICLE).",
)
@click.option(
    "--format",
    "article_format",
    type=click.Choice(["auto", "text", "markdown"]),
    default="auto",
    show_default=True,
    help="How the article is written (auto: Markdown for .md files and Markdown headings).",
)
@click.option("--force", is_flag=True, help="Overwrite the spec if it exists.")
def import_article(article: Path, output: Path | None, article_format: str, force: bool) -> None:
    """Turn an article into a draft spec.

    ARTICLE is plain text (as copied from a web page or saved from a word
    processor) or Markdown. What the article cannot say, such as the key
    points, is left as TODOs that 'briefgen check' reports.
    """
    from briefgen.authoring.importer import import_file
    from briefgen.errors import SpecError
    from briefgen.load.spec import parse_spec

    target = output or SPECS_DIR / _spec_file_name(_slug(article.stem))
    try:
        text = import_file(article, article_format=article_format, spec_path=None if str(target) == "-" else target)
    except OSError as exc:
        raise click.ClickException(f"{article}: cannot read: {exc.strerror or exc}") from exc
    if str(target) == "-":
        click.echo(text, nl=False)
        return
    _write_new(target, text, force=force, instead="use -o to name another file")
    try:
        parse_spec(text.encode("utf-8"), target)
    except SpecError as exc:
        click.echo(f"wrote {target}; still to do:")
        click.echo(str(exc))
    else:
        click.echo(f"wrote {target}")


@main.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the schema to this file instead of standard output.",
)
def schema(output: Path | None) -> None:
    """Print the spec format's JSON Schema.

    Editors that complete and check YAML use it; see the README.
    """
    from briefgen.load.spec import json_schema_text

    text = json_schema_text()
    if output is None:
        click.echo(text, nl=False)
        return
    from briefgen.batch.output import write_atomically
    from briefgen.errors import BriefgenError

    try:
        write_atomically(output, text.encode("utf-8"))
    except BriefgenError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"wrote {output}", err=True)


@main.command()
@_building_options
def watch(
    sources: tuple[Path, ...], out_dir: Path, page_size: str | None, theme_name: str | None, allow_outside_files: bool
) -> None:
    """Rebuild briefs as their specs are saved.

    SOURCES (default: specs/) are built, then rebuilt whenever a spec, or a
    file it uses, is saved. A broken spec's problems are printed and its last
    good PDF is kept. Stop with Ctrl-C.
    """
    from briefgen.authoring.watch import watch_and_build
    from briefgen.compose import BuildOptions

    sources = _sources_or_default(sources)
    # A service manager or a terminal closing stops the watch as Ctrl-C does: cleanly, mid-build or not.
    signal.signal(signal.SIGTERM, _interrupt)
    click.echo(f"watching {', '.join(map(str, sources))} (Ctrl-C to stop)", err=True)
    theme = _checked_theme(theme_name)
    options = BuildOptions(page_size=page_size, theme=theme, allow_outside_files=allow_outside_files)
    watch_and_build(sources, out_dir, options=options, report=click.echo)
    click.echo("stopped watching", err=True)


def _interrupt(_signal: int, _frame: object) -> None:
    raise KeyboardInterrupt


def _write_new(path: Path, text: str, *, force: bool, instead: str) -> None:
    """Write a new spec, refusing to replace one unless ``force``; ``instead`` says what else to do."""
    from briefgen.authoring.scaffold import write_new_file

    try:
        write_new_file(path, text, force=force)
    except FileExistsError:
        raise click.ClickException(f"{path} already exists; {instead}, or use --force to replace it") from None
    except OSError as exc:
        raise click.ClickException(f"{path}: cannot write: {exc.strerror or exc}") from exc


def _slug(name: str) -> str:
    """Return a file name as a spec name: "Treaty Article (final)" becomes "treaty-article-final"."""
    import re

    return re.sub(r"[^\w]+", "-", name.lower()).strip("-") or "article"


def _spec_file_name(name: str) -> str:
    """Return ``name`` as a spec file name, refusing folders and hidden names."""
    stem = name.removesuffix(".yaml").removesuffix(".yml")
    if not stem or "/" in stem or "\\" in stem or stem.startswith("."):
        raise click.BadParameter(f"{name!r} is not a plain file name such as 'my-brief'", param_hint="NAME")
    return f"{stem}.yaml"


def _sources_or_default(sources: tuple[Path, ...]) -> tuple[Path, ...]:
    if sources:
        return sources
    if not SPECS_DIR.is_dir():
        raise click.UsageError("no specs/ folder here; name the spec files or folders to build")
    return (SPECS_DIR,)


main.add_command(print_command)
main.add_command(preflight)
