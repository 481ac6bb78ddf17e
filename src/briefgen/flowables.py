"""The few custom platypus flowables briefgen needs that ReportLab does not provide."""

from __future__ import annotations

import copy
import functools
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table
from reportlab.platypus.paragraph import textTransformFrags
from reportlab.platypus.paraparser import ParaParser

from briefgen import markup
from briefgen.errors import RenderError
from briefgen.tagging import Tagged, mark_artifact
from briefgen.theme import SANS, SERIF, register_family

# Words longer than this are cut at the line's end, never hyphenated: ReportLab runs the
# hyphenator again on every piece it cuts off, so a 100,000-letter "word" took 20 seconds.
LONGEST_HYPHENATED_WORD = 200
LONG_WORD = 30  # longer than any word of prose: an address, a code, a chemical name


class FittingParagraph(Paragraph):
    """A paragraph that never draws past its width, whatever words it holds.

    ReportLab breaks an over-long address at its slashes, but then leaves the
    last piece whole, however wide (it never splits a word twice); a 5,000
    character URL would run off the page. When that happens, or when a word is
    absurdly long to begin with, the paragraph is wrapped without address
    splitting and hyphenation, so ReportLab cuts long words where the line ends.
    """

    style: Any  # a ParagraphStyle; ReportLab ships no type hints

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (ReportLab API)
        """Wrap as usual; if a line is wider than the room, wrap again cutting long words."""
        longest = self._longest_word() if self._hyphenates() else 0
        if longest > LONGEST_HYPHENATED_WORD:
            self._cut_long_words()
            longest = 0  # cut where the line ends from now on: nothing can overflow
        width, height = super().wrap(availWidth, availHeight)
        # Only a long word (an address) can run past the edge; an ordinary line that looks a
        # little too wide is one whose spaces ReportLab will shrink when it justifies it.
        if longest > LONG_WORD and self._overflows(availWidth):
            self._cut_long_words()
            width, height = super().wrap(availWidth, availHeight)
        return width, height

    def _hyphenates(self) -> bool:
        return bool(self.style.uriWasteReduce or self.style.hyphenationLang or self.style.embeddedHyphenation)

    def _cut_long_words(self) -> None:
        self.style = self.style.clone(
            f"{self.style.name}.cut", hyphenationLang="", uriWasteReduce=0, embeddedHyphenation=0, splitLongWords=1
        )

    def _longest_word(self) -> int:
        # A frame may wrap a paragraph several times; its words do not change, so count them once.
        longest: int | None = self.__dict__.get("_longest")
        if longest is None:
            texts = [text for frag in getattr(self, "frags", ()) if isinstance(text := getattr(frag, "text", ""), str)]
            # Words run across fragments ("**bold**ly"), so the fragments are joined before splitting.
            words = "".join(texts).split()
            longest = max(map(len, words), default=0)
            self._longest = longest
        return longest

    def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803 (ReportLab API)
        """Split as ReportLab does; the parts' words are the whole's, so no part counts them again."""
        parts: list[Any] = super().split(availWidth, availHeight)
        if "_longest" in self.__dict__:
            for part in parts:
                part._longest = self._longest  # at most the whole's longest word: a safe bound
        return parts

    def _overflows(self, width: float) -> bool:
        room = width - self.style.leftIndent - self.style.rightIndent - max(self.style.firstLineIndent, 0)
        return bool(self.blPara.lines) and max(self.getActualLineWidths0()) > room + 0.5


# Stands for a link's address in the fragments parsed once per style (see paragraph_fragments).
_ADDRESS = "https://briefgen.invalid/address"


