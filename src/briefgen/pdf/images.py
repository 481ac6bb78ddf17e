"""Read and draw images: PNG and JPEG through ReportLab, SVG as vectors through svglib.

Input: an image file's path (already allowed and checked by ``load.file_fields``).
Output: its natural size, and its drawing on a canvas at a given place and
size; or a ``RenderError`` naming the file, on one line.

The loaders check every image before a build; what is checked again here
is what a file changed since could break (``image_bounds``: its size, its
pixels, that it decodes), and what only svglib can tell: that it converts,
and that the drawing's numbers are finite (a NaN would be written into the
page as ``nan``, and viewers drop the rest of the page). Each raster is
read and decoded once per document, however often it is drawn (a footer
logo is drawn on every page); each SVG is converted once while its file is
unchanged. What svglib says of an SVG it only partly understands goes to
the brief's warnings (``collect_image_warnings``), not to standard error.
"""

from __future__ import annotations

import contextlib
import functools
import io
import logging
import math
import warnings
import weakref
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from reportlab.lib.utils import ImageReader

from briefgen.errors import RenderError
from briefgen.image_bounds import ImageRefusedError, raster_header, raster_kind, read_image
from briefgen.style.fonts import register_family
from briefgen.style.theme import SANS, SERIF

# What svglib and ReportLab raise on a drawing they cannot convert or write: broken numbers, CSS, references.
_CONVERSION_ERRORS: tuple[type[Exception], ...] = (
    ValueError,
    TypeError,
    ArithmeticError,
    IndexError,
    KeyError,
    AttributeError,
    RecursionError,
    OSError,
)
_LARGEST_NUMBER = 1e15  # ReportLab writes nothing over 1e20; coordinates are still multiplied by the drawing's scale

_WARNINGS: ContextVar[list[str] | None] = ContextVar("_WARNINGS", default=None)
_ARCHIVAL: ContextVar[bool] = ContextVar("_ARCHIVAL", default=False)


@contextlib.contextmanager
def archival_images(archival: bool) -> Iterator[None]:
    """Draw the images inside the block for PDF/A if ``archival``: CMYK converted to the sRGB of its output intent.

    PDF/A-2b allows device colour only in the colour space of the file's one
    output intent (6.2.4.3), and briefgen's is sRGB: a CMYK JPEG would make
    the file fail validation while claiming PDF/A. It is converted, not
    refused: the same spec then builds with and without ``--pdfa``, and the
    conversion goes through the image's own ICC profile into the very
    profile the output intent holds, which is what re-exporting it by hand
    would do. The converted pixels are stored losslessly (Flate), not as a
    second generation of JPEG.
    """
    token = _ARCHIVAL.set(archival)
    try:
        yield
    finally:
        _ARCHIVAL.reset(token)


@contextlib.contextmanager
def collect_image_warnings() -> Iterator[list[str]]:
    """Collect, in the list yielded, what svglib and PIL said about the images drawn inside the block."""
    found: list[str] = []
    token = _WARNINGS.set(found)
    try:
        yield found
    finally:
        _WARNINGS.reset(token)


def svg_drawing(path: str) -> Any:
    """Return the SVG file at ``path`` as a ReportLab drawing, converted once while the file is unchanged.

    Raises:
        RenderError: svglib cannot convert it, or its drawing holds a number a PDF cannot.

    """
    # Keyed on the file's stamp too: a long-running process (batch, watch) may see the file change.
    stat = Path(path).stat()
    drawing, said = _svg_drawing_of(path, stat.st_mtime_ns, stat.st_size, _ARCHIVAL.get())
    _tell(said)
    return drawing


