"""Break a paragraph into lines by total fit (the Knuth–Plass algorithm).

Input: a paragraph as a sequence of items (``Box``, ``Glue``, ``Penalty``),
the width of each line, and ``Parameters``. Output: a ``Breaking``: the item
index of each break and each line's adjustment ratio, chosen so that the sum
of the lines' demerits over the whole paragraph is least. Pure: widths are
numbers; this module knows nothing of fonts or ReportLab.

The model is TeX's (Knuth and Plass 1981; TeX: the Program, parts 38-39): a
line may end at a glue that follows a box or at a penalty below ``INFINITY``;
glue and penalties after a break are dropped up to the next box; a penalty
at ``-INFINITY`` forces a break. Passes, as TeX runs them: without inserted
hyphens (flagged penalties of non-zero width) at ``pretolerance``; with them
at ``tolerance``; with ``emergency_stretch``; and a final pass that accepts
any underfull line, and an overfull one where nothing else fits (TeX's
"artificial demerits"), named in ``Breaking.overfull``. ``looseness`` is
always 0. Cost: breakpoints times active nodes (about a line's worth of
breakpoints times the fitness classes and hyphen streaks in play); past
``MAX_ITEMS`` a caller uses ``first_fit``, one greedy pass.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

INFINITY = 10000.0  # a penalty this high forbids a break; this low (negated) forces one
INF_BAD = 10000.0  # TeX's badness of a line that cannot stretch enough
FILL = math.inf  # the stretch of a glue that can stretch without limit (a paragraph's last line)

# About 450 words of prose with its hyphenation points (a brief's paragraphs have 60-200).
# Measured (TYPOGRAPHY.md): ~1 µs per item up to ~300 words, but a paragraph that needs the
# final pass (every underfull line allowed) costs up to ~10x that, and past this size the
# worst cases grow faster than the size.
MAX_ITEMS = 1200

_TIGHT, _DECENT, _LOOSE, _VERY_LOOSE = 0, 1, 2, 3


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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Breaking:
    """The chosen breaks of a paragraph."""

    breaks: tuple[int, ...]  # item index of each line's break; the last is the final forced break
    ratios: tuple[float, ...]  # each line's adjustment ratio: share of its stretch (> 0) or shrink (< 0) used
    flagged: tuple[bool, ...]  # whether each line ends at a flagged break (a hyphen)
    demerits: float
    overfull: tuple[int, ...]  # lines (from 0) wider than their measure even at full shrink
    pass_name: str  # "first", "second", "emergency", "final", or "greedy" (first_fit)


class _Breakpoints:
    """The paragraph's legal breakpoints, and the running totals of width, stretch, shrink and fill before each."""

    position: tuple[int, ...]  # the item index
    width: tuple[float, ...]
    stretch: tuple[float, ...]
    shrink: tuple[float, ...]
    fill: tuple[int, ...]  # glues that stretch without limit
    pwidth: tuple[float, ...]  # what the break adds if taken (a hyphen)
    penalty: tuple[float, ...]
    flagged: tuple[bool, ...]

    def __init__(self, items: Sequence[Item]) -> None:
        rows: list[tuple[int, float, float, float, int, float, float, bool]] = []
        after: list[tuple[float, float, float, int]] = []  # the totals where the line after each break starts
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
        self.position, self.width, self.stretch, self.shrink, self.fill, self.pwidth, self.penalty, self.flagged = zip(
            *rows, strict=True
        )
        self.forced = tuple(p <= -INFINITY for p in self.penalty)
        self.after = after


def break_lines(items: Sequence[Item], line_widths: LineWidths, parameters: Parameters | None = None) -> Breaking:
    """Return the breaks of least total demerits for ``items`` set in lines of ``line_widths``.

    ``line_widths`` is a list (its last value repeats for later lines) or a
    function of the 0-based line number. The items must end with a forced
    break (usually ``Glue(0, FILL, 0)`` then ``Penalty(0, -INFINITY)``).
    """
    p = parameters or Parameters()
    points = _Breakpoints(_checked(items))
    width_of, distinct = _width_function(line_widths)
    has_hyphens = any(f and w > 0 for f, w in zip(points.flagged, points.pwidth, strict=True))
    extra = max(p.emergency_stretch, 0.0)
    passes = [("first", p.pretolerance, False, 0.0)] if p.pretolerance >= 0 else []
    if has_hyphens or p.pretolerance < 0 or p.tolerance > p.pretolerance:
        passes.append(("second", p.tolerance, True, 0.0))
    if extra:
        passes.append(("emergency", p.tolerance, True, extra))
    for name, threshold, hyphens, stretch in passes:
        found = _run(points, width_of, distinct, p, threshold, hyphens=hyphens, extra=stretch, final=False)
        if found is not None:
            return _result(points, found, width_of, name)
    # Nothing within the tolerance: accept looser lines, and overfull ones where nothing else fits.
    found = _run(points, width_of, distinct, p, p.final_tolerance, hyphens=True, extra=extra, final=True)
    assert found is not None  # the final pass always finds a breaking (see _run)
    return _result(points, found, width_of, "final")


