"""Which face draws each character: the style's own typeface for all it has, then fallbacks by script. No ReportLab.

Input: a ``Theme`` and a text style's typeface and face. Output: a
``FaceChain``, which picks a face per character (``face_for``), and says
whether ReportLab's own paragraphs can set a text (``sets_with_reportlab``);
``drawable`` says whether any font at all has a character (what ``briefgen
check`` asks). The order is: the style's face, its family's regular face,
the theme's fallback fonts, then the fonts that ship with briefgen for the
character's script (Arabic, Hebrew, Devanagari, CJK, and Noto for Latin,
Greek and Cyrillic), then any shipped font that has it.
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path
from typing import NamedTuple

from briefgen.style.font_coverage import FontFace, coverage, fallback_faces, read_font_kind, shipped_faces
from briefgen.style.theme import SANS, FontFamily, Theme
from briefgen.text.glyphs import CharacterSet
from briefgen.text.scripts import sets_simply

WEIGHTS = ("regular", "bold", "italic", "bold_italic")


@functools.cache
def family_face(family: FontFamily, weight: str) -> FontFace:
    """Return the face a family uses for ``weight``, as style.fonts registers it (a missing face falls back)."""
    files = {
        "regular": family.regular,
        "bold": family.bold or family.regular,
        "italic": family.italic or family.regular,
        "bold_italic": family.bold_italic or family.bold or family.regular,
    }
    return FontFace.parse(files[weight])


def is_sans(family: FontFamily) -> bool:
    """Return whether a family is sans-serif, so that its fallbacks are too (a theme's own file says so by name)."""
    return family == SANS or "sans" in Path(family.regular).stem.lower()


class FaceChain(NamedTuple):
    """The faces tried for text in one face of a family, in order (a named tuple: cheap to define at start-up)."""

    own: tuple[FontFace, ...]  # the style's face, then its family's regular face
    extra: tuple[FontFace, ...]  # the theme's fallback fonts
    weight: str
    sans: bool

    def face_for(self, ch: str, script: str, cjk: str) -> FontFace | None:
        """Return the face that draws ``ch`` (of ``script``, resolved), or None if no font has it."""
        code = ord(ch)
        for face in self.own + self.extra:
            if code in coverage(face):
                return face
        for face in fallback_faces(script, self.weight, sans=self.sans, cjk=cjk):
            if code in coverage(face):
                return face
        return None

    def own_face_for(self, ch: str) -> FontFace | None:
        """Return the first of the family's own faces that has ``ch``, or None."""
        code = ord(ch)
        return next((face for face in self.own if code in coverage(face)), None)

    def sets_with_reportlab(self, characters: str) -> bool:
        """Return whether ReportLab's paragraphs set these characters correctly in the style's face.

        ``characters`` are the text's unusual ones (``text.glyphs.unusual_characters``):
        printable ASCII is checked once per face. The face must be TrueType
        (ReportLab embeds no other outlines) and have every character, each
        one a character ReportLab sets simply (``text.scripts.sets_simply``).
        """
        if not _reportlab_face(self.own[0]):
            return False
        simple, refused = _verdicts(self.own[0])
        if simple.holds_all(characters):
            return True
        # A character refused before answers at once: every paragraph of a Korean brief is asked about, per weight.
        rest = simple.others(characters)
        return refused.isdisjoint(rest) and not self.not_set_simply(rest)

    def not_set_simply(self, characters: str) -> set[str]:
        """Return those of ``characters`` ReportLab's paragraphs cannot set in the style's (TrueType) face."""
        face = self.own[0]
        # Each character is judged once per face and process: a Russian paragraph has hundreds, each brief
        # thousands of paragraphs, and every tighter layout tried asks again.
        simple, refused = _verdicts(face)
        new = set(simple.others(characters))
        covered = coverage(face)
        for ch in new - refused:
            if ch == "\xad" or (sets_simply(ch) and ord(ch) in covered):
                simple.add(ch)
            else:
                refused.add(ch)
        return new & refused


@functools.cache
def face_chain(fallback_fonts: tuple[str, ...], family: FontFamily, weight: str) -> FaceChain:
    """Return the chain of faces for text in ``weight`` of ``family``, then a theme's ``fallback_fonts``."""
    own = tuple(dict.fromkeys((family_face(family, weight), family_face(family, "regular"))))
    extra = tuple(FontFace.parse(reference) for reference in fallback_fonts)
    return FaceChain(own, extra, weight, is_sans(family))


def undrawable(text: str, theme: Theme) -> list[str]:
    """Return the characters of ``text`` that no font of ``theme`` has (``drawable``), each once, in order."""
    known = _known_drawable(theme.body_font, theme.heading_font, theme.fallback_fonts)
    missing: list[str] = []
    for ch in dict.fromkeys(known.others(text)):
        if drawable(ch, theme):
            known.add(ch)
        else:
            missing.append(ch)
    return missing


@functools.cache
def _known_drawable(body: FontFamily, heading: FontFamily, fallback_fonts: tuple[str, ...]) -> CharacterSet:
    """Return the characters found drawable so far in a theme's fonts: every text of every spec is checked."""
    return CharacterSet()


def drawable(ch: str, theme: Theme) -> bool:
    """Return whether any font a brief in ``theme`` may use has a glyph for ``ch`` (invisible characters: yes)."""
    return _drawable(ch, theme.body_font, theme.heading_font, theme.fallback_fonts)


@functools.lru_cache(maxsize=8192)
def _drawable(ch: str, body: FontFamily, heading: FontFamily, fallback_fonts: tuple[str, ...]) -> bool:
    code = ord(ch)
    if _invisible(ch):
        return True
    for family in (body, heading):
        if any(code in coverage(family_face(family, weight)) for weight in WEIGHTS):
            return True
    if any(code in coverage(FontFace.parse(reference)) for reference in fallback_fonts):
        return True
    return code in _shipped_union()


def shipped_font_has(ch: str) -> bool:
    """Return whether one of the fonts that ship with briefgen has ``ch`` (invisible characters: yes)."""
    return _invisible(ch) or ord(ch) in _shipped_union()


def _invisible(ch: str) -> bool:
    # Format characters (joiners, marks of direction) and variation selectors shape text, never print.
    return unicodedata.category(ch) == "Cf" or 0xFE00 <= ord(ch) <= 0xFE0F or 0xE0100 <= ord(ch) <= 0xE01EF


@functools.cache
def _shipped_union() -> frozenset[int]:
    codes: set[int] = set()
    for face in shipped_faces():
        ranges = coverage(face)
        for low, high in zip(ranges.starts, ranges.ends, strict=True):
            codes.update(range(low, high + 1))
    return frozenset(codes)


@functools.cache
def _verdicts(face: FontFace) -> tuple[CharacterSet, set[str]]:
    """Return the characters known to set simply in ``face`` (``FaceChain.sets_with_reportlab``), and those not."""
    return CharacterSet(), set()


@functools.cache
def _reportlab_face(face: FontFace) -> bool:
    """Return whether ReportLab can set a face at all: TrueType, with all of printable ASCII."""
    covered = coverage(face)
    return read_font_kind(face) == "truetype" and all(code in covered for code in range(0x20, 0x7F))
