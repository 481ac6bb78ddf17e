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
from pathlib import Path
from typing import Any, NoReturn

import yaml

from briefgen.errors import Problem, SpecError
from briefgen.load.checker import Node, clip, unprintable_problem
from briefgen.load.files import MAX_SPEC_BYTES
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
    try:
        root = _build_tree(yaml.parse(text, Loader=_Loader), text.splitlines(), limits)
    except yaml.MarkedYAMLError as exc:
        raise SpecError(source, [_syntax_problem(exc, text)]) from None
    except yaml.YAMLError as exc:
        raise SpecError(source, [Problem(1, 1, "", f"YAML error: {exc}")]) from None
    except _TreeError as exc:
        raise SpecError(source, [exc.problem]) from None
    if root is None or root.kind == "nothing":  # "---" alone is an empty document too
        raise SpecError(source, [Problem(1, 1, "", _EMPTY)])
    return root


_EMPTY = "the file is empty; a spec needs at least title, key_points and sections"

# What to do about libyaml's commonest complaints, which name the symptom, not the cause.
_YAML_HINTS = (
    ("mapping values are not allowed", "a ': ' inside text starts a new field; put the text in quotes"),
    ("expected ',' or ']'", "a list opened with '[' is not closed with ']'"),
    ("expected ',' or '}'", "a mapping opened with '{' is not closed with '}'"),
    ("unexpected end of stream", "a quotation mark or bracket is not closed"),
    ("expected key", "check the indentation and quotation marks of this line and the one above"),
    ("expected '-' indicator", "check the indentation of this line and the one above"),
    ("could not find expected ':'", "check the indentation of this line and the one above"),
    ("exceeded maximum nesting depth", "lists and mappings are nested too deep; a spec never needs this"),
)


# What libyaml was reading when it met the end of a quoted text, list or mapping that never closed.
_UNCLOSED = {
    "while scanning a quoted scalar": ("this quotation mark is not closed", "add the closing one where the text ends"),
    "while parsing a flow sequence": (
        "this list opened with '[' is not closed with ']'",
        "add the ']', or put a text that starts with '[' in quotes",
    ),
    "while parsing a flow mapping": (
        "this mapping opened with '{' is not closed with '}'",
        "add the '}', or put a text that starts with '{' in quotes",
    ),
}


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> Problem:
    """Return libyaml's complaint located and explained; an unclosed quote or bracket is located where it opens.

    libyaml notices an unclosed one only where the text can no longer belong
    to it, often lines further on; the place to fix is where it opened.
    """
    opened, unclosed = exc.context_mark, _UNCLOSED.get(exc.context or "")
    if opened is not None and unclosed is not None and exc.problem_mark is not None:
        what, fix = unclosed
        noticed = exc.problem_mark
        at_end = noticed.index >= len(text.rstrip())
        where = "the end of the file" if at_end else f"line {noticed.line + 1}, column {noticed.column + 1}"
        return Problem(opened.line + 1, opened.column + 1, "", f"YAML syntax error: {what} (read on to {where}); {fix}")
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or exc.context or "not valid YAML"
    hint = _yaml_hint(problem, _character_at(text, line, column))
    return Problem(line, column, "", f"YAML syntax error: {problem}{hint}")


def _character_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    return lines[line - 1][column - 1 : column] if line <= len(lines) else ""


def _yaml_hint(problem: str, character: str) -> str:
    if character == "\t":
        return "; YAML cannot be indented with tabs: use spaces"
    if character in ("@", "`"):
        return f"; a value cannot start with '{character}': put the text in quotes"
    for symptom, hint in _YAML_HINTS:
        if symptom in problem:
            return f"; {hint}"
    return ""


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


