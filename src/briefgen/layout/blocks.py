"""Lay out the blocks of a section: paragraphs, bullets, quotations, code, tables, figures, charts, callouts.

Input: one ``model`` block and the ``LayoutContext``. Output: its flowables,
tagged (``P``, ``L``/``LI``, ``BlockQuote``, ``P``/``Code``, ``Table``, ``Figure``, ``Aside``)
with captions and sources: a table's ``Caption`` is its first kid, a figure
or chart is a ``Div`` holding its ``Figure``, ``Caption`` and source.
"""

from __future__ import annotations

import itertools
from typing import Any

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, TableStyle

from briefgen import model
from briefgen.errors import BlockError
from briefgen.layout.code_block import code_flowables
from briefgen.layout.context import LayoutContext
from briefgen.layout.flowables import ChartDrawing, LeftRuled, ScaledImage, TaggedTable
from briefgen.layout.shaded_box import ShadedBox
from briefgen.pdf import tagging
from briefgen.pdf.text_lines import LineSetter
from briefgen.style.stylesheet import colour
from briefgen.text import markup
from briefgen.text.labels import Labels, labels_for


def block_flowables(block: model.Block, context: LayoutContext) -> list[Flowable]:
    """Return the flowables of one block: paragraph, bullets, quotation, table, figure, chart or callout."""
    if isinstance(block, model.Paragraph):
        return [context.tagged(context.para(block.text, "body"), "P")]
    if isinstance(block, model.BulletList):
        bullets = tagging.list_of(context.parent or context.root, "Disc")
        last = len(block.items) - 1
        items = [
            context.para(item, "bullet.last" if index == last else "bullet", bullet="\u2022")
            for index, item in enumerate(block.items)
        ]
        for item in items:
            tagging.list_item(item, bullets)
        return list(items)
    if isinstance(block, model.Code):
        return code_flowables(block, context)
    if isinstance(block, model.Table):
        return table_flowables(block, context)
    if isinstance(block, model.Figure):
        return figure_flowables(block, context)
    if isinstance(block, model.Chart):
        return chart_flowables(block, context)
    if isinstance(block, model.Callout):
        return callout_flowables(block, context)
    look = context.theme.rules.quote
    quote = LeftRuled(
        context.para(block.text, "quote" if block.attribution else "quote.last"),
        rule=colour(context.theme.accent),
        rule_width=look.width,
        indent=look.indent,
        inset=look.inset,
        mirrored=context.right_to_left,
    )
    element = context.tagged(quote, "BlockQuote").struct
    context.tagged(quote.content, "P", element)
    if not block.attribution:
        return [quote]
    return [quote, context.tagged(context.para(f"\u2014 {block.attribution}", "attribution"), "P", element)]


def _caption(label: str, caption: str) -> str:
    """Return inline markup for a numbered caption: the label in bold, then the caption."""
    label = markup.escape_inline(label)
    return f"**{label}.** {caption}" if caption else f"**{label}**"


