"""Themes: built-in and file themes, validated like specs, and what they change in the PDF."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pdfplumber
import pypdf
import pytest
from click.testing import CliRunner
from PIL import Image

from briefgen import Options, build
from briefgen.cli import main
from briefgen.errors import SpecError
from briefgen.load.spec import load_spec
from briefgen.load.theme_file import default_theme, load_theme
from conftest import REPO, SEED_SPEC, minimal_spec, pdf_text
from helpers_blocks import chars_outside, font_names, write


def theme_file(folder: Path, text: str, name: str = "house.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def theme_problems(path: Path) -> list[str]:
    with pytest.raises(SpecError) as caught:
        load_theme(path)
    return [p.describe(path.name) for p in caught.value.problems]


def test_a_theme_file_that_names_nothing_else_is_the_default_look(tmp_path: Path) -> None:
    assert load_theme(theme_file(tmp_path, "name: house\n")) == replace(default_theme(), name="house")
    assert default_theme().name == "default"
    assert default_theme().body_size == 10.5


@pytest.mark.parametrize("name", ["default", "print", "modern"])
def test_built_in_themes_load_and_build_the_seed(tmp_path: Path, name: str) -> None:
    result = build(SEED_SPEC, tmp_path / f"{name}.pdf", options=Options(theme=name))
    assert "Russia and North Korea Sign Mutual Defense Treaty" in pdf_text(result.output)
    assert load_theme(name).name == name


def test_print_theme_is_black_on_white_and_prints_link_addresses(tmp_path: Path) -> None:
    theme = load_theme("print")
    greys = [theme.tint, theme.callout_tint, theme.table_header_tint]
    assert all(c == "#ffffff" for c in greys)
    assert theme.text_colour == theme.link_colour == "#000000"
    path = write(
        tmp_path, minimal_spec(sections=[{"heading": "S", "body": "Read [the report](https://example.org/r)."}])
    )
    text = pdf_text(build(path, tmp_path / "p.pdf", options=Options(theme="print")).output)
    assert "Read the report (https://example.org/r)." in text


def test_modern_theme_uses_sans_body_and_numbered_headings(tmp_path: Path) -> None:
    pdf = build(SEED_SPEC, tmp_path / "m.pdf", options=Options(theme="modern")).output
    fonts = font_names(pdf)
    assert "NotoSans-Regular" in fonts
    assert not any(f.startswith("NotoSerif") for f in fonts)
    text = pdf_text(pdf)
    assert "1. The Treaty and Its Provisions" in text
    assert "5. Conclusion" in text
    assert "Example Policy Unit · Russia–North Korea Mutual Defense Treaty" in text


def test_theme_file_sets_page_size_margins_fonts_and_date(tmp_path: Path) -> None:
    theme = theme_file(
        tmp_path,
        "page_size: letter\n"
        "margins: {top: 25, right: 30, bottom: 25, left: 30}\n"
        "fonts:\n  body: sans\n  heading: serif\n"
        "date_format: us\n"
        "footer: '{organization} | {date}'\n",
    )
    path = write(tmp_path, minimal_spec(date="2024-11-12", organization="Unit", theme="house.yaml"))
    pdf = build(path, tmp_path / "h.pdf").output
    page = pypdf.PdfReader(pdf).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx((612, 792))
    assert {"NotoSans-Regular", "NotoSerif-Bold"} <= font_names(pdf)
    text = pdf_text(pdf)
    assert "November 12, 2024" in text
    assert "Unit | November 12, 2024" in text
    mm = 72 / 25.4
    assert not chars_outside(pdf, 30 * mm, 612 - 30 * mm)
    assert theme.exists()


def test_page_size_option_overrides_the_theme(tmp_path: Path) -> None:
    path = write(tmp_path, minimal_spec(theme="modern"))
    pdf = build(path, tmp_path / "l.pdf", options=Options(page_size="letter")).output
    assert float(pypdf.PdfReader(pdf).pages[0].mediabox.width) == pytest.approx(612)


def test_bad_theme_field_is_reported_with_its_line_and_a_hint(tmp_path: Path) -> None:
    path = theme_file(
        tmp_path, "name: house\ncolours:\n  acent: '#000000'\n  heading: navy\nnumbered_headings: yes please\n"
    )
    assert theme_problems(path) == [
        "house.yaml:3:3: colours.acent: unknown field 'acent' (did you mean 'accent'?)",
        "house.yaml:4:12: colours.heading: expected a colour written #rrggbb such as #1d3a5f, got 'navy'",
        "house.yaml:5:20: numbered_headings: expected true or false, got 'yes please'",
    ]


def test_unknown_theme_key_and_footer_placeholder_are_reported(tmp_path: Path) -> None:
    path = theme_file(tmp_path, "footer: '{titel}'\npage_sise: a4\n")
    assert theme_problems(path) == [
        "house.yaml:1:9: footer: unknown placeholder {titel} (did you mean 'title'?)",
        "house.yaml:2:1: page_sise: unknown field 'page_sise' (did you mean 'page_size'?)",
    ]


def test_theme_font_file_must_be_truetype_inside_allowed_folders(tmp_path: Path) -> None:
    (tmp_path / "fake.ttf").write_text("nope")
    path = theme_file(tmp_path, "fonts:\n  body:\n    regular: fake.ttf\n  heading:\n    regular: ../../x.ttf\n")
    found = theme_problems(path)
    assert "fonts.body.regular: font 'fake.ttf' is not a font file: name a TrueType" in found[0]
    assert "fonts.heading.regular: font '../../x.ttf'" in found[1]


def test_theme_font_files_are_embedded(tmp_path: Path) -> None:
    path = theme_file(
        tmp_path, "fonts:\n  body:\n    regular: fonts/NotoSans-Regular.ttf\n    bold: fonts/NotoSans-Bold.ttf\n"
    )
    theme = load_theme(path)
    assert theme.body_font.name.startswith("Theme")
    spec = write(tmp_path, minimal_spec(theme="house.yaml"))
    assert "NotoSans-Regular" in font_names(build(spec, tmp_path / "f.pdf").output)


def test_shipped_fonts_are_named_by_their_files() -> None:
    """The shipped faces are registered unread, under the PostScript names their files are named by."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    shipped = sorted((REPO / "assets" / "fonts").glob("*.ttf"))
    assert len(shipped) == 21  # the restructure's 20 and Noto Sans Mono
    for path in shipped:
        assert TTFontFile(str(path)).name == path.stem.encode()


