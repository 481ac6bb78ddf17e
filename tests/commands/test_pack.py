"""pack_sources: one pack file, or spec files with a title; anything else is a usage error."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from briefgen.commands.pack import pack_sources
from briefgen.errors import UsageError


def test_spec_files_need_a_title(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="--title is required when the pack is made from spec files"):
        pack_sources([write_spec()], tmp_path / "pack.pdf")
    assert not (tmp_path / "pack.pdf").exists()


def test_a_pack_file_and_spec_files_are_not_mixed(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    spec = write_spec(name="a.yaml")
    pack = tmp_path / "board.yaml"
    pack.write_text("title: Board\nagenda:\n  - spec: a.yaml\n", encoding="utf-8")
    with pytest.raises(UsageError, match="give one pack file, or spec files; not both"):
        pack_sources([pack, spec], tmp_path / "pack.pdf", title="Board")


def test_spec_files_with_a_title_make_a_pack(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    result = pack_sources([write_spec()], None, title="Board", out_dir=tmp_path / "out", duplex=False)
    assert result.output == tmp_path / "out" / "board.pdf"
    assert result.briefs == 1
    assert result.output.read_bytes().startswith(b"%PDF-")
