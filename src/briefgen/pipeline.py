"""Build one brief: spec file in, PDF file out, reading like the list of steps.

Input: a spec path and an output path. Output: the PDF on disk and a
``BuildResult`` saying what was written and what the user should know.
ReportLab is imported inside the functions, not at module level, so that
loading and checking specs (and ``briefgen --help``) never pay for it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.spec import load_spec

if TYPE_CHECKING:
    from briefgen import model
    from briefgen.render import RenderedPdf
    from briefgen.theme import Theme


@dataclass(frozen=True)
class BuildResult:
    """What building one spec produced."""

    spec: Path
    output: Path
    pages: int
    seconds: float
    warnings: tuple[str, ...] = field(default=())


def build(
    spec: Path | str,
    output: Path | str,
    *,
    page_size: str | None = None,
    theme: str | Path | None = None,
    watermark: str | None = None,
    pdfa: bool = False,
) -> BuildResult:
    """Build the brief described by ``spec`` into the PDF file ``output``.

    ``theme`` (a built-in theme's name or a theme file) overrides the spec's
    ``theme:`` field; ``page_size`` overrides the theme's paper unless None;
    ``watermark`` overrides the DRAFT watermark of draft briefs.

    Raises:
        SpecError: the spec is invalid.
        RenderError: the PDF could not be laid out or written.

    """
    from briefgen.output import write_atomically
    from briefgen.themes import load_theme

    started = time.perf_counter()
    spec, output = Path(spec), Path(output)
    brief = load_spec(spec)
    chosen = load_theme(theme or brief.theme or "default")
    pdf, warnings = render_brief(
        brief,
        chosen.with_page_size(page_size) if page_size else chosen,
        watermark=watermark,
        pdfa=pdfa or brief.pdfa,
    )
    write_atomically(output, pdf.data)
    return BuildResult(spec, output, pdf.pages, time.perf_counter() - started, tuple(warnings))


def render_brief(
    brief: model.Brief, theme: Theme, *, watermark: str | None = None, pdfa: bool = False, tagged: bool = True
) -> tuple[RenderedPdf, list[str]]:
    """Lay out and render ``brief``, returning the PDF and the warnings met on the way.

    The PDF is tagged (PDF/UA) unless ``tagged`` is false, which only the
    tagging benchmark asks for; it is PDF/A-2b with ``pdfa``.
    """
    from briefgen.layout import layout_brief
    from briefgen.render import render_pdf

    laid_out = layout_brief(brief, theme)
    structure = laid_out.structure if tagged else None
    pdf = render_pdf(laid_out.story, brief, theme, structure=structure, archival=pdfa, watermark=watermark)
    return pdf, laid_out.warnings
