"""Reading a spec, theme or pack file: all of it up to the limit, one byte past it at most, and never a pipe."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from briefgen.load.files import NotRegularFileError, read_bounded


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    path = tmp_path / "brief.yaml"
    # Every byte value, and what a text-mode read would change: a Windows line end and end-of-file mark.
    path.write_bytes(b"title: x\r\n\x1a" + bytes(range(256)) * 20)
    return path


@pytest.mark.parametrize("short_of_all", [-5_000, 0, 1, 5_000, 5_131])
def test_the_whole_file_is_read_or_one_byte_past_the_limit(spec: Path, short_of_all: int) -> None:
    whole = spec.read_bytes()
    limit = len(whole) - short_of_all
    assert read_bounded(spec, limit) == whole[: limit + 1]


def test_an_empty_file_reads_empty(tmp_path: Path) -> None:
    (tmp_path / "empty.yaml").write_bytes(b"")
    assert read_bounded(tmp_path / "empty.yaml", 100) == b""


def test_a_file_grown_since_it_was_measured_is_read_on_to_the_limit(
    spec: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_stat = Path.stat

    def measured_short(self: Path, **kwargs: Any) -> os.stat_result:
        found = real_stat(self, **kwargs)
        return os.stat_result((*found[:6], 1_000, *found[7:10])) if self == spec else found

    monkeypatch.setattr(Path, "stat", measured_short)
    whole = spec.read_bytes()
    assert read_bounded(spec, 10_000) == whole
    assert read_bounded(spec, 3_000) == whole[:3_001]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "brief.yaml")
    with pytest.raises(NotRegularFileError):
        read_bounded(tmp_path / "brief.yaml", 100)


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(NotRegularFileError):
        read_bounded(tmp_path, 100)


def test_a_missing_file_raises_the_system_s_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_bounded(tmp_path / "gone.yaml", 100)
