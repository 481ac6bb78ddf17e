"""Hold an image to briefgen's bounds: a regular file, a size in bytes, what its name says, a pixel count, whole data.

Input: the path of an image file, or the bytes of a PNG or JPEG (from a file
or an SVG's ``data:`` address). Output: the bytes, and a ``RasterInfo`` (its
size in pixels and colour mode), or an ``ImageRefusedError`` whose message
follows the image's name: "'map.png' is damaged or cut short (…)".

Both ends of a build use it: the loaders (``load.images``) when a spec is
checked, so that ``check`` reports a broken or oversized image at the field
that names it, and the PDF writer (``pdf.images``) when the image is drawn,
so that a file changed between the two is held to the same bounds. PIL is
imported only when a raster image is met: checking specs without one never
pays for it.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import struct
import warnings
import zlib
from collections.abc import Iterator
from pathlib import Path

from briefgen.records import record

MAX_IMAGE_BYTES = int(os.environ.get("BRIEFGEN_MAX_IMAGE_BYTES", 50 * 1024 * 1024))
"""The largest image file briefgen reads (a figure, a logo, what an SVG references): ``BRIEFGEN_MAX_IMAGE_BYTES``."""

MAX_IMAGE_PIXELS = 50_000_000
"""The most pixels one figure or logo may hold, its SVG's embedded images added up: about 7000 x 7000.

Decoding costs 3 to 4 bytes a pixel and ReportLab copies the result once, so
this keeps one image under half a gigabyte and a few seconds; 600 dpi across
a whole A4 page is 35 million.
"""

RASTER_KINDS = {"PNG": b"\x89PNG\r\n\x1a\n", "JPEG": b"\xff\xd8"}
"""The raster formats briefgen draws, and the bytes each file starts with."""

# The colour modes ReportLab draws as they are; any other is converted to RGB on the way, which must work.
_DRAWN_AS_IS = frozenset({"1", "L", "LA", "P", "RGB", "RGBA", "CMYK"})


class ImageRefusedError(ValueError):
    """An image briefgen will not draw; ``str()`` says why, written to follow the image's name."""


@record
class RasterInfo:
    """What a raster image holds: its format, size in pixels and colour mode (PIL's name for it)."""

    format: str
    width: int
    height: int
    mode: str

    @property
    def pixels(self) -> int:
        """Return how many pixels the image has."""
        return self.width * self.height


def read_image(path: Path, limit: int | None = None) -> bytes:
    """Return the bytes of the image file at ``path``, refusing a pipe, a device or a file over ``limit`` bytes.

    ``limit`` defaults to ``MAX_IMAGE_BYTES``, read when called (tests lower it).

    Raises:
        ImageRefusedError: the file is not a regular file, cannot be read, or is too large.

    """
    limit = MAX_IMAGE_BYTES if limit is None else limit
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise ImageRefusedError("is not a regular file (a folder, pipe or device?)")
        with path.open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            if size > limit:
                raise ImageRefusedError(f"is {size:,} bytes, over the limit of {limit:,} (BRIEFGEN_MAX_IMAGE_BYTES)")
            # read(n) allocates n bytes up front: ask for what the file holds, not the limit.
            data = stream.read(size + 1)
    except OSError as exc:
        raise ImageRefusedError(f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > limit:  # it grew while being read
        raise ImageRefusedError(f"is over the limit of {limit:,} bytes (BRIEFGEN_MAX_IMAGE_BYTES)")
    return data


def raster_kind(data: bytes) -> str:
    """Return ``PNG`` or ``JPEG`` if ``data`` starts as one does, else ``""``."""
    return next((kind for kind, magic in RASTER_KINDS.items() if data.startswith(magic)), "")


def inspect_raster(data: bytes, expected: str, *, pixels_left: int | None = None) -> RasterInfo:
    """Return what the PNG or JPEG in ``data`` holds, after decoding all of it; ``expected`` is the kind it must be.

    The pixel count is checked against ``pixels_left`` (default: ``MAX_IMAGE_PIXELS``)
    from the header, before anything is decoded; then every pixel is decoded, so that a file
    cut short or damaged is refused here rather than half drawn.

    Raises:
        ImageRefusedError: the data is not a whole ``expected`` image, or has too many pixels.

    """
    info = raster_header(data, expected, pixels_left=pixels_left)
    from PIL import Image

    with _quiet_pil(), Image.open(_BytesReader(data)) as image:
        try:
            image.load()
            if image.mode not in _DRAWN_AS_IS:
                image.convert("RGB")
        except _DECODE_ERRORS as exc:
            raise ImageRefusedError(f"is damaged or cut short ({_short(exc)}); export it again") from None
    return info


def raster_header(data: bytes, expected: str, *, pixels_left: int | None = None) -> RasterInfo:
    """Return the format, size and mode the header of the image in ``data`` announces, decoding no pixel.

    Raises:
        ImageRefusedError: the data is not an ``expected`` image, its header is broken, or it has too many pixels.

    """
    pixels_left = MAX_IMAGE_PIXELS if pixels_left is None else pixels_left
    kind = raster_kind(data)
    if kind != expected:
        article = "an" if expected[0] in "AEIOU" else "a"
        raise ImageRefusedError(
            f"is not {article} {expected} file (its first bytes are wrong); export it again as {expected}"
        )
    from PIL import Image, UnidentifiedImageError

    unreadable: tuple[type[Exception], ...] = (UnidentifiedImageError, *_DECODE_ERRORS)
    try:
        with _quiet_pil(), Image.open(_BytesReader(data)) as image:
            info = RasterInfo(kind, *image.size, image.mode)
    except Image.DecompressionBombError:
        raise _too_many_pixels(pixels_left) from None
    except unreadable as exc:
        raise ImageRefusedError(f"is damaged or cut short ({_short(exc)}); export it again") from None
    if info.width < 1 or info.height < 1:
        raise ImageRefusedError(f"has no pixels ({info.width} x {info.height}); export it again")
    if info.pixels > pixels_left:
        raise _too_many_pixels(pixels_left, info)
    return info


def _too_many_pixels(limit: int, info: RasterInfo | None = None) -> ImageRefusedError:
    size = f" ({info.width:,} x {info.height:,})" if info else ""
    if limit < MAX_IMAGE_PIXELS and (info is None or info.pixels <= MAX_IMAGE_PIXELS):
        return ImageRefusedError(
            f"has too many pixels{size}: with the other images in it, more than {MAX_IMAGE_PIXELS:,}; scale them down"
        )
    return ImageRefusedError(f"has more than {MAX_IMAGE_PIXELS:,} pixels{size}; scale it down before using it")


# What PIL raises on data that is not what its header says: cut short, bad chunks, bad compressed data.
_DECODE_ERRORS: tuple[type[Exception], ...] = (
    OSError,
    ValueError,
    SyntaxError,
    EOFError,
    IndexError,
    KeyError,
    TypeError,
    struct.error,
    zlib.error,
)


def _short(exc: BaseException) -> str:
    """Return an exception's message on one short line, without the names of in-memory objects."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 100 else text[:99] + "…"


class _BytesReader(io.BytesIO):
    """Bytes read as a file, whose ``repr`` names no memory address (PIL quotes it in errors)."""

    def __repr__(self) -> str:
        return "<image data>"


@contextlib.contextmanager
def _quiet_pil() -> Iterator[None]:
    """Silence PIL's warnings inside the block: what matters is refused with our own message, the rest is harmless."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield
