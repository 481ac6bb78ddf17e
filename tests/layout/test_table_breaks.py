"""Where a table breaks across pages, read back from the PDF: never one row alone under the repeated header.

Each test builds the same brief under a top margin a little deeper each time
(``build_under_margin``), so that the table meets the foot of a page at
every height.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber

from helpers_blocks import MARGINS, build_under_margin


def _rows_by_page(pdf: Path) -> list[list[str]]:
    """Return, for each page, the names of the table's body rows on it ("Row 3")."""
    with pdfplumber.open(pdf) as document:
        lines = [page.extract_text_lines() for page in document.pages]
    return [[" ".join(line["text"].split()[:2]) for line in page if line["text"].startswith("Row ")] for page in lines]


def test_a_table_never_sends_one_row_alone_to_the_next_page(tmp_path: Path) -> None:
    rows = [[f"Row {number}", f"{number * 37}", f"{number * 11}%"] for number in range(1, 8)]
    table = {"type": "table", "columns": ["Place", "Total", "Share"], "rows": rows, "caption": "Places"}
    table["source"] = "SIPRI."  # with a source line under it, the last row alone was the break ReportLab chose
    broken = 0
    for margin in MARGINS:
        pdf = build_under_margin(tmp_path, margin, [table])
        pages = [rows for rows in _rows_by_page(pdf) if rows]
        # Every row once, in order, whatever the break.
        assert [row for page in pages for row in page] == [f"Row {number}" for number in range(1, 8)], margin
        broken += len(pages) > 1
        if len(pages) > 1:
            assert len(pages[0]) >= 2, (margin, pages)
            assert len(pages[-1]) >= 2, (margin, pages)
            with pdfplumber.open(pdf) as document:
                continued = [page.extract_text() for page in document.pages if "Row 7" in (page.extract_text() or "")]
            assert "Table 1 (continued)" in continued[0], margin
    assert broken, "no variant broke the table: the test no longer tests a break"


def test_a_narrow_column_keeps_its_words_whole_beside_a_cell_too_long_for_the_page(tmp_path: Path) -> None:
    # Found by fuzzing: shared out in proportion to their longest words, "No." got less than its padding
    # beside a 320-character hash, and the table was refused as "taller than a page" (2,147,483,652 pt).
    digest = "0123456789abcdef" * 20
    table = {"type": "table", "columns": ["No.", "Reference", "Hash"], "rows": [["17", "SIPRI 2024", digest]]}
    pdf = build_under_margin(tmp_path, 15, [table])
    with pdfplumber.open(pdf) as document:
        words = [word for page in document.pages for word in page.extract_words()]
    assert {"No.", "Reference", "17", "SIPRI", "2024"} <= {word["text"] for word in words}
    # The hash breaks across lines in its own column, every character kept, in order.
    column = next(word for word in words if word["text"] == "Hash")
    top = column["bottom"]
    pieces = [w for w in words if w["x0"] >= column["x0"] - 0.5 and top < w["top"] < 760]  # above the footer
    assert "".join(w["text"] for w in sorted(pieces, key=lambda w: (round(w["top"]), w["x0"]))) == digest
