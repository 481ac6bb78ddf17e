"""Turn a YAML spec file into a validated ``model.Brief``.

Input: the bytes of a spec file. Output: a ``Brief``, or a ``SpecError``
carrying every problem found, each with file, line, column and field path.
The bytes become located nodes in ``yaml_nodes``; the spec format is declared
here, once, with the ``schema`` types (which also give its JSON Schema).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, NamedTuple

from briefgen import model
from briefgen.errors import Problem, SpecError
from briefgen.load.blocks import BLOCK, Checked, check_cross_references, check_section
from briefgen.load.body import Body
from briefgen.load.checker import Checker, LocatedText, Node
from briefgen.load.fields import Choice, Date, Field, Flag, LanguageTag, ListOf, Record, Text, Url
from briefgen.load.file_fields import SPEC_FOLDER, ThemeName
from briefgen.load.files import NotRegularFileError, read_bounded
from briefgen.load.located_yaml import DEFAULT_LIMITS, Limits, read_yaml

# Limits and read_yaml are part of this module's surface: themes, packs and tests read YAML through it.
__all__ = [
    "BRIEF",
    "DEFAULT_LIMITS",
    "Limits",
    "ParsedSpec",
    "load_parsed_spec",
    "load_spec",
    "parse_spec",
    "read_spec",
    "read_spec_file",
    "read_yaml",
]


def load_spec(path: Path | str, *, limits: Limits = DEFAULT_LIMITS) -> model.Brief:
    """Read, parse and validate the spec at ``path``.

    Raises:
        SpecError: the file cannot be read or is not a valid spec.

    """
    path = Path(path)
    return parse_spec(read_spec_file(path, limits=limits), path, limits=limits)


def read_spec_file(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """Return the bytes of the spec at ``path`` (one byte past the size limit at most, for parse_spec to refuse).

    Raises:
        SpecError: the file cannot be read, or is a pipe or device.

    """
    try:
        return read_bounded(path, limits.max_bytes)
    except NotRegularFileError as exc:
        problem = "is not a regular file (a folder, pipe or device?); name a spec file"
        raise SpecError(path, [Problem(1, 1, "", problem)]) from exc
    except OSError as exc:
        raise SpecError(path, [Problem(1, 1, "", f"cannot read the file: {exc.strerror or exc}")]) from exc


def parse_spec(
    data: bytes, source: Path | str = "<spec>", *, limits: Limits = DEFAULT_LIMITS, default_lang: str | None = None
) -> model.Brief:
    """Validate the spec held in ``data``; ``source`` names it in errors; ``default_lang`` is for a spec with no lang.

    Raises:
        SpecError: ``data`` is not a valid spec.

    """
    return read_spec(data, source, limits=limits, default_lang=default_lang).brief


class ParsedSpec(NamedTuple):
    """A valid spec's brief, with its texts beyond printable ASCII located, for the font check (``load.drawable``)."""

    brief: model.Brief
    source: Path | str
    texts: tuple[LocatedText, ...]


def load_parsed_spec(
    path: Path | str, *, limits: Limits = DEFAULT_LIMITS, default_lang: str | None = None
) -> ParsedSpec:
    """Read, parse and validate the spec at ``path``, keeping its texts located (``lang`` if it gives none).

    Raises:
        SpecError: the file cannot be read or is not a valid spec.

    """
    path = Path(path)
    return read_spec(read_spec_file(path, limits=limits), path, limits=limits, default_lang=default_lang)


def read_spec(
    data: bytes, source: Path | str = "<spec>", *, limits: Limits = DEFAULT_LIMITS, default_lang: str | None = None
) -> ParsedSpec:
    """Validate the spec held in ``data``, as ``parse_spec`` does, keeping its texts located.

    Raises:
        SpecError: ``data`` is not a valid spec.

    """
    root = read_yaml(data, source, limits=limits)
    checker = Checker()
    # Figures and theme files are looked up beside the spec.
    folder = SPEC_FOLDER.set(Path(source).parent if isinstance(source, Path) else None)
    try:
        brief = BRIEF.check(root, "", checker)
    finally:
        SPEC_FOLDER.reset(folder)
    if root.kind == "mapping":
        check_cross_references(root, checker)
    if checker.problems:
        raise SpecError(source, sorted(checker.problems, key=lambda p: (p.line, p.column)))
    assert isinstance(brief, model.Brief)
    if default_lang and "lang" not in root.value:
        brief = dataclasses.replace(brief, lang=default_lang)
    return ParsedSpec(brief, source, tuple(checker.texts))


def block_problem(data: bytes, source: Path | str, label: str, part: str, message: str) -> Problem:
    """Return ``message`` as a problem located at the block numbered ``label`` ("Table 2") of the spec in ``data``.

    Blocks are numbered in the spec's order, tables apart from figures and
    charts, as the layout numbers them; ``part`` ("rows[3]") is a field of it.
    """
    kinds = {"Table": ("table",), "Figure": ("figure", "chart")}.get(label.split()[0], ())
    wanted = int(label.split()[-1]) if label.split()[-1].isdigit() else 0
    root, seen = read_yaml(data, source), 0
    sections = root.value.get("sections") if root.kind == "mapping" else None
    for i, section in enumerate(sections.value if sections and sections.kind == "list" else []):
        blocks = section.value.get("blocks") if section.kind == "mapping" else None
        for j, block in enumerate(blocks.value if blocks and blocks.kind == "list" else []):
            kind = block.value.get("type") if block.kind == "mapping" else None
            if kind is None or kind.value not in kinds:
                continue
            seen += 1
            if seen == wanted:
                node, path = _part(block, part)
                return Problem(node.line, node.column, f"sections[{i}].blocks[{j}]{path}", message)
    return Problem(1, 1, label, message)


