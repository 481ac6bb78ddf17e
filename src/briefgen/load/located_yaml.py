"""Turn YAML bytes into located nodes: the reader every briefgen file goes through (specs, themes, packs).

Input: a file's bytes. Output: a tree of ``schema.Node`` (each value with its
line and column), or a ``SpecError`` saying where and why the bytes are not
acceptable. YAML is read as a stream of parser events (libyaml's C parser
where it is installed) and assembled here, so that nothing is ever
constructed from a tag, alias bombs and deep nesting are refused while
reading, and duplicate keys are caught instead of silently overwritten.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NoReturn

from briefgen.errors import Problem, SpecError
from briefgen.load.checker import Node, clip, unprintable_problem
from briefgen.load.files import MAX_SPEC_BYTES
from briefgen.load.yaml_import import yaml
from briefgen.load.yaml_syntax import syntax_problem
from briefgen.records import record
from briefgen.text.glyphs import unusual_characters

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml: same rules, slower
    _Loader = yaml.SafeLoader


@record
class Limits:
    """Bounds that keep a hostile or broken spec from exhausting time or memory.

    ``BRIEFGEN_MAX_SPEC_BYTES`` sets both the file size limit and how much text
    a spec may stand for once its aliases are expanded.
    """

    max_bytes: int = MAX_SPEC_BYTES
    max_depth: int = 32
    max_nodes: int = 250_000  # counting every alias as the nodes it stands for
    # Text after aliases are expanded: a few small lines must not stand for more text than a file may hold.
    max_chars: int = MAX_SPEC_BYTES


DEFAULT_LIMITS = Limits()

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str": "text",
    "tag:yaml.org,2002:int": "number",
    "tag:yaml.org,2002:float": "number",
    "tag:yaml.org,2002:bool": "boolean",
    "tag:yaml.org,2002:null": "nothing",
    "tag:yaml.org,2002:timestamp": "date",
}
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


class _CoreSchemaResolver(yaml.resolver.BaseResolver):
    """YAML 1.2's core schema: how editors' language servers and check-jsonschema read a plain value.

    PyYAML resolves as YAML 1.1 did, where ``yes`` is true, ``2024-11-12`` a
    date and ``1_000`` a number; an editor's schema check reads them as text.
    Reading them as the editor does means the loader and the JSON Schema judge
    the same values.
    """


_CORE_SCHEMA = (
    ("tag:yaml.org,2002:bool", r"true|True|TRUE|false|False|FALSE", "tTfF"),
    ("tag:yaml.org,2002:int", r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)",
        "-+0123456789.",
    ),
    ("tag:yaml.org,2002:null", r"~|null|Null|NULL|", ["~", "n", "N", ""]),
)
for _tag, _pattern, _first in _CORE_SCHEMA:
    _CoreSchemaResolver.add_implicit_resolver(_tag, re.compile(f"^(?:{_pattern})$"), list(_first))
_RESOLVER = _CoreSchemaResolver()
# The first characters of a plain value the core schema may read as other than text ("" for the empty value).
_MAY_RESOLVE = frozenset(_CoreSchemaResolver.yaml_implicit_resolvers)


def _core_value(tag: str, text: str) -> Any:
    """Return the value of a plain scalar that YAML 1.2's core schema resolved to ``tag``."""
    if tag.endswith(":bool"):
        return text.lower() == "true"
    if tag.endswith(":int"):
        base = {"0o": 8, "0x": 16}.get(text[:2], 10)
        return int(text[2:] if base != 10 else text, base)
    lowered = text.lower()
    if lowered.endswith(".inf"):
        return float("-inf") if text.startswith("-") else float("inf")
    return float("nan") if lowered == ".nan" else float(text)


def read_yaml(data: bytes, source: Path | str, *, limits: Limits = DEFAULT_LIMITS) -> Node:
    """Parse YAML bytes into located nodes, refusing what a spec can never need.

    Raises:
        SpecError: the bytes are not UTF-8, not YAML, or exceed a limit.

    """
    text = _decode(data, source, limits)
    _refuse_unprintable(text, source)
    loader = None
    try:
        loader = _Loader(text)
        # The events straight from the parser (None after the last), as yaml.parse gives them but for its generator.
        root = _build_tree(iter(loader.get_event, None), text.splitlines(), limits)
    except yaml.MarkedYAMLError as exc:
        raise SpecError(source, [syntax_problem(exc, text)]) from None
    except yaml.YAMLError as exc:
        raise SpecError(source, [Problem(1, 1, "", f"YAML error: {exc}")]) from None
    except _TreeError as exc:
        raise SpecError(source, [exc.problem]) from None
    finally:
        if loader is not None:
            loader.dispose()
    if root is None or root.kind == "nothing":  # "---" alone is an empty document too
        raise SpecError(source, [Problem(1, 1, "", _EMPTY)])
    return root


