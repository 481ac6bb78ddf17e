"""The TrueType fonts briefgen embeds: ReportLab's widths and codes, found faster; subsets that match the text."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from briefgen import build
from briefgen.style.truetype import subset_tag, to_unicode_cmap
from conftest import REPO, SEED_SPEC
from helpers_pdf_fonts import font_failures, to_unicode


@pytest.mark.parametrize("count", [0, 1, 10, 11, 20, 95, 256])
def test_glyph_widths_are_written_as_reportlab_writes_them(count: int) -> None:
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFDocument

    from briefgen.style.truetype import GlyphWidths

    widths = [(index * 37) % 1000 for index in range(count)]
    document = PDFDocument()
    assert GlyphWidths(widths).format(document) == PDFArray(widths).format(document)


def test_strings_get_readable_codes_as_their_characters_are_first_drawn() -> None:
    """Printable ASCII keeps its own code; other characters take 1-31, then 127-255, then a second subset."""
    from reportlab.pdfbase.pdfdoc import PDFDocument

    from briefgen import reportlab_compat
    from briefgen.style.truetype import EmbeddedFont

    font = EmbeddedFont("Ours", str(REPO / "assets" / "fonts" / "NotoSerif-Regular.ttf"))
    document = PDFDocument()
    assert font.splitString("Plain text.", document) == [(0, b"Plain text.")]
    assert font.splitString("caf\u00e9 no\u00a0break \u2014", document) == [(0, b"caf\x01 no break \x02")]
    assert font.splitString("\u4e2d", document) == [(0, b"\x00")]  # no glyph in this face: .notdef
    many = "".join(map(chr, range(0x400, 0x4FF))) + "".join(map(chr, range(0x100, 0x17F)))  # past 256 codes
    parts = font.splitString(many, document)
    assert font.splitString(many, document) == parts  # codes once given stay
    assert [subset for subset, _ in parts] == [0, 1]
    codes, subsets = reportlab_compat.code_state(font, document)
    decoded = "".join(chr(subsets[subset][code]) for subset, part in parts for code in part)
    drawable = "".join(c for c in many if ord(c) in font.face.charToGlyph)
    assert decoded == drawable
    first_subset = sorted(code for code in codes.values() if 0 < code < 256 and not 32 <= code < 127)
    assert first_subset == [*range(1, 32), *range(127, 256)]  # full before a second subset is begun
    assert subsets[0][32] == subsets[1][32] == 32  # the space's code in both subsets
    assert subsets[1][0] == 0  # .notdef's
    assert all(32 not in part for _, part in parts)  # the space's code is never another character's


def test_each_document_drawn_into_keeps_its_own_codes_and_subset_names() -> None:
    """A font remembers the codes of the document drawn into last; another document, or one saved, starts anew."""
    from reportlab.pdfbase.pdfdoc import PDFDocument
    from reportlab.pdfbase.ttfonts import TTFont

    from briefgen.style.truetype import EmbeddedFont

    font = EmbeddedFont("Interleaved", str(REPO / "assets" / "fonts" / "NotoSerif-Regular.ttf"))
    first, second = PDFDocument(), PDFDocument()
    assert font.splitString("caf\u00e9", first) == [(0, b"caf\x01")]
    assert font.splitString("\u2014 caf\u00e9", second) == [(0, b"\x01 caf\x02")]
    assert font.splitString("\u2014 caf\u00e9", first) == [(0, b"\x02 caf\x01")]
    assert font.splitString("caf\u00e9\u2014", second) == [(0, b"caf\x02\x01")]
    for document in (first, second, first):
        assert font.getSubsetInternalName(0, document) == TTFont.getSubsetInternalName(font, 0, document)
    assert set(font.spaced) == {first, second}  # a space drawn in each, each remembered
    font.addObjects(first)  # takes the document's codes
    assert font.drawing is None
    assert font.splitString("\u2014", first) == [(0, b"\x01")]  # a fresh start, not the taken codes


def test_strings_are_encoded_as_reportlab_finds_their_codes() -> None:
    """Whatever a string holds (no-break spaces, control characters, glyphs the face lacks, a second subset)."""
    import random

    from reportlab.pdfbase.pdfdoc import PDFDocument
    from reportlab.pdfbase.ttfonts import TTFont

    from briefgen.style.truetype import EmbeddedFont

    font = EmbeddedFont("Mixed", str(REPO / "assets" / "fonts" / "NotoSerif-Regular.ttf"))
    pool = [*"abc xyz.,;", "\xa0", "\t", "\x00", "\u00e9", "\u00ff", "\u2014", "\u4e2d", "\uffff", "\U0001f600"]
    pool += [chr(point) for point in (*range(0x100, 0x17F), *range(0x400, 0x45F))]
    choose = random.Random(20).choices
    document = PDFDocument()
    for length in [0, 1, 2, 5, 30, 80] * 40:
        text = "".join(choose(pool, k=length))
        encoded = font.splitString(text, document)
        # Every character now has its code: ReportLab's loop only finds them.
        assert encoded == TTFont.splitString(font, text.replace("\xa0", " "), document), repr(text)


@pytest.mark.parametrize("spread", [False, True])
def test_a_first_subset_encodes_its_characters_and_nothing_else(spread: bool) -> None:
    """Its map is built in C, as a dict if its characters span too many blocks; a code with no character maps none."""
    from codecs import charmap_encode

    from briefgen.style.truetype import NO_CHARACTER, encoding_map, first_subset_text

    # Spread: characters from 255 blocks of 128 code points (the space's and 254 others), too many for a compact map.
    free = [code for code in range(1, 256) if code != 32]
    points = [0x80 * block + 5 for block in range(1, 255)] if spread else [*range(33, 127), 0xE9, 0x2014]
    codes = {0: 0, 32: 32} | dict(zip(points, free if spread else range(33, 256), strict=False))
    codes[0x1F600] = 2 if not spread else 300  # past the Basic Multilingual Plane, or the first subset: not mapped
    decoding = first_subset_text(codes)
    encoder = encoding_map(decoding)
    assert isinstance(encoder, dict) == spread
    text = "".join(map(chr, points[:40])) + " "
    assert charmap_encode(text, "strict", encoder)[0] == bytes([codes[point] for point in points[:40]] + [32])
    for unknown in (NO_CHARACTER, "\U0001f600", "\u4e2d"):
        with pytest.raises(UnicodeEncodeError):
            charmap_encode(unknown, "strict", encoder)


def test_word_widths_are_reportlabs_and_the_words_remembered_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Widths looked up give ReportLab's own figures, at every size, and at most WORD_WIDTHS_KEPT are kept."""
    from reportlab.pdfbase.ttfonts import TTFont

    from briefgen.style.truetype import EmbeddedFont

    monkeypatch.setattr(EmbeddedFont, "WORD_WIDTHS_KEPT", 5)
    path = str(REPO / "assets" / "fonts" / "NotoSerif-Italic.ttf")
    reference, ours = TTFont("Reference", path), EmbeddedFont("Ours", path)
    words = ["the", "treaty", "", "caf\u00e9", "\u4e2d", "mutual-defence", "the", "Treaty", "of", "a", "treaty"]
    for size in (10, 10.0, 10.5, 7.25):
        for word in words * 2:
            assert ours.stringWidth(word, size) == reference.stringWidth(word, size), (word, size)
    assert ours.stringWidth(b"bytes", 9) == reference.stringWidth(b"bytes", 9)
    remembered = ours.word_widths
    assert sorted(remembered) == [7.25, 10, 10.5]  # 10 and 10.0 are one key; bytes are not kept
    assert all(0 < len(widths) <= 5 for widths in remembered.values())


