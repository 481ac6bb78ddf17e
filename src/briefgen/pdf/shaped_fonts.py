"""Shape text with HarfBuzz and embed the glyphs drawn, by glyph id, as a subset Type0 font.

Input: a ``FontFace`` (a TrueType or OpenType CFF file, or one face of a
collection) and runs of text to shape; then the glyphs a document draws,
each with the text it stands for. Output: glyphs (id, cluster, advance and
offsets, in thousandths of an em) from ``GlyphFace.shape``; the codes to
show them with in a content stream (``DocumentFont.code``); and, when the
document is saved, a Type0 font (Identity-H) with a fontTools subset of the
glyphs drawn, their widths and a ToUnicode map.

Why not ReportLab's TTFont: it maps characters to glyphs through the font's
character map, so it cannot draw what shaping makes (Arabic joining forms,
Devanagari conjuncts, ligatures: glyphs no character maps to), and it reads
no CFF outlines (Noto Sans CJK). TrueType faces are embedded as
``CIDFontType2`` with one code per (glyph, text) pair and a ``CIDToGIDMap``,
so that every occurrence extracts as the text it stands for; CFF faces as
``CIDFontType0`` with their own CIDs as codes (``CIDFontType0C``: the bare
CFF table; poppler misreads CID-keyed CFF wrapped as ``OpenType``), a glyph
standing for other text than its first being marked with ``/ActualText``.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import field
from typing import Any, NamedTuple

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString, PDFZCompress

from briefgen import reportlab_compat
from briefgen.pdf.font_subsets import EM, Move, kept_subset, subset_tag, variant_order
from briefgen.records import record
from briefgen.style.font_coverage import FontFace, read_font_kind
from briefgen.style.subset_cache import flate_stream
from briefgen.style.truetype import to_unicode_cmap


class Glyph(NamedTuple):
    """One shaped glyph: its id, the character it starts at, its advance and offsets (thousandths of an em).

    A named tuple: a brief in Korean makes tens of thousands, and a frozen record costs three times as much to make.
    """

    gid: int
    cluster: int
    advance: float
    dx: float = 0.0
    dy: float = 0.0


class GlyphFace:
    """One font face, shaped with HarfBuzz; opened on first use, once per process."""

    def __init__(self, face: FontFace) -> None:
        import uharfbuzz as hb

        self.face = face
        self.cff = read_font_kind(face) == "cff"
        self.shipped = face.shipped  # asked for every glyph drawn: a path compared, once
        blob = hb.Blob.from_file_path(face.path)
        hb_face = hb.Face(blob, face.number)
        self.upem = hb_face.upem
        self.font = hb.Font(hb_face)
        self._cids: dict[int, int] | None = None

    def shape(
        self, text: str, *, rtl: bool, script: str, language: str, kerning: bool = True, offset: int = 0
    ) -> list[Glyph]:
        """Shape ``text`` (one script, one direction); return its glyphs in visual order.

        Their clusters index ``text``, plus ``offset`` (where it starts in its paragraph).
        """
        buffer = self.shaped_buffer(text, rtl=rtl, script=script, language=language, kerning=kerning)
        scale = EM / self.upem
        make = tuple.__new__  # a named tuple made without its __new__'s Python frame: glyphs are made by the thousand
        return [
            make(
                Glyph,
                (
                    info.codepoint,
                    info.cluster + offset,
                    place.x_advance * scale,
                    place.x_offset * scale,
                    place.y_offset * scale,
                ),
            )
            for info, place in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True)
            if place.x_advance or not self._empty(info.codepoint)
        ]

    def shaped_buffer(
        self, text: str, *, rtl: bool, script: str, language: str, kerning: bool = True, joins: bool = False
    ) -> Any:
        """Return HarfBuzz's buffer of ``text``, shaped as ``shape`` shapes it.

        With ``joins``, its glyphs' flags say where it could not be cut and shaped in parts (``UNSAFE_TO_CONCAT``).
        """
        import uharfbuzz as hb

        buffer = hb.Buffer()
        buffer.add_str(text)
        buffer.direction = "rtl" if rtl else "ltr"
        if script not in ("Zyyy", "Zinh", "Zzzz"):
            buffer.script = script
        if language:
            buffer.language = language
        buffer.cluster_level = hb.BufferClusterLevel.MONOTONE_GRAPHEMES
        buffer.flags = hb.BufferFlags.REMOVE_DEFAULT_IGNORABLES
        if joins:
            buffer.flags |= hb.BufferFlags.PRODUCE_UNSAFE_TO_CONCAT
        buffer.guess_segment_properties()
        # Latin beside ReportLab's paragraphs is set as they set it: no kerning, no ligatures.
        features = {} if kerning else {"kern": False, "liga": False, "clig": False}
        hb.shape(self.font, buffer, features)
        return buffer

    @functools.lru_cache(maxsize=4096)  # noqa: B019 (one GlyphFace per face, for the process's life)
    def _empty(self, gid: int) -> bool:
        """Return whether a glyph draws nothing; with no advance either, shaping's placeholder is left out."""
        extents = self.font.get_glyph_extents(gid)
        return extents is None or (extents.width == 0 and extents.height == 0)

    def nominal_advance(self, gid: int) -> float:
        """Return the glyph's advance in its font (thousandths of an em): the width the PDF gives it."""
        return float(self.font.get_glyph_h_advance(gid)) * EM / float(self.upem)

    def cid(self, gid: int) -> int:
        """Return the code a CFF glyph is shown with: its CID in a CID-keyed font (the shipped ones: its id)."""
        if self.shipped:
            return gid  # Noto Sans CJK numbers its glyphs by CID (checked by a test)
        if self._cids is None:
            from fontTools.ttLib import TTFont

            with TTFont(self.face.path, fontNumber=self.face.number, lazy=True) as font:
                order = font.getGlyphOrder()
            self._cids = {index: int(name[3:]) for index, name in enumerate(order) if name.startswith("cid")}
        return self._cids.get(gid, gid)


