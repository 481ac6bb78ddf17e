"""Local workers: a dead worker costs only the spec it held, and no worker outlives its parent.

The batches here run in child processes with a time limit, so that a hang
(or an orphaned worker) fails the test rather than stalling the suite; every
worker a test finds is killed at the end, whatever happened.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from briefgen.batch import manifest as manifests
from briefgen.batch import processes
from briefgen.batch.pool import ProcessPoolExecutor
from briefgen.errors import BriefgenError
from conftest import SEED_SPEC

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to find the workers")


def square_or_die(number: int) -> int:
    if number == 3:
        os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer would
    return number * number


def square(number: int) -> int:
    return number * number


def lost(number: int, why: str) -> str:
    return f"lost {number}: {why}"


def test_a_task_that_kills_its_worker_is_lost_alone() -> None:
    executor = ProcessPoolExecutor(2)
    try:
        results = list(executor.run(square_or_die, range(10), lost=lost))
        assert sorted(map(str, results)) == sorted(
            [str(n * n) for n in range(10) if n != 3]
            + [
                "lost 3: the worker process building it died (killed by SIGKILL, as the out-of-memory killer does); "
                "the batch went on with a new one"
            ]
        )
        # Two workers still, and they work.
        assert sorted(executor.run(square, range(10, 16), lost=lost)) == [n * n for n in range(10, 16)]
        assert executor.incidents == []
    finally:
        executor.close()


# A batch of its own process, where no thread left by another test (Dask's) keeps the pool from forking.
_FORKED_POOL = """
import os, signal, sys
from briefgen.batch.pool import ProcessPoolExecutor

def square_or_die(number):
    if number == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return number * number

executor = ProcessPoolExecutor(2)
try:
    print(sorted(map(str, executor.run(square_or_die, range(8), lost=lambda number, why: f"lost {number}: {why}"))))
    print(sorted(executor.run(square_or_die, range(4, 7))))
finally:
    executor.close()
print("multiprocessing" in sys.modules)
"""


def test_forked_workers_lose_only_a_killed_task_and_need_no_multiprocessing() -> None:
    result = subprocess.run([sys.executable, "-c", _FORKED_POOL], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    lost_one, again, imported = result.stdout.splitlines()
    why = "the worker process building it died (killed by SIGKILL, as the out-of-memory killer does)"
    expected = sorted([str(n * n) for n in range(8) if n != 3] + [f"lost 3: {why}; the batch went on with a new one"])
    assert lost_one == str(expected)
    assert again == str([16, 25, 36])
    # Importing multiprocessing took about 6.5 ms before the first worker could start.
    assert imported == "False"


def _alive(pid: int) -> bool:
    """Return whether ``pid`` has yet to exit completely (a zombie whose threads are all gone has)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        threads = len(os.listdir(f"/proc/{pid}/task"))
    except (FileNotFoundError, ProcessLookupError):
        return False
    # A worker runs a second thread (its lifeline's watcher): its main thread can show as a zombie
    # while the other still holds the process's files open.
    return state not in ("Z", "X") or threads > 1


def _children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def worker_pid(_: int) -> int:
    return os.getpid()


