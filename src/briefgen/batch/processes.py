"""Worker processes for ``pool``: forked straight from this one, the pipes they talk over, how they ended.

Input: a function and its arguments to run in a child; objects to send each
way. Output: the child's exit status, and in words; the objects the other
end sent. And for a worker however started: the kernel's promise to kill it
with its parent (Linux).

``multiprocessing`` does the same with its ``Process`` and ``Pipe``, but
importing them (its context, reduction, connection and util modules, and
with them ``socket`` and ``subprocess``) took about 6.5 ms before a batch's
first worker could start, in every ``--jobs 2`` run: 1-2% of a batch of fifty
5-page briefs. Here, ``os.fork``, ``os.pipe`` and a pickle behind its
length. ``pool`` still starts workers with ``multiprocessing`` where forking
is unsafe (this process runs threads) or impossible.
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
import pickle
import select
import signal
import struct
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

# Each message: its pickle's length, then the pickle.
_LENGTH = struct.Struct("!Q")
# Large pickles are read in pieces of this size at most.
_PIECE = 1 << 20
# What a child whose function raised exits with (multiprocessing's choice too).
_FAILED = 1
# Linux's prctl option: the signal a process gets when its parent dies.
_PR_SET_PDEATHSIG = 1


class PipeEnd:
    """One end of a one-way pipe: here, a worker's lifeline, which ends when the parent's end closes."""

    def __init__(self, descriptor: int) -> None:
        self._descriptor = descriptor

    @property
    def closed(self) -> bool:
        return self._descriptor < 0

    def fileno(self) -> int:
        return self._descriptor

    def recv_bytes(self) -> bytes:
        """Return what was written, waiting for it; the pipe of a lifeline is never written, so this waits for EOF.

        Raises:
            EOFError: the other end is closed.

        """
        data = os.read(self._descriptor, _PIECE)
        if not data:
            raise EOFError
        return data

    def close(self) -> None:
        if self._descriptor >= 0:
            with contextlib.suppress(OSError):
                os.close(self._descriptor)
            self._descriptor = -1


def pipe() -> tuple[PipeEnd, PipeEnd]:
    """Return a one-way pipe's reading and writing ends."""
    reading, writing = os.pipe()
    return PipeEnd(reading), PipeEnd(writing)


class Channel:
    """One end of a two-way pipe pair: objects sent are received, in order, at the other end."""

    def __init__(self, reading: int, writing: int) -> None:
        self._reading, self._writing = PipeEnd(reading), PipeEnd(writing)

    @property
    def closed(self) -> bool:
        return self._reading.closed

    def fileno(self) -> int:
        """Return the descriptor that turns readable when the other end has sent, or closed."""
        return self._reading.fileno()

    def descriptors(self) -> list[int]:
        """Return both of this end's descriptors (none once closed): what a forked child must close."""
        return [] if self.closed else [self._reading.fileno(), self._writing.fileno()]

    def send(self, value: object) -> None:
        """Send ``value``, pickled; wait while the pipe is full.

        Raises:
            OSError: the other end is closed (``BrokenPipeError``), or this one.

        """
        if self.closed:
            raise OSError("the channel is closed")
        data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        message = memoryview(_LENGTH.pack(len(data)) + data)
        while message:
            message = message[os.write(self._writing.fileno(), message) :]

    def recv(self) -> Any:
        """Return the next object the other end sent, waiting for it.

        Raises:
            EOFError: the other end closed before sending one whole.
            OSError: this end is closed.

        """
        if self.closed:
            raise OSError("the channel is closed")
        (size,) = _LENGTH.unpack(self._read_exactly(_LENGTH.size))
        return pickle.loads(self._read_exactly(size))

    def close(self) -> None:
        self._reading.close()
        self._writing.close()

    def _read_exactly(self, size: int) -> bytes:
        pieces = []
        while size > 0:
            piece = os.read(self._reading.fileno(), min(size, _PIECE))
            if not piece:
                raise EOFError
            pieces.append(piece)
            size -= len(piece)
        return b"".join(pieces)


def channel() -> tuple[Channel, Channel]:
    """Return the two ends of a two-way channel: what one sends, the other receives."""
    down_reading, down_writing = os.pipe()
    up_reading, up_writing = os.pipe()
    return Channel(up_reading, down_writing), Channel(down_reading, up_writing)


