"""Draw a chart's marks: bars (hatched from the third series on, with a key), lines (dashed, marked, named) and pies.

Input: a chart, where its plot lies, the fills and a ``ChartPen`` (fonts,
inks and the theme's ``charts`` dimensions). Output: shapes added to a
``reportlab.graphics.shapes.Drawing`` (a pie makes its own drawing).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, PolyLine, Rect, String, Wedge
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from briefgen import model
from briefgen.pdf.text_lines import LineSetter
from briefgen.records import record
from briefgen.style.dimensions import BarLook, ChartLook

# Proportions of geometry, not of the theme's look.
BASELINE_TO_MIDDLE = 0.35  # of the font size: from a label's baseline to the middle of its capitals
_THINNEST_SLICE = 1e-6  # degrees: ReportLab cannot draw a thinner arc (it divides by the sine of half of it)
_LEADER_RISE = 0.3  # of the font size: a pie's leader line meets its label a little above the baseline
_TRIANGLE_APEX = 1.2  # of a marker's radius: a triangle's apex, so that it looks as big as the circle
_DIAMOND_REACH = 1.3  # of a marker's radius: a diamond's points, likewise
# Values are written above bars only while there are few enough to read.
_MOST_BAR_VALUES = 30
# Fills darker than this are hatched in the paper's colour, and pie slices lighter than this outlined in ink.
_DARK, _PALE = 0.45, 0.9


@record
class ChartPen:
    """What a chart is drawn with: its fonts and size, its inks, and the theme's chart dimensions."""

    regular: str
    bold: str
    size: float
    ink: colors.Color
    muted: colors.Color
    paper: colors.Color
    grid: colors.Color
    look: ChartLook
    setter: LineSetter  # measures labels in any script (and draws those ReportLab cannot)
    symbols: tuple[str, str] = (".", ",")  # the language's decimal and group separators

    def width(self, text: str, size: float | None = None, *, bold: bool = False) -> float:
        """Return the width of a label in the chart's regular (or bold) font, at ``size`` (default: the chart's)."""
        return self.setter.width(text, self.bold if bold else self.regular, self.size if size is None else size)


def format_value(value: float, symbols: tuple[str, str] = (".", ",")) -> str:
    """Write a number as briefly as it was likely written: 916, 83.6, 1,917 (83,6 and 1.917 in German).

    ``symbols`` are the language's decimal and group separators (``text.cldr.number_symbols``).
    """
    if value == int(value) and abs(value) < 1e15:
        written = f"{int(value):,}"
    else:
        written = f"{value:,.2f}".rstrip("0").rstrip(".")
    if symbols == (".", ","):
        return written
    decimal, group = symbols
    return written.replace(",", "\0").replace(".", decimal).replace("\0", group)


def fit_text(text: str, font: str, size: float, room: float, setter: LineSetter | None = None) -> str:
    """Return ``text`` as it is if it fits in ``room`` points, else its longest start that fits with "…" after it.

    ``setter`` measures text in any script (without it, in ``font`` alone).
    """
    width = setter.width if setter is not None else stringWidth
    if width(text, font, size) <= room:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest start that fits
        middle = (low + high + 1) // 2
        if width(text[:middle].rstrip() + "…", font, size) <= room:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


def luminance(fill: colors.Color) -> float:
    """Return how light a fill looks, from 0 (black) to 1 (white)."""
    return float(0.2126 * fill.red + 0.7152 * fill.green + 0.0722 * fill.blue)


def draw_bars(
    drawing: Drawing,
    chart: model.Chart,
    left: float,
    slot: float,
    y_of: Callable[[float], float],
    fills: list[colors.Color],
    fonts: ChartPen,
) -> None:
    """Draw each category's bars side by side in its slot, with their values above them while few."""
    look = fonts.look.bars
    count = len(chart.series)
    bar = slot * look.share / count
    margin = (1 - look.share) / 2  # of the slot, either side of its bars
    label_values = len(chart.categories) * count <= _MOST_BAR_VALUES
    for s_index, series in enumerate(chart.series):
        for c_index, value in enumerate(series.values):
            x = left + slot * c_index + slot * margin + bar * s_index
            y0, y1 = y_of(0.0), y_of(value)
            _bar(drawing, x, min(y0, y1), bar, abs(y1 - y0), s_index, fills, fonts)
            if label_values:
                text = format_value(value, fonts.symbols)
                fits = fonts.width(text) <= bar + look.label_overhang
                size = fonts.size if fits else fonts.size * look.small_label
                y = max(y0, y1) + look.label_gap if value >= 0 else min(y0, y1) - size
                drawing.add(
                    String(
                        x + bar / 2,
                        y,
                        text,
                        fontName=fonts.regular,
                        fontSize=size,
                        fillColor=fonts.ink,
                        textAnchor="middle",
                    )
                )


