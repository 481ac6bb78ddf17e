"""Break a paragraph into lines by total fit (the Knuth–Plass algorithm).

Input: a paragraph as a sequence of items (``Box``, ``Glue``, ``Penalty``),
or directly as its ``Breakpoints``, the width of each line, and
``Parameters``. Output: a ``Breaking``: the index of each break and each
line's adjustment ratio, chosen so that the sum of the lines' demerits over
the whole paragraph is least. Pure: widths are numbers; this module knows
nothing of fonts or ReportLab.

The model is TeX's (Knuth and Plass 1981; TeX: the Program, parts 38-39): a
line may end at a glue that follows a box or at a penalty below ``INFINITY``;
glue and penalties after a break are dropped up to the next box; a penalty
at ``-INFINITY`` forces a break. Passes, as TeX runs them: without inserted
hyphens (flagged penalties of non-zero width) at ``pretolerance``; with them
at ``tolerance``; with ``emergency_stretch``; and a final pass that accepts
any underfull line, and an overfull one where nothing else fits (TeX's
"artificial demerits"), named in ``Breaking.overfull``. ``looseness`` is
always 0. The search itself is ``linebreak_search``. Past ``MAX_ITEMS`` a
caller uses ``first_fit``, one greedy pass.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import NamedTuple

from briefgen.layout.linebreak_search import INF_BAD as INF_BAD
from briefgen.layout.linebreak_search import INFINITY as INFINITY
from briefgen.layout.linebreak_search import Node, search
from briefgen.records import record

FILL = math.inf  # the stretch of a glue that can stretch without limit (a paragraph's last line)

# About 450 words of justified prose with its hyphenation points (a brief's paragraphs have 60-200).
# Measured (TYPOGRAPHY.md): the search costs about 1 µs per breakpoint and pass, but a paragraph
# that needs the final pass (every underfull line allowed) costs up to ~10x that, and past this
# size the worst cases grow faster than the size.
MAX_BREAKPOINTS = 700


class Box(NamedTuple):
    """Material of fixed width: a word, a piece of a word, an image."""

    width: float
    content: object = None


class Glue(NamedTuple):
    """Space that may stretch or shrink; a break here drops it."""

    width: float
    stretch: float
    shrink: float


class Penalty(NamedTuple):
    """A possible break with a cost; ``width`` is set only if the break is taken (a hyphen)."""

    width: float
    penalty: float
    flagged: bool = False


Item = Box | Glue | Penalty
LineWidths = Sequence[float] | Callable[[int], float]


@record
class Parameters:
    """How demerits are counted; the defaults are TeX's plain values, scaled where noted."""

    tolerance: float = 200.0  # largest badness (100 * ratio**3) of a line in the main pass
    pretolerance: float = 100.0  # largest badness in the first pass (no inserted hyphens); < 0 skips it
    line_penalty: float = 10.0  # added to each line's badness before squaring: fewer lines are better
    flagged_demerits: float = 10000.0  # two flagged (hyphenated) breaks in a row: \doublehyphendemerits
    fitness_demerits: float = 10000.0  # adjacent lines of fitness classes that are not neighbours
    final_hyphen_demerits: float = 5000.0  # the second-to-last line ends flagged: \finalhyphendemerits
    max_consecutive_flagged: int = 2  # a hard limit on flagged breaks in a row; 0 leaves it to the demerits
    final_tolerance: float = INF_BAD  # largest badness in the final pass, which may break overfull
    emergency_stretch: float = 0.0  # stretch added to every line in an extra pass (width units); 0 skips it
    short_last_line: float = 0.0  # a last line narrower than this (width units) costs the next field
    short_last_line_demerits: float = 0.0  # against a one-word last line (a "runt")


@record
class Breaking:
    """The chosen breaks of a paragraph."""

    breaks: tuple[int, ...]  # each line's break, as its ``Breakpoints.position``; the last is the final forced break
    ratios: tuple[float, ...]  # each line's adjustment ratio: share of its stretch (> 0) or shrink (< 0) used
    flagged: tuple[bool, ...]  # whether each line ends at a flagged break (a hyphen)
    demerits: float
    overfull: tuple[int, ...]  # lines (from 0) wider than their measure even at full shrink
    pass_name: str  # "first", "second", "emergency", "final", or "greedy" (first_fit)
    points: tuple[int, ...] = ()  # each line's break as an index into the breakpoints


