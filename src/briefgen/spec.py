"""Turn a YAML spec file into a validated ``model.Brief``.

Input: the bytes of a spec file. Output: a ``Brief``, or a ``SpecError``
carrying every problem found, each with file, line, column and field path.

YAML is read as a stream of parser events (libyaml's C parser where it is
installed) and turned into located nodes here, so that nothing is ever
constructed from a tag, alias bombs and deep nesting are refused while
reading, and duplicate keys are caught instead of silently overwritten.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import yaml

from briefgen import markup, model
from briefgen.asset_paths import AssetPathError, project_assets_dir, resolve_asset
from briefgen.errors import Problem, SpecError
from briefgen.schema import (
    Checker,
    Choice,
    Date,
    Field,
    FieldType,
    ListOf,
    Node,
    Number,
    Record,
    Text,
    Url,
    _did_you_mean,
    _position_in,
)

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml: same rules, slower
    _Loader = yaml.SafeLoader


@dataclass(frozen=True)
class Limits:
    """Bounds that keep a hostile or broken spec from exhausting time or memory."""

    max_bytes: int = int(os.environ.get("BRIEFGEN_MAX_SPEC_BYTES", 10 * 1024 * 1024))
    max_depth: int = 32
    max_nodes: int = 250_000  # counting every alias as the nodes it stands for


DEFAULT_LIMITS = Limits()

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str": "text",
    "tag:yaml.org,2002:int": "number",
    "tag:yaml.org,2002:float": "number",
    "tag:yaml.org,2002:bool": "boolean",
    "tag:yaml.org,2002:null": "nothing",
    "tag:yaml.org,2002:timestamp": "date",
}
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def load_spec(path: Path | str, *, limits: Limits = DEFAULT_LIMITS) -> model.Brief:
    """Read, parse and validate the spec at ``path``.

    Raises:
        SpecError: the file cannot be read or is not a valid spec.

    """
    path = Path(path)
    try:
        with path.open("rb") as stream:
            data = stream.read(limits.max_bytes + 1)
    except OSError as exc:
        raise SpecError(path, [Problem(1, 1, "", f"cannot read the file: {exc.strerror or exc}")]) from exc
    return parse_spec(data, path, limits=limits)


def parse_spec(data: bytes, source: Path | str = "<spec>", *, limits: Limits = DEFAULT_LIMITS) -> model.Brief:
    """Validate the spec held in ``data``; ``source`` names it in errors.

    Raises:
        SpecError: ``data`` is not a valid spec.

    """
    root = read_yaml(data, source, limits=limits)
    checker = Checker()
    # Figures and theme files are looked up beside the spec.
    folder = _SPEC_FOLDER.set(Path(source).parent if isinstance(source, Path) else None)
    try:
        brief = BRIEF.check(root, "", checker)
    finally:
        _SPEC_FOLDER.reset(folder)
    if root.kind == "mapping":
        _check_cross_references(root, checker)
    if checker.problems:
        raise SpecError(source, sorted(checker.problems, key=lambda p: (p.line, p.column)))
    assert isinstance(brief, model.Brief)
    return brief


def read_yaml(data: bytes, source: Path | str, *, limits: Limits = DEFAULT_LIMITS) -> Node:
    """Parse YAML bytes into located nodes, refusing what a spec can never need.

    Raises:
        SpecError: the bytes are not UTF-8, not YAML, or exceed a limit.

    """
    text = _decode(data, source, limits)
    try:
        root = _build_tree(yaml.parse(text, Loader=_Loader), text.splitlines(), limits)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "not valid YAML"
        raise SpecError(source, [Problem(line, column, "", f"YAML syntax error: {problem}")]) from None
    except yaml.YAMLError as exc:
        raise SpecError(source, [Problem(1, 1, "", f"YAML error: {exc}")]) from None
    except _TreeError as exc:
        raise SpecError(source, [exc.problem]) from None
    if root is None:
        raise SpecError(source, [Problem(1, 1, "", _EMPTY)])
    return root


_EMPTY = "the file is empty; a spec needs at least title, key_points and sections"


class _TreeError(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def _decode(data: bytes, source: Path | str, limits: Limits) -> str:
    if len(data) > limits.max_bytes:
        raise SpecError(
            source,
            [
                Problem(
                    1,
                    1,
                    "",
                    f"the file is larger than {limits.max_bytes:,} bytes; a spec is never this big "
                    "(set BRIEFGEN_MAX_SPEC_BYTES to raise the limit)",
                )
            ],
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SpecError(source, [Problem(1, 1, "", "the file is UTF-16; save it as UTF-8")])
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise SpecError(
            source,
            [
                Problem(
                    line,
                    column,
                    "",
                    f"byte 0x{data[exc.start]:02x} at offset {exc.start} is not UTF-8; save the file as UTF-8",
                )
            ],
        ) from None


def _build_tree(events: Any, lines: list[str], limits: Limits) -> Node | None:
    """Assemble parser events into nodes, enforcing the limits as it goes."""
    stack: list[tuple[Node, list[Any]]] = []  # (container, pending key for mappings)
    anchors: dict[str, tuple[Node, int]] = {}
    sizes: list[int] = []  # nodes counted under each open container
    root: Node | None = None
    total = 0

    def where(event: Any) -> tuple[int, int]:
        return event.start_mark.line + 1, event.start_mark.column + 1

    def fail(event: Any, message: str) -> NoReturn:
        line, column = where(event)
        raise _TreeError(Problem(line, column, "", message))

    def attach(node: Node, weight: int, event: Any) -> None:
        nonlocal root, total
        total += weight
        if total > limits.max_nodes:
            fail(
                event,
                f"the document expands to more than {limits.max_nodes:,} values "
                "(aliases repeated too often?); a spec is never this big",
            )
        if sizes:
            sizes[-1] += weight
        if not stack:
            if root is not None:
                fail(event, "the file holds more than one YAML document; keep one spec per file")
            root = node
            return
        parent, pending = stack[-1]
        if parent.kind == "list":
            parent.value.append(node)
        elif not pending:
            if node.kind in ("list", "mapping"):
                fail(event, "a field name must be a plain word, not a list or mapping")
            key = node.raw
            if key in parent.value:
                first = parent.keys[key]
                fail(event, f"duplicate field '{key}' (first given on line {first.line}); keep one")
            pending.append(node)
        else:
            key_node = pending.pop()
            parent.value[key_node.raw] = node
            parent.keys[key_node.raw] = key_node

    for event in events:
        if isinstance(event, yaml.ScalarEvent):
            node = _scalar(event, lines, fail)
            weight = 1
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor is None or event.anchor not in anchors:
                fail(event, f"alias *{event.anchor} refers to no anchor")
            target, weight = anchors[event.anchor]
            line, column = where(event)
            node = Node(target.value, line, column, target.kind, target.raw, target.keys, target.block_indent)
            attach(node, weight, event)
            continue
        elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            kind = "list" if isinstance(event, yaml.SequenceStartEvent) else "mapping"
            _check_tag(event, kind, fail)
            if len(stack) >= limits.max_depth:
                fail(event, f"lists and mappings are nested more than {limits.max_depth} deep; a spec never needs this")
            line, column = where(event)
            container = Node([] if kind == "list" else {}, line, column, kind)
            container.anchor = event.anchor  # type: ignore[attr-defined]
            stack.append((container, []))
            sizes.append(1)
            continue
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            container, _ = stack.pop()
            weight = sizes.pop()
            total -= weight - 1  # children were counted as they came; count the whole once
            anchor = getattr(container, "anchor", None)
            if anchor:
                anchors[anchor] = (container, weight)
            attach(container, weight, event)
            continue
        else:
            continue
        if event.anchor:
            anchors[event.anchor] = (node, weight)
        attach(node, weight, event)
    return root


def _check_tag(event: Any, kind: str, fail: Any) -> None:
    expected = "tag:yaml.org,2002:seq" if kind == "list" else "tag:yaml.org,2002:map"
    if event.tag not in (None, "!", expected):
        fail(event, f"the tag {_short(event.tag)} is not allowed; a spec holds only plain text, lists and mappings")


def _short(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!", 1)


def _scalar(event: Any, lines: list[str], fail: Any) -> Node:
    line, column = event.start_mark.line + 1, event.start_mark.column + 1
    if event.tag in (None, "!") or event.implicit[0]:
        tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
    else:
        tag = event.tag
    kind = _STANDARD_TAGS.get(tag)
    if kind is None:
        fail(event, f"the tag {_short(tag)} is not allowed; a spec holds only plain text, lists and mappings")
    value: Any = event.value
    if kind == "nothing":
        value = None
    elif kind != "text":
        try:
            value = _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, yaml.ScalarNode(tag, event.value))
        except (ValueError, TypeError, OverflowError):
            kind, value = "text", event.value  # e.g. 2024-13-45: let the field say what it expected
    block_indent = -1
    if event.style in ("|", ">"):
        # The block's lines start one indentation step in from the key; find that column.
        block_indent = _block_indent(lines, event.start_mark.line + 1)
    return Node(value, line, column, kind or "text", event.value, block_indent=block_indent)


def _block_indent(lines: list[str], first: int) -> int:
    for line in lines[first : first + 1]:
        return len(line) - len(line.lstrip(" "))
    return -1


class Body:
    """A section's text: paragraphs split by blank lines, ``- `` bullets and ``> `` quotes."""

    def check(self, node: Node, path: str, checker: Checker) -> tuple[model.Block, ...] | None:
        """Return the body's blocks."""
        text = Text(markup=True, multiline=True).check(node, path, checker)
        return None if text is None else parse_body(text)

    def json_schema(self) -> dict[str, Any]:
        """Describe the body as a JSON string."""
        return Text(markup=True, multiline=True).json_schema()


