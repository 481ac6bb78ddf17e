from __future__ import annotations

import pytest
from bidi import get_display

from briefgen.text.bidi import BidiError, _levels_from_dump, embedding_levels, visual_order

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
