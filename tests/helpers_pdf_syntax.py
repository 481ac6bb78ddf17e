"""A checker of a PDF's raw bytes against the syntax rules of ISO 19005-2 (PDF/A-2) clause 6.1.

``check_syntax(data)`` returns every finding as a ``Finding(rule, offset,
message)``; an empty list means every rule below holds. It uses no PDF
library: pikepdf (qpdf), pypdf and ReportLab all smooth over exactly the
byte-level details these rules are about. Rule ids are veraPDF's for PDF/A-2b
(clause-test):

- 6.1.2-1/-2: ``%PDF-1.n`` at byte 0 then an EOL; the next line is ``%`` and
  four bytes above 127.
- 6.1.3-1/-2/-3: the last trailer has ``/ID``; no ``/Encrypt``; nothing after
  the last ``%%EOF`` but one EOL.
- 6.1.4-1/-2: a cross-reference subsection header is two numbers and one
  space; ``xref`` is followed by exactly one EOL.
- 6.1.6-1/-2: hex strings have an even number of hex digits and nothing else.
- 6.1.7.1-1/-2/-3: ``/Length`` is the data's length; ``stream`` is followed by
  CRLF or LF and ``endstream`` preceded by an EOL of its own (not counted in
  ``/Length``, even when the data ends in a line feed); no ``/F``,
  ``/FFilter``, ``/FDecodeParms``.
- 6.1.7.2-1 and 6.1.10-1: standard filters only, never LZW (in inline images too).
- 6.1.8-1: names are UTF-8.
- 6.1.9-1: ``N G obj`` with single spaces, EOLs around ``obj`` and ``endobj``.
- 6.1.13: integers within 32 bits, reals within 3.403e38, strings of at most
  32,767 bytes, names of at most 127, at most 8,388,607 objects, ``q`` nested
  at most 28 deep (in decoded page and form content), page boxes from 3 to
  14,400 units.
- From ISO 32000-1 (7.5.4, 7.5.5): cross-reference entries are 20 bytes and
  point at their objects; ``startxref`` points at ``xref``.

Not covered: cross-reference and object streams (ReportLab writes neither),
linearization, and every rule outside clause 6.1.
"""

from __future__ import annotations

import base64
import re
import zlib
from dataclasses import dataclass
from typing import Any

WHITESPACE = b"\x00\t\n\x0c\r "
DELIMITERS = b"()<>[]{}/%"
STANDARD_FILTERS = frozenset(
    [
        "ASCIIHexDecode",
        "ASCII85Decode",
        "FlateDecode",
        "RunLengthDecode",
        "CCITTFaxDecode",
        "JBIG2Decode",
        "DCTDecode",
        "JPXDecode",
        "AHx",
        "A85",
        "Fl",
        "RL",
        "CCF",
        "DCT",
    ]
)
OBJECT_HEADER = re.compile(rb"(\d+)([\x00\t\n\x0c\r ]+)(\d+)([\x00\t\n\x0c\r ]+)obj")
INTEGER = re.compile(rb"[+-]?\d+")
REAL = re.compile(rb"[+-]?(\d+\.\d*|\.\d+)")
PAGE_BOXES = ("MediaBox", "CropBox", "BleedBox", "TrimBox", "ArtBox")


@dataclass(frozen=True)
class Finding:
    """A rule broken at a byte offset."""

    rule: str
    offset: int
    message: str


@dataclass(frozen=True)
class Name:
    value: str


@dataclass(frozen=True)
class Ref:
    number: int


@dataclass(frozen=True)
class Keyword:
    value: bytes


@dataclass(frozen=True)
class HexOrLiteral:
    value: bytes


class ParseError(Exception):
    """The bytes are not a PDF this checker can read."""

    def __init__(self, offset: int, message: str) -> None:
        super().__init__(f"byte {offset}: {message}")
        self.offset = offset


def eol_before(data: bytes, pos: int) -> int:
    """Return the length of the EOL marker (CRLF, LF or CR) ending at ``pos``, 0 if none."""
    if data[pos - 2 : pos] == b"\r\n":
        return 2
    return 1 if pos >= 1 and data[pos - 1] in b"\r\n" else 0


def eol_after(data: bytes, pos: int) -> int:
    """Return the length of the EOL marker starting at ``pos``, 0 if none."""
    if data.startswith(b"\r\n", pos):
        return 2
    return 1 if pos < len(data) and data[pos] in b"\r\n" else 0


