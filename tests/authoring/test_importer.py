"""briefgen import: articles (plain text, pasted text, Markdown) become draft specs."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from briefgen.authoring.draft import draft_yaml
from briefgen.authoring.importer import Draft, DraftSection, _body, first_sentence, import_file, import_text
from briefgen.authoring.text_article import (
    clean_text,
    escape_markup,
    is_markdown,
    parse_byline,
    parse_date,
    typographic_quotes,
)
from briefgen.cli import main
from briefgen.errors import SpecError
from briefgen.load.body import parse_body
from briefgen.load.spec import parse_spec
from briefgen.model import Paragraph
from briefgen.text import markup
from conftest import REPO, SEED_SPEC

# A byte-identical copy of shared/seed-article.txt, so that the test never depends on where shared/ is.
SEED_ARTICLE = REPO / "tests" / "data" / "seed-article.txt"
SHARED_ARTICLES = (Path("/work/shared/seed-article.txt"), REPO.parent / "shared" / "seed-article.txt")


def _fold(text: str) -> str:
    return " ".join(text.split())


def _load(text: str) -> dict[str, Any]:
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


def _sections(data: dict[str, Any]) -> list[tuple[str, str]]:
    return [(_fold(s["heading"]), _fold(s["body"])) for s in data["sections"]]


def _problems(text: str) -> list[tuple[str, str]]:
    with pytest.raises(SpecError) as caught:
        parse_spec(text.encode(), "draft.yaml")
    return [(p.field, p.message) for p in caught.value.problems]


@pytest.fixture(scope="module")
def seed_article() -> str:
    return SEED_ARTICLE.read_text(encoding="utf-8")


def test_the_seed_article_copy_is_the_shared_one() -> None:
    shared = [path for path in SHARED_ARTICLES if path.is_file()]
    if not shared:
        pytest.skip("shared/ is not on this machine")
    assert SEED_ARTICLE.read_bytes() == shared[0].read_bytes()


# --- the seed article ---------------------------------------------------------------------------


def test_seed_article_imports_to_the_seed_specs_sections(seed_article: str) -> None:
    imported = _load(draft_yaml(import_text(seed_article, name="seed-article.txt")))
    shipped = _load(SEED_SPEC.read_text(encoding="utf-8"))
    assert _sections(imported) == _sections(shipped)
    assert imported["title"] == shipped["title"]
    assert imported["subtitle"] == shipped["subtitle"]
    assert _fold(imported["summary"]) == _fold(shipped["summary"])
    (reference,) = imported["references"]
    assert reference["url"] == shipped["references"][0]["url"] == "https://www.ndtv.com"
    assert reference["publisher"] == shipped["references"][0]["publisher"] == "NDTV"


def test_seed_import_fails_check_only_on_its_todos(seed_article: str) -> None:
    text = draft_yaml(import_text(seed_article, name="seed-article.txt"))
    assert _problems(text) == [
        ("key_points[0]", "still a placeholder (TODO: write the key points; suggestions are above); replace it"),
        ("references[0].title", "still a placeholder (TODO: the title of the page cited at www.ndtv.com); replace it"),
    ]
    filled = text.replace("TODO: write the key points; suggestions are above", "One point.")
    filled = filled.replace("TODO: the title of the page cited at www.ndtv.com", "Putin signs the treaty")
    brief = parse_spec(filled.encode(), "draft.yaml")
    assert len(brief.sections) == 5
    assert brief.key_points == ("One point.",)


def test_seed_import_suggests_each_sections_first_sentence_as_a_key_point(seed_article: str) -> None:
    text = draft_yaml(import_text(seed_article))
    comment = " ".join(line.strip().lstrip("#").strip() for line in text.splitlines() if line.strip().startswith("#"))
    assert (
        "- Historically, North Korea and Russia have shared ideological alignments dating back to the Soviet era."
        in (_fold(comment))
    )
    assert comment.count("- ") >= 5


def test_word_processor_paste_imports_like_the_clean_article(seed_article: str) -> None:
    pasted = "\ufeff" + seed_article.replace("\n", "\r\n")
    pasted = pasted.replace("Russia’s", "Russia's", 1).replace("treaty’s", "treaty´s", 1)
    pasted = pasted.replace("mutual defense", "mutual\u00a0de\u00adfense").replace(
        "Kim Jong Un", "Kim\u202fJong\u00a0Un"
    )
    clean = _load(draft_yaml(import_text(seed_article)))
    messy = _load(draft_yaml(import_text(pasted)))
    assert _sections(messy) == _sections(clean)
    assert messy["summary"] == clean["summary"]
    assert messy["title"] == clean["title"]


# --- cleaning and typography --------------------------------------------------------------------


def test_clean_text_removes_what_word_processors_leave() -> None:
    raw = "\ufeffTitle\r\nde\u00adfense\u00a0pact\u200b and\ttabs\u2028next\rline \r\n"
    assert clean_text(raw) == "Title\ndefense pact and tabs\nnext\nline\n"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('He said "no" today.', "He said “no” today."),
        ("It's Russia's and the treaty’s", "It’s Russia’s and the treaty’s"),
        ("Russia´s and Russia`s", "Russia’s and Russia’s"),
        ("”Wrong way round,” he said", "“Wrong way round,” he said"),
        ("a ‟reversed‟ quote and a ‛single‛ one", "a “reversed” quote and a ‘single’ one"),
        ("She called it 'a pact' in the '90s", "She called it ‘a pact’ in the ’90s"),
        ("a 5'10\" man", "a 5'10\" man"),
        ("the students' books", "the students’ books"),
        ('see [the "report"](https://example.org/a"b) now', 'see [the “report”](https://example.org/a"b) now'),
        ("«Guillemets» and „German“ stay", "«Guillemets» and „German“ stay"),
    ],
)
def test_typographic_quotes_are_made_consistent(raw: str, expected: str) -> None:
    assert typographic_quotes(raw) == expected


@pytest.mark.parametrize("text", ["2 * 3 * 4", "a *literal* star", "[not a link](https://x.org)", "back\\slash", "**"])
def test_escaped_plain_text_prints_exactly_as_written(text: str) -> None:
    assert markup.plain_text(escape_markup(text)) == text


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("Mr. Kim met Dr. Putin. They signed.", "Mr. Kim met Dr. Putin."),
        ("The U.S. and Japan object. Others agree.", "The U.S. and Japan object."),
        ("Signed by A. Analyst in June. More text.", "Signed by A. Analyst in June."),
        ("He asked “why?” Nobody knew.", "He asked “why?”"),
        ("One sentence only", "One sentence only"),
        ("A **strong** start. Then more.", "A strong start."),
    ],
)
def test_first_sentence(text: str, sentence: str) -> None:
    assert first_sentence(text) == sentence


# --- other shapes of plain text -----------------------------------------------------------------

_WRAPPED = """\
A Plain Title

