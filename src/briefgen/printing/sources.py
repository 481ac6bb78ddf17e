"""Get what ``print`` names ready to print: specs, pack files and PDFs in, up-to-date ``Printable`` PDFs out.

Input: spec files and folders, pack files (or a ``packs/`` folder), PDF
files, the output folder, the build options and the numbered copies to make,
if any. Output: a ``Printable`` per PDF, in the order named (copy by copy,
for numbered copies), with its title (the job's name), its paper, and what
its theme says about printing (the queue, black and white). Specs are
built as ``briefgen build`` builds them, only where out of date; packs are
rebuilt (byte for byte the same when nothing changed, so the print log still
knows them). A spec or pack that fails stops the run before anything prints.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from briefgen.batch.report import BatchReport, SpecOutcome
from briefgen.compose import BuildOptions
from briefgen.errors import BriefgenError, SpecError
from briefgen.printing.cups import PrintError
from briefgen.printing.impose import imposed_sheet
from briefgen.printing.media import Paper, paper_of_size
from briefgen.records import record
from briefgen.style.theme import Theme

if TYPE_CHECKING:
    from briefgen.model import CopyMark

BLACK_AND_WHITE_THEME = "print"  # the built-in theme for black-and-white office printers


@record
class Printable:
    """A finished PDF to print, and what the print job needs to know about it."""

    path: Path
    title: str
    paper: Paper | None  # None: a page size with no name
    landscape_sheets: bool  # imposed on landscape sheets (a booklet, 2-up): duplex turns on the short edge
    printer: str = ""  # the theme's printer: setting
    black_and_white: bool = False  # the theme is meant for black-and-white printers


def printable(path: Path, theme: Theme | None = None) -> Printable:
    """Describe the PDF file ``path`` for printing; ``theme`` is the one it was built with, if known.

    Raises:
        PrintError: the file cannot be read or is not a PDF.

    """
    try:
        reader = PdfReader(io.BytesIO(path.read_bytes()))
        first = reader.pages[0]
        title = str(reader.metadata.title or "") if reader.metadata else ""
    except OSError as exc:
        raise PrintError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (PdfReadError, ValueError, KeyError, IndexError) as exc:
        raise PrintError(f"{path}: not a PDF that can be printed ({exc})") from None
    box = first.cropbox
    width, height = float(box.width), float(box.height)
    if first.get("/Rotate", 0) in (90, 270):
        width, height = height, width
    return Printable(
        path=path,
        title=" ".join(title.split())[:255] or path.stem,
        paper=paper_of_size(width, height),
        landscape_sheets=imposed_sheet(first) is not None and width > height,
        printer=theme.printer if theme else "",
        black_and_white=bool(theme and theme.name == BLACK_AND_WHITE_THEME),
    )


def prepare(
    sources: Sequence[Path],
    out_dir: Path,
    options: BuildOptions | None = None,
    *,
    jobs: int | None = None,
    on_outcome: Callable[[SpecOutcome], None] | None = None,
    copies: Sequence[CopyMark] = (),
) -> list[Printable]:
    """Build what is out of date among ``sources`` into ``out_dir``; return every PDF to print, in order.

    With ``copies``, each spec and pack is built once per mark, as that
    numbered copy, and the copies come copy by copy: the first recipient's
    files in the order named, then the second's, so that each recipient's
    papers leave the printer together.

    Raises:
        PrintError: a spec or pack failed to build, a PDF cannot be read, or
            a finished PDF is named with ``copies`` (its pages cannot be marked).

    """
    options = options or BuildOptions()
    named: list[tuple[str, Path]] = []
    for source in sources:
        named += [(kind, path) for kind, path in _classify(source)]
    finished = [path for kind, path in named if kind == "pdf"]
    if copies and finished:
        raise PrintError(
            f"{finished[0]} is a finished PDF, and numbered copies are marked as they are built: "
            "name its spec or pack instead"
        )
    specs = [path for kind, path in named if kind == "spec"]
    built = _build_specs(specs, out_dir, options, jobs, on_outcome, copies) if specs else {}
    numbered: list[tuple[int, Printable]] = []  # each PDF with its copy's number (0: not a numbered copy)
    for kind, path in named:
        if kind == "pdf":
            numbered.append((0, printable(path, _theme(options.theme))))
        elif kind == "pack":
            numbered += _build_pack(path, out_dir, options, copies)
        else:
            for number, output, theme_name in built[path]:
                numbered.append((number, printable(output, _theme(options.theme or theme_name))))
    # A stable sort: copy by copy, and within each copy the files in the order named.
    ordered = sorted(numbered, key=lambda pair: pair[0])
    return [_titled(found, copies[number - 1]) if number else found for number, found in ordered]


def _titled(found: Printable, mark: CopyMark) -> Printable:
    # The queue lists each copy's job by its mark too: twenty jobs of one title cannot be told apart there.
    return replace(found, title=f"{found.title} ({mark.text})"[:255])


def _classify(source: Path) -> list[tuple[str, Path]]:
    from briefgen.load.pack_file import is_pack_file
    from briefgen.pack.build import pack_files

    if source.is_dir():
        if source.name == "packs":
            return [("pack", path) for path in pack_files(source)]
        return [("spec", source)]
    if source.suffix.lower() == ".pdf":
        return [("pdf", source)]
    if source.suffix.lower() in (".yaml", ".yml") and is_pack_file(source):
        return [("pack", source)]
    return [("spec", source)]


def _build_specs(
    specs: Sequence[Path],
    out_dir: Path,
    options: BuildOptions,
    jobs: int | None,
    on_outcome: Callable[[SpecOutcome], None] | None,
    copies: Sequence[CopyMark],
) -> dict[Path, list[tuple[int, Path, str]]]:
    """Build the specs (only those out of date); return each source's PDFs with their copy numbers and themes."""
    from briefgen.batch.build import build_many
    from briefgen.batch.copies import copy_path
    from briefgen.batch.discover import discover

    try:
        report = build_many(
            specs, out_dir, options=options, jobs=jobs, on_outcome=on_outcome, keep_outcomes=False, copies=copies
        )
    except BriefgenError as exc:
        raise PrintError(str(exc)) from None
    _stop_on_failures(report)
    found: dict[Path, list[tuple[int, Path, str]]] = {}
    for source in specs:
        found[source] = []
        for job in discover([source], out_dir):
            theme = _spec_theme(job.spec)
            if not copies:
                found[source].append((0, job.output, theme))
            found[source] += [(mark.number, copy_path(job.output, mark), theme) for mark in copies]
    return found


