"""Lay out a meeting pack: its cover and contents, then every brief's story, as one tagged story.

Input: a ``model.Pack``, its briefs with the theme each is printed in, the
cover's classification and the pack's theme. Output: a ``PackLayout``: one
story (the cover; the contents on its back; each brief as ``layout_brief``
lays it out alone, starting on a right-hand page) and the root of its
structure tree: a ``Document`` holding the cover and contents as ``Sect``
elements and each brief's own tree as an ``Art``. The pages themselves,
their furniture and the blank pages are ``pdf.pack_document``'s.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, PageBreak, Spacer

from briefgen import model
from briefgen.layout.brief import layout_brief
from briefgen.layout.context import LayoutContext
from briefgen.layout.flowables import Rule, ShadedBox
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
from briefgen.pdf import tagging
from briefgen.pdf.pack_document import BRIEF_START, PageAnchor, StartOnRightHandPage, brief_pages, brief_start
from briefgen.style.stylesheet import colour, pack_stylesheet
from briefgen.style.theme import Theme
from briefgen.text import markup
from briefgen.text.dates import format_date

# The pack's own pages, in points. For the theme helper: the Theme has no fields for these yet.
LABEL_WIDTH = 64  # the agenda label column on the cover and contents
PAGE_COLUMN = 36  # the page-number column on the contents
GAP = 12
COVER_DROP = 90  # the cover's first baseline, below the top margin
COVER_DATE_GAP = 0.4  # of a date line's leading: the extra room between the title and the date
COVER_RULE = 1.2  # the rule under the meeting's title, date and place
COVER_RULE_DROP = 4  # the rule, below where a line would follow the last one above it
COVER_RULE_GAP = 14  # from the rule to the classification box or the agenda
MARKING_BOX_GAP = 6  # under the classification box
AGENDA_GAP = 4  # under the agenda's heading
CONTENTS_RULE = 0.6  # the rule under the contents heading
CONTENTS_DROP = 30  # the contents heading's top, below the top margin
AGENDA_MARKING_COLUMN = 90  # what the cover's agenda keeps free on the right for each brief's marking
AGENDA_FLOOR = 40  # the cover's agenda stops this far above the bottom margin
AGENDA_MORE_DROP = 14  # the baseline of "... and N more", below where the entry that did not fit would start
CONTENTS_FLOOR = 20  # and the contents entries this far
COVER_NOTE_RISE = 4  # the cover's last line, above the bottom margin
MARKING_BOX_PADDING = 8
MARKING_BOX_BORDER = 0.7
MARKING_BOX_INDENT = 2  # of its text, inside the padding
AGENDA_SUBTITLE_DROP = 2  # a subtitle's baseline, below the title's last line's descent (a font size below it)


@dataclass
class PackLayout:
    """A laid-out pack: its story, its structure tree, and what the user should know about each brief."""

    story: list[Flowable]
    structure: tagging.Element
    warnings: list[list[str]]  # each brief's, in agenda order


def layout_pack(
    pack: model.Pack, briefs: Sequence[model.Brief], themes: Sequence[Theme], marking: str, theme: Theme
) -> PackLayout:
    """Return the pack's story: cover, contents, then each brief in ``themes``, each starting on a new page."""
    styles = pack_stylesheet(theme)
    styles.update({f"{name}.flush": _flush(styles[name]) for name in ("pack.title", "pack.meta")})
    root = tagging.Element("Document")
    context = LayoutContext(styles, theme, root)
    story = [*cover(pack, briefs, marking, context), PageBreak(), *contents(pack, briefs, context)]
    lang = briefs[0].lang if briefs else "en"
    warnings = []
    for index, (item, brief, brief_theme) in enumerate(zip(pack.items, briefs, themes, strict=True)):
        laid_out = layout_brief(brief, brief_theme)
        assert laid_out.structure is not None
        # The brief's tree, as it is alone, becomes one article of the pack's.
        root.child("Art", kids=laid_out.structure.kids, lang="" if brief.lang == lang else brief.lang)
        bookmark = (f"{item.label}: {markup.plain_text(brief.title)}", 0)
        story += [StartOnRightHandPage(brief_pages(index)), PageAnchor(BRIEF_START, bookmark), *laid_out.story]
        warnings.append(laid_out.warnings)
    story.append(StartOnRightHandPage(None))
    return PackLayout(story, root, warnings)


def _flush(style: ParagraphStyle) -> ParagraphStyle:
    # The pack's pages place each line with explicit gaps: no space of the style's own.
    return ParagraphStyle(f"{style.name}.flush", parent=style, spaceBefore=0, spaceAfter=0)


