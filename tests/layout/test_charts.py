"""Charts of any values the loader accepts draw, and a value that is no number is named so (issue 21, item 14)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import yaml

from briefgen.compose import BuildOptions, render_spec
from briefgen.errors import SpecError
from briefgen.load.spec import parse_spec
from conftest import minimal_spec, pdf_text
from helpers_hostile import chars_outside_margins

_VALUES = [[1e-15, 1e-15], [1e-300, 2e-300], [5e-324, 0], [-1e-320, 1e-320], [1e15, 1e-15]]


@pytest.mark.parametrize(
    ("kind", "values"),
    [(kind, values) for kind in ("bar", "line", "pie") for values in _VALUES if kind != "pie" or min(values) >= 0],
    ids=str,
)
def test_charts_of_tiny_or_far_apart_values_draw(tmp_path: Path, kind: str, values: list[float]) -> None:
    chart = {
        "type": "chart",
        "kind": kind,
        "title": "Tiny",
        "categories": ["a", "b"],
        "series": [{"name": "s", "values": values}],
    }
    spec = tmp_path / "brief.yaml"
    spec.write_text(yaml.safe_dump(minimal_spec(sections=[{"heading": "H", "blocks": [chart]}])), encoding="utf-8")
    rendered = render_spec(spec.read_bytes(), spec, BuildOptions())
    (tmp_path / "brief.pdf").write_bytes(rendered.pdf.data)
    assert "Tiny" in pdf_text(tmp_path / "brief.pdf")
    assert b" nan " not in rendered.pdf.data


def test_a_nan_chart_value_is_called_not_a_number() -> None:
    chart = "{type: chart, kind: bar, title: C, categories: [a], series: [{name: s, values: [.nan]}]}"
    text = f"title: T\nkey_points: [k]\nsections:\n  - heading: H\n    blocks:\n      - {chart}\n"
    with pytest.raises(SpecError, match=r"values\[0\]: \.nan is not a number; write a number such as 12\.5"):
        parse_spec(text.encode(), "brief.yaml")


@pytest.mark.parametrize("kind", ["bar", "line", "pie"])
@pytest.mark.parametrize("count", [1, 3, 8])
def test_hundred_character_labels_are_shortened_inside_the_margins(tmp_path: Path, kind: str, count: int) -> None:
    series = [{"name": "S" * 100, "values": list(range(1, count + 1))}]
    if kind != "pie":
        series.append({"name": "R" * 100, "values": list(range(1, count + 1))})
    chart = {
        "type": "chart",
        "kind": kind,
        "title": "Long labels",
        "x_label": "X" * 100,
        "y_label": "Y" * 100,
        "categories": [f"{n}" + "a" * 99 for n in range(count)],
        "series": series,
    }
    spec = tmp_path / "brief.yaml"
    spec.write_text(yaml.safe_dump(minimal_spec(sections=[{"heading": "H", "blocks": [chart]}])), encoding="utf-8")
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(render_spec(spec.read_bytes(), spec, BuildOptions()).pdf.data)
    assert chars_outside_margins(pdf) == []
    assert "…" in pdf_text(pdf)


def test_a_line_charts_values_never_sit_on_its_line(tmp_path: Path) -> None:
    # Seen on a page: a zigzag's line ran through "1,567" and "1,763", each set above its point.
    import pdfplumber

    from helpers_blocks import build_blocks

    values = [1567, 2345, 2490, 2333, 1763, 2231, 2027, 1853, 900, 2400]
    chart = {
        "type": "chart",
        "kind": "line",
        "title": "Trend",
        "categories": [str(2014 + i) for i in range(len(values))],
        "series": [{"name": "World", "values": values}],
    }
    pdf = build_blocks(tmp_path, chart)
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        labels = {f"{v:,}": None for v in values}
        for word in page.extract_words():
            if word["text"] in labels:
                labels[word["text"]] = word
        segments = [(a, b) for curve in page.curves for a, b in zip(curve["pts"], curve["pts"][1:], strict=False)] + [
            ((line["x0"], line["top"]), (line["x1"], line["bottom"])) for line in page.lines
        ]
    assert all(labels.values()), labels

    def crosses(word: dict[str, float], a: tuple[float, float], b: tuple[float, float]) -> bool:
        (x0, y0), (x1, y1) = a, b
        low, high = max(min(x0, x1), word["x0"]), min(max(x0, x1), word["x1"])
        if low >= high or x0 == x1:
            return False
        ys = [y0 + (y1 - y0) * (at - x0) / (x1 - x0) for at in (low, high)]
        return min(ys) < word["bottom"] - 1 and max(ys) > word["top"] + 1

    sloped = [(a, b) for a, b in segments if abs(a[1] - b[1]) > 1]  # the line, not the gridlines
    assert sloped
    for text, word in labels.items():
        assert not any(crosses(word, a, b) for a, b in sloped), text


def test_slanted_category_labels_too_close_to_read_are_thinned_to_every_nth(tmp_path: Path) -> None:
    # Seen on a page: 24 long category names at 45 degrees printed over each other.
    import pdfplumber

    from briefgen.load.theme_file import default_theme
    from helpers_blocks import build_blocks

    categories = [f"Democratic People's Republic {number}" for number in range(24)]
    series = [{"name": "S", "values": [number + 1 for number in range(24)]}]
    pdf = build_blocks(
        tmp_path, {"type": "chart", "kind": "bar", "title": "Many", "categories": categories, "series": series}
    )
    size = next(style.size for style in default_theme().styles if style.name == "chart")
    with pdfplumber.open(pdf) as document:
        firsts = sorted(c["x0"] for c in document.pages[0].chars if c["text"] == "D" and c["top"] > 300)
    assert 2 <= len(firsts) < len(categories)
    gaps = [b - a for a, b in itertools.pairwise(firsts)]
    # Two 45-degree lines a gap apart are the gap times sin 45 apart across: at least a line of text.
    assert min(gaps) * 0.707 >= size * 1.1, (gaps, size)
