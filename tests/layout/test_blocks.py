"""Tables, figures, charts, callouts and quotes in a section's blocks, read back from the PDF."""

from __future__ import annotations

import os
from pathlib import Path

import pdfplumber
import pypdf
import pytest
from click.testing import CliRunner
from PIL import Image

from briefgen import build
from briefgen.cli import main
from briefgen.errors import SpecError
from briefgen.load.spec import load_spec
from briefgen.load.theme_file import default_theme
from conftest import SEED_SPEC, minimal_spec, pdf_text
from helpers_blocks import build_blocks, chars_outside, font_names, page_texts, section, words, write

LEFT = default_theme().margin_left
RIGHT = default_theme().page[0] - default_theme().margin_right
COLUMN = RIGHT - LEFT


def table(rows: list[list[str]], columns: list[str] | None = None, **extra: object) -> dict[str, object]:
    return {"type": "table", "columns": columns or ["Country", "Amount"], "rows": rows, **extra}


def problems(path: Path) -> list[str]:
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    return [p.describe(path.name) for p in caught.value.problems]


def test_table_cells_print_in_reading_order(tmp_path: Path) -> None:
    pdf = build_blocks(
        tmp_path,
        table([["United States", "916"], ["China", "296"]], caption="Top spenders", source="SIPRI"),
    )
    assert "Table 1. Top spenders Country Amount United States 916 China 296 Source: SIPRI" in pdf_text(pdf)


def test_long_table_repeats_its_header_row_on_every_page(tmp_path: Path) -> None:
    rows = [[f"Row {n}", str(n * 10)] for n in range(1, 121)]
    pdf = build_blocks(tmp_path, table(rows, columns=["Place", "Total"]))
    pages = words(pdf)
    assert len(pages) >= 3
    for page in pages:
        texts = [w["text"] for w in page]
        assert "Row" in texts
        header = [w for w in page if w["text"] == "Place"]
        first_row = min(w["top"] for w in page if w["text"] == "Row")
        assert header, "each page holding rows starts with the header row"
        assert header[0]["top"] < first_row
    assert pdf_text(pdf).count("Place Total") == len(pages)
    assert not chars_outside(pdf, LEFT, RIGHT)


def test_wide_table_wraps_inside_the_margins(tmp_path: Path) -> None:
    columns = [f"Heading number {n}" for n in range(12)]
    rows = [[f"Supercalifragilistic{n}expialidocious value" for n in range(12)] for _ in range(3)]
    pdf = build_blocks(tmp_path, table(rows, columns=columns))
    assert not chars_outside(pdf, LEFT, RIGHT)
    assert "Headingnumber0" in "".join(pdf_text(pdf).split())  # words too wide for a cell break inside


def test_number_columns_are_right_aligned(tmp_path: Path) -> None:
    pdf = build_blocks(tmp_path, table([["Alpha", "77"], ["Beta", "22,345"], ["Gamma", "3.5%"]]))
    page = words(pdf)[0]
    numbers = [w for w in page if w["text"] in ("77", "22,345", "3.5%")]
    assert len(numbers) == 3
    assert max(w["x1"] for w in numbers) - min(w["x1"] for w in numbers) < 0.5
    assert min(w["x0"] for w in numbers) > LEFT + COLUMN / 2


def test_table_cells_are_escaped_not_interpreted(tmp_path: Path) -> None:
    pdf = build_blocks(tmp_path, table([["<b>bold?</b> & co", "1"]]))
    assert "<b>bold?</b> & co" in pdf_text(pdf)


def test_table_row_with_wrong_cell_count_is_reported_at_the_row(tmp_path: Path) -> None:
    spec = minimal_spec(sections=[section(table([["a", "1"], ["b"]]))])
    path = write(tmp_path, spec)
    found = problems(path)
    assert len(found) == 1
    assert "sections[0].blocks[0].rows[1]: has 1 cells but the table has 2 columns" in found[0]
    line = found[0].split(":")[1]
    assert path.read_text().splitlines()[int(line) - 1].strip().startswith("- - b")


def png(path: Path, size: tuple[int, int]) -> Path:
    Image.new("RGB", size, (30, 60, 90)).save(path)
    return path


