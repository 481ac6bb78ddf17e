"""The environment's hash: what rebuilds every brief, and what it costs to compute at every start."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefgen.batch import fingerprint


@pytest.fixture
def assets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "assets"
    for name, data in (("fonts/Big.ttc", b"\0" * 4096), ("fonts/Face.ttf", b"\1" * 512), ("themes/a.yaml", b"a: 1")):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    monkeypatch.setattr(fingerprint, "_assets_dir", lambda package: folder)
    fingerprint.environment_digest.cache_clear()
    yield folder
    fingerprint.environment_digest.cache_clear()


def _digest() -> str:
    fingerprint.environment_digest.cache_clear()
    return fingerprint.environment_digest()


def test_font_files_are_known_by_size_and_time_not_read(assets: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []
    read_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda path: read.append(path.name) or read_bytes(path))
    _digest()
    assert "a.yaml" in read
    assert not [name for name in read if name.endswith((".ttc", ".ttf"))]


def test_a_font_changed_or_touched_changes_the_hash(assets: Path) -> None:
    before = _digest()
    font = assets / "fonts" / "Face.ttf"
    font.write_bytes(b"\2" * 513)
    resized = _digest()
    os.utime(font, ns=(1, 1))
    touched = _digest()
    (assets / "themes" / "a.yaml").write_bytes(b"a: 2")
    assert len({before, resized, touched, _digest()}) == 4
