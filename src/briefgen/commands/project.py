"""The project's settings as commands use them: a ``load.project.Project`` in, build options and a listing out.

Input: the project found from the working folder, with what the command line
said laid over it (``Project.with_overrides``). Output: the ``BuildOptions``
of a build (``build_options``), and ``config_lines``, what ``briefgen config``
prints: every setting in force and where it came from.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.load.project import DEFAULT, SETTINGS, Project, shown_path

if TYPE_CHECKING:
    from briefgen.compose import BuildOptions


def build_options(
    project: Project, *, theme: str | None = None, watermark: str | None = None, pdfa: bool = False
) -> BuildOptions:
    """Return how to build in ``project``: its settings, and the options only a command line gives.

    ``theme`` (from ``--theme``) overrides every spec's; the project's theme
    is for specs that name none.
    """
    from briefgen.compose import BuildOptions

    return BuildOptions(
        page_size=project.page_size,
        theme=theme,
        watermark=watermark,
        pdfa=pdfa,
        allow_outside_files=project.allow_outside_files,
        lang=project.lang,
        default_theme=project.theme,
        assets_dir=str(project.assets_dir),
    )


def config_lines(project: Project) -> list[str]:
    """Return the settings in force, one a line, each with where it came from."""
    where = f"{project.file}" if project.file else f"none (defaults for {project.root}; 'briefgen init' makes one)"
    lines = [f"project file: {where}"]
    width = max(len(setting.name) for setting in SETTINGS)
    for setting in SETTINGS:
        value = project.values[setting.name]
        shown = setting.unset if value is None else _shown(value)
        lines.append(f"{setting.name:<{width}}  {shown:<30}  ({_source(project.sources[setting.name])})")
    return lines


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Path):
        return str(shown_path(value))
    return str(value)


def _source(source: str) -> str:
    if source == DEFAULT:
        return "default"
    return source
