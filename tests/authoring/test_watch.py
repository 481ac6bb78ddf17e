"""briefgen watch: PDFs follow their specs as they are saved, and survive a broken save."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from briefgen.authoring.watch import used_files, watch_and_build
from briefgen.compose import BuildOptions
from conftest import minimal_spec, pdf_text

TIMEOUT = 10.0  # generous for a loaded machine; a healthy watch answers in well under a second


def _wait_for(condition: Callable[[], object], what: str, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def _save(path: Path, **overrides: object) -> None:
    path.write_text(yaml.safe_dump(minimal_spec(**overrides), sort_keys=False), encoding="utf-8")


class _Session:
    """A watch running in a thread on a temporary folder, with the lines it reported."""

    def __init__(self, folder: Path, out: Path) -> None:
        self.lines: list[str] = []
        self.stop = threading.Event()
        self.ready = threading.Event()
        self.thread = threading.Thread(
            target=watch_and_build,
            args=([folder], out),
            kwargs={"report": self.lines.append, "stop_event": self.stop, "on_ready": self.ready.set},
            daemon=True,
        )

    def start(self) -> None:
        self.thread.start()
        assert self.ready.wait(TIMEOUT), "watch did not get ready"

    def count(self, word: str) -> int:
        return sum(1 for line in list(self.lines) if f" {word} " in line)


@pytest.fixture
def session(tmp_path: Path) -> Iterator[_Session]:
    folder = tmp_path / "specs"
    folder.mkdir()
    _save(folder / "brief.yaml", title="First Title")
    running = _Session(folder, tmp_path / "out")
    running.start()
    yield running
    running.stop.set()
    running.thread.join(timeout=TIMEOUT)
    assert not running.thread.is_alive(), "watch did not stop when asked"


def test_watch_rebuilds_on_save_and_keeps_the_last_good_pdf(session: _Session, tmp_path: Path) -> None:
    spec = tmp_path / "specs" / "brief.yaml"
    pdf = tmp_path / "out" / "brief.pdf"
    _wait_for(lambda: session.count("built") == 1, "the first build")
    assert "First Title" in pdf_text(pdf)
    first = session.lines[0]
    assert first.split(" ", 1)[1].startswith(f"built {pdf} (1 page) in ")
    assert first.endswith("s")

    _save(spec, title="Second Title")
    saved = time.monotonic()
    _wait_for(lambda: session.count("built") == 2, "the rebuild after a save")
    latency = time.monotonic() - saved
    assert "Second Title" in pdf_text(pdf)
    assert latency < 5, latency  # a second or less in practice; bounded loosely for a busy machine

    good = pdf.read_bytes()
    spec.write_text("title: Broken\nkey_points: [one]\nsections: []\n", encoding="utf-8")
    _wait_for(lambda: session.count("failed") == 1, "the error report")
    failure = session.lines.index(next(line for line in session.lines if " failed " in line))
    assert session.lines[failure].endswith(f"; kept the last good {pdf}:")
    assert session.lines[failure + 1] == f"  {spec}:3:11: sections: needs at least 1 item"
    assert pdf.read_bytes() == good

    _save(spec, title="Third Title")
    _wait_for(lambda: session.count("built") == 3, "the rebuild after the fix")
    assert "Third Title" in pdf_text(pdf)
    assert session.thread.is_alive()


def test_watch_builds_a_spec_added_to_the_folder(session: _Session, tmp_path: Path) -> None:
    _wait_for(lambda: session.count("built") == 1, "the first build")
    (tmp_path / "specs" / "sub").mkdir()
    _save(tmp_path / "specs" / "sub" / "new.yaml", title="Brand New")
    _wait_for(lambda: (tmp_path / "out" / "sub" / "new.pdf").exists(), "the new spec's PDF")
    assert "Brand New" in pdf_text(tmp_path / "out" / "sub" / "new.pdf")
    (tmp_path / "specs" / "sub" / "new.yaml").unlink()
    _wait_for(lambda: session.count("removed") == 1, "the removal report")


def test_watch_ignores_its_own_output_in_the_watched_folder(tmp_path: Path) -> None:
    _save(tmp_path / "brief.yaml", title="Same Folder")
    running = _Session(tmp_path, tmp_path)
    running.start()
    try:
        _wait_for(lambda: running.count("built") == 1, "the first build")
        time.sleep(0.5)  # long enough for a feedback loop to show, were there one
        assert running.count("built") == 1, running.lines
    finally:
        running.stop.set()
        running.thread.join(timeout=TIMEOUT)


def test_watch_rebuilds_when_a_file_the_spec_names_changes(tmp_path: Path) -> None:
    folder = tmp_path / "specs"
    (tmp_path / "data").mkdir()
    folder.mkdir()
    chart = tmp_path / "data" / "figures.csv"
    chart.write_text("a,1\n", encoding="utf-8")
    spec = folder / "brief.yaml"
    _save(spec, tags=["../data/figures.csv"])
    assert chart.resolve() in used_files(spec)
    running = _Session(folder, tmp_path / "out")
    running.start()
    try:
        _wait_for(lambda: running.count("built") == 1, "the first build")
        chart.write_text("a,2\n", encoding="utf-8")
        _wait_for(lambda: running.count("built") == 2, "the rebuild after the data file changed")
    finally:
        running.stop.set()
        running.thread.join(timeout=TIMEOUT)


def test_used_files_include_the_shipped_fonts(tmp_path: Path) -> None:
    spec = tmp_path / "brief.yaml"
    _save(spec)
    assert any(path.name == "NotoSerif-Regular.ttf" for path in used_files(spec))
    spec.write_text("title: [unclosed\n", encoding="utf-8")
    assert used_files(spec)  # a broken spec still depends on the fonts


# Run as a terminal runs a foreground command: with Ctrl-C's handler in place even when the test
# runner itself was started in the background, where SIGINT is ignored and children inherit that.
_FOREGROUND = "import signal, runpy; signal.signal(signal.SIGINT, signal.default_int_handler); " + (
    "runpy.run_module('briefgen', run_name='__main__')"
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT is how Ctrl-C reaches a process on POSIX")
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_watch_command_stops_cleanly_on_ctrl_c_or_sigterm(tmp_path: Path, stop: signal.Signals) -> None:
    _save(tmp_path / "brief.yaml", title="From The Command")
    command = [sys.executable, "-c", _FOREGROUND, "watch", str(tmp_path), "-o", str(tmp_path / "out")]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) as process:
        try:
            assert process.stdout is not None
            line = process.stdout.readline()  # blocks until the first build is reported
            assert " built " in line
            process.send_signal(stop)
            _, stderr = process.communicate(timeout=TIMEOUT)
        except BaseException:
            process.kill()
            raise
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr
    assert stderr.splitlines()[-1] == "stopped watching"


def test_a_save_made_before_the_watch_was_ready_is_caught_up_with(tmp_path: Path) -> None:
    from briefgen.authoring.watch import _Watcher

    spec = tmp_path / "brief.yaml"
    _save(spec, title="Before")
    lines: list[str] = []
    watcher = _Watcher(
        [tmp_path], tmp_path / "out", BuildOptions(page_size="a4"), lines.append, lambda: dt.datetime(2024, 1, 1)
    )
    watcher.build(watcher.discover())
    watcher.catch_up()
    assert lines == [f"00:00:00 built {tmp_path / 'out' / 'brief.pdf'} (1 page) in {lines[0].rsplit(' ', 1)[1]}"]
    _save(spec, title="Saved In The Gap")
    os.utime(spec, ns=(spec.stat().st_atime_ns, spec.stat().st_mtime_ns + 1_000_000))
    watcher.catch_up()
    assert len(lines) == 2
    assert "Saved In The Gap" in pdf_text(tmp_path / "out" / "brief.pdf")


def test_watch_follows_a_file_the_spec_starts_to_use_in_a_new_folder(session: _Session, tmp_path: Path) -> None:
    assert session.ready.wait(TIMEOUT)
    _wait_for(lambda: session.count("built") == 1, "the first build")
    (tmp_path / "figures").mkdir()
    data = tmp_path / "figures" / "numbers.csv"
    data.write_text("a,1\n", encoding="utf-8")
    _save(tmp_path / "specs" / "brief.yaml", tags=["../figures/numbers.csv"])
    _wait_for(lambda: session.count("built") == 2, "the rebuild after the spec named the file")
    deadline = time.monotonic() + TIMEOUT
    # The watch widens to the new folder just after that rebuild; save until it notices.
    while session.count("built") < 3 and time.monotonic() < deadline:
        data.write_text(f"a,{time.monotonic()}\n", encoding="utf-8")
        time.sleep(0.3)
    assert session.count("built") >= 3, session.lines
