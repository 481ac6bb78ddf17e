"""Tag the PDF while it is drawn: marked content, the structure tree, and the catalog entries of a tagged PDF.

Input: flowables that carry a structure element in their ``struct`` attribute
(set by layout.py with ``tag``, ``list_item`` or ``mark_artifact``), drawn on a
``TaggingCanvas`` that holds a ``Tagger``. Output, in the same pass: every
drawn piece of content wrapped in ``BDC``/``EMC`` with an MCID (or in
``/Artifact``), and when the canvas is saved the StructTreeRoot, its
ParentTree, each page's ``/StructParents`` and ``/Tabs /S``, each link
annotation's ``/StructParent`` and ``/Contents``, and ``/MarkInfo``, all
written through ReportLab's own PDF object model.

The structure tree is built at layout time, in the brief's logical order:
creating an ``Element`` appends it to its parent. Drawing only attaches
content to elements, so a paragraph split over two pages is still one ``P``
with content on both pages.

How a flowable is tagged (the hook for every flowable type):

- ``tag(flowable, element)``: the flowable's drawing becomes content of
  ``element``. If ``element`` has child elements when it is drawn (a ``Sect``,
  ``L``, ``Table`` or ``TR``), it is a container: its own drawing (tints,
  borders, rules, grid lines) is marked ``/Artifact`` and the tagged
  flowables drawn inside it become its children's content.
- ``mark_artifact(flowable)``: the flowable is decoration.
- The flowable's class must mix in ``Tagged`` (first base), which marks the
  content in ``drawOn`` and hands the element to the parts of a split (its
  own ``split`` too, if it defines one); a class that cannot, is drawn with
  ``draw_on(flowable, canvas, x, y)`` by its container, and its split parts
  are passed through ``carry``.

Flowables without ``struct`` are drawn unmarked, so the PDF/UA checks in the
tests find them instead of content silently disappearing from the tree.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from dataclasses import InitVar, dataclass, field
from typing import Any

from reportlab.pdfbase.pdfdoc import (
    LinkAnnotation,
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObject,
    PDFObjectReference,
)
from reportlab.pdfgen.canvas import Canvas, _annFormat
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable

from briefgen.pdfa import text_string

# The structure types of PDF 1.7 (ISO 32000-1, 14.8.4), which PDF/UA-1 builds on.
_PDF17_TYPES = (
    "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private "
    "H H1 H2 H3 H4 H5 H6 P L LI Lbl LBody Table TR TH TD THead TBody TFoot "
    "Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP "
    "Figure Formula Form"
)
STANDARD_TYPES = frozenset(_PDF17_TYPES.split())
# Newer types (PDF 2.0) a flowable may use; the RoleMap maps them to PDF 1.7 types.
ROLE_MAP = {"Aside": "Sect", "Title": "H1", "FENote": "Note", "Sub": "Span", "Em": "Span", "Strong": "Span"}

# /F 4 is the Print flag: PDF/A requires it on every annotation.
_PRINT_FLAG = 4


@dataclass(frozen=True)
class MarkedContent:
    """One marked-content sequence: an MCID on a page."""

    page: int
    mcid: int


@dataclass(frozen=True)
class AnnotationRef:
    """A link annotation belonging to a structure element (an OBJR)."""

    page: int
    annotation: PDFObjectReference
    url: str = ""


@dataclass(eq=False)
class Element:
    """A structure element; creating one with a parent appends it to the parent's kids.

    An element does not keep its parent: a tree linked both ways is a reference
    cycle per element, freed only by the garbage collector's full passes.
    """

    role: str
    parent: InitVar[Element | None] = None
    alt: str = ""
    actual_text: str = ""
    lang: str = ""
    attributes: dict[str, str] = field(default_factory=dict)
    kids: list[Element | MarkedContent | AnnotationRef] = field(default_factory=list)
    # Decided when the element is first drawn (see is_container), then kept for its other parts.
    _container: bool | None = field(default=None, repr=False)

    def __post_init__(self, parent: Element | None) -> None:
        if self.role not in STANDARD_TYPES and self.role not in ROLE_MAP:
            raise ValueError(f"unknown structure type {self.role!r}; use a PDF 1.7 type or one in ROLE_MAP")
        if parent is not None:
            parent.kids.append(self)

    def child(self, role: str, **details: Any) -> Element:
        """Create and return a child element of this one, after its existing kids."""
        return Element(role, self, **details)

    @property
    def is_container(self) -> bool:
        """Return whether this element had child elements when first drawn (its own drawing is then decoration).

        Decided once: the Link children a paragraph gains while its first part
        is drawn must not turn the rest of the paragraph into decoration.
        """
        if self._container is None:
            self._container = any(isinstance(kid, Element) for kid in self.kids)
        return self._container


class _Artifact:
    """The marker for decoration: ``flowable.struct = ARTIFACT``."""

    def __repr__(self) -> str:
        return "ARTIFACT"


ARTIFACT = _Artifact()


def tag(flowable: Flowable, element: Element | _Artifact) -> Flowable:
    """Make ``flowable``'s drawing the content of ``element`` (or an artifact) and return it."""
    flowable.struct = element
    return flowable


