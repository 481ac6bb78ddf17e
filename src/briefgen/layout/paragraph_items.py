"""Turn a paragraph's words into the line breaker's breakpoints: boxes, glue and penalties, added up.

Input: a paragraph's words, either plain strings in one font (a paragraph of
one fragment) or ReportLab's frag words (``reportlab_compat.frag_words``:
each a width and (fragment, text) pairs), how the paragraph is set
(justified or ragged, which breaks its style allows, its language) and a
``Setting``. Output: the ``linebreak.Breakpoints`` of the items the words
make, built directly (no item objects), and for each breakpoint where it
falls among the words. Where a word may break comes from
``text.word_breaks``; its pieces are measured in their own fonts.

A justified space is ``Glue(space, space * stretch, space * shrink)``. A
ragged one is ``Glue(0, R, 0) Penalty(0, 0) Glue(space, -R, 0)``: spaces keep
their width and each line may fall short of the measure by about ``R``
(Knuth and Plass's ragged-right setting), so the same breaker evens the rag
and keeps the rules on hyphens. A word wider than the narrowest line may
break after any character (at a high penalty), so nothing runs past the edge.
The totals are added up item by item, in the items' order, so that they are
the very numbers ``Breakpoints.from_items`` would give.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Sequence
from dataclasses import field
from operator import itemgetter
from typing import Any, NamedTuple

from reportlab.pdfbase.pdfmetrics import stringWidth

from briefgen import reportlab_compat
from briefgen.layout.frag_words import fragment_at, piece_width, soft_hyphen_offsets, word_text
from briefgen.layout.linebreak import INFINITY, Breakpoints, Parameters, Row, Totals
from briefgen.layout.word_places import Place, Places, WordBreakRecord, WordRecord
from briefgen.records import by_identity, record
from briefgen.text.word_breaks import BreakKind, WordBreak, word_breaks

SOFT_HYPHEN = "\u00ad"


@record
class Setting:
    """How words become items, in units of each paragraph's own spaces and fonts."""

    stretch: float = 0.5  # share of a space it may grow by at ratio 1 (Computer Modern's: 1/2)
    shrink: float = 1 / 3  # share of a space it may lose at ratio -1 (Computer Modern's: 1/3)
    hyphen_penalty: float = 600.0  # between syllables (TeX's \hyphenpenalty is 50; TYPOGRAPHY.md says why)
    explicit_hyphen_penalty: float = 50.0  # after a hyphen the word has (\exhyphenpenalty)
    dash_penalty: float = 50.0  # after an en or em dash inside a word
    address_penalty: float = 100.0  # inside an address or identifier, after / . ? & = - _
    runt_penalty: float = 1000.0  # a break before the paragraph's last word, which would stand alone
    character_penalty: float = 5000.0  # inside a word wider than the line, where nothing else fits
    ragged_stretch_em: float = 3.0  # how far a ragged line may fall short at ratio 1, in ems
    # Shaped text (layout/shaped_items.py): a gap between two CJK characters may grow by this share of an
    # em at ratio 1 and never shrink (jsclasses' \kanjiskip, 0zw plus .1zw); a Korean word broken between
    # syllables, which keep-all otherwise forbids, costs this.
    grid_stretch: float = 0.1
    syllable_penalty: float = 100.0
    # Ems of stretch every line of shaped text gets in a pass before the final one (TeX's \emergencystretch,
    # at the 3 em TeX users set): without it a paragraph no pass can set within the tolerance may put all
    # its looseness into one line, and shaped text has fewer, narrower spaces to stretch (an Arabic space is
    # 0.22 em; a Korean line of long words has five).
    shaped_emergency_stretch: float = 3.0
    short_last_line: float = 0.15  # share of the measure below which a last line costs a runt's demerits
    parameters: Parameters = field(
        default_factory=lambda: Parameters(pretolerance=200.0, tolerance=800.0, short_last_line_demerits=5000.0)
    )


DEFAULT_SETTING = Setting()


@record
class BreakRules:
    """What a paragraph's style says about breaking its lines."""

    language: str  # a pyphen dictionary name
    justified: bool
    syllables: bool  # hyphenate between syllables (the style's hyphenationLang)
    compounds: bool  # break after a word's own hyphens and dashes (embeddedHyphenation)


