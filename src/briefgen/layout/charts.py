"""Turn a ``model.Chart`` into a vector drawing (ReportLab graphics) that prints in black and white.

Input: a chart, the width it may take and the theme (its ``charts``
dimensions, chart colours and ``chart`` text style). Output: a
``reportlab.graphics.shapes.Drawing``. Series are told apart without colour:
fills are far apart in lightness, bars of the third and later series are
hatched, lines differ in dash and marker, and values and names are written
beside the marks rather than in a colour key. This module lays out the
plot, its axes and labels; ``chart_marks`` draws the marks.
"""

from __future__ import annotations

import math
from dataclasses import replace

from reportlab.graphics.shapes import Drawing, Group, Line, String
from reportlab.lib import colors

from briefgen import model
from briefgen.layout.chart_marks import (
    BASELINE_TO_MIDDLE,
    ChartPen,
    draw_bars,
    draw_legend,
    draw_lines,
    fit_text,
    format_value,
    pie_drawing,
)
from briefgen.pdf.text_lines import LineSetter
from briefgen.style.stylesheet import colour
from briefgen.style.theme import Theme

# Proportions of geometry, not of the theme's look.
_SLANT = 0.71  # sin 45°: how much of a label's length a 45° slant takes across and down
_LABEL_SHARE = 0.4  # of the plot's width: as far left as a slanted category label may reach, at most
_NAME_SHARE = 0.3  # of the plot's width: the most a line's name, written at its end, may take
_SLANT_SHIFT = 0.3  # of the font size: a slanted label's end moves right so that it ends under its tick
_SLANTED_LINE = 1.15  # of the font size: how far apart two slanted labels must be (across them) to be read


def chart_drawing(
    chart: model.Chart,
    width: float,
    theme: Theme,
    font: str,
    size: float,
    symbols: tuple[str, str] = (".", ","),
    setter: LineSetter | None = None,
) -> Drawing:
    """Return ``chart`` drawn ``width`` points wide, in the theme's chart colours and ``font``.

    ``symbols`` are the decimal and group separators its numbers are written
    with. Its labels are measured and, where they need shaping, drawn by the
    ``setter``, which must draw them too (``pdf.text_lines.draw_drawing``).
    """
    setter = setter or LineSetter(theme.fallback_fonts)
    fonts = ChartPen(
        font,
        font + "-Bold",
        size,
        colour(theme.text_colour),
        colour(theme.muted_colour),
        colour(theme.paper),
        colour(theme.chart_grid),
        theme.charts,
        setter,
        symbols,
    )
    fills = [colour(c) for c in theme.chart_colours]
    chart = _fitted_labels(chart, width, fonts)
    drawing = (
        pie_drawing(chart, width, fills, fonts) if chart.kind == "pie" else _axes_chart(chart, width, fills, fonts)
    )
    # Without these the renderer starts in Helvetica, an unembedded font a PDF/A check refuses.
    drawing.initialFontName, drawing.initialFontSize = font, size
    return drawing


def _fitted_labels(chart: model.Chart, width: float, fonts: ChartPen) -> model.Chart:
    """Return ``chart`` with each label shortened with "…" where it would run out of the drawing.

    The whole text stays in the chart's alternative text, which is made from
    the spec's chart, not this one. Labels that fit are kept as written.
    """
    size, look = fonts.size, fonts.look
    inside = width - 2 * look.edge
    if chart.kind == "pie":
        pie = look.pie
        # A label beside the pie, its share after it ("Name 45%"), on the side the pie leaves at its smallest.
        room = (width - 2 * pie.min_radius - pie.label_room) / 2 - pie.label_distance - fonts.width(" 100%", size)
        return replace(
            chart, categories=tuple(fit_text(c, fonts.regular, size, room, fonts.setter) for c in chart.categories)
        )
    # A slanted category reaches down and left by its length times the slant; it may take a share of the width.
    category_room = (inside * _LABEL_SHARE - size) / _SLANT
    categories = tuple(fit_text(c, fonts.regular, size, category_room, fonts.setter) for c in chart.categories)
    if chart.kind != "line":
        return replace(chart, categories=categories)  # a bar chart's key shortens its names where it draws them
    # A line's name is written at its end, to the right of the plot, in bold.
    series = tuple(
        replace(s, name=fit_text(s.name, fonts.bold, size, inside * _NAME_SHARE, fonts.setter)) for s in chart.series
    )
    return replace(chart, categories=categories, series=series)


def nice_scale(low: float, high: float, ticks: int = 5) -> list[float]:
    """Return round tick values covering ``low``..``high`` (always including 0 when in range)."""
    low, high = min(low, 0.0), max(high, 0.0)
    raw = (high - low) / ticks
    if raw <= 0:  # all zero, or a range so small that it underflows
        high, raw = low + 1, 1 / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    values = [start]
    # The tolerance and the rounding (of float noise such as 0.1 + 0.2) follow the step for tiny values.
    places = 10 if step >= 1e-4 else 6 - math.floor(math.log10(step))
    while values[-1] < high - min(1e-9, step * 1e-6):
        values.append(values[-1] + step)
    return [round(v, places) for v in values]