def parse_body(text: str) -> tuple[model.Block, ...]:
    """Split body text into paragraphs, bullet lists and quotes."""
    blocks: list[model.Block] = []
    kind = ""
    lines: list[str] = []

    def flush() -> None:
        if not lines:
            return
        if kind == "bullet":
            blocks.append(model.BulletList(tuple(" ".join(item.split()) for item in lines)))
        elif kind == "quote":
            blocks.append(model.Quote(" ".join(" ".join(lines).split())))
        else:
            blocks.append(model.Paragraph(" ".join(" ".join(lines).split())))
        lines.clear()

    for raw_line in text.splitlines():
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
    flush()
    return tuple(b for b in blocks if not isinstance(b, model.BulletList) or any(b.items))


# --- Blocks: a section's ordered list of paragraphs, lists, quotes, tables, figures, charts and callouts.

_SPEC_FOLDER: ContextVar[Path | None] = ContextVar("_SPEC_FOLDER", default=None)
_ID_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_NUMERIC_CELL = re.compile(r"^[-−+]?[$€£¥]?\s?\d[\d,. \u202f]*(%|[kKmMbB]n?|bn)?$|^[-−–—]$|^n/?a$")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")


class Identifier:
    """A name for a table, figure or chart that text refers to as ``[@name]``."""

    def check(self, node: Node, path: str, checker: Checker) -> str | None:
        """Return the id if it is a word of letters, digits, '-' and '_' starting with a letter."""
        text = Text(max_length=60).check(node, path, checker)
        if text is not None and not _ID_PATTERN.match(text):
            checker.report(node, path, f"id {text!r} must start with a letter and hold only letters, digits, - and _")
            return None
        return text

    def json_schema(self) -> dict[str, Any]:
        """Describe the id as a JSON string with its pattern."""
        return {"type": "string", "pattern": _ID_PATTERN.pattern}


