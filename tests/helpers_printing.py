"""Small PDFs for the printing tests, drawn with ReportLab's canvas so each defect is exactly where a test puts it."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path

import pdfplumber
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from conftest import REPO

MM = 72 / 25.4
FONT = "PrintTestSans"
Draw = Callable[[Canvas, int, tuple[float, float]], None]  # canvas, page number, page size


def _register_font() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(REPO / "assets" / "fonts" / "NotoSans-Regular.ttf")))


def page_label(canvas: Canvas, number: int, size: tuple[float, float]) -> None:
    """Draw "Page N" in the middle of the page, in an embedded font, well inside the margins."""
    width, height = size
    canvas.setFont(FONT, 28)
    canvas.drawCentredString(width / 2, height / 2, f"Page {number}")


def make_pdf(pages: int | Sequence[Draw] = 1, *, size: tuple[float, float] = A4, title: str = "Test document") -> bytes:
    """Return a PDF of ``pages`` pages, each labelled "Page N" (or drawn by the given functions), reproducibly."""
    _register_font()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size, invariant=1)
    canvas.setTitle(title)
    drawers: Sequence[Draw] = [page_label] * pages if isinstance(pages, int) else pages
    for number, draw in enumerate(drawers, 1):
        draw(canvas, number, size)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def write_pdf(path: Path, pages: int | Sequence[Draw] = 1, **options: object) -> Path:
    """Write ``make_pdf`` to ``path`` and return it."""
    path.write_bytes(make_pdf(pages, **options))  # type: ignore[arg-type]
    return path


def region_texts(data: bytes, page_index: int, regions: Sequence[tuple[float, float, float, float]]) -> list[str]:
    """Return the text inside each region (left, bottom, right, top in PDF points) of one page, spaces folded."""
    texts = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[page_index]
        for left, bottom, right, top in regions:
            # pdfplumber measures from the top of the page.
            cropped = page.crop((left, page.height - top, right, page.height - bottom), strict=False)
            texts.append(" ".join((cropped.extract_text() or "").split()))
    return texts
