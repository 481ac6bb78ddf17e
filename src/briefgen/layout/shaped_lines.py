"""Break a shaped paragraph into lines and justify them: CJK on the character grid, other scripts at word spaces.

Input: a ``ShapedText``, the width of the measure, and a hyphenator for
Latin, Greek and Cyrillic words. Output: ``Line``s (the stretch of text each
holds, whether it ends with a hyphen, its width) and, for a justified line,
the ``Gaps`` that widen it to the measure.

Lines are filled greedily at the break opportunities ``text.linebreak``
finds (UAX #14 with kinsoku and Korean keep-all). A word that does not fit
is hyphenated if its script is hyphenated; a piece wider than the measure
with no opportunity in it (an address) is cut where the line ends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from briefgen.pdf.glyph_drawing import Gaps
from briefgen.pdf.shaping import ShapedText
from briefgen.text.linebreak import break_opportunities, is_grid_character
from briefgen.text.scripts import HAN_SCRIPTS, dominant_script, primary_language, resolved_scripts

Hyphenator = Callable[[str], Iterator[tuple[str, str]]]
HYPHENATED_SCRIPTS = frozenset({"Latn", "Grek", "Cyrl"})
SHORTEST_HYPHENATED = 5  # letters: shorter words are never hyphenated


@dataclass(frozen=True)
class Line:
    """One line: ``text[start:end]`` drawn (trailing spaces left out), the next line starting at ``next``."""

    start: int
    end: int
    next: int
    width: float  # points, with the hyphen
    hyphen: bool = False


def break_lines(
    shaped: ShapedText,
    width: float,
    *,
    start: int = 0,
    first_width: float | None = None,
    hyphenate: Hyphenator | None = None,
    hyphen_width: float = 0.0,
) -> list[Line]:
    """Return the lines of ``shaped.text[start:]`` at ``width`` (``first_width`` for the first line)."""
    text = shaped.text
    opportunities = [b for b in break_opportunities(text, shaped.lang) if b > start] + [len(text)]
    lines: list[Line] = []
    fitted: int | None = None  # the furthest opportunity that fits on the line being filled
    index = 0
    while index < len(opportunities) and start < len(text):
        room = first_width if first_width is not None and not lines else width
        candidate = opportunities[index]
        if candidate <= start:
            index += 1
            continue
        if shaped.width(start, _trimmed(text, start, candidate)) <= room + 0.01:
            fitted = candidate
            index += 1
            continue
        word_start = fitted if fitted is not None else start
        cut = _hyphenation(shaped, word_start, candidate, start, room, hyphenate, hyphen_width)
        if cut is not None:
            lines.append(Line(start, cut, cut, shaped.width(start, cut) + hyphen_width, hyphen=True))
            start, fitted = cut, None
            continue
        if fitted is not None:
            lines.append(_line(shaped, start, fitted))
            start, fitted = fitted, None
            continue
        cut = _cut(shaped, start, candidate, room)
        lines.append(_line(shaped, start, cut))
        start = cut
    if start < len(text):
        lines.append(_line(shaped, start, len(text)))
    return lines


def _line(shaped: ShapedText, start: int, next_start: int) -> Line:
    end = _trimmed(shaped.text, start, next_start)
    return Line(start, end, next_start, shaped.width(start, end))


def _trimmed(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] == " ":
        end -= 1
    return end


def _cut(shaped: ShapedText, start: int, end: int, room: float) -> int:
    """Return where to cut a piece too wide for any line: the last glyph boundary that fits (one cluster at least)."""
    best = None
    for index in range(start + 1, end):
        if shaped.advances[index] == 0:
            continue  # inside a cluster
        if shaped.width(start, index) > room:
            break
        best = index
    return best if best is not None else _next_cluster(shaped, start, end)


def _next_cluster(shaped: ShapedText, start: int, end: int) -> int:
    index = start + 1
    while index < end and shaped.advances[index] == 0:
        index += 1
    return index


def _hyphenation(
    shaped: ShapedText,
    word_start: int,
    word_end: int,
    line_start: int,
    room: float,
    hyphenate: Hyphenator | None,
    hyphen_width: float,
) -> int | None:
    """Return where to hyphenate the word in ``text[word_start:word_end]`` so the line fits, or None."""
    if hyphenate is None:
        return None
    text = shaped.text
    end = _trimmed(text, word_start, word_end)
    first = word_start
    while first < end and not text[first].isalpha():
        first += 1
    last = first
    while last < end and text[last].isalpha():
        last += 1
    word = text[first:last]
    if len(word) < SHORTEST_HYPHENATED or "-" in text[first:end] or not _hyphenated_script(word):
        return None
    for before, _ in hyphenate(word):
        cut = first + len(before.rstrip("-"))
        if first < cut < last and shaped.width(line_start, cut) + hyphen_width <= room + 0.01:
            return cut
    return None


def _hyphenated_script(word: str) -> bool:
    return all(script in HYPHENATED_SCRIPTS for script in set(resolved_scripts(word)))


def justification(shaped: ShapedText, line: Line, measure: float, *, grid: bool) -> Gaps:
    """Return the gaps that widen ``line`` to ``measure``: between CJK characters if ``grid``, else at spaces."""
    extra = measure - line.width
    if extra <= 0:
        return Gaps()
    text = shaped.text
    if grid:
        scripts = resolved_scripts(text[line.start : line.end])
        after = frozenset(
            line.start + offset
            for offset in range(len(scripts) - 1)
            if is_grid_character(text[line.start + offset], scripts[offset])
            or is_grid_character(text[line.start + offset + 1], scripts[offset + 1])
        )
        if after:
            return Gaps(grid=extra / len(after), grid_after=after)
    spaces = text.count(" ", line.start, line.end)
    return Gaps(space=extra / spaces) if spaces else Gaps()


def sets_on_grid(shaped: ShapedText) -> bool:
    """Return whether a paragraph is justified on the character grid: Chinese or Japanese text."""
    if primary_language(shaped.lang) in ("zh", "ja"):
        return True
    return dominant_script(shaped.text) in HAN_SCRIPTS
