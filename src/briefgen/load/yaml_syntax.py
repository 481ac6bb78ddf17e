"""Word libyaml's syntax errors for the user: where the problem is, and what to do about it.

Input: the ``MarkedYAMLError`` libyaml raised, and the text it read. Output:
a located ``Problem`` whose message names the cause (an unclosed quotation
mark, a tab) rather than the symptom libyaml noticed, lines further on.
"""

from __future__ import annotations

from briefgen.errors import Problem
from briefgen.load.yaml_import import yaml

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


def syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> Problem:
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
