"""``briefgen print`` as one library call: specs, packs and PDFs in, the CUPS jobs that print them out.

Input: what the user named, the output folder, a ``send.PrintRequest``, the
build options and the numbered copies to make, if any. Output: the PDFs
built where out of date (``sources``), preflighted and sent (``send``), one
``send.SentJob`` per file (per copy of each, for numbered copies).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.batch.report import SpecOutcome
from briefgen.compose import BuildOptions
from briefgen.errors import UsageError
from briefgen.printing.cups import PrintError
from briefgen.printing.send import PrintRequest, Reporter, SentJob, send_all
from briefgen.printing.sources import prepare

if TYPE_CHECKING:
    from briefgen.model import CopyMark


def print_sources(
    sources: Sequence[Path],
    out_dir: Path,
    request: PrintRequest,
    options: BuildOptions | None = None,
    *,
    reporter: Reporter | None = None,
    on_outcome: Callable[[SpecOutcome], None] | None = None,
    copies: Sequence[CopyMark] = (),
) -> list[SentJob]:
    """Build what is out of date among ``sources`` into ``out_dir``, then print every PDF as ``request`` says.

    ``on_outcome`` hears of each spec built (or found up to date); ``reporter``
    of each job as CUPS takes it, and of the wait. With ``copies``, each spec
    and pack is built and printed once per mark, as that numbered copy: a job
    of one copy each, copy by copy (``request.copies`` must be 1: copies of a
    numbered copy would be two papers with one number).

    Raises:
        UsageError: ``copies`` with ``request.copies`` above 1.
        PrintError: a spec or pack failed to build, a file failed its preflight
            (``send.PreflightFailedError``), or CUPS, the printer or its paper is not ready.

    """
    if copies and request.copies != 1:
        raise UsageError(
            f"--copies {request.copies} would print each numbered copy {request.copies} times, and a number "
            "must name one paper: leave --copies out (each copy is its own job of one)"
        )
    printables = prepare(sources, out_dir, options, on_outcome=on_outcome, copies=copies)
    if not printables:
        raise PrintError(f"nothing to print in {', '.join(map(str, sources))}: no specs, packs or PDFs")
    return send_all(printables, request, out_dir, reporter)
