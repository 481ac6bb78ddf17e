"""Collect marked content and link annotations while pages are drawn: the ``Tagger``.

Input: flowables tagged through ``pdf.tagging``, drawn on a ``TaggingCanvas``.
Output, in the same pass: every drawn piece of content wrapped in
``BDC``/``EMC`` with an MCID (or in ``/Artifact``), each page's
``/StructParents`` and ``/Tabs /S``, each link annotation's ``/StructParent``
and ``/Contents``; when the canvas is saved, ``structure_tree`` writes the
StructTreeRoot, its ParentTree and ``/MarkInfo``. Drawing only attaches
content to elements, so a paragraph split over two pages is still one ``P``
with content on both pages.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import field
from typing import Any

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObjectReference,
)
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from briefgen import reportlab_compat
from briefgen.pdf.metadata import text_string
from briefgen.pdf.shaped_marking import ShapedMarking
from briefgen.pdf.structure_tree import ParentTree, StructElem, with_content
from briefgen.pdf.tagging import (
    ROLE_MAP,
    AnnotationRef,
    Artifact,
    Element,
    MarkedContent,
)
from briefgen.records import record

# /F 4 is the Print flag: PDF/A requires it on every annotation.
_PRINT_FLAG = 4


@record(frozen=False)
class _Open:
    """An open marked-content sequence: an artifact, or content of ``element``."""

    element: Element | None
    properties: str = ""


@record(frozen=False)
class _LinkSplit:
    """How a paragraph's text object is cut so that each link's text is content of its ``Link`` element.

    Kept on the text object while ReportLab fills it (see ``Tagger.link_text``)
    and applied when the canvas draws it.
    """

    owner: Element  # the element the rest of the paragraph's text belongs to
    inserts: list[tuple[int, str]] = field(default_factory=list)  # operators to put before code[index]
    link: Element | None = None  # the Link whose text was drawn last
    ended: int | None = None  # where that link's (or language span's) text ended, if a line break may yet continue it
    span: Element | None = None  # the Span of another language whose text is being drawn


class Tagger(ShapedMarking):
    """Collects marked content and annotations while pages are drawn, and writes the structure tree."""

    def __init__(self, root: Element) -> None:
        self.root = root
        self._stack: list[_Open] = []
        self._page_mcids: list[Element] = []
        self._parent_tree: dict[int, Element | list[Element]] = {}
        self._next_key = 0
        self._pending_body: Element | None = None
        self._page_has_annotations = False
        self._link_urls: dict[int, str] = {}  # id of each Link element: the address it goes to
        self._awaiting_annotation: list[Element] = []  # Link elements whose line's annotation comes next
        # A paragraph split over two pages may split a link: (id of the paragraph's element, address, Link).
        self._link_to_continue: tuple[int, str, Element] | None = None

    # Marked content ---------------------------------------------------------

    def begin_marking(self, canvas: Canvas, flowable: Any) -> bool:
        """Open the marked content of ``flowable``'s element; return whether anything was opened.

        Not a context manager: it runs for every flowable drawn, and a
        generator-based one cost a tenth of tagging.
        """
        element = flowable.struct
        if isinstance(element, Artifact):
            return self._open_artifact(canvas, "")
        self._suspend(canvas)
        if element.is_container:
            opened = _Open(None, "/Artifact BMC")
            self._stack.append(opened)
            reportlab_compat.page_operators(canvas).append(opened.properties)
        else:
            label = getattr(flowable, "struct_label", None)
            if label is not None and getattr(flowable, "bulletText", None):
                self._pending_body = element
                self._begin(canvas, label)
            else:
                self._begin(canvas, element)
        return True

    def end_marking(self, canvas: Canvas, flowable: Any, opened: bool) -> None:
        """Close what ``begin_marking`` opened for ``flowable`` (if ``opened``), once it is drawn."""
        if opened:
            if not isinstance(flowable.struct, Artifact):
                self._pending_body = None
            self._close(canvas)

    @contextlib.contextmanager
    def artifact(self, canvas: Canvas, kind: str = "") -> Iterator[None]:
        """Mark what is drawn inside the block as an artifact."""
        opened = self._open_artifact(canvas, kind)
        try:
            yield
        finally:
            if opened:
                self._close(canvas)

    @contextlib.contextmanager
    def content(self, canvas: Canvas, element: Element) -> Iterator[None]:
        """Mark what is drawn inside the block as content of ``element``: furniture that is read, not decoration."""
        self._suspend(canvas)
        self._begin(canvas, element)
        try:
            yield
        finally:
            self._close(canvas)

    def _open_artifact(self, canvas: Canvas, kind: str) -> bool:
        if self._stack and self._stack[-1].element is None:
            return False  # already inside an artifact
        self._suspend(canvas)
        properties = f"/Artifact <</Type /Pagination /Subtype /{kind}>> BDC" if kind else "/Artifact BMC"
        self._stack.append(_Open(None, properties))
        reportlab_compat.page_operators(canvas).append(properties)
        return True

    def _close(self, canvas: Canvas) -> None:
        self._stack.pop()
        reportlab_compat.page_operators(canvas).append("EMC")
        self._resume(canvas)

    def text_drawn(self, canvas: Canvas) -> None:
        """After a list item's first text object (its bullet), switch from ``Lbl`` to ``LBody`` content."""
        if self._pending_body is None:
            return
        body, self._pending_body = self._pending_body, None
        self._stack.pop()
        reportlab_compat.page_operators(canvas).append("EMC")
        self._begin(canvas, body)

    def _begin(self, canvas: Canvas, element: Element) -> None:
        opened = _Open(element, self._open_code(canvas, element))
        self._stack.append(opened)
        reportlab_compat.page_operators(canvas).append(opened.properties)

    def _open_code(self, canvas: Canvas, element: Element) -> str:
        """Give ``element`` the page's next MCID and return the operator that opens its marked content."""
        mcid = len(self._page_mcids)
        self._page_mcids.append(element)
        element.kids.append(MarkedContent(reportlab_compat.page_number(canvas), mcid))
        return f"/{element.role} <</MCID {mcid}>> BDC"

    def _suspend(self, canvas: Canvas) -> None:
        # Marked content may nest, but an MCID inside another MCID or inside an
        # Artifact is not allowed (PDF/UA): close the enclosing sequence first.
        if self._stack:
            reportlab_compat.page_operators(canvas).append("EMC")

    def _resume(self, canvas: Canvas) -> None:
        if not self._stack:
            return
        top = self._stack.pop()
        if top.element is None:
            self._stack.append(top)
            reportlab_compat.page_operators(canvas).append(top.properties)
        else:
            self._begin(canvas, top.element)

    # Annotations and pages ---------------------------------------------------

    def link_entries(self, url: str) -> tuple[int, dict[str, Any]]:
        """Return the parent-tree key and the extra dictionary entries for a new link annotation."""
        key = self._next_key
        self._next_key += 1
        return key, {"Contents": text_string(url), "StructParent": key, "F": _PRINT_FLAG}

    def link_added(self, canvas: Canvas, key: int, url: str, annotation: PDFObjectReference) -> None:
        """Attach the annotation just added to its ``Link`` element inside the element being drawn."""
        self._page_has_annotations = True
        awaiting = self._awaiting_annotation
        current = self._drawing()
        if awaiting and self._link_urls.get(id(awaiting[0])) == url:
            link = awaiting.pop(0)  # its text was marked as the line was set (link_text)
        elif current is not None and current.role == "Link" and id(current) not in self._link_urls:
            link = current  # a flowable tagged as a Link (a pack's contents entry): what it draws is the link's text
            self._link_urls[id(link)] = url
        else:
            owner = current or self.root
            # A link broken over two lines is two annotations of one Link.
            last = owner.kids[-1] if owner.kids else None
            if isinstance(last, Element) and last.role == "Link" and self._link_urls.get(id(last)) == url:
                link = last
            else:
                link = self._new_link(owner, url)
        link.kids.append(AnnotationRef(reportlab_compat.page_number(canvas), annotation, url))
        self._parent_tree[key] = link

    def _drawing(self) -> Element | None:
        """Return the element whose content is being drawn, if any."""
        return next((o.element for o in reversed(self._stack) if o.element is not None), None)

    def _new_link(self, owner: Element, url: str) -> Element:
        link = owner.child("Link")
        self._link_urls[id(link)] = url
        return link

    def link_text(self, text: PDFTextObject, url: str, kind: str) -> None:
        """Mark where a link's text starts or ends in a paragraph's text object (ReportLab's ``_linkRecord``).

        A link's text must be content of its ``Link`` element, so the
        paragraph's marked content is cut around it. ReportLab calls this for
        each line a link is on: "start" just after the link's first run of the
        line went into the text object, "end" where its text stops. Marked
        content and text objects must nest, so the paragraph's own content
        moves inside the text object too; ``finish_text`` applies the cuts.
        """
        split = self._split_of(text)
        if split is None:
            return  # decoration, or a list label: nothing to give the link's text to
        code = reportlab_compat.text_operators(text)
        if kind == "end":
            split.ended = len(code)
            return
        if split.ended is not None:
            # The same link on the next line, with no text of the paragraph's between: one run.
            if not (
                split.link is not None
                and self._link_urls.get(id(split.link)) == url
                and not _shows_text(code[split.ended : -1])
            ):
                split.inserts.append(
                    (split.ended, "EMC " + self._open_code(reportlab_compat.text_canvas(text), split.owner))
                )
                split.link = None
            split.ended = None
        if split.link is None:
            continued = self._link_to_continue
            if continued and continued[:2] == (id(split.owner), url) and not _shows_text(code[1:-1]):
                split.link = continued[2]  # the rest of a link the page broke
            else:
                split.link = self._new_link(split.owner, url)
            split.inserts.append(
                (len(code) - 1, "EMC " + self._open_code(reportlab_compat.text_canvas(text), split.link))
            )
        self._awaiting_annotation.append(split.link)

    def _split_of(self, text: PDFTextObject) -> _LinkSplit | None:
        """Return how ``text`` is cut, starting to cut it if need be; None if its text is no element's content."""
        split: _LinkSplit | None = vars(text).get("link_split")
        if split is None:
            top = self._stack[-1] if self._stack else None
            if top is None or top.element is None or self._pending_body is not None:
                return None
            split = text.link_split = _LinkSplit(top.element)
            split.inserts.append((1, self._open_code(reportlab_compat.text_canvas(text), split.owner)))  # just after BT
        return split

    def language_span(self, text: PDFTextObject, lang: str) -> None:
        """Mark where a run of another language starts (``lang``, its tag) or ends ("") in a paragraph's text.

        The run becomes the content of a ``Span`` with that ``/Lang``, a
        child of the paragraph's element, as a link's text is of its
        ``Link``; called as the paragraph fills its text object, so the cut
        goes exactly where the call comes. A run inside a link's text is left
        to the link.
        """
        split = self._split_of(text)
        if split is None:
            return
        code = reportlab_compat.text_operators(text)
        canvas = reportlab_compat.text_canvas(text)
        if lang:
            if split.link is not None and split.ended is None:
                return  # inside a link's text
            if split.ended is not None and _shows_text(code[split.ended :]):
                # The paragraph's own text came between the last link or span and this one.
                split.inserts.append((split.ended, "EMC " + self._open_code(canvas, split.owner)))
            split.span = split.owner.child("Span", lang=lang)
            split.inserts.append((len(code), "EMC " + self._open_code(canvas, split.span)))
            split.link = split.ended = None
        elif split.span is not None:
            split.span, split.link, split.ended = None, None, len(code)  # the paragraph's own text resumes

    def whole_link_split(self, text: PDFTextObject) -> _LinkSplit | None:
        """Return the cut for a paragraph that is one link and nothing else, or None for any other text.

        ReportLab sets such a paragraph without ``_linkRecord`` calls: it
        annotates each line (``link_added`` gives the paragraph's element a
        ``Link`` then) and keeps the link in the text object's ``XtraState``.
        All of the text object's content goes to that Link.
        """
        links = reportlab_compat.whole_paragraph_links(text)
        top = self._stack[-1] if self._stack else None
        if not isinstance(links, list) or len(links) != 1 or top is None or top.element is None:
            return None
        owner = top.element
        link = owner.kids[-1] if owner.kids else None
        if not (isinstance(link, Element) and link.role == "Link" and self._link_urls.get(id(link)) == links[0][1]):
            return None
        split = _LinkSplit(owner, link=link)
        split.inserts.append((1, self._open_code(reportlab_compat.text_canvas(text), link)))  # just after BT
        return split

    def finish_text(self, canvas: Canvas, text: PDFTextObject, split: _LinkSplit) -> None:
        """Cut ``text``'s code as ``link_text`` marked it, before the canvas draws it; ``reopen_after_text`` follows."""
        code = reportlab_compat.text_operators(text)
        self._link_to_continue = None
        if split.ended is not None and _shows_text(code[split.ended :]):
            split.inserts.append((split.ended, "EMC " + self._open_code(canvas, split.owner)))
        elif split.ended is not None and split.link is not None:
            self._link_to_continue = (id(split.owner), self._link_urls[id(split.link)], split.link)
        # Stable: cuts made at one place keep their order.
        for index, operators in reversed(sorted(split.inserts, key=lambda insert: insert[0])):
            code.insert(index, operators)
        code.append("EMC")  # what is open inside the text object closes before its ET
        self._suspend(canvas)  # and what was open outside it, before its BT
        self._awaiting_annotation.clear()

    def reopen_after_text(self, canvas: Canvas) -> None:
        """Open the paragraph's marked content again after a text object ``finish_text`` cut."""
        self._resume(canvas)

    def end_page(self, page: Any) -> None:
        """Record the page just finished: its ParentTree entry, ``/StructParents`` and ``/Tabs``."""
        entries: dict[str, Any] = {}
        if self._page_mcids:
            key = self._next_key
            self._next_key += 1
            self._parent_tree[key] = self._page_mcids
            entries["StructParents"] = key
        if self._page_has_annotations:
            entries["Tabs"] = PDFName("S")
        if entries:
            reportlab_compat.add_entries(page, **entries)
        self._page_mcids = []
        self._page_has_annotations = False

    # Writing ------------------------------------------------------------------

    def write(self, document: Any) -> None:
        """Add the StructTreeRoot, ParentTree and MarkInfo to ``document``'s catalog."""
        # Elements nothing was drawn for (an empty label, say) are left out of the file.
        elements, parents = with_content(self.root)
        refs = {id(e): PDFObjectReference(f"StructElem{i}") for i, e in enumerate(elements)}
        pages: dict[int, bytes] = {}
        for value in self._parent_tree.values():
            for element in value if isinstance(value, list) else [value]:
                if id(element) not in refs:
                    raise ValueError(
                        f"a {element.role} element was drawn but is not in the document's structure tree; "
                        "create it as a descendant of the layout's root element"
                    )
        tree_root = PDFDictionary({"Type": PDFName("StructTreeRoot")})
        tree_root_ref = document.Reference(tree_root, "StructTreeRoot")
        for element in elements:
            parent = refs[parents[id(element)]] if element is not self.root else tree_root_ref
            document.Reference(StructElem(element, parent, refs, pages), refs[id(element)].name)
        entries: list[tuple[int, PDFObjectReference | list[PDFObjectReference]]] = []
        for key in sorted(self._parent_tree):
            value = self._parent_tree[key]
            entries.append((key, [refs[id(e)] for e in value] if isinstance(value, list) else refs[id(value)]))
        tree_root["K"] = PDFArray([refs[id(self.root)]])
        tree_root["ParentTree"] = document.Reference(ParentTree(entries), "ParentTree")
        tree_root["ParentTreeNextKey"] = self._next_key
        used = {e.role for e in elements if e.role in ROLE_MAP}
        if used:
            tree_root["RoleMap"] = PDFDictionary({role: PDFName(ROLE_MAP[role]) for role in sorted(used)})
        catalog = document.Catalog
        catalog.StructTreeRoot = tree_root
        catalog.MarkInfo = PDFDictionary({"Marked": "true"})


def _shows_text(code: list[str]) -> bool:
    # Whether these text-object operators show any text (Tj, TJ, ' or "), not only move or restyle it.
    return any(operator.endswith(("Tj", "TJ", "'", '"')) or " Tj " in operator for operator in code)
