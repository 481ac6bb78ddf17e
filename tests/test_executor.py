"""The executor seam: results from every task, and a dead worker reported as an error, not a traceback."""

from __future__ import annotations

import os

import pytest

from briefgen.errors import BriefgenError
from briefgen.executor import InProcessExecutor, ProcessPoolExecutor, make_executor


def square(number: int) -> int:
    return number * number


def die(number: int) -> int:
    os._exit(3)


@pytest.mark.parametrize("jobs", [1, 2])
def test_every_task_gives_one_result(jobs: int) -> None:
    executor = make_executor(jobs)
    try:
        assert sorted(executor.run(square, range(20))) == [n * n for n in range(20)]
    finally:
        executor.close()
    assert isinstance(executor, InProcessExecutor if jobs == 1 else ProcessPoolExecutor)


def test_a_dead_worker_is_reported_as_an_error() -> None:
    executor = ProcessPoolExecutor(2)
    try:
        with pytest.raises(BriefgenError, match="a worker process died while building"):
            list(executor.run(die, range(4)))
    finally:
        executor.close()
