"""Check what one SVG file holds before svglib draws it: well-formed XML, a size, and numbers a PDF can hold.

Input: the bytes of an SVG file and its name. Output: the parsed document
(``SvgDocument``: its root element and a map of its ids), or a
``FileRefusedError`` naming the line that breaks a rule, written to follow
the image's name.

svglib turns whatever it is given into ReportLab shapes, and what it cannot
handle surfaces later: as a crash deep in the PDF writer (``scale(0)``
divides by zero, a CSS selector it cannot read), or worse as a PDF that
draws nothing (``width="1e400"`` wrote ``-nan`` into the page, and viewers
dropped the rest of it). So each SVG is held here to rules a user can follow:

- well-formed XML, as browsers require (svglib would draw what it could
  guess of a broken file), with an ``<svg>`` root;
- a size: a width and a height, or a viewBox, each finite, positive and at
  most ``MAX_SVG_SIDE``;
- every number in an attribute or in CSS finite and at most ``MAX_SVG_NUMBER``
  in size, so that what ReportLab writes stays a number; no transform that
  squashes the drawing flat or has the wrong number of values;
- CSS in ``<style>`` that svglib's CSS reader can read, at most ``MAX_SVG_CSS_RULES`` rules;
- at most ``MAX_SVG_ELEMENTS`` elements, before any is repeated.

What a whole figure may cost (elements, coordinates, pixels, files) is
counted across every file it pulls in, in ``svg_references``.
"""

from __future__ import annotations

import io
import math
import re
from typing import Any

from briefgen.load.files import FileRefusedError
from briefgen.records import record

MAX_SVG_ELEMENTS = 10_000
"""The most elements a figure may draw, counting each ``<use>`` and SVG image as often as it is drawn.

svglib takes about a millisecond an element (text more): ten thousand is
ten seconds on a slow machine, and more than any chart or diagram needs.
"""

MAX_SVG_SIDE = 1_000_000.0
"""The largest width or height an SVG may give itself, in pixels (its natural size only sets its proportions)."""

MAX_SVG_NUMBER = 1e9
"""The largest number an SVG may hold: ReportLab writes nothing over 1e20, and coordinates are multiplied together."""

MAX_SVG_CSS_RULES = 1000
"""The most CSS rules an SVG's ``<style>`` elements may hold: each is matched against every element."""

SVG_NAMESPACE = "http://www.w3.org/2000/svg"

# The attributes svglib reads are the SVG ones, which have no namespace; of those, these hold names,
# addresses or text rather than numbers (a font may be called "Infinity", a file "fig1e999.png").
_NOT_NUMERIC = frozenset({"id", "class", "href", "font-family", "lang", "name", "title"})
# A number as svglib reads it with float(), which also takes inf, infinity and nan (with a unit after them);
# '#…' (a colour, or a fragment such as url(#a1e400)) is matched first, so that its digits are not read.
_TOKEN = re.compile(
    r"#[\w.-]*|(?<![\w.])[-+]?(?:inf(?:inity)?|nan)(?:px|pt|pc|mm|cm|in|em|ex|%)?(?![\w.])"
    r"|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?",
    re.IGNORECASE,
)
# In CSS, what holds no number svglib reads: quoted strings, url(…) and font families.
_CSS_TEXT = re.compile(r"\"[^\"]*\"|'[^']*'|url\([^)]*\)|font-family\s*:[^;}]*", re.IGNORECASE)
_CSS_TRANSFORM = re.compile(r"(?<![\w-])transform\s*:\s*([^;}]*)", re.IGNORECASE)
_UNIT = re.compile(r"(?:px|pt|pc|mm|cm|in|em|ex|%)$", re.IGNORECASE)
_LENGTH = re.compile(r"\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(px|pt|pc|mm|cm|in|em|ex|%)?\s*")
_PIXELS_PER = {"": 1.0, "px": 1.0, "pt": 4 / 3, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0}
_PIXELS_PER.update(em=16.0, ex=8.0)  # svglib's default font size
_TRANSFORM_VALUES = {
    "matrix": (6,),
    "translate": (1, 2),
    "scale": (1, 2),
    "rotate": (1, 3),
    "skewX": (1,),
    "skewY": (1,),
}


@record
class SvgDocument:
    """One parsed SVG file: its root element, and its elements by id (what ``<use href="#id">`` finds)."""

    root: Any
    ids: dict[str, Any]