@pytest.mark.parametrize("name", ["wide.png", "wide.jpg"])
def test_raster_figure_is_scaled_to_its_share_of_the_column_keeping_its_aspect(tmp_path: Path, name: str) -> None:
    png(tmp_path / name, (400, 100))
    pdf = build_blocks(
        tmp_path, {"type": "figure", "image": name, "caption": "A wide picture", "credit": "Me", "width": 0.5}
    )
    reader = pypdf.PdfReader(pdf)
    images = list(reader.pages[0].images)
    assert len(images) == 1
    assert images[0].image.size == (400, 100)
    with pdfplumber.open(pdf) as document:
        (placed,) = document.pages[0].images
    assert placed["width"] == pytest.approx(COLUMN * 0.5, abs=0.5)
    assert placed["height"] == pytest.approx(placed["width"] / 4, abs=0.5)
    assert "Figure 1. A wide picture Me" in pdf_text(pdf)


def test_tall_figure_is_shrunk_to_fit_the_page(tmp_path: Path) -> None:
    png(tmp_path / "tall.png", (100, 1000))
    pdf = build_blocks(tmp_path, {"type": "figure", "image": "tall.png"})
    with pdfplumber.open(pdf) as document:
        (placed,) = document.pages[0].images
        assert placed["height"] < document.pages[0].height * 0.6
    assert placed["height"] / placed["width"] == pytest.approx(10, rel=0.01)


def test_svg_figure_is_drawn_as_vectors_with_embedded_fonts(tmp_path: Path) -> None:
    (tmp_path / "d.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">'
        '<rect x="5" y="5" width="190" height="90" fill="#ccc"/>'
        '<text x="20" y="50" font-family="sans-serif">Vector label</text></svg>'
    )
    pdf = build_blocks(tmp_path, {"type": "figure", "image": "d.svg", "caption": "Diagram"})
    assert "Vector label" in pdf_text(pdf)
    assert not list(pypdf.PdfReader(pdf).pages[0].images)
    assert "Helvetica" not in font_names(pdf)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("../outside.png", "image '../outside.png' is outside the folders a spec may use"),
        ("missing.png", "image 'missing.png' does not exist"),
        ("/etc/passwd.png", "image '/etc/passwd.png' does not exist"),
        ("notes.txt", "must be a .png, .jpg, .jpeg or .svg file"),
        ("fake.png", "is not a PNG file"),
    ],
)
def test_figure_files_must_be_real_images_inside_the_spec_folder(tmp_path: Path, written: str, message: str) -> None:
    folder = tmp_path / "specs"
    folder.mkdir()
    png(tmp_path / "outside.png", (10, 10))
    (folder / "fake.png").write_text("not an image")
    path = write(folder, minimal_spec(sections=[section({"type": "figure", "image": written})]))
    (found,) = problems(path)
    assert "sections[0].blocks[0].image" in found
    assert message in found


def test_symlink_leading_out_of_the_spec_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "specs"
    folder.mkdir()
    os.symlink(png(tmp_path / "secret.png", (10, 10)), folder / "link.png")
    path = write(folder, minimal_spec(sections=[section({"type": "figure", "image": "link.png"})]))
    (found,) = problems(path)
    assert "image 'link.png' is outside the folders a spec may use (it leads to" in found
    assert "pass --allow-outside-files to allow it" in found


def test_charts_print_their_title_labels_and_values(tmp_path: Path) -> None:
    bar = {
        "type": "chart",
        "kind": "bar",
        "title": "Spending by year",
        "categories": ["Alpha", "Beta"],
        "x_label": "Country",
        "y_label": "US$ billion",
        "series": [
            {"name": "2022", "values": [10, 20]},
            {"name": "2023", "values": [12.5, 30]},
            {"name": "2024", "values": [5, 6]},
        ],
        "source": "Made up",
    }
    line = {
        "type": "chart",
        "kind": "line",
        "title": "A trend",
        "categories": ["2019", "2020"],
        "series": [{"name": "World", "values": [1917, 1981]}],
    }
    pie = {
        "type": "chart",
        "kind": "pie",
        "title": "Shares",
        "categories": ["Big", "Small"],
        "series": [{"name": "s", "values": [3, 1]}],
    }
    pdf = build_blocks(tmp_path, bar, line, pie)
    text = pdf_text(pdf)
    for expected in (
        "Figure 1. Spending by year",
        "Alpha",
        "Beta",
        "Country",
        "US$ billion",
        "12.5",
        "2023",
        "Source: Made up",
        "Figure 2. A trend",
        "1,917",
        "World",
        "Figure 3. Shares",
        "Big 75%",
        "Small 25%",
    ):
        assert expected in text
    assert "Helvetica" not in font_names(pdf)


