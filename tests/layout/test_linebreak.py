"""Tests of the total-fit line breaker: known optima, hyphens, overfull paragraphs, and brute force."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.layout.linebreak import (
    FILL,
    INFINITY,
    Box,
    Breaking,
    Breakpoints,
    Glue,
    Item,
    Parameters,
    Penalty,
    break_lines,
    first_fit,
)
from briefgen.layout.linebreak_search import FINAL_BOUNDS, general_pass, search, uniform_pass

SPACE = Glue(3.0, 1.5, 1.0)
END: list[Item] = [Penalty(0.0, INFINITY), Glue(0.0, FILL, 0.0), Penalty(0.0, -INFINITY)]
ONE_PASS = Parameters(pretolerance=-1)


def words(*widths: float) -> list[Item]:
    """Return a paragraph of boxes of ``widths`` separated by ``SPACE``, ended by fill glue."""
    items: list[Item] = []
    for width in widths:
        if items:
            items.append(SPACE)
        items.append(Box(width))
    return items + END


def line_texts(items: list[Item], breaks: tuple[int, ...]) -> list[list[object]]:
    lines, start = [], 0
    for end in breaks:
        lines.append([item.content for item in items[start:end] if isinstance(item, Box) and item.content])
        start = end + 1
    return lines


# ---- the breaker ------------------------------------------------------------------------------


def test_known_optimum_beats_first_fit() -> None:
    # First fit (as many words as fit at natural width) ends line one after three words, leaving
    # it very loose (ratio 5.3); the optimum takes a fourth word and shrinks that line instead.
    items = words(8, 5, 5, 15, 8, 10, 15, 8)
    result = break_lines(items, [40.0], ONE_PASS)
    assert result.breaks == (7, 13, 17)
    assert result.ratios[:2] == pytest.approx((-2 / 3, 1 / 3))
    first_fit = [5, 11, 17]
    loose = Parameters(pretolerance=-1, tolerance=10000)
    assert _demerits(items, first_fit, [40.0], loose) > _demerits(items, list(result.breaks), [40.0], loose)


def test_last_line_is_ragged_with_fill_glue() -> None:
    items = words(10, 10, 10, 10, 10, 4)
    result = break_lines(items, [49.0], ONE_PASS)
    assert result.breaks[-1] == len(items) - 1
    assert result.ratios[-1] == 0.0  # the fill glue takes the whole shortfall
    assert result.overfull == ()


def test_items_must_end_with_a_forced_break() -> None:
    with pytest.raises(ValueError, match="forced break"):
        break_lines([Box(1.0), Glue(0.0, FILL, 0.0)], [10.0])


def hyphenated(prefix: float, suffix: float, hyphen: float = 2.0, penalty: float = 50.0) -> list[Item]:
    return [Box(prefix), Penalty(hyphen, penalty, True), Box(suffix)]


def test_paragraph_that_needs_a_hyphen_is_set_in_the_second_pass() -> None:
    # Line width 40: "20 + space + 30" is far too long, "20" alone far too loose; "20 + 10-" fits.
    items: list[Item] = [Box(20.0), SPACE, *hyphenated(15.0, 15.0), SPACE, Box(20.0), *END]
    result = break_lines(items, [40.0])
    assert result.pass_name == "second"
    assert result.flagged[0] is True
    assert result.breaks[0] == 3  # the hyphen's penalty
    assert result.overfull == ()


def test_paragraph_without_a_hyphen_stays_in_the_first_pass() -> None:
    items: list[Item] = [Box(18.0), SPACE, *hyphenated(9.0, 9.0), SPACE, Box(18.0), *END]
    result = break_lines(items, [40.0])
    assert result.pass_name == "first"
    assert not any(result.flagged)


def test_overfull_paragraph_is_set_and_reported() -> None:
    # A box wider than the measure cannot be set without an overfull line, whatever the tolerance;
    # the final pass gives it a line of its own rather than run a neighbour out with it.
    items: list[Item] = [Box(10.0, "a"), SPACE, Box(80.0, "wide"), SPACE, Box(10.0, "b"), SPACE, Box(10.0, "c"), *END]
    result = break_lines(items, [40.0], Parameters(emergency_stretch=10.0))
    assert result.pass_name == "final"
    assert line_texts(items, result.breaks) == [["a"], ["wide"], ["b", "c"]]
    assert result.overfull == (1,)
    assert result.ratios[1] < -1
    assert result.ratios[0] == math.inf  # "a" alone: underfull, and said so


def test_emergency_stretch_sets_a_paragraph_too_loose_for_the_tolerance() -> None:
    # Each line must stretch far past the tolerance; the emergency pass, whose extra stretch
    # makes that acceptable, sets it before the final pass would be needed.
    items = words(10, 10, 10, 10, 10)
    result = break_lines(items, [33.0], Parameters(emergency_stretch=20.0))
    assert result.pass_name == "emergency"
    assert result.overfull == ()
    assert result.ratios[0] > 1.5  # reported against the glue the line really has


def ladder(limit: int) -> Breaking:
    # Every line fits exactly when it ends at a hyphen, and badly anywhere else: without a limit
    # the optimum hyphenates four lines in a row.
    word: list[Item] = [Box(5.0), Penalty(2.0, 0.0, True), Box(5.0)]
    items: list[Item] = [Box(30.0), SPACE]
    for _ in range(4):
        items += [*word, SPACE, Box(22.0), SPACE]
    items[-2:] = [Box(10.0), *END]
    parameters = Parameters(pretolerance=-1, tolerance=10000, flagged_demerits=0, max_consecutive_flagged=limit)
    return break_lines(items, [40.0], parameters)


def longest_run(flags: tuple[bool, ...]) -> int:
    return max((len(list(group)) for flag, group in itertools.groupby(flags) if flag), default=0)


def test_hyphen_ladder_without_a_limit() -> None:
    assert longest_run(ladder(0).flagged) >= 3


@pytest.mark.parametrize("limit", [1, 2])
def test_consecutive_hyphen_limit_is_a_hard_rule(limit: int) -> None:
    result = ladder(limit)
    assert longest_run(result.flagged) == limit


def test_short_last_line_costs_demerits() -> None:
    items = words(10, 10, 10, 10, 10, 10, 5)
    plain = break_lines(items, [36.0], ONE_PASS)
    assert plain.breaks[-2] == 11  # the short last word alone on the last line
    runt = Parameters(pretolerance=-1, tolerance=10000, short_last_line=10, short_last_line_demerits=1e9)
    assert break_lines(items, [36.0], runt).breaks[-2] < 11


def test_line_widths_may_differ_by_line() -> None:
    items = words(*[10] * 12)
    narrow_first = break_lines(items, [23.0, 49.0], ONE_PASS)
    assert narrow_first.breaks[0] == 3  # two boxes on the first line
    as_function = break_lines(items, lambda line: 23.0 if line == 0 else 49.0, ONE_PASS)
    assert as_function.breaks == narrow_first.breaks


# ---- the breaker against brute force ----------------------------------------------------------


def brute_force(items: list[Item], widths: list[float], p: Parameters) -> float:
    """Return the least total demerits over every feasible breaking, or inf when there is none."""
    legal = [
        i
        for i, item in enumerate(items)
        if (isinstance(item, Glue) and i > 0 and isinstance(items[i - 1], Box))
        or (isinstance(item, Penalty) and item.penalty < INFINITY)
    ]
    final = len(items) - 1
    optional = [i for i in legal if i != final]
    best = math.inf
    for r in range(len(optional) + 1):
        for chosen in itertools.combinations(optional, r):
            total = _demerits(items, [*chosen, final], widths, p)
            best = min(best, total)
    return best


def _demerits(items: list[Item], breaks: list[int], widths: list[float], p: Parameters) -> float:
    """Return the total demerits of one breaking by the rules in linebreak's docstring, inf if infeasible."""
    total, start, previous_fitness, streak, previous_flagged = 0.0, 0, 1, 0, False
    for line, b in enumerate(breaks):
        if any(isinstance(x, Penalty) and x.penalty <= -INFINITY for x in items[start:b]):
            return math.inf  # a forced break skipped
        while start < b and not isinstance(items[start], Box):
            start += 1  # glue and penalties after a break are dropped
        ratio, natural = line_ratio(items, start, b, widths[min(line, len(widths) - 1)])
        if ratio < -1:
            return math.inf
        badness = min(100 * abs(ratio) ** 3, 10000.0)
        if badness > p.tolerance:
            return math.inf
        end = items[b]
        flagged = isinstance(end, Penalty) and end.flagged
        streak = streak + 1 if flagged else 0
        if p.max_consecutive_flagged and streak > p.max_consecutive_flagged:
            return math.inf
        penalty = end.penalty if isinstance(end, Penalty) else 0.0
        d = (p.line_penalty + badness) ** 2
        if penalty >= 0:
            d += penalty**2
        elif penalty > -INFINITY:
            d -= penalty**2
        if flagged and previous_flagged:
            d += p.flagged_demerits
        elif b == breaks[-1] and previous_flagged:
            d += p.final_hyphen_demerits
        fitness = 0 if ratio < -0.5 else 1 if ratio <= 0.5 else 2 if ratio <= 1 else 3
        if abs(fitness - previous_fitness) > 1:
            d += p.fitness_demerits
        if b == breaks[-1] and natural < p.short_last_line:
            d += p.short_last_line_demerits
        total += d
        previous_fitness, previous_flagged = fitness, flagged
        start = b + 1
    return total


