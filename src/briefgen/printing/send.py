"""Send PDFs to a CUPS printer: finished PDFs and how to print them in, one CUPS job each out.

Input: ``Printable`` PDFs (from ``sources``) and a ``PrintRequest`` (queue,
copies, duplex, paper, dry run). Output: a ``SentJob`` for each file, after
CUPS has taken it, and the print log updated as each job is sent.

The steps, each of which stops the whole run with one ``PrintError`` line
before anything is sent: preflight every file; reach the CUPS server; find
each file's queue (``--printer``, else the theme's ``printer:``, else CUPS's
default) and check that it exists, is not paused, accepts jobs and has the
paper loaded (CUPS itself would take a job for paper the printer lacks, and
hold it). Then each file not already in the print log is sent, logged, and
watched until CUPS reports it printing or printed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import field
from pathlib import Path

from briefgen.printing.cups import ACCEPTED_STATES, FAILED_STATES, PrintClient, PrintError, PrinterStatus, connect
from briefgen.printing.media import Paper, paper_of_media_name
from briefgen.printing.preflight import PreflightReport, preflight
from briefgen.printing.print_log import LoggedJob, PrintLog, file_digest, options_text
from briefgen.printing.sources import Printable
from briefgen.records import record

SIDES = {"duplex": "two-sided-long-edge", "simplex": "one-sided"}
_POLL_SECONDS = 0.1
_QUIET_SECONDS = 1.0  # a job CUPS takes at once needs no progress line


class PreflightFailedError(PrintError):
    """A file to print failed its preflight; ``reports`` hold every finding."""

    def __init__(self, reports: Sequence[PreflightReport]) -> None:
        lines = [line for report in reports for line in report.lines()]
        lines.append("nothing was sent; fix these, or print anyway with --no-preflight")
        super().__init__("\n".join(lines))
        self.reports = tuple(reports)


@record
class PrintRequest:
    """How to print: the options of ``briefgen print``."""

    printer: str | None = None
    copies: int = 1
    duplex: bool = True
    media: Paper | None = None  # None: each file's own paper
    dry_run: bool = False
    reprint: bool = False  # send again what the print log says was sent
    check: bool = True  # preflight first
    timeout: float = 60.0  # how long to wait for CUPS to take each job
    client: str | None = None  # "pycups" or "lp"; None: pycups if installed


@record
class PlannedJob:
    """One file, ready to send: where, under which title, with which CUPS options."""

    printable: Printable
    printer: str
    title: str
    options: dict[str, str]
    sha256: str

    def describe(self) -> str:
        """Return the job in words: queue, file, title and options."""
        return f"{self.printable.path} to {self.printer}: title '{self.title}', {options_text(self.options)}"


@record
class SentJob:
    """What became of one planned job: ``sent``, ``already sent`` (per the print log) or ``dry run``."""

    job: PlannedJob
    status: str
    job_id: int = 0
    state: str = ""

    @property
    def request_id(self) -> str:
        """Return the job as CUPS names it: ``office-12``."""
        return f"{self.job.printer}-{self.job_id}"


@record(frozen=False)
class Reporter:
    """Where ``send_all`` tells what it does: each job as it is done, and a progress line to show while waiting."""

    job: Callable[[SentJob], None] = lambda _job: None
    progress: Callable[[str], None] = lambda _text: None
    warnings: list[str] = field(default_factory=list)


def send_all(
    printables: Sequence[Printable], request: PrintRequest, out_dir: Path, reporter: Reporter | None = None
) -> list[SentJob]:
    """Print ``printables`` as ``request`` says; the print log lives in ``out_dir``.

    Raises:
        PreflightFailedError: a file failed its preflight (and ``request.check``).
        PrintError: CUPS, the queue or the paper is not ready, or a job failed or was not taken in time.

    """
    reporter = reporter or Reporter()
    data = {printable.path: _read(printable.path) for printable in printables}
    if request.check:
        _preflight(printables, data, request)
    client = _client(request)
    planned = [_plan(printable, data[printable.path], request, client) for printable in printables]
    if client is not None:
        for name in dict.fromkeys(job.printer for job in planned):
            status = _ready_printer(client, name)
            for job in planned:
                if job.printer == name:
                    _check_paper(status, job)
    done: list[SentJob] = []
    if request.dry_run or client is None:
        for job in planned:
            done.append(SentJob(job, "dry run"))
            reporter.job(done[-1])
        return done
    log = PrintLog(out_dir)
    if log.unreadable:
        reporter.warnings.append(log.unreadable)
    for job in planned:
        result = _send(client, log, job, request)
        if result.status == "sent":
            result = _watch(client, result, request.timeout, reporter)
        done.append(result)
        reporter.job(result)
    return done


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise PrintError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _preflight(printables: Sequence[Printable], data: dict[Path, bytes], request: PrintRequest) -> None:
    failed = []
    for printable in printables:
        media = request.media or printable.paper
        report = preflight(data[printable.path], printable.path, media=media, black_and_white=printable.black_and_white)
        if not report.ok:
            failed.append(report)
    if failed:
        raise PreflightFailedError(failed)


def _client(request: PrintRequest) -> PrintClient | None:
    try:
        return connect(request.client)
    except PrintError:
        if request.dry_run and not request.printer:
            raise PrintError(
                "no CUPS print server answers, so the default printer is unknown: name one with --printer"
            ) from None
        if request.dry_run:
            return None  # a dry run can say what it would send without a server to check the queue
        raise


def _plan(printable: Printable, data: bytes, request: PrintRequest, client: PrintClient | None) -> PlannedJob:
    printer = request.printer or printable.printer or (client.default_printer() if client else None)
    if not printer:
        names = client.printer_names() if client else []
        there = f"; the printers are: {', '.join(names)}" if names else "; CUPS has no printers at all"
        raise PrintError(f"no printer named and CUPS has no default printer: choose one with --printer{there}")
    paper = request.media or printable.paper
    options = {"copies": str(request.copies)}
    if paper is not None:
        options["media"] = paper.cups_name
    if request.duplex:
        # A landscape sheet (a booklet, a 2-up handout) turns over on its short edge to read upright.
        options["sides"] = "two-sided-short-edge" if printable.landscape_sheets else SIDES["duplex"]
    else:
        options["sides"] = SIDES["simplex"]
    if request.copies > 1:
        options["collate"] = "true"
    return PlannedJob(printable, printer, printable.title, options, file_digest(data))


def _ready_printer(client: PrintClient, name: str) -> PrinterStatus:
    status = client.printer(name)
    if status is None:
        names = client.printer_names()
        there = f"the printers are: {', '.join(names)}" if names else "CUPS has no printers at all"
        raise PrintError(f"there is no printer called '{name}' at {client.server}; {there}")
    reason = f" ({status.message})" if status.message else ""
    if status.state == "stopped":
        raise PrintError(
            f"the printer '{name}' is paused{reason}: jobs would wait in the queue; resume it with cupsenable {name}"
        )
    if not status.accepting:
        raise PrintError(
            f"the printer '{name}' is not accepting jobs{reason}: accept them again with cupsaccept {name}, "
            "or choose another printer"
        )
    return status


def _check_paper(status: PrinterStatus, job: PlannedJob) -> None:
    wanted = job.options.get("media")
    if not wanted:
        return
    supported = {p.name for p in map(paper_of_media_name, status.media_supported) if p}
    ready = {p.name for p in map(paper_of_media_name, status.media_ready) if p}
    name = wanted.lower()
    if status.media_supported and name not in supported:
        takes = ", ".join(sorted({_paper_name(name) for name in status.media_supported}))
        raise PrintError(f"the printer '{job.printer}' cannot print on {wanted} paper (it takes {takes}): {_hint(job)}")
    if status.media_ready and name not in ready:
        loaded = ", ".join(sorted(_paper_name(name) for name in status.media_ready))
        raise PrintError(
            f"{wanted} paper is not loaded in the printer '{job.printer}' (loaded: {loaded}): load it, or {_hint(job)}"
        )


def _paper_name(media_name: str) -> str:
    found = paper_of_media_name(media_name)
    return found.describe() if found else media_name


def _hint(job: PlannedJob) -> str:
    return f"print {job.printable.path} on other paper with --media, or on another printer with --printer"


def _send(client: PrintClient, log: PrintLog, job: PlannedJob, request: PrintRequest) -> SentJob:
    options = options_text(job.options)
    logged = log.find(job.sha256, job.printer, options)
    if logged is not None and not request.reprint:
        state = client.job(logged.job_id)
        if state is None or state.state not in FAILED_STATES:
            return SentJob(job, "already sent", logged.job_id, state.state if state else "")
        log.forget(logged)  # cancelled or aborted: it never printed, so it is sent again
    job_id = client.submit(job.printer, job.printable.path, job.title, job.options)
    log.record(LoggedJob(job.sha256, job.printer, options, job_id, str(job.printable.path)))
    return SentJob(job, "sent", job_id, "pending")


def _watch(client: PrintClient, sent: SentJob, timeout: float, reporter: Reporter) -> SentJob:
    """Wait until CUPS reports the job printing or printed; fail if it fails or does not start in ``timeout``."""
    started = time.monotonic()
    while True:
        state = client.job(sent.job_id)
        if state is None or state.state in ACCEPTED_STATES:
            return SentJob(sent.job, "sent", sent.job_id, state.state if state else "completed")
        reason = f" ({state.reason})" if state.reason else ""
        if state.state in FAILED_STATES:
            raise PrintError(
                f"CUPS could not print {sent.job.printable.path}: job {sent.request_id} {state.state}{reason}"
            )
        waited = time.monotonic() - started
        if waited >= timeout:
            raise PrintError(
                f"job {sent.request_id} ({sent.job.printable.path}) is still {state.state} after {timeout:.0f} s"
                f"{reason}: it stays in the queue and prints when the printer is ready "
                f"(cancel {sent.request_id} to drop it)"
            )
        if waited >= _QUIET_SECONDS:
            reporter.progress(f"waiting for CUPS to take job {sent.request_id}: {state.state}{reason}, {waited:.0f} s")
        time.sleep(_POLL_SECONDS)
