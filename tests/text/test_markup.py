"""Inline markup: our small syntax becomes ReportLab markup, everything else is escaped."""

from __future__ import annotations

import pytest

from briefgen.text import markup
from briefgen.text.markup import Run, links, parse_inline, plain_text, runs_to_paragraph_markup, url_problem


def test_emphasis_strong_and_links_become_runs() -> None:
    assert parse_inline("a *b* **c** [d](https://e.org)") == (
        Run("a "),
        Run("b", emphasis=True),
        Run(" "),
        Run("c", strong=True),
        Run(" "),
        Run("d", url="https://e.org"),
    )


def test_unmatched_and_escaped_asterisks_stay_literal() -> None:
    assert plain_text("2 * 3 = 6, a*b, \\*not em\\*, **open") == "2 * 3 = 6, a*b, *not em*, **open"


def test_reportlab_markup_is_escaped() -> None:
    assert (
        runs_to_paragraph_markup(parse_inline("<b>x</b> & <font size=99>"))
        == "&lt;b&gt;x&lt;/b&gt; &amp; &lt;font size=99&gt;"
    )


def test_link_attributes_are_quoted() -> None:
    assert runs_to_paragraph_markup(parse_inline('[x](https://e.org/?a="1"&b=<2>)'), link_color="#123456") == (
        '<a href=\'https://e.org/?a="1"&amp;b=&lt;2&gt;\' color="#123456">x</a>'
    )


def test_links_with_parentheses_in_the_url() -> None:
    assert links("see [w](https://en.wikipedia.org/wiki/A_(b)).") == [
        links("see [w](https://en.wikipedia.org/wiki/A_(b)).")[0]
    ]
    assert parse_inline("[w](https://en.wikipedia.org/wiki/A_(b))")[0].url == "https://en.wikipedia.org/wiki/A_(b)"


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://example.org", True),
        ("http://example.org/x", True),
        ("mailto:someone@example.org", True),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("data:text/html,hi", False),
        ("https://", False),
        ("example.org", False),
    ],
)
def test_only_web_and_mail_links_are_allowed(url: str, allowed: bool) -> None:
    assert (url_problem(url) == "") is allowed


# --- Paragraph fragments made without ReportLab's parser --------------------------------------------

_FRAGMENT_CASES = [
    "Plain text, as most paragraphs are.",
    "Some *emphasis*, some **strength** and ***both*** in one line.",
    "AT&T <b>is</b> not markup & neither is 3 > 2.",
    "See [the treaty text](https://example.org/treaty?a=1&b=2) and [**the** annex](mailto:annex@example.org).",
    "Escaped \\*stars\\* and \\[brackets\\] stay literal.",
    "*[an emphasised link](https://example.org/)* then plain.",
    "[One](https://example.org/x) address, [two](https://example.org/x) links to it.",
    "Договор подписан 19\xa0июня 2024\xa0г. в\xa0Пхеньяне — [текст](https://example.org/) *в\xa0сети*.",
]


def _merged(fragments: list[object]) -> list[tuple[object, ...]]:
    """Return the fragments as (text, font, size, colour, link), adjacent ones of one style joined.

    ReportLab's parser starts a new fragment at each character entity (&amp;); that changes nothing drawn.
    """
    merged: list[tuple[object, ...]] = []
    for fragment in fragments:
        style = (fragment.fontName, fragment.fontSize, str(fragment.textColor), fragment.link, fragment.us_lines)  # type: ignore[attr-defined]
        if merged and merged[-1][1:] == style:
            merged[-1] = (merged[-1][0] + fragment.text, *style)  # type: ignore[attr-defined, operator]
        else:
            merged.append((fragment.text, *style))  # type: ignore[attr-defined]
    return merged


@pytest.mark.parametrize("text", _FRAGMENT_CASES)
def test_paragraph_fragments_are_what_reportlabs_parser_makes(text: str) -> None:
    from reportlab.platypus.paraparser import ParaParser

    from briefgen.layout.fragments import paragraph_fragments
    from briefgen.load.theme_file import default_theme
    from briefgen.style.stylesheet import stylesheet

    style = stylesheet(default_theme())["body"]
    runs = markup.parse_inline(text)
    made = paragraph_fragments(runs, style, link_color="#1d4f91")
    assert made is not None
    _, parsed, _ = ParaParser().parse(markup.runs_to_paragraph_markup(runs, link_color="#1d4f91"), style)
    assert _merged(made) == _merged(parsed)