def _stop_on_failures(report: BatchReport) -> None:
    if not report.failed:
        return
    lines = [f"could not build {outcome.spec}: {outcome.summary}" for outcome in report.failed]
    lines.append("nothing was sent to the printer; fix the specs, then print again")
    raise PrintError("\n".join(lines))


def _spec_theme(spec: Path) -> str:
    from briefgen.load.spec import load_spec

    try:
        return load_spec(spec).theme or "default"
    except SpecError:
        return "default"  # it built a moment ago; a spec changed since is rebuilt next time


def _build_pack(
    path: Path, out_dir: Path, options: BuildOptions, copies: Sequence[CopyMark]
) -> list[tuple[int, Printable]]:
    """Build the pack file ``path`` (once per copy, with ``copies``); return each PDF with its copy's number."""
    from briefgen.load.files import outside_files_allowed
    from briefgen.load.pack_file import load_pack
    from briefgen.pack.build import build_pack, build_pack_copies

    output = out_dir / path.with_suffix(".pdf").name
    defaults = options.pack_defaults()
    try:
        pack = defaults.applied_to(load_pack(path))
        with outside_files_allowed(options.allow_outside_files):
            results = build_pack_copies(pack, output, copies) if copies else [build_pack(pack, output)]
        refused = [str(result) for result in results if isinstance(result, BriefgenError)]
        if refused:
            raise BriefgenError("\n".join(refused))
    except BriefgenError as exc:
        raise PrintError(f"could not build the pack {path}:\n{exc}\nnothing was sent to the printer") from None
    theme = _theme(options.theme or pack.theme or pack.default_theme or "default")
    numbers = [mark.number for mark in copies] or [0]
    built = [result for result in results if not isinstance(result, BriefgenError)]
    return [(number, printable(result.output, theme)) for number, result in zip(numbers, built, strict=True)]


def _theme(name: str | None) -> Theme | None:
    if not name:
        return None
    from briefgen.load.theme_file import load_theme

    try:
        return load_theme(name)
    except SpecError:
        return None  # the build has reported it already
