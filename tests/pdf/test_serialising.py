"""``pdf.serialising`` writes a document's objects as ReportLab's ``PDFDocument.format`` does, byte for byte."""

from __future__ import annotations

import base64
import io
import re
import zlib
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdf
import pytest
from reportlab import rl_config
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFArrayCompact,
    PDFDictionary,
    PDFName,
    PDFStream,
    PDFString,
    PDFZCompress,
    pdfdocEnc,
)
from reportlab.pdfgen.canvas import Canvas

from briefgen import Options, build, reportlab_compat
from briefgen.load.pack_file import load_pack
from briefgen.pack.build import build_pack
from briefgen.pdf import serialising
from briefgen.style.subset_cache import flate
from conftest import REPO, minimal_spec


def reportlab_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Leave the writing of every file to ReportLab's own ``PDFDocument.format`` (and ``end_streams_with_eol``).

    Its Flate streams are compressed by briefgen's ``flate`` too (libdeflate), not zlib: the same
    file is then the same bytes.
    """
    monkeypatch.setattr(serialising, "writes_plainly", lambda _document: False)
    monkeypatch.setattr(PDFZCompress, "encode", flate)


def both_ways(make: Callable[[], bytes], monkeypatch: pytest.MonkeyPatch) -> tuple[bytes, bytes, int]:
    """Return the file ``make`` makes written by ``serialising`` and by ReportLab, and how many it wrote."""
    written = 0
    original = serialising.write_file

    def counted(document: Any, version: tuple[int, int], *, end_streams: bool = False) -> bytes:
        nonlocal written
        written += serialising.writes_plainly(document)
        return original(document, version, end_streams=end_streams)

    monkeypatch.setattr(serialising, "write_file", counted)
    fast = make()
    reportlab_writes(monkeypatch)
    return fast, make(), written


def pages_and_text(pdf: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf), strict=True)
    return len(reader.pages), " ".join(page.extract_text() for page in reader.pages)


def test_every_flate_stream_is_compressed_by_flate(write_spec: Callable[..., Path]) -> None:
    # Fonts, ToUnicode maps and page contents alike: libdeflate's bytes (see ``subset_cache.flate``), which zlib reads.
    pdf = build(write_spec(minimal_spec()))
    found = 0
    for header in re.finditer(rb"/Filter \[ (/ASCII85Decode )?/FlateDecode \] /Length (\d+)[^>]*>>\nstream\n", pdf):
        raw = pdf[header.end() : header.end() + int(header.group(2))]
        if header.group(1):
            raw = base64.a85decode(raw, adobe=True)
        assert flate(zlib.decompress(raw)) == raw
        found += 1
    assert found == pdf.count(b"/FlateDecode") >= 4


@pytest.mark.parametrize(
    ("spec", "options"),
    [
        ("russia-north-korea-treaty.yaml", Options()),
        ("russia-north-korea-treaty.yaml", Options(theme="print", pdfa=True)),
        ("world-military-expenditure-2023.yaml", Options(theme="modern")),  # a figure, a table
        ("languages/ar-muahada-rusiya-kuriya.yaml", Options()),  # shaped, right to left
        ("languages/zh-e-chao-tiaoyue.yaml", Options()),
        ("", Options(page_size="letter")),
    ],
)
def test_a_brief_is_the_same_file_written_either_way(
    spec: str, options: Options, monkeypatch: pytest.MonkeyPatch, write_spec: Callable[..., Path]
) -> None:
    path = REPO / "specs" / spec if spec else write_spec(minimal_spec())
    fast, slow, written = both_ways(lambda: build(path, options=options), monkeypatch)
    assert written == 1
    assert fast == slow
    pages, text = pages_and_text(fast)
    assert pages >= 1
    assert text.strip()


def test_a_pack_is_the_same_file_written_either_way(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    pack = load_pack(REPO / "packs" / "example-meeting.yaml")
    outputs = iter([tmp_path / "fast.pdf", tmp_path / "slow.pdf"])

    def make() -> bytes:
        output = next(outputs)
        build_pack(pack, output)
        return output.read_bytes()

    fast, slow, written = both_ways(make, monkeypatch)
    assert written == 1
    assert fast == slow
    assert pages_and_text(fast)[0] > 2


def odd_objects_file(fast: bool, writer: Callable[..., bytes] = serialising.write_file) -> bytes:
    """Return a ReportLab canvas's file holding objects of every kind, and of kinds written as they write themselves."""
    canvas = Canvas(io.BytesIO(), invariant=1)
    canvas.drawString(72, 720, "Objects of every kind \u2013 caf\u00e9")
    canvas.linkURL("https://example.org/(a)", (72, 700, 200, 720))
    canvas.bookmarkPage("first")
    canvas.linkRect("To the first page", "first", (72, 600, 200, 620))  # a LinkAnnotation
    canvas.setViewerPreference("DisplayDocTitle", "true")
    canvas.showPage()
    canvas.drawString(72, 720, "A second page")
    document = reportlab_compat.pdf_document(canvas)
    many = {f"Key{number}": number * 1.25 for number in range(14)}
    forced = PDFDictionary({"B": 1, "A": PDFName("Two words")})
    forced.multiline = "forced"
    ordered = PDFDictionary({"Z": 1})
    ordered.dict = OrderedDict([("Z", 1), ("A", PDFString("first (then) second"))])
    referred = PDFDictionary({"Type": PDFName("Font")})
    referred.__RefOnly__ = 1  # as ReportLab's forms mark their fonts dictionary: written as a reference
    kinds = {
        "Many": PDFDictionary(many),
        "Long": PDFArray(list(range(23))),
        "Compact": PDFArrayCompact([PDFName("A#B"), True, None, 0.5, -3]),
        "Forced": forced,
        "Ordered": ordered,
        "Referred": referred,
        "Text": PDFString("caf\u00e9 \u2013 \u4e2d"),
        "Raw": b"(raw)",
        "Name": "/Odd#20Name",
        "Stream": PDFStream(PDFDictionary({"Type": PDFName("XObject")}), "q Q\n"),
    }
    document.Reference(PDFDictionary(kinds), "Odds")
    document.Reference(PDFArray([PDFDictionary({"Nested": PDFArray([1, 2.5, "x"])})]), "Nested")
    if fast:
        reportlab_compat.write_file_with(canvas, writer)
    return canvas.getpdfdata()


