"""A second, independent PDF/A validator: Apache PDFBox Preflight passes every --pdfa example.

pikepdf's validator (tests/pdf/test_metadata.py) is one implementation of
veraPDF's rules; Preflight is another, in Java, that also reads the file's
bytes. It checks PDF/A-1b, so the errors only PDF/A-1 forbids are dropped
(see helpers_pdfbox). CI installs it (.ci/run); elsewhere these tests
are skipped, saying what to install, when Java or PDFBox is missing.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from briefgen.cli import main
from conftest import REPO
from helpers_pdfbox import missing, preflight
from helpers_pdfua import check_pdfua

pytestmark = pytest.mark.skipif(bool(missing()), reason=missing() or "Preflight is installed")

# The language examples too: their shaped paragraphs' fonts, and Korean names drawn by CID in ReportLab's.
EXAMPLE_SPECS = sorted((REPO / "specs").glob("*.yaml")) + sorted((REPO / "specs" / "languages").glob("*.yaml"))


@pytest.fixture(scope="module")
def archival(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Every example spec built with --pdfa."""
    folder = tmp_path_factory.mktemp("pdfa")
    result = CliRunner().invoke(main, ["build", *map(str, EXAMPLE_SPECS), "-o", str(folder), "-j", "1", "--pdfa"])
    assert result.exit_code == 0, result.output
    return [folder / f"{spec.stem}.pdf" for spec in EXAMPLE_SPECS]


def test_preflight_passes_every_pdfa_example(archival: list[Path]) -> None:
    results = preflight(archival)
    assert sorted(results) == sorted(path.name for path in archival)
    failures = {name: errors[:5] for name, errors in results.items() if errors}
    assert failures == {}


def test_preflight_passes_a_pack_built_with_pdfa(tmp_path: Path) -> None:
    pack = tmp_path / "pack.pdf"
    result = CliRunner().invoke(main, ["pack", str(REPO / "packs" / "example-meeting.yaml"), "--pdfa", "-o", str(pack)])
    assert result.exit_code == 0, result.output
    with pikepdf.open(pack) as pdf:
        assert pdf.open_metadata().pdfa_status == "2B"
        assert check_pdfua(pack, expect_pdfua_id=False) == []  # still tagged (its XMP claims PDF/A, as a brief's)
    assert preflight([pack]) == {"pack.pdf": []}


def test_preflight_fails_a_file_whose_streams_end_without_an_end_of_line(archival: list[Path], tmp_path: Path) -> None:
    """What briefgen wrote before issue 17: Preflight sees it, where pikepdf's validator did not."""
    data = archival[0].read_bytes()
    broken = tmp_path / "broken.pdf"
    # Same length, so the cross-reference table stays right: the EOL moves after endstream.
    broken.write_bytes(data.replace(b"\nendstream\n", b"endstream\n\n"))
    codes = {code for code, _ in preflight([broken])["broken.pdf"]}
    assert "1.2.2" in codes  # "Expected 'EOL' before the endstream keyword"