@functools.cache
def glyph_face(face: FontFace) -> GlyphFace:
    """Return the process's one ``GlyphFace`` for ``face``."""
    return GlyphFace(face)


@record(frozen=False)
class DocumentFont:
    """The glyphs one document draws in one face, and the PDF font that holds them (written at save)."""

    glyphs: GlyphFace
    name: str  # the font's resource name on every page: /FG1, /FG2, ...
    codes: dict[tuple[int, str, int | None, Move], int] = field(default_factory=dict)  # (glyph, text, units, move)
    texts: dict[int, str] = field(default_factory=dict)  # code -> the text it extracts as
    gids: dict[int, int] = field(default_factory=dict)  # code -> glyph id
    units: dict[int, int] = field(default_factory=dict)  # code -> its advance in font units, where not the glyph's
    moves: dict[int, Move] = field(default_factory=dict)  # code -> how far its copy's outline is moved
    widths: dict[int, float] = field(default_factory=dict)  # code -> its width (thousandths of an em), once asked
    asked: dict[tuple[int, str, float | None, tuple[float, float]], int] = field(default_factory=dict)  # code() asked

    @property
    def moves_glyphs(self) -> bool:
        """Whether a glyph shaping moves off its pen position gets a moved copy (TrueType), not a rise (CFF)."""
        return not self.glyphs.cff

    def code(
        self, gid: int, text: str, width: float | None = None, move: tuple[float, float] = (0.0, 0.0)
    ) -> tuple[int, bool]:
        """Return the code that shows glyph ``gid`` standing for ``text``, and whether it needs ``/ActualText``.

        ``text`` is what the glyph extracts as (stored in visual order for
        right-to-left text). ``width`` is the advance shaping gave it, less its
        offset: a TrueType glyph gets a code per text and width, so that the
        pen moves exactly as shaped (a mark moved onto its letter comes back,
        a matra closes up) and no reader takes a gap between glyphs for a
        space; a width the glyph does not have is given to a copy of it in
        the subset, so that the font program's widths are the PDF's (PDF/A).
        ``move`` (right and up, thousandths of an em) moves a TrueType
        glyph's outline in a copy of its own, drawn at the pen: a mark drawn
        on the baseline where its letter is, is read by poppler as part of
        its word (a mark moved by the text rise is read as a line of its own,
        one moved right as a word of its own).
        A CFF glyph's code is its CID, so it extracts as the first text it
        was drawn for (another text needs ``/ActualText``), at its own width;
        the drawing corrects the difference.
        """
        if self.glyphs.cff:
            code, conflict, _ = self.cid_codes([gid], [text])[0]
            return code, conflict
        asked = (gid, text, width, move)
        known_code = self.asked.get(asked)
        if known_code is not None:  # the same glyph, text and placing as before: most glyphs of a document
            return known_code, False
        units = None if width is None else max(0, round(width * self.glyphs.upem / EM))
        if units == self.glyphs.font.get_glyph_h_advance(gid):
            units = None
        moved = (round(move[0] * self.glyphs.upem / EM), round(move[1] * self.glyphs.upem / EM))
        key = (gid, text, units, moved)
        known_code = self.codes.get(key)
        if known_code is not None:
            self.asked[asked] = known_code
            return known_code, False
        code = self.codes[key] = self.asked[asked] = len(self.codes) + 1  # code 0 is never used
        self.texts[code] = text
        self.gids[code] = gid
        if units is not None:
            self.units[code] = units
        if moved != (0, 0):
            self.moves[code] = moved
        return code, False

    def cid_codes(self, gids: Sequence[int], texts: Sequence[str]) -> list[tuple[int, bool, float]]:
        """Return each CFF glyph's code (its CID), whether it needs ``/ActualText`` (``code``), and its width.

        A line's piece at once: every glyph of a brief in Korean is drawn in a CFF face (Noto Sans CJK),
        whose glyph ids are its CIDs.
        """
        shipped, cid = self.glyphs.shipped, self.glyphs.cid
        known_texts, known_gids, widths, width = self.texts, self.gids, self.widths, self.width
        found = []
        for gid, text in zip(gids, texts, strict=True):
            code = gid if shipped else cid(gid)
            known = known_texts.setdefault(code, text)
            known_gids[code] = gid
            code_width = widths.get(code)
            found.append((code, bool(text) and known != text, width(code) if code_width is None else code_width))
        return found

    def width(self, code: int) -> float:
        """Return the width the PDF gives ``code`` (thousandths of an em), as the font program has it."""
        known = self.widths.get(code)
        if known is None:
            units = self.units.get(code)
            known = units * EM / self.glyphs.upem if units is not None else self.glyphs.nominal_advance(self.gids[code])
            self.widths[code] = known  # a code's width never changes: asked for every glyph drawn
        return known

    def pdf_font(self, document: Any) -> Any:
        """Return the Type0 font (a reference to it) with the subset, its descriptor, widths and ToUnicode map."""
        variants = {code: (gid, self.units.get(code), self.moves.get(code, (0, 0))) for code, gid in self.gids.items()}
        face, drawn = self.glyphs.face, sorted(set(variants.values()), key=variant_order)
        subset = kept_subset(face.path, face.number, self.glyphs.cff, drawn)
        new_gids, metrics = subset.new_gids, subset.metrics
        base = PDFName(f"{subset_tag(self.name, subset.program.content)}+{metrics.postscript_name}")
        stream = flate_stream(subset.program)
        if self.glyphs.cff:
            stream.dictionary["Subtype"] = PDFName("CIDFontType0C")
        else:
            stream.dictionary["Length1"] = len(subset.program.content)
        descriptor = PDFDictionary(
            {
                "Type": PDFName("FontDescriptor"),
                "FontName": base,
                "Flags": 4,  # symbolic: the font's own glyphs, not a standard character set
                "FontBBox": PDFArray(metrics.bbox),
                "ItalicAngle": metrics.italic_angle,
                "Ascent": metrics.ascent,
                "Descent": metrics.descent,
                "CapHeight": metrics.cap_height,
                "StemV": 80,
                ("FontFile3" if self.glyphs.cff else "FontFile2"): document.Reference(stream),
            }
        )
        widths = _width_array({code: round(self.width(code), 3) for code in self.gids})
        descendant = PDFDictionary(
            {
                "Type": PDFName("Font"),
                "Subtype": PDFName("CIDFontType0" if self.glyphs.cff else "CIDFontType2"),
                "BaseFont": base,
                "CIDSystemInfo": PDFDictionary(
                    {"Registry": PDFString("Adobe"), "Ordering": PDFString("Identity"), "Supplement": 0}
                ),
                "FontDescriptor": document.Reference(descriptor),
                "W": PDFArray(widths),
                "DW": EM,
            }
        )
        if not self.glyphs.cff:
            table = bytearray(2 * (max(self.gids) + 1))
            for code, variant in variants.items():
                table[2 * code : 2 * code + 2] = new_gids[variant].to_bytes(2, "big")
            descendant["CIDToGIDMap"] = document.Reference(PDFStream(content=bytes(table), filters=[PDFZCompress]))
        to_unicode = PDFStream(content=to_unicode_cmap(self.texts, code_bytes=2), filters=[PDFZCompress])
        font = PDFDictionary(
            {
                "Type": PDFName("Font"),
                "Subtype": PDFName("Type0"),
                "BaseFont": base,
                "Encoding": PDFName("Identity-H"),
                "DescendantFonts": PDFArray([document.Reference(descendant)]),
                "ToUnicode": document.Reference(to_unicode),
            }
        )
        return document.Reference(font, self.name)


