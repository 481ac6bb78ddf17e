"""Turn a ``model.Chart`` into a vector drawing (ReportLab graphics) that prints in black and white.

Input: a chart, the width it may take and the theme. Output: a
``reportlab.graphics.shapes.Drawing``. Series are told apart without colour:
fills are far apart in lightness, bars of the third and later series are
hatched, lines differ in dash and marker, and values and names are written
beside the marks rather than in a colour key.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, PolyLine, Rect, String, Wedge
from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth

from briefgen import model
from briefgen.style.stylesheet import colour
from briefgen.style.theme import Theme

_DASHES: tuple[tuple[float, ...] | None, ...] = (None, (4, 2), (1.2, 1.8), (6, 2, 1.2, 2))
_MARKERS = ("circle", "square", "triangle", "diamond")


@dataclass(frozen=True)
class _Fonts:
    regular: str
    bold: str
    size: float
    ink: colors.Color
    muted: colors.Color


def chart_drawing(chart: model.Chart, width: float, theme: Theme, font: str, size: float) -> Drawing:
    """Return ``chart`` drawn ``width`` points wide, in the theme's chart colours and ``font``."""
    fonts = _Fonts(font, font + "-Bold", size, colour(theme.text_colour), colour(theme.muted_colour))
    fills = [colour(c) for c in theme.chart_colours]
    drawing = _pie(chart, width, fills, fonts) if chart.kind == "pie" else _axes_chart(chart, width, fills, fonts)
    # Without these the renderer starts in Helvetica, an unembedded font a PDF/A check refuses.
    drawing.initialFontName, drawing.initialFontSize = font, size
    return drawing


def format_value(value: float) -> str:
    """Write a number as briefly as it was likely written: 916, 83.6, 1,917."""
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def nice_scale(low: float, high: float, ticks: int = 5) -> list[float]:
    """Return round tick values covering ``low``..``high`` (always including 0 when in range)."""
    low, high = min(low, 0.0), max(high, 0.0)
    if high == low:
        high = low + 1
    raw = (high - low) / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    values = [start]
    while values[-1] < high - 1e-9:
        values.append(values[-1] + step)
    return [round(v, 10) for v in values]


def _luminance(fill: colors.Color) -> float:
    return float(0.2126 * fill.red + 0.7152 * fill.green + 0.0722 * fill.blue)