def line_ratio(items: list[Item], start: int, b: int, target: float) -> tuple[float, float]:
    """Return the adjustment ratio and natural width of the line from item ``start`` to break ``b``."""
    content = [x for x in items[start:b] if not isinstance(x, Penalty)]
    natural = sum(x.width for x in content)
    end = items[b]
    if isinstance(end, Penalty):
        natural += end.width
    stretch = sum(x.stretch for x in content if isinstance(x, Glue) and x.stretch != FILL)
    fill = any(isinstance(x, Glue) and x.stretch == FILL for x in content)
    shrink = sum(x.shrink for x in content if isinstance(x, Glue))
    short = target - natural
    if short > 0:
        return (0.0 if fill else (short / stretch if stretch > 0 else math.inf)), natural
    if short < 0:
        return (short / shrink if shrink > 0 else -math.inf), natural
    return 0.0, natural


@st.composite
def paragraphs(draw: st.DrawFn) -> tuple[list[Item], list[float], Parameters]:
    count = draw(st.integers(2, 7))
    items: list[Item] = []
    for index in range(count):
        if index:
            items.append(Glue(3.0, draw(st.sampled_from([0.0, 1.0, 2.0])), draw(st.sampled_from([0.0, 1.0]))))
        items.append(Box(float(draw(st.integers(1, 30)))))
        if draw(st.booleans()):  # a hyphenation point, flagged or not, in or after the word
            items.append(
                Penalty(float(draw(st.integers(0, 3))), float(draw(st.integers(-50, 200))), draw(st.booleans()))
            )
            items.append(Box(float(draw(st.integers(1, 10)))))
    items += END
    widths = [float(draw(st.integers(15, 60))) for _ in range(draw(st.integers(1, 3)))]
    parameters = Parameters(
        pretolerance=-1,
        tolerance=draw(st.sampled_from([100.0, 1000.0, 10000.0])),
        line_penalty=draw(st.sampled_from([0.0, 10.0])),
        flagged_demerits=draw(st.sampled_from([0.0, 3000.0])),
        fitness_demerits=draw(st.sampled_from([0.0, 5000.0])),
        final_hyphen_demerits=draw(st.sampled_from([0.0, 2000.0])),
        max_consecutive_flagged=draw(st.sampled_from([0, 1, 2])),
        short_last_line=draw(st.sampled_from([0.0, 10.0])),
        short_last_line_demerits=draw(st.sampled_from([0.0, 4000.0])),
    )
    return items, widths, parameters


