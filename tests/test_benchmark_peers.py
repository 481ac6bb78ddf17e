"""The benchmark's peers set the content as the default theme does, so that the comparison stays fair.

benchmarks/brief.typ (Typst) and benchmarks/floor.py (plain ReportLab) write
the default theme's body size, line pitch, paragraph spacing and margins by
hand; when the theme changes, these fail until the peers follow.
"""

from __future__ import annotations

import re

from briefgen.load.theme_file import default_theme
from briefgen.style.theme import TextStyle
from conftest import REPO

MM = 72 / 25.4


def _style(name: str) -> TextStyle:
    return next(style for style in default_theme().styles if style.name == name)


def _pt(value: float) -> str:
    return f"{value:g}pt"


def test_the_typst_peer_sets_the_default_themes_body_and_margins() -> None:
    template = (REPO / "benchmarks" / "brief.typ").read_text(encoding="utf-8")
    theme, body = default_theme(), _style("body")
    assert f"lines({_pt(body.size)}, {_pt(body.leading)})" in template
    assert f"+ {_pt(round(body.space_after, 2))})" in template
    left = re.search(r"left: ([\d.]+)mm", template)
    right = re.search(r"right: ([\d.]+)mm", template)
    assert left
    assert right
    assert abs(float(left.group(1)) * MM - theme.margin_left) < 0.01
    assert abs(float(right.group(1)) * MM - theme.margin_right) < 0.01


def test_the_floor_sets_the_default_themes_body_and_margins() -> None:
    script = (REPO / "benchmarks" / "floor.py").read_text(encoding="utf-8")
    theme, body = default_theme(), _style("body")
    assert f"fontSize={body.size:g}," in script
    assert f"leading={body.leading:g}," in script
    assert f"spaceAfter={round(body.space_after, 2):g}," in script
    side = re.search(r"SIDE_MARGIN = ([\d.]+) \* mm", script)
    assert side
    assert abs(float(side.group(1)) * MM - theme.margin_left) < 0.01
