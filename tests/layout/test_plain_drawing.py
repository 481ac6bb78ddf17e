"""Plain paragraphs drawn by ``plain_drawing`` come out as ReportLab's ``drawPara`` draws them, byte for byte."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdf
import pytest
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame

from briefgen import build, reportlab_compat
from briefgen.layout import paragraphs, plain_drawing
from briefgen.layout.paragraphs import OptimalParagraph, TaggedParagraph
from briefgen.load.theme_file import default_theme
from briefgen.style.stylesheet import stylesheet
from conftest import SEED_SPEC, minimal_spec

BODY: ParagraphStyle = stylesheet(default_theme())["body"]
PROSE = (
    "The treaty, signed in June\xa02024 by Putin and North Korean leader Kim\xa0Jong\xa0Un during a summit "
    "in Pyongyang, includes a mutual defence provision (Article\xa04) and a clause on technology \\ arms "
    "transfers; both nations pledge to support one another in the event of an armed attack, now law in Russia."
)
# More characters than one subset holds (256 codes): the lines go on in a second subset, named by a Tf.
LETTERS = [chr(c) for c in (*range(0xC0, 0x180), *range(0x391, 0x3CA), *range(0x410, 0x450)) if c != 0x3A2]
MANY = " ".join("".join(LETTERS[start : start + 12]) for start in range(0, len(LETTERS), 12))


def styles() -> list[ParagraphStyle]:
    """The body style set every way a plain paragraph can be, one style each."""
    variants: list[dict[str, Any]] = [
        {"alignment": alignment} for alignment in (TA_LEFT, TA_CENTER, TA_RIGHT, TA_JUSTIFY)
    ]
    variants += [
        {"alignment": TA_JUSTIFY, "firstLineIndent": 14},
        {"alignment": TA_CENTER, "firstLineIndent": -6},
        {"alignment": TA_JUSTIFY, "bulletFontName": BODY.fontName, "bulletIndent": 4, "leftIndent": 14},
        {"alignment": TA_JUSTIFY, "autoLeading": "max", "leading": 4},
        {"alignment": TA_RIGHT, "autoLeading": "min"},
        {"alignment": TA_JUSTIFY, "justifyLastLine": 3},
    ]
    return [BODY.clone(f"variant{number}", **variant) for number, variant in enumerate(variants)]


def squeezed(paragraph: OptimalParagraph, width: float) -> OptimalParagraph:
    """Wrap ``paragraph``, then give its lines less room than they need: each is set with negative word spacing."""
    paragraph.wrap(width, 10_000)
    lines = reportlab_compat.paragraph_lines(paragraph)
    plain = reportlab_compat.plain_fragment(paragraph.frags)
    assert plain is not None
    paragraph.blPara = reportlab_compat.broken_lines([(-3.5, words) for _, words in lines], plain)
    return paragraph


def flowables() -> list[Any]:
    found: list[Any] = []
    for style in styles():
        bullet = "\u2022" if style.bulletIndent else None
        found += [OptimalParagraph(text, style, bulletText=bullet) for text in (PROSE, "Short line.", MANY)]
    found.append(OptimalParagraph(f'See <a href="https://example.org">{PROSE}</a>', BODY))  # ReportLab's: a link
    return found


def drawn_pages(fast: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[list[bytes], bytes, int]:
    """Draw every case in frames; return each page's content stream, the file, and how many the fast path drew."""
    drawn = 0
    original = plain_drawing.draw_plain_paragraph

    def counted(paragraph: Any, debug: int = 0) -> bool:
        nonlocal drawn
        done = fast and original(paragraph, debug)
        drawn += done
        return done

    monkeypatch.setattr(paragraphs, "draw_plain_paragraph", counted)
    out = io.BytesIO()
    canvas = Canvas(out, invariant=1)
    pending = flowables()
    while pending:
        for x in (40, 320):
            Frame(x, 40, 240, 760).addFromList(pending, canvas)
        canvas.showPage()
    for number, style in enumerate(styles()):  # drawn as wrapped: a frame would wrap them again
        squeezed(OptimalParagraph(PROSE, style), 220).drawOn(canvas, 40 + 280 * (number % 2), 700 - 70 * number)
    canvas.showPage()
    canvas.save()
    data = out.getvalue()
    pages = [page.get_contents().get_data() for page in pypdf.PdfReader(io.BytesIO(data)).pages]
    return pages, data, drawn


def test_the_fast_path_writes_what_drawpara_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    slow_pages, slow_file, slow_drawn = drawn_pages(False, monkeypatch)
    fast_pages, fast_file, fast_drawn = drawn_pages(True, monkeypatch)
    assert slow_drawn == 0
    assert fast_drawn >= 4 * len(styles())  # every case but the link, some split across frames
    assert len(fast_pages) == len(slow_pages) >= 2
    for fast, slow in zip(fast_pages, slow_pages, strict=True):
        assert fast.split(b" ") == slow.split(b" ")
    assert fast_file == slow_file
    operators = b" ".join(fast_pages)
    assert b"+1 " in operators  # a second subset was named
    assert re.search(rb" -\d[.\d]* Tw .* Td ", fast_pages[-1])  # squeezed lines, some moved along the line
    assert operators.count(b" Tw ") > 40  # lines spread or squeezed by word spacing


@pytest.mark.parametrize("spec", ["seed", "characters"])
def test_a_brief_is_the_same_file_with_the_fast_path_or_without(
    spec: str, monkeypatch: pytest.MonkeyPatch, write_spec: Callable[..., Path]
) -> None:
    body = f"{PROSE}\n\n- {PROSE}\n- {MANY}\n\n> {PROSE}\n\n{MANY}"
    path = SEED_SPEC if spec == "seed" else write_spec(minimal_spec(sections=[{"heading": "H", "body": body}]))
    fast = build(path)
    monkeypatch.setattr(paragraphs, "draw_plain_paragraph", lambda paragraph, debug=0: False)
    assert build(path) == fast


def test_paragraphs_it_does_not_set_are_left_to_reportlab() -> None:
    canvas = Canvas(io.BytesIO())
    before = list(reportlab_compat.page_operators(canvas))
    linked = TaggedParagraph(f'<a href="https://example.org">{PROSE}</a>', BODY)
    coloured = TaggedParagraph(PROSE, BODY.clone("tinted", backColor="#eeeeee"))
    for paragraph in (linked, coloured):
        paragraph.wrap(300, 10_000)
        paragraph.canv = canvas
        assert not plain_drawing.draw_plain_paragraph(paragraph)
    assert reportlab_compat.page_operators(canvas) == before
