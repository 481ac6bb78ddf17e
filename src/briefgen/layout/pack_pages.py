"""Lay out a meeting pack: its cover and contents, then every brief's story, as one tagged story.

Input: a ``model.Pack``, its briefs with the theme each is printed in, the
cover's classification and the pack's theme. Output: a ``PackLayout``: one
story (the cover; the contents on its back; each brief as ``layout_brief``
lays it out alone, starting on a right-hand page) and the root of its
structure tree: a ``Document`` holding the cover and contents as ``Sect``
elements and each brief's own tree as an ``Art``. The pages themselves,
their furniture and the blank pages are ``pdf.pack_document``'s. Every
size of the pack's own pages is the pack theme's (``theme.pack``, and the
``pack.*`` styles).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import replace

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, PageBreak, Spacer

from briefgen import model
from briefgen.layout.brief import layout_brief
from briefgen.layout.context import LayoutContext
from briefgen.layout.flowables import Rule
from briefgen.layout.pack_flowables import (
    SEPARATOR,
    SETTER,
    AgendaEntry,
    AgendaList,
    ContentsEntry,
    ContentsItem,
    Placed,
    TextLine,
    TextLines,
)
from briefgen.layout.shaded_box import ShadedBox
from briefgen.pdf import tagging
from briefgen.pdf.pack_document import (
    BRIEF_START,
    PageAnchor,
    StartOnRightHandPage,
    brief_destination,
    brief_pages,
    brief_start,
    pack_labels,
    pack_language,
)
from briefgen.records import record
from briefgen.style.stylesheet import colour, pack_stylesheet
from briefgen.style.theme import Theme
from briefgen.text import markup


@record(frozen=False)
class PackLayout:
    """A laid-out pack: its story, its structure tree, and what the user should know about each brief."""

    story: list[Flowable]
    structure: tagging.Element
    warnings: list[list[str]]  # each brief's, in agenda order
    # What a link to each destination says it goes to, by its name in the pack (each brief's in its scope).
    destinations: dict[str, str]
    markings: list[tagging.Markings]  # each brief's (see Layout.markings)
    articles: list[tagging.Element]  # each brief's Art, in agenda order


def layout_pack(
    pack: model.Pack, briefs: Sequence[model.Brief], themes: Sequence[Theme], marking: str, theme: Theme
) -> PackLayout:
    """Return the pack's story: cover, contents, then each brief in ``themes``, each starting on a new page."""
    styles = pack_stylesheet(theme)
    styles.update({f"{name}.flush": _flush(styles[name]) for name in ("pack.title", "pack.meta")})
    root = tagging.Element("Document")
    context = LayoutContext(styles, theme, root, words=pack_labels(briefs, theme))
    # "Item 3" in the pack's language, where the pack file gives the item no label of its own.
    items = tuple(
        item if item.label_given else replace(item, label=context.words("agenda_item", number=number))
        for number, item in enumerate(pack.items, start=1)
    )
    pack = replace(pack, items=items)
    story = [*cover(pack, briefs, marking, context), PageBreak(), *contents(pack, briefs, context)]
    lang = pack_language(briefs)
    warnings = []
    destinations: dict[str, str] = {}
    markings = []
    articles = []
    for index, (item, brief, brief_theme) in enumerate(zip(pack.items, briefs, themes, strict=True)):
        laid_out = layout_brief(brief, brief_theme)
        destinations.update((brief_destination(index, name), text) for name, text in laid_out.destinations.items())
        assert laid_out.structure is not None
        # The brief's tree, as it is alone, becomes one article of the pack's.
        kids = laid_out.structure.kids
        articles.append(root.child("Art", kids=kids, lang="" if brief.lang == lang else brief.lang))
        bookmark = (f"{item.label}: {markup.plain_text(brief.title)}", 0)
        story += [StartOnRightHandPage(brief_pages(index)), PageAnchor(BRIEF_START, bookmark), *laid_out.story]
        warnings.append(laid_out.warnings)
        markings.append(laid_out.markings)
    story.append(StartOnRightHandPage(None))
    return PackLayout(story, root, warnings, destinations, markings, articles)


def _flush(style: ParagraphStyle) -> ParagraphStyle:
    # The pack's pages place each line with explicit gaps: no space of the style's own.
    return ParagraphStyle(f"{style.name}.flush", parent=style, spaceBefore=0, spaceAfter=0)


def _line(
    context: LayoutContext, text: str, style: str, role: str, parent: tagging.Element, *, indent: float = 0
) -> Flowable:
    return context.tagged(TextLine(text, context.styles[style], indent=indent), role, parent)


