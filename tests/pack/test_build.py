"""Meeting packs: read the pack back with pypdf and check its pages, contents, outline, links and errors.

tests/pack/test_tagged_pack.py checks the same packs as tagged PDF/UA-1 files.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pdfplumber
import pypdf
import pytest
import yaml
from click.testing import CliRunner

from briefgen.cli import main
from briefgen.errors import SpecError
from briefgen.load.pack_file import load_pack, pack_from_specs
from briefgen.model import AgendaItem, Pack
from briefgen.pack.build import PackError, PackResult, build_pack, build_packs
from briefgen.pack.plan import highest_classification
from briefgen.text.labels import labels_for
from conftest import REPO, minimal_spec

BLANK_PAGE_TEXT = labels_for("en")("blank_page")

LONG_BODY = "\n\n".join(["A paragraph of the brief that runs on for a while. " * 12] * 8)


def _write(folder: Path, name: str, **overrides: Any) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(minimal_spec(**overrides), sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def specs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Three briefs of 1, 2 and 1 pages, with sections, tags, a link and classifications."""
    folder = tmp_path_factory.mktemp("specs")
    return [
        _write(
            folder,
            "alpha.yaml",
            title="Alpha Brief",
            classification="OFFICIAL",
            tags=["alpha", "shared"],
            sections=[
                {"heading": "First Alpha Section", "body": "See [the source](https://example.org/alpha)."},
                {"heading": "Second Alpha Section", "body": "More text."},
            ],
        ),
        _write(
            folder,
            "beta.yaml",
            title="Beta Brief",
            classification="SECRET",
            tags=["beta", "shared"],
            sections=[{"heading": "Long Beta Section", "body": LONG_BODY}, {"heading": "Beta Ending", "body": "End."}],
        ),
        _write(folder, "gamma.yaml", title="Gamma Brief", tags=["gamma"]),
    ]


def _pack(specs: list[Path], **options: Any) -> Pack:
    options.setdefault("date", dt.date(2024, 12, 3))
    options.setdefault("location", "Room 4")
    return pack_from_specs(specs, "Security Council, 3 December", **options)