@settings(max_examples=400, deadline=None)
@given(paragraphs())
def test_breaker_finds_the_brute_force_optimum(case: tuple[list[Item], list[float], Parameters]) -> None:
    items, widths, parameters = case
    best = brute_force(items, widths, parameters)
    result = break_lines(items, widths, parameters)
    if math.isinf(best):
        # Nothing is feasible: the final pass still sets every item, with a line it had to accept.
        assert result.breaks[-1] == len(items) - 1
        assert any(r < -1 or 100 * abs(r) ** 3 > parameters.tolerance for r in result.ratios)
    else:
        assert result.overfull == ()
        assert result.demerits == pytest.approx(best, rel=1e-9, abs=1e-6)
        assert _demerits(items, list(result.breaks), widths, parameters) == pytest.approx(best, rel=1e-9, abs=1e-6)


@st.composite
def uniform_cases(draw: st.DrawFn) -> tuple[list[Item], float, Parameters, float, bool, float]:
    items, widths, parameters = draw(paragraphs())
    threshold = draw(st.sampled_from([50.0, 100.0, 200.0, 800.0, 9999.0]))
    extra = draw(st.sampled_from([0.0, 0.0, 7.5]))
    return items, widths[0], parameters, threshold, draw(st.booleans()), extra


@settings(max_examples=600, deadline=None)
@given(uniform_cases())
def test_the_pass_for_lines_of_one_width_chooses_what_the_general_pass_chooses(
    case: tuple[list[Item], float, Parameters, float, bool, float],
) -> None:
    # The fast loop skips nodes it can prove cannot break at a breakpoint; it must choose the same
    # breaks, with the same demerits, as the loop that looks at every node.
    items, width, parameters, threshold, hyphens, extra = case
    points = Breakpoints.from_items(items)
    fast = uniform_pass(points, width, parameters, threshold, hyphens=hyphens, extra=extra)
    slow = general_pass(points, lambda _: width, 0, parameters, threshold, hyphens=hyphens, extra=extra, final=False)
    assert (fast is None) == (slow is None)
    while fast is not None and slow is not None:
        assert fast[:9] == slow[:9]
        fast, slow = fast[9], slow[9]
    assert fast is None
    assert slow is None


