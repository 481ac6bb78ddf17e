"""Register a theme's typefaces with ReportLab, lazily, and tell which characters they can draw.

Input: ``FontFamily`` values (file names under assets/fonts, or absolute paths
a theme file named). Output: fonts registered under the family's names,
parsed only when first drawn (``LazyTTFont``, which also remembers word
widths and finds a string's codes quickly); ``font_coverage``, the code
points a font has glyphs for.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFArray
from reportlab.pdfbase.ttfonts import TTFont

from briefgen import reportlab_compat
from briefgen.assets import assets_dir
from briefgen.style.theme import FontFamily, Theme


def register_fonts(theme: Theme) -> None:
    """Register the theme's fonts with ReportLab (once per process per family)."""
    for family in (theme.body_font, theme.heading_font):
        _register_family(family, str(assets_dir() / "fonts"))


def register_family(family: FontFamily) -> None:
    """Register one font family with ReportLab, its files looked up in assets/fonts unless absolute."""
    _register_family(family, str(assets_dir() / "fonts"))


@functools.cache
def _register_family(family: FontFamily, folder: str) -> None:
    faces = {
        "regular": family.regular,
        "bold": family.bold or family.regular,
        "italic": family.italic or family.regular,
        "bold_italic": family.bold_italic or family.bold or family.regular,
    }
    for face, filename in faces.items():
        _register_face(family.face(face), Path(folder) / filename)
    pdfmetrics.registerFontFamily(
        family.name,
        normal=family.face("regular"),
        bold=family.face("bold"),
        italic=family.face("italic"),
        boldItalic=family.face("bold_italic"),
    )


def _register_face(name: str, path: Path) -> None:
    """Register the font in ``path`` as ``name``; a file already registered is shared, not parsed again.

    One face may serve several names (a sans family's italic is its regular;
    a theme's body family may use the heading family's file). ReportLab keeps
    one font per face, found by the face's PostScript name: two fonts with one
    face would write the same PDF objects twice.
    """
    if reportlab_compat.font_registered(name):
        return
    shipped = path.parent == assets_dir() / "fonts"
    # The shipped files' PostScript names are their file names (a test checks it): they can be
    # registered without being read, and are parsed on first use. Other files are read now.
    face_name = path.stem.encode() if shipped else _parsed_face(str(path)).face.name
    reportlab_compat.register_face(
        name, face_name, lambda: LazyTTFont(name, str(path)) if shipped else _parsed_face(str(path))
    )


@functools.cache
def _parsed_face(path: str) -> TTFont:
    font = LazyTTFont(Path(path).stem, path)
    font.face  # noqa: B018 (parsed now: a theme's font file must be read to learn its face's name)
    return font


@functools.cache
def font_coverage(font_name: str) -> frozenset[int]:
    """Return the code points a registered font has glyphs for."""
    return reportlab_compat.font_code_points(font_name)


class LazyTTFont(TTFont):
    """ReportLab's TrueType font, parsed when first used (``TTFont.__init__`` runs on the first read of it).

    Parsing a face is the costliest step of a cold build (about 6 ms each) and
    a brief seldom uses all eight faces of its two families.
    """

    # Words whose widths a font remembers, per size; past that the memory is dropped and refilled.
    WORD_WIDTHS_KEPT = 10_000

    def __init__(self, name: str, filename: str) -> None:
        self.fontName = name
        self._filename = filename
        self.word_widths: dict[float, dict[str, float]] = {}

    def __getattr__(self, attribute: str) -> Any:
        # Only called for attributes not yet set, so never again once the font is parsed.
        if attribute.startswith("__") or "_filename" not in self.__dict__:
            raise AttributeError(attribute)
        filename = self.__dict__.pop("_filename")
        TTFont.__init__(self, self.fontName, filename)
        return getattr(self, attribute)

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
        codes = reportlab_compat.subset_codes(self, doc) if isinstance(text, str) else None
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
        super().addObjects(doc)
        for font in reportlab_compat.subset_objects(self, doc):
            if all(type(width) is int for width in font.Widths.sequence):
                font.Widths = GlyphWidths(font.Widths.sequence)


class GlyphWidths(PDFArray):
    """A font's glyph widths, formatted exactly as ``PDFArray`` formats whole numbers, at a tenth of the cost.

    ReportLab formats each number through its generic object formatter: about
    1.4 microseconds each, 0.8 ms for the five fonts of a two-page brief.
    """

    def format(self, document: Any) -> bytes:
        numbers = [b"%d" % width for width in self.sequence]
        rows = [b" ".join(numbers[start : start + 10]) for start in range(0, len(numbers), 10)]
        return b"[ " + b" \n  ".join(rows) + b" ]"
