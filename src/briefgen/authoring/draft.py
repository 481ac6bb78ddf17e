"""A draft spec: what an import read from an article, and the YAML text written from it.

Input: a ``Draft`` (title, summary, sections, references, notes). Output: the text of a spec
in which what the article gave is filled in and what only the author can write (the key
points) is a ``TODO`` placeholder, with each section's first sentence offered as a suggestion.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from pathlib import Path
from typing import Any

from briefgen.authoring.scaffold import block_lines, comment_lines, schema_modeline, yaml_scalar
from briefgen.records import record
from briefgen.text import markup

WIDTH = 78
BODY_WIDTH = WIDTH - 6  # a section body is indented six spaces in the spec


@record
class DraftSection:
    """A heading and its body, the body already in the spec's text format."""

    heading: str
    body: str


@record
class DraftReference:
    """A source the article names; ``title`` is a placeholder when the article does not give it."""

    title: str
    publisher: str = ""
    url: str = ""


@record
class Draft:
    """What an import could read from an article, ready to be written as a spec."""

    title: str
    subtitle: str = ""
    summary: str = ""
    authors: tuple[str, ...] = ()
    date: dt.date | None = None
    sections: tuple[DraftSection, ...] = ()
    references: tuple[DraftReference, ...] = ()
    notes: tuple[str, ...] = ()  # what could not be carried over, said in the spec's comments
    lang: str = ""  # the language its letters and words show, "" when they do not


def wrap(text: str, first: str, rest: str, width: int = WIDTH) -> list[str]:
    """Wrap ``text`` so that no continuation line starts like a bullet or a quotation."""
    lines = textwrap.wrap(text, width=width - len(first), break_long_words=False, break_on_hyphens=False)
    index = 1
    while index < len(lines):
        if lines[index].startswith(("- ", ">")) or lines[index] == "-":
            head, _, tail = lines[index].partition(" ")
            lines[index - 1] += " " + head
            if tail:
                lines[index] = tail
            else:
                del lines[index]
            continue
        index += 1
    return [(first if number == 0 else rest) + line for number, line in enumerate(lines)]


# --- writing the spec ---------------------------------------------------------------------------

# Words whose full stop ends no sentence ("Mr. Putin", "the U.S. and"); single initials are caught separately.
_ABBREVIATION_WORDS = """
mr mrs ms dr prof st gen col lt sgt capt sen rep gov pres jr sr inc ltd co corp vs etc e.g i.e no fig
jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n
"""
_ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())


def first_sentence(text: str) -> str:
    """Return the first sentence of ``text`` (markup removed), not fooled by "Mr." or "U.S.\u00a0"."""
    plain = " ".join(markup.plain_text(text).split())
    for match in re.finditer(r"[.!?…][”’\")»」]*(?=\s+[“‘\"(«„「]?(\w))|[。！？][”’」』）]*", plain):
        following = match.group(1)
        if following is not None and following.islower():
            continue  # a sentence starts with a capital, a digit, or a letter of a script without capitals
        word = plain[: match.start()].split()[-1].lower().strip('“‘"(') if plain[: match.start()].split() else ""
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        return plain[: match.end()]
    return plain


def _optional_field_comments(draft: Draft) -> list[str]:
    """Return commented-out examples of the optional fields the article did not give (organization, ...)."""
    from briefgen.load.fields import Date
    from briefgen.load.spec import BRIEF

    written = {"title", "subtitle", "summary", "key_points", "sections", "references"}
    given = (("date", draft.date), ("authors", draft.authors), ("lang", draft.lang))
    written |= {name for name, value in given if value}
    lines = comment_lines("Optional fields an article does not say; uncomment and fill in those you want:")
    for declared in BRIEF.fields:
        if declared.name not in written and declared.example is not None:
            example = declared.example
            if isinstance(declared.type, Date) and isinstance(example, str):
                example = dt.date.fromisoformat(example)
            lines.append(f"# {declared.name}: {_flow(example)}")
    return lines


def _flow(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(yaml_scalar(item) for item in value) + "]"
    return yaml_scalar(value)


def draft_yaml(draft: Draft, *, source: str = "", spec_path: Path | None = None) -> str:
    """Return the draft as the text of a spec, with TODOs where the author must write."""
    lines = [*schema_modeline(spec_path)]
    lines += comment_lines(
        f"Imported by 'briefgen import'{f' from {source}' if source else ''}. Read it through against the "
        "article, then replace every TODO ('briefgen check' lists those left) and build it with 'briefgen build'."
    )
    for note in draft.notes:
        lines += comment_lines(f"Note: {note}")
    lines.append(f"title: {yaml_scalar(draft.title)}")
    if draft.subtitle:
        lines.append(f"subtitle: {yaml_scalar(draft.subtitle)}")
    if draft.date:
        lines.append(f"date: {draft.date.isoformat()}")
    if draft.authors:
        lines.append(f"authors: [{', '.join(yaml_scalar(author) for author in draft.authors)}]")
    if draft.lang:
        lines.append(f"lang: {draft.lang}  # the article's language, from its letters and words: check it")
    lines += _optional_field_comments(draft)
    if draft.summary:
        lines.append("summary: >")
        lines += ["  " + line for line in wrap(draft.summary, "", "", WIDTH - 2)]
    lines.append("key_points:")
    suggestions = [first_sentence(section.body) for section in draft.sections if not section.body.startswith("TODO")]
    lines += comment_lines("TODO: write the brief's key points, one per item, and delete this comment.", "  ")
    if suggestions:
        lines += comment_lines("Suggestions, the first sentence of each section:", "  ")
        for suggestion in suggestions:
            lines += textwrap.wrap(
                suggestion,
                width=WIDTH,
                initial_indent="  # - ",
                subsequent_indent="  #   ",
                break_long_words=False,
                break_on_hyphens=False,
            )
    placeholder = "TODO: write the key points" + ("; suggestions are above" if suggestions else "")
    lines.append(f"  - {yaml_scalar(placeholder)}")
    lines.append("sections:")
    for section in draft.sections:
        lines.append(f"  - heading: {yaml_scalar(section.heading)}")
        lines.append("    body: |")
        lines += block_lines(section.body, "      ")  # wrapped to BODY_WIDTH, so lines end by column 78
    if draft.references:
        lines.append("references:")
        for reference in draft.references:
            lines.append(f"  - title: {yaml_scalar(reference.title)}")
            if reference.publisher:
                lines.append(f"    publisher: {yaml_scalar(reference.publisher)}")
            if reference.url:
                lines.append(f"    url: {yaml_scalar(reference.url)}")
    return "\n".join(lines) + "\n"
