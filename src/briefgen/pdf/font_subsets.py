"""Subset a font for a PDF: the glyphs a document draws, copies for the widths and places they are drawn at.

Input: a font file (TrueType or OpenType CFF, or one face of a collection)
and the glyphs drawn, each a ``Variant``: glyph id, the advance it is drawn
with, how far its outline is moved. Output: the font program to embed (a
TrueType font, or a bare CFF table), each variant's glyph id in it, and the
metrics its font descriptor needs; the subset's six-letter tag. (Its
ToUnicode map is ``style.truetype.to_unicode_cmap``'s, as every font's.)

A TrueType glyph drawn with an advance that is not its own (shaping closed
up a matra, a justified gap) or moved (a mark placed on its letter) becomes
a copy of it with that advance and the outline moved: PDF/A wants the
PDF's widths to be the font program's, and poppler reads a glyph raised by
the text rise as a line of its own.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
from collections.abc import Mapping, Sequence
from typing import Any

from briefgen.records import record
from briefgen.style.subset_cache import Flated, KeptSubsets

EM = 1000  # glyph advances and offsets, and PDF glyph widths, are in thousandths of an em
Move = tuple[int, int]  # how far a glyph's outline is moved right and up (font units)
# A glyph as drawn: its id, the advance it is drawn with (font units; None: its own) and how far it is moved.
Variant = tuple[int, int | None, Move]


@record
class Metrics:
    """What a font descriptor says of a face (thousandths of an em)."""

    postscript_name: str
    bbox: list[int]
    italic_angle: float
    ascent: int
    descent: int
    cap_height: int


@record
class Subset:
    """A face's subset: its font program (with its compressed bytes), each variant's glyph id in it, the metrics."""

    program: Flated
    new_gids: dict[Variant, int]
    metrics: Metrics


# Subsets made for earlier documents: Noto Sans CJK's take 0.15 s each, most of it reading the face's 65,000 glyphs.
_KEPT: KeptSubsets[Subset] = KeptSubsets(entries=32, size=16 << 20)


def kept_subset(path: str, number: int, cff: bool, variants: list[Variant]) -> Subset:
    """Return ``subset_font``'s subset of these glyphs of this face: made once per process and version of the file.

    The file is known by its path, device, inode, size and time of change.
    """
    found = os.stat(path)
    identity = (path, found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns)
    make = lambda: _made(subset_font(path, number, cff, variants))  # noqa: E731
    return _KEPT.get((*identity, number, cff, tuple(variants)), make, lambda subset: Flated.weight(subset.program))


def _made(made: tuple[bytes, dict[Variant, int], Metrics]) -> Subset:
    program, new_gids, metrics = made
    return Subset(Flated.of(program), new_gids, metrics)


def variant_order(variant: Variant) -> tuple[int, int, Move]:
    """Sort key of variants: by glyph id, then the glyph's own advance first."""
    return variant[0], -1 if variant[1] is None else variant[1], variant[2]


def subset_font(
    path: str, number: int, cff: bool, variants: list[Variant]
) -> tuple[bytes, dict[Variant, int], Metrics]:
    """Return a fontTools subset of the face holding the glyphs ``variants`` name, and the face's metrics.

    A TrueType glyph drawn with another advance, or moved, is copied, the
    copy given that advance and its outline moved. Returns each variant's
    glyph id in the subset.
    """
    made = _cff_subset(path, number, variants) if cff else _truetype_subset(path, number, variants)
    if made is not None:
        return made
    gids = sorted({variant[0] for variant in variants})
    from fontTools import subset
    from fontTools.ttLib import TTFont

    with open(path, "rb") as stream:
        data = stream.read()
    # recalcTimestamp: the subset keeps the font's own date, or no two builds would be the same bytes.
    font = TTFont(io.BytesIO(data), fontNumber=_font_number(data, number), recalcTimestamp=False)
    order = font.getGlyphOrder()
    metrics = _metrics(font)
    for tag in _UNUSED_TABLES:
        if tag in font:
            del font[tag]  # before the subsetter reads them: Noto Sans CJK's GSUB alone takes seconds to parse
    options = subset.Options()
    options.retain_gids = False  # TrueType: the CIDToGIDMap points at the new ids; CFF: the CIDs stay in its charset
    options.notdef_outline = True
    options.hinting = False
    options.layout_features = []  # the PDF is never shaped again
    options.drop_tables += list(_UNUSED_TABLES)
    options.name_IDs = []
    options.desubroutinize = True
    for pruning in ("prune_unicode_ranges", "prune_codepage_ranges"):
        setattr(options, pruning, False)  # each would read the character map, dropped above
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids=[0, *gids])
    subsetter.subset(font)
    if cff:
        new_index = {name: index for index, name in enumerate(font.getGlyphOrder())}
        return font.getTableData("CFF "), {variant: new_index[order[variant[0]]] for variant in variants}, metrics
    new_gids = _add_variants(font, order, variants)
    out = io.BytesIO()
    font.save(out, reorderTables=False)
    return out.getvalue(), new_gids, metrics


