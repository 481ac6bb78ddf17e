"""Turn a meeting pack's story into one tagged PDF: its own pages and every brief, in one document.

Input: the pack's story (its cover and contents, then each brief's story
after a ``StartOnRightHandPage`` and a ``PageAnchor``), the root of the
structure tree they are tagged with, the pack, its briefs and their themes.
Output: the bytes of the PDF, identical for identical input. Each brief's
pages have their own page template: the brief's frame and furniture (its
"Page N of M", banners and watermark, as when it is printed alone) with the
pack footer; the pack's own pages and the blank pages that start each brief
on a right-hand page have theirs. The furniture and the tagging are the
brief's own code (``furniture``, ``marked_content``).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from reportlab.platypus import ActionFlowable, Flowable, PageBreak, PageTemplate

from briefgen import model, reportlab_compat
from briefgen.pdf import tagging
from briefgen.pdf.brief_canvas import BriefCanvas
from briefgen.pdf.copy_mark import copy_marking
from briefgen.pdf.document import OutlinedDocument, RenderedPdf, body_frame, finished_file
from briefgen.pdf.furniture import Furniture, PackFooter, watermark_label
from briefgen.pdf.marked_content import Tagger
from briefgen.records import record
from briefgen.style.stylesheet import pack_stylesheet, stylesheet
from briefgen.style.theme import Theme
from briefgen.text import markup
from briefgen.text.labels import Labels, labels_for
from briefgen.version import __version__

PACK_PAGES = "pack"  # the page template of the pack's cover and contents
BLANK_PAGES = "blank"
BRIEF_START = "start"  # the destination on each brief's first page, in the brief's scope


def brief_pages(index: int) -> str:
    """Return the name of the page template, run and destination scope of the pack's ``index``-th brief."""
    return f"brief-{index + 1}"


def brief_start(index: int) -> str:
    """Return the destination name of the first page of the ``index``-th brief, from the pack's own pages."""
    return brief_destination(index, BRIEF_START)


def brief_destination(index: int, name: str) -> str:
    """Return the name the ``index``-th brief's destination ``name`` has in the pack (in the brief's scope)."""
    return _scope(brief_pages(index)) + name


def _scope(run: str) -> str:
    return f"{run}:"


class StartOnRightHandPage(ActionFlowable):
    """Marks where the page ends and ``template``'s pages begin, on a right-hand page when the pack is duplex.

    The pack document puts a blank page before it when needed; with
    ``template`` None it only pads the pack to an even number of pages.
    """

    def __init__(self, template: str | None) -> None:
        super().__init__()
        self.template = template

    def apply(self, doc: Any) -> None:
        """Never reached: ``PackDocument.filterFlowables`` replaces the marker."""
        raise TypeError("StartOnRightHandPage works only in a pack document")


class PageAnchor(ActionFlowable):
    """Names the page it falls on as a destination and bookmarks its top (``outline_page_entry``)."""

    def __init__(self, destination: str = "", outline_page_entry: tuple[str, int] | None = None) -> None:
        super().__init__()
        self.destination = destination
        self.outline_page_entry = outline_page_entry

    def apply(self, doc: Any) -> None:
        """Make the page just begun the destination."""
        if self.destination:
            doc.canv.bookmarkPage(self.destination)


@record
class _PageKind:
    name: str
    furniture: Furniture
    theme: Theme
    banner_room: float


def render_pack_pdf(
    story: list[Flowable],
    pack: model.Pack,
    briefs: Sequence[model.Brief],
    themes: Sequence[Theme],
    *,
    theme: Theme,
    marking: str,
    structure: tagging.Element,
    destinations: dict[str, str] | None = None,
    markings: Sequence[tagging.Markings] | None = None,
    articles: Sequence[tagging.Element] = (),
    copy_mark: model.CopyMark | None = None,
) -> RenderedPdf:
    """Return the pack's PDF: ``story`` in ``theme``, each brief's pages in its own theme; ``story`` is emptied.

    ``marking`` is the cover's classification, shown on the pack's own pages;
    ``destinations`` says what a link to each destination goes to, by its
    name in the pack (``brief_destination``); ``markings``, each brief's
    ``Layout.markings``. ``copy_mark`` makes the pack a numbered copy: every
    page is marked, and the mark is read first in the pack's own pages and
    in each brief's element of ``articles`` (the briefs' ``Art`` elements, in
    order). With the pack's ``pdfa``, the PDF is PDF/A-2b.
    """
    buffer = io.BytesIO()
    kinds = _page_kinds(pack, briefs, themes, theme, marking, markings or [tagging.NO_MARKINGS] * len(briefs))
    if copy_mark is not None:
        kinds = _marked(kinds, copy_mark, structure, articles, briefs)
    document = PackDocument(buffer, pack, briefs, theme, kinds)
    canvas_maker = functools.partial(
        BriefCanvas,
        furniture=kinds[0].furniture,
        tagger=Tagger(structure),
        archival=pack.pdfa,
        destinations=destinations,
    )
    document.build(story, canvasmaker=canvas_maker)
    reportlab_compat.release_document(document)
    return RenderedPdf(finished_file(buffer), document.page)