@functools.lru_cache(maxsize=32)
def _svg_drawing_of(path: str, _mtime: int, _size: int, archival: bool) -> tuple[Any, tuple[str, ...]]:
    from svglib.svglib import svg2rlg

    name = Path(path).name
    try:
        read_image(Path(path))  # a file changed since it was checked: not a pipe, not over the limit
        with _said_while() as said:
            drawing = svg2rlg(path)
    except ImageRefusedError as exc:
        raise RenderError(f"image '{name}' {exc}") from None
    except (*_CONVERSION_ERRORS, _svglib_error()) as exc:
        raise RenderError(f"image '{name}' cannot be converted from SVG ({_short(exc)}); simplify it") from None
    if drawing is None:
        raise RenderError(f"image '{name}': the SVG file could not be read")
    width, height = float(drawing.width), float(drawing.height)
    if not (math.isfinite(width) and math.isfinite(height) and width > 0 and height > 0):
        raise RenderError(f"image '{name}' has no usable size ({width:g} x {height:g}); give it a width and a height")
    _check_finite(drawing, name)
    if archival:
        try:
            said += _images_in_srgb(drawing, name)
        except ImageRefusedError as exc:
            raise RenderError(f"image '{name}' refers to an image that {exc}") from None
        except _CONVERSION_ERRORS as exc:
            raise RenderError(f"image '{name}' holds an image that cannot be converted ({_short(exc)})") from None
    # svglib sets generic and unknown families in Helvetica or Times, which a PDF does not embed;
    # set that text in briefgen's Noto faces instead.
    for family in (SANS, SERIF):
        register_family(family)
    _replace_standard_fonts(drawing)
    drawing.initialFontName = SANS.name
    return drawing, tuple(f"image '{name}': {message}" for message in said)


def _svglib_error() -> type[Exception]:
    from svglib.svglib import CircularRefError

    error: type[Exception] = CircularRefError
    return error


@contextlib.contextmanager
def _said_while() -> Iterator[list[str]]:
    """Take what svglib logs and PIL warns inside the block, rather than letting it reach standard error unnamed."""
    said: list[str] = []

    def keep(message: str) -> None:
        message = _short(message, 200)
        if message not in said:
            said.append(message)

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                keep(record.getMessage())

    logger = logging.getLogger("svglib")
    handler, propagate = Keep(), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        with warnings.catch_warnings(record=True) as warned:
            warnings.simplefilter("always")
            yield said
        for warning in warned:
            if not issubclass(warning.category, DeprecationWarning | PendingDeprecationWarning):  # for developers
                keep(str(warning.message))
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _tell(said: list[str] | tuple[str, ...]) -> None:
    """Add what was said about an image to the warnings being collected, once each."""
    collected = _WARNINGS.get()
    if collected is not None:
        collected += [message for message in said if message not in collected]


def _check_finite(node: Any, name: str) -> None:
    """Refuse a drawing holding a number that is not finite, or too large for ReportLab to write."""
    for key, value in vars(node).items():
        numbers = value if isinstance(value, (list, tuple)) else (value,)
        for number in numbers:
            if isinstance(number, float) and not (math.isfinite(number) and abs(number) <= _LARGEST_NUMBER):
                raise RenderError(f"image '{name}' holds a number a PDF cannot ({key} = {number:g}); fix the SVG")
    for child in getattr(node, "contents", ()):
        _check_finite(child, name)


_STANDARD_FONTS = {
    "Helvetica": SANS.name,
    "Helvetica-Bold": SANS.name + "-Bold",
    "Helvetica-Oblique": SANS.name + "-Italic",
    "Helvetica-BoldOblique": SANS.name + "-BoldItalic",
    "Times-Roman": SERIF.name,
    "Times-Bold": SERIF.name + "-Bold",
    "Times-Italic": SERIF.name + "-Italic",
    "Times-BoldItalic": SERIF.name + "-BoldItalic",
}


def _replace_standard_fonts(node: Any) -> None:
    from reportlab.graphics.shapes import String

    if isinstance(node, String):
        node.fontName = _STANDARD_FONTS.get(node.fontName, node.fontName)
    for child in getattr(node, "contents", ()):
        _replace_standard_fonts(child)


def image_size(path: Path) -> tuple[float, float]:
    """Return an image file's natural width and height (pixels, or SVG user units).

    Raises:
        RenderError: the image cannot be read, or is over a limit.

    """
    if path.suffix.lower() == ".svg":
        drawing = svg_drawing(str(path))
        return float(drawing.width), float(drawing.height)
    try:
        data = read_image(path)
        info = raster_header(data, raster_kind(data) or _kind_named(path))
    except ImageRefusedError as exc:
        raise RenderError(f"image '{path.name}' {exc}") from None
    return float(info.width), float(info.height)


def _kind_named(path: Path) -> str:
    return "PNG" if path.suffix.lower() == ".png" else "JPEG"


