"""The stylesheet: the theme's type scale as ReportLab paragraph styles, and theme colours as ReportLab's."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT

from briefgen.load.theme_file import default_theme, load_theme
from briefgen.style.stylesheet import colour, pack_stylesheet, stylesheet
from briefgen.style.theme import STYLE_DESCRIPTIONS


def test_every_declared_style_and_each_table_alignment_is_in_the_stylesheet() -> None:
    styles = stylesheet(default_theme())
    assert set(STYLE_DESCRIPTIONS) <= set(styles)
    for name in ("table.header", "table.cell"):
        assert [styles[f"{name}.{a}"].alignment for a in ("left", "right", "center")] == [TA_LEFT, TA_RIGHT, TA_CENTER]
        assert styles[f"{name}.right"].fontSize == styles[name].fontSize


def test_styles_take_fonts_sizes_and_colours_from_the_theme() -> None:
    theme = default_theme()
    styles = stylesheet(theme)
    body, heading, caption = styles["body"], styles["heading"], styles["caption"]
    assert (body.fontName, body.fontSize, body.leading, body.alignment) == ("BriefSerif", 10.5, 14.6, TA_JUSTIFY)
    assert body.hyphenationLang
    assert (body.embeddedHyphenation, body.allowWidows) == (1, 0)
    assert (heading.fontName, heading.fontSize, heading.spaceBefore) == ("BriefSans-Bold", 11.5, 14.6 * 0.6)
    assert heading.textColor == colors.HexColor(theme.heading_colour)
    assert caption.fontSize == 10.5 - 1.3
    assert not caption.hyphenationLang
    assert caption.allowWidows == 1
    assert styles["quote"].fontName == "BriefSerif-Italic"
    assert styles["reference"].bulletFontName == "BriefSerif"


def test_a_theme_with_a_larger_body_scales_the_relative_styles(tmp_path: Path) -> None:
    path = tmp_path / "large.yaml"
    path.write_text("fonts: {size: 12, leading: 16, body: sans}\n")
    styles = stylesheet(load_theme(path))
    assert (styles["caption"].fontSize, styles["caption"].leading) == (12 - 1.3, 16 - 2.4)
    assert styles["body"].spaceAfter == 16 * 0.45
    assert styles["box.item"].fontName == styles["body"].fontName == "BriefSans"


def test_pack_styles_are_the_themes_pack_styles() -> None:
    styles = pack_stylesheet(default_theme())
    assert set(styles) == {name for name in STYLE_DESCRIPTIONS if name.startswith("pack.")}
    assert styles["pack.footer.page"].fontName == "BriefSans-Bold"
    assert styles["pack.footer.page"].fontSize == stylesheet(default_theme())["footer"].fontSize


def test_theme_colours_become_reportlab_colours_exactly() -> None:
    assert colour("#1d3a5f") == colors.HexColor("#1d3a5f")
    grey = colour("rgb(75%, 75%, 75%)")
    assert (grey.red, grey.green, grey.blue) == (0.75, 0.75, 0.75)  # #bfbfbf would be 0.749...


def test_the_last_theme_asked_for_is_known_by_identity_and_any_other_by_value() -> None:
    theme = default_theme()
    styles = stylesheet(theme, "en")
    assert stylesheet(theme, "en") is styles
    assert stylesheet(load_theme("print"), "en")["body"].fontSize != 0  # another theme in between
    assert stylesheet(theme, "en") is styles  # found again by value, the same styles
    letter = theme.with_page_size("letter")
    assert stylesheet(letter, "en") is not styles  # an equal-looking theme is not taken for this one
    assert stylesheet(theme, "de") is not styles
    assert stylesheet(theme, "de")["body"].hyphenationLang != styles["body"].hyphenationLang
