"""Draw one line of a ``ShapedText``: its pieces in visual order, glyph by glyph, extracting as the text was written.

Input: a shaped paragraph, the stretch of it a line holds, where the line
starts and how much to widen its gaps (justification). Output: operators
added to the page being drawn (``q BT ... ET Q`` per piece), link
annotations for the linked pieces, and each link's text marked as content
of its ``Link`` element when the page is tagged.

Extraction: each glyph's ToUnicode text is its share of the characters of
its cluster, handed out in reading order; right-to-left text is stored in
visual order, because readers (pdftotext, pypdf) reverse right-to-left runs
to get the logical order. A cluster drawn with more glyphs than it has
characters is wrapped in ``/ActualText`` (never a right-to-left one: poppler
would reverse the already logical text again). The pieces of a line are
placed in visual order but drawn in logical order, each right-to-left piece
after a ``Tf``: pypdf reverses each stretch between two font changes on its
own and keeps the stretches in the order drawn, so a Hebrew sentence whose
comma comes from the Latin font reads back in order.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from operator import attrgetter
from typing import Any

from reportlab.lib.colors import Color

from briefgen import reportlab_compat
from briefgen.pdf.font_subsets import EM
from briefgen.pdf.shaped_fonts import DocumentFont, Glyph, document_font
from briefgen.pdf.shaping import Run, ShapedText
from briefgen.records import record
from briefgen.text.bidi import visual_order, without_bidi_controls

# What a hyphen added where a line breaks a word extracts as: the word is read back whole, as written.
SOFT_HYPHEN = "\u00ad"
# A zero-width space: what an extra glyph of a cluster extracts as, so that no reader shows an unmapped code.
EXTRA_GLYPH_TEXT = "\u200b"


_cluster = attrgetter("cluster")


@record
class LinePiece:
    """The glyphs of one run that fall on a line, in visual order."""

    run: Run
    glyphs: list[Glyph]
    start: int
    end: int


@record
class Gaps:
    """Extra room a justified line gives each word space and each gap between CJK characters (points)."""

    space: float = 0.0
    grid: float = 0.0
    grid_after: frozenset[int] = frozenset()  # the characters a grid gap follows


def line_pieces(shaped: ShapedText, start: int, end: int) -> list[LinePiece]:
    """Return the pieces of ``shaped.text[start:end]`` in the order they are shown (rule L2)."""
    pieces = []
    for run in shaped.runs:
        low, high = max(run.start, start), min(run.end, end)
        if low < high:
            if run.rtl:
                glyphs = [glyph for glyph in run.glyphs if low <= glyph.cluster < high]
            else:  # clusters only grow along a left-to-right run: the line's glyphs found by halving, not a scan
                first = bisect.bisect_left(run.glyphs, low, key=_cluster)
                glyphs = run.glyphs[first : bisect.bisect_left(run.glyphs, high, lo=first, key=_cluster)]
            pieces.append(LinePiece(run, glyphs, low, high))
    order = visual_order([piece.run.level for piece in pieces])
    return [pieces[index] for index in order]


def draw_line(
    canvas: Any,
    shaped: ShapedText,
    pieces: list[LinePiece],
    x: float,
    y: float,
    *,
    colour: Color,
    gaps: Gaps = Gaps(),
    hyphen: list[Glyph] | None = None,
    on_link: Callable[[str, float, float], None] | None = None,
    links: dict[Any, Any] | None = None,
) -> float:
    """Draw a line's pieces (in visual order) from ``x`` on the baseline ``y``; return where the line ends.

    The pieces are drawn in reading order, each at its place, in one text
    object cut only where a link's text starts or ends (marked content may
    not cross a text object's bounds). ``hyphen`` (glyphs in the face of
    the line's last piece) is drawn after it; ``on_link(url, x0, x1)`` is
    told where each linked piece was drawn, for its annotation. ``links``
    keeps the ``Link`` element of each linked span, and the ``Span`` of each
    language, from line to line (a link broken over two lines is one).
    """
    links = {} if links is None else links
    tagger = getattr(canvas, "tagger", None)
    placed: list[_Placed] = []
    for index, piece in enumerate(pieces):
        extra = hyphen if hyphen and index == len(pieces) - 1 else None
        end = _advance(shaped, piece, x, gaps, extra)
        placed.append(_Placed(piece, extra, x, end))
        x = end
    placed.sort(key=lambda place: place.piece.start)  # reading order; a left-to-right line's stays as it is
    segment: list[_Placed] = []
    for place in placed:
        if segment and _element_key(shaped, place.piece) != _element_key(shaped, segment[0].piece):
            _draw_segment(canvas, shaped, segment, y, colour, gaps, tagger, on_link, links)
            segment = []
        segment.append(place)
    if segment:
        _draw_segment(canvas, shaped, segment, y, colour, gaps, tagger, on_link, links)
    return x


@record
class _Placed:
    """A piece of a line, the hyphen drawn after it, and where it starts and ends."""

    piece: LinePiece
    hyphen: list[Glyph] | None
    x: float
    end: float


def _advance(shaped: ShapedText, piece: LinePiece, x: float, gaps: Gaps, hyphen: list[Glyph] | None) -> float:
    """Return where ``piece`` drawn from ``x`` ends: the same sums, in the same order, as ``_TextObject.show``."""
    scale = shaped.size / EM
    if not (gaps.space or gaps.grid):
        for glyph in piece.glyphs:
            x += glyph.advance * scale
    else:
        for index, glyph in enumerate(piece.glyphs):
            x += glyph.advance * scale
            if _ends_cluster(piece.glyphs, index):
                x += _gap_after(shaped, glyph.cluster, gaps)
    for glyph in hyphen or []:
        x += glyph.advance * scale
    return x


def _element_key(shaped: ShapedText, piece: LinePiece) -> tuple[str, str]:
    """Return what a piece's text is content of, besides the paragraph: a link's address, a language."""
    span = shaped.spans[piece.run.span]
    return span.url, "" if span.url else span.lang


def _draw_segment(
    canvas: Any,
    shaped: ShapedText,
    segment: list[_Placed],
    y: float,
    colour: Color,
    gaps: Gaps,
    tagger: Any,
    on_link: Callable[[str, float, float], None] | None,
    links: dict[Any, Any],
) -> None:
    """Draw pieces that are all one link's or one language's text, or the paragraph's own, as one text object."""
    url, lang = _element_key(shaped, segment[0].piece)
    key = (url, lang, segment[0].piece.run.span if url else 0)
    child = None
    if (url or lang) and tagger is not None:
        child = tagger.begin_child_text(canvas, links.get(key), url=url, lang=lang)
        if child is not None:
            links[key] = child
    text = _TextObject(canvas, shaped.size, segment[0].x)
    out = ["q", "BT", f"{_number(segment[0].x)} {_number(y)} Td"]
    previous = None
    for place in segment:
        if previous is not None and previous.run.rtl and place.piece.run.rtl:
            text.font = None  # a Tf between them: pypdf reads each right-to-left piece as a stretch of its own
        piece = place.piece
        text.show(out, shaped, piece, place.x, shaped.spans[piece.run.span].colour or colour, gaps, place.hyphen)
        previous = piece
    out += ["ET", "Q"]
    reportlab_compat.page_operators(canvas).append(" ".join(out).replace("[ ] TJ ", ""))
    if child is not None:
        tagger.end_child_text(canvas)
    if url and on_link is not None:
        on_link(url, min(place.x for place in segment), max(place.end for place in segment))


