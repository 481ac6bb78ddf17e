"""briefgen new, schema and check --format: writing a spec with the tool's help."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from briefgen.authoring.scaffold import scaffold_text
from briefgen.cli import main
from briefgen.errors import SpecError
from briefgen.load.spec import BRIEF, json_schema, json_schema_text, load_spec, parse_spec
from conftest import REPO, SEED_SPEC, minimal_spec

SCHEMA_FILE = REPO / "schema" / "brief.schema.json"


def _run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _placeholder_problems(path: Path) -> list[str]:
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    return [p.describe(path) for p in caught.value.problems]


# --- placeholders -----------------------------------------------------------------------------


def test_todo_value_is_reported_as_a_placeholder(write_spec: Callable[..., Path]) -> None:
    sections = [{"heading": "TODO: name this section", "body": "Text."}]
    path = write_spec(sections=sections)
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    (problem,) = caught.value.problems
    assert problem.field == "sections[0].heading"
    assert problem.message == "still a placeholder (TODO: name this section); replace it"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"key_points": ["TODO write the key points"]}, "key_points[0]"),
        ({"title": "  TODO"}, "title"),
        ({"date": "TODO: YYYY-MM-DD"}, "date"),
        ({"references": [{"title": "A source", "url": "TODO: https://..."}]}, "references[0].url"),
        ({"sections": [{"heading": "H", "body": "TODO: write it.\n\nSecond paragraph."}]}, "sections[0].body"),
    ],
)
def test_placeholders_are_found_in_every_kind_of_field(
    write_spec: Callable[..., Path], overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(SpecError) as caught:
        load_spec(write_spec(**overrides))
    assert [(p.field, p.message.startswith("still a placeholder (TODO")) for p in caught.value.problems] == [
        (field, True)
    ]


@pytest.mark.parametrize("text", ["TODOS are fine", "Todo list", "The TODO is in the middle", "TODOist"])
def test_text_that_merely_contains_todo_is_not_a_placeholder(write_spec: Callable[..., Path], text: str) -> None:
    brief = load_spec(write_spec(title=text))
    assert brief.title == text


# --- briefgen new -----------------------------------------------------------------------------


def test_new_writes_every_field_of_the_format(tmp_path: Path) -> None:
    result = _run("new", "my-brief", "--dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    path = tmp_path / "my-brief.yaml"
    assert result.output.startswith(f"wrote {path}")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert list(data) == [f.name for f in BRIEF.fields]
    assert set(data["sections"][0]) == {"heading", "body"}
    assert set(data["references"][0]) == {"title", "publisher", "url", "date"}


def test_new_spec_fails_check_only_on_its_placeholders(tmp_path: Path) -> None:
    _run("new", "draft", "--dir", str(tmp_path))
    path = tmp_path / "draft.yaml"
    result = _run("check", str(path))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) > 5
    for line in lines:
        assert line.startswith(f"error: {path}:")
        assert re.search(r": still a placeholder \(TODO.*\); replace it$", line), line
    assert any(line.endswith(": title: still a placeholder (TODO: the brief's title); replace it") for line in lines)


def test_new_spec_builds_once_its_placeholders_are_replaced(tmp_path: Path) -> None:
    text = scaffold_text("draft", spec_path=tmp_path / "draft.yaml", today=dt.date(2025, 1, 31))
    filled = text.replace("TODO: https://...", "https://example.org/source").replace("TODO: YYYY-MM-DD", "2024-06-19")
    filled = filled.replace("TODO: ", "Filled in: ")
    assert not [line for line in filled.splitlines() if "TODO" in line and not line.lstrip().startswith("#")]
    brief = parse_spec(filled.encode(), "draft.yaml")
    assert brief.date == dt.date(2025, 1, 31)
    assert brief.title == "Filled in: the brief's title"
    assert brief.references[0].url == "https://example.org/source"
    assert brief.lang == "en"


def test_new_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("title: my work\n", encoding="utf-8")
    result = _run("new", "mine", "--dir", str(tmp_path))
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert "--force" in result.output
    assert path.read_text(encoding="utf-8") == "title: my work\n"
    assert _run("new", "mine", "--dir", str(tmp_path), "--force").exit_code == 0
    assert "title:" in path.read_text(encoding="utf-8")
    assert "my work" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["../escape", "sub/dir", ".hidden", ""])
def test_new_refuses_names_that_are_not_plain_file_names(tmp_path: Path, name: str) -> None:
    result = CliRunner().invoke(main, ["new", name, "--dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "not a plain file name" in result.output
    assert list(tmp_path.iterdir()) == []


def test_new_points_the_editor_at_the_schema_when_the_project_ships_it(tmp_path: Path) -> None:
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "brief.schema.json").write_text(json_schema_text(), encoding="utf-8")
    text = scaffold_text("x", spec_path=tmp_path / "specs" / "x.yaml")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../schema/brief.schema.json"
    beside = scaffold_text("x", spec_path=tmp_path / "x.yaml").splitlines()[0]
    assert beside == "# yaml-language-server: $schema=schema/brief.schema.json"
    lost = scaffold_text("x", spec_path=Path("/") / "nowhere" / "x.yaml")
    assert "briefgen schema -o /nowhere/brief.schema.json" in lost.splitlines()[0]
    assert "$schema=brief.schema.json" in lost.splitlines()[1]


# --- briefgen schema --------------------------------------------------------------------------


def test_shipped_schema_matches_the_code() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == json_schema_text(), "schema is stale: run `make schema`"


def test_schema_command_prints_the_schema() -> None:
    result = _run("schema")
    assert result.exit_code == 0
    assert json.loads(result.output) == json_schema()


def test_schema_command_writes_a_file(tmp_path: Path) -> None:
    target = tmp_path / "s" / "brief.schema.json"
    assert _run("schema", "-o", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8") == json_schema_text()


def _described(schema: dict[str, Any], path: str = "") -> list[str]:
    """Return the paths of properties without a description, however deeply nested."""
    missing = []
    for name, prop in schema.get("properties", {}).items():
        if not prop.get("description"):
            missing.append(f"{path}{name}")
        items = prop.get("items", {})
        missing += _described(prop, f"{path}{name}.") + _described(items, f"{path}{name}[].")
    return missing


def test_every_field_in_the_schema_has_a_description() -> None:
    schema = json_schema()
    assert _described(schema) == []
    assert schema["description"]
    assert schema["properties"]["sections"]["items"]["description"]
    assert schema["properties"]["references"]["items"]["description"]


def _as_json(data: Any) -> Any:
    return json.loads(json.dumps(data, default=lambda value: value.isoformat()))


def test_seed_spec_is_valid_under_the_schema() -> None:
    validator = jsonschema.Draft202012Validator(json_schema(), format_checker=jsonschema.FormatChecker())
    data = _as_json(yaml.safe_load(SEED_SPEC.read_text(encoding="utf-8")))
    assert list(validator.iter_errors(data)) == []


@pytest.mark.parametrize(
    ("overrides", "where"),
    [
        ({"titel": "typo"}, []),
        ({"key_points": []}, ["key_points"]),
        ({"key_points": ["TODO: write them"]}, ["key_points", 0]),
        ({"lang": "en_GB"}, ["lang"]),
        ({"sections": [{"heading": "H"}]}, ["sections", 0]),
    ],
)
def test_schema_rejects_what_the_loader_rejects(overrides: dict[str, Any], where: list[Any]) -> None:
    validator = jsonschema.Draft202012Validator(json_schema())
    errors = list(validator.iter_errors(minimal_spec(**overrides)))
    assert [list(e.absolute_path) for e in errors] == [where]


# --- briefgen check --format ------------------------------------------------------------------

_BROKEN = """\
title: A Brief
key_points: The one point.
sections:
  - heading: Only
    body: Text with a [bad link](ftp://example.org).
  - heding: Typo
    body: More.
"""


def test_check_reports_every_problem_at_once_as_file_line_col(write_spec: Callable[..., Path]) -> None:
    path = write_spec(_BROKEN)
    result = _run("check", str(path))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"error: {path}:2:13: key_points: expected a list, got text (start each item on its own line with '- ')",
        f"error: {path}:5:34: sections[0].body: link 'ftp://example.org' uses 'ftp:'; "
        "only http:, https: and mailto: links are allowed",
        f"error: {path}:6:5: sections[1].heding: unknown field 'heding' (did you mean 'heading'?)",
        f"error: {path}:6:5: sections[1].heading: is required but missing: the section's heading.",
    ]


def test_check_json_lists_problems_for_editors(write_spec: Callable[..., Path]) -> None:
    bad = write_spec(_BROKEN, name="bad.yaml")
    good = write_spec(name="good.yaml")
    result = _run("check", "--format", "json", str(good), str(bad))
    assert result.exit_code == 1
    problems = json.loads(result.output)
    assert len(problems) == 4
    assert problems[0] == {
        "file": str(bad),
        "line": 2,
        "column": 13,
        "path": "key_points",
        "message": "expected a list, got text (start each item on its own line with '- ')",
        "severity": "error",
    }
    assert [p["path"] for p in problems] == [
        "key_points",
        "sections[0].body",
        "sections[1].heding",
        "sections[1].heading",
    ]


def test_check_json_prints_an_empty_list_when_all_is_well(write_spec: Callable[..., Path]) -> None:
    result = _run("check", "--format", "json", str(write_spec()))
    assert result.exit_code == 0
    assert json.loads(result.output) == []


def test_check_text_says_ok_for_a_good_spec() -> None:
    result = _run("check", str(SEED_SPEC))
    assert result.exit_code == 0
    assert result.output == f"ok {SEED_SPEC}\n"
