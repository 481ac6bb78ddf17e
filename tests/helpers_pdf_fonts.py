"""Check the fonts a PDF draws with against the text it draws: the codes used, their glyphs, Unicode and widths.

``font_failures(pdf)`` reads every page's content (and the forms it draws)
to find the codes each font is shown with, then checks each font, reading
its embedded program with fontTools:

- 31 (PDF/UA-1 7.21.7, ISO 32000-1 9.10): every code used has a ToUnicode
  entry, and the ToUnicode map has an entry for no other code; no entry is
  U+0000 or empty; where the font's original file is known (``font_files``,
  by PostScript name), the glyph drawn for each code is the original's glyph
  for the character ToUnicode gives (same advance and bounding box).
- 31-009 (missing glyphs): no code used is drawn with ``.notdef``, or with
  the glyph of U+0000, which ReportLab draws (as code 0) for a character
  the font lacks.
- 31-011 (ISO 32000-1 9.6.2, PDF/A-2 6.2.11.5): ``/Widths`` (or a CID font's
  ``/W``) give each code used the advance width of its glyph in the embedded
  program, in thousandths of the text size.
- ISO 32000-1 9.6.4: each embedded subset is named with a tag of six capitals
  and a plus sign, and no two different subsets share a tag.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
from fontTools.ttLib import TTFont

from briefgen.text.scripts import sets_simply
from conftest import REPO

SHIPPED_FONTS = {path.stem: path for path in (REPO / "assets" / "fonts").glob("*.ttf")}
SHOWING = frozenset(["Tj", "TJ", "'", '"'])


def font_failures(pdf: pikepdf.Pdf, font_files: dict[str, Path] | None = None) -> list[str]:
    """Return every problem of the fonts ``pdf`` draws with (see the module docstring)."""
    originals = SHIPPED_FONTS if font_files is None else font_files
    used: dict[tuple[int, int], set[int]] = defaultdict(set)
    fonts: dict[tuple[int, int], Any] = {}
    for page in pdf.pages:
        resources = page.obj.get("/Resources", pikepdf.Dictionary())
        fonts.update((font.objgen, font) for font in resources.get("/Font", pikepdf.Dictionary()).values())
        for font, codes in _codes_shown(page.obj, resources):
            fonts[font.objgen] = font
            used[font.objgen] |= codes
    failures: list[str] = []
    tags: dict[str, bytes] = {}
    for key, font in fonts.items():
        failures += _check_font(font, used[key], originals, tags)
    return failures


def _codes_shown(holder: Any, resources: Any) -> Iterator[tuple[Any, set[int]]]:
    """Yield (font, the codes shown in it) for each text-showing operator of a page or form, forms drawn included."""
    font_resources = resources.get("/Font", pikepdf.Dictionary())
    xobjects = resources.get("/XObject", pikepdf.Dictionary())
    stack: list[Any] = []
    font: Any = None
    for operands, operator in pikepdf.parse_content_stream(holder):
        op = str(operator)
        if op == "q":
            stack.append(font)
        elif op == "Q" and stack:
            font = stack.pop()
        elif op == "Tf":
            font = font_resources.get(str(operands[0]))
        elif op in SHOWING and font is not None:
            strings = operands[0] if op == "TJ" else operands[-1:]
            data = b"".join(bytes(s) for s in strings if isinstance(s, pikepdf.String))
            yield font, set(_codes(font, data))
        elif op == "Do":
            form = xobjects.get(str(operands[0]))
            if form is not None and form.get("/Subtype") == "/Form":
                yield from _codes_shown(form, form.get("/Resources", resources))


def _codes(font: Any, data: bytes) -> list[int]:
    if font.get("/Subtype") == "/Type0":  # Identity-H: two bytes a code
        return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data) - 1, 2)]
    return list(data)


def to_unicode(font: Any) -> dict[int, str]:
    """Return a font's ToUnicode map: code to text (bfchar and bfrange entries)."""
    if "/ToUnicode" not in font:
        return {}
    text = font.ToUnicode.read_bytes().decode("latin-1")
    mapping: dict[int, str] = {}

    def decode(hex_text: str) -> str:
        return bytes.fromhex(hex_text).decode("utf-16-be", errors="replace")

    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for code, value in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            mapping[int(code, 16)] = decode(value)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for low, high, value in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])", block):
            start, end = int(low, 16), int(high, 16)
            if value.startswith("["):
                for offset, item in enumerate(re.findall(r"<([0-9A-Fa-f]*)>", value)):
                    mapping[start + offset] = decode(item)
            else:
                first = int(value[1:-1], 16)
                for offset in range(end - start + 1):
                    mapping[start + offset] = decode(f"{first + offset:0{len(value) - 2}X}")
    return mapping


def _program(font: Any) -> tuple[Any, TTFont | None]:
    """Return the font's descriptor (a CID font's for Type0) and its embedded TrueType program, if any."""
    descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
    descriptor = descendant.get("/FontDescriptor")
    stream = descriptor.get("/FontFile2") if descriptor is not None else None
    return descendant, TTFont(io.BytesIO(stream.read_bytes())) if stream is not None else None


