"""Briefs in every script read back: all text present in logical order, the right fonts, no blank glyph, PDF/UA."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf
import pypdf
import pytest
import yaml

from briefgen import build
from conftest import REPO, minimal_spec
from helpers_pdfua import check_pdfua
from helpers_scripts import CHINESE, JAPANESE, glyph_problems

MIXED = (
    "At the summit in Vladivostok, Kim Jong Un (김정은) met Vladimir Putin (Путин) while Xi Jinping (习近平) sent "
    "a message; Saudi Crown Prince Mohammed bin Salman (محمد بن سلمان) and Benjamin Netanyahu (בנימין נתניהו) "
    "were not invited. Indian papers (नरेंद्र मोदी) reported the [meeting](https://example.org/meeting)."
)
KOREAN = (
    "김정은 국무위원장은 블라디보스토크에서 푸틴 대통령과 정상회담을 가졌다. 양측은 경제 협력과 군사 기술 교류에 "
    "대해 논의했으며, 회담은 2024년 11월 12일에 열렸다."
)
ARABIC = (
    "قال الأمين العام لحلف شمال الأطلسي في مؤتمر صحفي إن الحلف سيزيد إنفاقه الدفاعي، وأضاف أن الاجتماع المقبل "
    "سيعقد في بروكسل بمشاركة الدول الأعضاء، وأن المحادثات ستتناول الأمن في شرق أوروبا والشرق الأوسط."
)
HEBREW = "ראש הממשלה אמר בראיון כי ההסכם ייחתם עד סוף השנה, וכי המשלחת תכלול נציגים מירושלים ומתל אביב."
HINDI = "क्षेत्रीय सुरक्षा पर प्रधानमंत्री नरेंद्र मोदी ने कहा कि द्विपक्षीय सहयोग और आर्थिक विकास हमारी प्राथमिकता है।"

SPEC = minimal_spec(
    title="김정은 and Putin: 习近平 watches",
    classification="대외비",
    status="draft",
    key_points=[MIXED, JAPANESE],
    sections=[
        {"heading": "中国的反应", "body": CHINESE},
        {"heading": "한반도", "body": f"{KOREAN}\n\n- 경제 협력\n- 군사 기술"},
        {"heading": "Middle East", "body": f"{ARABIC}\n\n{HEBREW}\n\n{HINDI}"},
        {
            "heading": "Figures",
            "blocks": [
                {"type": "table", "columns": ["국가", "支出"], "rows": [["한국", "1,200"], ["中国", "2,960"]]},
                {
                    "type": "chart",
                    "kind": "bar",
                    "title": "국방비",
                    "categories": ["한국", "中国", "日本"],
                    "series": [{"name": "2024", "values": [1.2, 2.9, 0.6]}],
                },
            ],
        },
    ],
)


def _squash(text: str) -> str:
    # Whitespace and the invisible marks of direction are not part of what is compared.
    return re.sub(r"[\s\u200b-\u200f\u202a-\u202e\u2066-\u2069]", "", text)


@pytest.fixture(scope="module")
def brief(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("scripts")
    spec = folder / "scripts.yaml"
    spec.write_text(yaml.safe_dump(SPEC, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return build(spec, folder / "scripts.pdf").output


def _text(pdf: Path, tool: str) -> str:
    if tool == "pdftotext":
        return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(pdf).pages)


@pytest.mark.parametrize("tool", ["pypdf", "pdftotext"])
@pytest.mark.parametrize("text", [CHINESE, JAPANESE, KOREAN, HINDI, "김정은 and Putin: 习近平 watches"])
def test_left_to_right_scripts_extract_as_written(brief: Path, tool: str, text: str) -> None:
    assert _squash(text) in _squash(_text(brief, tool))


# Letters and their marks, without the punctuation: where lines break, readers put a line's punctuation where
# they see fit, and poppler sets the Arabic comma apart with marks of direction.
ARABIC_LETTERS = r"[\u0620-\u065f]+"
HEBREW_LETTERS = r"[\u0591-\u05c7\u05d0-\u05ea]+"


def test_right_to_left_paragraphs_extract_in_logical_order_with_pypdf(brief: Path) -> None:
    extracted = _text(brief, "pypdf")
    for paragraph, letters in ((ARABIC, ARABIC_LETTERS), (HEBREW, HEBREW_LETTERS)):
        assert " ".join(re.findall(letters, paragraph)) in " ".join(re.findall(letters, extracted))


def test_right_to_left_paragraphs_extract_in_logical_order_with_pdftotext(brief: Path, arabic_brief: Path) -> None:
    """On a right-to-left page, poppler reads each line in order; on a left-to-right one, only its words.

    poppler reads a line of a page mostly left to right as left-to-right text
    with right-to-left stretches, and ends a stretch at a comma or a digit
    (the rest of the line comes first): that order is poppler's.
    """
    on_its_page = " ".join(re.findall(ARABIC_LETTERS, _text(arabic_brief, "pdftotext")))
    assert " ".join(re.findall(ARABIC_LETTERS, ARABIC)) in on_its_page
    assert "وقّع الرئيس" in on_its_page  # a mark moved onto its letter is read with it
    extracted = _text(brief, "pdftotext")
    for paragraph, letters in ((ARABIC, ARABIC_LETTERS), (HEBREW, HEBREW_LETTERS)):
        found = re.findall(letters, extracted)
        for word in re.findall(letters, paragraph):
            found.remove(word)


def test_the_mixed_paragraph_keeps_each_name_whole_and_in_order(brief: Path) -> None:
    # A name broken over two lines keeps its words in order; poppler puts a closing parenthesis where it likes.
    extracted = _squash(_text(brief, "pdftotext")).replace("(", "").replace(")", "")
    for name in ("김정은", "Путин", "习近平", "محمدبنسلمان", "בנימיןנתניהו", "नरेंद्रमोदी"):
        assert name in extracted


def test_right_to_left_words_are_drawn_from_right_to_left(brief: Path) -> None:
    """Read each line's Arabic and Hebrew words by their x positions, right to left: they come as written."""
    with pdfplumber.open(brief) as document:
        chars = [char for page in document.pages for char in page.chars]

    def letters(word: str) -> str:
        # A word's letters in any order (one glyph may stand for two): the order of the words is what counts.
        return "".join(sorted(word.strip("،,.")))

    def baseline(char: dict[str, Any]) -> tuple[int, float]:
        return char["page_number"], round(char["matrix"][5], 1)  # a character's top depends on its font's height

    for paragraph, font in ((ARABIC, "NotoNaskhArabic"), (HEBREW, "NotoSerifHebrew")):
        lines = sorted({baseline(char) for char in chars if font in char["fontname"]}, key=lambda at: (at[0], -at[1]))
        seen: list[str] = []
        for line in lines:
            right_to_left = sorted((char for char in chars if baseline(char) == line), key=lambda char: -char["x0"])
            seen += [letters(word) for word in "".join(char["text"] for char in right_to_left).split()]
        expected = [letters(word) for word in paragraph.split()]
        assert " ".join(expected) in " ".join(seen)


