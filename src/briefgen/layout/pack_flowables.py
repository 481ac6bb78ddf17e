"""The flowables of a meeting pack's own pages: single lines, the cover's agenda and the contents' entries.

Input: plain text (never markup: these draw strings, they parse nothing),
paragraph styles and the structure elements to tag them with. Output: tagged
platypus flowables. What depends on the finished pagination (a brief's first
page, its page count, the pack's) is drawn through
``pagination.draw_when_paginated``, in place, once the pack is laid out.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import field

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from briefgen.pdf import tagging
from briefgen.pdf.pagination import Pagination, draw_when_paginated
from briefgen.pdf.tagging import Tagged
from briefgen.pdf.text_lines import LineSetter
from briefgen.records import record
from briefgen.style.dimensions import PackLook
from briefgen.text.labels import Labels, labels_for

# Sets the pack's own lines in any script: its cover and contents list briefs in many languages.
SETTER = LineSetter()
SEPARATOR = "  ·  "


def _draw(canvas: Canvas, text: str, style: ParagraphStyle, x: float, y: float, *, align: str = "left") -> float:
    """Draw one line of plain text with its left, right or centre at ``x``; return its width.

    A space follows the text, unseen: pieces drawn apart (a label, a title's
    lines, a page number) then read, and copy, as separate words.
    """
    canvas.setFont(style.fontName, style.fontSize)
    canvas.setFillColor(style.textColor)
    width = SETTER.width(text, style.fontName, style.fontSize)
    start = {"left": x, "right": x - width, "centre": x - width / 2}[align]
    SETTER.draw(canvas, start, y, text + " ", style.fontName, style.fontSize, colour=style.textColor)
    return width


class TextLine(Tagged, Flowable):
    """One line of plain text, cut with an ellipsis to the width; its baseline a font size below its top.

    ``text`` may wait for the pagination (a function of it). With ``rise``
    the line takes the rest of the frame and sits ``rise`` above its foot.
    """

    def __init__(
        self,
        text: str | Callable[[Pagination], str],
        style: ParagraphStyle,
        *,
        align: str = "left",
        indent: float = 0,
        rise: float | None = None,
    ) -> None:
        super().__init__()
        self.text, self.style, self.align, self.indent, self.rise = text, style, align, indent, rise
        self.spaceBefore = self.spaceAfter = 0  # placed by explicit gaps, not by its style's spacing

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (ReportLab API)
        """Take the width, and a line's leading (or, with ``rise``, all the height there is)."""
        self.width = availWidth
        self.height = availHeight if self.rise is not None else self.style.leading
        return self.width, self.height

    @property
    def baseline(self) -> float:
        """Return the baseline's height above the flowable's foot."""
        return self.rise if self.rise is not None else self.height - self.style.fontSize

    def draw(self) -> None:
        """Draw the line now, or once the pagination it shows is known."""
        if isinstance(self.text, str):
            self._draw_text(self.canv, self.text)
        else:
            text = self.text
            draw_when_paginated(self.canv, lambda canvas, pagination: self._draw_text(canvas, text(pagination)))

    def _draw_text(self, canvas: Canvas, text: str) -> None:
        style = self.style
        room = self.width - self.indent
        shown = SETTER.clip(text, style.fontName, style.fontSize, room)
        x = {"left": self.indent, "right": self.width, "centre": self.indent + room / 2}[self.align]
        _draw(canvas, shown, style, x, self.baseline, align=self.align)


class TextLines(Tagged, Flowable):
    """Plain text broken into lines at the width (as ReportLab's ``simpleSplit`` breaks it), one leading apart.

    For what must be read whole (a classification marking), where a ``TextLine`` would cut it.
    """

    def __init__(self, text: str, style: ParagraphStyle, *, align: str = "left", indent: float = 0) -> None:
        super().__init__()
        self.text, self.style, self.align, self.indent = text, style, align, indent
        self.spaceBefore = self.spaceAfter = 0  # placed by explicit gaps, not by its style's spacing
        self.lines: list[str] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (ReportLab API)
        """Break the text at the width (less the indent)."""
        style = self.style
        self.lines = SETTER.split(self.text, style.fontName, style.fontSize, availWidth - self.indent)
        self.width, self.height = availWidth, len(self.lines) * style.leading
        return self.width, self.height

    def draw(self) -> None:
        """Draw the lines top down."""
        baseline = self.height - self.style.fontSize
        x = self.width if self.align == "right" else self.indent
        for line in self.lines:
            _draw(self.canv, line, self.style, x, baseline, align=self.align)
            baseline -= self.style.leading


@record
class Placed:
    """A flowable placed in a container: its left edge and its first baseline, from the container's top."""

    flowable: TextLine | TextLines
    x: float
    baseline_drop: float
    width: float


class AgendaEntry(Tagged, Flowable):
    """One item of the cover's agenda (tag it ``LI``): its label, and beside it the brief's title and details.

    ``height`` is how far down the next entry starts; ``needed``, the room
    the entry must have to be shown at all.
    """

    def __init__(self, parts: Sequence[Placed], height: float, needed: float) -> None:
        super().__init__()
        self.parts, self.height, self.needed = parts, height, needed

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (ReportLab API)
        """Take the width and the entry's own height."""
        self.width = availWidth
        for part in self.parts:
            part.flowable.wrapOn(self.canv, part.width, availHeight)
        return self.width, self.height

    def draw(self) -> None:
        """Draw each part at its place, tagged as its own element."""
        for part in self.parts:
            flowable = part.flowable
            ascent = flowable.style.fontSize
            flowable.drawOn(self.canv, part.x, self.height - part.baseline_drop + ascent - flowable.height)


