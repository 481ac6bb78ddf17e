"""Hangul syllables amid other letters are set by ReportLab's own paragraphs, in their CJK face, drawn by CID."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pdfplumber
import pypdf
import pytest
import yaml
from fontTools.ttLib import TTFont

from briefgen import build
from briefgen.layout.context import LayoutContext
from briefgen.layout.paragraphs import TaggedParagraph
from briefgen.layout.shaped_paragraph import ShapedParagraph
from briefgen.load.theme_file import load_theme
from briefgen.pdf import tagging
from briefgen.pdf.cid_fonts import HANGUL_SYLLABLES, PlainCidFont, plain_font_name, sets_plainly
from briefgen.style.font_coverage import FontFace
from briefgen.style.fonts import register_fonts
from briefgen.style.stylesheet import stylesheet
from briefgen.text.labels import labels_for
from conftest import minimal_spec, pdf_text

CJK_REGULAR = FontFace.parse("NotoSansCJK-Regular.ttc#1")  # the Korean face, as face_for picks it for Hangul
CJK_BOLD = FontFace.parse("NotoSansCJK-Bold.ttc#1")
NAME = "Ким Чен Ын (김정은)"
BODY = (
    f"19 июня 2024 года в Пхеньяне Владимир Путин и {NAME} подписали договор, по которому стороны обязуются "
    "незамедлительно оказать друг другу военную и иную помощь в случае вооружённого нападения. "
    "Председатель **김정은** назвал договор союзом."
)


def _chars(path: Path) -> list[dict[str, object]]:
    with pdfplumber.open(path) as document:
        return [char for page in document.pages for char in page.chars]


@pytest.fixture(scope="module")
def russian_brief(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hangul")
    spec = folder / "brief.yaml"
    spec.write_text(
        yaml.safe_dump(minimal_spec(lang="ru", sections=[{"heading": "Подписание", "body": BODY}]), allow_unicode=True),
        encoding="utf-8",
    )
    return build(spec, folder / "brief.pdf").output


def _font_kinds(path: Path) -> dict[str, str]:
    """Return each font's subtype by its name as pdfplumber gives it: "/TrueType", "/Type0"."""
    return {
        str(font["/BaseFont"])[1:]: str(font["/Subtype"])
        for page in pypdf.PdfReader(path).pages
        for reference in page["/Resources"]["/Font"].values()
        for font in [reference.get_object()]
    }


def _hangul_lines(chars: list[dict[str, object]]) -> list[list[dict[str, object]]]:
    tops = sorted({round(float(char["top"])) for char in chars if ord(str(char["text"])[0]) in HANGUL_SYLLABLES})
    return [[char for char in chars if abs(float(char["top"]) - top) < 2 and char["text"] != " "] for top in tops]


def test_the_words_around_a_korean_name_are_in_the_paragraph_s_own_font(russian_brief: Path) -> None:
    kinds = _font_kinds(russian_brief)
    lines = _hangul_lines(_chars(russian_brief))
    assert len(lines) == 2
    for line in lines:
        hangul = [char for char in line if ord(str(char["text"])[0]) in HANGUL_SYLLABLES]
        others = [char for char in line if char not in hangul]
        assert {kinds[str(char["fontname"])] for char in hangul} == {"/Type0"}
        # The Cyrillic beside the name is set as every other paragraph's, in ReportLab's TrueType subsets (a
        # shaped paragraph drew it in a Type0 font of its own).
        assert {kinds[str(char["fontname"])] for char in others} == {"/TrueType"}
        assert any(str(char["text"]) in "абвгдежзийклмнопрстуфхцчшщъыьэюя" for char in others)


def test_the_syllables_are_drawn_in_the_cjk_face_and_read_back_in_order(russian_brief: Path) -> None:
    chars = _chars(russian_brief)
    hangul = [char for char in chars if ord(str(char["text"])[0]) in HANGUL_SYLLABLES]
    assert "".join(str(char["text"]) for char in hangul) == "김정은김정은"
    faces = [str(char["fontname"]).split("+")[1] for char in hangul]
    assert faces == ["NotoSansCJKkr-Regular"] * 3 + ["NotoSansCJKkr-Bold"] * 3  # **김정은**: the bold face
    text = pdf_text(russian_brief)
    assert "Путин и Ким Чен Ын (김정은) подписали" in text
    assert "Председатель 김정은 назвал" in text
    # Each syllable 0.92 em wide (Noto Sans CJK's Hangul), next to the one before.
    first = hangul[:3]
    for before, after in pairwise(first):
        assert float(after["x0"]) == pytest.approx(float(before["x1"]), abs=0.01)
        assert float(before["x1"]) - float(before["x0"]) == pytest.approx(0.92 * float(before["size"]), abs=0.01)