class Lexer:
    """Reads PDF objects, reporting the limits and encodings of clause 6.1 as it goes."""

    def __init__(self, data: bytes, findings: list[Finding]) -> None:
        self.data = data
        self.findings = findings

    def add(self, rule: str, offset: int, message: str) -> None:
        self.findings.append(Finding(rule, offset, message))

    def skip_space(self, pos: int) -> int:
        data = self.data
        while pos < len(data):
            if data[pos] in WHITESPACE:
                pos += 1
            elif data[pos] == 0x25:  # a comment runs to the end of its line
                while pos < len(data) and data[pos] not in b"\r\n":
                    pos += 1
            else:
                break
        return pos

    def regular_run(self, pos: int) -> int:
        data = self.data
        while pos < len(data) and data[pos] not in WHITESPACE and data[pos] not in DELIMITERS:
            pos += 1
        return pos

    def parse(self, pos: int) -> tuple[Any, int]:
        """Return the object at or after ``pos`` (``N G R`` read as one reference) and where it ends."""
        value, end = self.parse_simple(self.skip_space(pos))
        if type(value) is int:
            second = INTEGER.match(self.data, self.skip_space(end))
            if second:
                after = self.skip_space(second.end())
                following = self.data[after + 1 : after + 2]
                if self.data[after : after + 1] == b"R" and (not following or following in WHITESPACE + DELIMITERS):
                    return Ref(value), after + 1
        return value, end

    def parse_simple(self, pos: int) -> tuple[Any, int]:
        data = self.data
        if pos >= len(data):
            raise ParseError(pos, "unexpected end of file")
        if data[pos] == 0x2F:
            return self.parse_name(pos)
        if data[pos] == 0x28:
            return self.parse_literal_string(pos)
        if data.startswith(b"<<", pos):
            return self.parse_dictionary(pos)
        if data[pos] == 0x3C:
            return self.parse_hex_string(pos)
        if data[pos] == 0x5B:
            items, pos = [], pos + 1
            while (pos := self.skip_space(pos)) < len(data) and data[pos] != 0x5D:
                item, pos = self.parse(pos)
                items.append(item)
            return items, pos + 1
        end = self.regular_run(pos)
        if end == pos:
            raise ParseError(pos, f"unexpected byte {data[pos : pos + 1]!r}")
        token = data[pos:end]
        if INTEGER.fullmatch(token):
            if not -(2**31) <= int(token) <= 2**31 - 1:
                self.add("6.1.13-1", pos, f"integer {int(token)} outside [-2^31, 2^31-1]")
            return int(token), end
        if REAL.fullmatch(token):
            if abs(float(token)) > 3.403e38:
                self.add("6.1.13-2", pos, f"real {token.decode()} above 3.403e38 in magnitude")
            return float(token), end
        return {b"true": True, b"false": False, b"null": None}.get(token, Keyword(token)), end

    def parse_name(self, pos: int) -> tuple[Name, int]:
        end = self.regular_run(pos + 1)
        raw = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), self.data[pos + 1 : end])
        if len(raw) > 127:
            self.add("6.1.13-4", pos, f"name of {len(raw)} bytes (limit 127)")
        try:
            return Name(raw.decode("utf-8")), end
        except UnicodeDecodeError:
            self.add("6.1.8-1", pos, f"name /{raw.decode('latin-1')} is not valid UTF-8")
            return Name(raw.decode("latin-1")), end

    def parse_literal_string(self, start: int) -> tuple[HexOrLiteral, int]:
        data, depth, pos, out = self.data, 0, start + 1, bytearray()
        escapes = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"(": b"(", b")": b")"}
        while pos < len(data):
            byte = data[pos]
            if byte == 0x5C:  # a backslash escape
                escape = data[pos + 1 : pos + 2]
                octal = re.compile(rb"[0-7]{1,3}").match(data, pos + 1)
                if octal:
                    out.append(int(octal.group(0), 8) & 0xFF)
                    pos = octal.end()
                    continue
                if escape in escapes or escape == b"\\":
                    out += escapes.get(escape, b"\\")
                    pos += 2
                elif escape in (b"\r", b"\n"):  # a line continued: the EOL is not part of the string
                    pos += 2 + (escape == b"\r" and data[pos + 2 : pos + 3] == b"\n")
                else:  # an unknown escape: the backslash is ignored
                    pos += 1
                continue
            depth += (byte == 0x28) - (byte == 0x29)
            if depth < 0:
                if len(out) > 32767:
                    self.add("6.1.13-3", start, f"string of {len(out)} bytes (limit 32767)")
                return HexOrLiteral(bytes(out)), pos + 1
            out.append(byte)
            pos += 1
        raise ParseError(start, "unterminated literal string")

    def parse_hex_string(self, pos: int) -> tuple[HexOrLiteral, int]:
        end = self.data.find(b">", pos + 1)
        if end < 0:
            raise ParseError(pos, "unterminated hex string")
        digits = bytes(b for b in self.data[pos + 1 : end] if b not in WHITESPACE)
        if not re.fullmatch(rb"[0-9A-Fa-f]*", digits):
            self.add("6.1.6-2", pos, "hex string holds bytes other than hex digits and white-space")
            digits = re.sub(rb"[^0-9A-Fa-f]", b"", digits)
        if len(digits) % 2:
            self.add("6.1.6-1", pos, f"hex string with an odd number ({len(digits)}) of hex digits")
            digits += b"0"
        if len(digits) // 2 > 32767:
            self.add("6.1.13-3", pos, f"string of {len(digits) // 2} bytes (limit 32767)")
        return HexOrLiteral(bytes.fromhex(digits.decode())), end + 1

    def parse_dictionary(self, start: int) -> tuple[dict[str, Any], int]:
        entries: dict[str, Any] = {}
        pos = start + 2
        while not self.data.startswith(b">>", pos := self.skip_space(pos)):
            if pos >= len(self.data) or self.data[pos] != 0x2F:
                raise ParseError(pos, f"dictionary at {start}: expected a name key")
            key, pos = self.parse_name(pos)
            entries[key.value], pos = self.parse(pos)
        return entries, pos + 2


