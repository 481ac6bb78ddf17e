"""Bind several briefs into one meeting pack: pack file (or spec list) in, one print-ready PDF out.

Input: a pack file (``packs/NAME.yaml``: meeting title, date, location,
classification and the agenda, an ordered list of specs) or the same given on
the command line. Output: one PDF with a cover, a contents page, every brief
in agenda order, padding pages so that each brief starts on a right-hand page
when printed double-sided, a pack footer on every page, one outline and the
pack's metadata. The file is byte-identical when rebuilt from the same inputs
and is written atomically.

How the pack is made, and why: the whole pack is laid out and drawn as one
document (``compose.render_pack``): the cover and contents, then each
brief's story exactly as ``briefgen build`` lays it out alone, each brief's
pages with its own furniture ("Page N of M", banners, watermark) and the
pack footer. One document rather than the briefs' PDFs merged: its one
structure tree keeps every brief's tree whole (merging files would mean
renumbering every brief's marked content, ParentTree and annotations), so
the pack is tagged like a brief; its fonts are embedded once; and the pack's
own pages are drawn by the same furniture and tagging code as the briefs'.
"""

from __future__ import annotations

import difflib
import functools
import re
import time
from collections.abc import Sequence
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen import model
from briefgen.errors import BlockError, BriefgenError, Problem, RenderError, SpecError
from briefgen.load.drawable import check_drawable
from briefgen.load.pack_file import (
    PACK_SUFFIXES,
    PackDefaults,
    load_pack,
)
from briefgen.load.spec import load_parsed_spec
from briefgen.load.theme_file import load_theme
from briefgen.model import Pack
from briefgen.pack.plan import (
    highest_classification,
    marking_rank,
)
from briefgen.records import record

if TYPE_CHECKING:
    from briefgen.style.theme import Theme


