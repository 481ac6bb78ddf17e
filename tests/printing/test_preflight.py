"""Preflight: each check fires on a PDF made to fail it, names the pages, and stays quiet on a good brief."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner
from PIL import Image
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from briefgen.api import Options, build
from briefgen.cli import main
from briefgen.printing.impose import booklet, impose, n_up
from briefgen.printing.media import paper
from briefgen.printing.preflight import PreflightError, page_list, preflight
from helpers_printing import FONT, MM, make_pdf, page_label

Draw = Callable[[Canvas, int, tuple[float, float]], None]


def _with(extra: Draw) -> Draw:
    def draw(canvas: Canvas, number: int, size: tuple[float, float]) -> None:
        page_label(canvas, number, size)
        extra(canvas, number, size)

    return draw


def _checks(data: bytes, **options: object) -> list[tuple[str, tuple[int, ...]]]:
    report = preflight(data, "test.pdf", **options)  # type: ignore[arg-type]
    return [(finding.check, finding.pages) for finding in report.findings]


@pytest.fixture(scope="module")
def brief_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    folder = tmp_path_factory.mktemp("brief")
    spec = folder / "brief.yaml"
    spec.write_text(
        "title: A Brief to Print\nclassification: OFFICIAL\nkey_points: [One point.]\n"
        "sections:\n  - heading: Only Section\n    body: Some text.\n",
        encoding="utf-8",
    )
    build(spec, folder / "brief.pdf", options=Options(theme="print"))
    return (folder / "brief.pdf").read_bytes()


def test_a_brief_built_by_briefgen_passes_every_check(brief_pdf: bytes) -> None:
    report = preflight(brief_pdf, "brief.pdf", media=paper("a4"), black_and_white=True)

    assert report.ok, report.lines()
    assert report.pages == 1


def test_a_font_that_is_not_embedded_is_named_with_its_pages() -> None:
    def helvetica(canvas: Canvas, _number: int, _size: tuple[float, float]) -> None:
        canvas.setFont("Helvetica", 10)
        canvas.drawString(100, 100, "Standard font")

    data = make_pdf([page_label, _with(helvetica), _with(helvetica)])

    report = preflight(data, "test.pdf")

    assert [(f.check, f.pages) for f in report.findings] == [("fonts", (2, 3))]
    assert report.lines() == [
        "test.pdf: pages 2-3: the font Helvetica is not embedded: the printer puts its own font in its place, "
        "so lines may reflow or characters go missing; embed the font in the PDF"
    ]


@pytest.mark.parametrize(("pixels", "flagged"), [(150, True), (600, False)])
def test_images_below_150_dpi_at_their_printed_size_are_reported(pixels: int, flagged: bool) -> None:
    def picture(canvas: Canvas, _number: int, _size: tuple[float, float]) -> None:
        image = Image.new("L", (pixels, pixels), 128)
        canvas.drawImage(ImageReader(image), 100, 100, width=50.8 * MM, height=50.8 * MM)  # two inches

    report = preflight(make_pdf([_with(picture)]), "test.pdf")

    if flagged:
        (finding,) = report.findings
        assert finding.check == "images"
        assert finding.message.startswith("an image of 150 x 150 pixels is printed 51 x 51 mm, only 75 dpi")
        assert "at least 300 pixels wide" in finding.message
    else:
        assert report.ok


def test_content_within_5_mm_of_the_edge_is_reported_with_its_distance() -> None:
    def near_edge(canvas: Canvas, _number: int, _size: tuple[float, float]) -> None:
        canvas.setFont(FONT, 9)
        canvas.drawString(3 * MM, 400, "Too close")

    report = preflight(make_pdf([page_label, _with(near_edge)]), "test.pdf")

    (finding,) = report.findings
    assert (finding.check, finding.pages) == ("edges", (2,))
    assert finding.message.startswith("text comes 3.0 mm from the left edge; most office printers cannot print")


def test_content_past_the_edge_touches_it() -> None:
    def bleed(canvas: Canvas, _number: int, size: tuple[float, float]) -> None:
        canvas.rect(-10, 300, 50, 50, stroke=0, fill=1)

    (finding,) = preflight(make_pdf([_with(bleed)]), "test.pdf").findings
    assert finding.message.startswith("a line or shape touches the left edge")


def test_pages_not_on_the_paper_are_reported() -> None:
    data = make_pdf(2)

    assert _checks(data, media=paper("a4")) == []
    (finding,) = preflight(data, "test.pdf", media=paper("letter")).findings
    assert (finding.check, finding.pages) == ("paper", (1, 2))
    assert finding.message.startswith("the page is A4 portrait but the paper is Letter")


def test_without_media_pages_are_checked_against_the_first() -> None:
    a4 = make_pdf(1)
    letter = make_pdf(1, size=LETTER)
    writer = pypdf.PdfWriter()
    for data in (a4, letter):
        writer.append(pypdf.PdfReader(io.BytesIO(data)))
    mixed = io.BytesIO()
    writer.write(mixed)

    (finding,) = preflight(mixed.getvalue(), "test.pdf").findings
    assert (finding.check, finding.pages) == ("paper", (2,))
    assert finding.message.startswith("the page is Letter portrait but the first page is A4")


def test_colour_is_reported_only_for_black_and_white_printing() -> None:
    def red(canvas: Canvas, _number: int, _size: tuple[float, float]) -> None:
        canvas.setFillColorRGB(0.8, 0.1, 0.1)
        canvas.rect(100, 100, 50, 50, stroke=0, fill=1)

    def photo(canvas: Canvas, _number: int, _size: tuple[float, float]) -> None:
        canvas.drawImage(ImageReader(Image.new("RGB", (300, 300), (20, 90, 200))), 100, 100, width=40, height=40)

    def grey_photo(canvas: Canvas, _number: int, _size: tuple[float, float]) -> None:
        canvas.drawImage(ImageReader(Image.new("RGB", (300, 300), (90, 90, 90))), 100, 100, width=40, height=40)

    data = make_pdf([page_label, _with(red), _with(photo), _with(grey_photo)])

    assert _checks(data) == []
    report = preflight(data, "test.pdf", black_and_white=True)
    assert [(f.check, f.pages) for f in report.findings] == [("colour", (2,)), ("colour", (3,))]
    assert report.findings[0].message.startswith("drawings in colour, but the theme is meant for black-and-white")
    assert report.findings[1].message.startswith("images in colour")


def test_an_imposed_sheet_needs_2_mm_of_gutter_at_the_fold() -> None:
    def to_the_inner_edge(canvas: Canvas, number: int, size: tuple[float, float]) -> None:
        # Odd pages are right-hand pages: their inner edge is on the left, and vice versa.
        canvas.rect(0 if number % 2 else size[0] - 30 * MM, 400, 30 * MM, 20, stroke=0, fill=1)

    imposed = impose(make_pdf([_with(to_the_inner_edge)] * 4), booklet())

    report = preflight(imposed, "booklet.pdf")
    gutters = [f for f in report.findings if f.check == "gutter"]
    assert [f.pages for f in gutters] == [(1,), (2,)]
    assert gutters[0].message.startswith("only 0.0 mm clear at the fold between pages 4, 1 (at least 2 mm is needed")
    # The fold is not an edge of the sheet: the shapes at it are not "near the edge".
    assert not [f for f in report.findings if f.check == "edges"]


def test_handouts_with_ample_margins_have_gutter_enough() -> None:
    imposed = impose(make_pdf(4), n_up(2))

    assert _checks(imposed, media=paper("a4")) == []


def test_page_lists_read_as_words() -> None:
    assert page_list([3]) == "page 3"
    assert page_list([1, 2, 3, 4, 7, 9, 10]) == "pages 1-4, 7, 9-10"


def test_a_file_that_is_not_a_pdf_is_one_error() -> None:
    with pytest.raises(PreflightError, match=r"^notes\.pdf: not a PDF that can be read"):
        preflight(b"not a pdf at all", "notes.pdf")


def test_the_command_prints_findings_and_fails(tmp_path: Path, brief_pdf: bytes) -> None:
    good = tmp_path / "good.pdf"
    good.write_bytes(brief_pdf)
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(make_pdf(1, size=LETTER))

    passed = CliRunner().invoke(main, ["preflight", str(good), "--media", "a4", "--black-and-white"])
    failed = CliRunner().invoke(main, ["preflight", str(good), str(bad), "--media", "a4"])

    assert passed.exit_code == 0, passed.output
    assert passed.stdout == f"ok {good} (1 page)\n"
    assert failed.exit_code == 1
    assert failed.stdout == f"ok {good} (1 page)\n"
    assert failed.stderr.startswith(f"{bad}: page 1: the page is Letter portrait but the paper is A4")


def test_the_command_gives_json_for_ci(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(make_pdf(2, size=LETTER))

    result = CliRunner().invoke(main, ["preflight", str(bad), "--media", "a4", "--format", "json"])

    assert result.exit_code == 1
    (problem,) = json.loads(result.stdout)
    assert problem["file"] == str(bad)
    assert problem["pages"] == [1, 2]
    assert problem["check"] == "paper"
    assert problem["severity"] == "error"
    assert problem["message"].startswith("the page is Letter portrait")


def test_the_command_reports_a_file_that_is_not_a_pdf(tmp_path: Path) -> None:
    notes = tmp_path / "notes.pdf"
    notes.write_text("hello", encoding="utf-8")

    result = CliRunner().invoke(main, ["preflight", str(notes)])

    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {notes}: not a PDF that can be read")