def _page_kinds(
    pack: model.Pack,
    briefs: Sequence[model.Brief],
    themes: Sequence[Theme],
    theme: Theme,
    marking: str,
    markings: Sequence[tagging.Markings],
) -> list[_PageKind]:
    styles = {**stylesheet(theme), **pack_stylesheet(theme)}
    words = pack_labels(briefs, theme)
    footer = PackFooter(markup.plain_text(pack.title), pack.duplex, theme, styles, words)
    # The pack's own pages carry its banner in the pack.banner style (the brief's banner style unless a theme
    # says otherwise); a brief's pages keep their own.
    own_styles = {**styles, "banner": styles["pack.banner"]}
    own = Furniture(
        theme, own_styles, markup.plain_text(marking), "", "", None, footer=False, pack_footer=footer, words=words
    )
    own = replace(own, run=PACK_PAGES)
    kinds = [
        _PageKind(PACK_PAGES, own, theme, 0),
        _PageKind(BLANK_PAGES, replace(own, note=words("blank_page")), theme, 0),
    ]
    for index, (brief, brief_theme, read) in enumerate(zip(briefs, themes, markings, strict=True)):
        name = brief_pages(index)
        label = watermark_label(brief, None, labels_for(brief.lang, brief_theme.labels))
        furniture = Furniture.of(brief, brief_theme, label, read)
        furniture = replace(furniture, pack_footer=footer, run=name, scope=_scope(name))
        banner_room = brief_theme.furniture.banner.room if brief.classification else 0
        kinds.append(_PageKind(name, furniture, brief_theme, banner_room))
    return kinds


def pack_language(briefs: Sequence[model.Brief]) -> str:
    """Return the language of a pack's own pages: its first brief's (the document's /Lang)."""
    return briefs[0].lang if briefs else "en"


def pack_labels(briefs: Sequence[model.Brief], theme: Theme) -> Labels:
    """Return the labels of a pack's own pages, in ``theme`` (the pack's)."""
    return labels_for(pack_language(briefs), theme.labels)


def _marked(
    kinds: list[_PageKind],
    mark: model.CopyMark,
    structure: tagging.Element,
    articles: Sequence[tagging.Element],
    briefs: Sequence[model.Brief],
) -> list[_PageKind]:
    """Give every kind of page ``mark``: read in the pack's element on its own pages, in each brief's on the brief's."""
    own = copy_marking(mark, structure, kinds[0].furniture.words)
    marked = [replace(kind, furniture=replace(kind.furniture, copy=own)) for kind in kinds[:2]]
    for kind, article in zip(kinds[2:], articles, strict=True):
        words = kind.furniture.words
        marked.append(replace(kind, furniture=replace(kind.furniture, copy=copy_marking(mark, article, words))))
    return marked


def _begin_page(kind: _PageKind, canvas: BriefCanvas, document: PackDocument) -> None:
    canvas.use_furniture(kind.furniture)
    document.bookmark_rise = kind.theme.furniture.bookmark_rise  # the bookmarks on this page open as its theme says


class PackDocument(OutlinedDocument):
    """The pack as one document: a page template per kind of page, blank pages where duplex printing needs them."""

    def __init__(
        self,
        target: io.BytesIO,
        pack: model.Pack,
        briefs: Sequence[model.Brief],
        theme: Theme,
        kinds: Sequence[_PageKind],
    ) -> None:
        keywords = dict.fromkeys(tag for brief in briefs for tag in brief.tags)
        organizations = dict.fromkeys(brief.organization for brief in briefs if brief.organization)
        lang = pack_language(briefs)
        super().__init__(
            target,
            pagesize=theme.page,
            title=markup.plain_text(pack.title),
            author=pack.organization or ", ".join(organizations),
            subject=pack_labels(briefs, theme)(
                "pack_subject", titles="; ".join(markup.plain_text(brief.title) for brief in briefs)
            ),
            keywords=", ".join(keywords),
            creator=f"briefgen {__version__}",
            producer=f"briefgen {__version__} (ReportLab)",
            invariant=1,
            lang=lang,
            displayDocTitle=1,
            initialFontName=stylesheet(theme, lang)["body"].fontName,  # not ReportLab's unembedded Helvetica
        )
        self.bookmark_rise = theme.furniture.bookmark_rise  # each page template sets its own theme's
        self.two_sided = pack.duplex  # not "duplex": ReportLab reads that as a viewer preference
        self.addPageTemplates(
            [
                PageTemplate(
                    id=kind.name,
                    frames=[body_frame(kind.theme, kind.banner_room)],
                    onPage=functools.partial(_begin_page, kind),
                )
                for kind in kinds
            ]
        )

    def filterFlowables(self, flowables: list[Flowable | None]) -> None:  # noqa: N802 (ReportLab API)
        """Replace a ``StartOnRightHandPage`` with page breaks, and a blank page if the next page is a back."""
        start = flowables[0]
        if not isinstance(start, StartOnRightHandPage):
            return
        following: list[Flowable | None] = []
        # The current page has content; the next one is a left-hand page (a back) when this one is odd.
        if self.two_sided and self.page % 2 == 1:
            following += [PageBreak(BLANK_PAGES), PageAnchor()]  # the anchor begins the blank page
        if start.template is not None:
            following.append(PageBreak(start.template))
        flowables[0:1] = following or [None]  # None: ReportLab drops it
