"""The field types of a theme file: colours, fonts, the footer, lengths relative to the body, and dimension groups.

Input: nodes of a theme file. Output: checked values, each problem located.
Lengths come out as ``Length``s, not yet numbers: ``body - 1.3`` means 1.3
points less than the body text's size, which is known only once the theme
file is merged over the default one (``theme_file`` resolves them then).
A dimension group's record is made from its ``style.dimensions`` dataclass.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
import sys
from pathlib import Path
from typing import Any

from briefgen.errors import Problem
from briefgen.load.checker import Checker, Node, clip, did_you_mean
from briefgen.load.fields import Choice, Field, Flag, ListOf, Number, Record, Text
from briefgen.load.file_fields import SPEC_FOLDER, ImageFile
from briefgen.load.files import FileRefusedError, resolve_asset
from briefgen.load.font_file import font_problem
from briefgen.records import record
from briefgen.style.font_coverage import FontFace, FontFileError, read_font_kind
from briefgen.style.theme import SANS, SERIF, FontFamily

FOOTER_FIELDS = ("title", "organization", "date", "status")
MARKER_SHAPES = ("circle", "square", "triangle", "diamond")
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_PERCENT = r"\s*(100(?:\.0+)?|[0-9]{1,2}(?:\.[0-9]+)?)%\s*"
_RGB = re.compile(rf"^rgb\({_PERCENT},{_PERCENT},{_PERCENT}\)$")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_BUILT_IN_FAMILIES = {"serif": SERIF, "sans": SANS}
_RELATIVE = re.compile(r"^\s*([a-z_]+)\s*(?:([-+*])\s*([0-9]+(?:\.[0-9]+)?))?\s*$")
_BASES = ("body", "leading")


class Colour:
    """A colour written as #rrggbb, or as rgb(R%, G%, B%) where a level needs more than 256 steps."""

    def check(self, node: Node, path: str, checker: Checker) -> str | None:
        """Return the colour in a canonical spelling: #rrggbb in lower case, or rgb(75%, 75%, 75%)."""
        text = Text(max_length=40).check(node, path, checker)
        if text is None:
            return None
        if _HEX.match(text):
            return text.lower()
        levels = _RGB.match(text)
        if levels is None:
            checker.report(node, path, f"expected a colour written #rrggbb such as #1d3a5f, got {clip(text)!r}")
            return None
        return "rgb({}%, {}%, {}%)".format(*(f"{float(level):g}" for level in levels.groups()))

    def json_schema(self) -> dict[str, Any]:
        """Describe the colour as a JSON string with a pattern."""
        return {"type": "string", "pattern": f"{_HEX.pattern}|{_RGB.pattern}"}


@record
class Length:
    """A length as a theme file writes it: points (8.5), or relative to the body text (body - 1.3).

    ``base`` is "" for points, ``body`` (the body text's size) or
    ``leading`` (its line spacing). Where it was written and the bounds it
    must keep are kept for the problem found when it is resolved.
    """

    base: str
    operator: str
    amount: float
    node: Node = dataclasses.field(compare=False, repr=False)
    path: str = dataclasses.field(compare=False)
    bounds: tuple[float, float] = dataclasses.field(compare=False)

    def points(self, body: float, leading: float) -> float:
        """Return the length in points for a body text of this size and leading."""
        if not self.base:
            return self.amount
        start = body if self.base == "body" else leading
        if self.operator == "+":
            return start + self.amount
        if self.operator == "-":
            return start - self.amount
        if self.operator == "*":
            return start * self.amount
        return start

    def resolve(self, body: float, leading: float, checker: Checker) -> float | None:
        """Return the length in points, or report it out of bounds where it was written."""
        value = self.points(body, leading)
        low, high = self.bounds
        if low <= value <= high:
            return value
        written = f"{self.node.value} makes {value:g} points, which " if self.base else ""
        checker.report(self.node, self.path, f"{written}is out of range; use a length from {low:g} to {high:g} points")
        return None