class _TextObject:
    """The state of one text object being written: its font, fill colour, rise and where the viewer's pen is."""

    def __init__(self, canvas: Any, size: float, x: float) -> None:
        self.canvas = canvas
        self.size = size
        self.cursor = x  # where the viewer's pen is: where it would show the next glyph
        self.font: Any = None
        self.fill = ""
        self.rise = 0.0

    def show(
        self,
        out: list[str],
        shaped: ShapedText,
        piece: LinePiece,
        x: float,
        colour: Color,
        gaps: Gaps,
        hyphen: list[Glyph] | None,
    ) -> float:
        """Add the operators that show ``piece`` (and ``hyphen``) from ``x``; return where it ends."""
        if not piece.glyphs and not hyphen:
            # Nothing to show (a run of only joiners or variation selectors, which shaping drops): no font is
            # added to the document for it, since a font that draws no glyph cannot be written.
            return x
        font = document_font(self.canvas, piece.run.face)
        size, scale = self.size, self.size / EM
        if font is not self.font:
            out.append(f"/{font.name} {_number(size)} Tf")
            self.font = font
        fill = _fill(colour)
        if fill != self.fill:
            out.append(fill)
            self.fill = fill
        texts, actual = _extraction_texts(shaped.text, piece)
        glyphs = [*piece.glyphs, *(hyphen or [])]
        # The loop below runs for every glyph of a brief: what it asks of each is looked up once here.
        moved, code_for, width_of, cursor = font.moves_glyphs, font.code, font.width, self.cursor
        drawn = len(piece.glyphs)
        spaced = gaps.space or gaps.grid
        out.append("[")
        if not moved and not actual:
            x = self._show_by_cid(out, font, shaped, glyphs, texts, drawn, x, gaps if spaced else None)
            return self._end(out, x)
        spans_open = 0
        for index, (gid, cluster, advance, dx, dy) in enumerate(glyphs):
            text = texts[index] if index < drawn else SOFT_HYPHEN  # a hyphen added at a break
            if actual and index in actual:
                last, characters = actual[index]
                out += ["] TJ", _actual_text(characters), "["]
                spans_open = last
            # A TrueType glyph shaping moves is drawn at the pen as a copy moved so; a CFF one is moved.
            if moved:
                target = x
                code, conflict = code_for(gid, text, advance, (dx, dy))
            else:
                rise = dy * scale
                if rise != self.rise:
                    self.rise = rise
                    out += ["] TJ", f"{_number(rise)} Ts", "["]
                target = x + dx * scale
                # The width that brings the pen where the next glyph goes: shaping moves marks and matras.
                code, conflict = code_for(gid, text, advance - dx)
            if abs(target - cursor) > 0.0005:
                out.append(_number((cursor - target) / scale))
            if conflict and not spans_open:
                out += ["] TJ", _actual_text(text), "[", f"<{code:04X}>", "] TJ", "EMC", "["]
            else:
                out.append(f"<{code:04X}>")
            if spans_open and index == spans_open:
                out += ["] TJ", "EMC", "["]
                spans_open = 0
            cursor = target + width_of(code) * scale
            x += advance * scale
            if spaced and index < drawn and (index + 1 == drawn or glyphs[index + 1].cluster != cluster):
                x += _gap_after(shaped, cluster, gaps)
        self.cursor = cursor
        return self._end(out, x)

    def _end(self, out: list[str], x: float) -> float:
        out.append("] TJ")
        if self.rise:
            out.append("0 Ts")
            self.rise = 0.0
        return x

    def _show_by_cid(
        self,
        out: list[str],
        font: DocumentFont,
        shaped: ShapedText,
        glyphs: list[Glyph],
        texts: list[str],
        drawn: int,
        x: float,
        gaps: Gaps | None,
    ) -> float:
        """Add the codes of glyphs of a CFF face (Noto Sans CJK), each its CID; return where they end.

        ``show``'s loop for a face that moves no glyph and a piece with no ``/ActualText`` cluster, the
        codes and widths asked for the whole piece at once (``DocumentFont.cid_codes``): every glyph of a
        brief in Korean passes here. A glyph standing for other text than its first still gets its span.
        """
        scale = self.size / EM
        cursor, rise = self.cursor, self.rise
        shown = [*texts, *[SOFT_HYPHEN] * (len(glyphs) - drawn)]  # a hyphen added at a break: a soft hyphen
        codes = font.cid_codes([glyph.gid for glyph in glyphs], shown)
        append = out.append
        for index, ((_, cluster, advance, dx, dy), (code, conflict, width)) in enumerate(
            zip(glyphs, codes, strict=True)
        ):
            if dy * scale != rise:
                rise = dy * scale
                out += ["] TJ", f"{_number(rise)} Ts", "["]
            target = x + dx * scale
            if abs(target - cursor) > 0.0005:
                append(_number((cursor - target) / scale))
            if conflict:
                out += ["] TJ", _actual_text(shown[index]), "[", f"<{code:04X}>", "] TJ", "EMC", "["]
            else:
                append(_HEX.get(code) or _hex(code))
            cursor = target + width * scale
            x += advance * scale
            if gaps is not None and index < drawn and (index + 1 == drawn or glyphs[index + 1].cluster != cluster):
                x += _gap_after(shaped, cluster, gaps)
        self.cursor, self.rise = cursor, rise
        return x


