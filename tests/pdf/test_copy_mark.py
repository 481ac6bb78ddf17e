"""A numbered copy's mark: in the footer of every page, read by screen readers, and the only difference between copies.

Read back with pypdf (each page's text), pdfplumber (where the mark sits),
pikepdf (the structure tree) and helpers_pdfua.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf
import pypdf
import pytest

from briefgen.compose import BuildOptions, render_spec
from briefgen.errors import RenderError
from briefgen.model import CopyMark
from briefgen.pdf import tagging
from briefgen.pdf.copy_mark import copy_marking
from briefgen.text.labels import labels_for
from helpers_pdfua import check_pdfua

LONG_BODY = "\n\n".join(["A paragraph that runs on for a while, to fill the pages of the brief. " * 10] * 20)
MARK = CopyMark(7, 20, "J. Smith")


def _render(spec: Path, path: Path, **options: Any) -> Path:
    path.write_bytes(render_spec(spec.read_bytes(), spec, BuildOptions(**options)).pdf.data)
    return path


def _page_texts(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in pypdf.PdfReader(path).pages]


@pytest.fixture
def long_spec(write_spec: Callable[..., Path]) -> Path:
    return write_spec(
        classification="OFFICIAL", sections=[{"heading": "Long", "body": LONG_BODY}, {"heading": "End", "body": "A."}]
    )


def test_every_page_carries_the_mark_below_the_footer(long_spec: Path, tmp_path: Path) -> None:
    copy = _render(long_spec, tmp_path / "copy.pdf", copy_mark=MARK)

    with pdfplumber.open(copy) as pdf:
        assert len(pdf.pages) >= 3
        for page in pdf.pages:
            marks = page.search("Copy 7 of 20 – J. Smith", regex=False)
            (number,) = page.search(f"Page {page.page_number} of {len(pdf.pages)}", regex=False)
            (banner,) = [found for found in page.search("OFFICIAL", regex=False) if found["top"] > number["top"]]
            assert len(marks) == 1, page.page_number
            # On the footer's second line, with the bottom banner, at the text's left edge and clear of the banner.
            assert marks[0]["top"] > number["bottom"]
            assert marks[0]["top"] == pytest.approx(banner["top"], abs=1)
            assert marks[0]["x0"] == pytest.approx(min(char["x0"] for char in page.chars), abs=0.5)
            assert marks[0]["x1"] < banner["x0"]


def test_copies_differ_from_the_plain_pdf_and_each_other_only_in_the_mark(long_spec: Path, tmp_path: Path) -> None:
    plain = _page_texts(_render(long_spec, tmp_path / "plain.pdf"))
    seventh = _page_texts(_render(long_spec, tmp_path / "seventh.pdf", copy_mark=MARK))
    eighth = _page_texts(_render(long_spec, tmp_path / "eighth.pdf", copy_mark=CopyMark(8, 20, "A. Jones")))

    assert len(plain) == len(seventh) == len(eighth)
    for page, (alone, copy_7, copy_8) in enumerate(zip(plain, seventh, eighth, strict=True), 1):
        assert copy_7.splitlines()[-1] == "Copy 7 of 20 – J. Smith", page
        assert copy_8.splitlines()[-1] == "Copy 8 of 20 – A. Jones", page
        assert copy_7.splitlines()[:-1] == copy_8.splitlines()[:-1] == alone.splitlines(), page


def test_the_same_mark_gives_the_same_bytes(long_spec: Path, tmp_path: Path) -> None:
    first = _render(long_spec, tmp_path / "first.pdf", copy_mark=MARK).read_bytes()
    again = _render(long_spec, tmp_path / "again.pdf", copy_mark=MARK).read_bytes()
    other = _render(long_spec, tmp_path / "other.pdf", copy_mark=CopyMark(7, 20, "J. Smyth")).read_bytes()

    assert first == again
    assert first != other


def _mark_elements(pdf: pikepdf.Pdf) -> list[tuple[Any, Any]]:
    """Return each element holding a copy's mark (it has ActualText) and the element it opens."""
    found = []
    pending = [pdf.Root.StructTreeRoot.K[0]]
    while pending:
        element = pending.pop()
        kids = [kid for kid in element.K if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]
        if kids and "/ActualText" in kids[0]:
            found.append((kids[0], element))
        pending += kids
    return found


def _pages_of(element: Any) -> set[int]:
    """Return the object numbers of the pages ``element``'s marked content is on."""
    pages = set()
    for kid in element.K:
        page = kid.Pg if isinstance(kid, pikepdf.Dictionary) else element.Pg
        pages.add(page.objgen[0])
    return pages