def first_fit(items: Sequence[Item], line_widths: LineWidths) -> Breaking:
    """Return greedy breaks: each line takes as much as fits when its spaces shrink fully.

    For paragraphs past ``MAX_ITEMS``: one pass, linear in the paragraph's
    length. A line ends at its last feasible break, or overfull where none is.
    """
    points = _Breakpoints(_checked(items))
    width_of, _ = _width_function(line_widths)
    chosen: list[int] = []
    start = (0.0, 0.0, 0.0, 0)
    best = -1  # the last break seen at which the current line fits
    b = 0
    while b < len(points.position):
        ratio = _ratio(points, b, start, width_of(len(chosen)))
        if ratio >= -1 and not points.forced[b]:
            best, b = b, b + 1
            continue
        take = b if best < 0 or (points.forced[b] and ratio >= -1) else best
        chosen.append(take)
        start, best, b = points.after[take], -1, take + 1
    return _breaking(points, chosen, width_of, 0.0, "greedy")


def _checked(items: Sequence[Item]) -> Sequence[Item]:
    if not items or type(items[-1]) is not Penalty or items[-1].penalty > -INFINITY:
        raise ValueError("a paragraph's items must end with a forced break (a Penalty of -INFINITY)")
    return items


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


# An active node: (breakpoint index, line number of the line it starts, fitness class of the line
# it ends, flagged breaks in a row ending here, total demerits, totals after the break, previous node).
_Node = tuple[int, int, int, int, float, tuple[float, float, float, int], object]