def test_objects_of_every_kind_are_written_as_reportlab_writes_them() -> None:
    fast = odd_objects_file(fast=True)
    assert fast == odd_objects_file(fast=False)
    assert pages_and_text(fast)[0] == 2
    assert b"/Key0 0 /Key1 1.25 /Key10 12.5 /Key11 13.75 /Key12 15 /Key13 16.25 \n  /Key2" in fast
    assert re.search(rb"/Referred \d+ 0 R", fast)
    assert b"/Subtype /Link" in fast
    assert b"/DisplayDocTitle true" in fast


def test_a_file_written_finished_has_its_streams_ended_as_end_streams_with_eol_ends_them() -> None:
    finished = odd_objects_file(fast=True, writer=serialising.write_finished_file)
    assert finished == serialising.end_streams_with_eol(odd_objects_file(fast=False))
    assert finished.count(b"\nendstream\nendobj\n") == 3  # the pages' and the odd objects'
    assert pages_and_text(finished)[0] == 2


def test_a_file_reportlab_writes_one_entry_a_line_is_left_to_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rl_config, "pdfMultiLine", 1)
    fast = odd_objects_file(fast=True)
    assert fast == odd_objects_file(fast=False)
    finished = odd_objects_file(fast=True, writer=serialising.write_finished_file)
    assert finished == serialising.end_streams_with_eol(fast)
    assert b"/Key0 0\n /Key1 1.25" in fast


@pytest.mark.parametrize("text", [chr(code) * 3 for code in range(128)] + ["caf\u00e9", "\u2013", "A85~>", "x\x1fy"])
def test_text_is_encoded_as_pdfdocenc_encodes_it(text: str) -> None:
    try:
        expected: bytes | type[Exception] = pdfdocEnc(text)
    except UnicodeEncodeError:
        expected = UnicodeEncodeError
    try:
        got: bytes | type[Exception] = serialising.encoded_text(text)
    except UnicodeEncodeError:
        got = UnicodeEncodeError
    assert got == expected