_HEX: dict[int, str] = {}  # each CID drawn, as a content stream shows it: "<AC00>"


def _hex(code: int) -> str:
    shown = _HEX[code] = f"<{code:04X}>"
    return shown


def _actual_text(text: str) -> str:
    return f"/Span <</ActualText <FEFF{text.encode('utf-16-be').hex().upper()}>>> BDC"


def _extraction_texts(text: str, piece: LinePiece) -> tuple[list[str], dict[int, tuple[int, str]]]:
    """Return each glyph's text, and the clusters to wrap in ``/ActualText`` (first glyph: last glyph, text)."""
    whole = text[piece.start : piece.end]
    controls = without_bidi_controls(whole) != whole
    if not controls and not piece.run.rtl and list(map(_cluster, piece.glyphs)) == list(range(piece.start, piece.end)):
        return list(whole), {}  # a glyph per character, in order: most lines of most scripts
    clusters: dict[int, list[int]] = {}
    for index, glyph in enumerate(piece.glyphs):
        clusters.setdefault(glyph.cluster, []).append(index)
    bounds = [*sorted(clusters), piece.end]
    texts = [""] * len(piece.glyphs)
    actual: dict[int, tuple[int, str]] = {}
    rtl = piece.run.rtl
    # Bidi controls (a byline's isolates) order the line; they are no part of its words (looked for above).
    for number, cluster in enumerate(bounds[:-1]):
        characters = text[cluster : bounds[number + 1]]
        if controls:
            characters = without_bidi_controls(characters) or EXTRA_GLYPH_TEXT
        reading = list(reversed(clusters[cluster])) if rtl else clusters[cluster]
        if len(reading) > len(characters):
            for place, index in enumerate(reading):
                texts[index] = characters if place == 0 else EXTRA_GLYPH_TEXT
            if not rtl:
                actual[min(reading)] = (max(reading), characters)
            continue
        for place, index in enumerate(reading):
            share = characters[place:] if place == len(reading) - 1 else characters[place]
            texts[index] = share[::-1] if rtl else share
    return texts, actual


def _ends_cluster(glyphs: list[Glyph], index: int) -> bool:
    # A justification gap goes after a cluster's last glyph in visual order.
    return index + 1 == len(glyphs) or glyphs[index + 1].cluster != glyphs[index].cluster


def _gap_after(shaped: ShapedText, cluster: int, gaps: Gaps) -> float:
    if gaps.space and shaped.text[cluster] == " ":
        return gaps.space
    if gaps.grid and cluster in gaps.grid_after:
        return gaps.grid
    return 0.0


def _fill(colour: Color) -> str:
    red, green, blue = colour.rgb()
    return f"{_number(red)} {_number(green)} {_number(blue)} rg"


def _number(value: float) -> str:
    return reportlab_compat.format_number(value)
