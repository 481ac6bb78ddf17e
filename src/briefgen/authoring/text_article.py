"""Read plain text into the importer's blocks, and clean up what word processors and web pages leave in text.

Input: an article's text as pasted or saved. Output: the text cleaned (line
endings, spaces, invisible characters, quotes made consistent) and, for plain
text, its blocks: the title line, headings (short lines without final
punctuation), paragraphs (a line each, or runs of hard-wrapped lines) and
bullets. Block text is already in the spec's inline markup, escaped so that it
prints exactly as written.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from contextvars import ContextVar
from pathlib import Path
from typing import Any

# The article's parts before they are assembled: ("heading", level, text), ("paragraph", text),
# ("bullets", items) and ("quote", text). Text is already in the spec's inline markup.
Block = tuple[Any, ...]

SOURCE_LINE = re.compile(
    r"^\s*(?:\*\*|\*)?(?:ref(?:e|)r[ae]nces?|sources?|via|credits?|adapted from|originally published(?: \w+)?"
    r"|read more(?: at)?)(?:\s+from)?\s*(?:\*\*|\*)?\s*[:\-–—]\s*(?:\*\*|\*)?\s*(?P<rest>\S.*)$",
    re.IGNORECASE,
)


# --- cleaning what word processors and web pages leave behind ----------------------------------

_WIDE_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t"
_INVISIBLE = "\u00ad\u200b\u2060\ufeff"  # soft hyphen, zero-width space, word joiner, stray BOM
_LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_CLEAN = str.maketrans({**dict.fromkeys(_WIDE_SPACES, " "), **dict.fromkeys(_INVISIBLE), **_LIGATURES})
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """Return ``text`` with Unix line endings, plain spaces, and no invisible or control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _CONTROL.sub("", text.replace("\f", "\n").translate(_CLEAN))
    text = unicodedata.normalize("NFC", text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n") + "\n"


_DOUBLE_QUOTES = '"“”‟'
_SINGLE_QUOTES = "'‘‛"
_APOSTROPHES = "'‘’‛`´′"  # what word processors and keyboards put between the letters of "Russia’s"
_OPENS_AFTER = "([{*_—–-/“‘«„‚"
_PROTECTED = re.compile(r"\]\([^)\s]*\)|https?://\S+|www\.\S+")


# The language of the article being read ("" for English): its quotation marks and month names.
ARTICLE_LANGUAGE: ContextVar[str] = ContextVar("ARTICLE_LANGUAGE", default="")


def typographic_quotes(text: str) -> str:
    """Return ``text`` with apostrophes as ’ and quotation marks as the article's language's (“ ” ‘ ’ in English).

    Quotes that are already curly stay curly; straight, reversed and mis-turned
    ones are set the way the text around them reads, so one article never mixes
    styles. A straight quote after a digit is a foot or inch mark and stays;
    link targets and web addresses are left alone.
    """
    protected = [(m.start(), m.end()) for m in _PROTECTED.finditer(text)]
    opening_double, closing_double, opening_single, closing_single = _quote_marks(ARTICLE_LANGUAGE.get())
    # „German“ quotes close with “: a text that uses them keeps its curly double quotes as they are.
    doubles = '"‟' if "„" in text else _DOUBLE_QUOTES
    out = list(text)
    for index, char in enumerate(text):
        if char not in _APOSTROPHES and char not in doubles:
            continue
        if any(start <= index < end for start, end in protected):
            continue
        before = text[index - 1] if index else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        if char in "'\"" and before.isdigit():
            continue
        if char in _APOSTROPHES and before.isalnum() and after.isalpha():
            out[index] = "’"
            continue
        if char not in doubles and char not in _SINGLE_QUOTES:
            continue  # ’, `, ´ and ′ elsewhere are what the author typed
        opening = (not before or before.isspace() or before in _OPENS_AFTER) and bool(after) and not after.isspace()
        if char in doubles:
            out[index] = opening_double if opening else closing_double
        elif opening:
            out[index] = "’" if after.isdigit() else opening_single  # ’90s
        else:
            out[index] = closing_single
    return "".join(out)


def _quote_marks(lang: str) -> tuple[str, str, str, str]:
    if not lang:
        return "“", "”", "‘", "’"
    from briefgen.text.labels import labels_for

    return labels_for(lang).quotes


def escape_markup(text: str) -> str:
    """Return plain ``text`` escaped so that the spec's inline markup prints it exactly as written."""
    return re.sub(r"([\\*\[\]])", r"\\\1", text)


def is_markdown(text: str, name: str = "") -> bool:
    """Return whether an article reads as Markdown, by its file name or its headings and links."""
    suffix = Path(name).suffix.lower()
    if suffix in (".md", ".markdown", ".mdown", ".mkd"):
        return True
    if suffix == ".txt" and not re.search(r"^#{1,6} \S", text, re.MULTILINE):
        return False
    return bool(re.search(r"^#{1,6} \S|\[[^\]\n]+\]\([^)\s]+\)|^\*\*[^*\n]+\*\*$", text, re.MULTILINE))


# --- plain text ---------------------------------------------------------------------------------

_BULLET = re.compile(r"^(?:[-*•–▪◦]\s+)(?P<text>.+)$")
# A line ending so (before any closing quote or bracket) is prose, not a heading: Latin, CJK and Arabic marks.
_TERMINAL = ".,;:!…。，；：！？،؛؟"
_CLOSERS = '"”’)]»」』）'


def text_blocks(text: str) -> list[Block]:
    """Read plain text: the first line is the title; each other line, or wrapped run of lines, a block."""
    lines = text.split("\n")
    blocks: list[Block] = []
    start = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    if start == len(lines):
        return blocks
    title = lines[start].strip()
    if len(title) <= 200 and not title.endswith("."):
        blocks.append(("heading", 1, _inline_text(title)))
        start += 1
    body = lines[start:]
    wrapped = _looks_hard_wrapped(body)
    width = max((len(line) for line in body), default=0)
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(("paragraph", _inline_text(" ".join(paragraph))))
            paragraph.clear()

    for index, raw in enumerate(body):
        line = raw.strip()
        if not line:
            flush()
            continue
        bullet = _BULLET.match(line)
        if bullet:
            flush()
            if blocks and blocks[-1][0] == "bullets":
                blocks[-1] = ("bullets", (*blocks[-1][1], _inline_text(bullet["text"])))
            else:
                blocks.append(("bullets", (_inline_text(bullet["text"]),)))
            continue
        if not paragraph and _is_heading(line, body[index + 1 :], width if wrapped else 0):
            blocks.append(("heading", 2, _inline_text(line)))
            continue
        if blocks and blocks[-1][0] == "bullets" and raw.startswith(" ") and not paragraph:
            *items, last = blocks[-1][1]
            blocks[-1] = ("bullets", (*items, f"{last} {_inline_text(line)}"))
            continue
        paragraph.append(line)
        if not wrapped or (line.endswith(tuple('.!?…"”’)')) and len(line) < 0.8 * width):
            flush()
    flush()
    return blocks


def _looks_hard_wrapped(lines: list[str]) -> bool:
    """Return whether paragraphs were broken into lines (an e-mail or a PDF copied), not one line each."""
    long_lines = [line for line in lines if len(line) >= 50]
    return len(long_lines) >= 3 and max(len(line) for line in lines) <= 100


def _is_heading(line: str, following: list[str], wrap_width: int) -> bool:
    """Return whether ``line`` reads as a heading: short, unpunctuated, with text after it.

    In hard-wrapped text the first line of a paragraph is also unpunctuated, so
    there a heading must stand alone or be clearly shorter than the wrapped lines.
    """
    words = line.split()
    if len(words) > 12 or len(line) > 100 or line.rstrip(_CLOSERS).endswith(tuple(_TERMINAL)):
        return False
    if wrap_width and following and following[0].strip() and len(line) > 0.6 * wrap_width:
        return False
    # A heading starts with a capital or a digit, or a letter of a script without capitals (Hangul, Chinese ...).
    if not (line[0].isalnum() and not line[0].islower()) or SOURCE_LINE.match(line):
        return False
    return any(other.strip() for other in following)


def _inline_text(text: str) -> str:
    return typographic_quotes(escape_markup(" ".join(text.split())))


# --- bylines and dates --------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|\.)?"
_MONTH = r"(?P<month>[^\W\d_]{3,12})\.?"
# What some languages write after the year: "19 июня 2024 года", "19 червня 2024 р.".
_YEAR = r"(?P<year>\d{4})(?:\s*(?:года|г\.?|року|р\.?))?"
_DATES = (
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"),
    re.compile(rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}"),
    re.compile(rf"{_DAY}\s+(?:de\s+)?{_MONTH},?\s+(?:de\s+)?{_YEAR}"),
    # Chinese, Japanese and Korean: 2024年6月19日, 2024년 6월 19일.
    re.compile(r"(?P<year>\d{4})\s*[年년]\s*(?P<month>\d{1,2})\s*[月월]\s*(?P<day>\d{1,2})\s*[日일]"),
)
_DATE_PREFIX = re.compile(
    r"^(?:(?:published|updated|posted|last updated|date)(?:\s+on)?\s*:?\s*)?"
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?",
    re.IGNORECASE,
)
# A dateline's place before its date: "Moscow, 19 June 2024", "Москва, 19 июня 2024 года".
_PLACE = re.compile(r"^[^\W\d_]+(?:[ -][^\W\d_]+){0,3},\s+")
_TIME = re.compile(r"^\s*(?:[,|·-]\s*)?(?:at\s+)?\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?\s*$", re.I)
_BYLINE = re.compile(r"^(?:by|written by|authors?:)\s+(?P<names>\S.{0,150})$", re.IGNORECASE)


def parse_date(text: str) -> dt.date | None:
    """Return the date a dateline gives ("June 19, 2024", "19 June 2024", "Published: 2024-06-19"), or None.

    Only a line that is a date, perhaps with a weekday, a "Published" label or
    a time, counts: a date inside a sentence is the article's text.
    """
    text = _DATE_PREFIX.sub("", text.strip()).rstrip(".")
    return _date_in(text) or (_date_in(_PLACE.sub("", text, count=1)) if _PLACE.match(text) else None)


def _date_in(text: str) -> dt.date | None:
    """Return the date ``text`` is (perhaps followed by a time), or None."""
    for pattern in _DATES:
        match = pattern.match(text)
        if not match or (text[match.end() :].strip() and not _TIME.match(text[match.end() :])):
            continue
        month = match["month"]
        number = int(month) if month.isdigit() else _month_number(month.lower())
        try:
            return dt.date(int(match["year"]), number, int(match["day"]))
        except ValueError:
            return None
    return None


def _month_number(name: str) -> int:
    """Return the number of the month ``name`` names, in English or in the article's language (0 for none)."""
    if name in _MONTHS:
        return _MONTHS[name]
    lang = ARTICLE_LANGUAGE.get()
    if not lang:
        return 0
    from briefgen.text.cldr import month_numbers

    return month_numbers(lang).get(name, 0)


def parse_byline(text: str) -> tuple[tuple[str, ...], dt.date | None] | None:
    """Return the authors (and a date, if it shares the line) of a byline such as "By A. Analyst and B. Writer"."""
    parts = [part.strip() for part in re.split(r"\s+[|·–—]\s+|\s+-\s+", text.strip())]
    match = _BYLINE.match(parts[0])
    if not match:
        return None
    names = [name.strip(" .") for name in re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*", match["names"])]
    names = [name for name in names if name]
    if not names or any(len(name.split()) > 5 or not name[:1].isupper() for name in names):
        return None
    dates = [date for date in map(parse_date, parts[1:]) if date]
    return tuple(names), dates[0] if dates else None