def test_chart_series_length_must_match_categories(tmp_path: Path) -> None:
    chart = {
        "type": "chart",
        "kind": "bar",
        "title": "T",
        "categories": ["a", "b"],
        "series": [{"name": "s", "values": [1]}],
    }
    path = write(tmp_path, minimal_spec(sections=[section(chart)]))
    (found,) = problems(path)
    assert "sections[0].blocks[0].series[0].values: has 1 values but the chart has 2 categories" in found


def test_references_print_the_number_of_the_block_they_name(tmp_path: Path) -> None:
    png(tmp_path / "p.png", (20, 10))
    pdf = build_blocks(
        tmp_path,
        {"type": "paragraph", "text": "See [@pic], [@tab] and *[@trend]*; \\[@pic] stays as written."},
        {"type": "figure", "id": "pic", "image": "p.png"},
        table([["a", "1"]], id="tab"),
        {
            "type": "chart",
            "id": "trend",
            "kind": "line",
            "title": "T",
            "categories": ["x"],
            "series": [{"name": "s", "values": [1]}],
        },
    )
    assert "See Figure 1, Table 1 and Figure 2; [@pic] stays as written." in pdf_text(pdf)


def test_reference_to_an_unknown_id_is_reported_with_a_hint(tmp_path: Path) -> None:
    spec = minimal_spec(
        key_points=["See [@tabel]."],
        sections=[section(table([["a", "1"]], id="table-1"), body="Also [@table-1].")],
    )
    path = write(tmp_path, spec)
    (found,) = problems(path)
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if "[@tabel]" in text)
    assert found.startswith(f"brief.yaml:{line}:")
    assert "key_points[0]: [@tabel] refers to no table, figure or chart (did you mean 'table-1'?)" in found


def test_duplicate_ids_are_reported(tmp_path: Path) -> None:
    spec = minimal_spec(sections=[section(table([["a", "1"]], id="t"), table([["b", "2"]], id="t"))])
    (found,) = problems(write(tmp_path, spec))
    assert "sections[0].blocks[1].id: id 't' is used twice" in found


def test_quote_attribution_and_callout_print(tmp_path: Path) -> None:
    pdf = build_blocks(
        tmp_path,
        {"type": "quote", "text": "Words & deeds.", "attribution": "A. Person"},
        {"type": "callout", "title": "What to watch", "body": "First thing.\n\n- a bullet"},
        {"type": "bullets", "items": ["one", "two"]},
    )
    assert "Words & deeds. — A. Person What to watch First thing. • a bullet • one • two" in pdf_text(pdf)


def test_section_needs_body_or_blocks(tmp_path: Path) -> None:
    path = write(tmp_path, minimal_spec(sections=[{"heading": "Empty"}]))
    (found,) = problems(path)
    assert "sections[0].body: a section needs a body or blocks (or both)" in found


def test_unknown_block_type_gets_a_did_you_mean(tmp_path: Path) -> None:
    path = write(tmp_path, minimal_spec(sections=[section({"type": "tabel", "rows": []})]))
    (found,) = problems(path)
    assert (
        "sections[0].blocks[0].type: expected one of paragraph, bullets, quote, code, table, figure, chart, "
        "callout" in found
    )
    assert "(did you mean 'table'?)" in found


def test_body_and_blocks_print_body_first(tmp_path: Path) -> None:
    path = write(tmp_path, minimal_spec(sections=[section({"type": "paragraph", "text": "Second."}, body="First.")]))
    assert [type(b).__name__ for b in load_spec(path).sections[0].blocks] == ["Paragraph", "Paragraph"]
    assert load_spec(path).sections[0].blocks[0].text == "First."  # type: ignore[union-attr]


def test_existing_specs_stay_valid() -> None:
    brief = load_spec(SEED_SPEC)
    assert brief.status == ""
    assert len(brief.sections) == 5