The opening paragraph was written in an e-mail client that wraps its lines at
seventy-odd characters, so each paragraph runs over several lines and only
blank lines separate them.

What Happened

The first paragraph of the section also wraps over more than one line of text
like this one does.

A second paragraph in the same section, also wrapped at the same width to see
that paragraphs stay apart.

- a bullet point that is long enough to wrap onto a second line in the text
  file, continued here
- a second bullet

Source: Reuters, https://www.reuters.com/world/asia-pacific/story-2024-06-19/
"""


def test_hard_wrapped_text_keeps_its_paragraphs_and_bullets() -> None:
    draft = import_text(_WRAPPED)
    assert draft.title == "A Plain Title"
    assert draft.subtitle == ""
    assert draft.summary.startswith("The opening paragraph was written")
    assert draft.summary.endswith("only blank lines separate them.")
    (section,) = draft.sections
    assert section.heading == "What Happened"
    blocks = parse_body(section.body)
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Paragraph", "BulletList"]
    assert blocks[2].items == (  # type: ignore[union-attr]
        "a bullet point that is long enough to wrap onto a second line in the text file, continued here",
        "a second bullet",
    )
    (reference,) = draft.references
    assert reference.url == "https://www.reuters.com/world/asia-pacific/story-2024-06-19/"
    assert reference.publisher == "Reuters"
    assert reference.title.startswith("TODO")


def test_wrapped_body_never_starts_a_line_like_a_bullet_or_quote() -> None:
    words = "word " * 13
    text = f"Title\n\n{words}- {words} -> {words} > {words}-\n\nHeading\n\n{words}- {words}> end.\n"
    draft = import_text(text)
    for section in draft.sections:
        for block in parse_body(section.body):
            assert type(block).__name__ == "Paragraph"


def test_article_without_headings_gets_a_placeholder_heading() -> None:
    draft = import_text("Just a Title\nFirst paragraph is the summary.\nSecond paragraph is the body.\n")
    assert draft.summary == "First paragraph is the summary."
    (section,) = draft.sections
    assert section.heading.startswith("TODO")
    assert section.body == "Second paragraph is the body.\n"


# --- Markdown -----------------------------------------------------------------------------------

_MARKDOWN = """\
---
layout: post
---
# Sanctions and Their Limits: What the Record Shows

