"""Draw what every page carries besides the story: footer, page numbers, banners, watermark, pack footer.

Input: the ``Furniture`` of each page: a brief's (its theme, running title,
classification and watermark), or a meeting pack's own pages' (the pack's
marking), with the pack footer on every page of a pack. Output: drawing on
each page as it ends, marked as an artifact (all but a numbered copy's mark,
which is read: ``copy_mark``); "Page N of M" is filled in when the page count
is known. The footer's geometry is defined here once, for
briefs and packs alike (``footer_geometry``); every size comes from the
page's theme (``theme.furniture``).
"""

from __future__ import annotations

import math
import re
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from briefgen import model, reportlab_compat
from briefgen.pdf import tagging
from briefgen.pdf.images import draw_image, image_size
from briefgen.pdf.pagination import operators_of
from briefgen.pdf.text_lines import LineSetter
from briefgen.records import by_identity, record
from briefgen.style.stylesheet import colour, stylesheet
from briefgen.style.theme import Theme
from briefgen.text.labels import Labels, labels_for

if TYPE_CHECKING:
    from briefgen.pdf.copy_mark import CopyMarking


@record
class FooterGeometry:
    """Where the furniture sits on a page of one theme (PDF points from the page's bottom left)."""

    left: float  # the column's left and right edges
    right: float
    centre: float  # where the banners are centred
    footer_baseline: float
    rule_y: float
    top_banner_baseline: float
    bottom_banner_baseline: float  # a pack footer shares it, in the outer corner


@by_identity(records=1, kept=64)  # asked several times a page; a theme is never changed
def footer_geometry(theme: Theme) -> FooterGeometry:
    """Return where the footer, its rule and the banners go on a page of ``theme`` (its ``furniture`` sizes)."""
    width, height = theme.page
    look = theme.furniture
    footer = theme.margin_bottom - look.footer.drop
    return FooterGeometry(
        left=theme.margin_left,
        right=width - theme.margin_right,
        centre=width / 2,
        footer_baseline=footer,
        rule_y=footer + look.footer.rule_rise,
        top_banner_baseline=height - theme.margin_top + look.banner.rise,
        bottom_banner_baseline=footer - look.banner.drop,
    )


def watermark_label(brief: model.Brief, watermark: str | None, words: Labels | None = None) -> str:
    """Return the text to print across each page: the override, else DRAFT (in ``words``) for drafts, else nothing."""
    if watermark is not None:
        return " ".join(watermark.split()).upper()
    return (words or labels_for(brief.lang))("draft") if brief.status == "draft" else ""


# Of the font size: from a line's baseline to the middle of its capitals (a proportion of the typeface).
BASELINE_TO_MIDDLE = 0.35

# A content-stream comment marking where a page's "Page N of M" goes once the page count is known.
PAGE_NUMBER_SLOT = "%briefgen-page-number"

_PLACEHOLDER = re.compile(r"\{(title|organization|date|status)\}")


def footer_text(brief: model.Brief, theme: Theme, words: Labels | None = None) -> str:
    """Return the theme's footer text with the brief's title, organisation, date and status filled in."""
    words = words or labels_for(brief.lang, theme.labels)
    values = {
        "title": brief.running_title,
        "organization": brief.organization,
        "date": words.date(brief.date, theme.date_format) if brief.date else "",
        "status": words(f"status_{brief.status}") if brief.status else "",
    }
    text = _PLACEHOLDER.sub(lambda match: values[match.group(1)], theme.footer_text)
    # An empty placeholder leaves a dangling separator: "· Title" reads as a mistake.
    return " ".join(text.split()).strip(" ·|–—-,")


@record
class PackFooter:
    """The line a meeting pack adds to every page: its title and "Pack page N", in the outer corner."""

    title: str  # plain text
    duplex: bool  # even pages are left-hand pages: the outer corner is on the left
    theme: Theme  # the pack's
    styles: dict[str, ParagraphStyle]  # the pack's stylesheet ("pack.footer", "pack.footer.page")
    words: Labels = field(default_factory=lambda: labels_for("en"))  # the pack's labels ("Pack page N")


