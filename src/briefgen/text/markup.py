"""Turn the spec's small inline markup into runs, and runs into ReportLab paragraph markup.

The spec allows ``*emphasis*``, ``**strong**``, ``[text](url)`` and backslash
escapes (``\\*``). Everything else a user types is text: ``<``, ``>`` and ``&``
are escaped here, in this one place, so ReportLab never interprets user text
as its own markup.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from briefgen.records import record

ALLOWED_URL_SCHEMES = ("http", "https", "mailto")

_TOKEN = re.compile(
    r"\\(?P<escaped>[\\*\[\]()_])"
    r"|\*\*(?P<strong>(?:\\.|[^\\])+?)\*\*"
    r"|\*(?P<em>[^\s*](?:[^*]*?[^\s*\\])?)\*"
    r"|\[@(?P<ref>[A-Za-z][A-Za-z0-9_-]*)\]"
    # A label holds no unescaped "[": otherwise every "[" of a text with no "]" would scan to
    # its end, and 100,000 characters of "[" would take minutes (quadratic backtracking).
    r"|\[(?P<label>(?:\\.|[^\[\]\\])+)\]\((?P<url>(?:[^()\s]|\([^()\s]*\))+)\)"
)


@record
class Run:
    """A stretch of text with one set of inline styles."""

    text: str
    strong: bool = False
    emphasis: bool = False
    url: str = ""
    ref: str = ""  # for ``[@id]``: the id of the table, figure or chart referred to
    lang: str = ""  # another language than the paragraph's, that the run's script makes clear
    font: str = ""  # the font to set it in, where the paragraph's lacks its characters (Hangul amid Cyrillic)


@record
class Link:
    """A ``[text](url)`` found in a text field, with its offset for error locations."""

    url: str
    offset: int


def parse_inline(text: str) -> tuple[Run, ...]:
    """Split ``text`` into runs; unmatched markup characters stay literal text."""
    if "*" not in text and "[" not in text and "\\" not in text:  # every token starts with one of them
        return (Run(text),) if text else ()
    runs: list[Run] = []
    _parse(text, Run(""), runs)
    return tuple(_merge(runs))


def links(text: str) -> list[Link]:
    """Return every link target in ``text`` with its character offset."""
    if "](" not in text:  # most text has no link: skip the scan (this runs on every text field)
        return []
    found: list[Link] = []
    for match in _TOKEN.finditer(text):
        if match.group("url") is not None:
            found.append(Link(match.group("url"), match.start("url")))
        for inner in ("strong", "em", "label"):
            if match.group(inner) is not None:
                found.extend(Link(link.url, link.offset + match.start(inner)) for link in links(match.group(inner)))
    return found


def references(text: str) -> list[Link]:
    """Return every ``[@id]`` cross-reference in ``text``, its id as ``url``, with its offset."""
    if "[@" not in text:
        return []
    return [Link(run_ref, offset) for run_ref, offset in _references(text, 0)]


def _references(text: str, base: int) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    for match in _TOKEN.finditer(text):
        if match.group("ref") is not None:
            found.append((match.group("ref"), base + match.start()))
        for inner in ("strong", "em", "label"):
            if match.group(inner) is not None:
                found += _references(match.group(inner), base + match.start(inner))
    return found


def url_problem(url: str) -> str:
    """Return why ``url`` may not be linked to, or ``""`` if it may."""
    scheme, sep, rest = url.partition(":")
    if not sep or "/" in scheme or "." in scheme:
        return f"link '{_clip(url)}' is not a full address; write it with its scheme, e.g. https://{_clip(url)}"
    if scheme.lower() not in ALLOWED_URL_SCHEMES:
        return f"link '{_clip(url)}' uses '{scheme}:'; only http:, https: and mailto: links are allowed"
    if scheme.lower() in ("http", "https") and not rest.startswith("//"):
        return f"link '{_clip(url)}' has no host; write it as {scheme}://host/path"
    if scheme.lower() in ("http", "https") and not rest[2:].split("/")[0]:
        return f"link '{_clip(url)}' has no host; write it as {scheme}://host/path"
    return ""


def plain_text(text: str) -> str:
    """Return ``text`` without markup, for metadata, bookmarks and footers."""
    return "".join(run.text for run in parse_inline(text))


def anchor_name(block_id: str) -> str:
    """Return the PDF destination name of the table, figure or chart with ``block_id``."""
    return f"ref-{block_id}"


def runs_to_paragraph_markup(
    runs: tuple[Run, ...],
    *,
    link_color: str = "",
    labels: Mapping[str, str] | None = None,
    show_urls: bool = False,
    anchor: str = "",
) -> str:
    """Return ReportLab paragraph markup for already parsed runs.

    ``labels`` maps cross-reference ids to what they print as ("Figure 2"),
    and each such reference links to the block; ``anchor`` makes this
    paragraph the target of references to that id; ``show_urls`` prints each
    link's address after its text, for paper.
    """
    parts: list[str] = [f"<a name={quoteattr(anchor_name(anchor))}/>"] if anchor else []
    for index, run in enumerate(runs):
        text = (labels or {}).get(run.ref, run.text) if run.ref else run.text
        piece = escape(text)
        if run.font:
            piece = f"<font name={quoteattr(run.font)}>{piece}</font>"
        if run.ref and labels and run.ref in labels and not run.url:
            piece = f"<a href={quoteattr('#' + anchor_name(run.ref))}>{piece}</a>"
        if run.emphasis:
            piece = f"<i>{piece}</i>"
        if run.strong:
            piece = f"<b>{piece}</b>"
        if run.url:
            colour = f" color={quoteattr(link_color)}" if link_color else ""
            piece = f"<a href={quoteattr(run.url)}{colour}>{piece}</a>"
            address = printed_address(runs, index) if show_urls else ""
            if address:
                piece += f" ({escape(address)})"
        if run.lang:
            before, after = _language_marks(runs, index)
            piece = before + piece + after
        parts.append(piece)
    return "".join(parts)


# The onDraw callback a paragraph calls where a run of another language starts (label: its tag) or ends ("").
LANGUAGE_MARK = "briefgen-lang"


def with_languages(runs: tuple[Run, ...], lang: str) -> tuple[Run, ...]:
    """Return ``runs`` cut where a run of another language than ``lang`` (Korean in English) starts and ends.

    The pieces in another language carry its tag in ``lang``; see ``language.foreign_spans``.
    """
    from briefgen.text.language import foreign_spans

    out: list[Run] = []
    for run in runs:
        spans = [] if run.ref or run.text.isascii() else foreign_spans(run.text, lang)
        position = 0
        for start, end, found in spans:
            if start > position:
                out.append(replace(run, text=run.text[position:start]))
            out.append(replace(run, text=run.text[start:end], lang=found))
            position = end
        out.append(run if not spans else replace(run, text=run.text[position:]))
    return tuple(run for run in out if run.text or run.ref)


def _language_marks(runs: tuple[Run, ...], index: int) -> tuple[str, str]:
    """Return the onDraw marks before and after ``runs[index]``: where another language starts and ends."""
    opens, closes = language_edges(runs, index)
    before = "" if opens is None else f"<onDraw name={LANGUAGE_MARK} label={quoteattr(opens)}/>"
    return before, f'<onDraw name={LANGUAGE_MARK} label=""/>' if closes else ""


def language_edges(runs: tuple[Run, ...], index: int) -> tuple[str | None, bool]:
    """Return the language another language's run ``runs[index]`` starts (None: none starts), and if one ends."""
    lang = runs[index].lang
    if not lang:
        return None, False
    opens = None if index and runs[index - 1].lang == lang else lang
    return opens, index + 1 == len(runs) or runs[index + 1].lang != lang


