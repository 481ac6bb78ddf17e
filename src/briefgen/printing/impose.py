"""Impose a PDF for printing: its pages in, sheets with two or four pages on each side out.

Input: a finished PDF (a pack or a brief) and an ``Imposition``. Output: the
imposed PDF's bytes, identical for identical input, whose text can still be
extracted (each page's content is laid onto the sheet with pypdf's page
transformations, not rasterised).

A booklet is for saddle stitching: the pages, padded with blank pages to a
multiple of four, are reordered so that the sheets, printed double-sided
(flipped on the short edge), stacked and folded, read 1, 2, 3... Sheet k's
front carries pages n-2k and 2k+1 (left, right, 1-based), its back pages
2k+2 and n-2k-1. Handouts (``n-up``) keep the reading order: two pages side
by side on a landscape sheet, or four on a portrait sheet.

Every sheet records where its pages lie in a page-piece dictionary
(``/PieceInfo /Briefgen``, ISO 32000-1 14.5), which ``preflight`` reads to
tell the fold and the cuts from the sheet's edges.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from briefgen.records import record

PIECE_KEY = "/Briefgen"
# The page-piece dictionary needs a modification date; a fixed one keeps the file reproducible,
# as ReportLab's invariant mode does for the briefs.
_INVARIANT_DATE = "D:20000101000000+00'00'"
BOOKLET_SIZES = ("full", "a5")
N_UP_COUNTS = (2, 4)


@record
class Imposition:
    """How to impose: a ``booklet`` (``half`` halves the pages) or ``n-up`` handouts of ``per_side`` pages."""

    kind: str
    per_side: int = 2
    half: bool = False

    def describe(self) -> str:
        """Return the imposition in words, as the CLI reports it."""
        if self.kind == "booklet":
            return "booklet of half-size pages" if self.half else "booklet"
        return f"{self.per_side}-up handout"


def booklet(size: str = "full") -> Imposition:
    """Return a booklet imposition: ``full`` keeps the pages' size (A4 on A3), ``a5`` halves them (A5 on A4)."""
    if size not in BOOKLET_SIZES:
        raise ValueError(f"booklet size must be one of {', '.join(BOOKLET_SIZES)}, not {size!r}")
    return Imposition("booklet", 2, half=size == "a5")


def n_up(count: int) -> Imposition:
    """Return a handout imposition with ``count`` (2 or 4) pages on each side of a sheet of the pages' paper."""
    if count not in N_UP_COUNTS:
        raise ValueError(f"n-up takes {' or '.join(map(str, N_UP_COUNTS))} pages a side, not {count}")
    return Imposition("n-up", count)


@record
class Cell:
    """Where one page goes on a sheet side: a rectangle in points, and which way its content is aligned."""

    left: float
    bottom: float
    right: float
    top: float
    align: str = "centre"  # "centre", or "right"/"left" to sit against the fold of a booklet

    @property
    def width(self) -> float:
        """Return the cell's width in points."""
        return self.right - self.left

    @property
    def height(self) -> float:
        """Return the cell's height in points."""
        return self.top - self.bottom


@record
class ImposedSheet:
    """What ``preflight`` reads back from an imposed sheet side: its kind, its cells, the pages in them."""

    kind: str
    cells: tuple[Cell, ...]
    pages: tuple[int, ...]  # 1-based page of the original in each cell, 0 for a blank one


def sheet_geometry(imposition: Imposition, page_width: float, page_height: float) -> tuple[float, float, list[Cell]]:
    """Return the sheet's width and height and its cells in filling order, for pages of the given size."""
    if imposition.kind == "booklet" and not imposition.half:
        width, height = 2 * page_width, page_height
        return width, height, [Cell(0, 0, page_width, height, "right"), Cell(page_width, 0, width, height, "left")]
    if imposition.per_side == 2:  # a landscape sheet of the pages' own paper, cut or folded in two
        width, height = page_height, page_width
        left_align, right_align = ("right", "left") if imposition.kind == "booklet" else ("centre", "centre")
        half = width / 2
        return width, height, [Cell(0, 0, half, height, left_align), Cell(half, 0, width, height, right_align)]
    width, height = page_width, page_height
    half_w, half_h = width / 2, height / 2
    cells = [
        Cell(0, half_h, half_w, height),
        Cell(half_w, half_h, width, height),
        Cell(0, 0, half_w, half_h),
        Cell(half_w, 0, width, half_h),
    ]
    return width, height, cells


