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
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, Paragraph

from briefgen import markup, model, tagging
from briefgen.flowables import BalancedParagraph, LeftRuled, Rule, ShadedBox, TaggedParagraph
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

_LONGEST_HYPHENATED_WORD = 30


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
    context = _Context(styles, theme, tagging.Element("Document"))
    story: list[Flowable] = []
    story += title_block(brief, context)
    story += key_points_box(brief, context)
    for section in brief.sections:
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

    def para(self, text: str, style: str, *, cls: type[Paragraph] = TaggedParagraph, bullet: str = "") -> Paragraph:
        markup_text = markup.to_paragraph_markup(text, link_color=self.theme.link_colour)
        return cls(markup_text, self._style_for(text, style), bulletText=bullet or None)

    def _style_for(self, text: str, name: str) -> Any:
        # ReportLab's hyphenator breaks a very long word (a URL, say) once and then
        # leaves the rest overflowing the margin; such paragraphs get plain
        # character splitting instead.
        if max(map(len, text.split()), default=0) <= _LONGEST_HYPHENATED_WORD:
            return self.styles[name]
        variant = f"{name}.unhyphenated"
        if variant not in self.styles:
            self.styles[variant] = ParagraphStyle(
                variant, parent=self.styles[name], hyphenationLang="", embeddedHyphenation=0, uriWasteReduce=0
            )
        return self.styles[variant]

    def plain(self, text: str, style: str, *, cls: type[Paragraph] = TaggedParagraph) -> Paragraph:
        return cls(markup.runs_to_paragraph_markup((markup.Run(text),)), self.styles[style])

    def tagged(self, flowable: Flowable, role: str, parent: tagging.Element | None = None) -> Flowable:
        """Tag ``flowable`` as a new ``role`` element, the last child of ``parent`` (default: the current one)."""
        element = (parent or self.parent or self.root).child(role)
        return tagging.tag(flowable, element)


def format_date(date: dt.date) -> str:
    """Write a date out in full, as "12 November 2024"."""
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def title_block(brief: model.Brief, context: _Context) -> list[Flowable]:
    """Return the organisation, title, subtitle, byline and the rule under them."""
    flowables: list[Flowable] = []
    if brief.organization:
        flowables.append(context.tagged(context.plain(brief.organization.upper(), "kicker"), "P"))
    flowables.append(context.tagged(context.plain(brief.title, "title", cls=BalancedParagraph), "H1"))
    if brief.subtitle:
        flowables.append(context.tagged(context.plain(brief.subtitle, "subtitle", cls=BalancedParagraph), "P"))
    byline = [part for part in (", ".join(brief.authors), format_date(brief.date) if brief.date else "") if part]
    if byline:
        flowables.append(context.tagged(context.plain("  ·  ".join(byline), "byline"), "P"))
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
    heading = context.tagged(context.plain(section.heading, "heading"), "H2")
    heading.outline_entry = (section.heading, 0)
    body = styles["body"]
    # Room for the heading and three lines of text, or the heading moves to the next page.
    needed = styles["heading"].spaceBefore + styles["heading"].leading * 2 + body.leading * 3
    flowables: list[Flowable] = [CondPageBreak(needed), heading]
    for block in section.blocks:
        flowables += block_flowables(block, context)
    return flowables


def block_flowables(block: model.Block, context: _Context) -> list[Flowable]:
    """Return the flowables of one paragraph, bullet list or quotation."""
    if isinstance(block, model.Paragraph):
        return [context.tagged(context.para(block.text, "body"), "P")]
    if isinstance(block, model.BulletList):
        bullets = (context.parent or context.root).child("L")
        items = [context.para(item, "bullet", bullet="\u2022") for item in block.items]
        for item in items:
            tagging.list_item(item, bullets)
        return list(items)
    quote = LeftRuled(context.para(block.text, "quote"), rule=colour(context.theme.accent))
    element = context.tagged(quote, "BlockQuote")
    context.tagged(quote.content, "P", element.struct)
    return [quote]


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
    flowables: list[Flowable] = [CondPageBreak(needed), heading]
    for number, reference in enumerate(brief.references, start=1):
        item = context.para(_reference_text(reference), "reference", bullet=f"{number}.")
        tagging.list_item(item, numbered)
        flowables.append(item)
    return flowables


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
    """Return a warning for the characters no font of the theme can draw (never a silent box)."""
    covered = font_coverage(theme.body_font.name) & font_coverage(theme.heading_font.name) | _invisible()
    missing = sorted({ch for ch in _all_text(brief) if ord(ch) not in covered})
    if not missing:
        return []
    shown = ", ".join(f"'{ch}' U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')}" for ch in missing[:8])
    more = f" and {len(missing) - 8} more" if len(missing) > 8 else ""
    return [
        f"the brief's fonts have no glyph for {shown}{more}; these print as empty boxes. "
        "Use a theme whose fonts cover them (Noto Sans CJK for Chinese, Japanese and Korean, "
        "Noto Sans Arabic or Hebrew for those scripts, Noto Emoji for emoji)"
    ]


def _invisible() -> frozenset[int]:
    return frozenset(range(0x20)) | {0x200B, 0x200C, 0x200D, 0xFEFF, 0x00AD}


def _all_text(brief: model.Brief) -> str:
    parts = [brief.title, brief.subtitle, brief.organization, brief.summary, brief.classification]
    parts += brief.authors
    parts += brief.key_points
    for section in brief.sections:
        parts.append(section.heading)
        for block in section.blocks:
            parts += block.items if isinstance(block, model.BulletList) else [block.text]
    for reference in brief.references:
        parts += [reference.title, reference.publisher, reference.url]
    return "".join(parts)
