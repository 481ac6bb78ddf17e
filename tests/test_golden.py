"""Golden text: every example spec's text in structure order, as committed under tests/golden/.

A layout change that drops, duplicates or reorders text fails here loudly. When a change is
meant to alter the text (a new line-breaking rule, say), `make golden` rewrites the files;
review their diff like code before committing it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from briefgen import build
from conftest import REPO

GOLDEN = REPO / "tests" / "golden"
EXAMPLES = sorted((REPO / "specs").glob("*.yaml"))


def structure_text(pdf: Path) -> str:
    """Return the PDF's structure tree with each element's text, as poppler's ``pdfinfo -struct-text`` prints it."""
    command = ["pdfinfo", "-struct-text", str(pdf)]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("spec", EXAMPLES, ids=lambda path: path.stem)
def test_example_text_in_structure_order_matches_its_golden(
    spec: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    text = structure_text(build(spec, tmp_path / f"{spec.stem}.pdf").output)
    golden = GOLDEN / f"{spec.stem}.txt"
    if request.config.getoption("--update-goldens"):
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden text for {spec.name}: run `make golden` and review the new file"
    assert text == golden.read_text(encoding="utf-8"), f"{spec.name}: text differs from {golden.name} (`make golden`)"


def test_every_golden_file_has_its_example() -> None:
    assert sorted(path.stem for path in GOLDEN.glob("*.txt")) == [spec.stem for spec in EXAMPLES]
