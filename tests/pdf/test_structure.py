"""The structure tree reads well aloud: lists say how they are numbered, captions sit with what they caption,
links say where they go, and the tagged text is the spec's text. Read back with pikepdf and poppler."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest

from briefgen import Options, build
from briefgen.load.pack_file import load_pack, pack_from_specs
from briefgen.load.spec import load_spec
from briefgen.pack.build import build_pack, load_briefs
from conftest import REPO, SEED_SPEC, pdf_text
from helpers_blocks import LONG, rich_spec
from helpers_pdf_structure import missing_text, spec_text, structure_failures, tagged_text
from helpers_pdfua import role, walk

EXAMPLE_SPECS = sorted((REPO / "specs").glob("*.yaml"))
WORLD_MILITARY = REPO / "specs" / "world-military-expenditure-2023.yaml"


@pytest.fixture(scope="module")
def example_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("pack") / "pack.pdf"
    build_pack(load_pack(REPO / "packs" / "example-meeting.yaml"), output)
    return output


def _failures(path: Path) -> list[str]:
    with pikepdf.open(path) as pdf:
        role_map = pdf.Root.StructTreeRoot.get("/RoleMap", pikepdf.Dictionary())
        return structure_failures(pdf, lambda element: role(element, role_map))


@pytest.mark.parametrize("spec", EXAMPLE_SPECS, ids=lambda path: path.stem)
def test_every_example_has_a_well_formed_tree(spec: Path, tmp_path: Path) -> None:
    """Parents, lists, tables, captions and link descriptions (helpers_pdf_structure; check_pdfua runs it too)."""
    assert _failures(build(spec, tmp_path / "brief.pdf").output) == []


def test_the_example_pack_has_a_well_formed_tree(example_pack: Path) -> None:
    assert _failures(example_pack) == []


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


def _tree(path: Path) -> list[tuple[str, list[str]]]:
    """Return each element's type and its kids' types, in tree order."""
    with pikepdf.open(path) as pdf:
        return [
            (
                str(element.S)[1:],
                [str(kid.S)[1:] for kid in kids if isinstance(kid, pikepdf.Dictionary) and "/S" in kid],
            )
            for element, kids in walk(pdf.Root.StructTreeRoot)
        ]


def test_a_tables_caption_is_its_first_kid_and_a_figure_is_grouped_with_its_caption(tmp_path: Path) -> None:
    tree = _tree(build(WORLD_MILITARY, tmp_path / "brief.pdf").output)
    tables = [kids for kind, kids in tree if kind == "Table"]
    assert tables
    assert all(kids[0] == "Caption" and set(kids[1:]) == {"TR"} for kids in tables)
    groups = [kids for kind, kids in tree if kind == "Div"]
    # A chart: its title, the drawing, its note or source; an image: the picture, then its caption.
    assert all("Figure" in kids and "Caption" in kids for kids in groups)
    assert sum(kids[:2] == ["Caption", "Figure"] for kids in groups) == 3
    captions_elsewhere = [kind for kind, kids in tree if "Caption" in kids and kind not in ("Table", "Div")]
    assert captions_elsewhere == []


def _link_descriptions(path: Path) -> list[str]:
    """Return the /Contents of every internal link, page by page."""
    with pikepdf.open(path) as pdf:
        return [
            str(annotation.Contents)
            for page in pdf.pages
            for annotation in page.obj.get("/Annots", [])
            if annotation.get("/Subtype") == "/Link" and "/Dest" in annotation
        ]


def test_an_internal_link_says_what_it_goes_to(tmp_path: Path) -> None:
    described = _link_descriptions(build(WORLD_MILITARY, tmp_path / "brief.pdf").output)
    assert described[0] == "Table 1: The ten largest military spenders in 2023"
    assert "Figure 1: World military expenditure as first published each year, 2019\u20132023" in described
    assert not [text for text in described if text.startswith("Go to")]


def test_a_link_to_a_block_without_a_caption_says_its_label(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    table = {"type": "table", "id": "t", "columns": ["A", "B"], "rows": [["1", "2"]]}
    spec = write_spec(sections=[{"heading": "Only", "body": "See [@t].", "blocks": [table]}])
    assert _link_descriptions(build(spec, tmp_path / "brief.pdf").output) == ["Table 1"]


def test_links_in_a_pack_say_what_they_go_to(tmp_path: Path) -> None:
    """The contents' links to each brief, and each brief's own links, in the brief's own scope."""
    output = tmp_path / "pack.pdf"
    build_pack(pack_from_specs([SEED_SPEC, WORLD_MILITARY], "Council"), output)
    described = _link_descriptions(output)
    assert described[:2] == [
        "Item 1: Russia and North Korea Sign Mutual Defense Treaty",
        "Item 2: World Military Spending Reached a Record $2.44 Trillion in 2023",
    ]
    assert "Table 1: The ten largest military spenders in 2023" in described[2:]
    assert not [text for text in described if text.startswith("Go to")]


