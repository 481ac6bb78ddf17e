"""Run build tasks on a Dask distributed cluster, and end with one clear line when the cluster fails.

Input: a scheduler address, a function and an iterable of tasks. Output: the
results, in the order they finish. The tasks carry the spec's bytes and the
results the PDF's bytes, so the workers need briefgen installed but no access
to this machine's files; results are fetched from the workers directly. Specs
travel in chunks of a few (``CHUNK_SIZE``), so that Dask's cost per task, which is
of the order of a brief's own on a small cluster, is shared.

A cluster can fail in ways a local pool cannot, and none of them may hang a
build or end it in a traceback. Each ends the batch with a ``ClusterError``
(one line, exit status 1) within ``_CONNECT_SECONDS`` plus
``_NO_WORKERS_SECONDS`` at most, after which the batch records every PDF
already written:

- an address that is not ``[PROTOCOL://]HOST:PORT``: refused before connecting;
- nothing listening, or a listener that accepts and never answers: the
  connection and Dask's handshake are given ``_CONNECT_SECONDS``;
- a cluster with no workers, or whose workers have all gone, for
  ``_NO_WORKERS_SECONDS``;
- a scheduler that stops mid-batch: Dask gives up reconnecting after
  ``_CONNECT_SECONDS`` and cancels the tasks.

A worker that dies mid-batch is Dask's business: it builds the lost tasks
again elsewhere, and the summary says which workers left. A task that kills
every worker that tries it (Dask gives up after a few, ``KilledWorker``) is
that one spec's failure.
"""

from __future__ import annotations

import contextlib
import importlib
import itertools
import logging
import math
import queue
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError
from typing import Any, TypeVar

from briefgen.batch.executors import ClusterError, Interruptible
from briefgen.errors import BriefgenError

T = TypeVar("T")
R = TypeVar("R")

CHUNK_SIZE = 8
"""Specs per Dask task: Dask's own cost per task (about a millisecond of the scheduler's time, and
more of this process's) is shared by a chunk's specs. Eight seed-sized briefs take a worker about 0.2 s."""

# Chunks in flight per worker thread: enough to keep it busy while results travel back.
_IN_FLIGHT_PER_WORKER = 2
# To connect, and to hear from the scheduler once connected.
_CONNECT_SECONDS = 10.0
# A cluster without a worker for this long ends the batch.
_NO_WORKERS_SECONDS = 15.0
# How often the cluster's health is checked while no result arrives, and how often the
# number of workers is refreshed (to keep enough tasks in flight as the cluster scales).
_CHECK_SECONDS = 1.0
_REFRESH_SECONDS = 2.0
# To fetch one finished result from its worker, and how many fetches may fail in a batch (each
# is built again, as Dask rebuilds what a lost worker held) before the batch gives up.
_RESULT_SECONDS = 20.0
_FETCH_RETRIES = 10

_ADDRESS = re.compile(r"(?:(?P<protocol>[a-z]+)://)?(?P<host>\[[0-9A-Fa-f:.]+\]|[^\s:/\[\]]+):(?P<port>\d{1,5})/?")
_PROTOCOLS = ("tcp", "tls", "ws", "wss", "ucx")
_END: Any = object()
_AGAIN: Any = object()


def check_address(address: str) -> None:
    """Refuse a scheduler address that is not ``[PROTOCOL://]HOST:PORT``.

    Raises:
        ClusterError: the address is malformed.

    """
    match = _ADDRESS.fullmatch(address)
    example = "write it as tcp://HOST:PORT (a Dask scheduler listens on port 8786 unless told otherwise)"
    if match is None:
        what = "has no port" if re.fullmatch(r"(?:[a-z]+://)?[^\s:/]+/?", address) else "is not an address"
        raise ClusterError(f"the Dask scheduler address {address!r} {what}; {example}")
    if match["protocol"] and match["protocol"] not in _PROTOCOLS:
        raise ClusterError(f"the Dask scheduler address {address!r} has an unknown protocol; {example}")
    if not 0 < int(match["port"]) < 65536:
        raise ClusterError(f"the Dask scheduler address {address!r} has no valid port; {example}")


