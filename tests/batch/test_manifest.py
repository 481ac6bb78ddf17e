"""A damaged or hostile manifest only warns and rebuilds: no traceback, no hang, no unbounded read."""

from __future__ import annotations

import json
import os
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest
import yaml

from briefgen.batch import manifest as manifests
from briefgen.batch.build import build_many
from briefgen.batch.report import BatchReport
from conftest import minimal_spec
from helpers_hostile import run_briefgen

# A child that would read a device whole stops at a MemoryError here, not in the machine's swap.
_MEMORY_LIMIT = 1024 * 1024 * 1024


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """A project with specs/brief.yaml built into out/; returns the project folder."""
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "brief.yaml").write_text(yaml.safe_dump(minimal_spec()), encoding="utf-8")
    report = build_many([specs], tmp_path / "out", jobs=1)
    assert [outcome.status for outcome in report.outcomes] == ["built"]
    return tmp_path


def _manifest(project: Path) -> Path:
    return project / "out" / manifests.MANIFEST_NAME


def _entry(project: Path) -> dict[str, Any]:
    entry: dict[str, Any] = json.loads(_manifest(project).read_text())["outputs"]["brief.pdf"]
    return entry


def _write_outputs(project: Path, outputs: dict[str, Any]) -> None:
    _manifest(project).write_text(json.dumps({"format": manifests.FORMAT, "outputs": outputs}))


def _damaged(entry: dict[str, Any]) -> dict[str, Any]:
    """Entries for brief.pdf with one field damaged each, by name."""
    return {
        "size is text": {**entry, "size": "big"},
        "size is negative": {**entry, "size": -5},
        "size is true": {**entry, "size": True},
        "mtime is a float": {**entry, "mtime_ns": 1.5},
        "spec is a number": {**entry, "spec": 3},
        "spec holds a NUL": {**entry, "spec": "/specs/brief\0.yaml"},
        "inputs is null": {**entry, "inputs": None},
        "pdf hash is a list": {**entry, "pdf": ["x"]},
        "a field is missing": {key: value for key, value in entry.items() if key != "inputs"},
        "uses is a number": {**entry, "uses": 5},
        "a use is a number": {**entry, "uses": [5]},
        "a use is short": {**entry, "uses": [["figure.png"]]},
        "a use has a number for a path": {**entry, "uses": [[1, 2, 3, "x"]]},
        "a use path holds a NUL": {**entry, "uses": [["fig\0.png", 2, 3, "x"]]},
        "the entry is a list": [1, 2],
        "the entry is text": "brief.yaml",
    }


@pytest.mark.parametrize("damage", list(_damaged({})))
def test_a_damaged_entry_warns_and_its_pdf_is_built_again(built: Path, damage: str) -> None:
    _write_outputs(built, {"brief.pdf": _damaged(_entry(built))[damage]})
    report = build_many([built / "specs"], built / "out", jobs=1)
    assert [(outcome.status, outcome.reason) for outcome in report.outcomes] == [("built", "new")]
    assert report.warnings == [
        f'{_manifest(built)}: the build manifest has a damaged entry (the first: "brief.pdf"); '
        "their PDFs are built again"
    ]
    # The damaged entry is replaced: the next build has nothing to warn about and nothing to build.
    again = build_many([built / "specs"], built / "out", jobs=1)
    assert [outcome.status for outcome in again.outcomes] == ["skipped"]
    assert again.warnings == []


def test_a_nul_in_a_key_is_a_damaged_entry(built: Path) -> None:
    entry = _entry(built)
    _write_outputs(built, {"brief.pdf": entry, "other\0.pdf": {**entry, "spec": str(built / "gone.yaml")}})
    report = build_many([built / "specs"], built / "out", jobs=1, prune=True)
    assert [outcome.status for outcome in report.outcomes] == ["skipped"]
    assert report.warnings == [
        f'{_manifest(built)}: the build manifest has a damaged entry (the first: "other\\u0000.pdf"); '
        "their PDFs are built again"
    ]
    assert "other" not in _manifest(built).read_text()


@pytest.mark.parametrize(
    "text",
    [
        '{"format": 2, "outputs": ' + "[" * 100_000 + "]" * 100_000 + "}",
        '{"format": 2, "outputs": {"brief.pdf": ' + "{" * 100_000 + "}" * 100_000 + "}}",
        '{"format": 2, "outputs": []}',
        "[1, 2]",
        "{not json",
    ],
    ids=["deep list", "deep entry", "outputs a list", "not a mapping", "not json"],
)
def test_a_damaged_manifest_warns_and_rebuilds(built: Path, text: str) -> None:
    _manifest(built).write_text(text)
    report = build_many([built / "specs"], built / "out", jobs=1)
    assert [outcome.status for outcome in report.outcomes] == ["built"]
    assert all(warning.startswith(f"{_manifest(built)}: the build manifest") for warning in report.warnings)
    assert len(report.warnings) == (0 if text == "[1, 2]" else 1)  # a list is taken as another format


