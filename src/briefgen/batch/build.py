"""Build many briefs: find the specs, build what changed, and report what happened to every one.

Input: spec files and folders, and an output folder. Output: PDFs in the
output folder (sub-folders mirrored), the folder's build manifest, and a
``BatchReport``. One bad spec never stops the others.

The steps: ``discover`` the specs; for each, read its bytes and ask the
``manifest`` whether its PDF is up to date (no ReportLab needed); send the
rest to an ``executor`` (this process, local worker processes or a Dask
cluster) which runs ``worker.render_task``; write each PDF as it comes back
and record it in the manifest.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.batch import manifest as manifests
from briefgen.batch.copies import copy_path
from briefgen.batch.discover import (
    Job,
    discover,
)
from briefgen.batch.executors import ClusterError, default_jobs, make_executor
from briefgen.batch.fingerprint import digest, inputs_digest
from briefgen.batch.manifest import Entry, FileStamp, Manifest
from briefgen.batch.output import remove_abandoned_temporaries
from briefgen.batch.report import BatchReport, SpecOutcome
from briefgen.batch.stopping import StopRequests
from briefgen.batch.worker import RenderResult, RenderTask, render_task, warm_up, write_pdf
from briefgen.compose import BuildOptions
from briefgen.errors import BriefgenError
from briefgen.load.files import MAX_SPEC_BYTES, NotRegularFileError, read_bounded

if TYPE_CHECKING:
    from briefgen.model import CopyMark

logger = logging.getLogger(__name__)


def build_many(
    sources: Iterable[Path | str],
    out_dir: Path | str,
    *,
    options: BuildOptions | None = None,
    jobs: int | None = None,
    force: bool = False,
    prune: bool = False,
    fail_fast: bool = False,
    scheduler: str | None = None,
    on_outcome: Callable[[SpecOutcome], None] | None = None,
    on_start: Callable[[BatchReport], None] | None = None,
    keep_outcomes: bool = True,
    debug: bool = False,
    copies: Sequence[CopyMark] = (),
    on_stop_noted: Callable[[int], None] | None = None,
) -> BatchReport:
    """Build every spec found in ``sources`` into ``out_dir``, skipping those whose PDF is up to date.

    ``options`` say how to build (theme, paper, watermark, PDF/A); ``jobs``
    worker processes build in parallel (default: one per CPU; 1
    builds in this process); ``scheduler`` sends the builds to a Dask
    cluster instead. ``force`` rebuilds everything; ``prune`` deletes PDFs
    whose spec no longer exists (they are listed in ``stale`` either way);
    ``fail_fast`` stops at the first failure. Failures are recorded, not
    raised, with their tracebacks if ``debug``. ``on_start`` is called once the
    specs are found, ``on_outcome`` as each one finishes; a caller that handles
    each outcome there can pass ``keep_outcomes=False`` to keep only counts and
    failures in the report. With ``copies``, each spec is built once per mark
    instead, as that numbered copy, into ``copy_path`` of its PDF
    (``brief.copy-07.pdf``); each copy is up to date or not on its own.
    ``on_stop_noted(signal)`` is told when Ctrl-C (or SIGTERM, SIGHUP) will
    stop the batch after the brief in hand rather than at once.

    A worker that dies fails only the spec it was building. Ctrl-C, SIGTERM
    and SIGHUP stop the batch (``KeyboardInterrupt``, or ``Terminated`` for
    the last two) once every brief being built is finished, recorded and
    reported, and the manifest saved (``stopping``).

    Raises:
        BriefgenError: the Dask scheduler cannot be used, or failed mid-batch (what was built is recorded).

    """
    started = time.perf_counter()
    out = Path(out_dir)
    unreadable: dict[Path, str] = {}  # folders whose specs cannot even be listed: each fails, none is pruned
    found = discover([Path(s) for s in sources], out, on_unreadable=unreadable.setdefault)
    for folder in {out, *(job.output.parent for job in found)}:
        remove_abandoned_temporaries(folder)
    manifest = Manifest(out)
    report = BatchReport(total=len(found) * max(1, len(copies)) + len(unreadable))
    if on_start is not None:
        on_start(report)

    def finish(outcome: SpecOutcome) -> None:
        report.add(outcome, keep=keep_outcomes)
        if on_outcome is not None:
            on_outcome(outcome)

    for folder, why in sorted(unreadable.items()):
        finish(
            SpecOutcome(folder, out, "failed", f"{folder}: cannot read the folder ({why}); its specs were not built")
        )

    stopping = StopRequests(on_stop_noted)
    # Local workers write their PDFs; a cluster's workers cannot see this folder, so theirs come back.
    plan = _Plan(
        found,
        manifest,
        options=options or BuildOptions(),
        force=force,
        debug=debug,
        write_in_worker=not scheduler,
        on_skip=finish,
        copies=copies,
        between_specs=stopping.check,
    )
    # More workers than briefs would only cost start-up time (each numbered copy of a spec is a brief).
    workers = min(jobs or default_jobs(), max(len(found) * max(len(copies), 1), 1))
    executor = make_executor(workers, scheduler, warm_up=warm_up, interruptible=stopping.interruptible)
    report.workers = executor.workers
    last_save = time.monotonic()
    with stopping:
        try:
            for result in executor.run(render_task, plan.tasks(), lost=_lost):
                outcome = plan.complete(result)
                finish(outcome)
                if outcome.status == "failed" and fail_fast:
                    # Start nothing more, but record the briefs already being built: their PDFs are
                    # written either way, and the next build should not build them again.
                    report.stopped = True
                    plan.stop()
                if time.monotonic() - last_save > _SAVE_EVERY:
                    manifest.save()
                    last_save = time.monotonic()
            stopping.check()  # asked to stop as the last brief came in: still an interrupted batch
        except ClusterError as exc:  # say what is kept, and what is not done
            raise ClusterError(f"{exc}{_kept(report)}") from exc
        finally:
            stopping.winding_down = True
            try:
                # Stopped early: the briefs being built are finished and recorded, not thrown away.
                for result in executor.drain(lost=_lost):
                    finish(plan.complete(result))
            finally:
                executor.close()
                manifest.save()
        report.workers = executor.workers
        report.warnings.extend(executor.incidents)
        current = {job.output for job, _ in plan.builds(found)}
        _report_stale(manifest, current, report, prune=prune, unreadable=unreadable)
    report.warnings.extend(manifest.problems)
    report.seconds = time.perf_counter() - started
    return report


def _kept(report: BatchReport) -> str:
    built, left = report.counts["built"], report.not_run
    pdfs = f"the {built} PDFs built before that are" if built != 1 else "the PDF built before that is"
    kept = f"; {pdfs} kept and recorded" if built else ""
    return f"{kept}; {left} spec{'s' if left != 1 else ''} not built" if left else kept


def _lost(task: RenderTask, why: str) -> RenderResult:
    """Return the failure of a spec (or of one numbered copy of it) whose worker died building it."""
    mark = task.options.copy_mark
    return RenderResult(task.source, error=f"{task.source}: {why}", copy=mark.number if mark else 0)


# Save the manifest now and then, so an interrupted batch keeps what it built.
_SAVE_EVERY = 5.0


class _Plan:
    """Decides spec by spec what to build, and turns each build's result into an outcome."""

    def __init__(
        self,
        jobs: list[Job],
        manifest: Manifest,
        *,
        options: BuildOptions,
        force: bool,
        debug: bool,
        write_in_worker: bool,
        on_skip: Callable[[SpecOutcome], None],
        copies: Sequence[CopyMark] = (),
        between_specs: Callable[[], None] = lambda: None,
    ) -> None:
        self.write_in_worker = write_in_worker
        self.jobs = jobs
        self.manifest = manifest
        self.options = options
        self.fingerprint = options.fingerprint()
        self.force = force
        self.debug = debug
        self.on_skip = on_skip
        self.copies = tuple(copies)
        self._running: dict[tuple[str, int], tuple[Job, str, str]] = {}
        self._stopped = False
        self._between_specs = between_specs

    def builds(self, jobs: Sequence[Job]) -> list[tuple[Job, BuildOptions]]:
        """Return what building ``jobs`` makes: each job as found, or one job per copy with the copy's mark."""
        if not self.copies:
            return [(job, self.options) for job in jobs]
        return [
            (Job(job.spec, copy_path(job.output, mark), job.identity), replace(self.options, copy_mark=mark))
            for job in jobs
            for mark in self.copies
        ]

    def stop(self) -> None:
        """Give no more tasks (those already given still complete)."""
        self._stopped = True

    def tasks(self) -> Iterator[RenderTask]:
        """Yield a render task per spec that needs building; report the others as they are passed."""
        for found in self.jobs:
            if self._stopped:
                return
            self._between_specs()  # where a stop asked for is acted on: nothing of this spec is in hand yet
            started = time.perf_counter()
            try:
                data = _read_spec(found.spec)
            except OSError as exc:
                for job, _ in self.builds([found]):
                    self.on_skip(SpecOutcome(job.spec, job.output, "failed", _unreadable(job.spec, exc)))
                continue
            for job, options in self.builds([found]):
                fingerprint = options.fingerprint() if self.copies else self.fingerprint
                inputs = inputs_digest(data, extra=fingerprint)
                entry = self.manifest.get(job.output)
                reason = "forced" if self.force else manifests.rebuild_reason(entry, inputs, job.output)
                if not reason:
                    seconds = time.perf_counter() - started
                    self.on_skip(SpecOutcome(job.spec, job.output, "skipped", seconds=seconds))
                    continue
                # discover() gives each spec file once, so its name and the copy's number identify the task.
                mark = options.copy_mark
                self._running[(str(job.spec), mark.number if mark else 0)] = (job, inputs, reason)
                output = str(job.output) if self.write_in_worker else ""
                yield RenderTask(str(job.spec), data, options, output, self.debug)

    def complete(self, result: RenderResult) -> SpecOutcome:
        """Write a finished build's PDF, record it in the manifest, and return its outcome."""
        job, inputs, reason = self._running.pop((result.source, result.copy))
        if result.error:
            return SpecOutcome(
                job.spec, job.output, "failed", result.error, result.seconds, reason=reason, traceback=result.traceback
            )
        if result.digest:  # the worker wrote it
            pdf_hash, size, mtime_ns = result.digest, result.size, result.mtime_ns
        else:
            try:
                size, mtime_ns = write_pdf(job.output, result.pdf)
            except BriefgenError as exc:
                return SpecOutcome(job.spec, job.output, "failed", str(exc), result.seconds, reason=reason)
            pdf_hash = digest(result.pdf)
        uses = tuple(FileStamp.of(Path(path)) for path in result.uses)
        # The real path discover found; resolving it again here was a sixth of this process's work per brief.
        identity = job.identity or job.spec.resolve()
        self.manifest.record(job.output, Entry(str(identity), inputs, pdf_hash, size, mtime_ns, uses))
        return SpecOutcome(
            job.spec,
            job.output,
            "built",
            seconds=result.seconds,
            pages=result.pages,
            warnings=result.warnings,
            reason=reason,
        )


