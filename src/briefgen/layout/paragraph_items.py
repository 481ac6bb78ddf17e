"""Turn a paragraph's words into the line breaker's boxes, glue and penalties.

Input: ReportLab's frag words (``reportlab_compat.frag_words``: each a width
and (fragment, text) pairs), how the paragraph is set (justified or ragged,
which breaks its style allows, its language) and a ``Setting``. Output:
``Items``: the items for ``layout.linebreak`` and, for each place a line may
end, where that falls among the words. Where a word may break comes from
``text.word_breaks``; its pieces are measured in their own fonts.

A justified space is ``Glue(space, space * stretch, space * shrink)``. A
ragged one is ``Glue(0, R, 0) Penalty(0, 0) Glue(space, -R, 0)``: spaces keep
their width and each line may fall short of the measure by about ``R``
(Knuth and Plass's ragged-right setting), so the same breaker evens the rag
and keeps the rules on hyphens. A word wider than the narrowest line may
break after any character (at a high penalty), so nothing runs past the edge.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth

from briefgen import reportlab_compat
from briefgen.layout.linebreak import FILL, INFINITY, Box, Glue, Item, Parameters, Penalty
from briefgen.text.word_breaks import BreakKind, WordBreak, word_breaks

# Where a break item falls among the frag words: (word index, character index); a character
# index of -1 means after the whole word.
Place = tuple[int, int]

SOFT_HYPHEN = "\u00ad"


@dataclass(frozen=True)
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
    short_last_line: float = 0.15  # share of the measure below which a last line costs a runt's demerits
    parameters: Parameters = field(
        default_factory=lambda: Parameters(pretolerance=200.0, tolerance=800.0, short_last_line_demerits=5000.0)
    )


DEFAULT_SETTING = Setting()


@dataclass(frozen=True)
class BreakRules:
    """What a paragraph's style says about breaking its lines."""

    language: str  # a pyphen dictionary name
    justified: bool
    syllables: bool  # hyphenate between syllables (the style's hyphenationLang)
    compounds: bool  # break after a word's own hyphens and dashes (embeddedHyphenation)


@dataclass
class Items:
    """A paragraph's items for the breaker and where each possible break falls among its words."""

    items: list[Item] = field(default_factory=list)
    places: dict[int, Place] = field(default_factory=dict)


def paragraph_items(
    words: Sequence[Any], style: BreakRules, setting: Setting, font_size: float, narrowest: float, *, fill_last: bool
) -> Items:
    """Return the items of ``words`` (ReportLab's frag words, text only) and where each break falls.

    ``fill_last`` sets the last line ragged (as a paragraph's last line is);
    without it the last line is justified too (the first part of a split paragraph).
    """
    out = Items()
    items, places = out.items, out.places
    ragged = 0.0 if style.justified else setting.ragged_stretch_em * font_size
    known = _known_words(style, setting, ragged, narrowest)
    spaced = reportlab_compat.SPACED_WORD
    last_word = len(words) - 1
    while last_word > 0 and not _text(words[last_word]).strip():
        last_word -= 1  # an anchor after the last word
    for i, word in enumerate(words):
        first, text = word[1]
        # One font and plain text (no soft hyphens, which the parser marks with a str subclass): nearly
        # every word. Its items depend only on its text, font and place, and are worked out once.
        if len(word) == 2 and type(text) is str and not first.rise:
            key = (text, first.fontName, first.fontSize, i == last_word)
            found = known.get(key)
            if found is None:
                if len(known) > KNOWN_WORDS:
                    known.clear()
                found = known[key] = _word_items(*key, style, setting, ragged, narrowest)
            word_items, offsets = found
            base = len(items)
            for offset, char in offsets:
                places[base + offset] = (i, char)
            items += word_items
        else:
            _add_word_items(out, word, i, style, i == last_word, setting, ragged)
        if i + 1 == len(words):
            break
        if i + 1 == last_word and not ragged and isinstance(word, spaced):
            # A break before the last word would leave it alone on the last line (a runt): it costs.
            places[len(items)] = (i, -1)
            items.append(Penalty(0.0, setting.runt_penalty))
        places[len(items)] = (i, -1)
        if isinstance(word, spaced):
            last = word[-1][0]
            if ragged:
                places[len(items) + 1] = (i, -1)
            items += _space(last.fontName, last.fontSize, setting.stretch, setting.shrink, ragged)
        else:
            # Two frag words with no space between (an anchor and a word): ReportLab may break there.
            items.append(Penalty(0.0, setting.hyphen_penalty))
    if fill_last:
        items += (Penalty(0.0, INFINITY), Glue(0.0, FILL, 0.0))
    places[len(items)] = (len(words) - 1, -1)
    items.append(Penalty(0.0, -INFINITY))
    return out


@functools.lru_cache(maxsize=4096)
def _space(font_name: str, font_size: float, stretch: float, shrink: float, ragged: float) -> tuple[Item, ...]:
    """Return the items of a space after a word in this font: glue, or a ragged line's break."""
    space = float(stringWidth(" ", font_name, font_size))
    if ragged:
        return (Glue(0.0, ragged, 0.0), Penalty(0.0, 0.0), Glue(space, -ragged, 0.0))
    return (Glue(space, space * stretch, space * shrink),)


KNOWN_WORDS = 20_000  # words whose items a paragraph setting remembers; past that they are forgotten


