"""The house rules of ARCHITECTURE.md that no linter checks: one door to ReportLab, small modules, lazy imports."""

from __future__ import annotations

import ast
import functools
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

SRC = REPO / "src" / "briefgen"
DOOR = SRC / "reportlab_compat.py"
MAX_MODULE_LINES = 400


def _modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


@functools.cache
def _reportlab_private_names() -> frozenset[str]:
    """Every ``_name`` ReportLab's own source defines or uses: what briefgen must reach only through the door."""
    spec = importlib.util.find_spec("reportlab")
    assert spec is not None
    assert spec.origin is not None
    names: set[str] = set()
    for path in Path(spec.origin).parent.rglob("*.py"):
        names.update(re.findall(r"\b(_[A-Za-z]\w*)", path.read_text(errors="replace")))
    return frozenset(names)


def _names_briefgen_defines() -> set[str]:
    """The private names briefgen's own code defines (functions, classes, attributes it assigns)."""
    defined: set[str] = set()
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.ClassDef):
                defined.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                defined.add(node.attr)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                defined.add(node.id)
    return defined


def test_reportlab_private_names_are_used_only_in_the_door() -> None:
    private = _reportlab_private_names() - _names_briefgen_defines()
    found = []
    for path in _modules():
        if path == DOOR:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr in private and not node.attr.startswith("__"):
                found.append(f"{path.relative_to(REPO)}:{node.lineno}: .{node.attr}")
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("reportlab"):
                found += [
                    f"{path.relative_to(REPO)}:{node.lineno}: import {alias.name}"
                    for alias in node.names
                    if alias.name.startswith("_")
                ]
    assert not found, "ReportLab internals outside reportlab_compat.py:\n" + "\n".join(found)


def test_undocumented_reportlab_modules_are_imported_only_in_the_door() -> None:
    # Modules ReportLab's user guide does not document, whose names carry no underscore.
    undocumented = ("reportlab.lib.rl_accel", "reportlab.platypus.paraparser")
    found = []
    for path in _modules():
        if path == DOOR:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module in undocumented:
                found.append(f"{path.relative_to(REPO)}:{node.lineno}: from {node.module}")
    assert not found, "\n".join(found)


def _briefgen_imports(path: Path) -> set[str]:
    imported = [node.module for node in ast.walk(ast.parse(path.read_text())) if isinstance(node, ast.ImportFrom)]
    return {module for module in imported if module and module.startswith("briefgen")}


def test_pyyaml_is_imported_only_through_yaml_import() -> None:
    # Whichever module imports it first, its reader's unused pattern is then left uncompiled (lazy_patterns).
    direct = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text())):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "yaml":
                names = [node.module or ""]
            if any(name.split(".")[0] == "yaml" for name in names):
                direct.append(str(path.relative_to(SRC)))
    assert direct == ["load/yaml_import.py"]


def test_the_door_imports_nothing_of_briefgen_but_the_deferred_patterns() -> None:
    assert _briefgen_imports(DOOR) <= {"briefgen.lazy_patterns"}
    assert _briefgen_imports(SRC / "lazy_patterns.py") == set()


@pytest.mark.parametrize("path", _modules(), ids=lambda path: str(path.relative_to(SRC)))
def test_no_module_is_longer_than_the_limit(path: Path) -> None:
    lines = len(path.read_text().splitlines())
    assert lines <= MAX_MODULE_LINES, f"{path.relative_to(REPO)} has {lines} lines; split it along a seam"


@pytest.mark.parametrize("path", _modules(), ids=lambda path: str(path.relative_to(SRC)))
def test_every_module_says_what_it_does(path: Path) -> None:
    docstring = ast.get_docstring(ast.parse(path.read_text()))
    assert docstring, f"{path.relative_to(REPO)} has no module docstring"


@pytest.mark.parametrize("package", sorted(p.parent for p in SRC.glob("*/__init__.py")), ids=lambda p: p.name)
def test_every_stage_names_its_input_and_output(package: Path) -> None:
    docstring = ast.get_docstring(ast.parse((package / "__init__.py").read_text())) or ""
    assert "Input" in docstring, f"{package.name}/__init__.py: say what the stage takes in"
    assert "Output" in docstring, f"{package.name}/__init__.py: say what the stage gives out"


