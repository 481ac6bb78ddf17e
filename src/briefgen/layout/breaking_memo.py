"""The breakings of ReportLab's paragraphs, remembered per process, so that the same paragraph is never broken twice.

Input: what decides a paragraph's lines (its words, font, break rules,
setting and line widths, and whether its last line is filled; for words in
several fonts, each piece's text and look) and, the first time, the
breaking the breaker chose with the breakpoints it chose it from. Output:
that breaking and each line's end (``LineEnds``), from which
``paragraph_lines.plain_lines`` (or ``cut_lines``) cuts the words again. A retried layout
(``style.tightening`` changes spacing, never a paragraph's lines), a
``watch`` rebuild and a pack holding a brief lay the same paragraphs out
again; each finds its lines here instead of breaking them anew. Only the
few numbers the lines need are kept, never the breakpoints (tens of
kilobytes a paragraph), and at most ``MEMO_SIZE`` paragraphs, the least
recently used forgotten first. No ReportLab.
"""

from __future__ import annotations

import contextlib
from collections.abc import Hashable, Sequence
from operator import add, itemgetter
from typing import NamedTuple

from briefgen.layout.linebreak import Breaking, Breakpoints
from briefgen.layout.word_places import Place, Places

MEMO_SIZE = 512  # paragraphs: a few long briefs' worth (one has about 170), about a megabyte and a half


class LineEnds(NamedTuple):
    """A paragraph's breaking, and each line's end: its place among the words, and the totals around it."""

    breaking: Breaking
    places: tuple[Place, ...]  # where each line ends among the words
    # Plain words only (frag words keep their places alone):
    ends: tuple[float, ...]  # the total width at each line's end, a hyphen added there included
    starts: tuple[float, ...]  # the total width where the line after each starts


def line_ends(breaking: Breaking, points: Breakpoints, places: Sequence[Place]) -> LineEnds:
    """Return what cutting the words at ``breaking`` needs of its breakpoints."""
    chosen = breaking.points
    if len(chosen) == 1:
        (b,) = chosen
        return LineEnds(breaking, (places[b],), (points.width[b] + points.pwidth[b],), (points.after[b][0],))
    pick = itemgetter(*chosen)  # a paragraph's hundreds of breakpoints, its dozen breaks picked at C speed
    return LineEnds(
        breaking,
        places.taken(chosen) if isinstance(places, Places) else pick(places),
        tuple(map(add, pick(points.width), pick(points.pwidth))),
        tuple(map(itemgetter(0), pick(points.after))),
    )


_memo: dict[Hashable, LineEnds] = {}


def remembered(key: Hashable) -> LineEnds | None:
    """Return the line ends kept for ``key``, or None."""
    found = _memo.pop(key, None)
    if found is not None:
        _memo[key] = found  # the most recently used last: forgotten last
    return found


def remember(key: Hashable, ends: LineEnds) -> LineEnds:
    """Keep ``ends`` for ``key``, forgetting the least recently used past ``MEMO_SIZE``; return ``ends``."""
    _memo[key] = ends
    if len(_memo) > MEMO_SIZE:
        # Another thread (a Dask worker's) may have changed the memo meanwhile: then it forgets the oldest.
        with contextlib.suppress(KeyError, RuntimeError, StopIteration):
            del _memo[next(iter(_memo))]
    return ends


def remembered_count() -> int:
    """Return how many paragraphs' breakings are kept."""
    return len(_memo)


def forget_all() -> None:
    """Forget every breaking kept (for tests)."""
    _memo.clear()
