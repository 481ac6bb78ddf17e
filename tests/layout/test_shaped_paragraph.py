"""ShapedParagraph on its own: lines, justification, splitting across pages, balance, mirroring."""

from __future__ import annotations

from typing import Any

import pytest

from briefgen.layout.paragraph_items import DEFAULT_SETTING
from briefgen.layout.shaped_lines import justification
from briefgen.layout.shaped_paragraph import ShapedParagraph
from briefgen.load.theme_file import default_theme
from briefgen.pdf.shaping import Span
from briefgen.style.font_choice import face_chain
from briefgen.style.stylesheet import stylesheet
from briefgen.style.theme import SERIF

KOREAN = (
    "김정은 국무위원장은 블라디보스토크에서 푸틴 대통령과 정상회담을 가졌다. 양측은 경제 협력과 군사 기술 교류에 "
    "대해 논의했으며, 회담은 2024년 11월 12일에 열렸다. "
) * 3
CHINESE = "习近平主席在北京会见了来访的俄罗斯总统普京。双方表示，将继续深化在能源、贸易和安全领域的合作。" * 4


def _paragraph(text: str, style: str = "body", lang: str = "en", **options: Any) -> ShapedParagraph:
    styles = stylesheet(default_theme())
    return ShapedParagraph(
        [Span(text)], styles[style], lambda weight: face_chain((), SERIF, weight), lang=lang, **options
    )


def test_justified_korean_keeps_its_word_spaces_tight() -> None:
    paragraph = _paragraph(KOREAN, lang="ko")
    paragraph.wrap(300, 1000)
    size = paragraph.style.fontSize
    for line in paragraph.lines[:-1]:
        spaces = paragraph.shaped.text.count(" ", line.start, line.end)
        assert (300 - line.width) / spaces <= 0.15 * size  # the greedy breaker let spaces grow by 0.25 em


def test_chinese_lines_fill_the_measure_on_the_grid_without_overflowing() -> None:
    paragraph = _paragraph(CHINESE, lang="zh")
    paragraph.wrap(250, 1000)
    assert len(paragraph.lines) > 3
    for line in paragraph.lines[:-1]:
        # Total fit may leave a line a character short (to spare the last line a lone character), no more.
        assert 250 - 2 * paragraph.style.fontSize <= line.width <= 250.01


def test_a_split_leaves_no_widow_and_the_parts_share_the_lines() -> None:
    paragraph = _paragraph(CHINESE, lang="zh")
    _, height = paragraph.wrap(250, 1000)
    lines = len(paragraph.lines)
    leading = paragraph.style.leading
    first, rest = paragraph.split(250, leading * (lines - 1) + 1)
    first_lines = len(first.lines) if first.fixed_lines is None else len(first.fixed_lines)
    _, rest_height = rest.wrap(250, 1000)
    assert first_lines == lines - 2  # one line alone would be a widow: two move on
    assert rest_height == pytest.approx(2 * leading)
    assert paragraph.split(250, leading * 1.5) == []  # one line alone at the foot: an orphan
    rest.wrap(250, 1000)
    assert rest.lines == paragraph.lines[-2:]  # the rest keeps the lines the whole paragraph chose
    assert paragraph.split(250, height + 1) == []


def test_a_balanced_title_evens_its_lines() -> None:
    title = _paragraph("김정은 and Putin sign a treaty of mutual defence in Pyongyang", "title", balance=True)
    title.wrap(400, 1000)
    widths = [line.width for line in title.lines]
    assert len(widths) == 2
    assert abs(widths[0] - widths[1]) < 0.25 * max(widths)


def test_a_right_to_left_paragraph_and_a_mirrored_page_start_on_the_right() -> None:
    arabic = _paragraph("قال الأمين العام", style="bullet", bullet="•")
    assert arabic.rtl
    english = _paragraph("An English line", style="bullet", bullet="•", mirrored=True)
    assert english.rtl
    assert not _paragraph("An English line").rtl


def test_latin_words_in_a_shaped_paragraph_are_hyphenated_as_in_the_rest() -> None:
    text = (
        "Internationally, the extraordinarily comprehensive negotiations (김정은) "
        "were characteristically uncompromising."
    )
    paragraph = _paragraph(text * 3)
    paragraph.wrap(150, 1000)
    assert any(line.hyphen for line in paragraph.lines)
    for line in paragraph.lines[:-1]:
        spaces = paragraph.shaped.text.count(" ", line.start, line.end)
        gaps = justification(paragraph.shaped, line, 150, shrink=DEFAULT_SETTING.shrink)
        assert line.width + gaps.space * spaces == pytest.approx(150)  # shrunk or stretched to the measure
        # Without the emergency pass the final one left "dinarily" alone on a line, its looseness unbounded.
        assert line.width > 150 / 2


@pytest.mark.parametrize("width", range(120, 200, 4))
def test_a_shaped_paragraph_keeps_the_house_rules_of_hyphenation(width: int) -> None:
    """Proper names, acronyms and the last word stay whole, as in ReportLab's paragraphs (text.word_breaks)."""
    text = "Kim Jong Un (김정은) met Vladimir Putin in Pyongyang, Vladivostok and Khabarovsk UNCLOS considerations"
    paragraph = _paragraph(text)
    paragraph.wrap(width, 1000)
    for line in paragraph.lines:
        if line.hyphen:
            cut = paragraph.shaped.text[: line.end].split()[-1]
            assert cut[0].islower(), f"{cut}- at {width} pt"  # never "Py-", "Vladi-", "UNC-"
    assert not paragraph.lines[-1].hyphen
