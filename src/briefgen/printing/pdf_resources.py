"""Read what a content stream refers to: fonts, colour spaces and numbers in, what ``marks`` measures out.

Input: pypdf objects from a page's resources (a font dictionary, a colour
space, an operand). Output: a font's glyph widths, ascent and descent and
whether it is embedded; a colour space's number of components; plain floats
and matrices. ``marks`` uses these to follow a page's content stream.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class FontWidths:
    """A font's glyph widths (in text space units per 1 point of size), ascent and descent."""

    def __init__(self, font: Any) -> None:
        subtype = font.get("/Subtype")
        self.single_byte = subtype != "/Type0"
        self.scale = 0.001
        self.default = 0.0
        self.widths: dict[int, float] = {}
        descriptor: Any = resolve(font.get("/FontDescriptor"))
        if subtype == "/Type0":
            descendant = resolve(resolve(font.get("/DescendantFonts", [None]))[0]) or {}
            descriptor = resolve(descendant.get("/FontDescriptor"))
            self.default = number(descendant.get("/DW", 1000))
            self._read_cid_widths(resolve(descendant.get("/W", [])))
        else:
            if subtype == "/Type3":
                self.scale = number(resolve(font.get("/FontMatrix", [0.001]))[0])
            first = int(number(font.get("/FirstChar", 0)))
            for offset, width in enumerate(resolve(font.get("/Widths", [])) or []):
                self.widths[first + offset] = number(width)
            self.default = number(descriptor.get("/MissingWidth", 0)) if descriptor else 0.0
            if not self.widths and not self.default:
                self.default = 600.0  # a standard font without widths: assume a generous average
        descriptor = descriptor or {}
        self.ascent = number(descriptor.get("/Ascent", 800)) / 1000 or 0.8
        self.descent = number(descriptor.get("/Descent", -200)) / 1000

    def _read_cid_widths(self, array: Any) -> None:
        items = list(array or [])
        index = 0
        while index + 1 < len(items):
            start, following = int(number(items[index])), resolve(items[index + 1])
            if isinstance(following, list):
                for offset, width in enumerate(following):
                    self.widths[start + offset] = number(width)
                index += 2
            elif index + 2 < len(items):
                for cid in range(start, int(number(following)) + 1):
                    self.widths[cid] = number(items[index + 2])
                index += 3
            else:
                break

    def codes(self, data: bytes) -> Iterator[int]:
        """Return the character codes in a string operand."""
        if self.single_byte:
            yield from data
        else:  # Identity-H and the like: two bytes a code, as every CID font briefgen meets
            for index in range(0, len(data) - 1, 2):
                yield data[index] << 8 | data[index + 1]

    def width(self, code: int) -> float:
        """Return a code's advance for a 1-point font size."""
        return self.widths.get(code, self.default) * self.scale


def font_embedding(font: Any) -> tuple[str, bool]:
    """Return a font's name and whether its glyphs are in the PDF (Type 3 fonts always are)."""
    name = str(font.get("/BaseFont", font.get("/Name", "unnamed font"))).lstrip("/")
    subtype = font.get("/Subtype")
    if subtype == "/Type3":
        return name, True
    descriptor = font.get("/FontDescriptor")
    if subtype == "/Type0":
        descendant = resolve(resolve(font.get("/DescendantFonts", [None]))[0]) or {}
        descriptor = descendant.get("/FontDescriptor")
    descriptor = resolve(descriptor) or {}
    return name, any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def colour_space(name: Any, resources: Any) -> tuple[int, bool]:
    """Return a colour space's number of components and whether its colours can be judged as values."""
    device = {"/DeviceGray": 1, "/G": 1, "/DeviceRGB": 3, "/RGB": 3, "/DeviceCMYK": 4, "/CMYK": 4}
    if name in device:
        return device[name], True
    space = resolve(resolve(resources.get("/ColorSpace", {})).get(name))
    if isinstance(space, list) and space:
        family = space[0]
        if family == "/ICCBased":
            return int(number(resolve(space[1]).get("/N", 3))), True
        if family in ("/CalRGB", "/Lab"):
            return 3, family == "/CalRGB"
        if family == "/CalGray":
            return 1, True
        if family == "/Indexed":
            base_components, _ = colour_space(resolve(space[1]), resources)
            return base_components, False
    return (1, True) if name == "/Pattern" else (3, False)


def resolve(value: Any) -> Any:
    """Return the object an indirect reference points at, or ``value`` itself."""
    return value.get_object() if hasattr(value, "get_object") else value


def number(value: Any) -> float:
    """Return a PDF number as a float (0 for anything that is not a number)."""
    try:
        return float(resolve(value))
    except (TypeError, ValueError):
        return 0.0


def matrix_of(values: Any) -> Matrix:
    """Return six PDF numbers as a matrix (the identity if they are not six)."""
    numbers = [number(v) for v in values]
    if len(numbers) != 6:
        return IDENTITY
    return (numbers[0], numbers[1], numbers[2], numbers[3], numbers[4], numbers[5])


def raw_bytes(text: Any) -> bytes:
    """Return a string operand's bytes as written in the content stream: the codes the font maps."""
    if isinstance(text, bytes):
        return text
    original = getattr(text, "original_bytes", None)
    return original if isinstance(original, bytes) else str(text).encode("latin-1", "replace")
