"""Where a shaded box (key points, a callout) breaks across pages, read back from the PDF's shapes and lines.

A box is found as a filled rectangle; its lines are the text lines whose top
lies inside it. Each test builds the same brief under a top margin a little
deeper each time (``build_under_margin``), so that the box meets the foot of
a page at every height.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from helpers_blocks import FILLER, MARGINS, build_under_margin

QUOTE = "Analysts in Seoul and Tokyo have warned that the agreement could encourage further missile tests."


def _boxes(page: Any) -> list[tuple[float, float]]:
    """Return (top, bottom) of each shaded box on ``page``: filled rectangles most of the column wide."""
    return sorted(
        (rect["top"], rect["bottom"])
        for rect in page.rects
        if rect.get("fill") and rect["width"] > page.width / 2 and rect["height"] > 5
    )


def _lines(page: Any) -> list[dict[str, Any]]:
    """Return the page's text lines above its footer."""
    footer_top = page.height * 0.93
    return [line for line in page.extract_text_lines() if line["top"] < footer_top]


def _parts(pdf: Path) -> Iterator[tuple[int, list[str], float | None]]:
    """Yield, for each part of a box: its page, its lines, and the gap to the next line below it (if any)."""
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            lines = _lines(page)
            for top, bottom in _boxes(page):
                inside = [line["text"] for line in lines if top <= line["top"] <= bottom]
                below = [line["top"] for line in lines if line["top"] > bottom]
                yield number, inside, (min(below) - bottom if below else None)


@pytest.mark.parametrize(
    ("items", "least"),
    [
        # Two one-line points: too short to break at all (a label and two lines at least on each side).
        (["Whether spending keeps rising.", "How long the war lasts."], 3),
        # Long points: the box may break, but never leaves its label, or its label and one line, alone.
        ([" ".join([FILLER] * 2)] * 4, 3),
    ],
    ids=["short callout", "long callout"],
)
def test_a_callout_never_leaves_its_label_or_a_lone_line_in_a_part(
    tmp_path: Path, items: list[str], least: int
) -> None:
    callout = {"type": "callout", "title": "What to watch", "body": "\n".join(f"- {item}" for item in items)}
    quote = {"type": "quote", "text": QUOTE}
    broken = 0
    for margin in MARGINS:
        parts = list(_parts(build_under_margin(tmp_path, margin, [callout, quote])))
        # The key points box comes first on page 1; the callout is every box after it.
        callout_parts = parts[1:]
        broken += len(callout_parts) > 1
        for page, inside, _ in callout_parts:
            assert len(inside) >= least, (margin, page, inside)
            assert inside[0].startswith("What to watch"), (margin, page, inside)
        if len(items) == 2:
            assert len(callout_parts) == 1, (margin, callout_parts)
    if len(items) > 2:
        assert broken, "no variant broke the long callout: the test no longer tests a break"


def test_the_text_after_a_box_that_broke_keeps_its_distance(tmp_path: Path) -> None:
    callout = {"type": "callout", "title": "What to watch", "body": "\n".join([f"- {FILLER} {FILLER}"] * 4)}
    quote = {"type": "quote", "text": QUOTE}
    gaps: dict[bool, set[float]] = {True: set(), False: set()}  # by whether the box broke
    for margin in MARGINS:
        parts = list(_parts(build_under_margin(tmp_path, margin, [callout, quote])))[1:]
        _, _, gap = parts[-1]
        if gap is not None:
            gaps[len(parts) > 1].add(round(gap, 1))
    assert gaps[True], "no variant broke the callout and kept the quotation on the page"
    assert gaps[False], "every variant broke the callout"
    # The quotation below a broken box sits as far from it as below a whole one.
    assert min(gaps[True]) >= min(gaps[False]) - 0.5, gaps


def test_a_key_points_box_that_breaks_leaves_two_lines_on_each_side(tmp_path: Path) -> None:
    points = [" ".join([FILLER] * 2)] * 6
    summary = " ".join([FILLER] * 12)
    broken = 0
    for margin in MARGINS:
        parts = list(_parts(build_under_margin(tmp_path, margin, [], key_points=points, summary=summary)))
        broken += len(parts) > 1
        for page, inside, _ in parts:
            assert inside[0].startswith("Key points"), (margin, page, inside)
            assert len(inside) >= 3, (margin, page, inside)
    assert broken, "no variant broke the key points box: the test no longer tests a break"
