"""Mark what a shaped line draws as content of its own elements: a link's text, a run in another language.

Input: the ``Tagger`` drawing a page (this is a mixin of it) and the element
whose glyphs come next. Output: the marked content switched, around those
glyphs, from the paragraph's element to a ``Link`` (whose annotation must be
added next) or a ``Span`` with its ``/Lang``, and back. ReportLab's
paragraphs say where a link or a language starts while they fill a text
object (``Tagger.link_text``, ``Tagger.language_span``); a shaped paragraph
draws its glyphs itself and says so around each piece.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfgen.canvas import Canvas

from briefgen.pdf.tagging import Element


class ShapedMarking:
    """The Tagger's marking of the links and languages of text drawn glyph by glyph."""

    _stack: list[Any]
    _pending_body: Element | None
    _awaiting_annotation: list[Element]

    def begin_child_text(
        self, canvas: Canvas, child: Element | None = None, *, url: str = "", lang: str = ""
    ) -> Element | None:
        """Make what is drawn next the content of ``child``, or of a new ``Link`` to ``url`` or ``Span`` in ``lang``.

        The new element is a child of the one being drawn. A link's
        annotation must be added next (``link_added`` gives it to the Link);
        ``end_child_text`` goes back to the element's own content. Returns the
        child, to pass again for its next piece (a link broken over two lines
        is one Link), or None when nothing is drawn as content (decoration, a
        list's label).
        """
        top = self._stack[-1] if self._stack else None
        if top is None or top.element is None or self._pending_body is not None:
            return None
        if child is None:
            child = self._new_link(top.element, url) if url else top.element.child("Span", lang=lang)
        if url:
            self._awaiting_annotation.append(child)
        self._suspend(canvas)
        self._begin(canvas, child)
        return child

    def end_child_text(self, canvas: Canvas) -> None:
        """End what ``begin_child_text`` began: the element's own content goes on."""
        self._close(canvas)

    # The Tagger's own, which these build on.

    def _new_link(self, owner: Element, url: str) -> Element:
        raise NotImplementedError

    def _suspend(self, canvas: Canvas) -> None:
        raise NotImplementedError

    def _begin(self, canvas: Canvas, element: Element) -> None:
        raise NotImplementedError

    def _close(self, canvas: Canvas) -> None:
        raise NotImplementedError
