"""The bytes of every file follow ISO 19005-2 clause 6.1 (PDF/A-2 syntax), read without a PDF library.

pikepdf's validator reads parsed objects, so it cannot see these rules; the
checker in helpers_pdf_syntax reads the raw bytes. Every example brief
(default and ``--pdfa``) and the example pack are checked, and each rule is
shown to fire on a file broken on purpose.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner
from reportlab.pdfbase.pdfdoc import PDFStream
from reportlab.pdfgen.canvas import Canvas

from briefgen import reportlab_compat
from briefgen.cli import main
from briefgen.load.pack_file import load_pack
from briefgen.pack.build import build_pack
from briefgen.pdf.document import end_streams_with_eol
from briefgen.pdf.metadata import icc_profile
from conftest import REPO
from helpers_pdf_syntax import check_syntax

EXAMPLE_SPECS = sorted((REPO / "specs").glob("*.yaml"))
EXAMPLE_PACK = REPO / "packs" / "example-meeting.yaml"


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every example spec built with and without --pdfa, and the example pack."""
    built: dict[str, Path] = {}
    for kind, flags in (("default", []), ("pdfa", ["--pdfa"])):
        folder = tmp_path_factory.mktemp(kind)
        result = CliRunner().invoke(main, ["build", *map(str, EXAMPLE_SPECS), "-o", str(folder), "-j", "1", *flags])
        assert result.exit_code == 0, result.output
        built.update({f"{kind}/{spec.stem}": folder / f"{spec.stem}.pdf" for spec in EXAMPLE_SPECS})
    folder = tmp_path_factory.mktemp("pack")
    build_pack(load_pack(EXAMPLE_PACK), folder / "pack.pdf")
    build_pack(dataclasses.replace(load_pack(EXAMPLE_PACK), pdfa=True), folder / "pack-pdfa.pdf")
    built["pack"], built["pdfa/pack"] = folder / "pack.pdf", folder / "pack-pdfa.pdf"
    return built


NAMES = [f"{kind}/{spec.stem}" for kind in ("default", "pdfa") for spec in EXAMPLE_SPECS] + ["pack", "pdfa/pack"]


@pytest.mark.parametrize("name", NAMES)
def test_every_example_follows_the_syntax_rules_of_pdfa(examples: dict[str, Path], name: str) -> None:
    findings = check_syntax(examples[name].read_bytes())
    assert findings == [], "\n".join(f"{f.rule} @{f.offset}: {f.message}" for f in findings[:20])


@pytest.mark.parametrize("name", NAMES)
def test_every_example_is_pdf_1_7_with_a_binary_comment(examples: dict[str, Path], name: str) -> None:
    # PDF/UA-1 is based on ISO 32000-1 (PDF 1.7); the second line tells transfer tools the file is binary.
    first, second = examples[name].read_bytes().split(b"\n")[:2]
    assert first == b"%PDF-1.7"
    assert second[:1] == b"%"
    assert all(byte > 127 for byte in second[1:5])


def test_a_stream_ending_in_a_line_feed_gets_an_end_of_line_of_its_own(examples: dict[str, Path]) -> None:
    """The sRGB profile's last byte is a line feed; /Length counts it, and the file adds its own."""
    data = examples["pdfa/russia-north-korea-treaty"].read_bytes()
    profile = icc_profile()
    assert profile.endswith(b"\n")
    start = data.index(profile)
    assert data[start + len(profile) :].startswith(b"\nendstream")
    assert f"/Length {len(profile)}".encode() in data[start - 200 : start]


@pytest.mark.parametrize("last_byte", [b"x", b"\n", b"\r", b"\r\n"])
def test_streams_whatever_their_last_byte_are_read_back_whole(tmp_path: Path, last_byte: bytes) -> None:
    canvas = Canvas(str(tmp_path / "unused.pdf"))
    document = reportlab_compat.pdf_document(canvas)
    document.Reference(PDFStream(content=b"data" + last_byte), "Extra")
    canvas.drawString(72, 72, "Text")
    canvas.showPage()
    data = end_streams_with_eol(canvas.getpdfdata())
    assert check_syntax(data) == []
    assert b"stream\ndata" + last_byte + b"\nendstream" in data


def _once(data: bytes, old: bytes, new: bytes) -> bytes:
    assert old in data, old
    return data.replace(old, new, 1)


def _trailer(clean: bytes, old: bytes, new: bytes) -> bytes:
    trailer = clean.rfind(b"trailer")
    return clean[:trailer] + _once(clean[trailer:], old, new)


# Each rule, and how to break it in a clean file (keeping its length where that is possible).
BREAKS = {
    "6.1.2-1": lambda clean: b"%PDF-2.0" + clean[8:],
    "6.1.2-2": lambda clean: clean[:9] + b"%ABCD" + clean[14:],
    "6.1.3-1": lambda clean: _trailer(clean, b"/ID", b"/XD"),
    "6.1.3-2": lambda clean: _trailer(clean, b"/Root", b"/Encrypt 1 0 R /Root"),
    "6.1.3-3": lambda clean: clean + b"garbage\n",
    "6.1.4-1": lambda clean: _once(clean, b"xref\n0 ", b"xref\n0  "),
    "6.1.4-2": lambda clean: _once(clean, b"xref\n", b"xref\n\n"),
    "6.1.6-1": lambda clean: _once(clean, b"<< /", b"<< /X <abc> /"),
    "6.1.6-2": lambda clean: _once(clean, b"<< /", b"<< /X <zz> /"),
    "6.1.7.1-1": lambda clean: _once(clean, b"/Length ", b"/Length 1"),
    "6.1.7.1-2": lambda clean: _once(clean, b"\nendstream", b" endstream"),
    "6.1.7.1-3": lambda clean: _once(clean, b"/Length ", b"/F (x) /Length "),
    "6.1.7.2-1": lambda clean: _once(clean, b"/FlateDecode", b"/LZWDecode"),
    "6.1.8-1": lambda clean: _once(clean, b"<< /", b"<< /A#ff 1 /"),
    "6.1.9-1": lambda clean: _once(clean, b"\n2 0 obj", b"\n2 0  obj"),
    "6.1.13-1": lambda clean: _once(clean, b"<< /", b"<< /X 3000000000 /"),
    "6.1.13-2": lambda clean: _once(clean, b"<< /", b"<< /X " + b"9" * 40 + b".0 /"),
    "6.1.13-3": lambda clean: _once(clean, b"<< /", b"<< /X (" + b"a" * 32768 + b") /"),
    "6.1.13-4": lambda clean: _once(clean, b"<< /", b"<< /" + b"N" * 128 + b" 1 /"),
    "ISO32000-7.5.4": lambda clean: _once(clean, b" 00000 n", b" 00000 X"),
}


@pytest.mark.parametrize("rule", sorted(BREAKS))
def test_the_checker_finds_each_rule_broken(examples: dict[str, Path], rule: str) -> None:
    clean = examples["pdfa/russia-north-korea-treaty"].read_bytes()
    assert check_syntax(clean) == []
    found = {finding.rule for finding in check_syntax(BREAKS[rule](clean))}
    assert rule in found, found
