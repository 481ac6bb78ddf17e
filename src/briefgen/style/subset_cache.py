"""Keep the font subsets a process has made, for the next document that embeds the same glyphs of the same font.

Input: a key that names a font (the parsed font itself, or its file's path,
identity, size and time) and the exact glyphs a subset holds, and a function
that makes the subset. Output: the subset, made the first time and handed
out whole after that, with its compressed bytes (``Flated``), and a PDF
stream that writes those bytes without compressing them again
(``flate_stream``).

A subset is a pure function of its font and its glyphs, so a document given
a kept one is, byte for byte, the document that would have made it afresh:
only the work is skipped. In a batch, the faces that draw the same text in
every brief (labels, the organisation, banners) recur from brief to brief;
the others are as new as the text they draw. Each store is bounded in
entries and in bytes, and the least recently used entry goes first.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

from reportlab.pdfbase.pdfdoc import PDFStream, PDFZCompress

Value = TypeVar("Value")


class KeptSubsets(Generic[Value]):
    """Values made from keys, kept for the process: at most ``entries`` of them, weighing at most ``size`` bytes."""

    def __init__(self, entries: int, size: int) -> None:
        self.entries, self.size = entries, size
        self.kept: OrderedDict[Hashable, tuple[Value, int]] = OrderedDict()
        self.held = 0  # the kept values' weight in bytes

    def get(self, key: Hashable, make: Callable[[], Value], weight: Callable[[Value], int]) -> Value:
        """Return the value kept for ``key``, or make it with ``make`` and keep it if it is not too heavy."""
        found = self.kept.get(key)
        if found is not None:
            self.kept.move_to_end(key)
            return found[0]
        value = make()
        size = weight(value)
        if size <= self.size:
            self.kept[key] = (value, size)
            self.held += size
            while len(self.kept) > self.entries or self.held > self.size:
                self.held -= self.kept.popitem(last=False)[1][1]
        return value


FLATE_LEVEL = 6  # zlib's default, and ReportLab's: libdeflate's 6 is smaller still


def flate(content: bytes | str) -> bytes:
    """Return ``content`` compressed for a ``/FlateDecode`` stream (a zlib stream), a str as UTF-8 as ReportLab does.

    libdeflate, not zlib: for the same level it writes a little less (20.95 against 21.01 KiB a
    2-page brief) in well under half the time (0.30 against 0.79 ms), and any reader's zlib reads it.
    The bytes follow libdeflate's version, as the rest of a PDF follows ReportLab's.
    """
    import deflate

    return bytes(deflate.zlib_compress(content.encode("utf8") if isinstance(content, str) else content, FLATE_LEVEL))


class Flated:
    """A stream's content and the same content compressed as every stream is (``flate``).

    A plain class: a dataclass's generated methods cost more to make at every start than this one ever uses.
    """

    __slots__ = ("compressed", "content")

    def __init__(self, content: bytes, compressed: bytes) -> None:
        self.content, self.compressed = content, compressed

    @classmethod
    def of(cls, content: bytes) -> Flated:
        """Return ``content`` with its compressed bytes."""
        return cls(content, flate(content))

    @staticmethod
    def weight(value: Flated) -> int:
        """Return the bytes ``value`` holds."""
        return len(value.content) + len(value.compressed)


class KnownFlate:
    """A Flate filter that knows its stream's compressed bytes: what ReportLab asks of a filter, no compression."""

    pdfname = PDFZCompress.pdfname

    def __init__(self, compressed: bytes) -> None:
        self.compressed = compressed

    def encode(self, content: Any) -> bytes:
        """Return the compressed bytes of ``content``, the stream's own content they were made from."""
        return self.compressed


def flate_stream(flated: Flated, compress: bool = True) -> PDFStream:
    """Return a stream of ``flated``'s content, written compressed (the kept bytes) when ``compress`` is true.

    Uncompressed, it takes the document's default filters, as a stream given none does.
    """
    return PDFStream(content=flated.content, filters=[KnownFlate(flated.compressed)] if compress else None)