def _build_tree(events: Any, lines: list[str], limits: Limits) -> Node | None:
    """Assemble parser events into nodes, enforcing the limits as it goes."""
    stack: list[tuple[Node, list[Any]]] = []  # (container, pending key for mappings)
    anchors: dict[str, tuple[Node, int, int]] = {}  # node, values and characters it stands for
    sizes: list[int] = []  # nodes counted under each open container
    lengths: list[int] = []  # characters counted under each open container
    root: Node | None = None
    total = 0
    total_chars = 0

    def where(event: Any) -> tuple[int, int]:
        return event.start_mark.line + 1, event.start_mark.column + 1

    def fail(event: Any, message: str) -> NoReturn:
        line, column = where(event)
        raise _TreeError(Problem(line, column, "", message))

    def attach(node: Node, weight: int, chars: int, event: Any) -> None:
        nonlocal root, total, total_chars
        total += weight
        total_chars += chars
        if total > limits.max_nodes:
            fail(
                event,
                f"the document expands to more than {limits.max_nodes:,} values "
                "(aliases repeated too often?); a spec is never this big",
            )
        if total_chars > limits.max_chars:
            fail(
                event,
                f"the document expands to more than {limits.max_chars:,} characters of text "
                "(aliases repeated too often?); a spec is never this big",
            )
        if sizes:
            sizes[-1] += weight
            lengths[-1] += chars
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
                fail(event, f"duplicate field '{clip(key)}' (first given on line {first.line}); keep one")
            pending.append(node)
        else:
            key_node = pending.pop()
            parent.value[key_node.raw] = node
            parent.keys[key_node.raw] = key_node

    for event in events:
        if isinstance(event, yaml.DocumentStartEvent) and root is not None:
            # Said where the second document starts (its "---"), not where it ends, and nothing more is read.
            fail(event, "a second YAML document starts here; keep one spec per file")
        if isinstance(event, yaml.ScalarEvent):
            node = _scalar(event, lines, fail)
            weight, chars = 1, len(event.value)
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor is None or event.anchor not in anchors:
                fail(event, f"alias *{event.anchor} refers to no anchor; text starting with '*' must be in quotes")
            target, weight, chars = anchors[event.anchor]
            line, column = where(event)
            node = Node(target.value, line, column, target.kind, target.raw, target.keys, target.block_indent)
            attach(node, weight, chars, event)
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
            lengths.append(0)
            continue
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            container, _ = stack.pop()
            weight, chars = sizes.pop(), lengths.pop()
            total -= weight - 1  # children were counted as they came; count the whole once
            total_chars -= chars
            anchor = getattr(container, "anchor", None)
            if anchor:
                anchors[anchor] = (container, weight, chars)
            attach(container, weight, chars, event)
            continue
        else:
            continue
        if event.anchor:
            anchors[event.anchor] = (node, weight, chars)
        attach(node, weight, chars, event)
    return root


def _check_tag(event: Any, kind: str, fail: Any) -> None:
    expected = "tag:yaml.org,2002:seq" if kind == "list" else "tag:yaml.org,2002:map"
    if event.tag not in (None, "!", expected):
        fail(event, f"the tag {_short(event.tag)} is not allowed; a spec holds only plain text, lists and mappings")


def _short(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!", 1)


def _scalar(event: Any, lines: list[str], fail: Any) -> Node:
    line, column = event.start_mark.line + 1, event.start_mark.column + 1
    resolved = event.tag in (None, "!") or event.implicit[0]
    tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit) if resolved else event.tag  # type: ignore[no-untyped-call]
    kind = _STANDARD_TAGS.get(tag)
    if kind is None:
        fail(event, f"the tag {_short(tag)} is not allowed; a spec holds only plain text, lists and mappings")
    value: Any = event.value
    if kind == "nothing":
        value = None
    elif kind != "text":
        try:
            if resolved:
                value = _core_value(tag, event.value)
            else:
                value = _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, yaml.ScalarNode(tag, event.value))
        except (ValueError, TypeError, OverflowError):
            kind, value = "text", event.value  # e.g. 2024-13-45: let the field say what it expected
    block_indent = inline_column = -1
    if event.style in ("|", ">"):
        # The block's lines start one indentation step in from the key; find that column.
        block_indent = _block_indent(lines, event.start_mark.line + 1)
    elif event.start_mark.line == event.end_mark.line and 0 <= event.start_mark.line < len(lines):
        written = lines[event.start_mark.line][event.start_mark.column : event.end_mark.column]
        quote = event.style or ""  # '"' or "'" for quoted scalars, None for plain ones
        if written == f"{quote}{event.value}{quote}":
            inline_column = column + len(quote)  # so a problem can point at the very character
    return Node(
        value, line, column, kind or "text", event.value, block_indent=block_indent, inline_column=inline_column
    )


def _block_indent(lines: list[str], first: int) -> int:
    for line in lines[first : first + 1]:
        return len(line) - len(line.lstrip(" "))
    return -1