def wait(ends: list[Any], timeout: float | None = None) -> list[Any]:
    """Return those of ``ends`` (anything with ``fileno``) with something to read, or closed at the other end."""
    poller = select.poll()
    by_descriptor = {end.fileno(): end for end in ends}
    for descriptor in by_descriptor:
        poller.register(descriptor, select.POLLIN)
    events = poller.poll(None if timeout is None else max(0, math.ceil(timeout * 1000)))
    return [by_descriptor[descriptor] for descriptor, _ in events]


class ForkedProcess:
    """A child running ``target(*args)``, forked from this process; it exits 0 when the function returns."""

    def __init__(self, target: Callable[..., object], args: tuple[Any, ...]) -> None:
        self._target, self._args = target, args
        self.pid = 0
        self._exitcode: int | None = None

    def start(self) -> None:
        _flush_standard_streams()  # what they hold would be written by both processes
        pid = os.fork()
        if pid == 0:
            _run_and_exit(self._target, self._args)
        self.pid = pid

    @property
    def exitcode(self) -> int | None:
        """Return the child's exit status (minus the signal's number if a signal ended it), or None while it runs."""
        if self._exitcode is None and self.pid:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:  # reaped by someone else (a SIGCHLD handler): gone, how is not known
                self._exitcode = _FAILED
            else:
                if pid:
                    self._exitcode = os.waitstatus_to_exitcode(status)
        return self._exitcode

    def is_alive(self) -> bool:
        return self.pid != 0 and self.exitcode is None

    def join(self, timeout: float | None = None) -> None:
        """Wait for the child to end, for ``timeout`` seconds at most."""
        deadline = None if timeout is None else time.monotonic() + timeout
        # Linux tells of the end through a descriptor, at once; elsewhere, look now and then.
        ended = _end_descriptor(self.pid) if self.exitcode is None else -1
        try:
            pause = 0.0005
            while self.exitcode is None:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return
                if ended >= 0:
                    wait([PipeEnd(ended)], left)
                else:
                    time.sleep(pause if left is None else min(pause, left))
                    pause = min(pause * 2, 0.01)
        finally:
            if ended >= 0:
                os.close(ended)

    def kill(self) -> None:
        if self.is_alive():
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)


def _end_descriptor(pid: int) -> int:
    """Return a descriptor that turns readable when ``pid`` ends (Linux 5.3 and later), or -1."""
    if not hasattr(os, "pidfd_open"):
        return -1
    try:
        return os.pidfd_open(pid)
    except OSError:  # an older kernel, or the child already reaped
        return -1


def _run_and_exit(target: Callable[..., object], args: tuple[Any, ...]) -> None:
    """In the child: run ``target``, then exit at once (neither the parent's ``atexit`` handlers nor its cleanup)."""
    code = _FAILED
    try:
        target(*args)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else _FAILED
    except KeyboardInterrupt:  # Ctrl-C before the worker ignores it: the parent reports the stop
        pass
    except BaseException:
        with contextlib.suppress(Exception):
            traceback.print_exc()
    finally:
        _flush_standard_streams()
        os._exit(code)


def _flush_standard_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()


def how_it_ended(exitcode: int | None) -> str:
    """Return in words how a process with this exit status ended (None: it was still running)."""
    if exitcode is None:
        return "it stopped answering"
    if exitcode >= 0:
        return f"it exited with status {exitcode}"
    try:
        name = signal.Signals(-exitcode).name
    except ValueError:
        name = f"signal {-exitcode}"
    if exitcode == -signal.SIGKILL:
        return f"killed by {name}, as the out-of-memory killer does"
    return f"killed by {name}"


def set_parent_death_signal() -> None:
    """On Linux, ask the kernel to kill this process when its parent dies; elsewhere, do nothing."""
    prctl = find_prctl()
    if prctl is not None:
        import ctypes

        with contextlib.suppress(OSError):
            zero = ctypes.c_ulong(0)
            prctl(_PR_SET_PDEATHSIG, ctypes.c_ulong(signal.SIGKILL), zero, zero, zero)


@functools.cache
def find_prctl() -> Callable[..., int] | None:
    """Return Linux's ``prctl``, or None elsewhere; found once, so that a forked worker inherits it."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        prctl: Callable[..., int] = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    return prctl