@settings(max_examples=400, deadline=None)
@given(paragraphs(), st.sampled_from([10.0, 20.0, 40.0]))
def test_the_final_pass_tried_first_with_a_bound_chooses_what_the_full_final_pass_chooses(
    case: tuple[list[Item], list[float], Parameters], width: float
) -> None:
    # search() first tries a pass that accepts lines up to a badness bound, and keeps what it finds
    # only if no breaking with a line past the bound could cost less.
    items, _, parameters = case
    points = Breakpoints.from_items(items)
    quick = search(points, lambda _: width, 0, parameters, 10000.0, hyphens=True, extra=0.0, final=True)
    full = general_pass(points, lambda _: width, 0, parameters, 10000.0, hyphens=True, extra=0.0, final=True)
    while quick is not None and full is not None:
        assert quick[:9] == full[:9]
        quick, full = quick[9], full[9]
    assert quick is None
    assert full is None


@pytest.mark.parametrize(
    ("widths", "measure"),
    [((10, 20, 12, 25), 60.0), ((10, 12, 15, 25, 12, 15, 10, 15, 15), 46.0), ((20, 5, 5, 15, 10, 10, 20, 25), 34.0)],
)
def test_a_final_pass_past_the_first_bound_still_chooses_what_the_full_final_pass_chooses(
    widths: tuple[float, ...], measure: float
) -> None:
    # Each needs a line looser than the first bound (badness 5000) allows, and none as loose as TeX's infinite
    # badness: the second bound's pass finds the breaking, the same, node for node, as the general pass.
    points = Breakpoints.from_items(words(*widths))
    parameters = Parameters()
    first = uniform_pass(points, measure, parameters, FINAL_BOUNDS[0], hyphens=True, extra=0.0)
    assert first is None or first[4] > (parameters.line_penalty + FINAL_BOUNDS[0]) ** 2
    quick = search(points, lambda _: measure, 0, parameters, 10000.0, hyphens=True, extra=0.0, final=True)
    full = general_pass(points, lambda _: measure, 0, parameters, 10000.0, hyphens=True, extra=0.0, final=True)
    assert quick is not None
    while quick is not None and full is not None:
        assert quick[:9] == full[:9]
        quick, full = quick[9], full[9]
    assert quick is None
    assert full is None


