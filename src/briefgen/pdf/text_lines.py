"""Measure, draw and break single lines of text in any script, for what is drawn outside paragraphs.

Input: text, a registered font name and size, a canvas, and the theme and
language the text is set in. Output: widths, lines drawn at a point (left,
right or centred), and text broken into lines of a width. The page
furniture (footer, banners, watermark), charts' labels and a pack's cover
and contents draw through a ``LineSetter``: text ReportLab sets correctly
goes through ReportLab as before (the same bytes); any other (a Korean
title in the footer, an Arabic chart label) is shaped, reordered and drawn
by glyph id, like a ``ShapedParagraph``'s lines.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, NamedTuple

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth

from briefgen.style.font_choice import face_chain
from briefgen.style.fonts import family_of
from briefgen.text.glyphs import unusual_characters
from briefgen.text.scripts import language_is_right_to_left, paragraph_direction

if TYPE_CHECKING:
    from briefgen.pdf.shaping import ShapedText


class LineSetter(NamedTuple):
    """Sets lines of text in a theme's fonts (and ``fallback_fonts``), for a brief in language ``lang``."""

    fallback_fonts: tuple[str, ...] = ()  # the theme's
    lang: str = "en"

    def shapes(self, text: str, font_name: str) -> bool:
        """Return whether ``text`` in ``font_name`` must be shaped (ReportLab cannot set it)."""
        family, weight = family_of(font_name)
        return not face_chain(self.fallback_fonts, family, weight).sets_with_reportlab(unusual_characters(text))

    def shaped(self, text: str, font_name: str, size: float) -> ShapedText:
        """Return ``text`` shaped in ``font_name`` at ``size``."""
        return _shaped(self, text, font_name, size)

    def width(self, text: str, font_name: str, size: float) -> float:
        """Return the width of ``text`` in ``font_name`` at ``size``."""
        if not self.shapes(text, font_name):
            return float(stringWidth(text, font_name, size))
        return self.shaped(text, font_name, size).width()

    def draw(
        self,
        canvas: Any,
        x: float,
        y: float,
        text: str,
        font_name: str,
        size: float,
        *,
        colour: Any,
        align: str = "left",
    ) -> float:
        """Draw ``text`` on the baseline ``y``, starting, ending or centred at ``x``; return its width.

        The canvas's font and fill colour must be set already (ReportLab's path
        draws with them); ``colour`` is what the shaped path fills with.
        """
        if not self.shapes(text, font_name):
            width = float(stringWidth(text, font_name, size))
            draw = {"left": canvas.drawString, "right": canvas.drawRightString, "centre": canvas.drawCentredString}
            draw[align](x, y, text)
            return width
        from briefgen.pdf.glyph_drawing import draw_line, line_pieces  # only text ReportLab cannot set needs them

        shaped = self.shaped(text, font_name, size)
        width = shaped.width()
        start = {"left": x, "right": x - width, "centre": x - width / 2}[align]
        draw_line(canvas, shaped, line_pieces(shaped, 0, len(shaped.text)), start, y, colour=colour)
        return width

    def split(self, text: str, font_name: str, size: float, width: float) -> list[str]:
        """Return ``text`` broken into lines no wider than ``width`` (where it can break)."""
        if not self.shapes(text, font_name):
            lines: list[str] = simpleSplit(text, font_name, size, width)
            return lines
        from briefgen.text.linebreak import break_opportunities

        shaped = self.shaped(text, font_name, size)
        opportunities = [*break_opportunities(text, self.lang), len(text)]
        lines, start, fitted, index = [], 0, 0, 0
        while index < len(opportunities):
            end = opportunities[index]
            if shaped.width(start, len(text[:end].rstrip())) <= width or fitted <= start:
                fitted, index = end, index + 1  # it fits, or it is a first piece too wide to break
                continue
            lines.append(text[start:fitted])
            start = fitted
        lines.append(text[start:])
        return [line.strip() for line in lines if line.strip()]

    def clip(self, text: str, font_name: str, size: float, width: float) -> str:
        """Return ``text``, cut short with an ellipsis if it is wider than ``width``."""
        if self.width(text, font_name, size) <= width:
            return text
        fits, too_long = 0, len(text)  # binary search: the text may be thousands of characters long
        while too_long - fits > 1:
            middle = (fits + too_long) // 2
            if self.width(text[:middle] + "\u2026", font_name, size) <= width:
                fits = middle
            else:
                too_long = middle
        return text[:fits].rstrip() + "\u2026"

    @property
    def right_to_left(self) -> bool:
        """Return whether the brief's pages run right to left."""
        return language_is_right_to_left(self.lang)


_ANCHORS = {"start": "left", "inherited": "left", "middle": "centre", "end": "right"}


def draw_drawing(drawing: Any, canvas: Any, setter: LineSetter | None) -> None:
    """Draw a ReportLab ``Drawing`` (a chart) at the origin; its strings that need shaping are drawn by ``setter``.

    ReportLab's renderer draws every other shape and string as ever; a
    string it cannot set is taken out while it draws, then drawn shaped with
    the transformation of the groups it is in (a rotated axis label).
    """
    from reportlab.graphics import renderPDF

    taken: list[tuple[Any, int, tuple[float, ...], Any]] = []
    if setter is not None:
        _take_shaped_strings(drawing, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), setter, taken)
    try:
        renderPDF.draw(drawing, canvas, 0, 0)
    finally:
        for group, index, _, node in taken:
            group.contents[index] = node
    for _, _, transform, node in taken:
        assert setter is not None
        canvas.saveState()
        canvas.transform(*transform)
        canvas.setFont(node.fontName, node.fontSize)
        align = _ANCHORS.get(node.textAnchor, "left")
        setter.draw(canvas, node.x, node.y, node.text, node.fontName, node.fontSize, colour=node.fillColor, align=align)
        canvas.restoreState()


def _take_shaped_strings(
    group: Any, transform: tuple[float, ...], setter: LineSetter, taken: list[tuple[Any, int, tuple[float, ...], Any]]
) -> None:
    from reportlab.graphics.shapes import Group, String, mmult

    for index, node in enumerate(group.contents):
        if isinstance(node, Group):
            _take_shaped_strings(node, tuple(mmult(transform, node.transform)), setter, taken)
        elif isinstance(node, String) and setter.shapes(node.text, node.fontName):
            taken.append((group, index, transform, node))
            group.contents[index] = Group()


@functools.lru_cache(maxsize=1024)
def _shaped(setter: LineSetter, text: str, font_name: str, size: float) -> ShapedText:
    from briefgen.pdf.shaping import Span, shape_text

    family, weight = family_of(font_name)
    direction = paragraph_direction(text, setter.right_to_left)
    chain = functools.partial(face_chain, setter.fallback_fonts, family)
    return shape_text([Span(text, weight)], chain, size, setter.lang, direction)
