"""Register a theme's typefaces with ReportLab, lazily, and tell which family and face each registered name is.

Input: ``FontFamily`` values (file names under assets/fonts, or absolute paths
a theme file named, ``#index`` for a collection's face). Output: fonts
registered under the family's names, parsed only when first drawn;
``family_of``, the family and face (regular, bold, ...) a registered name
stands for, which the shaped text path (``style.font_choice``) starts from.

A face with CFF outlines (an .otf file) cannot be embedded by ReportLab: its
name is registered for the shipped Noto face of the same weight instead, as
a stand-in that draws nothing (``FaceChain.sets_with_reportlab`` sends every
text in such a face down the shaped path, which embeds it).
"""

from __future__ import annotations

import functools
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from briefgen import reportlab_compat
from briefgen.assets import assets_dir
from briefgen.style.font_choice import family_face, is_sans
from briefgen.style.font_coverage import FontFace, Ranges, coverage, read_font_kind
from briefgen.style.theme import SANS, SERIF, FontFamily, Theme
from briefgen.style.truetype import EmbeddedFont

# Each registered face name: the family it belongs to and which of its faces it is.
_FAMILY_OF: dict[str, tuple[FontFamily, str]] = {}


def family_of(font_name: str) -> tuple[FontFamily, str]:
    """Return the family and face (regular, bold, italic, bold_italic) registered as ``font_name``."""
    return _FAMILY_OF[font_name]


def font_coverage(font_name: str) -> Ranges:
    """Return the code points the face registered as ``font_name`` has glyphs for (from the coverage table)."""
    family, weight = family_of(font_name)
    return coverage(family_face(family, weight))


def register_fonts(theme: Theme) -> None:
    """Register the theme's fonts with ReportLab (once per process per family); none is read until drawn."""
    for family in (theme.body_font, theme.heading_font, theme.code_font):
        _register_family(family, str(assets_dir() / "fonts"))


def register_family(family: FontFamily) -> None:
    """Register one font family with ReportLab, its files looked up in assets/fonts unless absolute."""
    _register_family(family, str(assets_dir() / "fonts"))


@functools.cache
def _register_family(family: FontFamily, folder: str) -> None:
    for weight in ("regular", "bold", "italic", "bold_italic"):
        face = family_face(family, weight)
        _FAMILY_OF[family.face(weight)] = (family, weight)
        if read_font_kind(face) == "cff":
            stand_in = SANS if is_sans(family) else SERIF
            _register_face(family.face(weight), family_face(stand_in, weight), shared=False)
        else:
            _register_face(family.face(weight), face)
    pdfmetrics.registerFontFamily(
        family.name,
        normal=family.face("regular"),
        bold=family.face("bold"),
        italic=family.face("italic"),
        boldItalic=family.face("bold_italic"),
    )


def _register_face(name: str, face: FontFace, *, shared: bool = True) -> None:
    """Register the TrueType ``face`` as ``name``; a face already registered is shared, not parsed again.

    One face may serve several names (a sans family's italic is its regular;
    a theme's body family may use the heading family's file). ReportLab keeps
    one font per face, found by the face's PostScript name: two fonts with one
    face would write the same PDF objects twice. A stand-in (``shared`` false)
    is a font of its own, so that the shipped face's name keeps its object.
    """
    if reportlab_compat.font_registered(name):
        return
    path = face.path
    if face.shipped:
        # The shipped files' PostScript names are their file names (a test checks it): they can be
        # registered without being read, and are parsed on first use. Other files are read now.
        face_name = Path(path).stem.encode() + (b"" if shared else b"-" + name.encode())
        reportlab_compat.register_face(name, face_name, lambda: EmbeddedFont(name, path))
    else:
        font = _parsed_face(path, face.number)
        reportlab_compat.register_face(name, font.face.name, lambda: font)
    # As pdfmetrics.registerFont does: <b> inside a paragraph set in this face keeps the face.
    pdfmetrics.registerFontFamily(name)


@functools.cache
def _parsed_face(path: str, index: int = 0) -> TTFont:
    font = EmbeddedFont(f"{Path(path).stem}-{index}" if index else Path(path).stem, path, index)
    font.face  # noqa: B018 (parsed now: a theme's font file must be read to learn its face's name)
    return font
