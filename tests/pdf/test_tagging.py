"""The tagged PDF: structure tree, marked content, artifacts and links, read back with pikepdf and poppler."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2
import pytest
from reportlab.platypus import Flowable, Paragraph

from briefgen import build
from briefgen.compose import render_brief
from briefgen.layout.brief import layout_brief
from briefgen.load.spec import load_spec
from briefgen.load.theme_file import default_theme
from briefgen.pdf.document import draw_pdf
from briefgen.pdf.tagging import Element, Tagged, draw_on, tag
from briefgen.style.stylesheet import stylesheet
from conftest import SEED_SPEC, pdf_text
from helpers_blocks import LONG, rich_spec
from helpers_pdfua import check_pdfua, parent_tree, walk


@pytest.fixture
def rich_pdf(write_spec: Callable[..., Path], tmp_path: Path) -> Path:
    return build(write_spec(rich_spec()), tmp_path / "rich.pdf").output


def _elements(path: Path) -> list[tuple[str, str]]:
    """Return (type, Alt) of every structure element in tree order."""
    with pikepdf.open(path) as pdf:
        return [(str(e.S)[1:], str(e.get("/Alt", ""))) for e, _ in walk(pdf.Root.StructTreeRoot)]


def _struct_text(path: Path) -> list[tuple[str, str]]:
    """Return (type, text) per structure element from ``pdfinfo -struct-text``, text folded to words."""
    output = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True, check=True).stdout
    entries: list[tuple[str, str]] = []
    indents: list[int] = []
    for line in output.splitlines():
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if stripped.startswith('"'):
            # Text belongs to the innermost element above it (a paragraph's text resumes after its Link).
            owner = max(i for i, level in enumerate(indents) if level < indent)
            kind, text = entries[owner]
            entries[owner] = (kind, " ".join((text + " " + stripped.strip('"')).split()))
        elif stripped and not stripped.startswith(("/", "Object")):
            entries.append((re.split(r"[ :(]", stripped)[0], ""))
            indents.append(indent)
    return entries


def test_seed_brief_passes_the_pdfua_checker(tmp_path: Path) -> None:
    assert check_pdfua(build(SEED_SPEC, tmp_path / "seed.pdf").output) == []


def test_rich_brief_passes_the_pdfua_checker(rich_pdf: Path) -> None:
    assert check_pdfua(rich_pdf) == []


def test_structure_follows_the_logical_order(rich_pdf: Path) -> None:
    types = [kind for kind, _ in _elements(rich_pdf)]
    # The classification, organisation, title, subtitle, summary with its link, then the key points.
    assert types[:11] == ["Document", "P", "P", "H1", "P", "P", "Link", "Sect", "H2", "L", "LI"]
    headings = [(kind, text) for kind, text in _struct_text(rich_pdf) if kind.startswith("H")]
    assert headings == [
        ("H1", "A Minimal Brief"),
        ("H2", "Key points"),
        ("H2", "Opening"),
        ("H2", "Long"),
        ("H2", "References"),
    ]


def test_pdfinfo_prints_the_text_in_logical_order_with_tags(tmp_path: Path) -> None:
    entries = _struct_text(build(SEED_SPEC, tmp_path / "seed.pdf").output)
    texts = [(kind, text) for kind, text in entries if text]
    # The classification banner as printed on page 1, then the kicker and the title.
    assert texts[0] == ("P", "OFFICIAL")
    assert texts[1] == ("P", "EXAMPLE POLICY UNIT")
    assert texts[2][0] == "H1"
    assert texts[2][1].startswith("Russia and North Korea")
    assert ("H2", "Key points") in texts
    assert ("Lbl", "•") in texts
    kinds = [kind for kind, _ in texts]
    assert kinds.index("H2") < kinds.index("LBody") < kinds.index("H2", kinds.index("LBody"))
    section_headings = [text for kind, text in texts if kind == "H2"]
    assert section_headings == [
        "Key points",
        "The Treaty and Its Provisions",
        "Rising Military Cooperation",
        "Background of Russia-North Korea Relations",
        "Global Implications of the Treaty",
        "Conclusion",
        "References",
    ]
    # Every heading is followed by its paragraph, and the references close the brief.
    for heading in section_headings[1:-1]:
        after = texts[texts.index(("H2", heading)) + 1]
        assert after[0] == "P"
    # A link's text is the content of its Link element, inside the list item's body.
    assert texts[-2:] == [
        ("LBody", "Putin signs mutual defence treaty with North Korea into law. NDTV."),
        ("Link", "https://www.ndtv.com"),
    ]
    # Footers, page numbers and the rule are artifacts, never in the tree.
    assert not any("Page 1 of" in text for _, text in texts)


def test_split_paragraph_is_one_p_on_two_pages(rich_pdf: Path) -> None:
    spread = []
    with pikepdf.open(rich_pdf) as pdf:
        for element, kids in walk(pdf.Root.StructTreeRoot):
            marked = [k.Pg.objgen for k in kids if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/MCR"]
            if element.S == "/P":
                spread.append(len({element.Pg.objgen, *marked}))
    assert max(spread) == 2
    long_paragraphs = [t for kind, t in _struct_text(rich_pdf) if kind == "P" and t.startswith("The treaty binds")]
    assert len(long_paragraphs) == 2


def test_every_link_has_an_objr_on_its_page(rich_pdf: Path) -> None:
    with pikepdf.open(rich_pdf) as pdf:
        tree = parent_tree(pdf.Root.StructTreeRoot)
        annotations = [(page, a) for page in pdf.pages for a in page.obj.get("/Annots", [])]
        assert len(annotations) >= 3
        for page, annotation in annotations:
            assert annotation.F == 4
            assert str(annotation.Contents) == str(annotation.A.URI)
            link = tree[int(annotation.StructParent)]
            assert link.S == "/Link"
            assert any(k.Obj.objgen == annotation.objgen and k.Pg.objgen == page.obj.objgen for k in _objrs(link))
            assert page.obj.Tabs == "/S"


def test_catalog_has_the_entries_of_a_tagged_pdf(tmp_path: Path) -> None:
    with pikepdf.open(build(SEED_SPEC, tmp_path / "seed.pdf").output) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert str(pdf.Root.Lang) == "en"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        with pdf.open_metadata() as meta:
            assert meta["dc:title"] == "Russia and North Korea Sign Mutual Defense Treaty"
            assert meta["pdfuaid:part"] == "1"
        assert all("/Trans" not in page.obj for page in pdf.pages)


class _Chart(Tagged, Flowable):
    """A synthetic figure: a filled square."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return 50, 50

    def draw(self) -> None:
        self.canv.rect(0, 0, 50, 50, fill=1)