class DaskExecutor:
    """Run tasks on the workers of a Dask distributed cluster (``--scheduler tcp://HOST:8786``)."""

    def __init__(self, address: str, *, interruptible: Interruptible = contextlib.nullcontext) -> None:
        check_address(address)
        self._interruptible = interruptible
        try:
            # Imported as Any: distributed is only partly typed.
            self._distributed: Any = importlib.import_module("distributed")
        except ImportError as exc:
            raise BriefgenError(  # not the cluster's fault
                "building on a Dask cluster needs the dask extra: pip install 'briefgen[dask]'"
            ) from exc
        self.address = address
        self.incidents: list[str] = []
        # Dask logs its side of every failure (with tracebacks) to stderr; the batch reports each
        # in one line of its own, so Dask's client is quiet until ``close``.
        self._log_levels = _quiet_dask_logs()
        connected = False
        try:
            self._client = self._connect()
            connected = True
        finally:
            if not connected:  # a failed start leaves Dask's loggers as it found them
                _restore_log_levels(self._log_levels)
        self._workers_seen: set[str] = set()
        self.workers = max(1, self._count_workers())
        self._in_flight: dict[Any, Any] = {}
        self._failed_fetches = 0

    def _connect(self) -> Any:
        address = self.address
        _handshake(self._distributed, address)
        try:
            return self._distributed.Client(
                address, timeout=f"{_CONNECT_SECONDS}s", set_as_default=False, direct_to_workers=True
            )
        except (OSError, ValueError) as exc:
            raise ClusterError(f"cannot reach the Dask scheduler at {address}: {_one_line(exc)}") from exc

    def run(
        self, function: Callable[[T], R], tasks: Iterable[T], lost: Callable[[T, str], R] | None = None
    ) -> Iterator[R]:
        """Yield ``function(task)`` for every task as the cluster finishes them.

        Tasks travel in chunks of up to ``CHUNK_SIZE``. A task whose chunk failed
        as a whole (a worker died every time it ran it, or its result could not
        be sent) is tried again alone; a task that fails alone gives ``lost(task,
        why)`` (without ``lost``, that is raised).

        Raises:
            ClusterError: the cluster has no workers, the scheduler is gone, or (without ``lost``) a task failed.

        """
        iterator = iter(tasks)
        first = next(iterator, _END)
        if first is _END:
            return
        with self._interruptible():
            self._await_workers()
        finished: queue.SimpleQueue[Any] = queue.SimpleQueue()

        def submit(chunk: list[T]) -> None:
            # pure=False: two specs with the same bytes are still two tasks with two outputs.
            future = self._client.submit(_build_chunk, function, chunk, pure=False)
            self._in_flight[future] = chunk
            future.add_done_callback(finished.put)

        # The first chunks are only as large as it takes to give every slot one: a short batch is spread too.
        opening = [first, *itertools.islice(iterator, self._slots() * CHUNK_SIZE - 1)]
        size = math.ceil(len(opening) / self._slots())
        for start in range(0, len(opening), size):
            submit(opening[start : start + size])
        refreshed = time.monotonic()
        while self._in_flight:
            with self._interruptible():  # a future taken and dropped here is cancelled by ``close``
                future = self._next_finished(finished)
            chunk = self._in_flight[future]
            replies = self._replies(future)
            if replies is _AGAIN:  # its result was lost with its worker: Dask builds it again
                future.add_done_callback(finished.put)
                continue
            del self._in_flight[future]
            future.release()
            if isinstance(replies, BaseException):
                if len(chunk) > 1:  # which task was it? Each is tried alone.
                    for task in chunk:
                        submit([task])
                    continue
                replies = [(False, replies)]
            for task, (succeeded, value) in zip(chunk, replies, strict=True):
                if succeeded:
                    yield value
                    continue
                why = _why_it_failed(self._distributed, value)
                if lost is None:
                    raise ClusterError(why)
                yield lost(task, why)
            # Taken after the results are handled: the caller may have stopped the tasks.
            if time.monotonic() - refreshed > _REFRESH_SECONDS:
                self.workers = max(1, self._count_workers())
                refreshed = time.monotonic()
            for _ in range(max(self._slots() - len(self._in_flight), 1)):
                more = list(itertools.islice(iterator, CHUNK_SIZE))
                if not more:
                    break
                submit(more)
        self._count_workers()  # a worker lost near the end is still reported

    def drain(self, lost: Callable[[Any, str], Any] | None = None) -> Iterator[Any]:
        """Yield nothing: what the cluster is building is cancelled by ``close``."""
        return iter(())

    def close(self) -> None:
        """Cancel the tasks not finished and disconnect from the cluster."""
        if self._in_flight and self._client.status == "running":
            with contextlib.suppress(OSError, CancelledError, RuntimeError):
                self._client.cancel(list(self._in_flight))
        self._in_flight.clear()
        with contextlib.suppress(OSError, CancelledError, RuntimeError):
            self._client.close(timeout=_CONNECT_SECONDS)
        _restore_log_levels(self._log_levels)

    def _await_workers(self) -> None:
        try:
            self._client.wait_for_workers(1, timeout=_NO_WORKERS_SECONDS)
        except (OSError, CancelledError) as exc:  # TimeoutError is an OSError
            raise ClusterError(
                f"the Dask scheduler at {self.address} has no workers (waited {_NO_WORKERS_SECONDS:.0f} s); "
                f"start some with: dask worker {self.address}"
            ) from exc
        self.workers = max(1, self._count_workers())

    def _next_finished(self, finished: queue.SimpleQueue[Any]) -> Any:
        """Return the next finished future, checking the cluster's health while none comes."""
        no_workers_since: float | None = None
        while True:
            try:
                return finished.get(timeout=_CHECK_SECONDS)
            except queue.Empty:
                pass
            if self._client.status in ("closing", "closed"):
                raise ClusterError(self._gone())
            if self._count_workers() == 0:
                no_workers_since = no_workers_since or time.monotonic()
                if time.monotonic() - no_workers_since > _NO_WORKERS_SECONDS:
                    raise ClusterError(
                        f"the Dask cluster at {self.address} has had no workers for {_NO_WORKERS_SECONDS:.0f} s"
                    )
            else:
                no_workers_since = None

    def _replies(self, future: Any) -> Any:
        """Return a finished chunk's replies, the exception that failed it as a whole, or ``_AGAIN``."""
        if future.status == "cancelled":  # as the client gave up on the scheduler
            raise ClusterError(self._gone())
        if future.status == "error":
            return future.exception(timeout=_RESULT_SECONDS)
        if future.status != "finished":
            return _AGAIN
        try:
            return future.result(timeout=_RESULT_SECONDS)
        except CancelledError as exc:
            raise ClusterError(self._gone()) from exc
        except OSError as exc:  # the worker holding it, or the scheduler, is gone
            if self._client.status != "running":
                raise ClusterError(self._gone()) from exc
            self._failed_fetches += 1
            if self._failed_fetches > _FETCH_RETRIES:
                raise ClusterError(
                    f"could not fetch results from the Dask cluster at {self.address}: {_one_line(exc)}"
                ) from exc
            time.sleep(_CHECK_SECONDS)  # for the scheduler to notice, and build it again
            return _AGAIN

    def _slots(self) -> int:
        return self.workers * _IN_FLIGHT_PER_WORKER

    def _count_workers(self) -> int:
        """Return the cluster's worker threads now (0 if the scheduler does not answer), noting workers that left."""
        try:
            threads: dict[str, int] = self._client.nthreads(callback_timeout=_CHECK_SECONDS)
        except (OSError, CancelledError):
            return 0
        for address in sorted(self._workers_seen - set(threads)):
            self.incidents.append(
                f"the Dask worker {address} left during the batch; "
                "the cluster built the specs it held again on the others"
            )
        self._workers_seen = set(threads)
        return sum(threads.values())

    def _gone(self) -> str:
        return f"lost the Dask scheduler at {self.address} (it stopped, or the network to it failed)"


