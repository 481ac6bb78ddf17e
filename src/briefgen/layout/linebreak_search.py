"""One pass of the total-fit search: the active nodes, their demerits, and the node of the best final break.

Input: a paragraph's ``linebreak.Breakpoints``, the width of each line, the
``linebreak.Parameters`` and what the pass allows (its badness threshold,
inserted hyphens, emergency stretch, artificial demerits). Output: the
``Node`` of the final break whose chain of breaks has the least total
demerits, or None when the pass finds no feasible breaking. ``linebreak``
runs the passes and reads the chain back.

Two loops compute the same thing. ``uniform_pass`` serves the first and second
passes of a paragraph whose lines are all one width (nearly every
paragraph): its active nodes are in breakpoint order, so the lines that end
at a breakpoint get longer from the last node to the first; the nodes whose
lines have become too long to fit are a prefix, dropped by moving a start
index, and once one node's line is too loose for the threshold, every later
node's is too, so the scan stops there. Its cost is about the feasible
(start, end) pairs, not the breakpoints times the active nodes. ``general_pass``
serves lines of different widths and the final pass, whose artificial
demerits depend on every node.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefgen.layout.linebreak import Breakpoints, Parameters

INFINITY = 10000.0  # a penalty this high forbids a break; this low (negated) forces one
INF_BAD = 10000.0  # TeX's badness of a line that cannot stretch enough
_INF = math.inf

_TIGHT, _DECENT, _LOOSE, _VERY_LOOSE = 0, 1, 2, 3

# An active node: (breakpoint index, line number of the line it starts, fitness class of the line it
# ends, flagged breaks in a row ending here, total demerits, the totals of width, stretch, shrink and
# fill after the break, the previous node). A flat tuple: it is unpacked in the innermost loop.
Node = tuple[int, int, int, int, float, float, float, float, int, "Node | None"]


def search(
    points: Breakpoints,
    width_of: Callable[[int], float],
    distinct: int,
    p: Parameters,
    threshold: float,
    *,
    hyphens: bool,
    extra: float,
    final: bool,
) -> Node | None:
    """Run one pass; return the node of the final break, or None when no breaking is feasible.

    In the final pass the last active node breaks anyway where it would
    otherwise be dropped (TeX's "artificial demerits"), so a breaking is
    always found, with an overfull or underfull line where nothing fits.
    """
    if distinct == 0 and not final and threshold < INF_BAD:
        return uniform_pass(points, width_of(0), p, threshold, hyphens=hyphens, extra=extra)
    if distinct == 0 and final and _demerits_grow_with_badness(points, p):
        # Most paragraphs that reach the final pass need one line a little looser than the
        # tolerance, not one of any looseness. A pass that accepts lines up to a bound finds
        # the final pass's answer whenever its total is below what one line past the bound
        # costs on its own: every breaking with such a line costs more.
        for bound in FINAL_BOUNDS:
            bound = min(bound, threshold)
            found = uniform_pass(points, width_of(0), p, bound, hyphens=hyphens, extra=extra)
            if found is not None and (bound == threshold or found[4] <= (p.line_penalty + bound) ** 2):
                return found
            if bound == threshold:
                break
    return general_pass(points, width_of, distinct, p, threshold, hyphens=hyphens, extra=extra, final=final)


# Looser than any line the second pass accepts (800: ratio 2), tight enough that the pass is quick; then any
# line that stretches far enough at all (a badness below TeX's infinite one). The second bound is for a
# paragraph with a line no breaking can keep decent (a long unbreakable run: "Совет Федерации — 6 ноября;"):
# its uniform pass takes a tenth of the general pass's time, and the general pass is left to paragraphs with
# an overfull line or a line that cannot stretch enough.
FINAL_BOUNDS = (5000.0, 9999.0)


def _demerits_grow_with_badness(points: Breakpoints, p: Parameters) -> bool:
    """Whether a breaking's demerits are at least (line penalty + badness)² of each of its lines."""
    costs = (p.line_penalty, p.flagged_demerits, p.fitness_demerits, p.final_hyphen_demerits)
    return min(costs) >= 0 and p.short_last_line_demerits >= 0 and all(x >= 0 or x <= -INFINITY for x in points.penalty)


def _fitness(ratio: float) -> int:
    return _TIGHT if ratio < -0.5 else _DECENT if ratio <= 0.5 else _LOOSE if ratio <= 1 else _VERY_LOOSE


def uniform_pass(
    points: Breakpoints, target: float, p: Parameters, threshold: float, *, hyphens: bool, extra: float
) -> Node | None:
    """``general_pass`` for lines of one width, outside the final pass (``threshold`` below ``INF_BAD``)."""
    limit = p.max_consecutive_flagged
    top = limit if limit > 0 else 1  # without a limit, only "flagged or not" matters
    span = top + 1
    line_penalty, flagged_demerits = p.line_penalty, p.flagged_demerits
    fitness_demerits, final_demerits = p.fitness_demerits, p.final_hyphen_demerits
    slack = fitness_demerits + max(flagged_demerits, final_demerits)  # see general_pass
    short_last, short_last_demerits = p.short_last_line, p.short_last_line_demerits
    active: list[Node] = [(-1, 0, _DECENT, 0, 0.0, 0.0, 0.0, 0.0, 0, None)]
    lo = 0  # active[lo:] are the nodes still active, in breakpoint order
    tw, ty, tz, tf = points.width, points.stretch, points.shrink, points.fill
    pwidths, penalties, flags, after = points.pwidth, points.penalty, points.flagged, points.after
    last_b = len(tw) - 1
    # A ratio past which a line is surely too loose for the threshold, rounding and all.
    loose = (threshold / 100.0) ** (1 / 3) * (1 + 1e-9) if threshold > 0 else 0.0
    # The totals after active[lo], the node whose line is the longest, kept in locals: most breakpoints
    # look at nothing else. (Names bound locally, as below, are the loop's cheapest lookups.)
    front_w, front_y, front_f = 0.0, 0.0, 0
    forcing, inf, inf_bad = -INFINITY, _INF, INF_BAD
    # Only what the skip below reads is unpacked for every breakpoint; the rest is looked up past it.
    columns = zip(tw, pwidths, ty, tf, penalties, strict=True)
    for b, (w_b, pwidth, y_b, f_b, penalty) in enumerate(columns):
        if pwidth:
            if not hyphens and pwidth > 0 and flags[b]:
                continue
            w_b += pwidth
        # Most breakpoints are in the middle of every open line: if even the longest is too loose,
        # so is every other, and nothing happens here (unless the break is forced).
        shortfall = target - (w_b - front_w)
        if shortfall > 0 and f_b <= front_f:
            stretch = y_b - front_y + extra
            if (stretch <= 0 or shortfall > loose * stretch) and penalty > forcing:
                continue
        forced = penalty <= forcing
        z_b, flagged = tz[b], flags[b]
        candidates: dict[int, tuple[float, Node, int, int]] | None = None
        gone: list[int] | None = None  # dropped nodes that were not at the front (lines of equal width: none)
        end = len(active)
        k = lo
        while k < end:
            node = active[k]
            _, _, fit0, streak0, total0, sw, sy, sz, sf, _ = node
            shortfall = target - (w_b - sw)
            if shortfall > 0:
                stretch = inf if f_b > sf else y_b - sy + extra
                if stretch > 0:
                    ratio = shortfall / stretch
                    badness = 100.0 * ratio * ratio * ratio
                    if badness > inf_bad:
                        badness = inf_bad
                else:
                    ratio, badness = inf, inf_bad
                if badness > threshold:
                    break  # too loose, and every later node's line is shorter still: they all wait
            elif shortfall < 0:
                shrink = z_b - sz
                ratio = shortfall / shrink if shrink > 0 else -inf
                if ratio < -1:
                    if not (pwidth and shortfall + pwidth >= sz - z_b):
                        # The line only gets longer from here: the node is dropped. (Overfull only
                        # by the hyphen's width, it waits: a later break that adds none may fit.)
                        if k == lo:
                            lo += 1
                        else:
                            gone = [*(gone or ()), k]
                    k += 1
                    continue
                badness = -100.0 * ratio * ratio * ratio
            else:
                ratio, badness = 0.0, 0.0
            k += 1
            streak = streak0 + 1 if flagged else 0
            if streak > top:
                if limit > 0:
                    continue  # too many hyphens in a row: it cannot break here, but may later
                streak = top
            if badness > threshold:
                continue
            fitness = _TIGHT if ratio < -0.5 else _DECENT if ratio <= 0.5 else _LOOSE if ratio <= 1 else _VERY_LOOSE
            demerits = (line_penalty + badness) ** 2
            if penalty >= 0:
                demerits += penalty * penalty
            elif penalty > forcing:
                demerits -= penalty * penalty
            if streak0:
                if flagged:
                    demerits += flagged_demerits
                elif b == last_b:
                    demerits += final_demerits
            if fitness - fit0 > 1 or fit0 - fitness > 1:
                demerits += fitness_demerits
            if b == last_b and w_b - sw < short_last:
                demerits += short_last_demerits
            total = total0 + demerits
            key = fitness * span + streak
            if candidates is None:
                candidates = {key: (total, node, fitness, streak)}
            else:
                best = candidates.get(key)
                if best is None or total < best[0]:
                    candidates[key] = (total, node, fitness, streak)
        if forced:
            lo = end  # a forced break ends every line that is open
        elif gone:
            active = active[:lo] + [node for i, node in enumerate(active[lo:end], lo) if i not in gone] + active[end:]
        if candidates:
            entries = list(candidates.values())
            if len(entries) > 1:
                entries = _undominated(entries, span, slack)
            aw, ay, az, af = after[b]
            for total, node, fitness, streak in entries:
                active.append((b, node[1] + 1, fitness, streak, total, aw, ay, az, af, node))
        if lo == len(active):
            return None
        _, _, _, _, _, front_w, front_y, _, front_f, _ = active[lo]
    finals = [node for node in active[lo:] if node[0] == last_b]
    return min(finals, key=lambda node: node[4]) if finals else None


def _undominated(
    entries: list[tuple[float, Node, int, int]], span: int, slack: float
) -> list[tuple[float, Node, int, int]]:
    """Keep the entries no more than ``slack`` above the least total of those with no longer a streak of hyphens."""
    least = [_INF] * span  # by streak: the least total of the entries with that streak or a shorter one
    for entry in entries:
        if entry[0] < least[entry[3]]:
            least[entry[3]] = entry[0]
    for streak in range(1, span):
        if least[streak - 1] < least[streak]:
            least[streak] = least[streak - 1]
    return [entry for entry in entries if entry[0] <= least[entry[3]] + slack]


def general_pass(
    points: Breakpoints,
    width_of: Callable[[int], float],
    distinct: int,
    p: Parameters,
    threshold: float,
    *,
    hyphens: bool,
    extra: float,
    final: bool,
) -> Node | None:
    """Run one pass over every active node at every breakpoint."""
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
    active: list[Node] = [(-1, 0, _DECENT, 0, 0.0, 0.0, 0.0, 0.0, 0, None)]
    tw, ty, tz, tf = points.width, points.stretch, points.shrink, points.fill
    pwidths, penalties, flags, after = points.pwidth, points.penalty, points.flagged, points.after
    constant = width_of(0) if distinct == 0 else 0.0  # one width for every line: no lookups
    last_b = len(tw) - 1
    for b in range(last_b + 1):
        flagged = flags[b]
        pwidth = pwidths[b]
        if not hyphens and flagged and pwidth > 0:
            continue
        penalty = penalties[b]
        forced = penalty <= -INFINITY
        w_b, y_b, z_b, f_b = tw[b] + pwidth, ty[b], tz[b], tf[b]
        candidates: dict[int, tuple[float, Node, int, int, int]] = {}
        kept: list[Node] = []
        n_active = len(active)
        for k in range(n_active):
            node = active[k]
            _, line, fit0, streak0, total0, sw, sy, sz, sf, _ = node
            target = constant or width_of(line)
            shortfall = target - (w_b - sw)
            if shortfall > 0:
                stretch = _INF if f_b > sf else y_b - sy + extra  # fill glue takes any shortfall
                if stretch > 0:
                    ratio = shortfall / stretch
                    badness = 100.0 * ratio * ratio * ratio
                    if badness > INF_BAD:
                        badness = INF_BAD
                else:
                    ratio, badness = _INF, INF_BAD
            elif shortfall < 0:
                shrink = z_b - sz
                ratio = shortfall / shrink if shrink > 0 else -_INF
                badness = -100.0 * ratio * ratio * ratio if ratio >= -1 else INF_BAD + 1
            else:
                ratio, badness = 0.0, 0.0
            streak = streak0 + 1 if flagged else 0
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
            fitness = _fitness(ratio)
            if artificial:
                total = total0
            else:
                demerits = (line_penalty + badness) ** 2
                if penalty >= 0:
                    demerits += penalty * penalty
                elif penalty > -INFINITY:
                    demerits -= penalty * penalty
                if streak0:
                    if flagged:
                        demerits += flagged_demerits
                    elif b == last_b:
                        demerits += final_demerits
                if abs(fitness - fit0) > 1:
                    demerits += fitness_demerits
                if b == last_b and w_b - sw < short_last:
                    demerits += short_last_demerits
                total = total0 + demerits
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
            aw, ay, az, af = after[b]
            for total, node, fitness, streak, _line_class in entries:
                kept.append((b, node[1] + 1, fitness, streak, total, aw, ay, az, af, node))
        active = kept
        if not active:
            return None
    finals = [node for node in active if node[0] == last_b]
    if not finals:
        return None
    return min(finals, key=lambda node: node[4])
