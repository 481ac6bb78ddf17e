"""Build one brief in a worker: spec bytes in, PDF bytes (or the error) out.

Input: a ``RenderTask`` (the spec's bytes, the name to report it by, the page
size). Output: a ``RenderResult``. The same function runs in-process
(``--jobs 1``), in a local worker process and on a Dask worker, so every way
of building gives the same bytes. It touches no files: the spec was read and
the PDF is written by the process that owns the output folder, which is what
lets a remote worker build it.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from briefgen.errors import BriefgenError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RenderTask:
    """One spec to build: its bytes, the name errors call it by, and the paper size."""

    source: str
    data: bytes
    page_size: str = "a4"


@dataclass(frozen=True)
class RenderResult:
    """What building one spec gave: the PDF and its page count, or the error."""

    source: str
    pdf: bytes = b""
    pages: int = 0
    warnings: tuple[str, ...] = ()
    error: str = ""
    seconds: float = 0.0


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
    return RenderResult(task.source, pdf.data, pdf.pages, tuple(warnings), seconds=time.perf_counter() - started)
