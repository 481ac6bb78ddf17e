"""Page furniture takes its sizes from the theme: a theme file that moves the footer, bookmarks or watermark does."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pdfplumber
import pypdf
import pytest

from briefgen import Options, build
from briefgen.load.theme_file import default_theme


def _build(tmp_path: Path, spec: Path, theme: str, name: str) -> Path:
    theme_path = tmp_path / f"{name}.yaml"
    theme_path.write_text(theme or f"name: {name}\n", encoding="utf-8")
    return build(spec, tmp_path / f"{name}.pdf", options=Options(theme=str(theme_path))).output


def _footer(path: Path) -> tuple[float, float]:
    """Return the bottom of "Page 1 of 1" and the height of the rule above it (the lowest line on page 1)."""
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        number = next(word for word in page.extract_words() if word["text"] == "Page")
        rule = max(page.lines, key=lambda line: line["top"])
        return float(number["bottom"]), float(rule["top"])


def test_the_footer_and_its_rule_sit_where_the_theme_says(tmp_path: Path, write_spec: Callable[..., Path]) -> None:
    spec = write_spec()
    number, rule = _footer(_build(tmp_path, spec, "", "plain"))
    moved_number, moved_rule = _footer(
        _build(tmp_path, spec, "furniture:\n  footer: {drop: 20, rule_rise: 15}\n", "low")
    )
    # The footer drops that much further below the margin; its rule rises that much more above it.
    footer = default_theme().furniture.footer
    assert moved_number - number == pytest.approx(20 - footer.drop, abs=0.01)
    assert moved_rule - rule == pytest.approx((20 - footer.drop) - (15 - footer.rule_rise), abs=0.01)


@pytest.mark.parametrize("summary", [6, 7, 8, 9])
def test_a_full_pages_last_line_keeps_clear_of_the_footer_rule(
    tmp_path: Path, write_spec: Callable[..., Path], summary: int
) -> None:
    # As the summary grows a line at a time, page 1's last line moves through the foot of the text area;
    # where it reached the foot, its descenders and the rule under them were 2.8 points apart.
    sentence = "The treaty commits each side to support the other in the event of an armed attack. "
    spec = write_spec(summary=sentence * summary, sections=[{"heading": "Text", "body": sentence * 60}])
    with pdfplumber.open(_build(tmp_path, spec, "", "plain")) as pdf:
        page = pdf.pages[0]
        rule = max(page.lines, key=lambda line: line["top"])["top"]
        text = [c for c in page.chars if c["size"] > 9 and not c["text"].isspace() and c["top"] < rule]
        assert rule - max(c["bottom"] for c in text) >= 6


def _outline_tops(path: Path) -> list[float]:
    reader = pypdf.PdfReader(path)
    entries: list[Any] = list(reader.outline)
    tops = []
    while entries:
        entry = entries.pop(0)
        if isinstance(entry, list):
            entries = entry + entries
        else:
            tops.append(float(entry.top))
    return tops


def test_bookmarks_open_as_far_above_a_heading_as_the_theme_says(
    tmp_path: Path, write_spec: Callable[..., Path]
) -> None:
    spec = write_spec(sections=[{"heading": "First", "body": "Text."}, {"heading": "Second", "body": "More."}])
    tops = _outline_tops(_build(tmp_path, spec, "", "plain"))
    higher = _outline_tops(_build(tmp_path, spec, "furniture:\n  bookmark_rise: 20\n", "high"))
    assert len(tops) == len(higher) >= 2
    assert [b - a for a, b in zip(tops, higher, strict=True)] == pytest.approx([20 - 6] * len(tops))


def test_the_watermark_is_as_see_through_as_the_theme_says(tmp_path: Path, write_spec: Callable[..., Path]) -> None:
    spec = write_spec(status="draft")

    def opacities(path: Path) -> set[float]:
        page = pypdf.PdfReader(path).pages[0]
        states = page["/Resources"]["/ExtGState"]
        return {float(state.get_object()["/ca"]) for state in states.values() if "/ca" in state.get_object()}

    assert opacities(_build(tmp_path, spec, "", "plain")) == {0.22}
    assert opacities(_build(tmp_path, spec, "furniture:\n  watermark: {opacity: 0.5}\n", "solid")) == {0.5}