def test_the_mark_is_read_once_first_and_is_content_of_every_page(long_spec: Path, tmp_path: Path) -> None:
    copy = _render(long_spec, tmp_path / "copy.pdf", copy_mark=MARK)

    assert check_pdfua(copy) == []
    with pikepdf.open(copy) as pdf:
        ((mark, parent),) = _mark_elements(pdf)
        assert str(parent.S) == "/Document"
        assert (str(mark.S), str(mark.ActualText)) == ("/P", "Copy 7 of 20 – J. Smith")
        assert "/Lang" not in mark  # the brief is in English, as the mark is
        assert _pages_of(mark) == {page.objgen[0] for page in pdf.pages}


def test_the_mark_is_written_in_the_language_of_its_pages() -> None:
    for lang, expected in (
        ("en-GB", "Copy 7 of 20 – J. Smith"),
        ("fr", "Exemplaire 7 sur 20 – J. Smith"),
        ("ru", "Экземпляр 7 из 20 – J. Smith"),
        ("zh", "第7份，共20份 – J. Smith"),
    ):
        document = tagging.Element("Document")
        marking = copy_marking(MARK, document, labels_for(lang))
        assert document.kids[0] is marking.element
        assert marking.element is not None
        assert (marking.element.actual_text, marking.element.lang, marking.text) == (expected, "", expected)
    assert copy_marking(MARK, None).element is None  # an untagged PDF
    assert copy_marking(MARK, None).text == "Copy 7 of 20 – J. Smith"


def test_a_long_name_is_set_smaller_rather_than_cut(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    name = "Dr M. Featherstonehaugh-Cholmondeley"
    spec = write_spec(classification="OFFICIAL-SENSITIVE")
    copy = _render(spec, tmp_path / "copy.pdf", copy_mark=CopyMark(1, 2, name))

    with pdfplumber.open(copy) as pdf:
        page = pdf.pages[0]
        assert f"Copy 1 of 2 – {name}" in page.extract_text()
        mark_chars = [char for char in page.chars if char["text"] == "D" and char["top"] > page.height - 40]
        banner = min(word["x0"] for word in page.extract_words() if word["text"] == "OFFICIAL-SENSITIVE")
        assert 5 <= mark_chars[0]["size"] < 7.5  # smaller, not below the theme's smallest_size
        assert max(char["x1"] for char in page.chars if char["top"] == mark_chars[0]["top"]) < banner


def _opacities(page: Any) -> set[float]:
    states = page["/Resources"].get("/ExtGState", {})
    return {float(state.get_object()["/ca"]) for state in states.values() if "/ca" in state.get_object()}


def test_the_name_goes_across_the_page_only_when_the_theme_asks(
    write_spec: Callable[..., Path], tmp_path: Path
) -> None:
    spec = write_spec(status="draft")
    theme = tmp_path / "named.yaml"
    theme.write_text("name: named\nfurniture:\n  copy_mark: {watermark: true}\n", encoding="utf-8")

    plain = _render(spec, tmp_path / "plain.pdf", copy_mark=MARK)
    named = _render(spec, tmp_path / "named.pdf", copy_mark=MARK, theme=str(theme))

    assert _opacities(pypdf.PdfReader(plain).pages[0]) == {0.22}  # the DRAFT watermark alone
    assert _opacities(pypdf.PdfReader(named).pages[0]) == {0.22, 0.15}
    with pdfplumber.open(named) as pdf:
        slanted = "".join(char["text"] for char in pdf.pages[0].chars if char["matrix"][1])
        assert slanted == "DRAFTJ. Smith"  # the name below DRAFT
    # Decoration, like the DRAFT across the page: the tree holds the footer's mark only.
    assert check_pdfua(named) == []
    with pikepdf.open(named) as pdf:
        assert len(_mark_elements(pdf)) == 1


def test_a_name_that_would_be_set_below_the_smallest_size_is_refused(
    write_spec: Callable[..., Path], tmp_path: Path
) -> None:
    """An 80-character name beside a long banner would be 2.9 pt: unreadable, so it is refused, with what fits."""
    name = "Dr Maximiliana Wilhelmina Featherstonehaugh-Cholmondeley, Deputy Permanent Secretary"[:80]
    spec = write_spec(classification="OFFICIAL-SENSITIVE")
    mark = CopyMark(2, 3, name, "names.txt:2:1")
    with pytest.raises(RenderError) as raised:
        render_spec(spec.read_bytes(), spec, BuildOptions(copy_mark=mark))
    message = str(raised.value)
    assert message.startswith("names.txt:2:1: copy 2 of 3: the name 'Dr Maximiliana")
    assert "beside the banner 'OFFICIAL-SENSITIVE'" in message
    fits = int(message.rsplit("shorten it to ", 1)[1].split()[0])
    # What the message says fits does fit: that many characters are set at 5 pt or more.
    copy = _render(spec, tmp_path / "copy.pdf", copy_mark=CopyMark(2, 3, name[:fits]))
    with pdfplumber.open(copy) as pdf:
        page = pdf.pages[0]
        sizes = {round(char["size"], 2) for char in page.chars if char["top"] > page.height - 30}
    assert name[:fits] in (page.extract_text() or "")
    assert min(sizes) >= 5
