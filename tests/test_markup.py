"""Inline markup: our small syntax becomes ReportLab markup, everything else is escaped."""

from __future__ import annotations

import pytest

from briefgen.markup import Run, links, parse_inline, plain_text, to_paragraph_markup, url_problem


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
    assert to_paragraph_markup("<b>x</b> & <font size=99>") == "&lt;b&gt;x&lt;/b&gt; &amp; &lt;font size=99&gt;"


def test_link_attributes_are_quoted() -> None:
    assert to_paragraph_markup('[x](https://e.org/?a="1"&b=<2>)', link_color="#123456") == (
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