# One breakpoint as a caller builds it: (position, width, stretch, shrink, fill, pwidth, penalty, flagged).
Row = tuple[int, float, float, float, int, float, float, bool]
Totals = tuple[float, float, float, int]  # width, stretch, shrink and fill glues, added up
# ``Breakpoints.in_order``'s columns: width, stretch, shrink, pwidth, penalty, flagged, one value per breakpoint.
Columns = tuple[list[float], list[float], list[float], list[float], list[float], list[bool]]


class Breakpoints:
    """A paragraph's legal breakpoints, with the running totals of width, stretch, shrink and fill before each.

    Made from ``rows``, one per breakpoint in order, and ``after``: the totals
    where the line after each break starts (at the next box). A caller that
    knows its paragraph may build these directly, adding up in the order the
    items would, instead of making items (``paragraph_items`` does).
    """

    position: Sequence[int]  # what the break stands for: an item index, or the caller's own index
    width: Sequence[float]
    stretch: Sequence[float]
    shrink: Sequence[float]
    fill: Sequence[int]  # glues that stretch without limit
    pwidth: Sequence[float]  # what the break adds if taken (a hyphen)
    penalty: Sequence[float]
    flagged: Sequence[bool]
    after: list[Totals]

    def __init__(self, rows: Sequence[Row], after: list[Totals]) -> None:
        if not rows or rows[-1][6] > -INFINITY or len(after) != len(rows):
            raise ValueError("a paragraph's items must end with a forced break (a Penalty of -INFINITY)")
        self.position, self.width, self.stretch, self.shrink, self.fill, self.pwidth, self.penalty, self.flagged = zip(
            *rows, strict=True
        )
        self.after = after

    @classmethod
    def in_order(cls, columns: Columns, after: list[Totals], last_fill: int) -> Breakpoints:
        """Return breakpoints given as ``Columns``, each at its own index as position, fill glue only at the last."""
        count, penalty = len(columns[0]), columns[4]
        if not count or penalty[-1] > -INFINITY or len(after) != count or len(penalty) != count:
            raise ValueError("a paragraph's items must end with a forced break (a Penalty of -INFINITY)")
        points = cls.__new__(cls)
        points.width, points.stretch, points.shrink, points.pwidth, points.penalty, points.flagged = columns
        points.position = range(count)
        points.fill = [0] * count
        points.fill[-1] = last_fill
        points.after = after
        return points

    @classmethod
    def from_items(cls, items: Sequence[Item]) -> Breakpoints:
        """Return the breakpoints of ``items``, which must end with a forced break."""
        if not items or type(items[-1]) is not Penalty or items[-1].penalty > -INFINITY:
            raise ValueError("a paragraph's items must end with a forced break (a Penalty of -INFINITY)")
        rows: list[Row] = []
        after: list[Totals] = []
        w = y = z = 0.0
        f = 0
        waiting = 0  # breakpoints whose next line's start (the next box) is still ahead
        previous_is_box = False
        for i, item in enumerate(items):
            if type(item) is Box:
                after += [(w, y, z, f)] * waiting
                waiting = 0
                w += item.width
                previous_is_box = True
                continue
            if type(item) is Glue:
                if previous_is_box:
                    rows.append((i, w, y, z, f, 0.0, 0.0, False))
                    waiting += 1
                w += item.width
                z += item.shrink
                if item.stretch == FILL:
                    f += 1
                else:
                    y += item.stretch
            elif type(item) is Penalty and item.penalty < INFINITY:
                if item.penalty <= -INFINITY:
                    # After a break, glue and penalties are dropped up to the next box or forced break.
                    after += [(w, y, z, f)] * waiting
                    waiting = 0
                rows.append((i, w, y, z, f, item.width, item.penalty, item.flagged))
                waiting += 1
            previous_is_box = False
        after += [(w, y, z, f)] * waiting
        return cls(rows, after)


def break_lines(items: Sequence[Item], line_widths: LineWidths, parameters: Parameters | None = None) -> Breaking:
    """Return the breaks of least total demerits for ``items`` set in lines of ``line_widths``.

    ``line_widths`` is a list (its last value repeats for later lines) or a
    function of the 0-based line number. The items must end with a forced
    break (usually ``Glue(0, FILL, 0)`` then ``Penalty(0, -INFINITY)``).
    """
    return break_points(Breakpoints.from_items(items), line_widths, parameters)