def _axes_chart(chart: model.Chart, width: float, fills: list[colors.Color], fonts: _Fonts) -> Drawing:
    size = fonts.size
    height = max(140.0, min(width * 0.4, 210.0))
    drawing = Drawing(width, height)
    values = [v for series in chart.series for v in series.values]
    ticks = nice_scale(min(values), max(values))
    tick_labels = [format_value(t) for t in ticks]
    label_room = max(stringWidth(t, fonts.regular, size) for t in tick_labels) + 4
    left = label_room + (size + 4 if chart.y_label else 0)
    right = width - 4
    if chart.kind == "line":
        # Room for the series' names written at the ends of their lines.
        right -= max(stringWidth(s.name, fonts.regular, size) for s in chart.series) + 8
    plot_width = right - left
    slot = plot_width / len(chart.categories)
    category_lines = [simpleSplit(c, fonts.regular, size, max(slot - 2, 20)) for c in chart.categories]
    rows = max(len(lines) for lines in category_lines)
    widest = max(stringWidth(c, fonts.regular, size) for c in chart.categories)
    # Labels that would take more than three lines, or overrun their slot, are set slanting instead.
    slanted = rows > 3 or any(
        stringWidth(line, fonts.regular, size) > slot for lines in category_lines for line in lines
    )
    if slanted:
        # The first slanted label runs down and to the left of its bar: keep it inside the drawing.
        reach = stringWidth(chart.categories[0], fonts.regular, size) * 0.71 + size
        if reach > left + slot / 2:
            left = reach - slot / 2
            slot = (right - left) / len(chart.categories)
    label_height = widest * 0.71 + size if slanted else rows * (size + 1)
    bottom = 4 + (size + 4 if chart.x_label else 0) + label_height + 4
    legend = chart.kind == "bar" and len(chart.series) > 1
    top = height - 4 - (size + 6 if legend else 0) - size  # room for value labels above the tallest bar
    if top - bottom < 80:  # long slanted labels: grow the drawing rather than squash the plot
        height += 80 - (top - bottom)
        top = bottom + 80
        drawing.height = height
    scale_low, scale_high = ticks[0], ticks[-1]

    def y_of(value: float) -> float:
        return bottom + (value - scale_low) / (scale_high - scale_low) * (top - bottom)

    grid = colors.Color(0.75, 0.75, 0.75)
    for tick, label in zip(ticks, tick_labels, strict=True):
        y = y_of(tick)
        drawing.add(
            Line(left, y, right, y, strokeColor=fonts.ink if tick == 0 else grid, strokeWidth=0.6 if tick == 0 else 0.3)
        )
        drawing.add(
            String(
                left - 3,
                y - size * 0.35,
                label,
                fontName=fonts.regular,
                fontSize=size,
                fillColor=fonts.ink,
                textAnchor="end",
            )
        )
    if chart.y_label:
        group = Group(
            String(0, 0, chart.y_label, fontName=fonts.regular, fontSize=size, fillColor=fonts.ink, textAnchor="middle")
        )
        group.translate(size, (bottom + top) / 2)
        group.rotate(90)
        drawing.add(group)
    for index, lines in enumerate(category_lines):
        centre = left + slot * (index + 0.5)
        if slanted:
            label = Group(
                String(
                    0,
                    0,
                    chart.categories[index],
                    fontName=fonts.regular,
                    fontSize=size,
                    fillColor=fonts.ink,
                    textAnchor="end",
                )
            )
            label.translate(centre + size * 0.3, bottom - 4)
            label.rotate(45)
            drawing.add(label)
            continue
        for row, text in enumerate(lines):
            y = bottom - 4 - size - row * (size + 1)
            drawing.add(
                String(centre, y, text, fontName=fonts.regular, fontSize=size, fillColor=fonts.ink, textAnchor="middle")
            )
    if chart.x_label:
        drawing.add(
            String(
                (left + right) / 2,
                4,
                chart.x_label,
                fontName=fonts.regular,
                fontSize=size,
                fillColor=fonts.ink,
                textAnchor="middle",
            )
        )
    if chart.kind == "bar":
        _bars(drawing, chart, left, slot, y_of, fills, fonts)
        if legend:
            _legend(drawing, chart, left, height - 4 - size, fills, fonts)
    else:
        _lines(drawing, chart, left, right, slot, y_of, fills, fonts)
    return drawing


def _bars(
    drawing: Drawing,
    chart: model.Chart,
    left: float,
    slot: float,
    y_of: object,
    fills: list[colors.Color],
    fonts: _Fonts,
) -> None:
    assert callable(y_of)
    count = len(chart.series)
    bar = slot * 0.72 / count
    label_values = len(chart.categories) * count <= 30
    for s_index, series in enumerate(chart.series):
        for c_index, value in enumerate(series.values):
            x = left + slot * c_index + slot * 0.14 + bar * s_index
            y0, y1 = y_of(0.0), y_of(value)
            _bar(drawing, x, min(y0, y1), bar, abs(y1 - y0), s_index, fills, fonts)
            if label_values:
                text = format_value(value)
                size = fonts.size if stringWidth(text, fonts.regular, fonts.size) <= bar + 6 else fonts.size * 0.8
                y = max(y0, y1) + 2 if value >= 0 else min(y0, y1) - size
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
    fonts: _Fonts,
) -> None:
    fill = fills[index % len(fills)]
    drawing.add(Rect(x, y, width, height, fillColor=fill, strokeColor=fonts.ink, strokeWidth=0.4))
    if index >= 2:
        # Hatching keeps the third and later series apart even where their greys are close.
        ink = colors.white if _luminance(fill) < 0.45 else fonts.ink
        _hatch(drawing, x, y, width, height, ink, (index - 2) % 2 == 1)


def _hatch(
    drawing: Drawing, x: float, y: float, width: float, height: float, ink: colors.Color, backwards: bool
) -> None:
    """Draw 45° lines clipped to a rectangle, computed exactly (a drawing has no clipping)."""
    step = 3.2
    offset = 0.0
    while offset < width + height:
        # The line u - v = offset (or u + v = offset mirrored), clipped to 0..width by 0..height.
        u0, v0 = max(0.0, offset - height), min(offset, height)
        u1, v1 = min(offset, width), max(0.0, offset - width)
        if backwards:
            u0, u1 = width - u0, width - u1
        drawing.add(Line(x + u0, y + v0, x + u1, y + v1, strokeColor=ink, strokeWidth=0.45))
        offset += step


