"""build_sources: the specs as one batch, then the packs; with nothing named, specs/ and packs/."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from briefgen.batch.progress import Progress
from briefgen.commands.build import build_sources
from briefgen.compose import BuildOptions
from briefgen.errors import UsageError
from briefgen.pack.build import PackError, PackResult


def test_only_pack_files_build_no_batch(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    write_spec(name="a.yaml")
    pack = tmp_path / "board.yaml"
    pack.write_text("title: Board\nagenda:\n  - spec: a.yaml\n", encoding="utf-8")
    report = build_sources([pack], tmp_path / "out", options=BuildOptions(), jobs=1)
    assert report.batch is None
    (result,) = report.packs
    assert isinstance(result, PackResult)
    assert result.output == tmp_path / "out" / "board.pdf"
    assert report.ok


def test_nothing_named_builds_specs_then_packs(
    tmp_path: Path, write_spec: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_spec(name="specs/a.yaml")
    Path("packs").mkdir()
    Path("packs/bad.yaml").write_text("title: Board\nagenda:\n  - spec: ../specs/missing.yaml\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    report = build_sources([], Path("out"), options=BuildOptions(), jobs=1, progress=Progress(out, err, live=False))
    assert report.batch is not None
    assert report.batch.counts["built"] == 1
    assert report.batch.outcomes == []  # shown as they came, not kept
    assert out.getvalue().startswith("built out/a.pdf (1 page, ")
    assert err.getvalue().startswith("1 built, 0 up to date, 0 failed in ")
    (failure,) = report.packs
    assert isinstance(failure, PackError)
    assert "there is no spec file" in str(failure)
    assert not report.ok
    assert sorted(p.name for p in Path("out").glob("*.pdf")) == ["a.pdf"]


def test_nothing_named_and_no_specs_folder_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError):
        build_sources([], Path("out"), options=BuildOptions())
