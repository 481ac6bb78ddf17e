"""The located tree every loader checks, and the checker that collects every problem found in it.

Input: a ``Node`` tree (values with line and column, made by ``located_yaml``).
Output: ``Problem``s, each with file position and field path, collected
rather than raised so that a user sees all of them at once; and the helpers
that word them (``did_you_mean``, ``clip``, ``position_in``).
"""

from __future__ import annotations

import re
from dataclasses import field
from typing import Any, NamedTuple, Protocol

from briefgen.errors import Problem
from briefgen.records import record


@record(frozen=False)
class Node:
    """One parsed value with where it starts in its file (1-based line and column)."""

    value: Any
    line: int
    column: int
    kind: str  # text, number, boolean, nothing, date, list, mapping
    raw: str = ""  # a scalar's text exactly as written
    keys: dict[str, Node] = field(default_factory=dict)
    block_indent: int = -1  # for "|" and ">" scalars: the column their lines start at
    # For a scalar written on one line exactly as it reads (no escapes): the column of its first character.
    inline_column: int = -1


class LocatedText(NamedTuple):
    """A text field holding characters beyond printable ASCII, with where it is: what the font check reads."""

    node: Node
    path: str
    text: str
    unusual: str  # its characters beyond printable ASCII, in order (repeats kept: the font check skips known ones)


class Checker:
    """Collects the problems found while checking one file, and the texts a font check must look at."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.texts: list[LocatedText] = []

    def report(self, node: Node, path: str, message: str, *, line_offset: int = 0, column: int = 0) -> None:
        """Record a problem at ``node`` (or a position inside it)."""
        self.problems.append(Problem(node.line + line_offset, column or node.column, path, message))


class FieldType(Protocol):
    """What every field type can do: check a node, and say what it accepts."""

    def check(self, node: Node, path: str, checker: Checker) -> Any:
        """Return the validated value, or ``None`` after reporting a problem."""
        ...

    def json_schema(self) -> dict[str, Any]:
        """Return this type as a JSON Schema fragment."""
        ...


# Control characters cannot be printed; the bidirectional embeddings and overrides are
# refused too, because the PDF would show text in an order the reader of the spec never saw.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def unprintable_problem(character: str) -> str:
    """Return what is wrong with an unprintable character in a spec, and what to do about it."""
    code = ord(character)
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return (
            f"contains the bidirectional control U+{code:04X}, which would print the text in another order; delete it"
        )
    if code in (0x0B, 0x0C, 0x2028, 0x2029):  # what word processors paste for a manual line or page break
        return (
            f"contains the line or page separator U+{code:04X} (pasted from a word processor?), "
            "which cannot be printed; replace it with a plain line break"
        )
    if 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF):
        return f"contains U+{code:04X}, which is not a character; delete it"
    return f"contains the control character U+{code:04X}, which cannot be printed; delete it"


def clip(text: str, limit: int = 80) -> str:
    """Return ``text`` shortened for an error message: a value may be a megabyte long."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def join_path(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def did_you_mean(word: str, choices: tuple[str, ...]) -> str:
    import difflib  # here: only a misspelt key pays for it

    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def position_in(node: Node, text: str, offset: int) -> tuple[int, int]:
    """Return (line offset, column) of ``text[offset]`` in a block scalar or a one-line one, or (0, 0)."""
    if node.inline_column >= 0:
        return 0, node.inline_column + offset
    if node.block_indent < 0:
        return 0, 0
    before = text[:offset]
    line = before.count("\n") + 1
    column = node.block_indent + 1 + len(before) - (before.rfind("\n") + 1)
    return line, column
