"""Stop a batch on Ctrl-C, SIGTERM or SIGHUP without losing track of a brief: act only where nothing is in hand.

Python runs a signal handler between any two bytecodes. A handler that
raised at once could land between a worker's PDF reaching the disk and its
entry in the manifest, or between that entry and the "built" line: a brief
built but never recorded, or recorded but never reported. So a signal is
noted, and acted on (``Terminated``, a ``KeyboardInterrupt``) only where the
batch holds nothing half-handled: while it waits for workers
(``interruptible``), and between two specs (``check``). A second signal
before then acts at once, for a user who will not wait for a slow brief.
Once the batch is winding down (``winding_down``: finishing what is being
built and saving the manifest), further signals are ignored, so nothing
cuts the manifest's final save short.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator
from typing import Any


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP stopped the batch: handled as Ctrl-C is, so what was built is kept and recorded."""


class StopRequests:
    """While a batch runs, Ctrl-C, SIGTERM and SIGHUP ask it to stop rather than break into it anywhere.

    Only in the main thread, and only for a signal whose handler is the
    default (Python's own for Ctrl-C): an application's own handler is left
    alone, and then that signal acts as it always did.
    """

    def __init__(self, on_noted: Callable[[int], None] | None = None) -> None:
        self.winding_down = False
        self._requested: int | None = None
        self._waiting = False
        self._previous: dict[int, Any] = {}
        # Told of a first signal that is noted, not acted on: the user pressed Ctrl-C and should hear that the
        # batch stops after the brief in hand (which may take a while), and how to stop it at once.
        self._on_noted = on_noted

    def __enter__(self) -> StopRequests:
        if threading.current_thread() is threading.main_thread():
            for name, default in (
                ("SIGINT", signal.default_int_handler),
                ("SIGTERM", signal.SIG_DFL),
                ("SIGHUP", signal.SIG_DFL),
            ):
                number = getattr(signal, name, None)
                if number is not None and signal.getsignal(number) is default:
                    self._previous[number] = signal.signal(number, self._note)
        return self

    def __exit__(self, *_: object) -> None:
        for number, handler in self._previous.items():
            signal.signal(number, handler)
        self._previous.clear()

    @property
    def requested(self) -> bool:
        """Whether a stop was asked for (and not yet acted on)."""
        return self._requested is not None

    def check(self) -> None:
        """Stop here if a stop was asked for: call it only where nothing is half-handled.

        Raises:
            KeyboardInterrupt: a stop was asked for (``Terminated`` for SIGTERM or SIGHUP).

        """
        if self._requested is not None and not self.winding_down:
            self._act(self._requested)

    @contextlib.contextmanager
    def interruptible(self) -> Iterator[None]:
        """Let a signal stop the batch at once inside this block: wrap only waits that hold nothing."""
        self.check()
        self._waiting = True
        try:
            yield
        finally:
            self._waiting = False

    def _note(self, number: int, _frame: object) -> None:
        if self.winding_down:
            return
        if self._waiting or self._requested is not None:
            self._act(number)
        self._requested = number
        if self._on_noted is not None:
            self._on_noted(number)

    def _act(self, number: int) -> None:
        self.winding_down = True
        self._requested = None
        if number == signal.SIGINT:
            raise KeyboardInterrupt
        raise Terminated(signal.Signals(number).name)
