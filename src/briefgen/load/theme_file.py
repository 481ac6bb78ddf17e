"""Turn a theme file (or a built-in theme's name) into a validated ``theme.Theme``.

Input: a name such as ``print`` (a file in assets/themes) or the path of a
theme YAML file. Output: a ``Theme``, or a ``SpecError`` listing every problem
with file, line, column and field path, exactly as for a spec: the file is
read by ``read_yaml`` and checked by the same field types.

assets/themes/default.yaml is the default look, and names every field. Any
other theme file names only what differs: its values are merged over the
default's, field by field (a style's size alone, a chart's pie radius
alone), and only then are lengths written relative to the body text
(``body - 1.3``) worked out, so they follow a theme's own body size.
Margins and the logo's height are in millimetres, other lengths in points,
colours ``#rrggbb`` (or ``rgb(75%, 75%, 75%)``).
"""

from __future__ import annotations

import functools
from dataclasses import replace
from pathlib import Path
from typing import Any

from briefgen.assets import assets_dir
from briefgen.errors import Problem, SpecError
from briefgen.load.checker import Checker, Node
from briefgen.load.checker import did_you_mean as did_you_mean
from briefgen.load.fields import Choice, Field, Flag, ListOf, Number, Record, Text
from briefgen.load.file_fields import built_in_theme_names
from briefgen.load.files import (
    ALLOW_OUTSIDE_FILES,
    MAX_SPEC_BYTES,
    PROJECT_ASSETS,
    NotRegularFileError,
    read_bounded,
)
from briefgen.load.located_yaml import read_yaml
from briefgen.load.theme_fields import (
    COLOUR_DESCRIPTIONS,
    FRACTION,
    Colour,
    FontFile,
    FontRole,
    FooterText,
    LengthField,
    LogoFile,
    build_group,
    group_record,
)
from briefgen.load.theme_labels import ThemeLabels
from briefgen.load.theme_styles import resolve_styles, styles_record
from briefgen.style.dimensions import Boxes, ChartLook, FigureLook, FurnitureLook, PackLook, Rules, TableLook
from briefgen.style.theme import COLOUR_ROLES, MM, MONO, CodeLook, LastPageLook, Theme
from briefgen.text.labels import label_names

# The dimension groups: the section a theme file writes each in, and the Theme field it fills.
GROUPS: dict[str, tuple[type, str]] = {
    "rules": (Rules, "The rules under the title and beside quotations."),
    "boxes": (Boxes, "The key points box and callouts."),
    "tables": (TableLook, "Table padding, rules and spacing."),
    "figures": (FigureLook, "How figures are placed."),
    "charts": (ChartLook, "How charts are drawn."),
    "furniture": (FurnitureLook, "Footer, banners, watermark and bookmarks: what every page carries."),
    "pack": (PackLook, "A meeting pack's own pages: cover, agenda, contents, and the pack footer."),
    "code": (CodeLook, "A code block's box: its border, padding and the mark where a long line goes on."),
    "last_page": (LastPageLook, "A last page of a few lines: how far spacing may tighten to pull them back."),
}
SIDES = ("top", "right", "bottom", "left")


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
        path, real_path = _built_in_theme_file(text)
    else:
        path, real_path = Path(text), None
    try:
        stat = path.stat()
        # The files a theme names are looked for in the project's assets/ too: a theme parsed for one
        # project is not another's.
        access = (ALLOW_OUTSIDE_FILES.get(), PROJECT_ASSETS.get())
        return _parsed_theme(real_path or path.resolve(), stat.st_mtime_ns, stat.st_size, access)
    except OSError as exc:
        raise SpecError(path, [Problem(1, 1, "", f"cannot read the theme file: {exc.strerror or exc}")]) from exc


@functools.cache
def _built_in_theme_file(name: str) -> tuple[Path, Path]:
    """Return a built-in theme's file and its real path, resolved once (a system call per folder on the way)."""
    path = themes_dir() / f"{name}.yaml"
    return path, path.resolve()


def default_theme() -> Theme:
    """Return the default look: the theme in assets/themes/default.yaml."""
    return load_theme("default")


@functools.lru_cache(maxsize=64)
def _parsed_theme(path: Path, _mtime_ns: int, _size: int, _access: tuple[bool, Path | None]) -> Theme:
    # A batch builds thousands of briefs in one theme: parse its file once, again only if it changes.
    try:
        data = read_bounded(path, MAX_SPEC_BYTES)  # as a spec is read: a pipe would block, a device never end
    except NotRegularFileError:
        raise SpecError(path, [Problem(1, 1, "", "is not a regular file (a folder, pipe or device?)")]) from None
    return parse_theme(data, path)


