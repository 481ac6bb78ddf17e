"""Explain text the brief's fonts cannot show: which characters, and which fonts would show them.

Input: the brief's text and the set of code points its fonts cover. Output:
warnings for the user, in words (never a silent empty box in the PDF). Pure
Unicode bookkeeping: no ReportLab, no files.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

SHOWN = 8
"""How many missing characters a warning lists by name before it just counts them."""

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


# Ranges of code points, each with the font family that covers it (first match wins).
_FONT_FOR: tuple[tuple[int, int, str, str], ...] = (
    (0x0590, 0x05FF, "Hebrew", "Noto Sans Hebrew"),
    (0xFB1D, 0xFB4F, "Hebrew", "Noto Sans Hebrew"),
    (0x0600, 0x08FF, "Arabic", "Noto Naskh Arabic"),
    (0xFB50, 0xFDFF, "Arabic", "Noto Naskh Arabic"),
    (0xFE70, 0xFEFE, "Arabic", "Noto Naskh Arabic"),
    (0x1100, 0x11FF, "Chinese, Japanese and Korean", "Noto Sans CJK"),
    (0x3130, 0x318F, "Chinese, Japanese and Korean", "Noto Sans CJK"),
    (0xAC00, 0xD7AF, "Chinese, Japanese and Korean", "Noto Sans CJK"),
    (0x3040, 0x30FF, "Chinese, Japanese and Korean", "Noto Sans CJK"),
    (0x2E80, 0x2FFF, "Chinese, Japanese and Korean", "Noto Sans CJK"),
    (0x3000, 0x303F, "Chinese, Japanese and Korean", "Noto Sans CJK"),
    (0x3190, 0x9FFF, "Chinese, Japanese and Korean", "Noto Sans CJK"),
    (0xF900, 0xFAFF, "Chinese, Japanese and Korean", "Noto Sans CJK"),
    (0xFF00, 0xFFEF, "Chinese, Japanese and Korean", "Noto Sans CJK"),
    (0x20000, 0x3FFFF, "Chinese, Japanese and Korean", "Noto Sans CJK"),
    (0x2600, 0x27BF, "symbols and emoji", "Noto Emoji"),
    (0xFE00, 0xFE0F, "symbols and emoji", "Noto Emoji"),
    (0x1F000, 0x1FAFF, "symbols and emoji", "Noto Emoji"),
)


def missing_glyphs_warning(text: Iterable[str], covered: frozenset[int]) -> str:
    """Return a warning naming the characters of ``text`` outside ``covered``, or ``""`` if there are none."""
    missing = sorted({ch for part in text for ch in part if ord(ch) not in covered})
    if not missing:
        return ""
    shown = ", ".join(describe(ch) for ch in missing[:SHOWN])
    more = f" and {len(missing) - SHOWN} more" if len(missing) > SHOWN else ""
    fonts: dict[str, list[str]] = {}
    for ch in missing:
        script, font = font_for(ch)
        if script not in fonts.setdefault(font, []):
            fonts[font].append(script)
    advice = "; ".join(f"{font} for {' and '.join(scripts)}" for font, scripts in fonts.items())
    return (
        f"the brief's fonts have no glyph for {shown}{more}; these print as empty boxes. "
        f"Use a theme whose fonts cover them: {advice}"
    )


def right_to_left_warning(text: Iterable[str]) -> str:
    """Return a warning if ``text`` holds right-to-left letters, which are set left to right, or ``""``."""
    found = sorted(
        {ch for part in text for ch in part if unicodedata.bidirectional(ch) in ("R", "AL")},
    )
    if not found:
        return ""
    scripts = sorted({font_for(ch)[0] for ch in found})
    return (
        f"the brief has right-to-left text ({' and '.join(scripts)}: {', '.join(describe(ch) for ch in found[:3])}"
        f"{' …' if len(found) > 3 else ''}); briefgen lays every line out left to right without joining letters, "
        "so such words print reversed and unjoined; set them in a tool with right-to-left support"
    )


def loose_marks_warning(text: Iterable[str], covered: frozenset[int]) -> str:
    """Return a warning for combining marks left after NFC composition (``q`` + U+0303), or ``""``.

    Marks that compose (``e`` + U+0301 is ``é``) were composed when the spec was
    read; the rest are drawn one after the other, without the font's mark
    positioning, and may sit off-centre. Marks the fonts lack are reported
    by ``missing_glyphs_warning`` instead.
    """
    found: dict[str, str] = {}
    for part in text:
        for index, ch in enumerate(part):
            if unicodedata.combining(ch) and ord(ch) in covered and ch not in found:
                found[ch] = part[index - 1 : index + 1] if index else ch
    if not found:
        return ""
    shown = ", ".join(f"'{pair}' ({describe(mark)})" for mark, pair in list(found.items())[:SHOWN])
    more = f" and {len(found) - SHOWN} more" if len(found) > SHOWN else ""
    return (
        f"the brief has combining marks with no precomposed letter: {shown}{more}; briefgen draws them "
        "without the font's mark positioning, so they may sit off-centre; check the PDF or use a precomposed letter"
    )


def describe(ch: str) -> str:
    """Return a character as the user can look it up: ``'あ' U+3042 HIRAGANA LETTER A``."""
    # A combining mark is shown on a dotted circle, as the Unicode charts do, not on the quote.
    shown = f"\u25cc{ch}" if unicodedata.combining(ch) or unicodedata.category(ch) == "Mc" else ch
    return f"'{shown}' U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')}"


def font_for(ch: str) -> tuple[str, str]:
    """Return (script, font family) for a character: the Noto family that would draw it."""
    code = ord(ch)
    for low, high, script, font in _FONT_FOR:
        if low <= code <= high:
            return script, font
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
