"""Check a TrueType font file's tables before ReportLab reads them, so that a damaged font is refused at its field.

Input: the real path of a font file a theme names (and the face's index in
a collection). Output: ``""``, or why ReportLab could not use it, written to
follow the font's name. An OpenType CFF face is not ReportLab's to read:
fontTools reads it (``style.font_coverage.read_font_kind``), as it does a
collection's index.

ReportLab reads a font when the first brief using it is laid out, and a
damaged file surfaced then as an internal error with no theme or field
named. This reads what ReportLab relies on, no more: the table directory
(every table inside the file), the tables it reads (``head``, ``hhea``,
``maxp``, ``hmtx``, ``cmap``, ``name``, ``post``, ``loca``, ``glyf``), their
versions and the counts it divides or indexes by, and a character map it
can use. A font that passes and still fails inside ReportLab is reported
by the build as one line naming the file.
"""

from __future__ import annotations

import struct
from pathlib import Path

from briefgen.load.files import NotRegularFileError, read_bounded

MAX_FONT_BYTES = 64 * 1024 * 1024
"""The largest font file a theme may name (the largest Noto TrueType faces are about 20 MB)."""

_REQUIRED = ("head", "hhea", "maxp", "hmtx", "cmap", "name", "post", "loca", "glyf")
_MAX_TABLES = 100


class _DamagedError(ValueError):
    """What is wrong with the font, for the message."""


def font_problem(path: Path, number: int = 0) -> str:
    """Return why ReportLab could not use the TrueType font at ``path`` (face ``number`` of a collection), or ``""``."""
    try:
        data = read_bounded(path, MAX_FONT_BYTES)
    except NotRegularFileError:
        return "is not a regular file (a folder, pipe or device?)"
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    if len(data) > MAX_FONT_BYTES:
        return f"is over the limit of {MAX_FONT_BYTES:,} bytes for a font"
    start = 0
    try:
        if data[:4] == b"ttcf":
            if number >= _ulong(data, 8):
                return ""  # no such face: read_font_kind says which there are
            start = _ulong(data, 12 + 4 * number)
        if data[start : start + 4] == b"OTTO":
            return ""
        if data[start : start + 4] not in (b"\x00\x01\x00\x00", b"true"):
            return "is not a font file: name a TrueType or OpenType font (.ttf, .otf) or a collection (.ttc)"
        _check_tables(data, start)
    except _DamagedError as exc:
        return f"is damaged ({exc}); use another copy of the font"
    except struct.error:
        return "is damaged (a table ends before its data does); use another copy of the font"
    return ""


def _check_tables(data: bytes, start: int = 0) -> None:
    """Check the tables of the face whose table directory starts at ``start`` (a collection's faces share tables)."""
    count = _ushort(data, start + 4)
    if not 1 <= count <= _MAX_TABLES:
        raise _DamagedError(f"its table directory says {count} tables")
    tables: dict[str, tuple[int, int]] = {}
    for index in range(count):
        tag, _checksum, offset, length = struct.unpack_from(">4sIII", data, start + 12 + 16 * index)
        if offset + length > len(data):
            raise _DamagedError(f"its '{tag.decode('latin-1')}' table runs past the end of the file")
        tables[tag.decode("latin-1")] = (offset, length)
    missing = [tag for tag in _REQUIRED if tag not in tables]
    if missing:
        raise _DamagedError(f"it has no '{missing[0]}' table")
    head, _ = tables["head"]
    if _ushort(data, head) != 1 or struct.unpack_from(">I", data, head + 12)[0] != 0x5F0F3CF5:
        raise _DamagedError("its 'head' table is not a TrueType font header")
    if not 16 <= _ushort(data, head + 18) <= 16384:
        raise _DamagedError("its units per em are out of range")
    location_format = _ushort(data, head + 50)
    if location_format not in (0, 1) or _ushort(data, head + 52) != 0:
        raise _DamagedError("its glyph locations are in an unknown format")
    hhea, _ = tables["hhea"]
    metrics = _ushort(data, hhea + 34)
    if _ushort(data, hhea) != 1 or _ushort(data, hhea + 32) != 0 or metrics == 0:
        raise _DamagedError("its 'hhea' table has no horizontal metrics")
    maxp, _ = tables["maxp"]
    glyphs = _ushort(data, maxp + 4)
    if _ushort(data, maxp) != 1 or glyphs == 0 or metrics > glyphs:
        raise _DamagedError("its 'maxp' table counts no glyphs, or fewer than it has metrics for")
    if tables["hmtx"][1] < 4 * metrics + 2 * (glyphs - metrics):
        raise _DamagedError("its 'hmtx' table is shorter than its glyphs need")
    if tables["loca"][1] < (glyphs + 1) * (2 if location_format == 0 else 4):
        raise _DamagedError("its 'loca' table is shorter than its glyphs need")
    if _ushort(data, tables["post"][0]) not in (1, 2, 3, 4):
        raise _DamagedError("its 'post' table is of an unknown version")
    _check_character_map(data, *tables["cmap"])
    _check_names(data, *tables["name"])


def _check_character_map(data: bytes, offset: int, length: int) -> None:
    """Refuse a font without a character map in one of the encodings ReportLab reads."""
    usable = False
    for index in range(_ushort(data, offset + 2)):
        platform, encoding, start = struct.unpack_from(">HHI", data, offset + 4 + 8 * index)
        if start >= length:
            raise _DamagedError("its 'cmap' table points past its end")
        if platform == 3 or (platform == 1 and encoding in (0, 1)) or (platform == 0 and encoding != 5):
            usable = _ushort(data, offset + start) in (0, 2, 4, 6, 8, 10, 12, 13)
    if not usable:
        raise _DamagedError("it has no character map briefgen can use")


def _check_names(data: bytes, offset: int, length: int) -> None:
    """Refuse a font whose 'name' table ReportLab cannot read a PostScript name from."""
    if _ushort(data, offset) != 0:
        raise _DamagedError("its 'name' table is of an unknown format")
    count, strings = _ushort(data, offset + 2), _ushort(data, offset + 4)
    for index in range(count):
        _platform, _encoding, _language, name, size, start = struct.unpack_from(">6H", data, offset + 6 + 12 * index)
        if name == 6 and size and strings + start + size <= length:
            return
    raise _DamagedError("it has no PostScript name")


def _ulong(data: bytes, offset: int) -> int:
    value: int = struct.unpack_from(">I", data, offset)[0]
    return value


def _ushort(data: bytes, offset: int) -> int:
    value: int = struct.unpack_from(">H", data, offset)[0]
    return value