def test_a_theme_may_bring_its_own_copy_of_a_shipped_font(tmp_path: Path) -> None:
    """Two files of one face (a theme's copy of Noto Sans Bold) share one font in the PDF."""
    (tmp_path / "fonts").mkdir()
    for face in ("Regular", "Bold"):
        copy = tmp_path / "fonts" / f"NotoSans-{face}.ttf"
        copy.write_bytes((REPO / "assets" / "fonts" / copy.name).read_bytes())
    theme_file(
        tmp_path, "fonts:\n  body:\n    regular: fonts/NotoSans-Regular.ttf\n    bold: fonts/NotoSans-Bold.ttf\n"
    )
    spec = write(tmp_path, minimal_spec(theme="house.yaml", key_points=["A **bold** point."]))
    output = build(spec, tmp_path / "copy.pdf").output
    assert {"NotoSans-Regular", "NotoSans-Bold"} <= font_names(output)
    assert "A bold point." in pdf_text(output)


def test_spec_theme_must_name_a_built_in_theme_or_a_file_beside_it(tmp_path: Path) -> None:
    path = write(tmp_path, minimal_spec(theme="prnt"))
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    assert "theme: no built-in theme is called 'prnt' (did you mean 'print'?)" in str(caught.value)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    theme_file(tmp_path, "name: x\n", "outside.yaml")
    path = write(outside, minimal_spec(theme="../outside.yaml"))
    with pytest.raises(SpecError, match=r"theme file '\.\./outside\.yaml' is outside the folders a spec may use"):
        load_spec(path)


def test_theme_option_accepts_a_file_anywhere_and_rejects_unknown_names(tmp_path: Path) -> None:
    (tmp_path / "specs").mkdir()
    spec = write(tmp_path / "specs", minimal_spec())
    theme = theme_file(tmp_path, "numbered_headings: true\n")  # outside the spec's folder: named by the user
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(spec), "-o", str(tmp_path / "out"), "--theme", str(theme)])
    assert result.exit_code == 0, result.output
    assert "1. Only Section" in pdf_text(tmp_path / "out" / "brief.pdf")
    result = runner.invoke(main, ["build", str(spec), "-o", str(tmp_path / "out"), "--theme", "fancy"])
    assert result.exit_code == 2
    assert "no built-in theme is called 'fancy'" in result.output