def test_example_specs_together_use_every_block_type() -> None:
    kinds = set()
    for path in (SEED_SPEC.parent).glob("*.yaml"):
        for sec in load_spec(path).sections:
            for block in sec.blocks:
                kinds.add(type(block).__name__)
                if type(block).__name__ == "Quote" and block.attribution:  # type: ignore[union-attr]
                    kinds.add("attributed quote")
    assert kinds >= {"Paragraph", "BulletList", "Quote", "Table", "Figure", "Chart", "Callout", "attributed quote"}


def test_draft_prints_a_watermark_and_footer_on_every_page(tmp_path: Path) -> None:
    rows = [[f"Row {n}", str(n)] for n in range(90)]
    pdf = build_blocks(tmp_path, table(rows), status="draft")
    texts = page_texts(pdf)
    assert len(texts) >= 2
    for text in texts:
        assert text.count("DRAFT") == 2  # across the page and in the footer
    assert "DRAFT — A Minimal Brief" in texts[0]


def test_final_has_no_watermark(tmp_path: Path) -> None:
    pdf = build_blocks(tmp_path, table([["a", "1"]]), status="final")
    assert "DRAFT" not in pdf_text(pdf)


def test_watermark_option_overrides_status(tmp_path: Path) -> None:
    path = write(tmp_path, minimal_spec(status="draft"))
    result = CliRunner().invoke(
        main, ["build", str(path), "-o", str(tmp_path / "out"), "--watermark", "Not for release"]
    )
    assert result.exit_code == 0, result.output
    text = pdf_text(tmp_path / "out" / "brief.pdf")
    assert "NOT FOR RELEASE" in text
    assert "DRAFT" not in text


def test_crowded_chart_slants_its_labels_inside_the_margins(tmp_path: Path) -> None:
    names = ["Bosnia and Herzegovina", *(f"Country number {n} of many" for n in range(24))]
    chart = {
        "type": "chart",
        "kind": "bar",
        "title": "Crowded",
        "categories": names,
        "series": [{"name": "s", "values": [n - 5 for n in range(25)]}],
    }
    pdf = build_blocks(tmp_path, chart)
    assert not chars_outside(pdf, LEFT, RIGHT)
    words_printed = pdf_text(pdf)
    # Too close to read side by side, every other label is drawn; each one drawn is whole.
    assert words_printed.count("Country number") >= 12
    assert words_printed.count("many") == words_printed.count("Country number"), "no label is cut short"


def test_references_link_to_the_block_they_name(tmp_path: Path) -> None:
    rows = [[f"Row {n}", str(n)] for n in range(70)]
    pdf = build_blocks(
        tmp_path,
        {"type": "paragraph", "text": "The chart is [@later]."},
        table(rows),
        {
            "type": "chart",
            "id": "later",
            "kind": "bar",
            "title": "T",
            "categories": ["x"],
            "series": [{"name": "s", "values": [1]}],
        },
    )
    reader = pypdf.PdfReader(pdf)
    links = [a.get_object() for a in reader.pages[0].get("/Annots", [])]
    (link,) = [a for a in links if "/Dest" in a]
    target_page = reader.get_page_number(link["/Dest"][0].get_object())
    assert target_page > 0
    assert "Figure 1. T" in page_texts(pdf)[target_page]


def test_example_brief_builds_reproducibly(tmp_path: Path) -> None:
    example = SEED_SPEC.parent / "world-military-expenditure-2023.yaml"
    first = build(example, tmp_path / "a.pdf").output.read_bytes()
    second = build(example, tmp_path / "b.pdf").output.read_bytes()
    assert first == second
    text = pdf_text(tmp_path / "a.pdf")
    assert "Table 1. The ten largest military spenders in 2023" in text
    assert "Figure 4. What SIPRI counts as military expenditure." in text


def test_charts_too_crowded_to_read_are_refused_with_the_limit(tmp_path: Path) -> None:
    crowded = {
        "type": "chart",
        "kind": "pie",
        "title": "Shares",
        "categories": [f"Part {n}" for n in range(13)],
        "series": [{"name": "Share", "values": [1] * 13}],
    }
    path = write(tmp_path, minimal_spec(sections=[section(crowded)]))
    (found,) = problems(path)
    assert found.endswith(
        "sections[0].blocks[0].categories: a pie chart of 13 categories cannot be read on a page; "
        "the limit is 12: group the smaller ones, or use a table or a line chart"
    )
