"""The executor seam: results from every task, and a dead worker reported as an error, not a traceback."""

from __future__ import annotations

import multiprocessing
import os

import pytest

from briefgen.batch import processes
from briefgen.batch.executors import InProcessExecutor, make_executor
from briefgen.batch.pool import ProcessPoolExecutor
from briefgen.errors import BriefgenError


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


def fail(number: int) -> int:
    raise ValueError(f"task {number} failed")


def echo(data: bytes) -> bytes:
    return data + data


def test_an_exception_in_a_task_reaches_the_caller() -> None:
    executor = ProcessPoolExecutor(2)
    try:
        with pytest.raises(ValueError, match=r"task \d failed"):
            list(executor.run(fail, range(4)))
    finally:
        executor.close()


def test_tasks_and_results_larger_than_a_pipe_holds_do_not_deadlock() -> None:
    # Each is far past any pipe's buffer: the parent and a worker must never both wait to write.
    tasks = [bytes([n]) * 3_000_000 for n in range(6)]
    executor = ProcessPoolExecutor(2)
    try:
        results = sorted(executor.run(echo, tasks))
    finally:
        executor.close()
    assert results == sorted(task + task for task in tasks)


def test_a_run_stopped_early_leaves_nothing_for_the_next_run() -> None:
    executor = ProcessPoolExecutor(2)
    try:
        for _ in executor.run(square, range(10)):
            break  # as Ctrl-C does; the other results are still on their way
        assert sorted(executor.run(square, range(100, 110))) == [n * n for n in range(100, 110)]
    finally:
        executor.close()


def test_no_task_starts_no_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    forked: list[processes.ForkedProcess] = []
    monkeypatch.setattr(processes.ForkedProcess, "start", lambda process: forked.append(process))
    before = multiprocessing.active_children()
    executor = ProcessPoolExecutor(2)
    assert list(executor.run(square, [])) == []
    assert forked == []
    assert multiprocessing.active_children() == before


def test_workers_start_afresh_when_this_process_runs_threads() -> None:
    # Forking a process that runs threads (a Dask client, a watch) is unsafe: the pool uses forkserver.
    import threading

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    executor = ProcessPoolExecutor(2)
    try:
        assert sorted(executor.run(square, range(10))) == [n * n for n in range(10)]
        assert {type(process).__name__ for process in multiprocessing.active_children()} == {"ForkServerProcess"}
    finally:
        executor.close()
        stop.set()
        thread.join()
