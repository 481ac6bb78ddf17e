"""A TrueType font as briefgen draws and embeds it: parsed on first use, its word widths remembered.

Input: a font file, registered by ``fonts``. Output: a ReportLab font that
measures the words of a paragraph faster than ReportLab alone (each word's
width is looked up once per size), gives a string its codes faster once
every character has one, and writes the glyph widths of its subsets faster.
Every answer is the one ReportLab gives; ReportLab's private parts are
reached through ``reportlab_compat``.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfdoc import PDFArray

from briefgen import reportlab_compat


class EmbeddedFont(reportlab_compat.LazyTTFont):
    """A TrueType font parsed on first use, measuring and encoding text faster than ReportLab's own."""

    # Words whose widths a font remembers, per size; past that the memory is dropped and refilled.
    WORD_WIDTHS_KEPT = 10_000

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename)
        self.word_widths: dict[float, dict[str, float]] = {}

    def stringWidth(self, text: Any, size: float, encoding: str = "utf8") -> float:  # noqa: N802 (ReportLab API)
        """Return the width of ``text`` at ``size``, as ReportLab computes it; a word seen before is looked up.

        Breaking lines asks for the width of every word and of every hyphenated
        part of one: about 3,000 times in a two-page brief, at 1.5 microseconds
        each in ReportLab's C routine (a fifth of a build). Prose repeats its
        words, within a brief and across a batch; a lookup takes a tenth of that.
        """
        if type(text) is not str:
            return reportlab_compat.ttf_string_width(self, text, size, encoding)
        widths = self.word_widths.get(size)
        if widths is None:
            widths = self.word_widths[size] = {}
        width = widths.get(text)
        if width is None:
            width = reportlab_compat.ttf_string_width(self, text, size, encoding)
            if len(widths) >= self.WORD_WIDTHS_KEPT:
                widths.clear()
            widths[text] = width
        return width

    def splitString(self, text: Any, doc: Any, encoding: str = "utf-8") -> list[tuple[int, bytes]]:  # noqa: N802
        """Return ``text``'s codes in the font's subsets, as ReportLab does; faster when none is new.

        ReportLab looks at each character in a Python loop, for every string
        drawn: 5% of a build. Once a brief's characters have their codes (after
        its first lines), a string is nearly always all in the first subset:
        then its codes are one lookup per character, in C.
        """
        codes = reportlab_compat.character_codes(self, doc) if isinstance(text, str) else None
        if codes is not None:
            try:
                # KeyError: a character with no code yet; ValueError: one past the first subset.
                found = bytes(map(codes.__getitem__, map(ord, text.replace("\xa0", " "))))
            except (KeyError, ValueError):
                pass
            else:
                return [(0, found)] if found else []
        result: list[tuple[int, bytes]] = super().splitString(text, doc, encoding)
        return result

    def addObjects(self, doc: Any) -> None:  # noqa: N802 (ReportLab API)
        """Add the font's subsets to ``doc`` as ReportLab does, with their glyph widths written faster."""
        names = reportlab_compat.subset_font_names(self, doc)
        super().addObjects(doc)
        for name in names:
            font = reportlab_compat.named_object(doc, name)
            if all(type(width) is int for width in font.Widths.sequence):
                font.Widths = GlyphWidths(font.Widths.sequence)


class GlyphWidths(PDFArray):
    """A font's glyph widths, formatted exactly as ``PDFArray`` formats whole numbers, at a tenth of the cost.

    ReportLab formats each number through its generic object formatter: about
    1.4 microseconds each, 0.8 ms for the five fonts of a two-page brief.
    """

    def format(self, document: Any) -> bytes:
        """Return the array as ReportLab writes it: ten numbers a line."""
        numbers = [b"%d" % width for width in self.sequence]
        rows = [b" ".join(numbers[start : start + 10]) for start in range(0, len(numbers), 10)]
        return b"[ " + b" \n  ".join(rows) + b" ]"
