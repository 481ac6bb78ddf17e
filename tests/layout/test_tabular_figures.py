"""Numbers in tables are set in tabular figures: every digit as wide as every other, read back from the PDF.

The shipped Noto Serif and Noto Sans have a ``tnum`` feature, but their
default digits are already tabular (559 and 572 units, Noto Sans Mono 600),
so no feature needs applying; these tests keep it so, from the glyph
positions and from the embedded font programs.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from fontTools.ttLib import TTFont

from briefgen.assets import assets_dir
from helpers_blocks import build_blocks
from helpers_pdf_fonts import to_unicode

DIGITS = "0123456789"
FIGURES = [["Brazil", "1,234.5"], ["India", "83,571.0"], ["Chile", "7,901.2"], ["Total", "92,706.7"]]


@pytest.mark.parametrize("name", ["NotoSerif", "NotoSans", "NotoSansMono"])
def test_the_shipped_fonts_default_digits_are_tabular(name: str) -> None:
    for path in sorted((assets_dir() / "fonts").glob(f"{name}-*.ttf")):
        font = TTFont(path)
        cmap = font.getBestCmap()
        assert len({font["hmtx"][cmap[ord(digit)]][0] for digit in DIGITS}) == 1, path.name


@pytest.mark.parametrize("theme", [None, "print", "modern"])
def test_table_digits_are_equally_wide_on_the_page(tmp_path: Path, theme: str | None) -> None:
    table = {"type": "table", "columns": ["Country", "Amount"], "rows": FIGURES, "align": ["left", "right"]}
    pdf = build_blocks(tmp_path, table, build_theme=theme)
    widths: dict[tuple[str, float], set[float]] = defaultdict(set)
    with pdfplumber.open(pdf) as document:
        for char in document.pages[0].chars:
            if char["text"] in DIGITS:
                widths[char["fontname"], round(char["size"], 2)].add(round(char["x1"] - char["x0"], 3))
    assert widths
    assert all(len(found) == 1 for found in widths.values()), dict(widths)
    # Right-aligned figures line up digit under digit: the decimal points share one x.
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        points = [c["x0"] for c in page.chars if c["text"] == "." and c["x0"] > page.width / 2]
    assert len(points) == len(FIGURES)
    assert max(points) - min(points) < 0.01


def test_the_embedded_fonts_widths_give_every_digit_one_advance(tmp_path: Path) -> None:
    table = {"type": "table", "columns": ["Country", "Amount"], "rows": FIGURES}
    pdf = build_blocks(tmp_path, table, build_theme="modern")
    fonts_with_digits = 0
    with pikepdf.open(pdf) as document:
        for page in document.pages:
            for font in page.Resources.Font.values():
                first, widths = int(font.FirstChar), [float(width) for width in font.Widths]
                advances = {
                    widths[code - first]
                    for code, text in to_unicode(font).items()
                    if text in set(DIGITS) and 0 <= code - first < len(widths)
                }
                assert len(advances) <= 1, f"{font.BaseFont}: digits of widths {sorted(advances)}"
                fonts_with_digits += bool(advances)
    assert fonts_with_digits >= 2  # the table's cells and its header or the footer's page number
