"""Talk to CUPS, the print system of Linux and macOS: queues and jobs in, plain data out.

Input: the CUPS server named by ``CUPS_SERVER`` (as every CUPS client reads
it), or the local one. Output: ``PrinterStatus`` for each queue, the
default queue, a job id for each file sent, and a job's ``JobState``.

Two clients do the same: pycups (the ``print`` extra), which speaks IPP to
the server through libcups, and, where pycups is missing, CUPS's own
command-line tools (``lp``, ``lpstat``, ``lpoptions``, in ``lp_client``).
Every failure is a ``PrintError`` with one line that says what to do.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from briefgen.errors import BriefgenError
from briefgen.records import record

# IPP job-state values (RFC 8011 5.3.7) and printer-state values (5.4.11).
JOB_STATES = {3: "pending", 4: "held", 5: "processing", 6: "stopped", 7: "canceled", 8: "aborted", 9: "completed"}
PRINTER_STATES = {3: "idle", 4: "printing", 5: "stopped"}
# A job in one of these states was taken by CUPS and will print, or has.
ACCEPTED_STATES = frozenset({"processing", "completed"})
FAILED_STATES = frozenset({"canceled", "aborted", "stopped"})
_IPP_NOT_FOUND = 0x0406
_IPP_NOT_ACCEPTING = 0x0506


class PrintError(BriefgenError):
    """Printing cannot go on: no server, no such printer, a paused queue, paper not loaded..."""


@record
class PrinterStatus:
    """One CUPS queue as ``print`` needs to know it."""

    name: str
    state: str  # idle, printing or stopped
    accepting: bool
    message: str = ""  # why it is stopped or rejecting, in the administrator's words
    media_supported: tuple[str, ...] = ()  # empty when the queue does not say (a raw queue)
    media_ready: tuple[str, ...] = ()  # the paper loaded; empty when the queue does not say


@record
class JobState:
    """Where a job is: pending, held, processing, stopped, canceled, aborted or completed."""

    job_id: int
    state: str
    reason: str = ""


class PrintClient(Protocol):
    """What ``send`` needs from CUPS; ``PycupsClient`` and ``lp_client.LpClient`` provide it."""

    name: str
    server: str

    def printer_names(self) -> list[str]:
        """Return every queue's name, in name order."""

    def default_printer(self) -> str | None:
        """Return CUPS's default queue, or None if it has none."""

    def printer(self, name: str) -> PrinterStatus | None:
        """Return the queue's status, or None if there is no such queue."""

    def submit(self, printer: str, path: Path, title: str, options: Mapping[str, str]) -> int:
        """Send ``path`` to ``printer`` as one job; return its id."""

    def job(self, job_id: int) -> JobState | None:
        """Return the job's state, or None if CUPS no longer knows it."""


def server_name() -> str:
    """Return the server CUPS clients use here, for messages: ``CUPS_SERVER``, or the local one."""
    return os.environ.get("CUPS_SERVER") or "localhost"


def connect(client: str | None = None) -> PrintClient:
    """Return a client of the CUPS server: pycups if it is installed, else the ``lp`` tools.

    ``client`` ("pycups" or "lp") insists on one.

    Raises:
        PrintError: no CUPS server answers, or neither client is installed.

    """
    if client in (None, "pycups"):
        try:
            import cups  # noqa: F401
        except ImportError:
            if client == "pycups":
                raise PrintError("pycups is not installed: pip install 'briefgen[print]'") from None
        else:
            return PycupsClient()
    from briefgen.printing.lp_client import LpClient

    return LpClient()


def unreachable(server: str) -> PrintError:
    """Return the error for a CUPS server that does not answer."""
    return PrintError(
        f"no CUPS print server answers at {server}: start CUPS (cupsd), or name the server in CUPS_SERVER"
    )


class PycupsClient:
    """CUPS through pycups (libcups): one IPP connection for the whole run."""

    name = "pycups"

    def __init__(self) -> None:
        import cups

        self._cups: Any = cups
        # libcups remembers the server for the whole process; read CUPS_SERVER afresh, as `lp` would.
        host, _, port = (os.environ.get("CUPS_SERVER") or "").rpartition(":")
        if host and port.isdigit():
            cups.setServer(host)
            cups.setPort(int(port))
        else:
            cups.setServer(os.environ.get("CUPS_SERVER") or "")
            cups.setPort(int(os.environ.get("IPP_PORT") or 631))
        self.server = server_name()
        try:
            self._connection: Any = cups.Connection()
        except RuntimeError:
            raise unreachable(self.server) from None

    def printer_names(self) -> list[str]:
        """Return every queue's name, in name order."""
        return sorted(self._call(self._connection.getPrinters))

    def default_printer(self) -> str | None:
        """Return CUPS's default queue, or None if it has none."""
        name = self._call(self._connection.getDefault)
        return str(name) if name else None

    def printer(self, name: str) -> PrinterStatus | None:
        """Return the queue's status, or None if there is no such queue."""
        wanted = [
            "printer-state",
            "printer-state-message",
            "printer-state-reasons",
            "printer-is-accepting-jobs",
            "media-supported",
            "media-ready",
        ]
        try:
            found = self._call(self._connection.getPrinterAttributes, name, requested_attributes=wanted)
        except _NotFoundError:
            return None
        reasons = [r for r in _strings(found.get("printer-state-reasons")) if r != "none"]
        return PrinterStatus(
            name=name,
            state=PRINTER_STATES.get(int(found.get("printer-state", 3)), "idle"),
            accepting=bool(found.get("printer-is-accepting-jobs", True)),
            message=str(found.get("printer-state-message") or ", ".join(reasons)),
            media_supported=_strings(found.get("media-supported")),
            media_ready=_strings(found.get("media-ready")),
        )

    def submit(self, printer: str, path: Path, title: str, options: Mapping[str, str]) -> int:
        """Send ``path`` to ``printer`` as one job; return its id."""
        return int(self._call(self._connection.printFile, printer, str(path), title, dict(options)))

    def job(self, job_id: int) -> JobState | None:
        """Return the job's state, or None if CUPS no longer knows it."""
        wanted = ["job-state", "job-state-reasons", "job-printer-state-message"]
        try:
            found = self._call(self._connection.getJobAttributes, job_id, requested_attributes=wanted)
        except _NotFoundError:
            return None
        reasons = [r for r in _strings(found.get("job-state-reasons")) if r != "none"]
        state = JOB_STATES.get(int(found.get("job-state", 3)), "pending")
        return JobState(job_id, state, str(found.get("job-printer-state-message") or ", ".join(reasons)))

    def _call(self, method: Any, *args: Any, **kwargs: Any) -> Any:
        cups = self._cups
        try:
            return method(*args, **kwargs)
        except cups.IPPError as exc:
            status, message = (*exc.args, 0, "")[:2]
            if status == _IPP_NOT_FOUND:
                raise _NotFoundError from None
            if status == _IPP_NOT_ACCEPTING:
                raise PrintError(f"{message}; accept jobs again with cupsaccept, or choose another printer") from None
            raise PrintError(f"CUPS at {self.server} refused: {message} (IPP status {status:#06x})") from None
        except cups.HTTPError as exc:
            raise PrintError(f"CUPS at {self.server} failed: HTTP error {exc.args[0] if exc.args else ''}") from None
        except RuntimeError:
            raise unreachable(self.server) from None


class _NotFoundError(Exception):
    """CUPS does not know the printer or job asked for."""


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(str(item) for item in value)
    return (str(value),)