# --- the subsets written into the PDF, read back ---------------------------------------------------


def _fonts(pdf: pikepdf.Pdf) -> dict[str, Any]:
    """Return every font the pages use, by base name."""
    found: dict[str, Any] = {}
    for page in pdf.pages:
        for font in page.obj.Resources.get("/Font", pikepdf.Dictionary()).values():
            found[str(font.BaseFont)[1:]] = font
    return found


@pytest.mark.parametrize("spec", sorted((REPO / "specs").glob("*.yaml")), ids=lambda path: path.stem)
def test_every_example_embeds_fonts_that_match_what_is_drawn(spec: Path, tmp_path: Path) -> None:
    """ToUnicode maps exactly the codes drawn, to the glyphs' characters; /Widths are the glyphs' advances."""
    with pikepdf.open(build(spec, tmp_path / "brief.pdf").output) as pdf:
        assert font_failures(pdf) == []


def test_each_subset_is_named_by_its_content(tmp_path: Path) -> None:
    first = build(SEED_SPEC, tmp_path / "a.pdf").output
    again = build(SEED_SPEC, tmp_path / "b.pdf").output
    with pikepdf.open(first) as pdf, pikepdf.open(again) as same:
        names = sorted(_fonts(pdf))
        assert names == sorted(_fonts(same))  # the same text, the same tags
    tags = [name.split("+")[0] for name in names]
    assert all(re.fullmatch("[A-Z]{6}", tag) for tag in tags), names
    assert len(set(tags)) == len(tags)
    assert subset_tag("NotoSerif-Regular", [0, 84, 104]) != subset_tag("NotoSerif-Regular", [0, 84, 105])
    assert subset_tag("NotoSerif-Regular", [0, 84, 104]) != subset_tag("NotoSans-Regular", [0, 84, 104])


