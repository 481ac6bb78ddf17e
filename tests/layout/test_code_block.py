"""Code blocks read back from the PDF: as written, in order, in the monospace font, wrapped inside their box."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
import pypdf
import pytest

from briefgen import build
from briefgen.layout.code_block import WRAP_INDENT, Row, wrapped
from briefgen.load.theme_file import default_theme
from conftest import minimal_spec
from helpers_blocks import build_blocks, font_names, section, write
from helpers_pdfua import check_pdfua

THEME = default_theme()
LEFT, RIGHT = THEME.margin_left, THEME.page[0] - THEME.margin_right
TOP, BOTTOM = THEME.margin_top, THEME.page[1] - THEME.margin_bottom
MONO = "NotoSansMono-Regular"

PROGRAM = """\
def build(specs):
    for spec in specs:
        print(spec)  # **not bold** <b>raw</b> [no](https://x.org)
    return "done" -- not a dash"""


def fenced(code: str, before: str = "Run it so.", after: str = "Then read it.") -> str:
    return f"{before}\n\n```python\n{code}\n```\n\n{after}"


def build_body(folder: Path, body: str) -> Path:
    """Build a brief whose one section's body is ``body``; return the PDF's path."""
    path = write(folder, minimal_spec(sections=[section(body=body)]))
    return build(path, folder / "brief.pdf").output


def code_rows(pdf: Path) -> list[list[tuple[int, str, float, float]]]:
    """Return each page's printed code rows as (column, text, x1 of the row, top), from the monospace glyphs."""
    pages = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            chars = [c for c in page.chars if c["fontname"].endswith(MONO)]
            rows: dict[float, list[dict[str, Any]]] = {}
            for char in chars:
                rows.setdefault(round(char["top"], 1), []).append(char)
            found = []
            for top in sorted(rows):
                row = sorted(rows[top], key=lambda c: c["x0"])
                advance = row[0]["x1"] - row[0]["x0"]
                box_left = LEFT + THEME.code.padding
                column = round((row[0]["x0"] - box_left) / advance)
                text = ""
                for char in row:  # spaces are not drawn as glyphs by every extractor: rebuild them from positions
                    at = round((char["x0"] - box_left) / advance)
                    text += " " * (at - column - len(text)) + char["text"]
                found.append((column, text, row[-1]["x1"], top))
            pages.append(found)
    return pages


def boxes(pdf: Path) -> list[list[dict[str, Any]]]:
    """Return each page's filled rectangles in the code block's tint."""
    tint = tuple(int(THEME.code_tint[i : i + 2], 16) / 255 for i in (1, 3, 5))
    with pdfplumber.open(pdf) as document:
        return [
            [
                r
                for r in page.rects
                if r["fill"] and all(abs(a - b) < 0.01 for a, b in zip(r["non_stroking_color"], tint, strict=True))
            ]
            for page in document.pages
        ]


def test_fenced_code_prints_as_written_in_order_with_its_indentation(tmp_path: Path) -> None:
    pdf = build_body(tmp_path, fenced(PROGRAM))
    (rows,) = code_rows(pdf)
    assert [" " * column + text for column, text, _, _ in rows] == PROGRAM.split("\n")
    assert MONO in font_names(pdf)
    assert not check_pdfua(pdf)


def test_markup_quotes_and_dashes_are_not_read_inside_code(tmp_path: Path) -> None:
    pdf = build_body(tmp_path, fenced(PROGRAM, before='Prose "quoted" -- dashed.'))
    text = pypdf.PdfReader(pdf).pages[0].extract_text()
    assert "**not bold** <b>raw</b> [no](https://x.org)" in text
    assert '"done" -- not a dash' in text
    assert "\u201cquoted\u201d \u2013 dashed." in text  # the prose around it is still set as prose
    assert "/Annots" not in pypdf.PdfReader(pdf).pages[0]  # no link made of the code's [no](...)
    (top,) = [top for _, text, _, top in code_rows(pdf)[0] if "**not bold**" in text]
    with pdfplumber.open(pdf) as document:
        assert {c["fontname"].split("+")[-1] for c in document.pages[0].chars if abs(c["top"] - top) < 1} == {MONO}