def paragraph_fragments(runs: tuple[markup.Run, ...], style: Any, *, link_color: str = "") -> list[Any] | None:
    """Return the fragments ReportLab's parser makes of ``runs``' paragraph markup, without parsing it.

    ReportLab parses paragraph markup with an HTML parser, 5% of a build;
    runs are already parsed. Each run's fragment is a copy of one parsed
    once per style, weight, slant and link colour, with the run's text and
    address put in. Returns None (parse the markup) for what this does not
    cover: cross-references, and text ReportLab's whitespace cleaning would
    change. (The layout also leaves anchors and printed link addresses to
    the parser.)
    """
    text = "".join(run.text for run in runs)
    if not text or " ".join(text.split()) != text or "\xa0" in text:
        return None
    fragments = []
    links = 0  # the parser numbers the paragraph's <a> elements; each linked run is one
    for run in runs:
        if run.ref:
            return None
        prototype = _prototype(style, run.strong, run.emphasis, bool(run.url), link_color)
        if prototype is None:
            return None
        fragment = prototype.clone(text=run.text)
        # Lists are the fragment's own, as the parser's are: ReportLab may add to them.
        fragment.us_lines = list(prototype.us_lines)
        fragment.link = []
        if run.url:
            fragment.link.append((links, run.url))
            links += 1
        fragments.append(fragment)
    textTransformFrags(fragments, style)
    return fragments


@functools.lru_cache(maxsize=512)
def _prototype(style: Any, strong: bool, emphasis: bool, linked: bool, link_color: str) -> Any:
    run = markup.Run("x", strong, emphasis, _ADDRESS if linked else "")
    _, fragments, _ = ParaParser().parse(markup.runs_to_paragraph_markup((run,), link_color=link_color), style)
    if not fragments or len(fragments) != 1 or fragments[0].text != "x":
        return None
    fragment = fragments[0]
    if not isinstance(fragment.us_lines, list) or not isinstance(fragment.link, list):
        return None
    if fragment.link != ([(0, _ADDRESS)] if linked else []):
        return None  # not the link records this module knows how to make
    return fragment


class TaggedParagraph(Tagged, FittingParagraph):
    """A paragraph that is tagged when drawn and stays one structure element when split."""


class TaggedTable(Tagged, Table):
    """A platypus table that joins the structure tree: its grid is decoration, its cells are TH/TD.

    ``continued``, if set, makes the caption that heads each continuation page.
    """

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 (ReportLab API)
        """Split as ReportLab does; the header rows it repeats on the next page are pagination artifacts.

        ReportLab repeats the very same cell objects, which would read the
        header to a screen reader once per page.
        """
        parts: list[Flowable] = super().split(availWidth, availHeight)
        continued: Callable[[], Flowable] | None = getattr(self, "continued", None)
        for part in parts[1:]:
            repeated = part.repeatRows if isinstance(part.repeatRows, int) else len(part.repeatRows)
            for index in range(repeated):
                part._cellvalues[index] = [_artifact_copy(cell) for cell in part._cellvalues[index]]
            part.continued = continued
        if continued is None or len(parts) < 2:
            return parts
        # "Table 2 (continued)" heads the rest, on the next page: the rest never fits beside the first part.
        return [parts[0], KeepTogether([continued(), parts[1]]), *parts[2:]]


def _artifact_copy(cell: Any) -> Any:
    if isinstance(cell, (list, tuple)):
        return [_artifact_copy(item) for item in cell]
    if isinstance(cell, Flowable):
        return mark_artifact(copy.copy(cell))
    return cell