def test_a_justified_line_with_the_name_still_fills_the_measure(russian_brief: Path) -> None:
    chars = _chars(russian_brief)
    body = [char for char in chars if float(char["size"]) > 9 and ord(str(char["text"])[0]) in HANGUL_SYLLABLES]
    line_top = float(body[0]["top"])
    line = [char for char in chars if abs(float(char["top"]) - line_top) < 1 and char["text"] != " "]
    right_edges = sorted(
        {round(float(char["x1"]), 1) for char in chars if float(char["size"]) > 9 and char["text"] not in " "}
    )
    assert max(float(char["x1"]) for char in line) == pytest.approx(right_edges[-1], abs=1.0)


def _context(lang: str) -> LayoutContext:
    theme = load_theme("default")
    register_fonts(theme)
    return LayoutContext(stylesheet(theme, lang), theme, tagging.Element("Document"), words=labels_for(lang))


def test_a_korean_name_in_russian_is_cut_out_in_its_face_s_font() -> None:
    paragraph = _context("ru").para(f"Путин и {NAME} подписали", "body")
    assert isinstance(paragraph, TaggedParagraph)
    fonts = [(fragment.text, fragment.fontName) for fragment in paragraph.frags if fragment.text]
    assert ("김정은", plain_font_name(CJK_REGULAR)) in fonts
    assert all(not name.startswith("briefgen-cid") for text, name in fonts if text != "김정은")


def test_a_brief_in_korean_keeps_its_shaped_paragraphs() -> None:
    # Its lines break between syllables, which ReportLab's paragraphs cannot do.
    assert isinstance(_context("ko").para("조약은 상호 방위 조항을 포함한다.", "body"), ShapedParagraph)


def test_a_syllable_beside_a_letter_no_fallback_sets_plainly_is_shaped() -> None:
    # A Chinese name needs the language's glyph forms (locl): the paragraph stays shaped.
    assert isinstance(_context("ru").para("Си Цзиньпин (习近平) и Ким (김정은)", "body"), ShapedParagraph)
    assert isinstance(_context("ru").para("Ким (김정은) ᄀ", "body"), ShapedParagraph)  # a lone jamo


@pytest.mark.parametrize("face", [CJK_REGULAR, CJK_BOLD])
def test_every_hangul_syllable_sets_plainly_and_is_its_code_point_s_only_glyph(face: FontFace) -> None:
    assert all(sets_plainly(face, chr(code), "ru") for code in HANGUL_SYLLABLES)
    assert not sets_plainly(face, "中", "ru")
    assert not sets_plainly(face, "\u1100", "ru")  # a leading jamo: composed with what follows
    # Each syllable extracts as itself (ToUnicode maps a CID to one text): no other code point maps to its glyph.
    with TTFont(face.path, fontNumber=face.number, lazy=True) as font:
        best = font.getBestCmap()
    syllable_glyphs = {best[code] for code in HANGUL_SYLLABLES}
    assert len(syllable_glyphs) == len(HANGUL_SYLLABLES)
    assert not [code for code, glyph in best.items() if glyph in syllable_glyphs and code not in HANGUL_SYLLABLES]


def test_the_font_measures_syllables_by_their_advances() -> None:
    font = PlainCidFont("test-cid", CJK_REGULAR)
    with TTFont(CJK_REGULAR.path, fontNumber=CJK_REGULAR.number, lazy=True) as face:
        best, metrics, units = face.getBestCmap(), face["hmtx"], face["head"].unitsPerEm
        advances = [metrics[best[ord(ch)]][0] for ch in "김정은"]
    assert font.stringWidth("김정은", 10) == pytest.approx(sum(advances) * 10 / units)
    assert font.stringWidth("김정은", 10) == pytest.approx(27.6)  # Noto Sans CJK's Hangul: 0.92 em
