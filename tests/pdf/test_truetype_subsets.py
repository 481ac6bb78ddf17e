"""TrueType subsets, made by HarfBuzz: each glyph drawn keeps its outline and advance; copies are moved and widened."""

from __future__ import annotations

import io
from typing import Any

import pytest
from fontTools import subset as fonttools_subset
from fontTools.ttLib import TTFont

from briefgen.assets import assets_dir
from briefgen.pdf import font_subsets
from briefgen.pdf.font_subsets import Variant, subset_font

SERIF = str(assets_dir() / "fonts" / "NotoSerif-Regular.ttf")
ORIGINAL = TTFont(SERIF)
CMAP = ORIGINAL.getBestCmap()
ORDER = ORIGINAL.getGlyphOrder()


def gid(ch: str) -> int:
    return ORIGINAL.getGlyphID(CMAP[ord(ch)])


def outline(font: TTFont, name: str) -> tuple[Any, ...]:
    """Return a glyph's points and contour ends, composites flattened, and its advance and left side bearing."""
    glyphs = font["glyf"]
    glyph = glyphs[name]
    if not glyph.numberOfContours:
        return (), (), font["hmtx"][name]
    coordinates, ends, _ = glyph.getCoordinates(glyphs)
    return tuple(coordinates), tuple(ends), font["hmtx"][name]


def _instructions(font: TTFont, name: str) -> bytes:
    glyph = font["glyf"][name]
    glyph.expand(font["glyf"])
    return bytes(glyph.program.getBytecode()) if hasattr(glyph, "program") else b""


def _with_components(names: set[str]) -> set[str]:
    glyphs = ORIGINAL["glyf"]
    found = set(names)
    for name in names:
        if glyphs[name].isComposite():
            found |= _with_components({component.glyphName for component in glyphs[name].components})
    return found


@pytest.fixture
def no_fonttools_subsetter(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail if fontTools' subsetter is asked for a subset: HarfBuzz makes them."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("fontTools' Subsetter was used")

    monkeypatch.setattr(fonttools_subset, "Subsetter", refuse)


@pytest.mark.usefixtures("no_fonttools_subsetter")
def test_a_subset_holds_the_glyphs_drawn_with_their_outlines_and_advances() -> None:
    # A composite (é is e and an accent), Cyrillic, digits, a dash.
    variants: list[Variant] = [(gid(ch), None, (0, 0)) for ch in "Déjà vu: Договор 2024 —"]
    program, new_gids, metrics = subset_font(SERIF, 0, False, variants)
    font = TTFont(io.BytesIO(program))
    names = font.getGlyphOrder()
    for variant, new in new_gids.items():
        assert outline(font, names[new]) == outline(ORIGINAL, ORDER[variant[0]])
    # The components of a composite come along; nothing else does but .notdef.
    assert len(names) == len(_with_components({ORDER[v[0]] for v in variants} | {".notdef"}))
    # What a PDF never reads is left out: hinting, layout, the character map, glyph names.
    assert not {"fpgm", "prep", "cvt ", "GSUB", "GPOS", "GDEF", "cmap"} & set(font.keys())
    assert font["post"].formatType == 3.0
    assert not any(_instructions(font, name) for name in names)  # the original's 'a' has 87 bytes
    assert metrics.postscript_name == "NotoSerif-Regular"
    assert len(program) < 8_000


@pytest.mark.usefixtures("no_fonttools_subsetter")
def test_a_glyph_drawn_wider_or_moved_is_a_copy_so_drawn() -> None:
    a = gid("a")
    variants: list[Variant] = [(a, None, (0, 0)), (a, 700, (0, 0)), (a, None, (30, -40))]
    program, new_gids, _ = subset_font(SERIF, 0, False, variants)
    font = TTFont(io.BytesIO(program))
    names = font.getGlyphOrder()
    plain, wide, moved = (names[new_gids[variant]] for variant in variants)
    assert len({plain, wide, moved}) == 3
    points, ends, (advance, _) = outline(ORIGINAL, ORDER[a])
    assert outline(font, plain) == (points, ends, ORIGINAL["hmtx"][ORDER[a]])
    assert outline(font, wide)[:2] == (points, ends)
    assert font["hmtx"][wide][0] == 700
    moved_points, _, (moved_advance, _) = outline(font, moved)
    assert moved_advance == advance
    assert [(x - 30, y + 40) for x, y in moved_points] == list(points)


def test_fonttools_makes_the_same_glyphs_where_harfbuzz_cannot(monkeypatch: pytest.MonkeyPatch) -> None:
    """A face HarfBuzz cannot subset is subset by fontTools, glyph for glyph with the same outlines."""
    import uharfbuzz

    variants: list[Variant] = [(gid(ch), None, (0, 0)) for ch in "Déjà vu"] + [(gid("a"), 700, (0, 0))]
    by_harfbuzz, harfbuzz_gids, _ = subset_font(SERIF, 0, False, variants)

    class Failing:
        def __init__(self, *args: Any) -> None:
            self.old_to_new_glyph_mapping: dict[int, int] = {}

        def execute(self) -> None:
            return None  # what uharfbuzz returns when HarfBuzz's subsetter fails

    monkeypatch.setattr(uharfbuzz, "SubsetPlan", Failing)
    by_fonttools, fonttools_gids, _ = subset_font(SERIF, 0, False, variants)
    assert by_fonttools != by_harfbuzz
    ours, theirs = TTFont(io.BytesIO(by_harfbuzz)), TTFont(io.BytesIO(by_fonttools))
    for variant in variants:
        mine = outline(ours, ours.getGlyphOrder()[harfbuzz_gids[variant]])
        assert mine == outline(theirs, theirs.getGlyphOrder()[fonttools_gids[variant]])
    assert font_subsets.subset_tag("FG1", by_harfbuzz) != font_subsets.subset_tag("FG1", by_fonttools)
