"""Hold the files an SVG figure or logo references to the rule every other file a spec names follows.

Input: the real path of an SVG file a spec or theme names, and the folders
its references may lead into. Output: nothing, or a ``FileRefusedError``
naming the first reference that breaks the rule, with the line of the SVG
that holds it.

svglib opens what an SVG's ``<image>`` and ``<use>`` elements name (another
SVG, a PNG or JPEG) by itself, with no idea of the folders a spec may use or
of pipes and devices: ``<image href="../../elsewhere/secret.png">`` would be
embedded, a FIFO would block the build and ``/dev/zero`` read until memory
ran out. So the spec checker scans the SVG first, parsed exactly as svglib
parses it, and every file reference must be a regular file inside the
allowed folders, under ``MAX_IMAGE_BYTES`` and, for a raster image,
``MAX_IMAGE_PIXELS``; an SVG it names is scanned in turn. Fragments
(``#id``) and ``data:`` images stay inside the SVG and are not files.
"""

from __future__ import annotations

import io
import os
import warnings
from collections.abc import Sequence
from pathlib import Path

from briefgen.load.files import FileRefusedError, NotRegularFileError, read_bounded, resolve_spec_file

MAX_IMAGE_BYTES = int(os.environ.get("BRIEFGEN_MAX_IMAGE_BYTES", 50 * 1024 * 1024))
"""The largest file an SVG may reference, and the largest SVG scanned (``BRIEFGEN_MAX_IMAGE_BYTES``)."""

MAX_IMAGE_PIXELS = 50_000_000
"""The most pixels a raster image an SVG references may have: decoding one costs about 4 bytes a pixel."""

MAX_SVG_FILES = 100
"""The most SVG files one figure may pull in through references, itself included."""

_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_REFERRING = frozenset({"image", "use"})  # the elements whose reference svglib resolves


def check_svg_references(svg: Path, roots: Sequence[Path], *, allow_outside: bool = False) -> None:
    """Refuse ``svg`` if a file it references, or one those reference, breaks the containment and size rule.

    Raises:
        FileRefusedError: the message, to follow the image's name, says which reference is wrong, where and why.

    """
    pending, seen = [svg], {svg}
    while pending:
        current = pending.pop()
        try:
            references = _file_references(current)
        except FileRefusedError as exc:
            if current == svg:
                raise
            raise FileRefusedError(f"refers to '{current.name}', which {exc}") from None
        for line, reference in references:
            where = f"line {line} of '{current.name}'"
            try:
                target = resolve_spec_file(reference, current, roots=roots, allow_outside=allow_outside)
                _check_size(target, reference)
            except FileRefusedError as exc:
                raise FileRefusedError(f"refers at {where} to a file it may not use: {exc}") from None
            if target.name.endswith(".svg") and target not in seen:
                if len(seen) >= MAX_SVG_FILES:
                    raise FileRefusedError(f"pulls in more than {MAX_SVG_FILES} SVG files (at {where})")
                seen.add(target)
                pending.append(target)


def _file_references(svg: Path) -> list[tuple[int, str]]:
    """Return the line and text of every reference to another file in ``svg``, parsed as svglib parses it."""
    from lxml import etree

    data = _read(svg)
    # svglib's own parser settings: what it would see is what is checked. Entities stay unexpanded.
    parser = etree.XMLParser(remove_comments=True, recover=True, resolve_entities=False)
    try:
        root = etree.parse(io.BytesIO(data), parser=parser).getroot()
    except etree.LxmlError:
        return []  # svglib cannot read it either; the build reports that
    if root is None:
        return []
    found: list[tuple[int, str]] = []
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag.rpartition("}")[2] not in _REFERRING:
            continue
        for attribute in (_XLINK_HREF, "href"):
            reference = (element.get(attribute) or "").strip()
            target = reference.split("#", 1)[0]
            if target and not reference.startswith("data:"):
                found.append((element.sourceline or 0, target))
    return found


def _check_size(path: Path, reference: str) -> None:
    """Refuse a referenced file over the byte limit, or a raster image over the pixel limit."""
    try:
        data = _read(path)
    except FileRefusedError as exc:
        raise FileRefusedError(f"'{reference}' {exc}") from None
    if path.name.endswith(".svg"):
        return
    from PIL import Image, UnidentifiedImageError

    too_many = FileRefusedError(
        f"'{reference}' has more than {MAX_IMAGE_PIXELS:,} pixels; scale it down before using it"
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # refused below, with our limit
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
    except Image.DecompressionBombError:
        raise too_many from None
    except (UnidentifiedImageError, OSError, ValueError):
        return  # not an image svglib can read; it skips the element
    if width * height > MAX_IMAGE_PIXELS:
        raise too_many


def _read(path: Path) -> bytes:
    """Return the file's bytes, or refuse it; the message follows the file's name."""
    try:
        data = read_bounded(path, MAX_IMAGE_BYTES)
    except NotRegularFileError:
        raise FileRefusedError("is not a regular file (a folder, pipe or device?)") from None
    except OSError as exc:
        raise FileRefusedError(f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > MAX_IMAGE_BYTES:
        raise FileRefusedError(
            f"is larger than {MAX_IMAGE_BYTES:,} bytes (set BRIEFGEN_MAX_IMAGE_BYTES to raise the limit)"
        )
    return data