class PackError(BriefgenError):
    """An agenda item cannot be built; the message names every failing item and its spec's own error.

    ``problems`` holds the same as located problems, for ``check --format json``:
    each agenda item's, then each of its spec's own.
    """

    def __init__(self, message: str, problems: Sequence[tuple[Path | str, Problem]] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


@record
class PackResult:
    """What building one pack produced."""

    source: Path | None
    output: Path
    pages: int
    briefs: int
    seconds: float
    warnings: tuple[str, ...] = field(default=())


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
            parsed = load_parsed_spec(item.spec, default_lang=pack.default_lang or None)
            # As a brief built alone: a character no font of its theme in the pack has is an error.
            check_drawable(parsed, load_theme(brief_theme(pack, parsed.brief)))
            briefs.append(parsed.brief)
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


def brief_theme(pack: Pack, brief: model.Brief) -> str:
    """Return the theme ``brief`` is printed in within ``pack``: the pack's, its own, the project's, or the default."""
    return pack.theme or brief.theme or pack.default_theme or "default"


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


def build_pack(pack: Pack, output: Path | str) -> PackResult:
    """Build ``pack`` into the PDF file ``output``; nothing is written if any brief fails.

    Raises:
        PackError: an agenda item's spec is missing or invalid.
        RenderError: the pack could not be laid out or written.

    """
    started = time.perf_counter()
    return _Loaded.of(pack).build(Path(output), started=started)


def build_pack_copies(
    pack: Pack, output: Path | str, copies: Sequence[model.CopyMark]
) -> list[PackResult | BriefgenError]:
    """Build one numbered copy of ``pack`` per mark, each beside ``output`` (``pack.copy-07.pdf``).

    The briefs are loaded once; nothing is written if any brief fails. A
    copy that cannot be made (a name too long for its mark) stops no other:
    its error is returned in its place.

    Raises:
        PackError: an agenda item's spec is missing or invalid.
        RenderError: the pack could not be laid out or written.

    """
    from briefgen.batch.copies import plan_copies

    started = time.perf_counter()
    loaded = _Loaded.of(pack)
    results: list[PackResult | BriefgenError] = []
    for planned in plan_copies(Path(output), copies):
        try:
            results.append(loaded.build(planned.path, planned.mark, started=started))
        except BlockError:
            raise  # the pack's own layout: the same for every copy, said once, at its place in the spec
        except RenderError as exc:  # one copy's name too long for its mark: the others are still made
            results.append(exc)
        started = time.perf_counter()
    return results


@record
class _Loaded:
    """A pack with its briefs loaded, their themes chosen and its marking decided: ready to render."""

    pack: Pack
    briefs: list[model.Brief]
    themes: list[Theme]
    theme: Theme
    marking: str

    @classmethod
    def of(cls, pack: Pack) -> _Loaded:
        """Load ``pack``'s briefs and choose their themes.

        Raises:
            PackError: an agenda item's spec is missing or invalid.

        """
        from briefgen.load.theme_file import load_theme

        briefs = load_briefs(pack)
        # The pack's theme, when it has one, gives every brief the same look; the paper is always the pack's.
        theme = load_theme(pack.theme or pack.default_theme or "default").with_page_size(pack.paper)
        themes = [
            theme if pack.theme else load_theme(brief_theme(pack, brief)).with_page_size(pack.paper) for brief in briefs
        ]
        marking = highest_classification([pack.classification, *(b.classification for b in briefs)])
        return cls(pack, briefs, themes, theme, marking)

    def build(self, output: Path, copy_mark: model.CopyMark | None = None, *, started: float) -> PackResult:
        """Render the pack (as the copy ``copy_mark``) into ``output``; ``started`` is when its build began."""
        from briefgen.batch.output import write_atomically
        from briefgen.compose import render_pack

        pack, marking = self.pack, self.marking
        try:
            pdf, brief_warnings = render_pack(pack, self.briefs, self.themes, self.theme, marking, copy_mark)
        except RenderError as exc:
            raise _failing_brief(pack, self.briefs, self.themes) or exc from None
        warnings = [
            f"{item.label} ({item.spec}): {warning}"
            for item, item_warnings in zip(pack.items, brief_warnings, strict=True)
            for warning in item_warnings
        ]
        if pack.classification and marking_rank(marking) > marking_rank(pack.classification):
            warnings.append(
                f"the pack is marked {pack.classification} but a brief in it is {marking}; the cover shows {marking}"
            )
        write_atomically(output, pdf.data)
        seconds = time.perf_counter() - started
        return PackResult(pack.source, output, pdf.pages, len(self.briefs), seconds, tuple(warnings))


def _failing_brief(pack: Pack, briefs: Sequence[model.Brief], themes: Sequence[Theme]) -> PackError | None:
    """Return the failure of the first brief that cannot be rendered alone, located at its agenda item and spec.

    The pack is laid out as one document, so ReportLab cannot say which
    brief it failed in; each is tried alone, as ``briefgen build`` would.
    """
    from briefgen.compose import render_brief
    from briefgen.load.spec import block_problem, read_spec_file

    for index, (item, brief, theme) in enumerate(zip(pack.items, briefs, themes, strict=True)):
        try:
            render_brief(brief, theme)
        except BlockError as exc:
            problem = block_problem(read_spec_file(item.spec), item.spec, exc.block, exc.part, str(exc))
            return _render_failure(pack, index, problem.describe(item.spec), [(item.spec, problem)])
        except RenderError as exc:
            return _render_failure(pack, index, f"{item.spec}: {exc}", [])
    return None


def _render_failure(pack: Pack, index: int, message: str, problems: list[tuple[Path | str, Problem]]) -> PackError:
    """Return one line naming the agenda item and, after it, where in its spec the layout failed."""
    item = pack.items[index]
    where = (item.line, item.column) if item.line else (1, 1)
    located = [
        (pack.source or item.spec, Problem(*where, f"agenda[{index}].spec", f"{item.label}: {message}")),
        *problems,
    ]
    return PackError(_item_failure(pack, index, message), located)


def build_packs(pack_dir: Path | str, out_dir: Path | str) -> list[PackResult | BriefgenError]:
    """Build every pack file in ``pack_dir`` into ``out_dir`` (NAME.yaml to NAME.pdf).

    A pack that fails is returned as its error, in place, and never stops the others.
    """
    return build_pack_files(pack_files(Path(pack_dir)), out_dir)


def pack_files(pack_dir: Path) -> list[Path]:
    """Return the pack files in ``pack_dir``, in name order."""
    return sorted(p for p in pack_dir.iterdir() if p.suffix in PACK_SUFFIXES and not p.name.startswith("."))


def build_pack_files(
    files: Sequence[Path],
    out_dir: Path | str,
    copies: Sequence[model.CopyMark] = (),
    defaults: PackDefaults | None = None,
) -> list[PackResult | BriefgenError]:
    """Build each pack file into ``out_dir`` (NAME.yaml to NAME.pdf); a failure is returned in its place.

    With ``copies``, each pack is built once per mark instead (NAME.copy-07.pdf).
    ``defaults`` are the project's theme, paper and language.
    """
    from briefgen.batch.worker import attempt

    results: list[PackResult | BriefgenError] = []
    for path in files:
        output = Path(out_dir) / path.with_suffix(".pdf").name
        # As in a batch of specs: a pack that fails, even through a bug, stops none of the others.
        build = functools.partial(_build_pack_file, path, output, copies, defaults or PackDefaults())
        built = attempt(path, "building the pack", build)
        if built.value is not None:
            results += built.value
        else:
            results.append(built.error or PackError(built.internal))
    return results


def _build_pack_file(
    path: Path, output: Path, copies: Sequence[model.CopyMark], defaults: PackDefaults
) -> list[PackResult | BriefgenError]:
    pack = defaults.applied_to(load_pack(path))
    if copies:
        return build_pack_copies(pack, output, copies)
    return [build_pack(pack, output)]


def check_pack_file(path: Path, *, theme: str | None = None, lang: str | None = None) -> Pack:
    """Validate a pack file and every spec on its agenda, building nothing (``theme``, ``lang``: the project's).

    Raises:
        SpecError: the pack file is invalid.
        PackError: a spec on the agenda is missing or invalid.

    """
    pack = PackDefaults(theme=theme, lang=lang).applied_to(load_pack(path))
    load_briefs(pack)
    return pack


def default_output(pack: Pack, out_dir: Path) -> Path:
    """Return where a pack goes when no file is named: its pack file's name, else its title as a file name."""
    if pack.source is not None:
        return out_dir / pack.source.with_suffix(".pdf").name
    slug = re.sub(r"[^a-z0-9]+", "-", pack.title.lower()).strip("-") or "pack"
    return out_dir / f"{slug[:80]}.pdf"