def parse_theme(data: bytes, source: Path) -> Theme:
    """Validate the theme held in ``data`` and merge it over the default; ``source`` is where its files are looked up.

    Raises:
        SpecError: ``data`` is not a valid theme.

    """
    is_default = source.resolve() == (themes_dir() / "default.yaml").resolve()
    root = read_yaml(data, source)
    checker = Checker()
    values = _theme_record(source, complete=is_default).check(root, "", checker)
    if values is not None and not is_default:
        _require_logo_file(root, values, checker)
        values = _merged(_default_values(), values)
    theme = _assemble(values, source, checker) if values is not None and not checker.problems else None
    if theme is not None:
        theme, overlapping = _overlapping_lines(theme, root)
        checker.problems += overlapping
    if theme is None or checker.problems:
        raise SpecError(source, sorted(set(checker.problems), key=lambda p: (p.line, p.column, p.field)))
    return theme if "name" in root.value else replace(theme, name=source.stem)


def _overlapping_lines(theme: Theme, root: Node) -> tuple[Theme, list[Problem]]:
    """Refuse text whose leading the theme file set below its size: its lines would print over each other.

    A style whose leading the file did not write, reckoned from the body text
    by the default theme (``leading - 1.6``), is set solid instead: a tight
    body the file may set must not make a style it never named an error.
    """

    def written(*keys: str) -> Node | None:
        node: Node | None = root
        for key in keys:
            node = node.value.get(key) if node is not None and node.kind == "mapping" else None
        return node

    def problem(size: float, leading: float, *candidates: tuple[str, ...]) -> Problem | None:
        found = next(((keys, node) for keys in candidates if (node := written(*keys)) is not None), None)
        if found is None:
            return None
        keys, node = found
        message = (
            f"a leading of {leading:g} points is less than the font size of {size:g}, so lines would print over "
            f"each other; make the leading at least {size:g}"
        )
        return Problem(node.line, node.column, ".".join(keys), message)

    if theme.body_leading < theme.body_size:
        found = problem(theme.body_size, theme.body_leading, ("fonts", "leading"), ("fonts", "size"))
        return theme, [found] if found else []
    problems: list[Problem] = []
    styles = []
    for style in theme.styles:
        if style.leading < style.size:
            names = (style.name, "base")
            found = problem(style.size, style.leading, *(("styles", n, f) for n in names for f in ("leading", "size")))
            problems += [found] if found else []
            style = replace(style, leading=style.size)
        styles.append(style)
    return replace(theme, styles=tuple(styles)), problems


@functools.cache
def _default_values() -> dict[str, Any]:
    """Return the default theme's checked values, not yet resolved: what other theme files are merged over."""
    path = themes_dir() / "default.yaml"
    checker = Checker()
    values: dict[str, Any] | None = _theme_record(path, complete=True).check(
        read_yaml(path.read_bytes(), path), "", checker
    )
    if values is None:
        raise SpecError(path, checker.problems)
    return values


