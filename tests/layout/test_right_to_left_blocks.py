"""In a right-to-left brief, tables and quotations run from the right, read back from the page.

The cells hold Latin labels, which extract as written whatever the
direction, so their positions can be compared; the structure tree keeps the
table's own order (first column first) for a reader that follows it.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from helpers_blocks import build_blocks
from helpers_pdf_structure import tagged_text

ARABIC = "تشمل المعاهدة التعاون في المجالات السياسية والاقتصادية والعسكرية والإنسانية."


def _x(pdf: Path, word: str) -> float:
    with pdfplumber.open(pdf) as document:
        return next(w["x0"] for page in document.pages for w in page.extract_words() if w["text"] == word)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_a_table_puts_its_first_column_where_the_text_starts(tmp_path: Path, lang: str) -> None:
    table = {
        "type": "table",
        "columns": ["First", "Second", "Third"],
        "rows": [["Alpha", "Beta", "Gamma"], ["Delta", "Epsilon", "Zeta"]],
    }
    pdf = build_blocks(tmp_path, table, lang=lang)
    if lang == "ar":
        assert _x(pdf, "Third") < _x(pdf, "Second") < _x(pdf, "First")
        assert _x(pdf, "Gamma") < _x(pdf, "Beta") < _x(pdf, "Alpha")
    else:
        assert _x(pdf, "First") < _x(pdf, "Second") < _x(pdf, "Third")
    # Whatever the page shows, the table's structure reads first column first.
    texts = " ".join(tagged_text(pdf))
    assert texts.index("First") < texts.index("Second") < texts.index("Third") < texts.index("Alpha")


@pytest.mark.parametrize("lang", ["ar", "he", "en"])
def test_a_quotation_has_its_rule_on_the_side_its_lines_start(tmp_path: Path, lang: str) -> None:
    pdf = build_blocks(
        tmp_path, {"type": "quote", "text": ARABIC if lang != "en" else "Words quoted at length."}, lang=lang
    )
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        rules = [line for line in page.lines if abs(line["x0"] - line["x1"]) < 0.1 and line["height"] > 5]
        assert len(rules) == 1, rules
        rule = rules[0]
        quoted = [w for w in page.extract_words() if rule["top"] <= w["top"] <= rule["bottom"]]
    assert quoted
    if lang == "en":
        assert rule["x0"] < min(w["x0"] for w in quoted)
    else:
        assert rule["x0"] > max(w["x1"] for w in quoted)


def test_a_byline_keeps_each_name_and_the_date_whole_in_a_right_to_left_line(tmp_path: Path) -> None:
    pdf = build_blocks(
        tmp_path, {"type": "paragraph", "text": ARABIC}, lang="ar", authors=["أ. محلل", "John Smith"], date="2024-11-12"
    )
    with pdfplumber.open(pdf) as document:
        words = document.pages[0].extract_words()
    line = next(w["top"] for w in words if w["text"] == "John")
    byline = {w["text"]: w for w in words if abs(w["top"] - line) < 1}
    # From the right: the first author, John Smith, the separator, then the date (its day at its right end).
    assert byline["12"]["x1"] < byline["·"]["x0"] < byline["·"]["x1"] < byline["John"]["x0"], byline
    assert byline["Smith"]["x1"] < byline["John"]["x0"] or byline["John"]["x1"] < byline["Smith"]["x0"]
    assert byline["2024"]["x1"] < byline["12"]["x0"]
    # The isolates that keep them whole are not part of the text a screen reader is given.
    assert not any(ch in text for text in tagged_text(pdf) for ch in "\u2068\u2069")
