"""Text extracted from every example brief reads word for word as the spec wrote it (issue 17, item 2).

Three extractors: pypdf, poppler's pdftotext, and the structure tree in order
(poppler's ``pdfinfo -struct-text``). A line that ends between words ends with
a space, so no two words run together; a hyphen added at a line's end is a
soft hyphen, which a reader drops when it joins the word; a word's own hyphen
stays. The spec's text is compared as the brief prints it: inline markup
resolved, cross-references as their labels, punctuation typographic.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pypdf
import pytest

from briefgen import build, model
from briefgen.compose import typeset
from briefgen.layout.brief import number_blocks
from briefgen.load.spec import load_spec
from briefgen.load.theme_file import default_theme
from briefgen.text import markup
from briefgen.text.labels import labels_for
from conftest import REPO

EXAMPLES = sorted((REPO / "specs").glob("*.yaml"))


def normalised(text: str) -> str:
    """Fold white space; join words at soft hyphens, and at a word's own hyphen that ended a line."""
    text = re.sub("\u00ad\\s*", "", text)
    text = re.sub(r"(?<=\w)-\s+(?=\w)", "-", text)
    return " ".join(text.split())


@dataclass
class Printed:
    """What a brief prints of its spec's text: running prose, and table cells (read in the structure tree only)."""

    prose: list[str] = field(default_factory=list)
    cells: list[str] = field(default_factory=list)


def printed(brief: model.Brief) -> Printed:
    """Return the spec's text as the brief prints it, piece by piece."""
    brief = typeset(brief, default_theme())  # quotes and dashes as the brief prints them
    labels = number_blocks(brief, labels_for(brief.lang))

    def shown(text: str) -> str:
        runs = markup.parse_inline(text)
        return normalised("".join(labels.get(run.ref, run.text) if run.ref else run.text for run in runs))

    out = Printed()
    out.prose += [shown(brief.title), shown(brief.summary), *(shown(point) for point in brief.key_points)]
    if brief.subtitle:
        out.prose.append(shown(brief.subtitle))
    for section in brief.sections:
        out.prose.append(shown(section.heading))
        for block in section.blocks:
            for piece in _pieces(block):
                out.prose.append(shown(piece))
            if isinstance(block, model.Table):
                out.cells += [shown(cell) for row in (block.columns, *block.rows) for cell in row]
    out.prose += [shown(markup.escape_inline(reference.title)) for reference in brief.references]
    out.prose = [piece for piece in out.prose if piece]
    return out


def _pieces(block: model.Block) -> Iterator[str]:
    if isinstance(block, model.Paragraph):
        yield block.text
    elif isinstance(block, model.BulletList):
        yield from block.items
    elif isinstance(block, model.Quote):
        yield block.text
        if block.attribution:
            yield f"\u2014 {block.attribution}"
    elif isinstance(block, model.Callout):
        yield markup.escape_inline(block.title)
        for inner in block.blocks:
            yield from _pieces(inner)
    elif isinstance(block, model.Table | model.Figure):
        yield from (text for text in (block.caption, block.source if isinstance(block, model.Table) else "") if text)
    elif isinstance(block, model.Chart):
        yield from (text for text in (markup.escape_inline(block.title), block.caption) if text)


@dataclass
class Element:
    role: str
    depth: int
    parts: list[str | Element] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(part if isinstance(part, str) else part.text for part in self.parts)

    def walk(self) -> Iterator[Element]:
        yield self
        for part in self.parts:
            if isinstance(part, Element):
                yield from part.walk()


def structure_elements(pdf: Path) -> list[Element]:
    """Return every element of the structure tree, each with its text in order (children's text included)."""
    lines = subprocess.run(["pdfinfo", "-struct-text", str(pdf)], capture_output=True, text=True, check=True).stdout
    root = Element("", -1)
    stack = [root]
    for line in lines.splitlines():
        depth = (len(line) - len(line.lstrip(" "))) // 2
        content = line.strip()
        while stack[-1].depth >= depth:
            stack.pop()
        if content.startswith('"') and content.endswith('"'):
            stack[-1].parts.append(content[1:-1])
        elif content and not content.startswith("Object "):
            element = Element(content.split(" ")[0].rstrip(":"), depth)
            stack[-1].parts.append(element)
            stack.append(element)
    return list(root.walk())[1:]


