"""Plan numbered and named copies: recipients (or a count) and a PDF's path in, one mark and file per copy out.

Input: the recipients' names (``load.recipients``) or how many copies to
number, and where the unmarked PDF goes. Output: a ``model.CopyMark`` per
copy ("Copy 7 of 20 – J. Smith") and the file each copy is written to
(``brief.copy-07.pdf``, beside the unmarked one), in order. Each copy is then
built with its mark in the footer of every page and printed as its own job
of one copy; the print log tells the copies apart by their bytes.

TODO: issue 19, item 3: the mark is not drawn yet. It needs the footer
(pdf/furniture.py, and the pack's in pack/) to print ``CopyMark.text`` on
every page as tagged text (and the theme's optional diagonal watermark of the
name), ``compose.BuildOptions`` to carry the mark, and ``--copies-for FILE``
on ``build``, ``pack`` and ``print``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from briefgen.load.recipients import MAX_RECIPIENTS
from briefgen.model import CopyMark


@dataclass(frozen=True)
class PlannedCopy:
    """One copy to build and print: its mark and its file."""

    mark: CopyMark
    path: Path


def copy_marks(names: Sequence[str] = (), count: int = 0) -> tuple[CopyMark, ...]:
    """Return a mark per name, or ``count`` marks without names when there are no names."""
    if names:
        return tuple(CopyMark(number, len(names), name) for number, name in enumerate(names, 1))
    if not 1 <= count <= MAX_RECIPIENTS:
        raise ValueError(f"numbered copies: between 1 and {MAX_RECIPIENTS}, not {count}")
    return tuple(CopyMark(number, count) for number in range(1, count + 1))


def copy_path(pdf: Path, mark: CopyMark) -> Path:
    """Return where ``mark``'s copy of ``pdf`` goes: ``brief.copy-07.pdf`` (numbers padded to sort in order)."""
    width = len(str(mark.total))
    return pdf.with_name(f"{pdf.stem}.copy-{mark.number:0{width}d}{pdf.suffix}")


def plan_copies(pdf: Path, names: Sequence[str] = (), count: int = 0) -> list[PlannedCopy]:
    """Return every copy of ``pdf`` to build: one per name, or ``count`` numbered ones."""
    return [PlannedCopy(mark, copy_path(pdf, mark)) for mark in copy_marks(names, count)]