def _render_with(extra: list[Flowable], tmp_path: Path) -> Path:
    brief = load_spec(SEED_SPEC)
    laid_out = layout_brief(brief, default_theme())
    assert laid_out.structure is not None
    story = laid_out.story[:3] + extra + laid_out.story[3:]
    path = tmp_path / "extra.pdf"
    path.write_bytes(draw_pdf(story, brief, default_theme(), structure=laid_out.structure).write().data)
    return path


def test_figure_with_alt_passes_and_without_alt_fails(tmp_path: Path) -> None:
    brief = load_spec(SEED_SPEC)
    for alt in ("A black square", ""):
        laid_out = layout_brief(brief, default_theme())
        assert laid_out.structure is not None
        figure = tag(_Chart(), laid_out.structure.child("Figure", alt=alt))
        path = tmp_path / f"figure-{bool(alt)}.pdf"
        path.write_bytes(
            draw_pdf([figure, *laid_out.story], brief, default_theme(), structure=laid_out.structure).write().data
        )
        failures = check_pdfua(path)
        assert failures == ([] if alt else ["13-004: a Figure has no Alt text"])
    figures = [alt for kind, alt in _elements(tmp_path / "figure-True.pdf") if kind == "Figure"]
    assert figures == ["A black square"]


def test_element_outside_the_document_is_refused(tmp_path: Path) -> None:
    stray = tag(_Chart(), Element("Figure", Element("Document"), alt="x"))
    with pytest.raises(ValueError, match="not in the document's structure tree"):
        _render_with([stray], tmp_path)