Sanctions are *one* tool among **many**, as the [UN panel report](https://www.un.org/panel-report) argues.

Another opening paragraph, before any section.

## The Record

Studies disagree:

- some find *strong* effects
- others find none
  - and a nested point

> Sanctions rarely work alone,
> said one official.

### A Sub-heading

1. First step
2. Second step

![a chart](chart.png) Text after an image, with a [relative link](notes.md) and <b>html</b>.

Setext Heading
--------------

Plain paragraph with `code` and a literal 2 * 3.

## References

- [The UN panel report](https://www.un.org/panel-report)
- Source: BBC, https://www.bbc.co.uk/news/world
"""


def test_markdown_headings_lists_quotes_and_links_become_spec_markup() -> None:
    draft = import_text(_MARKDOWN, name="article.md")
    assert draft.title == "Sanctions and Their Limits"
    assert draft.subtitle == "What the Record Shows"
    assert draft.summary == (
        "Sanctions are *one* tool among **many**, as the [UN panel report](https://www.un.org/panel-report) argues."
    )
    assert [s.heading for s in draft.sections] == ["Introduction", "The Record", "Setext Heading"]
    blocks = parse_body(draft.sections[1].body)
    assert [type(b).__name__ for b in blocks] == [
        "Paragraph",
        "BulletList",
        "Quote",
        "Paragraph",
        "Paragraph",
        "Paragraph",
        "Paragraph",
    ]
    assert blocks[1].items == ("some find *strong* effects", "others find none", "and a nested point")  # type: ignore[union-attr]
    assert blocks[2].text == "Sanctions rarely work alone, said one official."  # type: ignore[union-attr]
    assert blocks[3].text == "**A Sub-heading**"  # type: ignore[union-attr]
    assert blocks[4].text == "1. First step"  # type: ignore[union-attr]
    assert blocks[6].text == "Text after an image, with a relative link and html."  # type: ignore[union-attr]
    assert parse_body(draft.sections[2].body)[0].text == "Plain paragraph with code and a literal 2 \\* 3."  # type: ignore[union-attr]
    assert [(r.title, r.publisher, r.url) for r in draft.references] == [
        ("The UN panel report", "UN", "https://www.un.org/panel-report"),
        ("TODO: the title of the page cited at www.bbc.co.uk", "BBC", "https://www.bbc.co.uk/news/world"),
    ]
    assert any("image" in note for note in draft.notes)


def test_markdown_draft_checks_clean_but_for_its_todos() -> None:
    text = draft_yaml(import_text(_MARKDOWN, name="article.md"))
    assert "# Note: the article had 1 image" in text
    assert [field for field, message in _problems(text)] == ["key_points[0]", "references[1].title"]


def test_titles_and_headings_are_plain_text_as_the_spec_wants_them() -> None:
    draft = import_text(
        "# The *Big* [Deal](https://x.org): 2 * 3\n\nSummary.\n\n## Part **One**\n\nText.\n", name="a.md"
    )
    assert (draft.title, draft.subtitle) == ("The Big Deal", "2 * 3")
    assert [s.heading for s in draft.sections] == ["Part One"]
    plain = import_text("A [Bracketed] Title: With * Stars\nSummary.\nA Heading [1]\nText.\n")
    assert (plain.title, plain.subtitle) == ("A [Bracketed] Title", "With * Stars")
    assert [s.heading for s in plain.sections] == ["A Heading [1]"]


def test_markdown_front_matter_gives_the_title() -> None:
    draft = import_text("---\ntitle: From Front Matter\n---\nFirst paragraph.\n\n## Part\n\nText.\n", name="a.md")
    assert draft.title == "From Front Matter"
    assert draft.summary == "First paragraph."
    assert [s.heading for s in draft.sections] == ["Part"]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("a.md", "plain words", True),
        ("a.txt", "Title\n[link](https://x.org)\n", False),
        ("a.txt", "# Title\n\ntext\n", True),
        ("article", "Title\nSee [this](https://x.org).\n", True),
        ("article", "Title\nPlain text only.\n", False),
    ],
)
def test_markdown_is_recognised(name: str, text: str, expected: bool) -> None:
    assert is_markdown(text, name) is expected


# --- the command --------------------------------------------------------------------------------


def test_import_command_writes_the_draft_and_lists_what_is_left(tmp_path: Path, seed_article: str) -> None:
    article = tmp_path / "treaty.txt"
    article.write_text(seed_article, encoding="utf-8")
    target = tmp_path / "specs" / "treaty.yaml"
    result = CliRunner().invoke(main, ["import", str(article), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == f"wrote {target}; still to do:"
    assert f"{target}:" in result.output
    assert "key_points[0]: still a placeholder" in result.output
    assert _sections(_load(target.read_text(encoding="utf-8"))) == _sections(
        _load(SEED_SPEC.read_text(encoding="utf-8"))
    )
    again = CliRunner().invoke(main, ["import", str(article), "-o", str(target)])
    assert again.exit_code == 1
    assert "already exists" in again.output
    assert CliRunner().invoke(main, ["import", str(article), "-o", str(target), "--force"]).exit_code == 0


def test_import_command_defaults_to_specs_folder_and_prints_to_stdout_with_dash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("My Note (v2).md").write_text("# A Note\n\nSummary here.\n\n## Part\n\nBody.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "My Note (v2).md"])
    assert result.exit_code == 0, result.output
    assert Path("specs/my-note-v2.yaml").is_file()
    printed = CliRunner().invoke(main, ["import", "My Note (v2).md", "-o", "-"])
    assert printed.exit_code == 0
    assert _load(printed.output)["title"] == "A Note"


def test_import_reads_utf16_files(tmp_path: Path) -> None:
    article = tmp_path / "word.txt"
    article.write_bytes("Saved From Word\r\nA first paragraph.\r\nPart\r\nBody text.\r\n".encode("utf-16"))
    data = _load(import_file(article))
    assert data["title"] == "Saved From Word"
    assert data["sections"] == [{"heading": "Part", "body": "Body text.\n"}]


_PROSE = st.text(
    alphabet=st.characters(categories=("L", "N", "P", "S", "Zs"), exclude_characters="\ufeff\u00ad"),
    min_size=1,
    max_size=400,
)


@settings(max_examples=150, deadline=None)
@given(_PROSE)
def test_any_paragraph_reaches_the_spec_exactly_as_written(text: str) -> None:
    words = unicodedata.normalize("NFC", " ".join(text.split()))
    assume(words and not words.startswith(("TODO", "-", ">")))
    section = DraftSection("Heading", _body([("paragraph", escape_markup(words))]))
    spec = draft_yaml(Draft(title="Title", sections=(section,))).replace("TODO: write the key points", "Point")
    brief = parse_spec(spec.encode("utf-8"), "draft.yaml")
    (paragraph,) = brief.sections[0].blocks
    assert isinstance(paragraph, Paragraph)
    assert markup.plain_text(paragraph.text) == words


def test_import_reads_windows_1252_text_as_word_saves_it(tmp_path: Path) -> None:
    article = tmp_path / "word.txt"
    article.write_bytes("Russia\u2019s Treaty \u2013 Explained\r\nIt\u2019s \u201cbinding\u201d.\r\n".encode("cp1252"))
    data = _load(import_file(article))
    assert data["title"] == "Russia’s Treaty – Explained"
    assert _fold(data["summary"]) == "It’s “binding”."


# --- bylines and dates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("June 19, 2024", dt.date(2024, 6, 19)),
        ("19 June 2024", dt.date(2024, 6, 19)),
        ("Wednesday, June 19, 2024", dt.date(2024, 6, 19)),
        ("Published: 2024-06-19", dt.date(2024, 6, 19)),
        ("Updated on Sept. 3rd, 2024 10:30 AM IST", dt.date(2024, 9, 3)),
        ("June 31, 2024", None),
        ("June 19, 2024 was the day the treaty was signed", None),
        ("The Treaty and Its Provisions", None),
    ],
)
def test_parse_date_reads_datelines_only(line: str, date: dt.date | None) -> None:
    assert parse_date(line) == date


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Jane Doe", (("Jane Doe",), None)),
        ("By Jane Doe and John Smith", (("Jane Doe", "John Smith"), None)),
        ("Written by A. Analyst, B. Writer & C. Editor", (("A. Analyst", "B. Writer", "C. Editor"), None)),
        ("By Jane Doe | June 19, 2024", (("Jane Doe",), dt.date(2024, 6, 19))),
        ("By the Numbers", None),
        ("Bypassing sanctions", None),
    ],
)
def test_parse_byline(line: str, expected: tuple[tuple[str, ...], dt.date | None] | None) -> None:
    assert parse_byline(line) == expected


def test_byline_and_dateline_under_the_title_fill_authors_and_date() -> None:
    article = "A Title\nBy Jane Doe and John Smith\nWednesday, June 19, 2024\nThe summary.\nA Heading\nBody.\n"
    text = draft_yaml(import_text(article))
    data = _load(text)
    assert data["authors"] == ["Jane Doe", "John Smith"]
    assert data["date"] == dt.date(2024, 6, 19)
    assert data["summary"] == "The summary.\n"
    assert [s["heading"] for s in data["sections"]] == ["A Heading"]
    assert "# authors:" not in text
    assert "# organization:" in text


def test_markdown_front_matter_gives_authors_and_date() -> None:
    article = (
        "---\ntitle: T\nauthor: Jane Doe\ndate: 2024-06-19\n---\n*By Someone Else*\n\nSummary.\n\n## Part\n\nText.\n"
    )
    draft = import_text(article, name="a.md")
    assert (draft.title, draft.authors, draft.date) == ("T", ("Jane Doe",), dt.date(2024, 6, 19))
    assert draft.summary == "Summary."


def _import(tmp_path: Path, article: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run `briefgen import` in a child with a time limit, so that a hang fails the test."""
    return subprocess.run(
        [sys.executable, "-m", "briefgen", "import", str(article), "-o", str(tmp_path / "draft.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={**os.environ, **env},
    )


def test_import_refuses_an_article_larger_than_a_spec_may_be_saying_its_size(tmp_path: Path) -> None:
    article = tmp_path / "long.txt"
    article.write_text("A Title\n\n" + "Words of the article. " * 20, encoding="utf-8")
    result = _import(tmp_path, article, BRIEFGEN_MAX_SPEC_BYTES="300")
    assert result.returncode == 1
    assert result.stderr == (
        f"error: {article}: the article is 449 bytes, over the 300 a spec may hold (BRIEFGEN_MAX_SPEC_BYTES); "
        "import a shorter article, or split it into several\n"
    )
    assert not (tmp_path / "draft.yaml").exists()


def test_import_refuses_an_article_whose_draft_would_be_too_large(tmp_path: Path) -> None:
    article = tmp_path / "short.txt"
    article.write_text("A Title\n\nOne paragraph of the article.\n", encoding="utf-8")
    result = _import(tmp_path, article, BRIEFGEN_MAX_SPEC_BYTES="100")
    assert result.returncode == 1
    assert "its draft spec is " in result.stderr
    assert not (tmp_path / "draft.yaml").exists()


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_import_refuses_what_is_not_a_regular_file_without_reading_it(tmp_path: Path, kind: str) -> None:
    article = tmp_path / "article.txt"
    if kind == "fifo":
        os.mkfifo(article)
    else:
        article.symlink_to("/dev/zero")
    result = _import(tmp_path, article)
    assert result.returncode == 1
    assert result.stderr == (
        f"error: {article}: is not a regular file (a folder, pipe or device?); name an article file\n"
    )


def test_a_numbered_list_of_sources_loses_its_numbers_which_the_brief_adds() -> None:
    article = (
        "A Title\n\nAn opening paragraph long enough to be the summary of the article.\n\n"
        "Section One\n\nBody text of section one, long enough to be a paragraph of it.\n\n"
        "References\n\n1. NATO, Sweden joins the alliance, 2024.\n"
        "[2] SIPRI, Trends in world military expenditure, 2023. https://www.sipri.org\n"
        "- 조선중앙통신, 2024년 6월 20일.\n"
    )
    draft = import_text(article, name="article.txt")
    titles = [reference.title for reference in draft.references]
    assert titles[0] == "NATO, Sweden joins the alliance, 2024"
    assert titles[1].startswith("SIPRI, Trends")
    assert titles[2] == "조선중앙통신, 2024년 6월 20일"