class ImageFile:
    """A PNG, JPEG or SVG file beside the spec or under assets/."""

    def check(self, node: Node, path: str, checker: Checker) -> Path | None:
        """Return the image's real path, after checking where it is and that it is an image."""
        text = Text(max_length=1000).check(node, path, checker)
        if text is None:
            return None
        if not text.lower().endswith(IMAGE_SUFFIXES):
            checker.report(node, path, f"image '{text}' must be a .png, .jpg, .jpeg or .svg file")
            return None
        try:
            found = resolve_asset(text, _SPEC_FOLDER.get() or Path.cwd(), what="image")
        except AssetPathError as exc:
            checker.report(node, path, str(exc))
            return None
        problem = _image_problem(found)
        if problem:
            checker.report(node, path, f"image '{text}' {problem}")
            return None
        return found

    def json_schema(self) -> dict[str, Any]:
        """Describe the image as a JSON string naming a file."""
        return {"type": "string", "pattern": r"(?i)\.(png|jpe?g|svg)$"}


def _image_problem(path: Path) -> str:
    """Return why ``path`` is not a readable image of the kind its name says, or ``""``."""
    try:
        with path.open("rb") as stream:
            head = stream.read(512)
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    suffix = path.suffix.lower()
    if suffix == ".png" and not head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "is not a PNG file (its first bytes are wrong); export it again as PNG"
    if suffix in (".jpg", ".jpeg") and not head.startswith(b"\xff\xd8"):
        return "is not a JPEG file (its first bytes are wrong); export it again as JPEG"
    if suffix == ".svg" and b"<svg" not in head and b"<?xml" not in head:
        return "is not an SVG file (no <svg> element at its start)"
    return ""


