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
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link
from pypdf.generic import BooleanObject, Destination, Fit, NameObject, TextStringObject
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit

from briefgen import model
from briefgen.model import Pack
from briefgen.pack.furniture import (
    _CONTENTS_DROP,
    _GAP,
    _LABEL_WIDTH,
    _PAGE_COLUMN,
    Furniture,
    _Entry,
    _fit,
    _LinkSpot,
    _text_width,
)
from briefgen.pack.plan import PackPage, brief_starts, plan_pages
from briefgen.style.stylesheet import pack_stylesheet
from briefgen.style.theme import Theme
from briefgen.text import markup
from briefgen.text.dates import format_date
from briefgen.version import __version__

_INVARIANT_DATE = "D:20000101000000+00'00'"  # what ReportLab's invariant mode writes into the briefs


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
    drawing = Furniture(pack, briefs, plan, starts, styles, theme, marking)
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