def parse_svg(data: bytes, name: str) -> SvgDocument:
    """Parse the SVG in ``data`` (the file ``name``) and check its content: see the module's rules.

    Raises:
        FileRefusedError: the file breaks a rule; the message says which, and at what line.

    """
    from lxml import etree

    # svglib's parser settings, but strict: what passes here, svglib reads the same way. Entities stay unexpanded.
    parser = etree.XMLParser(remove_comments=True, resolve_entities=False, no_network=True)
    try:
        root = etree.parse(io.BytesIO(data), parser=parser).getroot()
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if exc.position else 0
        message = " ".join(str(exc.msg or exc).split())
        message = re.sub(r",? line \d+, column \d+$", "", message)
        raise _refused(f"is not well-formed XML ({message}); export it again, or fix it", line, name) from None
    if root is None or _local_name(root) != "svg":
        shown = _local_name(root) if root is not None else "nothing"
        raise _refused(f"is not an SVG file (its outermost element is <{shown}>, not <svg>)", 1, name)
    elements = list(root.iter())
    if len(elements) > MAX_SVG_ELEMENTS:
        raise _refused(f"has more than {MAX_SVG_ELEMENTS:,} elements; simplify it, or export it as PNG", 1, name)
    ids: dict[str, Any] = {}
    css_rules = 0
    for element in elements:
        if not isinstance(element.tag, str):
            continue  # a processing instruction
        line = element.sourceline or 0
        if element.get("id"):
            ids.setdefault(element.get("id"), element)
        for attribute, value in element.attrib.items():
            if "}" in attribute or attribute in _NOT_NUMERIC or attribute.startswith(("data-", "aria-")):
                continue
            if attribute == "style":
                _check_style(value, f"its {attribute}", line, name)
                continue
            _check_numbers(value, f"its {attribute}", line, name)
            if attribute.endswith(("transform", "Transform")):
                _check_transform(value, line, name)
        if _local_name(element) == "style":
            text = "".join(element.itertext())
            _check_style(text, "its CSS", line, name)
            css_rules += _check_css(text, line, name)
            if css_rules > MAX_SVG_CSS_RULES:
                raise _refused(f"has more than {MAX_SVG_CSS_RULES:,} CSS rules; simplify its styles", line, name)
    _check_size(root, name)
    return SvgDocument(root, ids)


def local_name(element: Any) -> str:
    """Return an element's name without its namespace (``image`` for ``{…svg}image``)."""
    return _local_name(element)


def _local_name(element: Any) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag.rpartition("}")[2]


def _refused(problem: str, line: int, name: str) -> FileRefusedError:
    where = f"line {line} of '{name}'" if line else f"'{name}'"
    return FileRefusedError(f"{problem} ({where})")


def _check_style(css: str, what: str, line: int, name: str) -> None:
    """Check the numbers and transforms in CSS: a ``style`` attribute's or a ``<style>`` element's."""
    css = _CSS_TEXT.sub(" ", css)
    _check_numbers(css, what, line, name)
    for transform in _CSS_TRANSFORM.findall(css):
        _check_transform(transform, line, name)


def _check_numbers(text: str, what: str, line: int, name: str) -> None:
    for token in _TOKEN.findall(text):
        if token.startswith("#"):
            continue
        value = float(_UNIT.sub("", token))
        if not math.isfinite(value) or abs(value) > MAX_SVG_NUMBER:
            shown = token if len(token) <= 40 else token[:39] + "…"
            raise _refused(
                f"has a number in {what} that is not finite or over {MAX_SVG_NUMBER:,.0f}: {shown}", line, name
            )


def _check_transform(text: str, line: int, name: str) -> None:
    """Refuse a transform svglib would pass on with the wrong number of values, or that squashes the drawing flat."""
    shown = " ".join(text.split())
    shown = shown if len(shown) <= 60 else shown[:59] + "…"
    matrix: tuple[float, ...] = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    for operation, arguments in re.findall(r"([A-Za-z]+)\s*\(([^()]*)\)", text):
        try:
            values = [float(v) for v in re.split(r"[\s,]+", arguments.strip()) if v]
        except ValueError:
            continue  # svglib skips what it cannot read as numbers
        counts = _TRANSFORM_VALUES.get(operation)
        if counts is None or (len(values) not in counts and operation in ("matrix", "rotate")):
            continue  # svglib ignores these
        if len(values) not in counts:  # svglib would pass them on, and ReportLab fail
            raise _refused(f"has a transform with the wrong number of values ('{shown}')", line, name)
        matrix = _multiply(matrix, _transform_matrix(operation, values))
    determinant = matrix[0] * matrix[3] - matrix[1] * matrix[2]
    finite = all(math.isfinite(v) and abs(v) <= MAX_SVG_NUMBER for v in matrix)
    if not finite or determinant == 0 or not math.isfinite(1 / determinant):
        raise _refused(
            f"has a transform that squashes the drawing flat or out of range ('{shown}'); remove it", line, name
        )


