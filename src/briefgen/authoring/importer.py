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
from dataclasses import replace
from pathlib import Path

from briefgen.authoring.draft import BODY_WIDTH, Draft, DraftReference, DraftSection, draft_yaml, first_sentence, wrap
from briefgen.authoring.text_article import (
    ARTICLE_LANGUAGE,
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
from briefgen.errors import BriefgenError
from briefgen.load.files import MAX_SPEC_BYTES, NotRegularFileError, read_bounded
from briefgen.text import markup
from briefgen.text.labels import labels_for
from briefgen.text.language import detect_language


def import_file(path: Path, *, article_format: str = "auto", spec_path: Path | None = None) -> str:
    """Return the draft spec's YAML text for the article at ``path``.

    The article is read as a spec is: a regular file (a pipe would block, a
    device never end), no larger than a spec may be, since the draft holds
    all of its text and a larger one would be a spec no build accepts.

    Raises:
        BriefgenError: the article is not a regular file, or is too large, or its draft would be.
        OSError: the article cannot be read.

    """
    try:
        raw = read_bounded(path, MAX_SPEC_BYTES)
    except NotRegularFileError:
        raise BriefgenError(
            f"{path}: is not a regular file (a folder, pipe or device?); name an article file"
        ) from None
    if len(raw) > MAX_SPEC_BYTES:
        raise BriefgenError(_too_large(path, "the article", path.stat().st_size))
    draft = import_text(decode_article(raw), article_format=article_format, name=path.name)
    text = draft_yaml(draft, source=path.name, spec_path=spec_path)
    if len(text.encode("utf-8")) > MAX_SPEC_BYTES:
        raise BriefgenError(_too_large(path, "its draft spec", len(text.encode("utf-8"))))
    return text


def _too_large(path: Path, what: str, size: int) -> str:
    return (
        f"{path}: {what} is {size:,} bytes, over the {MAX_SPEC_BYTES:,} a spec may hold "
        "(BRIEFGEN_MAX_SPEC_BYTES); import a shorter article, or split it into several"
    )


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
    lang = detect_language(cleaned)
    # Quotes and month names as the article's language writes them (English's when it cannot tell).
    reading = ARTICLE_LANGUAGE.set("" if lang in ("", "en") else lang)
    try:
        if article_format == "markdown":
            from briefgen.authoring.markdown_article import markdown_blocks

            blocks, notes = markdown_blocks(cleaned)
            return replace(_assemble(blocks, lang), notes=tuple(notes), lang=lang)
        return replace(_assemble(text_blocks(cleaned), lang), lang=lang)
    finally:
        ARTICLE_LANGUAGE.reset(reading)


# --- assembling the draft -----------------------------------------------------------------------

_REFERENCES_HEADING = re.compile(
    r"^(?:references?|sources?|further reading|bibliography|notes and references|links"
    # The same in the languages briefgen labels (and "References" as each calls it: see _is_references_heading).
    r"|références|bibliographie|quellen|literatur|literaturverzeichnis|referencias|fuentes|bibliografía"
    r"|источники|список литературы|литература|джерела|список джерел|المراجع|المصادر|מקורות|ביבליוגרפיה"
    r"|参考资料|参考文献|資料來源|参考資料|出典|참고 자료|참고문헌|출처)$",
    re.IGNORECASE,
)
_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/[^\s<>()]*)?", re.I)


def _is_references_heading(text: str) -> bool:
    from briefgen.text.labels import translations

    return bool(_REFERENCES_HEADING.match(text)) or any(
        text.lower() == str(table.get("references", "")).lower() for table in translations().values()
    )


def _assemble(blocks: list[Block], lang: str = "") -> Draft:
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
            in_references = _is_references_heading(markup.plain_text(block[2]).strip())
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
        introduction = labels_for(lang or "en")("introduction")
        sections.insert(0, (introduction if levels else "TODO: a heading for this section", intro))
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
            parts.append("\n".join("\n".join(wrap(item, "- ", "  ", BODY_WIDTH)) for item in block[1]))
        elif block[0] == "quote":
            parts.append("\n".join(wrap(block[1], "> ", "> ", BODY_WIDTH)))
        else:
            parts.append("\n".join(wrap(block[1], "", "", BODY_WIDTH)))
    return "\n\n".join(parts) + "\n" if parts else "TODO: the section's text\n"


# A numbered or bulleted list's marker before a source: "1. ", "[2] ", "3) ", "- ". The brief numbers its own.
_LIST_MARKER = re.compile(r"^\s*(?:\\?\[\d{1,3}\\?\]|\d{1,3}\\?[.)]|\\?[-*\u2022])\s+")  # escaped or not


def _reference(text: str) -> DraftReference:
    """Read a source line (a link, a bare address, a name and an address, or a title) as a reference."""
    labelled = SOURCE_LINE.match(text)
    if labelled:
        text = labelled["rest"]
    text = _LIST_MARKER.sub("", text)
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