def test_a_worker_dead_between_tasks_is_replaced() -> None:
    executor = ProcessPoolExecutor(2)
    try:
        # Each idle worker is handed a task first: two tasks reach both workers.
        workers = set(executor.run(worker_pid, range(2)))
        assert len(workers) == 2
        victim = min(workers)
        os.kill(victim, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while _alive(victim):
            assert time.monotonic() < deadline
            time.sleep(0.01)
        pids = list(executor.run(worker_pid, range(10), lost=lost))
        assert len(pids) == 10
        assert victim not in pids
        assert len(set(pids)) == 2  # the survivor and the new worker
        assert executor.incidents == [
            "a worker process died between two briefs (killed by SIGKILL, as the out-of-memory killer does); "
            "a new one took its place"
        ]
    finally:
        executor.close()


def test_workers_start_only_for_tasks_and_each_is_given_its_first_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing.connection
    import multiprocessing.process

    events: list[str] = []
    # Forked, or started by multiprocessing when a thread left by another test runs: either way.
    for process_class, channel_class in (
        (processes.ForkedProcess, processes.Channel),
        (multiprocessing.process.BaseProcess, multiprocessing.connection.Connection),
    ):

        def starting(self: Any, start: Callable[[Any], None] = process_class.start) -> None:
            events.append("start")
            start(self)

        def sending(self: Any, task: object, send: Callable[[Any, object], None] = channel_class.send) -> None:
            events.append(f"give {task}")
            send(self, task)

        monkeypatch.setattr(process_class, "start", starting)
        monkeypatch.setattr(channel_class, "send", sending)
    executor = ProcessPoolExecutor(3)
    try:
        # One task: one worker, however many are allowed (a rebuild where one spec changed forks once).
        assert list(executor.run(square, [4])) == [16]
        assert events == ["start", "give 4"]
        assert executor.workers == 1
        events.clear()
        # The idle worker is given a task first; each new one gets its own before the next is forked.
        assert sorted(executor.run(square, range(5))) == [0, 1, 4, 9, 16]
        assert events[:5] == ["give 0", "start", "give 1", "start", "give 2"]
        assert executor.workers == 3
    finally:
        executor.close()


def parent_death_signal(_: int) -> int:
    import ctypes

    found = ctypes.c_int(0)
    ctypes.CDLL(None, use_errno=True).prctl(2, ctypes.byref(found), 0, 0, 0)  # PR_GET_PDEATHSIG
    return found.value


def test_the_kernel_kills_each_worker_with_its_parent() -> None:
    # prctl is looked up once in the parent, before it forks; each worker must still have asked for the signal.
    executor = ProcessPoolExecutor(2)
    try:
        assert list(executor.run(parent_death_signal, range(4))) == [signal.SIGKILL] * 4
    finally:
        executor.close()


def fail_to_start() -> None:
    raise ImportError("no module named 'reportlab'")


def test_a_worker_that_cannot_start_stops_the_batch_with_one_line() -> None:
    executor = ProcessPoolExecutor(2, warm_up=fail_to_start)
    try:
        with pytest.raises(BriefgenError, match=r"^a worker process could not start \(ImportError: no module named"):
            list(executor.run(square, range(4), lost=lost))
    finally:
        executor.close()


# --- A whole batch, as the user runs it ----------------------------------------------------------

# Runs briefgen's command line after making the spec named oom.yaml kill the worker that builds it.
_KILLING_SPEC = """
import os, signal, sys
from briefgen.batch import build
from briefgen.cli import main

real = build.render_task

def render_or_die(task):
    if task.source.endswith("oom.yaml"):
        os.kill(os.getpid(), signal.SIGKILL)
    return real(task)

build.render_task = render_or_die
main(sys.argv[1:], prog_name="briefgen")
"""


def _specs(folder: Path, count: int) -> Path:
    folder.mkdir()
    for number in range(count):
        (folder / f"brief-{number:02d}.yaml").write_bytes(SEED_SPEC.read_bytes())
    return folder


@pytest.mark.slow
def test_a_killed_worker_fails_only_its_spec_and_the_batch_goes_on(tmp_path: Path) -> None:
    specs = _specs(tmp_path / "specs", 5)
    (specs / "oom.yaml").write_bytes(SEED_SPEC.read_bytes())
    out = tmp_path / "out"
    command = ["build", str(specs), "-o", str(out), "--jobs", "2"]
    result = subprocess.run(
        [sys.executable, "-c", _KILLING_SPEC, *command], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    why = (
        f"{specs / 'oom.yaml'}: the worker process building it died "
        "(killed by SIGKILL, as the out-of-memory killer does); the batch went on with a new one"
    )
    assert f"error: {why}" in lines
    assert lines[-3].startswith("5 built, 0 up to date, 1 failed in ")
    assert lines[-2:] == ["Failed:", f"  {why}"]
    assert len(manifests.Manifest(out).entries) == 5
    # The next build (from the command line too, so with the same project settings) builds only the one that failed.
    again = subprocess.run([sys.executable, "-m", "briefgen", *command], capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert "1 built, 5 up to date, 0 failed" in again.stderr + again.stdout


# --- Workers die with their parent ---------------------------------------------------------------

# briefgen's command line without the kernel's help (PR_SET_PDEATHSIG): the lifeline alone must do.
_WITHOUT_DEATH_SIGNAL = """
import sys
from briefgen.batch import processes
from briefgen.cli import main

processes.set_parent_death_signal = lambda: None
main(sys.argv[1:], prog_name="briefgen")
"""


@contextlib.contextmanager
def _batch_with_workers(tmp_path: Path, *program: str) -> Iterator[tuple[subprocess.Popen[str], list[int], list[str]]]:
    """Start a 40-spec batch with two workers; once it has built a brief, yield it, its workers' pids and its output.

    The output's lines are read by a thread from the start (lines a reader has
    buffered would be lost to ``communicate``) and complete once the batch has ended.
    """
    specs = _specs(tmp_path / "specs", 40)
    command = [sys.executable, *program, "build", str(specs), "-o", str(tmp_path / "out"), "--jobs", "2"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    workers: list[int] = []
    lines: list[str] = []
    # A session of its own: nothing sent to the batch reaches this test's process group.
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True
    ) as process:
        reader = threading.Thread(target=lambda: lines.extend(process.stdout or ()), daemon=True)
        reader.start()
        try:
            deadline = time.monotonic() + 60
            while not lines:  # until the first brief is reported built
                assert time.monotonic() < deadline, "nothing built"
                time.sleep(0.01)
            assert lines[0].startswith("built "), lines
            workers = _children(process.pid)
            assert len(workers) == 2
            yield process, workers, lines
        finally:
            for pid in [process.pid, *workers]:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            reader.join(timeout=10)


def _gone_within(pids: list[int], seconds: float) -> list[int]:
    """Wait for ``pids`` to end; return those still alive after ``seconds``."""
    deadline = time.monotonic() + seconds
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return [pid for pid in pids if _alive(pid)]


@pytest.mark.slow
@pytest.mark.parametrize("program", [("-m", "briefgen"), ("-c", _WITHOUT_DEATH_SIGNAL)], ids=["kernel", "lifeline"])
def test_workers_die_with_a_killed_parent(tmp_path: Path, program: tuple[str, ...]) -> None:
    with _batch_with_workers(tmp_path, *program) as (process, workers, _):
        process.kill()
        process.wait(timeout=30)
        assert _gone_within(workers, 30) == []


@pytest.mark.slow
@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_sigterm_or_sighup_stops_the_batch_and_saves_the_manifest(tmp_path: Path, name: str) -> None:
    with _batch_with_workers(tmp_path, "-m", "briefgen") as (process, workers, lines):
        process.send_signal(getattr(signal, name))
        process.wait(timeout=60)
        stderr = process.stderr.read() if process.stderr else ""
        assert _gone_within(workers, 30) == []
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert stderr.rstrip().endswith("Interrupted: the PDFs built so far are kept and recorded as built.")
    out = tmp_path / "out"
    reported = {out / Path(line.split()[1]).name for line in lines if line.startswith("built ")}
    recorded = {out / key for key in manifests.Manifest(out).entries}
    assert reported == recorded
    assert recorded == set(out.glob("*.pdf"))
    assert len(recorded) < 40
