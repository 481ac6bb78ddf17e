"""Patterns compiled when first used: the same matches, and two of ReportLab's (21 ms) left for when they are used."""

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
paragraph, textsplit = sys.modules["reportlab.platypus.paragraph"], sys.modules["reportlab.lib.textsplit"]
print(type(paragraph.uri_pat).__name__, paragraph._uri_split_pairs("https://example.org/a/b")[0])
print(type(textsplit.rx).__name__, textsplit.rx.sub(r"<\\1>", "a中b"))
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
    uri, cjk = result.stdout.splitlines()[-2:]
    assert uri == "CompiledWhenUsed ('https://example.org/a/', 'b')"
    assert cjk == "CompiledWhenUsed a<中>b"


# Checks a spec, then reads text with a control character through PyYAML's pure-Python reader.
_YAML_READER_AFTER = """
import sys
from briefgen.cli import main
try:
    main(["check", {seed!r}])
except SystemExit:
    pass
import yaml
print(type(sys.modules["yaml.reader"].Reader.NON_PRINTABLE).__name__)
try:
    yaml.load("a: \\x07", Loader=yaml.SafeLoader)
except yaml.YAMLError as exc:
    print(str(exc).splitlines()[0])
"""


def test_pyyaml_s_printable_check_waits_for_its_first_use_and_still_refuses() -> None:
    program = _YAML_READER_AFTER.format(seed=str(SEED_SPEC))
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert result.returncode == 0, result.stderr
    kind, refusal = result.stdout.splitlines()[-2:]
    assert kind == "CompiledWhenUsed"
    assert refusal == "unacceptable character #x0007: special characters are not allowed"
