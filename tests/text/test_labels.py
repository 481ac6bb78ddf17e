"""The shipped labels: every language has every label with the same placeholders, looked up most specific first."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from briefgen.text import labels

SHIPPED = ("en", "fr", "de", "es", "ru", "uk", "ar", "he", "zh", "zh-Hant", "ja", "ko")


def test_every_issue_language_is_shipped() -> None:
    assert set(SHIPPED) <= set(labels.translations())


@pytest.mark.parametrize("tag", SHIPPED)
def test_each_language_has_every_label_with_its_placeholders(tag: str) -> None:
    table = labels.translations()[tag]
    assert set(table) == set(labels.label_names()), f"{tag} lacks or adds labels"
    for name in labels.label_names():
        if name == labels.QUOTES:
            assert len(table[name]) == 4
            continue
        texts = table[name].values() if isinstance(table[name], dict) else [table[name]]
        for text in texts:
            used = set(re.findall(r"\{([a-z_]+)\}", text))
            assert used <= labels.placeholders(name), f"{tag}.{name} names {used}"
            if name not in ("brief_count", "page_count"):  # "one brief" may spell the number out
                assert used == labels.placeholders(name), f"{tag}.{name} leaves out a value"
        if isinstance(table[name], dict):
            assert "other" in table[name]
            assert set(table[name]) <= set(labels.PLURAL_CATEGORIES)


@pytest.mark.parametrize(
    ("tag", "order"),
    [
        ("en-GB", ("en-GB", "en")),
        ("zh-Hant-TW", ("zh-Hant-TW", "zh-Hant", "zh")),
        ("zh-TW", ("zh-TW", "zh-Hant", "zh")),
        ("zh-Hans-HK", ("zh-Hans-HK", "zh-Hans", "zh")),
    ],
)
def test_lookup_order(tag: str, order: tuple[str, ...]) -> None:
    assert labels.lookup_order(tag) == order


@pytest.mark.parametrize(
    ("tag", "key_points", "page"),
    [
        ("en", "Key points", "Page 2 of 5"),
        ("fr", "Points clés", "Page 2 sur 5"),
        ("de", "Kernaussagen", "Seite 2 von 5"),
        ("es", "Puntos clave", "Página 2 de 5"),
        ("ru", "Ключевые положения", "Страница 2 из 5"),
        ("uk", "Ключові положення", "Сторінка 2 з 5"),
        ("ar", "النقاط الرئيسية", "الصفحة 2 من 5"),
        ("he", "נקודות עיקריות", "עמוד 2 מתוך 5"),
        ("zh-Hans", "要点", "第 2 页，共 5 页"),
        ("zh-TW", "重點", "第 2 頁，共 5 頁"),
        ("ja", "要点", "2 / 5 ページ"),
        ("ko", "핵심 요약", "5쪽 중 2쪽"),
        ("pt-BR", "Key points", "Page 2 of 5"),  # no translation shipped: English
    ],
)
def test_labels_in_each_language(tag: str, key_points: str, page: str) -> None:
    words = labels.labels_for(tag)
    assert words("key_points") == key_points
    assert words("page_of", page=2, pages=5) == page


def test_counts_take_the_language_plural() -> None:
    words = labels.labels_for("ru")
    counted = [words("brief_count", count=n) for n in (1, 3, 5, 21)]
    assert counted == ["1 записка", "3 записки", "5 записок", "21 записка"]
    assert labels.labels_for("en")("page_count", count=1) == "1 page"


def test_a_theme_replaces_labels_for_its_language_and_the_more_specific_tag_wins() -> None:
    overrides = (("en", "key_points", "Summary"), ("en-GB", "key_points", "In brief"), ("fr", "references", "Sources"))
    assert labels.labels_for("en-US", overrides)("key_points") == "Summary"
    assert labels.labels_for("en-GB", overrides)("key_points") == "In brief"
    assert labels.labels_for("fr", overrides)("references") == "Sources"
    assert labels.labels_for("fr", overrides)("key_points") == "Points clés"


def test_inline_escapes_the_label_but_not_the_values() -> None:
    words = labels.labels_for("en", (("en", "source", "Source (*data*): {source}"),))
    assert words.inline("source", source="*SIPRI*") == "Source \\(\\*data\\*\\): *SIPRI*"


def test_dates_through_the_labels() -> None:
    assert labels.labels_for("ru").date(dt.date(2024, 11, 12)) == "12 ноября 2024\u202fг."
