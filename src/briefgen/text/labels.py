"""The words briefgen prints around a brief's own text, in the brief's language: the one place labels come from.

Input: a BCP 47 tag, and a theme's replacements (``Theme.labels``). Output:
``Labels``, which writes each label filled in ("Page 2 of 5", "Таблица 1",
"第 2 页，共 5 页"), a count with its plural ("3 записки"), a date in the
language (``cldr``), and the language's quotation marks.

The translations are assets/labels.toml, one table per tag; a brief takes
its tag's table, else its language's (``zh-Hant-TW``: zh-Hant, then zh),
else English's, and a label a table lacks is English's. A theme's labels
come first, looked up the same way. Nothing here loads Babel for the
shipped languages (see ``cldr``).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import tomllib
from collections.abc import Mapping
from typing import Any

from briefgen.assets import assets_dir
from briefgen.records import record
from briefgen.text import cldr
from briefgen.text.language import primary_language

PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
QUOTES = "quotes"
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_TRADITIONAL_REGIONS = frozenset({"TW", "HK", "MO"})

# A label's text: one string, or a text per plural category ("other" always there).
LabelText = str | Mapping[str, str]
# A theme's replacements: (tag, label name, text), the text a string or (category, text) pairs.
Overrides = tuple[tuple[str, str, "str | tuple[tuple[str, str], ...]"], ...]


@functools.cache
def translations() -> dict[str, dict[str, Any]]:
    """Return the shipped translations, by tag: assets/labels.toml."""
    with (assets_dir() / "labels.toml").open("rb") as file:
        return tomllib.load(file)


def label_names() -> tuple[str, ...]:
    """Return the name of every label (English has them all), quotes included."""
    return tuple(translations()["en"])


def placeholders(name: str) -> frozenset[str]:
    """Return the ``{names}`` label ``name`` is filled in with, as English writes it."""
    text = translations()["en"][name]
    texts = text.values() if isinstance(text, Mapping) else [text] if isinstance(text, str) else []
    return frozenset(found for one in texts for found in _PLACEHOLDER.findall(one))


def lookup_order(tag: str) -> tuple[str, ...]:
    """Return the tags whose labels a brief in ``tag`` uses, most specific first: zh-Hant-TW, zh-Hant, zh."""
    parts = tag.split("-")
    order = ["-".join(parts[:end]) for end in range(len(parts), 0, -1)]
    traditional = _TRADITIONAL_REGIONS & set(parts[1:]) and "Hans" not in parts
    if primary_language(tag) == "zh" and "zh-Hant" not in order and traditional:
        order.insert(len(order) - 1, "zh-Hant")  # Taiwan, Hong Kong and Macao write traditional characters
    return tuple(order)


@record
class Labels:
    """The labels of one language, with a theme's replacements: ``labels("page_of", page=2, pages=5)``."""

    lang: str
    texts: Mapping[str, Any]

    def __call__(self, name: str, **values: object) -> str:
        """Return label ``name`` with its ``{placeholders}`` filled in from ``values``."""
        text = self.texts[name]
        if not isinstance(text, str):
            count = values.get("count")
            category = cldr.plural_category(count, self.lang) if isinstance(count, int) else "other"
            text = text.get(category, text["other"])
        return _PLACEHOLDER.sub(lambda match: str(values.get(match.group(1), match.group(0))), text)

    def inline(self, name: str, **values: str) -> str:
        """Return label ``name`` as inline markup: its own words escaped, the ``values`` (markup already) as given."""
        from briefgen.text.markup import escape_inline

        parts = _PLACEHOLDER.split(self(name, **{key: "{" + key + "}" for key in values}))
        # split() alternates text and placeholder names: the names are at odd places.
        return "".join(
            values.get(part, "{" + part + "}") if index % 2 else escape_inline(part) for index, part in enumerate(parts)
        )

    @property
    def number_symbols(self) -> tuple[str, str]:
        """Return the language's decimal and group separators."""
        return cldr.number_symbols(self.lang)

    def date(self, date: dt.date, style: str = "long") -> str:
        """Return ``date`` written out in the language, in a theme's date style (long, us or iso)."""
        return cldr.format_date(date, self.lang, style)

    @property
    def quotes(self) -> tuple[str, str, str, str]:
        """Return the opening and closing double quotes, then the single ones."""
        opening, closing, single_opening, single_closing = self.texts[QUOTES]
        return opening, closing, single_opening, single_closing


@functools.cache
def labels_for(lang: str, overrides: Overrides = ()) -> Labels:
    """Return the labels of ``lang``: a theme's ``overrides`` first, then the shipped translations, then English."""
    shipped = translations()
    order = lookup_order(lang)
    texts: dict[str, Any] = dict(shipped["en"])
    for tag in reversed(order):  # the most specific last, so that it wins
        texts.update(shipped.get(tag, {}))
    replaced = {tag: {} for tag in order}  # type: dict[str, dict[str, Any]]
    for tag, name, text in overrides:
        if tag in replaced:
            replaced[tag][name] = dict(text) if isinstance(text, tuple) and name != QUOTES else text
    for tag in reversed(order):
        texts.update(replaced[tag])
    return Labels(lang, texts)
