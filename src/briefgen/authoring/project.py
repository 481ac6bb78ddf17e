"""Make a project (``briefgen init``): a folder in, the files a new project needs written into it.

Input: the folder (made if missing) and whether to replace an existing
project's settings. Output: ``briefgen.toml`` (or a ``[tool.briefgen]``
table added to an existing ``pyproject.toml``) with every setting commented,
``specs/`` with an example spec that builds, ``assets/``, ``output/`` in
``.gitignore``, the spec format's JSON Schema in ``schema/``, and VS Code's
settings mapping that schema to the specs. A folder that already has a
project is refused unless ``force``; then the generated files (settings,
schema, editor settings) are written again, and nothing the user wrote (the
example spec once edited, ``.gitignore`` lines, other editor settings, the
rest of ``pyproject.toml``) is lost.
"""

from __future__ import annotations

import json
from pathlib import Path

from briefgen.authoring.scaffold import SCHEMA_FILE
from briefgen.errors import BriefgenError
from briefgen.load.project import PROJECT_FILE, PYPROJECT_FILE, SETTINGS, has_briefgen_table
from briefgen.records import record

EXAMPLE_SPEC = Path("specs") / "example.yaml"
_SCHEMA_GLOBS = ["specs/**/*.yaml", "specs/**/*.yml", "!specs/**/*.theme.yaml", "!specs/**/*.theme.yml"]

_EXAMPLE = """\
# yaml-language-server: $schema=../schema/brief.schema.json
# An example brief: build it with 'briefgen build', then make it yours or start afresh with 'briefgen new NAME'.
title: An Example Brief
subtitle: What a briefgen spec looks like
date: 2024-11-12
organization: Example Policy Unit
authors: [A. Analyst]
key_points:
  - A spec is one YAML file; briefgen turns it into a print-ready PDF.
  - Every problem in a spec is reported with its file, line and column.
sections:
  - heading: Writing a Brief
    body: |
      Paragraphs are separated by blank lines. Inline *emphasis*,
      **strong** and [links](https://example.org) are allowed.

      - a line starting with "- " is a bullet
      > a line starting with "> " is a quotation
references:
  - title: The briefgen spec format
    publisher: briefgen
    date: 2024-11-12
"""


@record
class InitResult:
    """What ``init`` did: the project file, and every file written or changed (each with what was done)."""

    project_file: Path
    changed: tuple[tuple[Path, str], ...]


def init_project(folder: Path, *, force: bool = False) -> InitResult:
    """Make ``folder`` a briefgen project and return what was written.

    Raises:
        BriefgenError: ``folder`` already has a project (and not ``force``), or a file cannot be written.

    """
    from briefgen.authoring.spec_files import write_schema

    folder.mkdir(parents=True, exist_ok=True)
    own, pyproject = folder / PROJECT_FILE, folder / PYPROJECT_FILE
    existing = own if own.is_file() else pyproject if pyproject.is_file() and has_briefgen_table(pyproject) else None
    if existing is not None and not force:
        raise BriefgenError(f"{existing} already holds a briefgen project; use --force to write its files again")
    changed: list[tuple[Path, str]] = []
    try:
        if existing == pyproject:
            project_file = pyproject  # a user's pyproject.toml is never rewritten: its table stays as it is
        elif pyproject.is_file() and not own.is_file():
            project_file = pyproject
            with pyproject.open("a", encoding="utf-8") as stream:
                stream.write(f"\n[tool.briefgen]\n{settings_text()}")
            changed.append((pyproject, "added [tool.briefgen]"))
        else:
            project_file = own
            own.write_text(f"{_HEADER}\n{settings_text()}", encoding="utf-8")
            changed.append((own, "written"))
        for name in ("specs", "assets"):
            (folder / name).mkdir(exist_ok=True)
        if not (folder / EXAMPLE_SPEC).exists():
            (folder / EXAMPLE_SPEC).write_text(_EXAMPLE, encoding="utf-8")
            changed.append((folder / EXAMPLE_SPEC, "written"))
        changed += _ignore_output(folder / ".gitignore")
        write_schema(folder / SCHEMA_FILE)
        changed.append((folder / SCHEMA_FILE, "written"))
        changed += _editor_settings(folder / ".vscode" / "settings.json")
    except OSError as exc:
        raise BriefgenError(f"{exc.filename or folder}: cannot write: {exc.strerror or exc}") from exc
    return InitResult(project_file, tuple(changed))


_HEADER = """\
# briefgen's settings for this project. Every briefgen command run in this folder, or any folder
# below it, finds this file (as git finds its repository). Paths are relative to this folder;
# a command-line option overrides its setting; 'briefgen config' prints the settings in force.
"""


def settings_text() -> str:
    """Return every project setting, each under a comment saying what it is; those with no default commented out."""
    lines: list[str] = []
    for setting in SETTINGS:
        lines.append(f"# {setting.description}")
        if setting.default is None:
            lines.append(f'# {setting.name} = "{setting.example}"')
        elif isinstance(setting.default, bool):
            lines.append(f"{setting.name} = {'true' if setting.default else 'false'}")
        else:
            lines.append(f'{setting.name} = "{setting.default}"')
        lines.append("")
    return "\n".join(lines)


def _ignore_output(gitignore: Path) -> list[tuple[Path, str]]:
    text = gitignore.read_text(encoding="utf-8") if gitignore.is_file() else ""
    if any(line.strip() in ("output/", "/output/", "output", "/output") for line in text.splitlines()):
        return []
    separator = "" if not text or text.endswith("\n") else "\n"
    gitignore.write_text(f"{text}{separator}output/\n", encoding="utf-8")
    return [(gitignore, "output/ added")]


def _editor_settings(path: Path) -> list[tuple[Path, str]]:
    """Map the schema to the specs in VS Code's settings, keeping the user's other settings."""
    settings: dict[str, object] = {}
    if path.is_file():
        try:
            settings = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            # VS Code allows comments there; rather than lose them, say what to add.
            return [(path, f'not changed (not plain JSON): add "yaml.schemas": {json.dumps(_schemas())}')]
        if not isinstance(settings, dict):
            return [(path, "not changed (not a JSON object)")]
    schemas = settings.get("yaml.schemas")
    settings["yaml.schemas"] = {**(schemas if isinstance(schemas, dict) else {}), **_schemas()}
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")
    return [(path, "yaml.schemas set")]


def _schemas() -> dict[str, list[str]]:
    return {f"./{SCHEMA_FILE.as_posix()}": _SCHEMA_GLOBS}
