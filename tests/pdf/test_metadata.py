"""PDF/A-2b output (--pdfa, or 'pdfa: true' in a spec), validated with pikepdf's PDF/A validator."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pikepdf
import pikepdf.pdfa
import pytest
from click.testing import CliRunner

from briefgen import Options, build
from briefgen.cli import main
from conftest import REPO, SEED_SPEC
from helpers_pdfua import check_pdfua

EXAMPLE_SPECS = sorted((REPO / "specs").glob("*.yaml"))


@pytest.mark.parametrize("spec", EXAMPLE_SPECS, ids=lambda p: p.stem)
def test_pdfa_build_of_every_example_spec_passes_the_validator(spec: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(spec), "-o", str(tmp_path), "--pdfa"])
    assert result.exit_code == 0, result.output
    output = tmp_path / spec.with_suffix(".pdf").name
    report = pikepdf.pdfa.validate_written(output, "2b")
    assert report.verdict == "pass", report.summary()
    # The archival file keeps all its tagging; it claims PDF/A, not PDF/UA (see README).
    assert check_pdfua(output, expect_pdfua_id=False) == []


def test_validator_fails_a_deliberately_broken_file(tmp_path: Path) -> None:
    good = build(SEED_SPEC, tmp_path / "good.pdf", options=Options(pdfa=True)).output
    broken = tmp_path / "broken.pdf"
    with pikepdf.open(good) as pdf:
        del pdf.Root.OutputIntents  # DeviceRGB text then has no output intent
        pdf.pages[0].obj.Trans = pikepdf.Dictionary(S=pikepdf.Name.R)
        pdf.save(broken)
    report = pikepdf.pdfa.validate_written(broken, "2b")
    assert report.verdict == "fail"
    assert any("DeviceRGB" in str(finding) for finding in report.violations), report.summary()


def test_untagged_default_build_is_not_pdfa(tmp_path: Path) -> None:
    report = pikepdf.pdfa.validate_written(build(SEED_SPEC, tmp_path / "seed.pdf").output, "2b")
    assert report.verdict == "fail"


def test_xmp_matches_the_info_dictionary_and_claims_pdfa_only(tmp_path: Path) -> None:
    with pikepdf.open(build(SEED_SPEC, tmp_path / "seed.pdf", options=Options(pdfa=True)).output) as pdf:
        info = pdf.docinfo
        with pdf.open_metadata() as meta:
            assert meta["dc:title"] == str(info.Title)
            assert meta["dc:creator"] == [str(info.Author)]
            assert meta["pdf:Producer"] == str(info.Producer)
            assert meta["xmp:CreatorTool"] == str(info.Creator)
            assert meta["pdfaid:part"] == "2"
            assert meta["pdfaid:conformance"] == "B"
            assert "pdfuaid:part" not in meta
        assert "/Metadata" in pdf.Root
        assert "/Filter" not in pdf.Root.Metadata
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == "/GTS_PDFA1"
        assert intent.DestOutputProfile.N == 3
        assert all("/Trans" not in page.obj for page in pdf.pages)


def test_xmp_dates_follow_source_date_epoch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1731369600")  # 2024-11-12T00:00:00Z
    with pikepdf.open(build(SEED_SPEC, tmp_path / "seed.pdf", options=Options(pdfa=True)).output) as pdf:
        assert str(pdf.docinfo.CreationDate).startswith("D:20241112000000")
        with pdf.open_metadata() as meta:
            assert meta["xmp:CreateDate"] == "2024-11-12T00:00:00+00:00"
            assert meta["xmp:ModifyDate"] == "2024-11-12T00:00:00+00:00"


def test_pdfa_builds_are_byte_identical(tmp_path: Path) -> None:
    first = build(SEED_SPEC, tmp_path / "a.pdf", options=Options(pdfa=True)).output.read_bytes()
    second = build(SEED_SPEC, tmp_path / "b.pdf", options=Options(pdfa=True)).output.read_bytes()
    assert first == second


def test_spec_setting_asks_for_pdfa(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    output = build(write_spec(pdfa=True), tmp_path / "brief.pdf").output
    assert pikepdf.pdfa.validate_written(output, "2b").verdict == "pass"


def test_spec_setting_must_be_true_or_false(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(write_spec(pdfa="yes")), "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert "pdfa: expected true or false, got 'yes'" in result.output


def test_pdfa_build_with_every_block_type_on_letter_paper_passes(
    write_spec: Callable[..., Path], tmp_path: Path
) -> None:
    from helpers_blocks import rich_spec

    options = Options(pdfa=True, page_size="letter")
    output = build(write_spec(rich_spec()), tmp_path / "rich.pdf", options=options).output
    report = pikepdf.pdfa.validate_written(output, "2b")
    assert report.verdict == "pass", report.summary()
    assert check_pdfua(output, expect_pdfua_id=False) == []
