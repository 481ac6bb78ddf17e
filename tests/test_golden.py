"""Golden text: every example spec's and pack's text in structure order, as committed under tests/golden/.

A layout change that drops, duplicates or reorders text fails here loudly. When a change is
meant to alter the text (a new line-breaking rule, say), `make golden` rewrites the files;
review their diff like code before committing it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from briefgen import build
from briefgen.load.pack_file import load_pack
from briefgen.pack.build import build_pack
from conftest import REPO

GOLDEN = REPO / "tests" / "golden"
EXAMPLES = sorted((REPO / "specs").glob("*.yaml"))
PACKS = sorted((REPO / "packs").glob("*.yaml"))


def structure_text(pdf: Path) -> str:
    """Return the PDF's structure tree with each element's text, as poppler's ``pdfinfo -struct-text`` prints it."""
    command = ["pdfinfo", "-struct-text", str(pdf)]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("spec", EXAMPLES, ids=lambda path: path.stem)
def test_example_text_in_structure_order_matches_its_golden(
    spec: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    _compare(spec, structure_text(build(spec, tmp_path / f"{spec.stem}.pdf").output), request)


@pytest.mark.parametrize("pack", PACKS, ids=lambda path: path.stem)
def test_example_pack_text_in_structure_order_matches_its_golden(
    pack: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    output = tmp_path / f"{pack.stem}.pdf"
    build_pack(load_pack(pack), output)
    _compare(pack, structure_text(output), request)


def _compare(source: Path, text: str, request: pytest.FixtureRequest) -> None:
    golden = GOLDEN / f"{source.stem}.txt"
    if request.config.getoption("--update-goldens"):
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden text for {source.name}: run `make golden` and review the new file"
    assert text == golden.read_text(encoding="utf-8"), f"{source.name}: text differs from {golden.name} (`make golden`)"


def test_every_golden_file_has_its_example() -> None:
    examples = [path.stem for path in EXAMPLES + PACKS]
    assert sorted(path.stem for path in GOLDEN.glob("*.txt")) == sorted(examples)
