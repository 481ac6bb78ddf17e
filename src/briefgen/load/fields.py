"""Declare the spec format once: field types that check a located tree and describe themselves.

Input: a ``Node`` tree (any parsed document whose values carry line and column;
``yaml_nodes.py`` makes one from YAML). Output: plain validated values, the problems
found (every one, with its location and field path), and, from the very same
declarations, the JSON Schema that editors use.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from briefgen.load.checker import (
    _CONTROL,
    Checker,
    FieldType,
    LocatedText,
    Node,
    clip,
    did_you_mean,
    join_path,
    position_in,
    unprintable_problem,
)
from briefgen.records import record
from briefgen.text import language, markup
from briefgen.text.glyphs import unusual_characters

_KIND_NAMES = {
    "text": "text",
    "number": "a number",
    "boolean": "true/false",
    "nothing": "nothing (an empty value)",
    "date": "a date",
    "list": "a list",
    "mapping": "a mapping of fields",
}


def _got(node: Node) -> str:
    return _KIND_NAMES.get(node.kind, node.kind)


@record
class Text:
    """A line of text; ``markup`` allows the inline markup and checks its links."""

    markup: bool = False
    multiline: bool = False
    max_length: int = 100_000

    def check(self, node: Node, path: str, checker: Checker) -> str | None:
        """Return the text normalised (NFC, single spaces unless multi-line)."""
        if node.kind != "text":
            if node.kind in ("list", "mapping"):
                checker.report(node, path, f"expected text, got {_got(node)}")
                return None
            if node.kind == "nothing":
                checker.report(node, path, "expected text, got nothing; write a value or remove the field")
                return None
            if node.kind == "boolean":
                checker.report(node, path, f"expected text, got {node.raw}; put it in quotes to print the word")
                return None
        # A number where text is expected (title: 1984) means the text as written.
        raw = node.value if node.kind == "text" else node.raw
        text = unicodedata.normalize("NFC", raw).replace("\t", " ")
        unusual = unusual_characters(text, b"\t\n")
        if unusual:  # printable ASCII (most text) holds no control character and needs no font check
            control = _CONTROL.search(text) if _CONTROL.search(unusual) else None
            if control:
                line, column = position_in(node, text, control.start())
                checker.report(node, path, unprintable_problem(control.group()), line_offset=line, column=column)
                return None
            # For the font check, located as written (positions count from the text as read).
            checker.texts.append(LocatedText(node, path, text, unusual))
        text = text.strip("\n ") if self.multiline else " ".join(text.split())
        if not text.strip():
            checker.report(node, path, "is empty; write some text or remove the field")
            return None
        if _is_placeholder(text):
            checker.report(node, path, _placeholder_message(text))
            return None
        if len(text) > self.max_length:
            checker.report(
                node, path, f"is {len(text):,} characters long; the limit is {self.max_length:,}; shorten it"
            )
            return None
        if self.markup:
            for link in markup.links(text):
                problem = markup.url_problem(link.url)
                if problem:
                    line, column = position_in(node, text, link.offset)
                    checker.report(node, path, problem, line_offset=line, column=column)
        return text

    def json_schema(self) -> dict[str, Any]:
        """Describe text as a JSON string (or a number, meant as written) that is not blank or a TODO placeholder."""
        return {
            "type": ["string", "number"],
            "minLength": 1,
            "maxLength": self.max_length,
            "pattern": TEXT_JSON_PATTERN,
            "patternErrorMessage": "still a placeholder (TODO ...) or blank; write the text (no control characters)",
        }


# Made once: Url, Choice and LanguageTag check their text with them for every value.
_ONE_LINE = Text()
_SHORT_LINE = Text(max_length=100)


@record
class Date:
    """An ISO calendar date such as 2024-11-12."""

    def check(self, node: Node, path: str, checker: Checker) -> dt.date | None:
        """Return the date written as YYYY-MM-DD (YAML 1.2, as editors read it, has no date type: it is text)."""
        if node.kind == "date" and not isinstance(node.value, dt.datetime):  # an explicit !!timestamp
            return node.value  # type: ignore[no-any-return]
        if node.kind == "text" and _ISO_DATE.fullmatch(node.value):
            try:
                return dt.date.fromisoformat(node.value)
            except ValueError:
                pass
        if node.kind == "text" and _is_placeholder(node.value):
            checker.report(node, path, _placeholder_message(node.value))
            return None
        shown = repr(clip(node.raw)) if node.kind in ("text", "number", "date") else _got(node)
        checker.report(node, path, f"expected an ISO date (YYYY-MM-DD) such as 2024-11-12, got {shown}")
        return None

    def json_schema(self) -> dict[str, Any]:
        """Describe the date as a JSON string with the ``date`` format."""
        return {"type": "string", "pattern": f"^{_ISO_DATE.pattern}$", "format": "date"}


# Exactly YYYY-MM-DD, as JSON Schema's ``date`` format has it (Python's fromisoformat also takes 20241112).
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@record
class Flag:
    """A yes/no switch, written true or false."""

    def check(self, node: Node, path: str, checker: Checker) -> bool | None:
        """Return the switch's value, or report what was written instead."""
        if node.kind == "boolean":
            return bool(node.value)
        shown = repr(node.raw) if node.kind in ("text", "number", "date") else _got(node)
        checker.report(node, path, f"expected true or false, got {shown}")
        return None

    def json_schema(self) -> dict[str, Any]:
        """Describe the switch as a JSON boolean."""
        return {"type": "boolean"}


