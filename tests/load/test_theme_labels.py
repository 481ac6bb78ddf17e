"""A theme file's labels: section: checked like every other field, and kept as (tag, label, text)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.errors import SpecError
from briefgen.load.theme_file import load_theme, theme_json_schema


def _theme(folder: Path, text: str) -> Path:
    path = folder / "house.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _problems(path: Path) -> list[str]:
    with pytest.raises(SpecError) as caught:
        load_theme(path)
    return [problem.describe(path.name) for problem in caught.value.problems]


def test_labels_are_kept_per_language_with_tags_spelt_as_bcp47_spells_them(tmp_path: Path) -> None:
    theme = load_theme(
        _theme(
            tmp_path,
            "labels:\n"
            "  en: {key_points: Summary, page_of: 'p. {page}/{pages}'}\n"
            "  DE-ch: {quotes: ['«', '»', '‹', '›']}\n"
            "  ru:\n"
            "    brief_count: {one: '{count} бриф', other: '{count} брифа'}\n",
        )
    )
    assert theme.labels == (
        ("en", "key_points", "Summary"),
        ("en", "page_of", "p. {page}/{pages}"),
        ("de-CH", "quotes", ("«", "»", "‹", "›")),
        ("ru", "brief_count", (("one", "{count} бриф"), ("other", "{count} брифа"))),
    )
    assert load_theme("default").labels == ()


def test_every_wrong_label_is_reported_at_its_place(tmp_path: Path) -> None:
    path = _theme(
        tmp_path,
        "labels:\n"
        "  english: {key_points: Summary}\n"
        "  en:\n"
        "    key_point: Summary\n"
        "    page_of: 'Page {page} of {total}'\n"
        "    brief_count: {one: '{count} brief', lots: '{count} briefs'}\n"
        "    page_count: {one: '{count} page'}\n"
        "    quotes: ['«', '»']\n",
    )
    assert _problems(path) == [
        "house.yaml:2:3: labels.english: 'english' is not a registered BCP 47 language tag; "
        "write the language's tag, 'en'",
        "house.yaml:4:5: labels.en.key_point: no label is called 'key_point' (did you mean 'key_points'?)",
        "house.yaml:5:14: labels.en.page_of: '{total}' is not filled in here; it may use {page}, {pages}",
        "house.yaml:6:41: labels.en.brief_count.lots: 'lots' is not a plural category; "
        "write zero, one, two, few, many or other",
        "house.yaml:7:17: labels.en.page_count: needs an 'other' form, for the counts no other form covers",
        "house.yaml:8:13: labels.en.quotes: needs at least 4 items",
    ]


def test_the_theme_schema_describes_the_labels() -> None:
    labels = theme_json_schema()["properties"]["labels"]
    assert "key_points" in labels["additionalProperties"]["properties"]
    assert labels["propertyNames"]["pattern"].startswith("^(?:")
