"""ReportLab's frag words, read: their text, where they held soft hyphens, and a stretch of their characters.

Input: a frag word as ``reportlab_compat.frag_words`` gives it, a width and
then (fragment, text) pairs, each fragment in its own font. Output: its text,
the offsets of its soft hyphens (which the parser took out), the fragment of a
character, and the (fragment, text) pairs and width of characters
``begin:end``. ``paragraph_items`` measures a word's pieces with these, and
``paragraph_lines`` cuts the words at a line's end. For ``paragraphs``: what
decides a paragraph's breakpoints (``frag_signature``), whether its words are
text only, and a paragraph's own copy of its pieces before ReportLab splits it.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth

from briefgen import reportlab_compat


def word_text(word: Any) -> str:
    """Return a frag word's text, its fragments' pieces joined."""
    return "".join(piece for _, piece in word[1:])


def soft_hyphen_offsets(word: Any) -> list[int]:
    """Return where a word held soft hyphens (which the parser took out), as offsets into its text."""
    found: list[int] = []
    offset = 0
    for _, piece in word[1:]:
        found += [offset + x for x in reportlab_compat.soft_hyphen_places(piece)]
        offset += len(piece)
    return found


def fragment_at(word: Any, index: int) -> Any:
    """Return the fragment of a frag word's character ``index`` (its last fragment past its end)."""
    offset = 0
    for frag, piece in word[1:]:
        offset += len(piece)
        if index < offset:
            return frag
    return word[-1][0]


def segments(word: Any, begin: int, end: int) -> list[tuple[Any, str]]:
    """Return the (fragment, text) pairs of characters ``begin:end`` of a frag word."""
    out: list[tuple[Any, str]] = []
    offset = 0
    length = len(word_text(word))
    for frag, piece in word[1:]:
        stop = offset + len(piece)
        if stop > begin and offset < end:
            out.append((frag, piece[max(begin - offset, 0) : min(end, stop) - offset]))
        elif not piece and (begin <= offset < end or offset == end == length):
            out.append((frag, piece))  # zero-width fragments (anchors) stay in place
        offset = stop
    return out


def piece_width(word: Any, begin: int, end: int) -> float:
    """Return the width of characters ``begin:end`` of a frag word, each in its own font."""
    if begin == 0 and end >= len(word_text(word)):
        return float(word[0])
    return float(sum(stringWidth(t, f.fontName, f.fontSize) for f, t in segments(word, begin, end) if t))


def frag_signature(words: list[Any]) -> tuple[Any, ...]:
    """Return what decides frag words' breakpoints: each word's width and space after, each piece's text and look."""
    spaced = reportlab_compat.SPACED_WORD
    soft_hyphens = reportlab_compat.soft_hyphen_places
    return tuple(
        (
            word[0],
            isinstance(word, spaced),
            *[
                (text, fragment.fontName, fragment.fontSize, fragment.rise, type(text) is str or (*soft_hyphens(text),))
                for fragment, text in word[1:]
            ],
        )
        for word in words
    )


def text_only(words: list[Any]) -> bool:
    """Return whether frag words hold only text and anchors (no images, no ``<br/>``)."""
    checked = None  # the words of a run share its fragment: each is looked at once
    for word in words:
        for fragment, _ in word[1:]:
            if fragment is not checked:
                if reportlab_compat.fragment_kind(fragment) not in ("text", "mark"):
                    return False
                checked = fragment
    return True


def own_pieces(paragraph: Any) -> None:
    """Give a paragraph in several fonts its own copy of each piece of its words, for ReportLab's split to change.

    The split marks the piece that ends its first part as a line's last (it changes the piece's class), and the
    pieces may be shared with a tighter layout tried (``paragraphs.OptimalParagraph._cut``).
    """
    frags = paragraph.frags
    if frags and isinstance(frags[0], list):
        paragraph.frags = [type(piece)(piece) if isinstance(piece, list) else piece for piece in frags]
