"""Atomic writes of PDFs with the longest names a file system allows (issue 21, item 16)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.batch import output
from briefgen.cli import main

GOOD = "title: Good\nkey_points: [x]\nsections: [{heading: H, body: B}]\n"


@pytest.mark.parametrize("stem", ["a" * 245, "é" * 124, "a" * 200 + "é" * 22], ids=["ascii", "two-byte", "mixed"])
def test_a_spec_with_a_name_of_up_to_255_bytes_builds(tmp_path: Path, stem: str) -> None:
    spec = tmp_path / "specs" / f"{stem}.yaml"
    assert len(spec.name.encode()) <= 255
    spec.parent.mkdir()
    spec.write_text(GOOD, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "-o", str(tmp_path / "out"), str(spec.parent)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / f"{stem}.pdf").read_bytes().startswith(b"%PDF")
    assert not [name for name in os.listdir(tmp_path / "out") if name.endswith(".tmp")]


def test_a_shortened_temporary_name_is_still_cleaned_up_after_a_kill(tmp_path: Path) -> None:
    name = "b" * 250 + ".pdf"
    prefix = output._temporary_prefix(name)  # noqa: SLF001 (the name a killed write leaves behind)
    left = tmp_path / f"{prefix}abcd1234.tmp"
    left.write_bytes(b"half a PDF")
    assert len(left.name.encode()) <= 255
    os.utime(left, (1, 1))
    assert output.remove_abandoned_temporaries(tmp_path) == [left]