def break_points(points: Breakpoints, line_widths: LineWidths, parameters: Parameters | None = None) -> Breaking:
    """Return the breaks of least total demerits for a paragraph given as its breakpoints."""
    p = parameters or Parameters()
    width_of, distinct = _width_function(line_widths)
    has_hyphens = any(f and w > 0 for f, w in zip(points.flagged, points.pwidth, strict=True))
    extra = max(p.emergency_stretch, 0.0)
    passes = [("first", p.pretolerance, False, 0.0)] if p.pretolerance >= 0 else []
    if has_hyphens or p.pretolerance < 0 or p.tolerance > p.pretolerance:
        passes.append(("second", p.tolerance, True, 0.0))
    if extra:
        passes.append(("emergency", p.tolerance, True, extra))
    for name, threshold, hyphens, stretch in passes:
        found = search(points, width_of, distinct, p, threshold, hyphens=hyphens, extra=stretch, final=False)
        if found is not None:
            return _result(points, found, width_of, name)
    # Nothing within the tolerance: accept looser lines, and overfull ones where nothing else fits.
    found = search(points, width_of, distinct, p, p.final_tolerance, hyphens=True, extra=extra, final=True)
    assert found is not None  # the final pass always finds a breaking (see linebreak_search)
    return _result(points, found, width_of, "final")


def first_fit(items: Sequence[Item] | Breakpoints, line_widths: LineWidths) -> Breaking:
    """Return greedy breaks: each line takes as much as fits when its spaces shrink fully.

    For paragraphs past ``MAX_ITEMS``: one pass, linear in the paragraph's
    length. A line ends at its last feasible break, or overfull where none is.
    """
    points = items if isinstance(items, Breakpoints) else Breakpoints.from_items(items)
    width_of, _ = _width_function(line_widths)
    forced = [p <= -INFINITY for p in points.penalty]
    chosen: list[int] = []
    start: Totals = (0.0, 0.0, 0.0, 0)
    best = -1  # the last break seen at which the current line fits
    b = 0
    while b < len(points.position):
        ratio = _ratio(points, b, start, width_of(len(chosen)))
        if ratio >= -1 and not forced[b]:
            best, b = b, b + 1
            continue
        take = b if best < 0 or (forced[b] and ratio >= -1) else best
        chosen.append(take)
        start, best, b = points.after[take], -1, take + 1
    return _breaking(points, chosen, width_of, 0.0, "greedy")


def _width_function(line_widths: LineWidths) -> tuple[Callable[[int], float], int]:
    """Return the width of line n as a function, and how many lines have widths of their own (-1: all)."""
    if callable(line_widths):
        return line_widths, -1
    widths = list(line_widths)
    if not widths:
        raise ValueError("line_widths is empty")
    last = len(widths) - 1

    def width_of(line: int) -> float:
        return widths[line if line < last else last]

    return width_of, last


def _result(points: Breakpoints, final: Node, width_of: Callable[[int], float], pass_name: str) -> Breaking:
    chain: list[int] = []
    node: Node | None = final
    while node is not None and node[0] >= 0:
        chain.append(node[0])
        node = node[9]
    chain.reverse()
    return _breaking(points, chain, width_of, final[4], pass_name)


def _breaking(
    points: Breakpoints, chain: list[int], width_of: Callable[[int], float], demerits: float, pass_name: str
) -> Breaking:
    # A line with nothing on it is no line. The final pass can break twice in one place when a word too wide
    # for any line leaves it no better choice: before a ragged line's stretch and after it (found by fuzzing).
    start: Totals = (0.0, 0.0, 0.0, 0)
    kept: list[int] = []
    for b in chain:
        if b != chain[-1] and points.width[b] + points.pwidth[b] <= start[0]:
            continue
        kept.append(b)
        start = points.after[b]
    chain = kept
    # Each ratio is stated against the glue the line really has: emergency stretch only judged it.
    ratios: list[float] = []
    start = (0.0, 0.0, 0.0, 0)
    for line, b in enumerate(chain):
        ratios.append(_ratio(points, b, start, width_of(line)))
        start = points.after[b]
    overfull = tuple(i for i, r in enumerate(ratios) if r < -1)
    breaks = tuple(points.position[b] for b in chain)
    flagged = tuple(points.flagged[b] for b in chain)
    return Breaking(breaks, tuple(ratios), flagged, demerits, overfull, pass_name, tuple(chain))


def _ratio(points: Breakpoints, b: int, start: Totals, target: float) -> float:
    """Return the adjustment ratio of the line from ``start`` (totals after a break) to breakpoint ``b``."""
    shortfall = target - (points.width[b] + points.pwidth[b] - start[0])
    if shortfall > 0:
        if points.fill[b] > start[3]:
            return 0.0
        stretch = points.stretch[b] - start[1]
        return shortfall / stretch if stretch > 0 else math.inf
    if shortfall < 0:
        shrink = points.shrink[b] - start[2]
        return shortfall / shrink if shrink > 0 else -math.inf
    return 0.0
