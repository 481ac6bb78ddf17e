"""Turn a ``Brief`` into a platypus story: the list of flowables render.py pours onto pages.

Input: a ``model.Brief`` and a ``theme.Theme``. Output: a ``Layout`` holding
the story and the warnings found on the way (characters the fonts cannot
draw). Every piece of user text passes through ``markup`` before it reaches
a ``Paragraph``. Flowables that start an outline entry carry an
``outline_entry`` attribute of (title, level); render.py turns it into a
bookmark.
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, TableStyle
from reportlab.platypus import Table as PlatypusTable

from briefgen import glyphs, markup, model, tagging
from briefgen.flowables import (
    BalancedParagraph,
    ChartDrawing,
    LeftRuled,
    Rule,
    ScaledImage,
    ShadedBox,
    TaggedParagraph,
    TaggedTable,
    paragraph_fragments,
)
from briefgen.theme import Theme, colour, font_coverage, stylesheet

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass
class Layout:
    """A laid-out brief: the story, and what the user should know about it."""

    story: list[Flowable]
    warnings: list[str] = field(default_factory=list)
    # The root of the structure tree the story's flowables are tagged with (see tagging.py).
    structure: tagging.Element | None = None


def layout_brief(brief: model.Brief, theme: Theme) -> Layout:
    """Return the story of ``brief`` in ``theme``: title block, key points, sections, references."""
    styles = stylesheet(theme, brief.lang)
    context = _Context(styles, theme, tagging.Element("Document"), labels=number_blocks(brief))
    story: list[Flowable] = []
    story += title_block(brief, context)
    story += key_points_box(brief, context)
    for number, section in enumerate(brief.sections, start=1):
        context.section_number = number
        story += section_flowables(section, context)
    story += references_list(brief, context)
    return Layout(story, missing_glyph_warnings(brief, theme), context.root)


@dataclass
class _Context:
    styles: dict[str, Any]
    theme: Theme
    # Structure elements: the document, and the element new blocks go into.
    root: tagging.Element
    parent: tagging.Element | None = None
    labels: dict[str, str] = field(default_factory=dict)  # block id -> "Figure 2", for [@id]
    counters: dict[str, int] = field(default_factory=dict)  # "Figure"/"Table" -> last number used
    section_number: int = 0

    def para(
        self, text: str, style: str, *, cls: type[Paragraph] = TaggedParagraph, bullet: str = "", anchor: str = ""
    ) -> Paragraph:
        runs = markup.parse_inline(text)
        show_urls = self.theme.show_link_urls and any(run.url for run in runs)
        fragments = (
            None
            if anchor or show_urls
            else paragraph_fragments(runs, self.styles[style], link_color=self.theme.link_colour)
        )
        if fragments is None:  # ReportLab parses the markup; given fragments, it keeps the text only to show it
            text = markup.runs_to_paragraph_markup(
                runs, link_color=self.theme.link_colour, labels=self.labels, show_urls=show_urls, anchor=anchor
            )
        return cls(text, self.styles[style], bulletText=bullet or None, frags=fragments)

    def plain(self, text: str, style: str, *, cls: type[Paragraph] = TaggedParagraph) -> Paragraph:
        runs = (markup.Run(text),)
        fragments = paragraph_fragments(runs, self.styles[style])
        markup_text = text if fragments is not None else markup.runs_to_paragraph_markup(runs)
        return cls(markup_text, self.styles[style], frags=fragments)

    def tagged(self, flowable: Flowable, role: str, parent: tagging.Element | None = None, **details: Any) -> Flowable:
        """Tag ``flowable`` as a new ``role`` element, the last child of ``parent`` (default: the current one)."""
        element = (parent or self.parent or self.root).child(role, **details)
        return tagging.tag(flowable, element)

    def next_label(self, block: model.Block) -> str:
        kind = _LABEL_KINDS[type(block)]
        self.counters[kind] = self.counters.get(kind, 0) + 1
        return f"{kind} {self.counters[kind]}"

    @property
    def column_width(self) -> float:
        width, _ = self.theme.page
        return width - self.theme.margin_left - self.theme.margin_right

    @property
    def column_height(self) -> float:
        _, height = self.theme.page
        return height - self.theme.margin_top - self.theme.margin_bottom


# Charts are figures, as in most publications: "Figure 1" may be a photo and "Figure 2" a chart.
_LABEL_KINDS: dict[type, str] = {model.Table: "Table", model.Figure: "Figure", model.Chart: "Figure"}


def number_blocks(brief: model.Brief) -> dict[str, str]:
    """Return what each block id prints as when referred to: "Table 1", "Figure 2"."""
    counters: dict[str, int] = {}
    labels: dict[str, str] = {}
    for section in brief.sections:
        for block in section.blocks:
            if isinstance(block, model.NUMBERED_BLOCKS):
                kind = _LABEL_KINDS[type(block)]
                counters[kind] = counters.get(kind, 0) + 1
                if block.id:
                    labels[block.id] = f"{kind} {counters[kind]}"
    return labels


def format_date(date: dt.date) -> str:
    """Write a date out in full, as "12 November 2024"."""
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def format_date_as(date: dt.date, style: str) -> str:
    """Write a date in a theme's style: long (12 November 2024), us (November 12, 2024) or iso."""
    if style == "us":
        return f"{MONTHS[date.month - 1]} {date.day}, {date.year}"
    if style == "iso":
        return date.isoformat()
    return format_date(date)