class Checked:
    """A record with a check across its fields, reported at the record's own location."""

    def __init__(
        self,
        record: Record,
        cross_check: Callable[[Any, Node, str, Checker], None],
        schema_extra: dict[str, Any] | None = None,
    ) -> None:
        self.record = record
        self.cross_check = cross_check
        self.schema_extra = schema_extra or {}

    def check(self, node: Node, path: str, checker: Checker) -> Any:
        """Return the record's value if it and the cross-check both pass."""
        value = self.record.check(node, path, checker)
        if value is None:
            return None
        before = len(checker.problems)
        self.cross_check(value, node, path, checker)
        return value if len(checker.problems) == before else None

    def json_schema(self) -> dict[str, Any]:
        """Describe the record, with what JSON Schema can say of the cross-check."""
        return {**self.record.json_schema(), **self.schema_extra}


class BlockType:
    """One block of a section, its kind chosen by its ``type`` field."""

    def __init__(self, kinds: dict[str, FieldType]) -> None:
        self.kinds = kinds

    def check(self, node: Node, path: str, checker: Checker) -> model.Block | None:
        """Return the block checked against the fields of its type."""
        if node.kind != "mapping":
            checker.report(node, path, f"expected a block (a mapping with a 'type' field), got {_kind_name(node)}")
            return None
        type_node = node.value.get("type")
        names = tuple(self.kinds)
        if type_node is None:
            checker.report(node, f"{path}.type", f"is required but missing: one of {', '.join(names)}")
            return None
        kind = Choice(names).check(type_node, f"{path}.type", checker)
        if kind is None:
            return None
        result: model.Block | None = self.kinds[kind].check(node, path, checker)
        return result

    def json_schema(self) -> dict[str, Any]:
        """Describe a block as one of the block records."""
        return {"oneOf": [kind.json_schema() for kind in self.kinds.values()]}


def _kind_name(node: Node) -> str:
    return {"text": "text", "number": "a number", "list": "a list"}.get(node.kind, node.kind)


def _type_field(name: str) -> Field:
    return Field("type", Choice((name,)), f"The block's kind: {name}.", required=True, example=name)


