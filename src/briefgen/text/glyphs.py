"""Describe characters for messages, and find the few worth looking up in a text: pure Unicode bookkeeping.

Input: text. Output: its characters beyond printable ASCII
(``unusual_characters``), a character as the user can look it up
(``describe``), and the Noto family that would draw a script briefgen ships
no font for (``font_for``), to suggest when no font has a character.
No ReportLab, no files.
"""

from __future__ import annotations

import unicodedata

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
