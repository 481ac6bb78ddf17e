"""A brief's language, read back from its PDF: /Lang, the furniture's words, dates, quotes, spans in other languages.

Briefs in every language are checked word for word: Latin and Cyrillic, and Arabic, Hebrew,
Chinese, Japanese and Korean, set in the fonts briefgen ships for them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf
import pypdf
import pytest
from click.testing import CliRunner

from briefgen import build
from briefgen.cli import main
from conftest import minimal_spec, pdf_text


def language_spec(lang: str, **overrides: Any) -> dict[str, Any]:
    """Return a spec in ``lang`` with every labelled part: key points, a table, a chart, a callout, references."""
    spec = minimal_spec(
        lang=lang,
        date="2024-11-12",
        status="draft",
        sections=[
            {
                "heading": "Section",
                "body": 'Text with "quotes" and a dash -- here.',
                "blocks": [
                    {
                        "type": "table",
                        "caption": "A table",
                        "columns": ["A", "B"],
                        "rows": [["1", "2.5"]],
                        "source": "X",
                    },
                    {
                        "type": "chart",
                        "kind": "bar",
                        "title": "A chart",
                        "categories": ["a", "b"],
                        "series": [{"name": "s", "values": [1.5, 1234]}],
                        "source": "Y",
                    },
                ],
            }
        ],
        references=[{"title": "A source", "publisher": "P", "date": "2024-06-19"}],
    )
    spec.update(overrides)
    return spec


# lang: key points, references, page footer, table, figure, source, draft, the date, the quotes
WORDS = {
    "en": (
        "Key points",
        "References",
        "Page 1 of 1",
        "Table 1",
        "Figure 1",
        "Source: X",
        "DRAFT",
        "12 November 2024",
        "“quotes”",
    ),
    "fr": (
        "Points clés",
        "Références",
        "Page 1 sur 1",
        "Tableau 1",
        "Figure 1",
        "Source\xa0: X",
        "PROJET",
        "12 novembre 2024",
        "«\u202fquotes\u202f»",
    ),
    "de": (
        "Kernaussagen",
        "Quellen",
        "Seite 1 von 1",
        "Tabelle 1",
        "Abbildung 1",
        "Quelle: X",
        "ENTWURF",
        "12. November 2024",
        "„quotes“",
    ),
    "es": (
        "Puntos clave",
        "Referencias",
        "Página 1 de 1",
        "Tabla 1",
        "Figura 1",
        "Fuente: X",
        "BORRADOR",
        "12 de noviembre de 2024",
        "«quotes»",
    ),
    "ru": (
        "Ключевые положения",
        "Источники",
        "Страница 1 из 1",
        "Таблица 1",
        "Рисунок 1",
        "Источник: X",
        "ПРОЕКТ",
        "12 ноября 2024\u202fг.",
        "«quotes»",
    ),
    "uk": (
        "Ключові положення",
        "Джерела",
        "Сторінка 1 з 1",
        "Таблиця 1",
        "Рисунок 1",
        "Джерело: X",
        "ПРОЄКТ",
        "12 листопада 2024\u202fр.",
        "«quotes»",
    ),
    "ar": (
        "النقاط الرئيسية",
        "المراجع",
        "الصفحة 1 من 1",
        "الجدول 1",
        "الشكل 1",
        "المصدر: X",
        "مسودة",
        "12 نوفمبر 2024",
        "”quotes“",
    ),
    "he": (
        "נקודות עיקריות",
        "מקורות",
        "עמוד 1 מתוך 1",
        "טבלה 1",
        "איור 1",
        "מקור: X",
        "טיוטה",
        "12 בנובמבר 2024",
        "”quotes”",
    ),
    "zh-Hans": (
        "要点",
        "参考资料",
        "第 1 页，共 1 页",
        "表 1",
        "图 1",
        "资料来源：X",
        "草稿",
        "2024年11月12日",
        "“quotes”",
    ),
    "ja": ("要点", "参考文献", "1 / 1 ページ", "表 1", "図 1", "出典：X", "草案", "2024年11月12日", "「quotes」"),
    "ko": ("핵심 요약", "참고 자료", "1쪽 중 1쪽", "표 1", "그림 1", "출처: X", "초안", "2024년 11월 12일", "“quotes”"),
}
SET_NOW = ("en", "fr", "de", "es", "ru", "uk")


def _built(write_spec: Callable[..., Path], tmp_path: Path, lang: str, **overrides: Any) -> Path:
    return build(write_spec(language_spec(lang, **overrides)), tmp_path / f"{lang}.pdf").output


def _printed(lang: str) -> list[Any]:
    return [pytest.param(lang, id=lang) for lang in WORDS]


@pytest.mark.parametrize(
    "lang",
    [pytest.param(lang, id=lang) for lang in WORDS],
)
def test_the_page_furniture_labels_and_dates_are_printed_in_the_brief_language(
    write_spec: Callable[..., Path], tmp_path: Path, lang: str
) -> None:
    text = pdf_text(_built(write_spec, tmp_path, lang))
    right_to_left = lang in ("ar", "he")
    for word in WORDS[lang]:
        if word not in ("Figure 1", "Рисунок 1", "Abbildung 1", "Figura 1"):  # the chart's label
            if right_to_left:
                # Text extractors order a line that mixes right-to-left words and numbers each in a way of
                # its own ("1 من1 الصفحة" for "الصفحة 1 من 1"): each word of the label is looked for.
                # A colon is mirrored into place likewise ("X :المصدر").
                assert all(part.strip(":") in text for part in word.split()), f"{lang}: {word!r} not printed"
            else:
                assert " ".join(word.split()) in text, f"{lang}: {word!r} not printed"  # pdf_text folds spaces
    assert all(part in text for part in WORDS[lang][4].split())  # the chart is a figure


@pytest.mark.parametrize("lang", list(WORDS))
def test_the_catalog_lang_is_the_brief_language(write_spec: Callable[..., Path], tmp_path: Path, lang: str) -> None:
    with pikepdf.open(_built(write_spec, tmp_path, lang)) as pdf:
        assert str(pdf.Root.Lang) == lang


@pytest.mark.parametrize("lang", list(WORDS))
def test_the_outline_names_the_key_points_and_references_in_the_language(
    write_spec: Callable[..., Path], tmp_path: Path, lang: str
) -> None:
    reader = pypdf.PdfReader(_built(write_spec, tmp_path, lang))
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert WORDS[lang][0] in titles
    assert WORDS[lang][1] in titles


def test_numbers_in_charts_take_the_language_separators(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    text = pdf_text(_built(write_spec, tmp_path, "de"))
    assert "1,5" in text
    assert "1.234" in text
    with pikepdf.open(tmp_path / "de.pdf") as pdf:
        alts = [str(obj.Alt) for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary) and "/Alt" in obj]
    assert any(alt.startswith("Balkendiagramm: A chart. s: a 1,5, b 1234.") for alt in alts), alts


def test_a_theme_replaces_labels(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    theme = tmp_path / "house.yaml"
    theme.write_text(
        "labels:\n  en: {key_points: Summary, page_of: 'p. {page}/{pages}'}\n  ru: {references: Литература}\n",
        encoding="utf-8",
    )
    english = pdf_text(_built(write_spec, tmp_path, "en", theme="house.yaml"))
    assert "Summary" in english
    assert "Key points" not in english
    assert "p. 1/1" in english
    russian = pdf_text(_built(write_spec, tmp_path, "ru", theme="house.yaml"))
    assert "Литература" in russian
    assert "Ключевые положения" in russian


def test_smart_quotes_can_be_turned_off_by_the_spec_or_the_theme(
    write_spec: Callable[..., Path], tmp_path: Path
) -> None:
    assert '"quotes"' in pdf_text(_built(write_spec, tmp_path, "ru", smart_quotes=False))
    assert "here" in pdf_text(tmp_path / "ru.pdf")
    assert "–" in pdf_text(tmp_path / "ru.pdf")
    theme = tmp_path / "plain.yaml"
    theme.write_text("smart_quotes: false\n", encoding="utf-8")
    assert '"quotes"' in pdf_text(_built(write_spec, tmp_path, "de", theme="plain.yaml"))
    assert "„quotes“" in pdf_text(_built(write_spec, tmp_path, "de", theme="plain.yaml", smart_quotes=True))


def _spans(path: Path) -> list[tuple[str, str]]:
    """Return each Span element's /Lang with the text of its marked content, in page order."""
    with pikepdf.open(path) as pdf:
        return [
            (str(obj.Lang), str(obj.get("/K")))
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/Span" and "/Lang" in obj
        ]


def test_a_run_of_another_language_is_a_span_with_its_own_lang(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    body = "Kim Jong Un (김정은) and Xi Jinping (习近平) met Putin (Путин), says Ἀθῆναι."
    path = build(write_spec(minimal_spec(sections=[{"heading": "Names", "body": body}])), tmp_path / "s.pdf").output
    assert [lang for lang, _ in _spans(path)] == ["ko", "zh", "el"]
    assert "Kim Jong Un (" in pdf_text(path)
    assert ") met Putin (Путин)" in pdf_text(path)


def test_an_unknown_lang_is_one_located_error_and_nothing_is_written(
    write_spec: Callable[..., Path], tmp_path: Path
) -> None:
    spec = write_spec("title: T\nkey_points: [K]\nlang: english\nsections: [{heading: H, body: B}]\n")
    result = CliRunner().invoke(main, ["build", str(spec), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: {spec}:3:7: lang: 'english' is not a registered BCP 47 language tag; write the language's tag, 'en'"
    ]
    assert not list(tmp_path.glob("**/*.pdf"))
