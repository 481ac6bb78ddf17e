"""A paragraph in any script: shaped with HarfBuzz, broken by total fit, reordered line by line, drawn by glyph id.

Input: a paragraph's text as ``Span``s, a ReportLab paragraph style (size,
leading, colour, alignment, indents, bullet), the chain of faces per weight,
the language and base direction. Output: ``ShapedParagraph``, a flowable
that wraps, splits across pages (keeping widows and orphans as the style
says) and draws like ReportLab's ``Paragraph``, tagged like it (its links'
text as ``Link`` content, its bullet as ``Lbl``).

The layout uses it only for text ReportLab's paragraphs cannot set: a
character the style's font lacks, right-to-left text, marks, and scripts
that need shaping; everything else stays on ReportLab's path, byte for byte.
A right-to-left paragraph, and any paragraph on a right-to-left page (a
brief in Arabic or Hebrew), mirrors its style: left alignment and indents
become right ones, the bullet goes on the right.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Sequence
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.platypus import Flowable

from briefgen.layout import shaping_memo
from briefgen.layout.paragraph_items import DEFAULT_SETTING
from briefgen.layout.shaped_items import ShapedPoints, ShapedRules, grid_gaps, shaped_points
from briefgen.layout.shaped_lines import Line, break_lines, justification, sets_on_grid
from briefgen.pdf.font_subsets import EM
from briefgen.pdf.glyph_drawing import Gaps, draw_line, line_pieces
from briefgen.pdf.shaping import ShapedText, Span
from briefgen.pdf.tagging import Element, Tagged
from briefgen.style.font_choice import FaceChain
from briefgen.text.bidi import without_bidi_controls
from briefgen.text.scripts import has_right_to_left

# How far below the baseline and above it a link's clickable area reaches, in ems.
LINK_DEPTH, LINK_HEIGHT = 0.2, 0.8


class ShapedParagraph(Tagged, Flowable):
    """A paragraph of shaped text: any script, either direction."""

    def __init__(
        self,
        spans: Sequence[Span],
        style: Any,
        chain: Callable[[str], FaceChain],
        *,
        lang: str,
        direction: str | None = None,
        bullet: str = "",
        anchor: str = "",
        balance: bool = False,
        mirrored: bool = False,
        shaped: ShapedText | None = None,
        breaks: dict[Hashable, Any] | None = None,
        first_char: int = 0,
    ) -> None:
        super().__init__()
        self.mirrored = mirrored  # on a right-to-left page: laid out from the right whatever its direction
        self.style = style
        self.chain = chain
        self.lang = lang
        self.direction = direction
        self.anchor = anchor
        self.balance = balance
        if shaped is None:
            shaped, breaks = shaping_memo.shaped(spans, chain, style.fontSize, lang, direction)
        self.shaped = shaped
        self.breaks = {} if breaks is None else breaks  # the lines at each measure: a retried layout's too
        self.first_char = first_char
        self.bulletText = bullet  # read by the tagger: the bullet is the list item's label
        self.bullet = (
            shaping_memo.shaped([Span(bullet)], chain, style.bulletFontSize, lang, direction)[0] if bullet else None
        )
        self.spaceBefore = style.spaceBefore
        self.spaceAfter = style.spaceAfter
        self.lines: list[Line] = []
        self.fixed_lines: list[Line] | None = None  # a split's first part keeps the lines it was split with
        self.kept_lines: tuple[float, list[Line]] | None = None  # a split's rest: the whole's lines, at that width
        self.points: ShapedPoints | None = None  # the breakpoints, kept for wraps at other widths
        self.setting = DEFAULT_SETTING
        self.measure = 0.0
        self.links: dict[Any, Any] = {}

    def getPlainText(self) -> str:  # noqa: N802 (ReportLab's Paragraph API, which callers measure cells by)
        """Return the paragraph's text (the part of it this piece holds), as written."""
        return self.shaped.text[self.first_char :]

    # Layout -----------------------------------------------------------------

    @property
    def rtl(self) -> bool:
        """Return whether the paragraph is laid out from the right: it runs right to left, or its page does."""
        return self.shaped.rtl or self.mirrored

    def _indents(self) -> tuple[float, float, float]:
        """Return the start indent, end indent and first line's extra indent (mirrored for right to left)."""
        style = self.style
        first = style.firstLineIndent if not self.first_char else 0.0
        if self.bullet is not None and not self.first_char:
            reach = style.bulletIndent + self.bullet.width() + 0.6 * style.bulletFontSize
            first = max(first, reach - style.leftIndent)
        return style.leftIndent, style.rightIndent, first

    @functools.cached_property
    def rules(self) -> ShapedRules:
        """Return what the style says about breaking the paragraph's lines."""
        style = self.style
        hyphenate = callable(style.hyphenationLang)
        return ShapedRules(
            justified=style.alignment == TA_JUSTIFY,
            grid=sets_on_grid(self.shaped),
            hyphenate=hyphenate,
            compounds=bool(style.embeddedHyphenation),
            dictionary=getattr(style, "hyphenation_dictionary", "") or "en_US",
            hyphen_width=self._hyphen_width() if hyphenate else 0.0,
        )

    def _break(self, width: float) -> list[Line]:
        start, end, first = self._indents()
        measure = width - start - end
        key = (self.first_char, self.rules, self.setting, measure, first)
        known = self.breaks.get(key)
        if known is None:
            known = self.breaks[key] = tuple(self._broken(measure, first))
        return list(known)

    def _broken(self, measure: float, first: float) -> list[Line]:
        narrowest = min(measure, measure - first)
        if self.points is None or not self.points.fits(narrowest):
            if not self.shaped.text[self.first_char :].strip(" "):
                return []
            self.points = shaped_points(self.shaped, self.first_char, self.rules, self.setting, narrowest)
        return break_lines(
            self.shaped,
            measure,
            rules=self.rules,
            start=self.first_char,
            first_width=measure - first,
            setting=self.setting,
            points=self.points,
        )

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (ReportLab API)
        """Break the text into lines at ``availWidth``; titles are balanced to even lines."""
        if self.fixed_lines is not None:
            self.lines, self.width = self.fixed_lines, availWidth
            self.height = len(self.lines) * self.style.leading
            return self.width, self.height
        self.measure = availWidth
        if self.kept_lines is not None and self.kept_lines[0] == availWidth:
            self.lines = self.kept_lines[1]  # the rest of a split: the lines the whole paragraph chose
        else:
            self.lines = self._break(availWidth)
        if self.balance and len(self.lines) > 1:
            count, narrow, wide = len(self.lines), availWidth * 0.5, availWidth
            while wide - narrow > 1:
                middle = (narrow + wide) / 2
                if len(self._break(middle)) > count:
                    narrow = middle
                else:
                    wide = middle
            self.lines = self._break(wide)
            self.measure = wide
        self.width = availWidth
        self.height = len(self.lines) * self.style.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 (ReportLab API)
        """Split into the lines that fit and the rest; never leave one line alone unless the style allows it."""
        lines = self.lines if self.measure == availWidth and self.lines else self._break(availWidth)
        fit = int((availHeight + 1e-6) // self.style.leading)
        if fit >= len(lines):
            return []  # it fits: the frame has no reason to split it
        if len(lines) - fit == 1 and not self.style.allowWidows:
            fit -= 1
        if fit < 2 and not getattr(self.style, "allowOrphans", 0):
            return []
        first, rest = self._part(lines[:fit], 0), self._part([], lines[fit].start)
        rest.kept_lines = (availWidth, lines[fit:])
        first.spaceAfter = 0
        rest.spaceBefore = 0
        return [first, rest]

    def _part(self, lines: list[Line], first_char: int) -> ShapedParagraph:
        part = ShapedParagraph(
            (),
            self.style,
            self.chain,
            lang=self.lang,
            direction=self.direction,
            bullet=self.bulletText if not first_char else "",
            anchor=self.anchor if not first_char else "",
            mirrored=self.mirrored,
            shaped=self.shaped,
            breaks=self.breaks,
            first_char=first_char or self.first_char,
        )
        part.fixed_lines = lines or None
        part.setting = self.setting
        return part

    # Drawing ----------------------------------------------------------------

    def draw(self) -> None:
        """Draw the bullet, then each line in its alignment, and the links' annotations."""
        canvas, style = self.canv, self.style
        element = getattr(self, "struct", None)
        if isinstance(element, Element) and not element.actual_text and has_right_to_left(self.shaped.text):
            # Readers of the structure tree take a page's glyphs in the order they are drawn: a line's
            # right-to-left words come out reversed. The element carries the text as written.
            element.actual_text = without_bidi_controls(self.shaped.text)
        if self.anchor:
            canvas.bookmarkHorizontal(self.anchor, 0, self.height)
        start, end, first = self._indents()
        y = self.height - style.fontSize
        if self.bullet is not None and not self.first_char:
            self._draw_bullet(y)
        grid = grid_gaps(self.shaped.text) if self.rules.grid else frozenset()
        shrink = 0.0 if self.rules.grid else self.setting.shrink
        alignment = self._alignment()
        for number, line in enumerate(self.lines):
            indent = first if number == 0 and not self.first_char else 0.0
            measure = self.width - start - end - indent
            last = number == len(self.lines) - 1 and line.next >= len(self.shaped.text)
            gaps = Gaps()
            if alignment == TA_JUSTIFY and (not last or line.width > measure):
                # A last line total fit shrank (its spaces, like every line's, may) is drawn shrunk too.
                gaps = justification(self.shaped, line, measure, grid_after=grid, shrink=shrink)
            x = self._line_start(line, measure, start + indent, end, alignment, last, gaps)
            pieces = line_pieces(self.shaped, line.start, line.end)
            hyphen = self._hyphen(pieces[-1].run.face, pieces[-1].run.rtl) if line.hyphen and pieces else None
            if line.next > line.end and not self.shaped.rtl:
                # The space a line ends with is drawn, past the measure where it shows nothing, so that text
                # extracted from the page has the space between the line's last word and the next line's first.
                pieces += line_pieces(self.shaped, line.end, line.next)
            draw_line(
                canvas,
                self.shaped,
                pieces,
                x,
                y,
                colour=style.textColor,
                gaps=gaps,
                hyphen=hyphen,
                on_link=functools.partial(self._annotate, baseline=y),
                links=self.links,
            )
            y -= style.leading

    def _alignment(self) -> int:
        alignment = int(self.style.alignment)
        if self.rtl and alignment == TA_LEFT:
            return int(TA_RIGHT)  # a style's left is where lines start; a right-aligned style stays so
        return alignment

    def _line_start(
        self, line: Line, measure: float, start: float, end: float, alignment: int, last: bool, gaps: Gaps
    ) -> float:
        """Return the x where a line's first piece is drawn, in its alignment (start and end indents mirrored)."""
        left, right = (end, start) if self.rtl else (start, end)
        spare = measure - line.width
        if gaps.space or gaps.grid:
            spare = 0.0
        if alignment == TA_RIGHT or (alignment == TA_JUSTIFY and last and self.rtl):
            return self.width - right - line.width
        if alignment == TA_CENTER:
            return left + spare / 2
        return left

    def _draw_bullet(self, y: float) -> None:
        assert self.bullet is not None
        style = self.style
        width = self.bullet.width()
        x = self.width - style.bulletIndent - width if self.rtl else style.bulletIndent
        pieces = line_pieces(self.bullet, 0, len(self.bullet.text))
        draw_line(self.canv, self.bullet, pieces, x, y, colour=getattr(style, "bulletColor", style.textColor))
        tagger = getattr(self.canv, "tagger", None)
        if tagger is not None:
            tagger.text_drawn(self.canv)  # what follows is the list item's body

    def _annotate(self, url: str, x0: float, x1: float, *, baseline: float) -> None:
        size = self.style.fontSize
        rect = (min(x0, x1), baseline - LINK_DEPTH * size, max(x0, x1), baseline + LINK_HEIGHT * size)
        if url.startswith("#"):
            self.canv.linkRect("", url[1:], rect, relative=1, thickness=0)
        else:
            self.canv.linkURL(url, rect, relative=1, thickness=0)

    def _hyphen_width(self) -> float:
        face = self.chain("regular").own[0]
        return float(sum(glyph.advance for glyph in _hyphen_glyphs(face)) * self.style.fontSize / EM)

    def _hyphen(self, face: Any, rtl: bool) -> list[Any]:
        return _hyphen_glyphs(face)


def _hyphen_glyphs(face: Any) -> list[Any]:
    from briefgen.pdf.shaped_fonts import glyph_face

    return glyph_face(face).shape("-", rtl=False, script="Latn", language="", kerning=False)
