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
from dataclasses import replace
from typing import Any

from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from briefgen import model, reportlab_compat
from briefgen.pdf import tagging
from briefgen.pdf.brief_canvas import BriefCanvas
from briefgen.pdf.copy_mark import copy_marking
from briefgen.pdf.furniture import Furniture, watermark_label
from briefgen.pdf.marked_content import Tagger
from briefgen.pdf.outline import OutlineEntry
from briefgen.pdf.serialising import end_streams_with_eol
from briefgen.records import record
from briefgen.style.stylesheet import stylesheet
from briefgen.style.theme import Theme
from briefgen.text import markup
from briefgen.text.labels import labels_for
from briefgen.version import __version__


@record
class RenderedPdf:
    """The bytes of a finished PDF, how many pages it has, and how full its last page's text area is (0 to 1)."""

    data: bytes
    pages: int
    last_page_fill: float = 1.0


@record
class DrawnPdf:
    """A document laid out and drawn but not yet written: its pages, to judge it, and ``write`` to finish it.

    Writing (fonts subset and embedded, objects serialised, streams
    compressed) is about a third of a brief's time; a layout that is tried
    and dropped (a tighter theme that does not pull a last page back) need
    not pay it.
    """

    pages: int
    last_page_fill: float
    canvas: BriefCanvas
    buffer: io.BytesIO

    def write(self) -> RenderedPdf:
        """Write the file and return it; call once."""
        self.canvas.save_held()  # writes the file finished: its streams ended
        return RenderedPdf(self.buffer.getvalue(), self.pages, self.last_page_fill)


def draw_pdf(
    story: list[Flowable],
    brief: model.Brief,
    theme: Theme,
    *,
    structure: tagging.Element | None = None,
    archival: bool = False,
    watermark: str | None = None,
    destinations: dict[str, str] | None = None,
    markings: tagging.Markings | None = None,
    copy_mark: model.CopyMark | None = None,
    drawing: bool = True,
) -> DrawnPdf:
    """Lay out and draw ``story`` with ``brief``'s metadata and running footer; ``story`` is emptied.

    ``DrawnPdf.write`` then writes the file. With ``structure`` (the root
    element layout tagged the story with) the PDF is tagged; with
    ``archival`` it is PDF/A-2b. ``watermark`` is printed across every page
    and in the footer; by default it is "DRAFT" for a brief whose status is
    draft and nothing otherwise. ``destinations`` says what a link to each
    destination the story names goes to (``Layout.destinations``);
    ``markings`` are the elements the first page's banner and watermark are
    drawn into (``Layout.markings``). ``copy_mark`` makes the PDF a numbered
    copy, marked on every page.

    With ``drawing`` false the story is laid out and none of it drawn, for a
    layout tried only to learn its pages and last page's fill (never to be
    written): ReportLab places each flowable (wraps it, splits it, moves down
    the frame) before it draws it, and drawing moves nothing, so both are
    those of the drawn layout. The page furniture is drawn all the same.
    """
    frame = Frame if drawing else _PlacingFrame
    buffer = io.BytesIO()
    document = _BriefDocument(buffer, brief, theme, frame)
    tagger = Tagger(structure) if structure is not None else None
    label = watermark_label(brief, watermark, labels_for(brief.lang, theme.labels))
    furniture = Furniture.of(brief, theme, label, markings or tagging.NO_MARKINGS)
    if copy_mark is not None:
        furniture = replace(furniture, copy=copy_marking(copy_mark, structure, furniture.words))
    canvas_maker = functools.partial(
        BriefCanvas,
        furniture=furniture,
        tagger=tagger,
        archival=archival,
        destinations=destinations,
        hold_save=True,
    )
    # ReportLab takes each flowable off the list as it draws it; with no copy, what is drawn is freed.
    document.build(story, canvasmaker=canvas_maker)
    reportlab_compat.release_document(document)
    return DrawnPdf(document.page, document.last_page_fill, document.canv, buffer)


class _PlacingFrame(Frame):
    """A frame that places each flowable as ``Frame`` does, and does not draw it."""

    def add(self, flowable: Flowable, canv: Any, trySplit: int = 0) -> int:  # noqa: N803 (ReportLab API)
        """Place ``flowable`` as ``Frame.add`` does, its ``drawOn`` doing nothing meanwhile."""
        flowable.drawOn = _draw_nothing
        try:
            placed: int = super().add(flowable, canv, trySplit=trySplit)
        finally:
            del flowable.drawOn
        return placed


def _draw_nothing(*_args: Any, **_kwargs: Any) -> None:
    return None


def finished_file(buffer: io.BytesIO) -> bytes:
    """Return the file ReportLab wrote to ``buffer``, each stream ended as PDF 1.7 and PDF/A-2 want."""
    return end_streams_with_eol(buffer.getvalue())


class OutlinedDocument(BaseDocTemplate):
    """A document that turns flowables carrying outline entries into bookmarks.

    ``outline_entry = (title, level)`` on a flowable bookmarks its top;
    ``outline_page_entry = (title, level)`` bookmarks the top of its page, and
    the entries of the flowables after it nest under it (a pack's brief, with
    the brief's own sections inside). A bookmark opens the page
    ``bookmark_rise`` above its flowable's top: the theme's
    ``furniture.bookmark_rise``, of the theme the page is laid out in.
    """

    outline_nesting = 0  # how many levels below the top the flowables' own entries go
    bookmark_rise: float  # set by each document from its theme

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (ReportLab API)
        """Add an outline entry for flowables that start one."""
        page_entry = getattr(flowable, "outline_page_entry", None)
        if page_entry is not None:
            title, level = page_entry
            self.canv.outline.append(OutlineEntry(title, self.page, self.pagesize[1], level))
            self.outline_nesting = level + 1
            return
        entry = getattr(flowable, "outline_entry", None)
        if entry is None:
            return
        title, level = entry
        top = reportlab_compat.frame_cursor(self.frame) + flowable.height + self.bookmark_rise
        self.canv.outline.append(OutlineEntry(title, self.page, top, level + self.outline_nesting))


def body_frame(theme: Theme, banner_room: float, frame: type[Frame] = Frame) -> Frame:
    """Return the one column of a page of ``theme``, ``banner_room`` further in at top and bottom."""
    width, height = theme.page
    left, right = theme.margin_left, theme.margin_right
    top, bottom = theme.margin_top + banner_room, theme.margin_bottom + banner_room
    return frame(
        left,
        bottom,
        width - left - right,
        height - top - bottom,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )


class _BriefDocument(OutlinedDocument):
    """A one-column document with the brief's metadata."""

    def __init__(self, target: io.BytesIO, brief: model.Brief, theme: Theme, frame: type[Frame] = Frame) -> None:
        banner_room = theme.furniture.banner.room if brief.classification else 0
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
        self.bookmark_rise = theme.furniture.bookmark_rise
        self.addPageTemplates([PageTemplate(id="page", frames=[body_frame(theme, banner_room, frame)])])
        self.text_top = theme.page[1] - theme.margin_top - banner_room
        self.text_height = self.text_top - theme.margin_bottom - banner_room
        self.last_page_fill = 0.0

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (ReportLab API)
        """Add outline entries, and note how far down its page the last flowable so far ends."""
        super().afterFlowable(flowable)
        if self.frame is not None:  # None after a page break, until the next page's frame is made
            self.last_page_fill = (self.text_top - reportlab_compat.frame_cursor(self.frame)) / self.text_height
