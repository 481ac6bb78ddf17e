"""Tests of the house rules of hyphenation: where a word may break, and what a break adds."""

from __future__ import annotations

import pytest

from briefgen.text.word_breaks import LONGEST_DICTIONARY_WORD, BreakKind, minimums, word_breaks


def shown(word: str, language: str = "en_US") -> str:
    out = word
    for wb in reversed(word_breaks(word, language)):
        out = out[: wb.index] + ("-|" if wb.adds_hyphen else "|") + out[wb.index :]
    return out


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("international", "inter-|na-|tional"),
        ("consequences.", "con-|se-|quences."),  # "con" keeps 3 letters; "-ces." would be a stub
        ("“government”,", "“gov-|ern-|ment”,"),  # quotes are not letters
        ("governments’", "gov-|ern-|ments’"),
        ("government's", "gov-|ern-|ment's"),  # an apostrophe splits the word into parts
        ("government’s", "gov-|ern-|ment’s"),
        ("Russia’s", "Russia’s"),  # a capitalised word is taken to be a name
        ("NATO", "NATO"),
        ("iPhone", "iPhone"),
        ("1990s", "1990s"),
        ("cross-agency", "cross-|agency"),  # only at the hyphen it has, with nothing added
        ("machine-to-machine", "machine-to-machine"),  # "to" is too short to stand at a line's end or start
        ("e-mail", "e-mail"),
        ("self—and", "self—|and"),
        ("www.ndtv.com.", "www.ndtv.com."),  # too short to break
        ("www.example-institute.org/reports.", "www.|example-|institute.|org/|reports."),
        ("https://example.org/a-path/x?q=1&r=2", "https://|example.|org/|a-|path/|x?|q=|1&|r=2"),
        ("snake_case_identifier_of_a_size", "snake_|case_|identifier_|of_|a_|size"),
        ("e.g.", "e.g."),
    ],
)
def test_word_breaks(word: str, expected: str) -> None:
    assert shown(word) == expected


def test_break_kinds_say_what_is_added() -> None:
    kinds = {wb.kind for wb in word_breaks("https://example.org/a-path", "en_US")}
    assert kinds == {BreakKind.ADDRESS}
    assert not any(wb.adds_hyphen for wb in word_breaks("cross-agency", "en_US"))
    assert all(wb.flagged for wb in word_breaks("cross-agency", "en_US"))
    assert all(wb.adds_hyphen and wb.flagged for wb in word_breaks("international", "en_US"))


def test_minimums_come_from_the_table_by_language() -> None:
    assert minimums("en_US") == (2, 3)  # TeX's, and the dictionary's own LEFTHYPHENMIN / RIGHTHYPHENMIN
    assert minimums("fr") == (2, 3)  # French typography wants three after
    assert minimums("ru_RU") == (2, 2)
    assert minimums("xx") == (2, 3)


def test_without_stub_avoidance_two_letters_may_stand_before_a_break() -> None:
    breaks = word_breaks("reconsider", "en_US", avoid_stubs=False)
    assert 2 in [wb.index for wb in breaks]  # "re-consider"
    assert 2 not in [wb.index for wb in word_breaks("reconsider", "en_US")]


def test_soft_hyphens_are_the_only_breaks_of_their_word() -> None:
    assert [wb.index for wb in word_breaks("tele\u00adphone", "en_US")] == [5]


def test_capitalised_nouns_hyphenate_in_german() -> None:
    assert word_breaks("Zusammenarbeit", "de_DE")
    assert not word_breaks("NATO", "de_DE")


def test_russian_words_hyphenate_with_two_letters_on_each_side() -> None:
    assert shown("государства", "ru_RU") == "госу-|дар-|ства"
    assert shown("Москва", "ru_RU") == "Москва"  # a name


def test_a_word_longer_than_any_words_is_not_looked_up() -> None:
    assert word_breaks("ab" * LONGEST_DICTIONARY_WORD, "en_US") == ()