def _bar(
    drawing: Drawing,
    x: float,
    y: float,
    width: float,
    height: float,
    index: int,
    fills: list[colors.Color],
    fonts: ChartPen,
) -> None:
    fill = fills[index % len(fills)]
    look = fonts.look.bars
    drawing.add(Rect(x, y, width, height, fillColor=fill, strokeColor=fonts.ink, strokeWidth=look.outline))
    if index >= 2:
        # Hatching keeps the third and later series apart even where their greys are close.
        ink = fonts.paper if luminance(fill) < _DARK else fonts.ink
        _hatch(drawing, x, y, width, height, ink, (index - 2) % 2 == 1, look)


def _hatch(
    drawing: Drawing,
    x: float,
    y: float,
    width: float,
    height: float,
    ink: colors.Color,
    backwards: bool,
    look: BarLook,
) -> None:
    """Draw 45° lines clipped to a rectangle, computed exactly (a drawing has no clipping)."""
    step = look.hatch_spacing
    offset = 0.0
    while offset < width + height:
        # The line u - v = offset (or u + v = offset mirrored), clipped to 0..width by 0..height.
        u0, v0 = max(0.0, offset - height), min(offset, height)
        u1, v1 = min(offset, width), max(0.0, offset - width)
        if backwards:
            u0, u1 = width - u0, width - u1
        drawing.add(Line(x + u0, y + v0, x + u1, y + v1, strokeColor=ink, strokeWidth=look.hatch_width))
        offset += step


def draw_legend(
    drawing: Drawing, chart: model.Chart, left: float, y: float, fills: list[colors.Color], fonts: ChartPen
) -> None:
    """Draw the key of a bar chart's series in one row: a sample bar, then the name."""
    look = fonts.look.legend
    x = left
    # Each name shares the row from the plot's left to the drawing's right edge; a longer one is shortened.
    room = (drawing.width - fonts.look.edge - left) / len(chart.series) - look.text_offset - look.spacing
    for index, series in enumerate(chart.series):
        name = fit_text(series.name, fonts.regular, fonts.size, room, fonts.setter)
        _bar(drawing, x, y - look.swatch_drop, look.swatch, fonts.size, index, fills, fonts)
        drawing.add(
            String(x + look.text_offset, y, name, fontName=fonts.regular, fontSize=fonts.size, fillColor=fonts.ink)
        )
        x += look.text_offset + fonts.width(name) + look.spacing


def draw_lines(
    drawing: Drawing,
    chart: model.Chart,
    left: float,
    right: float,
    slot: float,
    y_of: Callable[[float], float],
    fills: list[colors.Color],
    fonts: ChartPen,
) -> None:
    """Draw each series as a dashed, marked line named at its right end; values beside a lone line's points."""
    look = fonts.look.lines
    # Lines need contrast with the white page: use the darkest of the theme's colours.
    inks = sorted(fills, key=luminance)[: max(1, min(len(fills), 3))]
    label_points = len(chart.series) == 1 and len(chart.categories) <= 16
    ends: list[tuple[float, str, colors.Color]] = []
    for s_index, series in enumerate(chart.series):
        ink = inks[s_index % len(inks)]
        points = [(left + slot * (i + 0.5), y_of(v)) for i, v in enumerate(series.values)]
        flat = [coordinate for point in points for coordinate in point]
        dashes = look.dashes[s_index % len(look.dashes)] or None  # [] is a solid line
        drawing.add(PolyLine(flat, strokeColor=ink, strokeWidth=look.width, strokeDashArray=dashes))
        for x, y in points:
            _marker(drawing, x, y, look.markers[s_index % len(look.markers)], ink, fonts)
        if label_points:
            for index, ((x, _), value) in enumerate(zip(points, series.values, strict=True)):
                text = format_value(value, fonts.symbols)
                drawing.add(
                    String(
                        x,
                        _value_baseline(points, index, fonts.width(text), look.label_gap, fonts.size),
                        text,
                        fontName=fonts.regular,
                        fontSize=fonts.size,
                        fillColor=fonts.ink,
                        textAnchor="middle",
                    )
                )
        ends.append((points[-1][1], series.name, ink))
    # Names at the lines' right ends, nudged apart so they never overprint.
    ends.sort()
    placed: list[float] = []
    middle = fonts.size * BASELINE_TO_MIDDLE
    for y, name, _ink in ends:
        y = max(y - middle, placed[-1] + fonts.size + fonts.look.line_gap) if placed else y - middle
        placed.append(y)
        drawing.add(
            String(right + look.name_gap, y, name, fontName=fonts.bold, fontSize=fonts.size, fillColor=fonts.ink)
        )


