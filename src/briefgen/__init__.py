"""briefgen: turn a YAML spec of an article into a print-ready policy-brief PDF.

Steps:
    1. Loading (``spec``): the YAML file is parsed and validated into a
       ``model.Brief``; every problem is reported with file, line and column.
    2. Layout (``layout``, ``theme``, ``markup``): the brief becomes a story of
       ReportLab flowables in the theme's type scale.
    3. Rendering (``render``): the story is poured onto pages with footers,
       banners, metadata and bookmarks, giving PDF bytes.
    4. Output (``output``): the bytes are written atomically.

``build`` runs the steps for one spec, ``build_many`` for a batch. Importing
this package does not import ReportLab; the first build does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from briefgen.batch import BatchReport, SpecOutcome, build_many
    from briefgen.pipeline import BuildResult, build

__all__ = ["BatchReport", "BuildResult", "SpecOutcome", "__version__", "build", "build_many"]


def __getattr__(name: str) -> Any:
    if name in ("build", "BuildResult"):
        from briefgen import pipeline

        return getattr(pipeline, name)
    if name in ("build_many", "BatchReport", "SpecOutcome"):
        from briefgen import batch

        return getattr(batch, name)
    raise AttributeError(f"module 'briefgen' has no attribute {name!r}")
