"""A TrueType font as briefgen draws and embeds it: parsed on first use, measured fast, its subsets exact.

Input: a font file, registered by ``fonts``. Output: a ReportLab font that
measures the words of a paragraph faster than ReportLab alone (each word's
width is looked up once per size), gives a string its codes faster once
every character has one, and embeds each subset as PDF/UA and PDF/A want
it: named with a tag of its own (six capitals from a hash of the subset,
so the same text gives the same name), a ToUnicode map of exactly the
codes drawn, and each code's width the advance of the glyph embedded for
it. Widths and codes are the ones ReportLab gives; ReportLab's private
parts are reached through ``reportlab_compat``.
"""

from __future__ import annotations

import hashlib
import weakref
from codecs import charmap_build, charmap_encode
from collections.abc import Sequence
from dataclasses import field
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFTrueTypeFont
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, TTFont

from briefgen import reportlab_compat
from briefgen.records import record
from briefgen.style.subset_cache import Flated, KeptSubsets, flate_stream

SPACE = 32  # ReportLab gives the space code 32 in every subset, for word spacing (Tw) to apply to it
ASCII_FIRST, ASCII_LAST = 33, 126  # printable ASCII but the space: each character's code is its own
SUBSET_SIZE = 256  # codes
NO_CHARACTER = "\ufffe"  # a code with no character, in a decoding table (``codecs.charmap_build``)
LAST_MAPPED = 0xFFFF  # an encoding map holds the Basic Multilingual Plane only
CMAP_CHUNK = 100  # entries in one bfchar block at most (ISO 32000-1, 9.10.3)


