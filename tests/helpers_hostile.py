"""Helpers for the hostile-input tests: spec text builders, error capture, and margin checks."""

from __future__ import annotations

import base64
import io
import os
import resource
import struct
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

import pdfplumber
from PIL import Image

from briefgen.errors import SpecError
from briefgen.load.spec import Limits, parse_spec
from briefgen.load.theme_file import default_theme

# The classic alias bomb: nine levels of nine aliases each, 9**9 strings if anything expanded it.
BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
)

VALID_TAIL = "key_points: [The one point.]\nsections:\n  - heading: Only Section\n    body: Some text.\n"


def spec_error(text: str | bytes, *, limits: Limits | None = None) -> str:
    """Return the SpecError message for ``text`` (named ``brief.yaml``); fail if it is valid."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        if limits is None:
            parse_spec(data, "brief.yaml")
        else:
            parse_spec(data, "brief.yaml", limits=limits)
    except SpecError as exc:
        return str(exc)
    raise AssertionError("the spec was accepted")


def chars_outside_margins(pdf: Path, *, tolerance: float = 0.5) -> list[str]:
    """Return a description of every character drawn outside the page's margins (ideally none)."""
    theme = default_theme()
    outside: list[str] = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            left, right = theme.margin_left - tolerance, page.width - theme.margin_right + tolerance
            for char in page.chars:
                if char["text"].isspace():
                    continue  # a line that ends between words ends with a space, invisible in the margin
                if char["x0"] < left or char["x1"] > right or char["top"] < 0 or char["bottom"] > page.height:
                    outside.append(f"page {page.page_number}: {char['text']!r} at x={char['x0']:.1f}-{char['x1']:.1f}")
    return outside


def page_count(pdf: Path) -> int:
    """Return how many pages ``pdf`` has."""
    with pdfplumber.open(pdf) as document:
        return len(document.pages)


def png_announcing(width: int, height: int, *, depth: int = 8, colour: int = 2, body: bytes = b"\0" * 64) -> bytes:
    """A PNG whose header announces ``width`` x ``height`` pixels and which holds almost none: free until decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(body)) + chunk(b"IEND", b"")


def png_bytes(size: tuple[int, int] = (40, 20), mode: str = "RGB", kind: str = "PNG", **options: object) -> bytes:
    """Return a real image of ``size`` pixels, encoded as ``kind``."""
    buffer = io.BytesIO()
    Image.new(mode, size, "red" if mode in ("RGB", "RGBA") else 0).save(buffer, kind, **options)
    return buffer.getvalue()


def data_uri(data: bytes, kind: str = "png") -> str:
    """Return ``data`` as an SVG ``data:`` address in the form svglib decodes."""
    return f"data:image/{kind};base64,{base64.b64encode(data).decode()}"


def svg_document(body: str = "", size: str = 'width="200" height="100"') -> str:
    """Return an SVG document of ``size`` whose content is ``body``, each on a line of its own (body on line 3)."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" {size}>\n'
        f'<rect width="20" height="10" fill="#eee"/>\n{body}\n</svg>\n'
    )


def address_space_limit(limit: int) -> Callable[[], None]:
    """Return a ``preexec_fn`` that holds a child to ``limit`` bytes: reading a device whole ends in a MemoryError."""

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return limited


def run_briefgen(
    folder: Path, *args: str, memory_limit: int | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run briefgen in a child in ``folder`` with a time limit (and ``memory_limit``): a hang fails, not the suite."""
    return subprocess.run(
        [sys.executable, "-m", "briefgen", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=folder,
        env={**os.environ, **(env or {})},
        preexec_fn=address_space_limit(memory_limit) if memory_limit else None,
    )
