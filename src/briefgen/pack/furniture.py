"""Draw a meeting pack's own pages: the cover, the contents, blank pages, and the pack footer on every page.

Input: the pack, its page plan and each brief's entry. Output: drawing on a ReportLab canvas, one
call per page.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from briefgen import model
from briefgen.model import Pack
from briefgen.pack.plan import PackPage
from briefgen.style.stylesheet import colour
from briefgen.style.theme import Theme
from briefgen.text import markup
from briefgen.text.dates import format_date

BLANK_PAGE_TEXT = "This page is intentionally left blank"

# render.py sets a brief's footer 11pt below the bottom margin and its bottom banner 14pt below that,
# centred; the pack line shares the banner's baseline in the outer corner, so neither is disturbed.
_FOOTER_DROP = 25
_BANNER_RISE = 2  # render.py's top banner sits 2pt above the top margin
_LABEL_WIDTH = 64  # the agenda label column on the cover and contents
_PAGE_COLUMN = 36  # the page-number column on the contents
_GAP = 12
_COVER_DROP = 90  # the cover's title block starts this far below the top margin
_CONTENTS_DROP = 30  # and the contents heading this far


@dataclass(frozen=True)
class _Entry:
    """One brief's lines on the contents page, already broken to the column width."""

    label: str
    title_lines: tuple[str, ...]
    detail: str
    height: float


@dataclass(frozen=True)
class _LinkSpot:
    page: int  # 0-based pack page holding the link
    rect: tuple[float, float, float, float]
    target: int  # 0-based pack page it opens


def _text_width(theme: Theme) -> float:
    return theme.page[0] - theme.margin_left - theme.margin_right


def _fit(text: str, style: ParagraphStyle, width: float) -> str:
    """Return ``text`` cut with an ellipsis to fit ``width`` in ``style``'s font."""
    if stringWidth(text, style.fontName, style.fontSize) <= width:
        return text
    while text and stringWidth(text + "\u2026", style.fontName, style.fontSize) > width:
        text = text[:-1]
    return text.rstrip() + "\u2026"


