"""What is only known once every page is laid out: page counts, and where each run of pages starts.

Input: the run each finished page belongs to (a brief's pages in a meeting
pack are one run; a brief printed alone is one run of all its pages), and
drawings that wait for those numbers. Output: ``Pagination`` (each run's
first page and length, the document's page count), and the content-stream
operators of each waiting drawing, put where it was asked for. This is how
"Page N of M", a pack's contents page numbers and its page count are drawn
in one layout pass.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from reportlab.pdfgen.canvas import Canvas

from briefgen import reportlab_compat
from briefgen.records import record


@record
class Pagination:
    """The finished document's page count, and the first page (from 1) and length of each run of pages."""

    pages: int
    firsts: dict[str, int]
    lengths: dict[str, int]

    @classmethod
    def of(cls, runs: Sequence[str]) -> Pagination:
        """Return the pagination of a document whose pages, in order, belong to ``runs``."""
        firsts: dict[str, int] = {}
        lengths: dict[str, int] = {}
        for number, run in enumerate(runs, start=1):
            firsts.setdefault(run, number)
            lengths[run] = lengths.get(run, 0) + 1
        return cls(len(runs), firsts, lengths)

    def page_in_run(self, number: int, run: str) -> int:
        """Return where page ``number`` of the document falls in its run, from 1."""
        return number - self.firsts[run] + 1


# Draws on the canvas once every page is laid out (the canvas's font, colour and position are its own).
LaterDrawing = Callable[[Canvas, Pagination], None]


def draw_when_paginated(canvas: Canvas, draw: LaterDrawing) -> None:
    """Have ``draw`` draw at this point of the page being drawn, once the document's pagination is known.

    What it draws belongs to the marked content open here (a contents
    entry's page number is the content of its entry). The canvas must be
    a ``brief_canvas.BriefCanvas``.
    """
    slots: LaterSlots | None = getattr(canvas, "later", None)
    if slots is None:
        raise TypeError("drawing that waits for the page count needs briefgen's canvas (pdf.brief_canvas.BriefCanvas)")
    slots.add(canvas, draw)


class LaterSlots:
    """Drawings waiting for the pagination, each with its slot in a page's content stream."""

    def __init__(self) -> None:
        self._waiting: list[tuple[int, str, LaterDrawing]] = []

    def add(self, canvas: Canvas, draw: LaterDrawing) -> None:
        """Leave a slot for ``draw`` at the current point of the page being drawn."""
        slot = f"%briefgen-later-{len(self._waiting)}"
        reportlab_compat.page_operators(canvas).append(slot)
        self._waiting.append((reportlab_compat.page_number(canvas), slot, draw))

    def fill(self, canvas: Canvas, pages: Sequence[Any], pagination: Pagination) -> None:
        """Draw every waiting drawing into its slot of the finished ``pages`` (ReportLab's page objects)."""
        for number, slot, draw in self._waiting:
            code = operators_of(canvas, functools.partial(_isolated, canvas, draw, pagination))
            reportlab_compat.replace_in_page_stream(pages[number - 1], slot, code)
        self._waiting.clear()


def _isolated(canvas: Canvas, draw: LaterDrawing, pagination: Pagination) -> None:
    # The slot sits among operators that assume the graphics state around it: leave it as found.
    canvas.saveState()
    draw(canvas, pagination)
    canvas.restoreState()


def operators_of(canvas: Canvas, draw: Callable[[], None]) -> str:
    """Return the content-stream operators ``draw`` makes on ``canvas``, without adding them to its page."""
    page_code = reportlab_compat.swap_page_operators(canvas, [])
    try:
        draw()
        return "\n".join(reportlab_compat.page_operators(canvas))
    finally:
        reportlab_compat.swap_page_operators(canvas, page_code)
