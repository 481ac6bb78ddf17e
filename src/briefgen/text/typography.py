"""Typographic punctuation: straight quotes become the language's quotation marks, ``--`` and ``---`` dashes.

Input: text as a spec holds it (inline markup included) and a BCP 47 tag;
or a whole ``model.Brief``. Output: the same text with “…” (English),
« … » (French), „…“ (German), «…» (Russian), 「…」 (Japanese) ... from the
language's ``quotes`` label (CLDR's delimiters, in assets/labels.toml), an
apostrophe between letters as ’, ``---`` as an em dash and ``--`` as an en
dash. Link addresses, cross-reference ids and bare web addresses are left
exactly as written. ``typographic_brief`` converts every field of a brief a
reader reads as prose (not its addresses, ids, file names, markings or
keywords); a spec's or theme's ``smart_quotes: false`` keeps the quotes as
typed (the dashes still change).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable
from typing import Any

from briefgen import model
from briefgen.text.labels import labels_for

# Left as written: a link's address, a cross-reference, a bare web address.
_LITERAL = re.compile(r"\]\((?:[^()\s]|\([^()\s]*\))+\)|\[@[A-Za-z][A-Za-z0-9_-]*\]|\b(?:https?|mailto):\S+")
# After these (or at the start), a quote opens; elsewhere it closes.
_BEFORE_OPENING = frozenset(" \t\n([{<\u2014\u2013-/\u00a0\u202f“‘«„‚「『")
# Inline markup around a quote (*"emphasised"*) is looked through.
_MARKUP = "*"


# Chinese and Japanese put no space between words: a line break in the spec between two of their characters
# (which YAML folds into a space) is no space at all, as CSS Text 3 and Typst treat it; Korean keeps its spaces.
# Full-width punctuation carries its own space, so a space typed after it is dropped too.
_HAN_KANA = (
    "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u31c0-\u31ff\u3200-\u33ff"  # radicals ... kana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"  # ideographs
    "\ufe30-\ufe4f\uff01-\uff60"  # full-width forms
)
_FULL_WIDTH_CLOSING = "\u3001\u3002\u3009\u300b\u300d\u300f\u3011\uff01\uff09\uff0c\uff1a\uff1b\uff1f"
# Every character the pattern below looks for is at U+2E80 or past it: a text with none is left alone at once.
# (As what it is not, "U+2E7F or before": the range up to U+10FFFF took 2.5 ms of a cold build to compile.)
_WIDE = re.compile("[^\x00-\u2e7f]")


@functools.cache
def _space_between_wide() -> re.Pattern[str]:
    # Compiled when first needed (1.6 ms, for its classes' 50,000 characters): most briefs have no such text.
    return re.compile(f"(?<=[{_HAN_KANA}])[ \t\n]+(?=[{_HAN_KANA}])|(?<=[{_FULL_WIDTH_CLOSING}])[ \t\n]+")


def typographic(text: str, lang: str = "en", *, quotes: bool = True) -> str:
    """Return ``text`` with ``--``/``---`` as dashes and, if ``quotes``, its quotes as ``lang`` writes them.

    A space between two Chinese or Japanese characters, or after full-width
    punctuation, is removed (see ``_space_between_wide``).
    """
    if not text.isascii() and (" " in text or "\n" in text) and _WIDE.search(text):
        text = _space_between_wide().sub("", text)
    if "--" not in text and (not quotes or ('"' not in text and "'" not in text)):
        return text  # nearly every line of a brief: nothing to do
    out: list[str] = []
    start = 0
    for match in _LITERAL.finditer(text):
        out.append(_convert(text[start : match.start()], lang, quotes, "".join(out[-1:])[-1:]))
        out.append(match.group())
        start = match.end()
    out.append(_convert(text[start:], lang, quotes, "".join(out[-1:])[-1:]))
    return "".join(out)


def _convert(text: str, lang: str, quotes: bool, before: str) -> str:
    text = text.replace("---", "\u2014").replace("--", "\u2013")
    if not quotes or ('"' not in text and "'" not in text):
        return text
    opening, closing, single_opening, single_closing = labels_for(lang).quotes
    spaced_opening = opening[-1:].isspace()
    # The text between quote marks, and the mark each becomes, in turn: out[-1] is text when len(out) is odd.
    # (Looked at character by character, a paragraph with a quote in it took a copy of its rest per character.)
    out: list[str] = []
    open_singles = 0
    open_double = False
    start = 0
    for match in _QUOTE_MARK.finditer(text):
        index = match.start()
        between = text[start:index]
        if spaced_opening and out and out[-1] == opening:
            between = between.lstrip()  # « mot »: the mark brings its own narrow space
        out.append(between)
        start = index + 1
        previous = _previous(out, before)
        following = _following(text, start)
        opens = not previous or previous in _BEFORE_OPENING or previous.isspace()
        if match.group() == '"':
            if opens and not (open_double and not following.isalnum()):
                out.append(opening)
                open_double = True
            else:
                _trim_space(out, closing)
                out.append(closing)
                open_double = False
        elif previous.isalnum() and following.isalpha():
            out.append("\u2019")  # an apostrophe: it's, l’homme, O’Neill
        elif opens and not following.isdigit():
            out.append(single_opening)
            open_singles += 1
        elif open_singles and not following.isalnum():
            out.append(single_closing)
            open_singles -= 1
        else:
            out.append("\u2019")  # the Joneses’ house, ’90s
    rest = text[start:]
    if spaced_opening and out and out[-1] == opening:
        rest = rest.lstrip()
    out.append(rest)
    return "".join(out)


_QUOTE_MARK = re.compile("[\"']")


def _following(text: str, start: int) -> str:
    """Return the first character of ``text`` from ``start`` on that is not inline markup, or ""."""
    end = len(text)
    while start < end and text[start] in _MARKUP:
        start += 1
    return text[start : start + 1]


def _previous(out: list[str], before: str) -> str:
    """Return the last character written, looking through inline markup."""
    for chunk in reversed(out):
        stripped = chunk.rstrip(_MARKUP)
        if stripped:
            return stripped[-1]
    return before.rstrip(_MARKUP)[-1:]


def _trim_space(out: list[str], closing: str) -> None:
    # A closing mark that brings its own space (French) takes the place of one typed before it (out[-1]: text).
    if closing[:1].isspace():
        out[-1] = out[-1].rstrip(" ")


# The fields of each part of a brief that a reader reads as prose; a part not listed is left as written.
_PROSE: dict[type, tuple[str, ...]] = {
    model.Brief: ("title", "subtitle", "short_title", "organization", "authors", "summary", "key_points"),
    model.Section: ("heading", "blocks"),
    model.Paragraph: ("text",),
    model.BulletList: ("items",),
    model.Quote: ("text", "attribution"),
    model.Table: ("columns", "rows", "caption", "source"),
    model.Figure: ("caption", "credit", "alt"),
    model.Chart: ("title", "categories", "series", "x_label", "y_label", "source", "caption"),
    model.Series: ("name",),
    model.Callout: ("title", "blocks"),
    model.Reference: ("title", "publisher"),
}


def typographic_brief(brief: model.Brief, *, quotes: bool = True) -> model.Brief:
    """Return ``brief`` with every prose field made ``typographic`` in the brief's language."""

    def convert(text: str) -> str:
        return typographic(text, brief.lang, quotes=quotes)

    converted: model.Brief = _converted(brief, convert)
    parts = {name: _converted(getattr(brief, name), convert) for name in ("sections", "references")}
    return dataclasses.replace(converted, **parts)


def _converted(value: Any, convert: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return convert(value)
    if isinstance(value, tuple):
        return tuple(_converted(item, convert) for item in value)
    names = _PROSE.get(type(value))
    if names is None:
        return value
    changes = {name: _converted(getattr(value, name), convert) for name in names}
    if all(changes[name] is getattr(value, name) or changes[name] == getattr(value, name) for name in names):
        return value
    return dataclasses.replace(value, **changes)
