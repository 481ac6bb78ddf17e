"""Which script each character is in and which way text runs: the one place a run's script and direction are decided.

Input: text, and the language tag a spec declares. Output: the ISO 15924
script of each character (Common and Inherited characters take their
neighbours' script), runs of one script, the CJK face a text wants (Japanese,
Korean, Simplified or Traditional Chinese), whether a language or a text is
written right to left, and what to call a character's script in a message.
``sets_simply`` says which characters ReportLab's own paragraphs set
correctly: everything else is shaped. Script data comes from fontTools'
Unicode tables, imported on first use, so a brief in Latin letters never
loads them.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Scripts of Chinese characters, kana, bopomofo and Hangul: set in a CJK font.
HAN_SCRIPTS = frozenset({"Hani", "Hira", "Kana", "Bopo"})
CJK_SCRIPTS = HAN_SCRIPTS | {"Hang"}
# The scripts Common and Inherited characters are: they take the script of the text around them.
NEUTRAL_SCRIPTS = frozenset({"Zyyy", "Zinh", "Zzzz"})

# Languages written right to left (ISO 639-1 and -3 primary subtags).
_RIGHT_TO_LEFT_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ps", "sd", "ug", "ur", "yi"})
_BIDI_RIGHT_TO_LEFT = frozenset({"R", "AL"})
# Bidirectional classes that change the order of text around them.
_BIDI_ORDERING = frozenset({"R", "AL", "AN", "RLE", "LRE", "RLO", "LRO", "PDF", "RLI", "LRI", "FSI", "PDI"})


def primary_language(lang: str) -> str:
    """Return a language tag's primary subtag, lower case: ``zh`` for ``zh-Hant-TW``."""
    return lang.split("-", 1)[0].split("_", 1)[0].lower()


def language_is_right_to_left(lang: str) -> bool:
    """Return whether the language ``lang`` (a BCP 47 tag) is written right to left."""
    return primary_language(lang) in _RIGHT_TO_LEFT_LANGUAGES


def is_western(text: str) -> bool:
    """Return whether Windows-1252 encodes ``text``: Western European letters, typographic quotes and dashes.

    None of its characters is above U+2122 or in a script that makes a
    language clear (see ``language.foreign_spans``): a test in C, before a
    search of such text that would find nothing.
    """
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def is_right_to_left(ch: str) -> bool:
    """Return whether ``ch`` is a right-to-left letter (Hebrew, Arabic, Syriac, Thaana, ...)."""
    return unicodedata.bidirectional(ch) in _BIDI_RIGHT_TO_LEFT


def has_right_to_left(text: str) -> bool:
    """Return whether ``text`` holds any right-to-left letter."""
    return any(unicodedata.bidirectional(ch) in _BIDI_RIGHT_TO_LEFT for ch in text if ord(ch) >= 0x0590)


def paragraph_direction(text: str, page_right_to_left: bool) -> str | None:
    """Return a paragraph's base direction: "rtl", or None to take it from its first strong letter (UAX #9 P2).

    On a right-to-left page (a brief in Arabic or Hebrew), a paragraph with
    any right-to-left letter is right to left, even if it starts with a
    Latin name or an acronym; one with none (an English reference) is not.
    """
    return "rtl" if page_right_to_left and has_right_to_left(text) else None


@functools.lru_cache(maxsize=4096)
def sets_simply(ch: str) -> bool:
    """Return whether ReportLab's paragraphs set ``ch`` as it should look, given a font that has it.

    They draw one glyph per character, left to right, from the font's
    character map: right for Latin, Greek and Cyrillic letters, digits,
    punctuation and symbols. Marks to be positioned on a letter, right-to-left
    letters, the scripts whose letters join or reorder (Arabic, Devanagari,
    Thai, ...), CJK (broken between any two characters) and invisible format
    characters need shaping instead. Decided from code point blocks and the
    standard library's Unicode data, not the script tables: this runs for
    every unusual character of every brief.
    """
    code = ord(ch)
    simple_block = (
        code < 0x0590  # Latin, IPA, Greek, Cyrillic, Armenian
        or 0x1D00 <= code < 0x2E80  # phonetic, Latin and Greek extended, punctuation, symbols, arrows, maths
        or 0xA640 <= code < 0xA6A0  # Cyrillic Extended-B
        or 0xA720 <= code < 0xA800  # Latin Extended-D
        or 0xAB30 <= code < 0xAB70  # Latin Extended-E
        or 0xFB00 <= code < 0xFB07  # Latin ligatures
        or 0xFE20 <= code < 0xFE30  # combining half marks (refused below)
    )
    if not simple_block or unicodedata.bidirectional(ch) in _BIDI_ORDERING:
        return False
    return not unicodedata.combining(ch) and unicodedata.category(ch) not in ("Mn", "Mc", "Me", "Cf")


def script_of(ch: str) -> str:
    """Return the ISO 15924 code of ``ch``'s script: ``Latn``, ``Hang``, ``Arab``; ``Zyyy`` for Common."""
    return _script(ch)


@functools.lru_cache(maxsize=8192)
def _script(ch: str) -> str:
    from fontTools import unicodedata as font_unicodedata

    script: str = font_unicodedata.script(ch)
    return script


