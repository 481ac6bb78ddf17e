from __future__ import annotations

import pytest

from briefgen.text.scripts import (
    HAN_SCRIPTS,
    cjk_variant,
    dominant_script,
    has_han_letters,
    is_western,
    language_is_right_to_left,
    paragraph_direction,
    resolved_scripts,
    script_label,
    script_language,
    script_of,
    script_runs,
    sets_simply,
)


def test_common_characters_take_the_script_of_the_letters_they_follow() -> None:
    assert resolved_scripts("(김정은), ok") == ("Hang",) * 7 + ("Latn",) * 2
    assert script_runs("Путин 习近平") == [(0, 6, "Cyrl"), (6, 9, "Hani")]
    assert resolved_scripts("123") == ("Zyyy",) * 3


@pytest.mark.parametrize(
    ("lang", "text", "variant"),
    [("ja", "", "Jpan"), ("ko", "", "Kore"), ("zh", "", "Hans"), ("zh-Hant", "", "Hant"), ("zh-TW", "", "Hant"),
     ("en", "ひらがな", "Jpan"), ("en", "习近平", "Hans")],
)  # fmt: skip
def test_the_cjk_glyph_forms_follow_the_language(lang: str, text: str, variant: str) -> None:
    assert cjk_variant(lang, text) == variant


def test_right_to_left_languages_and_paragraphs() -> None:
    assert language_is_right_to_left("ar")
    assert language_is_right_to_left("he-IL")
    assert not language_is_right_to_left("en")
    assert paragraph_direction("NATO قال", page_right_to_left=True) == "rtl"
    assert paragraph_direction("An English reference", page_right_to_left=True) is None
    assert paragraph_direction("قال", page_right_to_left=False) is None  # the first strong letter decides


def test_reportlab_sets_latin_greek_cyrillic_and_punctuation_but_nothing_that_needs_shaping() -> None:
    assert all(sets_simply(ch) for ch in "éŻΩЖ—’€…№")
    assert not any(sets_simply(ch) for ch in "\u0301\u200fب\u05d0क中김\u3002")


def test_what_a_script_is_called_in_messages() -> None:
    assert [script_label(ch) for ch in "김ก😀→"] == ["Hangul", "Thai", "emoji", "symbol"]
    assert dominant_script("习近平 met Putin") == "Latn"
    assert dominant_script("习近平主席 met") == "Hani"


def test_the_language_a_characters_script_makes_clear() -> None:
    assert [script_language(ch) for ch in "김かカ中αאԱกა"] == ["ko", "ja", "ja", "zh", "el", "he", "hy", "th", "ka"]
    assert [script_language(ch) for ch in "aЖب\u0345\U0003d000"] == ["", "", "", "", ""]  # a mark, Seal script
    assert script_language("ー") == "ja"  # Common, but written in kana only
    assert script_language("、") == ""  # Common to Chinese, Japanese and Korean


def test_western_text_is_what_windows_1252_encodes_and_no_script_tells_its_language() -> None:
    assert is_western("Le traité – « défense » ’ … € ™ œ")
    assert not any(is_western(text) for text in ("Путин", "漢字", "ä\u0301"))
    for code in range(256):
        try:
            char = bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            continue
        assert char < "\u2e80", char
        assert not script_language(char), char


def test_every_chinese_character_kana_and_bopomofo_letter_is_looked_for() -> None:
    """A paragraph without one is never justified on the CJK grid: the quick search may miss none."""
    missed = [
        f"U+{code:04X}"
        for code in range(0x110000)
        if chr(code).isalpha() and script_of(chr(code)) in HAN_SCRIPTS and not has_han_letters(chr(code))
    ]
    assert missed == []
    assert not has_han_letters("Договор между Россией и КНДР (북러 조약), 2024")
    assert has_han_letters("条约")
    assert has_han_letters("プーチン")
