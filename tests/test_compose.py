"""compose: what goes into the hash that decides whether a PDF is up to date, and what the layout cannot do.

What the layout and ReportLab cannot do becomes a located error or one clear
line (issue 21, item 14); it used to reach the user as "internal error,
please report it": a table row taller than a page (ReportLab's LayoutError),
a theme font damaged deep inside.
"""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
import yaml

from briefgen import compose
from briefgen.compose import BuildOptions, render_spec
from briefgen.errors import RenderError, SpecError
from briefgen.load.spec import load_spec
from briefgen.load.theme_file import default_theme
from briefgen.model import CopyMark
from conftest import REPO, minimal_spec

TOO_TALL_TABLE = {"type": "table", "columns": [f"c{n}" for n in range(30)], "rows": [["x" * 200] * 30]}


def _spec(tmp_path: Path, *blocks: dict[str, object], **overrides: object) -> Path:
    spec = tmp_path / "brief.yaml"
    if blocks:
        overrides["sections"] = [{"heading": "Data", "body": "Text.", "blocks": list(blocks)}]
    spec.write_text(yaml.safe_dump(minimal_spec(**overrides)), encoding="utf-8")
    return spec


def test_a_table_row_taller_than_a_page_is_reported_at_the_row(tmp_path: Path) -> None:
    short = {"type": "table", "columns": ["A", "B"], "rows": [["1", "2"]]}
    spec = _spec(tmp_path, short, TOO_TALL_TABLE)
    with pytest.raises(SpecError) as caught:
        render_spec(spec.read_bytes(), spec, BuildOptions())
    (problem,) = caught.value.problems
    assert problem.field == "sections[0].blocks[1].rows[0]"
    assert (problem.line, problem.column) == (44, 7)
    assert problem.message.startswith("this row is taller than a page can hold (")


def test_a_header_row_taller_than_a_page_is_reported_at_the_columns(tmp_path: Path) -> None:
    table = {"type": "table", "columns": ["y" * 200] * 30, "rows": [["1"] * 30]}
    spec = _spec(tmp_path, table)
    with pytest.raises(SpecError) as caught:
        render_spec(spec.read_bytes(), spec, BuildOptions())
    (problem,) = caught.value.problems
    assert problem.field == "sections[0].blocks[0].columns"
    assert problem.message.startswith("the header row is taller than a page can hold")


@pytest.mark.parametrize("lang", ["zh-Hans", "de", "ru"])
def test_a_table_too_tall_is_located_in_a_brief_in_any_language(tmp_path: Path, lang: str) -> None:
    """The brief prints 表 2 or Tabelle 2: the spec is searched for its second table all the same (was line 1)."""
    short = {"type": "table", "columns": ["A", "B"], "rows": [["1", "2"]]}
    spec = _spec(tmp_path, short, TOO_TALL_TABLE, lang=lang)
    with pytest.raises(SpecError) as caught:
        render_spec(spec.read_bytes(), spec, BuildOptions())
    (problem,) = caught.value.problems
    assert problem.field == "sections[0].blocks[1].rows[0]"
    assert problem.line > 1


def test_a_code_block_of_only_a_joiner_builds(tmp_path: Path) -> None:
    """Found by fuzzing: a line of only characters shaping drops added a font with no glyph, unwritable at save."""
    spec = _spec(tmp_path, {"type": "code", "text": "\u200d"})
    rendered = render_spec(spec.read_bytes(), spec, BuildOptions())
    assert rendered.pdf.pages == 1


def test_a_long_table_of_ordinary_rows_still_builds(tmp_path: Path) -> None:
    table = {"type": "table", "columns": ["Country", "Note"], "rows": [["Sweden", "A longer note. " * 30]] * 60}
    spec = _spec(tmp_path, table)
    rendered = render_spec(spec.read_bytes(), spec, BuildOptions())
    assert rendered.pdf.pages > 2


def test_what_the_layout_did_not_foresee_is_one_line_not_an_internal_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportlab.platypus.doctemplate import LayoutError

    def too_large(*_args: object, **_kwargs: object) -> None:
        raise LayoutError("Flowable <Thing at 0x7f00> too large on page 3 in frame 'body'")

    monkeypatch.setattr("briefgen.pdf.document.draw_pdf", too_large)
    with pytest.raises(RenderError, match=r"^part of the brief is too large for any page \(on page 3\); shorten it"):
        compose.render_brief(load_spec(_spec(tmp_path)), default_theme())


def _odd_postscript_name(font: bytes) -> bytes:
    """Return ``font`` with its Windows PostScript name one byte short: a UTF-16 string ReportLab refuses."""
    count = struct.unpack_from(">H", font, 4)[0]
    tables = {}
    for index in range(count):
        tag, _checksum, offset, _length = struct.unpack_from(">4sIII", font, 12 + 16 * index)
        tables[tag] = offset
    name = tables[b"name"]
    for index in range(struct.unpack_from(">H", font, name + 2)[0]):
        record = name + 6 + 12 * index
        platform, _encoding, _language, name_id, length, _start = struct.unpack_from(">6H", font, record)
        if platform == 3 and name_id == 6:
            return font[: record + 8] + struct.pack(">H", length - 1) + font[record + 10 :]
    raise AssertionError("no Windows PostScript name")


def test_a_font_damaged_past_what_the_loader_reads_fails_on_one_line(tmp_path: Path) -> None:
    (tmp_path / "odd.ttf").write_bytes(_odd_postscript_name((REPO / "assets/fonts/NotoSans-Regular.ttf").read_bytes()))
    (tmp_path / "house.yaml").write_text("fonts:\n  heading:\n    regular: odd.ttf\n", encoding="utf-8")
    spec = _spec(tmp_path, theme="house.yaml")
    with pytest.raises(RenderError) as caught:
        render_spec(spec.read_bytes(), spec, BuildOptions())
    message = str(caught.value)
    assert message.startswith("a font of the theme cannot be used (PostScript name is UTF-16BE string of odd length")
    assert "\n" not in message


def test_a_numbered_copy_is_never_taken_for_the_plain_pdf_or_another_copy() -> None:
    plain = BuildOptions(theme="print")
    copies = [
        BuildOptions(theme="print", copy_mark=mark)
        for mark in (
            CopyMark(7, 20, "J. Smith"),
            CopyMark(7, 20, "J. Smyth"),
            CopyMark(7, 21, "J. Smith"),
            CopyMark(7, 20),
        )
    ]

    fingerprints = {options.fingerprint() for options in [plain, *copies]}

    assert len(fingerprints) == 1 + len(copies)
    # Without a mark nothing is added: PDFs built before numbered copies existed stay up to date.
    assert not any(part.startswith("copy_mark") for part in plain.fingerprint())
