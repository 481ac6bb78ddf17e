"""The layout and the PDF stage hold no style literals: every size, width, spacing and colour comes from the theme.

The scan (tests/helpers_style_literals.py) reads the source of layout/ and
pdf/ and flags a number or a colour written where ReportLab or one of our
flowables takes a style, directly or through a local variable, a
parameter's default or a module constant. There are no exceptions: a
proportion of geometry is a named constant that multiplies or divides.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO
from helpers_style_literals import SRC, named_colours, style_literals

SCANNED = sorted([*(SRC / "layout").rglob("*.py"), *(SRC / "pdf").rglob("*.py")])


@pytest.mark.parametrize("path", SCANNED, ids=lambda path: str(path.relative_to(SRC)))
def test_layout_and_pdf_take_every_size_and_colour_from_the_theme(path: Path) -> None:
    found = style_literals(path.read_text(), named_colours())
    listed = "\n".join(f"{path.relative_to(REPO)}:{line}: {what}" for line, what in found)
    assert not found, f"style literals; put them in the theme (style/dimensions.py and default.yaml):\n{listed}"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("ParagraphStyle('x', fontSize=8)", "ParagraphStyle(fontSize=8)"),
        ("Line(0, 0, 1, 1, strokeWidth=0.6 if axis else look.grid_width)", "strokeWidth=0.6"),
        ("canvas.setLineWidth(0.4)", "setLineWidth(... 0.4 ...)"),
        ("String(left - 3, y, 'x')", "String(... left - 3 ...)"),
        ("TableStyle([('TOPPADDING', (0, 0), (-1, -1), 2.5)])", "table style"),
        ("box.spaceBefore, box.spaceAfter = 3, look.space_after", "box.spaceBefore, box.spaceAfter = (3, "),
        ("def f(x, *, padding: float = 8): pass", "def f(padding=8)"),
        ("fill = colors.white", "colour colors.white"),
        ("from reportlab.lib.colors import white", "colour from reportlab.lib.colors import white"),
        ("fill = HexColor('#1d3a5f')", "colour '#1d3a5f'"),
        ("grid = colors.Color(0.75, 0.75, 0.75)", "colour colors.Color(0.75, 0.75, 0.75)"),
        # Through names: a local variable, a parameter's default, a module constant, one imported.
        ("x = left - 3\ncanvas.drawString(x, y, 'x')", "drawString(... x ...): 3 (line 1)"),
        ("top = cursor + flowable.height + 6\nOutlineEntry(title, page, top, level)", "OutlineEntry(... top ...): 6"),
        ("def f(canvas, gap=6):\n    canvas.line(gap, 0, 1, 1)", "line(... gap ...): 6 (line 1)"),
        ("GAP = 12\ndef f():\n    return Spacer(0, GAP / 2)", "Spacer(... GAP / 2 ...): 12 (line 1)"),
        ("ROOM = 10\nroom = ROOM if classified else 0\nDoc(b, topMargin=top + room)", "topMargin=top + room): 10"),
        ("left, room = left + GAP, room\nGAP = 6\ncanvas.drawString(left, y, 'x')", "drawString(... left ...): 6"),
        (
            "from briefgen.pdf.furniture import BASELINE_TO_MIDDLE\ncanvas.drawString(x + BASELINE_TO_MIDDLE, y, 't')",
            "drawString(... x + BASELINE_TO_MIDDLE ...): 0.35",
        ),
    ],
)
def test_the_scan_finds_each_kind_of_style_literal(source: str, expected: str) -> None:
    found = [what for _, what in style_literals(source, named_colours())]
    assert any(expected in what for what in found), found


@pytest.mark.parametrize(
    "source",
    [
        "ParagraphStyle('x', fontSize=style.size, spaceAfter=look.space_after)",
        "TableStyle([('LEFTPADDING', (0, 0), (-1, -1), 0), ('LINEBELOW', (0, 1), (-1, -2), look.rows, rule)])",
        "String(0, 0, label, fontSize=size)",
        "canvas.line(width / 2, look.inset, width / 2, height - look.inset)",
        "ScaledImage(path, fraction=1.0, max_height=theme.logo_height)",
        "luminance = 0.2126 * fill.red + 0.7152 * fill.green",
        # Named proportions, conditions, indexes, exponents, angles and "no limit" are not sizes.
        "RATIO = 0.35\ncanvas.drawString(x, y - size * RATIO, 't')",
        "from briefgen.pdf.furniture import BASELINE_TO_MIDDLE\ncanvas.drawString(0, -size * BASELINE_TO_MIDDLE, t)",
        "x = left + slot * (index + 0.5)\nLine(x, 0, x, 1, strokeWidth=look.grid_width)",
        "inks = fills[: min(len(fills), 3)]\nLine(0, 0, 1, 1, strokeColor=inks[0] if rows > 3 else ink)",
        "diagonal = (width**2 + height**2) ** 0.5\ncanvas.setFont(font, min(size, diagonal * look.span))",
        "start = angle - value / total * 360\nWedge(cx, cy, radius, start, angle, strokeWidth=look.outline)",
        "middle = math.radians(start + 90)\nLine(cx, cy, cx + radius * math.cos(middle), cy)",
        "flowable.wrapOn(canvas, width, 1e9)",
    ],
)
def test_the_scan_lets_theme_values_and_zero_pass(source: str) -> None:
    assert style_literals(source, named_colours()) == []
