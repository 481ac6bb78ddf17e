"""Check a section's ``blocks:`` list: paragraphs, bullets, quotes, tables, figures, charts, callouts.

Input: located ``schema.Node``s of a spec (``spec.py`` reads the YAML and
calls in here). Output: the ``model`` blocks, or problems with file, line,
column and field path such as ``sections[1].blocks[0].rows[2]``. Also here:
the cross-reference check (``[@id]`` must name a block) and the ``theme:``
field, both of which need the whole spec or its folder.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from briefgen import model
from briefgen.load.body import Body
from briefgen.load.checker import Checker, FieldType, Node
from briefgen.load.checker import did_you_mean as did_you_mean
from briefgen.load.checker import position_in as position_in
from briefgen.load.code import CODE, without_code
from briefgen.load.fields import Choice, Field, ListOf, Number, Record, Text
from briefgen.load.file_fields import ImageFile
from briefgen.text import markup

_ID_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_ID_TEXT = Text(max_length=60)  # made once: every id of every block is checked with it


@functools.cache
def _numeric_cell() -> re.Pattern[str]:
    # Compiled for the first table (0.4 ms): most briefs have none.
    return re.compile(r"^[-−+]?[$€£¥]?\s?\d[\d,. \u202f]*(%|[kKmMbB]n?|bn)?$|^[-−–—]$|^n/?a$")


class Identifier:
    """A name for a table, figure or chart that text refers to as ``[@name]``."""

    def check(self, node: Node, path: str, checker: Checker) -> str | None:
        """Return the id if it is a word of letters, digits, '-' and '_' starting with a letter."""
        text = _ID_TEXT.check(node, path, checker)
        if text is not None and not _ID_PATTERN.match(text):
            checker.report(node, path, f"id {text!r} must start with a letter and hold only letters, digits, - and _")
            return None
        return text

    def json_schema(self) -> dict[str, Any]:
        """Describe the id as a JSON string with its pattern."""
        return {"type": "string", "maxLength": 60, "pattern": _ID_PATTERN.pattern}


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
        self.kind_choice = Choice(tuple(kinds))  # made once: every block of every spec is checked with it

    def check(self, node: Node, path: str, checker: Checker) -> model.Block | None:
        """Return the block checked against the fields of its type."""
        if node.kind != "mapping":
            checker.report(node, path, f"expected a block (a mapping with a 'type' field), got {_kind_name(node)}")
            return None
        type_node = node.value.get("type")
        if type_node is None:
            checker.report(node, f"{path}.type", f"is required but missing: one of {', '.join(self.kinds)}")
            return None
        kind = self.kind_choice.check(type_node, f"{path}.type", checker)
        return None if kind is None else self.kinds[kind].check(node, path, checker)

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
        "right" if rows and all(_numeric_cell().match(row[i].strip()) for row in rows if i < len(row)) else "left"
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
    # Past these, bars grow thinner than their labels and slices than their names: no longer readable.
    most = {"bar": 48 // len(chart.series), "line": 120, "pie": 12}[chart.kind]
    if count > most:
        checker.report(
            node.value["categories"],
            f"{path}.categories",
            f"a {chart.kind} chart of {count} categories cannot be read on a page; the limit is {most}: "
            "group the smaller ones, or use a table or a line chart",
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
            "alt",
            Text(max_length=2000),
            "What the image shows, in words, for screen readers (default: the caption).",
            example="A map of the Korean peninsula with Pyongyang marked.",
        ),
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

    def check(
        self, node: Node, path: str, checker: Checker
    ) -> tuple[model.Paragraph | model.BulletList | model.Code, ...] | None:
        """Return the callout's paragraphs, bullet lists and code (quotations become paragraphs)."""
        blocks = Body().check(node, path, checker)
        if blocks is None:
            return None
        return tuple(b if not isinstance(b, model.Quote) else model.Paragraph(b.text) for b in blocks)  # type: ignore[misc]

    def json_schema(self) -> dict[str, Any]:
        """Describe the body as a JSON string."""
        return Text(markup=True, multiline=True).json_schema()


_CALLOUT = Record(
    "Callout block",
    (
        _type_field("callout"),
        Field("title", Text(max_length=200), "The box's label.", required=True, example="What to watch"),
        Field("body", _CalloutBody(), "The box's text: paragraphs, '- ' bullets and ``` code.", required=True),
    ),
    lambda values: model.Callout(title=values["title"], blocks=values["body"]),
)

BLOCK = BlockType(
    {
        "paragraph": _PARAGRAPH,
        "bullets": _BULLETS,
        "quote": _QUOTE,
        "code": CODE,
        "table": _TABLE,
        "figure": _FIGURE,
        "chart": _CHART,
        "callout": _CALLOUT,
    }
)


def check_section(section: model.Section, node: Node, path: str, checker: Checker) -> None:
    if "body" not in node.value and "blocks" not in node.value:
        checker.report(node, f"{path}.body", "a section needs a body or blocks (or both); write its text in body")


def check_cross_references(root: Node, checker: Checker) -> None:
    """Report duplicate block ids and ``[@id]`` references to ids no block has."""
    ids: set[str] = set()
    sections = root.value.get("sections")
    section_nodes = sections.value if sections is not None and sections.kind == "list" else []
    for s_index, section_node in enumerate(section_nodes):
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
        for ref in markup.references(without_code(node.value)):
            if ref.url not in ids:
                line, column = position_in(node, node.value, ref.offset)
                known = f"; the ids are: {', '.join(sorted(ids))}" if ids else "; give the table, figure or chart an id"
                checker.report(
                    node,
                    path,
                    f"[@{ref.url}] refers to no table, figure or chart{did_you_mean(ref.url, tuple(ids)) or known}",
                    line_offset=line,
                    column=column,
                )


def _text_nodes(node: Node, path: str) -> list[tuple[str, Node]]:
    """Return the texts under ``node`` holding '[@', with their paths: made only for those, most texts have none."""
    if node.kind == "text":
        return [(path, node)] if "[@" in node.value else []
    if node.kind == "list":
        named = [(f"{path}[{i}]", child) for i, child in enumerate(node.value) if _may_refer(child)]
    elif node.kind == "mapping":
        named = [(f"{path}.{key}" if path else key, kid) for key, kid in node.value.items() if _may_refer(kid, key)]
    else:
        return []
    return [found for child_path, child in named for found in _text_nodes(child, child_path)]


def _may_refer(node: Node, key: str = "") -> bool:
    if key in ("id", "image", "url", "theme", "type"):
        return False
    return node.kind in ("list", "mapping") or (node.kind == "text" and "[@" in node.value)
