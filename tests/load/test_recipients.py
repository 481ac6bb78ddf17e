"""Recipients files for numbered copies: names in order, every bad line located, nothing half-read."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.errors import SpecError
from briefgen.load.recipients import MAX_NAME_LENGTH, load_recipients, parse_recipients


def test_names_come_in_order_without_blank_lines_and_comments(tmp_path: Path) -> None:
    path = tmp_path / "recipients.txt"
    path.write_text(
        "\ufeff# Council, 3 December\nJ. Smith\n\n  A.   Jones  \n# observers\nDr K. Lee\n", encoding="utf-8"
    )

    assert load_recipients(path) == ("J. Smith", "A. Jones", "Dr K. Lee")


def test_every_bad_line_is_reported_with_its_place() -> None:
    text = f"J. Smith\n{'x' * (MAX_NAME_LENGTH + 1)}\n  j. smith\nbell\x07\n"

    with pytest.raises(SpecError) as raised:
        parse_recipients(text, "recipients.txt")

    assert str(raised.value).splitlines() == [
        f"recipients.txt:2:1: the name is {MAX_NAME_LENGTH + 1} characters; a footer has room for "
        f"{MAX_NAME_LENGTH}: shorten it",
        "recipients.txt:3:3: 'j. smith' is already on line 1: two copies for one name cannot be told apart; "
        "add an initial or a role",
        "recipients.txt:4:1: the name has control characters: write it as plain text",
    ]


def test_a_file_without_names_is_an_error() -> None:
    with pytest.raises(SpecError, match=r"recipients\.txt:1:1: no names: write one recipient a line"):
        parse_recipients("# nobody yet\n\n", "recipients.txt")


def test_a_file_that_is_not_text_or_not_a_file_is_one_error(tmp_path: Path) -> None:
    latin = tmp_path / "latin.txt"
    latin.write_bytes(b"J. Smith\nJos\xe9\n")

    with pytest.raises(SpecError, match=r"latin\.txt:2:1: not UTF-8 text"):
        load_recipients(latin)
    with pytest.raises(SpecError, match="not a regular file"):
        load_recipients(tmp_path)
    with pytest.raises(SpecError, match="cannot read the file"):
        load_recipients(tmp_path / "missing.txt")
