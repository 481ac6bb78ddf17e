"""Build one brief in a worker: spec bytes in, PDF bytes (or the error) out.

Input: a ``RenderTask`` (the spec's bytes, the path it was read from, the
build options, and where to write the PDF if this machine owns the output
folder). Output: a ``RenderResult``. The same function runs in-process
(``--jobs 1``), in a local worker process and on a Dask worker, so every way
of building gives the same bytes. A local worker writes the PDF itself and
returns only its hash, so PDFs never travel between processes; a remote
worker, which cannot see the output folder, returns the PDF's bytes instead.
"""

from __future__ import annotations

import logging
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.batch.fingerprint import digest
from briefgen.batch.output import write_atomically
from briefgen.compose import BuildOptions
from briefgen.errors import BriefgenError, printable

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RenderTask:
    """One spec to build: its bytes, the path they were read from, and how to build it."""

    source: str
    data: bytes
    options: BuildOptions = field(default_factory=BuildOptions)
    output: str = ""  # write the PDF here, or "" to return its bytes
    debug: bool = False  # keep the traceback of an internal error


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
    uses: tuple[str, ...] = ()  # files besides the spec the PDF was made from
    traceback: str = ""


def warm_up() -> None:
    """Import the renderer and register the default fonts, once per process."""
    from briefgen.style.fonts import register_fonts
    from briefgen.style.theme import DEFAULT_THEME

    register_fonts(DEFAULT_THEME)


def render_task(task: RenderTask) -> RenderResult:
    """Build ``task``'s brief; a failure is returned, never raised, so one bad spec stops nothing."""
    from briefgen.compose import render_spec

    started = time.perf_counter()
    try:
        rendered = render_spec(task.data, Path(task.source), task.options)
    except BriefgenError as exc:
        return RenderResult(task.source, error=str(exc), seconds=time.perf_counter() - started)
    except Exception as exc:  # one broken spec must never stop the batch
        logger.debug("Could not build %s", task.source, exc_info=True)
        return RenderResult(
            task.source,
            error=internal_error_message(Path(task.source), "building", exc),
            seconds=time.perf_counter() - started,
            traceback=traceback.format_exc() if task.debug else "",
        )
    pdf, uses = rendered.pdf, tuple(str(path) for path in rendered.uses)
    if not task.output:
        return RenderResult(
            task.source, pdf.data, pdf.pages, rendered.warnings, seconds=time.perf_counter() - started, uses=uses
        )
    try:
        size, mtime_ns = write_pdf(Path(task.output), pdf.data)
    except BriefgenError as exc:
        return RenderResult(task.source, error=str(exc), seconds=time.perf_counter() - started)
    return RenderResult(
        task.source,
        pages=pdf.pages,
        warnings=rendered.warnings,
        seconds=time.perf_counter() - started,
        digest=digest(pdf.data),
        size=size,
        mtime_ns=mtime_ns,
        uses=uses,
    )


def internal_error_message(spec: Path, doing: str, exc: BaseException) -> str:
    """Return the one line a user sees for a bug in briefgen (not in their spec)."""
    detail = " ".join(str(exc).split())[:200]
    return printable(
        f"{spec}: internal error while {doing} ({type(exc).__name__}: {detail}); "
        "please report it, with the output of `briefgen --debug`"
    )


def write_pdf(target: Path, data: bytes) -> tuple[int, int]:
    """Write ``data`` to ``target`` atomically and return the size and modification time it got.

    Raises:
        RenderError: the file cannot be written.

    """
    write_atomically(target, data)
    stat = target.stat()
    return stat.st_size, stat.st_mtime_ns
