"""What every block of a brief's layout needs: styles, theme, the structure element it goes into, numbering.

Input: the stylesheet, the theme and the document's root structure element.
Output: a ``LayoutContext`` whose helpers make tagged paragraphs from user
text (always through ``text.markup``) and number tables and figures.
"""

from __future__ import annotations

import functools
import re
from dataclasses import field, replace
from itertools import groupby
from typing import TYPE_CHECKING, Any

from reportlab.platypus import Flowable, Paragraph

from briefgen import model
from briefgen.layout import shaping_memo
from briefgen.layout.fragments import paragraph_fragments
from briefgen.layout.paragraphs import BalancedParagraph, TaggedParagraph
from briefgen.pdf import tagging
from briefgen.records import record
from briefgen.style.font_choice import FaceChain, face_chain
from briefgen.style.fonts import family_of
from briefgen.style.stylesheet import colour
from briefgen.style.theme import Theme
from briefgen.text import markup
from briefgen.text.glyphs import unusual_characters
from briefgen.text.scripts import (
    cjk_variant,
    is_western,
    language_is_right_to_left,
    paragraph_direction,
    primary_language,
    script_of,
)

if TYPE_CHECKING:
    from briefgen.layout.shaped_paragraph import ShapedParagraph
from briefgen.text.labels import Labels, labels_for

# A character of another script than Latin: Greek (U+0370) and past it (a search stops at the first one).
# Written as what it is not: the range up to U+10FFFF took re 3 ms of a cold build to compile, this 0.1.
_PAST_LATIN = re.compile("[^\x00-\u036f]")


