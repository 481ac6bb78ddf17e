"""Run one fuzz example in a forked child, bounded as a user's build must be: time, memory and what it may read.

``isolated(work, watched)`` forks; the child limits its address space to
what it had plus ``MEMORY`` (so a decode the bounds should have stopped is a
MemoryError, not the machine's swap), arms an alarm, records every file
Python opens (an audit hook), runs ``work`` and reports what it returned or
raised. The parent kills a child that outlives ``SECONDS`` by a margin. A
report says whether the example hung, crashed, how long it took, and which
of the ``watched`` sentinel paths (outside the allowed folders) were opened.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SECONDS = 10
MEMORY = 1024 * 1024 * 1024


@dataclass
class Report:
    """What one isolated example did."""

    value: Any = None
    crash: str = ""
    hung: bool = False
    seconds: float = 0.0
    opened_outside: list[str] = field(default_factory=list)


def _virtual_size() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def isolated(work: Callable[[], Any], watched: Sequence[Path], *, seconds: int = SECONDS) -> Report:
    """Run ``work`` in a forked child within ``seconds`` and ``MEMORY``; report what happened."""
    watched_real = [str(path.resolve()) for path in watched] + [str(path) for path in watched]
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        result_path = handle.name
    pid = os.fork()
    if pid == 0:  # the child: never returns
        outcome: dict[str, Any] = {}
        opened: list[str] = []
        try:
            limit = _virtual_size() + MEMORY
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

            def audit(event: str, args: tuple[Any, ...]) -> None:
                if event == "open" and args and isinstance(args[0], str | bytes | os.PathLike):
                    opened.append(os.fsdecode(args[0]))

            sys.addaudithook(audit)

            def too_long(_signal: int, _frame: object) -> None:
                raise TimeoutError(f"still running after {seconds} s")

            signal.signal(signal.SIGALRM, too_long)
            signal.alarm(seconds)
            started = time.monotonic()
            outcome["value"] = work()
            outcome["seconds"] = time.monotonic() - started
        except BaseException:  # the child reports everything, whatever it was
            outcome["crash"] = traceback.format_exc()
        finally:
            signal.alarm(0)
            outcome["opened_outside"] = sorted(
                {path for path in opened if any(os.path.realpath(path) == w or path == w for w in watched_real)}
            )
            with open(result_path, "w", encoding="utf-8") as result:
                json.dump(outcome, result, default=str)
            os._exit(0)
    deadline = time.monotonic() + seconds + 5  # the child's own alarm fires first, unless stuck in C code
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            Path(result_path).unlink(missing_ok=True)
            return Report(hung=True, seconds=time.monotonic() - deadline + seconds)
        time.sleep(0.02)
    try:
        text = Path(result_path).read_text(encoding="utf-8")
    finally:
        Path(result_path).unlink(missing_ok=True)
    # A child that wrote nothing died before it could: killed by a signal, or out of memory in C.
    outcome = json.loads(text) if text else {"crash": f"the child died without a word (wait status {status})"}
    return Report(
        value=outcome.get("value"),
        crash=outcome.get("crash", ""),
        seconds=outcome.get("seconds", 0.0),
        opened_outside=outcome.get("opened_outside", []),
    )


def assert_bounded(report: Report, what: str) -> None:
    """The invariant every fuzz example keeps: no crash, no hang past the bound, nothing outside read."""
    # The time bound is the child's alarm (a TimeoutError, so a crash) and the parent's kill: a hang, not a timing.
    assert not report.hung, f"{what}: hung (killed after {SECONDS} s and a margin)"
    assert not report.crash, f"{what}: crashed:\n{report.crash}"
    assert not report.opened_outside, f"{what}: opened files outside the allowed folders: {report.opened_outside}"


def cli_outcome(*arguments: str) -> dict[str, Any]:
    """Run the CLI in this (child) process; return its exit code and output, for ``assert_cli_clean``."""
    from click.testing import CliRunner

    from briefgen.cli import main

    result = CliRunner().invoke(main, list(arguments))
    return {"code": result.exit_code, "stdout": result.stdout, "stderr": result.stderr}


def assert_cli_clean(outcome: dict[str, Any], what: str) -> None:
    """A user's input gives a PDF or errors: exit 0 or 1, one-line errors, never a traceback or an internal error."""
    output = outcome["stdout"] + outcome["stderr"]
    assert outcome["code"] in (0, 1), f"{what}: exit {outcome['code']}\n{output}"
    assert "Traceback" not in output, f"{what}:\n{output}"
    assert "internal error" not in output, f"{what}:\n{output}"
