"""Cut a paragraph's words at the breaks the breaker chose, into the lines ReportLab draws.

Input: ReportLab's frag words, a ``linebreak.Breaking`` and where each break
falls among the words (``paragraph_items``). Output: the words cut into
pieces exactly as ReportLab's ``breakLines`` cuts them (so a split
paragraph's rest is joined and broken again), and each line's fields for a
``FragLine`` (``reportlab_compat.broken_lines``): its fragments, the room
left, its word count and font extent. ``drawPara`` then justifies, colours
and links the lines as ReportLab always does.

Two things differ from ReportLab's lines, so that the text reads back as
written: a line that ends between words ends with a space (extraction and
the structure tree would otherwise run the two words together), and a hyphen
added at a break is drawn as a soft hyphen, U+00AD (the same glyph, which
extraction knows to drop when it joins the word).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth

from briefgen import reportlab_compat
from briefgen.layout.breaking_memo import LineEnds
from briefgen.layout.frag_words import segments
from briefgen.layout.linebreak import Breaking
from briefgen.layout.paragraph_items import SOFT_HYPHEN
from briefgen.layout.word_places import Place
from briefgen.style.fonts import font_coverage

HYPHENS = "-\u2010"


def cut_lines(
    words: Sequence[Any], breaking: Breaking, places: Sequence[Place], widths: Sequence[float]
) -> tuple[list[Any], list[dict[str, Any]]]:
    """Cut the frag words at the chosen breaks (``places``: where each falls); return the pieces and lines.

    Each line is its ``FragLine`` fields.
    """
    pieces: list[Any] = []
    lines: list[dict[str, Any]] = []
    word, char = 0, 0  # where the next line starts
    last_width = len(widths) - 1
    last_line = len(breaking.breaks) - 1
    for number, (end_word, end_char) in enumerate(places):
        first_piece = len(pieces)
        hyphen = False
        for i in range(word, end_word + 1):
            begin = char if i == word else 0
            if i == end_word and end_char >= 0:
                text = _text(words[i])
                hyphen = breaking.flagged[number] and text[end_char - 1] not in HYPHENS
                pieces.append(_piece(words[i], begin, end_char, hyphen))
            else:
                pieces.append(_piece(words[i], begin, None, False))
        between_words = end_char < 0 and number < last_line
        if end_char >= 0:
            word, char = end_word, end_char
        else:
            word, char = end_word + 1, 0
        max_width = widths[min(number, last_width)]
        lines.append(_line(pieces[first_piece:], max_width, first_piece, between_words, hyphen))
    return pieces, lines


def plain_lines(
    words: Sequence[str], font: tuple[str, float], ends: LineEnds, widths: Sequence[float]
) -> list[tuple[float, list[str]]]:
    """Cut plain words in one font at the chosen breaks; return each line's room left and words (kind 0 lines).

    The room left comes from the breaker's totals (the spaces' and pieces' widths added up as it
    added them); a cut word's pieces are of the classes ReportLab joins again when it splits the
    paragraph, so the rest of a split paragraph gets its words whole.
    """
    lines: list[tuple[float, list[str]]] = []
    word, char = 0, 0  # where the next line starts
    start = 0.0  # the total width where it starts
    hyphen_drawn = SOFT_HYPHEN if _soft_hyphen_drawn_alike(*font) else "-"
    flags = ends.breaking.flagged
    last_width, last_line = len(widths) - 1, len(flags) - 1
    part = reportlab_compat.word_part
    for number, (end_word, end_char) in enumerate(ends.places):
        line = list(words[word : end_word + 1])
        if char and (end_word > word or end_char < 0):
            line[0] = part(line[0][char:], head=False, hyphen=False, space=False)  # a cut word's last piece
        if end_char >= 0:
            text = words[end_word]
            head = text[char if end_word == word else 0 : end_char]
            hyphen = flags[number] and text[end_char - 1] not in HYPHENS
            line[-1] = part(head + hyphen_drawn if hyphen else head, head=True, hyphen=hyphen, space=False)
            word, char = end_word, end_char
        else:
            if number < last_line:
                # The line ends between words: with the space, so that the text reads back with it.
                last = line[-1]
                line[-1] = type(last)(last + " ")  # a cut word's last piece keeps its class
            word, char = end_word + 1, 0
        lines.append((widths[min(number, last_width)] - (ends.ends[number] - start), line))
        start = ends.starts[number]
    return lines


def lines_after(lines: Sequence[Any], start: int) -> list[Any]:
    """Return a paragraph's lines from line ``start``, as the rest of it split there holds them.

    Plain lines are (room, words) pairs, kept as they are; a line of several fonts (a ``FragLine``) counts
    its first piece from the paragraph's first (``sFW``), and the rest's pieces start at that line's.
    """
    rest = list(lines[start:])
    if rest and type(rest[0]) is not tuple:
        base = rest[0].sFW
        rest = [line.clone(sFW=line.sFW - base) for line in rest]
    return rest


def _text(word: Any) -> str:
    return "".join(piece for _, piece in word[1:])


def _piece(word: Any, begin: int, end: int | None, hyphen: bool) -> Any:
    """Return characters ``begin:end`` of a frag word as a frag word ReportLab joins again when it re-wraps."""
    if begin == 0 and end is None:
        return word
    stop = len(_text(word)) if end is None else end
    parts = segments(word, begin, stop)
    width = sum(stringWidth(t, f.fontName, f.fontSize) for f, t in parts if t)
    if end is not None and hyphen:
        frag, text = parts[-1]
        parts[-1] = (frag, text + "-")
        width += stringWidth("-", frag.fontName, frag.fontSize)
    elif end is not None and parts and parts[-1][1].endswith("-"):
        # The word's own hyphen ends the head. ReportLab joins a head to its tail by stripping a
        # hyphen from the head's end when both are the same fragment, which would drop this one
        # ("well-known" re-wrapped read "wellknown"): the head gets a fragment of its own.
        frag, text = parts[-1]
        parts[-1] = (frag.clone(), text)
    space = isinstance(word, reportlab_compat.SPACED_WORD)
    return reportlab_compat.word_part(parts, width, head=end is not None, hyphen=hyphen, space=space)


@functools.lru_cache(maxsize=1024)
def _extent(font_name: str, font_size: float) -> tuple[float, float]:
    ascent, descent = getAscentDescent(font_name, font_size)
    return ascent, descent


@functools.lru_cache(maxsize=256)
def _soft_hyphen_drawn_alike(font_name: str, font_size: float) -> bool:
    """Whether the font draws U+00AD as wide as a hyphen (a visible hyphen, then, in every font seen)."""
    if ord(SOFT_HYPHEN) not in font_coverage(font_name):
        return False
    width = float(stringWidth(SOFT_HYPHEN, font_name, font_size))
    return width > 0 and abs(width - float(stringWidth("-", font_name, font_size))) < 1e-6


def _line(
    line_words: list[Any], max_width: float, first_index: int, between_words: bool, hyphen: bool
) -> dict[str, Any]:
    """Return one line's ``FragLine`` fields, built from its frag words as ReportLab's ``breakLines`` does.

    Consecutive words that draw alike become one fragment, their texts joined with a space.
    """
    words: list[Any] = []
    count = 0
    current = 0.0
    space = 0.0  # the width of the space after the previous word, if one follows it
    fonts: set[tuple[str, float]] = set()
    g: Any = None  # the fragment being filled; ``parts`` holds its text
    source: Any = None  # the fragment g is a clone of: the same object needs no comparison
    parts: list[str] = []
    spaced = reportlab_compat.SPACED_WORD
    for w in line_words:
        f, text = w[1]
        if w[0] > 0:
            current = current + space + w[0] if words else w[0]
        if text:
            count += 1
        if f is source or (g is not None and reportlab_compat.same_look(g, f)):
            parts.append(" " + text if space and parts and not parts[-1].endswith(" ") else text)
        else:
            if g is not None:
                g.text = "".join(parts)
                if space:
                    _end_with_space(words)
            g, source, parts = f.clone(), f, [text]
            words.append(g)
        fonts.add((f.fontName, f.fontSize))
        if len(w) > 2:
            g.text = "".join(parts)
            more = False
            for frag, piece in w[2:]:
                g, source, parts = frag.clone(), frag, [piece]
                g.text = piece
                more = more or bool(piece)
                words.append(g)
                fonts.add((frag.fontName, frag.fontSize))
            if not text and more:
                count += 1
        last = w[-1][0]
        space = _space_width(last.fontName, last.fontSize) if isinstance(w, spaced) else 0.0
    if g is not None:
        g.text = "".join(parts)
    if hyphen:
        _soften_hyphen(words)
    elif between_words:
        _end_with_space(words)
    extents = [_extent(*font) for font in fonts]
    return {
        "extraSpace": max_width - current,
        "wordCount": count,
        "lineBreak": False,
        "words": words,
        "fontSize": max((size for _, size in fonts), default=0.0),
        "ascent": max((a for a, _ in extents), default=0.0),
        "descent": min((d for _, d in extents), default=0.0),
        "maxWidth": max_width,
        "sFW": first_index,
    }


@functools.lru_cache(maxsize=4096)
def _space_width(font_name: str, font_size: float) -> float:
    return float(stringWidth(" ", font_name, font_size))


def _end_with_space(words: list[Any]) -> None:
    for frag in reversed(words):
        if reportlab_compat.fragment_kind(frag) == "text":
            if not frag.text.endswith(" "):
                frag.text += " "
            return


def _soften_hyphen(words: list[Any]) -> None:
    """Draw the hyphen the break added as U+00AD, which the same glyph shows, where the font allows."""
    for frag in reversed(words):
        if reportlab_compat.fragment_kind(frag) == "text" and frag.text:
            if frag.text.endswith("-") and _soft_hyphen_drawn_alike(frag.fontName, frag.fontSize):
                frag.text = frag.text[:-1] + SOFT_HYPHEN
            return