def without_furniture(page: str, brief: model.Brief) -> str:
    """Return a page's text without the lines drawn on every page before or after its content.

    The footer (running title, page number), the classification banners, the
    DRAFT watermark and a box's or table's "(continued)" label are artifacts
    the structure tree leaves out, but extractors read every glyph.
    """
    title = re.escape(brief.running_title)
    marking = re.escape(brief.classification) if brief.classification else "(?!)"
    furniture = re.compile(
        rf"((DRAFT \u2014 )?{title})?\s*(Page \d+ of \d+)?|{marking}|DRAFT|"
        r"(Key points|Table \d+|Figure \d+) \(continued\)"
    )
    lines = [line.strip() for line in page.splitlines()]
    while lines and furniture.fullmatch(lines[-1]):
        lines.pop()
    while lines and furniture.fullmatch(lines[0]):
        lines.pop(0)
    return "\n".join(
        line for line in lines if not re.fullmatch(r"(Key points|Table \d+|Figure \d+) \(continued\)", line)
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("examples")
    return {spec.stem: build(spec, out / f"{spec.stem}.pdf").output for spec in EXAMPLES}


def _missing(expected: list[str], extracted: str) -> list[str]:
    return [piece for piece in expected if piece not in extracted]


@pytest.mark.parametrize("spec", EXAMPLES, ids=lambda path: path.stem)
def test_pypdf_reads_every_word_of_the_spec(spec: Path, built: dict[str, Path]) -> None:
    brief = load_spec(spec)
    pages = [page.extract_text() or "" for page in pypdf.PdfReader(built[spec.stem]).pages]
    assert not any("\x00" in page for page in pages)
    text = normalised(" ".join(without_furniture(page, brief) for page in pages))
    assert _missing(printed(brief).prose, text) == []


@pytest.mark.parametrize("spec", EXAMPLES, ids=lambda path: path.stem)
def test_pdftotext_reads_every_word_of_the_spec(spec: Path, built: dict[str, Path]) -> None:
    brief = load_spec(spec)
    # -raw: in the order the text was drawn; poppler's own reading order is thrown by the rotated watermark.
    command = ["pdftotext", "-raw", "-enc", "UTF-8", str(built[spec.stem]), "-"]
    raw = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    assert "\x00" not in raw
    text = normalised(" ".join(without_furniture(page, brief) for page in raw.split("\f")))
    assert _missing(printed(brief).prose, text) == []


@pytest.mark.parametrize("spec", EXAMPLES, ids=lambda path: path.stem)
def test_structure_tree_holds_every_paragraph_and_cell_as_written(spec: Path, built: dict[str, Path]) -> None:
    brief = load_spec(spec)
    elements = structure_elements(built[spec.stem])
    texts = {normalised(element.text) for element in elements}
    expected = printed(brief)
    # Each paragraph, heading, list item and cell is one element whose text is exactly the spec's.
    exact = [piece for piece in expected.prose + expected.cells if piece not in texts]
    # Captions and references carry a label or details around the spec's text.
    assert [piece for piece in exact if not any(piece in text for text in texts)] == []
    assert not any("\x00" in element.text for element in elements)


def test_words_meeting_at_a_line_end_stay_apart_and_hyphenated_words_whole(built: dict[str, Path]) -> None:
    page = pypdf.PdfReader(built["russia-north-korea-treaty"]).pages[0].extract_text()
    summary = page[page.index("In a significant") : page.index("Key points")].splitlines()
    assert len(summary) > 2
    assert all(line.endswith((" ", "\u00ad")) for line in summary[:-1])  # a space, or a soft hyphen, ends each line
    assert "-\n" not in page  # no line ends in a plain hyphen the breaker added