def table_flowables(table: model.Table, context: LayoutContext) -> list[Flowable]:
    """Return a numbered table whose header row repeats on each page and whose columns fit the column."""
    styles, theme = context.styles, context.theme
    label = context.next_label(table)
    parent = context.parent or context.root
    element = parent.child("Table")
    caption_element = element.child("Caption")  # its first kid: a table's caption is part of it
    header_row = element.child("TR")
    header = [
        context.tagged(
            context.para(text, f"table.header.{align}"),
            "TH",
            header_row,
            attributes={"O": "Table", "Scope": "Column"},
        )
        for text, align in zip(table.columns, table.align, strict=True)
    ]
    rows = []
    for row in table.rows:
        row_element = element.child("TR")
        rows.append(
            [
                context.tagged(context.para(text, f"table.cell.{align}"), "TD", row_element)
                for text, align in zip(row, table.align, strict=True)
            ]
        )
    look = theme.tables
    padding = look.padding
    setter = LineSetter(theme.fallback_fonts, context.lang)
    widths = column_widths(table, context.column_width, styles, padding.left + padding.right, setter)
    _check_rows_fit([header, *rows], widths, label, context, setter)
    if context.right_to_left:
        # The first column on the right, as the text runs; the cells were tagged in their own order, which
        # the structure tree keeps.
        header, rows, widths = header[::-1], [row[::-1] for row in rows], widths[::-1]
    side = "RIGHT" if context.right_to_left else "LEFT"
    grid = tagging.tag(TaggedTable([header, *rows], colWidths=widths, repeatRows=1, hAlign=side), element)
    continued = context.words.inline("continued", label=f"**{markup.escape_inline(label)}**")
    grid.continued = lambda: tagging.mark_artifact(context.para(continued, "caption.above"))
    rule = colour(theme.table_rule)
    grid.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                # Cells hold paragraphs, but the table still sets its own font: keep it an embedded one.
                ("FONTNAME", (0, 0), (-1, -1), styles["table.cell"].fontName),
                ("LEFTPADDING", (0, 0), (-1, -1), padding.left),
                ("RIGHTPADDING", (0, 0), (-1, -1), padding.right),
                ("TOPPADDING", (0, 0), (-1, -1), padding.top),
                ("BOTTOMPADDING", (0, 0), (-1, -1), padding.bottom),
                ("BACKGROUND", (0, 0), (-1, 0), colour(theme.table_header_tint)),
                ("LINEABOVE", (0, 0), (-1, 0), look.rules.top, rule),
                ("LINEBELOW", (0, 0), (-1, 0), look.rules.header, rule),
                ("LINEBELOW", (0, 1), (-1, -2), look.rules.rows, rule),
                ("LINEBELOW", (0, -1), (-1, -1), look.rules.bottom, rule),
            ]
        )
    )
    grid.spaceBefore = look.space_before
    grid.spaceAfter = look.space_after if table.source else styles["source.last"].spaceAfter
    # A caption never ends a page: it moves on with room for the header and three rows.
    needed = styles["caption.above"].leading * 2 + styles["table.cell"].leading * 4 + look.caption_keep
    caption = tagging.tag(
        context.para(_caption(label, table.caption), "caption.above", anchor=table.id), caption_element
    )
    flowables: list[Flowable] = [CondPageBreak(needed), caption, grid]
    if table.source:
        source = context.words.inline("source", source=table.source)
        flowables.append(context.tagged(context.para(source, "source.last"), "P"))
    return flowables


def _check_rows_fit(
    rows: list[list[Flowable]], widths: list[float], label: str, context: LayoutContext, setter: LineSetter
) -> None:
    """Refuse a table with a row that, under its repeated header row, is taller than any page can hold.

    Rows never split across pages, so such a row stops the whole layout
    (ReportLab's LayoutError). A row is measured only when its longest
    cell's text could fill a tenth of a page.

    Raises:
        BlockError: naming the table and the row (``columns`` for the header row).

    """
    theme = context.theme
    padding = theme.tables.padding
    # What a continuation page holds: its text area with banners, less the "(continued)" caption above the table.
    room = (
        context.column_height
        - 2 * theme.furniture.banner.room
        - 2 * context.styles["caption.above"].leading
        - theme.tables.space_before
    )
    cell_style = context.styles["table.cell"]

    def height(row: list[Flowable]) -> float:
        usable = (width - padding.left - padding.right for width in widths)
        tallest = max(float(cell.wrap(width, room)[1]) for cell, width in zip(row, usable, strict=True))
        return tallest + padding.top + padding.bottom

    def could_be_tall(row: list[Flowable]) -> bool:
        # Twice the lines its text would fill if no word were wasted: room for wrapping and broken words.
        for cell, width in zip(row, widths, strict=True):
            text_width = setter.width(cell.getPlainText(), cell_style.fontName, cell_style.fontSize)
            usable = max(width - padding.left - padding.right, 1.0)
            if (text_width / usable + 1) * cell_style.leading * 2 > room / 10:
                return True
        return False

    header_height = height(rows[0]) if could_be_tall(rows[0]) else 0.0
    for index, row in enumerate(rows):
        if not could_be_tall(row):
            continue
        tall = height(row) + (header_height if index else 0.0)
        if tall > room:
            part = f"rows[{index - 1}]" if index else "columns"
            what = "this row is" if index else "the header row is"
            raise BlockError(
                f"{what} taller than a page can hold ({tall:,.0f} pt, with the header row; a page holds "
                f"{room:,.0f}): use fewer columns, or shorter text in its cells",
                label,
                part,
            )