@record
class LengthField:
    """A length in points, plain or relative to the body text; its bounds are checked once it is resolved."""

    minimum: float = 0
    maximum: float = 500

    def check(self, node: Node, path: str, checker: Checker) -> Length | None:
        """Return the length as written, unresolved."""
        bounds = (self.minimum, self.maximum)
        if node.kind == "number":
            value = Number(self.minimum, self.maximum).check(node, path, checker)
            return None if value is None else Length("", "", value, node, path, bounds)
        if node.kind == "text":
            found = _RELATIVE.match(node.value)
            if found and found.group(1) in _BASES:
                base, operator, amount = found.groups()
                return Length(base, operator or "", float(amount or 0), node, path, bounds)
            hint = did_you_mean(found.group(1), _BASES) if found else ""
            checker.report(
                node,
                path,
                "expected a length in points such as 8.5, or one relative to the body text such as "
                f"'body - 1.3' or 'leading * 0.45', got {clip(node.value)!r}{hint}",
            )
            return None
        Number(self.minimum, self.maximum).check(node, path, checker)  # reports what was written instead
        return None

    def json_schema(self) -> dict[str, Any]:
        """Describe the length as a JSON number, or a string relative to the body text."""
        return {
            "oneOf": [
                {"type": "number", "minimum": self.minimum, "maximum": self.maximum},
                {"type": "string", "pattern": r"^\s*(body|leading)\s*([-+*]\s*[0-9]+(\.[0-9]+)?)?\s*$"},
            ],
            "examples": [8.5, "body - 1.3", "leading * 0.45"],
        }


FRACTION = Number(0, 1)