def _glyph(font: Any, descendant: Any, program: TTFont, code: int) -> str:
    """Return the name of the glyph ``code`` is drawn with in the embedded program."""
    order = program.getGlyphOrder()
    if font.get("/Subtype") == "/Type0":
        mapping = descendant.get("/CIDToGIDMap")
        if isinstance(mapping, pikepdf.Stream):
            data = mapping.read_bytes()
            gid = int.from_bytes(data[2 * code : 2 * code + 2], "big")
        else:
            gid = code
        return order[gid] if gid < len(order) else order[0]
    tables = {(t.platformID, t.platEncID): t.cmap for t in program["cmap"].tables}
    symbol, mac = tables.get((3, 0), {}), tables.get((1, 0), {})
    return symbol.get(0xF000 + code) or symbol.get(code) or mac.get(code) or order[0]


def _widths(font: Any, descendant: Any) -> dict[int, float]:
    if font.get("/Subtype") != "/Type0":
        first = int(font.get("/FirstChar", 0))
        return {first + i: float(w) for i, w in enumerate(font.get("/Widths", []))}
    widths: dict[int, float] = {}
    items = list(descendant.get("/W", []))
    index = 0
    while index < len(items):
        start = int(items[index])
        if isinstance(items[index + 1], pikepdf.Array):
            widths.update({start + i: float(w) for i, w in enumerate(items[index + 1])})
            index += 2
        else:
            widths.update(dict.fromkeys(range(start, int(items[index + 1]) + 1), float(items[index + 2])))
            index += 3
    return defaultdict(lambda: float(descendant.get("/DW", 1000)), widths)


def _fingerprint(program: TTFont, glyph: str) -> tuple[float, ...]:
    """Return a glyph's advance and bounding box, in thousandths of an em."""
    scale = 1000 / program["head"].unitsPerEm
    shape = program["glyf"][glyph] if "glyf" in program else None
    box = [getattr(shape, side, 0) for side in ("xMin", "yMin", "xMax", "yMax")] if shape is not None else []
    return tuple(round(value * scale, 1) for value in [program["hmtx"][glyph][0], *box])


def _outline(program: TTFont, glyph: str) -> tuple[Any, ...]:
    """Return what a glyph draws: its advance and outline data."""
    table = program.get("glyf")
    outline = table[glyph].compile(table) if table is not None else b""
    return program["hmtx"][glyph][0], outline


def _check_font(font: Any, used: set[int], originals: dict[str, Path], tags: dict[str, bytes]) -> list[str]:
    name = str(font.get("/BaseFont", "?"))[1:]
    descendant, program = _program(font)
    failures = []
    tag, _, face = name.partition("+")
    if program is not None:
        if not (re.fullmatch("[A-Z]{6}", tag) and face):
            failures.append(f"9.6.4: the embedded subset {name} has no tag of six capitals")
        else:
            content = bytes(descendant.FontDescriptor.FontFile2.read_bytes())
            if tags.setdefault(tag, content) != content:
                failures.append(f"9.6.4: two different subsets share the tag {tag} ({name})")
    unicode = to_unicode(font)
    if set(unicode) - used:
        failures.append(f"31: {name}'s ToUnicode maps codes it never shows: {_few(set(unicode) - used)}")
    if used - set(unicode):
        failures.append(f"31: {name} shows codes its ToUnicode does not map: {_few(used - set(unicode))}")
    empty = {code for code, text in unicode.items() if not text or "\x00" in text}
    if empty:
        failures.append(f"31: {name}'s ToUnicode maps codes to U+0000 or nothing: {_few(empty)}")
    if program is None:
        return failures
    original = TTFont(originals[face]) if face in originals else None
    # Shaped text (a Type0 font): Arabic joining forms, conjuncts and ligatures are glyphs no character
    # maps to, so only the characters ReportLab would draw one for one are compared with the original.
    shaped = font.get("/Subtype") == "/Type0"
    widths = _widths(font, descendant)
    notdef, wrong_width, wrong_glyph = set(), set(), set()
    # What is drawn for a character the font lacks: .notdef, or (ReportLab's code 0) the glyph of U+0000.
    missing = [_outline(program, program.getGlyphOrder()[0])]
    if original is not None and 0 in original.getBestCmap():
        missing.append(_outline(original, original.getBestCmap()[0]))
    for code in used:
        glyph = _glyph(font, descendant, program, code)
        if _outline(program, glyph) in missing:
            notdef.add(code)
            continue
        if abs(widths[code] - _fingerprint(program, glyph)[0]) > 0.5:  # a code /W leaves out has the /DW
            wrong_width.add(code)
        text = unicode.get(code, "")
        # In right-to-left text a bracket is drawn with its mirror image's glyph (UAX #9, rule L4).
        compared = len(text) == 1 and (not shaped or (sets_simply(text) and not unicodedata.mirrored(text)))
        if original is not None and compared:
            wanted = original.getBestCmap().get(ord(text))
            # A font drawn by glyph id (briefgen's shaped text: a Type0 font) may give a glyph another
            # advance (a copy of it, in its subset); its outline must still be the character's.
            same = slice(1, None) if shaped else slice(None)
            if wanted is None or _fingerprint(original, wanted)[same] != _fingerprint(program, glyph)[same]:
                wrong_glyph.add(code)
    if notdef:
        failures.append(f"31-009: {name} draws codes {_few(notdef)} with .notdef: a character its font lacks")
    if wrong_width:
        failures.append(f"31-011: {name}'s /Widths differ from its glyphs' advances for codes {_few(wrong_width)}")
    if wrong_glyph:
        failures.append(f"31: {name}'s ToUnicode names another character than its glyph for codes {_few(wrong_glyph)}")
    return failures


def _few(codes: set[int]) -> str:
    shown = sorted(codes)
    return ", ".join(map(str, shown[:10])) + (f" and {len(shown) - 10} more" if len(shown) > 10 else "")