def test_a_long_line_wraps_inside_the_box_without_a_hyphen(tmp_path: Path) -> None:
    address = "https://example.org/" + "/".join(f"part{n}" for n in range(40)) + "/index.html"
    word = "x" * 150
    code = f"    fetch({address!r}, retries=3, timeout=30, verify=True, follow=False)\n{word}"
    pdf = build_body(tmp_path, fenced(code))
    (rows,) = code_rows(pdf)
    assert len(rows) > 4, "both long lines wrapped"
    assert "".join(text for _, text, _, _ in rows) == code.replace("\n", "")
    assert all("\u00ad" not in text for _, text, _, _ in rows)
    continued = [column for column, _, _, _ in rows[1:] if column > 0]
    assert set(continued) == {4 + WRAP_INDENT, WRAP_INDENT}  # each goes on two columns in from its line's indent
    (box,) = boxes(pdf)[0]
    assert box["x0"] >= LEFT - 0.5
    assert box["x1"] <= RIGHT + 0.5
    assert max(x1 for _, _, x1, _ in rows) <= box["x1"] - THEME.code.padding / 2


def test_a_code_block_longer_than_a_page_splits_inside_the_text_area(tmp_path: Path) -> None:
    code = "\n".join(f"line {n:03d} = compute({n})" for n in range(160))
    pdf = build_body(tmp_path, fenced(code))
    pages = code_rows(pdf)
    assert len(pages) >= 3
    assert [text for page in pages for _, text, _, _ in page] == code.split("\n")
    assert all(len(page) >= 2 for page in pages if page), "no lone line on a page"
    for page_boxes in boxes(pdf):
        for box in page_boxes:
            assert box["x0"] >= LEFT - 0.5
            assert box["x1"] <= RIGHT + 0.5
            assert box["top"] >= TOP - 0.5
            assert box["bottom"] <= BOTTOM + 0.5
    assert not check_pdfua(pdf)


def test_code_blocks_and_code_in_callouts_print(tmp_path: Path) -> None:
    pdf = build_blocks(
        tmp_path,
        {"type": "code", "language": "yaml", "text": "key:\n\tvalue: 1"},
        {"type": "callout", "title": "Try it", "body": "Type this:\n\n```\nbriefgen check specs/\n```"},
    )
    rows = [row for page in code_rows(pdf) for row in page]
    assert [text for _, text, _, _ in rows] == ["key:", "    value: 1", "briefgen check specs/"]  # tab to 4
    assert not check_pdfua(pdf)


def test_a_brief_without_code_embeds_no_monospace_font(tmp_path: Path) -> None:
    assert MONO not in font_names(build_body(tmp_path, "Only prose."))


def test_code_is_tagged_as_code_with_its_lines_as_actual_text(tmp_path: Path) -> None:
    import pikepdf

    pdf = build_body(tmp_path, fenced(PROGRAM))
    with pikepdf.open(pdf) as document:
        found = []

        def visit(node: Any) -> None:
            if isinstance(node, pikepdf.Dictionary) and node.get("/S") == "/Code":
                found.append(node)
            for kid in node.get("/K", []) if isinstance(node, pikepdf.Dictionary) else []:
                if isinstance(kid, pikepdf.Dictionary):
                    visit(kid)

        visit(document.Root.StructTreeRoot)
        (code,) = found
        assert str(code.ActualText) == PROGRAM
        assert code.P.S == "/P"


def test_links_in_code_are_not_checked_as_links(tmp_path: Path) -> None:
    from briefgen.load.spec import load_spec

    body = fenced("see [here](javascript:alert(1)) and [x](#nowhere)")
    brief = load_spec(write(tmp_path, {"title": "T", "key_points": ["P."], "sections": [section(body=body)]}))
    code = brief.sections[0].blocks[1]
    assert code.text == "see [here](javascript:alert(1)) and [x](#nowhere)"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("line", "columns", "expected"),
    [
        ("short", 10, [Row("short", 0, False)]),
        ("alpha beta gamma", 10, [Row("alpha beta ", 0, False), Row("gamma", 2, True)]),  # a space may hang
        ("    deep code here", 12, [Row("    deep ", 0, False), Row("code ", 6, True), Row("here", 6, True)]),
        ("a/bb/ccc/dddd/eeeee", 10, [Row("a/bb/ccc/", 0, False), Row("dddd/", 2, True), Row("eeeee", 2, True)]),
        ("abcdefghijklmnop", 10, [Row("abcdefghij", 0, False), Row("klmnop", 2, True)]),
        ("ab 中文字符", 6, [Row("ab 中", 0, False), Row("文字", 2, True), Row("符", 2, True)]),  # wide: 2 columns
        ("x 中文，好", 6, [Row("x 中", 0, False), Row("文，", 2, True), Row("好", 2, True)]),  # never "，" first
    ],
)
def test_wrapped_breaks_after_a_space_then_a_mark_then_anywhere(line: str, columns: int, expected: list[Row]) -> None:
    assert wrapped([line], columns) == expected


