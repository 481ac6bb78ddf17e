"""Say where a word may be broken at a line's end, by the house rules of hyphenation.

Input: one word as it stands in the text (with any quotes and punctuation
around it) and a pyphen dictionary name (``en_US``, ``ru_RU``). Output: a
tuple of ``WordBreak``, each an index into the word and a kind that says
whether a hyphen is added and whether the break counts as a hyphenated line
end. Pure: no fonts, no widths, no ReportLab. (The layout installs the
parsed copy of a dictionary, ``style.hyphenation``, before the first word.)

The rules, in the order they are applied:

1. Addresses and identifiers (a scheme ``x://``, ``www.``, or any of
   ``/ _ = & ?`` or a dot between two letters or digits, in a word of eight
   or more characters) break only after ``/ . ? & = - _``, with no hyphen
   added; never inside a run of those characters (``//``), never leaving
   fewer than three characters on either side, and not at all in an address
   shorter than ``SHORTEST_BROKEN_ADDRESS``.
2. A word that already holds a hyphen (or an en or em dash) breaks only after
   it, and only when the parts before and after are at least three
   characters long (no "e-/mail", "re-/elect", "x-/ray").
3. Soft hyphens (U+00AD) the author typed are the only places such a word
   breaks.
4. Otherwise the dictionary is used, and only for words of letters and
   apostrophes, at most ``LONGEST_DICTIONARY_WORD`` long: no digits (``G7``,
   ``1990s``), no capital after the first letter (``iPhone``, ``McKinsey``,
   acronyms in capitals), and no capital
   first letter at all: a capitalised word is taken to be a proper name,
   wherever it stands. Telling a sentence's first word from a name needs a
   dictionary of names, and a sentence has one first word, so little is lost.
   Languages that capitalise common nouns (``NOUN_CAPITALISING``, German)
   hyphenate capitalised words and exempt only capitals after the first.
5. Apostrophes (``'``, ``’``, ``ʼ``) split a word into parts hyphenated on
   their own letters ("na-tion's"); quotes and punctuation around the word
   are not letters and count for nothing.
6. Minimum letters before and after a break: ``MINIMUMS`` per language
   (TeX's 2 and 3 for English, as its dictionary says too); with
   ``avoid_stubs`` (the default) at least 3 letters before, and at least 4
   after when punctuation follows the word, because "re-", "ex-" and "-ly."
   read as stubs.

A paragraph's last word is never hyphenated: the caller knows which it is.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from enum import Enum

from briefgen.records import record

# (letters before, letters after) a break, by language: TeX's for English, the usual ones elsewhere.
MINIMUMS: dict[str, tuple[int, int]] = {"en": (2, 3), "fr": (2, 3), "de": (2, 2), "ru": (2, 2)}
DEFAULT_MINIMUMS = (2, 3)
NOUN_CAPITALISING = frozenset({"de", "lb"})
STUB_LEFT = 3
STUB_RIGHT_BEFORE_PUNCTUATION = 4
SHORTEST_ADDRESS = 8
SHORTEST_BROKEN_ADDRESS = 25  # "https://www.example.org" stays whole
ADDRESS_MARGIN = 3
LONGEST_DICTIONARY_WORD = 60  # longer than any word of a language: a code, not prose (and pyphen is linear in it)

APOSTROPHES = "'\u2019\u02bc"
SOFT_HYPHEN = "\u00ad"
HYPHENS = "-\u2010"
DASHES = "\u2013\u2014"
ADDRESS_BREAK_AFTER = "/.?&=-_"
_OPENING = "\"'([{\u00ab\u2018\u201a\u201c\u201e\u2039\u00bf\u00a1"
_CLOSING = "\"')]}\u00bb\u2019\u201d\u203a.,;:!?\u2026"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_DOT_INSIDE = re.compile(r"[^\W_]\.[^\W_]")


class BreakKind(Enum):
    """What happens at a break."""

    SYLLABLE = "syllable"
    """Between syllables: a hyphen is added; a hyphenated line end."""
    HYPHEN = "hyphen"
    """After a hyphen the word already has: nothing added; a hyphenated line end."""
    DASH = "dash"
    """After an en or em dash inside the word: nothing added."""
    ADDRESS = "address"
    """Inside an address or identifier: nothing added."""
    CHARACTER = "character"
    """Inside a word too wide for a line, where nothing else fits: nothing added (the caller adds these)."""


@record
class WordBreak:
    """A place a word may be broken: ``word[:index]`` ends the line."""

    index: int
    kind: BreakKind

    @property
    def adds_hyphen(self) -> bool:
        """Whether a hyphen is drawn at the line's end that the text does not hold."""
        return self.kind is BreakKind.SYLLABLE

    @property
    def flagged(self) -> bool:
        """Whether the line then ends in a hyphen, for the breaker's hyphen-in-a-row rules."""
        return self.kind in (BreakKind.SYLLABLE, BreakKind.HYPHEN)


def word_breaks(word: str, language: str, *, avoid_stubs: bool = True) -> tuple[WordBreak, ...]:
    """Return where ``word`` may be broken, in order, by the rules in this module's docstring."""
    return _word_breaks(word, language, avoid_stubs)


