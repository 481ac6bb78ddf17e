"""Pick a pack's marking from its briefs' classifications.

Input: classification markings. Output: how restrictive each is, and the
highest of them (what the pack's cover and own pages show).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

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