class ParagraphPoints(NamedTuple):
    """A paragraph's breakpoints and where each falls among its words."""

    points: Breakpoints
    places: Sequence[Place]
    narrowest: float  # the narrowest line they were made for
    widest_word: float  # words wider than the narrowest line may break between any two characters

    def fits(self, narrowest: float) -> bool:
        """Whether these breakpoints serve lines no narrower than ``narrowest`` too (no word then breaks otherwise)."""
        return narrowest == self.narrowest or self.widest_word <= min(narrowest, self.narrowest)


def plain_points(
    words: Sequence[str],
    font: tuple[str, float],
    style: BreakRules,
    setting: Setting,
    narrowest: float,
    *,
    fill_last: bool,
) -> ParagraphPoints:
    """Return the breakpoints of ``words``, plain text in one font, each followed by a space but the last."""
    known = _known_words(style, setting, *font)
    records = [known.get(text) or _new_record(known, text, font, style, setting) for text in words[:-1]]
    if records and max(map(itemgetter(0), records)) > narrowest:  # a word wider than a line breaks anywhere
        records = [
            found if found[0] <= narrowest else _word_record(text, *font, False, style, setting, narrowest)
            for found, text in zip(records, words, strict=False)
        ]
    records.append(_word_record(words[-1], *font, True, style, setting, narrowest))
    space = space_glue(*font, setting.stretch, setting.shrink)
    if style.justified or not setting.ragged_stretch_em * font[1]:
        return _justified_points(records, space, setting, narrowest, fill_last=fill_last)
    return sum_points(records, [space] * (len(words) - 1), style, setting, font[1], narrowest, fill_last=fill_last)


def _justified_points(
    records: list[WordRecord],
    space: tuple[float, float, float],
    setting: Setting,
    narrowest: float,
    *,
    fill_last: bool,
) -> ParagraphPoints:
    """``sum_points`` for a justified paragraph, its spaces all alike: the same sums, column by column.

    Most breakpoints are spaces, which add and cost nothing if taken: the breaks inside words are
    noted, and their widths if taken, penalties and flags set afterwards.
    """
    space_width, space_stretch, space_shrink = space
    widths: list[float] = []
    stretches: list[float] = []
    shrinks: list[float] = []
    after: list[Totals] = []
    inside: list[tuple[int, tuple[WordBreakRecord, ...]]] = []  # the first break's index, and the breaks
    w = y = z = 0.0
    add_w, add_y, add_z, add_after = widths.append, stretches.append, shrinks.append, after.append
    for width, breaks, tail in records:
        if breaks:
            inside.append((len(widths), breaks))
            for piece in breaks:
                w += piece[0]
                add_w(w)
                add_y(y)
                add_z(z)
                add_after((w, y, z, 0))
            w += tail
        else:
            w += width
        add_w(w)
        add_y(y)
        add_z(z)
        w += space_width
        z += space_shrink
        y += space_stretch
        add_after((w, y, z, 0))
    # After the last word no space but Penalty(0, INFINITY) Glue(0, FILL, 0) if fill_last, and the forced break.
    fill = 1 if fill_last else 0
    after[-1] = (widths[-1], stretches[-1], shrinks[-1], fill)
    count = len(widths)
    pwidths, penalties, flags = [0.0] * count, [0.0] * count, [False] * count
    if len(records) > 1:  # a break before the last word would leave it alone on the last line (a runt): it costs
        penalties[count - len(records[-1][1]) - 2] = setting.runt_penalty
    penalties[-1] = -INFINITY
    for first, breaks in inside:
        for i, (_, pwidth, penalty, flagged, _) in enumerate(breaks, first):
            pwidths[i], penalties[i], flags[i] = pwidth, penalty, flagged
    widest = max(map(itemgetter(0), records))
    points = Breakpoints.in_order((widths, stretches, shrinks, pwidths, penalties, flags), after, fill)
    return ParagraphPoints(points, Places(None, records, count), narrowest, widest)


def _new_record(
    known: dict[str, WordRecord], text: str, font: tuple[str, float], style: BreakRules, setting: Setting
) -> WordRecord:
    """Return the record of a word not seen before in paragraphs set alike, made with no breaks between characters."""
    if len(known) > KNOWN_WORDS:
        known.clear()
    found = known[text] = _word_record(text, *font, False, style, setting, math.inf)
    return found