def test_untagged_content_is_reported(tmp_path: Path) -> None:
    failures = check_pdfua(_render_with([Paragraph("Untagged text", stylesheet(default_theme())["body"])], tmp_path))
    assert "01-005: content (Tj) neither tagged nor marked as Artifact (page 1)" in failures


def test_untagged_build_fails_the_checker(tmp_path: Path) -> None:
    pdf, _ = render_brief(load_spec(SEED_SPEC), default_theme(), tagged=False)
    path = tmp_path / "untagged.pdf"
    path.write_bytes(pdf.data)
    failures = check_pdfua(path)
    assert "01: no StructTreeRoot; the document is not tagged" in failures
    assert "06-002: the XMP metadata does not identify the file as PDF/UA-1" in failures


def test_tagging_does_not_change_how_the_brief_looks(tmp_path: Path) -> None:
    brief = load_spec(SEED_SPEC)
    tagged, _ = render_brief(brief, default_theme())
    plain, _ = render_brief(brief, default_theme(), tagged=False)
    for data_a, data_b in [(tagged.data, plain.data)]:
        doc_a, doc_b = pypdfium2.PdfDocument(data_a), pypdfium2.PdfDocument(data_b)
        assert len(doc_a) == len(doc_b)
        for index in range(len(doc_a)):
            image_a = doc_a[index].render(scale=0.7).to_pil().tobytes()
            image_b = doc_b[index].render(scale=0.7).to_pil().tobytes()
            assert image_a == image_b, f"page {index + 1} differs"
        doc_a.close()
        doc_b.close()


def test_tagged_builds_are_byte_identical(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    spec = write_spec(rich_spec())
    first = build(spec, tmp_path / "a.pdf").output.read_bytes()
    second = build(spec, tmp_path / "b.pdf").output.read_bytes()
    assert first == second


def test_key_points_box_split_over_pages_stays_one_sect(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    points = [f"Point {n}: " + "a long key point that fills the box with text. " * 8 for n in range(14)]
    output = build(write_spec(key_points=points), tmp_path / "box.pdf").output
    assert check_pdfua(output) == []
    entries = _struct_text(output)
    assert [kind for kind, _ in entries].count("Sect") == 2  # the box and the one section
    assert sum(1 for kind, text in entries if kind == "LBody" and text.startswith("Point ")) == 14
    assert "Key points (continued)" in pdf_text(output)  # drawn, as an artifact:
    assert not any("continued" in text for _, text in entries)


def test_newer_types_are_role_mapped(tmp_path: Path) -> None:
    brief = load_spec(SEED_SPEC)
    laid_out = layout_brief(brief, default_theme())
    assert laid_out.structure is not None
    callout = laid_out.structure.child("Aside")
    note = tag(Paragraph("A callout.", stylesheet(default_theme())["body"]), callout.child("P"))
    path = tmp_path / "aside.pdf"
    # A plain Paragraph is not Tagged: its container draws it through draw_on.
    holder = _Holder(note)
    tag(holder, callout)
    path.write_bytes(
        draw_pdf([holder, *laid_out.story], brief, default_theme(), structure=laid_out.structure).write().data
    )
    assert check_pdfua(path) == []
    with pikepdf.open(path) as pdf:
        assert pdf.Root.StructTreeRoot.RoleMap.Aside == "/Sect"


def test_unknown_structure_type_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown structure type 'Callout'"):
        Element("Callout")


class _Holder(Tagged, Flowable):
    """A container drawing a tinted background and one foreign (untagged-class) flowable."""

    def __init__(self, content: Flowable) -> None:
        super().__init__()
        self.content = content

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        _, height = self.content.wrapOn(self.canv, availWidth, availHeight)
        self.width, self.height = availWidth, height
        return availWidth, height

    def draw(self) -> None:
        self.canv.rect(0, 0, self.width, self.height, fill=0)
        draw_on(self.content, self.canv, 0, 0)


def test_table_hook_gives_table_rows_and_header_cells(tmp_path: Path) -> None:
    from reportlab.platypus import Table, TableStyle

    from briefgen.layout.paragraphs import TaggedParagraph

    class TaggedTable(Tagged, Table):
        """How a table flowable joins the tagging: the mixin, and TH/TD elements on its cell paragraphs."""

    brief = load_spec(SEED_SPEC)
    laid_out = layout_brief(brief, default_theme())
    assert laid_out.structure is not None
    body = stylesheet(default_theme())["body"]
    table_element = laid_out.structure.child("Table")
    rows = []
    for index, cells in enumerate([("Year", "Event"), ("2000", "Friendship treaty"), ("2024", "Defence treaty")]):
        row = table_element.child("TR")
        kind = "TH" if index == 0 else "TD"
        attributes = {"O": "Table", "Scope": "Column"} if kind == "TH" else {}
        rows.append([tag(TaggedParagraph(text, body), row.child(kind, attributes=attributes)) for text in cells])
    # ReportLab's Table sets its own default font (unembedded Helvetica) unless FONTNAME says otherwise.
    style = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("FONTNAME", (0, 0), (-1, -1), body.fontName)])
    table = tag(TaggedTable(rows, style=style), table_element)
    path = tmp_path / "table.pdf"
    path.write_bytes(
        draw_pdf([table, *laid_out.story], brief, default_theme(), structure=laid_out.structure).write().data
    )
    assert check_pdfua(path) == []
    # The table element was created last, so it is last in the logical order, wherever it was drawn.
    kinds = [kind for kind, _ in _struct_text(path)]
    assert kinds[kinds.index("Table") :] == ["Table", "TR", "TH", "TH", "TR", "TD", "TD", "TR", "TD", "TD"]
    assert ("TH", "Year") in _struct_text(path)


