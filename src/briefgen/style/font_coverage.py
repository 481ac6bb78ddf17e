"""Which characters each font can draw, and which shipped font draws a script the theme's fonts lack. No ReportLab.

Input: font faces (a file, and a face index inside a .ttc/.otc collection).
Output: ``coverage(face)``, the code points a face has glyphs for; the
shipped fallback faces for a script (``fallback_faces``); ``first_face``, the
face of a list that has a character. ``briefgen check`` uses it to report
characters no font can draw without importing ReportLab or opening a font:
the shipped fonts' coverage is a table (``assets/fonts/coverage.txt``, made
by ``python -m briefgen.style.font_coverage``, that is ``make fonts``; a test
fails if it is stale). A theme's own font files are read with fontTools,
their character map only.
"""

from __future__ import annotations

import bisect
import functools
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from briefgen.assets import assets_dir

COVERAGE_FILE = "coverage.txt"
# The faces of the CJK collections briefgen uses, by the glyph forms each draws (see text.scripts.cjk_variant).
CJK_FACE_INDEX = {"Jpan": 0, "Kore": 1, "Hans": 2, "Hant": 3}
CJK_FILES = {"regular": "NotoSansCJK-Regular.ttc", "bold": "NotoSansCJK-Bold.ttc"}
# Shipped fonts for scripts a theme's fonts lack, beside serif and beside sans-serif text.
SCRIPT_FILES = {
    "Arab": ("NotoNaskhArabic", "NotoSansArabic"),
    "Hebr": ("NotoSerifHebrew", "NotoSansHebrew"),
    "Deva": ("NotoSerifDevanagari", "NotoSansDevanagari"),
}
# Latin, Greek, Cyrillic and symbols, when a theme's own font lacks them.
LATIN_FILES = ("NotoSerif", "NotoSans")
FACE_WEIGHTS = {"regular": "Regular", "bold": "Bold", "italic": "Italic", "bold_italic": "BoldItalic"}


class FontFace(NamedTuple):
    """One face of a font file: the file's absolute path, and the face's index in a collection (0 otherwise).

    A named tuple, not a dataclass: defining a dataclass costs every cold start more than this module's work.
    """

    path: str
    number: int = 0  # the face's index in a collection

    @classmethod
    def parse(cls, reference: str, folder: Path | None = None) -> FontFace:
        """Return the face a theme names: ``fonts/x.ttf``, or ``fonts/x.ttc#2`` for a collection's third face."""
        name, hash_sign, index = reference.rpartition("#")
        if not (hash_sign and index.isdigit()):
            name, index = reference, "0"
        path = Path(name)
        if not path.is_absolute():
            path = (folder or assets_dir() / "fonts") / path
        return cls(str(path), int(index))

    @property
    def shipped_key(self) -> str:
        """Return the face's name in the coverage table, if it is a shipped font: ``NotoSansCJK-Bold.ttc#1``."""
        name = Path(self.path).name
        return f"{name}#{self.number}" if name.endswith((".ttc", ".otc")) else name

    @property
    def shipped(self) -> bool:
        """Return whether the face is one of the fonts that ship with briefgen."""
        return Path(self.path).parent == assets_dir() / "fonts" and self.shipped_key in _table()

    @property
    def label(self) -> str:
        """Return the face as a user wrote it: the file name, with ``#index`` for a collection."""
        return self.shipped_key