@functools.lru_cache(maxsize=64)
def _known_words(
    style: BreakRules, setting: Setting, ragged: float, narrowest: float
) -> dict[tuple[str, str, float, bool], tuple[tuple[Item, ...], tuple[tuple[int, int], ...]]]:
    """Return the items of the words seen so far in paragraphs set alike: prose repeats its words."""
    return {}


def _word_items(
    text: str,
    font_name: str,
    font_size: float,
    is_last: bool,
    style: BreakRules,
    setting: Setting,
    ragged: float,
    narrowest: float,
) -> tuple[tuple[Item, ...], tuple[tuple[int, int], ...]]:
    """Return a one-font word's items and, for each break among them, its offset and character index."""
    width = float(stringWidth(text, font_name, font_size))
    breaks = _allowed(word_breaks(text, style.language), style, is_last=is_last)
    if width > narrowest:
        breaks = _with_character_breaks(text, breaks, font_name, font_size, narrowest)
    if not breaks:
        return (Box(width),), ()
    items: list[Item] = []
    offsets: list[tuple[int, int]] = []
    begin = 0
    for wb in breaks:
        items.append(Box(float(stringWidth(text[begin : wb.index], font_name, font_size))))
        items += _penalty(wb.kind, text[wb.index - 1], font_name, font_size, setting, ragged)
        offsets.append((len(items) - (2 if ragged else 1), wb.index))
        begin = wb.index
    items.append(Box(float(stringWidth(text[begin:], font_name, font_size))))
    return tuple(items), tuple(offsets)


def _penalty(
    kind: BreakKind, before: str, font_name: str, font_size: float, setting: Setting, ragged: float
) -> tuple[Item, ...]:
    """Return the items of one break inside a word: a penalty, wrapped in ragged glue when the text is ragged."""
    if kind is BreakKind.SYLLABLE:
        penalty = Penalty(float(stringWidth("-", font_name, font_size)), setting.hyphen_penalty, True)
    elif kind is BreakKind.HYPHEN:
        penalty = Penalty(0.0, setting.explicit_hyphen_penalty, True)
    elif kind is BreakKind.DASH:
        penalty = Penalty(0.0, setting.dash_penalty, False)
    elif kind is BreakKind.ADDRESS:
        penalty = Penalty(0.0, setting.address_penalty, before == "-")
    else:
        penalty = Penalty(0.0, setting.character_penalty, False)
    if not ragged:
        return (penalty,)
    # The line that ends here may fall short like any ragged line; if it does not end here, nothing is added.
    return (Penalty(0.0, INFINITY), Glue(0.0, ragged, 0.0), penalty, Glue(0.0, -ragged, 0.0))


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


def _add_word_items(
    out: Items, word: Any, index: int, style: BreakRules, is_last: bool, setting: Setting, ragged: float
) -> None:
    """Add the items of a word in several fonts, or with soft hyphens, or raised."""
    if word[0] <= 0 or any(frag.rise for frag, _ in word[1:]):
        out.items.append(Box(float(word[0])))
        return
    text = _text(word)
    shy = soft_hyphen_offsets(word)
    if shy:
        breaks = [] if is_last or not style.syllables else [WordBreak(i, BreakKind.SYLLABLE) for i in shy]
    else:
        breaks = _allowed(word_breaks(text, style.language), style, is_last=is_last)
    begin = 0
    for wb in breaks:
        out.items.append(Box(piece_width(word, begin, wb.index)))
        frag = _fragment_at(word, wb.index - 1)
        added = _penalty(wb.kind, text[wb.index - 1], frag.fontName, frag.fontSize, setting, ragged)
        out.items += added
        out.places[len(out.items) - (2 if ragged else 1)] = (index, wb.index)
        begin = wb.index
    out.items.append(Box(piece_width(word, begin, len(text)) if breaks else float(word[0])))


def _text(word: Any) -> str:
    return "".join(piece for _, piece in word[1:])


def soft_hyphen_offsets(word: Any) -> list[int]:
    """Return where a word held soft hyphens (which the parser took out), as offsets into its text."""
    found: list[int] = []
    offset = 0
    for _, piece in word[1:]:
        found += [offset + x for x in reportlab_compat.soft_hyphen_places(piece)]
        offset += len(piece)
    return found


def _fragment_at(word: Any, index: int) -> Any:
    offset = 0
    for frag, piece in word[1:]:
        offset += len(piece)
        if index < offset:
            return frag
    return word[-1][0]


def segments(word: Any, begin: int, end: int) -> list[tuple[Any, str]]:
    """Return the (fragment, text) pairs of characters ``begin:end`` of a frag word."""
    out: list[tuple[Any, str]] = []
    offset = 0
    length = len(_text(word))
    for frag, piece in word[1:]:
        stop = offset + len(piece)
        if stop > begin and offset < end:
            out.append((frag, piece[max(begin - offset, 0) : min(end, stop) - offset]))
        elif not piece and (begin <= offset < end or offset == end == length):
            out.append((frag, piece))  # zero-width fragments (anchors) stay in place
        offset = stop
    return out


def piece_width(word: Any, begin: int, end: int) -> float:
    """Return the width of characters ``begin:end`` of a frag word, each in its own font."""
    if begin == 0 and end >= len(_text(word)):
        return float(word[0])
    return float(sum(stringWidth(t, f.fontName, f.fontSize) for f, t in segments(word, begin, end) if t))
