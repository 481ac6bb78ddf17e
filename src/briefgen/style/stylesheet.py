"""Turn a theme's type scale (plain data) into registered fonts and ReportLab paragraph styles.

Input: a ``Theme`` (plain data). Output: ``stylesheet(theme)``, the named
ReportLab paragraph styles the layout looks up, and ``colour``, a theme
colour as ReportLab's. Every size, spacing and colour comes from the theme's
``styles``; what is left here is how ReportLab spells them.
"""

from __future__ import annotations

import functools
import re

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from briefgen.records import by_identity
from briefgen.style.fonts import register_fonts
from briefgen.style.hyphenation import hyphenation_language, hyphenator
from briefgen.style.theme import TextStyle, Theme

ALIGNMENTS = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER, "justify": TA_JUSTIFY}
# How much of a line a long address may leave empty before ReportLab breaks it inside (see uriWasteReduce).
ADDRESS_WASTE = 0.3
_RGB = re.compile(r"rgb\(([0-9.]+)%, ([0-9.]+)%, ([0-9.]+)%\)")


# A batch asks for one theme brief after brief, twice a brief, and the cache below hashes the whole theme.
@by_identity(records=1)
def stylesheet(theme: Theme, lang: str = "en") -> dict[str, ParagraphStyle]:
    """Return the brief's paragraph styles, by the names the layout uses.

    Built once per theme and language in each process, then shared by every
    brief (a batch worker builds thousands): treat the styles as read-only and
    derive a new ``ParagraphStyle(parent=...)`` to vary one.
    """
    return _stylesheet(theme, lang)


@functools.cache
def _stylesheet(theme: Theme, lang: str) -> dict[str, ParagraphStyle]:
    register_fonts(theme)
    styles = {style.name: _paragraph_style(style, theme, lang) for style in theme.styles}
    # Table cells and headers in each column alignment.
    for name in ("table.header", "table.cell"):
        for align, value in (("left", TA_LEFT), ("right", TA_RIGHT), ("center", TA_CENTER)):
            styles[f"{name}.{align}"] = ParagraphStyle(f"{name}.{align}", parent=styles[name], alignment=value)
    # A list's last item, and a quotation with no attribution under it, end a block: they leave at least
    # the gap a paragraph leaves, where their own spacing is the closer one between items or lines.
    for name in ("bullet", "quote"):
        after = max(styles[name].spaceAfter, styles["body"].spaceAfter)
        styles[f"{name}.last"] = ParagraphStyle(f"{name}.last", parent=styles[name], spaceAfter=after)
    return styles


def _paragraph_style(style: TextStyle, theme: Theme, lang: str) -> ParagraphStyle:
    family = theme.family(style.font)
    breaking = (
        {"hyphenationLang": hyphenator(lang) or "", "embeddedHyphenation": 1, "uriWasteReduce": ADDRESS_WASTE}
        if style.hyphenate
        else {}
    )
    return ParagraphStyle(
        style.name,
        fontName=family.face(style.face),
        fontSize=style.size,
        leading=style.leading,
        textColor=colour(theme.colour(style.colour)),
        alignment=ALIGNMENTS[style.align],
        spaceBefore=style.space_before,
        spaceAfter=style.space_after,
        leftIndent=style.left_indent,
        bulletIndent=style.bullet_indent,
        bulletFontName=family.name,  # bullets in the regular face; ReportLab's default is unembedded Helvetica
        bulletFontSize=style.bullet_size,
        allowWidows=int(style.widows),
        # Not ReportLab's: the pyphen dictionary layout/paragraphs.py breaks words with.
        hyphenation_dictionary=hyphenation_language(lang) or "",
        **breaking,
    )


def colour(value: str) -> colors.Color:
    """Return a ReportLab colour for a theme colour: #rrggbb, or rgb(R%, G%, B%)."""
    levels = _RGB.fullmatch(value)
    if levels:
        return colors.Color(*(float(level) / 100 for level in levels.groups()))
    return colors.HexColor(value)


def pack_stylesheet(theme: Theme) -> dict[str, ParagraphStyle]:
    """Return the styles of a meeting pack's own pages (cover, contents, blank pages, pack footer)."""
    return {name: style for name, style in stylesheet(theme).items() if name.startswith("pack.")}
