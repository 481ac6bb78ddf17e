"""Register a theme's typefaces with ReportLab, lazily, and tell which characters they can draw.

Input: ``FontFamily`` values (file names under assets/fonts, or absolute paths
a theme file named). Output: fonts registered under the family's names,
parsed only when first drawn; ``font_coverage``, the code points a font has
glyphs for.
"""

from __future__ import annotations

import functools
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from briefgen import reportlab_compat
from briefgen.assets import assets_dir
from briefgen.style.theme import FontFamily, Theme
from briefgen.style.truetype import EmbeddedFont


def register_fonts(theme: Theme) -> None:
    """Register the theme's fonts with ReportLab (once per process per family); none is read until drawn."""
    for family in (theme.body_font, theme.heading_font, theme.code_font):
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
        name, face_name, lambda: EmbeddedFont(name, str(path)) if shipped else _parsed_face(str(path))
    )


@functools.cache
def _parsed_face(path: str) -> TTFont:
    font = EmbeddedFont(Path(path).stem, path)
    font.face  # noqa: B018 (parsed now: a theme's font file must be read to learn its face's name)
    return font


@functools.cache
def font_coverage(font_name: str) -> frozenset[int]:
    """Return the code points a registered font has glyphs for."""
    return reportlab_compat.font_code_points(font_name)