def _marker(drawing: Drawing, x: float, y: float, shape: str, ink: colors.Color, fonts: ChartPen) -> None:
    look = fonts.look.lines
    r = look.marker_size
    style = {"fillColor": ink, "strokeColor": fonts.paper, "strokeWidth": look.marker_outline}
    if shape == "circle":
        drawing.add(Circle(x, y, r, **style))
    elif shape == "square":
        drawing.add(Rect(x - r, y - r, 2 * r, 2 * r, **style))
    elif shape == "triangle":
        drawing.add(Polygon([x - r, y - r, x + r, y - r, x, y + r * _TRIANGLE_APEX], **style))
    else:
        reach = r * _DIAMOND_REACH
        drawing.add(Polygon([x, y - reach, x + reach, y, x, y + reach, x - reach, y], **style))


def pie_drawing(chart: model.Chart, width: float, fills: list[colors.Color], fonts: ChartPen) -> Drawing:
    """Return a pie of the first series, each slice labelled with its share beside the pie."""
    values = chart.series[0].values
    total = sum(values)
    size, look = fonts.size, fonts.look.pie
    labels = [f"{name} {value / total * 100:.0f}%" for name, value in zip(chart.categories, values, strict=True)]
    label_width = max(fonts.width(label, size) for label in labels)
    radius = max(look.min_radius, min(look.max_radius, (width - 2 * label_width - look.label_room) / 2))
    height = 2 * radius + 2 * size + look.margin
    drawing = Drawing(width, height)
    cx, cy = width / 2, height / 2
    angle = 90.0
    sides: dict[bool, list[tuple[float, float, float, str]]] = {True: [], False: []}
    for index, (value, label) in enumerate(zip(values, labels, strict=True)):
        sweep = value / total * 360
        if sweep < _THINNEST_SLICE:
            continue
        fill = fills[index % len(fills)]
        if index and index % len(fills) == 0 and len(values) % len(fills) == 1:
            fill = fills[1]  # the last slice would touch the first in the same fill
        start, end = angle - sweep, angle
        drawing.add(
            Wedge(
                cx,
                cy,
                radius,
                start,
                end,
                fillColor=fill,
                strokeColor=fonts.paper if luminance(fill) < _PALE else fonts.ink,
                strokeWidth=look.outline,
            )
        )
        middle = math.radians((start + end) / 2)
        ex, ey = cx + radius * math.cos(middle), cy + radius * math.sin(middle)
        sides[math.cos(middle) >= 0].append((ey, ex, math.sin(middle), label))
        angle = start
    for right_side, entries in sides.items():
        entries.sort(key=lambda entry: -entry[0])
        last = height
        for ey, ex, _sin, label in entries:
            y = min(ey, last - size - look.label_gap)
            last = y
            x = cx + (radius + look.label_distance) * (1 if right_side else -1)
            gap = look.leader_gap if right_side else -look.leader_gap
            drawing.add(
                Line(ex, ey, x - gap, y + size * _LEADER_RISE, strokeColor=fonts.muted, strokeWidth=look.leader_width)
            )
            drawing.add(
                String(
                    x,
                    y,
                    label,
                    fontName=fonts.regular,
                    fontSize=size,
                    fillColor=fonts.ink,
                    textAnchor="start" if right_side else "end",
                )
            )
    return drawing


def _value_baseline(points: list[tuple[float, float]], index: int, width: float, gap: float, size: float) -> float:
    """Return the baseline of point ``index``'s value: above it, or below it where the line would cross it there."""
    x, y = points[index]
    above = y + gap
    below = y - gap - size * _CAP_HEIGHT
    for baseline in (above, below):
        box = (x - width / 2, x + width / 2, baseline - size * _DESCENT, baseline + size * _CAP_HEIGHT)
        if not _line_crosses(points, index, *box):
            return baseline
    return above


def _line_crosses(
    points: list[tuple[float, float]], index: int, left: float, right: float, bottom: float, top: float
) -> bool:
    """Return whether the line's segments either side of point ``index`` pass through the box."""
    for start, end in ((index - 1, index), (index, index + 1)):
        if start < 0 or end >= len(points):
            continue
        (x0, y0), (x1, y1) = points[start], points[end]
        low, high = max(min(x0, x1), left), min(max(x0, x1), right)
        if low > high or x1 == x0:
            continue
        ys = [y0 + (y1 - y0) * (at - x0) / (x1 - x0) for at in (low, high)]
        if min(ys) < top and max(ys) > bottom:
            return True
    return False


# Of the font size: how far the figures rise above the baseline, and how far below it a label's box reaches.
_CAP_HEIGHT, _DESCENT = 0.72, 0.1
