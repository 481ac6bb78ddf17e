"""Bind what ``briefgen pack`` is given: one pack file, or spec files in agenda order, in; the pack's PDF out.

Input: the sources, where the pack goes, and the meeting's details given on
the command line (which take precedence over a pack file's), and the numbered
copies to make, if any. Output: the pack written (``pack.build.build_pack``)
and its ``PackResult``; or each copy written, and theirs.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefgen.commands.sources import OUTPUT_DIR
from briefgen.errors import BriefgenError, UsageError

if TYPE_CHECKING:
    from briefgen.load.pack_file import PackDefaults
    from briefgen.model import CopyMark
    from briefgen.pack.build import PackResult


def pack_sources(
    sources: Sequence[Path],
    output: Path | None,
    *,
    title: str | None = None,
    allow_outside_files: bool = False,
    project_assets: Path | None = None,
    out_dir: Path = OUTPUT_DIR,
    defaults: PackDefaults | None = None,
    **details: Any,
) -> PackResult:
    """Bind the briefs ``sources`` name into one pack, written to ``output`` (default: in ``out_dir``).

    ``sources`` is one pack file, or spec files in agenda order (which then
    need a ``title``). ``project_assets`` is the project's folder of shared
    files, ``defaults`` its theme, paper and language. ``details`` (date,
    location, classification, duplex, page_size, theme) override the pack
    file's where not None.

    Raises:
        UsageError: a pack file comes with spec files, or spec files come without a title.
        SpecError: the pack file is invalid.
        PackError: a spec on the agenda is missing or invalid.
        RenderError: the pack could not be laid out or written.

    """
    (result,) = pack_copies(
        sources,
        output,
        (),
        title=title,
        allow_outside_files=allow_outside_files,
        project_assets=project_assets,
        out_dir=out_dir,
        defaults=defaults,
        **details,
    )
    if isinstance(result, BriefgenError):  # a copy refused: there are no copies here
        raise result
    return result


def pack_copies(
    sources: Sequence[Path],
    output: Path | None,
    copies: Sequence[CopyMark],
    *,
    title: str | None = None,
    allow_outside_files: bool = False,
    project_assets: Path | None = None,
    out_dir: Path = OUTPUT_DIR,
    defaults: PackDefaults | None = None,
    **details: Any,
) -> list[PackResult | BriefgenError]:
    """Bind the pack as ``pack_sources`` does, once per mark in ``copies`` (``pack.copy-07.pdf``), or once if none.

    A copy that cannot be made is returned as its error, in its place; the others are made.

    Raises:
        UsageError, SpecError, PackError, RenderError: as ``pack_sources``.

    """
    from briefgen.load import pack_file
    from briefgen.load.files import file_access
    from briefgen.pack.build import build_pack, build_pack_copies, default_output

    with file_access(allow_outside=allow_outside_files, project_assets=project_assets):
        if len(sources) == 1 and pack_file.is_pack_file(sources[0]):
            meeting = pack_file.with_options(pack_file.load_pack(sources[0]), title=title, **details)
        elif any(pack_file.is_pack_file(source) for source in sources):
            raise UsageError("give one pack file, or spec files; not both")
        elif not title:
            raise UsageError("--title is required when the pack is made from spec files")
        else:
            meeting = pack_file.pack_from_specs(sources, title, **details)
        meeting = (defaults or pack_file.PackDefaults()).applied_to(meeting)
        target = output or default_output(meeting, out_dir)
        if copies:
            return build_pack_copies(meeting, target, copies)
        return [build_pack(meeting, target)]
