"""Measure how a batch scales on Dask: the same specs on one worker and on two, each one process.

    python benchmarks/dask_scaling.py                  # 2,000 specs, three alternating rounds
    python benchmarks/dask_scaling.py --specs 200 --rounds 1     # a quick look
    python benchmarks/dask_scaling.py --write BENCHMARKS.md      # also put the section into that file

For each round and each worker count, a Dask scheduler and the workers start
as processes of their own (free ports, no dashboard, one thread and no nanny
per worker), the workers import the renderer, and then ``briefgen build
--force --scheduler ADDRESS`` builds every spec in a fresh process, timed
from start to exit. Rounds alternate the order (1 then 2, 2 then 1) and each
count keeps its best round. Besides briefs per second, it reads the CPU time
the scheduler, the workers and the briefgen process spent per brief (from
/proc) and the TCP bytes each sent (from the kernel's per-connection counters,
through ``ss``), times 2,000 empty tasks straight through Dask and through
briefgen's executor (the per-task overhead), and projects a 100,000-brief run
on N machines from those costs.

On a shared machine, Linux divides CPU time between sessions before
processes, so a second worker adds nothing while other sessions are busy;
run it in a session of its own at a raised priority (as root)::

    setsid sh -c 'echo -20 > /proc/self/autogroup; exec python benchmarks/dask_scaling.py'

and the section says so. Linux only (/proc, ``ss``). The specs are the
benchmark's own (``specgen.py``: nine in ten seed-sized, one in ten twelve
pages or more). Never a test: timings belong here.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = Path(tempfile.gettempdir()) / "briefgen-dask-scaling"
HEADING = "## Dask scaling"
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Usage:
    """A process's CPU seconds so far."""

    cpu: float

    @classmethod
    def of(cls, pid: int) -> Usage:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return cls((int(fields[11]) + int(fields[12])) / TICKS)

    def __sub__(self, other: Usage) -> Usage:
        return Usage(self.cpu - other.cpu)

    def __add__(self, other: Usage) -> Usage:
        return Usage(self.cpu + other.cpu)


@dataclass
class Run:
    """One timed build: its wall time, and the CPU and TCP bytes sent by each kind of process."""

    workers: int
    seconds: float
    scheduler: Usage
    worker: Usage  # all workers together
    client: Usage
    sent: dict[str, int]  # TCP bytes sent during the build, by "scheduler", "worker", "client"


