"""Show a batch's progress and summary: a status line on a terminal, one line per spec elsewhere.

Input: a ``batch.BatchReport`` as it fills, one ``SpecOutcome`` at a time.
Output: text on the given streams. On a terminal one line is redrawn in
place (built / up to date / failed, rate, time left) and only failures and
warnings scroll; in CI logs and pipes every spec gets its own line. The
summary lists every failure with its one-line error, in the order of the
specs' paths (workers finish in any order). ``QUIET`` prints only the
failures (in that order, with the summary) and the summary; ``VERBOSE``
gives every spec its line, with its time and why it was built.
"""

from __future__ import annotations

import signal
import time
from typing import TextIO

from briefgen.batch.report import BatchReport, SpecOutcome
from briefgen.errors import error_lines, printable

# Redraw the status line at most this often: drawing it per spec would cost more than a no-op build.
_REDRAW_SECONDS = 0.1
QUIET, NORMAL, VERBOSE = -1, 0, 1


class Progress:
    """Reports a running batch on ``out`` (what was built) and ``err`` (failures, warnings, status)."""

    def __init__(self, out: TextIO, err: TextIO, *, live: bool, verbosity: int = NORMAL) -> None:
        self.out = out
        self.err = err
        self.verbosity = verbosity
        self.live = live and verbosity == NORMAL  # quiet draws nothing; verbose gives every spec a line
        self.report = BatchReport()
        self.started = time.monotonic()
        self._drawn = 0.0
        self._width = 0

    def start(self, report: BatchReport) -> None:
        """Remember the batch whose outcomes will follow."""
        self.report = report
        self.started = time.monotonic()

    def stop_noted(self, number: int) -> None:
        """Say that the batch stops after the brief in hand (asked by a signal while one is being built)."""
        if self.verbosity == QUIET:
            return
        self._clear()
        how = "press Ctrl-C again" if number == signal.SIGINT else "send the signal again"
        self.err.write(f"stopping after the brief being built; {how} to stop at once\n")
        self.err.flush()

    def outcome(self, outcome: SpecOutcome) -> None:
        """Report one spec's outcome."""
        if outcome.status == "failed":
            if self.verbosity != QUIET:  # quiet: listed at the end, in a stable order
                self._clear()
                self.err.write(error_lines(outcome.error))
                self.err.write(outcome.traceback)
        elif not self.live and self.verbosity != QUIET:
            self.out.write(printable(self._line(outcome, verbose=self.verbosity == VERBOSE)) + "\n")
        for warning in outcome.warnings:
            self._clear()
            self.err.write(printable(f"warning: {outcome.spec}: {warning}") + "\n")
        if self.live:
            now = time.monotonic()
            if now - self._drawn >= _REDRAW_SECONDS or self.report.done == self.report.total:
                self._draw(now)

    def finish(self, report: BatchReport) -> None:
        """Print the summary: counts, time, stale PDFs and every failure."""
        self._clear()
        failed = sorted(report.failed, key=lambda failure: str(failure.spec))
        if self.verbosity == QUIET:
            for failure in failed:
                self.err.write(error_lines(failure.error))
                self.err.write(failure.traceback)
        for warning in report.warnings:
            self.err.write(printable(f"warning: {warning}") + "\n")
        for pdf in report.stale:
            verb = "removed" if pdf in report.pruned else "stale (its spec is gone; --prune removes it):"
            self.err.write(printable(f"{verb} {pdf}") + "\n")
        counts = report.counts
        parts = [f"{counts['built']} built", f"{counts['skipped']} up to date", f"{counts['failed']} failed"]
        if report.not_run:
            parts.append(f"{report.not_run} not tried (stopped at the first failure)")
        workers = f" with {report.workers} worker{'s' if report.workers != 1 else ''}" if counts["built"] else ""
        self.err.write(f"{', '.join(parts)} in {report.seconds:.1f}s{workers}\n")
        if failed:
            self.err.write("Failed:\n")
            for failure in failed:
                self.err.write(printable(f"  {failure.summary}") + "\n")
        self.err.flush()

    @staticmethod
    def _line(outcome: SpecOutcome, *, verbose: bool = False) -> str:
        if outcome.status == "skipped":
            return (
                f"up to date {outcome.output} ({outcome.seconds * 1000:.1f} ms)"
                if verbose
                else (f"up to date {outcome.output}")
            )
        pages = f"{outcome.pages} page{'s' if outcome.pages != 1 else ''}"
        why = f"; {outcome.reason}" if verbose and outcome.reason else ""
        return f"built {outcome.output} ({pages}, {outcome.seconds:.2f}s{why})"

    def _draw(self, now: float) -> None:
        report = self.report
        done, built, failed = report.done, report.counts["built"], report.counts["failed"]
        elapsed = max(now - self.started, 1e-9)
        rate = done / elapsed
        left = (report.total - done) / rate if rate else 0.0
        width = 24
        filled = int(width * done / report.total) if report.total else width
        bar = "#" * filled + "-" * (width - filled)
        line = (
            f"[{bar}] {done}/{report.total}  {built} built · {done - built - failed} up to date · {failed} failed"
            f"  {rate:.0f}/s  {int(left) // 60}:{int(left) % 60:02d} left"
        )
        self.err.write("\r" + line.ljust(self._width))
        self.err.flush()
        self._width = len(line)
        self._drawn = now

    def _clear(self) -> None:
        if self.live and self._width:
            self.err.write("\r" + " " * self._width + "\r")
            self._width = 0
