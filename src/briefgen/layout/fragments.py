"""ReportLab's paragraph fragments of already parsed runs, made without its markup parser.

Input: a paragraph's runs (``text.markup``) and its style. Output: the
fragments ReportLab's parser would make of their markup, attribute for
attribute, or None where the parser must make them (cross-references, text
whose whitespace ReportLab would clean).
"""

from __future__ import annotations

import functools
import re
from typing import Any

from reportlab.lib.abag import ABag

from briefgen import reportlab_compat
from briefgen.text import markup

# Stands for a link's address in the fragments parsed once per style (see paragraph_fragments).
_ADDRESS = "https://briefgen.invalid/address"


def paragraph_fragments(runs: tuple[markup.Run, ...], style: Any, *, link_color: str = "") -> list[Any] | None:
    """Return the fragments ReportLab's parser makes of ``runs``' paragraph markup, without parsing it.

    ReportLab parses paragraph markup with an HTML parser, 5% of a build;
    runs are already parsed. Each run's fragment is a copy of one parsed
    once per style, weight, slant and link colour, with the run's text and
    address put in, and its font if another (``Run.font``); a run of another
    language is marked at its ends as the parser marks it (``<onDraw>``,
    which tags it). Returns None (parse the markup) for what this does not
    cover: cross-references, and text ReportLab's whitespace cleaning would
    change. (The layout also leaves anchors and printed link addresses to
    the parser.)
    """
    text = "".join(run.text for run in runs)
    if not text or not _kept_by_cleaning(text):
        return None
    fragments = []
    links = 0  # the parser numbers the paragraph's <a> elements; each linked run is one
    for index, run in enumerate(runs):
        if run.ref:
            return None  # a cross-reference: the parser makes it
        prototype = _prototype(style, run.strong, run.emphasis, bool(run.url), link_color)
        if prototype is None:
            return None
        opens, closes = markup.language_edges(runs, index)
        plain = _prototype(style, False, False, False, link_color) if run.lang else None
        if run.lang and plain is None:
            return None
        if opens is not None:
            fragments.append(_language_mark(plain, opens))
        fragment = reportlab_compat.fragment_with_text(prototype, run.text, (links, run.url) if run.url else None)
        if run.font:  # as the parser makes <font name>: a family of its own, every weight and slant one face
            fragment.fontName, fragment.bold, fragment.italic, fragment.__tag__ = run.font, 1, 1, "font"
        fragments.append(fragment)
        if closes:
            fragments.append(_language_mark(plain, ""))
        links += bool(run.url)
    reportlab_compat.transform_fragments(fragments, style)
    return fragments


def _language_mark(plain: Any, lang: str) -> Any:
    """Return the fragment the parser makes of ``<onDraw name=briefgen-lang label=lang/>``: no text, a callback."""
    mark = reportlab_compat.fragment_with_text(plain, "", None)
    mark.__tag__, mark.cbDefn = "ondraw", ABag(kind="onDraw", label=lang, name=markup.LANGUAGE_MARK)
    return mark


@functools.lru_cache(maxsize=512)
def _prototype(style: Any, strong: bool, emphasis: bool, linked: bool, link_color: str) -> Any:
    run = markup.Run("x", strong, emphasis, _ADDRESS if linked else "")
    fragments = reportlab_compat.parse_paragraph_markup(
        markup.runs_to_paragraph_markup((run,), link_color=link_color), style
    )
    if len(fragments) != 1 or fragments[0].text != "x":
        return None
    fragment = fragments[0]
    if not reportlab_compat.clonable_fragment(fragment):
        return None
    if reportlab_compat.fragment_links(fragment) != ([(0, _ADDRESS)] if linked else []):
        return None  # not the link records this module knows how to make
    return fragment


def _kept_by_cleaning(text: str) -> bool:
    """Return whether ReportLab's whitespace cleaning (``cleanBlockQuotedText``) leaves ``text`` as it is.

    It splits at Python's white space and joins with single spaces, but not at a no-break space, so a
    Russian paragraph's no-break spaces (after short words, inside dates) stay; where there is one, it
    also splits at a zero-width space.
    """
    if _OTHER_SPACE.search(text) or "  " in text or text[:1] == " " or text[-1:] == " ":
        return False
    return "\xa0" not in text or "\u200b" not in text


_OTHER_SPACE = re.compile(r"[^\S \xa0]")  # white space but the space and the no-break space: one class, in C