def _unreadable(spec: Path, error: OSError) -> str:
    if isinstance(error, NotRegularFileError):
        return f"{spec}:1:1: is not a regular file (a folder, pipe or device?); name a spec file"
    return f"{spec}:1:1: cannot read the file: {error.strerror or error}"


def _read_spec(path: Path) -> bytes:
    # One byte past the size limit at most, so the worker reports an oversized spec.
    return read_bounded(path, MAX_SPEC_BYTES)


def _report_stale(
    manifest: Manifest, current: set[Path], report: BatchReport, *, prune: bool, unreadable: Iterable[Path] = ()
) -> None:
    unreadable = [folder.resolve() for folder in unreadable]
    for pdf, entry in manifest.stale():
        # A spec in a folder that cannot be read looks gone, but may be there: never prune its PDF.
        if pdf in current or any(Path(entry.spec).is_relative_to(folder) for folder in unreadable):
            continue
        refused = manifests.why_not_removable(pdf, manifest.out_dir)
        if refused:
            # A damaged or edited manifest: report the entry, never delete what it names.
            report.warnings.append(f"{manifest.path}: ignored the entry '{manifest.key(pdf)}': {refused}")
            if prune:
                manifest.forget(pdf)
            continue
        report.stale.append(pdf)
        if prune:
            manifests.remove_pdf(pdf, manifest.out_dir)
            manifest.forget(pdf)
            report.pruned.append(pdf)
    manifest.save()


def build_one(job: Job, *, options: BuildOptions | None = None, debug: bool = False) -> SpecOutcome:
    """Build one job in this process, whatever the manifest says: what ``briefgen watch`` does on a save."""
    started = time.perf_counter()
    try:
        data = _read_spec(job.spec)
    except OSError as exc:
        return SpecOutcome(job.spec, job.output, "failed", _unreadable(job.spec, exc), time.perf_counter() - started)
    result = render_task(RenderTask(str(job.spec), data, options or BuildOptions(), str(job.output), debug))
    if result.error:
        return SpecOutcome(job.spec, job.output, "failed", result.error, result.seconds, traceback=result.traceback)
    return SpecOutcome(
        job.spec, job.output, "built", seconds=result.seconds, pages=result.pages, warnings=result.warnings
    )
