"""A tinted, bordered box around other flowables (key points, a callout, a pack's marking) that breaks like text."""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable

from briefgen.pdf.tagging import Tagged


class ShadedBox(Tagged, Flowable):
    """A tinted, bordered box around other flowables that splits across pages like text does.

    Its first flowable is its label (the box's title); each part after the
    first starts with ``continuation`` ("Key points (continued)"). A part
    holds at least ``keep`` of content under its label, so that neither a
    label nor a line or two end a page alone in a box of their own.
    """

    def __init__(
        self,
        content: list[Flowable],
        *,
        background: Color | None,
        border: Color | None,
        border_width: float,
        padding: float,
        continuation: Flowable | None = None,
        outline_entry: tuple[str, int] | None = None,
        keep: float = 0.0,
    ) -> None:
        super().__init__()
        self.content = content
        self.background = background
        self.border = border
        self.border_width = border_width
        self.padding = padding
        self.continuation = continuation
        self.outline_entry = outline_entry
        self.keep = keep
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
        """Fill the space left with as much content as fits; the rest goes in a continued box.

        Returns nothing (the box moves on whole) when the space left would
        hold the label alone, or less than ``keep`` under it; the break moves
        up when it would leave the next part less than ``keep``.
        """
        inner = self._inner_width(availWidth)
        room = availHeight - 2 * self.padding
        taken, rest, content = self._fill(inner, room)
        if not rest or len(taken) < 2 or content < self.keep:
            return []
        for _ in range(3):
            short = self.keep - self._height_of(rest, inner, self.keep)
            if short <= 0:
                break
            # A little more than what is short: a paragraph gives back whole lines.
            fewer, more, less_content = self._fill(inner, room - short - 1.0)
            if len(fewer) < 2 or less_content < self.keep or not more:
                break  # too small to leave both parts their share: split where it fits
            taken, rest = fewer, more
        first = self._copy(taken, continuation=self.continuation, outline_entry=self.outline_entry)
        first.spaceBefore = self.getSpaceBefore()
        following = [self.continuation, *rest] if self.continuation is not None else rest
        last = self._copy(following, continuation=self.continuation, outline_entry=None, keep=self.keep)
        last.spaceAfter = self.getSpaceAfter()
        return [first, last]

    def _fill(self, inner: float, room: float) -> tuple[list[Flowable], list[Flowable], float]:
        """Return what fits in ``room``, what is left, and the height of what fits under the label."""
        taken: list[Flowable] = []
        rest = list(self.content)
        used = label = 0.0
        while rest:
            flowable = rest[0]
            gap = max(flowable.getSpaceBefore(), taken[-1].getSpaceAfter()) if taken else 0.0
            _, height = flowable.wrapOn(self.canv, inner, room - used - gap)
            if used + gap + height <= room:
                taken.append(rest.pop(0))
                used += gap + height
                label = label or used
                continue
            if room - used - gap > 0:
                parts = flowable.splitOn(self.canv, inner, room - used - gap)
                if len(parts) > 1:
                    _, height = parts[0].wrapOn(self.canv, inner, room - used - gap)
                    taken.append(parts[0])
                    rest[0:1] = parts[1:]
                    used += gap + height
            break
        return taken, rest, used - label

    def _height_of(self, content: list[Flowable], inner: float, enough: float) -> float:
        """Return the height of ``content`` stacked, or of as much of it as first reaches ``enough``."""
        total = 0.0
        for index, flowable in enumerate(content):
            if index:
                total += max(flowable.getSpaceBefore(), content[index - 1].getSpaceAfter())
            total += flowable.wrapOn(self.canv, inner, 1e9)[1]
            if total >= enough:
                break
        return total

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