def title_block(brief: model.Brief, context: _Context) -> list[Flowable]:
    """Return the organisation, title, subtitle, byline and the rule under them."""
    flowables: list[Flowable] = []
    if brief.organization:
        flowables.append(context.tagged(context.plain(brief.organization.upper(), "kicker"), "P"))
    flowables.append(context.tagged(context.plain(brief.title, "title", cls=BalancedParagraph), "H1"))
    if brief.subtitle:
        flowables.append(context.tagged(context.plain(brief.subtitle, "subtitle", cls=BalancedParagraph), "P"))
    date = format_date_as(brief.date, context.theme.date_format) if brief.date else ""
    byline = [part for part in (", ".join(brief.authors), date) if part]
    if byline:
        flowables.append(context.tagged(context.plain("  ·  ".join(byline), "byline"), "P"))
    flowables = _beside_logo(flowables, context)
    flowables.append(tagging.mark_artifact(Rule(colour(context.theme.rule_colour), 1.2, space_before=6, space_after=9)))
    if brief.summary:
        flowables.append(context.tagged(context.para(brief.summary, "summary"), "P"))
    return flowables


def key_points_box(brief: model.Brief, context: _Context) -> list[Flowable]:
    """Return the shaded "Key points" box; it continues on the next page if it must."""
    theme = context.theme
    # The box is a Sect headed by its label; its points are a list.
    sect = context.root.child("Sect")
    items: list[Flowable] = [context.tagged(context.plain("Key points", "box.label"), "H2", sect)]
    points = sect.child("L")
    for point in brief.key_points:
        item = context.para(point, "box.item", bullet="\u2022")
        tagging.list_item(item, points)
        items.append(item)
    box = ShadedBox(
        items,
        background=colour(theme.tint),
        border=colour(theme.box_border),
        border_width=0.7,
        padding=8,
        continuation=tagging.mark_artifact(context.plain("Key points (continued)", "box.label")),
        outline_entry=("Key points", 0),
    )
    tagging.tag(box, sect)
    box.spaceBefore = 1
    box.spaceAfter = 4
    return [box]


def section_flowables(section: model.Section, context: _Context) -> list[Flowable]:
    """Return a section's heading and blocks, the heading never alone at the foot of a page."""
    styles = context.styles
    context.parent = context.root.child("Sect")
    title = f"{context.section_number}. {section.heading}" if context.theme.numbered_headings else section.heading
    heading = context.tagged(context.plain(title, "heading"), "H2")
    heading.outline_entry = (title, 0)
    body = styles["body"]
    # Room for the heading and three lines of text, or the heading moves to the next page.
    needed = styles["heading"].spaceBefore + styles["heading"].leading * 2 + body.leading * 3
    flowables: list[Flowable] = [CondPageBreak(needed), heading]
    for block in section.blocks:
        flowables += block_flowables(block, context)
    return flowables


def block_flowables(block: model.Block, context: _Context) -> list[Flowable]:
    """Return the flowables of one block: paragraph, bullets, quotation, table, figure, chart or callout."""
    if isinstance(block, model.Paragraph):
        return [context.tagged(context.para(block.text, "body"), "P")]
    if isinstance(block, model.BulletList):
        bullets = (context.parent or context.root).child("L")
        items = [context.para(item, "bullet", bullet="\u2022") for item in block.items]
        for item in items:
            tagging.list_item(item, bullets)
        return list(items)
    if isinstance(block, model.Table):
        return table_flowables(block, context)
    if isinstance(block, model.Figure):
        return figure_flowables(block, context)
    if isinstance(block, model.Chart):
        return chart_flowables(block, context)
    if isinstance(block, model.Callout):
        return callout_flowables(block, context)
    quote = LeftRuled(context.para(block.text, "quote"), rule=colour(context.theme.accent))
    element = context.tagged(quote, "BlockQuote").struct
    context.tagged(quote.content, "P", element)
    if not block.attribution:
        return [quote]
    return [quote, context.tagged(context.para(f"\u2014 {block.attribution}", "attribution"), "P", element)]