def _line(
    context: LayoutContext, text: str, style: str, role: str, parent: tagging.Element, *, indent: float = 0
) -> Flowable:
    return context.tagged(TextLine(text, context.styles[style], indent=indent), role, parent)


def cover(pack: model.Pack, briefs: Sequence[model.Brief], marking: str, context: LayoutContext) -> list[Flowable]:
    """Return the cover: the meeting, its classification, the agenda, and a note on the pack at the foot."""
    styles, theme = context.styles, context.theme
    sect = context.root.child("Sect")
    kicker, title, meta, heading = (styles[n] for n in ("pack.kicker", "pack.title", "pack.meta", "pack.heading"))
    story: list[Flowable] = [Spacer(0, COVER_DROP - kicker.fontSize)]
    organization = markup.plain_text(pack.organization).upper()
    story.append(
        _line(context, SEPARATOR.join(p for p in (organization, "MEETING PACK") if p), "pack.kicker", "P", sect)
    )
    # The title's first baseline sits its space and leading below the kicker's.
    story.append(Spacer(0, title.spaceBefore + title.leading - title.fontSize - (kicker.leading - kicker.fontSize)))
    story.append(context.tagged(context.plain(markup.plain_text(pack.title), "pack.title.flush"), "H1", sect))
    # The date's baseline sits the title's leading, and a share of its own, below the title's last.
    story.append(Spacer(0, title.fontSize + meta.leading * COVER_DATE_GAP - meta.fontSize))
    for line in (format_date(pack.date) if pack.date else "", pack.location):
        if line:
            story.append(context.tagged(context.plain(line, "pack.meta.flush"), "P", sect))
    rule = tagging.mark_artifact(Rule(colour(theme.rule_colour), COVER_RULE, space_before=0, space_after=0))
    story += [Spacer(0, meta.fontSize + COVER_RULE_DROP - COVER_RULE / 2), rule]
    story.append(Spacer(0, COVER_RULE_GAP - COVER_RULE / 2))
    if marking:
        story += [_marking_box(briefs, marking, context, sect), Spacer(0, MARKING_BOX_GAP)]
    story += [Spacer(0, heading.spaceBefore), _line(context, "Agenda", "pack.heading", "H2", sect)]
    story += [Spacer(0, AGENDA_GAP), _agenda(pack, briefs, context, sect)]
    count = f"{len(briefs)} brief{'s' if len(briefs) != 1 else ''}"
    duplex = f"{SEPARATOR}print double-sided: each brief starts on a right-hand page" if pack.duplex else ""
    note = TextLine(
        lambda pagination: f"{count}{SEPARATOR}{pagination.pages} pages{duplex}",
        styles["pack.note"],
        rise=COVER_NOTE_RISE,
    )
    story.append(context.tagged(note, "P", sect))
    return story


def _marking_box(
    briefs: Sequence[model.Brief], marking: str, context: LayoutContext, sect: tagging.Element
) -> Flowable:
    """Return the tinted box with the pack's classification and where it comes from."""
    theme = context.theme
    box = sect.child("Div")
    ranked = any(brief.classification for brief in briefs)
    source = "the highest marking of the briefs in this pack" if ranked else "the marking of this pack"
    label = _line(
        context, f"CLASSIFICATION{SEPARATOR}{source}", "pack.marking.label", "P", box, indent=MARKING_BOX_INDENT
    )
    value = _line(context, markup.plain_text(marking).upper(), "pack.marking", "P", box, indent=MARKING_BOX_INDENT)
    shaded = ShadedBox(
        [label, value],
        background=colour(theme.tint),
        border=colour(theme.box_border),
        border_width=MARKING_BOX_BORDER,
        padding=MARKING_BOX_PADDING,
    )
    return tagging.tag(shaded, box)


