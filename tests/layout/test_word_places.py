"""Where each breakpoint falls among the words, worked out when asked, is what the breakpoints were made from."""

from __future__ import annotations

import pytest

from briefgen.layout import paragraph_items
from briefgen.layout.paragraph_items import DEFAULT_SETTING, BreakRules, plain_points
from briefgen.layout.word_places import Places, WordRecord
from briefgen.load.theme_file import default_theme
from briefgen.style.fonts import register_fonts
from briefgen.style.stylesheet import stylesheet

BODY = stylesheet(default_theme())["body"]
WORDS = ["An", "extraordinarily", "comprehensive", "international", "agreement,", "negotiated", "confidentially."]


def test_each_breakpoint_is_in_its_word_after_its_character_or_after_the_word() -> None:
    # Word 0 breaks twice inside it, word 1 not at all, word 2 once; one breakpoint after each word.
    records: list[WordRecord] = [
        (30.0, ((10.0, 2.0, 50.0, True, 3), (10.0, 2.0, 50.0, True, 6)), 10.0),
        (12.0, (), 12.0),
        (20.0, ((8.0, 2.0, 50.0, True, 4),), 12.0),
    ]
    places = Places([0, 3, 4], records, 6)
    expected = [(0, 3), (0, 6), (0, -1), (1, -1), (2, 4), (2, -1)]
    assert list(places) == expected
    assert places[-1] == (2, -1)
    assert places[1:4] == expected[1:4]
    with pytest.raises(IndexError):
        places[6]
    # A breaking's breaks, looked up together (as ``breaking_memo.line_ends`` does), are the same places.
    assert places.taken([1, 2, 4, 5]) == ((0, 6), (0, -1), (2, 4), (2, -1))
    assert places.taken([]) == ()


@pytest.mark.parametrize("justified", [True, False])
def test_a_paragraphs_places_follow_its_breakpoints_words_and_syllables(justified: bool) -> None:
    register_fonts(default_theme())
    rules = BreakRules("en_US", justified, syllables=True, compounds=True)
    found = plain_points(WORDS, (BODY.fontName, BODY.fontSize), rules, DEFAULT_SETTING, 120.0, fill_last=True)
    places = list(found.places)
    assert len(places) == len(found.points.position)
    assert places[-1] == (len(WORDS) - 1, -1)
    assert [word for word, _ in places] == sorted(word for word, _ in places)
    inside = [(word, char) for word, char in places if char >= 0]
    assert inside  # long words hyphenate
    assert all(0 < char < len(WORDS[word]) for word, char in inside)
    after = [word for word, char in places if char < 0]
    assert sorted(set(after)) == list(range(len(WORDS)))  # every word ends at a breakpoint (ragged: at two)


@pytest.mark.parametrize("narrowest", [120.0, 40.0])
@pytest.mark.parametrize("fill_last", [True, False])
def test_a_justified_paragraphs_breakpoints_are_the_sums_made_item_by_item(narrowest: float, fill_last: bool) -> None:
    # Added up column by column with its spaces alike, they are the very numbers the general loop gives.
    register_fonts(default_theme())
    font = (BODY.fontName, BODY.fontSize)
    rules = BreakRules("en_US", justified=True, syllables=True, compounds=True)
    words = [*WORDS, "at", "https://example.org/a/long/address/of/many/parts"]
    found = plain_points(words, font, rules, DEFAULT_SETTING, narrowest, fill_last=fill_last)
    assert isinstance(found.places, Places)
    records = list(found.places.records)
    space = paragraph_items.space_glue(*font, DEFAULT_SETTING.stretch, DEFAULT_SETTING.shrink)
    spaces = [space] * (len(words) - 1)
    made = paragraph_items.sum_points(records, spaces, rules, DEFAULT_SETTING, font[1], narrowest, fill_last=fill_last)
    columns = ("position", "width", "stretch", "shrink", "fill", "pwidth", "penalty", "flagged", "after")
    for name in columns:
        assert list(getattr(found.points, name)) == list(getattr(made.points, name)), name
    assert list(found.places) == list(made.places)
    assert (found.narrowest, found.widest_word) == (made.narrowest, made.widest_word)