def cover(pack: model.Pack, briefs: Sequence[model.Brief], marking: str, context: LayoutContext) -> list[Flowable]:
    """Return the cover: the meeting, its classification, the agenda, and a note on the pack at the foot."""
    styles, theme, words = context.styles, context.theme, context.words
    look = theme.pack.cover
    sect = context.root.child("Sect")
    kicker, title, meta, heading = (styles[n] for n in ("pack.kicker", "pack.title", "pack.meta", "pack.heading"))
    story: list[Flowable] = [Spacer(0, look.drop - kicker.fontSize)]
    organization = markup.plain_text(pack.organization).upper()
    story.append(
        _line(context, SEPARATOR.join(p for p in (organization, words("meeting_pack")) if p), "pack.kicker", "P", sect)
    )
    # The title's first baseline sits its space and leading below the kicker's.
    story.append(Spacer(0, title.spaceBefore + title.leading - title.fontSize - (kicker.leading - kicker.fontSize)))
    story.append(context.tagged(context.plain(markup.plain_text(pack.title), "pack.title.flush"), "H1", sect))
    # The date's baseline sits the title's leading, and a share of its own, below the title's last.
    story.append(Spacer(0, title.fontSize + meta.leading * look.date_gap - meta.fontSize))
    for line in (words.date(pack.date) if pack.date else "", pack.location):
        if line:
            story.append(context.tagged(context.plain(line, "pack.meta.flush"), "P", sect))
    rule = tagging.mark_artifact(Rule(colour(theme.rule_colour), look.rule_width, space_before=0, space_after=0))
    story += [Spacer(0, meta.fontSize + look.rule_drop - look.rule_width / 2), rule]
    story.append(Spacer(0, look.rule_gap - look.rule_width / 2))
    if marking:
        story += [_marking_box(briefs, marking, context, sect), Spacer(0, theme.pack.marking_box.space_after)]
    story += [Spacer(0, heading.spaceBefore), _line(context, words("agenda"), "pack.heading", "H2", sect)]
    story += [Spacer(0, theme.pack.agenda.heading_gap), _agenda(pack, briefs, context, sect)]
    count = words("brief_count", count=len(briefs))
    duplex = f"{SEPARATOR}{words('double_sided')}" if pack.duplex else ""
    note = TextLine(
        lambda pagination: f"{count}{SEPARATOR}{words('page_count', count=pagination.pages)}{duplex}",
        styles["pack.note"],
        rise=look.note_rise,
    )
    story.append(context.tagged(note, "P", sect))
    return story


def _marking_box(
    briefs: Sequence[model.Brief], marking: str, context: LayoutContext, sect: tagging.Element
) -> Flowable:
    """Return the tinted box with the pack's classification and where it comes from."""
    theme = context.theme
    look = theme.pack.marking_box
    box = sect.child("Div")
    ranked = any(brief.classification for brief in briefs)
    source = context.words("marking_of_briefs" if ranked else "marking_of_pack")
    label = _line(
        context,
        f"{context.words('classification')}{SEPARATOR}{source}",
        "pack.marking.label",
        "P",
        box,
        indent=look.indent,
    )
    # Never cut: a marking too long for a line takes two.
    value = context.tagged(
        TextLines(markup.plain_text(marking).upper(), context.styles["pack.marking"], indent=look.indent), "P", box
    )
    shaded = ShadedBox(
        [label, value],
        background=colour(theme.tint),
        border=colour(theme.box_border),
        border_width=look.border,
        padding=look.padding,
    )
    return tagging.tag(shaded, box)


