"""Where a paragraph's breakpoints fall among its words, looked up only for the breaks a breaking takes.

Input: from ``paragraph_items``, the index of each word's first breakpoint and
the words' records (their breaks). Output: ``Places``, a sequence of
``Place``: for each breakpoint, its word and, for a break inside the word,
the character it falls before (-1: after the word). A paragraph has hundreds
of breakpoints and a dozen lines, so a place is worked out when asked (a
bisection among the words' starts) rather than stored for each breakpoint.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from itertools import accumulate, count
from operator import add, itemgetter
from typing import overload

# Where a breakpoint falls among the words: (word index, character index); a character
# index of -1 means after the whole word.
Place = tuple[int, int]
# A word as the breaker sees it: its width; each break inside it as (width of the piece before it,
# width added if taken, penalty, flagged, character index); the width of the piece after the last.
WordBreakRecord = tuple[float, float, float, bool, int]
WordRecord = tuple[float, tuple[WordBreakRecord, ...], float]


class Places(Sequence[Place]):
    """Where each breakpoint falls among the words: in a word after a break's character, or after the word (-1).

    Worked out when asked, from where each word's breakpoints start: a paragraph's hundreds of
    breakpoints are made, the dozen where its lines end are looked up.
    """

    def __init__(self, starts: list[int] | None, records: Sequence[WordRecord], length: int) -> None:
        """Make the places; ``starts`` None: each word's breaks and the one after it, one after another."""
        self._starts, self.records, self.length = starts, records, length

    @property
    def starts(self) -> list[int]:
        """Each word's first breakpoint."""
        if self._starts is None:
            # A word's first breakpoint follows the breaks inside the words before it and the one after each.
            inside = accumulate(map(len, map(itemgetter(1), self.records[:-1])), initial=0)
            self._starts = list(map(add, count(), inside))
        return self._starts

    def __len__(self) -> int:
        return self.length

    @overload
    def __getitem__(self, index: int) -> Place: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Place]: ...

    def __getitem__(self, index: int | slice) -> Place | Sequence[Place]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self.length))]
        if index < 0:
            index += self.length
        if not 0 <= index < self.length:
            raise IndexError(index)
        starts = self.starts
        word = bisect.bisect_right(starts, index) - 1
        breaks = self.records[word][1]
        within = index - starts[word]  # the breaks inside the word come first, then those after it
        return (word, breaks[within][4]) if within < len(breaks) else (word, -1)

    def taken(self, indices: Iterable[int]) -> tuple[Place, ...]:
        """Return the places of ``indices`` (a breaking's breaks) together: one lookup of each, no checks."""
        starts, records, word_at = self.starts, self.records, bisect.bisect_right
        found = []
        for index in indices:
            word = word_at(starts, index) - 1
            within, breaks = index - starts[word], records[word][1]
            found.append((word, breaks[within][4]) if within < len(breaks) else (word, -1))
        return tuple(found)
