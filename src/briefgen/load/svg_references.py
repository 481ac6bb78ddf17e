"""Hold an SVG figure or logo, and every file it pulls in, to the rule for files a spec names, and bound its cost.

Input: the real path of an SVG file a spec or theme names, and the folders
its references may lead into. Output: nothing, or a ``FileRefusedError``
naming the first thing that breaks a rule, with the line of the SVG that
holds it.

svglib opens what an SVG's ``<image>`` and ``<use>`` elements name (another
SVG, a PNG or JPEG) by itself, with no idea of the folders a spec may use or
of pipes and devices: ``<image href="../../elsewhere/secret.png">`` would be
embedded, a FIFO would block the build and ``/dev/zero`` read until memory
ran out. And it draws what an SVG asks for, however much: a million
rectangles took minutes, a ``<use>`` of a ``<use>`` of … multiplies. So the
checker reads each SVG first, as svglib will (``svg_content`` checks what
one file holds), and follows its references as svglib does:

- a file reference must be a regular file inside the allowed folders, under
  ``MAX_IMAGE_BYTES``; one named ``.svg`` is held to these same rules, any
  other must be a whole PNG or JPEG; no SVG may pull itself in again;
- an embedded ``data:image/png;base64,…`` (or JPEG) image must be whole;
- what the figure draws is counted as svglib draws it, each ``<use>`` and
  image as often as it is drawn: at most ``MAX_SVG_ELEMENTS`` elements and
  ``MAX_SVG_COORDINATES`` path coordinates, ``MAX_IMAGE_PIXELS`` pixels in
  all, nested at most ``MAX_SVG_DEPTH`` deep, from at most ``MAX_SVG_FILES``
  files. Fragments (``#id``) stay inside the SVG.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Sequence
from dataclasses import field
from pathlib import Path
from typing import Any

from briefgen import image_bounds
from briefgen.image_bounds import ImageRefusedError, RasterInfo, inspect_raster, raster_kind, read_image
from briefgen.load.files import FileRefusedError, resolve_spec_file
from briefgen.load.svg_content import MAX_SVG_ELEMENTS, SvgDocument, local_name, parse_svg
from briefgen.records import record

MAX_SVG_COORDINATES = 500_000
"""The most numbers a figure's paths and polygons (``d``, ``points``) may hold, repeats counted."""

MAX_SVG_DEPTH = 100
"""The deepest a figure's elements may nest, through ``<use>`` and SVG images too (svglib recurses)."""

MAX_SVG_FILES = 100
"""The most SVG files one figure may pull in through references, itself included."""

_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_REFERRING = frozenset({"image", "use"})  # the elements whose reference svglib resolves
_DATA_IMAGE = re.compile(r"^data:image/(jpe?g|png);base64")  # exactly what svglib decodes; other data: are paths
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def check_svg_references(svg: Path, roots: Sequence[Path], *, allow_outside: bool = False) -> None:
    """Refuse the SVG ``svg`` if it, or a file it pulls in, breaks the rules above.

    Raises:
        FileRefusedError: the message, to follow the image's name, says what is wrong, where and why.

    """
    scan = _FigureScan(roots, allow_outside)
    document = scan.document(svg)
    scan.element_cost(document, document.svg.root, level=1)


@record(frozen=False)
class _Cost:
    """What drawing an element costs, what it holds counted in: elements, coordinates, pixels, and its depth."""

    elements: int = 0
    coordinates: int = 0
    pixels: int = 0
    depth: int = 0

    def add(self, other: _Cost) -> None:
        self.elements += other.elements
        self.coordinates += other.coordinates
        self.pixels += other.pixels
        self.depth = max(self.depth, other.depth + 1)


@record(frozen=False)
class _Document:
    path: Path
    svg: SvgDocument
    costs: dict[Any, _Cost] = field(default_factory=dict)  # by element: a <use> target is counted once


