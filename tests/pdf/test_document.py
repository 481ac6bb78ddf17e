"""The PDFs themselves, read back: text in order, metadata, outline, links, fonts, pages, tint."""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest

from briefgen import Options, build
from briefgen.compose import BuildOptions, render_spec
from briefgen.load.spec import load_spec
from briefgen.load.theme_file import default_theme
from briefgen.version import __version__
from conftest import REPO, SEED_SPEC, pdf_text
from helpers_blocks import font_names
from helpers_hostile import chars_outside_margins

A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(SEED_SPEC, tmp_path_factory.mktemp("seed") / "seed.pdf").output


def _fold(text: str) -> str:
    return " ".join(text.split())


def test_seed_text_is_all_there_in_reading_order(seed_pdf: Path) -> None:
    brief = load_spec(SEED_SPEC)
    text = pdf_text(seed_pdf).replace("- ", "-").replace("\u00ad", "")
    expected = [brief.title, brief.subtitle, "Key points", *brief.key_points]
    expected += [s.heading for s in brief.sections]
    expected += ["References", brief.references[0].title, "NDTV", "https://www.ndtv.com"]
    position = 0
    for piece in expected:
        words = _fold(piece).split()
        # Hyphenation may break any word across lines; look for the first and last words in order.
        found = text.find(words[0], position)
        assert found >= 0, f"{piece!r} missing after position {position}"
        position = text.find(words[-1], found)
        assert position >= 0, f"end of {piece!r} missing"


def test_seed_key_points_are_inside_the_box_before_the_first_heading(seed_pdf: Path) -> None:
    page_one = _fold(pypdf.PdfReader(seed_pdf).pages[0].extract_text())
    assert page_one.index("Key points") < page_one.index("The Treaty and Its Provisions")


def test_metadata(seed_pdf: Path) -> None:
    meta = pypdf.PdfReader(seed_pdf).metadata
    assert meta is not None
    assert meta.title == "Russia and North Korea Sign Mutual Defense Treaty"
    assert meta.author == "A. Analyst"
    assert meta.subject == "A New Era of Strategic Partnership"
    assert meta["/Keywords"] == "Russia, North Korea, mutual defense treaty, Ukraine, security"
    assert meta.creator == f"briefgen {__version__}"


def test_outline_lists_key_points_sections_and_references(seed_pdf: Path) -> None:
    reader = pypdf.PdfReader(seed_pdf)
    titles = [entry.title for entry in reader.outline]  # type: ignore[union-attr]
    assert titles == [
        "Key points",
        "The Treaty and Its Provisions",
        "Rising Military Cooperation",
        "Background of Russia-North Korea Relations",
        "Global Implications of the Treaty",
        "Conclusion",
        "References",
    ]
    # Each bookmark points at the page where its heading is printed.
    for entry in reader.outline:
        page = reader.pages[reader.get_destination_page_number(entry)]  # type: ignore[arg-type]
        assert entry.title.split()[0] in page.extract_text()  # type: ignore[union-attr]


def _link_uris(path: Path) -> list[str]:
    uris = []
    for page in pypdf.PdfReader(path).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None:
                uris.append(str(action["/URI"]))
    return uris


def test_reference_url_is_a_clickable_link(seed_pdf: Path) -> None:
    assert _link_uris(seed_pdf) == ["https://www.ndtv.com"]