def _id_field(what: str) -> Field:
    return Field("id", Identifier(), f"A name to refer to this {what} from text as [@name].", example="spending")


def _block(cls: type[Any]) -> Callable[[dict[str, Any]], Any]:
    def build(values: dict[str, Any]) -> Any:
        values.pop("type", None)
        return cls(**values)

    return build


_CELL = Text(markup=True, max_length=2000)
_CAPTION = Text(markup=True, max_length=1000)


def _check_table(table: model.Table, node: Node, path: str, checker: Checker) -> None:
    width = len(table.columns)
    for index, row_node in enumerate(node.value["rows"].value):
        if row_node.kind == "list" and len(row_node.value) != width:
            checker.report(
                row_node,
                f"{path}.rows[{index}]",
                f"has {len(row_node.value)} cells but the table has {width} columns; give every row {width}",
            )
    align_node = node.value.get("align")
    if align_node is not None and len(table.align) != width:
        checker.report(align_node, f"{path}.align", f"gives {len(table.align)} alignments for {width} columns")


def _table(values: dict[str, Any]) -> model.Table:
    columns, rows = values["columns"], values["rows"]
    align = values.get("align") or tuple(
        "right" if rows and all(_NUMERIC_CELL.match(row[i].strip()) for row in rows if i < len(row)) else "left"
        for i in range(len(columns))
    )
    return model.Table(
        columns=columns,
        rows=rows,
        align=align,
        caption=values.get("caption", ""),
        source=values.get("source", ""),
        id=values.get("id", ""),
    )


def _check_chart(chart: model.Chart, node: Node, path: str, checker: Checker) -> None:
    count = len(chart.categories)
    for index, (series, series_node) in enumerate(zip(chart.series, node.value["series"].value, strict=False)):
        if len(series.values) != count:
            checker.report(
                series_node.value.get("values", series_node),
                f"{path}.series[{index}].values",
                f"has {len(series.values)} values but the chart has {count} categories; give one value per category",
            )
    if chart.kind == "pie":
        if len(chart.series) != 1:
            checker.report(node.value["series"], f"{path}.series", "a pie chart shows exactly one series")
        elif any(v < 0 for v in chart.series[0].values) or not sum(chart.series[0].values) > 0:
            checker.report(
                node.value["series"], f"{path}.series[0].values", "a pie chart needs values of 0 or more, not all 0"
            )


def _chart(values: dict[str, Any]) -> model.Chart:
    values.pop("type", None)
    return model.Chart(**values)


SERIES = Record(
    "Series",
    (
        Field("name", Text(max_length=100), "The series' name, shown in the legend or beside its line.", required=True),
        Field(
            "values",
            ListOf(Number(), min_items=1, max_items=500),
            "One number per category.",
            required=True,
            example=[916, 296],
        ),
    ),
    lambda values: model.Series(**values),
)