@record(eq=False)
class Furniture:
    """What the pages of one run carry besides the story: footer, banners, watermark, pack footer.

    ``run`` names the pages "Page N of M" counts together (a brief's pages;
    all of a brief printed alone); ``scope`` is put before the names of the
    destinations drawn on them, so that two briefs in one pack may both have
    a "Table 1" to link to.
    """

    theme: Theme
    styles: dict[str, ParagraphStyle]
    marking: str  # the classification banners' text, as written ("" for none)
    running_title: str  # the footer's text, watermark label first
    watermark: str
    footer_logo: Path | None
    footer: bool = True  # the rule, the running title and "Page N of M"
    pack_footer: PackFooter | None = None
    note: str = ""  # a line across the middle of the page ("This page is intentionally left blank")
    run: str = ""
    scope: str = ""
    words: Labels = field(default_factory=lambda: labels_for("en"))  # the labels of the pages' language
    copy: CopyMarking | None = None  # a numbered copy's mark, on the footer's second line
    # What the run's first top banner and watermark are drawn into; their repeats are artifacts.
    markings: tagging.Markings = tagging.NO_MARKINGS

    @property
    def lang(self) -> str:
        """Return the language of the run's text: which way its footer runs, which CJK glyph forms."""
        return self.words.lang

    @property
    def setter(self) -> LineSetter:
        """Return what sets this furniture's lines of text, in any script."""
        return LineSetter(self.theme.fallback_fonts, self.lang)

    @classmethod
    def of(
        cls, brief: model.Brief, theme: Theme, watermark: str, markings: tagging.Markings = tagging.NO_MARKINGS
    ) -> Furniture:
        """Return the furniture of ``brief``'s pages in ``theme``, with ``watermark`` ("" for none)."""
        words = labels_for(brief.lang, theme.labels)
        running_title = footer_text(brief, theme, words)
        if watermark:
            running_title = f"{watermark} \u2014 {running_title}" if running_title else watermark
        footer_logo = Path(theme.logo) if theme.logo and theme.logo_place == "footer" else None
        styles = stylesheet(theme, brief.lang)
        return cls(
            theme, styles, brief.classification, running_title, watermark, footer_logo, markings=markings, words=words
        )


def draw_footer_and_banners(canvas: Canvas, furniture: Furniture, *, top_banner: bool = True) -> None:
    """Draw the rule, the running title, the slot for "Page N of M" and the classification banners.

    Without ``top_banner`` the top one is left to ``draw_top_banner``.
    """
    theme, footer_logo, setter = furniture.theme, furniture.footer_logo, furniture.setter
    footer_style = furniture.styles["footer"]
    place, look = footer_geometry(theme), theme.furniture.footer
    canvas.saveState()
    if furniture.footer:
        left, right = place.left, place.right
        canvas.setStrokeColor(colour(theme.rule_colour))
        canvas.setLineWidth(look.rule_width)
        canvas.line(left, place.rule_y, right, place.rule_y)
        canvas.setFont(footer_style.fontName, footer_style.fontSize)
        canvas.setFillColor(footer_style.textColor)
        room = (right - left) * look.text_share
        if footer_logo is not None:
            logo_width = _draw_footer_logo(canvas, theme, footer_logo, left, place.footer_baseline)
            left, room = left + logo_width + look.logo_gap, room - logo_width - look.logo_gap
        font, size = footer_style.fontName, footer_style.fontSize
        title_lines = setter.split(furniture.running_title, font, size, room)
        shown = title_lines[0] if title_lines else ""
        if len(title_lines) > 1:
            shown = shown.rstrip() + "\u2026"
        shown = setter.clip(shown, font, size, room)
        # A right-to-left brief's footer is mirrored: its title on the right, "Page N of M" on the left.
        x, align = (right, "right") if setter.right_to_left else (left, "left")
        setter.draw(canvas, x, place.footer_baseline, shown, font, size, colour=footer_style.textColor, align=align)
        reportlab_compat.page_operators(canvas).append(PAGE_NUMBER_SLOT)  # filled in at save, when M is known
    if furniture.marking:
        label, size = _banner_label(canvas, furniture)
        if top_banner:
            _draw_banner(canvas, furniture, label, size, place.top_banner_baseline)
        _draw_banner(canvas, furniture, label, size, place.bottom_banner_baseline)
    canvas.restoreState()


