"""Read a Markdown article into the importer's blocks, its inline markup rewritten as the spec's.

Input: cleaned Markdown text. Output: blocks (headings with their level,
paragraphs, bullet lists, quotations) whose text uses the spec's inline markup
(``*emphasis*``, ``**strong**``, ``[text](url)``), and notes on what the spec
cannot hold (images, raw HTML, links that are not web addresses).

A CommonMark parser (markdown-it-py) reads the article, so reference-style
links, setext headings, nested emphasis and entities come out as the author
meant them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from markdown_it import MarkdownIt

from briefgen.authoring.text_article import Block, escape_markup, parse_date, typographic_quotes
from briefgen.load.yaml_import import yaml
from briefgen.text import markup

_FRONT_MATTER = re.compile(r"\A---\n(?P<yaml>.*?)\n(?:---|\.\.\.)\n", re.DOTALL)


def markdown_blocks(text: str) -> tuple[list[Block], list[str]]:
    """Return the article's blocks and notes on what was left out."""
    text, meta = _front_matter(text)
    reader = _Reader()
    reader.read(MarkdownIt("commonmark").parse(text))
    blocks = reader.blocks
    has_title = bool(blocks) and blocks[0][0] == "heading" and blocks[0][1] == 1
    title = meta.get("title")
    if isinstance(title, str) and title.strip() and not has_title:
        blocks.insert(0, ("heading", 1, _finish(escape_markup(title))))
    at = 1 if blocks and blocks[0][0] == "heading" and blocks[0][1] == 1 else 0
    authors = meta.get("authors", meta.get("author"))
    authors = [authors] if isinstance(authors, str) else authors
    if isinstance(authors, list) and authors and all(isinstance(name, str) for name in authors):
        blocks.insert(at, ("authors", tuple(" ".join(name.split()) for name in authors)))
    date = meta.get("date")
    date = parse_date(date) if isinstance(date, str) else date
    if isinstance(date, dt.datetime):
        date = date.date()
    if isinstance(date, dt.date):
        blocks.insert(at, ("date", date))
    return blocks, reader.notes()


def _front_matter(text: str) -> tuple[str, dict[str, Any]]:
    """Strip a YAML front matter block (Jekyll, Hugo, Pandoc), returning what it says."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return text, {}
    try:
        data = yaml.safe_load(match["yaml"])
    except yaml.YAMLError:
        return text, {}
    return text[match.end() :], data if isinstance(data, dict) else {}


class _Reader:
    """Walk markdown-it's token stream, keeping track of the lists and quotations it is inside."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.containers: list[str] = []
        self.item: list[str] = []  # text of the list item being read
        self.number = ""  # its number, in an ordered list
        self.skipped: dict[str, int] = {}

    def read(self, tokens: list[Any]) -> None:
        for index, token in enumerate(tokens):
            kind = token.type
            if kind in ("bullet_list_open", "ordered_list_open", "blockquote_open"):
                self._flush_item()
                self.containers.append(kind.removesuffix("_open"))
            elif kind in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
                self._flush_item()
                self.containers.pop()
            elif kind == "list_item_open":
                self._flush_item()
                self.number = f"{token.info}{token.markup} " if token.info else ""
            elif kind == "list_item_close":
                self._flush_item()
            elif kind == "inline" and tokens[index - 1].type == "heading_open":
                level = int(tokens[index - 1].tag[1])
                self.blocks.append(("heading", level, self._inline(token.children or [])))
            elif kind == "inline":
                self._text(self._inline(token.children or []))
            elif kind in ("fence", "code_block"):
                self._text(_finish(escape_markup(" ".join(token.content.split()))))
            elif kind == "html_block":
                self._skip("raw HTML block")

    def _text(self, text: str) -> None:
        if not text:
            return
        if "blockquote" in self.containers:
            self.blocks.append(("quote", text))
        elif self.containers and self.containers[-1] in ("bullet_list", "ordered_list"):
            self.item.append(text)
        else:
            self.blocks.append(("paragraph", text))

    def _flush_item(self) -> None:
        """Emit the list item read so far; nested lists are flattened into the one list the spec has."""
        if not self.item:
            return
        text = " ".join(self.item)
        self.item = []
        if self.number:
            self.blocks.append(("paragraph", f"{self.number}{text}"))  # the spec has no numbered lists
        elif self.blocks and self.blocks[-1][0] == "bullets":
            self.blocks[-1] = ("bullets", (*self.blocks[-1][1], text))
        else:
            self.blocks.append(("bullets", (text,)))

    def _inline(self, children: list[Any]) -> str:
        out: list[str] = []
        links: list[str] = []
        for child in children:
            kind = child.type
            if kind in ("text", "code_inline"):
                out.append(escape_markup(child.content))
            elif kind in ("softbreak", "hardbreak"):
                out.append(" ")
            elif kind in ("em_open", "em_close"):
                out.append("*")
            elif kind in ("strong_open", "strong_close"):
                out.append("**")
            elif kind == "link_open":
                href = str(child.attrs.get("href", ""))
                allowed = not markup.url_problem(href) and not re.search(r"[\s()]", href)
                links.append(href if allowed else "")
                if allowed:
                    out.append("[")
                else:
                    self._skip("link that is not a web or mail address (kept as text)")
            elif kind == "link_close":
                href = links.pop() if links else ""
                if href:
                    out.append(f"]({href})")
            elif kind == "image":
                self._skip("image")
            elif kind == "html_inline":
                self._skip("inline HTML tag")
        return _finish("".join(out))

    def _skip(self, what: str) -> None:
        self.skipped[what] = self.skipped.get(what, 0) + 1

    def notes(self) -> list[str]:
        return [
            f"the article had {count} {what}{'s' if count > 1 and not what.endswith(')') else ''}, "
            "which a spec cannot hold; left out"
            for what, count in self.skipped.items()
        ]


def _finish(text: str) -> str:
    text = " ".join(text.split())
    text = re.sub(r"\[\s*\]\([^)]*\)", "", text)  # a link whose only content was an image
    return typographic_quotes(text).strip()
