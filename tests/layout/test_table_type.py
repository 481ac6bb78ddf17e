"""A table too wide for its longest words is set in smaller type, read back from the PDF: no number is broken."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber

from briefgen.load.theme_file import default_theme
from helpers_blocks import build_blocks

THEME = default_theme()
CELL_SIZE = THEME.body_size - 1  # the default theme's table.cell
HEADER_SIZE = THEME.body_size - 1.3  # and table.header
COUNTRIES = ["United States", "China", "Russia", "India", "Saudi Arabia", "United Kingdom", "Germany", "Ukraine"]
YEARS = [str(year) for year in range(2013, 2024)]
NOTE = {"type": "paragraph", "text": "Figures in millions of US dollars at current prices."}


def spending_table(columns: int = 11) -> dict[str, Any]:
    """Return a table of a country and ``columns`` six-digit figures a row (SIPRI's, in US$ m)."""
    rows = [
        [country, *(f"{(row * 7919 + column * 104_729) % 900_000 + 100_000:,}" for column in range(columns))]
        for row, country in enumerate(COUNTRIES)
    ]
    return {
        "type": "table",
        "caption": "Military expenditure (US$ m)",
        "columns": ["Country", *YEARS[:columns]],
        "align": ["left"] + ["right"] * columns,
        "rows": rows,
    }


def cells(pdf: Path) -> tuple[list[dict[str, Any]], float]:
    """Return the words of the table's header and rows (below its caption), and the body text's size."""
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        words = page.extract_words(extra_attrs=["size"])
        caption = next(word for word in words if word["text"] == "expenditure")
        body = next(word for word in words if word["text"] == "dollars")  # the paragraph above the table
        foot = page.height - THEME.margin_bottom  # the footer below it is not the table's
    return [word for word in words if caption["bottom"] < word["top"] < foot], body["size"]


def test_numbers_stay_whole_in_smaller_type_when_the_columns_are_too_narrow(tmp_path: Path) -> None:
    table = spending_table()
    pdf = build_blocks(tmp_path, NOTE, table)
    words, body_size = cells(pdf)
    texts = [word["text"] for word in words]
    for row in table["rows"]:
        for figure in row[1:]:
            assert figure in texts  # never "4876" and "89" on two lines
    assert set(YEARS) <= set(texts)
    sizes = {round(word["size"], 2) for word in words}
    assert len(sizes) == 2  # the header's and the cells', each shrunk by the same factor
    smallest, largest = min(sizes), max(sizes)
    assert CELL_SIZE * THEME.tables.smallest_type <= smallest < largest < CELL_SIZE
    assert body_size == THEME.body_size  # the text around the table keeps its size
    width, _ = THEME.page
    assert max(word["x1"] for word in words) <= width - THEME.margin_right + 0.5  # and the table its column


def test_a_table_that_fits_keeps_its_size(tmp_path: Path) -> None:
    words, _ = cells(build_blocks(tmp_path, NOTE, spending_table(columns=4)))
    figures = [word for word in words if word["text"][0].isdigit() and "," in word["text"]]
    assert len(figures) == 4 * len(COUNTRIES)
    assert {round(word["size"], 2) for word in figures} == {CELL_SIZE}


def test_a_theme_that_forbids_smaller_type_breaks_the_numbers_instead(tmp_path: Path) -> None:
    theme = tmp_path / "theme.yaml"
    theme.write_text("tables:\n  smallest_type: 1\n", encoding="utf-8")
    table = spending_table()
    words, _ = cells(build_blocks(tmp_path, NOTE, table, build_theme=theme))
    assert {round(word["size"], 2) for word in words if word["text"][0].isdigit()} == {CELL_SIZE, HEADER_SIZE}
    texts = {word["text"] for word in words}
    assert not all(figure in texts for row in table["rows"] for figure in row[1:])


def test_a_cell_no_size_could_fit_leaves_the_type_as_it_is(tmp_path: Path) -> None:
    """A long hash breaks at any size: shrinking the whole table for it would only make it harder to read."""
    digest = "0123456789abcdef" * 20
    table = {"type": "table", "caption": "Military expenditure", "columns": ["No.", "Hash"], "rows": [["17", digest]]}
    words, _ = cells(build_blocks(tmp_path, NOTE, table))
    assert {round(word["size"], 2) for word in words if word["text"] == "17"} == {CELL_SIZE}