def test_inline_links_emphasis_and_strong_render(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    body = "Read *this* and **that**, then [the source](https://example.org/a?b=1&c=2).\n\n- a bullet\n> a quote"
    spec = write_spec(sections=[{"heading": "H", "body": body}])
    pdf = build(spec, tmp_path / "out.pdf").output
    text = pdf_text(pdf)
    assert "Read this and that, then the source." in text
    assert "• a bullet" in text
    assert "a quote" in text
    assert _link_uris(pdf) == ["https://example.org/a?b=1&c=2"]
    fonts = _font_names(pdf)
    assert any(name.endswith("NotoSerif-Italic") for name in fonts)
    assert any(name.endswith("NotoSerif-Bold") for name in fonts)


def _font_names(path: Path) -> set[str]:
    names = set()
    for page in pypdf.PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def test_every_font_is_embedded_truetype(seed_pdf: Path) -> None:
    reader = pypdf.PdfReader(seed_pdf)
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            assert descriptor is not None, f"{font['/BaseFont']} is not embedded"
            assert "/FontFile2" in descriptor.get_object(), f"{font['/BaseFont']} has no TrueType program"


@pytest.mark.parametrize(("page_size", "expected"), [("a4", A4), ("letter", LETTER)])
def test_page_size(tmp_path: Path, page_size: str, expected: tuple[float, float]) -> None:
    pdf = build(SEED_SPEC, tmp_path / "out.pdf", options=Options(page_size=page_size)).output
    for page in pypdf.PdfReader(pdf).pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(expected, abs=0.01)


def test_footer_numbers_every_page(tmp_path: Path, write_spec: Callable[..., Path]) -> None:
    long_body = "\n\n".join(["A paragraph of text that goes on for a while. " * 12] * 12)
    spec = write_spec(sections=[{"heading": f"Part {n}", "body": long_body} for n in range(3)], short_title="Short")
    reader = pypdf.PdfReader(build(spec, tmp_path / "out.pdf").output)
    total = len(reader.pages)
    assert total > 2
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"Page {number} of {total}" in text
        assert "Short" in text


def test_classification_is_printed_top_and_bottom_of_every_page(
    tmp_path: Path, write_spec: Callable[..., Path]
) -> None:
    long_body = "\n\n".join(["Text. " * 120] * 8)
    spec = write_spec(classification="OFFICIAL-SENSITIVE", sections=[{"heading": "H", "body": long_body}])
    reader = pypdf.PdfReader(build(spec, tmp_path / "out.pdf").output)
    assert len(reader.pages) > 1
    for page in reader.pages:
        assert page.extract_text().count("OFFICIAL-SENSITIVE") == 2


def test_same_spec_twice_gives_identical_bytes(tmp_path: Path) -> None:
    first = build(SEED_SPEC, tmp_path / "a.pdf").output.read_bytes()
    second = build(SEED_SPEC, tmp_path / "b.pdf").output.read_bytes()
    assert first == second


def test_reportlab_markup_in_user_text_is_printed_literally(tmp_path: Path, write_spec: Callable[..., Path]) -> None:
    hostile = "<b>not bold</b> <font size=99>big</font> AT&T &amp; <img src=x/> <a href='https://e.org'>a</a>"
    spec = write_spec(
        title="Title <b>with</b> tags & more",
        key_points=[hostile],
        sections=[{"heading": "<font color=red>H</font>", "body": hostile}],
    )
    pdf = build(spec, tmp_path / "out.pdf").output
    text = pdf_text(pdf)
    assert "Title <b>with</b> tags & more" in text
    assert text.count("<b>not bold</b> <font size=99>big</font> AT&T &amp; <img src=x/>") == 2
    assert "<font color=red>H</font>" in text
    assert _link_uris(pdf) == []
    assert pypdf.PdfReader(pdf).metadata.title == "Title <b>with</b> tags & more"  # type: ignore[union-attr]


def test_cyrillic_greek_and_dashes_render_with_embedded_glyphs(tmp_path: Path, write_spec: Callable[..., Path]) -> None:
    line = "Владимир Путин — Ελλάδα – “quoted” ‘single’ …"
    result = build(write_spec(sections=[{"heading": "Names", "body": line}]), tmp_path / "out.pdf")
    assert result.warnings == ()
    assert line in pdf_text(result.output)


def test_korean_beside_latin_is_drawn_in_a_cjk_font(tmp_path: Path, write_spec: Callable[..., Path]) -> None:
    result = build(write_spec(sections=[{"heading": "Names", "body": "김정은 (Kim Jong Un)"}]), tmp_path / "o.pdf")
    assert result.warnings == ()
    assert "김정은 (Kim Jong Un)" in pdf_text(result.output)
    assert any("NotoSansCJKkr" in name for name in font_names(result.output))


def test_written_out_date_and_authors_in_the_title_block(tmp_path: Path, write_spec: Callable[..., Path]) -> None:
    spec = write_spec(date="2024-11-12", authors=["A. Analyst", "B. Writer"], organization="Policy Unit")
    text = pdf_text(build(spec, tmp_path / "out.pdf").output)
    assert "POLICY UNIT" in text
    assert "A. Analyst, B. Writer · 12 November 2024" in text


def test_long_key_points_box_continues_on_the_next_page(tmp_path: Path, write_spec: Callable[..., Path]) -> None:
    points = [f"Point number {n} says something worth reading twice over." for n in range(120)]
    reader = pypdf.PdfReader(build(write_spec(key_points=points), tmp_path / "out.pdf").output)
    assert len(reader.pages) >= 3
    assert "Key points (continued)" in reader.pages[1].extract_text()
    text = pdf_text(tmp_path / "out.pdf")
    assert all(f"Point number {n} " in text for n in range(120))


def test_long_urls_and_words_stay_inside_the_margins(tmp_path: Path, write_spec: Callable[..., Path]) -> None:
    url = "https://example.org/" + "very-long-path-segment/" * 20
    word = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 4
    spec = write_spec(
        sections=[{"heading": "H", "body": f"{word} and [a link]({url})"}],
        references=[{"title": "A long one", "url": url}],
    )
    pdf = build(spec, tmp_path / "out.pdf").output
    assert chars_outside_margins(pdf) == []


def test_key_points_box_is_tinted_where_it_is_drawn(seed_pdf: Path) -> None:
    import pdfplumber
    import pypdfium2

    with pdfplumber.open(seed_pdf) as document:
        page = document.pages[0]
        label = next(w for w in page.extract_words() if w["text"] == "Key")
        heading = next(w for w in page.extract_words() if w["text"] == "Treaty")
    scale = 2
    bitmap = pypdfium2.PdfDocument(seed_pdf)[0].render(scale=scale).to_pil().convert("RGB")

    def pixel(x: float, y: float) -> tuple[int, int, int]:
        return bitmap.getpixel((int(x * scale), int(y * scale)))  # type: ignore[return-value]

    x = page.width - default_theme().margin_right - 20  # inside the column's right edge
    inside = pixel(x, label["bottom"] + 8)  # right of the label, inside the box
    outside = pixel(x, heading["top"] - 4)  # above the first heading, below the box
    assert inside != (255, 255, 255)
    assert inside[2] > inside[0]  # a blue-grey tint
    assert outside == (255, 255, 255)


def test_prose_keeps_hyphenation_and_only_long_words_lose_it() -> None:
    from briefgen.layout.paragraphs import FittingParagraph
    from briefgen.load.theme_file import default_theme
    from briefgen.style.stylesheet import stylesheet

    body = stylesheet(default_theme())["summary"]
    width = default_theme().page[0] - default_theme().margin_left - default_theme().margin_right
    prose = load_spec(SEED_SPEC).summary
    paragraph = FittingParagraph(prose, body)
    paragraph.wrap(width, 1000)
    # Justified lines may look a little too wide before ReportLab shrinks their spaces: no reason to give up
    # hyphenation (and print gaps).
    assert paragraph.style is body
    assert any(words[-1].endswith("-") for _, words in paragraph.blPara.lines)  # e.g. "mu-" / "tual"
    address = FittingParagraph("See https://example.org/" + "a-very-long-path/" * 60 + " now.", body)
    address.wrap(width, 1000)
    assert address.style.name.endswith(".cut")
    assert max(address.getActualLineWidths0()) <= width + 0.5


@pytest.mark.parametrize("spec", sorted((REPO / "specs").glob("*.yaml")), ids=lambda path: path.stem)
def test_a_finished_brief_is_freed_without_the_garbage_collector(spec: Path) -> None:
    # A reference cycle anywhere in the document (canvas, PDF objects, structure tree) keeps the whole
    # finished brief in memory until a full collection: a batch worker's memory then creeps up.
    options = BuildOptions(watermark="Internal")
    render_spec(spec.read_bytes(), spec, options)  # first use: imports, fonts and caches, made once
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        rendered = render_spec(spec.read_bytes(), spec, options)
        assert rendered.pdf.pages >= 1
        del rendered
        gc.collect()
        left = Counter(f"{type(thing).__module__}.{type(thing).__qualname__}" for thing in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was_enabled:
            gc.enable()
    assert not left, f"reference cycles left behind: {left.most_common(8)}"


def test_a_soft_hyphen_in_metadata_and_bookmarks_reads_back_as_written(
    write_spec: Callable[..., Path], tmp_path: Path
) -> None:
    # ReportLab's codec writes U+00AD as a byte PDFDocEncoding leaves undefined: readers garbled the title.
    title, heading = "Mutual De\u00adfence 000\u00ad", "Ratifi\u00adcation"
    spec = write_spec(title=title, sections=[{"heading": heading, "body": "Text."}])
    reader = pypdf.PdfReader(build(spec, tmp_path / "shy.pdf").output)
    assert reader.metadata is not None
    assert reader.metadata.title == title
    assert heading in [item.title for item in reader.outline if not isinstance(item, list)]
    assert reader.xmp_metadata is not None
    assert reader.xmp_metadata.dc_title["x-default"] == title