def _part(block: Node, part: str) -> tuple[Node, str]:
    """Return the node of ``part`` ("rows[3]", "columns") inside ``block``, or the block, and its path."""
    name, _, index = part.partition("[")
    node = block.value.get(name) if name and block.kind == "mapping" else None
    if node is None:
        return block, ""
    if index and node.kind == "list" and int(index.rstrip("]")) < len(node.value):
        return node.value[int(index.rstrip("]"))], f".{part}"
    return node, f".{name}"


def _brief(values: dict[str, Any]) -> model.Brief:
    sections = values.pop("sections")
    return model.Brief(sections=sections, **values)


def _section(values: dict[str, Any]) -> model.Section:
    return model.Section(heading=values["heading"], blocks=values.get("body", ()) + values.get("blocks", ()))


def _reference(values: dict[str, Any]) -> model.Reference:
    return model.Reference(**values)


SECTION = Checked(
    Record(
        "Section",
        (
            Field(
                "heading",
                Text(max_length=300),
                "The section's heading.",
                required=True,
                example="The Treaty and Its Provisions",
            ),
            Field(
                "body",
                Body(),
                "The section's text: paragraphs separated by blank lines, '- ' bullets, "
                "'> ' quotations, *emphasis*, **strong** and [links](https://example.org), and code "
                "between lines of ``` (set as written, in a monospace font). "
                "A section needs a body or blocks (or both).",
            ),
            Field(
                "blocks",
                ListOf(BLOCK, min_items=1, max_items=1000),
                "Blocks printed after the body, in order: paragraph, bullets, quote, code, table, figure, chart, "
                "callout.",
            ),
        ),
        _section,
        description="One headed part of the brief's body.",
    ),
    check_section,
    {"anyOf": [{"required": ["body"]}, {"required": ["blocks"]}]},
)

REFERENCE = Record(
    "Reference",
    (
        Field("title", Text(max_length=1000), "The cited work's title.", required=True),
        Field("publisher", Text(max_length=300), "Who published it.", example="NDTV"),
        Field("url", Url(), "Where to read it: an http, https or mailto address.", example="https://www.ndtv.com"),
        Field("date", Date(), "When it was published, as YYYY-MM-DD.", example="2024-11-12"),
    ),
    _reference,
    description="One source the brief cites.",
)

BRIEF = Record(
    "briefgen spec, version 1",
    (
        Field(
            "title",
            Text(max_length=500),
            "The brief's title.",
            required=True,
            example="Russia and North Korea Sign Mutual Defense Treaty",
        ),
        Field(
            "subtitle", Text(max_length=500), "A line under the title.", example="A New Era of Strategic Partnership"
        ),
        Field(
            "short_title",
            Text(max_length=120),
            "A shorter title for the running footer.",
            example="Russia–North Korea Treaty",
        ),
        Field("date", Date(), "The brief's date, as YYYY-MM-DD; printed written out.", example="2024-11-12"),
        Field("organization", Text(max_length=300), "Who issues the brief.", example="Example Policy Unit"),
        Field(
            "authors", ListOf(Text(max_length=300), min_items=1, max_items=100), "Who wrote it.", example=["A. Analyst"]
        ),
        Field(
            "classification",
            Text(max_length=100),
            "A marking printed at the top and bottom of every page.",
            example="OFFICIAL",
        ),
        Field(
            "lang",
            LanguageTag(),
            "The language of the text, as a BCP 47 tag (en, en-GB, fr, ru, zh-Hans, ar ...): for hyphenation, "
            "screen readers, the page furniture's words (Key points, Page 1 of 2) and dates; a right-to-left "
            "language (ar, he, fa ...) sets the page from the right.",
            example="en",
        ),
        Field(
            "summary", Text(markup=True, multiline=False), "A lead paragraph under the title.", example="One paragraph."
        ),
        Field(
            "status",
            Choice(("draft", "final")),
            "draft prints a DRAFT watermark on every page and DRAFT in the footer; final (the default) does not.",
            example="draft",
        ),
        Field(
            "theme",
            ThemeName(),
            "The look: a built-in theme (default, print, modern) or a theme .yaml file beside the spec.",
            example="default",
        ),
        Field(
            "key_points",
            ListOf(Text(markup=True, max_length=5000), min_items=1),
            "The brief's main points, shown in the key points box (at least one).",
            required=True,
            example=["The first point."],
        ),
        Field(
            "sections",
            ListOf(SECTION, min_items=1, max_items=1000),
            "The body of the brief (at least one).",
            required=True,
        ),
        Field("references", ListOf(REFERENCE, max_items=1000), "Sources cited, printed as a numbered list."),
        Field(
            "tags",
            ListOf(Text(max_length=100), max_items=100),
            "Keywords for the PDF's metadata.",
            example=["Russia", "North Korea"],
        ),
        Field(
            "smart_quotes",
            Flag(),
            "Whether straight quotes become the language's quotation marks (“…”, « … », „…“, 「…」) and "
            "apostrophes curly ones; false prints them as typed (default: the theme's smart_quotes, true).",
            example=False,
        ),
        Field(
            "pdfa",
            Flag(),
            "Write this brief as an archival PDF/A-2b file, as 'briefgen build --pdfa' does.",
            example=False,
        ),
    ),
    _brief,
    description="A YAML spec of an article, which briefgen turns into a policy-brief PDF.",
)


def json_schema() -> dict[str, Any]:
    """Return the spec format as a JSON Schema document, for editors."""
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **BRIEF.json_schema()}
    return schema


def json_schema_text() -> str:
    """Return the JSON Schema as the text shipped in schema/brief.schema.json."""
    import json

    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
