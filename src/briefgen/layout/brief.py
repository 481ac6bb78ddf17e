"""Turn a ``Brief`` into a platypus story: the list of flowables render.py pours onto pages.

Input: a ``model.Brief`` and a ``theme.Theme``. Output: a ``Layout`` holding
the story and the warnings found on the way. Every piece of user text passes through ``markup`` before it reaches
a ``Paragraph``. Flowables that start an outline entry carry an
``outline_entry`` attribute of (title, level); render.py turns it into a
bookmark.
"""

from __future__ import annotations

from dataclasses import field

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, TableStyle
from reportlab.platypus import Table as PlatypusTable

from briefgen import model
from briefgen.layout.blocks import (
    block_flowables,
)
from briefgen.layout.context import LABEL_KINDS, LayoutContext
from briefgen.layout.flowables import HeadingWithNext, Rule, ScaledImage
from briefgen.layout.paragraphs import BalancedParagraph
from briefgen.layout.shaded_box import ShadedBox
from briefgen.pdf import tagging
from briefgen.pdf.furniture import watermark_label
from briefgen.records import record
from briefgen.style.stylesheet import colour, stylesheet
from briefgen.style.theme import Theme
from briefgen.text import markup
from briefgen.text.labels import Labels, labels_for
from briefgen.text.scripts import has_right_to_left


@record(frozen=False)
class Layout:
    """A laid-out brief: the story, and what the user should know about it."""

    story: list[Flowable]
    warnings: list[str] = field(default_factory=list)
    # The root of the structure tree the story's flowables are tagged with (see tagging.py).
    structure: tagging.Element | None = None
    # What a link to each destination the story names says it goes to ("Table 1: The largest spenders").
    destinations: dict[str, str] = field(default_factory=dict)
    # The elements the first page's classification banner and watermark are read as.
    markings: tagging.Markings = field(default_factory=tagging.Markings)


def layout_brief(brief: model.Brief, theme: Theme, *, watermark: str | None = None) -> Layout:
    """Return the story of ``brief`` in ``theme``: title block, key points, sections, references.

    ``watermark`` is what the pages will be watermarked with, as
    ``pdf.document.draw_pdf`` takes it (None: DRAFT for a draft).
    """
    styles = stylesheet(theme, brief.lang)
    words = labels_for(brief.lang, theme.labels)
    labels = number_blocks(brief, words)
    context = LayoutContext(styles, theme, tagging.Element("Document"), labels=labels, words=words)
    markings = page_markings(brief, watermark_label(brief, watermark, words), context.root)
    story: list[Flowable] = []
    story += title_block(brief, context)
    story += key_points_box(brief, context)
    for number, section in enumerate(brief.sections, start=1):
        context.section_number = number
        story += section_flowables(section, context)
    story += references_list(brief, context)
    return Layout(story, [], context.root, link_destinations(brief, labels), markings)


def page_markings(brief: model.Brief, watermark: str, root: tagging.Element) -> tagging.Markings:
    """Return the paragraphs, first in the tree, that the first page's classification and watermark are read as.

    Both are drawn by the page furniture; as paragraphs before the title a
    screen reader reads them first, as a sighted reader sees them.
    """
    return tagging.Markings(
        root.child("P") if brief.classification else None,
        root.child("P") if watermark else None,
    )


def number_blocks(brief: model.Brief, words: Labels) -> dict[str, str]:
    """Return what each block id prints as when referred to: "Table 1", "Figure 2" (in the brief's language)."""
    counters: dict[str, int] = {}
    labels: dict[str, str] = {}
    for section in brief.sections:
        for block in section.blocks:
            if isinstance(block, model.NUMBERED_BLOCKS):
                kind = LABEL_KINDS[type(block)]
                counters[kind] = counters.get(kind, 0) + 1
                if block.id:
                    labels[block.id] = words(kind, number=counters[kind])
    return labels


def link_destinations(brief: model.Brief, labels: dict[str, str]) -> dict[str, str]:
    """Return what a link to each referable block says it goes to: its label and caption, by destination name.

    A link's description is what a screen reader announces for it ("Table 1:
    The largest spenders"), so it names the block as a reader sees it.
    """
    described: dict[str, str] = {}
    for section in brief.sections:
        for block in section.blocks:
            if isinstance(block, model.NUMBERED_BLOCKS) and block.id:
                caption = markup.plain_text(block.title if isinstance(block, model.Chart) else block.caption)
                label = labels[block.id]
                described[markup.anchor_name(block.id)] = f"{label}: {caption}" if caption else label
    return described


def title_block(brief: model.Brief, context: LayoutContext) -> list[Flowable]:
    """Return the organisation, title, subtitle, byline and the rule under them."""
    flowables: list[Flowable] = []
    if brief.organization:
        flowables.append(context.tagged(context.plain(brief.organization.upper(), "kicker"), "P"))
    flowables.append(context.tagged(context.plain(brief.title, "title", cls=BalancedParagraph), "H1"))
    if brief.subtitle:
        flowables.append(context.tagged(context.plain(brief.subtitle, "subtitle", cls=BalancedParagraph), "P"))
    date = context.words.date(brief.date, context.theme.date_format) if brief.date else ""
    byline = [part for part in (", ".join(brief.authors), date) if part]
    if context.right_to_left or has_right_to_left("".join(byline)):
        byline = [part for part in (", ".join(map(_isolated, brief.authors)), _isolated(date)) if part]
    if byline:
        flowables.append(context.tagged(context.plain("  ·  ".join(byline), "byline"), "P"))
    flowables = _beside_logo(flowables, context)
    rule = context.theme.rules.title
    flowables.append(
        tagging.mark_artifact(
            Rule(
                colour(context.theme.rule_colour),
                rule.width,
                space_before=rule.space_before,
                space_after=rule.space_after,
            )
        )
    )
    if brief.summary:
        flowables.append(context.tagged(context.para(brief.summary, "summary"), "P"))
    return flowables


