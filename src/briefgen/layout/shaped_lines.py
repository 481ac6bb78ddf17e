"""Break a shaped paragraph into lines by total fit and justify them: CJK on the character grid, others at spaces.

Input: a ``ShapedText``, the width of its first line and of the rest, its
``ShapedRules`` and a ``paragraph_items.Setting``. Output: ``Line``s (the
stretch of text each holds, whether it ends with an added hyphen, its width)
and, for a justified line, the ``Gaps`` that widen (or narrow) it to the
measure.

The lines are chosen for the whole paragraph at once by ``layout.linebreak``
(Knuth and Plass), over the items ``shaped_items`` makes; a paragraph of more
than ``linebreak.MAX_BREAKPOINTS`` breakpoints is set greedily
(``linebreak.first_fit``), its Korean words kept whole.
"""

from __future__ import annotations

import dataclasses
import functools

from briefgen.layout.linebreak import MAX_BREAKPOINTS, Parameters, break_points, first_fit
from briefgen.layout.paragraph_items import DEFAULT_SETTING, Setting
from briefgen.layout.shaped_items import CLOSING_MARKS, FULL_WIDTH, ShapedPoints, ShapedRules, shaped_points
from briefgen.pdf.glyph_drawing import Gaps
from briefgen.pdf.shaping import ShapedText
from briefgen.records import record
from briefgen.text.scripts import HAN_SCRIPTS, dominant_script, has_han_letters, primary_language


@record
class Line:
    """One line: ``text[start:end]`` drawn (trailing spaces left out), the next line starting at ``next``."""

    start: int
    end: int
    next: int
    width: float  # points, at natural width, with the hyphen
    hyphen: bool = False


def break_lines(
    shaped: ShapedText,
    width: float,
    *,
    rules: ShapedRules,
    start: int = 0,
    first_width: float | None = None,
    setting: Setting = DEFAULT_SETTING,
    points: ShapedPoints | None = None,
) -> list[Line]:
    """Return the lines of ``shaped.text[start:]`` at ``width`` (``first_width`` for the first line).

    ``points`` are breakpoints made before for this text, start and rules
    (``shaped_points``), reused if they serve these widths.
    """
    if not shaped.text[start:].strip(" "):
        return []
    widths = [width] if first_width is None or first_width == width else [first_width, width]
    narrowest = min(widths)
    if points is None or not points.fits(narrowest):
        points = shaped_points(shaped, start, rules, setting, narrowest)
    if len(points.points.position) > MAX_BREAKPOINTS:
        points = shaped_points(shaped, start, rules, setting, narrowest, optimal=False)
        breaking = first_fit(points.points, widths)
    else:
        breaking = break_points(points.points, widths, _parameters(setting, width, shaped.size))
    lines: list[Line] = []
    for b in breaking.points:
        end, hyphen = points.ends[b], points.hyphens[b]
        natural = _line_width(shaped, start, end) + (rules.hyphen_width if hyphen else 0.0)
        lines.append(Line(start, end, points.nexts[b], natural, hyphen))
        start = points.nexts[b]
    return lines


@functools.lru_cache(maxsize=256)
def _parameters(setting: Setting, width: float, size: float) -> Parameters:
    """Return the breaker's parameters, the setting's lengths made relative to the measure and the type size."""
    return dataclasses.replace(
        setting.parameters,
        short_last_line=setting.short_last_line * width,
        emergency_stretch=setting.shaped_emergency_stretch * size,
    )


def _line_width(shaped: ShapedText, start: int, end: int) -> float:
    """Return a line's width; a full-width closing mark at its end counts half (its right half is empty).

    As CJK typesetting does (JIS X 4051 compresses a line-end comma or full
    stop), so that kinsoku, keeping 、 and 。 off the next line, does not leave
    a line nearly two characters short.
    """
    width = shaped.width(start, end)
    if end > start and shaped.text[end - 1] in CLOSING_MARKS:
        last = shaped.advances[end - 1]
        if last >= FULL_WIDTH * shaped.size:
            width -= last / 2
    return width


def justification(
    shaped: ShapedText, line: Line, measure: float, *, grid_after: frozenset[int] = frozenset(), shrink: float = 0.0
) -> Gaps:
    """Return the gaps that set ``line`` to ``measure``: between CJK characters, else at spaces.

    ``grid_after`` holds the characters a gap of the CJK grid follows
    (``shaped_items.grid_gaps``), empty for text not set on the grid. A line
    wider than the measure (total fit chose to shrink it) narrows its spaces,
    each by at most ``shrink`` of its width.
    """
    extra = measure - line.width
    if extra > 0 and grid_after:
        after = frozenset(index for index in grid_after if line.start <= index < line.end - 1)
        if after:
            return Gaps(grid=extra / len(after), grid_after=after)
    text = shaped.text
    spaces = [index for index in range(line.start, line.end) if text[index] == " "]
    if not spaces or not extra:
        return Gaps()
    if extra < 0:
        extra = max(extra, -shrink * sum(shaped.advances[index] for index in spaces))
    return Gaps(space=extra / len(spaces))


def sets_on_grid(shaped: ShapedText) -> bool:
    """Return whether a paragraph is justified on the character grid: Chinese or Japanese text."""
    if primary_language(shaped.lang) in ("zh", "ja"):
        return True
    return has_han_letters(shaped.text) and dominant_script(shaped.text) in HAN_SCRIPTS
