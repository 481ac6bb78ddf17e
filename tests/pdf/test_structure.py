"""The structure tree reads well aloud: lists say how they are numbered, captions sit with what they caption,
links say where they go, and the tagged text is the spec's text. Read back with pikepdf and poppler."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest

from briefgen import build
from briefgen.load.pack_file import load_pack
from briefgen.pack.build import build_pack
from conftest import REPO
from helpers_blocks import rich_spec
from helpers_pdfua import walk

EXAMPLE_SPECS = sorted((REPO / "specs").glob("*.yaml"))
WORLD_MILITARY = REPO / "specs" / "world-military-expenditure-2023.yaml"


@pytest.fixture(scope="module")
def example_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("pack") / "pack.pdf"
    build_pack(load_pack(REPO / "packs" / "example-meeting.yaml"), output)
    return output


def _numberings(path: Path) -> list[str]:
    """Return each L's ListNumbering, in tree order."""
    with pikepdf.open(path) as pdf:
        return [
            str(element.get("/A", pikepdf.Dictionary()).get("/ListNumbering", ""))
            for element, _ in walk(pdf.Root.StructTreeRoot)
            if element.S == "/L"
        ]


def test_lists_say_how_they_are_numbered(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    numberings = _numberings(build(write_spec(rich_spec()), tmp_path / "rich.pdf").output)
    # Key points and bullets have bullets; the references are numbered.
    assert numberings[0] == "/Disc"
    assert "/Disc" in numberings[1:-1]
    assert numberings[-1] == "/Decimal"


def test_the_agenda_of_a_pack_is_a_list_with_labels_of_its_own(example_pack: Path) -> None:
    assert _numberings(example_pack)[0] == "/None"