@pytest.fixture(scope="module")
def duplex_pdf(specs: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("pack") / "pack.pdf"
    build_pack(_pack(specs), output)
    return output


@pytest.fixture(scope="module")
def simplex_pdf(specs: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("pack") / "pack.pdf"
    build_pack(_pack(specs, duplex=False), output)
    return output


def _texts(path: Path) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in pypdf.PdfReader(path).pages]


def _starts(texts: list[str], titles: list[str]) -> list[int]:
    """Return the 1-based page where each brief's own first page ("Page 1 of") shows its title."""
    return [next(n for n, t in enumerate(texts, 1) if title in t and "Page 1 of" in t) for title in titles]


TITLES = ["Alpha Brief", "Beta Brief", "Gamma Brief"]


def test_duplex_starts_every_brief_on_an_odd_page_and_ends_on_a_back(duplex_pdf: Path) -> None:
    texts = _texts(duplex_pdf)
    # cover, contents | alpha (3), blank | beta (5, 6) | gamma (7), blank
    assert len(texts) == 8
    assert _starts(texts, TITLES) == [3, 5, 7]
    blank = [n for n, text in enumerate(texts, 1) if BLANK_PAGE_TEXT in text]
    assert blank == [4, 8]


def test_blank_page_says_so_and_carries_only_furniture(duplex_pdf: Path) -> None:
    text = _texts(duplex_pdf)[3]
    assert text == f"{BLANK_PAGE_TEXT} SECRET SECRET Pack page 4 · Security Council, 3 December"


def test_no_duplex_has_no_blank_pages(simplex_pdf: Path) -> None:
    texts = _texts(simplex_pdf)
    assert len(texts) == 2 + 1 + 2 + 1
    assert _starts(texts, TITLES) == [3, 4, 6]
    assert not any(BLANK_PAGE_TEXT in text for text in texts)


def test_contents_page_numbers_match_where_briefs_start(duplex_pdf: Path, simplex_pdf: Path) -> None:
    for path in (duplex_pdf, simplex_pdf):
        texts = _texts(path)
        contents = texts[1]
        assert contents.startswith("Contents Security Council, 3 December · 3 December 2024")
        listed = [int(re.search(rf"{title} [. ]*(\d+)", contents).group(1)) for title in TITLES]  # type: ignore[union-attr]
        assert listed == _starts(texts, TITLES)


def test_contents_links_open_each_brief_start(duplex_pdf: Path) -> None:
    reader = pypdf.PdfReader(duplex_pdf)
    links = [a.get_object() for a in reader.pages[1]["/Annots"]]
    targets = [reader.get_page_number(link["/Dest"][0].get_object()) + 1 for link in links]
    assert targets == [3, 5, 7]
    tops = [float(link["/Rect"][3]) for link in links]
    assert tops == sorted(tops, reverse=True)  # one row per entry, top to bottom, in agenda order
    assert all(float(link["/Rect"][2]) - float(link["/Rect"][0]) > 350 for link in links)  # the whole row (380 pt)


def test_outline_nests_each_briefs_bookmarks_under_it(duplex_pdf: Path) -> None:
    reader = pypdf.PdfReader(duplex_pdf)

    def tree(items: list[Any]) -> list[Any]:
        return [tree(i) if isinstance(i, list) else (i.title, reader.get_destination_page_number(i) + 1) for i in items]

    assert tree(reader.outline) == [
        ("Contents", 2),
        ("Item 1: Alpha Brief", 3),
        [("Key points", 3), ("First Alpha Section", 3), ("Second Alpha Section", 3)],
        ("Item 2: Beta Brief", 5),
        [("Key points", 5), ("Long Beta Section", 5), ("Beta Ending", 6)],
        ("Item 3: Gamma Brief", 7),
        [("Key points", 7), ("Only Section", 7)],
    ]


def test_cover_shows_meeting_agenda_and_highest_classification(duplex_pdf: Path) -> None:
    cover = _texts(duplex_pdf)[0]
    assert cover.startswith("MEETING PACK Security Council, 3 December 3 December 2024 Room 4")
    assert "CLASSIFICATION · the highest marking of the briefs in this pack SECRET" in cover
    assert "Agenda ITEM 1 Alpha Brief OFFICIAL ITEM 2 Beta Brief SECRET ITEM 3 Gamma Brief" in cover
    assert cover.endswith(
        "3 briefs · 8 pages · print double-sided: each brief starts on a right-hand page "
        "SECRET SECRET Security Council, 3 December · Pack page 1"
    )


def test_pack_footer_on_every_page_beside_the_briefs_own_footer(duplex_pdf: Path) -> None:
    texts = _texts(duplex_pdf)
    for number, text in enumerate(texts, 1):
        assert f"Pack page {number}" in text
        assert "Security Council, 3 December" in text
    assert "Page 1 of 2" in texts[4]
    assert "Page 2 of 2" in texts[5]
    assert "Page 1 of 1" in texts[6]


def test_metadata_has_pack_title_and_every_briefs_keywords(duplex_pdf: Path) -> None:
    reader = pypdf.PdfReader(duplex_pdf)
    assert reader.metadata is not None
    assert reader.metadata.title == "Security Council, 3 December"
    assert reader.metadata["/Keywords"] == "alpha, shared, beta, gamma"
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_brief_uri_links_still_work(duplex_pdf: Path) -> None:
    reader = pypdf.PdfReader(duplex_pdf)
    uris = [a.get_object()["/A"]["/URI"] for a in reader.pages[2].get("/Annots", [])]
    assert uris == ["https://example.org/alpha"]


def test_each_briefs_cross_references_open_its_own_blocks(tmp_path: Path) -> None:
    # Both briefs have a table called "figures": each one's "Table 1" must open its own.
    table = {"type": "table", "id": "figures", "caption": "Figures", "columns": ["A", "B"], "rows": [["1", "2"]]}
    specs = [
        _write(
            tmp_path,
            f"{name}.yaml",
            title=f"{name.title()} Brief",
            sections=[
                {"heading": "Text", "body": "See [@figures]."},
                {"heading": "Long", "body": LONG_BODY if name == "second" else "Short."},
                {"heading": "Data", "blocks": [table]},
            ],
        )
        for name in ("first", "second")
    ]
    output = tmp_path / "pack.pdf"
    build_pack(_pack(specs), output)
    reader = pypdf.PdfReader(output)
    texts = _texts(output)
    opened = []
    for number, page in enumerate(reader.pages, 1):
        for annotation in page.get("/Annots", []):
            annotation = annotation.get_object()
            if "/Dest" in annotation and number > 2:  # the contents page's links open the briefs
                target = reader.get_page_number(annotation["/Dest"][0].get_object()) + 1
                opened.append((number, target))
    tables = [n for n, text in enumerate(texts, 1) if "Table 1. Figures" in text]
    assert opened == [(3, tables[0]), (5, tables[1])]
    assert tables[1] > 5


def test_rebuild_is_byte_identical(specs: list[Path], tmp_path: Path) -> None:
    build_pack(_pack(specs), tmp_path / "one.pdf")
    build_pack(_pack(specs), tmp_path / "two.pdf")
    assert (tmp_path / "one.pdf").read_bytes() == (tmp_path / "two.pdf").read_bytes()


def test_pack_is_smaller_than_its_briefs_alone(specs: list[Path], duplex_pdf: Path, tmp_path: Path) -> None:
    from briefgen import build

    alone = sum(build(spec, tmp_path / f"{spec.stem}.pdf").output.stat().st_size for spec in specs)
    # One document: each font embedded once for the whole pack, its own pages included.
    assert duplex_pdf.stat().st_size < alone


@pytest.mark.parametrize(
    ("markings", "expected"),
    [
        (["OFFICIAL", "SECRET", "OFFICIAL-SENSITIVE"], "SECRET"),
        (["", "OFFICIAL"], "OFFICIAL"),
        (["SECRET", "TOP SECRET"], "TOP SECRET"),
        (["NATO RESTRICTED", "CONFIDENTIAL"], "CONFIDENTIAL"),
        (["OFFICIAL", "EYES ONLY"], "EYES ONLY"),  # unknown markings are treated as the most restrictive
        (["", ""], ""),
    ],
)
def test_highest_classification(markings: list[str], expected: str) -> None:
    assert highest_classification(markings) == expected


def _in_project(tmp_path: Path, specs: list[Path]) -> list[Path]:
    """Copy the briefs into the project the pack files live in: a pack file may name only specs there."""
    folder = tmp_path / "specs"
    folder.mkdir(parents=True, exist_ok=True)
    for spec in specs:
        (folder / spec.name).write_bytes(spec.read_bytes())
    return [folder / spec.name for spec in specs]


def _pack_file(folder: Path, text: str) -> Path:
    path = folder / "packs" / "meeting.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_pack_file_resolves_specs_against_its_folder(specs: list[Path], tmp_path: Path) -> None:
    specs = _in_project(tmp_path / "project", specs)
    agenda = "".join(f"  - spec: {spec}\n    label: Point {n}\n" for n, spec in enumerate(specs, 1))
    path = _pack_file(tmp_path / "project", f"title: Council\ndate: 2024-12-03\nduplex: false\nagenda:\n{agenda}")
    pack = load_pack(path)
    assert (pack.title, pack.date, pack.duplex) == ("Council", dt.date(2024, 12, 3), False)
    assert [item.label for item in pack.items] == ["Point 1", "Point 2", "Point 3"]
    (tmp_path / "specs").mkdir(exist_ok=True)
    (tmp_path / "specs" / "one.yaml").write_text(specs[0].read_text())
    relative = load_pack(_pack_file(tmp_path, "title: C\nagenda:\n  - spec: ../specs/one.yaml\n"))
    assert relative.items == (AgendaItem(tmp_path / "specs" / "one.yaml", "Item 1", 3, 11, label_given=False),)


def test_bad_pack_file_reports_every_problem_with_line_and_column(tmp_path: Path) -> None:
    path = _pack_file(
        tmp_path,
        "title: Council\ndat: 2024-12-03\nduplex: maybe\nagenda:\n  - spec: a.yaml\n    lable: Item 1\n  - {}\n",
    )
    with pytest.raises(SpecError) as error:
        load_pack(path)
    assert str(error.value).splitlines() == [
        f"{path}:2:1: dat: unknown field 'dat' (did you mean 'date'?)",
        f"{path}:3:9: duplex: expected true or false, got 'maybe'",
        f"{path}:6:5: agenda[0].lable: unknown field 'lable' (did you mean 'label'?)",
        f"{path}:7:5: agenda[1].spec: is required but missing: the brief's spec file, relative to the pack file.",
    ]


def test_empty_agenda_is_an_error(tmp_path: Path) -> None:
    path = _pack_file(tmp_path, "title: Council\nagenda: []\n")
    with pytest.raises(SpecError, match=r"meeting.yaml:2:9: agenda: needs at least 1 item"):
        load_pack(path)


def test_missing_or_broken_spec_names_the_item_and_nothing_is_written(specs: list[Path], tmp_path: Path) -> None:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "alpha.yaml").write_text(specs[0].read_text())
    (tmp_path / "specs" / "broken.yaml").write_text("title: Broken\nkey_points: [a]\nsectons: []\n")
    path = _pack_file(
        tmp_path,
        "title: Council\nagenda:\n"
        "  - spec: ../specs/alpha.yaml\n"
        "  - spec: ../specs/alpah.yaml\n"
        "  - spec: ../specs/broken.yaml\n    label: Item 3a\n",
    )
    output = tmp_path / "out" / "pack.pdf"
    with pytest.raises(PackError) as error:
        build_pack(load_pack(path), output)
    spec_dir = tmp_path / "specs"
    assert str(error.value).splitlines() == [
        f"{path}:4:11: agenda[1].spec: Item 2: there is no spec file {spec_dir / 'alpah.yaml'}"
        f" (did you mean '{spec_dir / 'alpha.yaml'}'?)",
        f"{path}:5:11: agenda[2].spec: Item 3a: the spec {spec_dir / 'broken.yaml'} has errors:",
        f"{spec_dir / 'broken.yaml'}:1:1: sections: is required but missing: the body of the brief (at least one).",
        f"{spec_dir / 'broken.yaml'}:3:1: sectons: unknown field 'sectons' (did you mean 'sections'?)",
    ]
    assert not output.parent.exists()