def _parse(text: str, style: Run, out: list[Run]) -> None:
    position = 0
    for match in _TOKEN.finditer(text):
        if match.start() > position:
            out.append(_styled(text[position : match.start()], style))
        if match.group("escaped") is not None:
            out.append(_styled(match.group("escaped"), style))
        elif match.group("strong") is not None:
            _parse(match.group("strong"), _with(style, strong=True), out)
        elif match.group("em") is not None:
            _parse(match.group("em"), _with(style, emphasis=True), out)
        elif match.group("ref") is not None:
            out.append(Run(match.group(), style.strong, style.emphasis, style.url, ref=match.group("ref")))
        else:
            _parse(match.group("label"), _with(style, url=match.group("url")), out)
        position = match.end()
    if position < len(text):
        out.append(_styled(text[position:], style))


def _styled(text: str, style: Run) -> Run:
    return Run(text, style.strong, style.emphasis, style.url)


def _with(style: Run, *, strong: bool = False, emphasis: bool = False, url: str = "") -> Run:
    return Run(
        "",
        style.strong or strong,
        style.emphasis or emphasis,
        style.url or url,
    )


def _merge(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if run.ref or (merged and merged[-1].ref):
            merged.append(run)
        elif merged and (merged[-1].strong, merged[-1].emphasis, merged[-1].url) == (
            run.strong,
            run.emphasis,
            run.url,
        ):
            merged[-1] = _styled(merged[-1].text + run.text, run)
        else:
            merged.append(run)
    return merged


def printed_address(runs: tuple[Run, ...], index: int) -> str:
    """Return the address to print after ``runs[index]`` when links are shown for paper, or ``""``.

    It follows a link's last run, unless the link's text is its address already.
    """
    run = runs[index]
    last_of_link = index + 1 == len(runs) or runs[index + 1].url != run.url
    if not run.url or not last_of_link or run.text.strip() == _bare_address(run.url):
        return ""
    return _bare_address(run.url)


def _bare_address(url: str) -> str:
    return url.removeprefix("mailto:")


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# escape() and quoteattr() as xml.sax.saxutils defines them, written out here because importing
# saxutils imports urllib.request, http.client, ssl and email: a fifth of a cold build's start-up.
def escape_inline(text: str) -> str:
    """Return plain text with the spec's inline markup characters escaped, to embed it in inline markup."""
    return "".join("\\" + ch if ch in "\\*[]()_" else ch for ch in text)


def escape(text: str) -> str:
    """Return ``text`` with ``&``, ``<`` and ``>`` escaped (``xml.sax.saxutils.escape``)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(text: str) -> str:
    """Return ``text`` escaped and quoted as an attribute value (``xml.sax.saxutils.quoteattr``)."""
    text = escape(text).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"{}"'.format(text.replace('"', "&quot;"))


def numbered_caption(label: str, caption: str) -> str:
    """Return inline markup for a numbered caption: the label ("Table 2") in bold, then the caption."""
    label = escape_inline(label)
    return f"**{label}.** {caption}" if caption else f"**{label}**"