def _legend(
    drawing: Drawing, chart: model.Chart, left: float, y: float, fills: list[colors.Color], fonts: _Fonts
) -> None:
    x = left
    for index, series in enumerate(chart.series):
        _bar(drawing, x, y - 1, 9, fonts.size, index, fills, fonts)
        drawing.add(String(x + 12, y, series.name, fontName=fonts.regular, fontSize=fonts.size, fillColor=fonts.ink))
        x += 12 + stringWidth(series.name, fonts.regular, fonts.size) + 12


def _lines(
    drawing: Drawing,
    chart: model.Chart,
    left: float,
    right: float,
    slot: float,
    y_of: object,
    fills: list[colors.Color],
    fonts: _Fonts,
) -> None:
    assert callable(y_of)
    # Lines need contrast with the white page: use the darkest of the theme's colours.
    inks = sorted(fills, key=_luminance)[: max(1, min(len(fills), 3))]
    label_points = len(chart.series) == 1 and len(chart.categories) <= 16
    ends: list[tuple[float, str, colors.Color]] = []
    for s_index, series in enumerate(chart.series):
        ink = inks[s_index % len(inks)]
        points = [(left + slot * (i + 0.5), y_of(v)) for i, v in enumerate(series.values)]
        flat = [coordinate for point in points for coordinate in point]
        drawing.add(PolyLine(flat, strokeColor=ink, strokeWidth=1.4, strokeDashArray=_DASHES[s_index % len(_DASHES)]))
        for x, y in points:
            _marker(drawing, x, y, _MARKERS[s_index % len(_MARKERS)], ink)
        if label_points:
            for (x, y), value in zip(points, series.values, strict=True):
                drawing.add(
                    String(
                        x,
                        y + 5,
                        format_value(value),
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
    for y, name, _ink in ends:
        y = max(y - fonts.size * 0.35, placed[-1] + fonts.size + 1) if placed else y - fonts.size * 0.35
        placed.append(y)
        drawing.add(String(right + 6, y, name, fontName=fonts.bold, fontSize=fonts.size, fillColor=fonts.ink))


def _marker(drawing: Drawing, x: float, y: float, shape: str, ink: colors.Color) -> None:
    r = 2.3
    style = {"fillColor": ink, "strokeColor": colors.white, "strokeWidth": 0.5}
    if shape == "circle":
        drawing.add(Circle(x, y, r, **style))
    elif shape == "square":
        drawing.add(Rect(x - r, y - r, 2 * r, 2 * r, **style))
    elif shape == "triangle":
        drawing.add(Polygon([x - r, y - r, x + r, y - r, x, y + r * 1.2], **style))
    else:
        drawing.add(Polygon([x, y - r * 1.3, x + r * 1.3, y, x, y + r * 1.3, x - r * 1.3, y], **style))


def _pie(chart: model.Chart, width: float, fills: list[colors.Color], fonts: _Fonts) -> Drawing:
    values = chart.series[0].values
    total = sum(values)
    size = fonts.size
    labels = [f"{name} {value / total * 100:.0f}%" for name, value in zip(chart.categories, values, strict=True)]
    label_width = max(stringWidth(label, fonts.regular, size) for label in labels)
    radius = max(40.0, min(68.0, (width - 2 * label_width - 40) / 2))
    height = 2 * radius + 2 * size + 24
    drawing = Drawing(width, height)
    cx, cy = width / 2, height / 2
    angle = 90.0
    sides: dict[bool, list[tuple[float, float, float, str]]] = {True: [], False: []}
    for index, (value, label) in enumerate(zip(values, labels, strict=True)):
        sweep = value / total * 360
        if sweep <= 0:
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
                strokeColor=colors.white if _luminance(fill) < 0.9 else fonts.ink,
                strokeWidth=0.8,
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
            y = min(ey, last - size - 2)
            last = y
            x = cx + (radius + 14) * (1 if right_side else -1)
            drawing.add(
                Line(ex, ey, x - (3 if right_side else -3), y + size * 0.3, strokeColor=fonts.muted, strokeWidth=0.4)
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
