"""split_sources and specs_or_default: pack files told from specs, and the specs/ folder by default."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from briefgen.commands.sources import is_pack_file, specs_or_default, split_sources
from briefgen.errors import UsageError

PACK = "title: Board\nagenda:\n  - spec: a.yaml\n"


def test_a_file_with_an_agenda_is_a_pack_file_wherever_it_is(tmp_path: Path, write_spec: Callable[..., Path]) -> None:
    pack = tmp_path / "board.yaml"
    pack.write_text(PACK, encoding="utf-8")
    spec = write_spec(name="a.yaml")
    assert split_sources([spec, pack, tmp_path]) == ([pack], [spec, tmp_path])


def test_a_spec_that_mentions_an_agenda_is_still_a_spec(write_spec: Callable[..., Path]) -> None:
    spec = write_spec(title="The agenda for the summit")
    assert not is_pack_file(spec)
    assert split_sources([spec]) == ([], [spec])


def test_a_packs_folder_stands_for_its_pack_files(tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    folder.mkdir()
    for name in ("b.yaml", "a.yml", ".hidden.yaml", "notes.txt"):
        (folder / name).write_text(PACK, encoding="utf-8")
    assert split_sources([folder]) == ([folder / "a.yml", folder / "b.yaml"], [])


def test_an_unreadable_file_is_left_to_the_spec_checks(tmp_path: Path) -> None:
    missing = tmp_path / "gone.yaml"
    assert not is_pack_file(missing)


def test_specs_folder_is_the_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    named = (Path("one.yaml"),)
    assert specs_or_default(named) == named
    with pytest.raises(UsageError, match="no specs/ folder here"):
        specs_or_default(())
    Path("specs").mkdir()
    assert specs_or_default(()) == (Path("specs"),)
