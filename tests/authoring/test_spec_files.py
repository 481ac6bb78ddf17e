"""new_spec, import_spec and write_schema: plain names only, never over an existing spec unless forced."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefgen.authoring.spec_files import (
    STANDARD_OUTPUT,
    import_spec,
    new_spec,
    slug,
    spec_file_name,
    write_schema,
)
from briefgen.errors import BriefgenError, UsageError
from briefgen.load.spec import json_schema

ARTICLE = "A Short Article\n\nIts one paragraph says enough.\n\nSource: https://example.org/a\n"


@pytest.mark.parametrize("name", ["../escape", "sub/dir", "back\\slash", ".hidden", "", ".yaml"])
def test_only_plain_names_are_spec_names(name: str) -> None:
    with pytest.raises(UsageError, match="is not a plain file name such as 'my-brief'"):
        spec_file_name(name)


def test_a_spec_name_gets_one_yaml_suffix() -> None:
    assert [spec_file_name(name) for name in ("brief", "brief.yaml", "brief.yml")] == ["brief.yaml"] * 3


def test_an_article_name_becomes_a_spec_name() -> None:
    assert slug("Treaty Article (final)") == "treaty-article-final"
    assert slug("((()))") == "article"


def test_new_spec_refuses_to_replace_a_spec_unless_forced(tmp_path: Path) -> None:
    path = new_spec("mine", tmp_path / "specs")
    assert path == tmp_path / "specs" / "mine.yaml"
    assert "title:" in path.read_text(encoding="utf-8")
    path.write_text("title: my work\n", encoding="utf-8")
    with pytest.raises(BriefgenError, match=r"mine\.yaml already exists; choose another name, or use --force"):
        new_spec("mine", tmp_path / "specs")
    assert path.read_text(encoding="utf-8") == "title: my work\n"
    new_spec("mine", tmp_path / "specs", force=True)
    assert "my work" not in path.read_text(encoding="utf-8")


def test_import_writes_a_draft_named_after_the_article_and_says_what_is_left(tmp_path: Path) -> None:
    article = tmp_path / "My Note (v2).txt"
    article.write_text(ARTICLE, encoding="utf-8")
    imported = import_spec(article, None, specs_dir=tmp_path / "specs")
    assert imported.path == tmp_path / "specs" / "my-note-v2.yaml"
    assert imported.path.read_text(encoding="utf-8") == imported.text
    assert "key_points[0]: still a placeholder" in imported.to_do


def test_import_to_standard_output_writes_nothing(tmp_path: Path) -> None:
    article = tmp_path / "note.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    imported = import_spec(article, STANDARD_OUTPUT, specs_dir=tmp_path / "specs")
    assert imported.path is None
    assert "title: A Short Article" in imported.text
    assert not (tmp_path / "specs").exists()


def test_an_unreadable_article_is_one_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    with pytest.raises(BriefgenError, match=r"folder: is not a regular file \(a folder, pipe or device\?\)"):
        import_spec(folder, STANDARD_OUTPUT, specs_dir=tmp_path)


def test_write_schema_writes_the_json_schema(tmp_path: Path) -> None:
    write_schema(tmp_path / "schema" / "brief.schema.json")
    assert json.loads((tmp_path / "schema" / "brief.schema.json").read_text(encoding="utf-8")) == json_schema()
