"""``briefgen print`` as one library call: specs, packs and PDFs in, the CUPS jobs that print them out.

Input: what the user named, the output folder, a ``send.PrintRequest`` and
the build options. Output: the PDFs built where out of date (``sources``),
preflighted and sent (``send``), one ``send.SentJob`` per file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from briefgen.batch.report import SpecOutcome
from briefgen.compose import BuildOptions
from briefgen.printing.cups import PrintError
from briefgen.printing.send import PrintRequest, Reporter, SentJob, send_all
from briefgen.printing.sources import prepare


def print_sources(
    sources: Sequence[Path],
    out_dir: Path,
    request: PrintRequest,
    options: BuildOptions | None = None,
    *,
    reporter: Reporter | None = None,
    on_outcome: Callable[[SpecOutcome], None] | None = None,
) -> list[SentJob]:
    """Build what is out of date among ``sources`` into ``out_dir``, then print every PDF as ``request`` says.

    ``on_outcome`` hears of each spec built (or found up to date); ``reporter``
    of each job as CUPS takes it, and of the wait.

    Raises:
        PrintError: a spec or pack failed to build, a file failed its preflight
            (``send.PreflightFailedError``), or CUPS, the printer or its paper is not ready.

    """
    printables = prepare(sources, out_dir, options, on_outcome=on_outcome)
    if not printables:
        raise PrintError(f"nothing to print in {', '.join(map(str, sources))}: no specs, packs or PDFs")
    return send_all(printables, request, out_dir, reporter)
