"""Sending PDFs to CUPS: the right queue, options and bytes, every refusal in one line, nothing printed twice."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import LETTER
from reportlab.pdfgen.canvas import Canvas

from briefgen.load.theme_file import default_theme
from briefgen.printing import send
from briefgen.printing.cups import JobState, PrintError, PrinterStatus
from briefgen.printing.impose import booklet, impose
from briefgen.printing.media import paper
from briefgen.printing.print_log import LOG_NAME
from briefgen.printing.send import PreflightFailedError, PrintRequest, Reporter, SentJob, send_all
from briefgen.printing.sources import printable
from helpers_cups import CupsServer
from helpers_printing import make_pdf, page_label, write_pdf


@pytest.fixture
def office(cups_server: CupsServer) -> CupsServer:
    """A server whose default queue, office, has A4 loaded and takes Letter too."""
    cups_server.add_printer("office", media=("A4", "Letter"), default=True)
    return cups_server


def _pdfs(folder: Path, count: int = 1, **options: object) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [write_pdf(folder / f"doc-{n}.pdf", 2, title=f"Document {n}", **options) for n in range(1, count + 1)]


def _send(paths: list[Path], out_dir: Path, request: PrintRequest | None = None, **printables: object) -> list[SentJob]:
    found = [replace(printable(path), **printables) for path in paths]  # type: ignore[arg-type]
    return send_all(found, request or PrintRequest(), out_dir)


def test_each_file_is_one_job_with_copies_duplex_and_paper(office: CupsServer, tmp_path: Path, client: str) -> None:
    paths = _pdfs(tmp_path / "pdfs", 2)

    sent = _send(paths, tmp_path, PrintRequest(copies=2, client=client))

    jobs = office.wait_for_jobs("office", 2)
    assert [job.data for job in jobs] == [path.read_bytes() for path in paths]
    assert [job.title for job in jobs] == ["Document 1", "Document 2"]
    assert {job.copies for job in jobs} == {2}
    assert {(job.options["sides"], job.options["media"], job.options["collate"]) for job in jobs} == {
        ("two-sided-long-edge", "A4", "true")
    }
    assert [(s.status, s.job_id, s.request_id) for s in sent] == [
        ("sent", job.job_id, f"office-{job.job_id}") for job in jobs
    ]
    assert {s.state for s in sent} <= {"processing", "completed"}


def test_simplex_prints_one_sided(office: CupsServer, tmp_path: Path) -> None:
    _send(_pdfs(tmp_path / "pdfs"), tmp_path, PrintRequest(duplex=False))

    (job,) = office.wait_for_jobs("office", 1)
    assert job.options["sides"] == "one-sided"
    assert "collate" not in job.options


def test_a_booklet_turns_on_the_short_edge_and_asks_for_its_sheet(cups_server: CupsServer, tmp_path: Path) -> None:
    cups_server.add_printer("big", media=("A3", "A4"), default=True)
    sheets = tmp_path / "booklet.pdf"
    sheets.write_bytes(impose(make_pdf(8), booklet()))

    _send([sheets], tmp_path)

    (job,) = cups_server.wait_for_jobs("big", 1)
    assert job.options["sides"] == "two-sided-short-edge"
    assert job.options["media"] == "A3"


def test_the_queue_is_the_one_named_then_the_themes_then_the_default(cups_server: CupsServer, tmp_path: Path) -> None:
    for name in ("office", "annex", "basement"):
        cups_server.add_printer(name, default=name == "office")
    pdf = _pdfs(tmp_path / "pdfs")

    _send(pdf, tmp_path / "1")
    _send(pdf, tmp_path / "2", printer="annex")  # the theme's printer: setting
    _send(pdf, tmp_path / "3", PrintRequest(printer="basement"), printer="annex")

    for name in ("office", "annex", "basement"):
        assert len(cups_server.wait_for_jobs(name, 1)) == 1


def test_a_file_sent_before_is_not_sent_again(office: CupsServer, tmp_path: Path, client: str) -> None:
    paths = _pdfs(tmp_path / "pdfs", 2)
    first = _send(paths, tmp_path, PrintRequest(client=client))

    again = _send(paths, tmp_path, PrintRequest(client=client))

    assert [s.status for s in again] == ["already sent", "already sent"]
    assert [s.job_id for s in again] == [s.job_id for s in first]
    assert len(office.wait_for_jobs("office", 2)) == 2
    assert (tmp_path / LOG_NAME).is_file()


def test_an_interrupted_batch_sends_only_the_rest_when_run_again(office: CupsServer, tmp_path: Path) -> None:
    paths = _pdfs(tmp_path / "pdfs", 3)

    def interrupt(sent: SentJob) -> None:
        raise KeyboardInterrupt  # Ctrl-C just after CUPS took the first job

    found = [printable(path) for path in paths]
    with pytest.raises(KeyboardInterrupt):
        send_all(found, PrintRequest(), tmp_path, Reporter(job=interrupt))
    rerun = send_all(found, PrintRequest(), tmp_path)

    assert [s.status for s in rerun] == ["already sent", "sent", "sent"]
    jobs = office.wait_for_jobs("office", 3)
    assert [job.data for job in jobs] == [path.read_bytes() for path in paths]


def test_reprint_and_other_options_send_again(office: CupsServer, tmp_path: Path) -> None:
    paths = _pdfs(tmp_path / "pdfs")
    _send(paths, tmp_path)

    assert _send(paths, tmp_path, PrintRequest(reprint=True))[0].status == "sent"
    assert _send(paths, tmp_path, PrintRequest(copies=3))[0].status == "sent"
    assert len(office.wait_for_jobs("office", 3)) == 3


def test_a_dry_run_sends_nothing(office: CupsServer, tmp_path: Path) -> None:
    (sent,) = _send(_pdfs(tmp_path / "pdfs"), tmp_path, PrintRequest(dry_run=True, copies=2))

    assert sent.status == "dry run"
    assert sent.job.describe() == (
        f"{tmp_path}/pdfs/doc-1.pdf to office: title 'Document 1', "
        "collate=true copies=2 media=A4 sides=two-sided-long-edge"
    )
    assert office.jobs("office") == []
    assert not (tmp_path / LOG_NAME).exists()


def test_a_dry_run_without_a_server_needs_a_printer_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from helpers_cups import free_port

    monkeypatch.setenv("CUPS_SERVER", f"127.0.0.1:{free_port()}")
    paths = _pdfs(tmp_path / "pdfs")

    (sent,) = _send(paths, tmp_path, PrintRequest(dry_run=True, printer="office"))
    assert sent.status == "dry run"
    with pytest.raises(PrintError, match=r"^no CUPS print server answers, so the default printer is unknown"):
        _send(paths, tmp_path, PrintRequest(dry_run=True))


@pytest.mark.parametrize(
    ("prepare", "request_", "message"),
    [
        (
            lambda server: server.add_printer("office"),
            PrintRequest(printer="ofice"),
            "there is no printer called 'ofice' at {address}; the printers are: annex, office",
        ),
        (
            lambda server: server.disable("office", "Out of toner"),
            PrintRequest(),
            "the printer 'office' is paused (Out of toner): jobs would wait in the queue; "
            "resume it with cupsenable office",
        ),
        (
            lambda server: server.reject("office", "Closed for maintenance"),
            PrintRequest(),
            "the printer 'office' is not accepting jobs (Closed for maintenance): accept them again with "
            "cupsaccept office, or choose another printer",
        ),
        (
            lambda server: None,
            PrintRequest(media=paper("a3"), check=False),
            "the printer 'office' cannot print on A3 paper (it takes A4, Letter): print {pdf} on other paper "
            "with --media, or on another printer with --printer",
        ),
        (
            lambda server: None,
            PrintRequest(media=paper("letter"), check=False),
            "Letter paper is not loaded in the printer 'office' (loaded: A4): load it, or print {pdf} on other "
            "paper with --media, or on another printer with --printer",
        ),
    ],
    ids=["unknown printer", "paused", "rejecting", "paper missing", "paper not loaded"],
)
def test_a_printer_that_cannot_print_stops_everything_with_one_line(
    cups_server: CupsServer, tmp_path: Path, client: str, prepare: object, request_: PrintRequest, message: str
) -> None:
    cups_server.add_printer("annex")
    if "ofice" not in (request_.printer or ""):
        cups_server.add_printer("office", media=("A4", "Letter"), default=True)
    prepare(cups_server)  # type: ignore[operator]
    (pdf,) = _pdfs(tmp_path / "pdfs")

    with pytest.raises(PrintError) as raised:
        _send([pdf], tmp_path, replace(request_, client=client))

    assert str(raised.value) == message.format(address=cups_server.address, pdf=pdf)
    assert cups_server.jobs("annex") == []


def test_no_default_printer_lists_the_printers(cups_server: CupsServer, tmp_path: Path) -> None:
    cups_server.add_printer("office")

    with pytest.raises(PrintError) as raised:
        _send(_pdfs(tmp_path / "pdfs"), tmp_path)

    assert str(raised.value) == (
        "no printer named and CUPS has no default printer: choose one with --printer; the printers are: office"
    )


def test_a_letter_document_needs_letter_loaded(office: CupsServer, tmp_path: Path) -> None:
    pdf = _pdfs(tmp_path / "pdfs", size=LETTER)

    with pytest.raises(PrintError, match=r"^Letter paper is not loaded in the printer 'office'"):
        _send(pdf, tmp_path)


def test_a_file_that_fails_its_preflight_is_not_sent(office: CupsServer, tmp_path: Path) -> None:
    def helvetica(canvas: Canvas, number: int, size: tuple[float, float]) -> None:
        page_label(canvas, number, size)
        canvas.setFont("Helvetica", 10)
        canvas.drawString(100, 100, "Not embedded")

    bad = tmp_path / "bad.pdf"
    bad.write_bytes(make_pdf([helvetica]))
    good = _pdfs(tmp_path / "pdfs")

    with pytest.raises(PreflightFailedError) as raised:
        _send([*good, bad], tmp_path)

    assert str(raised.value).splitlines() == [
        f"{bad}: page 1: the font Helvetica is not embedded: the printer puts its own font in its place, "
        "so lines may reflow or characters go missing; embed the font in the PDF",
        "nothing was sent; fix these, or print anyway with --no-preflight",
    ]
    assert office.jobs("office") == []
    assert _send([bad], tmp_path, PrintRequest(check=False))[0].status == "sent"


def test_colour_fails_the_preflight_of_a_black_and_white_theme(office: CupsServer, tmp_path: Path) -> None:
    def red(canvas: Canvas, number: int, size: tuple[float, float]) -> None:
        page_label(canvas, number, size)
        canvas.setFillColorRGB(0.8, 0.1, 0.1)
        canvas.rect(100, 100, 50, 50, stroke=0, fill=1)

    pdf = tmp_path / "red.pdf"
    pdf.write_bytes(make_pdf([red]))

    assert _send([pdf], tmp_path / "colour")[0].status == "sent"
    with pytest.raises(PreflightFailedError, match="drawings in colour"):
        _send([pdf], tmp_path / "mono", black_and_white=True)


class _FakeCups:
    """A CUPS client whose jobs stay in the states a test gives them (a real printer takes them at once)."""

    name = "fake"
    server = "fake-server"

    def __init__(self, states: list[str]) -> None:
        self.states = states
        self.sent: list[str] = []

    def printer_names(self) -> list[str]:
        return ["office"]

    def default_printer(self) -> str | None:
        return "office"

    def printer(self, name: str) -> PrinterStatus | None:
        return PrinterStatus(name, "idle", True)

    def submit(self, printer: str, path: Path, title: str, options: Mapping[str, str]) -> int:
        self.sent.append(title)
        return 40 + len(self.sent)

    def job(self, job_id: int) -> JobState | None:
        state = self.states.pop(0) if len(self.states) > 1 else self.states[0]
        return JobState(job_id, state, "media-jam" if state != "completed" else "")


def test_a_job_cups_does_not_take_in_time_is_an_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = _FakeCups(["pending"])
    monkeypatch.setattr(send, "connect", lambda _client: fake)
    monkeypatch.setattr(send, "_QUIET_SECONDS", 0.0)
    waited: list[str] = []

    with pytest.raises(PrintError) as raised:
        send_all([printable(_pdfs(tmp_path)[0])], PrintRequest(timeout=0.3), tmp_path, Reporter(progress=waited.append))

    assert str(raised.value) == (
        f"job office-41 ({tmp_path}/doc-1.pdf) is still pending after 0 s (media-jam): it stays in the queue and "
        "prints when the printer is ready (cancel office-41 to drop it)"
    )
    assert waited[0].startswith("waiting for CUPS to take job office-41: pending (media-jam)")


def test_an_aborted_job_is_an_error_and_a_cancelled_one_is_sent_again(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake = _FakeCups(["aborted"])
    monkeypatch.setattr(send, "connect", lambda _client: fake)
    found = [printable(_pdfs(tmp_path)[0])]

    with pytest.raises(PrintError, match=r"^CUPS could not print .*: job office-41 aborted \(media-jam\)$"):
        send_all(found, PrintRequest(), tmp_path)
    fake.states = ["canceled", "completed"]  # the log's job was cancelled; the new one prints
    (again,) = send_all(found, PrintRequest(), tmp_path)

    assert (again.status, again.job_id) == ("sent", 42)
    assert fake.sent == ["Document 1", "Document 1"]


def test_the_themes_printer_and_black_and_white_come_from_the_theme(tmp_path: Path) -> None:
    (pdf,) = _pdfs(tmp_path)
    theme = replace(default_theme(), name="print", printer="annex")

    found = printable(pdf, theme)

    assert (found.printer, found.black_and_white, found.title) == ("annex", True, "Document 1")
    assert found.paper == paper("a4")
    assert not found.landscape_sheets
