"""Typed punctuation set as a typesetter would: quotes by language, dashes, addresses left alone."""

from __future__ import annotations

import pytest

from briefgen.text.typography import typographic


@pytest.mark.parametrize(
    ("typed", "set_"),
    [
        ('He said "no" twice.', "He said \u201cno\u201d twice."),
        ("It's the '90s, 'quoted' here", "It\u2019s the \u201990s, \u2018quoted\u2019 here"),
        ('known as "30 by 30", commits', "known as \u201c30 by 30\u201d, commits"),
        ("2011--2020 and then---suddenly", "2011\u20132020 and then\u2014suddenly"),
        ("a ---- rule and a - hyphen", "a ---- rule and a - hyphen"),  # four hyphens are not a dash
        ('("quoted")', "(\u201cquoted\u201d)"),
        ("see https://example.org/a--b and snake_case's", "see https://example.org/a--b and snake_case's"),
        ("no quotes at all", "no quotes at all"),
    ],
)
def test_english_punctuation(typed: str, set_: str) -> None:
    assert typographic(typed, "en") == set_


def test_a_quote_opens_or_closes_by_the_run_before_it() -> None:
    assert typographic('"', "en", before="") == "\u201c"
    assert typographic('"', "en", before="x") == "\u201d"
    assert typographic('"', "en", before=" ") == "\u201c"


def test_russian_quotes_are_guillemets() -> None:
    assert typographic('Он сказал "нет".', "ru") == "Он сказал \u00abнет\u00bb."


def test_other_english_tags_and_unknown_languages_use_english_quotes() -> None:
    assert typographic('"x"', "en-GB") == typographic('"x"', "xx") == "\u201cx\u201d"


def test_markup_typed_as_text_keeps_its_quotes() -> None:
    assert (
        typographic("<a href='x'>Ref</a> & <font color=\"red\">", "en") == "<a href='x'>Ref</a> & <font color=\"red\">"
    )