_EMPTY = "the file is empty; a spec needs at least title, key_points and sections"


class _TreeError(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def _decode(data: bytes, source: Path | str, limits: Limits) -> str:
    if len(data) > limits.max_bytes:
        # Only the limit and one byte more were read: the file says how big it is (a Dask worker cannot ask it).
        try:
            size = f"{Path(source).stat().st_size:,} bytes, over the limit of" if isinstance(source, Path) else ""
        except OSError:
            size = ""
        found = f"the file is {size} " if size else "the file is larger than "
        limit = f"{limits.max_bytes:,} bytes; a spec is never this big (set BRIEFGEN_MAX_SPEC_BYTES to raise the limit)"
        raise SpecError(source, [Problem(1, 1, "", found + limit)])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SpecError(source, [Problem(1, 1, "", "the file is UTF-16; save it as UTF-8")])
    sample = data[:1024]
    if len(sample) >= 4 and sample.count(0) * 4 >= len(sample):
        # No byte-order mark, but zero bytes between the letters: UTF-16 or UTF-32 text.
        raise SpecError(source, [Problem(1, 1, "", "the file looks like UTF-16 or UTF-32; save it as UTF-8")])
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


# What YAML 1.1 allows in a stream; anything else makes the parser stop with no useful location.
_UNPRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _refuse_unprintable(text: str, source: Path | str) -> None:
    """Locate the first character YAML refuses (a control character, say) before the parser does."""
    if not _UNPRINTABLE.search(unusual_characters(text, b"\t\n\r")):
        return
    found = _UNPRINTABLE.search(text)
    if found is None:
        return
    before = text[: found.start()]
    line = before.count("\n") + 1
    column = found.start() - (before.rfind("\n") + 1) + 1
    raise SpecError(source, [Problem(line, column, "", unprintable_problem(found.group()))])


def _build_tree(events: Iterable[Any], lines: list[str], limits: Limits) -> Node | None:
    """Assemble parser events into nodes, enforcing the limits as it goes.

    One loop with the attaching written inline: it runs for every value of
    every spec, and a call per value was a third of reading one.
    """
    max_nodes, max_chars, max_depth = limits.max_nodes, limits.max_chars, limits.max_depth
    stack: list[Node] = []  # the open containers
    pending: list[Node | None] = []  # for each open container: a mapping's key still waiting for its value
    opened: list[str | None] = []  # for each open container: its anchor
    sizes: list[int] = []  # nodes counted under each open container
    lengths: list[int] = []  # characters counted under each open container
    anchors: dict[str, tuple[Node, int, int]] = {}  # node, values and characters it stands for
    root: Node | None = None
    total = total_chars = 0
    for event in events:
        kind = type(event)
        if kind is yaml.ScalarEvent:
            node = _scalar(event, lines)
            weight, chars = 1, len(event.value)
            if event.anchor:
                anchors[event.anchor] = (node, weight, chars)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            container_kind = "list" if kind is yaml.SequenceStartEvent else "mapping"
            _check_tag(event, container_kind)
            if len(stack) >= max_depth:
                _fail(event, f"lists and mappings are nested more than {max_depth} deep; a spec never needs this")
            mark = event.start_mark
            stack.append(Node([] if container_kind == "list" else {}, mark.line + 1, mark.column + 1, container_kind))
            pending.append(None)
            opened.append(event.anchor)
            sizes.append(1)
            lengths.append(0)
            continue
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            node = stack.pop()
            pending.pop()
            anchor = opened.pop()
            weight, chars = sizes.pop(), lengths.pop()
            total -= weight - 1  # children were counted as they came; count the whole once
            total_chars -= chars
            if anchor:
                anchors[anchor] = (node, weight, chars)
        elif kind is yaml.AliasEvent:
            if event.anchor is None or event.anchor not in anchors:
                _fail(event, f"alias *{event.anchor} refers to no anchor; text starting with '*' must be in quotes")
            target, weight, chars = anchors[event.anchor]
            mark = event.start_mark
            node = Node(
                target.value, mark.line + 1, mark.column + 1, target.kind, target.raw, target.keys, target.block_indent
            )
        else:
            if kind is yaml.DocumentStartEvent and root is not None:
                # Said where the second document starts (its "---"), not where it ends, and nothing more is read.
                _fail(event, "a second YAML document starts here; keep one spec per file")
            continue
        total += weight
        total_chars += chars
        if total > max_nodes:
            _fail(
                event,
                f"the document expands to more than {max_nodes:,} values "
                "(aliases repeated too often?); a spec is never this big",
            )
        if total_chars > max_chars:
            _fail(
                event,
                f"the document expands to more than {max_chars:,} characters of text "
                "(aliases repeated too often?); a spec is never this big",
            )
        if not stack:
            if root is not None:
                _fail(event, "the file holds more than one YAML document; keep one spec per file")
            root = node
            continue
        sizes[-1] += weight
        lengths[-1] += chars
        parent = stack[-1]
        if parent.kind == "list":
            parent.value.append(node)
            continue
        key_node = pending[-1]
        if key_node is None:
            if node.kind in ("list", "mapping"):
                _fail(event, "a field name must be a plain word, not a list or mapping")
            key = node.raw
            if key in parent.value:
                first = parent.keys[key]
                _fail(event, f"duplicate field '{clip(key)}' (first given on line {first.line}); keep one")
            pending[-1] = node
        else:
            pending[-1] = None
            parent.value[key_node.raw] = node
            parent.keys[key_node.raw] = key_node
    return root


def _fail(event: Any, message: str) -> NoReturn:
    mark = event.start_mark
    raise _TreeError(Problem(mark.line + 1, mark.column + 1, "", message))


def _check_tag(event: Any, kind: str) -> None:
    expected = "tag:yaml.org,2002:seq" if kind == "list" else "tag:yaml.org,2002:map"
    if event.tag not in (None, "!", expected):
        _fail(event, f"the tag {_short(event.tag)} is not allowed; a spec holds only plain text, lists and mappings")


def _short(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!", 1)


def _scalar(event: Any, lines: list[str]) -> Node:
    start, text = event.start_mark, event.value
    line, column = start.line + 1, start.column + 1
    value: Any = text
    if event.tag is None and not (event.implicit[0] and text[:1] in _MAY_RESOLVE):
        kind = "text"  # quoted, or plain and not starting as a number, true/false or null can: no pattern to try
    else:
        resolved = event.tag in (None, "!") or event.implicit[0]
        tag = _RESOLVER.resolve(yaml.ScalarNode, text, event.implicit) if resolved else event.tag  # type: ignore[no-untyped-call]
        found = _STANDARD_TAGS.get(tag)
        if found is None:
            _fail(event, f"the tag {_short(tag)} is not allowed; a spec holds only plain text, lists and mappings")
        kind = found
        if kind == "nothing":
            value = None
        elif kind != "text":
            try:
                if resolved:
                    value = _core_value(tag, text)
                else:
                    value = _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, yaml.ScalarNode(tag, text))
            except (ValueError, TypeError, OverflowError):
                kind, value = "text", text  # e.g. 2024-13-45: let the field say what it expected
    block_indent = inline_column = -1
    style = event.style
    if style == "|" or style == ">":
        # The block's lines start one indentation step in from the key; find that column.
        block_indent = _block_indent(lines, start.line + 1)
    else:
        end = event.end_mark
        if start.line == end.line and 0 <= start.line < len(lines):
            written = lines[start.line][start.column : end.column]
            if not style:  # a plain scalar ("" from libyaml, None from PyYAML's own parser)
                if written == text:
                    inline_column = column
            elif written == f"{style}{text}{style}":  # '"' or "'": a quoted scalar
                inline_column = column + 1  # so a problem can point at the very character
    return Node(value, line, column, kind, text, {}, block_indent, inline_column)


def _block_indent(lines: list[str], first: int) -> int:
    for line in lines[first : first + 1]:
        return len(line) - len(line.lstrip(" "))
    return -1
