"""Numbered copies of a meeting pack: every page of every brief carries the mark, and the pack stays tagged.

Read back with pypdf (each page's text), pdfplumber (which corner the mark is
in), pikepdf (the structure tree) and helpers_pdfua.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf
import pypdf
import pytest
import yaml
from click.testing import CliRunner

from briefgen.batch.copies import copy_marks, marks_for
from briefgen.cli import main
from briefgen.errors import RenderError
from briefgen.load.pack_file import pack_from_specs
from briefgen.pack.build import build_pack, build_pack_copies
from conftest import minimal_spec
from helpers_pdfua import check_pdfua

LONG_BODY = "\n\n".join(["A paragraph of the brief that runs on for a while. " * 12] * 8)
MARKS = copy_marks(["J. Smith", "A. Jones"])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    """A duplex pack of a two-page brief and a one-page one, built plain and as two named copies."""
    folder = tmp_path_factory.mktemp("pack")
    specs = []
    for name, overrides in (
        ("alpha.yaml", {"title": "Alpha Brief", "sections": [{"heading": "Long", "body": LONG_BODY}]}),
        ("beta.yaml", {"title": "Beta Brief", "classification": "OFFICIAL"}),
    ):
        path = folder / name
        path.write_text(yaml.safe_dump(minimal_spec(**overrides), sort_keys=False), encoding="utf-8")
        specs.append(path)
    pack = pack_from_specs(specs, "Council", location="Room 4")
    plain = build_pack(pack, folder / "pack.pdf").output
    copies = [result.output for result in build_pack_copies(pack, folder / "pack.pdf", MARKS)]
    return plain, copies


def _page_texts(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in pypdf.PdfReader(path).pages]


def test_each_copy_is_written_beside_the_pack(built: tuple[Path, list[Path]]) -> None:
    plain, copies = built
    assert [path.name for path in copies] == ["pack.copy-1.pdf", "pack.copy-2.pdf"]
    assert all(path.parent == plain.parent for path in copies)


def test_every_page_carries_the_mark_and_nothing_else_differs(built: tuple[Path, list[Path]]) -> None:
    plain, copies = built
    alone = _page_texts(plain)
    for mark, copy in zip(MARKS, copies, strict=True):
        pages = _page_texts(copy)
        assert len(pages) == len(alone) == 6  # cover, contents, alpha's two pages, beta and a blank back
        for number, (text, plain_text) in enumerate(zip(pages, alone, strict=True), 1):
            lines = text.splitlines()
            assert lines.count(mark.text) == 1, number
            lines.remove(mark.text)
            assert lines == plain_text.splitlines(), number


def test_the_mark_is_in_the_corner_the_pack_footer_leaves_free(built: tuple[Path, list[Path]]) -> None:
    _, copies = built
    with pdfplumber.open(copies[0]) as pdf:
        for page in pdf.pages:
            (mark,) = page.search(MARKS[0].text, regex=False)
            (folio,) = page.search(f"Pack page {page.page_number}", regex=False)
            assert mark["top"] == pytest.approx(folio["top"], abs=1)
            # Duplex: the pack footer is in the outer corner, right on odd pages and left on even ones.
            if page.page_number % 2:
                assert mark["x1"] < folio["x0"]
            else:
                assert mark["x0"] > folio["x1"]


def _first_kids(pdf: pikepdf.Pdf) -> list[tuple[str, Any]]:
    """Return the Document's and each Art's type with its first kid."""
    document = pdf.Root.StructTreeRoot.K[0]
    parents = [document, *(kid for kid in document.K if str(kid.S) == "/Art")]
    return [(str(parent.S), parent.K[0]) for parent in parents]


def test_the_pack_and_each_brief_in_it_read_the_mark_first(built: tuple[Path, list[Path]]) -> None:
    plain, copies = built
    assert check_pdfua(plain) == []
    for mark, copy in zip(MARKS, copies, strict=True):
        assert check_pdfua(copy) == []
        with pikepdf.open(copy) as pdf:
            firsts = _first_kids(pdf)
            assert [kind for kind, _ in firsts] == ["/Document", "/Art", "/Art"]
            for _, first in firsts:
                assert (str(first.S), str(first.ActualText)) == ("/P", mark.text)
            pages = [
                {(kid.Pg if isinstance(kid, pikepdf.Dictionary) else first.Pg).objgen for kid in first.K}
                for _, first in firsts
            ]
            # The pack's own pages (cover, contents, the blank back), then each brief's: every page once.
            numbers = {page.objgen: index for index, page in enumerate(pdf.pages, 1)}
            assert [sorted(numbers[page] for page in group) for group in pages] == [[1, 2, 6], [3, 4], [5]]


def test_the_same_list_gives_the_same_bytes(built: tuple[Path, list[Path]], tmp_path: Path) -> None:
    plain, copies = built
    folder = plain.parent
    pack = pack_from_specs([folder / "alpha.yaml", folder / "beta.yaml"], "Council", location="Room 4")
    again = build_pack_copies(pack, tmp_path / "pack.pdf", MARKS)
    assert [result.output.read_bytes() for result in again] == [path.read_bytes() for path in copies]
    assert copies[0].read_bytes() != copies[1].read_bytes()


def test_a_copy_whose_name_is_too_long_for_its_mark_stops_no_other(tmp_path: Path) -> None:
    spec = tmp_path / "brief.yaml"
    overrides = {"title": "Alpha Brief", "classification": "OFFICIAL-SENSITIVE // UK EYES ONLY"}
    spec.write_text(yaml.safe_dump(minimal_spec(**overrides), sort_keys=False), encoding="utf-8")
    long_name = "The Permanent Representative of the Federal Republic of Germany to the United Nations"[:80]
    names = tmp_path / "names.txt"
    names.write_text(f"J. Smith\n{long_name}\nK. Lee\n", encoding="utf-8")
    marks = marks_for(names)
    results = build_pack_copies(pack_from_specs([spec], "Council"), tmp_path / "pack.pdf", marks)
    refused = results[1]
    assert isinstance(refused, RenderError)
    assert str(refused).startswith(f"{names}:2:1: copy 2 of 3: the name 'The Permanent Representative")
    assert [result.output.name for result in results if not isinstance(result, RenderError)] == [
        "pack.copy-1.pdf",
        "pack.copy-3.pdf",
    ]
    assert sorted(path.name for path in tmp_path.glob("pack*")) == ["pack.copy-1.pdf", "pack.copy-3.pdf"]
    assert "Copy 3 of 3 – K. Lee" in _page_texts(tmp_path / "pack.copy-3.pdf")[0]

    # The command says what it built and imposed, copy by copy, then the refusal, and exits 1.
    out = tmp_path / "cli"
    args = ["pack", str(spec), "--title", "Council", "-o", str(out / "pack.pdf"), "--copies-for", str(names)]
    result = CliRunner().invoke(main, [*args, "--booklet"])
    assert result.exit_code == 1
    assert f"built {out / 'pack.copy-3.pdf'}" in result.stdout
    assert "copy 2 of 3: the name" in result.stderr
    assert sorted(path.name for path in out.iterdir()) == ["pack.copy-1.pdf", "pack.copy-3.pdf"]
    sheet = pypdf.PdfReader(out / "pack.copy-3.pdf").pages[0].mediabox
    assert float(sheet.width) > float(sheet.height)  # imposed: a landscape sheet of two pages