@functools.lru_cache(maxsize=65536)
def _word_breaks(word: str, language: str, avoid_stubs: bool) -> tuple[WordBreak, ...]:
    start, end = 0, len(word)
    while start < end and word[start] in _OPENING:
        start += 1
    if _is_address(word[start:end]):
        # Trailing sentence punctuation is not part of the address; a final "/" is.
        while end > start and word[end - 1] in _CLOSING:
            end -= 1
        return _address_breaks(word, start, end)
    while end > start and word[end - 1] in _CLOSING:
        end -= 1
    core = word[start:end]
    if not core:
        return ()
    if any(c in HYPHENS or c in DASHES for c in core):
        return _compound_breaks(word, start, end)
    if SOFT_HYPHEN in core:
        return tuple(WordBreak(start + i + 1, BreakKind.SYLLABLE) for i, c in enumerate(core) if c == SOFT_HYPHEN)
    return _dictionary_breaks(word, start, end, language, avoid_stubs)


def _is_address(core: str) -> bool:
    if _SCHEME.match(core) or core.lower().startswith("www."):
        return True
    if len(core) < SHORTEST_ADDRESS:
        return False
    return any(c in core for c in "/_=&?") or _DOT_INSIDE.search(core) is not None


def _address_breaks(word: str, start: int, end: int) -> tuple[WordBreak, ...]:
    if end - start < SHORTEST_BROKEN_ADDRESS:
        return ()  # a short address moves to the next line whole
    breaks = []
    for i in range(start + ADDRESS_MARGIN - 1, end - ADDRESS_MARGIN):
        if word[i] in ADDRESS_BREAK_AFTER and word[i + 1] not in ADDRESS_BREAK_AFTER:
            if word[i] == "/" and i >= 1 and word[i - 1] == ":":
                continue
            breaks.append(WordBreak(i + 1, BreakKind.ADDRESS))
    return tuple(breaks)


def _compound_breaks(word: str, start: int, end: int) -> tuple[WordBreak, ...]:
    breaks = []
    previous = start  # where the part before the next hyphen starts
    for i in range(start, end):
        c = word[i]
        if c in HYPHENS or c in DASHES:
            if i - previous >= 3 and _next_part_length(word, i + 1, end) >= 3:
                breaks.append(WordBreak(i + 1, BreakKind.HYPHEN if c in HYPHENS else BreakKind.DASH))
            previous = i + 1
    return tuple(breaks)


def _next_part_length(word: str, start: int, end: int) -> int:
    i = start
    while i < end and word[i] not in HYPHENS and word[i] not in DASHES:
        i += 1
    return i - start


def _dictionary_breaks(word: str, start: int, end: int, language: str, avoid_stubs: bool) -> tuple[WordBreak, ...]:
    core = word[start:end]
    letters = [c for c in core if c not in APOSTROPHES]
    if not letters or not all(c.isalpha() for c in letters):
        return ()
    if any(c.isupper() for c in letters[1:]):
        return ()  # acronyms, iPhone, McKinsey
    if letters[0].isupper() and _base_language(language) not in NOUN_CAPITALISING:
        return ()  # taken to be a proper name
    left, right = minimums(language)
    if avoid_stubs:
        left = max(left, STUB_LEFT)
        if end < len(word):  # punctuation follows: a short carried tail reads as a stub
            right = max(right, STUB_RIGHT_BEFORE_PUNCTUATION)
    total = len(letters)
    if total < left + right or total > LONGEST_DICTIONARY_WORD:
        return ()
    dictionary = _dictionary(language)
    breaks = []
    seen = 0  # letters before the current part
    for part_start, part in _parts(core):
        for position in dictionary.positions(part):
            before = seen + position
            if position >= left and total - before >= right:
                breaks.append(WordBreak(start + part_start + position, BreakKind.SYLLABLE))
        seen += len(part)
    return tuple(breaks)


def _parts(core: str) -> list[tuple[int, str]]:
    parts, begin = [], 0
    for i, c in enumerate(core + APOSTROPHES[0]):
        if c in APOSTROPHES:
            if i > begin:
                parts.append((begin, core[begin:i]))
            begin = i + 1
    return parts


def _base_language(language: str) -> str:
    return language.replace("-", "_").split("_")[0].lower()


@functools.cache
def minimums(language: str) -> tuple[int, int]:
    """Return the least letters before and after a break for ``language`` (``MINIMUMS``, else 2 and 3)."""
    return MINIMUMS.get(language) or MINIMUMS.get(_base_language(language)) or DEFAULT_MINIMUMS


class _Positions:
    """pyphen's dictionary positions, for a word in any case."""

    def __init__(self, language: str) -> None:
        import pyphen

        name = pyphen.language_fallback(language.replace("-", "_")) or "en_US"
        self._hd = pyphen.Pyphen(lang=name, left=1, right=1).hd

    def positions(self, part: str) -> list[int]:
        if not unicodedata.is_normalized("NFC", part):
            return []  # pyphen's patterns are composed: its indexes would not be this text's
        return [int(p) for p in self._hd.positions(part) if 0 < p < len(part)]


@functools.cache
def _dictionary(language: str) -> _Positions:
    return _Positions(language)