def _add_variants(font: Any, order: Sequence[str] | Mapping[int, str], variants: list[Variant]) -> dict[Variant, int]:
    """Copy each glyph a variant draws with another advance or moves, the copy so drawn; return the new ids.

    ``order`` names, for each glyph id of the face, that glyph in ``font`` (a subset of the face).
    """
    import copy

    glyphs, metrics = font["glyf"], font["hmtx"]
    names = list(font.getGlyphOrder())
    new_gids: dict[Variant, int] = {}
    for variant in variants:
        gid, units, move = variant
        name = order[gid]
        if units is None and move == (0, 0):
            new_gids[variant] = font.getGlyphID(name)
            continue
        copy_name = f"{name}.w{units}.m{move[0]}.{move[1]}"
        glyph = glyphs[copy_name] = copy.deepcopy(glyphs[name])
        left = _move(glyph, move, glyphs) if move != (0, 0) else metrics[name][1]
        metrics[copy_name] = (metrics[name][0] if units is None else units, left)
        names.append(copy_name)
        new_gids[variant] = len(names) - 1
    font.setGlyphOrder(names)
    glyphs.glyphOrder = names
    font["maxp"].numGlyphs = len(names)
    font["post"].formatType = 3.0  # no glyph names: the copies need none
    return new_gids


def _move(glyph: Any, move: Move, glyphs: Any) -> int:
    """Move a TrueType glyph's outline (or its components) by ``move`` font units; return its new left bearing."""
    if glyph.isComposite():
        for component in glyph.components:
            if hasattr(component, "x"):  # not one placed by matching points: that follows its base
                component.x += move[0]
                component.y += move[1]
    elif glyph.numberOfContours > 0:
        glyph.coordinates.translate(move)
    else:
        return 0
    glyph.recalcBounds(glyphs)
    return int(glyph.xMin)


# Tables a PDF never reads: layout (the text is shaped already), the character map (glyphs are shown by
# id), vertical metrics, signatures.
_UNUSED_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "cmap", "vhea", "vmtx", "VORG", "DSIG")


def _cff_subset(path: str, number: int, variants: list[Variant]) -> tuple[bytes, dict[Variant, int], Metrics] | None:
    """Return HarfBuzz's subset of a CFF face: its bare CFF table, each variant's glyph id in it, the metrics.

    HarfBuzz subsets Noto Sans CJK's 65,000 glyphs in about 7 ms where
    fontTools took 35-350 ms, reading the whole face each time: for a brief
    with a Korean name in it, most of its time. As fontTools did, the glyphs
    keep their CIDs in the charset (what the PDF draws them by), are
    desubroutinized, hinting and layout left out, and none is added that was
    not asked for. None if HarfBuzz's subset holds other glyphs than those
    (then fontTools makes it).
    """
    import uharfbuzz as hb

    flags = hb.SubsetFlags
    kept, wanted = _subset_input(variants, flags.DESUBROUTINIZE | flags.NO_HINTING | flags.NO_LAYOUT_CLOSURE)
    version = _file_version(path)
    made = hb.subset(_harfbuzz_face(path, number, version), wanted)
    if made is None or made.glyph_count != len(kept):
        return None
    program = made.reference_table("CFF ").data
    if not program:
        return None
    new_index = {gid: index for index, gid in enumerate(kept)}  # kept in the order of their old ids
    metrics = _face_metrics(path, number, version)
    return bytes(program), {variant: new_index[variant[0]] for variant in variants}, metrics