def _isolated(text: str) -> str:
    """Return ``text`` as one unit for the bidirectional algorithm (first strong isolate ... pop).

    A byline joins names and a date in whatever scripts they are written: in a
    right-to-left line, a Latin name beside the date's digits would otherwise
    run into them ("12 · John Smith نوفمبر 2024"), the separators taking sides.
    Only where the line is shaped (the isolates are never drawn).
    """
    return f"\u2068{text}\u2069" if text else ""


def key_points_box(brief: model.Brief, context: LayoutContext) -> list[Flowable]:
    """Return the shaded "Key points" box; it continues on the next page if it must."""
    theme = context.theme
    # The box is a Sect headed by its label; its points are a list.
    sect = context.root.child("Sect")
    label = context.words("key_points")
    items: list[Flowable] = [context.tagged(context.plain(label, "box.label"), "H2", sect)]
    points = tagging.list_of(sect, "Disc")
    for point in brief.key_points:
        item = context.para(point, "box.item", bullet="\u2022")
        tagging.list_item(item, points)
        items.append(item)
    look = theme.boxes.key_points
    box = ShadedBox(
        items,
        background=colour(theme.tint),
        border=colour(theme.box_border),
        border_width=look.border,
        padding=look.padding,
        continuation=tagging.mark_artifact(context.plain(context.words("continued", label=label), "box.label")),
        outline_entry=(label, 0),
        keep=context.styles["box.item"].leading * 2,  # two lines of a point on each side of a page break
    )
    tagging.tag(box, sect)
    box.spaceBefore = look.space_before
    box.spaceAfter = look.space_after
    return [box]


def section_flowables(section: model.Section, context: LayoutContext) -> list[Flowable]:
    """Return a section's heading and blocks, the heading never alone at the foot of a page."""
    styles = context.styles
    context.parent = context.root.child("Sect")
    title = f"{context.section_number}. {section.heading}" if context.theme.numbered_headings else section.heading
    heading = context.tagged(context.plain(title, "heading"), "H2")
    heading.outline_entry = (title, 0)
    body = styles["body"]
    # Room for the heading as it is set (one line or more) and three lines of text, or it moves to the next page.
    _, heading_height = heading.wrap(context.column_width, context.column_height)
    heading_room = styles["heading"].spaceBefore + heading_height + styles["heading"].spaceAfter
    needed = heading_room + body.leading * 3
    following: list[Flowable] = []
    for block in section.blocks:
        following += block_flowables(block, context)
    # The room the first block asks for (a table's caption and first rows) is asked for before its heading.
    while following and isinstance(following[0], CondPageBreak):
        needed = max(needed, heading_room + following.pop(0).height)
    return [CondPageBreak(needed), *_kept_with_next(heading, following, context)]


def _kept_with_next(heading: Flowable, following: list[Flowable], context: LayoutContext) -> list[Flowable]:
    """Return ``heading`` and ``following``, the heading bound to the first of them so it never ends a page."""
    if not following:
        return [heading]
    fresh_page_room = context.column_height - 2 * context.theme.furniture.banner.room
    return [HeadingWithNext(heading, following[0], fresh_page_room), *following[1:]]


def _beside_logo(flowables: list[Flowable], context: LayoutContext) -> list[Flowable]:
    """Return the title block with the theme's logo beside it, if the theme places one there."""
    theme = context.theme
    if not theme.logo or theme.logo_place not in ("top-left", "top-right"):
        return flowables
    from pathlib import Path

    # The logo repeats the organisation named in the kicker line: decoration for a screen reader.
    logo = tagging.mark_artifact(ScaledImage(Path(theme.logo), fraction=1.0, max_height=theme.logo_height))
    natural_width, natural_height = logo.natural
    logo_width = min(theme.logo_height * natural_width / natural_height, context.column_width * theme.logo_max_width)
    gap = theme.logo_gap
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


def references_list(brief: model.Brief, context: LayoutContext) -> list[Flowable]:
    """Return the numbered references, each with a clickable address."""
    if not brief.references:
        return []
    styles = context.styles
    sect = context.root.child("Sect")
    title = context.words("references")
    heading = context.tagged(context.plain(title, "heading"), "H2", sect)
    heading.outline_entry = (title, 0)
    numbered = tagging.list_of(sect, "Decimal")
    needed = styles["heading"].spaceBefore + styles["heading"].leading + styles["reference"].leading * 2
    items: list[Flowable] = []
    for number, reference in enumerate(brief.references, start=1):
        item = context.para(_reference_text(reference, context.words), "reference", bullet=f"{number}.")
        tagging.list_item(item, numbered)
        items.append(item)
    if len(items) >= 3:
        # The last reference never stands alone on a page of its own: it takes the one before with it.
        items[-2:] = [KeepTogether(items[-2:])]
    return [CondPageBreak(needed), *_kept_with_next(heading, items, context)]


def _reference_text(reference: model.Reference, words: Labels) -> str:
    """Return a reference as inline markup: title, publisher and date, then the address."""
    escaped_title = markup.escape_inline(reference.title)
    date = words.date(reference.date) if reference.date else ""
    details = ", ".join(part for part in (markup.escape_inline(reference.publisher), date) if part)
    text = f"*{escaped_title}*" + (f". {details}" if details else "")
    text += "" if details.endswith(".") else "."  # a date may end with one: "9 ноября 2024 г."
    if reference.url:
        text += f" [{markup.escape_inline(reference.url)}]({reference.url})"
    return text