def sheet_sides(page_count: int, imposition: Imposition) -> list[list[int | None]]:
    """Return each sheet side's pages (0-based indexes, None for a blank), side after side, cell by cell."""
    per_side = imposition.per_side
    if imposition.kind == "booklet":
        total = -(-page_count // 4) * 4 or 4
        pages: list[int | None] = [i if i < page_count else None for i in range(total)]
        sides: list[list[int | None]] = []
        for sheet in range(total // 4):
            sides.append([pages[total - 1 - 2 * sheet], pages[2 * sheet]])
            sides.append([pages[2 * sheet + 1], pages[total - 2 - 2 * sheet]])
        return sides
    sides = []
    for start in range(0, max(page_count, 1), per_side):
        sides.append([i if i < page_count else None for i in range(start, start + per_side)])
    return sides


def impose(data: bytes, imposition: Imposition) -> bytes:
    """Return ``data`` (a PDF) imposed as ``imposition`` says; the sheets' paper follows from the first page's."""
    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:
        if page.get("/Rotate", 0):
            page.transfer_rotation_to_content()
        # Links and form fields mean nothing on paper, and their targets would drag the
        # original pages into the file.
        for key in ("/Annots", "/StructParents"):
            if key in page:
                del page[key]
    # The paper is the media box; what lies outside a page's crop box is clipped away where it stands.
    first = reader.pages[0].mediabox
    width, height, cells = sheet_geometry(imposition, float(first.width), float(first.height))
    # Every page is scaled as the first is (or less, to fit its cell): a smaller page is never enlarged.
    scale = min(cells[0].width / float(first.width), cells[0].height / float(first.height))
    writer = PdfWriter()
    writer.pdf_header = "%PDF-1.7"  # as every PDF briefgen writes (pypdf says 1.3; the pages use 1.4's transparency)
    for side in sheet_sides(len(reader.pages), imposition):
        sheet = writer.add_blank_page(width, height)
        for cell, index in zip(cells, side, strict=True):
            if index is not None:
                _place(sheet, reader.pages[index], cell, scale)
        _record(sheet, imposition, cells, side)
        sheet.compress_content_streams()
    _copy_metadata(reader, writer)
    writer.compress_identical_objects()
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def impose_file(source: Path, target: Path, imposition: Imposition) -> int:
    """Impose the PDF ``source`` into ``target`` (written atomically, may be ``source``); return the sheet sides."""
    from briefgen.batch.output import write_atomically

    imposed = impose(source.read_bytes(), imposition)
    write_atomically(target, imposed)
    return len(PdfReader(io.BytesIO(imposed)).pages)


def _place(sheet: PageObject, page: PageObject, cell: Cell, largest_scale: float) -> None:
    box = page.mediabox
    page_width, page_height = float(box.width), float(box.height)
    scale = min(cell.width / page_width, cell.height / page_height, largest_scale)
    placed_width, placed_height = page_width * scale, page_height * scale
    if cell.align == "right":
        x = cell.right - placed_width
    elif cell.align == "left":
        x = cell.left
    else:
        x = cell.left + (cell.width - placed_width) / 2
    y = cell.bottom + (cell.height - placed_height) / 2
    where = Transformation().translate(-float(box.left), -float(box.bottom)).scale(scale, scale).translate(x, y)
    # pypdf clips the page to its crop box, so nothing of one page spills into the next cell.
    sheet.merge_transformed_page(page, where, over=True, expand=False)


def _record(sheet: PageObject, imposition: Imposition, cells: Sequence[Cell], side: Sequence[int | None]) -> None:
    private = DictionaryObject(
        {
            NameObject("/Kind"): NameObject("/Booklet" if imposition.kind == "booklet" else "/NUp"),
            NameObject("/Cells"): ArrayObject(
                ArrayObject(FloatObject(round(v, 4)) for v in (c.left, c.bottom, c.right, c.top)) for c in cells
            ),
            NameObject("/Pages"): ArrayObject(NumberObject(0 if i is None else i + 1) for i in side),
        }
    )
    piece = DictionaryObject(
        {NameObject("/LastModified"): TextStringObject(_INVARIANT_DATE), NameObject("/Private"): private}
    )
    sheet[NameObject("/PieceInfo")] = DictionaryObject({NameObject(PIECE_KEY): piece})
    sheet[NameObject("/LastModified")] = TextStringObject(_INVARIANT_DATE)


def imposed_sheet(page: PageObject) -> ImposedSheet | None:
    """Return what an imposed sheet side records about its cells, or None for an ordinary page."""
    try:
        private: Any = page["/PieceInfo"]
        private = private[PIECE_KEY]["/Private"]
        kind = "booklet" if private["/Kind"] == "/Booklet" else "n-up"
        cells = tuple(Cell(float(c[0]), float(c[1]), float(c[2]), float(c[3])) for c in private["/Cells"])
        pages = tuple(int(number) for number in private["/Pages"])
    except (KeyError, TypeError, ValueError):
        return None
    return ImposedSheet(kind, cells, pages)


def _copy_metadata(reader: PdfReader, writer: PdfWriter) -> None:
    """Keep the document's title and the rest: the print job is named after it."""
    if reader.metadata:
        writer.add_metadata({key: value for key, value in reader.metadata.items() if isinstance(value, str)})
    root: Any = reader.trailer["/Root"]
    lang = root.get("/Lang")
    if lang:
        writer.root_object[NameObject("/Lang")] = TextStringObject(str(lang))
    writer.create_viewer_preferences()[NameObject("/DisplayDocTitle")] = BooleanObject(True)
