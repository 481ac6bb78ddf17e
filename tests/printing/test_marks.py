"""What a page puts on paper: boxes of text, drawings and images, found by following its content stream."""

from __future__ import annotations

import io

import pypdf
import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from briefgen.printing.marks import PageContent, page_content
from helpers_printing import FONT, MM, make_pdf


def _content(draw: object) -> PageContent:
    data = make_pdf([draw])  # type: ignore[list-item]
    return page_content(pypdf.PdfReader(io.BytesIO(data)).pages[0])


def test_text_is_boxed_from_its_origin_by_its_font_widths() -> None:
    def draw(canvas: Canvas, _number: int, _size: tuple[float, float]) -> None:
        canvas.setFont(FONT, 10)
        canvas.drawString(100, 200, "Hello")

    (mark,) = _content(draw).marks

    assert mark.kind == "text"
    left, bottom, right, top = mark.box
    assert left == pytest.approx(100)
    assert 20 < right - 100 < 30  # "Hello" in 10-point Noto Sans is about 25 points wide
    assert bottom < 200 < top
    assert top - bottom == pytest.approx(10 * (1.069 + 0.293), abs=0.5)  # Noto's ascent and descent


def test_the_transformation_matrix_moves_and_scales_what_follows() -> None:
    def draw(canvas: Canvas, _number: int, _size: tuple[float, float]) -> None:
        canvas.translate(50, 60)
        canvas.scale(2, 2)
        canvas.rect(10, 10, 20, 30, stroke=0, fill=1)

    (mark,) = _content(draw).marks

    assert mark.box == pytest.approx((70, 80, 110, 140))


def test_white_paint_and_clipped_content_are_not_marks() -> None:
    def draw(canvas: Canvas, _number: int, size: tuple[float, float]) -> None:
        canvas.setFillColorRGB(1, 1, 1)
        canvas.rect(0, 0, size[0], size[1], stroke=0, fill=1)  # a white page-size box prints nothing
        canvas.setFillColorRGB(0, 0, 0)
        path = canvas.beginPath()
        path.rect(100, 100, 50, 50)
        canvas.clipPath(path, stroke=0, fill=0)
        canvas.rect(0, 0, 120, 120, stroke=0, fill=1)  # only 100..120 of it shows
        canvas.rect(300, 300, 10, 10, stroke=0, fill=1)  # wholly outside the clip

    (mark,) = _content(draw).marks

    assert mark.box == pytest.approx((100, 100, 120, 120))


def test_strokes_are_as_wide_as_their_line() -> None:
    def draw(canvas: Canvas, _number: int, _size: tuple[float, float]) -> None:
        canvas.setLineWidth(4)
        canvas.line(100, 100, 200, 100)

    (mark,) = _content(draw).marks

    assert mark.box == pytest.approx((98, 98, 202, 102))


def test_colour_is_told_from_grey() -> None:
    def draw(canvas: Canvas, _number: int, _size: tuple[float, float]) -> None:
        canvas.setFillColorRGB(0.5, 0.5, 0.5)
        canvas.rect(10, 10, 10, 10, stroke=0, fill=1)
        canvas.setFillColorRGB(0.1, 0.2, 0.4)
        canvas.rect(30, 10, 10, 10, stroke=0, fill=1)
        canvas.setFillColorCMYK(0, 0, 0, 0.7)
        canvas.rect(50, 10, 10, 10, stroke=0, fill=1)
        canvas.setFillColorCMYK(0, 0.8, 0.8, 0)
        canvas.rect(70, 10, 10, 10, stroke=0, fill=1)

    marks = _content(draw).marks

    assert [mark.colour for mark in marks] == [False, True, False, True]


def test_images_have_their_pixels_and_printed_size() -> None:
    def draw(canvas: Canvas, _number: int, _size: tuple[float, float]) -> None:
        picture = Image.new("RGB", (40, 20), (200, 30, 30))
        canvas.drawImage(ImageReader(picture), 100, 100, width=80 * MM, height=40 * MM)

    (mark,) = _content(draw).marks

    assert mark.kind == "image"
    assert mark.pixels == (40, 20)
    assert mark.printed == pytest.approx((80 * MM, 40 * MM))
    assert mark.box == pytest.approx((100, 100, 100 + 80 * MM, 100 + 40 * MM))


def test_form_xobjects_are_followed_and_fonts_recorded() -> None:
    def draw(canvas: Canvas, _number: int, _size: tuple[float, float]) -> None:
        canvas.beginForm("stamp")
        canvas.setFont("Helvetica", 12)
        canvas.drawString(0, 50, "Stamp")
        canvas.endForm()
        canvas.doForm("stamp")
        canvas.translate(0, 300)
        canvas.doForm("stamp")

    content = _content(draw)

    # A standard font has no descriptor: its descent is taken as a fifth of its size.
    assert [mark.box[1] for mark in content.marks] == pytest.approx([50 - 0.2 * 12, 350 - 0.2 * 12])
    assert content.fonts == {"Helvetica": False}


def test_a_page_without_content_has_no_marks() -> None:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(*A4)

    assert page_content(writer.pages[0]).marks == []
