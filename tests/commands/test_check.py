"""check_sources: every spec and pack file checked, problems located per file, a bug one file's problem."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from briefgen.commands.check import CheckReport, FileCheck, check_sources
from briefgen.errors import Problem
from briefgen.load import spec


def test_a_good_spec_is_ok(write_spec: Callable[..., Path]) -> None:
    good = write_spec()
    report = check_sources([good])
    assert report == CheckReport((FileCheck(good),))
    assert report.ok
    assert report.json_problems() == []


def test_every_problem_of_a_bad_spec_is_located(write_spec: Callable[..., Path]) -> None:
    bad = write_spec("title: T\nkey_point: [a]\nsections: [{heading: H, body: B}]\n", name="bad.yaml")
    (checked,) = check_sources([bad]).files
    assert not checked.ok
    assert checked.message.splitlines() == [
        f"{bad}:1:1: key_points: is required but missing: the brief's main points, shown in the key points box "
        "(at least one).",
        f"{bad}:2:1: key_point: unknown field 'key_point' (did you mean 'key_points'?)",
    ]
    assert [(source, problem.line, problem.column, problem.field) for source, problem in checked.problems] == [
        (bad, 1, 1, "key_points"),
        (bad, 2, 1, "key_point"),
    ]
    assert checked.traceback == ""


def test_folders_are_searched_and_pack_files_come_first(tmp_path: Path, write_spec: Callable[..., Path]) -> None:
    write_spec(name="specs/b.yaml")
    write_spec(name="specs/a.yaml")
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "meeting.yaml").write_text("title: Board\nagenda:\n  - spec: ../specs/a.yaml\n", encoding="utf-8")
    seen: list[Path] = []
    report = check_sources([tmp_path / "specs", packs], on_checked=lambda checked: seen.append(checked.source))
    assert seen == [packs / "meeting.yaml", tmp_path / "specs" / "a.yaml", tmp_path / "specs" / "b.yaml"]
    assert [checked.source for checked in report.files] == seen
    assert report.ok


def test_a_pack_files_problems_name_the_agenda_item_then_the_spec(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("title: Broken\nkey_points: [a]\nsectons: []\n", encoding="utf-8")
    pack = tmp_path / "council.yaml"
    pack.write_text("title: Council\nagenda:\n  - spec: broken.yaml\n", encoding="utf-8")
    report = check_sources([pack])
    assert not report.ok
    assert [(p["file"], p["line"], p["path"]) for p in report.json_problems()] == [
        (str(pack), 3, "agenda[0].spec"),
        (str(broken), 1, "sections"),
        (str(broken), 3, "sectons"),
    ]
    assert report.files[0].message.splitlines()[0] == (
        f"{pack}:3:11: agenda[0].spec: Item 1: the spec {broken} has errors:"
    )


def test_a_theme_file_the_spec_names_is_checked_too(tmp_path: Path, write_spec: Callable[..., Path]) -> None:
    (tmp_path / "house.yaml").write_text("colours:\n  accent: red\n", encoding="utf-8")
    path = write_spec(theme="house.yaml")
    (checked,) = check_sources([path]).files
    assert "house.yaml:2:11: colours.accent: expected a colour written #rrggbb" in checked.message


def _explode(*args: object, **kwargs: object) -> None:
    raise ZeroDivisionError("a bug in briefgen")


def test_a_bug_is_one_files_problem_and_the_others_are_still_checked(
    write_spec: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = write_spec(name="a.yaml"), write_spec(name="b.yaml")
    monkeypatch.setattr(spec, "load_parsed_spec", _explode)
    report = check_sources([first, second])
    assert [checked.source for checked in report.files] == [first, second]
    message = (
        f"{first}: internal error while checking (ZeroDivisionError: a bug in briefgen); "
        "please report it, with the output of `briefgen --debug`"
    )
    assert report.files[0].message == message
    assert report.files[0].problems == ((first, Problem(1, 1, "", message)),)
    assert report.files[0].traceback == ""  # no traceback unless debugging
    assert report.json_problems()[0]["message"] == message


def test_a_bug_keeps_its_traceback_when_debugging(
    write_spec: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(spec, "load_parsed_spec", _explode)
    (checked,) = check_sources([write_spec()], debug=True).files
    assert checked.traceback.startswith("Traceback (most recent call last):")
    assert checked.traceback.rstrip().endswith("ZeroDivisionError: a bug in briefgen")


def test_files_outside_the_specs_folder_are_refused_unless_allowed(tmp_path: Path) -> None:
    (tmp_path / "house.yaml").write_text("colours:\n  accent: '#123456'\n", encoding="utf-8")
    path = tmp_path / "team" / "brief.yaml"
    path.parent.mkdir()
    path.write_text("title: T\nkey_points: [a]\nsections: [{heading: H, body: B}]\ntheme: ../house.yaml\n")
    refused = check_sources([path])
    assert "is outside the folders a spec may use" in refused.files[0].message
    assert check_sources([path], allow_outside_files=True).ok