class _FigureScan:
    """One figure's scan: the files it pulls in, each read and checked once, and what drawing it costs."""

    def __init__(self, roots: Sequence[Path], allow_outside: bool) -> None:
        self.roots, self.allow_outside = roots, allow_outside
        self.documents: dict[Path, _Document] = {}
        self.rasters: dict[Path, RasterInfo] = {}
        self.active: list[Path] = []  # the SVG files being drawn, outermost first: svglib's parent chain
        self.decoded_pixels = 0  # every raster decoded is drawn at least once: this bounds the decoding done
        self.expanding: set[int] = set()  # the elements a <use> is being expanded through

    def document(self, path: Path) -> _Document:
        """Return the SVG file at ``path``, read and its content checked (once)."""
        if path not in self.documents:
            if len(self.documents) >= MAX_SVG_FILES:
                raise FileRefusedError(f"pulls in more than {MAX_SVG_FILES} SVG files")
            try:
                data = read_image(path)
            except ImageRefusedError as exc:
                raise FileRefusedError(str(exc)) from None
            self.documents[path] = _Document(path, parse_svg(data, path.name))
        return self.documents[path]

    def element_cost(self, document: _Document, element: Any, level: int) -> _Cost:
        """Return what drawing ``element`` of ``document`` costs, refusing it the moment it costs too much."""
        line = element.sourceline or 0
        if level > MAX_SVG_DEPTH:
            raise _at(f"nests elements more than {MAX_SVG_DEPTH} deep (through <use> and images too)", line, document)
        known = document.costs.get(element)
        if known is not None:
            if level + known.depth > MAX_SVG_DEPTH:
                raise _at(
                    f"nests elements more than {MAX_SVG_DEPTH} deep (through <use> and images too)", line, document
                )
            return known
        name = local_name(element)
        cost = _Cost(elements=1)
        if name == "path" or name in ("polyline", "polygon"):
            cost.coordinates = len(_NUMBER.findall(element.get("d" if name == "path" else "points") or ""))
        self.expanding.add(id(element))
        for child in element:
            if isinstance(child.tag, str):
                cost.add(self.element_cost(document, child, level + 1))
        if name in _REFERRING:
            referred = self._reference_cost(document, element, level)
            if referred is not None:
                cost.add(referred)
        self.expanding.discard(id(element))
        _check_totals(cost, line, document)
        document.costs[element] = cost
        return cost

    def _reference_cost(self, document: _Document, element: Any, level: int) -> _Cost | None:
        """Return what the file, fragment or embedded image an ``<image>`` or ``<use>`` names costs to draw."""
        line = element.sourceline or 0
        # svglib reads xlink:href first, then SVG 2's bare href.
        reference = (element.get(_XLINK_HREF) or element.get("href") or "").strip()
        if not reference:
            return None
        embedded = _DATA_IMAGE.match(reference)
        if embedded:
            info = self._embedded_image(reference[embedded.end() + 1 :], line, document)
            return _Cost(pixels=info.pixels)
        target_name, _, fragment = reference.partition("#")
        target = document.path
        if target_name:
            target = self._resolve(target_name, line, document)
        if target != document.path and not target.name.endswith(".svg"):  # svglib's own test
            info = self._raster(target, target_name, line, document)
            return _Cost(pixels=info.pixels)
        if target != document.path:
            if target in self.active or target == document.path:
                raise _at(
                    f"refers back to '{target.name}', which pulls it in; a figure cannot contain itself", line, document
                )
            inner = self._nested_document(target, target_name, line, document)
            self.active.append(document.path)
            try:
                element_id = fragment or None
                start = inner.svg.ids.get(element_id) if element_id else inner.svg.root
                return None if start is None else self.element_cost(inner, start, level + 1)
            finally:
                self.active.pop()
        start = document.svg.ids.get(fragment) if fragment else None
        if start is None or id(start) in self.expanding:
            return None  # svglib skips an unknown or circular fragment
        return self.element_cost(document, start, level + 1)

    def _resolve(self, reference: str, line: int, document: _Document) -> Path:
        try:
            return resolve_spec_file(reference, document.path, roots=self.roots, allow_outside=self.allow_outside)
        except FileRefusedError as exc:
            raise _at(f"to a file it may not use: {exc}", line, document, verb="refers") from None

    def _nested_document(self, target: Path, reference: str, line: int, document: _Document) -> _Document:
        try:
            return self.document(target)
        except FileRefusedError as exc:
            if str(exc).startswith("pulls in more"):
                raise _at(str(exc), line, document) from None
            raise FileRefusedError(f"refers to '{target.name}', which {exc}") from None

    def _raster(self, target: Path, reference: str, line: int, document: _Document) -> RasterInfo:
        if target not in self.rasters:
            try:
                data = read_image(target)
                kind = raster_kind(data)
                if not kind:
                    raise ImageRefusedError("is not a PNG or JPEG image (its first bytes are wrong)")
                self.rasters[target] = self._inspect(data, kind)
            except ImageRefusedError as exc:
                raise _at(f"to a file it may not use: '{reference}' {exc}", line, document, verb="refers") from None
        return self.rasters[target]

    def _embedded_image(self, encoded: str, line: int, document: _Document) -> RasterInfo:
        try:
            data = base64.decodebytes(encoded.encode("ascii"))  # as svglib decodes it
            kind = raster_kind(data)
            if not kind:
                raise ImageRefusedError("is not a PNG or JPEG image (its first bytes are wrong)")
            return self._inspect(data, kind)
        except (binascii.Error, UnicodeEncodeError):
            raise _at("embeds an image whose base64 data is broken", line, document) from None
        except ImageRefusedError as exc:
            raise _at(f"embeds an image that {exc}", line, document) from None

    def _inspect(self, data: bytes, kind: str) -> RasterInfo:
        info = inspect_raster(data, kind, pixels_left=image_bounds.MAX_IMAGE_PIXELS - self.decoded_pixels)
        self.decoded_pixels += info.pixels
        return info


def _check_totals(cost: _Cost, line: int, document: _Document) -> None:
    if cost.elements > MAX_SVG_ELEMENTS:
        problem = f"draws more than {MAX_SVG_ELEMENTS:,} elements, counting what <use> and images repeat"
        raise _at(f"{problem}; simplify it, or export it as PNG", line, document)
    if cost.coordinates > MAX_SVG_COORDINATES:
        problem = f"draws paths of more than {MAX_SVG_COORDINATES:,} coordinates, counting what <use> repeats"
        raise _at(f"{problem}; simplify it, or export it as PNG", line, document)
    if cost.pixels > image_bounds.MAX_IMAGE_PIXELS:
        problem = f"draws images of more than {image_bounds.MAX_IMAGE_PIXELS:,} pixels in all"
        raise _at(f"{problem}; scale them down", line, document)


def _at(problem: str, line: int, document: _Document, *, verb: str = "") -> FileRefusedError:
    """Return a refusal of what ``document`` holds at ``line``: "refers at line 3 of 'fig.svg' to …"."""
    where = f"line {line} of '{document.path.name}'" if line else f"'{document.path.name}'"
    if verb:
        return FileRefusedError(f"{verb} at {where} {problem}")
    return FileRefusedError(f"{problem} ({where})")