def _width_array(widths: dict[int, float]) -> list[Any]:
    """Return a CID font's ``/W`` array: codes in a row as one array of widths, the default width (``/DW``) left out.

    A Korean brief's hundreds of syllables are all one em wide: none of them is listed.
    """
    array: list[Any] = []
    run: list[float] = []
    previous = -2
    for code in sorted(widths):
        width = widths[code]
        if width == EM:
            continue
        if code != previous + 1 and run:
            array.append(PDFArray(run))
            run = []
        if not run:
            array.append(code)
        run.append(width)
        previous = code
    if run:
        array.append(PDFArray(run))
    return array


def document_font(canvas: Any, face: FontFace) -> DocumentFont:
    """Return the ``DocumentFont`` of ``face`` in the document ``canvas`` draws, registering it the first time."""
    return document_font_in(reportlab_compat.pdf_document(canvas), face)


def document_font_in(document: Any, face: FontFace) -> DocumentFont:
    """Return the ``DocumentFont`` of ``face`` in ``document``: one per face, for shaped and plain paragraphs alike."""
    fonts: dict[FontFace, DocumentFont] | None = getattr(document, "glyph_fonts", None)
    if fonts is None:
        fonts = document.glyph_fonts = {}
    font = fonts.get(face)
    if font is None:
        font = fonts[face] = DocumentFont(glyph_face(face), f"FG{len(fonts) + 1}")
        reportlab_compat.write_font_at_save(document, font.name, font.pdf_font)
    return font
