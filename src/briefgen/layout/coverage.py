"""Find the characters of a brief that its theme's fonts cannot draw.

Input: a ``model.Brief`` and the theme. Output: warnings in words (which
characters, in which script, and which font would draw them).
"""

from __future__ import annotations

import functools
import unicodedata

from briefgen import model
from briefgen.style.fonts import font_coverage
from briefgen.style.theme import Theme
from briefgen.text import glyphs


def missing_glyph_warnings(brief: model.Brief, theme: Theme) -> list[str]:
    """Return warnings for text the theme's fonts cannot show: missing glyphs, right-to-left scripts."""
    covered = _covered(theme.body_font.name, theme.heading_font.name)
    text = _all_text(brief)
    distinct = _distinct_characters(text, _printable_ascii_missing(covered))
    warnings = (
        glyphs.missing_glyphs_warning([distinct], covered),
        glyphs.right_to_left_warning([distinct]),
        # Marks are judged with the letter before them, so only then is the whole text read.
        glyphs.loose_marks_warning([text], covered) if any(map(unicodedata.combining, distinct)) else "",
    )
    return [warning for warning in warnings if warning]


def _distinct_characters(text: str, ascii_to_check: str) -> str:
    """Return the characters of ``text`` worth looking up: any non-ASCII or control, and ``ascii_to_check``.

    This runs for every build, over every character of the brief; printable
    ASCII, nearly all of a brief, is checked once per font instead.
    """
    present = [ch for ch in ascii_to_check if ch in text]
    return "".join(dict.fromkeys(glyphs.unusual_characters(text))) + "".join(present)


@functools.cache
def _printable_ascii_missing(covered: frozenset[int]) -> str:
    return "".join(chr(code) for code in glyphs.PRINTABLE_ASCII if code not in covered)


@functools.cache
def _covered(body_font: str, heading_font: str) -> frozenset[int]:
    invisible = frozenset(range(0x20)) | {0x200B, 0x200C, 0x200D, 0xFEFF, 0x00AD}
    return font_coverage(body_font) & font_coverage(heading_font) | invisible


def _all_text(brief: model.Brief) -> str:
    parts = [brief.title, brief.subtitle, brief.organization, brief.summary, brief.classification]
    parts += brief.authors
    parts += brief.key_points
    for section in brief.sections:
        parts.append(section.heading)
        for block in section.blocks:
            parts += _block_text(block)
    for reference in brief.references:
        parts += [reference.title, reference.publisher, reference.url]
    return "".join(parts)


def _block_text(block: model.Block) -> list[str]:
    """Return every piece of text a block prints, for the glyph check."""
    if isinstance(block, model.BulletList):
        return list(block.items)
    if isinstance(block, model.Paragraph | model.Code):
        return [block.text]
    if isinstance(block, model.Quote):
        return [block.text, block.attribution]
    if isinstance(block, model.Table):
        return [*block.columns, *(cell for row in block.rows for cell in row), block.caption, block.source]
    if isinstance(block, model.Figure):
        return [block.caption, block.credit]
    if isinstance(block, model.Chart):
        names = [series.name for series in block.series]
        return [block.title, *block.categories, *names, block.x_label, block.y_label, block.caption, block.source]
    return [block.title, *(text for inner in block.blocks for text in _block_text(inner))]