class EmbeddedFont(TTFont):
    """A TrueType font parsed on first use, measuring and encoding text faster and embedding exact subsets.

    ``TTFont.__init__`` runs on the first read of an attribute not set here:
    parsing a face is the costliest step of a cold build (about 6 ms each)
    and a brief seldom uses all eight faces of its two families. Codes are
    given as characters are first drawn (``give_codes``), so that a subset
    holds the characters drawn and no others, printable ASCII at its own codes.
    """

    # Words whose widths a font remembers, per size; past that the memory is dropped and refilled.
    WORD_WIDTHS_KEPT = 10_000
    LONGEST_WORD_KEPT = 40  # characters: the widths of longer strings are worked out, not kept

    def __init__(self, name: str, filename: str, number: int = 0) -> None:
        self.fontName = name
        self.unparsed = filename
        self.number = number  # the face's index in a collection (.ttc)
        self.word_widths: dict[float, dict[str, float]] = {}
        # The documents a space was drawn in: code 32 is reserved for it from the start.
        self.spaced: weakref.WeakSet[Any] = weakref.WeakSet()
        self.drawing: DocumentCodes | None = None  # the codes of the document drawn into last
        # The subsets' programs and ToUnicode maps made for earlier documents, by their code points and texts.
        self.kept_subsets: KeptSubsets[Flated] = KeptSubsets(entries=16, size=2 << 20)
        self.kept_maps: KeptSubsets[Flated] = KeptSubsets(entries=16, size=256 << 10)

    def __getattr__(self, attribute: str) -> Any:
        # Only called for attributes not yet set, so never again once the font is parsed.
        if attribute.startswith("__") or "unparsed" not in self.__dict__:
            raise AttributeError(attribute)
        unparsed = self.__dict__.pop("unparsed")
        TTFont.__init__(self, self.fontName, unparsed, asciiReadable=False, subfontIndex=self.number)
        return getattr(self, attribute)

    def stringWidth(self, text: Any, size: float, encoding: str = "utf8") -> float:  # noqa: N802 (ReportLab API)
        """Return the width of ``text`` at ``size``, as ReportLab computes it; a word seen before is looked up.

        Breaking lines asks for the width of every word and of every hyphenated
        part of one: about 3,000 times in a two-page brief, at 1.5 microseconds
        each in ReportLab's C routine (a fifth of a build). Prose repeats its
        words, within a brief and across a batch; a lookup takes a tenth of that.
        """
        if type(text) is not str or len(text) > self.LONGEST_WORD_KEPT:
            # A line or a paragraph measured whole is not met again, and keeping it would hold its text.
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
        """Return ``text``'s codes in the font's subsets, giving new characters theirs (``give_codes``).

        ReportLab looks at each character in a Python loop, for every string
        drawn: 5% of a build. A string all in the first subset (nearly every
        one) is encoded here in one call, in C; so is one with characters
        new to the document, once they are given codes.
        """
        if not isinstance(text, str):
            text = bytes(text).decode(encoding)
        drawing = self._codes_in(doc)
        text = text.replace("\xa0", " ")  # drawn as a space, as ReportLab draws it
        try:
            # UnicodeEncodeError: a character with no code yet, or one past the first subset.
            found: bytes = charmap_encode(text, "strict", drawing.encoder)[0]
        except UnicodeEncodeError:
            given = give_codes(text, drawing.codes, drawing.subsets, self.face.charToGlyph)
            if given:
                drawing.learn(given)
            try:
                found = charmap_encode(text, "strict", drawing.encoder)[0]
            except UnicodeEncodeError:  # a character with no glyph, or one past the first subset
                result: list[tuple[int, bytes]] = super().splitString(text, doc, encoding)  # only finds the codes
                if not drawing.spaced and any(subset == 0 and SPACE in part for subset, part in result):
                    self._note_space(drawing, doc)
                return result
        # Only the space has code 32 in the first subset.
        if not drawing.spaced and SPACE in found:
            self._note_space(drawing, doc)
        return [(0, found)] if found else []

    def encoder(self, doc: Any) -> Any:
        """Return the ``codecs.charmap_encode`` map of ``doc``'s first subset, once a space was drawn in it.

        Text it encodes (no-break spaces first made spaces) is in the first
        subset, as ``splitString`` gives it; other text is left to
        ``splitString``, which gives new characters codes and notes the first
        space. None before that first space.
        """
        drawing = self._codes_in(doc)
        return drawing.encoder if drawing.spaced else None

    def _codes_in(self, doc: Any) -> DocumentCodes:
        """Return ``doc``'s codes: those of the document drawn into last, or made ready now."""
        drawing = self.drawing
        if drawing is None or drawing.document() is not doc:
            drawing = self._start_drawing(doc)
        return drawing

    def _note_space(self, drawing: DocumentCodes, doc: Any) -> None:
        """Note that a space was drawn into ``doc``: its code 32 is then the space's, in every subset written."""
        drawing.spaced = True
        self.spaced.add(doc)

    def _start_drawing(self, doc: Any) -> DocumentCodes:
        """Keep ``doc``'s codes at hand: a string is drawn into the same document as the one before, mostly."""
        codes, subsets = reportlab_compat.code_state(self, doc)
        if codes == NOTHING_DRAWN:  # mostly: the same map for every document
            decoding, encoder = NOTHING_DRAWN_TEXT, NOTHING_DRAWN_MAP
        else:
            decoding = first_subset_text(codes)
            encoder = encoding_map(decoding)
        self.drawing = DocumentCodes(weakref.ref(doc), codes, subsets, doc in self.spaced, decoding, encoder)
        return self.drawing

    def getSubsetInternalName(self, subset: int, doc: Any) -> str:  # noqa: N802 (ReportLab API)
        """Return the name of ``subset``'s font object in ``doc``, as ReportLab names it; asked again, remembered."""
        drawing = self._codes_in(doc)
        name = drawing.names.get(subset)
        if name is None:
            name = drawing.names[subset] = super().getSubsetInternalName(subset, doc)
        return name

    def addObjects(self, doc: Any) -> None:  # noqa: N802 (ReportLab API)
        """Add the font's subsets to ``doc``: each tagged by its content, with exact widths and ToUnicode map."""
        codes, _ = reportlab_compat.code_state(self, doc)
        drawn = {code: chr(point) for point, code in codes.items() if point and (code != SPACE or doc in self.spaced)}
        face = (self.face.name + self.face.subfontNameX).decode("latin-1")  # as ReportLab names the face's subsets
        subsets = reportlab_compat.take_subsets(self, doc)
        self.drawing = None  # the document's codes are taken: drawn into again, it would start anew
        for index, (name, points, widths) in enumerate(subsets):
            while len(points) > 1 and points[-1] == 0:  # codes never given past the last one given
                del points[-1], widths[-1]
            base = f"{subset_tag(face, points)}+{face}"
            font = PDFTrueTypeFont()
            font.Name, font.BaseFont = name, base
            font.FirstChar, font.LastChar = 0, len(points) - 1
            whole = all(type(width) is int for width in widths)
            font.Widths = GlyphWidths(widths) if whole else PDFArray(widths)
            first = index << 8
            texts = tuple((code - first, text) for code, text in sorted(drawn.items()) if code >> 8 == index)
            font.ToUnicode = doc.Reference(
                flate_stream(self._to_unicode(texts), doc.compression), f"toUnicodeCMap:{base}"
            )
            font.FontDescriptor = self.embed_subset(doc, base, points)
            reportlab_compat.add_subset(doc, name, font)

    def _to_unicode(self, texts: tuple[tuple[int, str], ...]) -> Flated:
        """Return the ToUnicode map of a subset's codes and their texts, made once per process for each."""
        return self.kept_maps.get(texts, lambda: Flated.of(to_unicode_cmap(dict(texts))), Flated.weight)

    def embed_subset(self, doc: Any, base: str, points: list[int]) -> Any:
        """Embed the subset of ``points`` and return its descriptor, as ``TTFontFace.addSubsetObjects`` writes them.

        The program is made once per process for each subset (``subset_cache``).
        """
        make = lambda: Flated.of(reportlab_compat.subset_program(self, points))  # noqa: E731
        program = self.kept_subsets.get(tuple(points), make, Flated.weight)
        font_file = flate_stream(program, doc.compression)
        font_file.dictionary["Length1"] = len(program.content)
        face = self.face
        entries = {"Type": "/FontDescriptor", "Ascent": face.ascent, "CapHeight": face.capHeight}
        entries |= {"Descent": face.descent, "Flags": face.flags & ~FF_NONSYMBOLIC | FF_SYMBOLIC}
        entries |= {"FontBBox": PDFArray(face.bbox), "FontName": PDFName(base), "ItalicAngle": face.italicAngle}
        entries |= {"StemV": face.stemV, "FontFile2": doc.Reference(font_file, f"fontFile:{face.filename}({base})")}
        entries["MissingWidth"] = face.defaultWidth
        return doc.Reference(PDFDictionary(entries), f"fontDescriptor:{base}")


