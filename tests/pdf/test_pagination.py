"""What waits for the page count: runs of pages, and drawings put in place once the document is laid out."""

from __future__ import annotations

import io

import pytest
from reportlab.pdfgen.canvas import Canvas

from briefgen.pdf.pagination import Pagination, draw_when_paginated


def test_pagination_knows_where_each_run_starts_and_how_long_it_is() -> None:
    pagination = Pagination.of(["pack", "pack", "brief-1", "brief-1", "brief-1", "pack", "brief-2"])
    assert pagination.pages == 7
    assert pagination.firsts == {"pack": 1, "brief-1": 3, "brief-2": 7}
    assert pagination.lengths == {"pack": 3, "brief-1": 3, "brief-2": 1}
    assert pagination.page_in_run(4, "brief-1") == 2


def test_drawing_that_waits_for_the_page_count_needs_briefgens_canvas() -> None:
    with pytest.raises(TypeError, match="BriefCanvas"):
        draw_when_paginated(Canvas(io.BytesIO()), lambda canvas, pagination: None)
