"""Meeting packs are tagged PDF/UA-1 files, like briefs: the checks of helpers_pdfua, and the briefs' own trees kept.

Read back with pikepdf (the structure tree) and poppler's ``pdfinfo -struct-text`` (its text).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pikepdf
import pytest
import yaml

from briefgen import build
from briefgen.load.pack_file import load_pack, pack_from_specs
from briefgen.pack.build import build_pack
from briefgen.text.labels import labels_for
from conftest import REPO, minimal_spec
from helpers_pdfua import check_pdfua, page_marks, walk

BLANK_PAGE_TEXT = labels_for("en")("blank_page")

LONG_BODY = "\n\n".join(["A paragraph of the brief that runs on for a while. " * 12] * 8)


def _write(folder: Path, name: str, **overrides: Any) -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(minimal_spec(**overrides), sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def specs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Three briefs of 1, 2 and 1 pages: links, a marking, a table, a draft, one in British English."""
    folder = tmp_path_factory.mktemp("specs")
    table = {"type": "table", "id": "t", "caption": "Numbers", "columns": ["A", "B"], "rows": [["1", "2"]]}
    return [
        _write(
            folder,
            "alpha.yaml",
            title="Alpha Brief",
            classification="OFFICIAL",
            sections=[
                {"heading": "Alpha", "body": "See [the source](https://example.org/a) and [@t]."},
                {"heading": "Data", "blocks": [table]},
            ],
            references=[{"title": "Source", "url": "https://example.org/a"}],
        ),
        _write(
            folder,
            "beta.yaml",
            title="Beta Brief",
            status="draft",
            sections=[{"heading": "Long", "body": LONG_BODY}, {"heading": "End", "body": "[A link](https://b.org)."}],
        ),
        _write(folder, "gamma.yaml", title="Gamma Brief", lang="en-GB", sections=[{"heading": "Short", "body": "A."}]),
    ]


@pytest.fixture(scope="module")
def pack_pdf(specs: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("pack") / "pack.pdf"
    build_pack(pack_from_specs(specs, "Council", location="Room 4"), output)
    return output


def _struct_text(pdf: Path) -> list[str]:
    command = ["pdfinfo", "-struct-text", str(pdf)]
    lines = subprocess.run(command, capture_output=True, text=True, check=True).stdout.splitlines()
    # A link's annotation is listed by its object number, which differs from file to file.
    return [line for line in lines if not re.fullmatch(r"\s*Object \d+ \d+", line)]


def test_pack_passes_the_pdfua_checks_a_brief_passes(pack_pdf: Path) -> None:
    assert check_pdfua(pack_pdf) == []


def test_example_pack_passes_the_pdfua_checks(tmp_path: Path) -> None:
    output = tmp_path / "example.pdf"
    build_pack(load_pack(REPO / "packs" / "example-meeting.yaml"), output)
    assert check_pdfua(output) == []


def test_long_pack_passes_the_pdfua_checks(specs: list[Path], tmp_path: Path) -> None:
    # Too many items for the cover's agenda, and contents continued over a second page, without duplex.
    output = tmp_path / "long.pdf"
    build_pack(pack_from_specs([specs[0], specs[2]] * 14, "Council", duplex=False), output)
    assert check_pdfua(output) == []
    lines = _struct_text(output)
    text = "\n".join(lines)
    more = re.search(r"… and (\d+) more: see the contents", text)
    assert more is not None
    assert lines.count("      LI (block)") + int(more.group(1)) == 28  # the cover's agenda items and the rest
    assert text.count("TOCI") == 28
    assert "Contents (continued)" not in text  # the repeated heading is an artifact


def test_every_brief_keeps_its_own_structure_tree(specs: list[Path], pack_pdf: Path, tmp_path: Path) -> None:
    pack_lines = _struct_text(pack_pdf)
    articles = [n for n, line in enumerate(pack_lines) if line == "  Art"]
    assert len(articles) == len(specs)
    for spec, start, end in zip(specs, articles, [*articles[1:], len(pack_lines)], strict=True):
        alone = _struct_text(build(spec, tmp_path / f"{spec.stem}.pdf").output)
        assert alone[0] == "Document"
        assert pack_lines[start + 1 : end] == ["  " + line for line in alone[1:]], spec.name


def test_pack_tree_holds_cover_contents_and_one_article_per_brief(pack_pdf: Path) -> None:
    with pikepdf.open(pack_pdf) as pdf:
        (document,) = pdf.Root.StructTreeRoot.K
        assert document.S == "/Document"
        assert [str(kid.S) for kid in document.K] == ["/Sect", "/Sect", "/Art", "/Art", "/Art"]
        cover, contents = document.K[0], document.K[1]
        assert [str(kid.S) for kid in cover.K] == ["/P", "/H1", "/P", "/Div", "/H2", "/L", "/P"]
        assert [str(kid.S) for kid in contents.K] == ["/H2", "/P", "/TOC"]
        entries = list(contents.K[2].K)
        assert [str(entry.S) for entry in entries] == ["/TOCI"] * 3
        assert all(str(entry.K[0].S) == "/Link" for entry in entries)
        # The British brief says so; the others share the pack's /Lang.
        assert [str(article.get("/Lang", "")) for article in document.K[2:]] == ["", "", "en-GB"]
        assert str(pdf.Root.Lang) == "en"


def test_contents_entries_are_links_that_read_as_their_text(pack_pdf: Path) -> None:
    text = "\n".join(_struct_text(pack_pdf))
    assert '"ITEM 1 Alpha Brief "\n          "3 OFFICIAL  ·  1 page "' in text
    assert '"ITEM 2 Beta Brief "\n          "5 2 pages "' in text
    assert '"ITEM 3 Gamma Brief "\n          "7 1 page "' in text


def test_furniture_and_blank_pages_are_artifacts(pack_pdf: Path) -> None:
    text = "\n".join(_struct_text(pack_pdf))
    for furniture in (BLANK_PAGE_TEXT, "Pack page", "Page 1 of"):
        assert furniture not in text
    # Each brief's marking and watermark are read once, from its first page; their repeats are artifacts.
    briefs = text.split("\n  Art\n")[1:]
    assert [brief.count("OFFICIAL") for brief in briefs] == [1, 0, 0]
    assert [brief.count("DRAFT") for brief in briefs] == [0, 1, 0]
    with pikepdf.open(pack_pdf) as pdf:
        blank = [n for n, page in enumerate(pdf.pages, 1) if not page_marks(page)[0]]
        assert blank == [4, 8]


def test_headings_nest_from_the_packs_h1(pack_pdf: Path) -> None:
    with pikepdf.open(pack_pdf) as pdf:
        headings = [str(e.S) for e, _ in walk(pdf.Root.StructTreeRoot) if re.fullmatch(r"/H\d", str(e.S))]
    assert headings[:3] == ["/H1", "/H2", "/H2"]  # the pack's title, its agenda and contents
    assert headings.count("/H1") == 4  # and each brief's own title
