"""Lay out a table: its columns fitted to the text column, its type shrunk if its longest words would not fit.

Input: a ``model.Table`` and the ``LayoutContext``. Output: a caption, the
table (its header row repeated on each page, tagged ``Table`` with ``TH``
and ``TD`` cells, its caption the first kid) and its source line. Columns
fill the width: text columns take the spare room, numbers stay snug; where
even every column's longest word would not fit, the table's type is set
smaller (down to the theme's ``tables.smallest_type``) before any word is
broken.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Sequence
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, TableStyle

from briefgen import model
from briefgen.errors import BlockError
from briefgen.layout.context import LayoutContext
from briefgen.layout.flowables import TaggedTable
from briefgen.pdf import tagging
from briefgen.pdf.text_lines import LineSetter
from briefgen.style.dimensions import CellPadding, TableLook
from briefgen.style.stylesheet import colour
from briefgen.text import markup


def table_flowables(table: model.Table, context: LayoutContext) -> list[Flowable]:
    """Return a numbered table whose header row repeats on each page and whose columns fit the column."""
    theme = context.theme
    look = theme.tables
    setter = LineSetter(theme.fallback_fonts, context.lang)
    longest = _column_measures(table, context.styles, setter, longest_word=True)
    factor = type_scale(longest, context.column_width, context.styles["table.cell"].fontSize, look)
    padding = look.padding
    if factor < 1:
        padding = CellPadding(*(side * factor for side in (padding.left, padding.right, padding.top, padding.bottom)))
        context = dataclasses.replace(context, styles=_scaled_styles(context.styles, factor))
    styles = context.styles
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
    known = longest if factor == 1 else None  # measured at these sizes already
    widths = column_widths(table, context.column_width, styles, padding.left + padding.right, setter, known)
    _check_rows_fit([header, *rows], widths, label, context, setter, padding, context.counters["table"])
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
        context.para(markup.numbered_caption(label, table.caption), "caption.above", anchor=table.id), caption_element
    )
    flowables: list[Flowable] = [CondPageBreak(needed), caption, grid]
    if table.source:
        source = context.words.inline("source", source=table.source)
        flowables.append(context.tagged(context.para(source, "source.last"), "P"))
    return flowables


def type_scale(longest: Sequence[float], available: float, size: float, look: TableLook) -> float:
    """Return the fraction of its size a table's type is set at: 1, or less where its longest words would not fit.

    ``longest`` is each column's longest word's width (header included, unpadded) at the cells' ``size``.

    The type, its leading and the cells' padding shrink together, just enough
    that every column's longest word fits whole, the cell text's size rounded
    down to a tenth of a point; never below ``look.smallest_type``. A table that
    would need smaller type still (a long address in a cell) keeps its size:
    its words break, as they would in any case.
    """
    padding = look.padding.left + look.padding.right
    needed = sum(longest) + padding * len(longest)
    if needed <= available:
        return 1.0
    smaller = math.floor(size * available / needed * 10) / 10  # a tenth of a point down: the words fit
    return smaller / size if smaller >= size * look.smallest_type else 1.0


def _scaled_styles(styles: dict[str, Any], factor: float) -> dict[str, Any]:
    """Return the stylesheet with a table's header and cell styles at ``factor`` of their size and leading."""
    scaled = dict(styles)  # the shared stylesheet stays as it is
    for name in ("table.header", "table.cell"):
        for variant in (name, f"{name}.left", f"{name}.right", f"{name}.center"):
            base = styles[variant]
            scaled[variant] = ParagraphStyle(
                f"{base.name}@{factor:.3f}", parent=base, fontSize=base.fontSize * factor, leading=base.leading * factor
            )
    return scaled


def _check_rows_fit(
    rows: list[list[Flowable]],
    widths: list[float],
    label: str,
    context: LayoutContext,
    setter: LineSetter,
    padding: CellPadding,
    number: int,
) -> None:
    """Refuse a table with a row that, under its repeated header row, is taller than any page can hold.

    Rows never split across pages, so such a row stops the whole layout
    (ReportLab's LayoutError). A row is measured only when its longest
    cell's text could fill a tenth of a page.

    Raises:
        BlockError: naming the table and the row (``columns`` for the header row).

    """
    theme = context.theme
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
                block=f"Table {number}",
            )


def column_widths(
    table: model.Table,
    available: float,
    styles: dict[str, Any],
    padding: float,
    setter: LineSetter | None = None,
    longest: Sequence[float] | None = None,
) -> list[float]:
    """Return column widths that fill ``available`` exactly: wide columns give way first, words wrap.

    ``padding`` is a cell's left and right padding together; ``setter``
    measures text in any script (the default measures in the theme's own
    fonts); ``longest``, each column's longest word, if measured already.
    """
    setter = setter or LineSetter()
    columns = range(len(table.columns))
    natural = [width + padding for width in _column_measures(table, styles, setter, longest_word=False)]
    if longest is None:
        longest = _column_measures(table, styles, setter, longest_word=True)
    minimum = [width + padding for width in longest]
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


def _column_measures(
    table: model.Table, styles: dict[str, Any], setter: LineSetter, *, longest_word: bool
) -> list[float]:
    """Return each column's widest text (its longest word, with ``longest_word``), header included, unpadded."""
    cell, header = styles["table.cell"], styles["table.header"]

    def measure(text: str, style: Any) -> float:
        plain = markup.plain_text(text)
        parts = unbreakable_pieces(plain, setter.lang) if longest_word else [plain]
        return max((setter.width(part, style.fontName, style.fontSize) for part in parts), default=0.0)

    return [
        max([measure(table.columns[i], header), *(measure(row[i], cell) for row in table.rows)])
        for i in range(len(table.columns))
    ]


def unbreakable_pieces(text: str, lang: str) -> list[str]:
    """Return the pieces a line never breaks inside: words, or single characters of Chinese and Japanese."""
    if text.isascii() or not any(ord(ch) >= 0x1100 for ch in text):
        return text.split()
    from briefgen.text.linebreak import break_opportunities

    bounds = [0, *break_opportunities(text, lang), len(text)]
    return [text[start:end].strip() for start, end in itertools.pairwise(bounds) if text[start:end].strip()]
