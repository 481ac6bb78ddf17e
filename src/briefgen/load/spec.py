"""Turn a YAML spec file into a validated ``model.Brief``.

Input: the bytes of a spec file. Output: a ``Brief``, or a ``SpecError``
carrying every problem found, each with file, line, column and field path.
The bytes become located nodes in ``yaml_nodes``; the spec format is declared
here, once, with the ``schema`` types (which also give its JSON Schema).
"""

from __future__ import annotations

import dataclasses
import unicodedata
from pathlib import Path
from typing import Any

from briefgen import model
from briefgen.errors import Problem, SpecError
from briefgen.load.blocks import BLOCK, Checked, check_cross_references, check_section
from briefgen.load.checker import Checker, Node, position_in
from briefgen.load.code import closes, code_text, opening_fence, without_code
from briefgen.load.fields import Choice, Date, Field, Flag, LanguageTag, ListOf, Record, Text, Url
from briefgen.load.file_fields import SPEC_FOLDER, ThemeName
from briefgen.load.files import NotRegularFileError, read_bounded
from briefgen.load.located_yaml import DEFAULT_LIMITS, Limits, read_yaml
from briefgen.text import markup
from briefgen.text.glyphs import unusual_characters

# Limits and read_yaml are part of this module's surface: themes, packs and tests read YAML through it.
__all__ = ["BRIEF", "DEFAULT_LIMITS", "Limits", "load_spec", "parse_spec", "read_spec_file", "read_yaml"]


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
    return brief


class Body:
    """A section's text: paragraphs split by blank lines, ``- `` bullets, ``> `` quotes and ``` fenced code."""

    def check(self, node: Node, path: str, checker: Checker) -> tuple[model.Block, ...] | None:
        """Return the body's blocks."""
        if "```" not in (node.value if node.kind == "text" else ""):
            text = Text(markup=True, multiline=True).check(node, path, checker)
            return None if text is None else parse_body(text)
        # Fenced code is not prose: its links and brackets are not markup, its tabs are kept.
        text = Text(multiline=True).check(node, path, checker)
        if text is None:
            return None
        prose = without_code(text)
        for link in markup.links(prose):
            problem = markup.url_problem(link.url)
            if problem:
                line, column = position_in(node, text, link.offset)
                checker.report(node, path, problem, line_offset=line, column=column)
        return parse_body(unicodedata.normalize("NFC", node.value).strip("\n "))

    def json_schema(self) -> dict[str, Any]:
        """Describe the body as a JSON string."""
        return Text(markup=True, multiline=True).json_schema()


def parse_body(text: str) -> tuple[model.Block, ...]:
    """Split body text into paragraphs, bullet lists, quotes and fenced code."""
    blocks: list[model.Block] = []
    kind = ""
    lines: list[str] = []
    fence: tuple[int, int, str] | None = None  # the open code block's indentation, fence length and language

    def flush() -> None:
        if not lines:
            return
        if kind == "bullet":
            blocks.append(model.BulletList(tuple(_single_spaced(item) for item in lines)))
        elif kind == "quote":
            blocks.append(model.Quote(_single_spaced(" ".join(lines))))
        else:
            blocks.append(model.Paragraph(_single_spaced(" ".join(lines))))
        lines.clear()

    for raw_line in text.splitlines():
        if fence is not None:
            if closes(raw_line, fence[1]):
                _add_code(blocks, lines, fence)
                fence = None
            else:
                lines.append(raw_line)
            continue
        opened = opening_fence(raw_line)
        if opened is not None:
            flush()
            kind, fence = "", opened
            continue
        line = raw_line.strip()
        if not line:
            flush()
            kind = ""
            continue
        if line.startswith("- ") or line == "-":
            if kind != "bullet":
                flush()
                kind = "bullet"
            lines.append(line[2:])
        elif line.startswith(">"):
            if kind != "quote":
                flush()
                kind = "quote"
            lines.append(line[1:].strip())
        elif kind == "bullet" and raw_line.startswith((" ", "\t")):
            lines[-1] += " " + line  # an indented line continues the bullet above it
        else:
            if kind != "paragraph":
                flush()
                kind = "paragraph"
            lines.append(line)
    if fence is not None:
        _add_code(blocks, lines, fence)  # a fence left open runs to the end of the body
    flush()
    return tuple(b for b in blocks if not isinstance(b, model.BulletList) or any(b.items))


def _add_code(blocks: list[model.Block], lines: list[str], fence: tuple[int, int, str]) -> None:
    code = code_text(lines, fence[0])
    if code:
        blocks.append(model.Code(code, fence[2]))
    lines.clear()


def _single_spaced(text: str) -> str:
    """Return ``text`` with each run of white space made one space, ends trimmed."""
    # Nearly every line is so already; splitting a long paragraph into words only to join them is not free.
    if "  " not in text and text == text.strip() and not any(ch.isspace() for ch in unusual_characters(text)):
        return text
    return " ".join(text.split())


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
            "screen readers, the page furniture's words (Key points, Page 1 of 2) and dates.",
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
