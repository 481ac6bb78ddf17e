"""attempt: the one place a batch catches a bug, so one bad spec never stops the others; the warm-up."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from briefgen.batch.worker import Attempt, attempt
from briefgen.errors import Problem, SpecError
from conftest import REPO

SPEC = Path("specs/brief.yaml")


def test_the_work_gives_its_value() -> None:
    assert attempt(SPEC, "checking", lambda: 42) == Attempt(42)


def test_the_users_mistake_comes_back_as_its_error() -> None:
    error = SpecError(SPEC, [Problem(1, 1, "title", "missing")])

    def work() -> None:
        raise error

    result = attempt(SPEC, "checking", work)
    assert result.error is error
    assert result.message == "specs/brief.yaml:1:1: title: missing"
    assert result.traceback == ""


def _bug() -> None:
    raise KeyError("oops")


def test_a_bug_is_one_line_naming_the_spec_without_a_traceback() -> None:
    result = attempt(SPEC, "building", _bug)
    assert result.value is None
    assert result.error is None
    assert result.message == (
        "specs/brief.yaml: internal error while building (KeyError: 'oops'); "
        "please report it, with the output of `briefgen --debug`"
    )
    assert result.traceback == ""


def test_a_bug_keeps_its_traceback_when_debugging() -> None:
    result = attempt(SPEC, "building", _bug, debug=True)
    assert result.traceback.startswith("Traceback (most recent call last):")
    assert "_bug" in result.traceback


_WARM_UP_TWICE = """
import gc
from briefgen.batch.worker import warm_up
warm_up()
frozen = gc.get_freeze_count()
later = [[index] for index in range(1000)]
warm_up()
print(frozen > 10_000, gc.get_freeze_count() == frozen, gc.isenabled())
"""


def test_the_warm_up_freezes_what_the_process_holds_once() -> None:
    # In a process of its own: freezing is for the rest of a process's life.
    command = [sys.executable, "-c", _WARM_UP_TWICE]
    result = subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=True)
    assert result.stdout.split() == ["True", "True", "True"], result.stderr
