"""Dates, number symbols and plurals from CLDR: the shipped snapshot, Babel for the rest, and they agree."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from briefgen.text import cldr

NOVEMBER_12 = dt.date(2024, 11, 12)


@pytest.mark.parametrize(
    ("tag", "written"),
    [
        ("en", "12 November 2024"),
        ("en-US", "12 November 2024"),  # the theme's long style: day month year in every English
        ("fr", "12 novembre 2024"),
        ("de", "12. November 2024"),
        ("es", "12 de noviembre de 2024"),
        ("ru", "12 ноября 2024\u202fг."),
        ("uk", "12 листопада 2024\u202fр."),
        ("ar", "12 نوفمبر 2024"),
        ("he", "12 בנובמבר 2024"),
        ("zh", "2024年11月12日"),
        ("zh-Hans", "2024年11月12日"),
        ("zh-TW", "2024年11月12日"),
        ("ja", "2024年11月12日"),
        ("ko", "2024년 11월 12일"),
        ("pt-BR", "12 de novembro de 2024"),  # not in the snapshot: Babel
        ("tlh", "12 November 2024"),  # no locale in CLDR: English, as the labels are
    ],
)
def test_long_dates_are_written_as_each_language_writes_them(tag: str, written: str) -> None:
    assert cldr.format_date(NOVEMBER_12, tag, "long") == written


def test_the_us_and_iso_styles() -> None:
    assert cldr.format_date(NOVEMBER_12, "en", "us") == "November 12, 2024"
    assert cldr.format_date(NOVEMBER_12, "ru", "us") == "12 ноября 2024\u202fг."  # only English has a US style
    assert cldr.format_date(NOVEMBER_12, "ko", "iso") == "2024-11-12"


def test_regional_variants_ask_babel_for_their_own_month_names() -> None:
    assert cldr.snapshot_key("de-AT") is None
    assert cldr.format_date(dt.date(2024, 1, 5), "de-AT") == "5. Jänner 2024"


def test_the_snapshot_is_what_the_installed_babel_gives() -> None:
    import babel

    shipped = json.loads(cldr.snapshot_path().read_text(encoding="utf-8"))
    if shipped["babel"] != babel.__version__:
        pytest.skip(f"the snapshot was made with Babel {shipped['babel']}, not {babel.__version__}: run make locale")
    for tag in cldr.SNAPSHOT_TAGS:
        assert shipped["languages"][tag] == cldr.snapshot_entry(tag), f"{tag}: run make locale"


def test_the_snapshot_writes_every_day_as_babel_does() -> None:
    from babel.dates import format_date

    for tag in ("ru", "zh", "ko", "ar", "fr"):
        day = dt.date(2023, 1, 1)
        while day.year == 2023:
            assert cldr.format_date(day, tag) == format_date(day, "long", locale=tag.replace("-", "_"))
            day += dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("tag", "symbols"), [("en", (".", ",")), ("de", (",", ".")), ("fr", (",", "\u202f")), ("ru", (",", "\xa0"))]
)
def test_number_symbols(tag: str, symbols: tuple[str, str]) -> None:
    assert cldr.number_symbols(tag) == symbols


@pytest.mark.parametrize(
    ("tag", "count", "category"),
    [("en", 1, "one"), ("en", 2, "other"), ("ru", 3, "few"), ("ru", 5, "many"), ("ru", 21, "one"), ("ar", 2, "two")],
)
def test_plural_categories(tag: str, count: int, category: str) -> None:
    assert cldr.plural_category(count, tag) == category


def test_a_pattern_the_snapshot_cannot_write_is_refused_when_it_is_made() -> None:
    with pytest.raises(ValueError, match="cannot write"):
        cldr.apply_pattern("EEEE d MMMM y", NOVEMBER_12, {"months": [""] * 12})
