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
import hashlib
import io
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString, PDFZCompress

from briefgen import reportlab_compat
from briefgen.style.font_coverage import FontFace, read_font_kind

# Glyph advances and offsets, and PDF glyph widths, are in thousandths of an em.
EM = 1000


@dataclass(frozen=True)
class Glyph:
    """One shaped glyph: its id, the character it starts at, its advance and offsets (thousandths of an em)."""

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
        blob = hb.Blob.from_file_path(face.path)
        hb_face = hb.Face(blob, face.number)
        self.upem = hb_face.upem
        self.font = hb.Font(hb_face)
        self._cids: dict[int, int] | None = None

    def shape(self, text: str, *, rtl: bool, script: str, language: str, kerning: bool = True) -> list[Glyph]:
        """Shape ``text`` (one script, one direction); return its glyphs in visual order, clusters into ``text``."""
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
        buffer.guess_segment_properties()
        # Latin beside ReportLab's paragraphs is set as they set it: no kerning, no ligatures.
        features = {} if kerning else {"kern": False, "liga": False, "clig": False}
        hb.shape(self.font, buffer, features)
        scale = EM / self.upem
        return [
            Glyph(info.codepoint, info.cluster, place.x_advance * scale, place.x_offset * scale, place.y_offset * scale)
            for info, place in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True)
            if place.x_advance or not self._empty(info.codepoint)
        ]

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
        if self.face.shipped:
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


@dataclass
class DocumentFont:
    """The glyphs one document draws in one face, and the PDF font that holds them (written at save)."""

    glyphs: GlyphFace
    name: str  # the font's resource name on every page: /FG1, /FG2, ...
    codes: dict[tuple[int, str, int | None], int] = field(default_factory=dict)  # (glyph, text, units) -> code
    texts: dict[int, str] = field(default_factory=dict)  # code -> the text it extracts as
    gids: dict[int, int] = field(default_factory=dict)  # code -> glyph id
    units: dict[int, int] = field(default_factory=dict)  # code -> its advance in font units, where not the glyph's

    def code(self, gid: int, text: str, width: float | None = None) -> tuple[int, bool]:
        """Return the code that shows glyph ``gid`` standing for ``text``, and whether it needs ``/ActualText``.

        ``text`` is what the glyph extracts as (stored in visual order for
        right-to-left text). ``width`` is the advance shaping gave it, less its
        offset: a TrueType glyph gets a code per text and width, so that the
        pen moves exactly as shaped (a mark moved onto its letter comes back,
        a matra closes up) and no reader takes a gap between glyphs for a
        space; a width the glyph does not have is given to a copy of it in
        the subset, so that the font program's widths are the PDF's (PDF/A).
        A CFF glyph's code is its CID, so it extracts as the first text it
        was drawn for (another text needs ``/ActualText``), at its own width;
        the drawing corrects the difference.
        """
        if self.glyphs.cff:
            code = self.glyphs.cid(gid)
            known = self.texts.setdefault(code, text)
            self.gids[code] = gid
            return code, bool(text) and known != text
        units = None if width is None else max(0, round(width * self.glyphs.upem / EM))
        if units == self.glyphs.font.get_glyph_h_advance(gid):
            units = None
        key = (gid, text, units)
        known_code = self.codes.get(key)
        if known_code is not None:
            return known_code, False
        code = self.codes[key] = len(self.codes) + 1  # code 0 is never used
        self.texts[code] = text
        self.gids[code] = gid
        if units is not None:
            self.units[code] = units
        return code, False

    def width(self, code: int) -> float:
        """Return the width the PDF gives ``code`` (thousandths of an em), as the font program has it."""
        units = self.units.get(code)
        return units * EM / self.glyphs.upem if units is not None else self.glyphs.nominal_advance(self.gids[code])

    def addObjects(self, document: Any) -> None:  # noqa: N802 (ReportLab's protocol for fonts written at save)
        """Add the subset font, its descriptor, widths and ToUnicode map to ``document``."""
        variants = {code: (gid, self.units.get(code)) for code, gid in self.gids.items()}
        program, new_gids, metrics = _subset(self.glyphs, sorted(set(variants.values()), key=_variant_order))
        tag = _subset_tag(self.name, program)
        base = PDFName(f"{tag}+{metrics.postscript_name}")
        stream = PDFStream(content=program, filters=[PDFZCompress])
        if self.glyphs.cff:
            stream.dictionary["Subtype"] = PDFName("CIDFontType0C")
        else:
            stream.dictionary["Length1"] = len(program)
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
        widths: list[Any] = []
        for code in sorted(self.gids):
            widths += [code, PDFArray([round(self.width(code), 3)])]
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
        to_unicode = PDFStream(content=to_unicode_cmap(self.texts), filters=[PDFZCompress])
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
        reportlab_compat.add_page_font(document, self.name, document.Reference(font, self.name))


def document_font(canvas: Any, face: FontFace) -> DocumentFont:
    """Return the ``DocumentFont`` of ``face`` in the document ``canvas`` draws, registering it the first time."""
    fonts: dict[FontFace, DocumentFont] | None = getattr(canvas, "glyph_fonts", None)
    if fonts is None:
        fonts = canvas.glyph_fonts = {}
    font = fonts.get(face)
    if font is None:
        font = fonts[face] = DocumentFont(glyph_face(face), f"FG{len(fonts) + 1}")
        reportlab_compat.write_font_at_save(reportlab_compat.pdf_document(canvas), font)
    return font


