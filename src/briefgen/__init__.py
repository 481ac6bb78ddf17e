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

from briefgen.version import __version__

if TYPE_CHECKING:
    from briefgen.api import BuildResult, build
    from briefgen.batch.build import build_many
    from briefgen.batch.report import BatchReport, SpecOutcome

__all__ = ["BatchReport", "BuildResult", "SpecOutcome", "__version__", "build", "build_many"]


def __getattr__(name: str) -> Any:
    if name in ("build", "BuildResult"):
        from briefgen import api

        return getattr(api, name)
    if name in ("build_many", "BatchReport", "SpecOutcome"):
        from briefgen.batch import build as batch_build
        from briefgen.batch import report

        return getattr(batch_build if name == "build_many" else report, name)
    raise AttributeError(f"module 'briefgen' has no attribute {name!r}")