def _caption(label: str, caption: str) -> str:
    """Return inline markup for a numbered caption: the label in bold, then the caption."""
    return f"**{label}.** {caption}" if caption else f"**{label}**"


def table_flowables(table: model.Table, context: _Context) -> list[Flowable]:
    """Return a numbered table whose header row repeats on each page and whose columns fit the column."""
    styles, theme = context.styles, context.theme
    label = context.next_label(table)
    parent = context.parent or context.root
    caption_element = parent.child("Caption")
    element = parent.child("Table")
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
    padding = 4.0
    widths = column_widths(table, context.column_width, styles, padding)
    grid = tagging.tag(TaggedTable([header, *rows], colWidths=widths, repeatRows=1, hAlign="LEFT"), element)
    grid.continued = lambda: tagging.mark_artifact(context.para(f"**{label}** (continued)", "caption.above"))
    rule, thin = colour(theme.table_rule), 0.35
    grid.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                # Cells hold paragraphs, but the table still sets its own font: keep it an embedded one.
                ("FONTNAME", (0, 0), (-1, -1), styles["table.cell"].fontName),
                ("LEFTPADDING", (0, 0), (-1, -1), padding),
                ("RIGHTPADDING", (0, 0), (-1, -1), padding),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("BACKGROUND", (0, 0), (-1, 0), colour(theme.table_header_tint)),
                ("LINEABOVE", (0, 0), (-1, 0), 0.9, rule),
                ("LINEBELOW", (0, 0), (-1, 0), 0.7, rule),
                ("LINEBELOW", (0, 1), (-1, -2), thin, rule),
                ("LINEBELOW", (0, -1), (-1, -1), 0.9, rule),
            ]
        )
    )
    grid.spaceBefore, grid.spaceAfter = 2, 2 if table.source else styles["source.last"].spaceAfter
    # A caption never ends a page: it moves on with room for the header and three rows.
    needed = styles["caption.above"].leading * 2 + styles["table.cell"].leading * 4 + 30
    caption = tagging.tag(
        context.para(_caption(label, table.caption), "caption.above", anchor=table.id), caption_element
    )
    flowables: list[Flowable] = [CondPageBreak(needed), caption, grid]
    if table.source:
        flowables.append(context.tagged(context.para(f"Source: {table.source}", "source.last"), "P"))
    return flowables


