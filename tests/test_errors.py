"""The one shape of every error a user sees: ``error: `` and the message, one line per problem, printable."""

from __future__ import annotations

from pathlib import Path

from briefgen.errors import Problem, SpecError, error_lines, internal_error_message


def test_every_line_of_an_error_is_prefixed() -> None:
    error = SpecError(Path("a.yaml"), [Problem(1, 2, "title", "missing"), Problem(3, 4, "", "bad byte")])
    assert error_lines(str(error)) == "error: a.yaml:1:2: title: missing\nerror: a.yaml:3:4: bad byte\n"


def test_unprintable_characters_never_reach_the_terminal() -> None:
    assert error_lines("bad\x1b[2J.yaml: cannot read") == "error: bad\\x1b[2J.yaml: cannot read\n"


def test_an_empty_message_prints_nothing() -> None:
    assert error_lines("") == ""


def test_a_bug_names_what_briefgen_was_doing_and_how_to_report_it() -> None:
    assert internal_error_message(Path("a.yaml"), "checking", ValueError("x\ny")) == (
        "a.yaml: internal error while checking (ValueError: x y); "
        "please report it, with the output of `briefgen --debug`"
    )
    assert internal_error_message("", "running `briefgen new`", ValueError("x")).startswith(
        "internal error while running `briefgen new` (ValueError: x)"
    )
