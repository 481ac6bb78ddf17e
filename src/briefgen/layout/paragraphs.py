"""The paragraphs of a brief: lines chosen for the whole paragraph, tagged, and balanced for titles.

Input: paragraph markup, or its fragments (``layout.fragments``), and a paragraph style.
Output: ``Paragraph`` flowables whose lines are chosen by total fit
(``OptimalParagraph``: ``layout.linebreak`` over the items of
``layout.paragraph_items``, justified or ragged, hyphenated by the rules of
``text.word_breaks``), that never overflow their column, carry their
structure element when split, and (for titles) break into lines of even
length. ReportLab still parses, splits and draws them.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Any

from reportlab.lib.enums import TA_JUSTIFY
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import split, strip

from briefgen import reportlab_compat
from briefgen.layout import shaping_memo
from briefgen.layout.breaking_memo import LineEnds, line_ends, remember, remembered
from briefgen.layout.frag_words import frag_signature, own_pieces, text_only
from briefgen.layout.linebreak import MAX_BREAKPOINTS, Breaking, Breakpoints, Parameters, break_points, first_fit
from briefgen.layout.paragraph_items import (
    DEFAULT_SETTING,
    SOFT_HYPHEN,
    BreakRules,
    ParagraphPoints,
    Setting,
    frag_word_points,
    plain_points,
)
from briefgen.layout.paragraph_lines import cut_lines, lines_after, plain_lines
from briefgen.layout.plain_drawing import draw_plain_paragraph
from briefgen.pdf.tagging import Tagged
from briefgen.records import by_identity

# Words longer than this are cut at the line's end, never hyphenated: ReportLab runs the
# hyphenator again on every piece it cuts off, so a 100,000-letter "word" took 20 seconds.
LONGEST_HYPHENATED_WORD = 200
LONG_WORD = 30  # longer than any word of prose: an address, a code, a chemical name
OPENING = 160  # characters: more than a line of prose holds, so most paragraphs' opening is wider than a line


class FittingParagraph(Paragraph):
    """A paragraph that never draws past its width, whatever words it holds.

    ReportLab breaks an over-long address at its slashes, but then leaves the
    last piece whole, however wide (it never splits a word twice); a 5,000
    character URL would run off the page. When that happens, or when a word is
    absurdly long to begin with, the paragraph is wrapped without address
    splitting and hyphenation, so ReportLab cuts long words where the line ends.
    """

    style: Any  # a ParagraphStyle; ReportLab ships no type hints

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (ReportLab API)
        """Wrap as usual; if a line is wider than the room, wrap again cutting long words."""
        longest = self._longest_word() if self._hyphenates() else 0
        if longest > LONGEST_HYPHENATED_WORD:
            self._cut_long_words()
            longest = 0  # cut where the line ends from now on: nothing can overflow
        width, height = super().wrap(availWidth, availHeight)
        # Only a long word (an address) can run past the edge; an ordinary line that looks a
        # little too wide is one whose spaces ReportLab will shrink when it justifies it.
        if longest > LONG_WORD and self._overflows(availWidth):
            self._cut_long_words()
            width, height = super().wrap(availWidth, availHeight)
        return width, height

    def _hyphenates(self) -> bool:
        return bool(self.style.uriWasteReduce or self.style.hyphenationLang or self.style.embeddedHyphenation)

    def _cut_long_words(self) -> None:
        self.style = self.style.clone(
            f"{self.style.name}.cut", hyphenationLang="", uriWasteReduce=0, embeddedHyphenation=0, splitLongWords=1
        )

    def _longest_word(self) -> int:
        # A frame may wrap a paragraph several times; its words do not change, so count them once.
        longest: int | None = self.__dict__.get("longest_word")
        if longest is None:
            texts = [text for frag in getattr(self, "frags", ()) if isinstance(text := getattr(frag, "text", ""), str)]
            # Words run across fragments ("**bold**ly"), so the fragments are joined before splitting.
            words = "".join(texts).split()
            longest = max(map(len, words), default=0)
            self.longest_word = longest
        return longest

    def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803 (ReportLab API)
        """Split as ReportLab does; the parts' words are the whole's, so no part counts them again."""
        parts: list[Any] = super().split(availWidth, availHeight)
        if "longest_word" in self.__dict__:
            for part in parts:
                part.longest_word = self.longest_word  # at most the whole's longest word: a safe bound
        return parts

    def _overflows(self, width: float) -> bool:
        room = width - self.style.leftIndent - self.style.rightIndent - max(self.style.firstLineIndent, 0)
        return (
            bool(reportlab_compat.paragraph_lines(self))
            and max(reportlab_compat.paragraph_line_widths(self)) > room + 0.5
        )


class OptimalParagraph(FittingParagraph):
    """A paragraph whose lines are chosen for the whole paragraph at once (Knuth-Plass), justified or ragged.

    ReportLab's own breaker still sets what this one does not: right-to-left
    and CJK text, shaped fonts, dot leaders, a justified last line, and
    paragraphs holding images or line breaks (briefgen makes none of these).
    """

    frags: Any  # ReportLab's parsed fragments, then its frag words
    setting: Setting = DEFAULT_SETTING
    last_breaking: Breaking | None = None  # what the breaker chose at the last wrap
    line_widths: list[float] | None = None  # the widths it was chosen for
    fixed_lines: tuple[list[float], Any] | None = None  # a split's first part keeps the lines the page counted
    wrapped: tuple[tuple[tuple[float, ...], bool], Any, Any] | None = None  # the last wrap: key, words, lines
    kept_points: tuple[bool, Any, ParagraphPoints] | None = None  # a plain paragraph's breakpoints, for other widths
    # A one-fragment text and its width, measured whole (True) or its opening's only (False).
    one_line: tuple[Any, str, str, float, float, bool] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (ReportLab API)
        """Wrap as ReportLab does; FittingParagraph's checks only for lines ReportLab's breaker sets."""
        if self._own_lines():
            width, height = Paragraph.wrap(self, availWidth, availHeight)
            return width, height
        return super().wrap(availWidth, availHeight)

    def _own_lines(self) -> bool:
        style = self.style
        if style.wordWrap or style.endDots or style.justifyLastLine:
            return False
        return not (style.shaping and getFont(style.fontName).shapable)

    def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803 (ReportLab API)
        """Split as ReportLab does; each part keeps the lines the whole paragraph chose for it, as TeX's pages do."""
        own_pieces(self)
        parts: list[Any] = super().split(availWidth, availHeight)
        if len(parts) == 2 and self.last_breaking is not None and self.line_widths is not None:
            # The frame wraps the first part again before drawing it: broken anew, as a paragraph
            # whose last line is justified, it could take other lines than the page counted.
            first = reportlab_compat.paragraph_lines(parts[0])
            plain = reportlab_compat.plain_fragment(self.frags) if first and type(first[0]) is tuple else None
            parts[0].fixed_lines = (self.line_widths, reportlab_compat.broken_lines(first, plain))
            # The rest, broken anew without the lines before it, could end otherwise (one word alone on its last
            # line where the whole had none), and would cost a search. It keeps the whole's lines where they were
            # all one width, the width it is wrapped at on the next page unless that page's frame differs.
            rest_plain = reportlab_compat.plain_fragment(parts[1].frags) if plain is not None else None
            if len(self.line_widths) - 1 <= len(first) and (plain is None) == (rest_plain is None):
                rest = lines_after(reportlab_compat.paragraph_lines(self), len(first))
                widths = self.line_widths[-1:]
                parts[1].fixed_lines = (widths, reportlab_compat.broken_lines(rest, rest_plain))
                parts[1].last_breaking, parts[1].line_widths = self.last_breaking, widths
        for part in parts:
            part.setting = self.setting
        return parts

    def drawPara(self, debug: int = 0) -> None:  # noqa: N802 (ReportLab API)
        """Draw as ReportLab does; plain lines in fewer calls (``plain_drawing``), to the same bytes."""
        if not draw_plain_paragraph(self, debug):
            super().drawPara(debug)

    def _fits_one_line(self, width: float) -> bool:
        frags = self.frags
        if len(frags) != 1 or type(text := getattr(frags[0], "text", None)) is not str:
            return False
        fragment = frags[0]
        # Asked at every wrap; a paragraph's text (about 14 µs for 600 characters) is measured once, and
        # at first only its opening: widths only add up, so an opening wider than the line settles it.
        measured = self.one_line
        if measured is None or not (
            measured[0] is fragment
            and measured[1] is text
            and measured[2] == fragment.fontName
            and measured[3] == fragment.fontSize
        ):
            whole = len(text) <= OPENING
            opening = stringWidth(text if whole else text[:OPENING], fragment.fontName, fragment.fontSize)
            measured = self.one_line = (fragment, text, fragment.fontName, fragment.fontSize, opening, whole)
        if measured[4] > width:
            return False
        if not measured[5]:
            measured = (*measured[:4], stringWidth(text, fragment.fontName, fragment.fontSize), True)
            self.one_line = measured
        return bool(measured[4] <= width)

    def breakLines(self, width: Any) -> Any:  # noqa: N802 (ReportLab API)
        """Return ReportLab's structure of broken lines (``ParaLines``), the lines chosen by total fit."""
        if not self._own_lines():
            return super().breakLines(width)
        widths = [float(w) for w in width] if isinstance(width, list | tuple) else [float(width)]
        reportlab_compat.bullet_line_widths(self, widths)
        while len(widths) > 1 and widths[-1] == widths[-2]:
            del widths[-1]
        if self.fixed_lines is not None and self.fixed_lines[0] == widths:
            return self.fixed_lines[1]
        if self._fits_one_line(widths[0]):  # a heading, a label, a cell: one line, nothing to choose
            return self._one_line(widths[0]) or super().breakLines(width)
        key = (tuple(widths), reportlab_compat.justifies_last_line(self))
        if self.wrapped is not None and self.wrapped[0] == key and self.wrapped[1] is self.frags:
            return self.wrapped[2]  # frames wrap a paragraph twice at one width: to measure, then to draw
        style = self.style
        rules = _rules(
            getattr(style, "hyphenation_dictionary", "en_US"),
            style.alignment,
            style.hyphenationLang,
            style.embeddedHyphenation,
        )
        plain = reportlab_compat.plain_fragment(self.frags)
        words: list[Any] | None = _plain_words(plain) if plain is not None else None
        parameters, setting_key = _parameters(self.setting, rules, widths[-1])
        if words is not None:
            # One font, plain text: the words are strings, the lines ReportLab's plain ones (kind 0).
            font = (plain.fontName, plain.fontSize)
            fill_last = not key[1]
            memo_key = (" ".join(words), font, setting_key, key[0], fill_last)
            ends = remembered(memo_key)
            if ends is None:
                found = self._plain_points(words, font, rules, min(widths), fill_last=fill_last)
                breaking = _breaking(found.points, widths, parameters)
                ends = remember(memo_key, line_ends(breaking, found.points, found.places))
            breaking = ends.breaking
            plain_set = plain_lines(words, font, ends, widths)
            last = len(widths) - 1
            widest = max((widths[min(i, last)] - room for i, (room, _) in enumerate(plain_set)), default=0.0)
            result = reportlab_compat.broken_lines(plain_set, plain)
        else:
            frags = self.frags
            # A tighter layout tried gets the same fragments (``LayoutContext``): its lines are those cut before.
            # The cut holds the fragments it was cut from, so while it is kept their id is no other list's.
            cut_key = ("frag lines", id(frags), key, setting_key, style.fontSize)  # setting_key: the rules too
            cut = shaping_memo.remembered(cut_key, lambda: self._cut(frags, widths, rules, parameters, setting_key))
            if cut[1] is None:
                return super().breakLines(width)  # not text only (an image, a line break): ReportLab's
            _, pieces, lines, breaking, widest = cut
            self.frags = pieces
            result = reportlab_compat.broken_lines(lines)
        reportlab_compat.note_breaking(self, widest=widest, hyphenations=sum(breaking.flagged))
        self.wrapped = (key, self.frags, result)
        self.last_breaking, self.line_widths = breaking, widths
        return result

    def _cut(
        self, frags: Any, widths: list[float], rules: BreakRules, parameters: Parameters, setting_key: object
    ) -> Any:
        """Return ``frags`` and the pieces, lines, breaking and widest line they are cut into; no pieces if not text."""
        words = reportlab_compat.frag_words(frags, widths[0])
        if not words or not text_only(words):
            return frags, None, None, None, 0.0
        style = self.style
        fill_last = not reportlab_compat.justifies_last_line(self)
        # Words in several fonts (emphasis, a link, a Korean name) are remembered by what decides their
        # breakpoints, as plain ones by their text: another brief or a watch rebuild breaks them again otherwise.
        frag_key = (frag_signature(words), rules, setting_key, tuple(widths), fill_last, style.fontSize)
        ends = remembered(frag_key)
        if ends is None:
            found = frag_word_points(words, rules, self.setting, style.fontSize, min(widths), fill_last=fill_last)
            chosen = _breaking(found.points, widths, parameters)
            ends = remember(frag_key, LineEnds(chosen, tuple(found.places[b] for b in chosen.breaks), (), ()))
        pieces, lines = cut_lines(words, ends.breaking, ends.places, widths)
        widest = max((line["maxWidth"] - line["extraSpace"] for line in lines), default=0.0)
        return frags, pieces, lines, ends.breaking, widest

    def _one_line(self, width: float) -> Any:
        """Return the one line ``breakLines`` makes of plain text that fits ``width``, or None to leave it to it.

        ReportLab sets up its hyphenator and goes through its general loop for every heading, label and
        cell; the line it makes of words that fit is the words and the room they leave, added up as here.
        """
        plain = reportlab_compat.plain_fragment(self.frags)
        text = getattr(plain, "text", None)
        if type(text) is not str or SOFT_HYPHEN in text:
            return None
        words = split(strip(text))
        if not words:
            return None
        font, size = plain.fontName, plain.fontSize
        space = stringWidth(" ", font, size)
        shrink = self.style.spaceShrinkage * space
        current = -space
        for count, word in enumerate(words):
            current = current + space + stringWidth(word, font, size)
            if current > width + shrink * count:
                return None  # ReportLab would break, hyphenate or cut here: its to decide
        reportlab_compat.note_breaking(self, widest=max(current, 0.0), hyphenations=0)
        return reportlab_compat.broken_lines([(width - current, words)], plain)

    def _plain_points(
        self, words: list[str], font: tuple[str, float], rules: BreakRules, narrowest: float, *, fill_last: bool
    ) -> ParagraphPoints:
        """Return the breakpoints of plain words, kept for wraps at other widths (a title is tried at several)."""
        kept = self.kept_points
        if kept is not None and kept[0] == fill_last and kept[1] is self.frags and kept[2].fits(narrowest):
            return kept[2]
        found = plain_points(words, font, rules, self.setting, narrowest, fill_last=fill_last)
        self.kept_points = (fill_last, self.frags, found)
        return found


