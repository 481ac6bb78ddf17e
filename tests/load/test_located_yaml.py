"""Hostile and broken specs: each gives its own exact, located message, or prints exactly as written."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest

from briefgen import build
from briefgen.errors import Problem, SpecError
from briefgen.load.spec import Limits, load_spec, parse_spec
from briefgen.text import markup
from conftest import minimal_spec, pdf_text
from helpers_hostile import BILLION_LAUGHS, VALID_TAIL, spec_error

# --- YAML: only plain data, bounded ---------------------------------------------------------------


def test_python_object_tag_is_refused_by_name() -> None:
    message = spec_error("title: !!python/object/apply:os.system ['echo pwned']\n" + VALID_TAIL)
    assert message == (
        "brief.yaml:1:8: the tag !!python/object/apply:os.system is not allowed; "
        "a spec holds only plain text, lists and mappings"
    )


def test_python_tag_deep_in_the_file_is_located() -> None:
    message = spec_error("title: T\n" + VALID_TAIL + "references:\n  - title: !!python/name:os.system\n")
    assert message == (
        "brief.yaml:7:12: the tag !!python/name:os.system is not allowed; "
        "a spec holds only plain text, lists and mappings"
    )


@pytest.mark.parametrize(
    ("tagged", "tag"),
    [("!!binary aGVsbG8=", "!!binary"), ("!!set {a, b}", "!!set"), ("!custom x", "!custom")],
)
def test_other_constructing_tags_are_refused(tagged: str, tag: str) -> None:
    assert spec_error(f"title: {tagged}\n" + VALID_TAIL) == (
        f"brief.yaml:1:8: the tag {tag} is not allowed; a spec holds only plain text, lists and mappings"
    )


def test_alias_bomb_is_refused_where_it_passes_the_limit() -> None:
    assert spec_error(BILLION_LAUGHS) == (
        "brief.yaml:6:16: the document expands to more than 250,000 values (aliases repeated too often?); "
        "a spec is never this big"
    )


def test_small_aliases_are_still_allowed() -> None:
    text = "title: &t Treaty\nsubtitle: *t\n" + VALID_TAIL
    assert parse_spec(text.encode()).subtitle == "Treaty"


def test_oversize_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"title: [" + b"x" * 5000)  # not even valid YAML: the size is checked first
    with pytest.raises(SpecError) as caught:
        load_spec(path, limits=Limits(max_bytes=1000))
    assert caught.value.problems == (
        Problem(
            1,
            1,
            "",
            "the file is 5,008 bytes, over the limit of 1,000 bytes; a spec is never this big "
            "(set BRIEFGEN_MAX_SPEC_BYTES to raise the limit)",
        ),
    )


def test_deep_nesting_is_refused() -> None:
    message = spec_error("title: T\n" + VALID_TAIL + "tags: " + "[" * 40 + "]" * 40 + "\n")
    assert message == "brief.yaml:6:38: lists and mappings are nested more than 32 deep; a spec never needs this"


def test_duplicate_key_is_an_error_not_an_overwrite() -> None:
    message = spec_error("title: First\nsubtitle: S\ntitle: Second\n" + VALID_TAIL)
    assert message == "brief.yaml:3:1: duplicate field 'title' (first given on line 1); keep one"


def test_duplicate_key_inside_a_section_is_located() -> None:
    text = "title: T\nkey_points: [x]\nsections:\n  - heading: A\n    body: B\n    heading: C\n"
    assert spec_error(text) == "brief.yaml:6:5: duplicate field 'heading' (first given on line 4); keep one"


# --- Encodings ----------------------------------------------------------------------------------


def test_latin1_byte_is_named_with_its_offset_and_line() -> None:
    data = ("title: T\n" + VALID_TAIL).encode() + b"summary: na\xefve\n"
    assert spec_error(data) == "brief.yaml:6:12: byte 0xef at offset 106 is not UTF-8; save the file as UTF-8"


def test_utf8_bom_is_accepted() -> None:
    brief = parse_spec(b"\xef\xbb\xbftitle: With a BOM\n" + VALID_TAIL.encode())
    assert brief.title == "With a BOM"


@pytest.mark.parametrize(
    ("encoding", "message"),
    [
        ("utf-16", "the file is UTF-16; save it as UTF-8"),
        ("utf-16-be", "the file looks like UTF-16 or UTF-32; save it as UTF-8"),
        ("utf-32-le", "the file looks like UTF-16 or UTF-32; save it as UTF-8"),
    ],
)
def test_wide_encodings_are_named(encoding: str, message: str) -> None:
    assert spec_error(("title: T\n" + VALID_TAIL).encode(encoding)) == f"brief.yaml:1:1: {message}"


# --- Shapes and types ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "\n\n", "# nothing here yet\n", "---\n"])
def test_empty_file(text: str) -> None:
    assert spec_error(text) == (
        "brief.yaml:1:1: the file is empty; a spec needs at least title, key_points and sections"
    )


def test_top_level_list() -> None:
    assert spec_error("- title: T\n- key_points: [x]\n") == (
        "brief.yaml:1:1: expected a mapping of fields for the spec, got a list"
    )


def test_top_level_scalar() -> None:
    assert spec_error("Just a sentence.\n") == "brief.yaml:1:1: expected a mapping of fields for the spec, got text"


def test_key_points_as_a_string() -> None:
    text = "title: T\nkey_points: The one point.\nsections:\n  - heading: H\n    body: B\n"
    assert spec_error(text) == (
        "brief.yaml:2:13: key_points: expected a list, got text (start each item on its own line with '- ')"
    )


def test_sections_as_a_mapping() -> None:
    text = "title: T\nkey_points: [x]\nsections:\n  heading: H\n  body: B\n"
    assert spec_error(text) == "brief.yaml:4:3: sections: expected a list, got a mapping of fields"


@pytest.mark.parametrize(("written", "shown"), [("2024-13-45", "'2024-13-45'"), ("next Tuesday", "'next Tuesday'")])
def test_date_that_is_not_a_date(written: str, shown: str) -> None:
    assert spec_error(f"title: T\ndate: {written}\n" + VALID_TAIL) == (
        f"brief.yaml:2:7: date: expected an ISO date (YYYY-MM-DD) such as 2024-11-12, got {shown}"
    )


def test_every_problem_is_reported_at_once() -> None:
    text = "title: [T]\ndate: soon\nkey_points: x\nsections: {}\n"
    assert spec_error(text).splitlines() == [
        "brief.yaml:1:8: title: expected text, got a list",
        "brief.yaml:2:7: date: expected an ISO date (YYYY-MM-DD) such as 2024-11-12, got 'soon'",
        "brief.yaml:3:13: key_points: expected a list, got text (start each item on its own line with '- ')",
        "brief.yaml:4:11: sections: expected a list, got a mapping of fields",
    ]


# --- Control characters: refused, located, never echoed raw -------------------------------------


def test_raw_control_character_is_located_at_its_line_and_column() -> None:
    message = spec_error("title: T\n" + VALID_TAIL + "summary: bell \x07 here\n")
    assert message == "brief.yaml:6:15: contains the control character U+0007, which cannot be printed; delete it"


def test_raw_nul_inside_a_block_body_is_located() -> None:
    text = "title: T\nkey_points: [x]\nsections:\n  - heading: H\n    body: |\n      one\n      tw\x00o\n"
    assert spec_error(text) == (
        "brief.yaml:7:9: contains the control character U+0000, which cannot be printed; delete it"
    )


def test_escaped_control_character_names_its_field() -> None:
    assert spec_error('title: "Bell\\aring"\n' + VALID_TAIL) == (
        "brief.yaml:1:8: title: contains the control character U+0007, which cannot be printed; delete it"
    )


def test_bidirectional_override_is_refused() -> None:
    assert spec_error('title: "abc\\u202Edef"\n' + VALID_TAIL) == (
        "brief.yaml:1:8: title: contains the bidirectional control U+202E, "
        "which would print the text in another order; delete it"
    )


def test_terminal_escape_in_a_key_is_shown_escaped() -> None:
    message = spec_error('"ti\\x1b[2Jtle": x\n' + VALID_TAIL)
    assert "\x1b" not in message
    assert message.splitlines()[0] == (
        "brief.yaml:1:1: ti\\x1b[2Jtle: unknown field 'ti\\x1b[2Jtle' (did you mean 'title'?)"
    )


# --- Links: http, https and mailto only ----------------------------------------------------------


def test_javascript_link_in_a_key_point_is_refused() -> None:
    text = "title: T\nkey_points:\n  - 'Click [here](javascript:alert(1))'\nsections:\n  - heading: H\n    body: B\n"
    assert spec_error(text) == (
        "brief.yaml:3:19: key_points[0]: link 'javascript:alert(1)' uses 'javascript:'; "
        "only http:, https: and mailto: links are allowed"
    )


def test_file_link_in_a_body_is_located_on_its_line() -> None:
    text = (
        "title: T\nkey_points: [x]\nsections:\n  - heading: H\n    body: |\n"
        "      Fine text.\n      See [this](file:///etc/passwd) too.\n"
    )
    assert spec_error(text) == (
        "brief.yaml:7:18: sections[0].body: link 'file:///etc/passwd' uses 'file:'; "
        "only http:, https: and mailto: links are allowed"
    )


def test_data_url_in_a_reference_is_refused() -> None:
    text = "title: T\n" + VALID_TAIL + "references:\n  - title: R\n    url: data:text/html,<b>x</b>\n"
    assert spec_error(text) == (
        "brief.yaml:8:10: references[0].url: address 'data:text/html,<b>x</b>' uses 'data:'; "
        "only http:, https: and mailto: links are allowed"
    )


# --- Text prints exactly as written --------------------------------------------------------------

REPORTLAB_MARKUP = [
    '<font color="red" size="40">big</font>',
    '<img src="/etc/passwd" width="10"/>',
    '<a href="javascript:alert(1)">click</a>',
    "<para>para</para>",
    "<b>unbalanced <i>tags",
    "</para></font>",
    "Fish & Chips &amp; &nbsp; &#0; &#x41; &lt;b&gt;",
    '<link href="file:///etc/passwd">x</link>',
    "<br/><seq/><onDraw name=x/>",
]


def test_reportlab_markup_in_user_text_prints_literally(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    spec = write_spec(
        minimal_spec(
            title="Title <b>not bold</b> & <i>plain</i>",
            key_points=REPORTLAB_MARKUP,
            sections=[{"heading": "<font size=30>Heading</font>", "body": "\n\n".join(REPORTLAB_MARKUP)}],
            references=[{"title": "<a href='x'>Ref</a> & co", "publisher": "<u>Pub</u>"}],
            smart_quotes=False,  # the markup's quotes as typed, to find it printed whole
        )
    )
    output = build(spec, tmp_path / "out.pdf").output
    text = pdf_text(output)
    for piece in REPORTLAB_MARKUP:  # once in the key points, once in the body
        assert text.count(piece) == 2, piece
    assert text.startswith("Title <b>not bold</b> & <i>plain</i> Key points")
    assert "<font size=30>Heading</font>" in text
    assert "<a href='x'>Ref</a> & co. <u>Pub</u>." in text
    assert pypdf.PdfReader(output).metadata.title == "Title <b>not bold</b> & <i>plain</i>"


def test_our_inline_markup_still_works_next_to_literal_markup(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    body = "**Bold** and *em* beside <b>tags</b> and a [link](https://example.org/?a=1&b=<2>)."
    spec = write_spec(minimal_spec(sections=[{"heading": "H", "body": body}]))
    output = build(spec, tmp_path / "out.pdf").output
    assert "Bold and em beside <b>tags</b> and a link." in pdf_text(output)
    annotations = [a.get_object() for a in pypdf.PdfReader(output).pages[0].get("/Annots", [])]
    assert [a["/A"]["/URI"] for a in annotations] == ["https://example.org/?a=1&b=<2>"]


def test_nfc_composable_marks_render_composed(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    spec = write_spec(minimal_spec(key_points=["Cafe\u0301, Zoe\u0308 and Sa\u0303o Paulo."]))
    result = build(spec, tmp_path / "out.pdf")
    assert "Café, Zoë and São Paulo." in pdf_text(result.output)
    assert result.warnings == ()


def test_greek_cyrillic_and_vietnamese_render_without_warning(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    spec = write_spec(minimal_spec(key_points=["Ελληνικά, Русский, Tiếng Việt."]))
    result = build(spec, tmp_path / "out.pdf")
    assert "Ελληνικά, Русский, Tiếng Việt." in pdf_text(result.output)
    assert result.warnings == ()


def test_cjk_is_drawn_and_an_emoji_is_a_located_error(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    result = build(write_spec(minimal_spec(key_points=["中文 and Korean 김정은"])), tmp_path / "out.pdf")
    assert "中文 and Korean 김정은" in pdf_text(result.output)
    assert result.warnings == ()
    spec = write_spec(minimal_spec(key_points=["中文 and 😀"]))
    with pytest.raises(SpecError) as caught:
        build(spec, tmp_path / "emoji.pdf")
    assert str(caught.value) == (
        f"{spec}:3:10: key_points[0]: no font for '😀' U+1F600 (emoji); briefgen prints no emoji "
        "(they would need colour fonts): write it in words, or delete it"
    )
    assert not (tmp_path / "emoji.pdf").exists()


def test_right_to_left_text_builds_without_warnings(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    spec = write_spec(minimal_spec(sections=[{"heading": "H", "body": "Shalom שלום and Salam سلام."}]))
    assert build(spec, tmp_path / "out.pdf").warnings == ()


def test_the_control_character_checks_look_at_every_character_they_refuse() -> None:
    """The checks search only what unusual_characters() leaves of a text: it must keep all they refuse."""
    import sys

    from briefgen.load.checker import _CONTROL
    from briefgen.load.located_yaml import _UNPRINTABLE
    from briefgen.text.glyphs import unusual_characters

    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    assert _CONTROL.findall(unusual_characters(everything, b"\t\n")) == _CONTROL.findall(everything)
    assert _UNPRINTABLE.findall(unusual_characters(everything, b"\t\n\r")) == _UNPRINTABLE.findall(everything)
    assert unusual_characters("Plain ASCII, one line.") == ""
    assert unusual_characters("Caf\u00e9\n\tend \u2028", b"\t") == "\u00e9\n\u2028"


def test_dates_survive_as_dates() -> None:
    brief = parse_spec(("title: T\ndate: 2024-11-12\n" + VALID_TAIL).encode())
    assert brief.date == dt.date(2024, 11, 12)


# --- YAML syntax errors say what to do ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "title: Russia: a new era\n",
            "1:14: YAML syntax error: mapping values are not allowed in this context; "
            "a ': ' inside text starts a new field; put the text in quotes",
        ),
        (
            "title: T\nkey_points:\n\t- x\n",
            "3:1: YAML syntax error: found character that cannot start any token; "
            "YAML cannot be indented with tabs: use spaces",
        ),
        (
            'title: "abc\nkey_points: [x]\n',
            "1:8: YAML syntax error: this quotation mark is not closed (read on to the end of the file); "
            "add the closing one where the text ends",
        ),
        (
            "title: [abc\n",
            "1:8: YAML syntax error: this list opened with '[' is not closed with ']' (read on to the end of the "
            "file); add the ']', or put a text that starts with '[' in quotes",
        ),
        (
            "title: T\nkey_points: [one, two\nsummary: S\n",
            "2:13: YAML syntax error: this list opened with '[' is not closed with ']' (read on to line 3, "
            "column 8); add the ']', or put a text that starts with '[' in quotes",
        ),
        (
            "title: T\nkey_points: {a: 1\nsummary: S\n",
            "2:13: YAML syntax error: this mapping opened with '{' is not closed with '}' (read on to line 3, "
            "column 8); add the '}', or put a text that starts with '{' in quotes",
        ),
        (
            "title: ééé\nsubtitle: @home\n",
            "2:11: YAML syntax error: found character that cannot start any token; "
            "a value cannot start with '@': put the text in quotes",
        ),
        ("title: *nope\n", "1:8: alias *nope refers to no anchor; text starting with '*' must be in quotes"),
    ],
)
def test_yaml_syntax_errors_carry_a_hint(text: str, message: str) -> None:
    assert spec_error(text) == f"brief.yaml:{message}"


def test_pasted_line_separator_says_what_to_do() -> None:
    assert spec_error('title: "One\\u2028Two"\n' + VALID_TAIL) == (
        "brief.yaml:1:8: title: contains the line or page separator U+2028 (pasted from a word processor?), "
        "which cannot be printed; replace it with a plain line break"
    )


def test_raw_vertical_tab_from_a_word_processor_is_located() -> None:
    assert spec_error("title: One\x0bTwo\n" + VALID_TAIL) == (
        "brief.yaml:1:11: contains the line or page separator U+000B (pasted from a word processor?), "
        "which cannot be printed; replace it with a plain line break"
    )


def test_windows_and_old_mac_line_endings_are_fine() -> None:
    text = "title: T\nkey_points: [x]\nsections:\n  - heading: H\n    body: |\n      One\n      two.\n\n      Three.\n"
    for newline in ("\r\n", "\r"):
        brief = parse_spec(text.replace("\n", newline).encode())
        assert [block.text for block in brief.sections[0].blocks] == ["One two.", "Three."]  # type: ignore[union-attr]


# --- Inline markup cannot be made slow ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["[" * 100_000, "[a" * 50_000, "[a](" * 25_000, "[a](b" * 20_000, "**" + "*a" * 50_000, "\\[" * 50_000],
    ids=["open-brackets", "open-labels", "open-urls", "unclosed-urls", "stars", "escapes"],
)
def test_pathological_markup_parses_in_linear_time(text: str) -> None:
    started = time.process_time()
    runs = markup.parse_inline(text)
    markup.links(text)
    assert time.process_time() - started < 1.0  # it was quadratic: 20,000 "[" took 9 seconds
    if "*" not in text:  # (the stars are partly emphasis)
        assert "".join(run.text for run in runs) == text.replace("\\[", "[")


def test_huge_values_are_clipped_in_messages() -> None:
    message = spec_error(f"title: T\ndate: {'2' * 1_000_000}\n" + VALID_TAIL)
    assert message == (
        "brief.yaml:2:7: date: expected an ISO date (YYYY-MM-DD) such as 2024-11-12, got '" + "2" * 79 + "…'"
    )


def test_huge_unknown_key_is_clipped_in_messages() -> None:
    message = spec_error("? " + "k" * 5000 + "\n: x\ntitle: T\n" + VALID_TAIL)
    assert message.startswith(f"brief.yaml:1:3: {'k' * 79}…: unknown field '{'k' * 79}…'; the fields here are: title,")


def test_marks_without_a_precomposed_letter_are_shaped_onto_their_letter(
    write_spec: Callable[..., Path], tmp_path: Path
) -> None:
    spec = write_spec(minimal_spec(key_points=["Cafe\u0301 and q\u0303 and Z\u0327."]))
    result = build(spec, tmp_path / "out.pdf")
    assert "Café and q\u0303 and Z\u0327." in pdf_text(result.output)
    assert result.warnings == ()


def test_devanagari_is_drawn_and_thai_names_its_noto_family(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    assert build(write_spec(minimal_spec(key_points=["Hindi \u0915\u093f"])), tmp_path / "out.pdf").warnings == ()
    spec = write_spec(minimal_spec(key_points=["Thai \u0e01"]))
    with pytest.raises(SpecError) as caught:
        build(spec, tmp_path / "thai.pdf")
    assert "no font for '\u0e01' U+0E01 (Thai); " in str(caught.value)
    assert "such as Noto Sans Thai in the theme's fonts.fallback" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("title: T\n" + VALID_TAIL + "---\ntitle: Second\nmore: x\nmore2: y\n", 6),
        ("title: T\n" + VALID_TAIL + "...\n---\nx: 1\n", 7),
        ("--- \ntitle: T\n" + VALID_TAIL + "--- \n", 7),
        ("title: T\n" + VALID_TAIL + "---\n" + BILLION_LAUGHS, 6),
    ],
    ids=["two documents", "after an end marker", "an empty second document", "a bomb in the second"],
)
def test_a_second_document_is_reported_at_its_start(text: str, line: int) -> None:
    assert spec_error(text) == f"brief.yaml:{line}:1: a second YAML document starts here; keep one spec per file"


def test_a_problem_in_a_one_line_text_points_at_its_character(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    """Plain and quoted one-line texts are located to the character; one with escapes, at its start."""
    text = (
        "title: T\nkey_points:\n  - Plain text with 😀 in it\n  - 'quoted, it''s 😀'\n  - \"esc\\u0061ped 😀\"\n"
        "sections:\n  - heading: H\n    body: B\n"
    )
    spec = write_spec(text)
    with pytest.raises(SpecError) as caught:
        build(spec, tmp_path / "out.pdf")
    located = [line.split(": ")[0].rsplit(":", 2)[1:] for line in str(caught.value).splitlines()]
    assert located == [["3", "21"], ["4", "5"], ["5", "5"]]