@record(frozen=False, eq=False)
class DocumentCodes:
    """A font's codes in the document drawn into last, and the names of its subsets' font objects there."""

    document: weakref.ref[Any]  # not the document itself: a font outlives the documents it is drawn into
    codes: dict[int, int]  # each code point's code (high byte: the subset)
    subsets: list[list[int]]  # each subset's code points by code
    spaced: bool  # whether a space was drawn
    decoding: str  # ``first_subset_text(codes)``, kept up to date by ``learn``
    encoder: Any  # ``encoding_map(decoding)``
    names: dict[int, str] = field(default_factory=dict)  # each subset's font object name, "/F1+0"

    def learn(self, points: list[int]) -> None:
        """Put the codes just given to ``points`` in the first subset's text and encoding map."""
        decoding = self.decoding
        for point in points:
            code = self.codes[point]
            if code < SUBSET_SIZE and point <= LAST_MAPPED:
                decoding = decoding[:code] + chr(point) + decoding[code + 1 :]
        self.decoding = decoding
        self.encoder = encoding_map(decoding)


def first_subset_text(codes: dict[int, int]) -> str:
    """Return the character of each code of the first subset (``NO_CHARACTER`` for none): its decoding table.

    Code 0 is .notdef's, U+0000; a character past the Basic Multilingual Plane
    is left out (``charmap_build`` maps only that plane), and found by ReportLab.
    """
    characters = [NO_CHARACTER] * SUBSET_SIZE
    for point, code in codes.items():
        if code < SUBSET_SIZE and point <= LAST_MAPPED:
            characters[code] = chr(point)
    return "".join(characters)


