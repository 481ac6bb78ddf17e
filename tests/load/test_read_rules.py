"""Theme and project files are read as specs are: regular files, bounded, refused at the field naming them.

(issue 21: one rule for every file briefgen reads.)
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from briefgen.errors import SpecError
from briefgen.load.project import find_project
from helpers_hostile import run_briefgen

GOOD = "title: T\nkey_points: [k]\nsections: [{heading: H, body: B}]\n"


def _briefgen(folder: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run briefgen in a child with a time limit: a read that blocks fails the test rather than hanging it."""
    return run_briefgen(folder, *args, env=env)


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_theme_file_on_the_command_line_that_is_no_file_is_refused_unread(tmp_path: Path, kind: str) -> None:
    theme = tmp_path / "house.yaml"
    if kind == "fifo":
        os.mkfifo(theme)
    else:
        theme.symlink_to("/dev/zero")
    (tmp_path / "brief.yaml").write_text(GOOD, encoding="utf-8")
    result = _briefgen(tmp_path, "build", "--theme", str(theme), "-o", "out", "brief.yaml")
    assert result.returncode == 2
    assert "is not a regular file (a folder, pipe or device?)" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_theme_file_over_the_size_limit_is_refused_at_the_spec_field(tmp_path: Path) -> None:
    (tmp_path / "house.yaml").write_text("# a long comment\n" * 40, encoding="utf-8")
    (tmp_path / "brief.yaml").write_text("theme: house.yaml\n" + GOOD, encoding="utf-8")
    result = _briefgen(tmp_path, "check", "brief.yaml", BRIEFGEN_MAX_SPEC_BYTES="600")
    assert result.returncode == 1
    assert (
        result.stderr == "error: brief.yaml:1:8: theme: theme file 'house.yaml' is 680 bytes, over the limit of 600\n"
    )


def test_a_project_file_over_its_limit_is_refused_not_read_whole(tmp_path: Path) -> None:
    (tmp_path / "briefgen.toml").write_text("# " + "x" * (1024 * 1024) + "\n", encoding="utf-8")
    with pytest.raises(SpecError, match=r"the project file is over 1,048,576 bytes"):
        find_project(tmp_path)