class BalancedParagraph(Tagged, FittingParagraph):
    """A left-aligned paragraph whose lines are evened out, so a title has no stub last line."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (ReportLab API)
        """Find the narrowest width that keeps the line count of the full width."""
        width, height = super().wrap(availWidth, availHeight)
        lines = len(self.blPara.lines)
        if lines < 2:
            return width, height
        narrow, wide = availWidth * 0.5, availWidth
        while wide - narrow > 1:
            middle = (narrow + wide) / 2
            super().wrap(middle, availHeight)
            if len(self.blPara.lines) > lines:
                narrow = middle
            else:
                wide = middle
        super().wrap(wide, availHeight)
        return availWidth, self.height


class ShadedBox(Tagged, Flowable):
    """A tinted, bordered box around other flowables that splits across pages like text does."""

    def __init__(
        self,
        content: list[Flowable],
        *,
        background: Color | None,
        border: Color | None,
        border_width: float = 0.8,
        padding: float = 8,
        continuation: Flowable | None = None,
        outline_entry: tuple[str, int] | None = None,
    ) -> None:
        super().__init__()
        self.content = content
        self.background = background
        self.border = border
        self.border_width = border_width
        self.padding = padding
        self.continuation = continuation
        self.outline_entry = outline_entry
        self._placed: list[tuple[Flowable, float, float]] = []

    def _inner_width(self, width: float) -> float:
        return width - 2 * self.padding

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        """Lay out the content at the box's inner width and return the box's size.

        Stops measuring once the box is taller than ``availHeight``: the height
        returned is then only known to be too tall, which is all a frame needs.
        """
        inner = self._inner_width(availWidth)
        self._placed = []
        y = 0.0
        for index, flowable in enumerate(self.content):
            if index:
                y += max(flowable.getSpaceBefore(), self.content[index - 1].getSpaceAfter())
            _, height = flowable.wrapOn(self.canv, inner, 1e9)
            self._placed.append((flowable, y, height))
            y += height
            if y + 2 * self.padding > availHeight:
                # It will be split anyway; measuring the rest would make a box of thousands
                # of items take time quadratic in its length (one full pass per page).
                break
        self.width, self.height = availWidth, y + 2 * self.padding
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        """Fill the space left with as much content as fits; the rest goes in a continued box."""
        inner = self._inner_width(availWidth)
        room = availHeight - 2 * self.padding
        taken: list[Flowable] = []
        rest = list(self.content)
        used = 0.0
        while rest:
            flowable = rest[0]
            gap = max(flowable.getSpaceBefore(), taken[-1].getSpaceAfter()) if taken else 0.0
            _, height = flowable.wrapOn(self.canv, inner, room - used - gap)
            if used + gap + height <= room:
                taken.append(rest.pop(0))
                used += gap + height
                continue
            if room - used - gap > 0:
                parts = flowable.splitOn(self.canv, inner, room - used - gap)
                if len(parts) > 1:
                    taken.append(parts[0])
                    rest[0:1] = parts[1:]
            break
        if not taken or not rest:
            return []
        first = self._copy(taken, continuation=self.continuation, outline_entry=self.outline_entry)
        following = [self.continuation, *rest] if self.continuation is not None else rest
        return [first, self._copy(following, continuation=self.continuation, outline_entry=None)]

    def _copy(self, content: list[Flowable], **changes: Any) -> ShadedBox:
        return ShadedBox(
            content,
            background=self.background,
            border=self.border,
            border_width=self.border_width,
            padding=self.padding,
            **changes,
        )

    def draw(self) -> None:
        """Paint the tint and border, then the content top-down."""
        canvas = self.canv
        canvas.saveState()
        if self.background is not None:
            canvas.setFillColor(self.background)
        if self.border is not None:
            canvas.setStrokeColor(self.border)
            canvas.setLineWidth(self.border_width)
        canvas.rect(
            0, 0, self.width, self.height, stroke=int(self.border is not None), fill=int(self.background is not None)
        )
        canvas.restoreState()
        top = self.height - self.padding
        for flowable, offset, height in self._placed:
            flowable.drawOn(canvas, self.padding, top - offset - height)


class LeftRuled(Tagged, Flowable):
    """Content set off by a vertical rule on its left, for block quotations."""

    def __init__(self, content: Flowable, *, rule: Color, rule_width: float = 1.6, indent: float = 12) -> None:
        super().__init__()
        self.content = content
        self.rule = rule
        self.rule_width = rule_width
        self.indent = indent

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        """Wrap the content inside the indent."""
        _, self.height = self.content.wrapOn(self.canv, availWidth - self.indent, availHeight)
        self.width = availWidth
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        """Split the content, keeping the rule on each part."""
        parts = self.content.splitOn(self.canv, availWidth - self.indent, availHeight)
        return [LeftRuled(p, rule=self.rule, rule_width=self.rule_width, indent=self.indent) for p in parts]

    def getSpaceBefore(self) -> float:  # noqa: N802
        """Use the content's spacing."""
        return float(self.content.getSpaceBefore())

    def getSpaceAfter(self) -> float:  # noqa: N802
        """Use the content's spacing."""
        return float(self.content.getSpaceAfter())

    def draw(self) -> None:
        """Draw the rule, then the content beside it."""
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(self.rule)
        canvas.setLineWidth(self.rule_width)
        canvas.line(self.rule_width / 2, 1, self.rule_width / 2, self.height - 1)
        canvas.restoreState()
        self.content.drawOn(canvas, self.indent, 0)


