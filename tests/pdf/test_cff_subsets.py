"""Noto Sans CJK's subsets, made by HarfBuzz: the glyphs asked for and no others, each under its own CID."""

from __future__ import annotations

import io

from fontTools.cffLib import CFFFontSet

from briefgen.assets import assets_dir
from briefgen.pdf.font_subsets import subset_font

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
