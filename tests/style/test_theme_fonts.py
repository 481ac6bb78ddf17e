"""A theme's own fonts: TrueType collections by face, OpenType CFF fonts, fallback fonts, and files refused."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
import yaml
from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

from briefgen import build
from briefgen.errors import SpecError
from briefgen.load.theme_file import load_theme
from conftest import REPO, minimal_spec, pdf_text
from helpers_scripts import glyph_problems

FONTS = REPO / "assets" / "fonts"


def _brief(folder: Path, theme: str, **fields: object) -> Path:
    (folder / "house.yaml").write_text(theme, encoding="utf-8")
    spec = folder / "brief.yaml"
    spec.write_text(yaml.safe_dump(minimal_spec(theme="house.yaml", **fields), allow_unicode=True), encoding="utf-8")
    return spec


def _base_fonts(pdf: Path) -> set[str]:
    with pikepdf.open(pdf) as document:
        return {str(font.BaseFont).split("+")[-1] for page in document.pages for font in page.Resources.Font.values()}


def test_a_face_of_a_truetype_collection_is_named_by_its_index(tmp_path: Path) -> None:
    collection = TTCollection()
    collection.fonts = [TTFont(FONTS / "NotoSerif-Regular.ttf"), TTFont(FONTS / "NotoSans-Regular.ttf")]
    collection.save(tmp_path / "pair.ttc")
    spec = _brief(tmp_path, "fonts:\n  body:\n    regular: pair.ttc#1\n")
    pdf = build(spec, tmp_path / "out.pdf").output
    assert any(name.startswith("NotoSans-Regular") for name in _base_fonts(pdf))  # ReportLab adds "-1"
    assert "Some text." in pdf_text(pdf)


def test_a_collection_face_that_does_not_exist_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "house.yaml").write_text("fonts:\n  body:\n    regular: cjk.ttc#12\n", encoding="utf-8")
    (tmp_path / "cjk.ttc").write_bytes((FONTS / "NotoSansCJK-Regular.ttc").read_bytes()[:4096])
    with pytest.raises(SpecError) as caught:
        load_theme(tmp_path / "house.yaml")
    assert str(caught.value) == (
        f"{tmp_path / 'house.yaml'}:3:14: fonts.body.regular: font 'cjk.ttc' has no face #12; its faces are #0 to #9"
    )


def test_an_opentype_cff_font_sets_the_body_through_the_shaped_path(tmp_path: Path) -> None:
    """ReportLab cannot embed CFF outlines; briefgen draws them by glyph id and embeds them as they are."""
    with TTFont(FONTS / "NotoSansCJK-Regular.ttc", fontNumber=2) as font:
        options = subset.Options()
        options.layout_features = ["*"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(text="".join(map(chr, range(0x20, 0x7F))) + "中文字—’")
        subsetter.subset(font)
        font.save(tmp_path / "sc.otf")
    spec = _brief(
        tmp_path, "fonts:\n  body:\n    regular: sc.otf\n", sections=[{"heading": "H", "body": "Latin and 中文 text."}]
    )
    pdf = build(spec, tmp_path / "out.pdf").output
    assert "Latin and 中文 text." in pdf_text(pdf)
    with pikepdf.open(pdf) as document:
        cff = [
            font.DescendantFonts[0]
            for page in document.pages
            for font in page.Resources.Font.values()
            if "NotoSansCJKsc" in str(font.BaseFont)
        ]
        assert cff
        assert cff[0].FontDescriptor.FontFile3.Subtype == "/CIDFontType0C"
    assert glyph_problems(pdf) == []


def test_fallback_fonts_draw_a_script_briefgen_ships_no_font_for(tmp_path: Path) -> None:
    # A stand-in "Thai" font: Noto Serif with its Latin small a mapped to THAI CHARACTER KO KAI too.
    with TTFont(FONTS / "NotoSerif-Regular.ttf") as font:
        for table in font["cmap"].tables:
            if table.isUnicode():
                table.cmap[0x0E01] = table.cmap[ord("a")]
        font.save(tmp_path / "thai.ttf")
    (tmp_path / "plain").mkdir()
    with pytest.raises(SpecError, match="no font for"):
        build(_brief(tmp_path / "plain", "name: plain\n", key_points=["Thai \u0e01."]), tmp_path / "no.pdf")
    spec = _brief(tmp_path, "fonts:\n  fallback: [thai.ttf]\n", key_points=["Thai \u0e01."])
    pdf = build(spec, tmp_path / "out.pdf").output
    assert "Thai \u0e01." in pdf_text(pdf)
