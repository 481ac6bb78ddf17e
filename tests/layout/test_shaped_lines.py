"""Total fit for shaped text: the optimum where greedy falls short, no line past the measure, the house rules kept."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from briefgen.layout.linebreak import MAX_BREAKPOINTS, first_fit
from briefgen.layout.paragraph_items import DEFAULT_SETTING
from briefgen.layout.shaped_items import grid_gaps, shaped_points
from briefgen.layout.shaped_lines import Line, justification
from briefgen.layout.shaped_paragraph import ShapedParagraph
from briefgen.load.theme_file import default_theme
from briefgen.pdf.shaping import Span
from briefgen.style.font_choice import face_chain
from briefgen.style.stylesheet import stylesheet
from briefgen.style.theme import SERIF
from helpers_scripts import CHINESE, JAPANESE

KOREAN = (
    "김정은 국무위원장은 블라디보스토크에서 푸틴 대통령과 정상회담을 가졌다. 양측은 경제 협력과 군사 기술 교류에 "
    "대해 논의했으며, 회담은 2024년 11월 12일에 열렸다."
)
ARABIC = (
    "وقّع الرئيس الروسي فلاديمير بوتين والزعيم الكوري الشمالي كيم جونغ أون (김정은) في بيونغ يانغ يوم 19 يونيو 2024 "
    '"معاهدة الشراكة الاستراتيجية الشاملة"، التي تُلزم كل طرف بتقديم المساعدة العسكرية فورًا إلى الطرف الآخر إذا '
    "تعرّض لهجوم مسلح. وأكملت روسيا إجراءات التصديق على المعاهدة في نوفمبر 2024."
)
MIXED = (
    "Internationally, Kim Jong Un (김정은) and the extraordinarily comprehensive negotiations in Vladivostok "
    "were characteristically uncompromising; the delegations' representatives disagreed about everything."
)
WIDTHS = range(150, 400, 15)
CLOSING = "，。、）」』】》〉〕｝”"
OPENING = "（「『【《〈〔｛“"


def _paragraph(text: str, lang: str, style: str = "body", **options: Any) -> ShapedParagraph:
    styles = stylesheet(default_theme())
    return ShapedParagraph(
        [Span(text)], styles[style], lambda weight: face_chain((), SERIF, weight), lang=lang, **options
    )


def _set(text: str, lang: str, width: float, style: str = "body") -> tuple[ShapedParagraph, list[Line]]:
    paragraph = _paragraph(text, lang, style)
    paragraph.wrap(width, 10_000)
    return paragraph, paragraph.lines


def _greedy(paragraph: ShapedParagraph, width: float) -> list[Line]:
    """Return the lines first fit takes over the same items (Korean words kept whole, as before total fit)."""
    found = shaped_points(paragraph.shaped, 0, paragraph.rules, DEFAULT_SETTING, width, optimal=False)
    lines, start = [], 0
    for b in first_fit(found.points, [width]).points:
        end = found.ends[b]
        lines.append(Line(start, end, found.nexts[b], paragraph.shaped.width(start, end)))
        start = found.nexts[b]
    return lines


def _loosest(paragraph: ShapedParagraph, lines: list[Line], width: float) -> float:
    """Return how much the most stretched word space of the justified lines grows, in ems."""
    text, size = paragraph.shaped.text, paragraph.style.fontSize
    growth = [(width - line.width) / text.count(" ", line.start, line.end) / size for line in lines[:-1]]
    return max(growth, default=0.0)


def _texts(paragraph: ShapedParagraph, lines: list[Line]) -> list[str]:
    return [paragraph.shaped.text[line.start : line.end] for line in lines]


def test_korean_by_total_fit_has_no_loose_line_where_greedy_has_one() -> None:
    paragraph, lines = _set(KOREAN, "ko", 280)
    assert _loosest(paragraph, _greedy(paragraph, 280), 280) > 0.8  # greedy: spaces of 1.1 em
    assert _loosest(paragraph, lines, 280) < 0.15


def test_arabic_by_total_fit_is_tighter_than_greedy() -> None:
    paragraph, lines = _set(ARABIC, "ar", 270)
    greedy = _greedy(paragraph, 270)
    assert len(lines) == len(greedy)
    assert _loosest(paragraph, greedy, 270) > 0.4
    assert _loosest(paragraph, lines, 270) < 0.25


@pytest.mark.parametrize("width", [160, 370])
def test_a_chinese_paragraph_no_longer_ends_with_one_character(width: int) -> None:
    paragraph, lines = _set(CHINESE, "zh", width)
    assert _texts(paragraph, _greedy(paragraph, width))[-1] == "题。"
    last = _texts(paragraph, lines)[-1]
    assert len(last.rstrip(CLOSING)) >= 2, last


@pytest.mark.parametrize(("text", "lang"), [(KOREAN, "ko"), (ARABIC, "ar"), (CHINESE, "zh"), (JAPANESE, "ja")])
@pytest.mark.parametrize("width", WIDTHS)
def test_no_justified_line_is_set_wider_than_the_measure(text: str, lang: str, width: int) -> None:
    paragraph, lines = _set(text, lang, width)
    grid = grid_gaps(paragraph.shaped.text) if paragraph.rules.grid else frozenset()
    shrink = 0.0 if paragraph.rules.grid else DEFAULT_SETTING.shrink
    for number, line in enumerate(lines):
        if number == len(lines) - 1 and line.width <= width:
            break  # the last line, set at its natural width
        gaps = justification(paragraph.shaped, line, width, grid_after=grid, shrink=shrink)
        count = len(gaps.grid_after) if gaps.grid else paragraph.shaped.text.count(" ", line.start, line.end)
        assert line.width + (gaps.grid or gaps.space) * count == pytest.approx(width, abs=0.01)
        assert gaps.grid <= 2 * DEFAULT_SETTING.grid_stretch * paragraph.style.fontSize  # the grid's tolerance


@pytest.mark.parametrize(("text", "lang"), [(CHINESE, "zh"), (JAPANESE, "ja")])
@pytest.mark.parametrize("width", WIDTHS)
def test_cjk_lines_keep_kinsoku_and_latin_words_and_numbers_whole(text: str, lang: str, width: int) -> None:
    paragraph, lines = _set(text, lang, width)
    texts = _texts(paragraph, lines)
    assert "".join(texts) == text
    for before, after in itertools.pairwise(texts):
        assert after[0] not in CLOSING
        assert before[-1] not in OPENING
        assert not (before[-1].isascii() and before[-1].isalnum() and after[0].isascii() and after[0].isalnum())


@pytest.mark.parametrize("width", WIDTHS)
def test_english_with_korean_keeps_names_whole_and_the_hyphenation_rules(width: int) -> None:
    paragraph, lines = _set(MIXED, "en", width)
    texts = _texts(paragraph, lines)
    assert not any(text.endswith(("김", "김정")) for text in texts)  # a Korean name is never broken
    hyphens = [line.hyphen for line in lines]
    assert "True, True, True" not in str(hyphens)  # at most two hyphenated lines in a row
    assert not hyphens[-1]
    assert not (len(lines) > 1 and hyphens[-2] and texts[-1].count(" ") == 0)
    for line, text in zip(lines, texts, strict=True):
        if line.hyphen:
            assert text.split()[-1][0].islower(), text  # no names (Vladi-), no acronyms
    assert texts[-1].split()[-1] == "everything."


def test_a_korean_word_breaks_between_syllables_at_a_cost_twice_that_for_one_syllable_alone() -> None:
    paragraph = _paragraph(KOREAN, "ko")
    found = shaped_points(paragraph.shaped, 0, paragraph.rules, DEFAULT_SETTING, 300)
    text = paragraph.shaped.text
    costs = {found.nexts[b]: found.points.penalty[b] for b in range(len(found.nexts))}
    inside = text.index("국무위원장은")
    assert costs[inside + 2] == DEFAULT_SETTING.syllable_penalty  # 국무/위원장은
    assert costs[inside + 5] == 2 * DEFAULT_SETTING.syllable_penalty  # 국무위원장/은
    assert costs[text.index("열렸다")] == DEFAULT_SETTING.runt_penalty  # before the last word
    assert not any(text.index("열렸다") < offset < len(text) for offset in costs)  # the last word stays whole


def test_a_korean_word_in_another_language_or_a_ragged_paragraph_never_breaks() -> None:
    for paragraph in (_paragraph(KOREAN, "en"), _paragraph(KOREAN, "ko", "quote")):
        found = shaped_points(paragraph.shaped, 0, paragraph.rules, DEFAULT_SETTING, 300)
        assert all(paragraph.shaped.text[offset - 1] == " " or offset == len(KOREAN) for offset in found.nexts)


def test_a_paragraph_past_the_bound_is_set_greedily() -> None:
    text = CHINESE * 9
    paragraph, lines = _set(text, "zh", 300)
    assert len(shaped_points(paragraph.shaped, 0, paragraph.rules, DEFAULT_SETTING, 300).nexts) > MAX_BREAKPOINTS
    assert _texts(paragraph, lines) == _texts(paragraph, _greedy(paragraph, 300))
    assert "".join(_texts(paragraph, lines)) == text


def test_a_line_total_fit_shrinks_is_set_to_the_measure_by_narrower_spaces() -> None:
    paragraph, lines = _set(ARABIC, "ar", 220)
    shrunk = [line for line in lines[:-1] if line.width > 220]
    assert shrunk
    for line in shrunk:
        gaps = justification(paragraph.shaped, line, 220, shrink=DEFAULT_SETTING.shrink)
        assert gaps.space < 0
        assert line.width + gaps.space * paragraph.shaped.text.count(" ", line.start, line.end) == pytest.approx(220)