def test_folder_keys_are_never_pruned(built: Path) -> None:
    out = built / "out"
    (out / "sub").mkdir()
    (out / "sub" / "keep.pdf").write_bytes(b"%PDF precious")
    gone = {**_entry(built), "spec": str(built / "gone.yaml")}
    _write_outputs(built, {"brief.pdf": _entry(built), "sub": gone, "sub/": gone, ".": gone, "./": gone, "/": gone})
    report = build_many([built / "specs"], out, jobs=1, prune=True)
    assert report.pruned == []
    assert (out / "sub" / "keep.pdf").read_bytes() == b"%PDF precious"
    assert (out / "brief.pdf").exists()
    assert len(report.warnings) == 5
    assert all("it does not name a PDF" in warning for warning in report.warnings)


def _build_within(project: Path, seconds: float = 60) -> BatchReport:
    """Build project/specs into project/out in a thread, failing if it has not finished in time (a hang)."""
    reports: list[BatchReport] = []
    thread = threading.Thread(
        target=lambda: reports.append(build_many([project / "specs"], project / "out", jobs=1)), daemon=True
    )
    thread.start()
    thread.join(seconds)
    assert reports, f"the build did not finish in {seconds} s"
    return reports[0]


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_a_lock_file_that_is_not_a_file_only_warns(built: Path, kind: str) -> None:
    lock = built / "out" / manifests.LOCK_NAME
    lock.unlink()
    if kind == "folder":
        lock.mkdir()
    else:
        os.mkfifo(lock)  # opened to write, a FIFO without a reader blocks
    (built / "out" / "brief.pdf").unlink()
    report = _build_within(built)
    assert [outcome.status for outcome in report.outcomes] == ["built"]
    assert len(report.warnings) == 1
    assert report.warnings[0].startswith(f"{lock}: cannot lock the manifest (")
    assert report.warnings[0].endswith("); saved it without the lock")
    assert manifests.Manifest(built / "out").get(built / "out" / "brief.pdf") is not None


# --- What the manifest names is never read past its recorded size, and never if it is not a file -----


def _run_limited(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run briefgen in a child with time and memory limits: a hang or an endless read fails, not the suite."""
    return run_briefgen(project, *args, memory_limit=_MEMORY_LIMIT)


def test_files_an_entry_names_are_never_read_if_they_are_pipes_or_devices(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    names = ["use-zero", "use-fifo", "pdf-fifo", "pdf-zero"]
    for name in names:
        (specs / f"{name}.yaml").write_text(yaml.safe_dump(minimal_spec()), encoding="utf-8")
    out = tmp_path / "out"
    assert build_many([specs], out, jobs=1).counts == {"built": 4}
    outputs = json.loads((out / manifests.MANIFEST_NAME).read_text())["outputs"]
    os.mkfifo(tmp_path / "pipe.png")
    # Recorded as empty, with a stale time: the old code went on to hash what the files hold.
    outputs["use-zero.pdf"]["uses"] = [["/dev/zero", 0, 1, "0" * 64]]
    outputs["use-fifo.pdf"]["uses"] = [[str(tmp_path / "pipe.png"), 0, 1, "0" * 64]]
    for name in ("pdf-fifo", "pdf-zero"):
        (out / f"{name}.pdf").unlink()
        outputs[f"{name}.pdf"]["size"] = 0
    os.mkfifo(out / "pdf-fifo.pdf")
    (out / "pdf-zero.pdf").symlink_to("/dev/zero")
    (out / manifests.MANIFEST_NAME).write_text(json.dumps({"format": manifests.FORMAT, "outputs": outputs}))
    result = _run_limited(tmp_path, "build", "-o", "out", "specs", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(line.split()[1] for line in result.stdout.splitlines()) == [
        f"out/{name}.pdf" for name in sorted(names)
    ]
    manifest = manifests.Manifest(out)
    for name in names:
        pdf = out / f"{name}.pdf"
        assert pdf.is_file()
        assert not pdf.is_symlink()
        assert manifests.pdf_unchanged(pdf, manifest.get(pdf))  # type: ignore[arg-type]
        assert manifest.get(pdf).uses == ()  # type: ignore[union-attr]


@pytest.mark.parametrize("target", ["/dev/zero", "fifo"])
def test_a_manifest_that_is_a_device_or_pipe_warns_and_rebuilds(built: Path, target: str) -> None:
    _manifest(built).unlink()
    if target == "fifo":
        os.mkfifo(_manifest(built))
    else:
        _manifest(built).symlink_to(target)
    result = _run_limited(built, "build", "-o", "out", "specs")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert (
        f"warning: out/{manifests.MANIFEST_NAME}: the build manifest is not a regular file; rebuilding everything"
        in result.stderr.splitlines()
    )
    assert "built out/brief.pdf" in result.stdout


def test_a_manifest_over_the_size_limit_is_not_read(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(manifests, "MAX_MANIFEST_BYTES", 100)
    report = build_many([built / "specs"], built / "out", jobs=1)
    assert [outcome.status for outcome in report.outcomes] == ["built"]
    assert report.warnings == [
        f"{_manifest(built)}: the build manifest is larger than 100 bytes; rebuilding everything"
    ]
