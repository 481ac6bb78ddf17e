"""Lay out the blocks of a section: paragraphs, bullets, quotations, code, tables, figures, charts, callouts.

Input: one ``model`` block and the ``LayoutContext``. Output: its flowables,
tagged (``P``, ``L``/``LI``, ``BlockQuote``, ``P``/``Code``, ``Table``, ``Figure``, ``Aside``)
with captions and sources: a table's ``Caption`` is its first kid, a figure
or chart is a ``Div`` holding its ``Figure``, ``Caption`` and source. Tables are
``layout.tables``'s, code blocks ``layout.code_block``'s.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether

from briefgen import model
from briefgen.layout.code_block import code_flowables
from briefgen.layout.context import LayoutContext
from briefgen.layout.flowables import ChartDrawing, LeftRuled, ScaledImage
from briefgen.layout.shaded_box import ShadedBox
from briefgen.layout.tables import table_flowables
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
    caption = context.para(markup.numbered_caption(label, figure.caption), caption_style, anchor=figure.id)
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
    title = markup.numbered_caption(label, markup.escape_inline(chart.title))
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
