"""Code in a spec: a body's fenced blocks (```` ``` ```` lines), and the ``code`` block.

Input: a body's text, or a ``code`` block's located node. Output: where a
body's fences open and close (``opening_fence``, ``closes``), a fenced
block's text as written (``code_text``: indentation kept, tabs expanded),
the body with its code blanked out for the checks that read prose, and the
words left on a fence's line after its language, in one walk (``fenced``;
``without_code``: links, cross-references), and ``CODE``, the record of a
``code`` block. No YAML, no ReportLab.

A fence is a line of three or more backticks, indented by at most three
spaces, optionally followed by the language (```` ```python ````); the block
ends at a line of at least as many backticks and nothing else, or at the
end of the body (as in CommonMark). The lines between are kept as written:
their indentation, less the fence's own, with tabs expanded to stops every
``TAB_STOP`` columns, and nothing in them is read as markup.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, NamedTuple

from briefgen import model
from briefgen.load.checker import Checker, Node
from briefgen.load.fields import Choice, Field, Record, Text

TAB_STOP = 4
MAX_CODE_LENGTH = 50_000
_OPENING = re.compile(r"^( {0,3})(`{3,})\s*([^`\s]*)([^`]*)$")
_CLOSING = re.compile(r"^ {0,3}(`{3,})\s*$")


def opening_fence(line: str) -> tuple[int, int, str] | None:
    """Return the fence's indentation, its length and the language it names, if ``line`` opens a block."""
    found = _OPENING.match(line)
    if found is None:
        return None
    return len(found.group(1)), len(found.group(2)), found.group(3)


def closes(line: str, length: int) -> bool:
    """Return whether ``line`` closes a block opened by a fence of ``length`` backticks."""
    found = _CLOSING.match(line)
    return found is not None and len(found.group(1)) >= length


def code_text(lines: list[str], indent: int = 0) -> str:
    """Return a block's lines as one text: ``indent`` spaces taken off each, tabs expanded, blank ends dropped."""
    kept = []
    for line in lines:
        cut = 0
        while cut < indent and cut < len(line) and line[cut] == " ":
            cut += 1
        kept.append(line[cut:].expandtabs(TAB_STOP).rstrip())
    while kept and not kept[-1]:
        kept.pop()
    while kept and not kept[0]:
        kept.pop(0)
    return "\n".join(kept)


class Fenced(NamedTuple):
    """A body's text seen through its fences: the prose, and the words found after a fence's language."""

    prose: str  # the text with its fenced blocks (fences too) made spaces: same length, same lines, no code
    # Where an opening fence's line holds words after its language, and those words: they are not kept (a
    # block's first line is the line after its fence), so an author who wrote ```` ``` The treaty... ```` would
    # lose the sentence.
    stray: list[tuple[int, str]]


def fenced(text: str) -> Fenced:
    """Return ``text``'s prose and the words that stray onto its opening fences' lines, in one walk."""
    if "```" not in text:
        return Fenced(text, [])
    out: list[str] = []
    stray: list[tuple[int, str]] = []
    length = 0  # of the open fence; 0 outside a block
    offset = 0  # where the line starts in ``text``
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        blank = " " * len(body) + line[len(body) :]
        if length:
            if closes(body, length):
                length = 0
            out.append(blank)
        elif (opening := _OPENING.match(body)) is not None:
            length = len(opening.group(2))
            if opening.group(4).strip():  # more than a language: the words from the first after the backticks
                stray.append((offset + opening.start(3), (opening.group(3) + opening.group(4)).strip()))
            out.append(blank)
        else:
            out.append(line)
        offset += len(line)
    return Fenced("".join(out), stray)


def without_code(text: str) -> str:
    """Return ``text`` with its fenced blocks (fences too) made spaces: same length, same lines, no code."""
    return fenced(text).prose


class CodeText:
    """A ``code`` block's text: checked like other text, but kept as written (spaces, indentation, tabs)."""

    def check(self, node: Node, path: str, checker: Checker) -> str | None:
        """Return the code with its lines' indentation kept, tabs expanded, blank first and last lines dropped."""
        if Text(multiline=True, max_length=MAX_CODE_LENGTH).check(node, path, checker) is None:
            return None
        raw = node.value if node.kind == "text" else node.raw
        return code_text(unicodedata.normalize("NFC", raw).splitlines())

    def json_schema(self) -> dict[str, Any]:
        """Describe the code as a JSON string."""
        return Text(multiline=True, max_length=MAX_CODE_LENGTH).json_schema()


CODE = Record(
    "Code block",
    (
        Field("type", Choice(("code",)), "The block's kind: code.", required=True, example="code"),
        Field(
            "text",
            CodeText(),
            "The code or text, set as written in a monospace font: every space and line kept.",
            required=True,
            example="briefgen build specs/ -o output/",
        ),
        Field("language", Text(max_length=40), "The language it is written in; kept, not printed.", example="shell"),
    ),
    lambda values: model.Code(text=values["text"], language=values.get("language", "")),
)
