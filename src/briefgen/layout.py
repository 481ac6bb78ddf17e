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

from reportlab.platypus import CondPageBreak, Flowable, Paragraph

from briefgen import markup, model
from briefgen.flowables import BalancedParagraph, LeftRuled, Rule, ShadedBox
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


def layout_brief(brief: model.Brief, theme: Theme) -> Layout:
    """Return the story of ``brief`` in ``theme``: title block, key points, sections, references."""
    styles = stylesheet(theme, brief.lang)
    context = _Context(styles, theme)
    story: list[Flowable] = []
    story += title_block(brief, context)
    story += key_points_box(brief, context)
    for section in brief.sections:
        story += section_flowables(section, context)
    story += references_list(brief, context)
    return Layout(story, missing_glyph_warnings(brief, theme))


@dataclass
class _Context:
    styles: dict[str, Any]
    theme: Theme

    def para(self, text: str, style: str, *, cls: type[Paragraph] = Paragraph, bullet: str = "") -> Paragraph:
        markup_text = markup.to_paragraph_markup(text, link_color=self.theme.link_colour)
        return cls(markup_text, self.styles[style], bulletText=bullet or None)

    def plain(self, text: str, style: str, *, cls: type[Paragraph] = Paragraph) -> Paragraph:
        return cls(markup.runs_to_paragraph_markup((markup.Run(text),)), self.styles[style])


def format_date(date: dt.date) -> str:
    """Write a date out in full, as "12 November 2024"."""
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def title_block(brief: model.Brief, context: _Context) -> list[Flowable]:
    """Return the organisation, title, subtitle, byline and the rule under them."""
    flowables: list[Flowable] = []
    if brief.organization:
        flowables.append(context.plain(brief.organization.upper(), "kicker"))
    flowables.append(context.plain(brief.title, "title", cls=BalancedParagraph))
    if brief.subtitle:
        flowables.append(context.plain(brief.subtitle, "subtitle", cls=BalancedParagraph))
    byline = [part for part in (", ".join(brief.authors), format_date(brief.date) if brief.date else "") if part]
    if byline:
        flowables.append(context.plain("  ·  ".join(byline), "byline"))
    flowables.append(Rule(colour(context.theme.rule_colour), 1.2, space_before=6, space_after=9))
    if brief.summary:
        flowables.append(context.para(brief.summary, "summary"))
    return flowables


def key_points_box(brief: model.Brief, context: _Context) -> list[Flowable]:
    """Return the shaded "Key points" box; it continues on the next page if it must."""
    theme = context.theme
    items: list[Flowable] = [context.plain("Key points", "box.label")]
    items += [context.para(point, "box.item", bullet="\u2022") for point in brief.key_points]
    box = ShadedBox(
        items,
        background=colour(theme.tint),
        border=colour(theme.box_border),
        border_width=0.7,
        padding=8,
        continuation=context.plain("Key points (continued)", "box.label"),
        outline_entry=("Key points", 0),
    )
    box.spaceBefore = 1
    box.spaceAfter = 4
    return [box]


def section_flowables(section: model.Section, context: _Context) -> list[Flowable]:
    """Return a section's heading and blocks, the heading never alone at the foot of a page."""
    styles = context.styles
    heading = context.plain(section.heading, "heading")
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
        return [context.para(block.text, "body")]
    if isinstance(block, model.BulletList):
        return [context.para(item, "bullet", bullet="\u2022") for item in block.items]
    quote = LeftRuled(context.para(block.text, "quote"), rule=colour(context.theme.accent))
    return [quote]


def references_list(brief: model.Brief, context: _Context) -> list[Flowable]:
    """Return the numbered references, each with a clickable address."""
    if not brief.references:
        return []
    styles = context.styles
    heading = context.plain("References", "heading")
    heading.outline_entry = ("References", 0)
    needed = styles["heading"].spaceBefore + styles["heading"].leading + styles["reference"].leading * 2
    flowables: list[Flowable] = [CondPageBreak(needed), heading]
    for number, reference in enumerate(brief.references, start=1):
        flowables.append(context.para(_reference_text(reference), "reference", bullet=f"{number}."))
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
    # set() first: the brief's few distinct characters, not its every character, are looked up.
    missing = sorted(ch for ch in set(_all_text(brief)) if ord(ch) not in covered)
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