# Each document's decoded images, dropped with its canvas: decoded once however often drawn, never kept after.
_DECODED: weakref.WeakKeyDictionary[Any, dict[str, ImageReader]] = weakref.WeakKeyDictionary()


def _raster(canvas: Any, path: Path) -> ImageReader:
    """Return the image at ``path`` read and decoded, once for the document ``canvas`` draws."""
    decoded = _DECODED.setdefault(canvas, {})
    key = str(path)
    if key not in decoded:
        try:
            data = read_image(path)
            info = raster_header(data, raster_kind(data) or _kind_named(path))
            with _said_while() as said:
                source: Any = io.BytesIO(data)
                if info.mode == "CMYK" and _ARCHIVAL.get():
                    source, note = _in_srgb(source, path.name)
                    said += [note] if note else []
                reader = ImageReader(source)
                reader.getRGBData()  # decoded now, where a damaged file is caught, rather than inside drawImage
        except ImageRefusedError as exc:
            raise RenderError(f"image '{path.name}' {exc}") from None
        except _CONVERSION_ERRORS as exc:
            raise RenderError(f"image '{path.name}' is damaged or cut short ({_short(exc)}); export it again") from None
        _tell([f"image '{path.name}': {message}" for message in said])
        decoded[key] = reader
    return decoded[key]


def _in_srgb(source: Any, name: str) -> tuple[Any, str]:
    """Return a CMYK image (a file or a PIL image) converted to sRGB, and a note if colours may have shifted."""
    from PIL import Image, ImageCms

    from briefgen.pdf.metadata import icc_profile

    image = source if isinstance(source, Image.Image) else Image.open(source)
    profile = image.info.get("icc_profile")
    if profile:
        try:
            source_profile = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            srgb = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile()))
            converted = ImageCms.profileToProfile(image, source_profile, srgb, outputMode="RGB")
            if converted is not None:
                return converted, ""
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: converted without it, and said so
    note = (
        f"image '{name}' is CMYK without a usable colour profile: converted to sRGB for PDF/A without colour "
        "management, so its colours may shift; export it as sRGB to be sure"
    )
    return image.convert("RGB"), note


def _images_in_srgb(node: Any, name: str) -> list[str]:
    """Convert the CMYK images in an SVG's drawing to sRGB (for PDF/A); return the notes about them."""
    from reportlab.graphics.shapes import Image as ImageShape

    notes: list[str] = []
    if isinstance(node, ImageShape) and node.path is not None:
        image = node.path
        if isinstance(image, str):
            from PIL import Image

            image = Image.open(io.BytesIO(read_image(Path(image))))
        if image.mode == "CMYK":
            node.path, note = _in_srgb(image, name)
            notes += [note] if note else []
    for child in getattr(node, "contents", ()):
        notes += _images_in_srgb(child, name)
    return notes


def draw_image(canvas: Any, path: Path, x: float, y: float, width: float, height: float) -> None:
    """Draw an image file (PNG, JPEG or SVG) into the box at ``x``, ``y``.

    Raises:
        RenderError: the image cannot be read, decoded or converted.

    """
    if path.suffix.lower() == ".svg":
        drawing = svg_drawing(str(path))
        canvas.saveState()
        canvas.translate(x, y)
        canvas.scale(width / drawing.width, height / drawing.height)
        from reportlab.graphics import renderPDF  # charts and SVG only: not every brief pays for it

        try:
            renderPDF.draw(drawing, canvas, 0, 0)
        except _CONVERSION_ERRORS as exc:
            raise RenderError(f"image '{path.name}' cannot be drawn ({_short(exc)}); simplify it") from None
        canvas.restoreState()
    else:
        # ReportLab stores an image drawn from a reader once per distinct content, however often it is drawn.
        canvas.drawImage(_raster(canvas, path), x, y, width, height, mask="auto")


def _short(said: BaseException | str, limit: int = 100) -> str:
    """Return an exception's message on one short line, without the names of objects in memory."""
    text = " ".join(str(said).split()) or type(said).__name__
    text = text.split(" fileName=")[0].split(" identity=")[0]  # ReportLab appends these, with addresses
    return text if len(text) <= limit else text[: limit - 1] + "…"
