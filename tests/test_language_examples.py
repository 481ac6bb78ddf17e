"""The example briefs in other languages (specs/languages/): each read back against its spec.

/Lang, the structure's spans, the furniture's words, PDF/UA, reproducible bytes, every
word printed in order, no glyph mapped to nothing, and the Arabic brief set right to left.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf
import pypdf
import pytest
import yaml

from briefgen import build
from conftest import REPO
from helpers_pdfua import check_pdfua

EXAMPLES = REPO / "specs" / "languages"
# spec -> (its /Lang, the key points label, the written-out date)
LANGUAGES = {
    "ru-dogovor-rossiya-kndr": ("ru", "Ключевые положения", "12 ноября 2024\u202fг."),
    "ko-bukreo-joyak": ("ko", "핵심 요약", "2024년 11월 12일"),
    "zh-e-chao-tiaoyue": ("zh-Hans", "要点", "2024年11月12日"),
    "ar-muahada-rusiya-kuriya": ("ar", "النقاط الرئيسية", "12 نوفمبر 2024"),
}
# Every example has Hangul, Chinese or Arabic letters in it (the Russian one names Kim Jong Un in Korean).
NEEDING_SCRIPTS = list(LANGUAGES)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("languages")
    return {name: build(EXAMPLES / f"{name}.yaml", out / f"{name}.pdf").output for name in LANGUAGES}


def test_every_example_is_listed() -> None:
    assert sorted(path.stem for path in EXAMPLES.glob("*.yaml")) == sorted(LANGUAGES)


@pytest.mark.parametrize("name", list(LANGUAGES))
def test_each_names_its_sources(name: str) -> None:
    text = (EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8")
    assert "# Source:" in text
    assert yaml.safe_load(text)["references"]


@pytest.mark.parametrize("name", list(LANGUAGES))
def test_the_pdf_says_its_language(built: dict[str, Path], name: str) -> None:
    with pikepdf.open(built[name]) as pdf:
        assert str(pdf.Root.Lang) == LANGUAGES[name][0]


@pytest.mark.parametrize("name", list(LANGUAGES))
def test_korean_names_in_other_languages_are_spans_with_their_own_lang(built: dict[str, Path], name: str) -> None:
    with pikepdf.open(built[name]) as pdf:
        spans = {str(o.Lang) for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/S") == "/Span"}
    assert spans == (set() if name.startswith("ko") else {"ko"})


@pytest.mark.parametrize("name", list(LANGUAGES))
def test_the_outline_is_in_the_language(built: dict[str, Path], name: str) -> None:
    titles = [item.title for item in pypdf.PdfReader(built[name]).outline if not isinstance(item, list)]
    assert LANGUAGES[name][1] in titles


@pytest.mark.parametrize("name", NEEDING_SCRIPTS)
def test_pdfua_checks_pass(built: dict[str, Path], name: str) -> None:
    assert check_pdfua(built[name]) == []


@pytest.mark.parametrize("name", list(LANGUAGES))
def test_builds_are_byte_reproducible(built: dict[str, Path], name: str, tmp_path: Path) -> None:
    again = build(EXAMPLES / f"{name}.yaml", tmp_path / "again.pdf").output
    assert again.read_bytes() == built[name].read_bytes()


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def _actual_texts(path: Path) -> list[str]:
    """Return the /ActualText of every structure element that has one, in the tree's order."""
    found: list[str] = []

    def walk(element: Any) -> None:
        if isinstance(element, pikepdf.Dictionary) and "/ActualText" in element:
            found.append(str(element.ActualText))
            return
        kids = element.get("/K") if isinstance(element, pikepdf.Dictionary) else None
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type", "/StructElem") == "/StructElem":
                walk(kid)

    with pikepdf.open(path) as pdf:
        walk(pdf.Root.StructTreeRoot)
    return found


