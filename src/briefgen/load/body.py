"""A section's body text: paragraphs, ``- `` bullets, ``> `` quotations and fenced code, split into blocks.

Input: a body's located node (``Body``, a field type) or its text
(``parse_body``). Output: the body's ``model`` blocks, with its links
checked; fenced code (``load.code``) is kept as written and its links are
not read as links. No YAML, no ReportLab.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from briefgen import model
from briefgen.load.checker import Checker, Node, position_in
from briefgen.load.code import closes, code_text, fenced, opening_fence
from briefgen.load.fields import Text
from briefgen.text import markup

__all__ = ["Body", "parse_body"]

# Made once: a body is checked in every section of every spec.
# White space other than the space (tabs, line breaks, no-break spaces), found in C: each character of a Cyrillic
# text looked at in Python costs an object.
_OTHER_SPACE = re.compile(r"[^\S ]")
_PROSE = Text(markup=True, multiline=True)
_WITH_CODE = Text(multiline=True)


class Body:
    """A section's text: paragraphs split by blank lines, ``- `` bullets, ``> `` quotes and ``` fenced code."""

    def check(self, node: Node, path: str, checker: Checker) -> tuple[model.Block, ...] | None:
        """Return the body's blocks."""
        if "```" not in (node.value if node.kind == "text" else ""):
            text = _PROSE.check(node, path, checker)
            return None if text is None else parse_body(text)
        # Fenced code is not prose: its links and brackets are not markup, its tabs are kept.
        text = _WITH_CODE.check(node, path, checker)
        if text is None:
            return None
        prose, stray = fenced(text)
        for offset, words in stray:
            line, column = position_in(node, text, offset)
            shown = words if len(words) <= 30 else words[:29] + "\u2026"
            checker.report(
                node,
                path,
                f"'{shown}' follows ``` on its line, where only the code's language may: start the code"
                " on the next line (and close it with a line of ```)",
                line_offset=line,
                column=column,
            )
        for link in markup.links(prose):
            problem = markup.url_problem(link.url)
            if problem:
                line, column = position_in(node, text, link.offset)
                checker.report(node, path, problem, line_offset=line, column=column)
        return parse_body(unicodedata.normalize("NFC", node.value).strip("\n "))

    def json_schema(self) -> dict[str, Any]:
        """Describe the body as a JSON string."""
        return _PROSE.json_schema()


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

    fenced = "```" in text  # a fence is three backticks: text without them needs no line tried as one
    for raw_line in text.splitlines():
        if fence is not None:
            if closes(raw_line, fence[1]):
                _add_code(blocks, lines, fence)
                fence = None
            else:
                lines.append(raw_line)
            continue
        opened = opening_fence(raw_line) if fenced else None
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
    if "  " not in text and text == text.strip() and not _OTHER_SPACE.search(text):
        return text
    return " ".join(text.split())
