"""Itemize and shape a paragraph of any script: bidi levels, a face per character, HarfBuzz glyphs per run.

Input: the paragraph's text as ``Span``s (text with a weight, a colour and a
link), the chain of faces for each weight (``style.font_choice``), the size,
the language and a base direction. Output: a ``ShapedText``: runs of one
level, face, script and span, each with its glyphs (clusters index the
paragraph's text), and each character's advance, so that lines can be
measured and broken before anything is drawn.

The steps, in order: embedding levels for the whole paragraph
(``text.bidi``); the script of each character, Common and Inherited ones
resolved (``text.scripts``); a face per character (the style's own typeface
for all it has, fallbacks by script for the rest; marks and joiners stay
with the letter they follow); runs; and each run shaped on its own, in
logical order, in its direction.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import field
from itertools import accumulate, groupby
from typing import Any

from briefgen.pdf.font_subsets import EM
from briefgen.pdf.shaped_fonts import Glyph, glyph_face
from briefgen.records import record
from briefgen.style.font_choice import FaceChain
from briefgen.style.font_coverage import FontFace, coverage
from briefgen.text.bidi import embedding_levels
from briefgen.text.scripts import (
    NEUTRAL_SCRIPTS,
    character_scripts,
    cjk_variant,
    primary_language,
    resolved_scripts,
    script_label,
)

# Scripts set as ReportLab sets them (no kerning, no ligatures), so that a shaped paragraph's Latin matches the rest.
PLAIN_SCRIPTS = frozenset({"Latn", "Grek", "Cyrl", "Zyyy"})


class NoFontError(ValueError):
    """A character no font can draw reached the layout (``briefgen check`` should have refused it)."""


@record
class Span:
    """A piece of a paragraph's text: its weight, colour (None: the style's), link, and language if not the page's."""

    text: str
    weight: str = "regular"
    colour: Any = None
    url: str = ""  # an address, or "#name" for a destination in the document
    lang: str = ""  # another language than the paragraph's (a Korean name in English): tagged with its /Lang


@record(frozen=False)
class Run:
    """A stretch of the text in one level, face, script and span, with its glyphs in visual order."""

    start: int
    end: int
    level: int
    face: FontFace
    script: str
    span: int
    glyphs: list[Glyph] = field(default_factory=list)

    @property
    def rtl(self) -> bool:
        """Return whether the run reads right to left."""
        return self.level % 2 == 1


@record(frozen=False)
class ShapedText:
    """A paragraph itemized and shaped, ready to be broken into lines and drawn."""

    text: str
    spans: tuple[Span, ...]
    span_of: list[int]  # each character's span
    runs: list[Run]
    size: float
    level: int  # the paragraph's embedding level: odd for right to left
    lang: str
    advances: list[float] = field(default_factory=list)  # each character's advance in points (a cluster's: its first)
    _prefix: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        advances = [0.0] * len(self.text)
        for run in self.runs:
            for glyph in run.glyphs:
                advances[glyph.cluster] += glyph.advance * self.size / EM
        self.advances = advances
        self._prefix = [0.0, *accumulate(advances)]

    @property
    def rtl(self) -> bool:
        """Return whether the paragraph runs right to left."""
        return self.level % 2 == 1

    def width(self, start: int = 0, end: int | None = None) -> float:
        """Return the width of ``text[start:end]`` in points, as shaped."""
        return self._prefix[len(self.text) if end is None else end] - self._prefix[start]

    def run_at(self, index: int) -> Run:
        """Return the run holding character ``index``."""
        return next(run for run in self.runs if run.start <= index < run.end)


def shape_text(
    spans: Sequence[Span], chain: Callable[[str], FaceChain], size: float, lang: str, direction: str | None = None
) -> ShapedText:
    """Return ``spans`` shaped at ``size`` in the faces ``chain(weight)`` picks.

    ``direction`` is "ltr" or "rtl" for the paragraph's base direction, or
    None to take it from its first strong letter.

    Raises:
        NoFontError: a character no face has.

    """
    text = "".join(span.text for span in spans)
    span_of = [index for index, span in enumerate(spans) for _ in span.text]
    levels, level = embedding_levels(text, direction)
    scripts = resolved_scripts(text)
    faces = _faces(text, spans, chain, scripts, cjk_variant(lang, text))
    runs: list[Run] = []
    start = 0
    for key, group in groupby(zip(levels, faces, map(_shaping_script, scripts), span_of, strict=True)):
        end = start + len(list(group))
        runs.append(Run(start, end, *key))
        start = end
    language = primary_language(lang)
    for run in runs:
        shaped = glyph_face(run.face).shape(
            text[run.start : run.end],
            rtl=run.rtl,
            script=run.script,
            language=language,
            kerning=run.script not in PLAIN_SCRIPTS,
            offset=run.start,
        )
        for glyph in shaped:
            if glyph.gid == 0:
                ch = text[glyph.cluster]
                raise NoFontError(f"no glyph for {ch!r} U+{ord(ch):04X} in {run.face.label}")
        run.glyphs = shaped
        if run.script == "Hani":
            run.glyphs = _squeeze_punctuation(text, run.glyphs)
    return ShapedText(text, tuple(spans), span_of, runs, size, level, lang)