class Rule(Tagged, Flowable):
    """A full-width horizontal rule."""

    def __init__(self, colour: Color, thickness: float, space_before: float = 0, space_after: float = 0) -> None:
        super().__init__()
        self.colour = colour
        self.thickness = thickness
        self.spaceBefore = space_before
        self.spaceAfter = space_after

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        """Take the full width and the rule's thickness."""
        self.width = availWidth
        return availWidth, self.thickness

    def draw(self) -> None:
        """Draw the rule."""
        self.canv.saveState()
        self.canv.setStrokeColor(self.colour)
        self.canv.setLineWidth(self.thickness)
        self.canv.line(0, self.thickness / 2, self.width, self.thickness / 2)
        self.canv.restoreState()


def _svg_drawing(path: str) -> Any:
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
        drawing = _svg_drawing(str(path))
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
        drawing = _svg_drawing(str(path))
        canvas.saveState()
        canvas.translate(x, y)
        canvas.scale(width / drawing.width, height / drawing.height)
        from reportlab.graphics import renderPDF  # charts and SVG only: not every brief pays for it

        renderPDF.draw(drawing, canvas, 0, 0)
        canvas.restoreState()
    else:
        # ReportLab stores an image drawn from a reader once per distinct content, however often it is drawn.
        canvas.drawImage(_raster(path), x, y, width, height, mask="auto")


class ScaledImage(Tagged, Flowable):
    """An image file scaled to a share of the column, its aspect ratio kept, never taller than allowed."""

    def __init__(self, path: Path, *, fraction: float = 1.0, max_height: float = 0.0) -> None:
        super().__init__()
        self.path = path
        self.fraction = fraction
        self.max_height = max_height
        self.natural = image_size(path)
        self.hAlign = "CENTER"

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        """Fit the image to the column's share; shrink it if it is taller than the limit."""
        natural_width, natural_height = self.natural
        self.width = availWidth * self.fraction
        self.height = self.width * natural_height / natural_width
        if self.max_height and self.height > self.max_height:
            self.width *= self.max_height / self.height
            self.height = self.max_height
        return self.width, self.height

    def draw(self) -> None:
        """Draw the image."""
        draw_image(self.canv, self.path, 0, 0, self.width, self.height)


class ChartDrawing(Tagged, Flowable):
    """A chart drawn at the column's width when it is laid out."""

    def __init__(self, make: Callable[[float], Any]) -> None:
        super().__init__()
        self.make = make
        self.drawing: Any = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        """Build the chart for the width available."""
        self.drawing = self.make(availWidth)
        self.width, self.height = float(self.drawing.width), float(self.drawing.height)
        return self.width, self.height

    def draw(self) -> None:
        """Draw the chart's shapes and text as vectors."""
        from reportlab.graphics import renderPDF

        renderPDF.draw(self.drawing, self.canv, 0, 0)
