"""Turn a pack's briefs (their PDFs) into the pack's PDF bytes: the pack's own pages, then the merge.

Input: a validated ``pack.Pack``, its briefs, each brief's PDF as rendered on
its own, the theme and the cover's classification. Output: the bytes of the
pack and its page count, identical for identical input.

Two steps. ReportLab draws a "furniture" document with exactly one page per
pack page: the cover, the contents and the blank pages in full, and on the
pages where a brief goes only the pack footer. pypdf then builds the pack page
by page: a pack page is either the furniture page itself, or the brief's page
with the furniture page laid over it. Because the furniture's pages line up
with the pack's, the contents' link rectangles are known while drawing and
become link annotations on the same pages. The briefs are appended with
``PdfWriter.append``, which re-points their internal links at the copied pages
and keeps their URI links; all furniture pages share one embedding of its fonts.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link
from pypdf.generic import BooleanObject, Destination, Fit, NameObject, TextStringObject
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from briefgen import __version__, markup, model
from briefgen.layout import format_date
from briefgen.pack import Pack, PackPage, brief_starts, plan_pages
from briefgen.theme import Theme, colour, pack_stylesheet

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
_INVARIANT_DATE = "D:20000101000000+00'00'"  # what ReportLab's invariant mode writes into the briefs


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


def render_pack(
    pack: Pack, briefs: Sequence[model.Brief], pdfs: Sequence[bytes], theme: Theme, marking: str
) -> tuple[bytes, int]:
    """Return the pack's PDF bytes and page count."""
    styles = pack_stylesheet(theme)
    readers = [PdfReader(io.BytesIO(data)) for data in pdfs]
    entries = [
        _entry(pack.items[i].label, brief, len(readers[i].pages), styles, theme) for i, brief in enumerate(briefs)
    ]
    contents = _paginate_contents(entries, styles, theme)
    plan = plan_pages(len(contents), [len(reader.pages) for reader in readers], duplex=pack.duplex)
    starts = brief_starts(plan)
    drawing = _Furniture(pack, briefs, plan, starts, styles, theme, marking)
    furniture = drawing.render(entries, contents)
    return _assemble(pack, briefs, readers, furniture, plan, starts, drawing.links, theme), len(plan)


def _entry(label: str, brief: model.Brief, pages: int, styles: dict[str, ParagraphStyle], theme: Theme) -> _Entry:
    title_style, detail_style = styles["pack.item.title"], styles["pack.item.detail"]
    width = _text_width(theme) - _LABEL_WIDTH - _PAGE_COLUMN - _GAP
    lines = simpleSplit(markup.plain_text(brief.title), title_style.fontName, title_style.fontSize, width)
    parts = [brief.organization, format_date(brief.date) if brief.date else "", brief.classification.upper()]
    detail = "  ·  ".join([p for p in parts if p] + [f"{pages} page{'s' if pages != 1 else ''}"])
    height = title_style.spaceBefore + len(lines) * title_style.leading + detail_style.leading
    return _Entry(label, tuple(lines), _fit(detail, detail_style, width), height)


def _text_width(theme: Theme) -> float:
    return theme.page[0] - theme.margin_left - theme.margin_right


def _contents_top(theme: Theme, styles: dict[str, ParagraphStyle]) -> float:
    """Return where the first entry starts, below the contents heading and its rule."""
    heading, meta = styles["pack.contents.title"], styles["pack.item.detail"]
    return float(theme.page[1] - theme.margin_top - _CONTENTS_DROP - heading.leading - meta.leading - _GAP)


def _paginate_contents(
    entries: Sequence[_Entry], styles: dict[str, ParagraphStyle], theme: Theme
) -> list[list[tuple[int, float]]]:
    """Return the contents pages, each a list of (entry index, top of the entry)."""
    floor = theme.margin_bottom + 20
    pages: list[list[tuple[int, float]]] = [[]]
    y = _contents_top(theme, styles)
    for index, entry in enumerate(entries):
        if y - entry.height < floor and pages[-1]:
            pages.append([])
            y = _contents_top(theme, styles)
        pages[-1].append((index, y))
        y -= entry.height
    return pages


