"""Turn an article (plain text or Markdown) into the text of a draft spec.

Input: an article as it was pasted or saved: plain text in the shape of a web
page copied out (a title line, paragraphs, short heading lines without final
punctuation, a closing "Reference From:"/"Source:" line) or Markdown (``#``
headings, lists, quotes, links), with whatever a word processor left in it
(Windows line endings, a byte-order mark, non-breaking spaces, soft hyphens,
straight and curly quotes mixed). Output: a ``Draft`` and, from it, the YAML
text of a spec with title, subtitle, summary, sections and references filled
in, and ``TODO`` placeholders (which ``briefgen check`` reports) for what only
the author can write: the key points, with the first sentence of each section
offered as suggestions.

Reading is split by format: ``importer_text`` cleans text and reads plain
text, ``importer_markdown`` reads Markdown; both give blocks, which this
module places (title, summary, sections, references) and writes as YAML.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from briefgen import markup
from briefgen.importer_text import (
    SOURCE_LINE,
    Block,
    clean_text,
    escape_markup,
    is_markdown,
    parse_byline,
    parse_date,
    text_blocks,
    typographic_quotes,
)
from briefgen.scaffold import block_lines, comment_lines, schema_modeline, yaml_scalar

_WIDTH = 78
_BODY_WIDTH = _WIDTH - 6  # a section body is indented six spaces in the spec


@dataclass(frozen=True)
class DraftSection:
    """A heading and its body, the body already in the spec's text format."""

    heading: str
    body: str


@dataclass(frozen=True)
class DraftReference:
    """A source the article names; ``title`` is a placeholder when the article does not give it."""

    title: str
    publisher: str = ""
    url: str = ""


@dataclass(frozen=True)
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


def import_file(path: Path, *, article_format: str = "auto", spec_path: Path | None = None) -> str:
    """Return the draft spec's YAML text for the article at ``path``.

    Raises:
        OSError: the article cannot be read.

    """
    draft = import_text(decode_article(path.read_bytes()), article_format=article_format, name=path.name)
    return draft_yaml(draft, source=path.name, spec_path=spec_path)


def decode_article(raw: bytes) -> str:
    """Return an article's text from UTF-8 (with or without a BOM), UTF-16 (Word's "Unicode text") or Windows-1252.

    Word on Windows saves "plain text" in the machine's code page, which for
    English is Windows-1252: bytes that are not UTF-8 are read that way, so its
    curly quotes and dashes arrive intact.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def import_text(text: str, *, article_format: str = "auto", name: str = "") -> Draft:
    """Read an article's text (``text``, ``markdown`` or ``auto``) into a ``Draft``."""
    cleaned = clean_text(text)
    if article_format == "auto":
        article_format = "markdown" if is_markdown(cleaned, name) else "text"
    if article_format == "markdown":
        from briefgen.importer_markdown import markdown_blocks

        blocks, notes = markdown_blocks(cleaned)
        return replace(_assemble(blocks), notes=tuple(notes))
    return _assemble(text_blocks(cleaned))


# --- assembling the draft -----------------------------------------------------------------------

_REFERENCES_HEADING = re.compile(
    r"^(?:references?|sources?|further reading|bibliography|notes and references|links)$", re.IGNORECASE
)
_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/[^\s<>()]*)?", re.I)
_INTRODUCTION = "Introduction"


def _assemble(blocks: list[Block]) -> Draft:
    """Place the blocks: title, summary, sections, references; headings set the sections."""
    title, subtitle = "TODO: the brief's title", ""
    if blocks and blocks[0][0] == "heading":
        # Titles and headings are plain text in a spec: the markup (and its escapes) goes.
        title, _, subtitle = markup.plain_text(blocks.pop(0)[2]).partition(": ")
    blocks = _bylines(blocks)
    levels = [block[1] for block in blocks if block[0] == "heading"]
    section_level = min(levels, default=2)
    summary = ""
    sections: list[tuple[str, list[Block]]] = []
    intro: list[Block] = []
    references: list[DraftReference] = []
    authors: tuple[str, ...] = ()
    date: dt.date | None = None
    in_references = False
    for block in blocks:
        kind = block[0]
        if kind == "authors":
            authors = authors or block[1]
            continue
        if kind == "date":
            date = date or block[1]
            continue
        if kind == "heading" and block[1] <= section_level:
            in_references = bool(_REFERENCES_HEADING.match(markup.plain_text(block[2]).strip()))
            if not in_references:
                sections.append((markup.plain_text(block[2]), []))
            continue
        if in_references:
            items = block[1] if kind == "bullets" else (block[-1],)
            references += [_reference(item) for item in items if kind != "heading"]
            continue
        if kind == "paragraph" and SOURCE_LINE.match(markup.plain_text(block[1])):
            references.append(_reference(block[1]))
            continue
        if kind == "heading":
            block = ("paragraph", f"**{block[2]}**")  # a sub-heading: the spec's sections have one level
        if sections:
            sections[-1][1].append(block)
        elif not summary and not intro and block[0] == "paragraph":
            summary = block[1]
        else:
            intro.append(block)
    if intro:
        # Text before the first heading is an introduction; an article with no headings at all needs one written.
        sections.insert(0, (_INTRODUCTION if levels else "TODO: a heading for this section", intro))
    if not sections:
        sections.append(("TODO: a heading for the text", []))
    drafted = tuple(DraftSection(heading, _body(parts)) for heading, parts in sections)
    return Draft(
        title=title.strip(),
        subtitle=subtitle.strip(),
        summary=summary,
        authors=authors,
        date=date,
        sections=drafted,
        references=tuple(_unique(references + _link_references([summary, *(s.body for s in drafted)]))),
    )


