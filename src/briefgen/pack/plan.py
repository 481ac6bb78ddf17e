"""Plan a pack's pages, and pick the pack's marking from its briefs' classifications.

Input: how many pages the contents and each brief take, and whether the
pack is printed double-sided. Output: the pack's pages in order (cover,
contents, each brief's pages, blank pages), and the highest classification.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Classification markings from least to most restrictive (UK, US and NATO schemes). A marking
# that is not listed cannot be ranked; it is treated as the most restrictive, to err on the safe side.
MARKING_RANKS = (
    ("PUBLIC", 0),
    ("UNCLASSIFIED", 0),
    ("OFFICIAL-SENSITIVE", 2),
    ("OFFICIAL", 1),
    ("RESTRICTED", 3),
    ("CONFIDENTIAL", 4),
    ("TOP SECRET", 6),
    ("SECRET", 5),
)
_UNRANKED = 99


def marking_rank(marking: str) -> int:
    """Return how restrictive a classification marking is; unknown markings rank highest."""
    words = " ".join(re.split(r"[\s_]+", marking.upper().strip()))
    if not words:
        return -1
    for name, rank in MARKING_RANKS:
        if re.search(rf"(^|[^A-Z-]){re.escape(name)}($|[^A-Z-])", words):
            return rank
    return _UNRANKED


def highest_classification(markings: Iterable[str]) -> str:
    """Return the most restrictive of ``markings`` (first given wins a tie), or "" if there are none."""
    best, best_rank = "", -1
    for marking in markings:
        rank = marking_rank(marking)
        if rank > best_rank:
            best, best_rank = marking.strip(), rank
    return best


@dataclass(frozen=True)
class PackPage:
    """One page of the pack: what is on it ("cover", "contents", "blank" or "brief") and which one."""

    kind: str
    index: int = 0  # the brief's index for "brief", the contents page's for "contents"
    page: int = 0  # the page of the brief (0-based) for "brief"


def plan_pages(contents_pages: int, brief_pages: Sequence[int], *, duplex: bool) -> list[PackPage]:
    """Return the pack's pages in order: cover, contents, then each brief, padded for duplex printing.

    The contents sit on the back of the cover. With ``duplex`` every brief starts
    on an odd (right-hand) page and the pack has an even number of pages, so the
    next copy off a duplex printer never starts on the back of this one.
    """
    pages = [PackPage("cover")] + [PackPage("contents", n) for n in range(contents_pages)]

    def pad() -> None:
        if duplex and len(pages) % 2:
            pages.append(PackPage("blank"))

    pad()
    for index, count in enumerate(brief_pages):
        pages += [PackPage("brief", index, page) for page in range(count)]
        pad()
    return pages


def brief_starts(plan: Sequence[PackPage]) -> list[int]:
    """Return the 1-based pack page each brief starts on."""
    starts: dict[int, int] = {}
    for number, page in enumerate(plan, 1):
        if page.kind == "brief":
            starts.setdefault(page.index, number)
    return [starts[index] for index in sorted(starts)]
