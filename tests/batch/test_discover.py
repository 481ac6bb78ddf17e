"""Finding specs: a folder that cannot be read fails, by name, and keeps its PDFs (issue 21, item 16)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.batch.build import build_many
from briefgen.batch.manifest import Manifest
from briefgen.cli import main

GOOD = "title: Good\nkey_points: [x]\nsections: [{heading: H, body: B}]\n"


@pytest.fixture
def specs(tmp_path: Path) -> Path:
    """specs/top.yaml and specs/private/secret.yaml, both built once into out/."""
    (tmp_path / "specs" / "private").mkdir(parents=True)
    (tmp_path / "specs" / "top.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "specs" / "private" / "secret.yaml").write_text(GOOD, encoding="utf-8")
    assert CliRunner().invoke(main, ["build", "-o", str(tmp_path / "out"), str(tmp_path / "specs")]).exit_code == 0
    return tmp_path / "specs"


@pytest.fixture
def locked(specs: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """specs/private made unreadable, as chmod 000 makes it for anyone but root (whom the tests run as)."""
    private = specs / "private"
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str] = ".") -> Iterator[os.DirEntry[str]]:
        if Path(path) == private:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    real_exists = os.path.exists
    monkeypatch.setattr(os, "scandir", scandir)
    # What the manifest sees of a spec in a folder it may not search: not there.
    monkeypatch.setattr(os.path, "exists", lambda path: not str(path).startswith(str(private)) and real_exists(path))
    return private


def test_a_folder_that_cannot_be_read_fails_by_name_and_the_rest_build(locked: Path, specs: Path) -> None:
    result = CliRunner().invoke(main, ["build", "-o", str(specs.parent / "out"), str(specs), "--force"])
    assert result.exit_code == 1
    assert f"error: {locked}: cannot read the folder (Permission denied); its specs were not built" in result.stderr
    assert "1 built, 0 up to date, 1 failed" in result.stderr


def test_prune_keeps_the_pdfs_of_specs_in_a_folder_it_cannot_read(locked: Path, specs: Path) -> None:
    out = specs.parent / "out"
    result = CliRunner().invoke(main, ["build", "-o", str(out), str(specs), "--prune"])
    assert result.exit_code == 1
    assert (out / "private" / "secret.pdf").exists()
    assert "removed" not in result.output


def test_check_reports_a_folder_it_cannot_read(locked: Path, specs: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(specs)])
    assert result.exit_code == 1
    assert f"error: {locked}: cannot read the folder (Permission denied); its specs were not checked" in result.stderr
    assert f"ok {specs / 'top.yaml'}" in result.stdout


def test_the_manifest_knows_a_spec_by_its_folder_real_path_and_its_own_name(tmp_path: Path) -> None:
    """A spec linked into the folder is the link: once the link goes, its PDF is stale, wherever the target is."""
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "top.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "shared.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "specs" / "linked.yaml").symlink_to(tmp_path / "shared.yaml")
    (tmp_path / "alias").symlink_to(tmp_path / "specs")
    out = tmp_path / "out"
    assert build_many([tmp_path / "alias"], out, jobs=2).counts["built"] == 2
    recorded = {key: entry.spec for key, entry in Manifest(out).entries.items()}
    real = (tmp_path / "specs").resolve()
    assert recorded == {"top.pdf": str(real / "top.yaml"), "linked.pdf": str(real / "linked.yaml")}
    (tmp_path / "specs" / "linked.yaml").unlink()
    report = build_many([tmp_path / "alias"], out, jobs=1)
    assert report.stale == [out / "linked.pdf"]
    assert report.counts["skipped"] == 1