def _agenda(pack: model.Pack, briefs: Sequence[model.Brief], context: LayoutContext, sect: tagging.Element) -> Flowable:
    """Return the cover's agenda: each brief's label, title, subtitle and marking, as many as fit."""
    styles, look, label_width = context.styles, context.theme.pack.agenda, context.theme.pack.label_width
    label, title, detail = styles["pack.item.label"], styles["pack.item.title"], styles["pack.item.detail"]
    width = context.column_width - label_width - look.marking_column
    items = tagging.list_of(sect, "None")  # the agenda's own labels: "Item 1"
    entries = []
    for item, brief in zip(pack.items, briefs, strict=True):
        entry = items.child("LI")
        label_element, body = entry.child("Lbl"), entry.child("LBody")
        lines = SETTER.split(markup.plain_text(brief.title), title.fontName, title.fontSize, width)
        first = title.spaceBefore + title.fontSize  # the first baseline, below the entry's top
        last = first + (len(lines) - 1) * title.leading
        parts = [
            Placed(_text(TextLine(item.label.upper(), label), label_element), 0, first, label_width),
            Placed(_text(TextLines(markup.plain_text(brief.title), title), body.child("P")), label_width, first, width),
        ]
        if brief.subtitle:
            subtitle = TextLine(markup.plain_text(brief.subtitle), detail)
            parts.append(
                Placed(_text(subtitle, body.child("P")), label_width, last + title.fontSize + look.subtitle_drop, width)
            )
        height = first + len(lines) * title.leading + detail.leading - (title.leading - title.fontSize)
        needed = title.spaceBefore + len(lines) * title.leading + detail.leading
        if brief.classification:
            # In its own column, on as many lines as it takes: never cut, never over the title.
            text = markup.plain_text(brief.classification).upper()
            marking = TextLines(text, detail, align="right")
            column = look.marking_column - detail.fontSize  # an em clear of the title
            parts.append(Placed(_text(marking, body.child("P")), context.column_width - column, first, column))
            _, taken = marking.wrap(column, 0)  # the lines it takes, as it will be drawn
            height = max(height, first - detail.fontSize + taken + detail.leading)
            needed = max(needed, title.spaceBefore + taken)
        entries.append(tagging.tag(AgendaEntry(parts, height, needed), entry))
    rest = sect.child("P")

    def more(count: int) -> TextLine:
        line = TextLine(context.words("agenda_more", count=count), detail, indent=label_width)
        tagging.tag(line, rest)
        return line

    return tagging.tag(AgendaList(entries, more, look.floor, look.more_drop), items)


def _text(flowable: TextLine | TextLines, element: tagging.Element) -> TextLine | TextLines:
    tagging.tag(flowable, element)
    return flowable


def contents(pack: model.Pack, briefs: Sequence[model.Brief], context: LayoutContext) -> list[Flowable]:
    """Return the contents: each brief's entry, a link to its first page; continued on further pages if long."""
    styles, theme = context.styles, context.theme
    look = theme.pack.contents
    sect = context.root.child("Sect")
    heading, meta = styles["pack.contents.title"], styles["pack.item.detail"]
    title = context.words("contents")
    details = [markup.plain_text(pack.title), context.words.date(pack.date) if pack.date else ""]
    line = SEPARATOR.join(d for d in details if d)
    first_heading = _line(context, title, "pack.contents.title", "H2", sect)
    first_line = _line(context, line, "pack.item.detail", "P", sect)
    toc = sect.child("TOC")
    items = zip(pack.items, briefs, strict=True)
    entries = [_contents_entry(index, item, brief, context) for index, (item, brief) in enumerate(items)]
    room = context.column_height - look.drop - heading.leading - meta.leading - look.rule_space - look.floor
    pages: list[list[ContentsEntry]] = [[]]
    used = 0.0
    for entry in entries:
        height = entry.wrap(context.column_width, room)[1]
        if used + height > room and pages[-1]:
            pages.append([])
            used = 0.0
        pages[-1].append(entry)
        used += height
    rule = tagging.mark_artifact(Rule(colour(theme.rule_colour), look.rule_width, space_before=0, space_after=0))
    story: list[Flowable] = [PageAnchor(outline_page_entry=(title, 0))]
    for sheet, placed in enumerate(pages):
        if sheet == 0:
            story += [Spacer(0, look.drop), first_heading, first_line]
        else:
            story += [PageBreak(), Spacer(0, look.drop)]
            story.append(tagging.mark_artifact(TextLine(context.words("continued", label=title), heading)))
            story.append(tagging.mark_artifact(TextLine(line, meta)))
        space = look.rule_space / 2 - look.rule_width / 2  # the rule in the middle of its space
        story += [Spacer(0, space), copy.copy(rule), Spacer(0, space)]
        for entry in placed:
            tagging.tag(entry, toc.child("TOCI").child("Link"))
            story.append(entry)
    return story


def _contents_entry(index: int, item: model.AgendaItem, brief: model.Brief, context: LayoutContext) -> ContentsEntry:
    title = markup.plain_text(brief.title)
    date = context.words.date(brief.date) if brief.date else ""
    details = (brief.organization, date, brief.classification.upper())
    contents_item = ContentsItem(
        item.label, title, details, brief_pages(index), brief_start(index), f"{item.label}: {title}", context.words
    )
    return ContentsEntry(contents_item, context.styles, context.theme.pack)
