"""The paragraphs' own lines: ReportLab draws what the breaker chose, with fonts, links and splits intact."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pdfplumber
import pypdf
import pytest
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame

from briefgen import reportlab_compat
from briefgen.layout.linebreak import MAX_BREAKPOINTS
from briefgen.layout.paragraphs import OptimalParagraph
from briefgen.load.theme_file import default_theme
from briefgen.style.stylesheet import stylesheet

BODY: ParagraphStyle = stylesheet(default_theme())["body"]
TEXT = (
    "The treaty, signed in June 2024 by Putin and North Korean leader Kim Jong Un during a summit in "
    "Pyongyang, includes a <b>mutual defence provision</b>. According to the accord, both nations pledge "
    "to support one another in the event of an <i>armed attack</i>. This agreement, now law in Russia, "
    'represents a <a href="https://example.org/treaty" color="blue">formal commitment to military support</a> '
    "that extends Russia's strategic alliances in Asia, positioning North Korea as a closer ally amid "
    "growing isolation from the West, and raising questions about international responsibilities."
)
PLAIN = re.sub(r"<[^>]+>", "", TEXT)
WIDTH = 300.0


def wrapped(text: str = TEXT, width: float = WIDTH, style: ParagraphStyle = BODY) -> OptimalParagraph:
    paragraph = OptimalParagraph(text, style)
    paragraph.wrap(width, 10_000)
    return paragraph


def line_texts(paragraph: Any) -> list[str]:
    lines = reportlab_compat.paragraph_lines(paragraph)
    # A paragraph that fits on one line is ReportLab's (kind 0: its lines are (room, words) pairs).
    return [" ".join(line[1]) if isinstance(line, tuple) else "".join(f.text for f in line.words) for line in lines]


def joined(texts: list[str]) -> str:
    """The lines' text as a reader gets it: soft hyphens and the line ends after them dropped."""
    return re.sub("\u00ad\\s*", "", "".join(texts))


@pytest.mark.parametrize("text", [TEXT, PLAIN])
def test_lines_hold_the_text_in_order_each_ending_in_a_space_or_a_soft_hyphen(text: str) -> None:
    paragraph = wrapped(text)
    texts = line_texts(paragraph)
    assert paragraph.last_breaking is not None
    assert len(texts) == len(paragraph.last_breaking.breaks) > 3
    assert joined(texts).split() == PLAIN.split()
    assert joined(texts) == PLAIN  # every word boundary at a line's end keeps its space
    for text, flagged in zip(texts[:-1], paragraph.last_breaking.flagged, strict=False):
        assert text.endswith("\u00ad") if flagged else text.endswith(" ")
    assert not texts[-1].endswith((" ", "\u00ad"))


def test_inline_fonts_and_link_survive_on_the_lines() -> None:
    paragraph = wrapped()
    frags = [frag for line in reportlab_compat.paragraph_lines(paragraph) for frag in line.words]
    bold = "".join(f.text for f in frags if f.fontName == f"{BODY.fontName}-Bold")
    italic = "".join(f.text for f in frags if f.fontName == f"{BODY.fontName}-Italic")
    linked = "".join(f.text for f in frags if f.link)
    assert " ".join(bold.split()) == "mutual defence provision"
    assert " ".join(italic.split()) == "armed attack"
    assert " ".join(linked.replace("\u00ad", "").split()) == "formal commitment to military support"


def test_justified_lines_fill_the_measure_within_their_glue() -> None:
    paragraph = wrapped()
    lines = reportlab_compat.paragraph_lines(paragraph)
    assert paragraph.last_breaking is not None
    for line, ratio in zip(lines[:-1], paragraph.last_breaking.ratios[:-1], strict=True):
        assert -1 <= ratio <= 3  # every line but the last is set by stretching or shrinking its spaces
        assert line.maxWidth == WIDTH
    assert lines[-1].extraSpace > 0  # the last line is ragged


