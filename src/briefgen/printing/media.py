"""Paper sizes by name: a page size in points in, the paper's name (and CUPS's names for it) out.

Input: a width and height in PDF points, or a name a user types (a4, letter,
a3, a5, tabloid). Output: a ``Paper`` with its size, the name CUPS accepts
in a job's ``media`` option, and the PWG name printers report in
``media-supported`` and ``media-ready``.
"""

from __future__ import annotations

from briefgen.records import record

MM = 72.0 / 25.4
# Two page sizes within this are the same paper: PDF writers round millimetres differently.
SIZE_TOLERANCE = 1.5 * MM


@record
class Paper:
    """One paper size, portrait, with the names CUPS and IPP printers use for it."""

    name: str  # what a user types: a4
    cups_name: str  # a job's media option: A4
    pwg_name: str  # media-supported / media-ready: iso_a4_210x297mm
    width: float  # points, the short side
    height: float  # points, the long side

    def fits(self, width: float, height: float) -> bool:
        """Return whether a page of ``width`` by ``height`` points is this paper, either way round."""
        short, long = sorted((width, height))
        return abs(short - self.width) <= SIZE_TOLERANCE and abs(long - self.height) <= SIZE_TOLERANCE

    def describe(self) -> str:
        """Return the paper's name as people write it: A4, Letter."""
        return self.cups_name


PAPERS = (
    Paper("a4", "A4", "iso_a4_210x297mm", 210 * MM, 297 * MM),
    Paper("letter", "Letter", "na_letter_8.5x11in", 8.5 * 72, 11 * 72),
    Paper("a3", "A3", "iso_a3_297x420mm", 297 * MM, 420 * MM),
    Paper("a5", "A5", "iso_a5_148x210mm", 148 * MM, 210 * MM),
    Paper("tabloid", "Tabloid", "na_ledger_11x17in", 11 * 72, 17 * 72),
    Paper("legal", "Legal", "na_legal_8.5x14in", 8.5 * 72, 14 * 72),
)
PAPER_NAMES = tuple(paper.name for paper in PAPERS)
_BY_NAME = {paper.name: paper for paper in PAPERS}
# The names printers and PPDs report, as far as briefgen needs to recognise them.
_ALIASES = {
    **{paper.pwg_name: paper for paper in PAPERS},
    **{paper.cups_name.lower(): paper for paper in PAPERS},
    "ledger": _BY_NAME["tabloid"],
    "11x17": _BY_NAME["tabloid"],
    "iso_a4_210x297mm.fullbleed": _BY_NAME["a4"],
}


def paper(name: str) -> Paper:
    """Return the paper a user named (a4, letter, a3, a5, tabloid, legal).

    Raises:
        KeyError: no such paper.

    """
    return _BY_NAME[name.lower()]


def paper_of_size(width: float, height: float) -> Paper | None:
    """Return the paper a page of ``width`` by ``height`` points is printed on, or None if none is."""
    return next((candidate for candidate in PAPERS if candidate.fits(width, height)), None)


def paper_of_media_name(name: str) -> Paper | None:
    """Return the paper a printer's media name stands for (iso_a4_210x297mm, A4, Letter...), or None."""
    key = name.strip().lower()
    return _ALIASES.get(key) or _BY_NAME.get(key)


def describe_size(width: float, height: float) -> str:
    """Return a page size in words: "A4 portrait", or "200 x 250 mm" for a size without a name."""
    found = paper_of_size(width, height)
    turned = "landscape" if width > height + SIZE_TOLERANCE else "portrait"
    if found is not None:
        return f"{found.describe()} {turned}"
    return f"{width / MM:.0f} x {height / MM:.0f} mm"
