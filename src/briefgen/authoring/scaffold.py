"""Write spec files for people to fill in: the blank scaffold of ``briefgen new``, and the YAML helpers drafts share.

Input: the spec format's own declarations (``spec.BRIEF``: each field's type,
description and example). Output: the text of a spec in which every field is
present, with a comment saying what it is for, and a ``TODO`` placeholder
wherever only the author can know the value. ``briefgen check`` reports each
placeholder ("still a placeholder (TODO ...); replace it") until it is
replaced, so a scaffold passes check once, and only once, it is filled in.

Because the scaffold is generated from the declarations the loader validates
with, a field added to the format appears in ``briefgen new`` without being
written down twice.
"""

from __future__ import annotations

import datetime as dt
import os
import textwrap
from pathlib import Path
from typing import Any

from briefgen.load.blocks import BlockType
from briefgen.load.body import Body
from briefgen.load.fields import Choice, Date, Field, ListOf, Record, Text, Url
from briefgen.load.spec import BRIEF
from briefgen.load.yaml_import import yaml

SCHEMA_FILE = Path("schema") / "brief.schema.json"
_COMMENT_WIDTH = 88

_BODY_PLACEHOLDER = """\
TODO: write the section's text. Paragraphs are separated by blank lines;
*emphasis*, **strong** and [links](https://example.org) are allowed.

- a line starting with "- " is a bullet
> a line starting with "> " is a quotation
"""


def scaffold_text(
    name: str,
    *,
    spec_path: Path | None = None,
    today: dt.date | None = None,
    project_defaults: dict[str, str] | None = None,
) -> str:
    """Return the text of a new spec called ``name``, every field present with a comment and a placeholder.

    A field the project gives a default for (``project_defaults``: theme, lang)
    is written commented out, so that the project's value applies.
    """
    lines = [
        *schema_modeline(spec_path),
        f"# {name}: a briefgen spec. Replace every TODO ('briefgen check' lists those left),",
        "# delete the optional fields you do not need, then build it with 'briefgen build'.",
        "",
    ]
    body = _record_lines(BRIEF, indent="", item=False, today=today or dt.date.today(), top=True)
    for field_name, value in (project_defaults or {}).items():
        body = _commented_out(body, field_name, value)
    lines += body
    return "\n".join(lines) + "\n"


def _commented_out(lines: list[str], name: str, value: str) -> list[str]:
    """Return ``lines`` with the top-level field ``name`` commented out, saying the project's ``value`` applies."""
    for index, line in enumerate(lines):
        if line.startswith(f"{name}: "):
            note = f"# The project's {name} ({value}) applies; uncomment this to choose another."
            return [*lines[:index], note, f"# {line}", *lines[index + 1 :]]
    return lines


def write_new_file(path: Path, text: str, *, force: bool = False) -> None:
    """Write ``text`` to ``path``, creating its folder; never replace an existing file unless ``force``.

    Raises:
        FileExistsError: ``path`` exists and ``force`` is false.

    """
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = "w" if force else "x"
    with path.open(mode, encoding="utf-8", newline="\n") as stream:
        stream.write(text)


