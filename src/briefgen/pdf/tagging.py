"""Tag flowables with structure elements: the API the layout uses to make a PDF readable by screen readers.

Input: flowables and the structure tree built at layout time, in the brief's
logical order (creating an ``Element`` appends it to its parent). Output:
flowables that, drawn on a tagging canvas, become the content of their
element (``Tagged``, ``draw_on``) or are marked as decoration (``artifact``).

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
from collections.abc import Iterator
from dataclasses import InitVar, dataclass, field
from typing import Any

from reportlab.pdfbase.pdfdoc import (
    PDFObjectReference,
)
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from briefgen.records import record

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


@record
class MarkedContent:
    """One marked-content sequence: an MCID on a page."""

    page: int
    mcid: int


@record
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


class Artifact:
    """The marker for decoration: ``flowable.struct = ARTIFACT``."""

    def __repr__(self) -> str:
        return "ARTIFACT"


ARTIFACT = Artifact()


def tag(flowable: Flowable, element: Element | Artifact) -> Flowable:
    """Make ``flowable``'s drawing the content of ``element`` (or an artifact) and return it."""
    flowable.struct = element
    return flowable


def mark_artifact(flowable: Flowable) -> Flowable:
    """Mark ``flowable`` as decoration (rules, tints, repeated labels) and return it."""
    return tag(flowable, ARTIFACT)


def list_of(parent: Element, numbering: str) -> Element:
    """Create and return an ``L`` in ``parent`` whose labels are ``numbering`` (ISO 32000-1, Table 347).

    "Disc" for bullets, "Decimal" for 1., 2., 3., "None" for labels of the
    list's own ("Item 1"); a screen reader announces the list's kind from it.
    """
    return parent.child("L", attributes={"O": "List", "ListNumbering": numbering})


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
    opened = tagger.begin_marking(canvas, flowable)
    try:
        flowable.drawOn(canvas, x, y, _sW)
    finally:
        tagger.end_marking(canvas, flowable, opened)


class Tagged:
    """Mixin (list it first) for flowables that are tagged when drawn and keep their element when split."""

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        """Draw as ReportLab does, inside the marked content of ``self.struct``."""
        tagger = getattr(canvas, "tagger", None)
        if tagger is None or getattr(self, "struct", None) is None:
            super().drawOn(canvas, x, y, _sW)  # type: ignore[misc]
            return
        opened = tagger.begin_marking(canvas, self)
        try:
            super().drawOn(canvas, x, y, _sW)  # type: ignore[misc]
        finally:
            tagger.end_marking(canvas, self, opened)

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


@record
class Markings:
    """The elements the first page's classification banner and watermark are drawn into, if it has them.

    The layout makes them short paragraphs before the title, so that a
    screen reader reads "OFFICIAL-SENSITIVE" and "DRAFT" first; the page
    furniture draws their first occurrence into them and every repeat (the
    bottom banner, the other pages) as an artifact.
    """

    classification: Element | None = None
    watermark: Element | None = None


NO_MARKINGS = Markings()


@contextlib.contextmanager
def artifact(canvas: Canvas, kind: str = "") -> Iterator[None]:
    """Mark what is drawn inside the block as an artifact (``kind``: "Header" or "Footer" for pagination)."""
    tagger = getattr(canvas, "tagger", None)
    if tagger is None:
        yield
        return
    with tagger.artifact(canvas, kind):
        yield


@contextlib.contextmanager
def content(canvas: Canvas, element: Element | None) -> Iterator[None]:
    """Mark what is drawn inside the block as content of ``element`` (page furniture a reader must hear).

    Without a tagger or an element it only draws: an untagged PDF.
    """
    tagger = getattr(canvas, "tagger", None)
    if tagger is None or element is None:
        yield
        return
    with tagger.content(canvas, element):
        yield
