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
    contents = fingerprint.read_whole
    monkeypatch.setattr(fingerprint, "read_whole", lambda path: read.append(Path(path).name) or contents(path))
    _digest()
    assert "a.yaml" in read
    assert not [name for name in read if name.endswith((".ttc", ".ttf"))]


def test_the_modules_are_hashed_in_the_order_of_their_paths_parts(tmp_path: Path) -> None:
    for name in ("a.b/c.py", "a/b.py", "a/z/y.py", "b.py", "a/b.txt", "__init__.py", ".hidden.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    expected = [path.relative_to(tmp_path).as_posix() for path in sorted(tmp_path.rglob("*.py"))]
    assert fingerprint.source_files(str(tmp_path)) == expected
    assert expected.index("a/z/y.py") < expected.index("a.b/c.py")  # parts, not strings, decide
    package = Path(fingerprint.__file__).parents[1]
    assert fingerprint.source_files(str(package)) == [
        p.relative_to(package).as_posix() for p in sorted(package.rglob("*.py"))
    ]


def test_a_file_is_read_whole(tmp_path: Path) -> None:
    for size in (0, 1, 5000):
        (tmp_path / "f").write_bytes(bytes(range(256)) * (size // 256) + b"x" * (size % 256))
        assert fingerprint.read_whole(str(tmp_path / "f")) == (tmp_path / "f").read_bytes()


def test_a_font_changed_or_touched_changes_the_hash(assets: Path) -> None:
    before = _digest()
    font = assets / "fonts" / "Face.ttf"
    font.write_bytes(b"\2" * 513)
    resized = _digest()
    os.utime(font, ns=(1, 1))
    touched = _digest()
    (assets / "themes" / "a.yaml").write_bytes(b"a: 2")
    assert len({before, resized, touched, _digest()}) == 4
