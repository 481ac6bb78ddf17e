"""Escapes beyond the spec: a manifest that names files outside the output folder, and what an SVG references."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from briefgen import manifest as manifests
from briefgen.cli import main
from conftest import minimal_spec

# --- --prune deletes only the PDFs briefgen recorded inside the output folder ---------------------


@pytest.fixture
def pruned_project(tmp_path: Path) -> Path:
    """A built project whose manifest was edited to name files outside output/ (and a folder inside it)."""
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "brief.yaml").write_text(yaml.safe_dump(minimal_spec()), encoding="utf-8")
    (specs / "keep.yaml").write_text("not built, but precious")
    (tmp_path / "victim.txt").write_text("precious")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "only.pdf").write_bytes(b"%PDF precious")
    (tmp_path / "absolute.pdf").write_bytes(b"%PDF precious")
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["build", "-o", str(out), str(specs / "brief.yaml")]).exit_code == 0
    (out / "folder.pdf").mkdir()
    (out / "folder.pdf" / "inside.txt").write_text("precious")
    (out / "link").symlink_to(tmp_path / "outside")
    manifest = json.loads((out / ".briefgen-manifest.json").read_text())
    entry = manifest["outputs"]["brief.pdf"]
    gone = {**entry, "spec": str(tmp_path / "deleted.yaml")}
    for key in [
        "../victim.txt",
        "../specs/keep.yaml",
        "../outside/only.pdf",
        str(tmp_path / "absolute.pdf"),
        "folder.pdf",
        "link/only.pdf",
        "sub/../../victim.txt",
    ]:
        manifest["outputs"][key] = gone
    (out / ".briefgen-manifest.json").write_text(json.dumps(manifest))
    return tmp_path


def _precious(project: Path) -> dict[str, bytes]:
    files = ["victim.txt", "specs/keep.yaml", "outside/only.pdf", "absolute.pdf", "out/folder.pdf/inside.txt"]
    return {name: (project / name).read_bytes() for name in files}


def test_prune_never_deletes_what_a_manifest_names_outside_the_output_folder(pruned_project: Path) -> None:
    before = _precious(pruned_project)
    out = pruned_project / "out"
    spec = str(pruned_project / "specs" / "brief.yaml")
    result = CliRunner().invoke(main, ["build", "-o", str(out), spec, "--prune"])
    assert result.exit_code == 0, result.output
    assert _precious(pruned_project) == before
    assert (pruned_project / "outside").is_dir()
    assert (out / "brief.pdf").exists()
    assert "removed" not in result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    manifest = out / ".briefgen-manifest.json"
    assert sorted(warnings) == sorted(
        [
            f"warning: {manifest}: ignored the entry '../victim.txt': it does not name a PDF",
            f"warning: {manifest}: ignored the entry '../specs/keep.yaml': it does not name a PDF",
            f"warning: {manifest}: ignored the entry '../outside/only.pdf': it is outside the output folder",
            f"warning: {manifest}: ignored the entry '{pruned_project / 'absolute.pdf'}': "
            "it is outside the output folder",
            f"warning: {manifest}: ignored the entry 'folder.pdf': it is not a file",
            f"warning: {manifest}: ignored the entry 'link/only.pdf': "
            "a symbolic link takes it outside the output folder",
            f"warning: {manifest}: ignored the entry 'sub/../../victim.txt': it does not name a PDF",
        ]
    )
    # --prune also drops the bad entries, so the next build has nothing to warn about.
    again = CliRunner().invoke(main, ["build", "-o", str(out), str(pruned_project / "specs" / "brief.yaml")])
    assert "warning: " not in again.stderr
    assert _precious(pruned_project) == before


def test_without_prune_bad_entries_are_reported_not_listed_as_stale(pruned_project: Path) -> None:
    before = _precious(pruned_project)
    out = pruned_project / "out"
    result = CliRunner().invoke(main, ["build", "-o", str(out), str(pruned_project / "specs" / "brief.yaml")])
    assert result.exit_code == 0, result.output
    assert _precious(pruned_project) == before
    assert "stale" not in result.stderr
    assert result.stderr.count("warning: ") == 7


def test_remove_pdf_itself_refuses_a_path_outside_the_output_folder(tmp_path: Path) -> None:
    (tmp_path / "victim.pdf").write_bytes(b"%PDF precious")
    (tmp_path / "out").mkdir()
    with pytest.raises(ValueError, match="outside the output folder"):
        manifests.remove_pdf(tmp_path / "out" / ".." / "victim.pdf", tmp_path / "out")
    assert (tmp_path / "victim.pdf").exists()


def test_prune_still_removes_a_stale_pdf_built_into_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With ``-o .`` the manifest's keys are absolute paths; those inside the folder are still pruned."""
    specs = tmp_path / "specs"
    specs.mkdir()
    for name in ("kept", "gone"):
        (specs / f"{name}.yaml").write_text(yaml.safe_dump(minimal_spec()), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["build", "-o", ".", "specs"]).exit_code == 0
    (specs / "gone.yaml").unlink()
    result = CliRunner().invoke(main, ["build", "-o", ".", "specs", "--prune"])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "gone.pdf").exists()
    assert (tmp_path / "kept.pdf").exists()
    assert "warning: " not in result.stderr