def draw_top_banner(canvas: Canvas, furniture: Furniture) -> None:
    """Draw the classification banner above the text."""
    place = footer_geometry(furniture.theme)
    canvas.saveState()
    label, size = _banner_label(canvas, furniture)
    _draw_banner(canvas, furniture, label, size, place.top_banner_baseline)
    canvas.restoreState()


def _banner_label(canvas: Canvas, furniture: Furniture) -> tuple[str, float]:
    """Set the banners' font and colour, and return their text and size."""
    banner_style = furniture.styles["banner"]
    size = banner_size(furniture)
    canvas.setFont(banner_style.fontName, size)
    canvas.setFillColor(banner_style.textColor)
    return furniture.marking.upper(), size


def banner_size(furniture: Furniture) -> float:
    """Return the banners' size: the style's, or less for a marking too long for the line.

    A long marking is set smaller rather than cut: every word of it matters.
    On a pack's pages the bottom banner shares its line with "Pack page N"
    in the outer corner, so it keeps clear of the corners on both sides (and
    the top banner matches it).
    """
    theme, style = furniture.theme, furniture.styles["banner"]
    natural = furniture.setter.width(furniture.marking.upper(), style.fontName, style.fontSize)
    span = theme.page[0] - theme.margin_left - theme.margin_right
    if furniture.pack_footer is not None:
        span -= 2 * (_widest_folio(furniture.pack_footer) + furniture.pack_footer.theme.pack.footer_gap)
    if natural <= 0 or span <= 0:
        return float(style.fontSize)
    return float(style.fontSize * min(1.0, span / natural))


def _widest_folio(footer: PackFooter) -> float:
    """Return the width of "Pack page N" for the widest N a pack may have (three digits)."""
    style = footer.styles["pack.footer.page"]
    return float(stringWidth(footer.words("pack_page", page=888), style.fontName, style.fontSize))


def _draw_banner(canvas: Canvas, furniture: Furniture, label: str, size: float, baseline: float) -> None:
    style = furniture.styles["banner"]
    centre = footer_geometry(furniture.theme).centre
    furniture.setter.draw(canvas, centre, baseline, label, style.fontName, size, colour=style.textColor, align="centre")


def _draw_footer_logo(canvas: Canvas, theme: Theme, path: Path, x: float, y: float) -> float:
    look = theme.furniture.footer
    logo_height = min(theme.logo_height, look.logo_max_height)
    natural_width, natural_height = image_size(path)
    logo_width = logo_height * natural_width / natural_height
    draw_image(canvas, path, x, y - look.logo_drop, logo_width, logo_height)
    return logo_width


def page_number_code(canvas: Canvas, furniture: Furniture, page: int, pages: int) -> str:
    """Return the content-stream operators that draw "Page N of M" in the footer."""
    footer_style, place = furniture.styles["footer"], footer_geometry(furniture.theme)

    def draw() -> None:
        canvas.setFont(footer_style.fontName, footer_style.fontSize)
        canvas.setFillColor(footer_style.textColor)
        x, align = (place.left, "left") if furniture.setter.right_to_left else (place.right, "right")
        furniture.setter.draw(
            canvas,
            x,
            place.footer_baseline,
            furniture.words("page_of", page=page, pages=pages),
            footer_style.fontName,
            footer_style.fontSize,
            colour=footer_style.textColor,
            align=align,
        )

    return operators_of(canvas, draw)


def draw_watermark(canvas: Canvas, furniture: Furniture) -> None:
    """Print the watermark across the page: page furniture, drawn see-through over the content."""
    watermark, watermark_style = furniture.watermark, furniture.styles["watermark"]
    look = furniture.theme.furniture.watermark
    width, height = furniture.theme.page
    canvas.saveState()
    font, setter = watermark_style.fontName, furniture.setter
    size = diagonal_size(watermark, watermark_style, furniture.theme, look.span, setter)
    canvas.setFont(font, size)
    canvas.setFillColor(watermark_style.textColor)
    canvas.setFillAlpha(look.opacity)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(math.degrees(math.atan2(height, width)))
    # Centred on its capitals.
    setter.draw(
        canvas, 0, -size * BASELINE_TO_MIDDLE, watermark, font, size, colour=watermark_style.textColor, align="centre"
    )
    canvas.restoreState()