def test_paragraph_fragments_keep_no_break_spaces_as_reportlabs_paragraph_does() -> None:
    from reportlab.platypus import Paragraph

    from briefgen.layout.fragments import paragraph_fragments
    from briefgen.load.theme_file import default_theme
    from briefgen.style.stylesheet import stylesheet

    style = stylesheet(default_theme())["body"]
    text = "Договор от 19\xa0июня 2024\xa0г. вступил в\xa0силу [в\xa0декабре](https://example.org/)."
    runs = markup.parse_inline(text)
    made = paragraph_fragments(runs, style, link_color="#1d4f91")
    assert made is not None
    parsed = Paragraph(markup.runs_to_paragraph_markup(runs, link_color="#1d4f91"), style).frags
    assert _merged(made) == _merged(parsed)
    assert "".join(fragment.text for fragment in made).count("\xa0") == 4
    # Beside a no-break space ReportLab's cleaning also splits at a zero-width space: the parser's to make.
    assert paragraph_fragments((markup.Run("в\xa0силу\u200bи"),), style) is None
    assert paragraph_fragments((markup.Run("в\xa0силу  и"),), style) is None


def test_paragraph_fragments_leave_cross_references_and_loose_spaces_to_the_parser() -> None:
    from briefgen.layout.fragments import paragraph_fragments
    from briefgen.load.theme_file import default_theme
    from briefgen.style.stylesheet import stylesheet

    style = stylesheet(default_theme())["body"]
    assert paragraph_fragments(markup.parse_inline("See [@fig-1]."), style) is None
    assert paragraph_fragments((markup.Run(" two  spaces "),), style) is None
    assert paragraph_fragments((), style) is None


def test_paragraph_fragments_of_other_languages_and_fonts_are_the_parser_s_attribute_for_attribute() -> None:
    from reportlab.platypus.paraparser import ParaParser

    from briefgen.layout.fragments import paragraph_fragments
    from briefgen.load.theme_file import default_theme
    from briefgen.pdf.cid_fonts import plain_font_name
    from briefgen.style.font_coverage import FontFace
    from briefgen.style.fonts import register_fonts
    from briefgen.style.stylesheet import stylesheet

    theme = default_theme()
    register_fonts(theme)
    style = stylesheet(theme, "ru")["body"]
    cjk = plain_font_name(FontFace.parse("NotoSansCJK-Regular.ttc#1"))
    runs = (
        markup.Run("Путин и Ким ("),
        markup.Run("김정은", lang="ko", font=cjk),
        markup.Run(") и "),
        markup.Run("Ἀθῆναι", strong=True, lang="el"),
        markup.Run(" ", lang="el"),
        markup.Run("김여정", strong=True, url="https://example.org/kim", lang="el", font=cjk),
        markup.Run("."),
    )
    made = paragraph_fragments(runs, style, link_color="#1d4f91")
    assert made is not None
    _, parsed, _ = ParaParser().parse(markup.runs_to_paragraph_markup(runs, link_color="#1d4f91"), style)

    def described(fragment: object) -> dict[str, object]:
        values = dict(vars(fragment))
        values["cbDefn"] = vars(values["cbDefn"]) if "cbDefn" in values else None
        values["textColor"] = str(values["textColor"])
        values.pop("style", None)
        return values

    assert [described(fragment) for fragment in made] == [described(fragment) for fragment in parsed]
    assert [fragment.cbDefn.label for fragment in made if hasattr(fragment, "cbDefn")] == ["ko", "", "el", ""]


def test_fragments_are_made_only_for_text_reportlabs_whitespace_cleaning_keeps() -> None:
    import random

    from reportlab.platypus.paragraph import cleanBlockQuotedText

    from briefgen.layout.fragments import paragraph_fragments
    from briefgen.load.theme_file import default_theme
    from briefgen.style.stylesheet import stylesheet

    style = stylesheet(default_theme())["body"]
    chooser = random.Random(11)
    alphabet = "ab \xa0\t\n\u2009\u202f\u3000\x85я"
    for _ in range(3000):
        text = "".join(chooser.choices(alphabet, k=chooser.randint(1, 7)))
        kept = cleanBlockQuotedText(text) == text
        assert (paragraph_fragments((markup.Run(text),), style) is not None) == kept, repr(text)
