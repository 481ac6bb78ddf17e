from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.assets import assets_dir
from briefgen.style.font_coverage import (
    COVERAGE_FILE,
    FontFace,
    FontFileError,
    Ranges,
    coverage,
    coverage_table_text,
    fallback_faces,
    read_font_kind,
)


def test_the_coverage_table_matches_the_shipped_fonts() -> None:
    shipped = (assets_dir() / "fonts" / COVERAGE_FILE).read_text(encoding="ascii")
    assert shipped == coverage_table_text(), "assets/fonts/coverage.txt is stale: run `make fonts`"


def test_ranges_hold_exactly_their_code_points() -> None:
    ranges = Ranges.of([0x20, 0x21, 0x22, 0x41, 0x4E00])
    assert ranges.text() == "20-22 41 4e00"
    assert [code in Ranges.parse(ranges.text()) for code in (0x1F, 0x20, 0x22, 0x23, 0x41, 0x4E00, 0x4E01)] == [
        False, True, True, False, True, True, False,
    ]  # fmt: skip


def test_shipped_faces_cover_their_scripts_and_no_control_character() -> None:
    fonts = assets_dir() / "fonts"
    assert ord("Ж") in coverage(FontFace(str(fonts / "NotoSerif-Regular.ttf")))
    assert ord("김") in coverage(FontFace(str(fonts / "NotoSansCJK-Regular.ttc"), 1))
    assert ord("ب") in coverage(FontFace(str(fonts / "NotoNaskhArabic-Regular.ttf")))
    assert ord("क") in coverage(FontFace(str(fonts / "NotoSerifDevanagari-Bold.ttf")))
    for path in sorted(fonts.glob("*.tt[fc]")):
        assert 0 not in coverage(FontFace(str(path))), path.name


def test_fallbacks_put_the_scripts_own_font_first_and_match_the_family() -> None:
    assert Path(fallback_faces("Arab", "bold", sans=False, cjk="Hans")[0].path).name == "NotoNaskhArabic-Bold.ttf"
    assert Path(fallback_faces("Arab", "italic", sans=True, cjk="Hans")[0].path).name == "NotoSansArabic-Regular.ttf"
    korean = fallback_faces("Hang", "regular", sans=False, cjk="Hans")[0]
    assert (Path(korean.path).name, korean.number) == ("NotoSansCJK-Regular.ttc", 1)
    chinese = fallback_faces("Hani", "regular", sans=False, cjk="Hant")[0]
    assert chinese.number == 3


def test_the_shipped_cjk_faces_number_their_glyphs_by_cid() -> None:
    """Drawing CJK shows each glyph by its id as its CID (``GlyphFace.cid``): true of Noto Sans CJK."""
    from fontTools.ttLib import TTFont

    path = assets_dir() / "fonts" / "NotoSansCJK-Bold.ttc"
    with TTFont(str(path), fontNumber=2, lazy=True) as font:
        order = font.getGlyphOrder()
    assert all(name == f"cid{index:05d}" for index, name in enumerate(order) if index)


def test_a_file_that_is_not_a_font_or_a_face_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "fake.ttf"
    fake.write_text("nope")
    with pytest.raises(FontFileError, match=r"'fake\.ttf' is not a font briefgen can read"):
        read_font_kind(FontFace(str(fake)))
    collection = str(assets_dir() / "fonts" / "NotoSansCJK-Regular.ttc")
    copy = tmp_path / "cjk.ttc"
    copy.write_bytes(Path(collection).read_bytes()[:65536])  # a collection's header: its faces' count
    with pytest.raises(FontFileError, match=r"font 'cjk.ttc' has no face #12; its faces are #0 to #9"):
        read_font_kind(FontFace(str(copy), 12))
    serif = assets_dir() / "fonts" / "NotoSerif-Regular.ttf"
    (tmp_path / "serif.ttf").write_bytes(serif.read_bytes())
    with pytest.raises(FontFileError, match=r"'serif.ttf' is not a collection \(.ttc\); name it without #1"):
        read_font_kind(FontFace(str(tmp_path / "serif.ttf"), 1))
    assert read_font_kind(FontFace(str(tmp_path / "serif.ttf"))) == "truetype"
