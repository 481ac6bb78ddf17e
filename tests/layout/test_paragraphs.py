"""Extreme but valid specs lay out across as many pages as they need, every character inside the margins."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pdfplumber
import pypdf
import pytest

from briefgen import build
from conftest import minimal_spec, pdf_text
from helpers_hostile import chars_outside_margins, page_count, spec_error

URL = "https://example.org/" + "a" * 4980  # 5,000 characters, no slash after the host


def _drawn(pdf: Path, character: str) -> int:
    with pdfplumber.open(pdf) as document:
        return sum(1 for page in document.pages for char in page.chars if char["text"] == character)


def _build(write_spec: Callable[..., Path], tmp_path: Path, **fields: Any) -> Path:
    return build(write_spec(minimal_spec(**fields)), tmp_path / "out.pdf").output


def test_thousands_of_key_points_continue_across_pages(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    points = [f"Point {number} of the box." for number in range(1, 2001)]
    pdf = _build(write_spec, tmp_path, key_points=points)
    assert page_count(pdf) > 30
    assert chars_outside_margins(pdf) == []
    text = pdf_text(pdf)
    assert "Key points (continued)" in text
    assert "Point 1 of the box." in text
    assert "Point 2000 of the box." in text


def test_sixty_thousand_character_paragraph(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    body = " ".join(f"w{n:04d}" for n in range(10_000))  # 59,999 characters in one paragraph
    assert len(body) == 59_999
    pdf = _build(write_spec, tmp_path, sections=[{"heading": "Long", "body": body}])
    assert page_count(pdf) > 5
    assert chars_outside_margins(pdf) == []
    text = pdf_text(pdf)
    assert "w0000 w0001" in text
    assert text.endswith("w9999 A Minimal Brief Page " + f"{page_count(pdf)} of {page_count(pdf)}")


@pytest.mark.parametrize(
    "where",
    ["body", "key_point", "bullet", "quote", "summary", "subtitle", "title"],
)
def test_two_thousand_character_word_is_cut_at_the_margin(
    where: str, write_spec: Callable[..., Path], tmp_path: Path
) -> None:
    word = "z" * 2000 if where not in ("subtitle", "title") else "z" * 500  # their limit is 500
    fields: dict[str, Any] = {
        "body": {"sections": [{"heading": "H", "body": word}]},
        "key_point": {"key_points": [word]},
        "bullet": {"sections": [{"heading": "H", "body": f"- {word}"}]},
        "quote": {"sections": [{"heading": "H", "body": f"> {word}"}]},
        "summary": {"summary": word},
        "subtitle": {"subtitle": word},
        "title": {"title": word},
    }[where]
    pdf = _build(write_spec, tmp_path, **fields)
    assert chars_outside_margins(pdf) == []
    drawn = _drawn(pdf, "z")
    # Every z is drawn (the title also appears, shortened, in the running footer).
    assert drawn >= len(word)


def test_five_thousand_character_url_in_a_body_link(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    pdf = _build(write_spec, tmp_path, sections=[{"heading": "H", "body": f"See [{URL}]({URL}) there."}])
    assert chars_outside_margins(pdf) == []
    assert _drawn(pdf, "a") >= 4980
    uris = {a.get_object()["/A"]["/URI"] for page in pypdf.PdfReader(pdf).pages for a in page.get("/Annots", [])}
    assert uris == {URL}


def test_five_thousand_character_url_as_plain_text(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    pdf = _build(write_spec, tmp_path, sections=[{"heading": "H", "body": f"Read {URL} now"}])
    assert chars_outside_margins(pdf) == []
    assert _drawn(pdf, "a") >= 4980


def test_five_thousand_character_url_in_a_reference(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    pdf = _build(write_spec, tmp_path, references=[{"title": "A source", "url": URL}])
    assert chars_outside_margins(pdf) == []
    text = re.sub(r"AMinimalBriefPage\d+of\d+", "", "".join(pdf_text(pdf).split()))  # the footer, if it spans pages
    assert text.count(URL) == 1


def test_thousand_character_heading_is_refused_naming_the_limit() -> None:
    heading = ("word " * 200).strip() + "s"
    text = f"title: T\nkey_points: [x]\nsections:\n  - heading: {heading}\n    body: B\n"
    assert spec_error(text) == (
        "brief.yaml:4:14: sections[0].heading: is 1,000 characters long; the limit is 300; shorten it"
    )


def test_tall_headings_at_the_limit_break_cleanly(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    heading_words = ("Heading " * 40).strip()[:300]
    heading_block = "H" * 300
    sections = [
        {"heading": heading_words if n % 2 else heading_block, "body": "A sentence of body text. " * (n % 7 + 1)}
        for n in range(60)
    ]
    pdf = _build(write_spec, tmp_path, sections=sections)
    assert chars_outside_margins(pdf) == []
    assert page_count(pdf) > 5


def test_four_hundred_sections(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    sections = [{"heading": f"Section {n}", "body": f"Body of section {n}. " * 5} for n in range(1, 401)]
    pdf = _build(write_spec, tmp_path, sections=sections)
    assert page_count(pdf) > 15
    assert chars_outside_margins(pdf) == []
    text = pdf_text(pdf)
    assert "Section 1 Body of section 1." in text
    assert "Section 400 Body of section 400." in text


def test_long_classification_banner_is_set_smaller_not_cut(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    marking = "OFFICIAL-SENSITIVE " * 5 + "X" * 5  # 100 characters
    pdf = _build(write_spec, tmp_path, classification=marking)
    assert chars_outside_margins(pdf) == []
    assert pdf_text(pdf).count(" ".join(marking.split())) == 2  # top and bottom, whole


def test_a_word_wider_than_a_ragged_line_leaves_no_empty_line() -> None:
    """Found by fuzzing a table cell: "O" wider than its 6.8 pt column, ragged text, made the breaker break twice
    in one place (before and after the space's ragged stretch); the empty line between crashed the line cutter."""
    from briefgen import reportlab_compat
    from briefgen.layout.paragraphs import OptimalParagraph
    from briefgen.load.theme_file import default_theme
    from briefgen.style.stylesheet import stylesheet

    cell = stylesheet(default_theme())["table.cell.left"]
    paragraph = OptimalParagraph("O US", cell)
    paragraph.wrap(6.794435638479975, 1000)
    lines = [words for _, words in reportlab_compat.paragraph_lines(paragraph)]
    assert all(lines)
    assert "".join("".join(words) for words in lines).replace(" ", "") == "OUS"


def test_a_line_that_fits_is_the_line_reportlabs_breaker_makes() -> None:
    """One-line paragraphs (headings, labels, cells) are set without ReportLab's breaker: to the same line, to the bit,
    and left to it wherever a word does not fit as it adds them up."""
    import random

    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph

    from briefgen import reportlab_compat
    from briefgen.layout.paragraphs import OptimalParagraph
    from briefgen.load.theme_file import default_theme
    from briefgen.style.fonts import register_fonts
    from briefgen.style.stylesheet import stylesheet

    theme = default_theme()
    register_fonts(theme)
    styles = stylesheet(theme, "ru")
    chooser = random.Random(3)
    vocabulary = ["Договор", "о", "стратегическом", "партнёрстве", "2024\xa0г.", "NATO", "(KPA)", "—", "well-known"]
    set_here = 0
    for _ in range(1000):
        style = styles[chooser.choice(["body", "heading", "table.cell.right", "reference", "title"])]
        text = " ".join(chooser.choices(vocabulary, k=chooser.randint(1, 6)))
        bullet = chooser.choice([None, "3."])
        ours, theirs = OptimalParagraph(text, style, bulletText=bullet), Paragraph(text, style, bulletText=bullet)
        measured = stringWidth(text, style.fontName, style.fontSize)
        room = [0.0]
        reportlab_compat.bullet_line_widths(ours, room)  # less than 0 by the bullet's room
        # At the edge, where adding the words up may come out a hair wider than the text measured whole.
        width = (
            measured - room[0] + (chooser.uniform(-1e-9, 1e-9) if chooser.random() < 0.5 else chooser.uniform(0, 50))
        )
        first = [width]
        reportlab_compat.bullet_line_widths(ours, first)
        if measured > first[0]:
            continue  # broken by total fit: other lines than ReportLab's, by design
        mine, reportlabs = ours.breakLines([width]), theirs.breakLines([width])
        assert (mine.kind, mine.lines, mine.ascent, mine.descent, mine.fontSize) == (
            reportlabs.kind,
            reportlabs.lines,
            reportlabs.ascent,
            reportlabs.descent,
            reportlabs.fontSize,
        )
        notes = ("_width_max", "_hyphenations", "_splitLongWordCount")  # what breakLines leaves on the paragraph
        assert [getattr(ours, note) for note in notes] == [getattr(theirs, note) for note in notes]
        set_here += len(mine.lines) == 1
    assert set_here > 150


def test_a_layout_tried_again_gets_the_lines_of_the_one_before_as_they_were_before_its_split() -> None:
    """A paragraph in several fonts laid out again (a tighter layout tried) is given the pieces and lines the first
    layout cut; ReportLab's split of the first marks the piece that ends its first part (a hyphenated head) as a
    line's last, which must not reach the second."""
    from briefgen import reportlab_compat
    from briefgen.layout.context import LayoutContext
    from briefgen.layout.shaping_memo import remembering
    from briefgen.load.theme_file import load_theme
    from briefgen.pdf import tagging
    from briefgen.style.fonts import register_fonts
    from briefgen.style.stylesheet import stylesheet
    from briefgen.text.labels import labels_for

    theme = load_theme("default")
    register_fonts(theme)

    def context() -> LayoutContext:
        return LayoutContext(stylesheet(theme, "ru"), theme, tagging.Element("Document"), words=labels_for("ru"))

    def looks(paragraph: Any) -> list[tuple[str, str]]:
        return [(type(piece).__name__, "".join(text for _, text in piece[1:])) for piece in paragraph.frags]

    sentence = (
        "Председатель **Госсовета** КНДР Ким Чен Ын (김정은) назвал договор *союзническим*; "
        "контрреволюционные высокопоставленные представители международного сообщества"
    )
    text = " ".join([sentence] * 4)
    width = 150.0
    fresh = context().para(text, "body")
    fresh.wrap(width, 10_000)
    expected = looks(fresh)
    lines = reportlab_compat.paragraph_lines(fresh)
    hyphenated = next(n for n, line in enumerate(lines[:-1]) if line.words[-1].text.endswith(("\xad", "-")))
    leading = fresh.height / len(lines)
    with remembering():
        tried = context()
        first = tried.para(text, "body")
        first.wrap(width, 10_000)
        assert looks(first) == expected
        cut = first.frags
        parts = first.split(width, (hyphenated + 1.5) * leading)  # the first part ends with the hyphenated line
        assert len(reportlab_compat.paragraph_lines(parts[0])) == hyphenated + 1
        again = tried.para(text, "body")
        again.wrap(width, 10_000)
        assert again.frags is cut  # the pieces cut before, not cut again
        assert looks(again) == expected