# Full-width punctuation whose glyph sits in the left half of its em (closing), or the right half (opening).
CLOSING_PUNCTUATION = frozenset("，。、）」』】》〉〕｝：；")
OPENING_PUNCTUATION = frozenset("（「『【《〈〔｛")


def _squeeze_punctuation(text: str, glyphs: list[Glyph]) -> list[Glyph]:
    """Return the glyphs with a closing mark followed by another mark set half-width, as CJK type is set.

    Two full-width marks in a row (as in ），or 。」) would leave a whole em
    of white between them.
    """
    marks = CLOSING_PUNCTUATION | OPENING_PUNCTUATION
    squeezed = list(glyphs)
    for index in range(len(glyphs) - 1):
        glyph, following = glyphs[index], glyphs[index + 1]
        adjacent = following.cluster == glyph.cluster + 1 and glyph.advance >= 900
        if adjacent and text[glyph.cluster] in CLOSING_PUNCTUATION and text[following.cluster] in marks:
            squeezed[index] = Glyph(glyph.gid, glyph.cluster, glyph.advance / 2, glyph.dx, glyph.dy)
    return squeezed


# Each face chain's choice for a character of a script in a CJK variant: whether it follows its letter, and the face
# that has it, by script and character; and whether a character goes on in a face outside the chain (``_continues``).
# Kept for the process: a brief asks for the same few hundred characters in every paragraph.
_CHOICES: dict[tuple[FaceChain, str], dict[str, dict[str, tuple[bool, FontFace | None]]]] = {}
_CONTINUES: dict[tuple[FaceChain, FontFace, str], bool] = {}


def _faces(
    text: str, spans: Sequence[Span], chain: Callable[[str], FaceChain], scripts: Sequence[str], cjk: str
) -> list[FontFace]:
    """Return the face of each character: the chain's, a mark's letter's, or the face of the word it is inside."""
    inside = _between_letters_of_one_script(text)
    faces: list[FontFace] = []
    index = 0
    for span in spans:
        span_chain = chain(span.weight)
        choices = _CHOICES.setdefault((span_chain, cjk), {})
        previous: FontFace | None = None  # the face of the span's character before
        script, by_character = "", {}  # a text's characters come in runs of one script: looked up once a run
        for ch in span.text:
            if scripts[index] != script:
                script = scripts[index]
                by_character = choices.setdefault(script, {})
            choice = by_character.get(ch)
            if choice is None:
                choice = by_character[ch] = (_follows_its_letter(ch, script), span_chain.face_for(ch, script, cjk))
            follows, face = choice
            if previous is not None and (follows or (inside[index] and _continues(previous, ch, span_chain))):
                # Marks and joiners go with their letter; spaces, digits and punctuation amid Arabic or Chinese
                # words are set in their font: one run (shaped together, read as one by text extractors), one look.
                face = previous
            elif face is None:
                if unicodedata.category(ch) != "Cf":
                    raise NoFontError(f"no font for {ch!r} U+{ord(ch):04X} ({script_label(ch)})")
                face = faces[-1] if faces else span_chain.own[0]  # invisible: shaped (and dropped) with its neighbour
            faces.append(face)
            previous = face
            index += 1
    return faces


def _continues(face: FontFace, ch: str, chain: FaceChain) -> bool:
    key = (chain, face, ch)
    goes_on = _CONTINUES.get(key)
    if goes_on is None:
        goes_on = _CONTINUES[key] = face not in chain.own and ord(ch) in coverage(face)
    return goes_on


def _between_letters_of_one_script(text: str) -> list[bool]:
    """Return, for each character, whether it is a Common one with letters of one script on both sides."""
    scripts = character_scripts(text)  # an ASCII character not a letter is Common: Zyyy
    before: list[str] = []
    last = ""
    for script in scripts:
        before.append(last)
        if script not in NEUTRAL_SCRIPTS:
            last = script
    inside = [False] * len(text)
    following = ""
    for index in range(len(text) - 1, -1, -1):
        if scripts[index] in NEUTRAL_SCRIPTS:
            inside[index] = bool(following) and following == before[index]
        else:
            following = scripts[index]
    return inside


def _follows_its_letter(ch: str, script: str) -> bool:
    """Return whether ``ch`` must be shaped in the face of the character before it (a mark, a joiner)."""
    return script == "Zinh" or unicodedata.category(ch) in ("Mn", "Mc", "Me", "Cf") or 0xFE00 <= ord(ch) <= 0xFE0F


def _shaping_script(script: str) -> str:
    # Kana and Chinese characters are one run for HarfBuzz: the font shapes them alike.
    return "Hani" if script in ("Hira", "Kana", "Bopo") else script