def _axes_chart(chart: model.Chart, width: float, fills: list[colors.Color], fonts: ChartPen) -> Drawing:
    size, look = fonts.size, fonts.look
    height = max(look.height.min, min(width * look.height.share, look.height.max))
    drawing = Drawing(width, height)
    values = [v for series in chart.series for v in series.values]
    ticks = nice_scale(min(values), max(values))
    tick_labels = [format_value(t, fonts.symbols) for t in ticks]
    label_room = max(fonts.width(t) for t in tick_labels) + look.edge
    left = label_room + (size + look.axis_label_gap if chart.y_label else 0)
    right = width - look.edge
    if chart.kind == "line":
        # Room for the series' names written at the ends of their lines.
        right -= max(fonts.width(s.name) for s in chart.series) + look.lines.name_room
    plot_width = right - left
    slot = plot_width / len(chart.categories)
    wrap = max(slot - look.category_inset, look.category_min_width)
    category_lines = [fonts.setter.split(c, fonts.regular, size, wrap) for c in chart.categories]
    rows = max(len(lines) for lines in category_lines)
    widest = max(fonts.width(c) for c in chart.categories)
    # Labels that would take more than three lines, or overrun their slot, are set slanting instead.
    slanted = rows > 3 or any(fonts.width(line) > slot for lines in category_lines for line in lines)
    if slanted:
        # The first slanted label runs down and to the left of its bar: keep it inside the drawing.
        reach = fonts.width(chart.categories[0]) * _SLANT + size
        if reach > left + slot / 2:
            # The first slot's middle must be ``reach`` in, and the slots share what is left: solve for both.
            count = len(chart.categories)
            left = (2 * count * reach - right) / (2 * count - 1)
            slot = (right - left) / count
    label_height = widest * _SLANT + size if slanted else rows * (size + look.line_gap)
    bottom = look.edge + (size + look.axis_label_gap if chart.x_label else 0) + label_height + look.category_gap
    legend = chart.kind == "bar" and len(chart.series) > 1
    top = height - look.edge - (size + look.legend.gap if legend else 0) - size  # room for values above the bars
    plot_min = look.height.plot_min
    if top - bottom < plot_min:  # long slanted labels: grow the drawing rather than squash the plot
        height += plot_min - (top - bottom)
        top = bottom + plot_min
        drawing.height = height
    scale_low, scale_high = ticks[0], ticks[-1]

    def y_of(value: float) -> float:
        return bottom + (value - scale_low) / (scale_high - scale_low) * (top - bottom)

    for tick, label in zip(ticks, tick_labels, strict=True):
        y = y_of(tick)
        axis = tick == 0
        drawing.add(
            Line(
                left,
                y,
                right,
                y,
                strokeColor=fonts.ink if axis else fonts.grid,
                strokeWidth=look.axis_width if axis else look.grid_width,
            )
        )
        drawing.add(
            String(
                left - look.tick_gap,
                y - size * BASELINE_TO_MIDDLE,
                label,
                fontName=fonts.regular,
                fontSize=size,
                fillColor=fonts.ink,
                textAnchor="end",
            )
        )
    if chart.y_label:
        y_label = fit_text(chart.y_label, fonts.regular, size, top - bottom, fonts.setter)  # it runs up the plot's side
        group = Group(
            String(0, 0, y_label, fontName=fonts.regular, fontSize=size, fillColor=fonts.ink, textAnchor="middle")
        )
        group.translate(size, (bottom + top) / 2)
        group.rotate(90)
        drawing.add(group)
    # Slanted labels side by side are a slot times the slant apart: closer than a line of text, every
    # n-th is labelled (the first, then each n-th after it), or they would print over each other.
    every = max(1, math.ceil(size * _SLANTED_LINE / (slot * _SLANT))) if slanted else 1
    for index, lines in enumerate(category_lines):
        centre = left + slot * (index + 0.5)
        if slanted and index % every:
            continue
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
            label.translate(centre + size * _SLANT_SHIFT, bottom - look.category_gap)
            label.rotate(45)
            drawing.add(label)
            continue
        for row, text in enumerate(lines):
            y = bottom - look.category_gap - size - row * (size + look.line_gap)
            drawing.add(
                String(centre, y, text, fontName=fonts.regular, fontSize=size, fillColor=fonts.ink, textAnchor="middle")
            )
    if chart.x_label:
        drawing.add(
            String(
                (left + right) / 2,
                look.edge,
                fit_text(chart.x_label, fonts.regular, size, right - left, fonts.setter),  # centred under the plot
                fontName=fonts.regular,
                fontSize=size,
                fillColor=fonts.ink,
                textAnchor="middle",
            )
        )
    if chart.kind == "bar":
        draw_bars(drawing, chart, left, slot, y_of, fills, fonts)
        if legend:
            draw_legend(drawing, chart, left, height - look.edge - size, fills, fonts)
    else:
        draw_lines(drawing, chart, left, right, slot, y_of, fills, fonts)
    return drawing