@record
class Url:
    """An absolute http, https or mailto address."""

    def check(self, node: Node, path: str, checker: Checker) -> str | None:
        """Return the address if its scheme is allowed."""
        text = _ONE_LINE.check(node, path, checker)
        if text is None:
            return None
        if " " in text:
            checker.report(node, path, f"address '{clip(text)}' contains a space; encode it as %20")
            return None
        problem = markup.url_problem(text)
        if problem:
            checker.report(node, path, problem.replace("link", "address", 1))
            return None
        return text

    def json_schema(self) -> dict[str, Any]:
        """Describe the address as a JSON string with a URI pattern (schemes in any case, as the loader takes them)."""
        return {"type": "string", "pattern": _URL_JSON_PATTERN}


@record
class Choice:
    """One of a fixed set of words."""

    choices: tuple[str, ...]

    def check(self, node: Node, path: str, checker: Checker) -> str | None:
        """Return the chosen word, written exactly (as the schema's enum has it), or report the words allowed."""
        text = _ONE_LINE.check(node, path, checker)
        if text is None:
            return None
        text = node.value if node.kind == "text" else text  # " en " is not en, for an editor either
        if text not in self.choices:
            allowed = ", ".join(self.choices)
            shown = repr(clip(text))
            checker.report(node, path, f"expected one of {allowed}, got {shown}{did_you_mean(text, self.choices)}")
            return None
        return text

    def json_schema(self) -> dict[str, Any]:
        """Describe the choice as a JSON enum."""
        return {"type": "string", "enum": list(self.choices)}


@record
class LanguageTag:
    """A BCP 47 language tag such as en-GB, ru or zh-Hant, checked against the IANA registry."""

    def check(self, node: Node, path: str, checker: Checker) -> str | None:
        """Return the tag spelt as BCP 47 recommends (en-GB, zh-Hant), or report what to write instead."""
        text = _SHORT_LINE.check(node, path, checker)
        if text is None:
            return None
        try:
            return language.checked_tag(node.value if node.kind == "text" else text)
        except language.LanguageTagError as exc:
            checker.report(node, path, str(exc))
            return None

    def json_schema(self) -> dict[str, Any]:
        """Describe the tag as a JSON string matching BCP 47's grammar (the registry is checked on loading)."""
        return {"type": "string", "pattern": language.WELL_FORMED}


@record
class ListOf:
    """A list of items of one type, with bounds on its length."""

    item: FieldType
    min_items: int = 0
    max_items: int = 10_000

    def check(self, node: Node, path: str, checker: Checker) -> tuple[Any, ...] | None:
        """Return a tuple of checked items (items with problems are dropped)."""
        if node.kind != "list":
            hint = " (start each item on its own line with '- ')" if node.kind == "text" else ""
            checker.report(node, path, f"expected a list, got {_got(node)}{hint}")
            return None
        items: list[Node] = node.value
        if len(items) < self.min_items:
            checker.report(node, path, f"needs at least {self.min_items} item{'s' if self.min_items > 1 else ''}")
            return None
        if len(items) > self.max_items:
            checker.report(node, path, f"has {len(items):,} items; the limit is {self.max_items:,}")
            return None
        values = [self.item.check(child, f"{path}[{index}]", checker) for index, child in enumerate(items)]
        return tuple(value for value in values if value is not None)

    def json_schema(self) -> dict[str, Any]:
        """Describe the list as a JSON array."""
        schema: dict[str, Any] = {"type": "array", "items": self.item.json_schema(), "maxItems": self.max_items}
        if self.min_items:
            schema["minItems"] = self.min_items
        return schema