def schema_modeline(spec_path: Path | None) -> list[str]:
    """Return the comment lines that point an editor at the JSON Schema, relative to ``spec_path``.

    The schema file is looked for in the spec's folder and the folders above it
    (a project made by ``briefgen init``, or a checkout of briefgen), and the
    path written is relative to the spec's folder, as editors resolve it.
    Without one, the lines say how to make it, beside the spec.
    """
    folder = (spec_path.parent if spec_path else Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        schema = candidate / SCHEMA_FILE
        if schema.is_file():
            relative = Path(os.path.relpath(schema, folder)).as_posix()
            return [f"# yaml-language-server: $schema={relative}"]
    target = folder / "brief.schema.json"
    beside = (target.relative_to(Path.cwd()) if target.is_relative_to(Path.cwd()) else target).as_posix()
    return [
        f"# For completion and checking while you type, run 'briefgen schema -o {beside}' and start",
        "# this file with the line: # yaml-language-server: $schema=brief.schema.json ('briefgen init' does both).",
    ]


def yaml_scalar(value: Any) -> str:
    """Return ``value`` as a one-line YAML scalar, quoted only where YAML needs it."""
    text = yaml.safe_dump(value, allow_unicode=True, width=1_000_000, default_flow_style=True)
    if text.startswith("'") and "''" in text:
        # "the brief's title" reads better than 'the brief''s title'.
        text = yaml.safe_dump(value, allow_unicode=True, width=1_000_000, default_style='"')
    return text.removesuffix("\n...\n").removesuffix("\n")


def comment_lines(text: str, indent: str = "", width: int = _COMMENT_WIDTH) -> list[str]:
    """Return ``text`` as ``#`` comment lines wrapped to ``width`` columns."""
    return textwrap.wrap(
        text,
        width=width,
        initial_indent=f"{indent}# ",
        subsequent_indent=f"{indent}# ",
        break_long_words=False,
        break_on_hyphens=False,
    )


def block_lines(text: str, indent: str) -> list[str]:
    """Return the lines of a ``|`` block scalar holding ``text``, each indented by ``indent``."""
    return [f"{indent}{line}" if line else "" for line in text.rstrip("\n").split("\n")]


def _record_lines(record: Record, *, indent: str, item: bool, today: dt.date, top: bool) -> list[str]:
    """Return a record's fields as lines; as a list ``item``, the first key follows ``- ``."""
    lines: list[str] = []
    inner = indent + "  " if item else indent
    for number, declared in enumerate(record.fields):
        lines += comment_lines(_comment(declared), indent if item and number == 0 else inner)
        field_lines = _field_lines(declared, indent=inner, today=today, top=top)
        if item and number == 0:
            field_lines[0] = indent + "- " + field_lines[0][len(inner) :]
        lines += field_lines
        if top:
            lines.append("")
    return lines


def _comment(declared: Field) -> str:
    status = "Required." if declared.required else "Optional: replace it, or delete the field."
    kind = declared.type
    extra = ""
    if isinstance(kind, Choice):
        extra = f" One of: {', '.join(kind.choices)}."
    elif declared.example is not None and not isinstance(kind, (Body, ListOf)):
        extra = f" Example: {_example_text(declared.example)}"
    return f"{declared.description} {status}{extra}"


def _example_text(example: Any) -> str:
    if isinstance(example, list):
        return ", ".join(str(item) for item in example)
    return str(example)


def _field_lines(declared: Field, *, indent: str, today: dt.date, top: bool) -> list[str]:
    name, kind = declared.name, declared.type
    if isinstance(kind, Body) or (isinstance(kind, Text) and kind.multiline):
        return [f"{indent}{name}: |", *block_lines(_BODY_PLACEHOLDER, indent + "  ")]
    if isinstance(kind, ListOf) and isinstance(kind.item, BlockType):
        # Blocks come in many kinds; a commented example shows one without asking for a table nobody wants.
        example = [f"{name}:", "  - type: callout", "    title: What to watch", "    body: |", "      One paragraph."]
        return [f"{indent}# {line}" for line in example]
    if isinstance(kind, ListOf):
        return [f"{indent}{name}:", *_item_lines(declared, kind.item, indent=indent + "  ", today=today)]
    return [f"{indent}{name}: {yaml_scalar(_value(declared, kind, today=today, top=top))}"]


def _item_lines(declared: Field, item: Any, *, indent: str, today: dt.date) -> list[str]:
    item = getattr(item, "record", item)  # a record with a cross-field check
    if isinstance(item, Record):
        return _record_lines(item, indent=indent, item=True, today=today, top=False)
    return [f"{indent}- {yaml_scalar(_value(declared, item, today=today, top=False))}"]


def _value(declared: Field, kind: Any, *, today: dt.date, top: bool) -> Any:
    """Return the value a scaffold writes: a real default where there is one, else a placeholder."""
    if isinstance(kind, Choice):
        return kind.choices[0]
    if isinstance(kind, Date) and top:
        return today
    if isinstance(kind, Date):
        return "TODO: YYYY-MM-DD"
    if isinstance(kind, Url):
        return "TODO: https://..."
    if isinstance(kind, Text):
        return f"TODO: {_lower_first(declared.description.rstrip('.'))}"
    if declared.example is not None:
        return declared.example
    return f"TODO: {_lower_first(declared.description.rstrip('.'))}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