def test_build_packs_builds_each_pack_and_keeps_going_past_a_bad_one(specs: list[Path], tmp_path: Path) -> None:
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "a-good.yaml").write_text(f"title: Good\nagenda:\n  - spec: {_in_project(tmp_path, specs)[2]}\n")
    (packs / "b-bad.yaml").write_text("title: Bad\nagenda: []\n")
    results = build_packs(packs, tmp_path / "out")
    assert isinstance(results[0], PackResult)
    assert results[0].output == tmp_path / "out" / "a-good.pdf"
    assert results[0].pages == 4
    assert isinstance(results[1], SpecError)


def test_cli_packs_spec_files(specs: list[Path], tmp_path: Path) -> None:
    output = tmp_path / "pack.pdf"
    args = ["pack", *map(str, specs[:2]), "-o", str(output), "--title", "Council", "--no-duplex"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"built {output} (pack of 2 briefs, 5 pages, ")
    assert len(pypdf.PdfReader(output).pages) == 5


def test_cli_needs_a_title_for_spec_files(specs: list[Path]) -> None:
    result = CliRunner().invoke(main, ["pack", str(specs[0])])
    assert result.exit_code == 2
    assert "--title is required when the pack is made from spec files" in result.output


def test_cli_pack_file_error_exits_1(tmp_path: Path) -> None:
    path = _pack_file(tmp_path, "title: Council\nagenda:\n  - spec: missing.yaml\n")
    result = CliRunner().invoke(main, ["pack", str(path), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1
    assert result.output.startswith(f"error: {path}:3:11: agenda[0].spec: Item 1: there is no spec file")
    assert not (tmp_path / "x.pdf").exists()


def test_cli_build_also_builds_the_packs_folder(
    specs: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "gamma.yaml").write_text(specs[2].read_text())
    _pack_file(tmp_path, "title: Council\nagenda:\n  - spec: ../specs/gamma.yaml\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    assert "built output/meeting.pdf (pack of 1 brief, 4 pages" in result.output
    assert (tmp_path / "output" / "gamma.pdf").exists()


def test_example_pack_checks() -> None:
    pack = load_pack(REPO / "packs" / "example-meeting.yaml")
    assert [item.spec.name for item in pack.items] == [
        "russia-north-korea-treaty.yaml",
        "kunming-montreal-biodiversity-framework.yaml",
        "sweden-nato-accession.yaml",
    ]
    assert all(item.spec.is_file() for item in pack.items)


def test_under_marked_pack_warns_and_cover_shows_the_higher_marking(specs: list[Path], tmp_path: Path) -> None:
    result = build_pack(_pack(specs[:2], classification="OFFICIAL"), tmp_path / "pack.pdf")
    assert result.warnings == ("the pack is marked OFFICIAL but a brief in it is SECRET; the cover shows SECRET",)
    assert _texts(tmp_path / "pack.pdf")[0].startswith("MEETING PACK")
    assert "the highest marking of the briefs in this pack SECRET" in _texts(tmp_path / "pack.pdf")[0]


def test_cli_options_override_the_pack_file(specs: list[Path], tmp_path: Path) -> None:
    specs = _in_project(tmp_path, specs)
    path = _pack_file(tmp_path, f"title: Council\nduplex: true\nagenda:\n  - spec: {specs[0]}\n  - spec: {specs[2]}\n")
    output = tmp_path / "pack.pdf"
    result = CliRunner().invoke(main, ["pack", str(path), "-o", str(output), "--no-duplex", "--title", "Board"])
    assert result.exit_code == 0, result.output
    texts = _texts(output)
    assert len(texts) == 4
    assert "Board · Pack page 4" in texts[3]


def test_pack_theme_gives_every_brief_the_same_look(specs: list[Path], simplex_pdf: Path, tmp_path: Path) -> None:
    # The modern theme numbers section headings; the default theme does not.
    output = tmp_path / "modern.pdf"
    build_pack(_pack(specs, theme="modern"), output)
    text = " ".join(_texts(output))
    assert "1. First Alpha Section" in text
    assert "1. Long Beta Section" in text
    assert "1. First Alpha Section" not in " ".join(_texts(simplex_pdf))


def test_pack_theme_sets_the_sizes_of_the_packs_own_pages(specs: list[Path], simplex_pdf: Path, tmp_path: Path) -> None:
    theme = tmp_path / "wide.yaml"
    theme.write_text("pack:\n  label_width: 100\n  contents: {leader_step: 8}\n", encoding="utf-8")
    output = tmp_path / "wide.pdf"
    build_pack(_pack(specs, duplex=False, theme=str(theme)), output)

    def contents(path: Path) -> tuple[float, int]:
        """Return where the first title on the contents starts, and how many leader dots there are."""
        with pdfplumber.open(path) as pdf:
            page = pdf.pages[1]
            title = next(word for word in page.extract_words() if word["text"] == "Alpha")
            return title["x0"], sum(char["text"] == "." for char in page.chars)

    (default_x, default_dots), (wide_x, wide_dots) = contents(simplex_pdf), contents(output)
    assert wide_x - default_x == pytest.approx(100 - 64)
    assert wide_dots < default_dots * 0.6  # the dots twice as far apart, over a leader a little shorter


def test_pack_file_theme_is_validated_and_used(specs: list[Path], tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    folder.mkdir()
    agenda = "".join(f"  - spec: {spec}\n" for spec in _in_project(tmp_path, specs))
    bad = folder / "bad.yaml"
    bad.write_text(f"title: Council\ntheme: modrn\nagenda:\n{agenda}", encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_pack(bad)
    assert [p.describe(bad.name) for p in caught.value.problems] == [
        "bad.yaml:2:8: theme: no built-in theme is called 'modrn' (did you mean 'modern'?), or name a .yaml file"
    ]
    good = folder / "good.yaml"
    good.write_text(f"title: Council\ntheme: modern\nagenda:\n{agenda}", encoding="utf-8")
    output = tmp_path / "good.pdf"
    result = CliRunner().invoke(main, ["pack", str(good), "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert "1. First Alpha Section" in " ".join(_texts(output))


def test_check_validates_a_pack_file_and_the_specs_on_its_agenda(tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    folder.mkdir()
    (tmp_path / "broken.yaml").write_text("title: Broken\nkey_points: [a]\nsectons: []\n", encoding="utf-8")
    pack = folder / "council.yaml"
    pack.write_text("title: Council\nagenda:\n  - spec: ../broken.yaml\n", encoding="utf-8")
    text = CliRunner().invoke(main, ["check", str(pack)])
    assert text.exit_code == 1
    broken = tmp_path / "broken.yaml"
    assert text.stderr.splitlines() == [
        f"error: {pack}:3:11: agenda[0].spec: Item 1: the spec {broken} has errors:",
        f"error: {broken}:1:1: sections: is required but missing: the body of the brief (at least one).",
        f"error: {broken}:3:1: sectons: unknown field 'sectons' (did you mean 'sections'?)",
    ]
    json_output = CliRunner().invoke(main, ["check", "--format", "json", str(pack)])
    problems = json.loads(json_output.stdout)
    assert [(p["file"], p["line"], p["path"]) for p in problems] == [
        (str(pack), 3, "agenda[0].spec"),
        (str(broken), 1, "sections"),
        (str(broken), 3, "sectons"),
    ]


def test_build_accepts_pack_files_among_its_sources(specs: list[Path], tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    folder.mkdir()
    agenda = "".join(f"  - spec: {spec}\n" for spec in _in_project(tmp_path, specs))
    (folder / "council.yaml").write_text(f"title: Council\nagenda:\n{agenda}", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", "--jobs", "1", "-o", str(out), str(folder / "council.yaml"), str(specs[2])]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.glob("*.pdf")) == ["council.pdf", "gamma.pdf"]
    assert "Council" in " ".join(_texts(out / "council.pdf"))


def test_a_pack_file_may_name_specs_only_in_its_project(specs: list[Path], tmp_path: Path) -> None:
    # specs[0] lives in another folder: a pack file that names it would make briefgen read any file it likes.
    path = _pack_file(tmp_path, f"title: Council\nagenda:\n  - spec: {specs[0]}\n")
    with pytest.raises(SpecError) as refused:
        load_pack(path)
    (problem,) = refused.value.problems
    assert (problem.line, problem.column, problem.field) == (3, 11, "agenda[0].spec")
    assert problem.message.startswith(f"'{specs[0]}' is outside the pack's folder and project")
    assert problem.message.endswith("or pass --allow-outside-files if you trust this pack file")
    output = tmp_path / "trusted.pdf"
    result = CliRunner().invoke(main, ["pack", str(path), "-o", str(output), "--allow-outside-files"])
    assert result.exit_code == 0, result.output
    assert "Alpha Brief" in " ".join(_texts(output))