def diagonal_size(
    text: str, style: ParagraphStyle, theme: Theme, span: float, setter: LineSetter | None = None
) -> float:
    """Return the size that fits ``text`` along ``span`` of the page's diagonal, at most ``style``'s size."""
    width, height = theme.page
    diagonal = (width**2 + height**2) ** 0.5
    size = style.fontSize
    natural = (setter or LineSetter(theme.fallback_fonts)).width(text, style.fontName, size)
    return float(min(size, size * diagonal * span / natural))


def draw_note(canvas: Canvas, furniture: Furniture) -> None:
    """Draw the page's note centred across its middle."""
    width, height = furniture.theme.page
    note_style = furniture.styles["pack.blank"]
    _draw_line(canvas, furniture.setter, furniture.note, note_style, width / 2, height / 2, align="centre")


def draw_pack_footer(canvas: Canvas, furniture: Furniture, footer: PackFooter, page: int) -> None:
    """Draw "Pack page N" in the outer corner, clear of the centred banner, and the pack's title.

    The title goes beside the folio ("Council · Pack page 3") when it fits
    there; a longer one takes the other half of the line, in the inner
    corner, rather than be cut short (the same choice on every page). Only a
    title too long for a half-line is shortened, with an ellipsis.
    """
    style, page_style = footer.styles["pack.footer"], footer.styles["pack.footer.page"]
    place = footer_geometry(footer.theme)
    setter = LineSetter(footer.theme.fallback_fonts, furniture.lang)
    # The banner as drawn on this page (its page's banner style, at the size that leaves the corners clear).
    banner = furniture.styles["banner"]
    banner_width = setter.width(furniture.marking.upper(), banner.fontName, banner_size(furniture))
    room = (place.right - place.left - banner_width) / 2 - footer.theme.pack.footer_gap
    folio, separator = footer.words("pack_page", page=page), "  ·  "
    # Judged beside "Pack page 88", whatever the page, so that the title stays where it is from page to page.
    typical = footer.words("pack_page", page=88) + separator
    typical_folio = stringWidth(typical, page_style.fontName, page_style.fontSize)
    beside = setter.width(footer.title, style.fontName, style.fontSize) <= room - typical_folio
    y = place.bottom_banner_baseline
    # Without duplex every sheet is a right-hand page; with it, even pages are left-hand ones.
    left_hand = footer.duplex and page % 2 == 0
    if not beside:
        title = setter.clip(footer.title, style.fontName, style.fontSize, room)
        if not title.replace("\u2026", "").strip():
            title = ""  # no room for a word of it beside a long banner: the folio alone
        if left_hand:
            _draw_line(canvas, setter, folio, page_style, place.left, y)
            _draw_line(canvas, setter, title, style, place.right, y, align="right")
        else:
            _draw_line(canvas, setter, title, style, place.left, y)
            _draw_line(canvas, setter, folio, page_style, place.right, y, align="right")
        return
    folio_room = stringWidth(folio + separator, page_style.fontName, page_style.fontSize)
    title = setter.clip(footer.title, style.fontName, style.fontSize, room - folio_room)  # past page 99, it may not
    if left_hand:
        x = place.left + _draw_line(canvas, setter, folio, page_style, place.left, y)
        _draw_line(canvas, setter, separator + title, style, x, y)
    else:
        folio_width = stringWidth(folio, page_style.fontName, page_style.fontSize)
        _draw_line(canvas, setter, title + separator, style, place.right - folio_width, y, align="right")
        _draw_line(canvas, setter, folio, page_style, place.right, y, align="right")


def _draw_line(
    canvas: Canvas, setter: LineSetter, text: str, style: ParagraphStyle, x: float, y: float, *, align: str = "left"
) -> float:
    """Draw one line of plain text and return its width."""
    canvas.setFont(style.fontName, style.fontSize)
    canvas.setFillColor(style.textColor)
    width = setter.width(text, style.fontName, style.fontSize)
    start = {"left": x, "right": x - width, "centre": x - width / 2}[align]
    setter.draw(canvas, start, y, text, style.fontName, style.fontSize, colour=style.textColor)
    return width