def _truetype_subset(
    path: str, number: int, variants: list[Variant]
) -> tuple[bytes, dict[Variant, int], Metrics] | None:
    """Return HarfBuzz's subset of a TrueType face, with the copies the variants need, and the metrics.

    fontTools read the whole face for every subset (its glyph names alone
    take milliseconds): 20 ms a brief whose paragraphs are shaped, half its
    time. HarfBuzz subsets in well under a millisecond, as fontTools did:
    hinting, layout, the character map and glyph names left out, a composite
    glyph's components kept, the glyphs in the order of their old ids. Copies
    (``_add_variants``) are then made by fontTools on the small subset. None
    if HarfBuzz cannot subset the face (then fontTools does).
    """
    import uharfbuzz as hb

    flags = hb.SubsetFlags
    kept, wanted = _subset_input(variants, flags.NO_HINTING | flags.NO_LAYOUT_CLOSURE | flags.NO_PRUNE_UNICODE_RANGES)
    for tag in _UNUSED_TABLES:
        wanted.drop_table_tag_set.add(int.from_bytes(tag.encode("ascii"), "big"))
    wanted.name_id_set.clear()
    version = _file_version(path)
    plan = hb.SubsetPlan(_harfbuzz_face(path, number, version), wanted)
    made = plan.execute()
    if made is None:
        return None
    program = bytes(made.blob.data)
    new_index = plan.old_to_new_glyph_mapping
    metrics = _face_metrics(path, number, version)
    if all(units is None and move == (0, 0) for _, units, move in variants):
        return program, {variant: new_index[variant[0]] for variant in variants}, metrics
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(program), recalcTimestamp=False)
    names = font.getGlyphOrder()
    new_gids = _add_variants(font, {gid: names[new_index[gid]] for gid in kept}, variants)
    out = io.BytesIO()
    font.save(out, reorderTables=False)
    return out.getvalue(), new_gids, metrics


def _subset_input(variants: list[Variant], flags: Any) -> tuple[list[int], Any]:
    """Return the glyph ids a subset keeps (.notdef and the variants', in order) and HarfBuzz's input for it."""
    import uharfbuzz as hb

    kept = sorted({0, *(variant[0] for variant in variants)})
    wanted = hb.SubsetInput()
    for gid in kept:
        wanted.glyph_set.add(gid)
    wanted.flags = flags | hb.SubsetFlags.NOTDEF_OUTLINE
    return kept, wanted


def _file_version(path: str) -> tuple[int, ...]:
    """Return what tells one version of a font file from another: a file edited is read again."""
    found = os.stat(path)
    return found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns


@functools.lru_cache(maxsize=8)
def _harfbuzz_face(path: str, number: int, version: tuple[int, ...]) -> Any:
    import uharfbuzz as hb

    return hb.Face(hb.Blob.from_file_path(path), number)


@functools.lru_cache(maxsize=8)
def _face_metrics(path: str, number: int, version: tuple[int, ...]) -> Metrics:
    from fontTools.ttLib import TTFont

    with open(path, "rb") as stream:
        head = stream.read(4)
    with TTFont(path, fontNumber=_font_number(head, number), lazy=True) as font:
        return _metrics(font)


def _font_number(data: bytes, number: int) -> int:
    """Return the face number fontTools takes for a file starting with ``data``: -1 unless it is a collection."""
    return number if data[:4] == b"ttcf" else -1


def _metrics(font: Any) -> Metrics:
    scale = EM / font["head"].unitsPerEm
    head, hhea, os2, post = font["head"], font["hhea"], font["OS/2"], font["post"]
    name = font["name"].getDebugName(6) or "Font"
    return Metrics(
        postscript_name="".join(ch for ch in name if ch.isalnum() or ch in "-_") or "Font",
        bbox=[round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)],
        italic_angle=float(post.italicAngle),
        ascent=round(hhea.ascent * scale),
        descent=round(hhea.descent * scale),
        cap_height=round(getattr(os2, "sCapHeight", hhea.ascent) * scale),
    )


def subset_tag(name: str, program: bytes) -> str:
    """Return six capital letters naming this subset, the same for the same glyphs (reproducible builds)."""
    digest = hashlib.sha256(name.encode() + program).digest()
    return "".join(chr(ord("A") + byte % 26) for byte in digest[:6])
