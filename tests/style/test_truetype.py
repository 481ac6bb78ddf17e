"""The TrueType fonts briefgen embeds: the same widths and codes as ReportLab's, found faster."""

from __future__ import annotations

import pytest

from conftest import REPO


@pytest.mark.parametrize("count", [0, 1, 10, 11, 20, 95, 256])
def test_glyph_widths_are_written_as_reportlab_writes_them(count: int) -> None:
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFDocument

    from briefgen.style.truetype import GlyphWidths

    widths = [(index * 37) % 1000 for index in range(count)]
    document = PDFDocument()
    assert GlyphWidths(widths).format(document) == PDFArray(widths).format(document)


def test_strings_get_the_codes_reportlab_would_give_them() -> None:
    """The fast path of splitString gives ReportLab's answer, through new characters, subsets and gaps."""
    from reportlab.pdfbase.pdfdoc import PDFDocument
    from reportlab.pdfbase.ttfonts import TTFont

    from briefgen.style.truetype import EmbeddedFont

    path = str(REPO / "assets" / "fonts" / "NotoSerif-Regular.ttf")
    reference, ours = TTFont("Reference", path), EmbeddedFont("Ours", path)
    reference_document, our_document = PDFDocument(), PDFDocument()
    many = "".join(map(chr, range(0x400, 0x4FF))) + "".join(map(chr, range(0x100, 0x17F)))  # past 256 codes
    strings = ["Plain text.", "Plain text again.", "", "no\u00a0break", "caf\u00e9", "\u4e2d\u6587 (no glyph)"]
    strings += [many[i : i + 40] for i in range(0, len(many), 40)] + [many, "Plain text.", "\u00e9\u0416 mixed"]
    for text in strings:
        assert ours.splitString(text, our_document) == reference.splitString(text, reference_document), text


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