@pytest.mark.parametrize("place", ["top-right", "top-left", "footer"])
def test_logo_is_placed_where_the_theme_says(tmp_path: Path, place: str) -> None:
    Image.new("RGB", (300, 100), (0, 0, 0)).save(tmp_path / "logo.png")
    theme_file(tmp_path, f"logo:\n  file: logo.png\n  place: {place}\n  height: 10\n")
    long_body = "\n\n".join(["Paragraph of text that fills the page. " * 12] * 12)
    path = write(tmp_path, minimal_spec(theme="house.yaml", sections=[{"heading": "S", "body": long_body}]))
    pdf = build(path, tmp_path / "logo.pdf").output
    with pdfplumber.open(pdf) as document:
        placements = [page.images for page in document.pages]
        width = document.pages[0].width
        height = document.pages[0].height
    assert len(placements) >= 2
    first = placements[0][0]
    assert first["width"] / first["height"] == pytest.approx(3, rel=0.01)
    if place == "footer":
        assert all(len(images) == 1 and images[0]["top"] > height * 0.9 for images in placements)
    else:
        assert [len(images) for images in placements[1:]] == [0] * (len(placements) - 1)
        assert first["top"] < height * 0.15
        assert (first["x0"] > width / 2) == (place == "top-right")


def test_check_reports_errors_in_the_theme_file_a_spec_names(tmp_path: Path) -> None:
    theme_file(tmp_path, "colours:\n  accent: blue\n")
    path = write(tmp_path, minimal_spec(theme="house.yaml"))
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1
    assert "house.yaml:2:11: colours.accent: expected a colour written #rrggbb" in result.output


def test_theme_file_sets_dimensions_field_by_field(tmp_path: Path) -> None:
    path = theme_file(
        tmp_path,
        "boxes:\n  callout: {padding: 12}\n"
        "charts:\n  lines: {dashes: [[], [3, 3]], markers: [square]}\n  pie: {outline: leading * 0.1}\n"
        "furniture:\n  footer: {drop: 14}\n"
        "pack:\n  contents: {leader_step: 5}\n",
    )
    theme, default = load_theme(path), default_theme()
    assert theme.boxes.callout == replace(default.boxes.callout, padding=12)
    assert theme.boxes.key_points == default.boxes.key_points
    assert theme.charts.lines.dashes == ((), (3, 3))
    assert theme.charts.lines.markers == ("square",)
    assert theme.charts.pie.outline == 14.6 * 0.1
    assert theme.charts.pie.max_radius == default.charts.pie.max_radius
    assert theme.furniture.footer == replace(default.furniture.footer, drop=14)
    assert theme.pack.contents == replace(default.pack.contents, leader_step=5)
    assert theme.pack.cover == default.pack.cover


def test_a_theme_asks_for_the_name_of_a_numbered_copy_across_each_page(tmp_path: Path) -> None:
    assert default_theme().furniture.copy_mark.watermark is False
    path = theme_file(tmp_path, "furniture:\n  copy_mark: {watermark: true, opacity: 0.3}\n")
    assert load_theme(path).furniture.copy_mark == replace(
        default_theme().furniture.copy_mark, watermark=True, opacity=0.3
    )
    path.write_text("furniture:\n  copy_mark: {watermark: sometimes}\n")
    assert theme_problems(path) == [
        "house.yaml:2:26: furniture.copy_mark.watermark: expected true or false, got 'sometimes'"
    ]


def test_unknown_dimension_and_marker_are_reported_with_hints(tmp_path: Path) -> None:
    path = theme_file(
        tmp_path, "tables:\n  paddng: {left: 3}\ncharts:\n  lines: {markers: [star]}\nfigures: {max_height: 2}\n"
    )
    assert theme_problems(path) == [
        "house.yaml:2:3: tables.paddng: unknown field 'paddng' (did you mean 'padding'?)",
        "house.yaml:4:21: charts.lines.markers[0]: expected one of circle, square, triangle, diamond, "
        "got 'star' (did you mean 'square'?)",
        "house.yaml:5:23: figures.max_height: 2 is out of range; use a number from 0 to 1",
    ]


