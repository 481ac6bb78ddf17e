"""Build one brief in a worker: spec bytes in, PDF bytes (or the error) out.

Input: a ``RenderTask`` (the spec's bytes, the name to report it by, the page
size, and where to write the PDF if this machine owns the output folder).
Output: a ``RenderResult``. The same function runs in-process (``--jobs 1``),
in a local worker process and on a Dask worker, so every way of building
gives the same bytes. A local worker writes the PDF itself and returns only
its hash, so PDFs never travel between processes; a remote worker, which
cannot see the output folder, returns the PDF's bytes instead.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from briefgen.errors import BriefgenError
from briefgen.manifest import digest
from briefgen.output import write_atomically

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RenderTask:
    """One spec to build: its bytes, the name errors call it by, and the paper size."""

    source: str
    data: bytes
    page_size: str = "a4"
    output: str = ""  # write the PDF here, or "" to return its bytes


@dataclass(frozen=True)
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


def warm_up() -> None:
    """Import the renderer and register the default fonts, once per process."""
    from briefgen import layout, render  # noqa: F401 (imported for their cost, paid once)
    from briefgen.theme import DEFAULT_THEME, register_fonts

    register_fonts(DEFAULT_THEME)


def render_task(task: RenderTask) -> RenderResult:
    """Build ``task``'s brief; a failure is returned, never raised, so one bad spec stops nothing."""
    from briefgen.pipeline import render_brief
    from briefgen.spec import parse_spec

    started = time.perf_counter()
    try:
        brief = parse_spec(task.data, task.source)
        from briefgen.theme import DEFAULT_THEME  # ReportLab: only once a spec is valid

        pdf, warnings = render_brief(brief, DEFAULT_THEME.with_page_size(task.page_size))
    except BriefgenError as exc:
        return RenderResult(task.source, error=str(exc), seconds=time.perf_counter() - started)
    except Exception as exc:  # one broken spec must never stop the batch
        logger.debug("Could not build %s", task.source, exc_info=True)
        message = f"{task.source}: internal error while building ({type(exc).__name__}: {exc}); please report it"
        return RenderResult(task.source, error=message, seconds=time.perf_counter() - started)
    if not task.output:
        return RenderResult(task.source, pdf.data, pdf.pages, tuple(warnings), seconds=time.perf_counter() - started)
    try:
        size, mtime_ns = write_pdf(Path(task.output), pdf.data)
    except BriefgenError as exc:
        return RenderResult(task.source, error=str(exc), seconds=time.perf_counter() - started)
    return RenderResult(
        task.source,
        pages=pdf.pages,
        warnings=tuple(warnings),
        seconds=time.perf_counter() - started,
        digest=digest(pdf.data),
        size=size,
        mtime_ns=mtime_ns,
    )


def write_pdf(target: Path, data: bytes) -> tuple[int, int]:
    """Write ``data`` to ``target`` atomically and return the size and modification time it got.

    Raises:
        RenderError: the file cannot be written.

    """
    write_atomically(target, data)
    stat = target.stat()
    return stat.st_size, stat.st_mtime_ns