def test_each_script_is_drawn_in_its_font_and_latin_keeps_the_body_font(brief: Path) -> None:
    with pikepdf.open(brief) as pdf:
        fonts = {str(font.BaseFont).split("+")[-1]: font for page in pdf.pages for font in page.Resources.Font.values()}
        assert {"NotoSerif-Regular", "NotoNaskhArabic-Regular", "NotoSerifHebrew-Regular"} <= set(fonts)
        assert {"NotoSerifDevanagari-Regular", "NotoSansCJKkr-Regular", "NotoSansCJKsc-Regular"} <= set(fonts)
        assert "NotoSansCJKjp-Regular" in fonts  # kana say Japanese in a brief declared English
        cjk = fonts["NotoSansCJKkr-Regular"].DescendantFonts[0]
        assert cjk.Subtype == "/CIDFontType0"
        assert cjk.FontDescriptor.FontFile3.Subtype == "/CIDFontType0C"  # the CFF outlines, as shipped, subset
        assert len(cjk.FontDescriptor.FontFile3.read_bytes()) < 200_000


def test_no_glyph_maps_to_nothing_or_u0000_and_none_is_drawn_blank(brief: Path) -> None:
    assert glyph_problems(brief) == []


def test_the_footer_banner_chart_and_table_are_in_korean_too(brief: Path) -> None:
    text = _squash(_text(brief, "pdftotext"))
    assert "대외비" in text  # the banner
    assert _squash("DRAFT — 김정은 and Putin: 习近平 watches") in text  # the footer
    assert "국방비" in text
    assert "日本" in text
    assert "支出" in text
    assert "한국" in text