class Ranges:
    """A set of code points held as sorted, disjoint, inclusive ranges: small to keep, quick to ask."""

    def __init__(self, ranges: Sequence[tuple[int, int]]) -> None:
        self.starts = [low for low, _ in ranges]
        self.ends = [high for _, high in ranges]

    @classmethod
    def of(cls, codes: Iterable[int]) -> Ranges:
        """Return the ranges holding exactly ``codes``."""
        ranges: list[tuple[int, int]] = []
        for code in sorted(set(codes)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
        return cls(ranges)

    def __contains__(self, code: object) -> bool:
        if not isinstance(code, int):
            return False
        index = bisect.bisect_right(self.starts, code) - 1
        return index >= 0 and code <= self.ends[index]

    def text(self) -> str:
        """Return the ranges as the coverage table writes them: ``20-7e a0 a2-ff``."""
        pairs = zip(self.starts, self.ends, strict=True)
        return " ".join(f"{low:x}" if low == high else f"{low:x}-{high:x}" for low, high in pairs)

    @classmethod
    def parse(cls, text: str) -> Ranges:
        """Return the ranges ``text()`` wrote."""
        ranges = []
        for item in text.split():
            low, _, high = item.partition("-")
            ranges.append((int(low, 16), int(high or low, 16)))
        return cls(ranges)


@functools.cache
def _table() -> dict[str, str]:
    """Return each shipped face's line of the coverage table, unparsed (most briefs need two or three)."""
    try:
        lines = (assets_dir() / "fonts" / COVERAGE_FILE).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:  # being made for the first time (make fonts)
        return {}
    entries = (line.partition(" ") for line in lines if line and not line.startswith("#"))
    table: dict[str, str] = {}
    for key, _, ranges in entries:
        # "= OTHER" stands for the same ranges as the face OTHER (the faces of a collection share a map).
        table[key] = table[ranges[2:]] if ranges.startswith("= ") else ranges
    return table


@functools.cache
def coverage(face: FontFace) -> Ranges:
    """Return the code points ``face`` has glyphs for: from the table for a shipped font, else from its file."""
    if face.shipped:
        return Ranges.parse(_table()[face.shipped_key])
    return Ranges.of(read_character_map(face))


def read_character_map(face: FontFace) -> dict[int, str]:
    """Return ``face``'s character map (code point to glyph name), read with fontTools."""
    from fontTools.ttLib import TTFont

    with open(face.path, "rb") as stream:
        collection = stream.read(4) == b"ttcf"
        font = TTFont(stream, fontNumber=face.number if collection else -1, lazy=True)
        cmap: dict[int, str] = font.getBestCmap() or {}
    return cmap


@functools.cache
def read_font_kind(face: FontFace) -> str:
    """Return how ``face``'s glyphs are drawn: ``truetype`` (glyf outlines) or ``cff`` (PostScript outlines).

    Raises:
        FontFileError: the file is not a font briefgen can use, or has no such face.

    """
    if face.shipped:
        return "cff" if face.path.endswith(".ttc") else "truetype"
    from fontTools.ttLib import TTFont, TTLibError

    name = Path(face.path).name
    try:
        with open(face.path, "rb") as stream:
            head = stream.read(4)
            stream.seek(0)
            if head == b"ttcf":
                count = int.from_bytes(stream.read(12)[8:12], "big")
                if not 0 <= face.number < count:
                    faces = f"its faces are #0 to #{count - 1}" if count > 1 else "it has one face, #0"
                    raise FontFileError(f"font '{name}' has no face #{face.number}; {faces}")
                stream.seek(0)
            elif face.number:
                raise FontFileError(f"font '{name}' is not a collection (.ttc); name it without #{face.number}")
            font = TTFont(stream, fontNumber=face.number if head == b"ttcf" else -1, lazy=True)
            tables = set(font.keys())
            font.getBestCmap()
    except FontFileError:
        raise
    except (TTLibError, OSError, ValueError, KeyError, AssertionError, IndexError) as exc:
        problem = f"'{name}' is not a font briefgen can read ({exc}); name a .ttf, .otf or .ttc file"
        raise FontFileError(problem) from exc
    if "glyf" in tables:
        return "truetype"
    if "CFF " in tables:
        return "cff"
    kind = "a variable CFF2 font" if "CFF2" in tables else "a font without outlines briefgen can embed"
    raise FontFileError(f"font '{name}' is {kind}; use a TrueType or OpenType CFF font (a static instance)")


class FontFileError(ValueError):
    """A theme names a file that is not a font briefgen can use."""


def fallback_faces(script: str, weight: str, *, sans: bool, cjk: str) -> list[FontFace]:
    """Return the shipped faces to try for a character of ``script`` the theme's fonts lack, best first.

    ``weight`` is the face wanted (regular, bold, italic, bold_italic): only
    Latin has italics; ``sans`` picks the sans-serif companions; ``cjk`` is
    the CJK glyph forms wanted (``text.scripts.cjk_variant``). The script's
    own font comes first, then every other, so that a symbol or punctuation
    mark in no script of its own is drawn by whichever font has it.
    """
    # Hangul is drawn in the Korean face and kana in the Japanese one, whatever the brief's language.
    faces = _fallback_faces(weight, sans, {"Hang": "Kore", "Hira": "Jpan", "Kana": "Jpan"}.get(script, cjk))
    if script in ("Hani", "Hira", "Kana", "Hang", "Bopo"):
        first = [face for face in faces if face.path.endswith(".ttc")]
    elif script in SCRIPT_FILES:
        family = SCRIPT_FILES[script][sans]
        first = [face for face in faces if Path(face.path).name.startswith(family + "-")]
    else:
        first = faces[:1]
    return first + [face for face in faces if face not in first]


@functools.cache
def _fallback_faces(weight: str, sans: bool, cjk: str) -> list[FontFace]:
    folder = assets_dir() / "fonts"
    bold = weight in ("bold", "bold_italic")
    latin = FontFace(str(folder / f"{LATIN_FILES[sans]}-{FACE_WEIGHTS[weight]}.ttf"))
    suffix = "Bold" if bold else "Regular"
    scripts = [FontFace(str(folder / f"{files[sans]}-{suffix}.ttf")) for files in SCRIPT_FILES.values()]
    collection = FontFace(str(folder / CJK_FILES["bold" if bold else "regular"]), CJK_FACE_INDEX[cjk])
    return [latin, *scripts, collection]


def first_face(code: int, faces: Iterable[FontFace]) -> FontFace | None:
    """Return the first of ``faces`` that has a glyph for ``code``, or None."""
    return next((face for face in faces if code in coverage(face)), None)


def shipped_faces() -> list[FontFace]:
    """Return every shipped face the coverage table lists (the CJK collections: the faces briefgen uses)."""
    folder = assets_dir() / "fonts"
    faces = [FontFace(str(path)) for path in sorted(folder.glob("*.ttf"))]
    for path in sorted(folder.glob("*.ttc")):
        faces += [FontFace(str(path), index) for index in sorted(CJK_FACE_INDEX.values())]
    return faces


def coverage_table_text() -> str:
    """Return the coverage table of the shipped fonts, read from their files, as ``coverage.txt`` holds it."""
    lines = [
        "# The code points each shipped font face has glyphs for, as hexadecimal ranges.",
        "# Generated by `make fonts` (python -m briefgen.style.font_coverage); a test fails if it is stale.",
    ]
    written: dict[str, str] = {}
    for face in shipped_faces():
        # Control characters are never drawn, though some fonts map them (to empty glyphs).
        codes = (code for code in read_character_map(face) if code >= 0x20 and not 0x7F <= code <= 0x9F)
        ranges = Ranges.of(codes).text()
        same = next((key for key, text in written.items() if text == ranges), None)
        lines.append(f"{face.shipped_key} = {same}" if same else f"{face.shipped_key} {ranges}")
        written[face.shipped_key] = ranges
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    target = assets_dir() / "fonts" / COVERAGE_FILE
    target.write_text(coverage_table_text(), encoding="ascii")
    print(f"wrote {target}", file=sys.stdout)
