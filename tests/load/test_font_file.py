"""A damaged TrueType font a theme names is refused at its field, before ReportLab reads it (issue 21, item 14)."""

from __future__ import annotations

import struct
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from briefgen.cli import main
from briefgen.load.font_file import font_problem
from conftest import REPO, minimal_spec

NOTO = (REPO / "assets" / "fonts" / "NotoSans-Regular.ttf").read_bytes()


def _tables(data: bytes) -> dict[bytes, tuple[int, int, int]]:
    """Return each table's tag: (its directory entry's offset, the table's offset, its length)."""
    count = struct.unpack_from(">H", data, 4)[0]
    entries = {}
    for index in range(count):
        tag, _checksum, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * index)
        entries[tag] = (12 + 16 * index, offset, length)
    return entries


def _with(data: bytes, at: int, value: bytes) -> bytes:
    return data[:at] + value + data[at + len(value) :]


def _table_past_end(data: bytes) -> bytes:
    entry, _offset, _length = _tables(data)[b"glyf"]
    return _with(data, entry + 12, struct.pack(">I", len(data)))


def _renamed(tag: bytes) -> Callable[[bytes], bytes]:
    return lambda data: _with(data, _tables(data)[tag][0], b"zzzz")


def _zero_in(tag: bytes, at: int, size: int = 2) -> Callable[[bytes], bytes]:
    return lambda data: _with(data, _tables(data)[tag][1] + at, b"\0" * size)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda data: data[:4] + b"\x5a" * 2000, "is damaged ("),
        (lambda data: data[: len(data) // 2], "table runs past the end of the file"),
        (_table_past_end, "its 'glyf' table runs past the end of the file"),
        (_renamed(b"cmap"), "it has no 'cmap' table"),
        (_zero_in(b"head", 12, 4), "its 'head' table is not a TrueType font header"),
        (_zero_in(b"head", 18), "its units per em are out of range"),
        (_zero_in(b"hhea", 34), "its 'hhea' table has no horizontal metrics"),
        (_zero_in(b"maxp", 4), "its 'maxp' table counts no glyphs"),
        (_zero_in(b"cmap", 2), "it has no character map briefgen can use"),
    ],
    ids=[
        "garbage after the header",
        "cut in half",
        "table past the end",
        "no cmap",
        "head",
        "units",
        "hhea",
        "maxp",
        "no usable cmap",
    ],
)
def test_a_damaged_font_says_what_is_wrong(tmp_path: Path, damage: Callable[[bytes], bytes], message: str) -> None:
    font = tmp_path / "damaged.ttf"
    font.write_bytes(damage(NOTO))
    found = font_problem(font)
    assert found.startswith("is damaged ("), found
    assert message in found


def test_the_fonts_briefgen_ships_pass() -> None:
    fonts = sorted((REPO / "assets" / "fonts").glob("*.tt[fc]"))
    assert [font_problem(path) for path in fonts] == [""] * len(fonts)


def test_a_theme_naming_a_damaged_font_is_refused_at_the_font_field(tmp_path: Path) -> None:
    (tmp_path / "broken.ttf").write_bytes(NOTO[:4] + b"\x5a" * 4000)
    (tmp_path / "house.yaml").write_text("fonts:\n  body:\n    regular: broken.ttf\n", encoding="utf-8")
    spec = tmp_path / "brief.yaml"
    spec.write_text(yaml.safe_dump(minimal_spec(theme="house.yaml")), encoding="utf-8")
    for args in (["check", str(spec)], ["build", "-o", str(tmp_path / "out"), str(spec)]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1
        assert f"{tmp_path / 'house.yaml'}:3:14: fonts.body.regular: font 'broken.ttf' is damaged (" in result.stderr
        assert "internal error" not in result.stderr