def _fit(text: str, style: ParagraphStyle, width: float) -> str:
    """Return ``text`` cut with an ellipsis to fit ``width`` in ``style``'s font."""
    if stringWidth(text, style.fontName, style.fontSize) <= width:
        return text
    while text and stringWidth(text + "\u2026", style.fontName, style.fontSize) > width:
        text = text[:-1]
    return text.rstrip() + "\u2026"


class _Furniture:
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


def _assemble(
    pack: Pack,
    briefs: Sequence[model.Brief],
    readers: Sequence[PdfReader],
    furniture: bytes,
    plan: Sequence[PackPage],
    starts: Sequence[int],
    links: Sequence[_LinkSpot],
    theme: Theme,
) -> bytes:
    """Return the pack: furniture pages as they are, brief pages with the furniture laid over them."""
    furniture_reader = PdfReader(io.BytesIO(furniture))
    writer = PdfWriter()
    for number, page in enumerate(plan):
        if page.kind != "brief":
            writer.add_page(furniture_reader.pages[number])
        elif page.page == 0:
            # append() copies the brief's pages with their links re-pointed; the outline is rebuilt below.
            writer.append(readers[page.index], import_outline=False)
    for number, page in enumerate(plan):
        if page.kind == "brief":
            target = writer.pages[number]
            target.merge_page(furniture_reader.pages[number])
            target.compress_content_streams()
    for spot in links:
        writer.add_annotation(spot.page, Link(rect=spot.rect, target_page_index=spot.target))
    _outline(writer, pack, briefs, readers, plan, starts, theme)
    _metadata(writer, pack, briefs)
    writer.compress_identical_objects()
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _outline(
    writer: PdfWriter,
    pack: Pack,
    briefs: Sequence[model.Brief],
    readers: Sequence[PdfReader],
    plan: Sequence[PackPage],
    starts: Sequence[int],
    theme: Theme,
) -> None:
    """Add one outline: Contents, then each brief with its own bookmarks nested under it."""
    top = theme.page[1]
    contents = next(n for n, page in enumerate(plan) if page.kind == "contents")
    writer.add_outline_item(title="Contents", page_number=contents, fit=Fit.xyz(0, top, None))
    for item, brief, reader, start in zip(pack.items, briefs, readers, starts, strict=True):
        title = f"{item.label}: {markup.plain_text(brief.title)}"
        parent = writer.add_outline_item(title=title, page_number=start - 1, fit=Fit.xyz(0, top, None))
        _copy_outline(writer, reader, reader.outline, parent, start - 1)


def _copy_outline(writer: PdfWriter, reader: PdfReader, items: Any, parent: Any, offset: int) -> None:
    last = parent
    for item in items:
        if isinstance(item, list):
            _copy_outline(writer, reader, item, last, offset)
            continue
        assert isinstance(item, Destination)
        page = reader.get_destination_page_number(item)
        if page is None:
            continue
        fit = Fit.xyz(item.left, item.top, None) if item.typ == "/XYZ" else Fit.fit()
        last = writer.add_outline_item(title=str(item.title), page_number=offset + page, parent=parent, fit=fit)


def _metadata(writer: PdfWriter, pack: Pack, briefs: Sequence[model.Brief]) -> None:
    keywords: dict[str, None] = {}
    for brief in briefs:
        keywords.update(dict.fromkeys(brief.tags))
    subject = "Meeting pack: " + "; ".join(markup.plain_text(b.title) for b in briefs)
    writer.add_metadata(
        {
            "/Title": markup.plain_text(pack.title),
            "/Subject": subject,
            "/Keywords": ", ".join(keywords),
            "/Author": pack.organization or ", ".join(dict.fromkeys(b.organization for b in briefs if b.organization)),
            "/Creator": f"briefgen {__version__}",
            "/Producer": f"briefgen {__version__} (ReportLab, pypdf)",
            "/CreationDate": _INVARIANT_DATE,
            "/ModDate": _INVARIANT_DATE,
        }
    )
    writer.page_mode = "/UseOutlines"
    writer.create_viewer_preferences()[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    lang = briefs[0].lang if briefs else "en"
    writer.root_object[NameObject("/Lang")] = TextStringObject(lang)