def test_fences_open_close_and_run_to_the_end_of_the_body() -> None:
    from briefgen import model
    from briefgen.load.body import parse_body

    body = "Before.\n  ```js\n  let a = 1;\n      indented();\n  ```\nAfter.\n\n````\nopen ``` inside\nto the end"
    blocks = parse_body(body)
    assert blocks == (
        model.Paragraph("Before."),
        model.Code("let a = 1;\n    indented();", "js"),  # the fence's own indentation comes off
        model.Paragraph("After."),
        model.Code("open ``` inside\nto the end"),  # a shorter fence does not close it; the body's end does
    )


@pytest.mark.parametrize(
    ("body", "where", "words"),
    [
        # Found by fuzzing: the sentence after the backticks was taken for the code's language and lost.
        ('"``` The treaty enters into force on ratification."', (5, 16), "'The treaty enters into force"),
        ("|\n      Intro.\n\n      ```python print(1)\n      x = 1\n      ```", (8, 10), "'python print(1)'"),
    ],
    ids=["prose after the fence", "code after the language"],
)
def test_words_after_a_fences_language_are_one_located_error(
    tmp_path: Path, body: str, where: tuple[int, int], words: str
) -> None:
    from briefgen.errors import SpecError
    from briefgen.load.spec import load_spec

    path = tmp_path / "brief.yaml"
    path.write_text(f"title: T\nkey_points: [k]\nsections:\n  - heading: H\n    body: {body}\n", encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    (problem,) = caught.value.problems
    message = problem.describe("brief.yaml")
    assert (problem.line, problem.column) == where, message
    assert words in message, message
    assert "start the code on the next line" in message, message
    # Inside a block, a line of backticks and words is code like any other line.
    inner = "```\n``` not a fence here\n```"
    assert load_spec(write(tmp_path, minimal_spec(sections=[section(body=inner)]), "inner.yaml"))


def test_a_bad_link_in_prose_beside_code_is_still_reported(tmp_path: Path) -> None:
    from briefgen.errors import SpecError
    from briefgen.load.spec import load_spec

    body = "See [this](javascript:alert(1)).\n\n```\n[fine](javascript:x)\n```"
    path = write(tmp_path, minimal_spec(sections=[section(body=body)]))
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    (problem,) = caught.value.problems
    assert problem.describe("brief.yaml").startswith("brief.yaml:")
    assert "javascript" in problem.describe("brief.yaml") or "link" in problem.describe("brief.yaml")


def test_code_in_other_scripts_is_drawn_by_the_fallback_fonts_inside_the_box(tmp_path: Path) -> None:
    code = (
        "x = 1  # 注释：中文说明，一行很长的注释会在代码框里换行而不会超出边界，也不会加连字符\n"
        "y = 'привет'  # Кириллица\nz = 'שלום'"
    )
    pdf = build_body(tmp_path, fenced(code))
    text = pypdf.PdfReader(pdf).pages[0].extract_text()
    assert "привет" in text
    assert "Кириллица" in text
    assert "注释" in text
    assert any("CJK" in name for name in font_names(pdf))
    with pdfplumber.open(pdf) as document:
        chars = [c for c in document.pages[0].chars if c["text"] in "注释中文超出边界"]
        assert chars
        assert all(c["x0"] >= LEFT - 0.5 and c["x1"] <= RIGHT - THEME.code.padding / 2 for c in chars)
    assert not check_pdfua(pdf)


def test_code_in_a_right_to_left_brief_is_set_left_to_right(tmp_path: Path) -> None:
    body = "النص قبل الشيفرة.\n\n```\nfor item in items:\n    print(item)\n```"
    path = write(tmp_path, minimal_spec(lang="ar", title="موجز", key_points=["نقطة."], sections=[section(body=body)]))
    pdf = build(path, tmp_path / "brief.pdf").output
    (rows,) = code_rows(pdf)
    assert [" " * column + text for column, text, _, _ in rows] == ["for item in items:", "    print(item)"]
    assert not check_pdfua(pdf)


def test_code_no_font_can_draw_is_refused_where_the_spec_has_it(tmp_path: Path) -> None:
    from briefgen.errors import SpecError

    path = write(tmp_path, minimal_spec(sections=[section(body=fenced("x = 'สวัสดี'"))]))
    with pytest.raises(SpecError) as caught:
        build(path, tmp_path / "brief.pdf")
    (problem,) = caught.value.problems
    assert "no font for 'ส' U+0E2A (Thai)" in problem.describe("brief.yaml")
