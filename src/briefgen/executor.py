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

import importlib
import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from briefgen.errors import BriefgenError

if TYPE_CHECKING:
    import concurrent.futures

T = TypeVar("T")
R = TypeVar("R")

# Tasks in flight per worker: enough to keep every worker busy while results are written.
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
    """Run tasks in ``jobs`` local worker processes, started on the first task."""

    def __init__(self, jobs: int, warm_up: Callable[[], None] | None = None) -> None:
        self.workers = jobs
        self._warm_up = warm_up
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None

    def _start(self) -> concurrent.futures.ProcessPoolExecutor:
        # Imported here: a single-spec or up-to-date build never starts a pool and need not pay for them.
        import concurrent.futures
        import multiprocessing
        import threading

        if self._pool is None:
            # Forking is the cheapest start, but unsafe once this process runs threads (a Dask
            # client, a test harness): then let each worker start afresh.
            methods = multiprocessing.get_all_start_methods()
            fork = "fork" in methods and threading.active_count() == 1
            context = multiprocessing.get_context(
                "fork" if fork else ("forkserver" if "forkserver" in methods else None)
            )
            self._pool = concurrent.futures.ProcessPoolExecutor(
                self.workers, mp_context=context, initializer=self._warm_up
            )
        return self._pool

    def run(self, function: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        """Yield ``function(task)`` for every task as workers finish them."""
        import concurrent.futures
        import concurrent.futures.process

        pending: set[concurrent.futures.Future[R]] = set()
        limit = self.workers * _IN_FLIGHT_PER_WORKER
        iterator = iter(tasks)
        exhausted = False
        while True:
            while not exhausted and len(pending) < limit:
                task = next(iterator, _END)
                if task is _END:
                    exhausted = True
                else:
                    pending.add(self._start().submit(function, task))
            if not pending:
                return
            done, pending = concurrent.futures.wait(pending, return_when=concurrent.futures.FIRST_COMPLETED)
            for future in done:
                try:
                    result = future.result()
                except concurrent.futures.process.BrokenProcessPool as exc:
                    raise BriefgenError(
                        "a worker process died while building (out of memory?); "
                        "try fewer --jobs, or --jobs 1 to see which spec it was"
                    ) from exc
                yield result

    def close(self) -> None:
        """Cancel the tasks not started and stop the workers."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


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
            task = next(iterator, _END)
            if task is not _END:
                running.add(self._submit(function, task))
            yield result

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
