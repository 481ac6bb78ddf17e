"""A code block: lines set as written in a monospace font, ragged, in a light box.

Input: a ``model.Code`` and the ``LayoutContext``. Output: a ``CodeBlock``
flowable, tagged as a ``Code`` element (PDF 1.7's for computer code) inside
a ``P``, so that the text reads as a block of its own. Every space is kept.
A line too long for the box is wrapped without hyphens: after the last
space that fits (or beside a wide character, as CJK text breaks), else after
the last ``/ . ? & = - _ ,`` in the second half of the room (an address, a
dotted name), else where the room ends;
its continuation starts ``WRAP_INDENT`` columns in from the line's own
indentation, behind a drawn hooked arrow (decoration, not text). The box
splits between lines, never leaving a lone line on either page. The tint,
border, padding, type and mark come from the theme (``code`` style,
colours ``code`` and ``code_border``, ``CodeLook``).

Any script: a line the monospace font cannot draw alone (Chinese comments,
an Arabic string) is drawn through the brief's ``LineSetter``, its other
characters in the font that has them (the theme's fallback fonts, then the
fonts briefgen ships), as the page furniture is. Columns are counted as a
terminal counts them: a wide (East Asian) character takes two, a combining
mark none, so a line still wraps inside the box.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.platypus import Flowable

from briefgen import model
from briefgen.layout.context import LayoutContext
from briefgen.pdf import tagging
from briefgen.pdf.text_lines import LineSetter
from briefgen.records import record
from briefgen.style.stylesheet import colour
from briefgen.style.theme import CodeLook

WRAP_INDENT = 2  # columns a wrapped line's continuation is set in from the line's indentation
BREAK_AFTER = "/.?&=-_,"  # where a line with no space to break at may still break, as body text's addresses do
FEWEST_ROWS = 2  # a split leaves at least this many rows on each page
# The hooked arrow before a continuation, in a column's width (x) and the font size (y).
MARK_LEFT, MARK_RIGHT, MARK_TOP, MARK_BOTTOM, MARK_HEAD = 0.35, 1.55, 0.75, 0.3, 0.35


@record
class Row:
    """One printed line: its text, the column it starts at, and whether it continues the line above."""

    text: str
    column: int
    continued: bool


def code_flowables(block: model.Code, context: LayoutContext, parent: tagging.Element | None = None) -> list[Flowable]:
    """Return the code block of ``block``, tagged as ``Code`` inside a ``P`` (in ``parent``, or the current element)."""
    theme = context.theme
    paragraph = (parent or context.parent or context.root).child("P")
    code = CodeBlock(
        block.text.split("\n"),
        context.styles["code"],
        theme.code,
        tint=colour(theme.code_tint),
        border=colour(theme.code_border),
        mark=colour(theme.muted_colour),
        setter=LineSetter(theme.fallback_fonts, context.lang),
    )
    # The rows are drawn without line ends: the element's ActualText gives assistive technology the lines.
    return [tagging.tag(code, paragraph.child("Code", actual_text=block.text))]


def cells(ch: str) -> int:
    """Return the columns ``ch`` takes: two if it is wide (East Asian), none if it is a combining mark, else one."""
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def wrapped(lines: list[str], columns: int) -> list[Row]:
    """Return ``lines`` wrapped to ``columns``: after the last space that fits, a ``BREAK_AFTER``, or the room's end."""
    rows: list[Row] = []
    for line in lines:
        indent = len(line) - len(line.lstrip(" "))
        rest, column = line, 0
        while _width(rest) > columns - column:
            room = _fitting(rest, columns - column)  # characters, not columns
            cut = rest.rfind(" ", 0, room + 1)
            if cut > 0 and not rest[:cut].strip():
                cut = -1  # only the indentation before it: no place to break
            take = max(cut + 1 if cut > 0 else 0, _wide_break(rest, room))
            if not take:
                cut = max(rest.rfind(mark, room // 2, room) for mark in BREAK_AFTER)
                take = cut + 1 if cut > 0 else max(room, 1)
            rows.append(Row(rest[:take], column, column > 0))
            rest = rest[take:]
            column = min(indent + WRAP_INDENT, columns // 2)
        rows.append(Row(rest, column, column > 0))
    return rows


def _wide_break(text: str, room: int) -> int:
    """Return the last place up to ``room`` where a row may end beside a wide character (Chinese, Japanese), or 0.

    As CJK text breaks: between any two ideographs, never before closing punctuation ("，" "。" "）").
    """
    if text.isascii():
        return 0
    for index in range(min(room, len(text) - 1), 0, -1):
        beside_wide = cells(text[index]) == 2 or cells(text[index - 1]) == 2
        if beside_wide and unicodedata.category(text[index]) not in ("Po", "Pe", "Pf") and text[:index].strip():
            return index
    return 0


def _width(text: str) -> int:
    return len(text) if text.isascii() else sum(map(cells, text))


def _fitting(text: str, room: int) -> int:
    """Return how many characters of ``text`` fit in ``room`` columns."""
    if text.isascii():
        return room
    used = 0
    for index, ch in enumerate(text):
        used += cells(ch)
        if used > room:
            return index
    return len(text)


class CodeBlock(tagging.Tagged, Flowable):
    """Lines of code in a tinted, bordered box, wrapped to its width and split between lines."""

    def __init__(
        self,
        lines: list[str],
        style: Any,
        look: CodeLook,
        *,
        tint: Color,
        border: Color,
        mark: Color,
        setter: LineSetter,
        rows: list[Row] | None = None,
    ) -> None:
        super().__init__()
        self.lines, self.style, self.look = lines, style, look
        self.tint, self.border, self.mark, self.setter = tint, border, mark, setter
        self.fixed_rows = rows  # a split's part keeps the rows it was given
        self.spaceBefore, self.spaceAfter = style.spaceBefore, style.spaceAfter
        self._rows: tuple[int, list[Row]] | None = None

    def _columns(self, width: float) -> int:
        inner = width - 2 * self.look.padding
        return max(int(inner // stringWidth(" ", self.style.fontName, self.style.fontSize)), WRAP_INDENT * 4)

    def rows(self, width: float) -> list[Row]:
        """Return the rows of the block at ``width``, wrapped once per width."""
        if self.fixed_rows is not None:
            return self.fixed_rows
        columns = self._columns(width)
        if self._rows is None or self._rows[0] != columns:
            self._rows = (columns, wrapped(self.lines, columns))
        return self._rows[1]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (ReportLab API)
        """Return the box's size: its rows at the width, and the padding around them."""
        self.width = availWidth
        self.height = len(self.rows(availWidth)) * self.style.leading + 2 * self.look.padding
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 (ReportLab API)
        """Split between rows, leaving at least ``FEWEST_ROWS`` on each side; [] if that cannot be done here."""
        rows = self.rows(availWidth)
        fit = int((availHeight - 2 * self.look.padding) // self.style.leading)
        if fit >= len(rows):
            return [self]
        fit = min(fit, len(rows) - FEWEST_ROWS)
        if fit < FEWEST_ROWS:
            return []
        first, rest = self._part(rows[:fit]), self._part(rows[fit:])
        first.spaceAfter = rest.spaceBefore = 0
        return [first, rest]

    def _part(self, rows: list[Row]) -> CodeBlock:
        look = {"tint": self.tint, "border": self.border, "mark": self.mark, "setter": self.setter}
        return CodeBlock(self.lines, self.style, self.look, rows=rows, **look)

    def draw(self) -> None:
        """Draw the box and its marks (decoration), then the rows (the code)."""
        canvas, style, look = self.canv, self.style, self.look
        rows = self.rows(self.width)
        advance = stringWidth(" ", style.fontName, style.fontSize)
        ascent, descent = getAscentDescent(style.fontName, style.fontSize)
        # Each row's text is centred in its line of leading.
        first = self.height - look.padding - (style.leading - ascent + descent) / 2 - ascent
        with tagging.artifact(canvas):
            canvas.saveState()
            canvas.setFillColor(self.tint)
            canvas.setStrokeColor(self.border)
            canvas.setLineWidth(look.border)
            canvas.rect(0, 0, self.width, self.height, stroke=1, fill=1)
            canvas.setStrokeColor(self.mark)
            canvas.setLineWidth(look.mark_width)
            for index, row in enumerate(rows):
                if row.continued:
                    x = look.padding + (row.column - WRAP_INDENT) * advance
                    self._draw_mark(x, first - index * style.leading, advance)
            canvas.restoreState()
        # Rows in reading order: runs the monospace font draws alone in one text object, any other row shaped.
        text = None
        for index, row in enumerate(rows):
            x, y = look.padding + row.column * advance, first - index * style.leading
            if self.setter.shapes(row.text, style.fontName):
                if text is not None:
                    canvas.drawText(text)
                    text = None
                canvas.setFont(style.fontName, style.fontSize)
                canvas.setFillColor(style.textColor)
                self.setter.draw(canvas, x, y, row.text, style.fontName, style.fontSize, colour=style.textColor)
                continue
            if text is None:
                text = canvas.beginText()
                text.setFont(style.fontName, style.fontSize, style.leading)
                text.setFillColor(style.textColor)
            text.setTextOrigin(x, y)
            text.textOut(row.text)
        if text is not None:
            canvas.drawText(text)

    def _draw_mark(self, x: float, baseline: float, advance: float) -> None:
        """Draw a hooked arrow (↳) in the two columns before a continuation."""
        size, canvas = self.style.fontSize, self.canv
        left, right = x + advance * MARK_LEFT, x + advance * MARK_RIGHT
        middle = baseline + size * MARK_BOTTOM
        path = canvas.beginPath()
        path.moveTo(left, baseline + size * MARK_TOP)
        path.lineTo(left, middle)
        path.lineTo(right, middle)
        path.moveTo(right - size * MARK_HEAD * MARK_BOTTOM, middle + size * MARK_HEAD * MARK_BOTTOM)
        path.lineTo(right, middle)
        path.lineTo(right - size * MARK_HEAD * MARK_BOTTOM, middle - size * MARK_HEAD * MARK_BOTTOM)
        canvas.drawPath(path, stroke=1, fill=0)
