"""Bind several briefs into one meeting pack: pack file (or spec list) in, one print-ready PDF out.

Input: a pack file (``packs/NAME.yaml``: meeting title, date, location,
classification and the agenda, an ordered list of specs) or the same given on
the command line. Output: one PDF with a cover, a contents page, every brief
in agenda order, padding pages so that each brief starts on a right-hand page
when printed double-sided, a pack footer on every page, one outline and the
pack's metadata. The file is byte-identical when rebuilt from the same inputs
and is written atomically.

How the pack is made, and why: each brief is rendered exactly as
``briefgen build`` renders it alone (``pipeline.render_brief``), and the pack
is assembled from those PDFs with pypdf; the pack's own pages (cover,
contents, blank pages) and the pack footer of every page come from one more
ReportLab document, whose pages are laid over the brief pages
(``pack_render``). Laying the whole pack out as one ReportLab document would
embed each font once instead of once per brief, but it would need a second
copy of render.py's page furniture (the brief's "Page N of M", running title
and classification banners) that would drift from the real one. Merging keeps
every brief's pages identical to the brief printed alone, so its own footer,
links and bookmarks stay right by construction; the cost is one font subset
per brief (measured in the README).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import os
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen import model
from briefgen.errors import BriefgenError, Problem, SpecError
from briefgen.paths import MAX_SPEC_BYTES, NotRegularFileError, read_bounded
from briefgen.schema import Checker, Choice, Date, Field, Flag, ListOf, Record, Text
from briefgen.spec import load_spec, read_yaml
from briefgen.spec_blocks import SPEC_FOLDER, ThemeName

PACK_SUFFIXES = (".yaml", ".yml")
DEFAULT_LABEL = "Item {number}"
_NOT_A_FILE = "is not a regular file (a folder, pipe or device?); name a pack file"


@dataclass(frozen=True)
class AgendaItem:
    """One brief on the agenda: its spec file, its label, and where the pack file names it."""

    spec: Path
    label: str
    line: int = 0
    column: int = 0


@dataclass(frozen=True)
class Pack:
    """A meeting pack as validated data: the meeting, and the briefs on its agenda in order."""

    title: str
    items: tuple[AgendaItem, ...]
    date: dt.date | None = None
    location: str = ""
    organization: str = ""
    classification: str = ""
    duplex: bool = True
    page_size: str = "a4"
    theme: str = ""  # a built-in theme or a theme file for the whole pack; "" keeps each brief's own
    source: Path | None = None  # the pack file, when there is one


class PackError(BriefgenError):
    """An agenda item cannot be built; the message names every failing item and its spec's own error.

    ``problems`` holds the same as located problems, for ``check --format json``:
    each agenda item's, then each of its spec's own.
    """

    def __init__(self, message: str, problems: Sequence[tuple[Path | str, Problem]] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


@dataclass(frozen=True)
class PackResult:
    """What building one pack produced."""

    source: Path | None
    output: Path
    pages: int
    briefs: int
    seconds: float
    warnings: tuple[str, ...] = field(default=())


AGENDA_ITEM = Record(
    "Agenda item",
    (
        Field(
            "spec",
            Text(max_length=1000),
            "The brief's spec file, relative to the pack file.",
            required=True,
            example="../specs/russia-north-korea-treaty.yaml",
        ),
        Field("label", Text(max_length=60), "The agenda label printed before the brief's title.", example="Item 2"),
    ),
)

PACK = Record(
    "briefgen meeting pack, version 1",
    (
        Field("title", Text(max_length=300), "The meeting's title.", required=True, example="Security Council"),
        Field("date", Date(), "The meeting's date, as YYYY-MM-DD.", example="2024-12-03"),
        Field("location", Text(max_length=300), "Where the meeting is held.", example="Conference Room 4"),
        Field("organization", Text(max_length=300), "Who prepares the pack; printed above the title."),
        Field(
            "classification",
            Text(max_length=100),
            "The pack's marking; the cover shows the higher of this and the briefs' own.",
            example="OFFICIAL",
        ),
        Field("duplex", Flag(), "Pad so that every brief starts on a right-hand page (default true)."),
        Field("page_size", Choice(("a4", "letter")), "Paper size of the pack (default a4).", example="a4"),
        Field(
            "theme",
            ThemeName(),
            "The look of the whole pack: a built-in theme (default, print, modern) or a theme .yaml file "
            "beside the pack file; without it each brief keeps its own theme and the cover uses the default.",
            example="print",
        ),
        Field(
            "agenda",
            ListOf(AGENDA_ITEM, min_items=1, max_items=200),
            "The briefs of the meeting, in order (at least one).",
            required=True,
        ),
    ),
)


def load_pack(path: Path | str) -> Pack:
    """Read and validate the pack file at ``path``; spec paths are resolved against its folder.

    Raises:
        SpecError: the file cannot be read or is not a valid pack file.

    """
    path = Path(path)
    try:
        # Bounded like a spec: a FIFO in packs/ would block the build, /dev/zero fill memory.
        data = read_bounded(path, MAX_SPEC_BYTES)
    except NotRegularFileError as exc:
        raise SpecError(path, [Problem(1, 1, "", _NOT_A_FILE)]) from exc
    except OSError as exc:
        raise SpecError(path, [Problem(1, 1, "", f"cannot read the file: {exc.strerror or exc}")]) from exc
    root = read_yaml(data, path)
    checker = Checker()
    folder = SPEC_FOLDER.set(path.parent)  # a theme file is named relative to the pack file
    try:
        values = PACK.check(root, "", checker)
    finally:
        SPEC_FOLDER.reset(folder)
    if checker.problems:
        raise SpecError(path, sorted(checker.problems, key=lambda p: (p.line, p.column)))
    items = []
    for number, (item, node) in enumerate(zip(values.pop("agenda"), root.value["agenda"].value, strict=True), 1):
        spec_node = node.value["spec"]
        items.append(
            AgendaItem(
                Path(os.path.normpath(path.parent / item["spec"])),
                item.get("label", DEFAULT_LABEL.format(number=number)),
                spec_node.line,
                spec_node.column,
            )
        )
    return Pack(items=tuple(items), source=path, **values)


def pack_from_specs(specs: Sequence[Path], title: str, **options: Any) -> Pack:
    """Return a pack of ``specs`` in the order given, labelled Item 1, Item 2, ..."""
    items = tuple(AgendaItem(Path(spec), DEFAULT_LABEL.format(number=n)) for n, spec in enumerate(specs, 1))
    return Pack(title=title, items=items, **{k: v for k, v in options.items() if v is not None})


def with_options(pack: Pack, **options: Any) -> Pack:
    """Return ``pack`` with the options given on the command line (those not None) taking precedence."""
    return dataclasses.replace(pack, **{k: v for k, v in options.items() if v is not None})


def is_pack_file(path: Path) -> bool:
    """Return whether ``path`` holds a pack file rather than a spec: an ``agenda`` key, or a packs/ folder.

    Raises:
        SpecError: ``path`` is a folder, pipe or device, neither a spec nor a pack file (reading it would hang).

    """
    if path.parent.name == "packs":
        return True
    if path.exists() and not path.is_file():
        raise SpecError(path, [Problem(1, 1, "", _NOT_A_FILE)])
    try:
        root = read_yaml(read_bounded(path, MAX_SPEC_BYTES), path)
    except (OSError, SpecError):
        return False
    return root.kind == "mapping" and "agenda" in root.value


def load_briefs(pack: Pack) -> list[model.Brief]:
    """Load every spec on the agenda.

    Raises:
        PackError: a spec is missing or invalid; every such item is named, with the spec's own error.

    """
    briefs: list[model.Brief] = []
    failures: list[str] = []
    problems: list[tuple[Path | str, Problem]] = []
    for index, item in enumerate(pack.items):
        try:
            briefs.append(load_spec(item.spec))
        except SpecError as exc:
            message = _spec_problem(item.spec, exc)
            failures.append(_item_failure(pack, index, message))
            where = (item.line, item.column) if item.line else (1, 1)
            first_line = f"{item.label}: {message.splitlines()[0]}"
            problems.append((pack.source or item.spec, Problem(*where, f"agenda[{index}].spec", first_line)))
            if item.spec.exists():
                problems += [(exc.source, problem) for problem in exc.problems]
    if failures:
        raise PackError("\n".join(failures), problems)
    return briefs


def _spec_problem(spec: Path, error: SpecError) -> str:
    if not spec.exists():
        return f"there is no spec file {spec}{_similar_file(spec)}"
    return f"the spec {spec} has errors:\n{error}"


def _similar_file(spec: Path) -> str:
    folder = spec.parent
    if not folder.is_dir():
        return f" (the folder {folder} does not exist)"
    # Compare names without their suffix: a shared ".yaml" makes any two names look alike.
    stems = {p.stem: p.name for p in sorted(folder.iterdir()) if p.suffix in PACK_SUFFIXES}
    close = difflib.get_close_matches(spec.stem, list(stems), n=1, cutoff=0.6)
    return f" (did you mean '{folder / stems[close[0]]}'?)" if close else ""


def _item_failure(pack: Pack, index: int, message: str) -> str:
    # The spec's own errors follow on their own lines, each already a located one-liner.
    first, *spec_errors = message.split("\n")
    item = pack.items[index]
    if pack.source is not None and item.line:
        problem = Problem(item.line, item.column, f"agenda[{index}].spec", f"{item.label}: {first}")
        return "\n".join([problem.describe(pack.source), *spec_errors])
    return "\n".join([f"{item.label} ({item.spec}): {first}", *spec_errors])


# Classification markings from least to most restrictive (UK, US and NATO schemes). A marking
# that is not listed cannot be ranked; it is treated as the most restrictive, to err on the safe side.
_MARKING_RANKS = (
    ("PUBLIC", 0),
    ("UNCLASSIFIED", 0),
    ("OFFICIAL-SENSITIVE", 2),
    ("OFFICIAL", 1),
    ("RESTRICTED", 3),
    ("CONFIDENTIAL", 4),
    ("TOP SECRET", 6),
    ("SECRET", 5),
)
_UNRANKED = 99


def marking_rank(marking: str) -> int:
    """Return how restrictive a classification marking is; unknown markings rank highest."""
    words = " ".join(re.split(r"[\s_]+", marking.upper().strip()))
    if not words:
        return -1
    for name, rank in _MARKING_RANKS:
        if re.search(rf"(^|[^A-Z-]){re.escape(name)}($|[^A-Z-])", words):
            return rank
    return _UNRANKED


def highest_classification(markings: Iterable[str]) -> str:
    """Return the most restrictive of ``markings`` (first given wins a tie), or "" if there are none."""
    best, best_rank = "", -1
    for marking in markings:
        rank = marking_rank(marking)
        if rank > best_rank:
            best, best_rank = marking.strip(), rank
    return best


@dataclass(frozen=True)
class PackPage:
    """One page of the pack: what is on it ("cover", "contents", "blank" or "brief") and which one."""

    kind: str
    index: int = 0  # the brief's index for "brief", the contents page's for "contents"
    page: int = 0  # the page of the brief (0-based) for "brief"


def plan_pages(contents_pages: int, brief_pages: Sequence[int], *, duplex: bool) -> list[PackPage]:
    """Return the pack's pages in order: cover, contents, then each brief, padded for duplex printing.

    The contents sit on the back of the cover. With ``duplex`` every brief starts
    on an odd (right-hand) page and the pack has an even number of pages, so the
    next copy off a duplex printer never starts on the back of this one.
    """
    pages = [PackPage("cover")] + [PackPage("contents", n) for n in range(contents_pages)]

    def pad() -> None:
        if duplex and len(pages) % 2:
            pages.append(PackPage("blank"))

    pad()
    for index, count in enumerate(brief_pages):
        pages += [PackPage("brief", index, page) for page in range(count)]
        pad()
    return pages


def brief_starts(plan: Sequence[PackPage]) -> list[int]:
    """Return the 1-based pack page each brief starts on."""
    starts: dict[int, int] = {}
    for number, page in enumerate(plan, 1):
        if page.kind == "brief":
            starts.setdefault(page.index, number)
    return [starts[index] for index in sorted(starts)]


def build_pack(pack: Pack, output: Path | str) -> PackResult:
    """Build ``pack`` into the PDF file ``output``; nothing is written if any brief fails.

    Raises:
        PackError: an agenda item's spec is missing or invalid.
        RenderError: the pack could not be laid out or written.

    """
    from briefgen.output import write_atomically
    from briefgen.pack_render import render_pack
    from briefgen.pipeline import render_brief
    from briefgen.themes import load_theme

    started = time.perf_counter()
    output = Path(output)
    briefs = load_briefs(pack)
    # The pack's theme, when it has one, gives every brief the same look; the paper is always the pack's.
    theme = load_theme(pack.theme or "default").with_page_size(pack.page_size)
    warnings: list[str] = []
    pdfs: list[bytes] = []
    for item, brief in zip(pack.items, briefs, strict=True):
        brief_theme = theme if pack.theme or not brief.theme else load_theme(brief.theme)
        rendered, brief_warnings = render_brief(brief, brief_theme.with_page_size(pack.page_size))
        pdfs.append(rendered.data)
        warnings += [f"{item.label} ({item.spec}): {warning}" for warning in brief_warnings]
    marking = highest_classification([pack.classification, *(b.classification for b in briefs)])
    if pack.classification and marking_rank(marking) > marking_rank(pack.classification):
        warnings.append(
            f"the pack is marked {pack.classification} but a brief in it is {marking}; the cover shows {marking}"
        )
    data, pages = render_pack(pack, briefs, pdfs, theme, marking)
    write_atomically(output, data)
    return PackResult(pack.source, output, pages, len(briefs), time.perf_counter() - started, tuple(warnings))


def build_packs(pack_dir: Path | str, out_dir: Path | str) -> list[PackResult | BriefgenError]:
    """Build every pack file in ``pack_dir`` into ``out_dir`` (NAME.yaml to NAME.pdf).

    A pack that fails is returned as its error, in place, and never stops the others.
    """
    return build_pack_files(pack_files(Path(pack_dir)), out_dir)


def pack_files(pack_dir: Path) -> list[Path]:
    """Return the pack files in ``pack_dir``, in name order."""
    return sorted(p for p in pack_dir.iterdir() if p.suffix in PACK_SUFFIXES and not p.name.startswith("."))


def build_pack_files(files: Sequence[Path], out_dir: Path | str) -> list[PackResult | BriefgenError]:
    """Build each pack file into ``out_dir`` (NAME.yaml to NAME.pdf); a failure is returned in its place."""
    results: list[PackResult | BriefgenError] = []
    for path in files:
        try:
            results.append(build_pack(load_pack(path), Path(out_dir) / path.with_suffix(".pdf").name))
        except BriefgenError as exc:
            results.append(exc)
    return results


def check_pack_file(path: Path) -> Pack:
    """Validate a pack file and every spec on its agenda, building nothing.

    Raises:
        SpecError: the pack file is invalid.
        PackError: a spec on the agenda is missing or invalid.

    """
    pack = load_pack(path)
    load_briefs(pack)
    return pack


def default_output(pack: Pack, out_dir: Path) -> Path:
    """Return where a pack goes when no file is named: its pack file's name, else its title as a file name."""
    if pack.source is not None:
        return out_dir / pack.source.with_suffix(".pdf").name
    slug = re.sub(r"[^a-z0-9]+", "-", pack.title.lower()).strip("-") or "pack"
    return out_dir / f"{slug[:80]}.pdf"
