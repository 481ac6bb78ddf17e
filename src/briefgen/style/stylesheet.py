"""Turn a theme (page, fonts, colours, type scale) into registered fonts and paragraph styles.

Input: a ``Theme`` (plain data). Output: ``stylesheet(theme)``, the named
ReportLab paragraph styles the layout looks up, and ``font_coverage``, the set
of characters the theme's fonts can draw. Every size and colour of the brief
lives here, none in the layout.
"""

from __future__ import annotations

import functools

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from briefgen.style.fonts import (
    register_fonts,
)
from briefgen.style.hyphenation import hyphenator
from briefgen.style.theme import Theme


@functools.cache
def stylesheet(theme: Theme, lang: str = "en") -> dict[str, ParagraphStyle]:
    """Return the brief's paragraph styles, by the names the layout uses.

    Built once per theme and language in each process, then shared by every
    brief (a batch worker builds thousands): treat the styles as read-only and
    derive a new ``ParagraphStyle(parent=...)`` to vary one.
    """
    register_fonts(theme)
    serif, sans = theme.body_font.name, theme.heading_font.name
    text, muted, accent = (colors.HexColor(c) for c in (theme.text_colour, theme.muted_colour, theme.accent))
    heading = colors.HexColor(theme.heading_colour)
    size, leading = theme.body_size, theme.body_leading
    body = ParagraphStyle(
        "body",
        fontName=serif,
        fontSize=size,
        leading=leading,
        textColor=text,
        alignment=TA_JUSTIFY,
        spaceAfter=leading * 0.45,
        hyphenationLang=hyphenator(lang),
        embeddedHyphenation=1,
        uriWasteReduce=0.3,
        splitLongWords=1,
        allowWidows=0,
        allowOrphans=0,
        bulletFontName=serif,  # the default is unembedded Helvetica
    )
    styles = {
        "kicker": ParagraphStyle(
            "kicker", fontName=sans + "-Bold", fontSize=8, leading=10, textColor=accent, spaceAfter=5
        ),
        "title": ParagraphStyle(
            "title",
            fontName=serif + "-Bold",
            fontSize=20,
            leading=24,
            textColor=heading,
            spaceAfter=2,
            alignment=TA_LEFT,
        ),
        "subtitle": ParagraphStyle(
            "subtitle", fontName=serif + "-Italic", fontSize=12.5, leading=16, textColor=text, spaceAfter=4
        ),
        "byline": ParagraphStyle("byline", fontName=sans, fontSize=8, leading=10.5, textColor=muted, spaceAfter=0),
        "summary": ParagraphStyle(
            "summary", parent=body, fontSize=size + 0.7, leading=leading + 1.1, spaceBefore=0, spaceAfter=leading * 0.5
        ),
        "body": body,
        "bullet": ParagraphStyle(
            "bullet", parent=body, leftIndent=13, bulletIndent=3, bulletFontName=serif, spaceAfter=leading * 0.2
        ),
        "quote": ParagraphStyle(
            "quote",
            parent=body,
            fontName=serif + "-Italic",
            alignment=TA_LEFT,
            textColor=text,
            spaceAfter=leading * 0.2,
        ),
        "box.label": ParagraphStyle(
            "box.label", fontName=sans + "-Bold", fontSize=10, leading=13, textColor=heading, spaceAfter=3
        ),
        "box.item": ParagraphStyle(
            "box.item", parent=body, alignment=TA_LEFT, leftIndent=12, bulletIndent=1.5, spaceAfter=2.2
        ),
        "heading": ParagraphStyle(
            "heading",
            fontName=sans + "-Bold",
            fontSize=11.5,
            leading=14.5,
            textColor=heading,
            spaceBefore=leading * 0.6,
            spaceAfter=2,
        ),
        "reference": ParagraphStyle(
            "reference",
            parent=body,
            fontSize=size - 1,
            leading=leading - 1.6,
            alignment=TA_LEFT,
            leftIndent=15,
            bulletIndent=0,
            spaceAfter=3,
            bulletFontName=serif,
            bulletFontSize=size - 1,
        ),
        "footer": ParagraphStyle("footer", fontName=sans, fontSize=7.5, leading=9, textColor=muted),
        "caption": ParagraphStyle(
            "caption", fontName=sans, fontSize=size - 1.3, leading=leading - 2.4, textColor=text, spaceAfter=2
        ),
        "source": ParagraphStyle(
            "source", fontName=sans, fontSize=size - 2, leading=leading - 3.4, textColor=muted, spaceBefore=2
        ),
        "table.header": ParagraphStyle(
            "table.header", fontName=sans + "-Bold", fontSize=size - 1.3, leading=leading - 2.6, textColor=text
        ),
        "table.cell": ParagraphStyle(
            "table.cell", fontName=serif, fontSize=size - 1, leading=leading - 2.2, textColor=text, splitLongWords=1
        ),
        "attribution": ParagraphStyle(
            "attribution", parent=body, fontName=serif, alignment=TA_RIGHT, spaceAfter=leading * 0.5
        ),
        "callout.label": ParagraphStyle(
            "callout.label", fontName=sans + "-Bold", fontSize=9.5, leading=12, textColor=heading, spaceAfter=2
        ),
        "callout.body": ParagraphStyle("callout.body", parent=body, alignment=TA_LEFT, spaceAfter=leading * 0.25),
        "callout.bullet": ParagraphStyle(
            "callout.bullet", parent=body, alignment=TA_LEFT, leftIndent=12, bulletIndent=1.5, spaceAfter=2
        ),
        "chart": ParagraphStyle("chart", fontName=sans, fontSize=size - 2, leading=leading - 3, textColor=text),
        "watermark": ParagraphStyle(
            "watermark",
            fontName=sans + "-Bold",
            fontSize=96,
            leading=96,
            textColor=colors.HexColor(theme.watermark_colour),
        ),
        "banner": ParagraphStyle(
            "banner", fontName=sans + "-Bold", fontSize=8, leading=10, textColor=colors.HexColor(theme.banner_colour)
        ),
    }
    # Table cells and headers in each column alignment, and captions that stay with what follows.
    for name in ("table.header", "table.cell"):
        for align, value in (("left", TA_LEFT), ("right", TA_RIGHT), ("center", TA_CENTER)):
            styles[f"{name}.{align}"] = ParagraphStyle(f"{name}.{align}", parent=styles[name], alignment=value)
    styles["caption.above"] = ParagraphStyle("caption.above", parent=styles["caption"], spaceAfter=3)
    # The last line under a table, figure or chart ends the block: leave the gap a paragraph would.
    for name in ("caption", "source"):
        styles[f"{name}.last"] = ParagraphStyle(f"{name}.last", parent=styles[name], spaceAfter=leading * 0.8)
    return styles