def column_widths(table: model.Table, available: float, styles: dict[str, Any], padding: float) -> list[float]:
    """Return column widths that fill ``available`` exactly: wide columns give way first, words wrap."""
    cell, header = styles["table.cell"], styles["table.header"]

    def measure(text: str, style: Any, longest_word: bool) -> float:
        plain = markup.plain_text(text)
        parts = plain.split() if longest_word else [plain]
        return max((stringWidth(p, style.fontName, style.fontSize) for p in parts), default=0.0)

    columns = range(len(table.columns))
    natural = [
        max([measure(table.columns[i], header, False)] + [measure(row[i], cell, False) for row in table.rows])
        + 2 * padding
        for i in columns
    ]
    minimum = [
        max([measure(table.columns[i], header, True)] + [measure(row[i], cell, True) for row in table.rows])
        + 2 * padding
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
        # Too many columns even for their longest words: share the width out; long words break.
        return [w * available / sum(minimum) for w in minimum]
    # Shrink the columns with room to give, in proportion to the room each has.
    spare = [n - m for n, m in zip(natural, minimum, strict=True)]
    excess = sum(natural) - available
    return [n - s * excess / sum(spare) for n, s in zip(natural, spare, strict=True)]


def figure_flowables(figure: model.Figure, context: _Context) -> list[Flowable]:
    """Return an image scaled to the column, kept together with its numbered caption and credit."""
    label = context.next_label(figure)
    image = ScaledImage(figure.image, fraction=figure.width, max_height=context.column_height * 0.55)
    image.spaceBefore, image.spaceAfter = 4, 4
    alt = markup.plain_text(figure.alt or figure.caption) or label
    context.tagged(image, "Figure", alt=alt)
    caption_style = "caption" if figure.credit else "caption.last"
    caption = context.para(_caption(label, figure.caption), caption_style, anchor=figure.id)
    parts: list[Flowable] = [image, context.tagged(caption, "Caption")]
    if figure.credit:
        parts.append(context.tagged(context.para(figure.credit, "source.last"), "P"))
    return [KeepTogether(parts)]


def chart_flowables(chart: model.Chart, context: _Context) -> list[Flowable]:
    """Return a numbered chart title, the chart drawn as vectors, and its source line."""
    label = context.next_label(chart)
    style, theme = context.styles["chart"], context.theme
    from briefgen.charts import chart_drawing  # ReportLab's graphics package: only briefs with charts load it

    drawing = ChartDrawing(lambda width: chart_drawing(chart, width, theme, style.fontName, style.fontSize))
    drawing.spaceBefore, drawing.spaceAfter = 3, 3
    title = _caption(label, _escape_markup(chart.title))
    caption = context.tagged(context.para(title, "caption.above", anchor=chart.id), "Caption")
    context.tagged(drawing, "Figure", alt=chart_alt_text(chart))
    parts: list[Flowable] = [caption, drawing]
    if chart.caption:
        parts.append(context.tagged(context.para(chart.caption, "caption" if chart.source else "caption.last"), "P"))
    if chart.source:
        parts.append(context.tagged(context.para(f"Source: {chart.source}", "source.last"), "P"))
    if len(parts) == 2:
        drawing.spaceAfter = context.styles["source.last"].spaceAfter
    return [KeepTogether(parts)]


def callout_flowables(callout: model.Callout, context: _Context) -> list[Flowable]:
    """Return a boxed note: its label, then its paragraphs and bullets."""
    theme = context.theme
    aside = (context.parent or context.root).child("Aside")
    content: list[Flowable] = [context.tagged(context.plain(callout.title, "callout.label"), "H3", aside)]
    for block in callout.blocks:
        if isinstance(block, model.BulletList):
            bullets = aside.child("L")
            for item in block.items:
                paragraph = context.para(item, "callout.bullet", bullet="\u2022")
                tagging.list_item(paragraph, bullets)
                content.append(paragraph)
        else:
            content.append(context.tagged(context.para(block.text, "callout.body"), "P", aside))
    box = ShadedBox(
        content,
        background=colour(theme.callout_tint),
        border=colour(theme.callout_border),
        border_width=0.7,
        padding=7,
        continuation=tagging.mark_artifact(context.plain(f"{callout.title} (continued)", "callout.label")),
    )
    tagging.tag(box, aside)
    box.spaceBefore = 3
    box.spaceAfter = context.styles["body"].leading * 0.7
    return [box]


def _beside_logo(flowables: list[Flowable], context: _Context) -> list[Flowable]:
    """Return the title block with the theme's logo beside it, if the theme places one there."""
    theme = context.theme
    if not theme.logo or theme.logo_place not in ("top-left", "top-right"):
        return flowables
    from pathlib import Path

    # The logo repeats the organisation named in the kicker line: decoration for a screen reader.
    logo = tagging.mark_artifact(ScaledImage(Path(theme.logo), fraction=1.0, max_height=theme.logo_height))
    natural_width, natural_height = logo.natural
    logo_width = min(theme.logo_height * natural_width / natural_height, context.column_width * 0.3)
    gap = 12.0
    text_width = context.column_width - logo_width - gap
    cells = [flowables, logo] if theme.logo_place == "top-right" else [logo, flowables]
    widths = [text_width, logo_width + gap] if theme.logo_place == "top-right" else [logo_width + gap, text_width]
    row = PlatypusTable([cells], colWidths=widths, hAlign="LEFT")
    logo_column = 1 if theme.logo_place == "top-right" else 0
    row.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), context.styles["body"].fontName),
                ("ALIGN", (logo_column, 0), (logo_column, 0), "RIGHT" if logo_column else "LEFT"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [row]


def references_list(brief: model.Brief, context: _Context) -> list[Flowable]:
    """Return the numbered references, each with a clickable address."""
    if not brief.references:
        return []
    styles = context.styles
    sect = context.root.child("Sect")
    heading = context.tagged(context.plain("References", "heading"), "H2", sect)
    heading.outline_entry = ("References", 0)
    numbered = sect.child("L", attributes={"O": "List", "ListNumbering": "Decimal"})
    needed = styles["heading"].spaceBefore + styles["heading"].leading + styles["reference"].leading * 2
    items: list[Flowable] = []
    for number, reference in enumerate(brief.references, start=1):
        item = context.para(_reference_text(reference), "reference", bullet=f"{number}.")
        tagging.list_item(item, numbered)
        items.append(item)
    if len(items) >= 3:
        # The last reference never stands alone on a page of its own: it takes the one before with it.
        items[-2:] = [KeepTogether(items[-2:])]
    return [CondPageBreak(needed), heading, *items]


def _reference_text(reference: model.Reference) -> str:
    """Return a reference as inline markup: title, publisher and date, then the address."""
    escaped_title = _escape_markup(reference.title)
    details = ", ".join(
        part
        for part in (_escape_markup(reference.publisher), format_date(reference.date) if reference.date else "")
        if part
    )
    text = f"*{escaped_title}*" + (f". {details}" if details else "") + "."
    if reference.url:
        text += f" [{_escape_markup(reference.url)}]({reference.url})"
    return text


def _escape_markup(text: str) -> str:
    """Return plain text with our inline markup characters escaped, to embed it in markup."""
    return "".join("\\" + ch if ch in "\\*[]()_" else ch for ch in text)


def missing_glyph_warnings(brief: model.Brief, theme: Theme) -> list[str]:
    """Return warnings for text the theme's fonts cannot show: missing glyphs, right-to-left scripts."""
    covered = _covered(theme.body_font.name, theme.heading_font.name)
    text = _all_text(brief)
    distinct = _distinct_characters(text, _printable_ascii_missing(covered))
    warnings = (
        glyphs.missing_glyphs_warning([distinct], covered),
        glyphs.right_to_left_warning([distinct]),
        # Marks are judged with the letter before them, so only then is the whole text read.
        glyphs.loose_marks_warning([text], covered) if any(map(unicodedata.combining, distinct)) else "",
    )
    return [warning for warning in warnings if warning]


def _distinct_characters(text: str, ascii_to_check: str) -> str:
    """Return the characters of ``text`` worth looking up: any non-ASCII or control, and ``ascii_to_check``.

    This runs for every build, over every character of the brief; printable
    ASCII, nearly all of a brief, is checked once per font instead.
    """
    present = [ch for ch in ascii_to_check if ch in text]
    return "".join(dict.fromkeys(glyphs.unusual_characters(text))) + "".join(present)


@functools.cache
def _printable_ascii_missing(covered: frozenset[int]) -> str:
    return "".join(chr(code) for code in glyphs.PRINTABLE_ASCII if code not in covered)


@functools.cache
def _covered(body_font: str, heading_font: str) -> frozenset[int]:
    invisible = frozenset(range(0x20)) | {0x200B, 0x200C, 0x200D, 0xFEFF, 0x00AD}
    return font_coverage(body_font) & font_coverage(heading_font) | invisible


def _all_text(brief: model.Brief) -> str:
    parts = [brief.title, brief.subtitle, brief.organization, brief.summary, brief.classification]
    parts += brief.authors
    parts += brief.key_points
    for section in brief.sections:
        parts.append(section.heading)
        for block in section.blocks:
            parts += _block_text(block)
    for reference in brief.references:
        parts += [reference.title, reference.publisher, reference.url]
    return "".join(parts)


def _block_text(block: model.Block) -> list[str]:
    """Return every piece of text a block prints, for the glyph check."""
    if isinstance(block, model.BulletList):
        return list(block.items)
    if isinstance(block, model.Paragraph):
        return [block.text]
    if isinstance(block, model.Quote):
        return [block.text, block.attribution]
    if isinstance(block, model.Table):
        return [*block.columns, *(cell for row in block.rows for cell in row), block.caption, block.source]
    if isinstance(block, model.Figure):
        return [block.caption, block.credit]
    if isinstance(block, model.Chart):
        names = [series.name for series in block.series]
        return [block.title, *block.categories, *names, block.x_label, block.y_label, block.caption, block.source]
    return [block.title, *(text for inner in block.blocks for text in _block_text(inner))]


def chart_alt_text(chart: model.Chart) -> str:
    """Return a chart's data in words, for screen readers: its title, then each series' values."""
    series = "; ".join(
        f"{line.name}: "
        + ", ".join(f"{category} {value:g}" for category, value in zip(chart.categories, line.values, strict=False))
        for line in chart.series
    )
    return f"{chart.kind.capitalize()} chart: {markup.plain_text(chart.title)}. {series}."
