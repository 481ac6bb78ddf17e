"""Draw a plain paragraph's lines in a few calls each: the operators ReportLab's ``drawPara`` writes, to the byte.

Input: a wrapped ``Paragraph`` on its canvas (``drawPara``'s ``self``). Output: its text drawn, if its lines
are plain (ReportLab's kind 0: one TrueType font, words as strings, no underline, strike, link or background),
and whether it was: for any other paragraph nothing is drawn and ReportLab's ``drawPara`` draws it.

ReportLab sets each line through five to eight calls (moving the cursor, word spacing, choosing the subset,
encoding, escaping, formatting numbers). Here a line is encoded in one call through the font's map of codes
(``splitString`` if a character is new), escaped once, and its one or three operators are appended to the
text object as one string (it is joined with spaces). What ``drawPara`` does once per paragraph (its state, bullet,
colour, font) is repeated call for call.
"""

from __future__ import annotations

from codecs import charmap_encode
from collections.abc import Callable
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.rl_config import paraFontSizeHeightOffset

from briefgen import reportlab_compat
from briefgen.style.truetype import EmbeddedFont

ALIGNMENTS = (TA_LEFT, TA_CENTER, TA_RIGHT, TA_JUSTIFY)
# drawPara's tolerances: a line's extra space counts as none within 1e-8, a move along it within 1e-6.
NO_SPACE = 1e-8
NO_MOVE = 1e-6
# The operators naming each size and leading drawn ("9.5 Tf 13 TL"): a theme has a few.
SIZES: dict[tuple[float, float], str] = {}
SIZES_KEPT = 256


def draw_plain_paragraph(paragraph: Any, debug: int = 0) -> bool:
    """Draw ``paragraph`` as ``drawPara`` would if its lines are plain; return False, drawing nothing, if not."""
    style = paragraph.style
    plain = paragraph.blPara
    lines = plain.lines
    if debug or plain.kind != 0 or not lines or style.alignment not in ALIGNMENTS or not _plain_style(style):
        return False
    if getattr(plain, "us_lines", None) or getattr(plain, "link", None):
        return False  # underlined, struck or linked: ReportLab records where each line's text runs
    if "preformatted" in type(paragraph).__name__.lower() or reportlab_compat.line_offsets(paragraph) is not None:
        return False
    canvas = paragraph.canv
    font = getFont(plain.fontName)
    escape = reportlab_compat.truetype_escape(canvas, font)
    if escape is None:
        return False  # a standard font: ReportLab encodes it otherwise
    leading = style.leading
    auto_leading = getattr(paragraph, "autoLeading", getattr(style, "autoLeading", ""))
    if auto_leading == "max":
        leading = max(leading, plain.ascent - plain.descent)
    elif auto_leading == "min":
        leading = plain.ascent - plain.descent

    canvas.saveState()
    offset = style.firstLineIndent + 0  # drawPara adds the first line's _offsets entry: 0 here
    y = paragraph.height - (plain.fontSize if paraFontSizeHeightOffset else getattr(plain, "ascent", plain.fontSize))
    if paragraph.bulletText:
        offset = reportlab_compat.draw_bullet(canvas, paragraph, offset, y)
    canvas.setFillColor(plain.textColor)
    text = paragraph.beginText(style.leftIndent, y)
    text.preformatted = False
    text.direction = style.wordWrap
    text.setFont(plain.fontName, plain.fontSize, leading)  # a TrueType font: no operator, no subset chosen yet
    setting = LineSetting(
        text, font, reportlab_compat.pdf_document(canvas), escape, style.alignment, _size(plain.fontSize, leading)
    )
    justify_last = reportlab_compat.justifies_last_line(paragraph)
    setting.set_lines(lines, offset, justify_last=justify_last, last_words=style.justifyLastLine or 0)
    canvas.drawText(text)
    canvas.restoreState()
    return True


def _size(size: float, leading: float) -> str:
    """Return what names a size and leading after a subset's name ("9.5 Tf 13 TL"): made once per process."""
    key = (size, leading)
    operators = SIZES.get(key)
    if operators is None:
        if len(SIZES) >= SIZES_KEPT:
            SIZES.clear()
        number = reportlab_compat.format_number
        operators = SIZES[key] = f"{number(size)} Tf {number(leading)} TL"
    return operators