def colour(value: str) -> colors.Color:
    """Return a ReportLab colour for a theme colour string."""
    return colors.HexColor(value)


def pack_stylesheet(theme: Theme) -> dict[str, ParagraphStyle]:
    """Return the styles of a meeting pack's own pages (cover, contents, blank pages, pack footer)."""
    base = stylesheet(theme)
    serif, sans = theme.body_font.name, theme.heading_font.name
    text, muted, heading = (colors.HexColor(c) for c in (theme.text_colour, theme.muted_colour, theme.heading_colour))
    accent = colors.HexColor(theme.accent)
    return {
        "pack.kicker": ParagraphStyle("pack.kicker", fontName=sans + "-Bold", fontSize=9, leading=12, textColor=accent),
        "pack.title": ParagraphStyle(
            "pack.title", fontName=serif + "-Bold", fontSize=28, leading=33, textColor=heading, spaceBefore=6
        ),
        "pack.meta": ParagraphStyle("pack.meta", fontName=sans, fontSize=11, leading=15, textColor=text),
        "pack.heading": ParagraphStyle(
            "pack.heading", fontName=sans + "-Bold", fontSize=12, leading=15, textColor=heading, spaceBefore=22
        ),
        "pack.contents.title": ParagraphStyle(
            "pack.contents.title", fontName=serif + "-Bold", fontSize=22, leading=27, textColor=heading
        ),
        "pack.item.label": ParagraphStyle(
            "pack.item.label", fontName=sans + "-Bold", fontSize=9, leading=14, textColor=accent
        ),
        "pack.item.title": ParagraphStyle(
            "pack.item.title", fontName=serif, fontSize=11.5, leading=14.5, textColor=text, spaceBefore=14
        ),
        "pack.item.detail": ParagraphStyle("pack.item.detail", fontName=sans, fontSize=8, leading=11, textColor=muted),
        "pack.item.page": ParagraphStyle(
            "pack.item.page", fontName=sans + "-Bold", fontSize=11.5, leading=14.5, textColor=heading
        ),
        "pack.marking.label": ParagraphStyle(
            "pack.marking.label", fontName=sans, fontSize=8, leading=10, textColor=muted
        ),
        "pack.marking": ParagraphStyle(
            "pack.marking", fontName=sans + "-Bold", fontSize=14, leading=17, textColor=text
        ),
        "pack.note": ParagraphStyle("pack.note", fontName=sans, fontSize=8, leading=11, textColor=muted),
        "pack.blank": ParagraphStyle(
            "pack.blank", fontName=serif + "-Italic", fontSize=10, leading=13, textColor=muted
        ),
        "pack.footer": ParagraphStyle("pack.footer", parent=base["footer"]),
        "pack.footer.page": ParagraphStyle("pack.footer.page", parent=base["footer"], fontName=sans + "-Bold"),
        "pack.banner": ParagraphStyle("pack.banner", parent=base["banner"]),
    }