def _breaking(points: Breakpoints, widths: list[float], parameters: Parameters) -> Breaking:
    if len(points.position) > MAX_BREAKPOINTS:
        return first_fit(points, widths)
    return break_points(points, widths, parameters)


def _plain_words(fragment: Any) -> list[str] | None:
    """Return the words of a paragraph's one fragment, or None if its text needs ReportLab's frag words."""
    text = getattr(fragment, "text", None)
    if text is None:  # the rest of a split paragraph: its words, a line's last one with its space
        return [word.rstrip(" ") for word in getattr(fragment, "words", ())] or None
    if type(text) is not str:
        return None  # soft hyphens: the parser marked where they were
    return split(strip(text)) or None


@functools.lru_cache(maxsize=256)
def _rules(dictionary: str, alignment: int, hyphenation: str, embedded: int) -> BreakRules:
    return BreakRules(dictionary, alignment == TA_JUSTIFY, bool(hyphenation), bool(embedded))


@by_identity(records=2)  # asked at every wrap, where hashing the setting and rules cost more than it served
def _parameters(setting: Setting, rules: BreakRules, width: float) -> tuple[Parameters, object]:
    """Return the breaker's parameters, the setting's lengths made relative to the measure, and a key for them.

    The key stands in the breaking memo's keys for the setting, rules and parameters, which are
    slow to hash: one key for each (setting, rules, measure) this cache has kept.
    """
    return _relative_parameters(setting, width), object()


@functools.lru_cache(maxsize=256)
def _relative_parameters(setting: Setting, width: float) -> Parameters:
    return dataclasses.replace(setting.parameters, short_last_line=setting.short_last_line * width)


class TaggedParagraph(Tagged, OptimalParagraph):
    """A paragraph that is tagged when drawn and stays one structure element when split."""


class BalancedParagraph(Tagged, OptimalParagraph):
    """A left-aligned paragraph whose lines are evened out, so a title has no stub last line."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (ReportLab API)
        """Find the narrowest width that keeps the line count of the full width."""
        width, height = super().wrap(availWidth, availHeight)
        lines = len(reportlab_compat.paragraph_lines(self))
        if lines < 2:
            return width, height
        narrow, wide = availWidth * 0.5, availWidth
        while wide - narrow > 1:
            middle = (narrow + wide) / 2
            super().wrap(middle, availHeight)
            if len(reportlab_compat.paragraph_lines(self)) > lines:
                narrow = middle
            else:
                wide = middle
        super().wrap(wide, availHeight)
        return availWidth, self.height
