"""Progress reporting: a redrawn status line on a terminal, a line per spec elsewhere, and the summary."""

from __future__ import annotations

import io
from pathlib import Path

from briefgen.batch.progress import Progress
from briefgen.batch.report import BatchReport, SpecOutcome

BUILT = SpecOutcome(Path("specs/a.yaml"), Path("out/a.pdf"), "built", seconds=0.5, pages=2, reason="new")
SKIPPED = SpecOutcome(Path("specs/b.yaml"), Path("out/b.pdf"), "skipped")
FAILED = SpecOutcome(Path("specs/c.yaml"), Path("out/c.pdf"), "failed", "specs/c.yaml:1:1: title: missing\nsecond")


def run(live: bool) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    progress = Progress(out, err, live=live)
    report = BatchReport(total=3, workers=2)
    progress.start(report)
    for outcome in (BUILT, SKIPPED, FAILED):
        report.add(outcome)
        progress.outcome(outcome)
    report.seconds = 1.25
    progress.finish(report)
    return out.getvalue(), err.getvalue()


def test_without_a_terminal_every_spec_gets_a_line() -> None:
    out, err = run(live=False)
    assert out.splitlines() == ["built out/a.pdf (2 pages, 0.50s)", "up to date out/b.pdf"]
    assert err.splitlines() == [
        "error: specs/c.yaml:1:1: title: missing",
        "error: second",
        "1 built, 1 up to date, 1 failed in 1.2s with 2 workers",
        "Failed:",
        "  specs/c.yaml:1:1: title: missing (and 1 more problem)",
    ]


def test_on_a_terminal_one_status_line_is_redrawn() -> None:
    out, err = run(live=True)
    assert out == ""
    final = err.split("error: second\n")[1].split("\r")
    assert final[1].startswith("[########################] 3/3  1 built · 1 up to date · 1 failed")
    assert err.endswith("Failed:\n  specs/c.yaml:1:1: title: missing (and 1 more problem)\n")
