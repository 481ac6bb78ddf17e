"""The project file: found by walking up, read from briefgen.toml or pyproject.toml, every mistake located."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.errors import SpecError
from briefgen.load.project import COMMAND_LINE, DEFAULT, find_project


def _write(folder: Path, text: str, name: str = "briefgen.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_without_a_project_file_the_folder_has_every_default(tmp_path: Path) -> None:
    project = find_project(tmp_path)
    assert project.file is None
    assert project.values["output_dir"] == tmp_path / "output"
    assert project.assets_dir == tmp_path / "assets"
    assert (project.theme, project.page_size, project.lang, project.allow_outside_files) == (None, None, None, False)
    assert set(project.sources.values()) == {DEFAULT}


def test_the_project_file_is_found_from_a_folder_below_it(tmp_path: Path) -> None:
    file = _write(tmp_path, 'output_dir = "pdfs"\npage_size = "letter"\n\nlang = "en-GB"\n')
    project = find_project(tmp_path / "specs" / "deep")
    assert project.root == tmp_path
    assert project.values["output_dir"] == tmp_path / "pdfs"
    assert (project.page_size, project.lang) == ("letter", "en-GB")
    assert project.sources["page_size"] == f"{file}:2"
    assert project.sources["lang"] == f"{file}:4"
    assert project.sources["specs_dir"] == DEFAULT


def test_a_pyproject_table_is_a_project_file(tmp_path: Path) -> None:
    _write(tmp_path, '[project]\nname = "x"\n\n[tool.briefgen]\ntheme = "print"\n', "pyproject.toml")
    project = find_project(tmp_path)
    assert project.file == tmp_path / "pyproject.toml"
    assert project.theme == "print"
    assert project.sources["theme"] == f"{tmp_path / 'pyproject.toml'}:5"


def test_a_pyproject_without_the_table_is_passed_over(tmp_path: Path) -> None:
    _write(tmp_path, 'page_size = "letter"\n')
    _write(tmp_path / "inner", '[project]\nname = "x"\n', "pyproject.toml")
    assert find_project(tmp_path / "inner").file == tmp_path / "briefgen.toml"


def test_command_line_overrides_the_file_and_says_so(tmp_path: Path) -> None:
    _write(tmp_path, 'page_size = "letter"\n')
    project = find_project(tmp_path).with_overrides(page_size="a4", allow_outside_files=None)
    assert project.page_size == "a4"
    assert project.sources["page_size"] == COMMAND_LINE
    assert project.sources["allow_outside_files"] == DEFAULT


def test_a_theme_file_is_found_from_the_project_folder(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "house.theme.yaml").write_text("page_size: letter\n", encoding="utf-8")
    _write(tmp_path, 'theme = "assets/house.theme.yaml"\n')
    assert find_project(tmp_path / "specs").theme == str(tmp_path / "assets" / "house.theme.yaml")


def _problems(tmp_path: Path, text: str, name: str = "briefgen.toml") -> list[str]:
    _write(tmp_path, text, name)
    with pytest.raises(SpecError) as caught:
        find_project(tmp_path)
    return str(caught.value).replace(str(tmp_path) + "/", "").splitlines()


def test_malformed_toml_names_the_line_and_the_key(tmp_path: Path) -> None:
    assert _problems(tmp_path, 'output_dir = "pdfs"\npage_size = a4\n') == [
        'briefgen.toml:2:13: page_size: not valid TOML: Invalid value; text goes in quotes: page_size = "a4"'
    ]


def test_an_unknown_key_gets_a_did_you_mean(tmp_path: Path) -> None:
    assert _problems(tmp_path, '\noutptu_dir = "pdfs"\n') == [
        "briefgen.toml:2:1: outptu_dir: unknown field 'outptu_dir' (did you mean 'output_dir'?)"
    ]


def test_every_bad_value_is_reported_at_its_line(tmp_path: Path) -> None:
    text = 'page_size = "a5"\nlang = "english"\nallow_outside_files = "yes"\ntheme = "prnt"\n'
    assert _problems(tmp_path, text) == [
        "briefgen.toml:1:1: page_size: expected one of a4, letter, got 'a5'",
        "briefgen.toml:2:1: lang: 'english' is not a registered BCP 47 language tag; write the language's tag, 'en'",
        "briefgen.toml:3:1: allow_outside_files: expected true or false, got 'yes'",
        "briefgen.toml:4:1: theme: no built-in theme is called 'prnt' (did you mean 'print'?), or name a .yaml file",
    ]


def test_a_missing_theme_file_is_reported(tmp_path: Path) -> None:
    [problem] = _problems(tmp_path, 'theme = "house.theme.yaml"\n')
    assert problem.startswith("briefgen.toml:1:1: theme: the theme file 'house.theme.yaml' does not exist")


def test_a_bad_key_in_the_pyproject_table_is_located_in_pyproject(tmp_path: Path) -> None:
    assert _problems(tmp_path, '[project]\nname = "x"\n[tool.briefgen]\npage_sise = "a4"\n', "pyproject.toml") == [
        "pyproject.toml:4:1: page_sise: unknown field 'page_sise' (did you mean 'page_size'?)"
    ]


def test_a_table_where_a_setting_goes_is_an_unknown_key(tmp_path: Path) -> None:
    assert _problems(tmp_path, "[output]\ndir = 1\n") == [
        "briefgen.toml:1:1: output: unknown field 'output' (did you mean 'output_dir'?)"
    ]