def test_ascii_is_drawn_at_its_own_codes_and_only_the_glyphs_drawn_are_embedded(tmp_path: Path) -> None:
    """A content stream's ASCII text reads as itself; the title's face holds the title's letters, not all of ASCII."""
    import io

    from fontTools.ttLib import TTFont

    with pikepdf.open(build(SEED_SPEC, tmp_path / "brief.pdf").output) as pdf:
        content = pdf.pages[0].Contents.read_bytes()
        assert b"(Russia and North Korea ) Tj T* (Sign Mutual Defense Treaty) Tj" in content
        title_face = next(font for name, font in _fonts(pdf).items() if name.endswith("NotoSerif-Bold"))
        drawn = set(to_unicode(title_face).values())
        program = TTFont(io.BytesIO(title_face.FontDescriptor.FontFile2.read_bytes()))
    assert set("RussiaNorthKoreaSignMutualDefenseTreaty") <= drawn
    assert len(program.getGlyphOrder()) <= len(drawn) + 2  # and .notdef, and the space
    assert len(drawn) < 40  # not the 95 characters of printable ASCII


def test_a_space_never_drawn_in_a_font_is_not_in_its_map(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    """Code 32 is kept for the space in every subset; ToUnicode lists it only where a space is drawn."""
    spec = write_spec(sections=[{"heading": "Only", "body": "One *emphasised* word in this paragraph."}])
    with pikepdf.open(build(spec, tmp_path / "brief.pdf").output) as pdf:
        italic = next(font for name, font in _fonts(pdf).items() if name.endswith("NotoSerif-Italic"))
        assert set(to_unicode(italic).values()) == set("emphasised")
        assert font_failures(pdf) == []


def test_a_brief_of_more_than_256_characters_has_two_subsets_each_tagged(
    write_spec: Callable[..., Path], tmp_path: Path
) -> None:
    many = (
        "".join(map(chr, range(0x410, 0x450)))
        + "".join(map(chr, range(0x100, 0x17F)))
        + "".join(map(chr, range(0x21, 0x7F)))
    )
    spec = write_spec(
        sections=[{"heading": "Only", "body": " ".join(many[i : i + 12] for i in range(0, len(many), 12))}]
    )
    with pikepdf.open(build(spec, tmp_path / "brief.pdf").output) as pdf:
        serif = sorted(name for name in _fonts(pdf) if name.endswith("NotoSerif-Regular"))
        assert len(serif) == 2
        assert serif[0].split("+")[0] != serif[1].split("+")[0]
        assert font_failures(pdf) == []


def test_to_unicode_maps_come_in_blocks_of_100_and_name_astral_characters_in_utf16() -> None:
    cmap = to_unicode_cmap({code: chr(0x400 + code) for code in range(1, 151)} | {151: "\U0001d400"}).decode()
    assert re.findall(r"(\d+) beginbfchar", cmap) == ["100", "51"]
    assert "<97> <D835DC00>" in cmap
    assert "<00>" not in cmap.split("endcodespacerange")[1]


# --- the checker sees what it checks ---------------------------------------------------------------


def _broken(source: Path, target: Path, change: Callable[[pikepdf.Pdf, Any], None]) -> pikepdf.Pdf:
    with pikepdf.open(source) as pdf:
        change(pdf, next(iter(_fonts(pdf).values())))
        pdf.save(target)
    return pikepdf.open(target)


def test_the_checker_finds_widths_unlike_the_glyphs(tmp_path: Path) -> None:
    def widen(pdf: pikepdf.Pdf, font: Any) -> None:
        font.Widths = pikepdf.Array([int(width) + 50 for width in font.Widths])

    with _broken(build(SEED_SPEC, tmp_path / "a.pdf").output, tmp_path / "b.pdf", widen) as pdf:
        assert any(failure.startswith("31-011") for failure in font_failures(pdf))


def test_the_checker_finds_a_map_naming_other_characters_and_codes_not_drawn(tmp_path: Path) -> None:
    def swap(pdf: pikepdf.Pdf, font: Any) -> None:
        cmap = font.ToUnicode.read_bytes()
        first, second = re.findall(rb"<[0-9A-F]{2}> (<[0-9A-F]{4}>)", cmap)[:2]
        cmap = cmap.replace(first, b"<TMP>").replace(second, first).replace(b"<TMP>", second)
        font.ToUnicode = pikepdf.Stream(pdf, cmap.replace(b"endbfchar", b"<F0> <0041>\nendbfchar"))

    with _broken(build(SEED_SPEC, tmp_path / "a.pdf").output, tmp_path / "b.pdf", swap) as pdf:
        failures = font_failures(pdf)
    assert any("names another character than its glyph" in failure for failure in failures), failures
    assert any("maps codes it never shows: 240" in failure for failure in failures), failures


def test_a_character_no_font_has_is_reported_as_a_missing_glyph(tmp_path: Path) -> None:
    # briefgen draws every character in a font that has it now; ReportLab alone still draws one its font
    # lacks as code 0, the glyph of U+0000, which is what the check must catch. In a process of its own:
    # registering the font here would change the faces the other tests' builds share.
    font = REPO / "assets" / "fonts" / "NotoSerif-Regular.ttf"
    script = (
        "from reportlab.pdfbase import pdfmetrics\n"
        "from reportlab.pdfbase.ttfonts import TTFont\n"
        "from reportlab.pdfgen.canvas import Canvas\n"
        f"pdfmetrics.registerFont(TTFont('NotoSerif-Regular', {str(font)!r}))\n"
        f"canvas = Canvas({str(tmp_path / 'alone.pdf')!r})\n"
        "canvas.setFont('NotoSerif-Regular', 10)\n"
        "canvas.drawString(72, 720, 'Beijing (\\u5317\\u4eac) is the capital.')\n"
        "canvas.save()\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)
    with pikepdf.open(tmp_path / "alone.pdf") as pdf:
        failures = font_failures(pdf)
    assert any(failure.startswith("31-009") for failure in failures), failures