def _transform_matrix(operation: str, values: list[float]) -> tuple[float, ...]:
    if operation == "matrix":
        return tuple(values)
    if operation == "translate":
        return (1, 0, 0, 1, values[0], values[1] if len(values) > 1 else 0)
    if operation == "scale":
        return (values[0], 0, 0, values[-1], 0, 0)
    if operation == "rotate":
        angle = math.radians(values[0])
        cos, sin = math.cos(angle), math.sin(angle)
        rotation = (cos, sin, -sin, cos, 0.0, 0.0)
        if len(values) == 1:
            return rotation
        cx, cy = values[1], values[2]
        return _multiply(_multiply((1, 0, 0, 1, cx, cy), rotation), (1, 0, 0, 1, -cx, -cy))
    skew = math.tan(math.radians(values[0]))
    return (1, 0, skew, 1, 0, 0) if operation == "skewX" else (1, skew, 0, 1, 0, 0)


def _multiply(a: tuple[float, ...], b: tuple[float, ...]) -> tuple[float, ...]:
    """Return the product of two affine matrices, as ReportLab composes a group's transforms."""
    return (
        a[0] * b[0] + a[2] * b[1],
        a[1] * b[0] + a[3] * b[1],
        a[0] * b[2] + a[2] * b[3],
        a[1] * b[2] + a[3] * b[3],
        a[0] * b[4] + a[2] * b[5] + a[4],
        a[1] * b[4] + a[3] * b[5] + a[5],
    )


def _check_css(text: str, line: int, name: str) -> int:
    """Return how many rules the CSS in a ``<style>`` holds, after reading their selectors as svglib does."""
    if not text.strip():
        return 0
    import cssselect2
    import tinycss2

    rules = 0
    for rule in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
        if not rule.prelude or rule.type == "at-rule":
            continue
        rules += 1
        try:
            cssselect2.compile_selector_list(rule.prelude)
        except cssselect2.SelectorError as exc:
            selector = " ".join(tinycss2.serialize(rule.prelude).split())
            selector = selector if len(selector) <= 40 else selector[:39] + "…"
            raise _refused(f"has CSS whose selector '{selector}' cannot be read ({exc})", line, name) from None
    return rules


def _check_size(root: Any, name: str) -> None:
    """Refuse an SVG whose size svglib would take as zero, negative, infinite or unreadable."""
    line = root.sourceline or 1
    box = _view_box(root)
    for attribute, index in (("width", 2), ("height", 3)):
        text = root.get(attribute)
        if text is None or not text.strip():
            if box is None:
                raise _refused(
                    f"has no {attribute}: give its <svg> element a width and a height, or a viewBox", line, name
                )
            size = box[index]
        else:
            found = _LENGTH.fullmatch(text)
            if not found:
                shown = text if len(text) <= 40 else text[:39] + "…"
                raise _refused(
                    f"has a {attribute} briefgen cannot read ('{shown}'); write a number, in px, pt, mm, cm or in",
                    line,
                    name,
                )
            number, unit = float(found.group(1)), found.group(2) or ""
            if unit == "%":
                if box is None:
                    raise _refused(f"has a {attribute} in % but no viewBox for it to be a share of", line, name)
                size = number / 100 * box[index]
            else:
                size = number * _PIXELS_PER[unit]
        if not 0 < size <= MAX_SVG_SIDE:
            raise _refused(
                f"has a {attribute} of {size:g} pixels; it must be more than 0 and at most {MAX_SVG_SIDE:,.0f}",
                line,
                name,
            )


def _view_box(root: Any) -> tuple[float, ...] | None:
    """Return the root's viewBox as svglib reads it (four numbers, else ignored), or None."""
    text = root.get("viewBox")
    if not text:
        return None
    try:
        values = tuple(float(v) for v in text.replace(",", " ").split())
    except ValueError:
        return None
    return values if len(values) == 4 else None