def _run(
    points: _Breakpoints,
    width_of: Callable[[int], float],
    distinct: int,
    p: Parameters,
    threshold: float,
    *,
    hyphens: bool,
    extra: float,
    final: bool,
) -> _Node | None:
    """Run one pass; return the node of the final break, or None when no breaking is feasible.

    In the final pass the last active node breaks anyway where it would
    otherwise be dropped (TeX's "artificial demerits"), so a breaking is
    always found, with an overfull or underfull line where nothing fits.
    """
    limit = p.max_consecutive_flagged
    top = limit if limit > 0 else 1  # without a limit, only "flagged or not" matters
    span = top + 1  # candidate keys: (line class, fitness class, streak) as one int
    line_penalty, flagged_demerits = p.line_penalty, p.flagged_demerits
    fitness_demerits, final_demerits = p.fitness_demerits, p.final_hyphen_demerits
    # A node may be dropped for another at the same place whose completions include all of its
    # own, if its demerits exceed the other's by more than what the difference between the two
    # can still cost later: a fitness mismatch and a flagged pair on the next line.
    slack = fitness_demerits + max(flagged_demerits, final_demerits)
    short_last, short_last_demerits = p.short_last_line, p.short_last_line_demerits
    start: _Node = (-1, 0, _DECENT, 0, 0.0, (0.0, 0.0, 0.0, 0), None)
    active: list[_Node] = [start]
    pos, tw, ty, tz, tf = points.position, points.width, points.stretch, points.shrink, points.fill
    pwidths, penalties, flags = points.pwidth, points.penalty, points.flagged
    forced_at, after = points.forced, points.after
    constant = width_of(0) if distinct == 0 else 0.0  # one width for every line: no lookups
    last_b = len(pos) - 1
    for b in range(len(pos)):
        flagged = flags[b]
        pwidth = pwidths[b]
        if not hyphens and flagged and pwidth > 0:
            continue
        penalty = penalties[b]
        forced = forced_at[b]
        w_b, y_b, z_b, f_b = tw[b] + pwidth, ty[b], tz[b], tf[b]
        candidates: dict[int, tuple[float, _Node, int, int, int]] = {}
        kept: list[_Node] = []
        n_active = len(active)
        for k in range(n_active):
            node = active[k]
            line = node[1]
            target = constant or width_of(line)
            sw, sy, sz, sf = node[5]
            shortfall = target - (w_b - sw)
            if shortfall > 0:
                stretch = math.inf if f_b > sf else y_b - sy + extra  # fill glue takes any shortfall
                if stretch > 0:
                    ratio = shortfall / stretch
                    badness = 100.0 * ratio * ratio * ratio
                    if badness > INF_BAD:
                        badness = INF_BAD
                else:
                    ratio, badness = math.inf, INF_BAD
            elif shortfall < 0:
                shrink = z_b - sz
                ratio = shortfall / shrink if shrink > 0 else -math.inf
                badness = -100.0 * ratio * ratio * ratio if ratio >= -1 else INF_BAD + 1
            else:
                ratio, badness = 0.0, 0.0
            streak = node[3] + 1 if flagged else 0
            if ratio < -1 and pwidth and shortfall + pwidth >= sz - z_b:
                # Overfull only by the hyphen's width: a later break that adds none may still fit.
                if not forced:
                    kept.append(node)
                continue
            alone = not candidates and not kept and k == n_active - 1
            if streak > top:
                if limit > 0:
                    # Too many hyphens in a row: this node cannot break here, but may later. In
                    # the final pass the last node waits for such a break even when overfull.
                    if not forced and (ratio >= -1 or (final and alone)):
                        kept.append(node)
                    continue
                streak = top
            artificial = False
            if ratio < -1 or forced:
                # The line only gets longer from here (or a forced break ends it): drop the node,
                # unless in the final pass it is the last one left and nothing else breaks here.
                if badness > threshold:
                    if not (final and alone):
                        continue
                    artificial = True
            else:
                kept.append(node)
                if badness > threshold:
                    continue
            fitness = _TIGHT if ratio < -0.5 else _DECENT if ratio <= 0.5 else _LOOSE if ratio <= 1 else _VERY_LOOSE
            if artificial:
                total = node[4]
            else:
                demerits = (line_penalty + badness) ** 2
                if penalty >= 0:
                    demerits += penalty * penalty
                elif penalty > -INFINITY:
                    demerits -= penalty * penalty
                if node[3]:
                    if flagged:
                        demerits += flagged_demerits
                    elif b == last_b:
                        demerits += final_demerits
                if abs(fitness - node[2]) > 1:
                    demerits += fitness_demerits
                if b == last_b and w_b - sw < short_last:
                    demerits += short_last_demerits
                total = node[4] + demerits
            line_class = line + 1 if line < distinct or distinct < 0 else distinct
            key = (line_class * 4 + fitness) * span + streak
            best = candidates.get(key)
            if best is None or total < best[0]:
                candidates[key] = (total, node, fitness, streak, line_class)
        if candidates:
            entries = list(candidates.values())
            if len(entries) > 1:
                entries = [
                    e for e in entries if e[0] <= min(o[0] for o in entries if o[4] == e[4] and o[3] <= e[3]) + slack
                ]
            after_b = after[b]
            for total, node, fitness, streak, _line_class in entries:
                kept.append((b, node[1] + 1, fitness, streak, total, after_b, node))
        active = kept
        if not active:
            return None
    finals = [node for node in active if node[0] == last_b]
    if not finals:
        return None
    return min(finals, key=lambda node: node[4])


def _result(points: _Breakpoints, final: _Node, width_of: Callable[[int], float], pass_name: str) -> Breaking:
    chain: list[int] = []
    node: _Node | None = final
    while node is not None and node[0] >= 0:
        chain.append(node[0])
        node = node[6]  # type: ignore[assignment]
    chain.reverse()
    return _breaking(points, chain, width_of, final[4], pass_name)


def _breaking(
    points: _Breakpoints, chain: list[int], width_of: Callable[[int], float], demerits: float, pass_name: str
) -> Breaking:
    # Each ratio is stated against the glue the line really has: emergency stretch only judged it.
    ratios: list[float] = []
    start = (0.0, 0.0, 0.0, 0)
    for line, b in enumerate(chain):
        ratios.append(_ratio(points, b, start, width_of(line)))
        start = points.after[b]
    overfull = tuple(i for i, r in enumerate(ratios) if r < -1)
    breaks = tuple(points.position[b] for b in chain)
    flagged = tuple(points.flagged[b] for b in chain)
    return Breaking(breaks, tuple(ratios), flagged, demerits, overfull, pass_name)


def _ratio(points: _Breakpoints, b: int, start: tuple[float, float, float, int], target: float) -> float:
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