# ---- the greedy fallback ------------------------------------------------------------------------


def test_first_fit_fills_each_line_as_far_as_its_spaces_shrink() -> None:
    items = words(8, 5, 5, 15, 8, 10, 15, 8)
    result = first_fit(items, [40.0])
    assert result.pass_name == "greedy"
    # Line one takes four boxes with its three spaces shrunk (33 + 3 * 2 = 39); a fifth would not fit.
    assert result.breaks[0] == 7
    assert result.overfull == ()
    assert result.breaks[-1] == len(items) - 1


def test_first_fit_sets_a_box_wider_than_the_measure_on_its_own_overfull_line() -> None:
    items: list[Item] = [Box(10.0, "a"), SPACE, Box(80.0, "wide"), SPACE, Box(10.0, "b"), *END]
    result = first_fit(items, [40.0])
    assert line_texts(items, result.breaks) == [["a"], ["wide"], ["b"]]
    assert result.overfull == (1,)


def test_first_fit_takes_a_hyphen_where_the_word_would_not_fit() -> None:
    items: list[Item] = [Box(20.0, "a"), SPACE, Box(15.0, "b1"), Penalty(2.0, 50.0, True), Box(15.0, "b2"), *END]
    result = first_fit(items, [40.0])
    assert result.flagged[0] is True
    assert line_texts(items, result.breaks) == [["a", "b1"], ["b2"]]


def test_first_fit_keeps_forced_breaks() -> None:
    items: list[Item] = [Box(5.0, "a"), Penalty(0.0, -INFINITY), Box(5.0, "b"), *END]
    assert line_texts(items, first_fit(items, [40.0]).breaks) == [["a"], ["b"]]


def ragged(*widths: float, rag: float = 20.0) -> list[Item]:
    """Return a ragged-right paragraph: fixed spaces, each line allowed to fall short by about ``rag``."""
    items: list[Item] = []
    for width in widths:
        if items:
            items += [Glue(0.0, rag, 0.0), Penalty(0.0, 0.0), Glue(3.0, -rag, 0.0)]
        items.append(Box(width, width))
    return items + END


def test_ragged_lines_keep_their_spaces_and_even_the_rag() -> None:
    items = ragged(12, 5, 7, 10, 7, 14, 14)
    greedy = line_texts(items, first_fit(items, [30.0]).breaks)
    assert greedy == [[12, 5, 7], [10, 7], [14], [14]]  # 30, 20, 14: a line 16 short
    result = break_lines(items, [30.0], ONE_PASS)
    assert line_texts(items, result.breaks) == [[12, 5], [7, 10], [7, 14], [14]]  # 20, 20, 24: at most 10 short
    assert all(ratio >= 0 for ratio in result.ratios)  # spaces never shrink: ragged text is never squeezed
