"""Set typed punctuation as a typesetter would: typographic quotes and apostrophes, en and em dashes.

Input: a piece of user text (the text of one run of inline markup, after
parsing, so addresses in links are never touched), the brief's language, and
the character that came before it (the end of the previous run). Output: the
same text with ``"`` and ``'`` turned into the language's quotes and
apostrophes, ``---`` into an em dash and ``--`` into an en dash. Words that
look like addresses or code (``https://``, ``www.``, ``snake_case``) are left
as typed.

``typographic`` is the one function for this: per-language quotes belong in
``QUOTES``, and other languages' rules (French spaces before ``;:!?``) would be
added here.
"""

from __future__ import annotations

import re

# (opening double, closing double, opening single, closing single and apostrophe), by language.
QUOTES: dict[str, tuple[str, str, str, str]] = {
    "en": ("\u201c", "\u201d", "\u2018", "\u2019"),
    "ru": ("\u00ab", "\u00bb", "\u201e", "\u2019"),
}
_DASHES = re.compile(r"(?<!-)-{2,3}(?!-)")
# Before these, a quote opens: the start of the text, a space, an opening bracket, a dash, another opening quote.
_OPENS_AFTER = " \t\n([{\u2013\u2014/\u00ab\u201c\u201e\u2018"
_ADDRESS_LIKE = re.compile(r"""://|^www\.|\w_\w|\w\.\w+/|=["']|^<""")  # addresses, identifiers, markup
_ELIDED_YEAR = re.compile(r"'\d\d(?!\d)")  # '90s, '24: an apostrophe, not an opening quote


def typographic(text: str, lang: str = "en", before: str = "") -> str:
    """Return ``text`` with straight quotes and ``--``/``---`` made typographic for ``lang``.

    ``before`` is the character just before ``text`` (the end of the
    previous run), which decides whether a quote at its start opens or closes.
    """
    if '"' not in text and "'" not in text and "--" not in text:
        return text
    quotes = QUOTES.get(lang.split("-")[0].lower(), QUOTES["en"])
    pieces = re.split(r"(\s+)", text)  # words and the white space between them, alternately
    for index, piece in enumerate(pieces):
        if piece and not piece.isspace() and not _ADDRESS_LIKE.search(piece):
            dashed = _DASHES.sub(lambda m: "\u2014" if len(m.group()) == 3 else "\u2013", piece)
            pieces[index] = _quotes(dashed, quotes, before if index == 0 else " ")
    return "".join(pieces)


def _quotes(word: str, quotes: tuple[str, str, str, str], before: str) -> str:
    opening_double, closing_double, opening_single, closing_single = quotes
    chars = list(word)
    for index, char in enumerate(chars):
        if char not in "\"'":
            continue
        previous = chars[index - 1] if index else before
        opens = not previous or previous in _OPENS_AFTER
        if char == '"':
            chars[index] = opening_double if opens else closing_double
        elif opens and not _ELIDED_YEAR.match(word, index):
            chars[index] = opening_single
        else:
            chars[index] = closing_single  # an apostrophe, or a closing single quote
    return "".join(chars)
