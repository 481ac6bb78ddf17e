"""briefgen import on articles not in English: their language, dates, quotes, headings and first sentences."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from briefgen.authoring.importer import import_file, import_text
from briefgen.authoring.text_article import parse_date
from briefgen.load.spec import parse_spec

RUSSIAN = """# Россия и КНДР подписали договор

*Москва, 19 июня 2024 года*

В Пхеньяне Владимир Путин и Ким Чен Ын подписали договор. Он предусматривает "взаимную помощь".

## Содержание договора

Статья 4 обязывает стороны оказать помощь. Стороны также договорились о сотрудничестве.

## Источники

- [Сайт Президента России](http://kremlin.ru)
"""

KOREAN = """북러 조약의 의미

2024년 6월 19일

푸틴 대통령과 김정은 위원장이 평양에서 조약에 서명했다. 조약은 상호 군사 원조를 규정한다.

조약의 핵심 조항

제4조는 "지체 없이" 원조를 제공하도록 한다. 이는 1961년 조약 이후 가장 강한 공약이다.
"""


def test_a_russian_article_becomes_a_russian_draft(tmp_path: Path) -> None:
    draft = import_text(RUSSIAN, name="statya.md")
    assert draft.lang == "ru"
    assert draft.date == dt.date(2024, 6, 19)
    assert [section.heading for section in draft.sections] == ["Содержание договора"]
    assert [reference.url for reference in draft.references] == ["http://kremlin.ru"]
    assert "«взаимную помощь»" in draft.summary  # Russian quotes, not English ones
    article = tmp_path / "statya.md"
    article.write_text(RUSSIAN, encoding="utf-8")
    text = import_file(article)
    assert "lang: ru  # the article's language" in text
    assert "# - Статья 4 обязывает стороны оказать помощь.\n" in text  # the first sentence alone


def test_a_korean_article_becomes_a_korean_draft_that_loads() -> None:
    draft = import_text(KOREAN, name="joyak.txt")
    assert draft.lang == "ko"
    assert draft.date == dt.date(2024, 6, 19)
    assert draft.sections[0].heading == "조약의 핵심 조항"
    assert "“지체 없이”" in draft.sections[0].body
    spec = yaml.safe_load(import_text_yaml(KOREAN))
    assert spec["lang"] == "ko"


def import_text_yaml(text: str) -> str:
    from briefgen.authoring.draft import draft_yaml

    return draft_yaml(import_text(text, name="article.txt"))


def test_the_draft_of_a_translated_article_checks_once_its_todos_are_written() -> None:
    text = import_text_yaml(RUSSIAN).replace("'TODO: write the key points; suggestions are above'", "Пункт.")
    brief = parse_spec(text.encode())
    assert brief.lang == "ru"


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("19 июня 2024 года", dt.date(2024, 6, 19)),
        ("Москва, 19 июня 2024 г.", dt.date(2024, 6, 19)),
        ("2024年6月19日", dt.date(2024, 6, 19)),
        ("2024년 6월 19일", dt.date(2024, 6, 19)),
        ("Washington, June 19, 2024", dt.date(2024, 6, 19)),
        ("However, the treaty of 19 June 2024", None),
    ],
)
def test_datelines_in_other_languages(line: str, date: dt.date | None) -> None:
    from briefgen.authoring.text_article import ARTICLE_LANGUAGE

    reading = ARTICLE_LANGUAGE.set("ru")
    try:
        assert parse_date(line) == date
    finally:
        ARTICLE_LANGUAGE.reset(reading)