_PARAGRAPH = Record(
    "Paragraph block",
    (_type_field("paragraph"), Field("text", Text(markup=True, multiline=False), "The paragraph.", required=True)),
    _block(model.Paragraph),
)
_BULLETS = Record(
    "Bullet list block",
    (
        _type_field("bullets"),
        Field(
            "items",
            ListOf(Text(markup=True, max_length=5000), min_items=1),
            "The list's items, in order.",
            required=True,
        ),
    ),
    _block(model.BulletList),
)
_QUOTE = Record(
    "Quotation block",
    (
        _type_field("quote"),
        Field("text", Text(markup=True), "The words quoted.", required=True),
        Field("attribution", Text(markup=True, max_length=500), "Who said or wrote them.", example="Nan Tian, SIPRI"),
    ),
    _block(model.Quote),
)
_TABLE = Checked(
    Record(
        "Table block",
        (
            _type_field("table"),
            _id_field("table"),
            Field("caption", _CAPTION, "What the table shows; printed after 'Table N.'"),
            Field("columns", ListOf(_CELL, min_items=1, max_items=30), "The header row.", required=True),
            Field(
                "rows",
                ListOf(ListOf(_CELL, max_items=30), min_items=1, max_items=5000),
                "The body rows, each a list with one cell per column.",
                required=True,
            ),
            Field(
                "align",
                ListOf(Choice(("left", "right", "center")), min_items=1, max_items=30),
                "Each column's alignment (default: numbers right, text left).",
                example=["left", "right"],
            ),
            Field("source", _CAPTION, "Where the figures come from; printed under the table."),
        ),
        _table,
    ),
    _check_table,
)
_FIGURE = Record(
    "Figure block",
    (
        _type_field("figure"),
        _id_field("figure"),
        Field("image", ImageFile(), "A PNG, JPEG or SVG file beside the spec or under assets/.", required=True),
        Field("caption", _CAPTION, "What the figure shows; printed after 'Figure N.'"),
        Field("credit", Text(markup=True, max_length=500), "Who made the image, or its source."),
        Field(
            "width",
            Number(minimum=0.1, maximum=1.0),
            "The image's width as a fraction of the column (default 1).",
            example=0.8,
        ),
    ),
    _block(model.Figure),
)
_CHART = Checked(
    Record(
        "Chart block",
        (
            _type_field("chart"),
            _id_field("chart"),
            Field("kind", Choice(("bar", "line", "pie")), "The chart's kind.", required=True, example="bar"),
            Field("title", Text(max_length=300), "The chart's title.", required=True),
            Field(
                "categories",
                ListOf(Text(max_length=100), min_items=1, max_items=500),
                "The labels along the x axis (bar, line) or of the slices (pie).",
                required=True,
            ),
            Field("series", ListOf(SERIES, min_items=1, max_items=8), "The numbers drawn.", required=True),
            Field("x_label", Text(max_length=200), "The x axis' label."),
            Field("y_label", Text(max_length=200), "The y axis' label, with its unit.", example="US$ billion"),
            Field("source", _CAPTION, "Where the numbers come from; printed under the chart."),
            Field("caption", _CAPTION, "A longer description printed under the chart."),
        ),
        _chart,
    ),
    _check_chart,
)


class _CalloutBody:
    """A callout's text, written like a section body, of paragraphs and bullets only."""

    def check(self, node: Node, path: str, checker: Checker) -> tuple[model.Paragraph | model.BulletList, ...] | None:
        """Return the callout's paragraphs and bullet lists (quotations become paragraphs)."""
        blocks = Body().check(node, path, checker)
        if blocks is None:
            return None
        return tuple(b if not isinstance(b, model.Quote) else model.Paragraph(b.text) for b in blocks)  # type: ignore[misc]

    def json_schema(self) -> dict[str, Any]:
        """Describe the body as a JSON string."""
        return Body().json_schema()


_CALLOUT = Record(
    "Callout block",
    (
        _type_field("callout"),
        Field("title", Text(max_length=200), "The box's label.", required=True, example="What to watch"),
        Field("body", _CalloutBody(), "The box's text: paragraphs and '- ' bullets.", required=True),
    ),
    lambda values: model.Callout(title=values["title"], blocks=values["body"]),
)

BLOCK = BlockType(
    {
        "paragraph": _PARAGRAPH,
        "bullets": _BULLETS,
        "quote": _QUOTE,
        "table": _TABLE,
        "figure": _FIGURE,
        "chart": _CHART,
        "callout": _CALLOUT,
    }
)


def _check_section(section: model.Section, node: Node, path: str, checker: Checker) -> None:
    if "body" not in node.value and "blocks" not in node.value:
        checker.report(node, f"{path}.body", "a section needs a body or blocks (or both); write its text in body")