def test_a_colour_may_be_written_in_percent_where_256_steps_are_too_few(tmp_path: Path) -> None:
    path = theme_file(tmp_path, "colours:\n  chart_grid: 'rgb(62.5%, 62.5%,62.5%)'\n  paper: 'rgb(120%, 0%, 0%)'\n")
    assert theme_problems(path) == [
        "house.yaml:3:10: colours.paper: expected a colour written #rrggbb such as #1d3a5f, got 'rgb(120%, 0%, 0%)'"
    ]
    path.write_text("colours:\n  chart_grid: 'rgb(62.5%, 62.5%,62.5%)'\n")
    assert load_theme(path).chart_grid == "rgb(62.5%, 62.5%, 62.5%)"


def test_a_logo_section_must_name_its_file(tmp_path: Path) -> None:
    assert theme_problems(theme_file(tmp_path, "logo:\n  height: 12\n")) == [
        "house.yaml:2:3: logo.file: is required but missing: name the logo's image file"
    ]


def test_the_default_theme_must_name_every_field(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Other themes are merged over the default: a field it lacks would have no value at all."""
    from briefgen.load import theme_file as module

    text = (REPO / "assets" / "themes" / "default.yaml").read_text()
    (tmp_path / "default.yaml").write_text(
        text.replace("  bookmark_rise: 6\n", "").replace("    bullet_size: 10\n", "")
    )
    monkeypatch.setattr(module, "themes_dir", lambda: tmp_path)
    with pytest.raises(SpecError) as caught:
        module.parse_theme((tmp_path / "default.yaml").read_bytes(), tmp_path / "default.yaml")
    assert [p.describe("default.yaml") for p in caught.value.problems] == [
        "default.yaml:1:1: furniture.bookmark_rise: is missing from the default theme, which must name every field",
        "default.yaml:1:1: styles.base.bullet_size: is missing from the default theme",
    ]
    (tmp_path / "default.yaml").write_text(text.replace("page_size: a4\n", ""))
    with pytest.raises(SpecError, match="page_size: is required but missing: the paper size"):
        module.parse_theme((tmp_path / "default.yaml").read_bytes(), tmp_path / "default.yaml")


@pytest.mark.parametrize("name", ["default", "print", "modern"])
def test_the_theme_json_schema_accepts_the_shipped_themes(name: str) -> None:
    import jsonschema
    import yaml

    from briefgen.load.theme_file import theme_json_schema

    schema = theme_json_schema()
    document = yaml.safe_load((REPO / "assets" / "themes" / f"{name}.yaml").read_text())
    jsonschema.validate(document, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"styles": {"caption": {"size": "bdy - 1"}}}, schema)


def test_theme_lengths_reach_the_page(tmp_path: Path) -> None:
    theme_file(tmp_path, "rules:\n  title: {width: 3.5}\nstyles:\n  title: {size: 26, leading: 30}\n")
    pdf = build(write(tmp_path, minimal_spec(theme="house.yaml")), tmp_path / "t.pdf").output
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        widths = {round(line["linewidth"], 2) for line in page.lines}
        title_sizes = {round(char["size"], 2) for char in page.chars if char["text"] in "AMinimal"}
    assert 3.5 in widths
    assert 26 in title_sizes


def test_a_theme_is_read_again_for_another_projects_assets(tmp_path: Path) -> None:
    from briefgen.load.files import file_access

    (tmp_path / "themes").mkdir()
    theme = theme_file(tmp_path / "themes", "logo:\n  file: crest.png\n")
    one, other = tmp_path / "one" / "assets", tmp_path / "other" / "assets"
    one.mkdir(parents=True)
    other.mkdir(parents=True)
    Image.new("RGB", (30, 10), (0, 0, 0)).save(one / "crest.png")
    with file_access(project_assets=one):
        assert load_theme(theme).logo == str((one / "crest.png").resolve())
    # The same theme file, unchanged, in a project without the crest: its logo is not found, not taken from
    # the theme read for the first project.
    with file_access(project_assets=other), pytest.raises(SpecError, match=r"crest\.png"):
        load_theme(theme)
