"""A theme file's ``labels:`` section: its own words for the page furniture, per language.

Input: the section's node, for example::

    labels:
      en: {key_points: Summary, references: Sources}
      fr: {key_points: "L'essentiel"}

Output: the replacements as ``Theme.labels`` holds them, (tag, label, text)
triples, each tag spelt as BCP 47 spells it. Every problem is located: a
tag that is not BCP 47, a label briefgen does not print (with a did-you-mean),
a ``{name}`` the label is not filled in with, a plural category CLDR does
not have.
"""

from __future__ import annotations

import re
from typing import Any

from briefgen.load.checker import Checker, Node, clip, did_you_mean, join_path
from briefgen.load.fields import LanguageTag, ListOf, Text
from briefgen.text import labels, language

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


class ThemeLabels:
    """A mapping of BCP 47 tags to the labels a theme words its own way in that language."""

    def check(self, node: Node, path: str, checker: Checker) -> tuple[tuple[str, str, Any], ...] | None:
        """Return the replacements as (tag, label, text) triples, or None after reporting every problem."""
        if node.kind == "nothing":
            return ()
        if node.kind != "mapping":
            checker.report(node, path, "expected a mapping of language tags (en, fr ...) to labels")
            return None
        before = len(checker.problems)
        found: list[tuple[str, str, Any]] = []
        names = labels.label_names()
        for raw_tag, key_node in node.keys.items():
            tag = LanguageTag().check(key_node, join_path(path, clip(raw_tag)), checker)
            section = node.value[raw_tag]
            section_path = join_path(path, clip(raw_tag))
            if tag is None:
                continue
            if section.kind != "mapping":
                checker.report(section, section_path, "expected a mapping of label names to their text")
                continue
            for name, name_node in section.keys.items():
                label_path = join_path(section_path, clip(name))
                if name not in names:
                    hint = did_you_mean(name, names) or f"; the labels are: {', '.join(names)}"
                    checker.report(name_node, label_path, f"no label is called '{clip(name)}'{hint}")
                    continue
                text = _label_text(name, section.value[name], label_path, checker)
                if text is not None:
                    found.append((tag, name, text))
        return None if len(checker.problems) > before else tuple(found)

    def json_schema(self) -> dict[str, Any]:
        """Describe the section: tags, each to an object of label names."""
        text = {"type": "string", "minLength": 1}
        plural = {"type": "object", "properties": {c: text for c in labels.PLURAL_CATEGORIES}, "required": ["other"]}
        properties: dict[str, Any] = {name: {"anyOf": [text, plural]} for name in labels.label_names()}
        properties[labels.QUOTES] = {"type": "array", "items": text, "minItems": 4, "maxItems": 4}
        return {
            "type": "object",
            "propertyNames": {"pattern": language.WELL_FORMED},
            "additionalProperties": {"type": "object", "properties": properties, "additionalProperties": False},
        }


def _label_text(name: str, node: Node, path: str, checker: Checker) -> Any:
    """Return one label's text: a string, a (category, text) tuple for a count, four quote marks."""
    if name == labels.QUOTES:
        marks = ListOf(Text(max_length=10), min_items=4, max_items=4).check(node, path, checker)
        return None if marks is None or len(marks) != 4 else tuple(marks)
    if node.kind == "mapping":
        forms = []
        for category, form_node in node.value.items():
            if category not in labels.PLURAL_CATEGORIES:
                hint = did_you_mean(category, labels.PLURAL_CATEGORIES)
                choices = ", ".join(labels.PLURAL_CATEGORIES[:-1]) + " or " + labels.PLURAL_CATEGORIES[-1]
                message = f"'{clip(category)}' is not a plural category; write {choices}{hint}"
                checker.report(node.keys[category], join_path(path, clip(category)), message)
                return None
            form = _checked_text(name, form_node, join_path(path, category), checker)
            if form is None:
                return None
            forms.append((category, form))
        if "other" not in node.value:
            checker.report(node, path, "needs an 'other' form, for the counts no other form covers")
            return None
        return tuple(forms)
    return _checked_text(name, node, path, checker)


def _checked_text(name: str, node: Node, path: str, checker: Checker) -> str | None:
    text = Text(max_length=500).check(node, path, checker)
    if text is None:
        return None
    allowed = labels.placeholders(name)
    for match in _PLACEHOLDER.finditer(text):
        if match.group(1) not in allowed:
            names = ", ".join(f"{{{one}}}" for one in sorted(allowed)) or "nothing"
            checker.report(node, path, f"'{{{clip(match.group(1), 30)}}}' is not filled in here; it may use {names}")
            return None
    return text
