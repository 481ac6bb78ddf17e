"""What every block of a brief's layout needs: styles, theme, the structure element it goes into, numbering.

Input: the stylesheet, the theme and the document's root structure element.
Output: a ``LayoutContext`` whose helpers make tagged paragraphs from user
text (always through ``text.markup``) and number tables and figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportlab.platypus import Flowable, Paragraph

from briefgen import model
from briefgen.layout.paragraphs import TaggedParagraph, paragraph_fragments
from briefgen.pdf import tagging
from briefgen.style.theme import Theme
from briefgen.text import markup
from briefgen.text.labels import Labels, labels_for


@dataclass
class LayoutContext:
    styles: dict[str, Any]
    theme: Theme
    # Structure elements: the document, and the element new blocks go into.
    root: tagging.Element
    parent: tagging.Element | None = None
    labels: dict[str, str] = field(default_factory=dict)  # block id -> "Figure 2", for [@id]
    counters: dict[str, int] = field(default_factory=dict)  # "figure"/"table" -> last number used
    section_number: int = 0
    words: Labels = field(default_factory=lambda: labels_for("en"))  # the labels, in the brief's language

    def para(
        self, text: str, style: str, *, cls: type[Paragraph] = TaggedParagraph, bullet: str = "", anchor: str = ""
    ) -> Paragraph:
        runs = self._in_languages(markup.parse_inline(text))
        show_urls = self.theme.show_link_urls and any(run.url for run in runs)
        fragments = (
            None
            if anchor or show_urls
            else paragraph_fragments(runs, self.styles[style], link_color=self.theme.link_colour)
        )
        if fragments is None:  # ReportLab parses the markup; given fragments, it keeps the text only to show it
            text = markup.runs_to_paragraph_markup(
                runs, link_color=self.theme.link_colour, labels=self.labels, show_urls=show_urls, anchor=anchor
            )
        return cls(text, self.styles[style], bulletText=bullet or None, frags=fragments)

    def plain(self, text: str, style: str, *, cls: type[Paragraph] = TaggedParagraph) -> Paragraph:
        runs = self._in_languages((markup.Run(text),))
        fragments = paragraph_fragments(runs, self.styles[style])
        markup_text = text if fragments is not None else markup.runs_to_paragraph_markup(runs)
        return cls(markup_text, self.styles[style], frags=fragments)

    def _in_languages(self, runs: tuple[markup.Run, ...]) -> tuple[markup.Run, ...]:
        """Return ``runs`` with the runs of another language (Korean in English) cut out, to be tagged with it."""
        if all(run.text.isascii() or max(run.text) < "\u0370" for run in runs):
            return runs  # no letter of another script (most text)
        return markup.with_languages(runs, self.words.lang)

    def tagged(self, flowable: Flowable, role: str, parent: tagging.Element | None = None, **details: Any) -> Flowable:
        """Tag ``flowable`` as a new ``role`` element, the last child of ``parent`` (default: the current one)."""
        element = (parent or self.parent or self.root).child(role, **details)
        return tagging.tag(flowable, element)

    def next_label(self, block: model.Block) -> str:
        kind = LABEL_KINDS[type(block)]
        self.counters[kind] = self.counters.get(kind, 0) + 1
        return self.words(kind, number=self.counters[kind])

    @property
    def column_width(self) -> float:
        width, _ = self.theme.page
        return width - self.theme.margin_left - self.theme.margin_right

    @property
    def column_height(self) -> float:
        _, height = self.theme.page
        return height - self.theme.margin_top - self.theme.margin_bottom


# The label each numbered block is counted under. Charts are figures, as in most publications:
# "Figure 1" may be a photo and "Figure 2" a chart.
LABEL_KINDS: dict[type, str] = {model.Table: "table", model.Figure: "figure", model.Chart: "figure"}
