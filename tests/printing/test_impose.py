"""Imposition: read the imposed PDF back and check each sheet side's pages, boxes and text, half by half."""

from __future__ import annotations

import io

import pypdf
import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.pdfgen.canvas import Canvas

from briefgen.printing.impose import Imposition, booklet, impose, imposed_sheet, n_up, sheet_sides
from helpers_printing import make_pdf, page_label, region_texts

A4_WIDTH, A4_HEIGHT = A4


def _halves(width: float, height: float) -> list[tuple[float, float, float, float]]:
    return [(0, 0, width / 2, height), (width / 2, 0, width, height)]


def _quarters(width: float, height: float) -> list[tuple[float, float, float, float]]:
    w, h = width / 2, height / 2
    return [(0, h, w, height), (w, h, width, height), (0, 0, w, h), (w, 0, width, h)]


def _sides(data: bytes, regions: list[tuple[float, float, float, float]]) -> list[list[str]]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [region_texts(data, index, regions) for index in range(len(reader.pages))]


def test_booklet_of_eight_pages_folds_into_reading_order() -> None:
    imposed = impose(make_pdf(8), booklet())

    reader = pypdf.PdfReader(io.BytesIO(imposed))
    assert len(reader.pages) == 4  # two sheets, front and back
    for page in reader.pages:
        assert [float(v) for v in page.mediabox] == pytest.approx([0, 0, 2 * A4_WIDTH, A4_HEIGHT])
        assert [float(v) for v in page.cropbox] == [float(v) for v in page.mediabox]
    assert _sides(imposed, _halves(2 * A4_WIDTH, A4_HEIGHT)) == [
        ["Page 8", "Page 1"],  # sheet 1 front: the outside of the booklet
        ["Page 2", "Page 7"],  # sheet 1 back
        ["Page 6", "Page 3"],
        ["Page 4", "Page 5"],  # the centre spread
    ]


def test_booklet_is_padded_to_a_multiple_of_four_with_blank_pages() -> None:
    imposed = impose(make_pdf(5), booklet())

    assert _sides(imposed, _halves(2 * A4_WIDTH, A4_HEIGHT)) == [
        ["", "Page 1"],
        ["Page 2", ""],
        ["", "Page 3"],
        ["Page 4", "Page 5"],
    ]


def test_booklet_a5_halves_a4_pages_onto_a4_sheets() -> None:
    imposed = impose(make_pdf(4), booklet("a5"))

    reader = pypdf.PdfReader(io.BytesIO(imposed))
    assert [float(v) for v in reader.pages[0].mediabox] == pytest.approx([0, 0, A4_HEIGHT, A4_WIDTH])
    assert _sides(imposed, _halves(A4_HEIGHT, A4_WIDTH)) == [["Page 4", "Page 1"], ["Page 2", "Page 3"]]
    sheet = imposed_sheet(reader.pages[0])
    assert sheet is not None
    assert sheet.kind == "booklet"
    assert sheet.pages == (4, 1)
    assert [edge for cell in sheet.cells for edge in (cell.left, cell.right)] == pytest.approx(
        [0, A4_HEIGHT / 2, A4_HEIGHT / 2, A4_HEIGHT]
    )


def test_letter_booklet_goes_on_tabloid_sheets() -> None:
    imposed = impose(make_pdf(4, size=LETTER), booklet())

    page = pypdf.PdfReader(io.BytesIO(imposed)).pages[0]
    assert [float(v) for v in page.mediabox] == pytest.approx([0, 0, 17 * 72, 11 * 72])


def test_two_up_handouts_keep_the_reading_order_on_landscape_sheets() -> None:
    imposed = impose(make_pdf(3), n_up(2))

    reader = pypdf.PdfReader(io.BytesIO(imposed))
    assert [float(v) for v in reader.pages[0].mediabox] == pytest.approx([0, 0, A4_HEIGHT, A4_WIDTH])
    assert _sides(imposed, _halves(A4_HEIGHT, A4_WIDTH)) == [["Page 1", "Page 2"], ["Page 3", ""]]


