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
from briefgen.text.linebreak import break_opportunities, inside_korean_words, is_grid_character
from briefgen.text.scripts import HAN_SCRIPTS, dominant_script, primary_language, resolved_scripts
from briefgen.text.word_breaks import BreakKind, word_breaks

Hyphenator = Callable[[str], Iterator[tuple[str, str]]]
HYPHENATED_SCRIPTS = frozenset({"Latn", "Grek", "Cyrl"})
SHORTEST_HYPHENATED = 5  # letters: shorter words are never hyphenated
# Full-width closing punctuation whose glyph sits in the left half of its em.
CLOSING_MARKS = frozenset("，。、）」』】》〉〕｝")


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
    loosest_space: float | None = None,
    dictionary: str = "en_US",
) -> list[Line]:
    """Return the lines of ``shaped.text[start:]`` at ``width`` (``first_width`` for the first line).

    With ``hyphenate``, a word may be hyphenated where the house rules
    (``text.word_breaks``, in pyphen's ``dictionary``) allow: never a proper
    name, an acronym or the paragraph's last word.

    With ``loosest_space`` (points: a justified paragraph), a line whose word
    spaces would each have to grow by more than that may end inside a
    Korean word, between two syllables.
    """
    text = shaped.text
    opportunities = [b for b in break_opportunities(text, shaped.lang) if b > start] + [len(text)]
    syllables = inside_korean_words(text, shaped.lang) if loosest_space is not None else []
    lines: list[Line] = []
    fitted: int | None = None  # the furthest opportunity that fits on the line being filled
    index = 0
    while index < len(opportunities) and start < len(text):
        room = first_width if first_width is not None and not lines else width
        candidate = opportunities[index]
        if candidate <= start:
            index += 1
            continue
        if _line_width(shaped, start, _trimmed(text, start, candidate)) <= room + 0.01:
            fitted = candidate
            index += 1
            continue
        word_start = fitted if fitted is not None else start
        cut = _hyphenation(shaped, word_start, candidate, start, room, hyphen_width, dictionary if hyphenate else None)
        if cut is not None:
            lines.append(Line(start, cut, cut, shaped.width(start, cut) + hyphen_width, hyphen=True))
            start, fitted = cut, None
            continue
        if fitted is not None:
            ending = _tighter_ending(shaped, start, fitted, candidate, room, syllables, loosest_space)
            lines.append(_line(shaped, start, ending))
            start, fitted = ending, None
            continue
        cut = _cut(shaped, start, candidate, room)
        lines.append(_line(shaped, start, cut))
        start = cut
    if start < len(text):
        lines.append(_line(shaped, start, len(text)))
    return lines


def _tighter_ending(
    shaped: ShapedText,
    start: int,
    fitted: int,
    candidate: int,
    room: float,
    syllables: list[int],
    loosest: float | None,
) -> int:
    """Return where a line that fits up to ``fitted`` should end: there, or inside the next Korean word if loose."""
    if loosest is None or not syllables:
        return fitted
    end = _trimmed(shaped.text, start, fitted)
    spaces = shaped.text.count(" ", start, end)
    if not spaces or (room - shaped.width(start, end)) / spaces <= loosest:
        return fitted
    inside = [offset for offset in syllables if fitted < offset < candidate and shaped.width(start, offset) <= room]
    return max(inside, default=fitted)


def _line(shaped: ShapedText, start: int, next_start: int) -> Line:
    end = _trimmed(shaped.text, start, next_start)
    return Line(start, end, next_start, _line_width(shaped, start, end))


def _line_width(shaped: ShapedText, start: int, end: int) -> float:
    """Return a line's width; a full-width closing mark at its end counts half (its right half is empty).

    As CJK typesetting does (JIS X 4051 compresses a line-end comma or full
    stop), so that kinsoku, keeping 、 and 。 off the next line, does not leave
    a line nearly two characters short.
    """
    width = shaped.width(start, end)
    if end > start and shaped.text[end - 1] in CLOSING_MARKS:
        last = shaped.advances[end - 1]
        if last >= 0.9 * shaped.size:
            width -= last / 2
    return width


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
    hyphen_width: float,
    dictionary: str | None,
) -> int | None:
    """Return where to hyphenate the word in ``text[word_start:word_end]`` so the line fits, or None."""
    if dictionary is None:
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
    if not text[end:].strip(_AFTER_LAST_WORD):
        return None  # a paragraph's last word is never hyphenated
    syllables = [b.index for b in word_breaks(word, dictionary) if b.kind is BreakKind.SYLLABLE]
    for index in reversed(syllables):  # the longest first part that fits
        cut = first + index
        if first < cut < last and shaped.width(line_start, cut) + hyphen_width <= room + 0.01:
            return cut
    return None


_AFTER_LAST_WORD = " \n\t.,;:!?)]}\"'\u2019\u201d\u00bb"


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
