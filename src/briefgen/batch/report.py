"""What happened to each spec of a batch: built, up to date or failed, and why.

Input: one ``SpecOutcome`` per spec as the batch runs. Output: the
``BatchReport`` the CLI summarises (counts, failures, exit status).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.records import record


@dataclass(frozen=True, slots=True)
class SpecOutcome:
    """What happened to one spec in a batch.

    ``status`` is "built", "skipped" (its PDF was up to date) or "failed";
    ``reason`` says why a PDF was built ("new", "inputs changed", "PDF
    missing", "PDF changed", "forced").
    """

    spec: Path
    output: Path
    status: str
    error: str = ""
    seconds: float = 0.0
    pages: int = 0
    warnings: tuple[str, ...] = ()
    reason: str = ""
    traceback: str = ""  # of an internal error, kept only when debugging

    @property
    def summary(self) -> str:
        """Return the error's first line, with a count of the lines not shown."""
        lines = self.error.splitlines()
        if len(lines) <= 1:
            return self.error
        return f"{lines[0]} (and {len(lines) - 1} more problem{'s' if len(lines) > 2 else ''})"


@record(frozen=False)
class BatchReport:
    """Every spec's outcome, in the order they finished, and what the batch found besides.

    ``counts`` (by status) and ``failed`` are always complete; ``outcomes``
    holds every outcome unless the batch ran with ``keep_outcomes=False``
    (as the CLI does, so that memory stays flat however many specs there are).
    """

    outcomes: list[SpecOutcome] = field(default_factory=list)
    seconds: float = 0.0
    total: int = 0
    stale: list[Path] = field(default_factory=list)
    pruned: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    stopped: bool = False
    workers: int = 1
    counts: Counter[str] = field(default_factory=Counter)
    failed: list[SpecOutcome] = field(default_factory=list)

    def add(self, outcome: SpecOutcome, *, keep: bool = True) -> None:
        """Count ``outcome``, and keep it if asked (failures are always kept)."""
        self.counts[outcome.status] += 1
        if outcome.status == "failed":
            self.failed.append(outcome)
        if keep:
            self.outcomes.append(outcome)

    @property
    def done(self) -> int:
        """Return how many specs have an outcome so far."""
        return sum(self.counts.values())

    @property
    def built(self) -> list[SpecOutcome]:
        """Return the outcomes that wrote a PDF."""
        return [o for o in self.outcomes if o.status == "built"]

    @property
    def skipped(self) -> list[SpecOutcome]:
        """Return the outcomes whose PDF was already up to date."""
        return [o for o in self.outcomes if o.status == "skipped"]

    @property
    def not_run(self) -> int:
        """Return how many specs were never tried because the batch stopped early."""
        return self.total - self.done

    @property
    def ok(self) -> bool:
        """Return whether every spec built or was up to date."""
        return not self.failed and not self.not_run
