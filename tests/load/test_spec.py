"""Loading and validating specs: every kind of mistake gives its own located message."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from briefgen import model
from briefgen.errors import SpecError
from briefgen.load.body import parse_body
from briefgen.load.spec import load_spec
from conftest import REPO, SEED_SPEC

# A byte-identical copy of ../shared/seed-article.txt (test_import checks it against the original).
SEED_ARTICLE = REPO / "tests" / "data" / "seed-article.txt"


def errors_of(path: Path) -> list[str]:
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    return [p.describe(path.name) for p in caught.value.problems]


def test_seed_spec_holds_the_article() -> None:
    brief = load_spec(SEED_SPEC)
    assert brief.title == "Russia and North Korea Sign Mutual Defense Treaty"
    assert brief.subtitle == "A New Era of Strategic Partnership"
    assert [s.heading for s in brief.sections] == [
        "The Treaty and Its Provisions",
        "Rising Military Cooperation",
        "Background of Russia-North Korea Relations",
        "Global Implications of the Treaty",
        "Conclusion",
    ]
    assert 3 <= len(brief.key_points) <= 5
    assert brief.references[0].publisher == "NDTV"
    assert brief.references[0].url == "https://www.ndtv.com"
    assert brief.date is None  # the article gives no date of its own


def test_seed_spec_text_is_the_articles_own() -> None:
    lines = [line.strip() for line in SEED_ARTICLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    brief = load_spec(SEED_SPEC)
    assert brief.summary == lines[1]
    for section in brief.sections:
        index = lines.index(section.heading)
        paragraph = section.blocks[0]
        assert isinstance(paragraph, model.Paragraph)
        assert paragraph.text == lines[index + 1]


def test_minimal_spec_loads(write_spec: Callable[..., Path]) -> None:
    brief = load_spec(write_spec())
    assert brief == model.Brief(
        title="A Minimal Brief",
        key_points=("The one point.",),
        sections=(model.Section("Only Section", (model.Paragraph("Some text."),)),),
    )


def test_missing_required_fields_are_each_reported(write_spec: Callable[..., Path]) -> None:
    path = write_spec("title: Only a title\n")
    assert errors_of(path) == [
        "brief.yaml:1:1: key_points: is required but missing: the brief's main points, "
        "shown in the key points box (at least one).",
        "brief.yaml:1:1: sections: is required but missing: the body of the brief (at least one).",
    ]


def test_unknown_key_suggests_the_right_one(write_spec: Callable[..., Path]) -> None:
    path = write_spec("title: T\nkey_point:\n  - a\nkey_points: [a]\nsections: [{heading: H, body: B}]\n")
    assert errors_of(path) == ["brief.yaml:2:1: key_point: unknown field 'key_point' (did you mean 'key_points'?)"]


def test_unknown_key_in_a_section_names_its_path(write_spec: Callable[..., Path]) -> None:
    path = write_spec(
        "title: T\nkey_points: [a]\nsections:\n  - heading: H\n    body: B\n  - heading: H2\n    bdy: B\n"
    )
    assert errors_of(path) == ["brief.yaml:7:5: sections[1].bdy: unknown field 'bdy' (did you mean 'body'?)"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "key_points: just one string",
            "2:13: key_points: expected a list, got text (start each item on its own line with '- ')",
        ),
        ("key_points: []", "2:13: key_points: needs at least 1 item"),
        ("key_points: {a: b}", "2:13: key_points: expected a list, got a mapping of fields"),
        ("key_points: [[nested]]", "2:14: key_points[0]: expected text, got a list"),
        ("key_points: [~]", "2:14: key_points[0]: expected text, got nothing; write a value or remove the field"),
    ],
)
def test_key_points_of_the_wrong_shape(write_spec: Callable[..., Path], line: str, expected: str) -> None:
    path = write_spec(f"title: T\n{line}\nsections: [{{heading: H, body: B}}]\n")
    assert errors_of(path) == [f"brief.yaml:{expected}"]


def test_sections_as_a_mapping_is_reported(write_spec: Callable[..., Path]) -> None:
    path = write_spec("title: T\nkey_points: [a]\nsections:\n  heading: H\n  body: B\n")
    assert errors_of(path) == ["brief.yaml:4:3: sections: expected a list, got a mapping of fields"]


@pytest.mark.parametrize("value", ["12/11/2024", "2024-13-45", "next week", "2024"])
def test_dates_must_be_iso(write_spec: Callable[..., Path], value: str) -> None:
    path = write_spec(f"title: T\ndate: {value}\nkey_points: [a]\nsections: [{{heading: H, body: B}}]\n")
    assert errors_of(path) == [
        f"brief.yaml:2:7: date: expected an ISO date (YYYY-MM-DD) such as 2024-11-12, got '{value}'"
    ]


def test_dates_load_from_yaml_dates_and_quoted_strings(write_spec: Callable[..., Path]) -> None:
    brief = load_spec(write_spec(date="2024-11-12"))
    assert brief.date == dt.date(2024, 11, 12)
    brief = load_spec(write_spec("title: T\ndate: 2024-11-12\nkey_points: [a]\nsections: [{heading: H, body: B}]"))
    assert brief.date == dt.date(2024, 11, 12)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "javascript:alert(1)",
            "address 'javascript:alert(1)' uses 'javascript:'; only http:, https: and mailto: links are allowed",
        ),
        (
            "file:///etc/passwd",
            "address 'file:///etc/passwd' uses 'file:'; only http:, https: and mailto: links are allowed",
        ),
        (
            "www.ndtv.com",
            "address 'www.ndtv.com' is not a full address; write it with its scheme, e.g. https://www.ndtv.com",
        ),
    ],
)
def test_reference_urls_must_be_web_or_mail(write_spec: Callable[..., Path], url: str, message: str) -> None:
    path = write_spec(
        f"title: T\nkey_points: [a]\nsections: [{{heading: H, body: B}}]\nreferences:\n  - title: R\n    url: '{url}'\n"
    )
    assert errors_of(path) == [f"brief.yaml:6:10: references[0].url: {message}"]


def test_link_in_a_body_is_located_on_its_own_line(write_spec: Callable[..., Path]) -> None:
    path = write_spec(
        "title: T\nkey_points: [a]\nsections:\n  - heading: H\n    body: |\n      First line.\n"
        "      See [this](javascript:alert(1)).\n"
    )
    assert errors_of(path) == [
        "brief.yaml:7:18: sections[0].body: link 'javascript:alert(1)' uses 'javascript:'; "
        "only http:, https: and mailto: links are allowed"
    ]


def test_yaml_syntax_errors_are_located(write_spec: Callable[..., Path]) -> None:
    path = write_spec("title: T\nkey_points: [a\nsections: []\n")
    (message,) = errors_of(path)
    assert message.startswith("brief.yaml:2:13: YAML syntax error: this list opened with '[' is not closed")


def test_python_tags_are_refused_without_running_them(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    path = write_spec(f"title: !!python/object/apply:os.system ['touch {marker}']\n")
    assert errors_of(path) == [
        "brief.yaml:1:8: the tag !!python/object/apply:os.system is not allowed; "
        "a spec holds only plain text, lists and mappings"
    ]
    assert not marker.exists()


def test_duplicate_keys_are_an_error(write_spec: Callable[..., Path]) -> None:
    path = write_spec("title: A\ntitle: B\n")
    assert errors_of(path) == ["brief.yaml:2:1: duplicate field 'title' (first given on line 1); keep one"]


def test_top_level_must_be_a_mapping(write_spec: Callable[..., Path]) -> None:
    assert errors_of(write_spec("- a\n- b\n")) == [
        "brief.yaml:1:1: expected a mapping of fields for the spec, got a list"
    ]
    assert errors_of(write_spec("")) == [
        "brief.yaml:1:1: the file is empty; a spec needs at least title, key_points and sections"
    ]


def test_every_problem_is_reported_at_once(write_spec: Callable[..., Path]) -> None:
    path = write_spec("titel: T\ndate: soon\nkey_points: []\nsections: [{heading: H}]\n")
    assert len(errors_of(path)) == 5


def test_body_splits_into_paragraphs_bullets_and_quotes() -> None:
    body = "First para\ncontinues.\n\n- one\n- two\n  wraps\n> quoted\n> more\n\nLast."
    assert parse_body(body) == (
        model.Paragraph("First para continues."),
        model.BulletList(("one", "two wraps")),
        model.Quote("quoted more"),
        model.Paragraph("Last."),
    )


@pytest.mark.parametrize(
    "text",
    ["one space", "two  spaces", " leading", "trailing ", "no\u00a0break", "caf\u00e9 ok", "em\u2003space", "a\tb"],
)
def test_body_text_is_single_spaced_as_split_and_join_would(text: str) -> None:
    from briefgen.load.body import _single_spaced

    assert _single_spaced(text) == " ".join(text.split())


def test_reading_a_spec_allocates_what_the_file_holds_not_the_size_limit() -> None:
    import tracemalloc

    from briefgen.load.spec import read_spec_file

    tracemalloc.start()
    try:
        data = read_spec_file(SEED_SPEC)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert data == SEED_SPEC.read_bytes()
    assert peak < 4 * len(data)  # not the 10 MB limit: read(n) allocates all n bytes first