def _build_chunk(function: Callable[[T], R], tasks: list[T]) -> list[tuple[bool, R | Exception]]:
    """Run on a Dask worker: ``function`` over each task, each failure kept as that task's reply."""
    replies: list[tuple[bool, R | Exception]] = []
    for task in tasks:
        try:
            replies.append((True, function(task)))
        except Exception as exc:  # one task's failure must not take its chunk's others with it
            replies.append((False, exc))
    return replies


def _why_it_failed(distributed: Any, error: BaseException | None) -> str:
    if isinstance(error, distributed.KilledWorker):
        return "it killed every Dask worker that tried to build it (out of memory?); the batch went on without it"
    return f"a Dask worker could not build it ({type(error).__name__}: {_one_line(error)})"


def _handshake(distributed: Any, address: str) -> None:
    """Connect to ``address`` and hear Dask's handshake within ``_CONNECT_SECONDS``, or raise.

    Dask's own client waits for the handshake without a time limit, so a
    listener that accepts and never answers would hang it forever. The check
    runs in a thread of its own, with an event loop of its own.

    Raises:
        ClusterError: nothing answers at ``address`` as a Dask scheduler does.

    """
    import asyncio

    outcome: list[BaseException | None] = []

    async def shake() -> None:
        security = distributed.Security()
        comm = await asyncio.wait_for(
            distributed.comm.connect(address, timeout=_CONNECT_SECONDS, **security.get_connection_args("client")),
            _CONNECT_SECONDS,
        )
        await comm.close()

    def attempt() -> None:
        try:
            asyncio.run(shake())
        except (OSError, ValueError, TypeError) as exc:  # TimeoutError is an OSError
            outcome.append(exc)
        else:
            outcome.append(None)

    thread = threading.Thread(target=attempt, name="briefgen-dask-handshake", daemon=True)
    thread.start()
    thread.join(_CONNECT_SECONDS + 2)
    error = outcome[0] if outcome else TimeoutError(f"no answer in {_CONNECT_SECONDS:.0f} s")
    if error is None:
        return
    if isinstance(error, TimeoutError) and not str(error):
        error = TimeoutError(f"no answer in {_CONNECT_SECONDS:.0f} s")
    raise ClusterError(
        f"cannot reach the Dask scheduler at {address}: {_one_line(error)}; is a scheduler running there?"
    )


def _quiet_dask_logs() -> dict[str, int]:
    """Silence Dask's loggers (each has a level of its own); return their levels as they were."""
    names = ["distributed", "tornado"]
    names += [name for name in logging.root.manager.loggerDict if name.startswith(("distributed.", "tornado."))]
    levels = {name: logging.getLogger(name).level for name in names}
    for name in names:
        logging.getLogger(name).setLevel(logging.CRITICAL)
    return levels


def _restore_log_levels(levels: dict[str, int]) -> None:
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def _one_line(error: BaseException | None) -> str:
    return " ".join(str(error).split())[:200] or type(error).__name__