# The only handlers that catch everything: the CLI's top-level one (a bug is one line, its traceback with
# --debug), the batch's ``attempt`` (one bad spec never stops the others), and a worker process handing
# what it raised to its parent, which raises it again.
# The top-level handler; the batch's per-spec failure (worker.attempt); and, where tasks run in other
# processes, catching a task's failure to send it back (pool: also a worker that cannot start; cluster: one
# task of a chunk failing alone); and a forked worker's last resort (processes: what escaped it printed before it
# exits, as multiprocessing's children do).
ALLOWED_CATCH_ALLS = {
    "cli/__init__.py": 1,
    "batch/worker.py": 1,
    "batch/pool.py": 2,
    "batch/cluster.py": 1,
    "batch/processes.py": 1,
}


def _catches_everything(caught: ast.expr | None) -> bool:
    if caught is None:
        return True
    if isinstance(caught, ast.Tuple):
        return any(_catches_everything(element) for element in caught.elts)
    return isinstance(caught, ast.Name) and caught.id in ("Exception", "BaseException")


def test_nothing_else_catches_every_exception() -> None:
    found: dict[str, int] = {}
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ExceptHandler) and _catches_everything(node.type):
                name = path.relative_to(SRC).as_posix()
                found[name] = found.get(name, 0) + 1
    assert found == ALLOWED_CATCH_ALLS


_IMPORTED_TOOLKITS = """
import sys
{setup}
print(sorted({{m.split(".")[0] for m in sys.modules}} & {{"reportlab", "svglib", "PIL", "pypdf"}}))
"""


@pytest.mark.parametrize(
    "setup",
    [
        "from click.testing import CliRunner; from briefgen.cli import main; CliRunner().invoke(main, ['--help'])",
        "from click.testing import CliRunner; from briefgen.cli import main; CliRunner().invoke(main, ['--version'])",
        "from click.testing import CliRunner; from briefgen.cli import main; "
        "assert CliRunner().invoke(main, ['check', 'specs']).exit_code == 0",
        "from briefgen.load.theme_file import load_theme; load_theme('print'); load_theme('assets/themes/modern.yaml')",
        "import briefgen",
    ],
    ids=["--help", "--version", "check", "theme file", "import briefgen"],
)
def test_commands_that_draw_nothing_import_no_reportlab(setup: str) -> None:
    code = _IMPORTED_TOOLKITS.format(setup=setup)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


# Extras a module may need, by the top-level module it imports: installed only with that extra.
_EXTRAS = {"cups": "print", "dask": "dask", "distributed": "dask"}


def _requirement_name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _installed_with(names: set[str]) -> set[str]:
    """Return ``names`` and every distribution installing them installs (their requirements, not their extras')."""
    from importlib.metadata import PackageNotFoundError, requires

    found: set[str] = set()
    waiting = list(names)
    while waiting:
        name = waiting.pop()
        if name in found:
            continue
        found.add(name)
        try:
            requirements = requires(name) or []
        except PackageNotFoundError:
            continue
        waiting += [_requirement_name(req) for req in requirements if "extra ==" not in req]
    return found


def test_every_package_briefgen_imports_is_installed_with_it() -> None:
    """A package imported by briefgen but listed only for the tests breaks a user's install (pypdf, for booklets).

    Allowed: what ``pip install briefgen`` installs (its dependencies and theirs: Pillow comes with
    ReportLab, lxml with svglib), and, for the modules of an extra, what that extra installs.
    """
    import tomllib
    from importlib.metadata import packages_distributions

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = _installed_with({_requirement_name(requirement) for requirement in project["dependencies"]})
    extras = {
        name: _installed_with({_requirement_name(requirement) for requirement in requirements})
        for name, requirements in project["optional-dependencies"].items()
    }
    providers = packages_distributions()
    imported: set[str] = set()
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = {name for name in imported - set(sys.stdlib_module_names) if name != "briefgen"}
    missing = []
    for module in sorted(third_party):
        distributions = {name.lower().replace("_", "-") for name in providers.get(module, [module])}
        allowed = runtime | extras.get(_EXTRAS.get(module, ""), set())
        if not distributions & allowed:
            missing.append(f"{module} (from {', '.join(sorted(distributions))})")
    assert missing == [], "imported by src/briefgen but not installed with briefgen (nor with its extra)"
    assert "pypdf" in third_party  # the check sees what it should