def _bylines(blocks: list[Block]) -> list[Block]:
    """Turn the byline and dateline under the title ("By A. Analyst", "June 19, 2024") into authors and date."""
    read: list[Block] = []
    for index, block in enumerate(blocks):
        if block[0] in ("authors", "date"):  # from Markdown front matter
            read.append(block)
            continue
        if block[0] not in ("heading", "paragraph"):
            return read + blocks[index:]
        line = markup.plain_text(block[-1]).strip("*_ ")
        byline, date = parse_byline(line), parse_date(line)
        if byline:
            read.append(("authors", byline[0]))
            date = byline[1]
        elif not date:
            return read + blocks[index:]
        if date:
            read.append(("date", date))
    return read


def _body(blocks: list[Block]) -> str:
    """Return blocks as a section body: blank lines between them, ``- `` bullets, ``> `` quotes."""
    parts: list[str] = []
    for block in blocks:
        if block[0] == "bullets":
            parts.append("\n".join("\n".join(_wrap(item, "- ", "  ", _BODY_WIDTH)) for item in block[1]))
        elif block[0] == "quote":
            parts.append("\n".join(_wrap(block[1], "> ", "> ", _BODY_WIDTH)))
        else:
            parts.append("\n".join(_wrap(block[1], "", "", _BODY_WIDTH)))
    return "\n\n".join(parts) + "\n" if parts else "TODO: the section's text\n"


def _wrap(text: str, first: str, rest: str, width: int = _WIDTH) -> list[str]:
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


def _reference(text: str) -> DraftReference:
    """Read a source line (a link, a bare address, a name and an address, or a title) as a reference."""
    labelled = SOURCE_LINE.match(text)
    if labelled:
        text = labelled["rest"]
    found = markup.links(text)
    if found:
        url = found[0].url
        label = markup.plain_text(text).strip()
        return DraftReference(label if len(label.split()) >= 3 else _title_todo(url), _publisher(url), url)
    plain = markup.plain_text(text).strip().rstrip(".")
    address = _URL.search(plain)
    if not address:
        return DraftReference(plain)
    url = address.group().rstrip(".,;:")
    url = url if url.lower().startswith(("http://", "https://")) else f"https://{url}"
    rest = (plain[: address.start()] + plain[address.end() :]).strip(" ,;:-–—|()")
    if len(rest.split()) >= 5:
        return DraftReference(rest, _publisher(url), url)
    return DraftReference(_title_todo(url), rest or _publisher(url), url)


def _title_todo(url: str) -> str:
    return f"TODO: the title of the page cited at {_host(url)}"


def _host(url: str) -> str:
    return url.split("://", 1)[-1].split("/", 1)[0].lower()


def _publisher(url: str) -> str:
    """Return a publisher's name from an address: short names are acronyms (ndtv.com: NDTV)."""
    host = _host(url).removeprefix("www.").removeprefix("m.").removeprefix("amp.")
    labels = host.split(".")
    if len(labels) >= 3 and labels[-2] in ("co", "com", "org", "gov", "ac", "net"):
        labels = labels[:-1]  # bbc.co.uk
    name = labels[-2] if len(labels) >= 2 else host
    return name.upper() if len(name) <= 4 else host


def _link_references(texts: list[str]) -> list[DraftReference]:
    references = []
    for text in texts:
        for match in re.finditer(r"\[((?:\\.|[^\]\\])+)\]\(([^)\s]+)\)", text):
            references.append(_reference(match.group()))
    return references


def _unique(references: list[DraftReference]) -> list[DraftReference]:
    seen: set[str] = set()
    kept = []
    for reference in references:
        key = reference.url.rstrip("/").lower() or reference.title
        if key not in seen:
            seen.add(key)
            kept.append(reference)
    return kept


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
    for match in re.finditer(r"[.!?…][”’\")]*(?=\s+[“‘\"(]?[A-Z0-9])", plain):
        word = plain[: match.start()].split()[-1].lower().strip('“‘"(') if plain[: match.start()].split() else ""
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        return plain[: match.end()]
    return plain


def _optional_field_comments(draft: Draft) -> list[str]:
    """Return commented-out examples of the optional fields the article did not give (organization, ...)."""
    from briefgen.schema import Date
    from briefgen.spec import BRIEF

    written = {"title", "subtitle", "summary", "key_points", "sections", "references"}
    written |= {name for name, value in (("date", draft.date), ("authors", draft.authors)) if value}
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
    lines += _optional_field_comments(draft)
    if draft.summary:
        lines.append("summary: >")
        lines += ["  " + line for line in _wrap(draft.summary, "", "", _WIDTH - 2)]
    lines.append("key_points:")
    suggestions = [first_sentence(section.body) for section in draft.sections if not section.body.startswith("TODO")]
    lines += comment_lines("TODO: write the brief's key points, one per item, and delete this comment.", "  ")
    if suggestions:
        lines += comment_lines("Suggestions, the first sentence of each section:", "  ")
        for suggestion in suggestions:
            lines += textwrap.wrap(
                suggestion,
                width=_WIDTH,
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
        lines += block_lines(section.body, "      ")  # wrapped to _BODY_WIDTH, so lines end by column 78
    if draft.references:
        lines.append("references:")
        for reference in draft.references:
            lines.append(f"  - title: {yaml_scalar(reference.title)}")
            if reference.publisher:
                lines.append(f"    publisher: {yaml_scalar(reference.publisher)}")
            if reference.url:
                lines.append(f"    url: {yaml_scalar(reference.url)}")
    return "\n".join(lines) + "\n"


__all__ = [
    "Draft",
    "DraftReference",
    "DraftSection",
    "clean_text",
    "decode_article",
    "draft_yaml",
    "escape_markup",
    "first_sentence",
    "import_file",
    "import_text",
    "is_markdown",
    "typographic_quotes",
]