@record(frozen=False)
class LayoutContext:
    """What laying out one document needs besides its blocks: styles, theme, structure, labels and numbering."""

    styles: dict[str, Any]
    theme: Theme
    # Structure elements: the document, and the element new blocks go into.
    root: tagging.Element
    parent: tagging.Element | None = None
    labels: dict[str, str] = field(default_factory=dict)  # block id -> "Figure 2", for [@id]
    counters: dict[str, int] = field(default_factory=dict)  # "figure"/"table" -> last number used
    section_number: int = 0
    words: Labels = field(default_factory=lambda: labels_for("en"))  # the labels, in the brief's language
    # The chains of faces paragraphs are set in, by style font and weight (see ``_sets_simply``).
    face_chains: dict[tuple[str, str], FaceChain] = field(default_factory=dict, repr=False, compare=False)

    def para(
        self, text: str, style: str, *, cls: type[Paragraph] = TaggedParagraph, bullet: str = "", anchor: str = ""
    ) -> Flowable:
        """Return a paragraph of ``text`` (inline markup) in ``style``: ReportLab's, or shaped if it must be."""
        runs, settable = self._prepared("para", text, style, bullet)
        show_urls = self.theme.show_link_urls and any(run.url for run in runs)
        balance = cls is BalancedParagraph
        if settable is None:
            return self.shaped(runs, style, bullet=bullet, anchor=anchor, balance=balance)
        runs = settable
        fragments = None if anchor or show_urls else self._fragments(runs, style)
        if fragments is None:  # ReportLab parses the markup; given fragments, it keeps the text only to show it
            text = markup.runs_to_paragraph_markup(
                runs, link_color=self.theme.link_colour, labels=self.labels, show_urls=show_urls, anchor=anchor
            )
        return cls(text, self.styles[style], bulletText=bullet or None, frags=fragments)

    def plain(self, text: str, style: str, *, cls: type[Paragraph] = TaggedParagraph) -> Flowable:
        """Return a paragraph of plain ``text`` (no markup) in ``style``: ReportLab's, or shaped if it must be."""
        runs, settable = self._prepared("plain", text, style)
        if settable is None:
            return self.shaped(runs, style, balance=cls is BalancedParagraph)
        runs = settable
        fragments = self._fragments(runs, style, link_colour="")
        markup_text = text if fragments is not None else markup.runs_to_paragraph_markup(runs)
        return cls(markup_text, self.styles[style], frags=fragments)

    def _fragments(self, runs: tuple[markup.Run, ...], style_name: str, link_colour: str | None = None) -> Any:
        """Return ReportLab's fragments of ``runs`` (``paragraph_fragments``), made once per render.

        ``runs`` are ``_prepared``'s, one object for one paragraph through the render, so a tighter layout
        tried gets the same fragments, and its paragraph finds the lines they were cut into (``paragraphs``).
        Fragments hold the style's font, size and colour; ReportLab never changes them, it clones them.
        """
        style = self.styles[style_name]
        link = self.theme.link_colour if link_colour is None else link_colour
        key = ("fragments", id(runs), style.fontName, style.fontSize, style.textColor, link)
        return shaping_memo.remembered(key, lambda: paragraph_fragments(runs, style, link_color=link))

    def _prepared(
        self, kind: str, text: str, style_name: str, bullet: str = ""
    ) -> tuple[tuple[markup.Run, ...], tuple[markup.Run, ...] | None]:
        """Return a paragraph's runs, cut where another language starts, and as ReportLab sets them (None: shaped).

        ``kind`` "para": ``text`` is inline markup; "plain": plain text. Made once per render (a tighter layout
        tried asks again), from what decides it: the text, the style's font, the bullet, the brief's language,
        the theme's fonts and link addresses, and the labels a cross-reference prints.
        """

        def prepare() -> tuple[tuple[markup.Run, ...], tuple[markup.Run, ...] | None]:
            parsed = markup.parse_inline(text) if kind == "para" else (markup.Run(text),)
            runs, beyond = self._in_languages(parsed)
            settable = self.settable_runs(runs, style_name, bullet=bullet, beyond=beyond)
            return runs, None if settable is None else _unbreakable_narrow_spaces(settable)

        theme = self.theme
        labels = tuple(sorted(self.labels.items())) if kind == "para" and "[@" in text else ()
        font = self.styles[style_name].fontName
        key = (kind, text, font, bullet, self.lang, theme.show_link_urls, theme.fallback_fonts, labels)
        return shaping_memo.remembered(key, prepare)

    def settable_runs(
        self, runs: tuple[markup.Run, ...], style_name: str, *, bullet: str = "", beyond: list[str] | None = None
    ) -> tuple[markup.Run, ...] | None:
        """Return ``runs`` as ReportLab's paragraphs set them, or None if only a shaped paragraph can set them.

        ReportLab's cannot when a character is missing from its face, needs
        shaping or runs right to left (``FaceChain.sets_with_reportlab``),
        unless it is a Hangul syllable amid other letters: then the runs come
        back cut, those syllables set in their own font (``pdf.cid_fonts``).
        ``beyond`` holds each run's characters beyond printable ASCII, if known.
        """
        if self.right_to_left:  # a right-to-left page is mirrored, which only shaped paragraphs can be
            return None
        style = self.styles[style_name]
        texts, addresses = self._printed(runs)
        if beyond is None or any(run.ref for run in runs):  # a reference prints as its label, not its text
            unusual = unusual_characters("".join(texts) + "".join(addresses) + bullet)
        else:  # what the whole paragraph's would be: printable ASCII is deleted character by character
            unusual = "".join(beyond) + unusual_characters("".join(addresses) + bullet)
        base = family_of(style.fontName)[1]
        weights = {_weight(base, run.strong, run.emphasis) for run in runs} | {"regular"}
        if all(self._sets_simply(style.fontName, weight, unusual) for weight in weights):
            return runs
        extra = unusual_characters("".join(addresses) + bullet)
        if primary_language(self.lang) == "ko" or not self._sets_simply(style.fontName, base, extra):
            return None  # a brief in Korean breaks its lines between syllables, as only shaped paragraphs can
        return self._with_fallback_fonts(runs, texts, style.fontName, base)

    def _with_fallback_fonts(
        self, runs: tuple[markup.Run, ...], texts: list[str], font_name: str, base: str
    ) -> tuple[markup.Run, ...] | None:
        """Return ``runs`` cut where a character its face lacks is set plainly in a fallback's font, or None."""
        from briefgen.pdf.cid_fonts import plain_font_name, sets_plainly

        language = primary_language(self.lang)
        cjk = cjk_variant(self.lang, "".join(texts))
        cut: list[markup.Run] = []
        for run, text in zip(runs, texts, strict=True):
            weight = _weight(base, run.strong, run.emphasis)
            chain = self._chain(font_name, weight)
            lacking = chain.not_set_simply(unusual_characters(text))
            if not lacking:
                cut.append(run)
                continue
            if run.ref:
                return None
            fonts: dict[str, str] = {}
            for ch in lacking:
                face = chain.face_for(ch, script_of(ch), cjk)
                if face is None or not sets_plainly(face, ch, language):
                    return None
                fonts[ch] = plain_font_name(face)
            at = 0
            for font, group in groupby([fonts.get(ch, "") for ch in text]):
                length = len(list(group))
                cut.append(replace(run, text=text[at : at + length], font=font))
                at += length
        return tuple(cut)

    def _printed(self, runs: tuple[markup.Run, ...]) -> tuple[list[str], list[str]]:
        """Return each run's text as printed (a reference: its label) and the address printed after it, if any."""
        show_urls = self.theme.show_link_urls
        texts = [self.labels.get(run.ref, run.text) if run.ref else run.text for run in runs]
        addresses = [markup.printed_address(runs, index) if show_urls else "" for index in range(len(runs))]
        return texts, addresses

    def shaped(
        self,
        runs: tuple[markup.Run, ...],
        style_name: str,
        *,
        bullet: str = "",
        anchor: str = "",
        balance: bool = False,
    ) -> ShapedParagraph:
        """Return ``runs`` as a shaped paragraph (``settable_runs`` says when ReportLab's cannot set them)."""
        style = self.styles[style_name]
        texts, addresses = self._printed(runs)
        family, base = family_of(style.fontName)
        # Imported here: a brief in Latin letters never loads the shaping machinery.
        from briefgen.layout.shaped_paragraph import ShapedParagraph
        from briefgen.pdf.shaping import Span

        link = colour(self.theme.link_colour)
        spans: list[Span] = []
        for run, text, address in zip(runs, texts, addresses, strict=True):
            target = run.url or ("#" + markup.anchor_name(run.ref) if run.ref in self.labels else "")
            weight = _weight(base, run.strong, run.emphasis)
            spans.append(Span(text, weight, link if run.url else None, target, run.lang))
            if address:
                spans.append(Span(f" ({address})", base))
        whole = "".join(span.text for span in spans)
        return ShapedParagraph(
            spans,
            style,
            lambda weight: face_chain(self.theme.fallback_fonts, family, weight),
            lang=self.lang,
            direction=paragraph_direction(whole, self.right_to_left),
            bullet=bullet,
            anchor=markup.anchor_name(anchor) if anchor else "",
            balance=balance,
            mirrored=self.right_to_left,
        )

    @functools.cached_property
    def right_to_left(self) -> bool:
        """Return whether the brief's pages run right to left (its language is Arabic, Hebrew, ...)."""
        return language_is_right_to_left(self.lang)

    def _sets_simply(self, font_name: str, weight: str, unusual: str) -> bool:
        """Return whether ReportLab sets text with these ``unusual`` characters in ``weight`` of ``font_name``.

        Every paragraph asks: the face chain is kept for the brief (``face_chain``'s cache would hash the
        family and fallbacks each time); the chain keeps each character's answer for the process.
        """
        return self._chain(font_name, weight).sets_with_reportlab(unusual)

    def _chain(self, font_name: str, weight: str) -> FaceChain:
        key = (font_name, weight)
        chain = self.face_chains.get(key)
        if chain is None:
            chain = self.face_chains[key] = face_chain(self.theme.fallback_fonts, family_of(font_name)[0], weight)
        return chain

    @property
    def lang(self) -> str:
        """Return the brief's language: which CJK glyph forms it wants, which way its pages run."""
        return self.words.lang

    def _in_languages(self, runs: tuple[markup.Run, ...]) -> tuple[tuple[markup.Run, ...], list[str] | None]:
        """Return ``runs`` with the runs of another language (Korean in English) cut out, to be tagged with it.

        With them, each run's characters beyond printable ASCII, if the runs are those given (None if cut).
        """
        # Only the characters beyond printable ASCII can be of another script or not Windows-1252: found in C.
        beyond = [unusual_characters(run.text) for run in runs]
        if not any(_PAST_LATIN.search(characters) for characters in beyond):
            return runs, beyond  # no letter of another script (most text)
        if all(run.ref or (run.text and is_western(chars)) for run, chars in zip(runs, beyond, strict=True)):
            return runs, beyond  # typographic quotes and dashes, accented letters: nothing to cut (with_languages')
        return markup.with_languages(runs, self.words.lang), None

    def tagged(self, flowable: Flowable, role: str, parent: tagging.Element | None = None, **details: Any) -> Flowable:
        """Tag ``flowable`` as a new ``role`` element, the last child of ``parent`` (default: the current one)."""
        element = (parent or self.parent or self.root).child(role, **details)
        return tagging.tag(flowable, element)

    def next_label(self, block: model.Block) -> str:
        kind = LABEL_KINDS[type(block)]
        self.counters[kind] = self.counters.get(kind, 0) + 1
        return self.words(kind, number=self.counters[kind])

    @functools.cached_property
    def column_width(self) -> float:
        width, _ = self.theme.page
        return width - self.theme.margin_left - self.theme.margin_right

    @functools.cached_property
    def column_height(self) -> float:
        _, height = self.theme.page
        return height - self.theme.margin_top - self.theme.margin_bottom


