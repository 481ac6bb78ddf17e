"""Read and draw images: PNG and JPEG through ReportLab, SVG as vectors through svglib.

Input: an image file's path (already allowed by ``load.file_fields``).
Output: its natural size, and its drawing on a canvas at a given place and size.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import Any

from reportlab.lib.utils import ImageReader

from briefgen.errors import RenderError
from briefgen.style.fonts import register_family
from briefgen.style.theme import SANS, SERIF


def svg_drawing(path: str) -> Any:
    # Keyed on the file's stamp too: a long-running process (batch, watch) may see the file change.
    stat = Path(path).stat()
    return _svg_drawing_of(path, stat.st_mtime_ns, stat.st_size)


@functools.cache
def _svg_drawing_of(path: str, _mtime: int, _size: int) -> Any:
    from svglib.svglib import svg2rlg

    drawing = svg2rlg(path)
    if drawing is None:
        raise RenderError(f"{path}: the SVG file could not be read")
    # svglib sets generic and unknown families in Helvetica or Times, which a PDF does not embed;
    # set that text in briefgen's Noto faces instead.
    for family in (SANS, SERIF):
        register_family(family)
    _replace_standard_fonts(drawing)
    drawing.initialFontName = SANS.name
    return drawing


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
    """Return an image file's natural width and height (pixels, or SVG user units)."""
    if path.suffix.lower() == ".svg":
        drawing = svg_drawing(str(path))
        return float(drawing.width), float(drawing.height)
    width, height = _raster(path).getSize()
    return float(width), float(height)


def _raster(path: Path) -> ImageReader:
    """Return a reader over the image's bytes (ReportLab keeps files it opens open until collected)."""
    try:
        return ImageReader(io.BytesIO(path.read_bytes()))
    except (OSError, ValueError) as exc:
        raise RenderError(f"{path}: the image could not be read ({exc})") from exc


def draw_image(canvas: Any, path: Path, x: float, y: float, width: float, height: float) -> None:
    """Draw an image file (PNG, JPEG or SVG) into the box at ``x``, ``y``."""
    if path.suffix.lower() == ".svg":
        drawing = svg_drawing(str(path))
        canvas.saveState()
        canvas.translate(x, y)
        canvas.scale(width / drawing.width, height / drawing.height)
        from reportlab.graphics import renderPDF  # charts and SVG only: not every brief pays for it

        renderPDF.draw(drawing, canvas, 0, 0)
        canvas.restoreState()
    else:
        # ReportLab stores an image drawn from a reader once per distinct content, however often it is drawn.
        canvas.drawImage(_raster(path), x, y, width, height, mask="auto")