def _plain_style(style: Any) -> bool:
    """Return whether the style draws no background or border and sets text left to right, unshaped."""
    border = getattr(style, "borderColor", None) and getattr(style, "borderWidth", None)
    return not (style.backColor or border or style.wordWrap or getattr(style, "shaping", 0))


class LineSetting:
    """Sets a paragraph's plain lines into its text object as ``drawPara``'s line functions do (kind 0)."""

    def __init__(
        self, text: Any, font: Any, document: Any, escape: Callable[[bytes], str], alignment: int, size: str
    ) -> None:
        self.text = text
        self.operators = reportlab_compat.text_operators(text)
        self.font = font
        self.document = document
        self.escape = escape
        self.alignment = alignment
        self.size = size  # the size and leading after a subset's name: "9.5 Tf 13 TL"
        self.subset = -1  # setFont leaves none chosen: the first string names its subset

    def set_lines(self, lines: list[Any], first_offset: float, *, justify_last: bool, last_words: int) -> None:
        """Set ``lines`` ((extra space, words) pairs); the first indented by ``first_offset``, the others not.

        The last line is justified if ``justify_last`` (a split paragraph's first part) or if it has more than
        ``last_words`` words (the style's ``justifyLastLine``, 0 for never).
        """
        append = self.operators.append
        split = self.font.splitString
        escape = self.escape
        document = self.document
        # Once the font drew a space into the document, a line in its first subset is encoded here (``splitString``).
        encoder = self.font.encoder(document) if isinstance(self.font, EmbeddedFont) else None
        use_map = encoder is not None
        encode = charmap_encode
        justified = self.alignment == TA_JUSTIFY
        moving = not (justified or self.alignment == TA_LEFT)  # centred or set right: moved by its extra space
        last_index = len(lines) - 1
        for index, (extra, words) in enumerate(lines):
            shown = " ".join(words)
            if justified:
                last = index == last_index and not justify_last and not (last_words and len(words) > last_words)
                simple = -NO_SPACE < extra <= NO_SPACE or (last and extra > -NO_SPACE)
            else:
                simple = extra > -NO_SPACE
            spaces = 0
            if not simple:
                spaces = len(words) + shown.count("\xa0") - 1
                simple = spaces <= 0
            try:
                encoded = encode(shown.replace("\xa0", " "), "strict", encoder)[0] if use_map and shown else None
            except UnicodeEncodeError:  # a character new to the document, or past its first subset
                encoded = None
            if encoded is not None and self.subset == 0:
                operator = f"({escape(encoded)}) Tj T*"
            else:
                operator = self._show([(0, encoded)] if encoded is not None else split(shown, document))
            if moving or (index == 0 and first_offset):
                self._set_moved_line(first_offset if index == 0 else 0, extra, spaces if not simple else 0, operator)
            elif simple:
                append(operator)
            else:
                append(f"{reportlab_compat.format_number(extra / float(spaces))} Tw {operator} 0 Tw")

    def _show(self, codes: list[tuple[int, bytes]]) -> str:
        """Return the operators showing a line's codes, naming each subset they change to (``_formatText``)."""
        shown = []
        for subset, string in codes:
            if subset != self.subset:
                shown.append(f"{self.font.getSubsetInternalName(subset, self.document)} {self.size}")
                self.subset = subset
            shown.append(f"({self.escape(string)}) Tj")
        return " ".join(shown) + " T*"

    def _set_moved_line(self, offset: float, extra: float, spaces: int, operator: str) -> None:
        """Set a line that moves along the baseline first: indented, centred or set right (word spaced if spaces)."""
        append = self.operators.append
        word_space = f"{reportlab_compat.format_number(extra / float(spaces))} Tw" if spaces else ""
        if self.alignment in (TA_LEFT, TA_JUSTIFY):
            move = offset
            self._move(move)
            if word_space:
                append(word_space)
        else:
            move = offset if word_space else offset + (0.5 * extra if self.alignment == TA_CENTER else extra)
            if word_space:
                append(word_space)
            self._move(move)
        append(operator)
        if word_space:
            append("0 Tw")
        self._move(-move)

    def _move(self, dx: float) -> None:
        if dx > NO_MOVE or dx < -NO_MOVE:
            self.text.setXPos(dx)