def _check_cross_references(root: Node, checker: Checker) -> None:
    """Report duplicate block ids and ``[@id]`` references to ids no block has."""
    ids: set[str] = set()
    sections = root.value.get("sections")
    for s_index, section_node in enumerate(sections.value if sections is not None else []):
        blocks = section_node.value.get("blocks") if section_node.kind == "mapping" else None
        for b_index, block_node in enumerate(blocks.value if blocks is not None and blocks.kind == "list" else []):
            id_node = block_node.value.get("id") if block_node.kind == "mapping" else None
            if id_node is None or id_node.kind != "text":
                continue
            name = id_node.value.strip()
            if name in ids:
                checker.report(
                    id_node, f"sections[{s_index}].blocks[{b_index}].id", f"id '{name}' is used twice; make it unique"
                )
            ids.add(name)
    for path, node in _text_nodes(root, ""):
        for ref in markup.references(node.value):
            if ref.url not in ids:
                line, column = _position_in(node, node.value, ref.offset)
                known = f"; the ids are: {', '.join(sorted(ids))}" if ids else "; give the table, figure or chart an id"
                checker.report(
                    node,
                    path,
                    f"[@{ref.url}] refers to no table, figure or chart{_did_you_mean(ref.url, tuple(ids)) or known}",
                    line_offset=line,
                    column=column,
                )


def _text_nodes(node: Node, path: str) -> list[tuple[str, Node]]:
    if node.kind == "text":
        return [(path, node)]
    if node.kind == "list":
        return [found for i, child in enumerate(node.value) for found in _text_nodes(child, f"{path}[{i}]")]
    if node.kind == "mapping":
        return [
            found
            for key, child in node.value.items()
            if key not in ("id", "image", "url", "theme", "type")
            for found in _text_nodes(child, f"{path}.{key}" if path else key)
        ]
    return []


class ThemeName:
    """A built-in theme's name, or a theme file beside the spec or under assets/themes."""

    def check(self, node: Node, path: str, checker: Checker) -> str | None:
        """Return the theme's name, or the absolute path of its file."""
        text = Text(max_length=1000).check(node, path, checker)
        if text is None:
            return None
        if not text.endswith((".yaml", ".yml")):
            built_in = built_in_theme_names()
            if text not in built_in:
                names = ", ".join(built_in)
                hint = _did_you_mean(text, built_in) or f"; the built-in themes are {names}"
                checker.report(node, path, f"no built-in theme is called '{text}'{hint}, or name a .yaml file")
                return None
            return text
        try:
            return str(resolve_asset(text, _SPEC_FOLDER.get() or Path.cwd(), what="theme file"))
        except AssetPathError as exc:
            checker.report(node, path, str(exc))
            return None

    def json_schema(self) -> dict[str, Any]:
        """Describe the theme as a JSON string."""
        return {"type": "string", "examples": ["default", "print"]}


def built_in_theme_names() -> tuple[str, ...]:
    """Return the names of the themes that ship in assets/themes, ``default`` first."""
    names = sorted(p.stem for p in (project_assets_dir() / "themes").glob("*.yaml"))
    return tuple(sorted(names, key=lambda name: name != "default"))


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
                "'> ' quotations, *emphasis*, **strong** and [links](https://example.org). "
                "A section needs a body or blocks (or both).",
            ),
            Field(
                "blocks",
                ListOf(BLOCK, min_items=1, max_items=1000),
                "Blocks printed after the body, in order: paragraph, bullets, quote, table, figure, chart, callout.",
            ),
        ),
        _section,
    ),
    _check_section,
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
            Choice(("en", "en-GB", "en-US")),
            "The language of the text, for hyphenation and screen readers.",
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
            "The look: a built-in theme (default, print, briefing) or a theme .yaml file beside the spec.",
            example="print",
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
    ),
    _brief,
)


def json_schema() -> dict[str, Any]:
    """Return the spec format as a JSON Schema document, for editors."""
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **BRIEF.json_schema()}
    return schema
