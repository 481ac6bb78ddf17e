"""Turn a theme file (or a built-in theme's name) into a validated ``theme.Theme``.

Input: a name such as ``print`` (a file in assets/themes) or the path of a
theme YAML file. Output: a ``Theme``, or a ``SpecError`` listing every problem
with file, line, column and field path, exactly as for a spec: the file is
read by ``spec.read_yaml`` and checked by the same ``schema`` types.

A theme file names only what differs from the default look; every field is
optional. Lengths are in millimetres, colours are ``#rrggbb``.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from briefgen.assets import assets_dir
from briefgen.errors import Problem, SpecError
from briefgen.load.checker import Checker, Node
from briefgen.load.checker import did_you_mean as did_you_mean
from briefgen.load.fields import Choice, Field, Flag, ListOf, Number, Record, Text
from briefgen.load.file_fields import SPEC_FOLDER, ImageFile, built_in_theme_names
from briefgen.load.files import ALLOW_OUTSIDE_FILES, FileRefusedError, resolve_asset
from briefgen.load.spec import read_yaml
from briefgen.style.theme import DEFAULT_THEME, MM, SANS, SERIF, FontFamily, Theme

FOOTER_FIELDS = ("title", "organization", "date", "status")
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_BUILT_IN_FAMILIES = {"serif": SERIF, "sans": SANS}


def themes_dir() -> Path:
    """Return the folder of the built-in theme files."""
    return assets_dir() / "themes"


def load_theme(name_or_file: str | Path) -> Theme:
    """Return the built-in theme called ``name_or_file``, or the theme in that file.

    A file may be anywhere (the user named it); the files it names in turn
    (logo, fonts) must lie beside it or under assets/.

    Raises:
        SpecError: no such theme, or the theme file is invalid.

    """
    text = str(name_or_file)
    if not text.endswith((".yaml", ".yml")):
        if text not in built_in_theme_names():
            names = ", ".join(built_in_theme_names())
            hint = did_you_mean(text, built_in_theme_names()) or f"; the built-in themes are {names}"
            raise SpecError(text, [Problem(1, 1, "", f"no built-in theme is called '{text}'{hint}")])
        path = themes_dir() / f"{text}.yaml"
    else:
        path = Path(text)
    try:
        stat = path.stat()
        return _parsed_theme(path.resolve(), stat.st_mtime_ns, stat.st_size, ALLOW_OUTSIDE_FILES.get())
    except OSError as exc:
        raise SpecError(path, [Problem(1, 1, "", f"cannot read the theme file: {exc.strerror or exc}")]) from exc


@functools.lru_cache(maxsize=64)
def _parsed_theme(path: Path, _mtime_ns: int, _size: int, _allow_outside_files: bool) -> Theme:
    # A batch builds thousands of briefs in one theme: parse its file once, again only if it changes.
    return parse_theme(path.read_bytes(), path)


def parse_theme(data: bytes, source: Path) -> Theme:
    """Validate the theme held in ``data``; ``source`` names it and is where its files are looked up.

    Raises:
        SpecError: ``data`` is not a valid theme.

    """
    root = read_yaml(data, source)
    checker = Checker()
    folder = source.parent
    record = _theme_record(folder)
    theme = record.check(root, "", checker)
    if checker.problems:
        raise SpecError(source, sorted(checker.problems, key=lambda p: (p.line, p.column)))
    assert isinstance(theme, Theme)
    return theme if "name" in root.value else replace(theme, name=source.stem)


class Colour:
    """A colour written as #rrggbb."""

    def check(self, node: Node, path: str, checker: Checker) -> str | None:
        """Return the colour in lower case."""
        text = Text(max_length=20).check(node, path, checker)
        if text is not None and not _HEX.match(text):
            checker.report(node, path, f"expected a colour written #rrggbb such as #1d3a5f, got {text!r}")
            return None
        return None if text is None else text.lower()

    def json_schema(self) -> dict[str, Any]:
        """Describe the colour as a JSON string with a pattern."""
        return {"type": "string", "pattern": _HEX.pattern}


class FontFile:
    """A TrueType font file beside the theme or under assets/ (e.g. fonts/NotoSans-Regular.ttf)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def check(self, node: Node, path: str, checker: Checker) -> str | None:
        """Return the font file's absolute path."""
        text = Text(max_length=1000).check(node, path, checker)
        if text is None:
            return None
        if not text.lower().endswith(".ttf"):
            checker.report(node, path, f"font '{text}' must be a TrueType .ttf file")
            return None
        try:
            found = resolve_asset(text, self.folder, what="font")
        except FileRefusedError as exc:
            checker.report(node, path, str(exc))
            return None
        with found.open("rb") as stream:
            head = stream.read(4)
        if head not in (b"\x00\x01\x00\x00", b"true"):
            checker.report(node, path, f"font '{text}' is not a TrueType font (OpenType CFF fonts cannot be embedded)")
            return None
        return str(found)

    def json_schema(self) -> dict[str, Any]:
        """Describe the font as a JSON string naming a .ttf file."""
        return {"type": "string", "pattern": r"(?i)\.ttf$"}


class FontRole:
    """The typeface of one role: ``serif``, ``sans``, or the four faces as font files."""

    def __init__(self, folder: Path) -> None:
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
        name = Choice(tuple(_BUILT_IN_FAMILIES)).check(node, path, checker)
        return None if name is None else _BUILT_IN_FAMILIES[name]

    def json_schema(self) -> dict[str, Any]:
        """Describe the role as a family name or a record of faces."""
        return {"oneOf": [{"enum": list(_BUILT_IN_FAMILIES)}, self.faces.json_schema()]}


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


