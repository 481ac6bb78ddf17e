"""Draw what every page of a brief carries besides the story: footer, page numbers, banners, watermark.

Input: the brief, its theme and the watermark label. Output: drawing on each
page as it ends; "Page N of M" is filled in when the page count is known.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfdoc import PDFName
from reportlab.pdfbase.pdfmetrics import stringWidth

from briefgen import model, reportlab_compat
from briefgen.pdf import metadata as pdfa
from briefgen.pdf import tagging
from briefgen.pdf.canvas import TaggingCanvas
from briefgen.pdf.images import draw_image, image_size
from briefgen.pdf.marked_content import Tagger
from briefgen.pdf.outline import Outline
from briefgen.style.stylesheet import colour, stylesheet
from briefgen.style.theme import Theme


def clip_to_width(text: str, font: str, size: float, width: float) -> str:
    """Return ``text``, cut short with an ellipsis if it is wider than ``width`` (a word can be)."""
    if stringWidth(text, font, size) <= width:
        return text
    fits, too_long = 0, len(text)  # binary search: the text may be thousands of characters long
    while too_long - fits > 1:
        middle = (fits + too_long) // 2
        if stringWidth(text[:middle] + "\u2026", font, size) <= width:
            fits = middle
        else:
            too_long = middle
    return text[:fits].rstrip() + "\u2026"


def watermark_label(brief: model.Brief, watermark: str | None) -> str:
    """Return the text to print across each page: the override, else DRAFT for drafts, else nothing."""
    if watermark is not None:
        return " ".join(watermark.split()).upper()
    return "DRAFT" if brief.status == "draft" else ""


# A content-stream comment marking where a page's "Page N of M" goes once the page count is known.
PAGE_NUMBER_SLOT = "%briefgen-page-number"

_PLACEHOLDER = re.compile(r"\{(title|organization|date|status)\}")


def footer_text(brief: model.Brief, theme: Theme) -> str:
    """Return the theme's footer text with the brief's title, organisation, date and status filled in."""
    from briefgen.text.dates import format_date_as

    values = {
        "title": brief.running_title,
        "organization": brief.organization,
        "date": format_date_as(brief.date, theme.date_format) if brief.date else "",
        "status": brief.status.capitalize(),
    }
    text = _PLACEHOLDER.sub(lambda match: values[match.group(1)], theme.footer_text)
    # An empty placeholder leaves a dangling separator: "· Title" reads as a mistake.
    return " ".join(text.split()).strip(" ·|–—-,")


@dataclass(frozen=True)
class Furniture:
    """What every page of one document carries besides the story: footer, banners, watermark."""

    brief: model.Brief
    theme: Theme
    running_title: str  # the footer's text, watermark label first
    watermark: str
    footer_logo: Path | None

    @classmethod
    def of(cls, brief: model.Brief, theme: Theme, watermark: str) -> Furniture:
        running_title = footer_text(brief, theme)
        if watermark:
            running_title = f"{watermark} \u2014 {running_title}" if running_title else watermark
        footer_logo = Path(theme.logo) if theme.logo and theme.logo_place == "footer" else None
        return cls(brief, theme, running_title, watermark, footer_logo)


class BriefCanvas(TaggingCanvas):
    """Draws page furniture: banners as pages end, footers once the page count is known.

    A module-level class given its document's settings, not one defined per
    document: a class is a reference cycle, and would keep each finished
    document alive until the garbage collector's next full pass.
    """

    def __init__(self, *args: Any, furniture: Furniture, tagger: Tagger | None, archival: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.furniture = furniture
        self.tagger = tagger
        self.archival = archival
        self.styles = stylesheet(furniture.theme, furniture.brief.lang)
        self.outline: list[tuple[str, int, float]] = []  # title, page, top of each bookmark, as laid out
        self._furniture_code: list[str] = []  # footer and banner operators, made on the first page

    def showPage(self) -> None:  # noqa: N802 (ReportLab API)
        self._draw_furniture()
        super().showPage()

    def save(self) -> None:
        if self.outline:
            document = reportlab_compat.pdf_document(self)
            document.Outlines = document.outline = document.Catalog.Outlines = Outline(self.outline)
            document.Catalog.PageMode = PDFName("UseOutlines")
        finished = reportlab_compat.finished_pages(self)
        for number, page in enumerate(finished, start=1):
            reportlab_compat.replace_in_page_stream(
                page, PAGE_NUMBER_SLOT, self._page_number_code(number, len(finished))
            )
        document = reportlab_compat.pdf_document(self)
        pdfa.add_metadata(document, pdfa=self.archival, pdfua=self.tagger is not None)
        if self.archival:
            pdfa.add_output_intent(document)
        super().save()

    def _draw_furniture(self) -> None:
        with tagging.artifact(self):
            self._draw_footer_and_banners()
            if self.furniture.watermark:
                self._draw_watermark()

    def _draw_footer_and_banners(self) -> None:
        # Footer and banners are the same on every page (the page number is a slot filled in
        # at save): their operators are made once and repeated. A footer logo is drawn on
        # each page, as a page must list the images it shows among its resources.
        footer_logo = self.furniture.footer_logo
        operators = reportlab_compat.page_operators(self)
        if footer_logo is None and self._furniture_code:
            operators.extend(self._furniture_code)
            return
        start = len(operators)
        self._draw_footer_and_banners_once()
        if footer_logo is None:
            self._furniture_code.extend(operators[start:])

    def _draw_footer_and_banners_once(self) -> None:
        theme, brief, footer_logo = self.furniture.theme, self.furniture.brief, self.furniture.footer_logo
        footer_style, banner_style = self.styles["footer"], self.styles["banner"]
        width, height = theme.page
        self.saveState()
        left, right = theme.margin_left, width - theme.margin_right
        footer_y = theme.margin_bottom - 11
        self.setStrokeColor(colour(theme.rule_colour))
        self.setLineWidth(0.4)
        self.line(left, footer_y + 10, right, footer_y + 10)
        self.setFont(footer_style.fontName, footer_style.fontSize)
        self.setFillColor(footer_style.textColor)
        room = (right - left) * 0.7
        if footer_logo is not None:
            logo_width = self._draw_footer_logo(footer_logo, left, footer_y)
            left, room = left + logo_width + 6, room - logo_width - 6
        title_lines = simpleSplit(self.furniture.running_title, footer_style.fontName, footer_style.fontSize, room)
        shown = title_lines[0] if title_lines else ""
        if len(title_lines) > 1:
            shown = shown.rstrip() + "\u2026"
        shown = clip_to_width(shown, footer_style.fontName, footer_style.fontSize, room)
        self.drawString(left, footer_y, shown)
        reportlab_compat.page_operators(self).append(
            PAGE_NUMBER_SLOT
        )  # "Page N of M": filled in by save(), when M is known
        if brief.classification:
            label = brief.classification.upper()
            # A long marking is set smaller rather than cut: every word of it matters.
            natural = stringWidth(label, banner_style.fontName, banner_style.fontSize)
            column = width - theme.margin_left - theme.margin_right
            size = banner_style.fontSize * min(1.0, column / natural) if natural else banner_style.fontSize
            self.setFont(banner_style.fontName, size)
            self.setFillColor(banner_style.textColor)
            self.drawCentredString(width / 2, height - theme.margin_top + 2, label)
            self.drawCentredString(width / 2, footer_y - 14, label)
        self.restoreState()

    def _draw_watermark(self) -> None:
        """Print the watermark across the page: page furniture, drawn see-through over the content."""
        watermark, watermark_style = self.furniture.watermark, self.styles["watermark"]
        width, height = self.furniture.theme.page
        self.saveState()
        font, size = watermark_style.fontName, watermark_style.fontSize
        # Fit the text along the page's diagonal, leaving a fifth of it free.
        diagonal = (width**2 + height**2) ** 0.5
        size = min(size, size * diagonal * 0.6 / stringWidth(watermark, font, size))
        self.setFont(font, size)
        self.setFillColor(watermark_style.textColor)
        self.setFillAlpha(0.22)
        self.translate(width / 2, height / 2)
        self.rotate(math.degrees(math.atan2(height, width)))
        self.drawCentredString(0, -size * 0.35, watermark)
        self.restoreState()

    def _draw_footer_logo(self, path: Path, x: float, y: float) -> float:
        logo_height = min(self.furniture.theme.logo_height, 9.0)  # clear of the rule above the footer
        natural_width, natural_height = image_size(path)
        logo_width = logo_height * natural_width / natural_height
        draw_image(self, path, x, y - 2, logo_width, logo_height)
        return logo_width

    def _page_number_code(self, page: int, pages: int) -> str:
        """Return the content-stream operators that draw "Page N of M" in the footer."""
        theme, footer_style = self.furniture.theme, self.styles["footer"]
        page_code = reportlab_compat.swap_page_operators(self, [])
        try:
            self.setFont(footer_style.fontName, footer_style.fontSize)
            self.setFillColor(footer_style.textColor)
            self.drawRightString(
                theme.page[0] - theme.margin_right, theme.margin_bottom - 11, f"Page {page} of {pages}"
            )
            return "\n".join(reportlab_compat.page_operators(self))
        finally:
            reportlab_compat.swap_page_operators(self, page_code)
