"""The CUPS clients, pycups and the lp tools, against a real cupsd: queues, their state and paper, jobs."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from briefgen.printing.cups import PrintError, connect
from helpers_cups import CupsServer, free_port
from helpers_printing import write_pdf


def test_queues_and_the_default_are_listed(cups_server: CupsServer, client: str) -> None:
    cups_server.add_printer("office")
    cups_server.add_printer("annex", default=True)

    cups = connect(client)

    assert cups.name == client
    assert cups.printer_names() == ["annex", "office"]
    assert cups.default_printer() == "annex"


def test_no_default_printer_is_none(cups_server: CupsServer, client: str) -> None:
    cups_server.add_printer("office")

    assert connect(client).default_printer() is None


def test_a_ready_queue_says_so_with_its_paper(cups_server: CupsServer, client: str) -> None:
    cups_server.add_printer("office", media=("A4", "Letter"))

    status = connect(client).printer("office")

    assert status is not None
    assert (status.name, status.state, status.accepting) == ("office", "idle", True)
    # IPP names the paper iso_a4_210x297mm; a PPD (all the lp tools can read) names it A4.
    assert {name.lower()[:6] for name in status.media_supported} == (
        {"iso_a4", "na_let"} if client == "pycups" else {"a4", "letter"}
    )
    assert [name.lower()[:6] for name in status.media_ready] == (["iso_a4"] if client == "pycups" else ["a4"])


def test_an_unknown_queue_is_none(cups_server: CupsServer, client: str) -> None:
    cups_server.add_printer("office")

    assert connect(client).printer("nosuch") is None


def test_a_paused_queue_is_stopped_with_its_reason(cups_server: CupsServer, client: str) -> None:
    cups_server.add_printer("office")
    cups_server.disable("office", "Out of toner")

    status = connect(client).printer("office")

    assert status is not None
    assert status.state == "stopped"
    assert status.message == "Out of toner"


def test_a_rejecting_queue_is_not_accepting(cups_server: CupsServer, client: str) -> None:
    cups_server.add_printer("office")
    cups_server.reject("office", "Closed for maintenance")

    status = connect(client).printer("office")

    assert status is not None
    assert not status.accepting
    assert status.message == "Closed for maintenance"


def test_a_job_reaches_the_printer_byte_for_byte_with_its_options(
    cups_server: CupsServer, client: str, tmp_path: Path
) -> None:
    cups_server.add_printer("office")
    pdf = write_pdf(tmp_path / "brief.pdf", 2)
    cups = connect(client)

    job_id = cups.submit(
        "office", pdf, "A brief", {"copies": "3", "sides": "two-sided-long-edge", "media": "A4", "collate": "true"}
    )

    (job,) = cups_server.wait_for_jobs("office", 1)
    assert job.job_id == job_id
    assert job.data == pdf.read_bytes()
    assert (job.title, job.copies) == ("A brief", 3)
    assert job.options["sides"] == "two-sided-long-edge"
    assert job.options["media"] == "A4"
    assert job.options["Duplex"] == "DuplexNoTumble"  # CUPS mapped it onto the printer's own option
    # The backend has the job, but CUPS may report it pending for a moment longer (seen with lpstat under load).
    deadline = time.monotonic() + 10
    state = cups.job(job_id)
    while state is not None and state.state == "pending" and time.monotonic() < deadline:
        time.sleep(0.1)
        state = cups.job(job_id)
    assert state is not None
    assert state.state in ("processing", "completed")


def test_an_unknown_job_is_none(cups_server: CupsServer, client: str) -> None:
    cups_server.add_printer("office")

    assert connect(client).job(4242) is None


def test_a_rejecting_queue_refuses_the_job(cups_server: CupsServer, client: str, tmp_path: Path) -> None:
    cups_server.add_printer("office")
    cups_server.reject("office", "Closed")

    with pytest.raises(PrintError, match="not accepting jobs"):
        connect(client).submit("office", write_pdf(tmp_path / "a.pdf"), "A", {"copies": "1"})


def test_no_server_is_one_clear_error(monkeypatch: pytest.MonkeyPatch, client: str) -> None:
    if client == "pycups":
        pytest.importorskip("cups")
    dead = f"127.0.0.1:{free_port()}"
    monkeypatch.setenv("CUPS_SERVER", dead)

    with pytest.raises(PrintError) as raised:
        connect(client)

    assert str(raised.value) == (
        f"no CUPS print server answers at {dead}: start CUPS (cupsd), or name the server in CUPS_SERVER"
    )
