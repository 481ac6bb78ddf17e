"""A canvas that tags what is drawn: it tells the ``Tagger`` where text, links and pages begin and end.

Input: drawing calls from ReportLab's platypus. Output: the same drawing, plus
marked content, link annotations with ``/StructParent`` and ``/Contents``,
and the structure tree written when the canvas is saved.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from briefgen import reportlab_compat
from briefgen.pdf.marked_content import _PRINT_FLAG, Tagger
from briefgen.pdf.metadata import text_string
from briefgen.text.markup import LANGUAGE_MARK


class LinkMarkingText(reportlab_compat.LinkHookTextObject):
    """ReportLab's text object, passing on where each line's link text starts and ends to the canvas's tagger."""

    def link_text(self, url: str, kind: str) -> None:
        """Tell the tagger that ``url``'s text starts or ends here."""
        tagger = getattr(reportlab_compat.text_canvas(self), "tagger", None)
        if tagger is not None:
            tagger.link_text(self, url, kind)


def _language_mark(canvas: TaggingCanvas, _kind: str, lang: str | None) -> None:
    """Tell the tagger that a run of another language starts (``lang``, its tag) or ends ("") in the text here.

    A paragraph calls it for the ``onDraw`` marks ``markup`` puts around such a
    run, while it fills its text object.
    """
    if canvas.tagger is not None and canvas.text_object is not None:
        canvas.tagger.language_span(canvas.text_object, lang or "")


# PDF/UA-1 is based on ISO 32000-1, PDF 1.7; ReportLab would write the lowest version its features need (1.4).
PDF_VERSION = (1, 7)


class TaggingCanvas(Canvas):
    """A PDF 1.7 canvas that feeds its ``tagger`` (when it has one) and writes no page transitions.

    Subclasses set ``tagger`` before drawing; with ``tagger = None`` it draws
    exactly like ReportLab's canvas, less the ``/Trans`` page entry. The
    names of the destinations drawn (``<a name>``, links to them) are
    prefixed with ``destination_scope``: a meeting pack gives each brief its
    own, so that two briefs' "Table 1" links each open their own table.
    """

    tagger: Tagger | None = None
    destination_scope = ""

    def __init__(self, *args: Any, destinations: Mapping[str, str] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("pdfVersion", PDF_VERSION)
        super().__init__(*args, **kwargs)
        self.setNamedCB(LANGUAGE_MARK, _language_mark)
        self.text_object: PDFTextObject | None = None  # the one a paragraph is filling
        # What a link to each destination (its scoped name) says it goes to, for its /Contents.
        self.destinations = destinations or {}

    def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> PDFTextObject:  # noqa: N802
        """Return a text object that tells the tagger where a paragraph's links start and end."""
        self.text_object = LinkMarkingText(self, x, y, direction=direction)
        return self.text_object

    def drawText(self, aTextObject: Any) -> None:  # noqa: N802, N803 (ReportLab API)
        """Draw a text object, its links' text marked apart; then let the tagger move from a list label to its body."""
        split = vars(aTextObject).pop("link_split", None)
        if split is None and self.tagger is not None:
            split = self.tagger.whole_link_split(aTextObject)
        if split is not None and self.tagger is not None:
            self.tagger.finish_text(self, aTextObject, split)
            super().drawText(aTextObject)
            self.tagger.reopen_after_text(self)
        else:
            super().drawText(aTextObject)
        reportlab_compat.release_text_object(aTextObject)
        self.text_object = None
        if self.tagger is not None:
            self.tagger.text_drawn(self)

    def linkURL(self, url: str, rect: Any, relative: int = 0, **kw: Any) -> None:  # noqa: N802 (ReportLab API)
        """Add a link annotation with ``/Contents``, the Print flag and, when tagging, a ``Link`` element."""
        if self.tagger is None:
            super().linkURL(url, rect, relative, F=_PRINT_FLAG, Contents=text_string(url), **kw)
            return
        key, entries = self.tagger.link_entries(url)
        super().linkURL(url, rect, relative, **entries, **kw)
        self.tagger.link_added(self, key, url, reportlab_compat.latest_annotation(self))

    def linkRect(  # noqa: N802 (ReportLab API)
        self,
        contents: str,
        destinationname: str,
        Rect: Any = None,  # noqa: N803
        addtopage: int = 1,
        name: str | None = None,
        relative: int = 1,
        thickness: float = 0,
        color: Any = None,
        dashArray: Any = None,  # noqa: N803
        **kw: Any,
    ) -> None:
        """Add an internal link (to a table or figure) with ``/Contents``, the Print flag and a ``Link`` element.

        ``/Contents``, what a screen reader announces, says what the link goes
        to ("Table 1: The largest spenders"), from ``destinations``.
        """
        label = contents or self.destinations.get(self.destination_scope + destinationname, f"Go to {destinationname}")
        key, entries = self.tagger.link_entries(label) if self.tagger is not None else (0, {"F": _PRINT_FLAG})
        entries.pop("Contents", None)
        link = {"Rect": Rect, "relative": relative, "name": name, "addtopage": addtopage}
        link.update(color=color, thickness=thickness, dashArray=dashArray)
        destination = self.destination_scope + destinationname
        reportlab_compat.add_internal_link(self, destination, label, link, {**kw, **entries})
        if self.tagger is not None:
            self.tagger.link_added(self, key, f"#{destinationname}", reportlab_compat.latest_annotation(self))

    def bookmarkPage(self, key: str, *args: Any, **kwargs: Any) -> Any:  # noqa: N802 (ReportLab API)
        """Make ``key``, in the current destination scope, a destination on this page."""
        return super().bookmarkPage(self.destination_scope + key, *args, **kwargs)

    def showPage(self) -> None:  # noqa: N802 (ReportLab API)
        """Finish the page; drop ``/Trans`` (PDF/A forbids it) and record the page's structure keys."""
        super().showPage()
        page = reportlab_compat.finished_pages(self)[-1]
        reportlab_compat.drop_page_transition(page)
        if self.tagger is not None:
            self.tagger.end_page(page)

    def save(self) -> None:
        """Write the structure tree, then the file."""
        if self.tagger is not None:
            self.tagger.write(reportlab_compat.pdf_document(self))
        super().save()