# Scripts that one language writes, so that a run of them is that language whatever the brief's: Cyrillic, Arabic,
# Devanagari and Latin are each written by many languages, so a run of them says nothing.
_LANGUAGE_OF_SCRIPT = {
    "Grek": "el", "Armn": "hy", "Hebr": "he", "Thai": "th", "Geor": "ka", "Hang": "ko", "Hira": "ja", "Kana": "ja",
    "Hani": "zh",
}  # fmt: skip


@functools.lru_cache(maxsize=4096)
def script_language(ch: str) -> str:
    """Return the language ``ch``'s script makes clear ("ko" for Hangul, "ja" for kana), or "" when it does not.

    A Common character that only such scripts use, all of one language (the
    prolonged sound mark "ー" of katakana and hiragana), counts as that
    language's; a combining mark never does (it goes with its letter's run).
    """
    script = _script(ch)
    if script != "Zyyy":
        return _LANGUAGE_OF_SCRIPT.get(script, "")
    from fontTools import unicodedata as font_unicodedata

    languages = {_LANGUAGE_OF_SCRIPT.get(used, "") for used in font_unicodedata.script_extension(ch)}
    return languages.pop() if len(languages) == 1 else ""


@functools.lru_cache(maxsize=64)
def character_scripts(text: str) -> tuple[str, ...]:
    """Return the script of each character of ``text`` (``script_of``); kept for the paragraphs being set."""
    return tuple(map(_script, text))


@functools.lru_cache(maxsize=64)  # a shaped paragraph asks three times: to shape, to find breaks, for the CJK grid
def resolved_scripts(text: str) -> tuple[str, ...]:
    """Return the script of each character, Common and Inherited ones taking the script of the text before them.

    Punctuation, spaces, digits and combining marks belong with the letters
    they follow (a comma after a Korean word is set in the Korean font); at
    the start of a text they take the script of what follows; a text of
    nothing but them is ``Zyyy``.
    """
    scripts = character_scripts(text)
    resolved = list(scripts)
    last = ""
    for index, script in enumerate(scripts):
        if script in NEUTRAL_SCRIPTS:
            resolved[index] = last or script
        else:
            last = script
    following = "Zyyy"
    for index in range(len(text) - 1, -1, -1):
        if resolved[index] in NEUTRAL_SCRIPTS:
            resolved[index] = following
        else:
            following = resolved[index]
    return tuple(resolved)


def script_runs(text: str) -> list[tuple[int, int, str]]:
    """Return ``text`` as (start, end, script) runs, Common and Inherited characters resolved."""
    runs: list[tuple[int, int, str]] = []
    for index, script in enumerate(resolved_scripts(text)):
        if runs and runs[-1][2] == script:
            runs[-1] = (runs[-1][0], index + 1, script)
        else:
            runs.append((index, index + 1, script))
    return runs


_KANA = re.compile("[\u3040-\u30ff]")


def cjk_variant(lang: str, text: str = "") -> str:
    """Return which CJK glyph forms ``text`` in language ``lang`` wants: ``Jpan``, ``Kore``, ``Hans`` or ``Hant``.

    The same Chinese character is drawn differently in China, Taiwan, Japan
    and Korea; the language says which, and kana in an undeclared text say
    Japanese. Simplified Chinese otherwise.
    """
    tag = lang.lower().replace("_", "-")
    primary = primary_language(tag)
    if primary == "ja":
        return "Jpan"
    if primary == "ko":
        return "Kore"
    if primary == "zh" or primary in ("yue", "cmn"):
        parts = tag.split("-")[1:]
        return "Hant" if any(part in ("hant", "tw", "hk", "mo") for part in parts) or primary == "yue" else "Hans"
    if _KANA.search(text):
        return "Jpan"
    return "Hans"


# Every letter in a script of HAN_SCRIPTS lies in these blocks (a test checks all of Unicode).
_HAN_LETTERS = re.compile(
    "[\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3038-\u303b\u3040-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\uff66-\uff9f\U00016fe0-\U00016fff\U0001aff0-\U0001b16f\U00020000-\U0003ffff]"
)


def has_han_letters(text: str) -> bool:
    """Return whether ``text`` may hold a Chinese character, kana or bopomofo (one regex search, no letter counted)."""
    return _HAN_LETTERS.search(text) is not None


def dominant_script(text: str) -> str:
    """Return the script most of ``text``'s letters are in (``Zyyy`` if it has none)."""
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            script = _script(ch)
            key = "Hani" if script in HAN_SCRIPTS else script
            counts[key] = counts.get(key, 0) + 1
    return max(counts, key=lambda script: counts[script]) if counts else "Zyyy"


def script_label(ch: str) -> str:
    """Return what to call ``ch``'s script in a message: ``Hangul``, ``Thai``, ``emoji``, ``symbol``."""
    from uniseg.emoji import extended_pictographic

    if extended_pictographic(ch) or 0x1F1E6 <= ord(ch) <= 0x1F1FF or 0xFE00 <= ord(ch) <= 0xFE0F:
        return "emoji"
    script = _script(ch)
    if script in NEUTRAL_SCRIPTS:
        return "symbol" if unicodedata.category(ch).startswith("S") else "Common"
    from fontTools import unicodedata as font_unicodedata

    name: str = font_unicodedata.script_name(script, default=script)
    return name.replace("_", " ")
