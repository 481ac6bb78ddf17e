"""The command line: arguments, output, and exit status (0 built, 1 some failed, 2 usage)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.cli import main
from briefgen.version import __version__
from conftest import SEED_SPEC


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"briefgen {__version__}\n"


@pytest.mark.parametrize("command", [[], ["build"], ["check"]])
def test_every_command_has_help(runner: CliRunner, command: list[str]) -> None:
    result = runner.invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_build_with_no_arguments_builds_specs_folder(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("specs").mkdir()
    Path("specs/seed.yaml").write_bytes(SEED_SPEC.read_bytes())
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    assert Path("output/seed.pdf").read_bytes().startswith(b"%PDF-")
    assert "built output/seed.pdf" in result.output


def test_build_without_specs_folder_is_a_usage_error(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 2
    assert "no specs/ folder here" in result.output


def test_bad_spec_fails_with_one_line_per_problem_and_others_still_build(
    runner: CliRunner, tmp_path: Path, write_spec: Callable[..., Path]
) -> None:
    bad = write_spec("title: T\nkey_point: [a]\nsections: [{heading: H, body: B}]\n", name="bad.yaml")
    good = write_spec(name="good.yaml")
    result = runner.invoke(main, ["build", str(bad), str(good), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"error: {bad}:1:1: key_points: is required but missing" in result.output
    assert f"error: {bad}:2:1: key_point: unknown field 'key_point' (did you mean 'key_points'?)" in result.output
    assert "Traceback" not in result.output
    assert (tmp_path / "out" / "good.pdf").exists()
    assert not (tmp_path / "out" / "bad.pdf").exists()


def test_check_validates_without_writing(runner: CliRunner, tmp_path: Path, write_spec: Callable[..., Path]) -> None:
    good = write_spec(name="good.yaml")
    result = runner.invoke(main, ["check", str(good)])
    assert result.exit_code == 0
    assert result.output == f"ok {good}\n"
    bad = write_spec("title: T\ndate: soon\n", name="bad.yaml")
    result = runner.invoke(main, ["check", str(bad)])
    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith(f"{bad}:1:1: key_points: is required but missing")
    assert not list(tmp_path.glob("**/*.pdf"))


def test_usage_errors_exit_2(runner: CliRunner) -> None:
    assert runner.invoke(main, ["build", "--page-size", "a5"]).exit_code == 2
    assert runner.invoke(main, ["build", "no-such-file.yaml"]).exit_code == 2
    assert runner.invoke(main, ["frobnicate"]).exit_code == 2


def test_console_script_runs_without_traceback(tmp_path: Path, write_spec: Callable[..., Path]) -> None:
    bad = write_spec("title: [unclosed\n", name="bad.yaml")
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    completed = subprocess.run(
        [sys.executable, "-m", "briefgen", "build", str(bad), "-o", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert completed.returncode == 1
    assert "Traceback" not in completed.stderr
    assert f"error: {bad}:2:1: YAML syntax error" in completed.stderr
