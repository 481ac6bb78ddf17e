"""A brief that cannot be laid out stops its pack with one located line, and no other pack (issue 21, item 13)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from briefgen.cli import main
from briefgen.pack import build as pack_build
from conftest import minimal_spec
from helpers_hostile import svg_document

# Thirty columns of 200-letter words: every letter on a line of its own, a row taller than any page.
TOO_TALL_TABLE = {"type": "table", "columns": [f"c{n}" for n in range(30)], "rows": [["x" * 200] * 30]}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """specs/good.yaml and specs/bad.yaml (a table no page can hold); packs/a.yaml holds both, packs/b.yaml good."""
    (tmp_path / "specs").mkdir()
    (tmp_path / "packs").mkdir()
    (tmp_path / "specs" / "good.yaml").write_text(yaml.safe_dump(minimal_spec()), encoding="utf-8")
    bad = minimal_spec(sections=[{"heading": "Data", "blocks": [TOO_TALL_TABLE]}])
    (tmp_path / "specs" / "bad.yaml").write_text(yaml.safe_dump(bad), encoding="utf-8")
    agenda = "  - spec: ../specs/good.yaml\n  - spec: ../specs/bad.yaml\n"
    (tmp_path / "packs" / "a.yaml").write_text(f"title: Meeting A\nagenda:\n{agenda}", encoding="utf-8")
    (tmp_path / "packs" / "b.yaml").write_text("title: B\nagenda:\n  - spec: ../specs/good.yaml\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error: ")]


def test_a_brief_too_large_for_a_page_fails_the_pack_on_one_located_line(project: Path) -> None:
    result = CliRunner().invoke(main, ["pack", "packs/a.yaml", "-o", "out/a.pdf"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    (error,) = _errors(result.stderr)
    assert re.fullmatch(
        r"error: packs/a\.yaml:4:11: agenda\[1\]\.spec: Item 2: "
        r"specs/bad\.yaml:37:7: sections\[0\]\.blocks\[0\]\.rows\[0\]: "
        r"this row is taller than a page can hold \([\d,]+ pt, with the header row; a page holds [\d,]+\): "
        r"use fewer columns, or shorter text in its cells",
        error,
    ), error
    assert not (project / "out" / "a.pdf").exists()


def test_the_same_brief_built_alone_is_located_in_its_spec(project: Path) -> None:
    result = CliRunner().invoke(main, ["build", "-o", "out", "specs/bad.yaml"])
    assert result.exit_code == 1
    assert _errors(result.stderr)[0].startswith("error: specs/bad.yaml:37:7: sections[0].blocks[0].rows[0]: this row")
    assert "internal error" not in result.stderr


def test_the_packs_phase_of_build_reports_the_failing_pack_and_builds_the_others(project: Path) -> None:
    result = CliRunner().invoke(main, ["build", "-o", "out"])
    assert result.exit_code == 1
    assert (project / "out" / "b.pdf").exists()
    assert not (project / "out" / "a.pdf").exists()
    assert any(line.startswith("error: packs/a.yaml:4:11: agenda[1].spec: ") for line in _errors(result.stderr))
    assert "Traceback" not in result.output


def test_a_bug_in_one_pack_stops_none_of_the_others(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = pack_build.build_pack

    def broken_for_a(pack: pack_build.Pack, output: Path | str) -> pack_build.PackResult:
        if pack.title == "Meeting A":
            raise ZeroDivisionError("a bug")
        return real(pack, output)

    monkeypatch.setattr(pack_build, "build_pack", broken_for_a)
    result = CliRunner().invoke(main, ["build", "-o", "out", "packs"])
    assert result.exit_code == 1
    assert (project / "out" / "b.pdf").exists()
    (line,) = _errors(result.stderr)
    assert line.startswith("error: packs/a.yaml: internal error while building the pack (ZeroDivisionError: a bug)")


def test_check_reports_an_image_a_brief_on_the_agenda_cannot_draw(project: Path) -> None:
    (project / "specs" / "fig.svg").write_text(svg_document(size='width="1e400" height="10"'), encoding="utf-8")
    figure = {"type": "figure", "image": "fig.svg", "caption": "A figure."}
    spec = minimal_spec(sections=[{"heading": "H", "blocks": [figure]}])
    (project / "specs" / "bad.yaml").write_text(yaml.safe_dump(spec), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "packs/a.yaml"])
    assert result.exit_code == 1
    assert "sections[0].blocks[0].image: image 'fig.svg' has a number in its width" in result.stderr


def test_allow_outside_files_reaches_the_briefs_of_packs_too(project: Path) -> None:
    (project / "elsewhere").mkdir()
    (project / "elsewhere" / "fig.svg").write_text(svg_document(), encoding="utf-8")
    figure = {"type": "figure", "image": "../elsewhere/fig.svg", "caption": "A figure."}
    spec = minimal_spec(sections=[{"heading": "H", "blocks": [figure]}])
    (project / "specs" / "bad.yaml").write_text(yaml.safe_dump(spec), encoding="utf-8")
    refused = CliRunner().invoke(main, ["build", "-o", "out"])
    assert refused.exit_code == 1
    allowed = CliRunner().invoke(main, ["build", "-o", "out", "--allow-outside-files"])
    assert allowed.exit_code == 0, allowed.output
    assert (project / "out" / "a.pdf").exists()
    packed = CliRunner().invoke(main, ["pack", "packs/a.yaml", "-o", "out/again.pdf", "--allow-outside-files"])
    assert packed.exit_code == 0, packed.output
