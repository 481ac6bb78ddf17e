"""Write a tagged PDF's structure tree: the StructTreeRoot's elements and the ParentTree.

Input: the root ``Element`` after drawing (each element's marked content and
annotations recorded) and each page's MCIDs. Output: PDF objects in
ReportLab's document, formatted directly (briefs have hundreds of elements).
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfdoc import (
    PDFDictionary,
    PDFName,
    PDFObject,
    PDFObjectReference,
)

from briefgen import reportlab_compat
from briefgen.pdf.metadata import text_string
from briefgen.pdf.tagging import (
    Element,
    MarkedContent,
)


def with_content(root: Element) -> tuple[list[Element], dict[int, int]]:
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


class StructElem(PDFObject):
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
        element, refs, page_refs = self.element, self.refs, self.pages
        numbers = reportlab_compat.object_numbers(document)
        home = None  # the page of the element's first marked content or annotation
        kids: list[bytes] = []
        for kid in element.kids:
            if isinstance(kid, MarkedContent):  # most kids
                if home is None:
                    home = kid.page
                if kid.page == home:
                    kids.append(b"%d" % kid.mcid)
                else:
                    page = page_refs.get(kid.page) or self._page(kid.page, document)
                    kids.append(b"<< /Type /MCR /Pg %s /MCID %d >>" % (page, kid.mcid))
            elif isinstance(kid, Element):
                ref = refs.get(id(kid))
                if ref is not None:
                    kids.append(b"%d %d R" % numbers[ref.name])  # as ref.format() writes it, less its overhead
            else:
                if home is None:
                    home = kid.page
                page = page_refs.get(kid.page) or self._page(kid.page, document)
                kids.append(b"<< /Type /OBJR /Obj %d %d R /Pg %s >>" % (*numbers[kid.annotation.name], page))
        written = b"<< /Type /StructElem /S /%s /P %d %d R" % (element.role.encode(), *numbers[self.parent.name])
        if home is not None:
            written += b" /Pg " + (page_refs.get(home) or self._page(home, document))
        written += b" /K [" + b" ".join(kids) + b"]"
        if element.alt or element.actual_text or element.lang:
            for key, value in ((b"Alt", element.alt), (b"ActualText", element.actual_text), (b"Lang", element.lang)):
                if value:
                    written += b" /%s %s" % (key, text_string(value).format(document))
        if element.attributes:
            attributes = PDFDictionary({k: PDFName(v) for k, v in element.attributes.items()})
            written += b" /A " + attributes.format(document)
        return written + b" >>"

    def _page(self, number: int, document: Any) -> bytes:
        """Return a reference to page ``number``, formatted once for all elements."""
        page: bytes = reportlab_compat.page_reference(number).format(document)
        self.pages[number] = page
        return page


class ParentTree(PDFObject):
    """The ParentTree number tree, flat, formatted directly (see ``StructElem``)."""

    def __init__(self, entries: list[tuple[int, PDFObjectReference | list[PDFObjectReference]]]) -> None:
        self.entries = entries

    def format(self, document: Any) -> bytes:
        numbers = reportlab_compat.object_numbers(document)
        nums: list[bytes] = []
        for key, value in self.entries:
            if isinstance(value, list):
                nums.append(b"%d [%s]" % (key, b" ".join([b"%d %d R" % numbers[ref.name] for ref in value])))
            else:
                nums.append(b"%d %d %d R" % (key, *numbers[value.name]))
        return b"<< /Nums [" + b"\n".join(nums) + b"] >>"