def _texts(path: Path) -> list[str]:
    """Return the text of each element of the structure tree, in order (``pdfinfo -struct-text``)."""
    output = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.strip().strip('"') for line in output.splitlines() if line.strip().startswith('"')]


def test_the_first_pages_marking_and_watermark_are_read_before_the_title(
    write_spec: Callable[..., Path], tmp_path: Path
) -> None:
    spec = write_spec(classification="Official-Sensitive", status="draft", organization="Policy Unit")
    output = build(spec, tmp_path / "brief.pdf").output
    # The banner and the watermark as printed, then the kicker and the title; each once.
    assert _texts(output)[:4] == ["OFFICIAL-SENSITIVE", "DRAFT", "POLICY UNIT", "A Minimal Brief"]
    assert _texts(output).count("OFFICIAL-SENSITIVE") == 1
    # The bottom banner and the footer repeat them, as artifacts: printed, not read twice.
    printed = pdf_text(output)
    assert printed.count("OFFICIAL-SENSITIVE") == 2
    assert "DRAFT" in printed.replace("DRAFT", "", 1)


def test_on_later_pages_the_marking_is_an_artifact(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    body = "\n\n".join([LONG] * 6)
    output = build(
        write_spec(classification="Secret", sections=[{"heading": "Long", "body": body}]), tmp_path / "b.pdf"
    )
    with pikepdf.open(output.output) as pdf:
        pages = len(pdf.pages)
    assert pages > 1
    assert _texts(output.output).count("SECRET") == 1
    assert pdf_text(output.output).count("SECRET") == 2 * pages


def test_the_markings_are_in_the_xmp_metadata(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    spec = write_spec(classification="Official-Sensitive", status="draft")
    for pdfa in (False, True):
        output = build(spec, tmp_path / f"brief-{pdfa}.pdf", options=Options(pdfa=pdfa)).output
        with pikepdf.open(output) as pdf, pdf.open_metadata() as meta:
            assert meta["xmpRights:UsageTerms"] == "OFFICIAL-SENSITIVE"
            assert meta["xmp:Label"] == "DRAFT"
    with pikepdf.open(build(SEED_SPEC, tmp_path / "seed.pdf").output) as pdf, pdf.open_metadata() as meta:
        assert meta["xmpRights:UsageTerms"] == "OFFICIAL"
        assert "xmp:Label" not in meta


def test_each_brief_in_a_pack_reads_its_own_marking_first(example_pack: Path) -> None:
    texts = _texts(example_pack)
    # The cover names the pack's marking (content); each brief's first page its own, before its kicker.
    for marking in ("OFFICIAL", "OFFICIAL", "OFFICIAL-SENSITIVE"):
        index = texts.index(marking)
        assert texts[index + 1] == "EXAMPLE POLICY UNIT"
        texts = texts[index + 1 :]
    with pikepdf.open(example_pack) as pdf, pdf.open_metadata() as meta:
        assert meta["xmpRights:UsageTerms"] == "OFFICIAL-SENSITIVE"


@pytest.mark.parametrize("spec", EXAMPLE_SPECS, ids=lambda path: path.stem)
def test_every_examples_tagged_text_is_its_specs_text(spec: Path, tmp_path: Path) -> None:
    """Every piece of the spec's text is in the structure tree, in order (spaces and hyphens aside: issue 16)."""
    brief = load_spec(spec)
    expected = spec_text(brief, "DRAFT" if brief.status == "draft" else "")
    assert missing_text(tagged_text(build(spec, tmp_path / "brief.pdf").output), expected) == []


def test_a_rich_briefs_tagged_text_is_its_specs_text(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    path = write_spec(rich_spec())
    expected = spec_text(load_spec(path))
    assert missing_text(tagged_text(build(path, tmp_path / "rich.pdf").output), expected) == []


def test_the_example_packs_tagged_text_is_its_briefs_text(example_pack: Path) -> None:
    pack = load_pack(REPO / "packs" / "example-meeting.yaml")
    expected = [piece for brief in load_briefs(pack) for piece in spec_text(brief)]
    assert missing_text(tagged_text(example_pack), [pack.title, *expected]) == []


def test_missing_or_moved_text_is_found() -> None:
    tagged = ["Org", "A Title", "First para- graph.", "Table 1", "Second"]
    assert missing_text(tagged, ["A title", "first paragraph", "second"]) == []
    assert missing_text(tagged, ["Second", "First paragraph"]) == ["First paragraph"]
    assert missing_text(tagged, ["A Title", "Lost words"]) == ["Lost words"]
