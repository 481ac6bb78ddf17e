"""Writing a PDF atomically: the temporary beside it always has a name the file system accepts."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from briefgen.batch.build import build_many
from briefgen.batch.output import remove_abandoned_temporaries, write_atomically
from conftest import SEED_SPEC


@pytest.mark.parametrize("stem", ["b" * 250, "é" * 125], ids=["ascii", "two-byte characters"])
def test_a_spec_with_a_name_at_the_limit_builds(tmp_path: Path, stem: str) -> None:
    # 255 bytes with ".yaml"; its PDF's temporary name would pass 255 bytes unless shortened.
    spec = tmp_path / "specs" / f"{stem}.yaml"
    assert len(spec.name.encode()) == 255
    spec.parent.mkdir()
    spec.write_bytes(SEED_SPEC.read_bytes())
    report = build_many([spec.parent], tmp_path / "out", jobs=1)
    assert [outcome.status for outcome in report.outcomes] == ["built"], report.failed
    assert (tmp_path / "out" / f"{stem}.pdf").read_bytes().startswith(b"%PDF")
    assert [path.name for path in (tmp_path / "out").iterdir() if path.name.endswith(".tmp")] == []


def test_a_shortened_temporary_is_still_known_as_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / f"{'b' * 250}.pdf"
    left: list[Path] = []

    def fail(*_: object) -> None:  # a build killed between the write and the rename leaves its temporary
        left.extend(path for path in tmp_path.iterdir() if path.name.endswith(".tmp"))
        raise KeyboardInterrupt

    monkeypatch.setattr("os.replace", fail)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, b"%PDF")
    monkeypatch.undo()
    (temporary,) = left
    assert len(temporary.name.encode()) <= 255
    assert temporary.name.endswith(".tmp")
    temporary.write_bytes(b"%PDF")  # as if the kill had come a moment later
    old = time.time() - 3600
    os.utime(temporary, (old, old))
    assert remove_abandoned_temporaries(tmp_path) == [temporary]
