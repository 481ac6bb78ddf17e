from __future__ import annotations

import unicodedata

import pytest
from bidi import get_display

from briefgen.text.bidi import _MAY_REORDER, BidiError, _levels_from_dump, embedding_levels, visual_order

TEXTS = [
    "At the summit, Saudi Crown Prince Mohammed bin Salman (محمد بن سلمان) was not invited.",
    "قال الأمين العام لحلف شمال الأطلسي (NATO) يوم 12 نوفمبر 2024 إن الحلف سيزيد إنفاقه بنسبة 2.5 في المئة.",
    "ראש הממשלה אמר בראיון ל-BBC כי ההסכם ייחתם עד סוף שנת 2025.",
    "Plain English, no right-to-left letter at all.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_levels_reordered_as_one_line_give_python_bidis_own_display(text: str) -> None:
    """The levels read from python-bidi's dump are its own: reordering the paragraph as one line agrees with it."""
    levels, paragraph = embedding_levels(text)
    shown = "".join(text[index] for index in visual_order(levels))
    assert shown == get_display(text)
    assert paragraph == (1 if text[0] in "קראש" or "\u0600" <= text[0] <= "\u06ff" else 0)


def test_a_base_direction_overrides_the_first_strong_letter() -> None:
    levels, paragraph = embedding_levels("NATO قال", "rtl")
    assert paragraph == 1
    assert levels[:4] == [2, 2, 2, 2]  # Latin inside a right-to-left paragraph
    assert embedding_levels("", "rtl") == ([], 1)


def test_a_changed_dump_fails_loudly() -> None:
    with pytest.raises(BidiError, match="its debug output has changed"):
        _levels_from_dump("ab", "BidiInfo { levels: [], paragraphs: [] }")


def test_visual_order_reverses_runs_from_the_highest_level_down() -> None:
    assert visual_order([0, 0, 1, 1, 0]) == [0, 1, 3, 2, 4]
    assert visual_order([1, 2, 2, 1]) == [3, 1, 2, 0]
    assert visual_order([]) == []


def test_every_character_that_can_reorder_text_is_looked_for_before_the_shortcut() -> None:
    """Text without one of them skips python-bidi in a left-to-right paragraph: none may be missed."""
    ordering = {"R", "AL", "AN", "RLE", "LRE", "RLO", "LRO", "PDF", "RLI", "LRI", "FSI", "PDI"}
    missed = [
        f"U+{code:04X}"
        for code in range(0x110000)
        if unicodedata.bidirectional(chr(code)) in ordering and not _MAY_REORDER.search(chr(code))
    ]
    assert missed == []


@pytest.mark.parametrize(
    "text",
    [
        "Plain English, 12.5% of it (digits, brackets) and a dash — no more.",
        "Договор между Россией и КНДР (북러 조약) подписан 19 июня 2024 года.",
        "북한과 러시아는 2024년 6월 19일 평양에서 조약에 서명했다.",
        "A name in isolates: \u2068Ким Чен Ын\u2069, then text.",  # FSI/PDI: python-bidi's path
        "Arabic-Indic digits ٣٤ are numbers of their own class (AN).",
    ],
)
def test_the_shortcut_gives_the_levels_python_bidi_gives(text: str) -> None:
    """Left-to-right text takes level 0 throughout without python-bidi, and the same levels as python-bidi gives."""
    dump = get_display(text, base_dir="L", debug=True)
    assert embedding_levels(text, "ltr") == _levels_from_dump(text, str(dump))
    assert embedding_levels(text) == _levels_from_dump(text, str(get_display(text, debug=True)))
