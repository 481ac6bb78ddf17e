"""Bookmarks: a brief's flat outline, a pack's with each brief's entries under it."""

from __future__ import annotations

import pytest

from briefgen.pdf.outline import Outline, OutlineEntry


def test_outline_nests_each_entry_under_the_one_before_a_level_up() -> None:
    entries = [OutlineEntry("Contents", 2, 800), OutlineEntry("Item 1", 3, 800)]
    entries += [OutlineEntry("Key points", 3, 600, 1), OutlineEntry("Section", 4, 500, 1)]
    entries += [OutlineEntry("Item 2", 5, 800)]
    outline = Outline(entries)
    assert outline.kids == {-1: [0, 1, 4], 1: [2, 3]}
    assert outline.parents == [-1, -1, 1, 1, -1]
    assert (outline.descendants(-1), outline.descendants(1), outline.descendants(0)) == (5, 2, 0)


def test_outline_entries_never_skip_a_level() -> None:
    with pytest.raises(ValueError, match="more than one level below"):
        Outline([OutlineEntry("Top", 1, 800), OutlineEntry("Too deep", 1, 700, 2)])
