"""Read back what a PDF's glyphs stand for: every shown code's ToUnicode text and width, and glyph positions.

``shown_glyphs(path)`` walks every page's content stream (and form XObjects)
with pikepdf, follows the font in use, splits each shown string into the
font's codes, and returns each code with its font, its ToUnicode text (None
when the font maps it to nothing) and its width. ``glyph_problems`` turns
that into the failures the script tests forbid: a glyph mapped to U+0000, a
glyph mapped to nothing, a visible character drawn zero-width. ``CHINESE``
and ``JAPANESE`` are sample paragraphs the script tests share.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf

# Sample prose the script tests set: real sentences, with Latin digits and brackets inside.
CHINESE = (
    "习近平主席在北京会见了来访的俄罗斯总统普京。双方表示，将继续深化在能源、贸易和安全领域的合作（包括“一带一路”倡议），"
    "并于2024年11月12日签署了联合声明。会谈持续了约3小时，双方还讨论了地区安全局势和朝鲜半岛问题。"
)
JAPANESE = (
    "岸田文雄首相は、記者会見で「北朝鮮の弾道ミサイル発射は断じて容認できない」と述べた。政府は、ちょっとした"
    "変更を加えたうえで、2024年度の予算案（約112兆円）を国会に提出する方針だ。"
)


@dataclass(frozen=True)
class ShownGlyph:
    page: int
    font: str  # the BaseFont, subset tag removed
    code: int
    text: str | None  # what ToUnicode maps the code to
    width: float  # thousandths of an em
    outlined: bool | None  # whether the glyph has an outline (known for zero-width glyphs of embedded CID fonts)


def _to_unicode(font: Any) -> dict[int, str]:
    if "/ToUnicode" not in font:
        return {}
    data = font.ToUnicode.read_bytes().decode("latin-1")
    mapping: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for code, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            mapping[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, start in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            first = bytes.fromhex(start).decode("utf-16-be")
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = first[:-1] + chr(ord(first[-1]) + offset)
    return mapping


def _widths(font: Any) -> tuple[dict[int, float], float]:
    if font.Subtype == "/Type0":
        descendant = font.DescendantFonts[0]
        widths: dict[int, float] = {}
        entries = list(descendant.get("/W", []))
        index = 0
        while index < len(entries):
            first = int(entries[index])
            if isinstance(entries[index + 1], pikepdf.Array):
                for offset, width in enumerate(entries[index + 1]):
                    widths[first + offset] = float(width)
                index += 2
            else:
                for code in range(first, int(entries[index + 1]) + 1):
                    widths[code] = float(entries[index + 2])
                index += 3
        return widths, float(descendant.get("/DW", 1000))
    first = int(font.get("/FirstChar", 0))
    return {first + offset: float(width) for offset, width in enumerate(font.get("/Widths", []))}, 0.0


def shown_glyphs(path: Path) -> list[ShownGlyph]:
    """Return every glyph shown on every page, with its ToUnicode text and width."""
    found: list[ShownGlyph] = []
    with pikepdf.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            found += _walk(page.obj, number, {})
    return found


def _walk(container: Any, page: int, cache: dict[Any, Any]) -> list[ShownGlyph]:
    resources = container.get("/Resources", pikepdf.Dictionary())
    fonts = resources.get("/Font", pikepdf.Dictionary())
    found: list[ShownGlyph] = []
    current: Any = None
    for operands, operator in pikepdf.parse_content_stream(container):
        name = str(operator)
        if name == "Tf":
            font = fonts[operands[0]]
            key = font.objgen
            if key not in cache:
                cache[key] = (font, _to_unicode(font), *_widths(font))
            current = cache[key]
        elif name in ("Tj", "TJ", "'", '"') and current is not None:
            strings = (
                [operands[-1]]
                if name != "TJ"
                else [item for item in operands[0] if isinstance(item, bytes | pikepdf.String)]
            )
            font, mapping, widths, default = current
            size = 2 if font.Subtype == "/Type0" else 1
            base = str(font.BaseFont).lstrip("/").split("+")[-1]
            for string in strings:
                raw = bytes(string)
                for start in range(0, len(raw), size):
                    code = int.from_bytes(raw[start : start + size], "big")
                    width = widths.get(code, default)
                    outlined = _outlined(font, code, cache) if width <= 0 else None
                    found.append(ShownGlyph(page, base, code, mapping.get(code), width, outlined))
        elif name == "Do":
            xobject = resources.XObject[operands[0]]
            if xobject.get("/Subtype") == "/Form":
                found += _walk(xobject, page, cache)
    return found


def _outlined(font: Any, code: int, cache: dict[Any, Any]) -> bool | None:
    """Return whether a CID font's glyph for ``code`` has an outline (None for other fonts)."""
    if font.Subtype != "/Type0":
        return None
    from fontTools.ttLib import TTFont

    descendant = font.DescendantFonts[0]
    descriptor = descendant.FontDescriptor
    key = ("program", descendant.objgen)
    if key not in cache:
        program = descriptor.get("/FontFile2")
        if program is None:
            cache[key] = None
        else:
            cache[key] = TTFont(io.BytesIO(program.read_bytes()))
    parsed = cache[key]
    if parsed is None:
        return None
    gid = code
    if isinstance(descendant.get("/CIDToGIDMap"), pikepdf.Stream):
        table = descendant.CIDToGIDMap.read_bytes()
        gid = int.from_bytes(table[2 * code : 2 * code + 2], "big")
    glyph = parsed["glyf"][parsed.getGlyphOrder()[gid]]
    return bool(glyph.numberOfContours)


def glyph_problems(path: Path) -> list[str]:
    """Return each glyph that extracts as U+0000 or as nothing, or is a visible character drawn with no width."""
    problems = []
    for glyph in shown_glyphs(path):
        where = f"page {glyph.page}, {glyph.font} code {glyph.code:#06x}"
        if glyph.text is None or glyph.text == "":
            problems.append(f"{where}: maps to no text")
        elif "\x00" in glyph.text:
            problems.append(f"{where}: maps to U+0000")
        elif glyph.width <= 0 and not glyph.outlined and not all(_zero_width_character(ch) for ch in glyph.text):
            # A zero-width glyph with an outline is shaping's (an alef joined onto its lam); an empty one is blank.
            problems.append(f"{where}: {glyph.text!r} is drawn as a zero-width blank")
    return sorted(set(problems))


def _zero_width_character(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Me", "Cf") or ch == "\u200b"
