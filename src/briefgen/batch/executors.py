"""Run build tasks somewhere: in this process, in local worker processes, or on a Dask cluster.

Input: a function and an iterable of tasks. Output: the results, in the order
they finish. This is the one seam between a batch and where its work runs;
each executor keeps only a few tasks in flight, so a batch of any size holds
a bounded amount of specs and PDFs in memory, and stopping early (``close``)
cancels what has not started.

Local workers are processes, not threads: ReportLab is not thread-safe. Each
worker imports the renderer and registers the fonts once, when it starts.
"""

from __future__ import annotations

import contextlib
import importlib
import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from briefgen.errors import BriefgenError

if TYPE_CHECKING:
    import multiprocessing.process
    from multiprocessing.connection import Connection

T = TypeVar("T")
R = TypeVar("R")

# Tasks in flight per Dask worker: enough to keep each busy while results travel back.
_IN_FLIGHT_PER_WORKER = 4


class Executor(Protocol):
    """Where a batch's tasks run."""

    workers: int

    def run(self, function: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        """Yield ``function(task)`` for every task, in the order they finish."""
        ...

    def close(self) -> None:
        """Stop: cancel tasks not yet started and release the workers."""
        ...


def default_jobs() -> int:
    """Return the number of CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def make_executor(jobs: int, scheduler: str | None = None, *, warm_up: Callable[[], None] | None = None) -> Executor:
    """Return the executor for ``jobs`` local processes, or for the Dask ``scheduler`` when one is given.

    Raises:
        BriefgenError: the Dask extra is not installed or the scheduler cannot be reached.

    """
    if scheduler:
        return DaskExecutor(scheduler)
    if jobs <= 1:
        return InProcessExecutor(warm_up)
    return ProcessPoolExecutor(jobs, warm_up)


class InProcessExecutor:
    """Run every task here, one after the other (``--jobs 1``)."""

    workers = 1

    def __init__(self, warm_up: Callable[[], None] | None = None) -> None:
        self._warm_up = warm_up

    def run(self, function: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        """Yield ``function(task)`` for every task, in order."""
        for task in tasks:
            if self._warm_up is not None:
                self._warm_up()
                self._warm_up = None
            yield function(task)

    def close(self) -> None:
        """Do nothing: there is nothing to release."""


class ProcessPoolExecutor:
    """Run tasks in ``jobs`` local worker processes, started on the first task.

    Each worker has a pipe of its own and is given its next task as soon as it
    returns a result. The parent runs no threads: it waits on the pipes, and
    sends and receives one message per task. (``concurrent.futures``' pool
    hands every task through two threads of its own and a future: on two
    cores that took about 2.5% of a batch from the workers.) A worker is sent
    a task only when it has none, so it is always reading when the parent
    writes, and the parent always reads before it writes: however large a
    spec or a result, neither side waits on the other's full pipe.
    """

    def __init__(self, jobs: int, warm_up: Callable[[], None] | None = None) -> None:
        self.workers = jobs
        self._warm_up = warm_up
        self._processes: list[multiprocessing.process.BaseProcess] = []
        self._pipes: list[Connection] = []

    def _start(self, function: Callable[[Any], Any]) -> None:
        import multiprocessing
        import threading

        # Forking is the cheapest start, but unsafe once this process runs threads (a Dask
        # client, a test harness): then let each worker start afresh.
        methods = multiprocessing.get_all_start_methods()
        fork = "fork" in methods and threading.active_count() == 1
        context = multiprocessing.get_context("fork" if fork else ("forkserver" if "forkserver" in methods else None))
        for _ in range(self.workers):
            ours, theirs = context.Pipe()
            # A daemon: should this process die, its workers go with it.
            process = context.Process(target=_serve, args=(theirs, function, self._warm_up), daemon=True)
            process.start()
            theirs.close()
            self._processes.append(process)
            self._pipes.append(ours)

    def run(self, function: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        """Yield ``function(task)`` for every task as workers finish them."""
        from multiprocessing.connection import wait

        iterator = iter(tasks)
        upcoming = next(iterator, _END)
        if upcoming is _END:
            return
        if not self._pipes:
            self._start(function)
        busy: set[Connection] = set()
        finished = False
        try:
            while True:
                for pipe in self._pipes:
                    if upcoming is _END:
                        break
                    if pipe not in busy:
                        _send(pipe, upcoming)
                        busy.add(pipe)
                        upcoming = next(iterator, _END)
                if not busy:
                    finished = True
                    return
                ready = set(wait(list(busy)))
                for pipe in [pipe for pipe in self._pipes if pipe in ready]:
                    busy.discard(pipe)
                    try:
                        succeeded, value = pipe.recv()
                    except (EOFError, OSError) as exc:
                        raise _died() from exc
                    if not succeeded:
                        raise value
                    # Hand the worker its next task before this result is recorded and reported,
                    # but take the one after only then: the caller may have stopped the tasks.
                    handed_on = upcoming is not _END
                    if handed_on:
                        _send(pipe, upcoming)
                        busy.add(pipe)
                    yield value
                    if handed_on:
                        upcoming = next(iterator, _END)
        finally:
            if not finished:
                # Stopped early (Ctrl-C, an error, a caller that stops reading): results on their way
                # would be read by the next run as its own, so the workers go.
                self.close()

    def close(self) -> None:
        """Let each worker finish the task it is building, then stop it."""
        for pipe in self._pipes:
            with contextlib.suppress(OSError):
                pipe.send(None)
            pipe.close()
        for process in self._processes:
            process.join()
        self._processes, self._pipes = [], []


def _send(pipe: Connection, task: Any) -> None:
    try:
        pipe.send(task)
    except OSError as exc:  # the worker is gone
        raise _died() from exc


def _died() -> BriefgenError:
    return BriefgenError(
        "a worker process died while building (out of memory?); try fewer --jobs, or --jobs 1 to see which spec it was"
    )


def _serve(pipe: Connection, function: Callable[[Any], Any], warm_up: Callable[[], None] | None) -> None:
    """Run in a worker process: build each task received until told to stop."""
    import signal

    # Ctrl-C reaches every process in the terminal's group: the parent stops the batch and lets
    # each worker finish its brief, rather than each printing a traceback mid-write.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if warm_up is not None:
        warm_up()
    while True:
        try:
            task = pipe.recv()
        except EOFError:  # the parent has gone
            return
        if task is None:
            return
        try:
            reply: tuple[bool, Any] = (True, function(task))
        except Exception as exc:  # not handled here: sent to the parent, which raises it (as concurrent.futures does)
            reply = (False, exc)
        try:
            pipe.send(reply)
        except OSError:  # the parent stopped listening
            return


class DaskExecutor:
    """Run tasks on the workers of a Dask distributed cluster (``--scheduler tcp://HOST:8786``).

    The tasks carry the spec's bytes and the results the PDF's bytes, so the
    workers need briefgen installed but no access to this machine's files.
    """

    def __init__(self, address: str) -> None:
        try:
            # Imported as Any: distributed is only partly typed.
            self._distributed: Any = importlib.import_module("distributed")
        except ImportError as exc:
            raise BriefgenError(
                "building on a Dask cluster needs the dask extra: pip install 'briefgen[dask]'"
            ) from exc
        try:
            self._client: Any = self._distributed.Client(address, timeout="10s", set_as_default=False)
        except OSError as exc:
            raise BriefgenError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
        self.workers = max(1, sum(self._client.nthreads().values()))
        self._futures: set[Any] = set()

    def run(self, function: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        """Yield ``function(task)`` for every task as the cluster finishes them."""
        iterator = iter(tasks)
        first = [
            self._submit(function, task) for task in itertools.islice(iterator, self.workers * _IN_FLIGHT_PER_WORKER)
        ]
        if not first:
            return
        running = self._distributed.as_completed(first, loop=self._client.loop)
        for future in running:
            self._futures.discard(future)
            result: R = future.result()
            future.release()
            yield result
            # Taken after the result is handled: the caller may have stopped the tasks.
            task = next(iterator, _END)
            if task is not _END:
                running.add(self._submit(function, task))

    def _submit(self, function: Callable[[T], R], task: T) -> Any:
        # pure=False: two specs with the same bytes are still two tasks with two outputs.
        future = self._client.submit(function, task, pure=False)
        self._futures.add(future)
        return future

    def close(self) -> None:
        """Cancel the tasks not finished and disconnect from the cluster."""
        if self._futures:
            self._client.cancel(list(self._futures))
            self._futures.clear()
        self._client.close()


_END: Any = object()
