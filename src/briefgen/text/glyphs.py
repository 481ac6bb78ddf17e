"""Describe characters for messages, and find the few worth looking up in a text: pure Unicode bookkeeping.

Input: text. Output: its characters beyond printable ASCII
(``unusual_characters``), a character as the user can look it up
(``describe``), and the Noto family that would draw a script briefgen ships
no font for (``font_for``), to suggest when no font has a character.
No ReportLab, no files.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

PRINTABLE_ASCII = bytes(range(0x20, 0x7F))


def unusual_characters(text: str, allowed: bytes = b"") -> str:
    """Return the characters of ``text`` that are not printable ASCII nor in ``allowed``, in order.

    Checks for control characters run over every text of every spec, and a
    regular expression or ``str.isprintable`` over a long non-ASCII text
    costs half a millisecond; deleting printable ASCII from the UTF-8 bytes
    costs a twentieth of that and leaves the few characters worth checking
    (ASCII bytes never occur inside a multi-byte sequence).
    """
    if text.isascii() and text.isprintable():
        return ""
    deleted = PRINTABLE_ASCII + allowed
    return text.encode("utf-8", "surrogatepass").translate(None, deleted).decode("utf-8", "surrogatepass")


class CharacterSet:
    """A set of characters, known so far, that answers for a whole text at once.

    Going through a Cyrillic or Hangul text character by character in Python
    (a set's ``issuperset``, a ``for`` loop) makes an object of each one,
    about 35 ns a character: a Russian brief's text is checked several times
    over. A regular expression of the set's characters runs along the text
    in C, twenty times faster. The expression is compiled again only once
    the set has answered a text without growing, so a set that is still
    being learnt (a process's first brief) compiles it once, not at every
    new character.
    """

    def __init__(self, characters: Iterable[str] = ()) -> None:
        self.members: set[str] = set(characters)
        self._kept: re.Pattern[str] | None = None  # any run of members; None until compiled after the last change

    def add(self, ch: str) -> None:
        """Add ``ch`` to the set."""
        if ch not in self.members:
            self.members.add(ch)
            self._kept = None

    def holds_all(self, text: str) -> bool:
        """Return whether every character of ``text`` is in the set."""
        if self._kept is not None:
            return self._kept.fullmatch(text) is not None
        held = self.members.issuperset(text)
        if held:
            self._kept = _run_of(self.members)
        return held

    def others(self, text: str) -> str:
        """Return the characters of ``text`` not in the set, in order (repeats kept)."""
        if self._kept is not None:
            return self._kept.sub("", text)
        members = self.members
        rest = "".join(ch for ch in text if ch not in members)
        if not rest:
            self._kept = _run_of(members)
        return rest


def _run_of(characters: set[str]) -> re.Pattern[str]:
    """Return a pattern matching any run of ``characters`` (the empty run too), as ranges of code points."""
    if not characters:
        return re.compile("(?!)|")  # only the empty run
    codes = sorted(map(ord, characters))
    ranges: list[str] = []
    start = previous = codes[0]
    for code in [*codes[1:], -1]:
        if code != previous + 1:
            first, last = re.escape(chr(start)), re.escape(chr(previous))
            ranges.append(first if start == previous else f"{first}-{last}")
            start = code
        previous = code
    return re.compile(f"[{''.join(ranges)}]*")


def describe(ch: str) -> str:
    """Return a character as the user can look it up: ``'あ' U+3042 HIRAGANA LETTER A``."""
    # A combining mark is shown on a dotted circle, as the Unicode charts do, not on the quote.
    shown = f"\u25cc{ch}" if unicodedata.combining(ch) or unicodedata.category(ch) == "Mc" else ch
    return f"'{shown}' U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')}"


def font_for(ch: str) -> tuple[str, str]:
    """Return (script, font family) for a character: the Noto family that would draw it, to suggest in a message."""
    code = ord(ch)
    if 0x1F000 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF:
        return "symbols and emoji", "Noto Emoji"
    # Unicode names start with the script: "DEVANAGARI LETTER KA", "THAI CHARACTER KO KAI".
    first = unicodedata.name(ch, "").split(" ", 1)[0]
    if first == "MATHEMATICAL":
        return "mathematical letters", "Noto Sans Math"
    if first in _NOTO_SCRIPTS:
        return first.title(), f"Noto Sans {first.title()}"
    return f"U+{code:04X}", f"a font that covers U+{code:04X}"


_NOTO_SCRIPTS = frozenset(
    [
        "ARMENIAN",
        "BENGALI",
        "CHEROKEE",
        "DEVANAGARI",
        "ETHIOPIC",
        "GEORGIAN",
        "GUJARATI",
        "GURMUKHI",
        "KANNADA",
        "KHMER",
        "LAO",
        "MALAYALAM",
        "MONGOLIAN",
        "MYANMAR",
        "ORIYA",
        "SINHALA",
        "SYRIAC",
        "TAMIL",
        "TELUGU",
        "THAANA",
        "THAI",
        "TIBETAN",
    ]
)
