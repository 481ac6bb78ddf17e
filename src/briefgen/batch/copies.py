"""Plan numbered and named copies: recipients (or a count) in, one mark and one file per copy out.

Input: a recipients file (``--copies-for``: one name a line, read by
``load.recipients``) or how many copies to number (``--numbered``), and where
the unmarked PDF would go. Output: a ``model.CopyMark`` per copy ("Copy 7 of
20 – J. Smith"), in order, and the file each copy is written to
(``brief.copy-07.pdf``, beside where the unmarked one goes). Each copy is
built with its mark (``compose.BuildOptions.copy_mark``) by ``build_many``
for specs and ``pack.build`` for packs, and printed as its own job of one
copy; the print log tells the copies apart by their bytes. Here, in the
batch stage, because ``build``, ``pack`` and ``print`` all make copies.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from briefgen.errors import UsageError
from briefgen.load.recipients import MAX_RECIPIENTS, load_placed_recipients
from briefgen.model import CopyMark
from briefgen.records import record


@record
class PlannedCopy:
    """One copy to build and print: its mark and its file."""

    mark: CopyMark
    path: Path


def copy_marks(names: Sequence[str] | Sequence[tuple[str, str]] = (), count: int = 0) -> tuple[CopyMark, ...]:
    """Return a mark per name, or ``count`` marks without names when there are no names.

    A name may come with where it was read (``("J. Smith", "names.txt:4:1")``), for messages about it.
    """
    if names:
        placed = [(name, "") if isinstance(name, str) else name for name in names]
        return tuple(CopyMark(number, len(placed), name, place) for number, (name, place) in enumerate(placed, 1))
    if not 1 <= count <= MAX_RECIPIENTS:
        raise ValueError(f"numbered copies: between 1 and {MAX_RECIPIENTS}, not {count}")
    return tuple(CopyMark(number, count) for number in range(1, count + 1))


def marks_for(recipients: Path | None = None, numbered: int | None = None) -> tuple[CopyMark, ...]:
    """Return the copies ``--copies-for FILE`` or ``--numbered N`` ask for: none when neither is given.

    Raises:
        UsageError: both are given.
        SpecError: the recipients file cannot be read or has a bad line (every one is listed).

    """
    if recipients is not None and numbered is not None:
        raise UsageError("--copies-for names each copy, --numbered only counts them: choose one")
    if recipients is not None:
        return copy_marks(load_placed_recipients(recipients))
    if numbered is not None:
        return copy_marks(count=numbered)
    return ()


def copy_path(pdf: Path, mark: CopyMark) -> Path:
    """Return where ``mark``'s copy of ``pdf`` goes: ``brief.copy-07.pdf`` (numbers padded to sort in order)."""
    width = len(str(mark.total))
    return pdf.with_name(f"{pdf.stem}.copy-{mark.number:0{width}d}{pdf.suffix}")


def plan_copies(pdf: Path, marks: Sequence[CopyMark]) -> list[PlannedCopy]:
    """Return every copy of ``pdf`` to build: one per mark, in order."""
    return [PlannedCopy(mark, copy_path(pdf, mark)) for mark in marks]
