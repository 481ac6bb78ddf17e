"""Noto Sans CJK's subsets, made by HarfBuzz: the glyphs asked for and no others, each under its own CID."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pypdf
from fontTools.cffLib import CFFFontSet

from briefgen import build
from briefgen.assets import assets_dir
from briefgen.pdf.font_subsets import subset_font
from conftest import REPO
from helpers_pdf_fonts import font_failures

CJK = str(assets_dir() / "fonts" / "NotoSansCJK-Regular.ttc")


def test_a_cjk_subset_holds_the_glyphs_drawn_under_their_cids() -> None:
    # Glyph ids of three Hangul syllables and an ideograph in the Korean face (the collection's second).
    gids = [52094, 20173, 48911, 1536]
    variants = [(gid, None, (0, 0)) for gid in gids]
    program, new_gids, metrics = subset_font(CJK, 1, True, variants)
    fonts = CFFFontSet()
    fonts.decompile(io.BytesIO(program), None)
    top = fonts.topDictIndex[0]
    # What the PDF draws a glyph by is its CID, which Noto Sans CJK's glyph ids are: kept in the charset.
    assert top.charset == [".notdef", *(f"cid{gid:05d}" for gid in sorted(gids))]
    assert top.ROS == ("Adobe", "Identity", 0)
    assert {variant[0]: new_gids[variant] for variant in variants} == {
        gid: index for index, gid in enumerate(sorted(gids), start=1)
    }
    # Desubroutinized: every glyph's outline stands alone.
    assert not fonts.GlobalSubrs
    assert not any(getattr(font.Private, "Subrs", None) for font in top.FDArray)
    assert metrics.postscript_name.startswith("NotoSansCJK")
    assert len(program) < 40_000


def test_a_korean_brief_lists_no_one_em_glyph_in_its_widths(tmp_path: Path) -> None:
    """Hangul syllables are one em wide, the /DW: /W lists only the others, codes in a row as one array."""
    pdf = build(REPO / "specs" / "languages" / "ko-bukreo-joyak.yaml", tmp_path / "ko.pdf").output
    with pikepdf.open(pdf) as document:
        fonts = [
            font
            for page in document.pages
            for font in page.Resources.Font.values()
            if font.Subtype == "/Type0" and "NotoSansCJK" in str(font.BaseFont)
        ]
        assert fonts
        for font in fonts:
            descendant = font.DescendantFonts[0]
            assert float(descendant.DW) == 1000
            items = list(descendant.get("/W", []))
            listed = [float(width) for item in items if isinstance(item, pikepdf.Array) for width in item]
            assert 1000 not in listed
            assert all(isinstance(item, pikepdf.Array) for item in items[1::2])  # code, [widths], code, [widths]
            starts = [int(item) for item in items[::2]]
            assert starts == sorted(starts)
        # Widths left out and listed alike are the font program's, glyph by glyph, and the text reads back.
        assert font_failures(document) == []
    assert "북러" in "".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