def test_four_up_handouts_go_left_to_right_then_down() -> None:
    imposed = impose(make_pdf(5), n_up(4))

    reader = pypdf.PdfReader(io.BytesIO(imposed))
    assert len(reader.pages) == 2
    assert [float(v) for v in reader.pages[0].mediabox] == pytest.approx([0, 0, A4_WIDTH, A4_HEIGHT])
    assert _sides(imposed, _quarters(A4_WIDTH, A4_HEIGHT)) == [
        ["Page 1", "Page 2", "Page 3", "Page 4"],
        ["Page 5", "", "", ""],
    ]
    sheet = imposed_sheet(reader.pages[1])
    assert sheet is not None
    assert (sheet.kind, sheet.pages) == ("n-up", (5, 0, 0, 0))


def test_imposed_text_stays_extractable_with_pypdf() -> None:
    imposed = impose(make_pdf(4), booklet())

    text = pypdf.PdfReader(io.BytesIO(imposed)).pages[0].extract_text()
    assert "Page 4" in text
    assert "Page 1" in text


def test_imposition_is_byte_reproducible() -> None:
    first = impose(make_pdf(6), booklet())
    again = impose(make_pdf(6), booklet())

    assert first == again
    assert impose(make_pdf(6), n_up(4)) == impose(make_pdf(6), n_up(4))


def test_the_title_and_language_are_kept_for_the_print_job() -> None:
    imposed = impose(make_pdf(2, title="Committee pack"), n_up(2))

    assert pypdf.PdfReader(io.BytesIO(imposed)).metadata.title == "Committee pack"


def test_nothing_outside_a_page_crop_box_reaches_the_sheet() -> None:
    def spill(canvas: Canvas, number: int, size: tuple[float, float]) -> None:
        page_label(canvas, number, size)
        canvas.rect(size[0] - 90, 0, 90, size[1], stroke=0, fill=1)  # a black band the crop box cuts off

    reader = pypdf.PdfReader(io.BytesIO(make_pdf([spill, spill])))
    writer = pypdf.PdfWriter(clone_from=reader)
    for page in writer.pages:
        page.cropbox = pypdf.generic.RectangleObject((0, 0, A4_WIDTH - 100, A4_HEIGHT))
    cropped = io.BytesIO()
    writer.write(cropped)

    imposed = impose(cropped.getvalue(), n_up(2))

    # Text extraction ignores clipping, so look at the sheet as printed: the band must not show.
    sheet = pdfium.PdfDocument(imposed)[0].render(scale=1).to_pil().convert("L")
    assert sheet.getextrema()[0] < 100  # the labels print
    scale = A4_WIDTH / A4_HEIGHT  # an A4 page on half an A4 sheet
    for cell_left in (0, A4_HEIGHT / 2):
        visible_right = cell_left + (A4_WIDTH - 100) * scale
        band = sheet.crop((round(visible_right) + 2, 0, round(cell_left + A4_HEIGHT / 2) - 2, sheet.size[1]))
        assert band.getextrema() == (255, 255)


def test_sheet_sides_pair_the_outer_pages_first() -> None:
    # 0-based page indexes; None is a blank page.
    assert sheet_sides(1, booklet()) == [[None, 0], [None, None]]
    assert sheet_sides(4, booklet()) == [[3, 0], [1, 2]]
    assert sheet_sides(12, booklet())[4:] == [[7, 4], [5, 6]]
    assert sheet_sides(3, n_up(2)) == [[0, 1], [2, None]]


def test_imposition_options_are_checked() -> None:
    with pytest.raises(ValueError, match="booklet size"):
        booklet("a3")
    with pytest.raises(ValueError, match="2 or 4"):
        n_up(3)


@pytest.mark.parametrize("imposition", [booklet(), n_up(2)])
def test_an_imposed_file_is_pdf_1_7_with_a_binary_comment(imposition: Imposition) -> None:
    data = impose(make_pdf(4), imposition)
    first, second = data.split(b"\n")[:2]
    assert first == b"%PDF-1.7"
    assert second[:1] == b"%"
    assert all(byte > 127 for byte in second[1:5])