def draw(tmp_path: Path, paragraph: Any, width: float = WIDTH) -> Path:
    out = tmp_path / "p.pdf"
    canvas = Canvas(str(out))
    frame = Frame(72, 72, width, 600, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    frame.addFromList([paragraph], canvas)
    canvas.save()
    return out


def rows(pdf: Path) -> list[tuple[float, float]]:
    """Each line's left and right ink edge, top to bottom."""
    with pdfplumber.open(pdf) as document:
        chars = [c for c in document.pages[0].chars if not c["text"].isspace()]
    found: dict[int, tuple[float, float]] = {}
    for char in chars:
        top = round(char["top"])
        left, right = found.get(top, (char["x0"], char["x1"]))
        found[top] = (min(left, char["x0"]), max(right, char["x1"]))
    return [found[top] for top in sorted(found)]


def test_a_paragraph_in_one_font_is_set_in_plain_lines_broken_where_styled_text_would_be() -> None:
    # One fragment: ReportLab's plain lines (kind 0, words as strings), which draw faster; the
    # same words split into fragments of the same look take the same breaks.
    plain = wrapped(PLAIN)
    assert all(type(line) is tuple for line in reportlab_compat.paragraph_lines(plain))
    same_look = re.sub(r"^(\w+)", rf'<font name="{BODY.fontName}">\1</font>', PLAIN)
    styled = wrapped(same_look)
    assert not any(type(line) is tuple for line in reportlab_compat.paragraph_lines(styled))
    assert line_texts(plain) == line_texts(styled)
    assert plain.last_breaking is not None
    assert styled.last_breaking is not None
    assert plain.last_breaking.ratios == pytest.approx(styled.last_breaking.ratios)


@pytest.mark.parametrize(
    "text", [PLAIN, "A word at the end " + " ".join(["of well-known cross-border nationalisation"] * 12)]
)
def test_split_plain_paragraph_gives_its_rest_whole_words(text: str) -> None:
    whole = line_texts(wrapped(text))
    paragraph = OptimalParagraph(text, BODY)
    first, rest = paragraph.split(WIDTH, BODY.leading * 3 + 1)
    first.wrap(WIDTH, BODY.leading * 3 + 1)
    assert line_texts(first) == whole[:3]
    rest.wrap(WIDTH, 10_000)
    assert joined(whole[3:]) == joined(line_texts(rest))
    rest.wrap(WIDTH * 0.7, 10_000)  # the rest wrapped again elsewhere, narrower
    assert joined(line_texts(rest)).split() == joined(whole[3:]).split()


def test_drawn_paragraph_reads_back_with_its_words_link_and_justified_edges(tmp_path: Path) -> None:
    pdf = draw(tmp_path, OptimalParagraph(TEXT, BODY))
    page = pypdf.PdfReader(pdf).pages[0]
    assert joined([page.extract_text()]).split() == PLAIN.split()
    annotations = [a.get_object() for a in page.get("/Annots", [])]
    assert {a["/A"]["/URI"] for a in annotations} == {"https://example.org/treaty"}  # one per line it is on
    edges = rows(pdf)
    assert all(abs(right - (72 + WIDTH)) < 0.6 for _, right in edges[:-1])
    assert edges[-1][1] < 72 + WIDTH - 5


def test_split_paragraph_keeps_its_lines_on_both_pages() -> None:
    whole = line_texts(wrapped())
    paragraph = OptimalParagraph(TEXT, BODY)
    leading = BODY.leading
    first, rest = paragraph.split(WIDTH, leading * 4 + 1)
    first.wrap(WIDTH, leading * 4 + 1)  # the frame wraps the part again before drawing it
    rest.wrap(WIDTH, 10_000)
    assert line_texts(first) == whole[:4]
    assert line_texts(rest) == whole[4:]  # lines of several fonts too: the whole's
    _, last = rest.split(WIDTH, leading * 2 + 1)  # and on a third page
    last.wrap(WIDTH, 10_000)
    assert line_texts(last) == whole[6:]


# Split after seven lines at the default measure, broken anew on its own, the rest of this paragraph set "attack."
# alone on its last line; the whole paragraph, which knew the lines before it, ended "armed attack.".
RUNT_PRONE = (
    "Historically, North Korea and Russia have shared ideological alignments dating back to the Soviet era. The "
    "Russia-North Korea treaty is bound to raise concerns in South Korea, Japan, and Western nations, especially in "
    "light of North Korea\u2019s active nuclear weapons program. President Putin has signed into law the mutual "
    "defense treaty that he and Kim Jong Un signed at their summit in Pyongyang in June 2024. Under its mutual "
    "defense provision, both nations pledge to support one another in the event of an armed attack. In a "
    "significant geopolitical move, Russian President Vladimir Putin has officially signed into law a mutual "
    "defense treaty with North Korea. According to the accord, both nations pledge to support one another in the "
    "event of an armed attack."
)


@pytest.mark.parametrize(
    "text",
    # Plain (one font: lines of words) and with a link (lines of fragments), broken alike.
    [RUNT_PRONE, RUNT_PRONE.replace("Historically", '<a href="https://example.org/h" color="blue">Historically</a>')],
)
def test_the_rest_of_a_split_paragraph_keeps_the_lines_the_whole_chose(tmp_path: Path, text: str) -> None:
    measure = 134 * mm  # the default theme's
    whole = line_texts(wrapped(text, measure))
    assert len(whole) > 9
    room = BODY.leading * 7 + 1
    first, rest = OptimalParagraph(text, BODY).split(measure, room)  # as a page's frame splits it
    out = tmp_path / "split.pdf"
    canvas = Canvas(str(out))
    for part, height in ((first, room), (rest, 600.0)):
        frame = Frame(72, 72, measure, height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        frame.addFromList([part], canvas)
        canvas.showPage()
    canvas.save()
    with pdfplumber.open(out) as document:
        pages = [[line.strip() for line in page.extract_text().splitlines()] for page in document.pages]
    assert pages[0] == [text.strip() for text in whole[:7]]
    assert pages[1] == [text.strip() for text in whole[7:]]
    assert pages[1][-1] == "armed attack."
    # Its rest split again, on a third page, keeps them too.
    _, last = rest.split(measure, BODY.leading * 2 + 1)
    last.wrap(measure, 600)
    assert line_texts(last) == whole[9:]


def test_left_aligned_paragraphs_are_ragged_and_follow_the_same_rules() -> None:
    left = ParagraphStyle("left", parent=BODY, alignment=TA_LEFT)
    paragraph = wrapped(style=left)
    assert paragraph.last_breaking is not None
    assert all(ratio >= 0 for ratio in paragraph.last_breaking.ratios)  # spaces keep their width
    lines = reportlab_compat.paragraph_lines(paragraph)
    assert all(line.extraSpace >= 0 for line in lines)
    assert joined(line_texts(paragraph)) == PLAIN
    assert not any(text.rstrip().endswith(("Rus\u00ad", "Py\u00ad")) for text in line_texts(paragraph))


def test_word_wider_than_the_measure_breaks_between_characters_inside_it(tmp_path: Path) -> None:
    text = "A short start and then " + "Pneumonoultramicroscopicsilicovolcanoconiosis" * 2 + " ends it."
    paragraph = OptimalParagraph(text, BODY)
    pdf = draw(tmp_path, paragraph, width=60)
    assert paragraph.last_breaking is not None
    assert all(right <= 72 + 60 + 0.01 for _, right in rows(pdf))
    assert joined(line_texts(paragraph)).split() == text.split()


def test_a_paragraph_past_the_bound_is_set_greedily_and_whole() -> None:
    text = " ".join(["consideration"] * MAX_BREAKPOINTS)
    paragraph = wrapped(text)
    assert paragraph.last_breaking is not None
    assert paragraph.last_breaking.pass_name == "greedy"
    assert joined(line_texts(paragraph)).split() == text.split()


def test_right_to_left_text_is_left_to_reportlab() -> None:
    rtl = ParagraphStyle("rtl", parent=BODY, wordWrap="RTL")
    paragraph = wrapped(style=rtl)
    assert paragraph.last_breaking is None
    assert reportlab_compat.paragraph_lines(paragraph)


@pytest.mark.parametrize("text", ["One line only.", "Two words"])
def test_a_one_line_paragraph_is_one_line_with_no_space_after(text: str) -> None:
    assert line_texts(wrapped(text)) == [text]


def test_a_word_cut_at_its_own_hyphen_keeps_it_when_the_paragraph_is_wrapped_again() -> None:
    # ReportLab joins a cut word's pieces again before it re-wraps (at another width, or the rest of
    # a split paragraph), stripping a hyphen from a head that shares its tail's fragment.
    text = "<b>Bold</b> start. " + " ".join(
        ["the Russia-North Korea relations and the well-known cross-border trade"] * 6
    )
    plain = re.sub(r"<[^>]+>", "", text)
    paragraph = OptimalParagraph(text, BODY)
    for width in (200, 230, 180, 260):
        paragraph.wrap(width, 10_000)
        assert joined(line_texts(paragraph)).split() == plain.split()


def test_a_long_paragraph_is_known_not_to_fit_one_line_from_its_opening_alone() -> None:
    paragraph = wrapped(PLAIN)
    assert paragraph.one_line is not None
    assert paragraph.one_line[5] is False  # only the opening measured: it is wider than the line already
    assert len(line_texts(paragraph)) > 3


def test_a_long_text_that_fits_one_line_is_measured_whole_and_set_as_one() -> None:
    text = "i " * 120  # longer than the opening, and narrow
    paragraph = wrapped(text.strip(), width=2000)
    assert paragraph.one_line is not None
    assert paragraph.one_line[5] is True
    assert len(line_texts(paragraph)) == 1
    assert len(line_texts(wrapped(text.strip(), width=200))) > 1
