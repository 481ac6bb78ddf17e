"""Find what a PDF page puts on paper: a page in, the boxes of its text, drawings and images out.

Input: a pypdf page. Output: a ``PageContent``: every visible mark (a run of
text, a stroked or filled path, an image) with its bounding box in points on
the page, whether it is painted in colour, an image's pixel size and printed
size, and the fonts its text uses. ``preflight`` judges these.

This is a small interpreter of the page's content stream (ISO 32000-1 8 and
9): it follows the graphics state (``q``/``Q``, ``cm``, clipping, colours,
line width), the text state and matrices (``Tf``, ``Td``, ``Tm``, ``Tc``...)
and form XObjects, and measures text with the font's own widths. It needs no
renderer and no ReportLab. Boxes are generous where the PDF leaves room for
doubt (text is as tall as its font's ascent and descent), which errs on the
side of warning. White paint is not a mark: on paper it is nothing.
"""

from __future__ import annotations

import math
from dataclasses import field, replace
from typing import Any

from pypdf import PageObject
from pypdf.generic import ContentStream

from briefgen.printing.pdf_resources import (
    IDENTITY,
    FontWidths,
    Matrix,
    colour_space,
    font_embedding,
    matrix_of,
    number,
    raw_bytes,
    resolve,
)
from briefgen.records import record

Box = tuple[float, float, float, float]  # left, bottom, right, top
_NO_CLIP: Box = (-math.inf, -math.inf, math.inf, math.inf)
_MAX_FORM_DEPTH = 12  # a form that draws itself must not recurse forever
_COLOUR_SPREAD = 0.03  # channels further apart than this (about 8 of 255) are a colour, not a grey


@record
class Mark:
    """One visible thing on the page: its kind ("text", "drawing" or "image") and its box in points."""

    kind: str
    box: Box
    colour: bool = False
    image: Any = None  # the image XObject (or inline image settings), for its pixels
    pixels: tuple[int, int] = (0, 0)
    printed: tuple[float, float] = (0.0, 0.0)  # the image's printed width and height in points


@record(frozen=False)
class PageContent:
    """Everything ``marks`` found on one page."""

    marks: list[Mark] = field(default_factory=list)
    fonts: dict[str, bool] = field(default_factory=dict)  # font name -> embedded


def multiply(first: Matrix, then: Matrix) -> Matrix:
    """Return the matrix that applies ``first`` and then ``then``."""
    a1, b1, c1, d1, e1, f1 = first
    a2, b2, c2, d2, e2, f2 = then
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def apply(matrix: Matrix, x: float, y: float) -> tuple[float, float]:
    """Return the point ``(x, y)`` transformed by ``matrix``."""
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


def box_of(points: list[tuple[float, float]]) -> Box:
    """Return the smallest box holding ``points``."""
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def intersect(first: Box, second: Box) -> Box | None:
    """Return the overlap of two boxes, or None if they do not overlap."""
    left, bottom = max(first[0], second[0]), max(first[1], second[1])
    right, top = min(first[2], second[2]), min(first[3], second[3])
    return (left, bottom, right, top) if left <= right and bottom <= top else None


def page_content(page: PageObject) -> PageContent:
    """Return the marks and fonts of ``page``, in its own coordinates (before its crop box and rotation)."""
    found = PageContent()
    contents = page.get_contents()
    if contents is None:
        return found
    resources = resolve(page.get("/Resources")) or {}
    media = tuple(float(v) for v in page.mediabox)
    _Interpreter(found, (media[0], media[1], media[2], media[3])).run(
        contents.operations, resources, _GraphicsState(), depth=0
    )
    return found


@record
class _Colour:
    components: tuple[float, ...] = (0.0,)
    known: bool = True  # a pattern or a spot colour cannot be judged from its components

    @property
    def white(self) -> bool:
        values = self.components
        if not self.known:
            return False
        if len(values) == 4:
            return all(v <= 0.002 for v in values)
        return all(v >= 0.998 for v in values)

    @property
    def coloured(self) -> bool:
        values = self.components
        if not self.known:
            return len(values) >= 3
        if len(values) == 3:
            return max(values) - min(values) > _COLOUR_SPREAD
        if len(values) == 4:
            cyan, magenta, yellow, _ = values
            return max(cyan, magenta, yellow) - min(cyan, magenta, yellow) > _COLOUR_SPREAD
        return False


@record
class _GraphicsState:
    ctm: Matrix = IDENTITY
    clip: Box = _NO_CLIP
    fill: _Colour = _Colour()
    stroke: _Colour = _Colour()
    fill_components: int = 1
    stroke_components: int = 1
    line_width: float = 1.0
    font: Any = None
    font_size: float = 0.0
    char_spacing: float = 0.0
    word_spacing: float = 0.0
    horizontal_scale: float = 1.0
    leading: float = 0.0
    rise: float = 0.0
    render_mode: int = 0


