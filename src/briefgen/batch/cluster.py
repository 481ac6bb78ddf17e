"""Run build tasks on a Dask distributed cluster.

Input: a scheduler address, a function and an iterable of tasks. Output: the
results, in the order they finish.
"""

from __future__ import annotations

import importlib
import itertools
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from briefgen.errors import BriefgenError

T = TypeVar("T")
R = TypeVar("R")

# Tasks in flight per Dask worker: enough to keep each busy while results travel back.
_IN_FLIGHT_PER_WORKER = 4
_END: Any = object()


class ClusterError(BriefgenError):
    """The Dask cluster cannot be reached or failed mid-batch."""


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
            raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
        self.workers = max(1, sum(self._client.nthreads().values()))
        self._futures: set[Any] = set()
        self.incidents: list[str] = []

    def run(
        self, function: Callable[[T], R], tasks: Iterable[T], lost: Callable[[T, str], R] | None = None
    ) -> Iterator[R]:
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

    def drain(self, lost: Callable[[Any, str], Any] | None = None) -> Iterator[Any]:
        """Yield nothing: what the cluster is building is cancelled by ``close``."""
        return iter(())

    def close(self) -> None:
        """Cancel the tasks not finished and disconnect from the cluster."""
        if self._futures:
            self._client.cancel(list(self._futures))
            self._futures.clear()
        self._client.close()
