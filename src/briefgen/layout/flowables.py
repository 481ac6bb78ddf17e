"""The few custom platypus flowables briefgen needs that ReportLab does not provide."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable, KeepTogether, Table
from reportlab.platypus.doctemplate import ActionFlowable

from briefgen import reportlab_compat
from briefgen.pdf.images import (
    draw_image,
    image_size,
)
from briefgen.pdf.tagging import Tagged, mark_artifact
from briefgen.pdf.text_lines import LineSetter, draw_drawing


class TaggedTable(Tagged, Table):
    """A platypus table that joins the structure tree: its grid is decoration, its cells are TH/TD.

    ``continued``, if set, makes the caption that heads each continuation page.
    """

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 (ReportLab API)
        """Split as ReportLab does; the header rows it repeats on the next page are pagination artifacts.

        ReportLab repeats the very same cell objects, which would read the
        header to a screen reader once per page.
        """
        parts = self._split_rows(availWidth, availHeight)
        continued: Callable[[], Flowable] | None = getattr(self, "continued", None)
        for part in parts[1:]:
            repeated = part.repeatRows if isinstance(part.repeatRows, int) else len(part.repeatRows)
            for index in range(repeated):
                cells = reportlab_compat.table_cells(part)
                cells[index] = [_artifact_copy(cell) for cell in cells[index]]
            part.continued = continued
        if continued is None or len(parts) < 2:
            return parts
        # "Table 2 (continued)" heads the rest, on the next page: the rest never fits beside the first part.
        return [parts[0], KeepTogether([continued(), parts[1]]), *parts[2:]]

    def _split_rows(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 (ReportLab API)
        """Split where ReportLab does, unless that sends one row alone on: then one row earlier.

        A last row alone under "Table 2 (continued)" and the repeated header
        reads as a table of its own. Moving the row before it along too
        leaves two on the next page, if the first part keeps two.
        """
        parts: list[Flowable] = super().split(availWidth, availHeight)
        if len(parts) != 2 or self._body_rows(parts[1]) != 1 or self._body_rows(parts[0]) < _ROWS_KEPT + 1:
            return parts
        _, placed = parts[0].wrap(availWidth, availHeight)
        # Any less room than the first part took fits one row fewer (no row is half a point tall).
        earlier: list[Flowable] = super().split(availWidth, placed - 0.5)
        if len(earlier) == 2 and self._body_rows(earlier[1]) == _ROWS_KEPT:
            return earlier
        return parts

    def _body_rows(self, part: Flowable) -> int:
        """Return how many rows of ``part`` (this table or a part of it) are not its header."""
        header = self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows)
        return len(reportlab_compat.table_cells(part)) - header


# Rows a table keeps together at a page break, on the page it continues on.
_ROWS_KEPT = 2


class HeadingWithNext(Flowable):
    """A heading and the flowable after it, so that the heading never ends a page alone.

    Room for a few lines after a heading (``CondPageBreak``) is not enough
    when what follows cannot split there: a figure, a table's first rows, a
    three-line reference that keeps its lines together. This asks the next
    flowable itself. It always splits (its height is more than any page):
    into the heading and the whole next flowable when both fit; into the
    heading and the next flowable's own parts when that splits in the room
    left; otherwise into nothing, which moves both to the next page, unless
    the page is already fresh (``fresh_page_room``), where moving cannot help.
    """

    def __init__(self, heading: Flowable, following: Flowable, fresh_page_room: float) -> None:
        super().__init__()
        self.heading = heading
        self.following = following
        self.fresh_page_room = fresh_page_room

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (ReportLab API)
        """Ask for more than any page has, so that the frame asks to split."""
        return availWidth, _MORE_THAN_A_PAGE

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 (ReportLab API)
        """Return the heading with what follows it, or nothing to move both to the next page."""
        both = [self.heading, self.following]
        if availHeight >= self.fresh_page_room:
            return both
        _, heading_height = self.heading.wrapOn(self.canv, availWidth, availHeight)
        room = (
            availHeight
            - self.heading.getSpaceBefore()
            - heading_height
            - max(self.heading.getSpaceAfter(), self.following.getSpaceBefore())
        )
        if room <= 0:
            return []
        _, height = self.following.wrapOn(self.canv, availWidth, room)
        if height <= room:
            return both
        parts: list[Flowable] = self.following.splitOn(self.canv, availWidth, room)
        if len(parts) >= 2 and not isinstance(parts[0], ActionFlowable):
            return [self.heading, *parts]
        return []


_MORE_THAN_A_PAGE = 0xFFFFFF


def _artifact_copy(cell: Any) -> Any:
    if isinstance(cell, (list, tuple)):
        return [_artifact_copy(item) for item in cell]
    if isinstance(cell, Flowable):
        return mark_artifact(copy.copy(cell))
    return cell


class LeftRuled(Tagged, Flowable):
    """Content set off by a vertical rule on its left (on its right, ``mirrored``, for right-to-left text)."""

    def __init__(
        self, content: Flowable, *, rule: Color, rule_width: float, indent: float, inset: float, mirrored: bool = False
    ) -> None:
        super().__init__()
        self.content = content
        self.rule = rule
        self.rule_width = rule_width
        self.indent = indent
        self.inset = inset  # the rule is this much shorter than the content at each end
        self.mirrored = mirrored

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        """Wrap the content inside the indent."""
        _, self.height = self.content.wrapOn(self.canv, availWidth - self.indent, availHeight)
        self.width = availWidth
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        """Split the content, keeping the rule on each part."""
        parts = self.content.splitOn(self.canv, availWidth - self.indent, availHeight)
        return [
            LeftRuled(
                p,
                rule=self.rule,
                rule_width=self.rule_width,
                indent=self.indent,
                inset=self.inset,
                mirrored=self.mirrored,
            )
            for p in parts
        ]

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
        x = self.width - self.rule_width / 2 if self.mirrored else self.rule_width / 2
        canvas.line(x, self.inset, x, self.height - self.inset)
        canvas.restoreState()
        self.content.drawOn(canvas, 0 if self.mirrored else self.indent, 0)


class Rule(Tagged, Flowable):
    """A full-width horizontal rule."""

    def __init__(self, colour: Color, thickness: float, *, space_before: float, space_after: float) -> None:
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

    def __init__(self, make: Callable[[float], Any], setter: LineSetter | None = None) -> None:
        super().__init__()
        self.make = make
        self.setter = setter
        self.drawing: Any = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        """Build the chart for the width available."""
        self.drawing = self.make(availWidth)
        self.width, self.height = float(self.drawing.width), float(self.drawing.height)
        return self.width, self.height

    def draw(self) -> None:
        """Draw the chart's shapes and text as vectors (labels in any script through the drawing's line setter)."""
        draw_drawing(self.drawing, self.canv, self.setter)