def frag_word_points(
    words: Sequence[Any], style: BreakRules, setting: Setting, font_size: float, narrowest: float, *, fill_last: bool
) -> ParagraphPoints:
    """Return the breakpoints of ``words`` (ReportLab's frag words, text only) and where each falls."""
    last_word = len(words) - 1
    while last_word > 0 and not word_text(words[last_word]).strip():
        last_word -= 1  # an anchor after the last word
    records: list[WordRecord] = []
    spaces: list[tuple[float, float, float] | None] = []
    spaced = reportlab_compat.SPACED_WORD
    known_font, known = None, {}  # the words known in the font of the word before, most often this one's
    for i, word in enumerate(words):
        first, text = word[1]
        # One font and plain text (no soft hyphens, which the parser marks with a str subclass): nearly
        # every word. Its breaks depend only on its text, font and place, and are worked out once.
        if len(word) == 2 and type(text) is str and not first.rise:
            font = (first.fontName, first.fontSize)
            if i == last_word:
                records.append(_word_record(text, *font, True, style, setting, narrowest))
            else:
                if font != known_font:
                    known_font, known = font, _known_words(style, setting, *font)
                found = known.get(text) or _new_record(known, text, font, style, setting)
                if found[0] > narrowest:
                    found = _word_record(text, *font, False, style, setting, narrowest)
                records.append(found)
        else:
            records.append(_mixed_word_record(word, style, i == last_word, setting))
        last = word[-1][0]
        spaced_after = isinstance(word, spaced)
        spaces.append(
            space_glue(last.fontName, last.fontSize, setting.stretch, setting.shrink) if spaced_after else None
        )
    return sum_points(
        records, spaces[:-1], style, setting, font_size, narrowest, fill_last=fill_last, last_word=last_word
    )


def sum_points(
    records: list[WordRecord],
    spaces: Sequence[tuple[float, float, float] | None],
    style: BreakRules,
    setting: Setting,
    font_size: float,
    narrowest: float,
    *,
    fill_last: bool,
    last_word: int | None = None,
) -> ParagraphPoints:
    """Add up the items of the words and the spaces between them (None: no space) into breakpoints."""
    rows: list[Row] = []
    after: list[Totals] = []
    starts: list[int] = []  # each word's first breakpoint
    add, add_after, start = rows.append, after.append, starts.append
    ragged = 0.0 if style.justified else setting.ragged_stretch_em * font_size
    runt_before = (len(records) - 1 if last_word is None else last_word) - 1  # the space before a runt
    runt, junction = setting.runt_penalty, setting.hyphen_penalty
    w = y = z = 0.0
    f = 0
    n = 0  # breakpoints so far: each one's position is its own index
    for i, (width, breaks, tail) in enumerate(records):
        start(n)
        if breaks:
            for piece, pwidth, penalty, flagged, _ in breaks:
                w += piece
                if ragged:  # Penalty(0, INFINITY) Glue(0, R, 0) penalty Glue(0, -R, 0)
                    y += ragged
                    add((n, w, y, z, f, pwidth, penalty, flagged))
                    y += -ragged
                else:
                    add((n, w, y, z, f, pwidth, penalty, flagged))
                add_after((w, y, z, f))
                n += 1
            w += tail
        else:
            w += width
        if i == len(spaces):
            break
        space = spaces[i]
        if space is None:
            # Two frag words with no space between (an anchor and a word): ReportLab may break there.
            add((n, w, y, z, f, 0.0, junction, False))
            add_after((w, y, z, f))
            n += 1
        elif ragged:  # Glue(0, R, 0) Penalty(0, 0) Glue(space, -R, 0): two breakpoints
            add((n, w, y, z, f, 0.0, 0.0, False))
            y += ragged
            add((n + 1, w, y, z, f, 0.0, 0.0, False))
            w += space[0]
            y += -ragged
            after += ((w, y, z, f), (w, y, z, f))
            n += 2
        else:
            # A break before the last word would leave it alone on the last line (a runt): it costs.
            add((n, w, y, z, f, 0.0, runt if i == runt_before else 0.0, False))
            w += space[0]
            z += space[2]
            y += space[1]
            add_after((w, y, z, f))
            n += 1
    if fill_last:
        f += 1  # Penalty(0, INFINITY) Glue(0, FILL, 0): the last line is ragged
    add((n, w, y, z, f, 0.0, -INFINITY, False))
    add_after((w, y, z, f))
    widest = max(map(itemgetter(0), records), default=0.0)
    return ParagraphPoints(Breakpoints(rows, after), Places(starts, records, n + 1), narrowest, widest)


@functools.lru_cache(maxsize=4096)
def space_glue(font_name: str, font_size: float, stretch: float, shrink: float) -> tuple[float, float, float]:
    """Return the width, stretch and shrink of a space after a word in this font."""
    space = float(stringWidth(" ", font_name, font_size))
    return space, space * stretch, space * shrink


