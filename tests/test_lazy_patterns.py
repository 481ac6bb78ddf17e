"""Patterns compiled when first used: the same matches, and ReportLab's 19 ms URI pattern left for when it is used."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.lazy_patterns import CompiledWhenUsed, compiled_when_used
from conftest import REPO, SEED_SPEC

URL = r"(?:https?://)?[\w.-]+\.[a-z]{2,}"


def test_a_chosen_pattern_compiles_at_its_first_use_and_matches_as_the_real_one() -> None:
    with compiled_when_used(lambda pattern: pattern == URL):
        deferred = re.compile(URL, re.IGNORECASE)
        other = re.compile(r"\d+")
    assert isinstance(deferred, CompiledWhenUsed)
    assert vars(deferred)["_compiled"] is None
    assert isinstance(other, re.Pattern)
    real = re.compile(URL, re.IGNORECASE)
    for text in ("HTTPS://Example.ORG/x", "example.org", "not a url", ""):
        assert bool(deferred.match(text)) == bool(real.match(text))
        assert deferred.findall(text) == real.findall(text)
    assert deferred.flags == re.IGNORECASE
    assert vars(deferred)["_compiled"].pattern == URL


def test_re_compile_is_itself_again_after_the_block_even_when_it_raises() -> None:
    compile_before = re.compile
    seen = []

    def compile_in_the_block() -> None:
        with compiled_when_used(lambda _: True):
            seen.append(re.compile)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        compile_in_the_block()
    assert seen[0] is not compile_before
    assert re.compile is compile_before


# Prints the type of ReportLab's URI pattern once a brief has been set (or a worker warmed up) by that way in.
_URI_PATTERN_AFTER = """
import sys
try:
    {setup}
except SystemExit:
    pass
paragraph = sys.modules["reportlab.platypus.paragraph"]
print(type(paragraph.uri_pat).__name__, paragraph._uri_split_pairs("https://example.org/a/b")[0])
"""


@pytest.mark.parametrize(
    "setup",
    [
        "import briefgen; briefgen.build({seed!r})",
        "from briefgen.batch.worker import warm_up; warm_up()",
        "from briefgen.cli import main; main(['build', {seed!r}, '-o', {out!r}, '--force'])",
        "from briefgen.cli import main; main(['pack', {seed!r}, '--title', 'P', '-o', {pack!r}])",
    ],
    ids=["library", "worker", "build", "pack"],
)
def test_every_way_in_imports_reportlab_through_the_door_without_compiling_its_uri_pattern(
    setup: str, tmp_path: Path
) -> None:
    program = _URI_PATTERN_AFTER.format(
        setup=setup.format(seed=str(SEED_SPEC), out=str(tmp_path / "out"), pack=str(tmp_path / "pack.pdf"))
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "CompiledWhenUsed ('https://example.org/a/', 'b')"
