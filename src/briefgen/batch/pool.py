"""Run build tasks in local worker processes: a dead worker is replaced, and workers die with their parent.

Input: a function and an iterable of tasks. Output: the results, in the order
they finish; for a task whose worker died, what ``lost`` makes of it.

Each worker has a pipe of its own and is given its next task as soon as it
returns a result. The parent runs no threads: it waits on the pipes, and
sends and receives one message per task. (``concurrent.futures``' pool hands
every task through two threads of its own and a future: on two cores that
took about 2.5% of a batch from the workers.) A worker is sent a task only
when it has none, so it is always reading when the parent writes, and the
parent always reads before it writes: however large a spec or a result,
neither side waits on the other's full pipe.

A worker that dies (the out-of-memory killer, a crash in a C library) costs
only the task it held: the parent learns of it from its pipe, reports that
task as lost and starts another worker in its place. A worker never outlives
the parent, whatever ends it: on Linux the kernel kills it when the parent
dies (``PR_SET_PDEATHSIG``), and everywhere a thread in the worker waits on a
pipe only the parent holds open (the "lifeline") and ends the worker when it
closes. For that, a forked worker closes the parent's ends of every pipe it
inherited, its own included.

Workers are forked straight from this process (``processes``: ``os.fork``
and two pipes each, without importing ``multiprocessing``) unless it runs
threads; then ``multiprocessing`` starts each afresh from a fork server.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from briefgen.batch import processes
from briefgen.errors import BriefgenError
from briefgen.records import record

if TYPE_CHECKING:
    import multiprocessing.context

    from briefgen.batch.executors import Interruptible

T = TypeVar("T")
R = TypeVar("R")

STOP_GRACE_SECONDS = 10.0
"""On ``close``, each worker may finish the brief it is building for this long; then it is killed."""

# How long a worker whose pipe has closed may take to exit before it is killed.
_REAP_SECONDS = 5.0
# The exit status of a worker that found its parent gone.
_ORPHANED = 70

_IDLE: Any = object()
_END: Any = object()

if TYPE_CHECKING:
    _Context = multiprocessing.context.ForkServerContext | multiprocessing.context.DefaultContext


class _Process(Protocol):
    """A worker process: a ``processes.ForkedProcess``, or one of ``multiprocessing``'s."""

    @property
    def exitcode(self) -> int | None: ...

    def start(self) -> None: ...

    def join(self, timeout: float | None = None) -> None: ...

    def is_alive(self) -> bool: ...

    def kill(self) -> None: ...


class _Pipe(Protocol):
    """The parent's end of a worker's pipe: a ``processes.Channel`` or ``PipeEnd``, or a ``multiprocessing`` one."""

    @property
    def closed(self) -> bool: ...

    def fileno(self) -> int: ...

    def close(self) -> None: ...


class _Channel(_Pipe, Protocol):
    def send(self, obj: Any) -> None: ...

    def recv(self) -> Any: ...


@record(frozen=False)
class _Worker:
    """One worker process, the parent's ends of its two pipes, and the task it holds."""

    process: _Process
    pipe: _Channel  # tasks out, results back
    lifeline: _Pipe  # never written to: the worker exits when it closes
    task: Any = _IDLE

    def descriptors(self) -> list[int]:
        """Return the descriptors of the parent's ends: what a worker forked later must close."""
        if self.pipe.closed:
            return []
        pipe = self.pipe.descriptors() if isinstance(self.pipe, processes.Channel) else [self.pipe.fileno()]
        return [*pipe, self.lifeline.fileno()]


