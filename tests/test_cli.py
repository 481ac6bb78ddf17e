"""The command line: arguments, output, exit status (0 built, 1 some failed, 2 usage), and errors.

The CLI never shows a traceback unless asked, and one bad spec never stops the others.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen import compose as pipeline
from briefgen.authoring import scaffold
from briefgen.cli import main
from briefgen.commands import check as check_command
from briefgen.load import spec
from briefgen.version import __version__
from conftest import SEED_SPEC


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"briefgen {__version__}\n"


@pytest.mark.parametrize("command", [[], ["build"], ["check"], ["pack"], ["new"], ["import"], ["schema"], ["watch"]])
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
    assert result.output.splitlines()[0].startswith(f"error: {bad}:1:1: key_points: is required but missing")
    assert not list(tmp_path.glob("**/*.pdf"))


def test_usage_errors_exit_2(runner: CliRunner) -> None:
    assert runner.invoke(main, ["build", "--page-size", "a5"]).exit_code == 2
    assert runner.invoke(main, ["build", "no-such-file.yaml"]).exit_code == 2
    assert runner.invoke(main, ["frobnicate"]).exit_code == 2


def test_a_usage_error_is_an_error_line_then_the_usage(runner: CliRunner) -> None:
    result = runner.invoke(main, ["build", "--page-size", "a5"])
    assert result.stderr.splitlines() == [
        "error: Invalid value for '--page-size': 'a5' is not one of 'a4', 'letter'.",
        "Usage: main build [OPTIONS] [SOURCES]...",
        "Try 'main build --help' for help.",
    ]


def test_the_librarys_usage_errors_are_shown_as_clicks(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["new", "../escape"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "error: '../escape' is not a plain file name such as 'my-brief'",
        "Usage: main new [OPTIONS] NAME",
        "Try 'main new --help' for help.",
    ]


def test_briefgen_alone_shows_the_help(runner: CliRunner) -> None:
    result = runner.invoke(main, [])
    assert result.output.startswith("Usage: ")
    assert "error:" not in result.output


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
    assert f"error: {bad}:1:8: YAML syntax error" in completed.stderr


GOOD = "title: Good {n}\nkey_points: [x]\nsections: [{{heading: H, body: B}}]\n"

BROKEN: dict[str, bytes] = {
    "alias-bomb.yaml": (
        b'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
        + b"".join(
            f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n".encode() for p, n in zip("abcdefgh", "bcdefghi", strict=True)
        )
    ),
    "binary.yaml": bytes(range(256)) * 4,
    "control.yaml": b"title: a\x1b[2Jb\n",
    "empty.yaml": b"",
    "latin1.yaml": b"title: caf\xe9\n",
    "list.yaml": b"- a\n- b\n",
    "python.yaml": b"!!python/object/apply:os.system ['echo pwned']\n",
    "syntax.yaml": b"title: [unclosed\nkey_points: {\n",
    "tabs.yaml": b"title:\n\t- x\n",
    "utf16.yaml": "title: T\n".encode("utf-16"),
    "wrong-types.yaml": b"title: {a: b}\ndate: soon\nkey_points: x\nsections: 3\n",
}


@pytest.fixture
def specs(tmp_path: Path) -> Path:
    folder = tmp_path / "specs"
    folder.mkdir()
    for name, data in BROKEN.items():
        (folder / name).write_bytes(data)
    for n in (1, 2):
        (folder / f"good-{n}.yaml").write_text(GOOD.format(n=n))
    return folder


def _error_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def test_build_reports_each_broken_spec_and_builds_the_good_ones(specs: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "-o", str(tmp_path / "out"), str(specs)])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == ["good-1.pdf", "good-2.pdf"]
    errors = [line for line in _error_lines(result.stderr) if line.startswith("error: ")]
    for line in errors:  # every error names file:line:col
        assert re.match(rf"error: {re.escape(str(specs))}/[\w.-]+\.yaml:\d+:\d+: \S", line), line
    failed = {line.removeprefix(f"error: {specs}/").split(":")[0] for line in errors}
    assert failed == set(BROKEN)
    assert any(
        line.startswith(f"2 built, 0 up to date, {len(BROKEN)} failed in ") for line in result.stderr.splitlines()
    )


def test_check_reports_each_broken_spec_and_passes_the_good_ones(specs: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(specs)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stdout.splitlines() == [f"ok {specs / 'good-1.yaml'}", f"ok {specs / 'good-2.yaml'}"]
    errors = _error_lines(result.stderr)
    assert all(line.startswith(f"error: {specs}/") for line in errors), errors
    failed = {line.removeprefix(f"error: {specs}/").split(":")[0] for line in errors}
    assert failed == set(BROKEN)
    assert "\x1b" not in result.output


def test_control_characters_never_reach_the_terminal(specs: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(specs / "control.yaml")])
    assert result.stderr == (
        f"error: {specs / 'control.yaml'}:1:9: contains the control character U+001B, which cannot be printed; "
        "delete it\n"
    )


def _explode(*args: object, **kwargs: object) -> None:
    raise ZeroDivisionError("a bug in briefgen")


def test_internal_error_is_one_clear_line_without_debug(
    specs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "render_spec", _explode)
    good = specs / "good-1.yaml"
    # --jobs 1: the bug is planted in this process.
    result = CliRunner().invoke(main, ["build", "--jobs", "1", "-o", str(tmp_path / "out"), str(good)])
    assert result.exit_code == 1
    message = (
        f"{good}: internal error while building (ZeroDivisionError: a bug in briefgen); "
        "please report it, with the output of `briefgen --debug`"
    )
    assert result.stderr.splitlines() == [
        f"error: {message}",
        result.stderr.splitlines()[1],  # the counts and time
        "Failed:",
        f"  {message}",
    ]
    assert "Traceback" not in result.output


def test_internal_error_shows_a_traceback_with_debug(
    specs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "render_spec", _explode)
    arguments = ["--debug", "build", "--jobs", "1", "-o", str(tmp_path / "out"), str(specs / "good-1.yaml")]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 1
    assert "Traceback (most recent call last):" in result.stderr
    assert 'raise ZeroDivisionError("a bug in briefgen")' in result.stderr
    assert result.stderr.splitlines()[0].startswith("error: ")


def test_internal_error_in_check_is_one_line_or_a_traceback_with_debug(
    specs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(spec, "load_parsed_spec", _explode)
    good = specs / "good-1.yaml"
    quiet = CliRunner().invoke(main, ["check", str(good), str(specs / "good-2.yaml")])
    assert quiet.exit_code == 1
    assert quiet.stderr.splitlines() == [
        f"error: {good}: internal error while checking (ZeroDivisionError: a bug in briefgen); "
        "please report it, with the output of `briefgen --debug`",
        f"error: {specs / 'good-2.yaml'}: internal error while checking (ZeroDivisionError: a bug in briefgen); "
        "please report it, with the output of `briefgen --debug`",
    ]
    loud = CliRunner().invoke(main, ["--debug", "check", str(good)])
    assert loud.exit_code == 1
    assert "Traceback (most recent call last):" in loud.stderr


def test_a_character_no_font_has_is_an_error_in_check_and_build_and_nothing_is_written(tmp_path: Path) -> None:
    path = tmp_path / "thai.yaml"
    path.write_text("title: T\nkey_points: [ไทย 中文]\nsections: [{heading: H, body: B}]\n", encoding="utf-8")
    expected = (
        f"error: {path}:2:14: key_points[0]: no font for 'ไ' U+0E44 (Thai) and 2 more Thai characters; neither the "
        "theme's fonts nor briefgen's own (Latin, Greek, Cyrillic, Arabic, Hebrew, Devanagari, Chinese, Japanese and "
        "Korean) have it: name a font that does such as Noto Sans Thai in the theme's fonts.fallback, or delete it"
    )
    checked = CliRunner().invoke(main, ["check", str(path)])
    assert checked.exit_code == 1
    assert expected in checked.stderr
    built = CliRunner().invoke(main, ["build", "-o", str(tmp_path / "out"), str(path)])
    assert built.exit_code == 1
    assert expected in built.stderr
    assert not (tmp_path / "out" / "thai.pdf").exists()


def test_spec_size_limit_is_configurable(tmp_path: Path) -> None:
    path = tmp_path / "brief.yaml"
    path.write_text(GOOD.format(n=1))
    env = {**os.environ, "BRIEFGEN_MAX_SPEC_BYTES": "20"}
    result = subprocess.run(
        [sys.executable, "-m", "briefgen", "check", str(path)], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 1
    assert result.stderr == (
        f"error: {path}:1:1: the file is {path.stat().st_size} bytes, over the limit of 20 bytes; "
        "a spec is never this big "
        "(set BRIEFGEN_MAX_SPEC_BYTES to raise the limit)\n"
    )


def test_hostile_file_names_are_shown_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "specs"
    folder.mkdir()
    (folder / "red\x1b[31m.yaml").write_text(GOOD.format(n=1))
    (folder / "bad\x1b[2J.yaml").write_text("title: [\n")
    built = CliRunner().invoke(main, ["build", "-o", str(tmp_path / "out"), str(folder)])
    checked = CliRunner().invoke(main, ["check", str(folder)])
    for result in (built, checked):
        assert result.exit_code == 1
        assert "\x1b" not in result.output
    assert f"error: {folder}/bad\\x1b[2J.yaml:2:1: YAML syntax error: " in built.stderr
    assert f"built {tmp_path}/out/red\\x1b[31m.pdf (1 page, " in built.stdout
    assert checked.stdout == f"ok {folder}/red\\x1b[31m.yaml\n"


def test_hostile_pack_names_reach_no_terminal_raw(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "one.yaml").write_text(GOOD.format(n=1))
    (tmp_path / "packs").mkdir()
    pack = tmp_path / "packs" / "red\x1b[31m.yaml"
    pack.write_text("title: Meeting\nagenda:\n  - spec: ../specs/one.yaml\n")
    monkeypatch.chdir(tmp_path)
    # color=True: click keeps escape sequences as a terminal would get them (it strips them for pipes).
    packed = CliRunner().invoke(main, ["pack", str(pack), "-o", "out/red\x1b[31m.pdf"], color=True)
    built = CliRunner().invoke(main, ["build", "-o", "out"], color=True)
    for result in (packed, built):
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.output
    assert "built out/red\\x1b[31m.pdf (pack of 1 brief, " in packed.stdout
    assert "built out/red\\x1b[31m.pdf (pack of 1 brief, " in built.stdout


def test_a_bug_outside_the_files_is_one_line_or_a_traceback_with_debug(
    specs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(check_command, "discover", _explode)
    quiet = CliRunner().invoke(main, ["check", str(specs)])
    assert quiet.exit_code == 1
    assert quiet.stdout == ""
    assert quiet.stderr == (
        "error: internal error while running `briefgen check` (ZeroDivisionError: a bug in briefgen); "
        "please report it, with the output of `briefgen --debug`\n"
    )
    loud = CliRunner().invoke(main, ["--debug", "check", str(specs)])
    assert loud.exit_code == 1
    assert loud.stderr.splitlines()[0] == quiet.stderr.rstrip()
    assert "Traceback (most recent call last):" in loud.stderr
    assert 'raise ZeroDivisionError("a bug in briefgen")' in loud.stderr


def test_a_bug_in_any_command_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scaffold, "scaffold_text", _explode)
    result = CliRunner().invoke(main, ["new", "mine", "--dir", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: internal error while running `briefgen new` (ZeroDivisionError: ")
    assert len(result.stderr.splitlines()) == 1


def _interrupt(*args: object, **kwargs: object) -> None:
    raise KeyboardInterrupt


def test_ctrl_c_exits_130(specs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(check_command, "discover", _interrupt)
    result = CliRunner().invoke(main, ["check", str(specs)])
    assert result.exit_code == 130
    assert result.stderr.strip() == "Aborted!"
