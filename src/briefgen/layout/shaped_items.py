"""Turn a shaped paragraph into the total-fit breaker's breakpoints: boxes, glue and penalties, added up.

Input: a ``ShapedText`` (its characters' own advances), where its lines may
start (``start``), ``ShapedRules`` (justified or ragged, on the CJK grid,
which breaks the style allows) and a ``paragraph_items.Setting``. Output:
``ShapedPoints``: the ``linebreak.Breakpoints`` and, for each, where the line
ending there stops drawing, where the next one starts, and whether a hyphen
is added. Widths are the shaped advances (``ShapedText.width``), so a line
measures what it draws.

The items, in the text's logical order (right-to-left lines are reordered
for drawing afterwards, line by line):

- the text between two break opportunities (``text.linebreak``: UAX #14,
  kinsoku, Korean keep-all) is a box; a space is glue that stretches and
  shrinks as in ``paragraph_items`` (in Chinese and Japanese a Latin space
  keeps its width);
- in Chinese and Japanese text every gap next to a CJK character is glue of
  no width that stretches by ``Setting.grid_stretch`` ems and never shrinks,
  so that a justified line fills the measure on the character grid; where a
  line may break there, the break drops it;
- a full-width closing mark at a line's end counts half its width (its
  right half is empty, as JIS X 4051 sets it);
- a Korean word may break between syllables only at
  ``Setting.syllable_penalty`` (twice that where one syllable would stand
  alone), and only in a justified paragraph in Korean (a Korean name in
  another language stays whole);
- a word in Latin, Greek or Cyrillic letters breaks only where
  ``text.word_breaks`` allows (a hyphen added between syllables, a flagged
  penalty), never in the paragraph's last word;
- a piece wider than the narrowest line may break between any two clusters
  (``Setting.character_penalty``), so that nothing runs past the edge;
- the last line ends with fill glue, and a break before the paragraph's
  last word (or, in CJK text, its last character) costs
  ``Setting.runt_penalty``.

A ragged paragraph uses Knuth and Plass's ragged-right items, as
``paragraph_items`` does: every line may fall short by about
``Setting.ragged_stretch_em``, and nothing shrinks.
"""

from __future__ import annotations

import functools
import itertools
import re
from typing import NamedTuple

from briefgen.layout.linebreak import INFINITY, Breakpoints, Row, Totals
from briefgen.layout.paragraph_items import Setting
from briefgen.pdf.shaping import ShapedText
from briefgen.records import record
from briefgen.text.linebreak import break_opportunities, inside_korean_words, is_grid_character
from briefgen.text.scripts import NEUTRAL_SCRIPTS, primary_language, resolved_scripts, script_of
from briefgen.text.word_breaks import HYPHENS, BreakKind, word_breaks

HYPHENATED_SCRIPTS = frozenset({"Latn", "Grek", "Cyrl"})
# Full-width closing punctuation whose glyph sits in the left half of its em.
CLOSING_MARKS = frozenset("，。、）」』】》〉〕｝")
FULL_WIDTH = 0.9  # a closing mark this share of an em wide or wider is full-width (not squeezed)
# A Korean word broken so that one syllable stands alone on a side (군/사, 김정/은) costs twice as much:
# as a hyphenated word keeps letters on each side, but Korean particles are one syllable (국무위원장/은).
SHORT_SYLLABLE_PIECE = 2
SHORT_PIECE_FACTOR = 2
HANGUL_FIRST, HANGUL_LAST = "\uac00", "\ud7a3"  # the precomposed syllables

# What a break costs: (width added if taken, penalty, flagged).
Cost = tuple[float, float, bool]


@record
class ShapedRules:
    """What a shaped paragraph's style says about breaking its lines."""

    justified: bool
    grid: bool  # Chinese or Japanese: justified on the character grid
    hyphenate: bool  # Latin, Greek and Cyrillic words between syllables (the style's hyphenator)
    compounds: bool  # after a word's own hyphens and dashes (the style's embeddedHyphenation)
    dictionary: str  # pyphen's dictionary for ``text.word_breaks``
    hyphen_width: float  # points


class ShapedPoints(NamedTuple):
    """A shaped paragraph's breakpoints and, for each, what the line ending there is."""

    points: Breakpoints
    ends: list[int]  # where the line drawn stops (trailing spaces left out)
    nexts: list[int]  # where the next line starts
    hyphens: list[bool]  # whether the line ends with an added hyphen
    narrowest: float  # the narrowest line they were made for
    widest_piece: float  # pieces wider than the narrowest line may break between any two clusters

    def fits(self, narrowest: float) -> bool:
        """Whether these breakpoints serve lines no narrower than ``narrowest`` too."""
        return narrowest == self.narrowest or self.widest_piece <= min(narrowest, self.narrowest)


