"""Build one brief in a worker: spec bytes in, PDF bytes (or the error) out.

Input: a ``RenderTask`` (the spec's bytes, the path it was read from, the
build options, and where to write the PDF if this machine owns the output
folder). Output: a ``RenderResult``. The same function runs in-process
(``--jobs 1``), in a local worker process and on a Dask worker, so every way
of building gives the same bytes. A local worker writes the PDF itself and
returns only its hash, so PDFs never travel between processes; a remote
worker, which cannot see the output folder, returns the PDF's bytes instead.
``attempt`` is the one place a batch, of builds or of checks, catches a bug
in briefgen, so that one bad spec never stops the others.
"""

from __future__ import annotations

import functools
import gc
import logging
import time
import traceback
from collections.abc import Callable
from dataclasses import field, replace
from pathlib import Path
from typing import Generic, TypeVar

from briefgen.batch.fingerprint import digest
from briefgen.batch.output import write_atomically
from briefgen.compose import BuildOptions
from briefgen.errors import BriefgenError, internal_error_message
from briefgen.records import record

logger = logging.getLogger(__name__)
T = TypeVar("T")


@record
class RenderTask:
    """One spec to build: its bytes, the path they were read from, and how to build it."""

    source: str
    data: bytes
    options: BuildOptions = field(default_factory=BuildOptions)
    output: str = ""  # write the PDF here, or "" to return its bytes
    debug: bool = False  # keep the traceback of an internal error


@record
class RenderResult:
    """What building one spec gave: the PDF and its page count, or the error."""

    source: str
    pdf: bytes = b""  # empty when the worker wrote the PDF to the task's output
    pages: int = 0
    warnings: tuple[str, ...] = ()
    error: str = ""
    seconds: float = 0.0
    digest: str = ""
    size: int = 0
    mtime_ns: int = 0
    uses: tuple[str, ...] = ()  # files besides the spec the PDF was made from
    traceback: str = ""
    copy: int = 0  # the number of the copy built, when a batch builds numbered copies of each spec


def warm_up() -> None:
    """Import the renderer and register the default fonts, once per process; then freeze what the process holds.

    What a process holds after its warm-up (modules, classes, fonts, tables)
    lives as long as it does: collecting garbage while the warm-up makes it
    finds nothing, and ``gc.freeze`` then takes it out of the collector's
    sight, so that neither the collections while briefs are built nor the
    full one at exit walk it again. That walking was about 30 ms of a cold
    build of one brief. A built brief leaves no reference cycles behind (a
    test checks), so collections have little to find anyway.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        from briefgen.load.theme_file import default_theme
        from briefgen.style.fonts import register_fonts

        register_fonts(default_theme())
        _freeze_once()
    finally:
        if collecting:
            gc.enable()


@functools.cache
def _freeze_once() -> None:
    # Once: a later warm-up in the same process (watch's rebuilds, a program's batches) would freeze its
    # garbage for good.
    gc.freeze()


def render_task(task: RenderTask) -> RenderResult:
    """Build ``task``'s brief; a failure is returned, never raised, so one bad spec stops nothing."""
    result = _render(task)
    mark = task.options.copy_mark
    # Copies of one spec are tasks of one source: the batch tells their results apart by the copy's number.
    return replace(result, copy=mark.number) if mark is not None else result


def _render(task: RenderTask) -> RenderResult:
    from briefgen.compose import render_spec

    started = time.perf_counter()
    rendered = attempt(
        Path(task.source), "building", lambda: render_spec(task.data, Path(task.source), task.options), task.debug
    )
    if rendered.value is None:
        return RenderResult(
            task.source, error=rendered.message, seconds=time.perf_counter() - started, traceback=rendered.traceback
        )
    pdf, uses = rendered.value.pdf, tuple(str(path) for path in rendered.value.uses)
    warnings = rendered.value.warnings
    if not task.output:
        return RenderResult(
            task.source, pdf.data, pdf.pages, warnings, seconds=time.perf_counter() - started, uses=uses
        )
    try:
        size, mtime_ns = write_pdf(Path(task.output), pdf.data)
    except BriefgenError as exc:
        return RenderResult(task.source, error=str(exc), seconds=time.perf_counter() - started)
    return RenderResult(
        task.source,
        pages=pdf.pages,
        warnings=warnings,
        seconds=time.perf_counter() - started,
        digest=digest(pdf.data),
        size=size,
        mtime_ns=mtime_ns,
        uses=uses,
    )


@record
class Attempt(Generic[T]):
    """What one spec's work gave: its ``value``, or the user's ``error``, or a bug's one-line ``internal`` message."""

    value: T | None = None
    error: BriefgenError | None = None
    internal: str = ""
    traceback: str = ""  # of the bug, kept only when debugging

    @property
    def message(self) -> str:
        """Return what went wrong, as the user is told it ("" if nothing did)."""
        return str(self.error) if self.error is not None else self.internal


def attempt(source: Path, doing: str, work: Callable[[], T], debug: bool = False) -> Attempt[T]:
    """Do ``work`` for the spec (or pack) ``source``; what goes wrong is returned, never raised.

    This is where every batch, building or checking, keeps one bad file from
    stopping the others: the user's mistakes come back as their
    ``BriefgenError``, a bug in briefgen as one line naming ``source`` and
    what it was ``doing`` (with the traceback if ``debug``).
    """
    try:
        return Attempt(work())
    except BriefgenError as exc:
        return Attempt(error=exc)
    except Exception as exc:  # one broken spec must never stop the batch
        logger.debug("Internal error while %s %s", doing, source, exc_info=True)
        trace = traceback.format_exc() if debug else ""
        return Attempt(internal=internal_error_message(source, doing, exc), traceback=trace)


def write_pdf(target: Path, data: bytes) -> tuple[int, int]:
    """Write ``data`` to ``target`` atomically and return the size and modification time it got.

    Raises:
        RenderError: the file cannot be written.

    """
    write_atomically(target, data)
    stat = target.stat()
    return stat.st_size, stat.st_mtime_ns
