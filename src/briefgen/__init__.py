"""briefgen: turn a YAML spec of an article into a print-ready policy-brief PDF.

Steps:
    1. Loading (``load``): the YAML is parsed and validated into a
       ``model.Brief``; every problem is reported with file, line and column.
    2. Layout (``layout``, ``style``, ``text``): the brief becomes a story of
       ReportLab flowables in the theme's type scale.
    3. Rendering (``pdf``): the story is poured onto pages with footers,
       banners, metadata, tags and bookmarks, giving PDF bytes.
    4. Output (``batch.output``): the bytes are written atomically.

The library: ``build(spec, output=None, *, options=Options(...))`` for one
spec (a path, YAML text or a mapping; the PDF's bytes back, or written to
``output``), ``build_many`` for a batch. Every error briefgen reports is a
``BriefgenError``: ``SpecError`` lists each problem of a spec, ``OptionError``
(also a ``ValueError``) names an option no build can use. Importing this
package does not import ReportLab; the first build does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from briefgen.errors import BriefgenError, OptionError, Problem, RenderError, SpecError
from briefgen.version import __version__

if TYPE_CHECKING:
    from briefgen.api import BriefWarning, BuildResult, Options, SpecSource, build, build_many
    from briefgen.batch.report import BatchReport, SpecOutcome

__all__ = [
    "BatchReport",
    "BriefWarning",
    "BriefgenError",
    "BuildResult",
    "OptionError",
    "Options",
    "Problem",
    "RenderError",
    "SpecError",
    "SpecOutcome",
    "SpecSource",
    "__version__",
    "build",
    "build_many",
]

_FROM_API = ("build", "build_many", "BuildResult", "Options", "BriefWarning", "SpecSource")


def __getattr__(name: str) -> Any:
    # The rest load on first use, so that `import briefgen` stays cheap.
    if name in _FROM_API:
        from briefgen import api

        return getattr(api, name)
    if name in ("BatchReport", "SpecOutcome"):
        from briefgen.batch import report

        return getattr(report, name)
    raise AttributeError(f"module 'briefgen' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