@dataclass(frozen=True)
class _Metrics:
    postscript_name: str
    bbox: list[int]
    italic_angle: float
    ascent: int
    descent: int
    cap_height: int


def _variant_order(variant: tuple[int, int | None]) -> tuple[int, int]:
    return variant[0], -1 if variant[1] is None else variant[1]


def _subset(
    face: GlyphFace, variants: list[tuple[int, int | None]]
) -> tuple[bytes, dict[tuple[int, int | None], int], _Metrics]:
    """Return a fontTools subset of ``face`` holding the glyphs ``variants`` name, and the face's metrics.

    A variant is a glyph id and the advance (font units) it is drawn with,
    None for its own: a TrueType glyph drawn with another advance is copied,
    the copy given that advance. Returns each variant's glyph id in the subset.
    """
    gids = sorted({gid for gid, _ in variants})
    from fontTools import subset
    from fontTools.ttLib import TTFont

    with open(face.face.path, "rb") as stream:
        data = stream.read()
    # recalcTimestamp: the subset keeps the font's own date, or no two builds would be the same bytes.
    number = face.face.number if data[:4] == b"ttcf" else -1
    font = TTFont(io.BytesIO(data), fontNumber=number, recalcTimestamp=False)
    order = font.getGlyphOrder()
    metrics = _metrics(font)
    for tag in _UNUSED_TABLES:
        if tag in font:
            del font[tag]  # before the subsetter reads them: Noto Sans CJK's GSUB alone takes seconds to parse
    options = subset.Options()
    options.retain_gids = False  # TrueType: the CIDToGIDMap points at the new ids; CFF: the CIDs stay in its charset
    options.notdef_outline = True
    options.hinting = False
    options.layout_features = []  # the PDF is never shaped again
    options.drop_tables += list(_UNUSED_TABLES)
    options.name_IDs = []
    options.desubroutinize = True
    for pruning in ("prune_unicode_ranges", "prune_codepage_ranges"):
        setattr(options, pruning, False)  # each would read the character map, dropped above
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids=[0, *gids])
    subsetter.subset(font)
    if face.cff:
        new_index = {name: index for index, name in enumerate(font.getGlyphOrder())}
        return font.getTableData("CFF "), {variant: new_index[order[variant[0]]] for variant in variants}, metrics
    new_gids = _add_width_variants(font, order, variants)
    out = io.BytesIO()
    font.save(out, reorderTables=False)
    return out.getvalue(), new_gids, metrics


def _add_width_variants(
    font: Any, order: list[str], variants: list[tuple[int, int | None]]
) -> dict[tuple[int, int | None], int]:
    """Copy each glyph a variant draws with another advance, giving the copy that advance; return the new ids."""
    import copy

    glyphs, metrics = font["glyf"], font["hmtx"]
    names = list(font.getGlyphOrder())
    new_gids: dict[tuple[int, int | None], int] = {}
    for variant in variants:
        gid, units = variant
        name = order[gid]
        if units is not None:
            copy_name = f"{name}.w{units}"
            glyphs[copy_name] = copy.deepcopy(glyphs[name])
            metrics[copy_name] = (units, metrics[name][1])
            names.append(copy_name)
            name = copy_name
        new_gids[variant] = names.index(name) if units is not None else font.getGlyphID(name)
    font.setGlyphOrder(names)
    glyphs.glyphOrder = names
    font["maxp"].numGlyphs = len(names)
    font["post"].formatType = 3.0  # no glyph names: the copies need none
    return new_gids


# Tables a PDF never reads: layout (the text is shaped already), the character map (glyphs are shown by
# id), vertical metrics, signatures.
_UNUSED_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "cmap", "vhea", "vmtx", "VORG", "DSIG")


def _metrics(font: Any) -> _Metrics:
    scale = EM / font["head"].unitsPerEm
    head, hhea, os2, post = font["head"], font["hhea"], font["OS/2"], font["post"]
    name = font["name"].getDebugName(6) or "Font"
    return _Metrics(
        postscript_name="".join(ch for ch in name if ch.isalnum() or ch in "-_") or "Font",
        bbox=[round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)],
        italic_angle=float(post.italicAngle),
        ascent=round(hhea.ascent * scale),
        descent=round(hhea.descent * scale),
        cap_height=round(getattr(os2, "sCapHeight", hhea.ascent) * scale),
    )


def _subset_tag(name: str, program: bytes) -> str:
    """Return six capital letters naming this subset, the same for the same glyphs (reproducible builds)."""
    digest = hashlib.sha256(name.encode() + program).digest()
    return "".join(chr(ord("A") + byte % 26) for byte in digest[:6])


def to_unicode_cmap(texts: dict[int, str]) -> bytes:
    """Return a ToUnicode CMap mapping each code to its text (never to U+0000: such codes are left out)."""
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<0000> <FFFF>",
        "endcodespacerange",
    ]
    items = [(code, text) for code, text in sorted(texts.items()) if text and "\x00" not in text]
    for start in range(0, len(items), 100):
        chunk = items[start : start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{code:04X}> <{text.encode('utf-16-be').hex().upper()}>" for code, text in chunk]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")
