"""The space a list or a quotation leaves under it, read back from the lines on the page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from helpers_blocks import build_blocks

PARAGRAPH = {"type": "paragraph", "text": "A paragraph of text."}
NEXT = {"type": "paragraph", "text": "The next paragraph."}


def _gap(pdf: Path, above: str, below: str) -> float:
    """Return the space from the bottom of the line starting ``above`` to the top of the line starting ``below``."""
    with pdfplumber.open(pdf) as document:
        lines: list[dict[str, Any]] = document.pages[0].extract_text_lines()
    upper = next(line for line in lines if line["text"].lstrip("• ").startswith(above))
    lower = next(line for line in lines if line["text"].startswith(below))
    return float(lower["top"] - upper["bottom"])


@pytest.mark.parametrize(
    ("block", "last_line"),
    [
        ({"type": "bullets", "items": ["First point.", "Last point."]}, "Last point."),
        ({"type": "quote", "text": "Words quoted."}, "Words quoted."),
    ],
    ids=["list", "quotation"],
)
def test_a_list_or_quotation_leaves_a_paragraphs_gap_under_it(
    tmp_path: Path, block: dict[str, Any], last_line: str
) -> None:
    between_paragraphs = _gap(build_blocks(tmp_path, PARAGRAPH, NEXT), "A paragraph", "The next")
    after_block = _gap(build_blocks(tmp_path, PARAGRAPH, block, NEXT), last_line, "The next")
    assert after_block >= between_paragraphs - 0.5, (after_block, between_paragraphs)


def test_a_chart_title_after_a_list_is_set_off_from_it(tmp_path: Path) -> None:
    chart = {
        "type": "chart",
        "kind": "bar",
        "title": "Spending",
        "categories": ["A", "B"],
        "series": [{"name": "S", "values": [1, 2]}],
    }
    bullets = {"type": "bullets", "items": ["First point.", "Last point."]}
    between_items = _gap(build_blocks(tmp_path, bullets), "First point.", "• Last point.")
    after_list = _gap(build_blocks(tmp_path, bullets, chart), "Last point.", "Figure 1.")
    # More than between two items of the list: the title reads as the chart's, not as another item.
    assert after_list > between_items + 2, (after_list, between_items)
