"""Write a brief's bookmarks: a flat PDF outline, one entry per section.

Input: (title, page, top) for each entry, as laid out. Output: the
``/Outlines`` dictionary and its items, with their destinations inline.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfdoc import PDFObject, PDFObjectReference

from briefgen import reportlab_compat
from briefgen.pdf import metadata as pdfa


class Outline(PDFObject):
    """A brief's flat outline, written directly: one dictionary per entry, destinations inline.

    ReportLab's outline makes a named destination object per bookmark and
    formats each through its generic machinery: 2% of a two-page brief's build.
    """

    def __init__(self, entries: list[tuple[str, int, float]]) -> None:
        self.entries = entries
        self.ready = 1 if entries else -1  # PDFDocument.GetPDFData drops an outline that is not ready
        self.items: list[PDFObjectReference] = []

    def prepare(self, document: Any, canvas: Any) -> None:
        """Register one object per entry (GetPDFData calls this before formatting)."""
        me = document.Reference(self)
        self.items = [
            document.Reference(_OutlineItem(self, index, me), f"briefgen.Outline.{index}")
            for index in range(len(self.entries))
        ]

    def format(self, document: Any) -> bytes:
        count = len(self.items)
        first, last = self.items[0].format(document), self.items[-1].format(document)
        return b"<< /Count %d /First %s /Last %s /Type /Outlines >>" % (count, first, last)


class _OutlineItem(PDFObject):
    def __init__(self, outline: Outline, index: int, parent: PDFObjectReference) -> None:
        self.outline = outline
        self.index = index
        self.parent = parent

    def format(self, document: Any) -> bytes:
        title, page, top = self.outline.entries[self.index]
        items = self.outline.items
        page_ref = reportlab_compat.page_reference(page).format(document)
        parts = [
            b"<< /Dest [ %s /XYZ 0 %s null ]" % (page_ref, reportlab_compat.format_number(top).encode()),
            b"/Parent " + self.parent.format(document),
        ]
        if self.index + 1 < len(items):
            parts.append(b"/Next " + items[self.index + 1].format(document))
        if self.index > 0:
            parts.append(b"/Prev " + items[self.index - 1].format(document))
        parts.append(b"/Title " + pdfa.text_string(title).format(document) + b" >>")
        return b" ".join(parts)
