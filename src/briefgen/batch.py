"""Build many briefs: find the specs, build each, and report what happened to every one.

Input: spec files and folders, and an output folder. Output: PDFs in the
output folder (sub-folders mirrored) and a ``BatchReport``. One bad spec never
stops the others.
"""

from __future__ import annotations

import logging
import os
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.errors import BriefgenError, printable
from briefgen.pipeline import build

logger = logging.getLogger(__name__)

SPEC_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class SpecOutcome:
    """What happened to one spec in a batch."""

    spec: Path
    output: Path
    status: str  # "built" or "failed"
    error: str = ""
    seconds: float = 0.0
    pages: int = 0
    warnings: tuple[str, ...] = ()
    traceback: str = ""  # of an internal error, kept only when debugging


@dataclass
class BatchReport:
    """Every spec's outcome, in the order they were given."""

    outcomes: list[SpecOutcome] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> list[SpecOutcome]:
        """Return the outcomes that failed."""
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def built(self) -> list[SpecOutcome]:
        """Return the outcomes that wrote a PDF."""
        return [o for o in self.outcomes if o.status == "built"]

    @property
    def ok(self) -> bool:
        """Return whether every spec built."""
        return not self.failed


@dataclass(frozen=True)
class Job:
    """One spec to build and where its PDF goes."""

    spec: Path
    output: Path


def discover(sources: Iterable[Path], out_dir: Path) -> list[Job]:
    """Return a job per spec: files as given, folders searched recursively.

    A spec found in a sub-folder keeps that sub-folder under ``out_dir``, so
    specs with the same name in different folders never overwrite each other.
    Hidden folders are skipped and symbolic links to folders are not followed.
    """
    jobs: dict[Path, Job] = {}
    for source in sources:
        if source.is_dir():
            for spec in _walk(source):
                relative = spec.relative_to(source).with_suffix(".pdf")
                jobs.setdefault(_identity(spec), Job(spec, out_dir / relative))
        else:
            jobs.setdefault(_identity(source), Job(source, out_dir / source.with_suffix(".pdf").name))
    return list(jobs.values())


def _identity(path: Path) -> Path:
    """Return the real path of ``path``, or its absolute path if a symlink loop (or the like) has none.

    Such a spec is still returned as a job: building it fails with a clear
    "cannot read the file" error, and the others go on.
    """
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: Python 3.11's report of a symlink loop
        return path.absolute()


def _walk(folder: Path) -> list[Path]:
    found: list[Path] = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [Path(root) / f for f in sorted(files) if f.endswith(SPEC_SUFFIXES) and not f.startswith(".")]
    return found


def build_many(
    sources: Iterable[Path | str],
    out_dir: Path | str,
    *,
    page_size: str | None = None,
    pdfa: bool = False,
    on_outcome: Callable[[SpecOutcome], None] | None = None,
    theme: str | Path | None = None,
    watermark: str | None = None,
    debug: bool = False,
) -> BatchReport:
    """Build every spec found in ``sources`` into ``out_dir``; failures are recorded, not raised."""
    started = time.perf_counter()
    report = BatchReport()
    for job in discover([Path(s) for s in sources], Path(out_dir)):
        outcome = build_one(job, page_size=page_size, theme=theme, watermark=watermark, pdfa=pdfa, debug=debug)
        report.outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)
    report.seconds = time.perf_counter() - started
    return report


def build_one(
    job: Job,
    *,
    page_size: str | None = None,
    theme: str | Path | None = None,
    watermark: str | None = None,
    pdfa: bool = False,
    debug: bool = False,
) -> SpecOutcome:
    """Build one job, turning any failure into a failed outcome (with its traceback if ``debug``)."""
    started = time.perf_counter()
    try:
        result = build(job.spec, job.output, page_size=page_size, theme=theme, watermark=watermark, pdfa=pdfa)
    except BriefgenError as exc:
        return SpecOutcome(job.spec, job.output, "failed", str(exc), time.perf_counter() - started)
    except Exception as exc:  # one broken spec must never stop the batch
        logger.debug("Could not build %s", job.spec, exc_info=True)
        message = internal_error_message(job.spec, "building", exc)
        trace = traceback.format_exc() if debug else ""
        return SpecOutcome(job.spec, job.output, "failed", message, time.perf_counter() - started, traceback=trace)
    return SpecOutcome(
        job.spec, job.output, "built", seconds=result.seconds, pages=result.pages, warnings=result.warnings
    )


def internal_error_message(spec: Path, doing: str, exc: BaseException) -> str:
    """Return the one line a user sees for a bug in briefgen (not in their spec)."""
    detail = " ".join(str(exc).split())[:200]
    return printable(
        f"{spec}: internal error while {doing} ({type(exc).__name__}: {detail}); "
        "please report it, with the output of `briefgen --debug`"
    )
