"""CUPS through its command-line tools, where pycups is not installed: the same questions, asked of lp and lpstat.

Input: the server ``CUPS_SERVER`` names (the tools read it themselves).
Output: what ``cups.PrintClient`` promises, parsed from the tools' output in
the C locale (``lpstat -r``, ``-p``, ``-a``, ``-d``, ``-o``; ``lpoptions -l``;
``lp``). The tools cannot say everything IPP can: the paper loaded is taken
to be the queue's default page size, and a cancelled job looks like a
completed one.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

from briefgen.printing.cups import JobState, PrintError, PrinterStatus, server_name, unreachable

_TIMEOUT = 30.0
_REQUEST_ID = re.compile(r"request id is (?P<printer>\S+)-(?P<job>\d+)")


class LpClient:
    """CUPS through lp, lpstat and lpoptions."""

    name = "lp"

    def __init__(self) -> None:
        self.server = server_name()
        if shutil.which("lp") is None or shutil.which("lpstat") is None:
            raise PrintError("neither pycups nor CUPS's lp command is installed: pip install 'briefgen[print]'")
        # `lpstat -r` exits 0 either way; only its words tell a running scheduler.
        answer = self._run("lpstat", "-r")
        if "not running" in answer or "is running" not in answer:
            raise unreachable(self.server)
        self._printers: dict[str, tuple[str, str]] | None = None

    def printer_names(self) -> list[str]:
        """Return every queue's name, in name order."""
        return sorted(self._states())

    def default_printer(self) -> str | None:
        """Return CUPS's default queue, or None if it has none."""
        found = re.search(r"system default destination: (\S+)", self._run("lpstat", "-d"))
        return found.group(1) if found else None

    def printer(self, name: str) -> PrinterStatus | None:
        """Return the queue's status, or None if there is no such queue."""
        states = self._states()
        if name not in states:
            return None
        state, message = states[name]
        accepting, reason = self._accepting().get(name, (True, ""))
        supported, ready = self._page_sizes(name)
        return PrinterStatus(name, state, accepting, reason or message, supported, ready)

    def submit(self, printer: str, path: Path, title: str, options: Mapping[str, str]) -> int:
        """Send ``path`` to ``printer`` as one job; return its id."""
        arguments = ["lp", "-d", printer, "-t", title]
        for key, value in options.items():
            arguments += ["-n", value] if key == "copies" else ["-o", f"{key}={value}"]
        result = self._completed(*arguments, "--", str(path))
        found = _REQUEST_ID.search(result.stdout)
        if result.returncode != 0 or found is None:
            message = (result.stderr or result.stdout).strip().removeprefix("lp: ")
            raise PrintError(f"CUPS at {self.server} refused {path}: {message}")
        return int(found.group("job"))

    def job(self, job_id: int) -> JobState | None:
        """Return the job's state, or None if CUPS no longer knows it."""
        suffix = re.compile(rf"^(\S+)-{job_id}\s", re.MULTILINE)
        waiting = suffix.search(self._run("lpstat", "-o"))
        if waiting:
            printing = re.search(rf"now printing {re.escape(waiting.group(1))}-{job_id}\b", self._run("lpstat", "-p"))
            return JobState(job_id, "processing" if printing else "pending")
        if suffix.search(self._run("lpstat", "-W", "completed", "-o")):
            return JobState(job_id, "completed")
        return None

    def _states(self) -> dict[str, tuple[str, str]]:
        if self._printers is None:
            self._printers = {}
            current = ""
            for line in self._run("lpstat", "-p").splitlines():
                found = re.match(r"printer (\S+) (?:is (idle)|(now printing)|(disabled))", line)
                if found:
                    current = found.group(1)
                    state = "idle" if found.group(2) else "printing" if found.group(3) else "stopped"
                    self._printers[current] = (state, "")
                elif line.startswith("\t") and current:
                    state, message = self._printers[current]
                    self._printers[current] = (state, " ".join(filter(None, (message, line.strip()))))
        return self._printers

    def _accepting(self) -> dict[str, tuple[bool, str]]:
        found: dict[str, tuple[bool, str]] = {}
        current = ""
        for line in self._run("lpstat", "-a").splitlines():
            match = re.match(r"(\S+) (not )?accepting requests", line)
            if match:
                current = match.group(1)
                found[current] = (match.group(2) is None, "")
            elif line.startswith("\t") and current:
                found[current] = (found[current][0], line.strip())
        return found

    def _page_sizes(self, name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Return the queue's page sizes and its default one (taken as the paper loaded), from its PPD."""
        for line in self._run("lpoptions", "-p", name, "-l").splitlines():
            key, _, choices = line.partition(":")
            if key.split("/")[0] == "PageSize":
                sizes = choices.split()
                supported = tuple(size.lstrip("*") for size in sizes)
                return supported, tuple(size.lstrip("*") for size in sizes if size.startswith("*"))
        return (), ()

    def _run(self, *arguments: str) -> str:
        return self._completed(*arguments).stdout

    def _completed(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        environment = {**os.environ, "LANG": "C", "LC_ALL": "C"}
        try:
            return subprocess.run(
                arguments, capture_output=True, text=True, env=environment, timeout=_TIMEOUT, check=False
            )
        except subprocess.TimeoutExpired:
            raise PrintError(f"CUPS at {self.server} did not answer `{arguments[0]}` in {_TIMEOUT:.0f} s") from None
        except OSError as exc:
            raise PrintError(f"cannot run {arguments[0]}: {exc.strerror or exc}") from None
