"""Tighter versions of a theme, to pull a stranded last page back onto the page before.

Input: a ``Theme``. Output: the themes to try in turn (``tightenings``),
each a little tighter than the one before and none beyond the theme's
``last_page`` bounds: first the space before and after paragraphs, headings
and blocks halfway to its bound, then all the way, then that and the
references' leading tightened too. Type sizes, the measure, margins and
the lines of each paragraph's text are never touched. No ReportLab.
"""

from __future__ import annotations

from dataclasses import replace

from briefgen.style.dimensions import BoxLook
from briefgen.style.theme import TextStyle, Theme

# The styles whose spacing is never tightened: a meeting pack's own pages, and the page furniture.
_UNTOUCHED = ("pack.", "footer", "banner", "watermark", "copy")
_REFERENCE_STYLES = ("reference",)


def tightenings(theme: Theme) -> list[Theme]:
    """Return the tighter themes to try, least changed first; none if the theme turns pulling back off."""
    look = theme.last_page
    if not look.pull_back:
        return []
    halfway = (1 + look.spacing) / 2
    return [
        _tightened(theme, halfway, 0),
        _tightened(theme, look.spacing, 0),
        _tightened(theme, look.spacing, look.reference_leading),
    ]


def _tightened(theme: Theme, spacing: float, reference_leading: float) -> Theme:
    """Return ``theme`` with spacing scaled by ``spacing`` and the references' leading less by ``reference_leading``."""
    styles = tuple(_style(style, spacing, reference_leading) for style in theme.styles)
    boxes = replace(
        theme.boxes,
        key_points=_box(theme.boxes.key_points, spacing),
        callout=_box(theme.boxes.callout, spacing),
    )
    figures = replace(
        theme.figures,
        space_before=theme.figures.space_before * spacing,
        space_after=theme.figures.space_after * spacing,
    )
    return replace(theme, styles=styles, boxes=boxes, figures=figures)


def _style(style: TextStyle, spacing: float, reference_leading: float) -> TextStyle:
    if style.name.startswith(_UNTOUCHED):
        return style
    leading = style.leading
    if style.name in _REFERENCE_STYLES:
        leading = max(style.size, leading - reference_leading)  # never set solid tighter than the type
    return replace(
        style, space_before=style.space_before * spacing, space_after=style.space_after * spacing, leading=leading
    )


def _box(look: BoxLook, spacing: float) -> BoxLook:
    return replace(look, space_before=look.space_before * spacing, space_after=look.space_after * spacing)
