"""briefgen as a library: build a brief from a spec file into a PDF file.

Input: a spec's path and where its PDF goes, with the options a user can give.
Output: the PDF, written atomically, and a ``BuildResult``. The CLI's commands
and a user's script both end up here or in ``batch``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.compose import BuildOptions, render_spec


@dataclass(frozen=True)
class BuildResult:
    """What building one spec produced."""

    spec: Path
    output: Path
    pages: int
    seconds: float
    warnings: tuple[str, ...] = field(default=())
    uses: tuple[Path, ...] = field(default=())


def build(
    spec: Path | str,
    output: Path | str,
    *,
    page_size: str | None = None,
    theme: str | Path | None = None,
    watermark: str | None = None,
    pdfa: bool = False,
    allow_outside_files: bool = False,
) -> BuildResult:
    """Build the brief described by ``spec`` into the PDF file ``output``.

    ``theme`` (a built-in theme's name or a theme file) overrides the spec's
    ``theme:`` field; ``page_size`` overrides the theme's paper unless None;
    ``watermark`` overrides the DRAFT watermark of draft briefs; ``pdfa``
    writes PDF/A-2b; ``allow_outside_files`` lets the spec name files outside
    its folder and assets/.

    Raises:
        SpecError: the spec (or its theme) is invalid.
        RenderError: the PDF could not be laid out or written.

    """
    from briefgen.batch.output import write_atomically
    from briefgen.load.spec import read_spec_file

    started = time.perf_counter()
    spec, output = Path(spec), Path(output)
    options = BuildOptions(page_size, str(theme) if theme else None, watermark, pdfa, allow_outside_files)
    rendered = render_spec(read_spec_file(spec), spec, options)
    write_atomically(output, rendered.pdf.data)
    elapsed = time.perf_counter() - started
    return BuildResult(spec, output, rendered.pdf.pages, elapsed, rendered.warnings, rendered.uses)