class Furniture:
    """Draws one page per pack page: cover, contents and blank pages in full, the pack footer on all."""

    def __init__(
        self,
        pack: Pack,
        briefs: Sequence[model.Brief],
        plan: Sequence[PackPage],
        starts: Sequence[int],
        styles: dict[str, ParagraphStyle],
        theme: Theme,
        marking: str,
    ) -> None:
        self.pack, self.briefs, self.plan, self.starts = pack, briefs, plan, starts
        self.styles, self.theme, self.marking = styles, theme, marking
        self.width, self.height = theme.page
        self.left, self.right = theme.margin_left, self.width - theme.margin_right
        self.links: list[_LinkSpot] = []
        self.canvas: Canvas

    def render(self, entries: Sequence[_Entry], contents: Sequence[Sequence[tuple[int, float]]]) -> bytes:
        """Return the furniture document's bytes."""
        buffer = io.BytesIO()
        self.canvas = Canvas(
            buffer, pagesize=self.theme.page, invariant=1, initialFontName=self.styles["pack.meta"].fontName
        )
        for number, page in enumerate(self.plan):
            # Drawn top to bottom, so that the text reads (and copies) in page order.
            if page.kind != "brief":
                self._banner(self.height - self.theme.margin_top + _BANNER_RISE)
            if page.kind == "cover":
                self._cover()
            elif page.kind == "contents":
                self._contents(number, page.index, entries, contents[page.index])
            elif page.kind == "blank":
                self._centred(BLANK_PAGE_TEXT, self.styles["pack.blank"], self.height / 2)
            if page.kind != "brief":
                self._banner(self.theme.margin_bottom - _FOOTER_DROP)
            self._footer(number, page)
            self.canvas.showPage()
        self.canvas.save()
        return buffer.getvalue()

    def _draw(self, text: str, style: ParagraphStyle, x: float, y: float, *, align: str = "left") -> float:
        """Draw one line of plain text and return its width."""
        canvas = self.canvas
        canvas.setFont(style.fontName, style.fontSize)
        canvas.setFillColor(style.textColor)
        width = float(stringWidth(text, style.fontName, style.fontSize))
        x = {"left": x, "right": x - width, "centre": x - width / 2}[align]
        canvas.drawString(x, y, text)
        return width

    def _centred(self, text: str, style: ParagraphStyle, y: float) -> None:
        self._draw(text, style, self.width / 2, y, align="centre")

    def _lines(self, text: str, style: ParagraphStyle, x: float, y: float, width: float) -> float:
        """Draw wrapped text from baseline ``y`` down; return the baseline below the last line."""
        for line in simpleSplit(text, style.fontName, style.fontSize, width):
            self._draw(line, style, x, y)
            y -= style.leading
        return y

    def _rule(self, y: float, thickness: float) -> None:
        self.canvas.setStrokeColor(colour(self.theme.rule_colour))
        self.canvas.setLineWidth(thickness)
        self.canvas.line(self.left, y, self.right, y)

    def _banner(self, y: float) -> None:
        if self.marking:
            self._centred(markup.plain_text(self.marking).upper(), self.styles["pack.banner"], y)

    def _footer(self, number: int, page: PackPage) -> None:
        """Draw the pack title and pack page number in the outer corner, clear of the centred banner."""
        style, page_style = self.styles["pack.footer"], self.styles["pack.footer.page"]
        marking = self.briefs[page.index].classification if page.kind == "brief" else self.marking
        banner = self.styles["pack.banner"]
        banner_width = stringWidth(markup.plain_text(marking).upper(), banner.fontName, banner.fontSize)
        room = (_text_width(self.theme) - banner_width) / 2 - _GAP
        folio = f"Pack page {number + 1}"
        separator = "  ·  "
        title_room = room - stringWidth(folio + separator, page_style.fontName, page_style.fontSize)
        title = _fit(markup.plain_text(self.pack.title), style, title_room)
        y = self.theme.margin_bottom - _FOOTER_DROP
        # Without duplex every sheet is a right-hand page; with it, even pages are left-hand ones.
        if self.pack.duplex and (number + 1) % 2 == 0:
            x = self.left + self._draw(folio, page_style, self.left, y)
            self._draw(separator + title, style, x, y)
        else:
            folio_width = stringWidth(folio, page_style.fontName, page_style.fontSize)
            self._draw(title + separator, style, self.right - folio_width, y, align="right")
            self._draw(folio, page_style, self.right, y, align="right")

    def _cover(self) -> None:
        styles, pack = self.styles, self.pack
        width = self.right - self.left
        y = self.height - self.theme.margin_top - _COVER_DROP
        kicker = "  ·  ".join(p for p in (pack.organization.upper(), "MEETING PACK") if p)
        self._draw(kicker, styles["pack.kicker"], self.left, y)
        title = styles["pack.title"]
        y = self._lines(markup.plain_text(pack.title), title, self.left, y - title.spaceBefore - title.leading, width)
        meta = styles["pack.meta"]
        y -= meta.leading * 0.4
        for line in (format_date(pack.date) if pack.date else "", pack.location):
            if line:
                y = self._lines(line, meta, self.left, y, width)
        y -= 4
        self._rule(y, 1.2)
        y -= 14
        if self.marking:
            y = self._marking_box(y)
        y = self._cover_agenda(y - styles["pack.heading"].spaceBefore)
        pages = len(self.plan)
        note = f"{len(self.briefs)} brief{'s' if len(self.briefs) != 1 else ''}  ·  {pages} pages"
        if pack.duplex:
            note += "  ·  print double-sided: each brief starts on a right-hand page"
        self._draw(note, styles["pack.note"], self.left, self.theme.margin_bottom + 4)

    def _marking_box(self, top: float) -> float:
        label, value = self.styles["pack.marking.label"], self.styles["pack.marking"]
        ranked = [b.classification for b in self.briefs if b.classification]
        source = "the highest marking of the briefs in this pack" if ranked else "the marking of this pack"
        padding = 8
        height = padding * 2 + label.leading + value.leading
        canvas = self.canvas
        canvas.setStrokeColor(colour(self.theme.box_border))
        canvas.setFillColor(colour(self.theme.tint))
        canvas.setLineWidth(0.7)
        canvas.rect(self.left, top - height, self.right - self.left, height, stroke=1, fill=1)
        x = self.left + padding + 2
        self._draw(f"CLASSIFICATION  ·  {source}", label, x, top - padding - label.fontSize)
        self._draw(markup.plain_text(self.marking).upper(), value, x, top - padding - label.leading - value.fontSize)
        return float(top - height - 6)

    def _cover_agenda(self, y: float) -> float:
        styles = self.styles
        heading = styles["pack.heading"]
        self._draw("Agenda", heading, self.left, y - heading.fontSize)
        y -= heading.leading + 4
        label_style, title_style = styles["pack.item.label"], styles["pack.item.title"]
        detail_style = styles["pack.item.detail"]
        column = self.left + _LABEL_WIDTH
        width = self.right - column - 90
        floor = self.theme.margin_bottom + 40
        for index, (item, brief) in enumerate(zip(self.pack.items, self.briefs, strict=False)):
            lines = simpleSplit(markup.plain_text(brief.title), title_style.fontName, title_style.fontSize, width)
            needed = title_style.spaceBefore + len(lines) * title_style.leading + detail_style.leading
            if y - needed < floor:
                rest = len(self.briefs) - index
                self._draw(f"\u2026 and {rest} more: see the contents", detail_style, column, y - 14)
                break
            y -= title_style.spaceBefore + title_style.fontSize
            self._draw(item.label.upper(), label_style, self.left, y)
            first = y
            for line in lines:
                self._draw(line, title_style, column, y)
                y -= title_style.leading
            if brief.classification:
                marking = markup.plain_text(brief.classification).upper()
                self._draw(marking, detail_style, self.right, first, align="right")
            if brief.subtitle:
                subtitle = _fit(markup.plain_text(brief.subtitle), detail_style, width)
                self._draw(subtitle, detail_style, column, y + title_style.leading - title_style.fontSize - 2)
            y -= detail_style.leading - (title_style.leading - title_style.fontSize)
        return y

    def _contents(
        self, number: int, sheet: int, entries: Sequence[_Entry], placed: Sequence[tuple[int, float]]
    ) -> None:
        styles = self.styles
        heading, meta = styles["pack.contents.title"], styles["pack.item.detail"]
        y = self.height - self.theme.margin_top - _CONTENTS_DROP
        self._draw("Contents" if sheet == 0 else "Contents (continued)", heading, self.left, y - heading.fontSize)
        y -= heading.leading
        details = [markup.plain_text(self.pack.title), format_date(self.pack.date) if self.pack.date else ""]
        line = _fit("  ·  ".join(d for d in details if d), meta, self.right - self.left)
        self._draw(line, meta, self.left, y - meta.fontSize)
        self._rule(y - meta.leading - _GAP / 2, 0.6)
        label_style, title_style, page_style = (
            styles["pack.item.label"],
            styles["pack.item.title"],
            styles["pack.item.page"],
        )
        column = self.left + _LABEL_WIDTH
        for index, top in placed:
            entry, start = entries[index], self.starts[index]
            baseline = top - title_style.spaceBefore - title_style.fontSize
            self._draw(entry.label.upper(), label_style, self.left, baseline)
            end = column
            for line in entry.title_lines:
                end = column + self._draw(line, title_style, column, baseline)
                baseline -= title_style.leading
            last = baseline + title_style.leading
            page_width = self._draw(str(start), page_style, self.right, last, align="right")
            self._leader(end + 6, self.right - page_width - 6, last)
            self._draw(entry.detail, styles["pack.item.detail"], column, last - styles["pack.item.detail"].leading)
            rect = (self.left, top - entry.height, self.right, top - title_style.spaceBefore + 3)
            self.links.append(_LinkSpot(number, rect, start - 1))

    def _leader(self, start: float, end: float, y: float) -> None:
        style = self.styles["pack.item.detail"]
        self.canvas.setFont(style.fontName, style.fontSize)
        self.canvas.setFillColor(style.textColor)
        x = end - 2
        while x > start:
            self.canvas.drawString(x, y, ".")
            x -= 4