class ProcessPoolExecutor:
    """Run tasks in up to ``jobs`` local worker processes, each started as there is a task for it."""

    def __init__(
        self,
        jobs: int,
        warm_up: Callable[[], None] | None = None,
        *,
        interruptible: Interruptible = contextlib.nullcontext,
    ) -> None:
        self.jobs = jobs
        self.workers = jobs  # after a run: how many it started (fewer when there were fewer tasks)
        self._interruptible = interruptible
        self.incidents: list[str] = []
        self._warm_up = warm_up
        self._function: Callable[[Any], Any] | None = None
        self._slots: list[_Worker] = []
        self._stop_by = 0.0  # set by ``drain``: when the workers' grace to finish ends

    def run(
        self, function: Callable[[T], R], tasks: Iterable[T], lost: Callable[[T, str], R] | None = None
    ) -> Iterator[R]:
        """Yield ``function(task)`` for every task as workers finish them.

        A task whose worker died gives ``lost(task, why)``, and a new worker
        takes the dead one's place; without ``lost``, the death is raised.

        Raises:
            BriefgenError: a worker died and there is no ``lost``, or new workers die at once.

        """
        iterator = iter(tasks)
        upcoming = next(iterator, _END)
        if upcoming is _END:
            return
        if any(worker.task is not _IDLE for worker in self._slots) or function is not self._function:
            # An earlier run was left mid-way (its results on their way would be taken for this
            # run's), or the workers were started for another function: they go.
            self.close()
        self._function = function
        while True:
            for index, worker in enumerate(self._slots):
                if upcoming is _END:
                    break
                if worker.task is _IDLE:
                    self._give(index, upcoming)
                    upcoming = next(iterator, _END)
            # Each worker is given its first task as soon as it is started, before the next is forked
            # (a fork is a few milliseconds), and none is started that would have nothing to do.
            while upcoming is not _END and len(self._slots) < self.jobs:
                self._slots.append(self._spawn())
                self.workers = len(self._slots)
                self._give(len(self._slots) - 1, upcoming)
                upcoming = next(iterator, _END)
            busy = [worker.pipe for worker in self._slots if worker.task is not _IDLE]
            if not busy:
                return
            with self._interruptible():  # every result taken so far is handled; none is in hand
                ready = set(_wait(busy))
            for index in [index for index, worker in enumerate(self._slots) if worker.pipe in ready]:
                value = self._collect(index, lost)
                # Hand the worker its next task before this result is recorded and reported,
                # but take the one after only then: the caller may have stopped the tasks.
                handed_on = upcoming is not _END
                if handed_on:
                    self._give(index, upcoming)
                yield value
                if handed_on:
                    upcoming = next(iterator, _END)

    def drain(self, lost: Callable[[Any, str], Any] | None = None) -> Iterator[Any]:
        """Start nothing more, and yield the results of the tasks being built (for ``STOP_GRACE_SECONDS`` at most).

        For a run stopped early (Ctrl-C, SIGTERM, an error): each worker
        finishes the brief it is building, and its result is not lost.
        """
        self._stop_by = time.monotonic() + STOP_GRACE_SECONDS
        busy = {worker.pipe: index for index, worker in enumerate(self._slots) if worker.task is not _IDLE}
        while busy and time.monotonic() < self._stop_by:
            ready = set(_wait(list(busy), timeout=max(0.0, self._stop_by - time.monotonic())))
            for pipe in [pipe for pipe in busy if pipe in ready]:
                yield self._collect(busy.pop(pipe), lost, replace=False)

    def close(self) -> None:
        """Let each worker finish the task it is building (for ``STOP_GRACE_SECONDS`` at most), then stop it."""
        slots, self._slots = self._slots, []
        for worker in slots:
            with contextlib.suppress(OSError):
                worker.pipe.send(None)
            # Closed now: a worker still writing a result gets an error instead of waiting for a reader.
            worker.pipe.close()
        deadline = self._stop_by or time.monotonic() + STOP_GRACE_SECONDS
        self._stop_by = 0.0
        for worker in slots:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.lifeline.close()

    def _give(self, index: int, task: Any) -> None:
        try:
            self._slots[index].pipe.send(task)
        except OSError:
            # It died between two tasks: only the worker is lost.
            cause = self._replace(index)
            self.incidents.append(f"a worker process died between two briefs ({cause}); a new one took its place")
            try:
                self._slots[index].pipe.send(task)
            except OSError as exc:
                raise BriefgenError(f"new worker processes die at once ({self._reap(index)}); try --jobs 1") from exc
        self._slots[index].task = task

    def _collect(self, index: int, lost: Callable[[Any, str], Any] | None, *, replace: bool = True) -> Any:
        worker = self._slots[index]
        task, worker.task = worker.task, _IDLE
        try:
            succeeded, value = worker.pipe.recv()
        except (EOFError, OSError):
            cause = self._replace(index) if replace else self._reap(index)
            why = f"the worker process building it died ({cause}); the batch went on with a new one"
            if lost is None:
                raise BriefgenError(f"a worker process died while building: {why}") from None
            return lost(task, why)
        if not succeeded:
            raise value
        return value

    def _replace(self, index: int) -> str:
        """Reap the worker in slot ``index``, start another in its place, and return how the old one ended."""
        cause = self._reap(index)
        self._slots[index] = self._spawn()
        return cause

    def _reap(self, index: int) -> str:
        """Close the pipes of the worker in slot ``index``, wait for it to end, and return how it ended."""
        old = self._slots[index]
        old.pipe.close()
        old.lifeline.close()
        old.process.join(_REAP_SECONDS)
        if old.process.is_alive():
            old.process.kill()
            old.process.join()
        return processes.how_it_ended(old.process.exitcode)

    def _spawn(self) -> _Worker:
        ours: _Channel
        theirs: _Channel
        lifeline_end: _Pipe
        lifeline: _Pipe
        process: _Process
        if _may_fork():
            processes.find_prctl()  # in the parent, once: imported in each worker, ctypes took 2-5 ms of its start
            ours, theirs = processes.channel()
            lifeline_end, lifeline = processes.pipe()
            # A forked worker inherits every descriptor the parent has open; these it must close.
            inherited = [fd for worker in self._slots for fd in worker.descriptors()]
            inherited += [*ours.descriptors(), lifeline.fileno()]
            process = processes.ForkedProcess(_serve, (theirs, lifeline_end, self._function, self._warm_up, inherited))
        else:
            context = _context()
            ours, theirs = context.Pipe()
            lifeline_end, lifeline = context.Pipe(duplex=False)
            # A daemon too: should this process exit normally, multiprocessing stops its workers.
            process = context.Process(
                target=_serve, args=(theirs, lifeline_end, self._function, self._warm_up, []), daemon=True
            )
        process.start()
        theirs.close()
        lifeline_end.close()
        return _Worker(process, ours, lifeline)