def test_pdfua_checks_pass_and_the_build_is_byte_reproducible(brief: Path, tmp_path: Path) -> None:
    assert check_pdfua(brief) == []
    spec = tmp_path / "scripts.yaml"
    spec.write_text(yaml.safe_dump(SPEC, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert build(spec, tmp_path / "again.pdf").output.read_bytes() == brief.read_bytes()


def test_chinese_lines_keep_kinsoku_and_fill_the_measure(brief: Path) -> None:
    with pdfplumber.open(brief) as document:
        lines = [
            line
            for page in document.pages
            for line in page.extract_text_lines()
            if "能源" in line["text"] or "签署" in line["text"]
        ]
        right = max(line["x1"] for line in lines)
    for line in lines:
        assert line["text"][0] not in "，。、）」”"
        assert line["text"][-1] not in "（「“"
    assert abs(lines[0]["x1"] - right) < 1.5  # justified on the character grid


def test_examples_have_no_blank_glyphs(tmp_path: Path) -> None:
    for spec in sorted((REPO / "specs").glob("*.yaml")):
        assert glyph_problems(build(spec, tmp_path / f"{spec.stem}.pdf").output) == [], spec.name


def test_a_latin_brief_opens_no_font_but_its_own_and_loads_no_shaping(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from briefgen import build\n"
        f"build({str(REPO / 'specs' / 'russia-north-korea-treaty.yaml')!r}, {str(tmp_path / 'seed.pdf')!r})\n"
        "from briefgen.pdf.shaped_fonts import glyph_face\n"
        "print(glyph_face.cache_info().currsize, sorted({m.split('.')[0] for m in sys.modules} & "
        "{'bidi', 'uniseg', 'fontTools'}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert result.stdout.split("\n")[0] == "0 []"


ARABIC_BRIEF = minimal_spec(
    title="روسيا وكوريا الشمالية توقعان معاهدة دفاع مشترك",
    lang="ar",
    key_points=["وقّع الرئيس بوتين قانون المعاهدة بعد قمة بيونغ يانغ.", "تنص المعاهدة على الدعم المتبادل."],
    sections=[{"heading": "المعاهدة وأحكامها", "body": f"{ARABIC}\n\n- البند الأول: الدفاع المشترك."}],
)


@pytest.fixture(scope="module")
def arabic_brief(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("arabic")
    spec = folder / "ar.yaml"
    spec.write_text(yaml.safe_dump(ARABIC_BRIEF, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return build(spec, folder / "ar.pdf").output


def test_a_brief_in_arabic_mirrors_its_page(arabic_brief: Path) -> None:
    pdf = arabic_brief
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        width = float(page.width)
        chars = page.chars
    right_margin = width - max(char["x1"] for char in chars)

    def right_edge(text: str) -> float:
        line = next(line for line in _lines(chars) if text in line["text"])
        return width - line["x1"]

    # The title and the headings end at the right margin, where the text starts; the box's label at its padding.
    for text in ("روسيا", "المعاهدة وأحكامها"):
        assert abs(right_edge(text) - right_margin) < 2, text
    assert right_margin < right_edge("النقاط الرئيسية") < right_margin + 12  # "Key points", in Arabic
    bullets = [char for char in chars if char["text"] == "•"]
    assert len(bullets) == 3
    for bullet in bullets:  # each bullet to the right of its item's text
        line = [char for char in chars if abs(char["top"] - bullet["top"]) < 2 and char is not bullet]
        assert bullet["x0"] > max(char["x1"] for char in line)
    # The footer: "Page N of M" (الصفحة 1 من 1) on the left, the running title on the right.
    footer = [line for line in _lines(chars) if "الصفحة" in line["text"]][-1]
    assert footer["x0"] < width / 3
    assert abs(width - footer["x1"] - right_margin) < 2
    assert check_pdfua(pdf) == []
    assert glyph_problems(pdf) == []


def _lines(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    lines: dict[int, list[dict[str, Any]]] = {}
    for char in chars:
        lines.setdefault(round(char["top"]), []).append(char)
    return [
        {
            "text": "".join(char["text"] for char in sorted(line, key=lambda char: char["x0"]))
            + "".join(char["text"][::-1] for char in sorted(line, key=lambda char: -char["x0"])),
            "x0": min(char["x0"] for char in line),
            "x1": max(char["x1"] for char in line),
        }
        for _, line in sorted(lines.items())
    ]


def test_every_script_is_valid_pdfa(tmp_path: Path) -> None:
    """PDF/A wants each glyph's width in the PDF to be the font program's: shaped widths get glyphs of their own."""
    import pikepdf.pdfa

    spec = tmp_path / "scripts.yaml"
    spec.write_text(yaml.safe_dump({**SPEC, "pdfa": True}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    report = pikepdf.pdfa.validate_written(build(spec, tmp_path / "a.pdf").output, "2b")
    assert report.passed, report.findings


def test_right_to_left_paragraphs_carry_their_text_as_written_for_screen_readers(brief: Path) -> None:
    with pikepdf.open(brief) as pdf:
        texts = [
            str(element.ActualText)
            for element in pdf.objects
            if isinstance(element, pikepdf.Dictionary)
            and element.get("/Type") == "/StructElem"
            and "/ActualText" in element
        ]
    assert ARABIC in texts
    assert HEBREW in texts


def test_a_pack_of_briefs_in_other_scripts_lists_them_in_their_own(tmp_path: Path) -> None:
    (tmp_path / "ko.yaml").write_text(
        yaml.safe_dump(minimal_spec(title="김정은 위원장, 푸틴 대통령과 회담", lang="ko"), allow_unicode=True),
        encoding="utf-8",
    )
    (tmp_path / "ar.yaml").write_text(yaml.safe_dump(ARABIC_BRIEF, allow_unicode=True), encoding="utf-8")
    pack = tmp_path / "pack.yaml"
    pack.write_text("title: 동북아 안보 회의\nagenda:\n  - spec: ko.yaml\n  - spec: ar.yaml\n", encoding="utf-8")
    from briefgen.load.pack_file import load_pack
    from briefgen.pack.build import build_pack

    output = build_pack(load_pack(pack), tmp_path / "pack.pdf").output
    cover = subprocess.run(
        ["pdftotext", "-l", "1", str(output), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "동북아 안보 회의" in cover
    assert "김정은 위원장, 푸틴 대통령과 회담" in cover
    assert glyph_problems(output) == []
    assert check_pdfua(output) == []