KNOWN_WORDS = 20_000  # words whose breaks a paragraph setting remembers; past that they are forgotten


@functools.lru_cache(maxsize=64)
def _known_words_alike(style: BreakRules, setting: Setting, font_name: str, font_size: float) -> dict[str, WordRecord]:
    """Return the records of the words seen so far in paragraphs set alike (prose repeats its words).

    Made without breaks between characters: a word wider than a paragraph's narrowest line is made anew.
    """
    return {}


_known_words = by_identity(records=2)(_known_words_alike)  # asked at every paragraph, where hashing the records costs


def _word_record(
    text: str, font_name: str, font_size: float, is_last: bool, style: BreakRules, setting: Setting, narrowest: float
) -> WordRecord:
    """Return a one-font word's width and its breaks."""
    width = float(stringWidth(text, font_name, font_size))
    breaks = _allowed(word_breaks(text, style.language), style, is_last=is_last)
    if width > narrowest:
        breaks = _with_character_breaks(text, breaks, font_name, font_size, narrowest)
    if not breaks:
        return width, (), width
    found = []
    begin = 0
    for wb in breaks:
        piece = float(stringWidth(text[begin : wb.index], font_name, font_size))
        found.append((piece, *_penalty(wb.kind, text[wb.index - 1], font_name, font_size, setting), wb.index))
        begin = wb.index
    return width, tuple(found), float(stringWidth(text[begin:], font_name, font_size))


def _penalty(
    kind: BreakKind, before: str, font_name: str, font_size: float, setting: Setting
) -> tuple[float, float, bool]:
    """Return the width a break inside a word adds, its penalty and whether it is flagged."""
    if kind is BreakKind.SYLLABLE:
        return float(stringWidth("-", font_name, font_size)), setting.hyphen_penalty, True
    if kind is BreakKind.HYPHEN:
        return 0.0, setting.explicit_hyphen_penalty, True
    if kind is BreakKind.DASH:
        return 0.0, setting.dash_penalty, False
    if kind is BreakKind.ADDRESS:
        return 0.0, setting.address_penalty, before == "-"
    return 0.0, setting.character_penalty, False


def _with_character_breaks(
    text: str, breaks: list[WordBreak], font_name: str, font_size: float, narrowest: float
) -> list[WordBreak]:
    """Add a break after every character of the stretches of a word too wide for a line on their own."""
    found = {wb.index: wb for wb in breaks}
    edges = [0, *found, len(text)]
    for begin, end in itertools.pairwise(edges):
        if stringWidth(text[begin:end], font_name, font_size) > narrowest:
            for index in range(begin + 1, end):
                found.setdefault(index, WordBreak(index, BreakKind.CHARACTER))
    return [found[index] for index in sorted(found)]


def _allowed(found: Sequence[WordBreak], style: BreakRules, *, is_last: bool) -> list[WordBreak]:
    """Keep the breaks the paragraph's style allows; none that adds a hyphen in its last word."""
    kept = []
    for wb in found:
        if wb.kind is BreakKind.ADDRESS:
            kept.append(wb)
        elif is_last:
            continue
        elif (wb.kind is BreakKind.SYLLABLE and style.syllables) or (
            wb.kind in (BreakKind.HYPHEN, BreakKind.DASH) and style.compounds
        ):
            kept.append(wb)
    return kept


def _mixed_word_record(word: Any, style: BreakRules, is_last: bool, setting: Setting) -> WordRecord:
    """Return the record of a frag word in several fonts, or with soft hyphens, or raised."""
    if word[0] <= 0 or any(frag.rise for frag, _ in word[1:]):
        return float(word[0]), (), float(word[0])
    text = word_text(word)
    shy = soft_hyphen_offsets(word)
    if shy:
        breaks = [] if is_last or not style.syllables else [WordBreak(i, BreakKind.SYLLABLE) for i in shy]
    else:
        breaks = _allowed(word_breaks(text, style.language), style, is_last=is_last)
    if not breaks:
        return float(word[0]), (), float(word[0])
    found = []
    begin = 0
    for wb in breaks:
        frag = fragment_at(word, wb.index - 1)
        added = _penalty(wb.kind, text[wb.index - 1], frag.fontName, frag.fontSize, setting)
        found.append((piece_width(word, begin, wb.index), *added, wb.index))
        begin = wb.index
    return float(word[0]), tuple(found), piece_width(word, begin, len(text))