def _theme_record(folder: Path) -> Record:
    def margins(values: dict[str, float]) -> dict[str, float]:
        return {f"margin_{side}": value * MM for side, value in values.items()}

    def colours(values: dict[str, Any]) -> dict[str, Any]:
        return {_COLOUR_FIELDS[key]: value for key, value in values.items()}

    def fonts(values: dict[str, Any]) -> dict[str, Any]:
        names = {"body": "body_font", "heading": "heading_font", "size": "body_size", "leading": "body_leading"}
        return {names[key]: value for key, value in values.items()}

    def logo(values: dict[str, Any]) -> dict[str, Any]:
        found = {"logo": str(values["file"]), "logo_place": values.get("place", "top-right")}
        if "height" in values:
            found["logo_height"] = values["height"] * MM
        return found

    def build(values: dict[str, Any]) -> Theme:
        fields: dict[str, Any] = {}
        for key in ("margins", "colours", "fonts", "logo"):
            fields.update(values.pop(key, {}))
        for key, target in (("footer", "footer_text"), ("links", "show_link_urls")):
            if key in values:
                fields[target] = values.pop(key)
        if "show_link_urls" in fields:
            fields["show_link_urls"] = fields["show_link_urls"] == "text"
        if "chart_colours" in fields:
            fields["chart_colours"] = tuple(fields["chart_colours"])
        return replace(DEFAULT_THEME, **fields, **values)

    length = Number(minimum=0, maximum=80)
    colour = Colour()
    role = FontRole(folder)

    return Record(
        "briefgen theme",
        (
            Field("name", Text(max_length=60), "The theme's name (default: the file's name).", example="house"),
            Field("page_size", Choice(("a4", "letter")), "The paper size.", example="a4"),
            Field(
                "margins",
                Record(
                    "Margins",
                    tuple(
                        Field(side, length, f"The {side} margin, in mm.", example=18)
                        for side in ("top", "right", "bottom", "left")
                    ),
                    margins,
                ),
                "The page margins, in millimetres.",
            ),
            Field(
                "fonts",
                Record(
                    "Fonts",
                    (
                        Field(
                            "body", role, "The body text's typeface: serif, sans or four .ttf files.", example="serif"
                        ),
                        Field(
                            "heading", role, "The headings' typeface: serif, sans or four .ttf files.", example="sans"
                        ),
                        Field("size", Number(minimum=6, maximum=16), "The body text's size, in points.", example=9.3),
                        Field("leading", Number(minimum=6, maximum=24), "The body text's line spacing, in points."),
                    ),
                    fonts,
                ),
                "The typefaces for body text and headings, and the body size.",
            ),
            Field(
                "colours",
                Record(
                    "Colours",
                    tuple(
                        Field(key, ListOf(colour, min_items=2, max_items=8) if key == "chart" else colour, description)
                        for key, description in _COLOUR_DESCRIPTIONS.items()
                    ),
                    colours,
                ),
                "The theme's colours, each #rrggbb.",
            ),
            Field(
                "logo",
                Record(
                    "Logo",
                    (
                        Field(
                            "file",
                            _LogoFile(folder),
                            "A PNG, JPEG or SVG file beside the theme or under assets/.",
                            required=True,
                        ),
                        Field(
                            "place",
                            Choice(("top-left", "top-right", "footer")),
                            "Where it goes: beside the title block on page 1, or in every page's footer.",
                            example="top-right",
                        ),
                        Field("height", Number(minimum=3, maximum=40), "Its height in mm (default 11).", example=11),
                    ),
                    logo,
                ),
                "The organisation's logo and where it goes.",
            ),
            Field(
                "footer",
                FooterText(),
                "The footer's text; may name {title}, {organization}, {date} and {status}.",
                example="{organization} · {title}",
            ),
            Field(
                "date_format",
                Choice(("long", "us", "iso")),
                "How dates print: long (12 November 2024), us (November 12, 2024) or iso (2024-11-12).",
                example="long",
            ),
            Field("numbered_headings", Flag(), "Whether section headings are numbered 1, 2, 3.", example=False),
            Field(
                "links",
                Choice(("coloured", "text")),
                "coloured: links are coloured text; text: each link's address is printed after it, for paper.",
                example="coloured",
            ),
            Field(
                "printer",
                Text(max_length=127),
                "The CUPS printer (queue) that 'briefgen print' sends to (default: CUPS's default printer).",
                example="office",
            ),
        ),
        build,
    )


class _LogoFile(ImageFile):
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


_COLOUR_FIELDS = {
    "accent": "accent",
    "heading": "heading_colour",
    "text": "text_colour",
    "muted": "muted_colour",
    "link": "link_colour",
    "key_points": "tint",
    "box_border": "box_border",
    "rule": "rule_colour",
    "banner": "banner_colour",
    "callout": "callout_tint",
    "callout_border": "callout_border",
    "table_header": "table_header_tint",
    "table_rule": "table_rule",
    "watermark": "watermark_colour",
    "chart": "chart_colours",
}
_COLOUR_DESCRIPTIONS = {
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
    "table_header": "A table's header row tint.",
    "table_rule": "A table's rules.",
    "watermark": "The DRAFT watermark (drawn see-through).",
    "chart": "Chart fills, darkest first (2 to 8 colours).",
}