def column_widths(
    table: model.Table, available: float, styles: dict[str, Any], padding: float, setter: LineSetter | None = None
) -> list[float]:
    """Return column widths that fill ``available`` exactly: wide columns give way first, words wrap.

    ``padding`` is a cell's left and right padding together; ``setter``
    measures text in any script (the default measures in the theme's own fonts).
    """
    cell, header = styles["table.cell"], styles["table.header"]
    setter = setter or LineSetter()

    def measure(text: str, style: Any, longest_word: bool) -> float:
        plain = markup.plain_text(text)
        parts = unbreakable_pieces(plain, setter.lang) if longest_word else [plain]
        return max((setter.width(p, style.fontName, style.fontSize) for p in parts), default=0.0)

    columns = range(len(table.columns))
    natural = [
        max([measure(table.columns[i], header, False)] + [measure(row[i], cell, False) for row in table.rows]) + padding
        for i in columns
    ]
    minimum = [
        max([measure(table.columns[i], header, True)] + [measure(row[i], cell, True) for row in table.rows]) + padding
        for i in columns
    ]
    if sum(natural) <= available:
        # Span the column like the text does: text columns take the spare room, numbers stay snug.
        grow = [n if align != "right" else 0.0 for n, align in zip(natural, table.align, strict=True)]
        if not any(grow):
            grow = natural
        room = available - sum(natural)
        return [n + g * room / sum(grow) for n, g in zip(natural, grow, strict=True)]
    if sum(minimum) >= available:
        # Not room for every column's longest word. The columns whose longest word fits an even share
        # keep it whole; the others (a long code, an address) share what is left evenly, and break it.
        # (In proportion to their words, a narrow column beside a 300-character one got less than
        # its cells' padding.)
        whole: set[int] = set()
        while True:
            breaking = [i for i in columns if i not in whole]
            share = (available - sum(minimum[i] for i in whole)) / len(breaking)
            fitting = {i for i in breaking if minimum[i] <= share}
            if not fitting or len(fitting) == len(breaking):
                break
            whole |= fitting
        return [minimum[i] if i in whole else share for i in columns]
    # Shrink the columns with room to give, in proportion to the room each has.
    spare = [n - m for n, m in zip(natural, minimum, strict=True)]
    excess = sum(natural) - available
    return [n - s * excess / sum(spare) for n, s in zip(natural, spare, strict=True)]


def unbreakable_pieces(text: str, lang: str) -> list[str]:
    """Return the pieces a line never breaks inside: words, or single characters of Chinese and Japanese."""
    if text.isascii() or not any(ord(ch) >= 0x1100 for ch in text):
        return text.split()
    from briefgen.text.linebreak import break_opportunities

    bounds = [0, *break_opportunities(text, lang), len(text)]
    return [text[start:end].strip() for start, end in itertools.pairwise(bounds) if text[start:end].strip()]


def figure_flowables(figure: model.Figure, context: LayoutContext) -> list[Flowable]:
    """Return an image scaled to the column, kept together with its numbered caption and credit."""
    label = context.next_label(figure)
    look = context.theme.figures
    image = ScaledImage(figure.image, fraction=figure.width, max_height=context.column_height * look.max_height)
    image.spaceBefore, image.spaceAfter = look.space_before, look.space_after
    alt = markup.plain_text(figure.alt or figure.caption) or label
    group = _figure_group(context)
    context.tagged(image, "Figure", group, alt=alt)
    caption_style = "caption" if figure.credit else "caption.last"
    caption = context.para(_caption(label, figure.caption), caption_style, anchor=figure.id)
    parts: list[Flowable] = [image, context.tagged(caption, "Caption", group)]
    if figure.credit:
        parts.append(context.tagged(context.para(figure.credit, "source.last"), "P", group))
    return [KeepTogether(parts)]