def test_split_paragraph_with_a_link_keeps_its_text_tagged(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    text = "Read [the treaty](https://example.org/treaty) first. " + LONG + " " + LONG
    output = build(write_spec(sections=[{"heading": "Linked", "body": text}]), tmp_path / "link.pdf").output
    assert len(pikepdf.open(output).pages) >= 2
    assert check_pdfua(output) == []
    entries = _struct_text(output)
    paragraphs = [t for kind, t in entries if kind == "P" and t.startswith("Read first.")]
    assert len(paragraphs) == 1
    assert paragraphs[0].endswith("armed attack.")
    assert ("Link", "the treaty") in entries


def test_link_text_is_the_content_of_its_link_element(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    # A screen reader announces a link by its Link element: the words must be in it, not in the paragraph.
    long_link = "a link whose words are long enough to run over the end of one line and on to the next one"
    text = (
        "Start with [the text](https://example.org/text) and [**strong** words](https://example.org/strong), "
        f"then come back to [the text](https://example.org/text) once more, and follow {_words(12)} "
        f"[{long_link}](https://example.org/long) to the end."
    )
    output = build(write_spec(sections=[{"heading": "Linked", "body": text}]), tmp_path / "links.pdf").output
    assert check_pdfua(output) == []
    entries = _struct_text(output)
    start = entries.index(("H2", "Linked")) + 1
    paragraph = "Start with and , then come back to once more, and follow " + _words(12) + " to the end."
    # pdfinfo joins the lines of a paragraph without a space.
    assert [(kind, text.replace(" ", "")) for kind, text in entries[start : start + 5]] == [
        ("P", paragraph.replace(" ", "")),
        ("Link", "thetext"),
        ("Link", "strongwords"),  # one link, though its words are set in two weights
        ("Link", "thetext"),  # the same address again is a link of its own
        ("Link", long_link.replace(" ", "")),  # over a line break: one Link, with an annotation per line
    ]
    assert entries[start : start + 5][1:3] == [
        ("Link", "the text"),
        ("Link", "strong words"),
    ]
    with pikepdf.open(output) as pdf:
        links = [element for element, _ in walk(pdf.Root.StructTreeRoot) if element.S == "/Link"]
        objrs = [
            [k for k in link.K if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"] for link in links
        ]
        # An annotation per run and per line: the strong words are a run of their own, the long link two lines.
        assert [len(found) for found in objrs[:4]] == [1, 2, 1, 2]
        assert [str(found[0].Obj.A.URI) for found in objrs[:4]] == [
            "https://example.org/text",
            "https://example.org/strong",
            "https://example.org/text",
            "https://example.org/long",
        ]


def test_a_paragraph_that_is_only_a_link_is_its_link_elements_content(
    write_spec: Callable[..., Path], tmp_path: Path
) -> None:
    # ReportLab sets a paragraph of one linked run another way (no start and end of the link to report).
    table = {"type": "table", "columns": ["Source", "Note"], "rows": [["[The treaty](https://example.org/t)", "x"]]}
    output = build(write_spec(sections=[{"heading": "H", "blocks": [table]}]), tmp_path / "cell.pdf").output
    assert check_pdfua(output) == []
    entries = _struct_text(output)
    cell = entries.index(("TD", ""))
    assert entries[cell : cell + 3] == [("TD", ""), ("Link", "The treaty"), ("TD", "x")]


def test_a_link_the_page_breaks_is_one_link_element(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    # Links of three lines each, one after another: the page break falls inside one of them.
    words = " ".join(f"w{n}" for n in range(45))
    body = " ".join(f"Gap {i}. [{words} link{i}](https://example.org/{i})" for i in range(40))
    output = build(write_spec(sections=[{"heading": "H", "body": body}]), tmp_path / "pages.pdf").output
    assert check_pdfua(output) == []
    links = [(kind, text.replace(" ", "")) for kind, text in _struct_text(output) if kind == "Link"]
    assert links == [("Link", (words + f" link{i}").replace(" ", "")) for i in range(40)]
    with pikepdf.open(output) as pdf:
        assert len(pdf.pages) >= 2
        pages_of = [
            {k.Pg.objgen for k in _kids(link) if isinstance(k, pikepdf.Dictionary) and "/Pg" in k} | {link.Pg.objgen}
            for link, _ in walk(pdf.Root.StructTreeRoot)
            if link.S == "/Link"
        ]
        assert sum(len(pages) == 2 for pages in pages_of) == len(pdf.pages) - 1  # one link per page break


def _kids(element: Any) -> list[Any]:
    return list(element.K) if isinstance(element.K, pikepdf.Array) else [element.K]


def _objrs(link: Any) -> list[Any]:
    """Return the annotation references (OBJR) among a Link element's kids."""
    return [k for k in _kids(link) if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"]


def _words(count: int) -> str:
    return " ".join(f"word{n}" for n in range(count))


def test_a_header_row_repeated_on_the_next_page_is_an_artifact(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    table = {
        "type": "table",
        "caption": "A long table",
        "columns": ["Country", "Figure"],
        "rows": [[f"Place {n}", str(n)] for n in range(120)],
    }
    spec = write_spec(sections=[{"heading": "Long", "blocks": [table]}])
    output = build(spec, tmp_path / "long.pdf").output
    assert len(pikepdf.open(output).pages) >= 3
    assert pdf_text(output).count("Country Figure") >= 3  # printed atop every page of the table
    headers = [text for kind, text in _struct_text(output) if kind == "TH"]
    assert headers == ["Country", "Figure"]  # but read once, as the table's own header
    pages = pypdf_pages(output)
    assert all(page.startswith("Table 1 (continued) Country Figure") for page in pages[1:])
    assert [text for kind, text in _struct_text(output) if kind == "Caption"] == ["Table 1. A long table"]
    assert check_pdfua(output) == []


def pypdf_pages(path: Path) -> list[str]:
    import pypdf

    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages]
