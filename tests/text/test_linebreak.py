from __future__ import annotations

from briefgen.text.linebreak import break_opportunities, inside_korean_words

CHINESE = "双方表示，将继续深化在能源、贸易和安全领域的合作（包括“一带一路”倡议），并于2024年11月12日签署了联合声明。"
JAPANESE = "政府は、ちょっとした変更を加えたうえで、2024年度の予算案（約112兆円）を国会に提出する方針だ。"


def _lines_start_with(text: str, lang: str) -> set[str]:
    return {text[offset] for offset in break_opportunities(text, lang)}


def _lines_end_with(text: str, lang: str) -> set[str]:
    return {text[offset - 1] for offset in break_opportunities(text, lang)}


def test_chinese_breaks_between_ideographs_but_never_before_closing_or_after_opening_punctuation() -> None:
    starts, ends = _lines_start_with(CHINESE, "zh"), _lines_end_with(CHINESE, "zh")
    assert "将" in starts
    assert not starts & set("，。、）」”")
    assert not ends & set("（「“")


def test_numbers_and_latin_words_in_cjk_text_are_never_broken() -> None:
    text = "并于2024年11月12日签署了NATO声明"
    offsets = break_opportunities(text, "zh")
    for word in ("2024", "11", "12", "NATO"):
        start = text.index(word)
        assert not [offset for offset in offsets if start < offset < start + len(word)], word


def test_japanese_small_kana_and_the_prolonged_sound_mark_never_start_a_line() -> None:
    starts = _lines_start_with(JAPANESE + "ウクライナ情勢のデータ", "ja")
    assert not starts & set("ょっゃゅぁぃーッ")


def test_korean_is_broken_between_words_only() -> None:
    text = "김정은 국무위원장은 블라디보스토크에서 푸틴 대통령과 정상회담을 가졌다."
    assert {text[offset - 1] for offset in break_opportunities(text, "ko")} == {" "}


def test_a_short_chinese_name_in_an_english_paragraph_stays_whole() -> None:
    text = "Xi Jinping (习近平) sent a message"
    offsets = break_opportunities(text, "en")
    name = text.index("习")
    assert not [offset for offset in offsets if name < offset < name + 3]


def test_a_korean_word_may_break_between_syllables_only_as_a_last_resort() -> None:
    text = "대통령과 정상회담을"
    assert break_opportunities(text, "ko") == [5]
    assert inside_korean_words(text, "ko") == [1, 2, 3, 6, 7, 8, 9]


def test_offsets_count_characters_beyond_the_basic_plane_as_one() -> None:
    # ICU counts UTF-16 units: an emoji or a rare ideograph is two of them, and one character here.
    text = "Talks 😀 went on 𠀀𠀁 and ended 😀 well"
    assert break_opportunities(text) == [6, 8, 13, 16, 19, 23, 29, 31]
    assert all(text[offset - 1] == " " or ord(text[offset - 1]) > 0xFFFF for offset in break_opportunities(text))


def test_thai_is_broken_between_its_words_though_they_are_written_without_spaces() -> None:
    # สวัสดีครับ: "hello" and a polite particle, one run of letters; UAX #14 alone would find no break.
    text = "สวัสดีครับ"
    assert break_opportunities(text, "th") == [6]