def _weight(base: str, strong: bool, emphasis: bool) -> str:
    """Return the face a run is set in: the style's face, made bold by ``**`` and italic by ``*``."""
    bold = strong or base in ("bold", "bold_italic")
    italic = emphasis or base in ("italic", "bold_italic")
    return ("bold_italic" if italic else "bold") if bold else ("italic" if italic else "regular")


# The label each numbered block is counted under. Charts are figures, as in most publications:
# "Figure 1" may be a photo and "Figure 2" a chart.
LABEL_KINDS: dict[type, str] = {model.Table: "table", model.Figure: "figure", model.Chart: "figure"}


def _unbreakable_narrow_spaces(runs: tuple[markup.Run, ...]) -> tuple[markup.Run, ...]:
    """Return ``runs`` with each narrow no-break space (U+202F) a no-break space, for ReportLab's paragraphs.

    ReportLab breaks lines at a narrow no-break space, and its whitespace cleaning turns it into a plain
    space, so a Russian date ("19 июня 2024 г.", as the locale's data writes it) could end a line after
    the year. A no-break space keeps the two together, as a shaped paragraph keeps the narrow one.
    """
    if not any("\u202f" in run.text for run in runs):
        return runs
    return tuple(replace(run, text=run.text.replace("\u202f", "\xa0")) if "\u202f" in run.text else run for run in runs)
