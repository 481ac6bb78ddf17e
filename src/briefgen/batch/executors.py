"""Run build tasks somewhere: in this process, in local worker processes, or on a Dask cluster.

Input: a function and an iterable of tasks. Output: the results, in the order
they finish. This is the one seam between a batch and where its work runs;
each executor keeps only a few tasks in flight, so a batch of any size holds
a bounded amount of specs and PDFs in memory, and stopping early (``drain``,
then ``close``) lets what is being built finish and cancels what has not
started. A task whose worker died gives what the
caller's ``lost`` makes of it, and the batch goes on; what happened to the
workers along the way is in ``incidents``, for the summary.

Local workers are processes, not threads: ReportLab is not thread-safe. Each
worker imports the renderer and registers the fonts once, when it starts.
``pool`` runs them, ``cluster`` runs tasks on Dask.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol, TypeVar

from briefgen.errors import BriefgenError

T = TypeVar("T")
R = TypeVar("R")

Interruptible = Callable[[], contextlib.AbstractContextManager[None]]
"""Wraps each wait for workers: where a stop asked for may break in, as nothing is in hand (``stopping``)."""


class ClusterError(BriefgenError):
    """The Dask cluster cannot be reached or failed mid-batch."""


class Executor(Protocol):
    """Where a batch's tasks run."""

    workers: int
    incidents: list[str]

    def run(
        self, function: Callable[[T], R], tasks: Iterable[T], lost: Callable[[T, str], R] | None = None
    ) -> Iterator[R]:
        """Yield ``function(task)`` for every task, in the order they finish; ``lost(task, why)`` if its worker died."""
        ...

    def drain(self, lost: Callable[[Any, str], Any] | None = None) -> Iterator[Any]:
        """Start nothing more; yield the results of tasks already being built, if they come soon."""
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


def make_executor(
    jobs: int,
    scheduler: str | None = None,
    *,
    warm_up: Callable[[], None] | None = None,
    interruptible: Interruptible = contextlib.nullcontext,
) -> Executor:
    """Return the executor for ``jobs`` local processes, or for the Dask ``scheduler`` when one is given.

    ``interruptible`` wraps each of the executor's waits for its workers; a
    task run in this process is never broken into.

    Raises:
        BriefgenError: the Dask extra is not installed, or the scheduler's address is wrong or cannot be reached.

    """
    # The pool and the cluster are imported only when used: a build of one spec runs here and needs neither.
    if scheduler:
        from briefgen.batch.cluster import DaskExecutor

        return DaskExecutor(scheduler, interruptible=interruptible)
    if jobs <= 1:
        return InProcessExecutor(warm_up)
    from briefgen.batch.pool import ProcessPoolExecutor

    return ProcessPoolExecutor(jobs, warm_up, interruptible=interruptible)


class InProcessExecutor:
    """Run every task here, one after the other (``--jobs 1``)."""

    workers = 1

    def __init__(self, warm_up: Callable[[], None] | None = None) -> None:
        self._warm_up = warm_up
        self.incidents: list[str] = []

    def run(
        self, function: Callable[[T], R], tasks: Iterable[T], lost: Callable[[T, str], R] | None = None
    ) -> Iterator[R]:
        """Yield ``function(task)`` for every task, in order (nothing is lost: a crash here ends the batch)."""
        for task in tasks:
            if self._warm_up is not None:
                self._warm_up()
                self._warm_up = None
            yield function(task)

    def drain(self, lost: Callable[[Any, str], Any] | None = None) -> Iterator[Any]:
        """Yield nothing: a task here is never left half-built."""
        return iter(())

    def close(self) -> None:
        """Do nothing: there is nothing to release."""