@record
class Field:
    """One key of a record: its type, whether it is required, and what it is for."""

    name: str
    type: FieldType
    description: str
    required: bool = False
    example: Any = None


@record
class Record:
    """A mapping with declared fields; unknown keys are errors with a did-you-mean hint."""

    title: str
    fields: tuple[Field, ...]
    build: Callable[[dict[str, Any]], Any] = dict
    description: str = ""

    def check(self, node: Node, path: str, checker: Checker) -> Any:
        """Return ``build(values)`` if every field checks out, else ``None``."""
        if node.kind != "mapping":
            what = path or "the spec"
            checker.report(node, path, f"expected a mapping of fields for {what}, got {_got(node)}")
            return None
        known = self.by_name
        before = len(checker.problems)
        values: dict[str, Any] = {}
        for key, key_node in node.keys.items():
            if key not in known:
                hint = did_you_mean(key, tuple(known)) or f"; the fields here are: {', '.join(known)}"
                checker.report(key_node, join_path(path, clip(key)), f"unknown field '{clip(key)}'{hint}")
        for declared in self.fields:
            child = node.value.get(declared.name)
            if child is None:
                if declared.required:
                    checker.report(
                        node,
                        join_path(path, declared.name),
                        f"is required but missing: {_lower_first(declared.description)}",
                    )
                continue
            values[declared.name] = declared.type.check(child, join_path(path, declared.name), checker)
        if len(checker.problems) > before:
            return None
        return self.build({k: v for k, v in values.items() if v is not None})

    @functools.cached_property
    def by_name(self) -> dict[str, Field]:
        """Return the fields by name, in order (kept: every mapping of every spec is checked against them)."""
        return {f.name: f for f in self.fields}

    def json_schema(self) -> dict[str, Any]:
        """Describe the record as a closed JSON object."""
        properties = {}
        for declared in self.fields:
            prop = dict(declared.type.json_schema())
            prop["description"] = declared.description
            if declared.example is not None:
                prop["examples"] = [declared.example]
            properties[declared.name] = prop
        schema: dict[str, Any] = {
            "type": "object",
            "title": self.title,
            **({"description": self.description} if self.description else {}),
            "properties": properties,
            "additionalProperties": False,
        }
        required = [f.name for f in self.fields if f.required]
        if required:
            schema["required"] = required
        return schema


# A value the scaffold or the importer left for the user to write ("TODO: the brief's title").
_PLACEHOLDER = re.compile(r"\s*TODO\b")
PLACEHOLDER_JSON_PATTERN = r"^(?!\s*TODO\b)"
# JSON Schema patterns are ECMA-262 regular expressions (no inline flags such as (?i)), as every validator reads them.
# Text: not a placeholder, not blank, and none of the control characters the loader refuses (_CONTROL).
TEXT_JSON_PATTERN = (
    PLACEHOLDER_JSON_PATTERN + r"(?=[\s\S]*\S)[^\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]*$"
)
_URL_JSON_PATTERN = r"^\s*([Hh][Tt][Tt][Pp][Ss]?://[^\s/]+|[Mm][Aa][Ii][Ll][Tt][Oo]:)\S*\s*$"


def _is_placeholder(text: str) -> bool:
    return "TODO" in text and _PLACEHOLDER.match(text) is not None  # the search first: it is in C, and rarely finds


def _placeholder_message(text: str) -> str:
    shown = " ".join(text.split())
    shown = shown if len(shown) <= 60 else shown[:59] + "…"
    return f"still a placeholder ({shown}); replace it"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


@record
class Number:
    """A number (integer or decimal) within bounds."""

    minimum: float = -1e15
    maximum: float = 1e15

    def check(self, node: Node, path: str, checker: Checker) -> float | None:
        """Return the number as a float."""
        value = node.value
        if node.kind == "number" and value != value:  # YAML's .nan
            checker.report(node, path, f"{node.raw} is not a number; write a number such as 12.5")
            return None
        if node.kind != "number" or isinstance(value, bool):
            shown = repr(node.raw) if node.kind in ("text", "date") else _got(node)
            checker.report(node, path, f"expected a number such as 12.5, got {shown}")
            return None
        if not self.minimum <= value <= self.maximum:
            checker.report(
                node, path, f"{node.raw} is out of range; use a number from {self.minimum:g} to {self.maximum:g}"
            )
            return None
        return float(value)

    def json_schema(self) -> dict[str, Any]:
        """Describe the number as a JSON number with its bounds."""
        return {"type": "number", "minimum": self.minimum, "maximum": self.maximum}
