"""Turn a laid-out story into PDF bytes: pages, running footer, banners, metadata, bookmarks.

Input: a ``layout.Layout``, the ``Brief`` it came from (for metadata and the
footer) and the ``Theme``. Output: the bytes of the PDF, identical for
identical input. The footer's "Page N of M" is drawn once the page count is
known: each finished page keeps a slot in its content stream, filled in when
the canvas is saved, so the story is laid out only once.
"""

from __future__ import annotations

import functools
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfdoc import PDFName, PDFObject, PDFObjectReference
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from briefgen import __version__, markup, model, pdfa, tagging
from briefgen.flowables import draw_image, image_size
from briefgen.theme import Theme, colour, stylesheet


@dataclass(frozen=True)
class RenderedPdf:
    """The bytes of a finished PDF and how many pages it has."""

    data: bytes
    pages: int


def render_pdf(
    story: list[Flowable],
    brief: model.Brief,
    theme: Theme,
    *,
    structure: tagging.Element | None = None,
    archival: bool = False,
    watermark: str | None = None,
) -> RenderedPdf:
    """Return the PDF of ``story``, with ``brief``'s metadata and running footer; ``story`` is emptied.

    With ``structure`` (the root element layout.py tagged the story with) the
    PDF is tagged; with ``archival`` it is PDF/A-2b. ``watermark`` is printed
    across every page and in the footer; by default it is "DRAFT" for a brief
    whose status is draft and nothing otherwise.
    """
    buffer = io.BytesIO()
    document = _BriefDocument(buffer, brief, theme)
    tagger = tagging.Tagger(structure) if structure is not None else None
    label = watermark_label(brief, watermark)
    canvas_maker = functools.partial(
        _BriefCanvas, furniture=_Furniture.of(brief, theme, label), tagger=tagger, archival=archival
    )
    # ReportLab takes each flowable off the list as it draws it; with no copy, what is drawn is freed.
    document.build(story, canvasmaker=canvas_maker)
    # ReportLab's document keeps itself in its own namespace (for docEval): a cycle that would keep
    # the whole finished PDF in memory until the garbage collector's next full pass.
    vars(document).get("_nameSpace", {}).clear()
    return RenderedPdf(buffer.getvalue(), document.page)


class _BriefDocument(BaseDocTemplate):
    """A one-column document that turns ``outline_entry`` flowables into bookmarks."""

    def __init__(self, target: io.BytesIO, brief: model.Brief, theme: Theme) -> None:
        width, height = theme.page
        banner_room = 10 if brief.classification else 0
        super().__init__(
            target,
            pagesize=theme.page,
            leftMargin=theme.margin_left,
            rightMargin=theme.margin_right,
            topMargin=theme.margin_top + banner_room,
            bottomMargin=theme.margin_bottom + banner_room,
            title=brief.title,  # title, subtitle and headings are plain text: no inline markup to strip
            author=", ".join(brief.authors) or brief.organization,
            subject=brief.subtitle or markup.plain_text(brief.summary),
            keywords=", ".join(brief.tags),
            creator=f"briefgen {__version__}",
            producer=f"briefgen {__version__} (ReportLab)",
            invariant=1,
            lang=brief.lang,
            displayDocTitle=1,
            # ReportLab's default initial font is unembedded Helvetica.
            initialFontName=stylesheet(theme, brief.lang)["body"].fontName,
        )
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            width - self.leftMargin - self.rightMargin,
            height - self.topMargin - self.bottomMargin,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (ReportLab API)
        """Add an outline entry for flowables that start one."""
        entry = getattr(flowable, "outline_entry", None)
        if entry is None:
            return
        title, level = entry
        if level != 0:
            raise ValueError("a brief's outline is flat: every entry is at level 0")
        self.canv.outline.append((title, self.page, self.frame._y + flowable.height + 6))


class _Outline(PDFObject):
    """A brief's flat outline, written directly: one dictionary per entry, destinations inline.

    ReportLab's outline makes a named destination object per bookmark and
    formats each through its generic machinery: 2% of a two-page brief's build.
    """

    def __init__(self, entries: list[tuple[str, int, float]]) -> None:
        self.entries = entries
        self.ready = 1 if entries else -1  # PDFDocument.GetPDFData drops an outline that is not ready
        self.items: list[PDFObjectReference] = []

    def prepare(self, document: Any, canvas: Any) -> None:
        """Register one object per entry (GetPDFData calls this before formatting)."""
        me = document.Reference(self)
        self.items = [
            document.Reference(_OutlineItem(self, index, me), f"briefgen.Outline.{index}")
            for index in range(len(self.entries))
        ]

    def format(self, document: Any) -> bytes:
        count = len(self.items)
        first, last = self.items[0].format(document), self.items[-1].format(document)
        return b"<< /Count %d /First %s /Last %s /Type /Outlines >>" % (count, first, last)