class AgendaList(Tagged, Flowable):
    """The cover's agenda (tag it ``L``): as many entries as fit above ``floor``, then a line saying how many more.

    That line's baseline is ``more_drop`` below where the first entry left out would have started.
    """

    def __init__(
        self, entries: Sequence[AgendaEntry], more: Callable[[int], TextLine], floor: float, more_drop: float
    ) -> None:
        super().__init__()
        self.entries, self.more, self.floor, self.more_drop = entries, more, floor, more_drop
        self.shown: list[AgendaEntry] = []
        self.rest: TextLine | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (ReportLab API)
        """Keep the entries that fit, each with the room its title and details need, clear of the floor."""
        self.width, used = availWidth, 0.0
        self.shown, self.rest = [], None
        for index, entry in enumerate(self.entries):
            entry.wrapOn(self.canv, availWidth, availHeight)
            if availHeight - used - entry.needed < self.floor:
                self.rest = self.more(len(self.entries) - index)
                _, height = self.rest.wrapOn(self.canv, availWidth, availHeight)
                used += self._rest_offset() + height
                break
            self.shown.append(entry)
            used += entry.height
        self.height = used
        return self.width, self.height

    def draw(self) -> None:
        """Draw the entries top down, then the line about the rest."""
        top = self.height
        for entry in self.shown:
            top -= entry.height
            entry.drawOn(self.canv, 0, top)
        if self.rest is not None:
            self.rest.drawOn(self.canv, 0, top - self._rest_offset() - self.rest.height)

    def _rest_offset(self) -> float:
        assert self.rest is not None
        return float(self.more_drop - self.rest.style.fontSize)


@record
class ContentsItem:
    """What a contents entry shows: the agenda label, the brief's title and details, and the brief's pages."""

    label: str
    title: str
    details: tuple[str, ...]  # organisation, date, marking ("" where there is none); the page count follows
    run: str  # the brief's run of pages (``pack_document.brief_pages``)
    destination: str  # its first page's destination
    link_text: str  # what the link says it opens
    words: Labels = field(default_factory=lambda: labels_for("en"))  # the pack's labels ("3 pages")


class ContentsEntry(Tagged, Flowable):
    """One brief on the contents page (tag it ``Link``): label, title, a dot leader to its first page, details.

    The whole entry is the link to the brief's first page; the page number
    and the page count are drawn once the pack is laid out, the leader as an
    artifact. Its sizes are the theme's ``pack`` ones (``look``).
    """

    def __init__(self, item: ContentsItem, styles: dict[str, ParagraphStyle], look: PackLook):
        super().__init__()
        self.item, self.styles, self.look = item, styles, look.contents
        self.label_width, self.page_width = look.label_width, look.contents.page_column + look.contents.page_gap
        self.lines: list[str] = []

    @staticmethod
    def height_of(lines: int, styles: dict[str, ParagraphStyle]) -> float:
        """Return the height of an entry whose title takes ``lines`` lines."""
        title = styles["pack.item.title"]
        return float(title.spaceBefore + lines * title.leading + styles["pack.item.detail"].leading)

    def title_width(self, width: float) -> float:
        """Return the width the title is broken at, in a column ``width`` wide."""
        return width - self.label_width - self.page_width

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (ReportLab API)
        """Break the title into lines."""
        title = self.styles["pack.item.title"]
        self.lines = SETTER.split(self.item.title, title.fontName, title.fontSize, self.title_width(availWidth))
        self.width, self.height = availWidth, self.height_of(len(self.lines), self.styles)
        return self.width, self.height

    def draw(self) -> None:
        """Draw the entry; leave the page number, leader and details for when the pagination is known."""
        canvas, styles = self.canv, self.styles
        title = styles["pack.item.title"]
        baseline = self.height - title.spaceBefore - title.fontSize
        _draw(canvas, self.item.label.upper(), styles["pack.item.label"], 0, baseline)
        end = self.label_width
        for line in self.lines:
            end = self.label_width + _draw(canvas, line, title, self.label_width, baseline)
            baseline -= title.leading
        last = baseline + title.leading
        with tagging.artifact(canvas):
            draw_when_paginated(canvas, functools.partial(self._draw_leader, end, last))
        draw_when_paginated(canvas, functools.partial(self._draw_page_and_details, last))
        rect = (0, 0, self.width, self.height - title.spaceBefore + self.look.link_rise)
        canvas.linkRect(self.item.link_text, self.item.destination, rect, relative=1)

    def _page_number(self, pagination: Pagination) -> tuple[str, float]:
        text, style = str(pagination.firsts[self.item.run]), self.styles["pack.item.page"]
        return text, float(stringWidth(text, style.fontName, style.fontSize))

    def _draw_leader(self, start: float, y: float, canvas: Canvas, pagination: Pagination) -> None:
        style = self.styles["pack.item.detail"]
        canvas.setFont(style.fontName, style.fontSize)
        canvas.setFillColor(style.textColor)
        look = self.look
        x = self.width - self._page_number(pagination)[1] - look.leader_gap - look.leader_dot
        while x > start + look.leader_gap:
            canvas.drawString(x, y, ".")
            x -= look.leader_step

    def _draw_page_and_details(self, y: float, canvas: Canvas, pagination: Pagination) -> None:
        styles = self.styles
        _draw(canvas, self._page_number(pagination)[0], styles["pack.item.page"], self.width, y, align="right")
        pages = pagination.lengths[self.item.run]
        details = [*(part for part in self.item.details if part), self.item.words("page_count", count=pages)]
        detail = styles["pack.item.detail"]
        room = self.title_width(self.width)
        text = SETTER.clip(SEPARATOR.join(details), detail.fontName, detail.fontSize, room)
        _draw(canvas, text, detail, self.label_width, y - detail.leading)
