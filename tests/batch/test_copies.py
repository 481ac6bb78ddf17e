"""Numbered and named copies: one mark and one file per copy, in order (the footer itself is drawn elsewhere)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.batch.copies import copy_marks, copy_path, marks_for, plan_copies
from briefgen.errors import SpecError, UsageError
from briefgen.model import CopyMark


def test_each_recipient_gets_a_numbered_copy_in_order() -> None:
    marks = copy_marks(["J. Smith", "A. Jones", "K. Lee"])

    assert [mark.text for mark in marks] == [
        "Copy 1 of 3 – J. Smith",
        "Copy 2 of 3 – A. Jones",
        "Copy 3 of 3 – K. Lee",
    ]


def test_copies_without_names_are_numbered_only() -> None:
    assert [mark.text for mark in copy_marks(count=2)] == ["Copy 1 of 2", "Copy 2 of 2"]
    with pytest.raises(ValueError, match="between 1 and 9999"):
        copy_marks(count=0)


def test_copy_files_sit_beside_the_pdf_and_sort_in_order() -> None:
    pdf = Path("output/brief.pdf")

    assert copy_path(pdf, CopyMark(7, 20, "J. Smith")) == Path("output/brief.copy-07.pdf")
    assert copy_path(pdf, CopyMark(7, 9)) == Path("output/brief.copy-7.pdf")
    planned = plan_copies(pdf, copy_marks(count=12))
    assert [copy.path.name for copy in planned] == sorted(copy.path.name for copy in planned)
    assert planned[-1].mark == CopyMark(12, 12)


def test_the_options_give_the_marks_of_a_recipients_file_or_a_count(tmp_path: Path) -> None:
    recipients = tmp_path / "recipients.txt"
    recipients.write_text("# the committee\nJ. Smith\n\nA. Jones\n", encoding="utf-8")

    assert marks_for() == ()
    assert marks_for(recipients) == (CopyMark(1, 2, "J. Smith"), CopyMark(2, 2, "A. Jones"))
    assert marks_for(numbered=3) == copy_marks(count=3)
    with pytest.raises(UsageError, match="choose one"):
        marks_for(recipients, 3)
    recipients.write_text("J. Smith\nj. smith\n", encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        marks_for(recipients)
    assert "recipients.txt:2:1: 'j. smith' is already on line 1" in str(caught.value)