class _Interpreter:
    """Walk content streams, recording marks into a ``PageContent``."""

    def __init__(self, found: PageContent, page_box: Box) -> None:
        self.found = found
        self.page_box = page_box
        self._widths: dict[int, tuple[Any, FontWidths]] = {}

    def run(self, operations: list[Any], resources: Any, state: _GraphicsState, *, depth: int) -> None:
        stack: list[_GraphicsState] = []
        path: list[tuple[float, float]] = []
        pending_clip = False
        text_matrix = line_matrix = IDENTITY
        for operands, operator in operations:
            op = operator.decode("latin-1") if isinstance(operator, bytes) else str(operator)
            if op == "q":
                stack.append(state)
            elif op == "Q":
                state = stack.pop() if stack else state
            elif op == "cm":
                state = replace(state, ctm=multiply(matrix_of(operands), state.ctm))
            elif op == "w":
                state = replace(state, line_width=number(operands[0]))
            elif op in ("g", "G", "rg", "RG", "k", "K", "sc", "SC", "scn", "SCN", "cs", "CS"):
                state = self._colour(op, operands, state, resources)
            elif op in ("m", "l"):
                path.append(apply(state.ctm, number(operands[0]), number(operands[1])))
            elif op in ("c", "v", "y"):
                numbers = [number(v) for v in operands]
                path += [apply(state.ctm, numbers[i], numbers[i + 1]) for i in range(0, len(numbers), 2)]
            elif op == "re":
                x, y, w, h = (number(v) for v in operands)
                path += [apply(state.ctm, px, py) for px, py in ((x, y), (x + w, y), (x, y + h), (x + w, y + h))]
            elif op in ("W", "W*"):
                pending_clip = True
            elif op in _PAINTING:
                self._paint(op, path, state)
                if pending_clip and path:
                    state = replace(state, clip=intersect(state.clip, box_of(path)) or (0.0, 0.0, 0.0, 0.0))
                path, pending_clip = [], False
            elif op == "BT":
                text_matrix = line_matrix = IDENTITY
            elif op == "Tf":
                font = resolve(resolve(resources.get("/Font", {})).get(operands[0]))
                state = replace(state, font=font, font_size=number(operands[1]))
            elif op in ("Tc", "Tw", "Tz", "TL", "Ts", "Tr"):
                state = _text_state(op, number(operands[0]), state)
            elif op in ("Td", "TD", "T*"):
                if op == "TD":
                    state = replace(state, leading=-number(operands[1]))
                dx, dy = (0.0, -state.leading) if op == "T*" else (number(operands[0]), number(operands[1]))
                line_matrix = multiply((1, 0, 0, 1, dx, dy), line_matrix)
                text_matrix = line_matrix
            elif op == "Tm":
                text_matrix = line_matrix = matrix_of(operands)
            elif op in ("Tj", "TJ", "'", '"'):
                if op in ("'", '"'):
                    if op == '"':
                        state = replace(state, word_spacing=number(operands[0]), char_spacing=number(operands[1]))
                    line_matrix = multiply((1, 0, 0, 1, 0, -state.leading), line_matrix)
                    text_matrix = line_matrix
                text_matrix = self._show(operands[-1], text_matrix, state)
            elif op == "Do":
                self._draw_object(operands[0], resources, state, depth)
            elif op == "INLINE IMAGE":
                self._image(resolve(operands[0].get("settings", {})), state, inline=True)
            elif op == "sh":
                self._add("drawing", self.page_box, state, _Colour((0.0, 0.5, 1.0), known=False))

    def _colour(self, op: str, operands: list[Any], state: _GraphicsState, resources: Any) -> _GraphicsState:
        stroke = op.isupper()
        if op in ("cs", "CS"):
            components, known = colour_space(operands[0], resources)
            colour = _Colour((0.0,) * components, known)
            if stroke:
                return replace(state, stroke=colour, stroke_components=components)
            return replace(state, fill=colour, fill_components=components)
        numbers = tuple(number(v) for v in operands if not hasattr(v, "startswith"))
        known = len(numbers) == len(operands)  # scn with a pattern name: not judged
        current = state.stroke if stroke else state.fill
        # sc/scn colours are judged only in a colour space whose values mean something here.
        colour = _Colour(numbers, known and current.known) if op in ("sc", "SC", "scn", "SCN") else _Colour(numbers)
        return replace(state, stroke=colour) if stroke else replace(state, fill=colour)

    def _paint(self, op: str, path: list[tuple[float, float]], state: _GraphicsState) -> None:
        if not path or op == "n":
            return
        fills = op not in ("S", "s")
        strokes = op in ("S", "s", "B", "B*", "b", "b*")
        box = box_of(path)
        if strokes and not state.stroke.white:
            a, b, c, d, _, _ = state.ctm
            half = state.line_width * math.sqrt(abs(a * d - b * c)) / 2
            self._add("drawing", (box[0] - half, box[1] - half, box[2] + half, box[3] + half), state, state.stroke)
        if fills and not state.fill.white:
            self._add("drawing", box, state, state.fill)

    def _show(self, text: Any, text_matrix: Matrix, state: _GraphicsState) -> Matrix:
        font, size = state.font, state.font_size
        if font is None:
            return text_matrix
        # A font counts once it shows text: ReportLab selects Helvetica on every page whether used or not.
        name, embedded = font_embedding(font)
        self.found.fonts[name] = self.found.fonts.get(name, True) and embedded
        widths = self._font_widths(font)
        advance = 0.0
        pieces = text if isinstance(text, list) else [text]
        for piece in pieces:
            if not isinstance(piece, (bytes, str)):
                advance -= number(piece) / 1000 * size * state.horizontal_scale
                continue
            for code in widths.codes(raw_bytes(piece)):
                width = widths.width(code) * size + state.char_spacing
                if code == 32 and widths.single_byte:
                    width += state.word_spacing
                advance += width * state.horizontal_scale
        if state.render_mode not in (3, 7):  # 3 draws nothing, 7 only clips
            ascent, descent = widths.ascent * size, widths.descent * size
            corners = [
                (0.0, descent + state.rise),
                (advance, descent + state.rise),
                (0.0, ascent + state.rise),
                (advance, ascent + state.rise),
            ]
            to_page = multiply(text_matrix, state.ctm)
            paint = state.stroke if state.render_mode in (1, 5) else state.fill
            if not paint.white and advance:
                self._add("text", box_of([apply(to_page, x, y) for x, y in corners]), state, paint)
        return multiply((1, 0, 0, 1, advance, 0), text_matrix)

    def _font_widths(self, font: Any) -> FontWidths:
        # Keyed by identity, with the font kept alive beside it so that its id is not reused.
        cached = self._widths.get(id(font))
        if cached is None:
            cached = self._widths[id(font)] = (font, FontWidths(font))
        return cached[1]

    def _draw_object(self, name: Any, resources: Any, state: _GraphicsState, depth: int) -> None:
        xobject = resolve(resolve(resources.get("/XObject", {})).get(name))
        if xobject is None:
            return
        subtype = xobject.get("/Subtype")
        if subtype == "/Image":
            self._image(xobject, state, inline=False)
        elif subtype == "/Form" and depth < _MAX_FORM_DEPTH:
            matrix = matrix_of(xobject.get("/Matrix", IDENTITY))
            inner = replace(state, ctm=multiply(matrix, state.ctm))
            bbox = [number(v) for v in xobject.get("/BBox", (0, 0, 0, 0))]
            corners = [apply(inner.ctm, x, y) for x in (bbox[0], bbox[2]) for y in (bbox[1], bbox[3])]
            inner = replace(inner, clip=intersect(state.clip, box_of(corners)) or (0.0, 0.0, 0.0, 0.0))
            form_resources = resolve(xobject.get("/Resources")) or resources
            operations = ContentStream(xobject, None).operations
            self.run(operations, form_resources, inner, depth=depth + 1)

    def _image(self, image: Any, state: _GraphicsState, *, inline: bool) -> None:
        width = int(number(image.get("/W", image.get("/Width", 0))))
        height = int(number(image.get("/H", image.get("/Height", 0))))
        a, b, c, d, _, _ = state.ctm
        corners = [apply(state.ctm, x, y) for x in (0, 1) for y in (0, 1)]
        printed = (math.hypot(a, b), math.hypot(c, d))
        self._add("image", box_of(corners), state, None, image=image, pixels=(width, height), printed=printed)

    def _add(self, kind: str, box: Box, state: _GraphicsState, paint: _Colour | None, **image: Any) -> None:
        visible = intersect(box, state.clip)
        if visible is None or (visible[2] - visible[0] <= 0 and visible[3] - visible[1] <= 0):
            return
        self.found.marks.append(Mark(kind, visible, colour=bool(paint and paint.coloured), **image))


_PAINTING = frozenset({"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"})


def _text_state(op: str, value: float, state: _GraphicsState) -> _GraphicsState:
    if op == "Tc":
        return replace(state, char_spacing=value)
    if op == "Tw":
        return replace(state, word_spacing=value)
    if op == "Tz":
        return replace(state, horizontal_scale=value / 100)
    if op == "TL":
        return replace(state, leading=value)
    if op == "Ts":
        return replace(state, rise=value)
    return replace(state, render_mode=int(value))
