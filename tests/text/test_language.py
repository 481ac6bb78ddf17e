"""BCP 47 tags: the grammar, the registry, their usual spelling, hints, and runs of another language."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from briefgen.text import language
from briefgen.text.scripts import script_language


@pytest.mark.parametrize(
    ("written", "spelt"),
    [
        ("en", "en"),
        ("EN-gb", "en-GB"),
        ("ru", "ru"),
        ("zh-hant-tw", "zh-Hant-TW"),
        ("sr-latn-RS", "sr-Latn-RS"),
        ("de-CH-1996", "de-CH-1996"),
        ("es-419", "es-419"),
        ("ja-JP-u-ca-japanese", "ja-JP-u-ca-japanese"),
        ("x-klingon", "x-klingon"),
        ("iw", "he"),  # deprecated: the registry's preferred value
        ("fra", "fr"),
    ],
)
def test_registered_tags_are_spelt_as_bcp47_spells_them(written: str, spelt: str) -> None:
    assert language.checked_tag(written) == spelt


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("english", "write the language's tag, 'en'"),
        ("Russian", "write the language's tag, 'ru'"),
        ("Chinese", "write the language's tag, 'zh'"),
        ("en_GB", "join their parts with '-': write 'en-GB'"),
        ("zz", "is not a registered BCP 47 language tag; write one such as en, en-GB"),
        ("en--GB", "is not a BCP 47 language tag"),
        ("a", "is not a BCP 47 language tag"),
        ("", "is not a BCP 47 language tag"),
    ],
)
def test_a_tag_that_is_not_bcp47_is_refused_with_what_to_write(written: str, hint: str) -> None:
    with pytest.raises(language.LanguageTagError) as error:
        language.checked_tag(written)
    assert hint in str(error.value)


def test_the_grammar_is_one_pattern_python_and_json_schema_both_read() -> None:
    pattern = re.compile(language.WELL_FORMED, re.IGNORECASE)
    for tag in ("en", "zh-Hant-TW", "x-private", "i-klingon", "en-GB-oed", "sgn-BE-FR", "de-1996", "ar-EG-u-nu-arab"):
        assert pattern.match(tag), tag
    for tag in ("e", "en-", "-en", "en--GB", "toolonglanguage", "en GB", "en_GB", "en-x"):
        assert not pattern.match(tag), tag


def test_common_tags_never_load_the_registry() -> None:
    # langcodes takes about 60 ms to load its registry: a brief in a common language never pays for it.
    code = (
        "import sys; from briefgen.text.language import checked_tag\n"
        "for tag in ('en', 'en-GB', 'ru', 'zh-Hans', 'ar', 'ko-KR'): checked_tag(tag)\n"
        "print('langcodes' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("tag", "locale"),
    [
        ("en-GB", "en_GB"),
        ("zh-Hant-TW", "zh_Hant_TW"),
        ("ru", "ru"),
        ("x-klingon", ""),
        ("und", ""),
        ("es-419", "es_419"),
    ],
)
def test_babel_locale_names(tag: str, locale: str) -> None:
    assert language.babel_locale_name(tag) == locale


@pytest.mark.parametrize(
    ("text", "lang", "runs"),
    [
        ("Kim Jong Un (김정은) met Putin", "en", [("김정은", "ko")]),
        ("Xi Jinping (习近平) spoke", "en", [("习近平", "zh")]),
        ("首相 きしだ said", "en", [("首相 きしだ", "ja")]),
        ("שלום and Αθήνα", "en", [("שלום", "he"), ("Αθήνα", "el")]),
        ("Путин and بوتين", "en", []),  # Cyrillic and Arabic letters write many languages
        ("김정은 위원장", "ko", []),  # the brief's own language
        ("金正恩（김정은）", "zh-Hans", [("김정은", "ko")]),
        ("习近平", "ja", []),  # Chinese characters in a Japanese brief are its own text
        # The brief's own letters between two runs of another language keep them apart, as a word does.
        ("Ελλάδα 김정은 Ελλάδα", "ko", [("Ελλάδα", "el"), ("Ελλάδα", "el")]),
        ("Ελλάδα, Ελλάδα 习近平 プーチン", "ko", [("Ελλάδα, Ελλάδα", "el")]),
        ("김정은 (習近平) ウラジーミル", "ja", [("김정은", "ko")]),
        ("plain ASCII", "en", []),
    ],
)
def test_runs_whose_script_makes_their_language_clear(text: str, lang: str, runs: list[tuple[str, str]]) -> None:
    assert [(text[start:end], found) for start, end, found in language.foreign_spans(text, lang)] == runs


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Россия и КНДР подписали договор о стратегическом партнёрстве", "ru"),
        ("Україна та її партнери обговорили нові санкції", "uk"),
        ("북러 조약의 의미와 한반도 안보", "ko"),
        ("プーチン大統領は平壌を訪問した", "ja"),
        ("这个条约对国家发展有关", "zh-Hans"),
        ("這個條約與國家發展有關", "zh-Hant"),
        ("زار الرئيس بوتين بيونغ يانغ", "ar"),
        ("رئیس جمهور پوتین به پیونگ یانگ رفت", "fa"),
        ("שלום עולם", "he"),
        ("The treaty and the alliance: what it is for and who signed it, and what was said on the day.", "en"),
        ("Le traité et les alliés: ce que la France dit dans le texte et pour qui il est signé.", "fr"),
        ("Der Vertrag und die Allianz: das ist nicht mit den Zielen von dem Bündnis auf einer Linie.", "de"),
        ("Short line", ""),
    ],
)
def test_an_articles_language_is_told_by_its_letters_and_words(text: str, lang: str) -> None:
    assert language.detect_language(text) == lang


def test_runs_are_looked_for_wherever_a_script_could_make_its_language_clear() -> None:
    # Every character the quick search passes over is one whose script says no language (Latin, Cyrillic, Arabic,
    # Devanagari, punctuation), but the ohm sign, which Unicode files under Greek.
    every_character = [chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF]
    missed = {ch for ch in every_character if script_language(ch) and not language.foreign_spans(f"a{ch}", "en")}
    assert missed == {"\u2126"}
    assert language.foreign_spans("a 5 k\u2126 resistor", "en") == []


def test_a_run_takes_its_language_from_the_characters_scripts() -> None:
    assert language.foreign_spans("said ウラジーミル・プーチン.", "en") == [(5, 16, "ja")]  # ー and ・ stay inside
    assert language.foreign_spans("Ϣ and ϣ", "en") == []  # Coptic letters in the Greek block are not Greek
    assert language.foreign_spans("ᾳ", "en") == [(0, 1, "el")]


@pytest.mark.parametrize("lang", ["ko", "zh", "ja", "ru"])
def test_a_cjk_brief_skips_its_own_scripts_and_finds_the_same_spans(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import random

    from briefgen.text import language

    pieces = ["김정은", "習近平", "プーチン", "Ἀθῆναι", "שלום", "Путин", "ok", " ", ", ", "〮", "ー", "《", "123", "ㄱ"]
    chooser = random.Random(5)
    texts = ["".join(chooser.choices(pieces, k=chooser.randint(1, 12))) for _ in range(2000)]
    found = [language.foreign_spans(text, lang) for text in texts]
    generic = getattr(language, "_may_start_run")("")  # noqa: B009 (a private helper, replaced below)
    monkeypatch.setattr(language, "_may_start_run", lambda own="": generic)  # every script searched, as before
    assert found == [language.foreign_spans(text, lang) for text in texts]
    assert any(found)