def _merged(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """Return ``over`` merged into ``base``: sections field by field, anything else replaced whole."""
    merged = dict(base)
    for key, value in over.items():
        below = base.get(key)
        merged[key] = _merged(below, value) if isinstance(value, dict) and isinstance(below, dict) else value
    return merged


def _require_logo_file(root: Node, values: dict[str, Any], checker: Checker) -> None:
    # The default theme sets a logo's place and size but has none; any other theme that writes logo: names its file.
    if "logo" in values and "file" not in values["logo"]:
        checker.report(root.value["logo"], "logo.file", "is required but missing: name the logo's image file")


def _assemble(values: dict[str, Any], source: Path, checker: Checker) -> Theme | None:
    """Return the Theme of merged ``values``, lengths resolved for its body text, or None after reporting."""
    fonts, colours, logo, margins = values["fonts"], values["colours"], values["logo"], values["margins"]
    body_text = (fonts["size"], fonts["leading"])
    groups = {key: build_group(group, values[key], key, body_text, checker) for key, (group, _) in GROUPS.items()}
    styles = resolve_styles(values["styles"], body_text, source, checker)
    logo_gap = logo["gap"].resolve(*body_text, checker)
    if styles is None or logo_gap is None or None in groups.values():
        return None
    return Theme(
        name=values["name"],
        page_size=values["page_size"],
        **{f"margin_{side}": margins[side] * MM for side in SIDES},
        body_font=fonts["body"],
        heading_font=fonts["heading"],
        code_font=fonts["code"],
        fallback_fonts=tuple(fonts["fallback"]),
        body_size=fonts["size"],
        body_leading=fonts["leading"],
        **{COLOUR_ROLES[role]: colours[role] for role in COLOUR_ROLES},
        logo=str(logo.get("file", "")),
        logo_place=logo["place"],
        logo_height=logo["height"] * MM,
        logo_gap=logo_gap,
        logo_max_width=logo["max_width"],
        footer_text=values["footer"],
        date_format=values["date_format"],
        numbered_headings=values["numbered_headings"],
        show_link_urls=values["links"] == "text",
        printer=values.get("printer", ""),
        smart_quotes=values["smart_quotes"],
        labels=values.get("labels", ()),
        styles=styles,
        **groups,
    )


def theme_json_schema() -> dict[str, Any]:
    """Return the JSON Schema of a theme file (every field optional, as a theme names only what differs)."""
    return _theme_record(themes_dir() / "theme.yaml", complete=False).json_schema()


def _theme_record(source: Path, *, complete: bool) -> Record:
    """Return the record of the theme file ``source``; ``complete`` (the default theme) requires every field.

    A logo's file is never required of the default theme, which has none.
    """
    folder = source.parent

    def fields(*declared: Field) -> tuple[Field, ...]:
        return tuple(replace(f, required=complete) for f in declared)

    def section(title: str, *declared: Field) -> Record:
        return Record(title, fields(*declared))

    def chart_colours(values: dict[str, Any]) -> dict[str, Any]:
        return {**values, "chart": tuple(values["chart"])} if "chart" in values else values

    length = Number(minimum=0, maximum=80)
    colour = Colour()
    role = FontRole(folder)
    return Record(
        "briefgen theme",
        (
            Field("name", Text(max_length=60), "The theme's name (default: the file's name).", example="house"),
            *fields(
                Field("page_size", Choice(("a4", "letter")), "The paper size.", example="a4"),
                Field(
                    "margins",
                    section("Margins", *(Field(s, length, f"The {s} margin, in mm.", example=18) for s in SIDES)),
                    "The page margins, in millimetres.",
                ),
                Field(
                    "fonts",
                    section(
                        "Fonts",
                        Field(
                            "body", role, "The body text's typeface: serif, sans or four font files.", example="serif"
                        ),
                        Field(
                            "heading", role, "The headings' typeface: serif, sans or four font files.", example="sans"
                        ),
                        Field(
                            "fallback",
                            ListOf(FontFile(folder), max_items=20),
                            "Font files for characters the body and heading typefaces lack (a script briefgen ships "
                            "no font for), tried in order before briefgen's own.",
                            example=["fonts/NotoSansThai-Regular.ttf"],
                        ),
                        Field(
                            "code",
                            FontRole(folder, {"mono": MONO}),
                            "Code's typeface: mono (Noto Sans Mono), or a monospace font's files.",
                            example="mono",
                        ),
                        Field("size", Number(minimum=6, maximum=16), "The body text's size, in points.", example=9.3),
                        Field("leading", Number(minimum=6, maximum=24), "The body text's line spacing, in points."),
                    ),
                    "The typefaces for body text and headings, and the body size; styles may be relative to it.",
                ),
                Field(
                    "colours",
                    Record(
                        "Colours",
                        fields(
                            *(
                                Field(key, ListOf(colour, min_items=2, max_items=8) if key == "chart" else colour, text)
                                for key, text in COLOUR_DESCRIPTIONS.items()
                            )
                        ),
                        chart_colours,
                    ),
                    "The theme's colours, each #rrggbb (or rgb(R%, G%, B%)).",
                ),
                Field(
                    "logo",
                    Record(
                        "Logo",
                        (
                            Field(
                                "file",
                                LogoFile(folder),
                                "A PNG, JPEG or SVG file beside the theme or under assets/.",
                            ),
                            *fields(
                                Field(
                                    "place",
                                    Choice(("top-left", "top-right", "footer")),
                                    "Where it goes: beside the title block on page 1, or in every page's footer.",
                                    example="top-right",
                                ),
                                Field("height", Number(minimum=3, maximum=40), "Its height in mm.", example=11),
                                Field("gap", LengthField(), "The space between it and the title block, in points."),
                                Field("max_width", FRACTION, "The widest it may be beside the title, a share of it."),
                            ),
                        ),
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
                    "How dates print: long (the language's: 12 November 2024, 12 ноября 2024 г.), "
                    "us (November 12, 2024; other languages write their long date) or iso (2024-11-12).",
                    example="long",
                ),
                Field("numbered_headings", Flag(), "Whether section headings are numbered 1, 2, 3.", example=False),
                Field(
                    "smart_quotes",
                    Flag(),
                    "Whether straight quotes become the language's quotation marks (“…”, « … », „…“, 「…」); "
                    "a spec's smart_quotes overrides it.",
                    example=True,
                ),
                Field(
                    "links",
                    Choice(("coloured", "text")),
                    "coloured: links are coloured text; text: each link's address is printed after it, for paper.",
                    example="coloured",
                ),
                Field("styles", styles_record(source), "The type scale: each paragraph style, by name."),
                *(Field(key, group_record(group), text) for key, (group, text) in GROUPS.items()),
            ),
            Field(
                "labels",
                ThemeLabels(),
                "The theme's own words for the page furniture, by language: en: {key_points: Summary}. "
                "Labels: " + ", ".join(label_names()) + ".",
            ),
            Field(
                "printer",
                Text(max_length=127),
                "The CUPS printer (queue) that 'briefgen print' sends to (default: CUPS's default printer).",
                example="office",
            ),
        ),
    )
