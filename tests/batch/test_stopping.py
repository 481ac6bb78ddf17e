"""Ctrl-C, SIGTERM and SIGHUP stop a batch only where no brief is half-handled (``batch.stopping``)."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pypdf
import pytest
import yaml

from briefgen.batch import build, manifest
from briefgen.batch.report import SpecOutcome
from briefgen.batch.stopping import StopRequests, Terminated
from conftest import minimal_spec


@pytest.fixture(autouse=True)
def _python_handlers() -> Iterator[None]:
    """Start each test from Python's own handlers, whatever the test runner set, and put them back after."""
    numbers = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP]
    before = {number: signal.getsignal(number) for number in numbers}
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    yield
    for number, handler in before.items():
        signal.signal(number, handler)


def test_a_signal_outside_a_wait_is_noted_and_acted_on_at_the_next_check() -> None:
    with StopRequests() as stopping:
        signal.raise_signal(signal.SIGTERM)
        assert stopping.requested
        with pytest.raises(Terminated, match=r"^SIGTERM$"):
            stopping.check()
        assert stopping.winding_down


def test_a_signal_during_a_wait_acts_at_once() -> None:
    went_on: list[bool] = []

    def wait(stopping: StopRequests) -> None:
        with stopping.interruptible():
            signal.raise_signal(signal.SIGHUP)
            went_on.append(True)

    with StopRequests() as stopping, pytest.raises(Terminated, match=r"^SIGHUP$"):
        wait(stopping)
    assert not went_on


def test_a_stop_asked_for_before_a_wait_acts_as_the_wait_begins() -> None:
    with StopRequests() as stopping:
        signal.raise_signal(signal.SIGTERM)
        began: list[bool] = []
        with pytest.raises(Terminated), stopping.interruptible():
            began.append(True)
        assert not began


def test_ctrl_c_is_a_plain_keyboard_interrupt_and_a_second_signal_acts_at_once() -> None:
    with StopRequests():
        signal.raise_signal(signal.SIGINT)
        with pytest.raises(KeyboardInterrupt) as raised:
            signal.raise_signal(signal.SIGINT)
        assert type(raised.value) is KeyboardInterrupt


def test_once_winding_down_signals_are_ignored() -> None:
    with StopRequests() as stopping:
        stopping.winding_down = True
        signal.raise_signal(signal.SIGTERM)
        signal.raise_signal(signal.SIGINT)
        assert not stopping.requested
        stopping.check()


def test_only_default_handlers_are_taken_and_all_are_put_back() -> None:
    def own(_number: int, _frame: object) -> None:
        """An application's handler."""

    signal.signal(signal.SIGHUP, own)
    with StopRequests():
        assert signal.getsignal(signal.SIGHUP) is own
        assert signal.getsignal(signal.SIGTERM) not in (signal.SIG_DFL, own)
        assert signal.getsignal(signal.SIGINT) is not signal.default_int_handler
    assert signal.getsignal(signal.SIGHUP) is own
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_outside_the_main_thread_no_handler_is_taken() -> None:
    seen: list[object] = []

    def enter() -> None:
        with StopRequests():
            seen.append(signal.getsignal(signal.SIGTERM))

    thread = threading.Thread(target=enter)
    thread.start()
    thread.join()
    assert seen == [signal.SIG_DFL]


# --- A batch stopped at the worst moment ----------------------------------------------------------


def _specs(folder: Path, count: int) -> Path:
    folder.mkdir()
    for number in range(count):
        spec = minimal_spec(title=f"Brief Number {number}")
        (folder / f"brief-{number:02d}.yaml").write_text(yaml.safe_dump(spec), encoding="utf-8")
    return folder


def _signal_after_recording(monkeypatch: pytest.MonkeyPatch, number: int) -> None:
    """Send ``number`` to this process right after the first brief is recorded, before it is reported."""
    record: Callable[..., None] = manifest.Manifest.record
    sent: list[bool] = []

    def record_then_signal(self: manifest.Manifest, *args: object) -> None:
        record(self, *args)
        if not sent:
            sent.append(True)
            signal.raise_signal(number)

    monkeypatch.setattr(manifest.Manifest, "record", record_then_signal)


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_between_recording_and_reporting_loses_no_brief(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int, number: int
) -> None:
    specs, out = _specs(tmp_path / "specs", 8), tmp_path / "out"
    _signal_after_recording(monkeypatch, number)
    reported: list[SpecOutcome] = []
    with pytest.raises(KeyboardInterrupt):
        build.build_many([specs], out, jobs=jobs, on_outcome=reported.append)
    built = {outcome.output for outcome in reported if outcome.status == "built"}
    recorded = {out / key for key in manifest.Manifest(out).entries}
    assert built == recorded == set(out.glob("*.pdf"))
    # Stopped early: the brief being built (and, with workers, those in flight) finished, no more.
    assert 1 <= len(built) <= jobs + 1 < 8
    for pdf in built:
        number_in_name = int(pdf.stem.split("-")[1])
        assert f"Brief Number {number_in_name}" in (pypdf.PdfReader(pdf).pages[0].extract_text() or "")
    assert not list(out.glob("*.tmp"))


def test_a_signal_noted_for_later_is_told_at_once_and_one_acted_on_is_not() -> None:
    told: list[int] = []
    with StopRequests(told.append) as stopping:
        signal.raise_signal(signal.SIGINT)  # outside a wait: noted, to act on at the next check
        assert told == [signal.SIGINT]
        with pytest.raises(KeyboardInterrupt):
            stopping.check()
    told.clear()
    with StopRequests(told.append) as stopping, pytest.raises(Terminated), stopping.interruptible():
        signal.raise_signal(signal.SIGTERM)  # during a wait: acts at once, nothing to tell
    assert told == []


def test_ctrl_c_during_a_brief_in_this_process_says_the_batch_stops_after_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With --jobs 1 the brief is built in this process: the first Ctrl-C is answered at once, the stop comes after."""
    from click.testing import CliRunner

    from briefgen import compose
    from briefgen.cli import main

    specs, out = _specs(tmp_path / "specs", 4), tmp_path / "out"
    render = compose.render_brief
    sent: list[bool] = []

    def render_then_interrupt(*args: object, **kwargs: object) -> object:
        if not sent:
            sent.append(True)
            signal.raise_signal(signal.SIGINT)  # while the first brief is being built
        return render(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(compose, "render_brief", render_then_interrupt)
    result = CliRunner().invoke(main, ["build", str(specs), "-o", str(out), "--jobs", "1"])
    assert result.exit_code != 0
    lines = result.stderr.splitlines() if result.stderr_bytes is not None else result.output.splitlines()
    assert "stopping after the brief being built; press Ctrl-C again to stop at once" in lines
    built = sorted(out.glob("*.pdf"))
    assert [pdf.name for pdf in built] == ["brief-00.pdf"]  # the brief in hand finished, no other begun
    assert "Brief Number 0" in (pypdf.PdfReader(built[0]).pages[0].extract_text() or "")
