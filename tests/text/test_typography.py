"""Quotes as each language writes them, dashes, and what is left exactly as written."""

from __future__ import annotations

import pytest

from briefgen import model
from briefgen.text.typography import typographic, typographic_brief

SENTENCE = "He said \"the treaty's 'core' clause\" matters -- a lot --- really."


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("en", "He said “the treaty’s ‘core’ clause” matters – a lot — really."),
        ("fr", "He said «\u202fthe treaty’s “core” clause\u202f» matters – a lot — really."),
        ("de", "He said „the treaty’s ‚core‘ clause“ matters – a lot — really."),
        ("ru", "He said «the treaty’s „core“ clause» matters – a lot — really."),
        ("ja", "He said 「the treaty’s 『core』 clause」 matters – a lot — really."),
        ("zh-Hans", "He said “the treaty’s ‘core’ clause” matters – a lot — really."),
        ("zh-Hant", "He said 「the treaty’s 『core』 clause」 matters – a lot — really."),
        ("ar", "He said ”the treaty’s ’core‘ clause“ matters – a lot — really."),
    ],
)
def test_quotes_as_each_language_writes_them(tag: str, expected: str) -> None:
    assert typographic(SENTENCE, tag) == expected


def test_quotes_can_be_kept_as_typed_and_dashes_still_change() -> None:
    assert typographic(SENTENCE, "en", quotes=False) == SENTENCE.replace("---", "—").replace("--", "–")


def test_french_spaces_typed_inside_the_quotes_become_the_narrow_space() -> None:
    assert typographic('Il a dit " bonjour " !', "fr") == "Il a dit «\u202fbonjour\u202f» !"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('See [the "site"](https://a.org/x--y"z).', 'See [the “site”](https://a.org/x--y"z).'),
        ("See [@fig--1] and https://b.org/a--b'c.", "See [@fig--1] and https://b.org/a--b'c."),
        ('*"Emphasised"* and "**strong**".', "*“Emphasised”* and “**strong**”."),
        ("In the '90s, the Joneses' house.", "In the ’90s, the Joneses’ house."),
    ],
)
def test_addresses_and_ids_are_left_as_written_and_markup_is_looked_through(text: str, expected: str) -> None:
    assert typographic(text, "en") == expected


def test_a_brief_converts_its_prose_but_not_its_addresses_ids_or_markings() -> None:
    brief = model.Brief(
        title='The "treaty"',
        key_points=("It's signed",),
        sections=(
            model.Section(
                "Text -- in full",
                (model.Table(("A'b",), (("'x'",),), ("left",), caption='"c"', id="t--1"),),
            ),
        ),
        classification="OFFICIAL--SENSITIVE",
        references=(model.Reference('"Title"', url="https://x.org/a--b"),),
        lang="de",
    )
    converted = typographic_brief(brief)
    assert converted.title == "The „treaty“"
    assert converted.key_points == ("It’s signed",)
    table = converted.sections[0].blocks[0]
    assert isinstance(table, model.Table)
    assert (converted.sections[0].heading, table.columns, table.rows, table.caption, table.id) == (
        "Text – in full",
        ("A’b",),
        (("‚x‘",),),
        "„c“",
        "t--1",
    )
    assert converted.classification == "OFFICIAL--SENSITIVE"
    assert converted.references[0].title == "„Title“"
    assert converted.references[0].url == "https://x.org/a--b"
    assert typographic_brief(converted) == converted


@pytest.mark.parametrize(
    ("written", "set_as"),
    [
        ("条约规定，\n一方遭受武装侵略时", "条约规定，一方遭受武装侵略时"),  # a folded line break after punctuation
        ("完成了批准程序。 2024年11月", "完成了批准程序。2024年11月"),  # a space after a full-width full stop
        ("这被视为 自1961年", "这被视为自1961年"),  # between two ideographs
        ("ロシアと 北朝鮮", "ロシアと北朝鮮"),  # kana and kanji
        ("조약은 어느 한쪽이", "조약은 어느 한쪽이"),  # Korean keeps the spaces between its words
        ("金正恩 (Kim Jong Un) 与", "金正恩 (Kim Jong Un) 与"),  # Latin beside Han keeps its spaces
        ("Le traité – « défense » ’ …", "Le traité – « défense » ’ …"),  # Western text, never searched
        ("“Mutual” — naïve and café \u2e7f a", "“Mutual” — naïve and café \u2e7f a"),  # nothing wide: untouched
        ("\u2e80 \u2e80", "\u2e80\u2e80"),  # the first of the radicals
    ],
)
def test_spaces_between_chinese_and_japanese_characters_are_dropped(written: str, set_as: str) -> None:
    assert typographic(written, "zh") == set_as


def test_the_quick_tests_for_other_scripts_find_exactly_the_characters_they_name() -> None:
    # Both are written as what they are not (cheaper to compile): each must still mean "this code point or past it".
    from briefgen.layout.context import _PAST_LATIN
    from briefgen.text.typography import _WIDE

    for pattern, first in ((_PAST_LATIN, 0x0370), (_WIDE, 0x2E80)):
        for point in (0, 0x41, first - 1, first, first + 1, 0xFFFF, 0x10000, 0x10FFFF):
            assert bool(pattern.search(chr(point))) == (point >= first), (pattern.pattern, hex(point))