def shaped_points(
    shaped: ShapedText, start: int, rules: ShapedRules, setting: Setting, narrowest: float, *, optimal: bool = True
) -> ShapedPoints:
    """Return the breakpoints of ``shaped.text[start:]`` (which must not be empty).

    ``optimal`` False leaves out what only total fit weighs: Korean words are
    then never broken (a greedy breaker would take every such break that fits).
    """
    text = shaped.text
    breaks = _breaks(shaped, start, rules, setting, optimal=optimal)
    widest = _with_character_breaks(shaped, start, breaks, setting, narrowest)
    size = shaped.size
    grid = _grid_gaps(text) if rules.justified and rules.grid else frozenset()
    grid_stretch = setting.grid_stretch * size
    stretch, shrink = (0.0, 0.0) if rules.grid or not rules.justified else (setting.stretch, setting.shrink)
    ragged = 0.0 if rules.justified else setting.ragged_stretch_em * size
    advances = shaped.advances
    rows: list[Row] = []
    after: list[Totals] = []
    ends: list[int] = []
    nexts: list[int] = []
    hyphens: list[bool] = []
    w = y = z = 0.0
    end, ew, ey, ez = start, 0.0, 0.0, 0.0  # the totals after the last character that is not a space
    for i in range(start, len(text)):
        cost = breaks.get(i) if i > start else None
        if cost is not None:
            pwidth, penalty, flagged = cost
            at = (ew, ey, ez) if text[i - 1] == " " else (w, y, z)
            rows.append((len(rows), at[0], ragged or at[1], 0.0 if ragged else at[2], 0, pwidth, penalty, flagged))
            ends.append(end if text[i - 1] == " " else i)
            nexts.append(i)
            hyphens.append(flagged and pwidth > 0)
        if i in grid and i > start:
            y += grid_stretch
        if cost is not None:
            after.append((w, 0.0, 0.0, 0) if ragged else (w, y, z, 0))
        advance = advances[i]
        w += advance
        if text[i] == " ":
            y += advance * stretch
            z += advance * shrink
        else:
            end, ew, ey, ez = i + 1, w, y, z
    # Fill glue, then a forced break: the last line is set at its natural width.
    final: Totals = (ew, 0.0, 0.0, 1) if ragged else (ew, ey, ez, 1)
    rows.append((len(rows), *final, 0.0, -INFINITY, False))
    after.append(final)
    ends.append(end)
    nexts.append(len(text))
    hyphens.append(False)
    return ShapedPoints(Breakpoints(rows, after), ends, nexts, hyphens, narrowest, widest)


def _breaks(shaped: ShapedText, start: int, rules: ShapedRules, setting: Setting, *, optimal: bool) -> dict[int, Cost]:
    """Return each offset where a line may start after ``start``, with what a break there costs."""
    text = shaped.text
    opportunities, syllables = _opportunities(text, shaped.lang)
    breaks: dict[int, Cost] = {}
    for offset in opportunities:
        if offset > start:
            breaks[offset] = _opportunity_cost(shaped, offset, setting)
    last_word = text.rstrip(" ").rfind(" ") + 1  # where the paragraph's last word starts
    for first, last in _words_in_hyphenated_scripts(text, start):
        for offset in range(first + 1, last):
            breaks.pop(offset, None)  # UAX #14 breaks after "-" and "/" alike: the house rules decide
        for found in word_breaks(text[first:last], rules.dictionary):
            cost = _word_break_cost(found.kind, text[first + found.index - 1], rules, setting, first >= last_word)
            if cost is not None:
                breaks[first + found.index] = cost
    if rules.justified and optimal and primary_language(shaped.lang) == "ko":
        # Only in Korean prose: a Korean name in another language's paragraph is never broken.
        for offset in syllables:
            if start < offset < last_word:
                short = _syllables_around(text, offset) < SHORT_SYLLABLE_PIECE
                breaks[offset] = (0.0, setting.syllable_penalty * (SHORT_PIECE_FACTOR if short else 1), False)
    plain = [offset for offset, cost in breaks.items() if cost[1] == 0 and not cost[2]]
    if plain:
        # A break before the last word (or character) would leave it alone on the last line.
        runt = max(plain)
        breaks[runt] = (breaks[runt][0], setting.runt_penalty, False)
    return breaks