def _agenda(pack: model.Pack, briefs: Sequence[model.Brief], context: LayoutContext, sect: tagging.Element) -> Flowable:
    """Return the cover's agenda: each brief's label, title, subtitle and marking, as many as fit."""
    styles = context.styles
    label, title, detail = styles["pack.item.label"], styles["pack.item.title"], styles["pack.item.detail"]
    width = context.column_width - LABEL_WIDTH - AGENDA_MARKING_COLUMN
    items = sect.child("L")
    entries = []
    for item, brief in zip(pack.items, briefs, strict=True):
        entry = items.child("LI")
        label_element, body = entry.child("Lbl"), entry.child("LBody")
        lines = SETTER.split(markup.plain_text(brief.title), title.fontName, title.fontSize, width)
        first = title.spaceBefore + title.fontSize  # the first baseline, below the entry's top
        last = first + (len(lines) - 1) * title.leading
        parts = [
            Placed(_text(TextLine(item.label.upper(), label), label_element), 0, first, LABEL_WIDTH),
            Placed(_text(TextLines(markup.plain_text(brief.title), title), body.child("P")), LABEL_WIDTH, first, width),
        ]
        if brief.subtitle:
            subtitle = TextLine(markup.plain_text(brief.subtitle), detail)
            parts.append(
                Placed(
                    _text(subtitle, body.child("P")), LABEL_WIDTH, last + title.fontSize + AGENDA_SUBTITLE_DROP, width
                )
            )
        if brief.classification:
            marking = TextLine(markup.plain_text(brief.classification).upper(), detail, align="right")
            parts.append(Placed(_text(marking, body.child("P")), 0, first, context.column_width))
        height = first + len(lines) * title.leading + detail.leading - (title.leading - title.fontSize)
        needed = title.spaceBefore + len(lines) * title.leading + detail.leading
        entries.append(tagging.tag(AgendaEntry(parts, height, needed), entry))
    rest = sect.child("P")

    def more(count: int) -> TextLine:
        line = TextLine(f"\u2026 and {count} more: see the contents", detail, indent=LABEL_WIDTH)
        tagging.tag(line, rest)
        return line

    return tagging.tag(AgendaList(entries, more, AGENDA_FLOOR, AGENDA_MORE_DROP), items)


def _text(flowable: TextLine | TextLines, element: tagging.Element) -> TextLine | TextLines:
    tagging.tag(flowable, element)
    return flowable


def contents(pack: model.Pack, briefs: Sequence[model.Brief], context: LayoutContext) -> list[Flowable]:
    """Return the contents: each brief's entry, a link to its first page; continued on further pages if long."""
    styles, theme = context.styles, context.theme
    sect = context.root.child("Sect")
    heading, meta = styles["pack.contents.title"], styles["pack.item.detail"]
    details = [markup.plain_text(pack.title), format_date(pack.date) if pack.date else ""]
    line = SEPARATOR.join(d for d in details if d)
    first_heading = _line(context, "Contents", "pack.contents.title", "H2", sect)
    first_line = _line(context, line, "pack.item.detail", "P", sect)
    toc = sect.child("TOC")
    items = zip(pack.items, briefs, strict=True)
    entries = [_contents_entry(index, item, brief, context) for index, (item, brief) in enumerate(items)]
    room = context.column_height - CONTENTS_DROP - heading.leading - meta.leading - GAP - CONTENTS_FLOOR
    pages: list[list[ContentsEntry]] = [[]]
    used = 0.0
    for entry in entries:
        height = entry.wrap(context.column_width, room)[1]
        if used + height > room and pages[-1]:
            pages.append([])
            used = 0.0
        pages[-1].append(entry)
        used += height
    rule = tagging.mark_artifact(Rule(colour(theme.rule_colour), CONTENTS_RULE, space_before=0, space_after=0))
    story: list[Flowable] = [PageAnchor(outline_page_entry=("Contents", 0))]
    for sheet, placed in enumerate(pages):
        if sheet == 0:
            story += [Spacer(0, CONTENTS_DROP), first_heading, first_line]
        else:
            story += [PageBreak(), Spacer(0, CONTENTS_DROP)]
            story.append(tagging.mark_artifact(TextLine("Contents (continued)", heading)))
            story.append(tagging.mark_artifact(TextLine(line, meta)))
        story += [Spacer(0, GAP / 2 - CONTENTS_RULE / 2), copy.copy(rule), Spacer(0, GAP / 2 - CONTENTS_RULE / 2)]
        for entry in placed:
            tagging.tag(entry, toc.child("TOCI").child("Link"))
            story.append(entry)
    return story


def _contents_entry(index: int, item: model.AgendaItem, brief: model.Brief, context: LayoutContext) -> ContentsEntry:
    title = markup.plain_text(brief.title)
    details = (brief.organization, format_date(brief.date) if brief.date else "", brief.classification.upper())
    contents_item = ContentsItem(
        item.label, title, details, brief_pages(index), brief_start(index), f"{item.label}: {title}"
    )
    return ContentsEntry(contents_item, context.styles, LABEL_WIDTH, PAGE_COLUMN + GAP)