class FontFile:
    """A font file beside the theme or under assets/: TrueType or OpenType (.ttf, .otf), or one face of a collection.

    A collection's face is named by its index after ``#``:
    ``fonts/NotoSansCJK-Regular.ttc#1`` is its second face.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def check(self, node: Node, path: str, checker: Checker) -> str | None:
        """Return the font file's absolute path, with ``#index`` for a collection's face other than the first."""
        text = Text(max_length=1000).check(node, path, checker)
        if text is None:
            return None
        name, hash_sign, index = text.rpartition("#")
        if not (hash_sign and index.isdigit()):
            name, index = text, ""
        if not name.lower().endswith(FONT_SUFFIXES):
            checker.report(node, path, f"font '{text}' must be a font file: .ttf, .otf, or .ttc/.otc with #index")
            return None
        try:
            found = resolve_asset(name, self.folder, what="font")
            problem = font_problem(found, int(index or 0))
            if problem:
                checker.report(node, path, f"font '{text}' {problem}")
                return None
            reference = f"{found}#{index}" if index else str(found)
            read_font_kind(FontFace.parse(reference))
        except (FileRefusedError, FontFileError) as exc:
            checker.report(node, path, str(exc))
            return None
        return reference

    def json_schema(self) -> dict[str, Any]:
        """Describe the font as a JSON string naming a font file (with ``#index`` for a collection's face)."""
        return {"type": "string", "pattern": r"(?i)\.(ttf|otf|ttc#[0-9]+|otc#[0-9]+|ttc|otc)$"}


FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")


class FontRole:
    """The typeface of one role: ``serif``, ``sans`` (or the ``built_in`` names given), or its faces as font files."""

    def __init__(self, folder: Path, built_in: dict[str, FontFamily] | None = None) -> None:
        self.built_in = built_in or _BUILT_IN_FAMILIES
        font = FontFile(folder)
        self.faces = Record(
            "Font family",
            (
                Field("regular", font, "The regular face.", required=True, example="fonts/NotoSans-Regular.ttf"),
                Field("bold", font, "The bold face (default: regular)."),
                Field("italic", font, "The italic face (default: regular)."),
                Field("bold_italic", font, "The bold italic face (default: bold)."),
            ),
            _family,
        )

    def check(self, node: Node, path: str, checker: Checker) -> FontFamily | None:
        """Return the font family."""
        if node.kind == "mapping":
            family: FontFamily | None = self.faces.check(node, path, checker)
            return family
        name = Choice(tuple(self.built_in)).check(node, path, checker)
        return None if name is None else self.built_in[name]

    def json_schema(self) -> dict[str, Any]:
        """Describe the role as a family name or a record of faces."""
        return {"oneOf": [{"enum": list(self.built_in)}, self.faces.json_schema()]}


def _family(values: dict[str, str]) -> FontFamily:
    # The registered name must differ for every set of files, and be stable across runs.
    digest = hashlib.sha256("\0".join(values.get(k, "") for k in ("regular", "bold", "italic", "bold_italic")).encode())
    return FontFamily(f"Theme{digest.hexdigest()[:10]}", **values)


class FooterText:
    """The footer's left-hand text, naming fields of the brief in braces."""

    def check(self, node: Node, path: str, checker: Checker) -> str | None:
        """Return the footer text after checking its placeholders."""
        text = Text(max_length=300).check(node, path, checker)
        if text is None:
            return None
        for name in _PLACEHOLDER.findall(text):
            if name not in FOOTER_FIELDS:
                hint = (
                    did_you_mean(name, FOOTER_FIELDS)
                    or f"; use one of {', '.join('{' + f + '}' for f in FOOTER_FIELDS)}"
                )
                checker.report(node, path, f"unknown placeholder {{{name}}}{hint}")
                return None
        return text

    def json_schema(self) -> dict[str, Any]:
        """Describe the footer as a JSON string."""
        return {"type": "string", "examples": ["{organization} · {title}"]}


class LogoFile(ImageFile):
    """An image file looked up beside the theme rather than the spec."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def check(self, node: Node, path: str, checker: Checker) -> Path | None:
        """Return the logo's real path."""
        token = SPEC_FOLDER.set(self.folder)
        try:
            return super().check(node, path, checker)
        finally:
            SPEC_FOLDER.reset(token)


# What each kind a ``style.dimensions`` field declares is checked as.
KIND_TYPES: dict[str, Any] = {
    "length": LengthField(),
    "fraction": FRACTION,
    "flag": Flag(),
    # Dash patterns, one per series: lengths of dash and gap, [] for a solid line.
    "dashes": ListOf(ListOf(Number(0.1, 100), max_items=8), min_items=1, max_items=12),
    "markers": ListOf(Choice(MARKER_SHAPES), min_items=1, max_items=12),
}


@functools.cache
def group_record(group: type) -> Record:
    """Return the record of a ``style.dimensions`` group: its fields, their kinds and descriptions, every one optional.

    The record's values stay a plain dict (groups within it, dicts too), so
    that a theme file's values can be merged field by field over the default's.
    """
    fields = []
    for declared in dataclasses.fields(group):
        kind, description = declared.metadata["kind"], declared.metadata["description"]
        field_type = group_record(_group_type(group, declared)) if kind == "group" else KIND_TYPES[kind]
        fields.append(Field(declared.name, field_type, description))
    return Record(group.__name__, tuple(fields), dict, (group.__doc__ or "").strip())


def build_group(
    group: type, values: dict[str, Any], path: str, body_text: tuple[float, float], checker: Checker
) -> Any:
    """Return the ``group`` dataclass made of merged ``values``, its lengths resolved for ``body_text``.

    ``body_text`` is the body text's size and leading. A field the values
    lack is reported as missing from the default theme: every other theme
    file is merged over that one. Returns None if anything was reported.
    """
    built: dict[str, Any] = {}
    complete = True
    for declared in dataclasses.fields(group):
        where = f"{path}.{declared.name}"
        if declared.name not in values:
            checker.problems.append(_missing(where))
            complete = False
            continue
        value = values[declared.name]
        kind = declared.metadata["kind"]
        if kind == "group":
            value = build_group(_group_type(group, declared), value, where, body_text, checker)
        elif kind == "length":
            value = value.resolve(*body_text, checker)
        complete = complete and value is not None
        built[declared.name] = value
    return group(**built) if complete else None


def _group_type(group: type, declared: dataclasses.Field[Any]) -> type:
    """Return the dataclass a ``group`` field holds, named by its annotation in ``group``'s module.

    ``typing.get_type_hints`` would evaluate every annotation of the group:
    a tenth of loading the default theme, at every start.
    """
    named = declared.type
    found: type = named if isinstance(named, type) else vars(sys.modules[group.__module__])[named]
    return found


def _missing(path: str) -> Problem:
    return Problem(1, 1, path, "is missing from the default theme, which must name every field")


# What each colour of a theme file is for (the theme file's schema says it).
COLOUR_DESCRIPTIONS = {
    "accent": "Accents: the organisation line and quotation rules.",
    "heading": "Title and headings.",
    "text": "Body text.",
    "muted": "Bylines, footers and source lines.",
    "link": "Links.",
    "key_points": "The key points box's tint.",
    "box_border": "The key points box's border.",
    "rule": "Rules under the title and above the footer.",
    "banner": "The classification banner.",
    "callout": "A callout box's tint.",
    "callout_border": "A callout box's border.",
    "code": "A code block's tint.",
    "code_border": "A code block's border.",
    "table_header": "A table's header row tint.",
    "table_rule": "A table's rules.",
    "watermark": "The DRAFT watermark (drawn see-through).",
    "paper": "The paper: outlines that set chart marks apart, hatching on dark fills.",
    "chart_grid": "A chart's grid lines.",
    "chart": "Chart fills, darkest first (2 to 8 colours).",
}
