"""Write a document's bookmarks: a brief's flat outline, or a pack's with each brief's entries nested under it.

Input: (title, page, top, level) for each entry, in document order, as laid
out; an entry's parent is the entry before it one level up. Output: the
``/Outlines`` dictionary and its items, every item open, destinations inline.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from reportlab.pdfbase.pdfdoc import PDFObject, PDFObjectReference

from briefgen import reportlab_compat
from briefgen.pdf import metadata as pdfa


class OutlineEntry(NamedTuple):
    """One bookmark: its title, the page (from 1) and height on the page it opens at, and its depth (0: top)."""

    title: str
    page: int
    top: float
    level: int = 0


class Outline(PDFObject):
    """An outline, written directly: one dictionary per entry, destinations inline.

    ReportLab's outline makes a named destination object per bookmark and
    formats each through its generic machinery: 2% of a two-page brief's build.
    """

    def __init__(self, entries: list[OutlineEntry]) -> None:
        self.entries = entries
        self.ready = 1 if entries else -1  # PDFDocument.GetPDFData drops an outline that is not ready
        self.items: list[PDFObjectReference] = []
        self.parents: list[int] = []  # each entry's parent's index, -1 for the outline itself
        self.kids: dict[int, list[int]] = {}  # the indexes of each parent's kids (-1: the top level)
        self.positions: list[int] = []  # each entry's place among its parent's kids
        open_parents: list[int] = []  # the last entry at each level
        for index, entry in enumerate(entries):
            if entry.level > len(open_parents):
                raise ValueError(f"the outline entry {entry.title!r} is more than one level below the one before")
            del open_parents[entry.level :]
            parent = open_parents[-1] if open_parents else -1
            self.parents.append(parent)
            siblings = self.kids.setdefault(parent, [])
            self.positions.append(len(siblings))
            siblings.append(index)
            open_parents.append(index)

    def prepare(self, document: Any, canvas: Any) -> None:
        """Register one object per entry (GetPDFData calls this before formatting)."""
        me = document.Reference(self)
        self.items = [
            document.Reference(_OutlineItem(self, index, me), f"briefgen.Outline.{index}")
            for index in range(len(self.entries))
        ]

    def descendants(self, index: int) -> int:
        """Return how many entries are under entry ``index`` (-1: the whole outline); all are open."""
        kids = self.kids.get(index, [])
        return len(kids) + sum(self.descendants(kid) for kid in kids)

    def format(self, document: Any) -> bytes:
        top = self.kids[-1]
        first, last = self.items[top[0]].format(document), self.items[top[-1]].format(document)
        return b"<< /Count %d /First %s /Last %s /Type /Outlines >>" % (len(self.items), first, last)


class _OutlineItem(PDFObject):
    def __init__(self, outline: Outline, index: int, root: PDFObjectReference) -> None:
        self.outline = outline
        self.index = index
        self.root = root

    def format(self, document: Any) -> bytes:
        outline, index = self.outline, self.index
        title, page, top, _ = outline.entries[index]
        items = outline.items
        parent = outline.parents[index]
        siblings, position = outline.kids[parent], outline.positions[index]
        page_ref = reportlab_compat.page_reference(page).format(document)
        parent_ref = self.root if parent < 0 else items[parent]
        parts = [
            b"<< /Dest [ %s /XYZ 0 %s null ]" % (page_ref, reportlab_compat.format_number(top).encode()),
            b"/Parent " + parent_ref.format(document),
        ]
        if position + 1 < len(siblings):
            parts.append(b"/Next " + items[siblings[position + 1]].format(document))
        if position > 0:
            parts.append(b"/Prev " + items[siblings[position - 1]].format(document))
        kids = outline.kids.get(index)
        if kids:
            first, last = items[kids[0]].format(document), items[kids[-1]].format(document)
            parts.append(b"/Count %d /First %s /Last %s" % (outline.descendants(index), first, last))
        parts.append(b"/Title " + pdfa.text_string(title).format(document) + b" >>")
        return b" ".join(parts)
