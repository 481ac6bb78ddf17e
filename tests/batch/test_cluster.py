"""Scale-out on a real Dask cluster: the same PDFs as a local build, and every failure of the cluster ends cleanly.

The clusters listen on free ports (the scheduler's and the dashboard's), so
the tests can run beside anything else. A worker killed mid-batch is Dask's
to replace; a spec that kills its workers fails alone; a scheduler that stops,
a cluster without workers, a listener that never answers and a malformed
address each end the batch with one line and what was built recorded.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from briefgen.batch import build as batch_build
from briefgen.batch import cluster as dask_cluster
from briefgen.batch import manifest as manifests
from briefgen.batch.build import build_many
from briefgen.batch.cluster import ClusterError, check_address
from briefgen.batch.report import SpecOutcome
from briefgen.batch.worker import RenderResult, RenderTask, render_task
from briefgen.cli import main
from conftest import SEED_SPEC

distributed = pytest.importorskip("distributed")
dask = pytest.importorskip("dask")


def _local_cluster(workers: int) -> Any:
    # Port 0 for the dashboard too: a fixed 8787 clashes with anything else running. A worker holds
    # only the task it runs (saturation 1.0), so a worker's death costs that one task; and one retry
    # after a death (allowed_failures 1) is enough to survive a lost worker, while a task that kills
    # its workers is given up on after two deaths rather than four.
    with dask.config.set({"distributed.scheduler.worker-saturation": 1.0}):
        return distributed.LocalCluster(
            n_workers=workers,
            processes=True,
            threads_per_worker=1,
            host="127.0.0.1",
            dashboard_address=":0",
            scheduler_kwargs={"allowed_failures": 1},
        )


@contextlib.contextmanager
def _closing(local: Any) -> Iterator[Any]:
    """Yield ``local``, then close it within 60 s, or else end the worker processes it started.

    distributed 2024.1 (the lowest version allowed) now and then waits forever to close a cluster whose
    nannies restarted killed workers: a hang in the tests' own clean-up, never in a build.
    """
    try:
        yield local
    finally:
        try:
            local.close(timeout=60)
        except Exception:  # distributed's TimeoutError, or an error while it closes
            import psutil

            for child in psutil.Process().children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    if any("multiprocessing.spawn" in part for part in child.cmdline()):
                        child.kill()


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    with _closing(_local_cluster(2)) as local:
        yield local


@pytest.fixture
def client(cluster: Any) -> Iterator[Any]:
    with distributed.Client(cluster.scheduler_address, set_as_default=False) as connected:
        connected.wait_for_workers(2, timeout=60)
        yield connected


def make_specs(folder: Path) -> Path:
    (folder / "team").mkdir(parents=True)
    (folder / "seed.yaml").write_bytes(SEED_SPEC.read_bytes())
    (folder / "team" / "seed.yaml").write_bytes(SEED_SPEC.read_bytes().replace(b"Mutual Defense", b"Mutual Defence"))
    (folder / "broken.yaml").write_text("title: Only a title\n")
    return folder


def many_specs(folder: Path, count: int) -> Path:
    """``count`` copies of the seed spec: each must come out as the same PDF."""
    folder.mkdir(parents=True)
    for number in range(count):
        (folder / f"brief-{number:02d}.yaml").write_bytes(SEED_SPEC.read_bytes())
    return folder


def test_dask_batch_is_byte_identical_to_a_local_build(client: Any, tmp_path: Path) -> None:
    specs = make_specs(tmp_path / "specs")
    local = build_many([specs], tmp_path / "local", jobs=1)
    address = client.scheduler.address
    remote = build_many([specs], tmp_path / "dask", scheduler=address)
    assert remote.workers == 2
    assert sorted((o.spec, o.status) for o in remote.outcomes) == sorted((o.spec, o.status) for o in local.outcomes)
    assert remote.failed[0].error == local.failed[0].error
    for outcome in local.built:
        twin = tmp_path / "dask" / outcome.output.relative_to(tmp_path / "local")
        assert twin.read_bytes() == outcome.output.read_bytes()
    again = build_many([specs], tmp_path / "dask", scheduler=address)
    assert [o.status for o in again.outcomes if o.status != "failed"] == ["skipped", "skipped"]


def _assert_every_pdf_recorded(out: Path, expected: bytes | None = None) -> set[Path]:
    """Check each PDF in ``out`` is whole and in the manifest with its own hash; return them."""
    manifest = manifests.Manifest(out)
    pdfs = set(out.glob("*.pdf"))
    assert {out / key for key in manifest.entries} == pdfs
    for pdf in pdfs:
        entry = manifest.get(pdf)
        assert entry is not None
        assert manifests.pdf_unchanged(pdf, entry)
        if expected is not None:
            assert pdf.read_bytes() == expected
    assert not [path.name for path in out.iterdir() if path.name.endswith(".tmp")]
    return pdfs


@pytest.mark.slow
def test_a_worker_killed_mid_batch_costs_nothing(client: Any, tmp_path: Path) -> None:
    expected = build_many([SEED_SPEC], tmp_path / "local", jobs=1).built[0].output.read_bytes()
    specs = many_specs(tmp_path / "specs", 24)
    victim = next(iter(client.run(os.getpid).values()))
    seen: list[SpecOutcome] = []

    def kill_after_the_fourth(outcome: SpecOutcome) -> None:
        seen.append(outcome)
        if len(seen) == 4:
            os.kill(victim, signal.SIGKILL)  # as the out-of-memory killer would

    out = tmp_path / "out"
    report = build_many([specs], out, scheduler=client.scheduler.address, on_outcome=kill_after_the_fourth)
    # Dask built the killed worker's tasks again: every spec once, every PDF the right one.
    assert report.ok
    assert sorted(outcome.spec.name for outcome in seen) == sorted(path.name for path in specs.iterdir())
    assert {outcome.status for outcome in seen} == {"built"}
    assert len(_assert_every_pdf_recorded(out, expected)) == 24
    assert len(report.warnings) == 1
    assert report.warnings[0].startswith("the Dask worker tcp://127.0.0.1:")
    assert report.warnings[0].endswith("left during the batch; the cluster built the specs it held again on the others")


def test_a_task_that_raises_fails_alone_in_its_chunk(client: Any) -> None:
    def square_but_five(number: int) -> int:  # a closure: Dask sends it by value
        if number == 5:
            raise ValueError("five is right out")
        return number * number

    executor = dask_cluster.DaskExecutor(client.scheduler.address)
    try:
        results = list(executor.run(square_but_five, range(40), lambda number, why: f"{number}: {why}"))
    finally:
        executor.close()
    assert sorted(map(str, results)) == sorted(
        [str(n * n) for n in range(40) if n != 5]
        + ["5: a Dask worker could not build it (ValueError: five is right out)"]
    )


# Last of the tests on the shared cluster: the workers it kills take a while to come back.
@pytest.mark.slow
def test_a_spec_that_kills_its_workers_fails_alone(
    client: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Six specs in four slots travel in chunks of two: oom.yaml shares one with brief-04.yaml, which must
    # still be built when its chunk is tried again spec by spec.
    specs = many_specs(tmp_path / "specs", 5)
    (specs / "oom.yaml").write_bytes(SEED_SPEC.read_bytes())

    # A closure, so that Dask sends the function itself rather than a name the workers would import.
    def render_or_die(task: RenderTask) -> RenderResult:
        if task.source.endswith("oom.yaml"):
            os._exit(9)
        return render_task(task)

    monkeypatch.setattr(batch_build, "render_task", render_or_die)
    report = build_many([specs], tmp_path / "out", scheduler=client.scheduler.address)
    assert report.counts == {"built": 5, "failed": 1}
    assert [failure.error for failure in report.failed] == [
        f"{specs / 'oom.yaml'}: it killed every Dask worker that tried to build it (out of memory?); "
        "the batch went on without it"
    ]
    assert len(_assert_every_pdf_recorded(tmp_path / "out")) == 5


# --- The cluster itself failing: one line, exit status 1, and what was built kept and recorded --------

# Each of these is bounded by a thread or a child with a time limit: a hang fails, it does not stall the suite.


def _within(seconds: float, function: Callable[[], Any]) -> BaseException | None:
    """Call ``function`` in a thread; return what it raised, or fail if it has not returned in time."""
    outcome: list[BaseException | None] = []

    def call() -> None:
        try:
            function()
        except BaseException as exc:  # handed to the test to check
            outcome.append(exc)
        else:
            outcome.append(None)

    thread = threading.Thread(target=call, daemon=True)
    thread.start()
    thread.join(seconds)
    assert outcome, f"still running after {seconds} s"
    return outcome[0]


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("tcp://scheduler", "has no port"),
        ("scheduler", "has no port"),
        ("tcp://scheduler:", "is not an address"),
        ("tcp://scheduler:8786:1", "is not an address"),
        ("tcp://scheduler:0", "has no valid port"),
        ("tcp://scheduler:70000", "has no valid port"),
        ("http://scheduler:8786", "has an unknown protocol"),
        ("tcp://sched uler:8786", "is not an address"),
    ],
)
def test_a_malformed_address_is_refused_before_connecting(address: str, problem: str) -> None:
    with pytest.raises(ClusterError, match=f"^the Dask scheduler address '{address}' {problem}; write it as"):
        check_address(address)


@pytest.mark.parametrize("address", ["tcp://scheduler:8786", "scheduler:8786", "tls://10.0.0.1:8786", "tcp://[::1]:1"])
def test_a_well_formed_address_passes(address: str) -> None:
    check_address(address)


def test_the_cli_reports_a_malformed_address_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "-o", str(tmp_path / "out"), str(SEED_SPEC), "--scheduler", "tcp://x"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: the Dask scheduler address 'tcp://x' has no port; write it as tcp://HOST:PORT "
        "(a Dask scheduler listens on port 8786 unless told otherwise)"
    ]


def test_a_listener_that_never_answers_is_given_up_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dask_cluster, "_CONNECT_SECONDS", 1.0)
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()  # accepts (the kernel does), never answers
        address = f"tcp://127.0.0.1:{listener.getsockname()[1]}"
        error = _within(30, lambda: build_many([SEED_SPEC], tmp_path / "out", scheduler=address))
    assert isinstance(error, ClusterError)
    assert (
        str(error) == f"cannot reach the Dask scheduler at {address}: no answer in 1 s; is a scheduler running there?"
    )


def test_a_cluster_without_workers_is_given_up_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dask_cluster, "_NO_WORKERS_SECONDS", 1.0)
    with _closing(_local_cluster(0)) as empty:
        address = empty.scheduler_address
        error = _within(30, lambda: build_many([SEED_SPEC], tmp_path / "out", scheduler=address))
    assert isinstance(error, ClusterError)
    assert str(error) == (
        f"the Dask scheduler at {address} has no workers (waited 1 s); start some with: dask worker {address}; "
        "1 spec not built"
    )


@contextlib.contextmanager
def _scheduler_and_worker(folder: Path) -> Iterator[tuple[list[subprocess.Popen[bytes]], str]]:
    """Run a Dask scheduler and one worker (no nanny to restart it) as processes; yield them and the address."""
    file = folder / "scheduler.json"
    quiet: dict[str, Any] = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    options = ["--host", "127.0.0.1", "--no-dashboard"]
    started: list[subprocess.Popen[bytes]] = []
    try:
        command = [sys.executable, "-m", "distributed.cli.dask_scheduler", *options, "--port", "0"]
        started.append(subprocess.Popen([*command, "--scheduler-file", str(file)], **quiet))
        deadline = time.monotonic() + 60
        while not (file.exists() and file.read_text().rstrip().endswith("}")):
            assert time.monotonic() < deadline, "the scheduler did not start"
            time.sleep(0.1)
        address = json.loads(file.read_text())["address"]
        command = [sys.executable, "-m", "distributed.cli.dask_worker", address, *options, "--nthreads", "1"]
        started.append(subprocess.Popen([*command, "--no-nanny"], **quiet))
        with distributed.Client(address, set_as_default=False) as client:
            client.wait_for_workers(1, timeout=60)
        yield started, address
    finally:
        for process in started:
            process.kill()
            process.wait()


@pytest.mark.slow
def test_a_scheduler_stopped_mid_batch_ends_the_build_in_one_line(tmp_path: Path) -> None:
    specs = many_specs(tmp_path / "specs", 40)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    lines: list[str] = []
    with _scheduler_and_worker(tmp_path) as ((scheduler, _), address):
        command = [sys.executable, "-m", "briefgen", "build", str(specs), "-o", str(out), "--scheduler", address]
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) as process:
            # Read by a thread from the start: lines a reader has buffered would be lost to communicate().
            reader = threading.Thread(target=lambda: lines.extend(process.stdout or ()), daemon=True)
            reader.start()
            try:
                deadline = time.monotonic() + 60
                while len(lines) < 3:
                    assert time.monotonic() < deadline, "nothing built"
                    time.sleep(0.01)
                scheduler.kill()
                stopped = time.monotonic()
                process.wait(timeout=60)
                waited = time.monotonic() - stopped
                stderr = process.stderr.read() if process.stderr else ""
            finally:
                if process.poll() is None:
                    process.kill()
            reader.join(timeout=10)
    assert process.returncode == 1, stderr
    assert waited < 30, f"took {waited:.0f} s to give up"
    built = {Path(line.split()[1]) for line in lines if line.startswith("built ")}
    assert stderr.splitlines() == [
        f"error: lost the Dask scheduler at {address} (it stopped, or the network to it failed); "
        f"the {len(built)} PDFs built before that are kept and recorded; {40 - len(built)} specs not built"
    ]
    assert _assert_every_pdf_recorded(out) == built


@pytest.mark.slow
def test_workers_gone_for_good_mid_batch_end_the_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dask_cluster, "_NO_WORKERS_SECONDS", 1.0)
    specs = many_specs(tmp_path / "specs", 24)
    out = tmp_path / "out"
    built: list[Path] = []
    with _scheduler_and_worker(tmp_path) as ((_, worker), address):

        def kill_after_the_second(outcome: SpecOutcome) -> None:
            built.append(outcome.output)
            if len(built) == 2:
                worker.kill()

        error = _within(60, lambda: build_many([specs], out, scheduler=address, on_outcome=kill_after_the_second))
    assert isinstance(error, ClusterError)
    assert str(error) == (
        f"the Dask cluster at {address} has had no workers for 1 s; "
        f"the {len(built)} PDFs built before that are kept and recorded; {24 - len(built)} specs not built"
    )
    assert _assert_every_pdf_recorded(out) == set(built)