def encoding_map(decoding: str) -> Any:
    """Return the ``codecs.charmap_encode`` map of a first subset's text: each character to its code, in C."""
    built = charmap_build(decoding)
    if isinstance(built, dict):  # made as a dict if it spans too many blocks: it must not map NO_CHARACTER
        built.pop(ord(NO_CHARACTER), None)
    return built


def give_codes(text: str, codes: dict[int, int], subsets: list[list[int]], glyphs: dict[int, int]) -> list[int]:
    """Give each character of ``text`` that has a glyph and no code yet its code, in ``codes`` and ``subsets``.

    Return the characters' code points.

    A printable ASCII character's code is its own, so that a content stream's
    strings read as text and compress as well as ReportLab's (whose codes
    would be octal escapes if given in the order drawn, as its
    ``asciiReadable`` off gives them); any other character takes the next free
    code: 1 to 31, then 127 to 255, then those of further subsets, each with
    .notdef at code 0 and the space at 32, as ReportLab gives them. A code is
    given only when its character is first drawn, so a subset holds the
    glyphs drawn and no others (``asciiReadable`` on would embed all of ASCII).
    """
    # Found through the text's set of characters, given in the order they come in the text.
    new = [character for character in set(text) if ord(character) not in codes and ord(character) in glyphs]
    if len(new) > 1:
        new.sort(key=text.index)
    given = []
    for character in new:  # a character with no glyph is drawn as code 0 (.notdef)
        point = ord(character)
        codes[point] = _place(point, subsets)
        given.append(point)
    return given


def _place(point: int, subsets: list[list[int]]) -> int:
    """Put ``point`` at its code in ``subsets`` and return the code."""
    first = subsets[0]
    if ASCII_FIRST <= point <= ASCII_LAST:
        first[point] = point
        return point
    for low in range(1, SPACE):
        if not first[low]:
            first[low] = point
            return low
    last = subsets[-1]
    if len(last) == 256:
        last = [0]
        subsets.append(last)
    if len(last) == SPACE:
        last.append(SPACE)
    last.append(point)
    return (len(subsets) - 1) * 256 + len(last) - 1


# The codes of a document nothing was drawn into in a font (``reportlab_compat.code_state``), and their maps.
NOTHING_DRAWN = {0: 0, SPACE: SPACE}
NOTHING_DRAWN_TEXT = first_subset_text(NOTHING_DRAWN)
NOTHING_DRAWN_MAP = encoding_map(NOTHING_DRAWN_TEXT)  # a map is never changed: shared


def subset_tag(face: str, code_points: Sequence[int]) -> str:
    """Return the six capitals that name a subset of ``face`` holding ``code_points`` (in code order).

    ISO 32000-1 (9.6.4) asks for a tag that differs between subsets; one
    derived from the subset's content stays the same from build to build.
    """
    digest = hashlib.sha256(face.encode() + b"\0" + ",".join(map(str, code_points)).encode()).digest()
    number = int.from_bytes(digest[:8], "big")
    letters = []
    for _ in range(6):
        number, letter = divmod(number, 26)
        letters.append(chr(ord("A") + letter))
    return "".join(letters)


def to_unicode_cmap(codes: dict[int, str], *, code_bytes: int = 1) -> bytes:
    """Return a ToUnicode CMap mapping each code in ``codes`` to its text, and no other code.

    Codes are ``code_bytes`` long: one for a simple font's subset, two for a
    CID font's (``pdf.shaped_fonts``). A code whose text is empty or holds
    U+0000 is left out: no glyph is ever read as nothing.
    """
    digits = 2 * code_bytes
    entries = [
        f"<{code:0{digits}X}> <{text.encode('utf-16-be').hex().upper()}>"
        for code, text in sorted(codes.items())
        if text and "\x00" not in text
    ]
    blocks = []
    for start in range(0, len(entries), CMAP_CHUNK):
        chunk = entries[start : start + CMAP_CHUNK]
        blocks += [f"{len(chunk)} beginbfchar", *chunk, "endbfchar"]
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<{'00' * code_bytes}> <{'FF' * code_bytes}>",
        "endcodespacerange",
        *blocks,
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(lines).encode("ascii")


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
