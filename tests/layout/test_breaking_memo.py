"""A plain paragraph's breaking is remembered: laid out again it is not broken again, and the memo stays bounded."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from briefgen import reportlab_compat
from briefgen.layout import breaking_memo, paragraphs
from briefgen.layout.paragraphs import OptimalParagraph
from briefgen.load.theme_file import default_theme
from briefgen.style.stylesheet import stylesheet

BODY = stylesheet(default_theme())["body"]
TEXT = (
    "The treaty, signed in June 2024 during a summit in Pyongyang, includes a mutual defence provision. "
    "Both nations pledge to support one another in the event of an armed attack, which extends Russia's "
    "strategic alliances in Asia and raises questions about international responsibilities."
)


@pytest.fixture
def breaks(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Forget every breaking, and record each paragraph the breaker is asked to break."""
    breaking_memo.forget_all()
    asked: list[Any] = []
    original = paragraphs.break_points

    def counted(*args: Any) -> Any:
        asked.append(args)
        return original(*args)

    monkeypatch.setattr(paragraphs, "break_points", counted)
    yield asked
    breaking_memo.forget_all()


def lines(text: str, width: float) -> list[tuple[float, list[str]]]:
    paragraph = OptimalParagraph(text, BODY)
    paragraph.wrap(width, 10_000)
    return [(room, list(words)) for room, words in reportlab_compat.paragraph_lines(paragraph)]


def test_the_same_paragraph_laid_out_again_takes_the_lines_remembered(breaks: list[Any]) -> None:
    first = lines(TEXT, 250)
    assert len(breaks) == 1
    assert lines(TEXT, 250) == first
    assert len(breaks) == 1  # a second paragraph object, the same words: not broken again


def test_other_widths_or_words_are_broken_anew(breaks: list[Any]) -> None:
    lines(TEXT, 250)
    narrower = lines(TEXT, 200)
    assert len(breaks) == 2
    other = lines(TEXT.replace("treaty", "accord"), 250)
    assert len(breaks) == 3
    assert narrower != other


def test_the_lines_remembered_are_those_broken_afresh(breaks: list[Any]) -> None:
    remembered = [lines(TEXT, width) for width in (180, 250, 320) for _ in range(2)]
    breaking_memo.forget_all()
    afresh = []
    for width in (180, 250, 320):
        afresh.append(lines(TEXT, width))
        breaking_memo.forget_all()
        afresh.append(lines(TEXT, width))
        breaking_memo.forget_all()
    assert remembered == afresh


def test_the_memo_is_bounded_and_forgets_the_least_recently_used(
    breaks: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(breaking_memo, "MEMO_SIZE", 3)
    texts = [f"{TEXT} Paragraph {n}." for n in range(5)]
    for text in texts[:3]:
        lines(text, 250)
    lines(texts[0], 250)  # used again: now the most recent
    for text in texts[3:]:
        lines(text, 250)
    assert breaking_memo.remembered_count() == 3
    asked = len(breaks)
    lines(texts[0], 250)  # kept
    assert len(breaks) == asked
    lines(texts[1], 250)  # forgotten
    assert len(breaks) == asked + 1


MIXED = TEXT.replace("mutual defence provision", "<b>mutual defence provision</b>").replace(
    "strategic alliances", '<font name="BriefSans">strategic alliances</font>'
)


def frag_lines(text: str, width: float) -> list[list[tuple[str, str, float]]]:
    """Return each line's pieces as (text, font, size): a paragraph in several fonts has ReportLab's kind 1 lines."""
    paragraph = OptimalParagraph(text, BODY)
    paragraph.wrap(width, 10_000)
    return [
        [(fragment.text, fragment.fontName, fragment.fontSize) for fragment in line.words]
        for line in reportlab_compat.paragraph_lines(paragraph)
    ]


def test_a_paragraph_in_several_fonts_is_remembered_by_its_words_and_their_fonts(breaks: list[Any]) -> None:
    first = frag_lines(MIXED, 250)
    assert len(breaks) == 1
    assert {font for line in first for _, font, _ in line} >= {"BriefSerif", "BriefSerif-Bold", "BriefSans"}
    assert frag_lines(MIXED, 250) == first
    assert len(breaks) == 1  # the same words in the same fonts: not broken again
    frag_lines(MIXED.replace("<b>", "<i>").replace("</b>", "</i>"), 250)
    assert len(breaks) == 2  # the same text in another font is broken anew
    frag_lines(MIXED.replace('name="BriefSans"', 'name="BriefSans" size="12"'), 250)
    assert len(breaks) == 3  # ... and in another size
    breaking_memo.forget_all()
    assert frag_lines(MIXED, 250) == first  # what was remembered is what is broken afresh


def test_a_paragraph_in_several_fonts_with_soft_hyphens_is_remembered_too(breaks: list[Any]) -> None:
    # The parser takes soft hyphens out of a fragment's text and keeps where they were: part of the key.
    text = MIXED.replace("international", "inter\xadnational").replace("responsibilities", "respon\xadsibilities")
    first = frag_lines(text, 120)
    assert frag_lines(text, 120) == first
    assert len(breaks) == 1
    frag_lines(text.replace("\xad", ""), 120)
    assert len(breaks) == 2  # without them: another key
