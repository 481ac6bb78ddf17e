"""One corpus of specs judged twice, by the loader and by check-jsonschema: they must agree on every case.

``schema_corpus/valid`` holds specs both accept, ``invalid`` specs both
reject (each names, on its first line, the field the loader reports), and
``beyond_schema`` what only the loader can judge (files on disk,
cross-references, lengths that must match), each saying why. check-jsonschema
reads YAML as editors do (YAML 1.2) and uses ECMA-262 regular expressions.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.errors import SpecError
from briefgen.load.spec import json_schema_text, parse_spec

CORPUS = Path(__file__).parent / "schema_corpus"
REPO = Path(__file__).parents[2]


def _cases(folder: str) -> list[Path]:
    return sorted(p for p in (CORPUS / folder).glob("*.yaml") if not p.name.endswith(".theme.yaml"))


def _check_jsonschema(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", *args], capture_output=True, text=True, check=False, timeout=120
    )


@pytest.fixture(scope="module")
def schema_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("schema") / "brief.schema.json"
    path.write_text(json_schema_text(), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def rejected_by_schema(schema_file: Path) -> set[Path]:
    """Every corpus file check-jsonschema rejects, from one run over all of them."""
    files = [str(p) for folder in ("valid", "invalid", "beyond_schema") for p in _cases(folder)]
    result = _check_jsonschema("--schemafile", str(schema_file), "-o", "json", *files)
    report = json.loads(result.stdout)
    return {Path(error["filename"]) for error in report.get("errors", []) + report.get("parse_errors", [])}


def _loader_problems(case: Path) -> list[str] | None:
    """Return the fields the loader reports, or None if it accepts the spec."""
    try:
        parse_spec(case.read_bytes(), case)
    except SpecError as exc:
        return [problem.field for problem in exc.problems]
    return None


def _expected_field(case: Path) -> str:
    first = case.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# rejects:"), f"{case.name}: the first line names the field the loader reports"
    return first.removeprefix("# rejects:").strip()


@pytest.mark.parametrize("case", _cases("valid"), ids=lambda p: p.stem)
def test_valid_spec_is_accepted_by_loader_and_schema(case: Path, rejected_by_schema: set[Path]) -> None:
    assert _loader_problems(case) is None
    assert case not in rejected_by_schema


@pytest.mark.parametrize("case", _cases("invalid"), ids=lambda p: p.stem)
def test_invalid_spec_is_rejected_by_loader_and_schema(case: Path, rejected_by_schema: set[Path]) -> None:
    problems = _loader_problems(case)
    assert problems is not None, "the loader accepts it"
    assert _expected_field(case) in problems
    assert case in rejected_by_schema, "the schema accepts it"


@pytest.mark.parametrize("case", _cases("beyond_schema"), ids=lambda p: p.stem)
def test_what_only_the_loader_can_judge_is_said_so(case: Path, rejected_by_schema: set[Path]) -> None:
    problems = _loader_problems(case)
    assert problems is not None
    assert _expected_field(case) in problems
    assert case not in rejected_by_schema, "the schema judges it after all: move it to invalid/"


def test_schema_is_valid_for_check_jsonschema(schema_file: Path) -> None:
    result = _check_jsonschema("--check-metaschema", str(schema_file))
    assert result.returncode == 0, result.stdout + result.stderr


def test_example_specs_validate_with_check_jsonschema() -> None:
    specs = sorted(str(p) for p in (REPO / "specs").glob("*.yaml"))
    result = _check_jsonschema("--schemafile", str(REPO / "schema" / "brief.schema.json"), *specs)
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_uses_no_inline_regex_flags() -> None:
    # ECMA-262, which validators and editors use, has no (?i) or (?x): one would make the whole schema unusable.
    assert "(?" not in json_schema_text().replace("(?!", "").replace("(?=", "").replace("(?:", "")
