"""A heading never ends a page alone, whatever follows it: text, a table, a reference that keeps its lines."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest

from briefgen import build
from conftest import minimal_spec

SENTENCE = "A sentence of filler text that moves everything after it down the page. "
TABLE = {
    "type": "table",
    "caption": "Quarterly figures",
    "columns": ["Quarter", "Value"],
    "rows": [[f"Q{n}", str(n * 10)] for n in range(1, 9)],
}
LONG_REFERENCE = {
    "title": "Zeta " + "an exceptionally long report title that runs over three lines of the reference list " * 3,
    "publisher": "Publisher",
    "url": "https://example.org/report",
}


def _page_of(pdf: Path, word: str) -> int:
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            if any(found["text"] == word for found in page.extract_words()):
                return number
    raise AssertionError(f"{word!r} is not in {pdf}")


@pytest.mark.parametrize("sentences", range(72, 132, 6))
def test_a_heading_stays_with_a_table_and_the_references_heading_with_its_first_entry(
    write_spec: Callable[..., Path], tmp_path: Path, sentences: int
) -> None:
    """The filler moves the two headings through the foot of a page; neither is ever left there alone."""
    spec = minimal_spec(
        sections=[
            {"heading": "Filler", "body": SENTENCE * sentences},
            {"heading": "Tabulated", "blocks": [TABLE]},
        ],
        references=[LONG_REFERENCE, {"title": "Second", "url": "https://example.org/2"}],
    )
    pdf = build(write_spec(spec), tmp_path / "out.pdf").output
    assert _page_of(pdf, "Tabulated") == _page_of(pdf, "Quarterly")
    assert _page_of(pdf, "References") == _page_of(pdf, "Zeta")