def _syllables_around(text: str, offset: int) -> int:
    """Return the fewer of the Korean syllables before and after ``offset`` in its word (a piece may be that short)."""
    before = offset
    while before > 0 and HANGUL_FIRST <= text[before - 1] <= HANGUL_LAST:
        before -= 1
    after = offset
    while after < len(text) and HANGUL_FIRST <= text[after] <= HANGUL_LAST:
        after += 1
    return min(offset - before, after - offset)


@functools.lru_cache(maxsize=256)
def _opportunities(text: str, lang: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Return the break opportunities and the breaks inside Korean words (a title is broken at many widths)."""
    return tuple(break_opportunities(text, lang)), tuple(inside_korean_words(text, lang))


def _opportunity_cost(shaped: ShapedText, offset: int, setting: Setting) -> Cost:
    text = shaped.text
    end = offset
    while end > 0 and text[end - 1] == " ":
        end -= 1
    before = text[end - 1] if end else ""
    if before in HYPHENS and end == offset and end > 1 and text[end - 2].isalnum():
        return 0.0, setting.explicit_hyphen_penalty, True  # after a word's own hyphen
    if before in CLOSING_MARKS and shaped.advances[end - 1] >= FULL_WIDTH * shaped.size:
        return -shaped.advances[end - 1] / 2, 0.0, False
    return 0.0, 0.0, False


def _word_break_cost(kind: BreakKind, before: str, rules: ShapedRules, setting: Setting, last: bool) -> Cost | None:
    """Return what a break inside a word costs (as ``paragraph_items`` counts it), or None where it is not allowed."""
    if kind is BreakKind.ADDRESS:
        return 0.0, setting.address_penalty, before == "-"
    if last:
        return None  # the paragraph's last word is never broken
    if kind is BreakKind.SYLLABLE:
        return (rules.hyphen_width, setting.hyphen_penalty, True) if rules.hyphenate else None
    if kind is BreakKind.HYPHEN:
        return (0.0, setting.explicit_hyphen_penalty, True) if rules.compounds else None
    if kind is BreakKind.DASH:
        return (0.0, setting.dash_penalty, False) if rules.compounds else None
    return None


def _words_in_hyphenated_scripts(text: str, start: int) -> list[tuple[int, int]]:
    """Return the (first, last) offsets of the words after ``start`` written in Latin, Greek or Cyrillic."""
    return [(word.start(), word.end()) for word in _WORD.finditer(text, start) if _in_hyphenated_script(word.group())]


_WORD = re.compile("[^ ]{2,}")  # a word of one character has nowhere to break


@functools.lru_cache(maxsize=4096)
def _in_hyphenated_script(word: str) -> bool:
    """Return whether a word is written in Latin, Greek or Cyrillic (asked once per word: words recur)."""
    scripts = {script_of(ch) for ch in word}
    return bool(scripts & HYPHENATED_SCRIPTS) and scripts <= HYPHENATED_SCRIPTS | NEUTRAL_SCRIPTS


def _with_character_breaks(
    shaped: ShapedText, start: int, breaks: dict[int, Cost], setting: Setting, narrowest: float
) -> float:
    """Add a break between clusters in every piece wider than ``narrowest``; return the widest piece."""
    edges = [start, *sorted(breaks), len(shaped.text)]
    widest = 0.0
    for begin, end in itertools.pairwise(edges):
        width = shaped.width(begin, end)
        widest = max(widest, width)
        if width > narrowest:
            for index in range(begin + 1, end):
                if shaped.advances[index] and shaped.text[index] != " " and shaped.text[index - 1] != " ":
                    breaks[index] = (0.0, setting.character_penalty, False)
    return widest


def grid_gaps(text: str) -> frozenset[int]:
    """Return the offsets of the characters a gap of the CJK grid follows (``glyph_drawing.Gaps.grid_after``)."""
    return frozenset(index - 1 for index in _grid_gaps(text))


@functools.lru_cache(maxsize=64)
def _grid_gaps(text: str) -> frozenset[int]:
    """Return the offsets of the characters a gap of the CJK grid precedes: next to an ideograph, kana or mark."""
    scripts = resolved_scripts(text)
    grid = [is_grid_character(ch, script) for ch, script in zip(text, scripts, strict=True)]
    return frozenset(index for index in range(1, len(text)) if grid[index - 1] or grid[index])