class Traffic:
    """TCP bytes sent by some processes, read from ``ss`` (the kernel's tcp_info) every half second.

    /proc/PID/io does not count socket traffic (Dask sends with send(), not
    write()), so the kernel's per-connection counters are sampled instead; a
    connection's last half second before it closes can be missed.
    """

    def __init__(self) -> None:
        self.roles: dict[int, str] = {}
        self._baseline: dict[tuple[str, ...], int] = {}
        self._latest: dict[tuple[str, ...], int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def start(self, roles: dict[int, str]) -> None:
        self.roles = dict(roles)
        self._baseline = self._sample()
        self._latest = dict(self._baseline)
        self._thread.start()

    def add(self, pid: int, role: str) -> None:
        self.roles[pid] = role

    def stop(self) -> dict[str, int]:
        self._stop.set()
        self._thread.join()
        self._latest.update(self._sample())
        sent: dict[str, int] = {}
        for key, value in self._latest.items():
            role = self.roles.get(int(key[0]))
            if role:
                sent[role] = sent.get(role, 0) + value - self._baseline.get(key, 0)
        return sent

    def _watch(self) -> None:
        while not self._stop.wait(0.5):
            self._latest.update(self._sample())

    def _sample(self) -> dict[tuple[str, ...], int]:
        output = subprocess.run(["ss", "-tinpH", "state", "established"], capture_output=True, text=True).stdout
        found: dict[tuple[str, ...], int] = {}
        key: tuple[str, ...] | None = None
        for line in output.splitlines():
            if not line.startswith("\t"):
                pid = re.search(r"pid=(\d+)", line)
                key = (pid.group(1), *line.split()[2:4]) if pid and int(pid.group(1)) in self.roles else None
            elif key is not None:
                sent = re.search(r"bytes_sent:(\d+)", line)
                found[key] = int(sent.group(1)) if sent else 0
        return found


@contextlib.contextmanager
def cluster(workers: int, folder: Path) -> Iterator[tuple[str, int, list[int]]]:
    """Start a scheduler and ``workers`` single-threaded workers; yield the address and the pids."""
    import distributed

    file = folder / "scheduler.json"
    file.unlink(missing_ok=True)
    quiet: dict[str, Any] = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    options = ["--host", "127.0.0.1", "--no-dashboard"]
    started: list[subprocess.Popen[bytes]] = []
    try:
        command = [sys.executable, "-m", "distributed.cli.dask_scheduler", *options, "--port", "0"]
        started.append(subprocess.Popen([*command, "--scheduler-file", str(file)], **quiet))
        deadline = time.monotonic() + 60
        while not (file.exists() and file.read_text().rstrip().endswith("}")):
            if time.monotonic() > deadline:
                raise RuntimeError("the scheduler did not start")
            time.sleep(0.05)
        address = json.loads(file.read_text())["address"]
        for _ in range(workers):
            command = [sys.executable, "-m", "distributed.cli.dask_worker", address, *options]
            started.append(subprocess.Popen([*command, "--nthreads", "1", "--no-nanny"], **quiet))
        with distributed.Client(address, set_as_default=False) as client:
            client.wait_for_workers(workers, timeout=120)
            # Import the renderer and register the fonts in every worker before the clock starts.
            from briefgen.batch.worker import warm_up

            client.run(warm_up)
        yield address, started[0].pid, [process.pid for process in started[1:]]
    finally:
        for process in started:
            process.terminate()
        for process in started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def build(specs: Path, out: Path, workers: int, folder: Path) -> Run:
    """Build every spec in ``specs`` on a fresh cluster of ``workers``; return the measurements."""
    shutil.rmtree(out, ignore_errors=True)
    with cluster(workers, folder) as (address, scheduler, worker_pids):
        traffic = Traffic()
        traffic.start({scheduler: "scheduler", **{pid: "worker" for pid in worker_pids}})
        before = Usage.of(scheduler), [Usage.of(pid) for pid in worker_pids]
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        command = [sys.executable, "-m", "briefgen", "build", str(specs), "-o", str(out), "--force"]
        started = time.perf_counter()
        process = subprocess.Popen(
            [*command, "--scheduler", address], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        traffic.add(process.pid, "client")
        _, stderr = process.communicate()
        seconds = time.perf_counter() - started
        if process.returncode != 0:
            raise RuntimeError(f"the build failed: {stderr[-2000:]}")
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        client = Usage(after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime)
        worker = sum((Usage.of(pid) - start for pid, start in zip(worker_pids, before[1], strict=True)), Usage(0.0))
        return Run(workers, seconds, Usage.of(scheduler) - before[0], worker, client, traffic.stop())


@dataclass
class Overhead:
    """What an empty task costs: through Dask alone, and per spec through briefgen's executor (in chunks)."""

    dask_wall: float  # seconds per task, 2,000 submitted at once
    dask_scheduler: float  # the scheduler's CPU seconds per task
    executor_wall: float  # seconds per task through DaskExecutor
    executor_scheduler: float


def empty_tasks(count: int, folder: Path) -> Overhead:
    """Time ``count`` empty tasks on one worker, straight through Dask and through briefgen's executor."""
    import distributed

    from briefgen.batch.cluster import DaskExecutor

    def noop(number: int) -> int:  # nested: sent by value, as the workers cannot import this script
        return number

    with cluster(1, folder) as (address, scheduler, _):
        with distributed.Client(address, set_as_default=False, direct_to_workers=True) as client:
            client.gather(client.map(noop, range(200), pure=False))  # connections and caches warm
            before, started = Usage.of(scheduler), time.perf_counter()
            client.gather(client.map(noop, range(count), pure=False))
            dask_wall, dask_cpu = time.perf_counter() - started, (Usage.of(scheduler) - before).cpu
        executor = DaskExecutor(address)
        try:
            list(executor.run(noop, range(200)))
            before, started = Usage.of(scheduler), time.perf_counter()
            done = sum(1 for _ in executor.run(noop, range(count)))
            executor_wall, executor_cpu = time.perf_counter() - started, (Usage.of(scheduler) - before).cpu
        finally:
            executor.close()
    assert done == count
    return Overhead(dask_wall / count, dask_cpu / count, executor_wall / count, executor_cpu / count)


def machine() -> dict[str, str]:
    """Return the CPU, cores, load and versions of this run."""
    from importlib import metadata

    cpu = platform.processor() or "unknown"
    with contextlib.suppress(OSError):
        found = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
        cpu = found.group(1) if found else cpu
    priority = "its processes at the machine's usual priority"
    with contextlib.suppress(OSError, IndexError, ValueError):
        # On Linux, CPU time is shared between sessions ("autogroups") before processes: two workers
        # in one session get no more than one would while other sessions are busy, unless that
        # session's priority is raised (as root: setsid, then echo -20 > /proc/self/autogroup).
        nice = int(Path("/proc/self/autogroup").read_text().split()[-1])
        if nice:
            priority = f"its session (Linux autogroup) at nice {nice}, so that other sessions took little of its CPU"
    return {
        "priority": priority,
        "when": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "python": platform.python_version(),
        "distributed": metadata.version("distributed"),
        "briefgen": metadata.version("briefgen"),
    }


def report(count: int, runs: list[Run], overhead: Overhead, info: dict[str, str]) -> str:
    """Return the results, and the projection they give, as a self-contained Markdown section."""
    from briefgen.batch.cluster import CHUNK_SIZE

    best = {n: min((run for run in runs if run.workers == n), key=lambda run: run.seconds) for n in (1, 2)}
    one, two = best[1], best[2]
    ratio = one.seconds / two.seconds
    worker = one.worker.cpu / count
    scheduler, client = two.scheduler.cpu / count, two.client.cpu / count
    sent = {role: two.sent.get(role, 0) / count for role in ("client", "scheduler", "worker")}
    rounds = ", ".join(f"{run.workers}: {count / run.seconds:.1f}" for run in runs)
    pairs = [runs[index : index + 2] for index in range(0, len(runs) - 1, 2)]
    within = ", ".join(
        f"{max(pair, key=lambda run: run.seconds).seconds / min(pair, key=lambda run: run.seconds).seconds:.2f}"
        for pair in pairs
    )
    lines = [
        HEADING,
        "",
        f"{count:,} specs (the benchmark's mix: nine in ten seed-sized, one in ten twelve pages or more), built",
        "with `briefgen build --force --scheduler ...` in a fresh process on a local Dask scheduler with one",
        "worker, then two (one process, one thread, no nanny each; warmed up before the clock starts); the",
        f"best of {len(runs) // 2} alternating rounds each. `python benchmarks/dask_scaling.py` measures it all.",
        "",
        "| workers | seconds | briefs/s | vs one worker |",
        "|---:|---:|---:|---:|",
        f"| 1 | {one.seconds:.1f} | {count / one.seconds:.1f} | 1.00x |",
        f"| 2 | {two.seconds:.1f} | {count / two.seconds:.1f} | **{ratio:.2f}x** (target: 1.7x) |",
        "",
        f"Every round, workers: briefs/s: {rounds} (the ratio within each round: {within}).",
        "",
        "Per brief, with two workers (CPU from /proc/PID/stat; TCP bytes sent, from the kernel's tcp_info):",
        "",
        "| process | CPU ms | bytes sent |",
        "|---|---:|---:|",
        f"| a worker, building (one worker's run) | {worker * 1000:.1f} | {sent['worker']:,.0f} |",
        f"| the scheduler | {scheduler * 1000:.2f} | {sent['scheduler']:,.0f} |",
        f"| briefgen (reads and hashes specs, writes PDFs and the manifest) | {client * 1000:.2f} | "
        f"{sent['client']:,.0f} |",
        "",
        f"So about {sum(sent.values()) / 1000:.0f} kB cross the network per brief: the PDF from a worker to briefgen,",
        "and the spec twice (Dask sends a task's data from briefgen to the scheduler, and on to a worker).",
        "",
        f"Dask's own overhead, measured with {2000:,} empty tasks on one worker: "
        f"{overhead.dask_scheduler * 1000:.2f} ms of the scheduler's CPU and {overhead.dask_wall * 1000:.2f} ms",
        "of wall time per task submitted all at once; through briefgen's executor, which sends specs in chunks",
        f"of {CHUNK_SIZE}, {overhead.executor_scheduler * 1000:.2f} ms and {overhead.executor_wall * 1000:.2f} ms "
        "per spec.",
        "",
        f"Machine: {info['cpu']}, {info['cores']} cores, load average {info['load_before']} before the run and",
        f"{info['load']} after it (a shared machine: other work was running); the benchmark ran with",
        f"{info['priority']}. Python {info['python']}, distributed {info['distributed']}; {info['when']}.",
        "",
        *projection(worker, scheduler, client, sum(sent.values())),
    ]
    return "\n".join(lines) + "\n"


def projection(worker: float, scheduler: float, client: float, moved: float) -> list[str]:
    """Return the paragraph and table projecting 100,000 briefs on N eight-core machines from per-brief costs."""
    briefs, cores, link = 100_000, 8, 125e6  # bytes/s: one gigabit link into the briefgen machine
    single = max(scheduler, client, moved / link)
    bound = "the scheduler" if single == scheduler else "briefgen's own process" if single == client else "its link"
    rows = ["| machines (8 cores) | minutes | bound by |", "|---:|---:|---|"]
    for machines in (1, 2, 4, 8, 16, 32):
        spread = worker / (machines * cores)
        limit = max(spread, single)
        rows.append(f"| {machines} | {briefs * limit / 60:.1f} | {'the workers' if limit == spread else bound} |")
    knee = worker / single
    return [
        "### A 100,000-brief run on N machines",
        "",
        f"From the costs above: the workers need {briefs * worker / 3600:.1f} core-hours; the scheduler, one",
        f"thread, {briefs * scheduler / 60:.1f} minutes; briefgen's own process, also one thread (it reads and",
        f"hashes every spec, writes every PDF and the manifest), {briefs * client / 60:.1f} minutes; and",
        f"{briefs * moved / 1e9:.1f} GB cross the network, every PDF through the briefgen machine's link",
        f"({briefs * moved / link / 60:.1f} minutes at a gigabit). Time is the largest of these:",
        "",
        *rows,
        "",
        f"It stops scaling at about {knee:.0f} worker cores ({knee / cores:.0f} machines), where {bound} is",
        "busy all the time; beyond that, more machines add nothing. Before that point, two other limits come",
        "into view that these figures do not show: figures and theme files are read by the workers at the",
        "paths the specs name, so every worker needs the same files (a shared file system, read by every",
        "worker at once); and the manifest is written by the one briefgen process, the whole file every five",
        "seconds: at 100,000 entries (about 30 MB) each save takes about two seconds of that process, so by",
        "the end of such a run saving alone would keep it busy 40% of the time (and reading the manifest",
        "back, at the start of the next run, takes a few seconds more).",
        "",
        "What would come next, in order: larger chunks on large clusters (Dask's cost per task is shared by",
        "more specs); workers that write their PDFs to shared storage and return only hashes, as local",
        "workers already do, so that neither the PDFs nor their writing pass through one process; a",
        "manifest kept as an append-only journal, or one per output sub-folder; figures sent with the task",
        "by content hash and cached on the workers instead of a shared file system; and past one scheduler,",
        "several independent batches, each with its own scheduler and a share of the specs.",
    ]


def write_into(path: Path, section: str) -> None:
    """Replace the "Dask scaling" section of ``path`` (up to the next "## " heading), or append it."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text, count=1).rstrip() + "\n"
    else:
        text = text.rstrip() + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--specs", type=int, default=2000, help="how many specs (default 2,000)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds per worker count (default 3)")
    parser.add_argument("--write", type=Path, help="put the section into this Markdown file")
    arguments = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from specgen import generate

    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    WORK.mkdir(parents=True, exist_ok=True)
    specs = WORK / f"specs-{arguments.specs}"
    generate(specs, arguments.specs)
    runs: list[Run] = []
    for round_number in range(arguments.rounds):
        for workers in (1, 2) if round_number % 2 == 0 else (2, 1):
            run = build(specs, WORK / "out", workers, WORK)
            runs.append(run)
            rate = arguments.specs / run.seconds
            print(
                f"round {round_number + 1}, {workers} worker(s): {run.seconds:.1f} s, {rate:.1f} briefs/s", flush=True
            )
    overhead = empty_tasks(2000, WORK)
    section = report(arguments.specs, runs, overhead, {**machine(), "load_before": load_before})
    print()
    print(section)
    if arguments.write:
        write_into(arguments.write, section)


if __name__ == "__main__":
    main()
