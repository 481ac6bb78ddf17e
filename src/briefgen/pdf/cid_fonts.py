"""Hangul amid other letters, set by ReportLab's own paragraphs: one CFF face's syllables, drawn by their CIDs.

Input: a ``FontFace`` (a face of Noto Sans CJK) and a character its paragraph's own face lacks. Output: whether
the character sets exactly as shaping would set it (``sets_plainly``), and the name of a ReportLab font
(``plain_font_name``) that measures such characters by their advances and encodes them as their CIDs, in the
document's ``DocumentFont`` of the face: the same Type0 font a shaped paragraph draws the face's glyphs into.

Why: a Russian or English paragraph with a Korean name in it (Ким Чен Ын (김정은)) was shaped and drawn glyph
by glyph because ReportLab reads no CFF outlines, at twice the cost of a paragraph ReportLab sets. A Hangul
syllable is one glyph of its own (0.92 em wide in Noto Sans CJK) that no lookup replaces or moves: shaped alone, its
glyph is the character map's, its advance the glyph's, and HarfBuzz marks no side of it unsafe to join (no
lookup looked past it either way), so a run of them shapes as its syllables one by one. That is checked per
face, character and language, not assumed. A brief in Korean is not set this way: its lines break between
syllables (``layout.shaped_items``), ReportLab's only between words.
"""

from __future__ import annotations

import functools
from types import SimpleNamespace
from typing import Any

from briefgen import reportlab_compat
from briefgen.pdf.font_subsets import EM
from briefgen.pdf.shaped_fonts import document_font_in, glyph_face
from briefgen.style.font_coverage import FontFace

HANGUL_SYLLABLES = range(0xAC00, 0xD7A4)  # 가 to 힣: precomposed, each its own glyph


@functools.lru_cache(maxsize=65536)
def sets_plainly(face: FontFace, ch: str, language: str) -> bool:
    """Return whether ``ch`` (a Hangul syllable) sets in ``face`` as its one glyph, at its advance, beside anything.

    ``language`` is what shaping would be told (the brief's primary language).
    """
    if ord(ch) not in HANGUL_SYLLABLES:
        return False
    glyphs = glyph_face(face)
    if not glyphs.cff:  # a TrueType face's codes are per glyph, text and width: shaped paragraphs only
        return False
    import uharfbuzz as hb

    gid = glyphs.font.get_nominal_glyph(ord(ch))
    if not gid:
        return False
    # Shaped exactly as a shaped paragraph's run of Hangul would be.
    buffer = glyphs.shaped_buffer(ch, rtl=False, script="Hang", language=language, joins=True)
    infos, places = buffer.glyph_infos, buffer.glyph_positions
    if len(infos) != 1:
        return False
    unjoinable = hb.GlyphFlags.UNSAFE_TO_CONCAT | hb.GlyphFlags.UNSAFE_TO_BREAK
    place = places[0]
    return (
        infos[0].codepoint == gid
        and not infos[0].flags & unjoinable
        and place.x_advance == glyphs.font.get_glyph_h_advance(gid)
        and place.x_offset == place.y_offset == place.y_advance == 0
    )


def plain_font_name(face: FontFace) -> str:
    """Return the name ReportLab knows ``face``'s plain characters by, registering the font the first time."""
    name = _NAMES.get(face)
    if name is None:
        name = _NAMES[face] = f"briefgen-cid-{len(_NAMES) + 1}-{face.shipped_key}"
        reportlab_compat.register_encoded_font(PlainCidFont(name, face))
    return name


_NAMES: dict[FontFace, str] = {}  # each face's font, registered with ReportLab for the process


class PlainCidFont:
    """A CFF face as ReportLab's paragraphs see it: characters measured by their advances, encoded as their CIDs.

    Only characters ``sets_plainly`` accepts are given to it. Its codes are two bytes each (Identity-H), in the
    document's ``DocumentFont`` of the face, which writes the subset, its widths and its ToUnicode map at save.
    """

    substitutionFonts: tuple[Any, ...] = ()  # noqa: N815 (ReportLab's name)
    shapable = False  # ReportLab's own shaping (``rl_harfbuzz``) is never asked for

    def __init__(self, name: str, face: FontFace) -> None:
        self.fontName = name
        self.glyphs = glyph_face(face)
        extents = self.glyphs.font.get_font_extents("ltr")
        scale = EM / self.glyphs.upem
        self.ascent, self.descent = extents.ascender * scale, extents.descender * scale
        self.face = SimpleNamespace(name=name.encode(), ascent=self.ascent, descent=self.descent)
        self.advances: dict[str, float] = {}  # character -> its advance (thousandths of an em)
        self.gids: dict[str, int] = {}

    def stringWidth(self, text: str, size: float, encoding: str = "utf8") -> float:  # noqa: N802 (ReportLab API)
        """Return the width of ``text`` at ``size``: its characters' advances."""
        advances = self.advances
        total = 0.0
        for ch in text:
            advance = advances.get(ch)
            if advance is None:
                advance = advances[ch] = self.glyphs.nominal_advance(self._gid(ch))
            total += advance
        return total * size / EM

    def splitString(self, text: Any, doc: Any, encoding: str = "utf-8") -> list[tuple[int, bytes]]:  # noqa: N802
        """Return ``text``'s codes: each character's CID, two bytes, in one string (ReportLab's "subset" 0)."""
        if not isinstance(text, str):
            text = bytes(text).decode(encoding)
        font = document_font_in(doc, self.glyphs.face)
        code = font.code
        return [(0, b"".join(code(self._gid(ch), ch)[0].to_bytes(2, "big") for ch in text))]

    def getSubsetInternalName(self, subset: int, doc: Any) -> str:  # noqa: N802 (ReportLab API)
        """Return the resource name of the face's Type0 font in ``doc``: ``/FG2``."""
        return "/" + document_font_in(doc, self.glyphs.face).name

    def _gid(self, ch: str) -> int:
        gid = self.gids.get(ch)
        if gid is None:
            gid = self.gids[ch] = self.glyphs.font.get_nominal_glyph(ord(ch)) or 0
        return gid