def _figure_group(context: LayoutContext) -> tagging.Element:
    """Return a new ``Div`` for a figure and its caption and credit.

    Not a ``Caption`` inside the ``Figure``: assistive technology reads a
    figure's alternate text and nothing inside it, so such a caption would
    never be heard (Typst groups a figure and its caption the same way).
    """
    return (context.parent or context.root).child("Div")


def chart_flowables(chart: model.Chart, context: LayoutContext) -> list[Flowable]:
    """Return a numbered chart title, the chart drawn as vectors, and its source line."""
    label = context.next_label(chart)
    style, theme = context.styles["chart"], context.theme
    from briefgen.layout.charts import chart_drawing

    setter = LineSetter(theme.fallback_fonts, context.lang)
    symbols = context.words.number_symbols
    drawing = ChartDrawing(
        lambda width: chart_drawing(chart, width, theme, style.fontName, style.fontSize, symbols, setter), setter
    )
    drawing.spaceBefore, drawing.spaceAfter = theme.charts.space_before, theme.charts.space_after
    title = _caption(label, markup.escape_inline(chart.title))
    group = _figure_group(context)
    caption = context.tagged(context.para(title, "caption.above", anchor=chart.id), "Caption", group)
    context.tagged(drawing, "Figure", group, alt=chart_alt_text(chart, context.words))
    parts: list[Flowable] = [caption, drawing]
    if chart.caption:
        note = context.para(chart.caption, "caption" if chart.source else "caption.last")
        parts.append(context.tagged(note, "P", group))
    if chart.source:
        source = context.words.inline("source", source=chart.source)
        parts.append(context.tagged(context.para(source, "source.last"), "P", group))
    if len(parts) == 2:
        drawing.spaceAfter = context.styles["source.last"].spaceAfter
    return [KeepTogether(parts)]


def callout_flowables(callout: model.Callout, context: LayoutContext) -> list[Flowable]:
    """Return a boxed note: its label, then its paragraphs and bullets."""
    theme = context.theme
    aside = (context.parent or context.root).child("Aside")
    content: list[Flowable] = [context.tagged(context.plain(callout.title, "callout.label"), "H3", aside)]
    for block in callout.blocks:
        if isinstance(block, model.BulletList):
            bullets = tagging.list_of(aside, "Disc")
            for item in block.items:
                paragraph = context.para(item, "callout.bullet", bullet="\u2022")
                tagging.list_item(paragraph, bullets)
                content.append(paragraph)
        elif isinstance(block, model.Code):
            content += code_flowables(block, context, aside)
        else:
            content.append(context.tagged(context.para(block.text, "callout.body"), "P", aside))
    look = theme.boxes.callout
    box = ShadedBox(
        content,
        background=colour(theme.callout_tint),
        border=colour(theme.callout_border),
        border_width=look.border,
        padding=look.padding,
        continuation=tagging.mark_artifact(
            context.plain(context.words("continued", label=callout.title), "callout.label")
        ),
        keep=context.styles["callout.body"].leading * 2,  # two lines on each side of a page break
    )
    tagging.tag(box, aside)
    box.spaceBefore = look.space_before
    box.spaceAfter = look.space_after
    return [box]


def chart_alt_text(chart: model.Chart, words: Labels | None = None) -> str:
    """Return a chart's data in words, for screen readers: its title, then each series' values."""
    words = words or labels_for("en")
    decimal = words.number_symbols[0]
    series = "; ".join(
        f"{line.name}: "
        + ", ".join(
            f"{category} " + f"{value:g}".replace(".", decimal)
            for category, value in zip(chart.categories, line.values, strict=False)
        )
        for line in chart.series
    )
    return words(f"{chart.kind}_chart", title=markup.plain_text(chart.title), data=series)