def _assert_printed_in_order(path: Path, name: str, keep: Callable[[str], bool]) -> None:
    spec = yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))
    if LANGUAGES[name][0] in ("ar", "he"):
        # A line of right-to-left text with numbers in it comes out of pypdf in an order of its own; the
        # text as written is the tagged text, which each right-to-left paragraph carries as ActualText.
        printed = "\n".join(_actual_texts(path))
    else:
        printed = "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)
    printed = re.sub(r"(\w)-\n(\w)", r"\1\2", printed)  # a word hyphenated at a line's end
    printed = re.sub("(\\w)\u00ad\\s*(\\w)", r"\1\2", printed)  # the breaker's hyphen is a soft hyphen
    _, key_points, date = LANGUAGES[name]
    for needed in (key_points, date):
        if keep(needed):
            assert " ".join(needed.split()) in " ".join(printed.split())
    if LANGUAGES[name][0].startswith(("zh", "ja", "ko")):
        # Chinese and Japanese break lines between any two characters, and a Korean line too short for its
        # words breaks between two syllables: their words are looked for in the text with every line break
        # and space taken out.
        joined = "".join(printed.split())
        position = 0
        for paragraph in [
            spec["title"],
            spec["summary"],
            *spec["key_points"],
            *(s["heading"] for s in spec["sections"]),
        ]:
            for word in filter(keep, _words(paragraph)):
                found = joined.find(word, position)
                assert found >= 0, f"{word!r} of {paragraph[:40]!r}... is missing or out of order"
                position = found + len(word)
        return
    words = _words(printed)
    position = 0
    paragraphs = [spec["title"], spec["summary"], *spec["key_points"], *(s["heading"] for s in spec["sections"])]
    for paragraph in paragraphs:
        for word in filter(keep, _words(paragraph)):
            assert word in words[position:], f"{word!r} of {paragraph[:40]!r}... is missing or out of order"
            position = words.index(word, position)


@pytest.mark.parametrize("name", NEEDING_SCRIPTS)
def test_every_word_of_the_spec_is_printed_in_order(built: dict[str, Path], name: str) -> None:
    _assert_printed_in_order(built[name], name, lambda word: True)


def test_the_russian_example_prints_every_cyrillic_and_latin_word_in_order(built: dict[str, Path]) -> None:
    _assert_printed_in_order(built["ru-dogovor-rossiya-kndr"], "ru-dogovor-rossiya-kndr", lambda word: word < "\u0530")


@pytest.mark.parametrize("name", NEEDING_SCRIPTS)
def test_no_glyph_maps_to_nothing(built: dict[str, Path], name: str) -> None:
    with pikepdf.open(built[name]) as pdf:
        maps = [
            bytes(font.ToUnicode.read_bytes())
            for page in pdf.pages
            for font in page.Resources.Font.values()
            if "/ToUnicode" in font
        ]
    assert maps
    assert not any(b"<0000>" in cmap.split(b"endcodespacerange")[-1] for cmap in maps)
    # A character no font has is drawn as glyph 0 with no ToUnicode value at all: that maps to nothing too.
    assert not [problem for problem in check_pdfua(built[name]) if "ToUnicode" in problem or "lacks" in problem]


def test_arabic_lines_are_set_right_to_left(built: dict[str, Path]) -> None:
    import pdfplumber

    with pdfplumber.open(built["ar-muahada-rusiya-kuriya"]) as pdf:
        words = pdf.pages[0].extract_words(keep_blank_chars=False, use_text_flow=False)
    title = yaml.safe_load((EXAMPLES / "ar-muahada-rusiya-kuriya.yaml").read_text(encoding="utf-8"))["title"]
    first, second = title.split()[:2]
    # pdfplumber reads a line's letters left to right, as drawn: a right-to-left word comes out reversed.
    placed: dict[str, float] = {}
    for word in words:  # the first time each is drawn: in the title, at the top of the page
        placed.setdefault(word["text"][::-1], word["x0"])
    assert placed[first] > placed[second]  # the title's first word is the rightmost