@dataclass
class Stream:
    dictionary: dict[str, Any]
    start: int
    end: int  # where the bytes a correct /Length counts end


class Checker:
    """Walks a file from its header: objects, cross-reference sections and trailers, in order."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.findings: list[Finding] = []
        self.lexer = Lexer(data, self.findings)
        self.offsets: dict[int, int] = {}  # object number: offset, from the cross-reference tables
        self.objects: dict[int, Any] = {}
        self.streams: dict[int, Stream] = {}
        self.trailers: list[tuple[int, dict[str, Any]]] = []

    def add(self, rule: str, offset: int, message: str) -> None:
        self.findings.append(Finding(rule, offset, message))

    def run(self) -> list[Finding]:
        self.check_header()
        self.check_end_of_file()
        self.scan_body()
        self.check_trailers()
        self.check_pages_and_content()
        if len(self.objects) > 8_388_607:
            self.add("6.1.13-7", 0, f"{len(self.objects)} indirect objects (limit 8388607)")
        return self.findings

    def check_header(self) -> None:
        header = re.compile(rb"%PDF-1\.[0-7]").match(self.data)
        if not header:
            self.add("6.1.2-1", 0, f"the file does not start with %PDF-1.n (n 0..7): {self.data[:9]!r}")
            return
        eol = eol_after(self.data, header.end())
        if not eol:
            self.add("6.1.2-1", header.end(), "the header is not followed by an EOL")
        comment = self.data[header.end() + eol : header.end() + eol + 5]
        if len(comment) < 5 or comment[0] != 0x25 or any(byte <= 127 for byte in comment[1:]):
            self.add("6.1.2-2", header.end() + eol, f"the second line is not % and four bytes > 127: {comment!r}")

    def check_end_of_file(self) -> None:
        last = self.data.rfind(b"%%EOF")
        if last < 0:
            self.add("6.1.3-3", len(self.data), "no %%EOF")
        elif self.data[last + 5 :] not in (b"", b"\n", b"\r", b"\r\n"):
            self.add("6.1.3-3", last + 5, f"bytes after the last %%EOF: {self.data[last + 5 : last + 25]!r}")

    def scan_body(self) -> None:
        data, lexer = self.data, self.lexer
        end = data.rfind(b"%%EOF") if b"%%EOF" in data else len(data)
        pos = lexer.skip_space(0)  # the header and its binary line are comments
        while pos < end:
            if data.startswith(b"xref", pos):
                pos = self.parse_xref(pos)
            elif data.startswith(b"trailer", pos):
                trailer, pos = lexer.parse(pos + 7)
                self.trailers.append((pos, trailer))
            elif data.startswith(b"startxref", pos):
                value, pos = lexer.parse(pos + 9)
                if not data.startswith(b"xref", value):
                    self.add("ISO32000-7.5.5", pos, f"startxref {value} does not point at 'xref'")
            elif OBJECT_HEADER.match(data, pos):
                pos = self.parse_object(pos)
            else:
                raise ParseError(pos, f"unexpected {data[pos : pos + 20]!r} at the top level")
            pos = lexer.skip_space(pos)

    def parse_xref(self, pos: int) -> int:
        data, after = self.data, pos + 4
        eol = eol_after(data, after)
        if not eol or data[after + eol : after + eol + 1] in (b"\r", b"\n", b" ", b"\t"):
            self.add("6.1.4-2", pos, "'xref' is not followed by exactly one EOL")
        pos = self.lexer.skip_space(after)
        while header := re.compile(rb"(\d+)([ \t\x00\x0c]+)(\d+)[ \t]*(\r\n|\r|\n)").match(data, pos):
            if header.group(2) != b" ":
                self.add("6.1.4-1", pos, f"subsection header separated by {header.group(2)!r}, not one space")
            first, pos = int(header.group(1)), header.end()
            for number in range(first, first + int(header.group(3))):
                entry = re.fullmatch(rb"(\d{10}) \d{5} ([nf])( \r| \n|\r\n)", data[pos : pos + 20])
                if not entry:
                    self.add("ISO32000-7.5.4", pos, f"xref entry is not 20 bytes: {data[pos : pos + 20]!r}")
                    pos = data.find(b"\n", pos) + 1
                    continue
                if entry.group(2) == b"n":
                    self.offsets[number] = offset = int(entry.group(1))
                    found = OBJECT_HEADER.match(data, offset)
                    if not found or int(found.group(1)) != number:
                        self.add("ISO32000-7.5.4", pos, f"xref entry of object {number} points at {offset}, elsewhere")
                pos += 20
        return pos

    def parse_object(self, pos: int) -> int:
        data = self.data
        header = OBJECT_HEADER.match(data, pos)
        assert header is not None
        number = int(header.group(1))
        if pos > 0 and not eol_before(data, pos):
            self.add("6.1.9-1", pos, f"object {number}: no EOL before its number")
        if len(header.group(2)) != 1 or len(header.group(4)) != 1:
            self.add("6.1.9-1", pos, f"object {number}: more than one white-space in {header.group(0)!r}")
        if not eol_after(data, header.end()):
            self.add("6.1.9-1", header.end(), f"object {number}: 'obj' not followed by an EOL")
        value, pos = self.lexer.parse(header.end())
        after = self.lexer.skip_space(pos)
        if data.startswith(b"stream", after) and isinstance(value, dict):
            after = self.lexer.skip_space(self.parse_stream(number, value, after))
        self.objects[number] = value
        if not data.startswith(b"endobj", after):
            raise ParseError(after, f"object {number}: expected endobj, found {data[after : after + 20]!r}")
        if not eol_before(data, after):
            self.add("6.1.9-1", after, f"object {number}: no EOL before 'endobj'")
        if not eol_after(data, after + 6):
            self.add("6.1.9-1", after + 6, f"object {number}: 'endobj' not followed by an EOL")
        return after + 6

    def length(self, value: Any) -> int | None:
        if isinstance(value, Ref) and value.number in self.offsets:
            header = OBJECT_HEADER.match(self.data, self.offsets[value.number])
            value = Lexer(self.data, []).parse(header.end())[0] if header else None  # checked when reached
        return value if type(value) is int else None

    def parse_stream(self, number: int, dictionary: dict[str, Any], keyword: int) -> int:
        data, after = self.data, keyword + 6
        start = after + eol_after(data, after)
        if data[after : after + 1] == b"\r" and start == after + 1:
            self.add("6.1.7.1-2", after, f"object {number}: 'stream' followed by CR alone, not CRLF or LF")
        elif start == after:
            self.add("6.1.7.1-2", after, f"object {number}: 'stream' followed by {data[after : after + 2]!r}")
        for key in ("F", "FFilter", "FDecodeParms"):
            if key in dictionary:
                self.add("6.1.7.1-3", keyword, f"object {number}: the stream dictionary has /{key}")
        filters = dictionary.get("Filter")
        for name in filters if isinstance(filters, list) else [filters]:
            if isinstance(name, Name) and name.value not in STANDARD_FILTERS:
                self.add("6.1.7.2-1", keyword, f"object {number}: filter /{name.value} is not allowed")
        declared = self.length(dictionary.get("Length"))
        if declared is not None:  # read as veraPDF does: /Length bytes of data, then an EOL, then endstream
            at = start + declared
            eol = eol_after(data, at)
            if data.startswith(b"endstream", at + eol):
                if not eol and eol_before(data, at):  # the data ends in CR or LF, which /Length counts
                    self.add("6.1.7.1-1", keyword, f"object {number}: /Length counts the EOL before endstream")
                elif not eol:
                    self.add("6.1.7.1-2", at, f"object {number}: 'endstream' not preceded by an EOL")
                self.streams[number] = Stream(dictionary, start, at)
                return at + eol + 9
        endstream = data.find(b"endstream", start)
        if endstream < 0:
            raise ParseError(start, f"object {number}: no endstream")
        real = endstream - eol_before(data, endstream) - start
        self.add("6.1.7.1-1", keyword, f"object {number}: /Length {declared} but {real} bytes of data")
        if not eol_before(data, endstream):
            self.add("6.1.7.1-2", endstream, f"object {number}: 'endstream' not preceded by an EOL")
        self.streams[number] = Stream(dictionary, start, start + real)
        return endstream + 9

    def check_trailers(self) -> None:
        if not self.trailers:
            self.add("6.1.3-1", len(self.data), "no trailer dictionary")
            return
        for offset, trailer in self.trailers:
            if "Encrypt" in trailer:
                self.add("6.1.3-2", offset, "a trailer has /Encrypt")
        offset, last = self.trailers[-1]
        ids = last.get("ID")
        if not (isinstance(ids, list) and len(ids) == 2 and all(isinstance(i, HexOrLiteral) for i in ids)):
            self.add("6.1.3-1", offset, f"the last trailer has no /ID of two strings: {ids!r}")

    def check_pages_and_content(self) -> None:
        content: set[int] = set()
        for number, value in self.objects.items():
            if not isinstance(value, dict):
                continue
            if value.get("Type") in (Name("Page"), Name("Pages")):
                for box in PAGE_BOXES:
                    corners = value.get(box)
                    if isinstance(corners, list) and len(corners) == 4:
                        width, height = abs(corners[2] - corners[0]), abs(corners[3] - corners[1])
                        if not (3 <= width <= 14400 and 3 <= height <= 14400):
                            self.add("6.1.13-10", 0, f"object {number}: /{box} {width}x{height} outside 3..14400")
                refs = value.get("Contents")
                content.update(
                    ref.number for ref in (refs if isinstance(refs, list) else [refs]) if isinstance(ref, Ref)
                )
            if value.get("Subtype") == Name("Form") and number in self.streams:
                content.add(number)
        for number in sorted(content & self.streams.keys()):
            self.check_content(number)

    def check_content(self, number: int) -> None:
        stream = self.streams[number]
        raw = self.data[stream.start : stream.end]
        filters = stream.dictionary.get("Filter")
        for name in filters if isinstance(filters, list) else [filters] if filters else []:
            if name == Name("FlateDecode"):
                raw = zlib.decompress(raw)
            elif name == Name("ASCII85Decode"):
                raw = base64.a85decode(
                    bytes(b for b in raw if b not in WHITESPACE).removeprefix(b"<~").removesuffix(b"~>")
                )
            else:
                raise ParseError(stream.start, f"object {number}: content filtered by {name}, not decoded here")
        findings: list[Finding] = []
        lexer, depth, pos = Lexer(raw, findings), 0, 0
        while (pos := lexer.skip_space(pos)) < len(raw):
            value, pos = lexer.parse_simple(pos)
            if value == Keyword(b"q"):
                depth += 1
                if depth == 29:
                    self.add("6.1.13-8", stream.start, f"object {number}: q nested deeper than 28")
            elif value == Keyword(b"Q"):
                depth -= 1
            elif value == Keyword(b"BI"):
                pos = self.inline_image(number, raw, pos, lexer)
        self.findings += [
            Finding(f.rule, stream.start, f"object {number} (+{f.offset}): {f.message}") for f in findings
        ]

    def inline_image(self, number: int, raw: bytes, pos: int, lexer: Lexer) -> int:
        entries: dict[str, Any] = {}
        while not raw.startswith(b"ID", pos := lexer.skip_space(pos)):
            key, pos = lexer.parse_name(pos)
            entries[key.value], pos = lexer.parse(pos)
        filters = entries.get("F", entries.get("Filter"))
        for name in filters if isinstance(filters, list) else [filters]:
            if name in (Name("LZWDecode"), Name("LZW")):
                self.add("6.1.10-1", 0, f"object {number}: an inline image uses {name.value}")
        end = pos + 3
        while (end := raw.find(b"EI", end)) >= 0 and not (
            raw[end - 1 : end] in WHITESPACE and raw[end + 2 : end + 3] in WHITESPACE
        ):
            end += 2
        return len(raw) if end < 0 else end + 2


def check_syntax(data: bytes) -> list[Finding]:
    """Return every finding of the clause 6.1 rules in the bytes of a PDF file."""
    checker = Checker(data)
    try:
        return checker.run()
    except ParseError as error:
        return [*checker.findings, Finding("parse", error.offset, str(error))]