def _may_fork() -> bool:
    """Return whether workers may be forked from this process: where ``os.fork`` exists and no other thread runs.

    Forking is the cheapest start, but unsafe once this process runs threads (a Dask client, a test harness):
    a lock another thread held stays held in the child. Then each worker starts afresh.
    """
    return hasattr(os, "fork") and threading.active_count() == 1


def _context() -> _Context:
    """Return how to start workers that may not be forked from this process."""
    import multiprocessing

    if "forkserver" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context(None)


def _wait(pipes: list[_Channel], timeout: float | None = None) -> list[_Channel]:
    """Return those of ``pipes`` with a result to read, or whose worker is gone."""
    if sys.platform != "win32":
        return processes.wait(pipes, timeout)
    from multiprocessing.connection import wait  # Windows' pipes are handles, which poll does not take

    return list(wait(pipes, timeout))


def _serve(
    pipe: _Channel,
    lifeline: processes.PipeEnd | _Pipe,
    function: Callable[[Any], Any],
    warm_up: Callable[[], None] | None,
    inherited: list[int],
) -> None:
    """Run in a worker process: build each task received until told to stop, or until the parent is gone."""
    for descriptor in inherited:
        with contextlib.suppress(OSError):
            os.close(descriptor)
    # What a forked worker inherits it never frees: out of the collector's sight, its pages are never
    # walked, and so never copied, by the worker's collections (12% fewer page faults, 2-3% less CPU).
    gc.freeze()
    _exit_with_parent(lifeline)
    # Ctrl-C and a closing terminal reach every process in the group: the parent stops the batch
    # and lets each worker finish its brief, rather than each printing a traceback mid-write.
    # A service manager's SIGTERM reaches them all too, and a forked worker has the parent's handler.
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    failed_to_start: BriefgenError | None = None
    if warm_up is not None:
        try:
            warm_up()
        except Exception as exc:  # reported with the first task, as that task's failure
            failed_to_start = BriefgenError(f"a worker process could not start ({type(exc).__name__}: {exc})")
    while True:
        try:
            task = pipe.recv()
        except (EOFError, OSError):  # the parent has gone
            return
        if task is None:
            return
        reply: tuple[bool, Any]
        if failed_to_start is not None:
            reply = (False, failed_to_start)
        else:
            try:
                reply = (True, function(task))
            except Exception as exc:
                reply = (False, exc)
        try:
            pipe.send(reply)
        except OSError:  # the parent stopped listening
            return


def _exit_with_parent(lifeline: processes.PipeEnd | _Pipe) -> None:
    """Make this worker exit when its parent dies, however the parent ends."""
    processes.set_parent_death_signal()
    watcher = threading.Thread(target=_watch_lifeline, args=(lifeline,), name="briefgen-lifeline", daemon=True)
    watcher.start()


def _watch_lifeline(lifeline: Any) -> None:
    # The parent never writes to it: this returns only when the parent's end closes, as it does
    # when the parent dies (or when it has closed the pipe because it is done with this worker).
    with contextlib.suppress(EOFError, OSError):
        lifeline.recv_bytes()
    os._exit(_ORPHANED)