class _OutlineItem(PDFObject):
    def __init__(self, outline: _Outline, index: int, parent: PDFObjectReference) -> None:
        self.outline = outline
        self.index = index
        self.parent = parent

    def format(self, document: Any) -> bytes:
        title, page, top = self.outline.entries[self.index]
        items = self.outline.items
        page_ref = PDFObjectReference(f"Page{page}").format(document)  # ReportLab's names for pages
        parts = [
            b"<< /Dest [ %s /XYZ 0 %s null ]" % (page_ref, fp_str(top).encode()),
            b"/Parent " + self.parent.format(document),
        ]
        if self.index + 1 < len(items):
            parts.append(b"/Next " + items[self.index + 1].format(document))
        if self.index > 0:
            parts.append(b"/Prev " + items[self.index - 1].format(document))
        parts.append(b"/Title " + pdfa.text_string(title).format(document) + b" >>")
        return b" ".join(parts)


def _clip_to_width(text: str, font: str, size: float, width: float) -> str:
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
_PAGE_NUMBER_SLOT = "%briefgen-page-number"

_PLACEHOLDER = re.compile(r"\{(title|organization|date|status)\}")


def footer_text(brief: model.Brief, theme: Theme) -> str:
    """Return the theme's footer text with the brief's title, organisation, date and status filled in."""
    from briefgen.layout import format_date_as

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
class _Furniture:
    """What every page of one document carries besides the story: footer, banners, watermark."""

    brief: model.Brief
    theme: Theme
    running_title: str  # the footer's text, watermark label first
    watermark: str
    footer_logo: Path | None

    @classmethod
    def of(cls, brief: model.Brief, theme: Theme, watermark: str) -> _Furniture:
        running_title = footer_text(brief, theme)
        if watermark:
            running_title = f"{watermark} \u2014 {running_title}" if running_title else watermark
        footer_logo = Path(theme.logo) if theme.logo and theme.logo_place == "footer" else None
        return cls(brief, theme, running_title, watermark, footer_logo)


class _BriefCanvas(tagging.TaggingCanvas):
    """Draws page furniture: banners as pages end, footers once the page count is known.

    A module-level class given its document's settings, not one defined per
    document: a class is a reference cycle, and would keep each finished
    document alive until the garbage collector's next full pass.
    """

    _code: list[str]  # the current page's content-stream operators (ReportLab's)

    def __init__(
        self, *args: Any, furniture: _Furniture, tagger: tagging.Tagger | None, archival: bool, **kwargs: Any
    ) -> None:
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
            document = self._doc
            document.Outlines = document.outline = document.Catalog.Outlines = _Outline(self.outline)
            document.Catalog.PageMode = PDFName("UseOutlines")
        finished = self._doc.Pages.pages
        for number, page in enumerate(finished, start=1):
            page.stream = page.stream.replace(_PAGE_NUMBER_SLOT, self._page_number_code(number, len(finished)), 1)
        pdfa.add_metadata(self._doc, pdfa=self.archival, pdfua=self.tagger is not None)
        if self.archival:
            pdfa.add_output_intent(self._doc)
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
        if footer_logo is None and self._furniture_code:
            self._code.extend(self._furniture_code)
            return
        start = len(self._code)
        self._draw_footer_and_banners_once()
        if footer_logo is None:
            self._furniture_code.extend(self._code[start:])

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
        shown = _clip_to_width(shown, footer_style.fontName, footer_style.fontSize, room)
        self.drawString(left, footer_y, shown)
        self._code.append(_PAGE_NUMBER_SLOT)  # "Page N of M": filled in by save(), when M is known
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
        page_code, self._code = self._code, []
        try:
            self.setFont(footer_style.fontName, footer_style.fontSize)
            self.setFillColor(footer_style.textColor)
            self.drawRightString(
                theme.page[0] - theme.margin_right, theme.margin_bottom - 11, f"Page {page} of {pages}"
            )
            return "\n".join(self._code)
        finally:
            self._code = page_code
