"""The Unicode bidirectional algorithm (UAX #9) for one paragraph: embedding levels, then each line's visual order.

Input: a paragraph's text and its base direction (or none, to take it from
the first strong letter). Output: the embedding level of each character and
the paragraph's level (``embedding_levels``); the visual order of a line's
pieces given their levels (``visual_order``, rules L1 and L2).

Levels come from python-bidi, which wraps the Rust ``unicode-bidi`` crate (the
whole algorithm, isolates and bracket pairs included). Its documented
``get_display(..., debug=True)`` returns the levels it computed, as the
crate's debug dump; ``_levels_from_dump`` reads them from it, and a test
checks the reading against python-bidi's own reordering, so that a change in
the dump's form fails loudly. Levels are needed, not the reordered string,
because lines are reordered one by one after the paragraph is broken.
"""

from __future__ import annotations

import re

_LEVEL = re.compile(r"Level\(\s*(\d+),?\s*\)")
# Every character whose bidirectional class is R, AL or AN, or an embedding, override or isolate, lies in these
# blocks (a test checks all of Unicode): text without one is all left to right in a left-to-right paragraph.
_MAY_REORDER = re.compile(
    "[\u0590-\u08ff\u200f\u202a-\u202e\u2066-\u2069\ufb1d-\ufdff\ufe70-\ufeff"
    "\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
# The marks, embeddings, overrides and isolates of UAX #9: they order the text, and are not part of its words.
_CONTROLS = dict.fromkeys(map(ord, "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def without_bidi_controls(text: str) -> str:
    """Return ``text`` without the characters that only direct the bidirectional algorithm."""
    return text.translate(_CONTROLS)


class BidiError(RuntimeError):
    """python-bidi gave levels this module cannot read (a changed dump format)."""


def embedding_levels(text: str, base: str | None = None) -> tuple[list[int], int]:
    """Return the embedding level of each character of ``text`` and the paragraph's level.

    ``base`` is "ltr" or "rtl", or None to find it from the first strong
    letter (rules P2 and P3; left to right if there is none). Even levels run
    left to right, odd ones right to left.
    """
    if not text:
        return [], 1 if base == "rtl" else 0
    if base != "rtl" and not _MAY_REORDER.search(text):
        return [0] * len(text), 0  # no letter, number or control that could take a level above 0
    from bidi import get_display

    base_dir = {"ltr": "L", "rtl": "R"}.get(base or "")
    # A paragraph separator would start a second paragraph of levels; a brief's paragraph is one.
    dump = get_display(text.replace("\n", " ").replace("\r", " "), base_dir=base_dir, debug=True)
    return _levels_from_dump(text, str(dump))


def _levels_from_dump(text: str, dump: str) -> tuple[list[int], int]:
    """Read the per-byte levels and the paragraph's level from python-bidi's debug dump."""
    levels_part, _, paragraphs_part = dump.partition("paragraphs:")
    byte_levels = [int(level) for level in _LEVEL.findall(levels_part.partition("levels:")[2])]
    paragraph = _LEVEL.findall(paragraphs_part)
    encoded_length = len(text.encode("utf-8"))
    if len(byte_levels) != encoded_length or not paragraph:
        raise BidiError(
            f"python-bidi reported {len(byte_levels)} levels for {encoded_length} bytes; "
            "its debug output has changed: check the version pyproject.toml allows"
        )
    levels: list[int] = []
    position = 0
    for ch in text:
        levels.append(byte_levels[position])
        position += len(ch.encode("utf-8"))
    return levels, int(paragraph[0])


def visual_order(levels: list[int]) -> list[int]:
    """Return the indices of a line's pieces in the order they are shown, given each piece's level (rule L2).

    From the highest level down to the lowest odd one, every maximal stretch
    at that level or higher is reversed. Trailing white space (rule L1) is
    the caller's: a line's trailing spaces are never drawn.
    """
    order = list(range(len(levels)))
    if not levels:
        return order
    highest = max(levels)
    lowest_odd = min(levels) | 1
    for level in range(highest, lowest_odd - 1, -1):
        index = 0
        while index < len(order):
            if levels[order[index]] < level:
                index += 1
                continue
            end = index
            while end < len(order) and levels[order[end]] >= level:
                end += 1
            order[index:end] = reversed(order[index:end])
            index = end
    return order
