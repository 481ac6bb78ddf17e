"""A project from the command line: init, config, settings found from below, -o FILE and -, -q and -v, --open."""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path

import pypdf
import pytest
import yaml
from click.testing import CliRunner, Result

from briefgen.cli import main
from conftest import minimal_spec, pdf_text


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project made by `briefgen init`, the working folder."""
    monkeypatch.chdir(tmp_path)
    result = _run("init")
    assert result.exit_code == 0, result.output
    return tmp_path


def _spec(folder: Path, name: str, **fields: object) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(minimal_spec(**fields), sort_keys=False), encoding="utf-8")
    return path


# --- init ------------------------------------------------------------------------------------------------------------


def test_init_makes_a_project_whose_example_builds(project: Path) -> None:
    for made in ("briefgen.toml", "specs/example.yaml", "schema/brief.schema.json", ".vscode/settings.json"):
        assert (project / made).is_file(), made
    assert (project / "assets").is_dir()
    assert "output/" in (project / ".gitignore").read_text(encoding="utf-8").splitlines()
    settings = json.loads((project / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    globs = settings["yaml.schemas"]["./schema/brief.schema.json"]
    assert "specs/**/*.yaml" in globs
    assert "!specs/**/*.theme.yaml" in globs
    built = _run("build")
    assert built.exit_code == 0, built.output
    assert "An Example Brief" in pdf_text(project / "output" / "example.pdf")


def test_init_writes_a_modeline_that_resolves_from_the_specs_folder(project: Path) -> None:
    first = (project / "specs" / "example.yaml").read_text(encoding="utf-8").splitlines()[0]
    relative = first.removeprefix("# yaml-language-server: $schema=")
    assert (project / "specs" / relative).resolve() == (project / "schema" / "brief.schema.json").resolve()


def test_init_comments_every_setting(project: Path) -> None:
    text = (project / "briefgen.toml").read_text(encoding="utf-8")
    for key in ("output_dir", "specs_dir", "assets_dir", "theme", "page_size", "lang", "allow_outside_files"):
        assert f"{key} = " in text, key
    assert '# page_size = "a4"' in text


def test_init_refuses_a_folder_with_a_project_and_changes_nothing(project: Path) -> None:
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    refused = _run("init")
    assert refused.exit_code == 1
    assert refused.stderr.startswith("error: briefgen.toml already holds a briefgen project; use --force")
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before


def test_init_force_writes_the_settings_again_but_keeps_a_spec_you_edited(project: Path) -> None:
    (project / "briefgen.toml").write_text('page_size = "letter"\n', encoding="utf-8")
    (project / "specs" / "example.yaml").write_text("title: Mine\n", encoding="utf-8")
    assert _run("init", "--force").exit_code == 0
    assert 'page_size = "letter"' not in (project / "briefgen.toml").read_text(encoding="utf-8")
    assert (project / "specs" / "example.yaml").read_text(encoding="utf-8") == "title: Mine\n"


def test_init_adds_a_table_to_an_existing_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "mine"\n', encoding="utf-8")
    (tmp_path / ".gitignore").write_text("*.pyc", encoding="utf-8")
    assert _run("init", str(tmp_path)).exit_code == 0
    text = (tmp_path / "pyproject.toml").read_text(encoding="utf-8")
    assert text.startswith('[project]\nname = "mine"\n')
    assert "\n[tool.briefgen]\n" in text
    assert not (tmp_path / "briefgen.toml").exists()
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == "*.pyc\noutput/\n"
    assert _run("init", str(tmp_path)).exit_code == 1


# --- the project's settings -----------------------------------------------------------------------------------------


def test_config_prints_each_setting_and_where_it_came_from(project: Path) -> None:
    (project / "briefgen.toml").write_text('# pdfs here\noutput_dir = "pdfs"\n', encoding="utf-8")
    lines = _run("config").output.splitlines()
    assert lines[0] == f"project file: {project / 'briefgen.toml'}"
    assert any(line.split()[:2] == ["output_dir", "pdfs"] and line.endswith("briefgen.toml:2)") for line in lines)
    assert any(line.startswith("page_size") and line.endswith("(default)") for line in lines)


def test_commands_find_the_project_from_a_folder_below(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "briefgen.toml").write_text('output_dir = "pdfs"\npage_size = "letter"\n', encoding="utf-8")
    monkeypatch.chdir(project / "specs")
    result = _run("build", "-q")
    assert result.exit_code == 0, result.output
    page = pypdf.PdfReader(project / "pdfs" / "example.pdf").pages[0]
    assert round(float(page.mediabox.width)) == 612
    assert not (project / "specs" / "output").exists()


def test_a_flag_overrides_the_project_file(project: Path) -> None:
    (project / "briefgen.toml").write_text('page_size = "letter"\n', encoding="utf-8")
    assert _run("build", "-q", "--page-size", "a4").exit_code == 0
    assert round(float(pypdf.PdfReader(project / "output" / "example.pdf").pages[0].mediabox.width)) == 595


def test_a_malformed_project_file_is_one_located_error_and_builds_nothing(project: Path) -> None:
    (project / "briefgen.toml").write_text('output_dir = "pdfs"\npage_size = a4\n', encoding="utf-8")
    result = _run("build")
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {project / 'briefgen.toml'}:2:13: page_size: not valid TOML: Invalid value; "
        'text goes in quotes: page_size = "a4"\n'
    )
    assert not (project / "output").exists()
    assert not (project / "pdfs").exists()


def test_project_assets_are_found_from_specs_anywhere_in_the_project(project: Path) -> None:
    dot = Path(__file__).parent / "load" / "schema_corpus" / "valid" / "dot.png"
    (project / "assets" / "logo.png").write_bytes(dot.read_bytes())
    figure = {"type": "figure", "image": "logo.png", "alt": "A dot."}
    _spec(project / "specs" / "deep", "fig.yaml", sections=[{"heading": "H", "blocks": [figure]}])
    result = _run("build", "-q", "specs/deep/fig.yaml")
    assert result.exit_code == 0, result.output


def test_new_in_a_project_points_at_its_schema_and_leaves_its_defaults(project: Path) -> None:
    (project / "schema" / "brief.schema.json").unlink()
    (project / "briefgen.toml").write_text('lang = "en-GB"\n', encoding="utf-8")
    (project / "specs" / "sub").mkdir()
    assert _run("new", "note", "-d", "specs/sub").exit_code == 0
    text = (project / "specs" / "sub" / "note.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../../schema/brief.schema.json"
    assert (project / "schema" / "brief.schema.json").is_file()
    assert "\n# lang: en\n" in text
    assert "The project's lang (en-GB) applies" in text


# --- output where you say ---------------------------------------------------------------------------------------------


def test_o_file_pdf_writes_that_file(project: Path) -> None:
    result = _run("build", "specs/example.yaml", "-o", "brief.pdf")
    assert result.exit_code == 0, result.output
    assert (project / "brief.pdf").is_file()
    assert "An Example Brief" in pdf_text(project / "brief.pdf")
    assert result.stdout.startswith("built brief.pdf (")


def test_o_dash_writes_the_pdf_to_standard_output(project: Path) -> None:
    result = _run("build", "specs/example.yaml", "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(b"%PDF-")
    assert result.stdout_bytes.rstrip().endswith(b"%%EOF")
    assert result.stderr.startswith("built standard output (")


@pytest.mark.parametrize("sources", [["specs/example.yaml", "specs/other.yaml"], ["specs"]])
def test_o_file_with_more_than_one_spec_is_a_usage_error(project: Path, sources: list[str]) -> None:
    _spec(project / "specs", "other.yaml")
    result = _run("build", *sources, "-o", "x.pdf")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: -o x.pdf writes one PDF, but ")
    assert not (project / "x.pdf").exists()
    assert not (project / "output").exists()


def test_o_folder_still_means_a_folder(project: Path) -> None:
    assert _run("build", "-q", "-o", "pdfs").exit_code == 0
    assert (project / "pdfs" / "example.pdf").is_file()


# --- quiet and verbose ------------------------------------------------------------------------------------------------


def _broken(project: Path, name: str) -> None:
    (project / "specs" / name).write_text("title: [broken\n", encoding="utf-8")


def test_quiet_prints_only_failures_and_the_summary_in_path_order(project: Path) -> None:
    for name in ("c.yaml", "a.yaml", "b.yaml"):
        _broken(project, name)
    result = _run("build", "-q", "--jobs", "2")
    assert result.exit_code == 1
    assert result.stdout == ""
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert [line.split(":")[1].strip() for line in errors] == ["specs/a.yaml", "specs/b.yaml", "specs/c.yaml"]
    failed = result.stderr.split("Failed:\n", 1)[1].splitlines()
    assert [line.split(":")[0].strip() for line in failed] == ["specs/a.yaml", "specs/b.yaml", "specs/c.yaml"]
    assert "1 built, 0 up to date, 3 failed" in result.stderr


def test_quiet_when_all_is_up_to_date_prints_one_line(project: Path) -> None:
    assert _run("build", "-q").exit_code == 0
    again = _run("build", "-q")
    assert again.stdout == ""
    assert again.stderr.startswith("0 built, 1 up to date, 0 failed in ")


def test_verbose_gives_each_spec_its_time_and_reason(project: Path) -> None:
    first = _run("build", "-v").stdout
    assert first.startswith("built output/example.pdf (")
    assert "s; new)" in first
    assert " ms)" in _run("build", "-v").stdout


def test_check_quiet_prints_only_problems(project: Path) -> None:
    _broken(project, "bad.yaml")
    result = _run("check", "-q")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("error: specs/bad.yaml:")


# --- watch --open -----------------------------------------------------------------------------------------------------


def test_open_each_once_runs_the_system_viewer_once_per_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefgen.authoring.viewer import open_each_once

    calls = tmp_path / "calls.txt"
    fake = tmp_path / "bin" / "xdg-open"
    fake.parent.mkdir()
    fake.write_text(f'#!/bin/sh\necho "$@" >> {calls}\n', encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr("sys.platform", "linux")
    said: list[str] = []
    on_built = open_each_once(said.append)
    pdf = tmp_path / "brief.pdf"
    for _ in range(3):  # the first build and two rebuilds
        on_built(pdf)
    deadline = time.monotonic() + 10
    while not calls.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)
    assert calls.read_text(encoding="utf-8").splitlines() == [str(pdf)]
    assert said == []


def test_open_says_so_when_there_is_no_viewer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefgen.authoring.viewer import open_each_once, opener_command

    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr("sys.platform", "linux")
    said: list[str] = []
    open_each_once(said.append)(tmp_path / "b.pdf")
    assert said == [f"warning: cannot open {tmp_path / 'b.pdf'}: 'xdg-open' is not installed; open it yourself"]
    assert opener_command(Path("b.pdf"), "darwin") == ["open", "b.pdf"]
    assert opener_command(Path("b.pdf"), "win32") == ["cmd", "/c", "start", "", "b.pdf"]


# --- packs and check in a project -------------------------------------------------------------------------------------


def _fonts(pdf: Path) -> set[str]:
    found: set[str] = set()
    for page in pypdf.PdfReader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            found.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return found


def test_a_pack_takes_the_projects_theme_paper_and_language(project: Path) -> None:
    (project / "briefgen.toml").write_text('theme = "modern"\npage_size = "letter"\nlang = "de"\n', encoding="utf-8")
    _spec(project / "specs", "own.yaml", title="Its Own Theme", theme="print")
    result = _run("pack", "specs/example.yaml", "specs/own.yaml", "--title", "Sitzung", "-o", "pack.pdf")
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(project / "pack.pdf")
    assert {round(float(page.mediabox.width)) for page in reader.pages} == {612}
    text = pdf_text(project / "pack.pdf")
    assert "Kernaussagen" in text  # the briefs, which give no lang, are German
    assert "PUNKT 1 An Example Brief" in text  # and so is the agenda's default label
    alone = _run("build", "-q", "specs/example.yaml", "-o", "alone.pdf")
    assert alone.exit_code == 0, alone.output
    assert _fonts(project / "alone.pdf") <= _fonts(project / "pack.pdf")  # the example in the project's theme


def test_the_pack_file_and_the_command_line_still_win_over_the_project(project: Path) -> None:
    (project / "briefgen.toml").write_text('page_size = "letter"\n', encoding="utf-8")
    (project / "packs").mkdir()
    agenda = {"title": "Meeting", "page_size": "a4", "agenda": [{"spec": "../specs/example.yaml"}]}
    (project / "packs" / "meeting.yaml").write_text(yaml.safe_dump(agenda), encoding="utf-8")
    assert _run("build", "-q").exit_code == 0
    width = round(float(pypdf.PdfReader(project / "output" / "meeting.pdf").pages[0].mediabox.width))
    assert width == 595  # the pack file's paper, not the project's
    result = _run("pack", "specs/example.yaml", "--title", "T", "--page-size", "a4", "-o", "flag.pdf")
    assert result.exit_code == 0, result.output
    assert round(float(pypdf.PdfReader(project / "flag.pdf").pages[0].mediabox.width)) == 595


def test_check_uses_the_projects_theme_for_specs_that_name_none(project: Path) -> None:
    (project / "assets" / "broken.theme.yaml").write_text("colours:\n  accent: not-a-colour\n", encoding="utf-8")
    (project / "briefgen.toml").write_text('theme = "assets/broken.theme.yaml"\n', encoding="utf-8")
    result = _run("check", "specs/example.yaml")
    assert result.exit_code == 1
    assert "broken.theme.yaml" in result.output
