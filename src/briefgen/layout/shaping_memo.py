"""Paragraphs remembered while one brief is rendered, so that a retried layout neither shapes nor breaks again.

Input: a paragraph's spans, faces, size, language and direction. Output: its
``ShapedText`` and a dictionary of the lines it was broken into, per measure
and rules (``ShapedParagraph._break`` fills it); and anything else made of a
paragraph's text alone (``remembered``: its runs, its fragments and the lines
they were cut into). Rendering a brief may lay it out up to four times
(``style.tightening`` pulls a stranded last page back with tighter spacing,
which never changes a paragraph's text, faces or measure); inside
``remembering()`` each try finds the shaping and lines the first one made.
Outside it (a layout on its own, a test), every paragraph is shaped afresh.
Kept for one render only: a brief in Korean holds a few megabytes of glyphs,
which a batch worker should not carry from brief to brief. No ReportLab.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Hashable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # the shaping machinery loads with the first paragraph that needs it, not with every brief
    from briefgen.pdf.shaping import ShapedText, Span
    from briefgen.style.font_choice import FaceChain

Remembered = tuple["ShapedText", dict[Hashable, Any]]
T = TypeVar("T")

_memo: dict[Hashable, Any] | None = None  # Remembered shapings, and what ``remembered`` keeps


@contextlib.contextmanager
def remembering() -> Iterator[None]:
    """Remember every paragraph shaped until the block ends (a block inside another shares the outer memo)."""
    # A module global: the layout has no other way to hand it down. Two renders at once (threads) would share it
    # harmlessly: the keys hold everything that decides a shaping.
    global _memo
    outer = _memo
    if outer is None:
        _memo = {}
    try:
        yield
    finally:
        _memo = outer


def shaped(
    spans: Sequence[Span], chain: Callable[[str], FaceChain], size: float, lang: str, direction: str | None
) -> Remembered:
    """Return ``spans`` shaped (``shaping.shape_text``) and the lines remembered for it: as before, if it was."""
    from briefgen.pdf.shaping import shape_text

    if _memo is None:
        return shape_text(spans, chain, size, lang, direction), {}
    spans = tuple(spans)
    faces = tuple(chain(weight) for weight in dict.fromkeys(span.weight for span in spans))
    key = (spans, faces, size, lang, direction)
    found = _memo.get(key)
    if found is None:
        found = _memo[key] = (shape_text(spans, chain, size, lang, direction), {})
    return found


def remembered(key: Hashable, make: Callable[[], T]) -> T:
    """Return ``make()``, made once per ``key`` (a tuple starting with what it is) inside ``remembering()``."""
    if _memo is None:
        return make()
    if key in _memo:
        known: T = _memo[key]
        return known
    made = _memo[key] = make()
    return made
