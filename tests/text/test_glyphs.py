"""CharacterSet answers for whole texts as a Python set would, whether its pattern is compiled yet or not."""

from __future__ import annotations

import random

from briefgen.text.glyphs import CharacterSet

# Characters a character class treats specially, beside Cyrillic, Hangul, an astral one and a no-break space.
ALPHABET = "]^-\\[.*ab\u00a0ёжзийк가각\U0001f600"


def _answers(members: set[str], text: str) -> tuple[bool, str]:
    return set(text) <= members, "".join(ch for ch in text if ch not in members)


def test_a_character_set_answers_as_a_set_does_before_and_after_its_pattern_is_compiled() -> None:
    chooser = random.Random(7)
    for _ in range(300):
        members = set(chooser.sample(ALPHABET, chooser.randint(0, len(ALPHABET))))
        known = CharacterSet(members)
        for _ in range(6):
            text = "".join(chooser.choices(ALPHABET, k=chooser.randint(0, 12)))
            assert (known.holds_all(text), known.others(text)) == _answers(members, text)
        assert known.holds_all("".join(members))  # compiles the pattern, if it was not yet
        text = "".join(chooser.choices(ALPHABET, k=30))
        assert (known.holds_all(text), known.others(text)) == _answers(members, text)


def test_a_character_added_is_held_at_once() -> None:
    known = CharacterSet("абв")
    assert known.holds_all("вба")  # compiled now
    assert not known.holds_all("где")
    known.add("г")
    known.add("д")
    assert known.others("где") == "е"
    known.add("е")
    assert known.holds_all("где")
    assert known.others("где-то") == "-то"


def test_an_empty_set_holds_only_the_empty_text() -> None:
    known = CharacterSet()
    assert known.holds_all("")
    assert not known.holds_all("a")
    assert known.others("ab") == "ab"


def test_undrawable_names_each_missing_character_once_in_order_once_the_others_are_known() -> None:
    from briefgen.load.theme_file import default_theme
    from briefgen.style.font_choice import undrawable

    theme = default_theme()
    russian = "Договор о всеобъемлющем стратегическом партнёрстве"
    assert undrawable(russian, theme) == []
    assert undrawable(russian, theme) == []  # known now: answered by the pattern
    assert undrawable(f"{russian} ไทย, ไทย ёж", theme) == ["ไ", "ท", "ย"]
    assert undrawable("ยท", theme) == ["ย", "ท"]
