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
from dataclasses import dataclass

from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from briefgen import model, reportlab_compat
from briefgen.pdf import tagging
from briefgen.pdf.furniture import (
    BriefCanvas,
    Furniture,
    watermark_label,
)
from briefgen.pdf.marked_content import Tagger
from briefgen.style.stylesheet import stylesheet
from briefgen.style.theme import Theme
from briefgen.text import markup
from briefgen.version import __version__


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
    tagger = Tagger(structure) if structure is not None else None
    label = watermark_label(brief, watermark)
    canvas_maker = functools.partial(
        BriefCanvas, furniture=Furniture.of(brief, theme, label), tagger=tagger, archival=archival
    )
    # ReportLab takes each flowable off the list as it draws it; with no copy, what is drawn is freed.
    document.build(story, canvasmaker=canvas_maker)
    reportlab_compat.release_document(document)
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
        self.canv.outline.append((title, self.page, reportlab_compat.frame_cursor(self.frame) + flowable.height + 6))