def mark_artifact(flowable: Flowable) -> Flowable:
    """Mark ``flowable`` as decoration (rules, tints, repeated labels) and return it."""
    return tag(flowable, ARTIFACT)


def list_item(flowable: Flowable, parent_list: Element) -> Element:
    """Tag a bulleted or numbered paragraph as ``LI`` of ``parent_list``: its bullet ``Lbl``, its text ``LBody``.

    Return the ``LI`` element.
    """
    item = parent_list.child("LI")
    label = item.child("Lbl")
    flowable.struct = item.child("LBody")
    flowable.struct_label = label
    return item


def carry(original: Flowable, parts: list[Flowable]) -> list[Flowable]:
    """Give the parts of a split flowable its structure element, so a split paragraph stays one element."""
    element = getattr(original, "struct", None)
    if element is None:
        return parts
    for index, part in enumerate(parts):
        if getattr(part, "struct", None) is None:
            part.struct = element
            if index == 0 and hasattr(original, "struct_label"):
                part.struct_label = original.struct_label
    return parts


def draw_on(flowable: Flowable, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N803
    """Draw ``flowable`` at (x, y) as content of its structure element; containers call this for children."""
    tagger = getattr(canvas, "tagger", None)
    element = getattr(flowable, "struct", None)
    if tagger is None or element is None or isinstance(flowable, Tagged):
        flowable.drawOn(canvas, x, y, _sW)
        return
    tagger.draw_marked(canvas, flowable, functools.partial(flowable.drawOn, canvas, x, y, _sW))


class Tagged:
    """Mixin (list it first) for flowables that are tagged when drawn and keep their element when split."""

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        """Draw as ReportLab does, inside the marked content of ``self.struct``."""
        tagger = getattr(canvas, "tagger", None)
        if tagger is None or getattr(self, "struct", None) is None:
            super().drawOn(canvas, x, y, _sW)  # type: ignore[misc]
            return
        tagger.draw_marked(canvas, self, functools.partial(super().drawOn, canvas, x, y, _sW))  # type: ignore[misc]

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        """Split as ReportLab does and hand the structure element to the parts."""
        return carry(self, super().split(availWidth, availHeight))  # type: ignore[misc]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Make a subclass's own ``split`` hand on the structure element too (frames call ``split``)."""
        super().__init_subclass__(**kwargs)
        own = cls.__dict__.get("split")
        if own is not None:

            @functools.wraps(own)
            def split(self: Flowable, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
                return carry(self, own(self, availWidth, availHeight))

            cls.split = split  # type: ignore[method-assign]


@contextlib.contextmanager
def artifact(canvas: Canvas, kind: str = "") -> Iterator[None]:
    """Mark what is drawn inside the block as an artifact (``kind``: "Header" or "Footer" for pagination)."""
    tagger = getattr(canvas, "tagger", None)
    if tagger is None:
        yield
        return
    with tagger.artifact(canvas, kind):
        yield


@dataclass
class _Open:
    """An open marked-content sequence: an artifact, or content of ``element``."""

    element: Element | None
    properties: str = ""


@dataclass
class _LinkSplit:
    """How a paragraph's text object is cut so that each link's text is content of its ``Link`` element.

    Kept on the text object while ReportLab fills it (see ``Tagger.link_text``)
    and applied when the canvas draws it.
    """

    owner: Element  # the element the rest of the paragraph's text belongs to
    inserts: list[tuple[int, str]] = field(default_factory=list)  # operators to put before code[index]
    link: Element | None = None  # the Link whose text was drawn last
    ended: int | None = None  # where that link's text ended, if a line break may yet continue it


class Tagger:
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

    def draw_marked(self, canvas: Canvas, flowable: Any, draw: Callable[[], None]) -> None:
        """Call ``draw`` inside the marked content of ``flowable``'s element.

        Not a context manager: it runs for every flowable drawn, and a
        generator-based one cost a tenth of tagging.
        """
        opened = self._begin_marking(canvas, flowable)
        try:
            draw()
        finally:
            if opened:
                if not isinstance(flowable.struct, _Artifact):
                    self._pending_body = None
                self._close(canvas)

    def _begin_marking(self, canvas: Canvas, flowable: Any) -> bool:
        # Return whether anything was opened, for draw_marked to close.
        element = flowable.struct
        if isinstance(element, _Artifact):
            return self._open_artifact(canvas, "")
        self._suspend(canvas)
        if element.is_container:
            opened = _Open(None, "/Artifact BMC")
            self._stack.append(opened)
            canvas._code.append(opened.properties)
        else:
            label = getattr(flowable, "struct_label", None)
            if label is not None and getattr(flowable, "bulletText", None):
                self._pending_body = element
                self._begin(canvas, label)
            else:
                self._begin(canvas, element)
        return True

    @contextlib.contextmanager
    def artifact(self, canvas: Canvas, kind: str = "") -> Iterator[None]:
        """Mark what is drawn inside the block as an artifact."""
        opened = self._open_artifact(canvas, kind)
        try:
            yield
        finally:
            if opened:
                self._close(canvas)

    def _open_artifact(self, canvas: Canvas, kind: str) -> bool:
        if self._stack and self._stack[-1].element is None:
            return False  # already inside an artifact
        self._suspend(canvas)
        properties = f"/Artifact <</Type /Pagination /Subtype /{kind}>> BDC" if kind else "/Artifact BMC"
        self._stack.append(_Open(None, properties))
        canvas._code.append(properties)
        return True

    def _close(self, canvas: Canvas) -> None:
        self._stack.pop()
        canvas._code.append("EMC")
        self._resume(canvas)

    def text_drawn(self, canvas: Canvas) -> None:
        """After a list item's first text object (its bullet), switch from ``Lbl`` to ``LBody`` content."""
        if self._pending_body is None:
            return
        body, self._pending_body = self._pending_body, None
        self._stack.pop()
        canvas._code.append("EMC")
        self._begin(canvas, body)

    def _begin(self, canvas: Canvas, element: Element) -> None:
        opened = _Open(element, self._open_code(canvas, element))
        self._stack.append(opened)
        canvas._code.append(opened.properties)

    def _open_code(self, canvas: Canvas, element: Element) -> str:
        """Give ``element`` the page's next MCID and return the operator that opens its marked content."""
        mcid = len(self._page_mcids)
        self._page_mcids.append(element)
        element.kids.append(MarkedContent(canvas._doc.pageCounter, mcid))
        return f"/{element.role} <</MCID {mcid}>> BDC"

    def _suspend(self, canvas: Canvas) -> None:
        # Marked content may nest, but an MCID inside another MCID or inside an
        # Artifact is not allowed (PDF/UA): close the enclosing sequence first.
        if self._stack:
            canvas._code.append("EMC")

    def _resume(self, canvas: Canvas) -> None:
        if not self._stack:
            return
        top = self._stack.pop()
        if top.element is None:
            self._stack.append(top)
            canvas._code.append(top.properties)
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
        if awaiting and self._link_urls.get(id(awaiting[0])) == url:
            link = awaiting.pop(0)  # its text was marked as the line was set (link_text)
        else:
            current = next((o.element for o in reversed(self._stack) if o.element is not None), None)
            owner = current or self.root
            # A link broken over two lines is two annotations of one Link.
            last = owner.kids[-1] if owner.kids else None
            if isinstance(last, Element) and last.role == "Link" and self._link_urls.get(id(last)) == url:
                link = last
            else:
                link = self._new_link(owner, url)
        link.kids.append(AnnotationRef(canvas._doc.pageCounter, annotation, url))
        self._parent_tree[key] = link

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
        split: _LinkSplit | None = vars(text).get("link_split")
        if split is None:
            top = self._stack[-1] if self._stack else None
            if top is None or top.element is None or self._pending_body is not None:
                return  # decoration, or a list label: nothing to give the link's text to
            split = text.link_split = _LinkSplit(top.element)
            split.inserts.append((1, self._open_code(text._canvas, split.owner)))  # just after BT
        code = text._code
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
                split.inserts.append((split.ended, "EMC " + self._open_code(text._canvas, split.owner)))
                split.link = None
            split.ended = None
        if split.link is None:
            continued = self._link_to_continue
            if continued and continued[:2] == (id(split.owner), url) and not _shows_text(code[1:-1]):
                split.link = continued[2]  # the rest of a link the page broke
            else:
                split.link = self._new_link(split.owner, url)
            split.inserts.append((len(code) - 1, "EMC " + self._open_code(text._canvas, split.link)))
        self._awaiting_annotation.append(split.link)

    def whole_link_split(self, text: PDFTextObject) -> _LinkSplit | None:
        """Return the cut for a paragraph that is one link and nothing else, or None for any other text.

        ReportLab sets such a paragraph without ``_linkRecord`` calls: it
        annotates each line (``link_added`` gives the paragraph's element a
        ``Link`` then) and keeps the link in the text object's ``XtraState``.
        All of the text object's content goes to that Link.
        """
        links = getattr(getattr(text, "XtraState", None), "link", None)
        top = self._stack[-1] if self._stack else None
        if not isinstance(links, list) or len(links) != 1 or top is None or top.element is None:
            return None
        owner = top.element
        link = owner.kids[-1] if owner.kids else None
        if not (isinstance(link, Element) and link.role == "Link" and self._link_urls.get(id(link)) == links[0][1]):
            return None
        split = _LinkSplit(owner, link=link)
        split.inserts.append((1, self._open_code(text._canvas, link)))  # just after BT
        return split

    def finish_text(self, canvas: Canvas, text: PDFTextObject, split: _LinkSplit) -> None:
        """Cut ``text``'s code as ``link_text`` marked it, before the canvas draws it; ``reopen_after_text`` follows."""
        code = text._code
        self._link_to_continue = None
        if split.ended is not None and _shows_text(code[split.ended :]):
            split.inserts.append((split.ended, "EMC " + self._open_code(canvas, split.owner)))
        elif split.ended is not None and split.link is not None:
            self._link_to_continue = (id(split.owner), self._link_urls[id(split.link)], split.link)
        for index, operators in reversed(split.inserts):
            code.insert(index, operators)
        code.append("EMC")  # what is open inside the text object closes before its ET
        self._suspend(canvas)  # and what was open outside it, before its BT
        self._awaiting_annotation.clear()

    def reopen_after_text(self, canvas: Canvas) -> None:
        """Open the paragraph's marked content again after a text object ``finish_text`` cut."""
        self._resume(canvas)

    def end_page(self, page: Any) -> None:
        """Record the page just finished: its ParentTree entry, ``/StructParents`` and ``/Tabs``."""
        extra = []
        if self._page_mcids:
            key = self._next_key
            self._next_key += 1
            self._parent_tree[key] = self._page_mcids
            page.StructParents = key
            extra.append("StructParents")
        if self._page_has_annotations:
            page.Tabs = PDFName("S")
            extra.append("Tabs")
        if extra:
            # ReportLab writes the page keys listed in __NoDefault__; add ours for this page.
            page.__NoDefault__ = [*page.__NoDefault__, *extra]
        self._page_mcids = []
        self._page_has_annotations = False

    # Writing ------------------------------------------------------------------

    def write(self, document: Any) -> None:
        """Add the StructTreeRoot, ParentTree and MarkInfo to ``document``'s catalog."""
        # Elements nothing was drawn for (an empty label, say) are left out of the file.
        elements, parents = _with_content(self.root)
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
            document.Reference(_StructElem(element, parent, refs, pages), refs[id(element)].name)
        entries: list[tuple[int, PDFObjectReference | list[PDFObjectReference]]] = []
        for key in sorted(self._parent_tree):
            value = self._parent_tree[key]
            entries.append((key, [refs[id(e)] for e in value] if isinstance(value, list) else refs[id(value)]))
        tree_root["K"] = PDFArray([refs[id(self.root)]])
        tree_root["ParentTree"] = document.Reference(_ParentTree(entries), "ParentTree")
        tree_root["ParentTreeNextKey"] = self._next_key
        used = {e.role for e in elements if e.role in ROLE_MAP}
        if used:
            tree_root["RoleMap"] = PDFDictionary({role: PDFName(ROLE_MAP[role]) for role in sorted(used)})
        catalog = document.Catalog
        catalog.StructTreeRoot = tree_root
        catalog.MarkInfo = PDFDictionary({"Marked": "true"})


def _with_content(root: Element) -> tuple[list[Element], dict[int, int]]:
    """Return the elements under ``root`` (itself included, in document order) that hold content.

    Also returns each element's parent, as ids (``id(kid)`` to ``id(parent)``).
    One pass, bottom up, rather than walking each element's subtree again for
    every ancestor.
    """
    order: list[Element] = []
    parents: dict[int, int] = {}
    pending = [root]
    while pending:  # depth first, kids in order
        element = pending.pop()
        order.append(element)
        kids = [kid for kid in element.kids if isinstance(kid, Element)]
        for kid in kids:
            parents[id(kid)] = id(element)
        pending.extend(reversed(kids))
    holding: set[int] = set()
    for element in reversed(order):  # kids before their parents
        if any(not isinstance(kid, Element) or id(kid) in holding for kid in element.kids):
            holding.add(id(element))
    return [element for element in order if id(element) in holding], parents


def _shows_text(code: list[str]) -> bool:
    # Whether these text-object operators show any text (Tj, TJ, ' or "), not only move or restyle it.
    return any(operator.endswith(("Tj", "TJ", "'", '"')) or " Tj " in operator for operator in code)


def _page_ref(page: int) -> PDFObjectReference:
    # ReportLab names page objects "Page1", "Page2", ... (PDFDocument.thisPageName).
    return PDFObjectReference(f"Page{page}")


class _StructElem(PDFObject):
    """A structure element's dictionary, formatted directly.

    Briefs have hundreds of elements; building each as nested PDFDictionary
    objects made tagging cost more than its 10% budget in long briefs.
    """

    def __init__(
        self,
        element: Element,
        parent: PDFObjectReference,
        refs: dict[int, PDFObjectReference],
        pages: dict[int, bytes],
    ) -> None:
        self.element = element
        self.parent = parent
        self.refs = refs  # only elements with content have one
        self.pages = pages  # formatted page references, shared by all elements

    def format(self, document: Any) -> bytes:
        element = self.element
        pages = [kid.page for kid in element.kids if not isinstance(kid, Element)]
        home = pages[0] if pages else None
        page_refs = self.pages
        numbers = document.idToObjectNumberAndVersion

        def page(number: int) -> bytes:
            if number not in page_refs:
                page_refs[number] = _page_ref(number).format(document)
            return page_refs[number]

        kids: list[bytes] = []
        for kid in element.kids:
            if isinstance(kid, Element):
                ref = self.refs.get(id(kid))
                if ref is not None:
                    kids.append(b"%d %d R" % numbers[ref.name])  # as ref.format() writes it, less its overhead
            elif isinstance(kid, MarkedContent):
                if kid.page == home:
                    kids.append(b"%d" % kid.mcid)
                else:
                    kids.append(b"<< /Type /MCR /Pg %s /MCID %d >>" % (page(kid.page), kid.mcid))
            else:
                kids.append(b"<< /Type /OBJR /Obj %s /Pg %s >>" % (kid.annotation.format(document), page(kid.page)))
        parent = b"%d %d R" % numbers[self.parent.name]
        parts = [b"<< /Type /StructElem /S /%s /P %s" % (element.role.encode(), parent)]
        if home is not None:
            parts.append(b"/Pg " + page(home))
        parts.append(b"/K [" + b" ".join(kids) + b"]")
        for key, value in (("Alt", element.alt), ("ActualText", element.actual_text), ("Lang", element.lang)):
            if value:
                parts.append(b"/%s %s" % (key.encode(), text_string(value).format(document)))
        if element.attributes:
            attributes = PDFDictionary({k: PDFName(v) for k, v in element.attributes.items()})
            parts.append(b"/A " + attributes.format(document))
        return b" ".join(parts) + b" >>"


class _ParentTree(PDFObject):
    """The ParentTree number tree, flat, formatted directly (see ``_StructElem``)."""

    def __init__(self, entries: list[tuple[int, PDFObjectReference | list[PDFObjectReference]]]) -> None:
        self.entries = entries

    def format(self, document: Any) -> bytes:
        nums: list[bytes] = []
        for key, value in self.entries:
            if isinstance(value, list):
                nums.append(b"%d [%s]" % (key, b" ".join(ref.format(document) for ref in value)))
            else:
                nums.append(b"%d %s" % (key, value.format(document)))
        return b"<< /Nums [" + b"\n".join(nums) + b"] >>"


class _LinkAnnotation(LinkAnnotation):
    """ReportLab's link annotation, allowed the ``/StructParent`` that ties it to its ``Link`` element."""

    permitted = (*LinkAnnotation.permitted, "StructParent")


class _LinkMarkingText(PDFTextObject):
    """ReportLab's text object, passing on where each line's link text starts and ends."""

    def _linkRecord(self, link: Any, kind: str) -> None:  # noqa: N802 (the hook Paragraph looks for)
        # ``link`` is one of a fragment's links: (its number in the paragraph, its address).
        tagger = getattr(self._canvas, "tagger", None)
        if tagger is not None:
            tagger.link_text(self, link[1], kind)


class TaggingCanvas(Canvas):
    """A canvas that feeds its ``tagger`` (when it has one) and writes no page transitions.

    Subclasses set ``tagger`` before drawing; with ``tagger = None`` it draws
    exactly like ReportLab's canvas, less the ``/Trans`` page entry.
    """

    tagger: Tagger | None = None

    def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> PDFTextObject:  # noqa: N802
        """Return a text object that tells the tagger where a paragraph's links start and end."""
        return _LinkMarkingText(self, x, y, direction=direction)

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
        # ReportLab's Paragraph gives its text object a method bound to itself, and draws it last:
        # a reference cycle through this canvas that would keep the whole document in memory
        # until the garbage collector's next full pass.
        vars(aTextObject).pop("_do_line", None)
        if self.tagger is not None:
            self.tagger.text_drawn(self)

    def linkURL(self, url: str, rect: Any, relative: int = 0, **kw: Any) -> None:  # noqa: N802 (ReportLab API)
        """Add a link annotation with ``/Contents``, the Print flag and, when tagging, a ``Link`` element."""
        if self.tagger is None:
            super().linkURL(url, rect, relative, F=_PRINT_FLAG, Contents=text_string(url), **kw)
            return
        key, entries = self.tagger.link_entries(url)
        super().linkURL(url, rect, relative, **entries, **kw)
        # Canvas._addAnnotation names annotations "NUMBER<count>".
        annotation = self._doc.refAnnotation(f"NUMBER{self._annotationCount}")
        self.tagger.link_added(self, key, url, annotation)

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
        """Add an internal link (to a table or figure) with ``/Contents``, the Print flag and a ``Link`` element."""
        label = contents or f"Go to {destinationname}"
        key, entries = self.tagger.link_entries(label) if self.tagger is not None else (0, {"F": _PRINT_FLAG})
        entries.pop("Contents", None)
        kw.update(entries)
        kw.update(
            Rect=self._absRect(Rect, relative), Contents=label, Destination=self._bookmarkReference(destinationname)
        )
        _annFormat(kw, color, thickness, dashArray)
        self._addAnnotation(_LinkAnnotation(**kw), name, addtopage)
        if self.tagger is not None:
            annotation = self._doc.refAnnotation(f"NUMBER{self._annotationCount}")
            self.tagger.link_added(self, key, f"#{destinationname}", annotation)

    def showPage(self) -> None:  # noqa: N802 (ReportLab API)
        """Finish the page; drop ``/Trans`` (PDF/A forbids it) and record the page's structure keys."""
        super().showPage()
        page = self._doc.Pages.pages[-1]
        page.Trans = None
        if self.tagger is not None:
            self.tagger.end_page(page)

    def save(self) -> None:
        """Write the structure tree, then the file."""
        if self.tagger is not None:
            self.tagger.write(self._doc)
        super().save()
