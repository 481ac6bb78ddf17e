"""Generated specs and bytes: the only outcomes are a correct PDF or a located SpecError, within bounded resources.

The property tests use hypothesis; the byte fuzz is a seeded mutation loop with a
time budget, so it is repeatable and fits CI.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pypdf
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen import build
from briefgen.cli import main
from briefgen.compose import typeset
from briefgen.errors import SpecError
from briefgen.load.spec import Limits, load_spec, parse_spec
from briefgen.load.theme_file import load_theme
from briefgen.style.font_choice import family_face
from briefgen.style.font_coverage import coverage
from briefgen.style.theme import SERIF
from briefgen.text.scripts import sets_simply
from conftest import SEED_SPEC, pdf_text
from helpers_hostile import BILLION_LAUGHS

MEGABYTE = 1024 * 1024

# --- Strategies: specs that are valid, nearly valid, or nonsense, with any Unicode in every text ---------

_ANY_CHAR = st.characters(exclude_categories=("Cs",))  # lone surrogates cannot be written as UTF-8
_MARKUP = st.sampled_from([*"*_[]()\\<>&;#:/ \n-", "https://", "](", "<b>", "&#0;", "\u202e", "\x00", "\ufeff"])
_TEXT = st.lists(st.one_of(_ANY_CHAR, _ANY_CHAR, _MARKUP), max_size=30).map("".join)
_NICE_TEXT = st.text(st.characters(codec="latin-1", categories=("L", "N", "P", "Zs")), min_size=1, max_size=40)
_SCALAR = st.one_of(_TEXT, st.integers(), st.floats(), st.booleans(), st.none(), st.dates())
_WRONG = st.one_of(_SCALAR, st.lists(_SCALAR, max_size=3), st.dictionaries(_TEXT, _SCALAR, max_size=2))


def _sometimes_wrong(valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    # Mostly the right shape (so many examples build), sometimes anything at all.
    return st.one_of(valid, valid, valid, _WRONG)


_SECTION = st.fixed_dictionaries(
    {"heading": _sometimes_wrong(st.one_of(_NICE_TEXT, _TEXT)), "body": _sometimes_wrong(_TEXT)}
)
_REFERENCE = st.fixed_dictionaries(
    {"title": _sometimes_wrong(_TEXT)},
    optional={
        "publisher": _sometimes_wrong(_TEXT),
        "url": _sometimes_wrong(st.one_of(st.just("https://example.org/a?b=1&c=<2>"), _TEXT)),
        "date": _sometimes_wrong(st.dates(min_value=dt.date(1000, 1, 1))),
    },
)
# Any printable Unicode: every script, emoji, combining marks, markup characters; no control characters.
_CLEAN = (
    st.lists(
        st.one_of(
            st.characters(
                exclude_categories=("Cs", "Cc", "Zl", "Zp"), exclude_characters="\u202a\u202b\u202c\u202d\u202e"
            ),
            st.sampled_from([*"*_[]()\\<>&;#", "&#0;", "<b>", "&nbsp;", "e\u0301"]),
        ),
        min_size=1,
        max_size=30,
    )
    .map("".join)
    .filter(lambda text: "".join(text.split()) and not any("\u2066" <= ch <= "\u2069" for ch in text))
)
VALID_SPECS = st.fixed_dictionaries(
    {
        "title": _CLEAN,
        "key_points": st.lists(_CLEAN, min_size=1, max_size=4),
        "sections": st.lists(st.fixed_dictionaries({"heading": _CLEAN, "body": _CLEAN}), min_size=1, max_size=3),
    },
    optional={
        "subtitle": _CLEAN,
        "summary": _CLEAN,
        "organization": _CLEAN,
        "classification": _CLEAN,
        "authors": st.lists(_CLEAN, max_size=3),
        "date": st.dates(min_value=dt.date(1000, 1, 1)),
        "references": st.lists(
            st.fixed_dictionaries({"title": _CLEAN}, optional={"publisher": _CLEAN, "url": st.just("https://e.org/")}),
            max_size=2,
        ),
        "tags": st.lists(_CLEAN, max_size=3),
    },
)
MESSY_SPECS = st.fixed_dictionaries(
    {
        "title": _sometimes_wrong(st.one_of(_NICE_TEXT, _TEXT)),
        "key_points": _sometimes_wrong(st.lists(_TEXT, max_size=4)),
        "sections": _sometimes_wrong(st.lists(_SECTION, max_size=3)),
    },
    optional={
        "subtitle": _sometimes_wrong(_TEXT),
        "short_title": _sometimes_wrong(_TEXT),
        "summary": _sometimes_wrong(_TEXT),
        "organization": _sometimes_wrong(_TEXT),
        "classification": _sometimes_wrong(_TEXT),
        "authors": _sometimes_wrong(st.lists(_TEXT, max_size=3)),
        "date": _sometimes_wrong(st.dates(min_value=dt.date(1000, 1, 1))),
        "lang": _sometimes_wrong(st.sampled_from(["en", "en-GB", "en-US", "fr"])),
        "references": _sometimes_wrong(st.lists(_REFERENCE, max_size=3)),
        "tags": _sometimes_wrong(st.lists(_TEXT, max_size=3)),
        "keypoints": _TEXT,  # an unknown key
    },
)


SPECS = st.one_of(VALID_SPECS, MESSY_SPECS)


def _dump(spec: dict[str, Any]) -> str:
    return yaml.safe_dump(spec, allow_unicode=True, sort_keys=False)


def _squash(text: str) -> str:
    return "".join(text.split())


def _printable_title(title: str) -> bool:
    """Return whether every character of the title has a glyph in the title's own font and extracts as itself.

    Other characters (another script, right to left) are shaped: they are drawn, but a text extractor may
    reorder them; the script tests check those.
    """
    covered = coverage(family_face(SERIF, "bold"))
    return all(
        (ord(ch) in covered and sets_simply(ch) and ch.isprintable() and not ch.isspace()) or ch == " " for ch in title
    )


def assert_located(error: SpecError, source: str) -> None:
    """Check that every problem has a line, a column and a message, printed safely as source:line:col."""
    assert error.problems
    for problem in error.problems:
        assert problem.line >= 1
        assert problem.column >= 1
        assert problem.message
    for line in str(error).splitlines():
        assert line.startswith(f"{source}:"), line
        assert line.isprintable(), line


def assert_pdf_or_located_error(spec_path: Path, pdf: Path) -> None:
    """The invariant: a PDF pypdf opens whose text holds the title, or a SpecError with locations."""
    try:
        result = build(spec_path, pdf)
    except SpecError as exc:
        error: SpecError | None = exc
    else:
        error = None
    if error is not None:
        assert_located(error, str(spec_path))
        assert not pdf.exists()
        return
    loaded = load_spec(spec_path)
    brief = typeset(loaded, load_theme(loaded.theme or "default"))  # its quotes and dashes, as printed
    reader = pypdf.PdfReader(pdf)
    assert len(reader.pages) == result.pages >= 1
    assert reader.metadata.title == brief.title
    if _printable_title(brief.title):
        assert _squash(brief.title) in _squash(pdf_text(pdf))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=SPECS)
def test_any_spec_builds_or_fails_with_located_errors(spec: dict[str, Any], tmp_path_factory: Any) -> None:
    folder = tmp_path_factory.mktemp("spec")
    path = folder / "brief.yaml"
    path.write_text(_dump(spec), encoding="utf-8")
    assert_pdf_or_located_error(path, folder / "brief.pdf")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=SPECS)
def test_cli_never_shows_a_traceback_for_generated_specs(spec: dict[str, Any], tmp_path_factory: Any) -> None:
    folder = tmp_path_factory.mktemp("cli")
    path = folder / "brief.yaml"
    path.write_text(_dump(spec), encoding="utf-8")
    for arguments in (["check", str(path)], ["build", "-o", str(folder / "out"), str(path)]):
        result = CliRunner().invoke(main, arguments)
        assert result.exit_code in (0, 1), result.output
        assert isinstance(result.exception, SystemExit | None)
        assert "Traceback" not in result.output
        if arguments[0] == "build":
            assert (folder / "out" / "brief.pdf").exists() == (result.exit_code == 0)


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=400))
def test_any_bytes_parse_or_fail_with_located_errors(data: bytes) -> None:
    _parse_or_located_error(data)


# --- Mutation fuzz of real specs, bounded in time ----------------------------------------------------

_TOKENS = [
    b"&a ", b"*a", b"!!python/object:os.system ", b"!!binary ", b"[", b"]", b"{", b"}", b": ", b"- ", b"\t", b"\x00",
    b"\n", b"\n  ", b"'", b'"', b"|", b">", b"%YAML 1.1\n", b"---\n", b"...\n", b"@", b"`", b"\xef\xbb\xbf", b"\xff",
    b"\xc3", b"\\u202e", b"<font>", b"&#0;", b"[x](javascript:alert(1))", b"? ", b"<<: *a\n", b"&b [*a, *a, *a]\n",
    b"2024-13-45", b"~", b"\r\n", b"\xe2\x80\xae", b"#",
]  # fmt: skip


def _mutate(data: bytes, rng: random.Random) -> bytes:
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(data) + 1)
        choice = rng.random()
        if choice < 0.4:
            data = data[:at] + rng.choice(_TOKENS) + data[at:]
        elif choice < 0.6:
            data = data[:at] + data[at + rng.randint(1, 40) :]
        elif choice < 0.8 and data:
            data = data[:at] + bytes([rng.randrange(256)]) + data[at + 1 :]
        else:
            start = rng.randrange(len(data) + 1)
            data = data[:at] + data[start : start + rng.randint(1, 200)] + data[at:]
    return data


def _parse_or_located_error(data: bytes) -> None:
    try:
        brief = parse_spec(data, "fuzz.yaml")
    except SpecError as exc:
        error: SpecError | None = exc
    else:
        error = None
    if error is not None:
        assert_located(error, "fuzz.yaml")
    else:
        assert brief.title
        assert brief.key_points
        assert brief.sections


def test_fuzzed_specs_parse_or_fail_with_located_errors() -> None:
    rng = random.Random(20241112)
    seeds = [
        SEED_SPEC.read_bytes(),
        _dump({"title": "T", "key_points": ["x"], "sections": [{"heading": "H", "body": "B"}]}).encode(),
    ]
    budget = time.monotonic() + 3.0
    runs = 0
    while time.monotonic() < budget or runs < 1000:
        data = _mutate(rng.choice(seeds), rng)
        _parse_or_located_error(data)
        runs += 1
    assert runs >= 1000


def test_fuzzed_specs_through_the_cli(tmp_path: Path) -> None:
    rng = random.Random(7)
    seed = SEED_SPEC.read_bytes()
    folder = tmp_path / "specs"
    folder.mkdir()
    for number in range(25):
        (folder / f"fuzz-{number:02d}.yaml").write_bytes(_mutate(seed, rng))
    result = CliRunner().invoke(main, ["check", str(folder)])
    assert result.exit_code in (0, 1)
    assert "Traceback" not in result.output
    # Every spec is accounted for: "ok PATH" or "error: PATH:line:col: ..." lines, none skipped after a bad one.
    lines = [line.removeprefix("ok ").removeprefix("error: ") for line in result.output.splitlines()]
    reported = {line.split(":")[0] for line in lines}
    assert reported == {str(path) for path in folder.iterdir()}


# --- Resource bounds ------------------------------------------------------------------------------------


@contextmanager
def _measured() -> Iterator[dict[str, float]]:
    """Measure CPU seconds and the peak of Python memory allocations in the block."""
    measures: dict[str, float] = {}
    tracemalloc.start()
    started = time.process_time()
    try:
        yield measures
    finally:
        measures["seconds"] = time.process_time() - started
        measures["peak_mb"] = tracemalloc.get_traced_memory()[1] / MEGABYTE
        tracemalloc.stop()


def _refused(action: Callable[[], object]) -> str:
    try:
        action()
    except SpecError as exc:
        return str(exc)
    raise AssertionError("accepted")


def test_alias_bomb_is_refused_quickly_in_bounded_memory(tmp_path: Path) -> None:
    # Nine more levels than the classic: it stands for 9**18 strings if anything expanded it.
    deeper = BILLION_LAUGHS + "".join(
        f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
        for previous, name in zip("ijklmnopq", "jklmnopqr", strict=True)
    )
    path = tmp_path / "bomb.yaml"
    path.write_text(deeper + "title: T\n")
    with _measured() as used:
        message = _refused(lambda: load_spec(path))
    assert "the document expands to more than 250,000 values" in message
    assert used["seconds"] < 1.0
    assert used["peak_mb"] < 200


def test_text_amplification_by_aliases_is_refused(tmp_path: Path) -> None:
    paragraph = "word " * 18_000  # 90,000 characters, used as the body of a thousand sections
    path = tmp_path / "amplified.yaml"
    path.write_text(
        f"title: T\nkey_points: [x]\nx-paragraph: &p {paragraph}\nsections:\n" + "  - {heading: H, body: *p}\n" * 1000
    )
    assert path.stat().st_size < 200_000
    with _measured() as used:
        message = _refused(lambda: load_spec(path))
    assert message.endswith(
        "the document expands to more than 10,485,760 characters of text (aliases repeated too often?); "
        "a spec is never this big"
    )
    assert used["seconds"] < 1.0
    assert used["peak_mb"] < 200


def test_oversize_file_is_refused_quickly_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as stream:  # 16 MB: over the default 10 MB limit
        chunk = b"- " + b"x" * 1022
        for _ in range(16 * 1024):
            stream.write(chunk)
    with _measured() as used:
        message = _refused(lambda: load_spec(path))
    assert message == (
        f"{path}:1:1: the file is 16,777,216 bytes, over the limit of 10,485,760 bytes; a spec is never this big "
        "(set BRIEFGEN_MAX_SPEC_BYTES to raise the limit)"
    )
    assert used["seconds"] < 1.0
    assert used["peak_mb"] < 200


def test_deep_nesting_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("title: " + "[" * 100_000 + "]" * 100_000 + "\n")
    with _measured() as used:
        message = _refused(lambda: load_spec(path, limits=Limits()))
    # libyaml's own depth limit (1,000) may stop it first, while scanning ahead of our check.
    assert message.endswith(
        ("lists and mappings are nested more than 32 deep; a spec never needs this", "a spec never needs this")
    )
    assert "nest" in message
    assert used["seconds"] < 1.0
    assert used["peak_mb"] < 200
