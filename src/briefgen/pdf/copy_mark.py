"""Mark a numbered copy: "Copy 7 of 20 – J. Smith" in the footer of every page, as text a screen reader reads.

Input: the copy's ``model.CopyMark``, the structure element its pages belong
to (a brief's ``Document``, a pack brief's ``Art``, a pack's own pages'
``Document``) and each page's ``Furniture`` as it ends. Output: the mark
drawn on the footer's second line, in the corner a pack footer leaves free,
as tagged content; and, when the theme asks (``furniture.copy_mark.watermark``),
the name drawn lightly across the page as an artifact.

Why it is tagged, and how: the mark is what tells one copy from another, so
unlike the rest of the footer it is content, not a pagination artifact
(PDF/UA asks only that every mark be one or the other). The marks on all the
pages are the content of one ``P``, put first in the reading order of the
pages it marks, whose ``/ActualText`` is the mark once: a screen reader says
"Copy 7 of 20 – J. Smith" once, before the title, instead of at every page
break, while search and text extraction still find it on every page. The
mark is in the language of the pages it marks ("Exemplaire 7 sur 20").
"""

from __future__ import annotations

import math

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas

from briefgen import model
from briefgen.errors import RenderError
from briefgen.pdf import tagging
from briefgen.pdf.furniture import BASELINE_TO_MIDDLE, Furniture, diagonal_size, footer_geometry
from briefgen.pdf.text_lines import LineSetter
from briefgen.records import record
from briefgen.text.labels import Labels, labels_for


@record(eq=False)
class CopyMarking:
    """The mark of one copy on the pages of one run, in their language, and its element (None: untagged)."""

    mark: model.CopyMark
    text: str
    element: tagging.Element | None = None

    def draw(self, canvas: Canvas, furniture: Furniture, page: int) -> None:
        """Draw the mark on the footer's second line of ``page``, as content of ``element``."""
        style, setter = furniture.styles["copy"], furniture.setter
        place = footer_geometry(furniture.theme)
        text = self.text
        room = _room(furniture)
        size = _fitted_size(text, style, room, setter)
        smallest = furniture.theme.furniture.copy_mark.smallest_size
        if size < smallest and self.mark.name:  # a number alone is as short as a mark gets
            raise RenderError(self._too_long(furniture, room, size, smallest))
        pack_footer = furniture.pack_footer
        # Opposite the pack footer, which takes the outer corner: the left one on a duplex pack's even pages.
        on_right = pack_footer is not None and pack_footer.duplex and page % 2 == 0
        with tagging.content(canvas, self.element):
            canvas.saveState()
            canvas.setFont(style.fontName, size)
            canvas.setFillColor(style.textColor)
            x, align = (place.right, "right") if on_right else (place.left, "left")
            # A name in any script: set by the shaped path when ReportLab cannot set it.
            setter.draw(
                canvas, x, place.bottom_banner_baseline, text, style.fontName, size, colour=style.textColor, align=align
            )
            canvas.restoreState()

    def _too_long(self, furniture: Furniture, room: float, size: float, smallest: float) -> str:
        """Return what to tell the user of a name too long for its copy's mark: the size it needs, what fits."""
        style, setter, name = furniture.styles["copy"], furniture.setter, self.mark.name
        fits = len(name)
        while fits and setter.width(self.text[: len(self.text) - len(name) + fits], style.fontName, smallest) > room:
            fits -= 1
        beside = f" beside the banner '{furniture.marking.upper()}'" if furniture.marking else ""
        where = f"{self.mark.source}: " if self.mark.source else ""
        return (
            f"{where}copy {self.mark.number} of {self.mark.total}: the name '{name}' is too long for the footer"
            f"{beside}: its mark would be set at {size:.1f} pt, under the theme's {smallest:g} pt "
            f"(furniture.copy_mark.smallest_size); shorten it to {fits} characters or fewer"
        )

    def draw_watermark(self, canvas: Canvas, furniture: Furniture) -> None:
        """Print the name (the number, for copies without names) lightly across the page, if the theme asks."""
        look = furniture.theme.furniture.copy_mark
        if not look.watermark:
            return
        style = furniture.styles["copy.watermark"]
        text = self.mark.name or self.text
        width, height = furniture.theme.page
        setter = furniture.setter
        size = diagonal_size(text, style, furniture.theme, look.span, setter)
        shift = 0.0
        if furniture.watermark:  # below the DRAFT watermark, which keeps the diagonal's middle: capitals apart
            span = furniture.theme.furniture.watermark.span
            draft = diagonal_size(furniture.watermark, furniture.styles["watermark"], furniture.theme, span, setter)
            shift = -((draft + size) * BASELINE_TO_MIDDLE + look.watermark_gap)
        canvas.saveState()
        canvas.setFont(style.fontName, size)
        canvas.setFillColor(style.textColor)
        canvas.setFillAlpha(look.opacity)
        canvas.translate(width / 2, height / 2)
        canvas.rotate(math.degrees(math.atan2(height, width)))
        baseline = shift - size * BASELINE_TO_MIDDLE
        setter.draw(canvas, 0, baseline, text, style.fontName, size, colour=style.textColor, align="centre")
        canvas.restoreState()


def copy_marking(mark: model.CopyMark, parent: tagging.Element | None, words: Labels | None = None) -> CopyMarking:
    """Return the marking of ``mark`` whose text is read first among ``parent``'s (None: an untagged PDF).

    ``words`` are the labels of ``parent``'s pages (English's if None): the
    mark is written in their language, which its element shares.
    """
    counted = (words or labels_for("en"))("copy_of", number=mark.number, total=mark.total)
    text = f"{counted} \u2013 {mark.name}" if mark.name else counted
    if parent is None:
        return CopyMarking(mark, text)
    element = tagging.Element("P", actual_text=text)
    parent.kids.insert(0, element)
    return CopyMarking(mark, text, element)


def _room(furniture: Furniture) -> float:
    """Return the width the mark may take: its half of the footer's second line, less the banner and a gap."""
    place = footer_geometry(furniture.theme)
    column = place.right - place.left
    banner_width = 0.0
    if furniture.marking:
        banner = furniture.styles["banner"]
        marking = furniture.marking.upper()
        banner_width = min(column, furniture.setter.width(marking, banner.fontName, banner.fontSize))
    return (column - banner_width) / 2 - furniture.theme.furniture.copy_mark.banner_gap


def _fitted_size(text: str, style: ParagraphStyle, room: float, setter: LineSetter) -> float:
    # A long name is set smaller rather than cut: every letter of it tells copies apart.
    natural = setter.width(text, style.fontName, style.fontSize)
    return float(style.fontSize * min(1.0, room / natural)) if natural and room > 0 else float(style.fontSize)
