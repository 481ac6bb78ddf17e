"""What every block of a brief's layout needs: styles, theme, the structure element it goes into, numbering.

Input: the stylesheet, the theme and the document's root structure element.
Output: a ``LayoutContext`` whose helpers make tagged paragraphs from user
text (always through ``text.markup``) and number tables and figures.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from reportlab.platypus import Flowable, Paragraph

from briefgen import model
from briefgen.layout.paragraphs import TaggedParagraph, paragraph_fragments
from briefgen.pdf import tagging
from briefgen.style.theme import Theme
from briefgen.text import markup
from briefgen.text.typography import typographic


@dataclass
class LayoutContext:
    styles: dict[str, Any]
    theme: Theme
    # Structure elements: the document, and the element new blocks go into.
    root: tagging.Element
    parent: tagging.Element | None = None
    labels: dict[str, str] = field(default_factory=dict)  # block id -> "Figure 2", for [@id]
    counters: dict[str, int] = field(default_factory=dict)  # "Figure"/"Table" -> last number used
    section_number: int = 0
    lang: str = "en"  # the brief's language: its quotes, its hyphenation

    def para(
        self, text: str, style: str, *, cls: type[Paragraph] = TaggedParagraph, bullet: str = "", anchor: str = ""
    ) -> Paragraph:
        runs = self.punctuated(markup.parse_inline(text))
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
        runs = self.punctuated((markup.Run(text),))
        fragments = paragraph_fragments(runs, self.styles[style])
        markup_text = runs[0].text if fragments is not None else markup.runs_to_paragraph_markup(runs)
        return cls(markup_text, self.styles[style], frags=fragments)

    def punctuated(self, runs: tuple[markup.Run, ...]) -> tuple[markup.Run, ...]:
        """Return ``runs`` with typographic quotes and dashes for the brief's language, if the theme wants them."""
        if not self.theme.typographic_punctuation:
            return runs
        out = []
        before = ""
        for run in runs:
            out.append(dataclasses.replace(run, text=typographic(run.text, self.lang, before)) if not run.ref else run)
            before = run.text[-1:] or before
        return tuple(out)

    def tagged(self, flowable: Flowable, role: str, parent: tagging.Element | None = None, **details: Any) -> Flowable:
        """Tag ``flowable`` as a new ``role`` element, the last child of ``parent`` (default: the current one)."""
        element = (parent or self.parent or self.root).child(role, **details)
        return tagging.tag(flowable, element)

    def next_label(self, block: model.Block) -> str:
        kind = LABEL_KINDS[type(block)]
        self.counters[kind] = self.counters.get(kind, 0) + 1
        return f"{kind} {self.counters[kind]}"

    @property
    def column_width(self) -> float:
        width, _ = self.theme.page
        return width - self.theme.margin_left - self.theme.margin_right

    @property
    def column_height(self) -> float:
        _, height = self.theme.page
        return height - self.theme.margin_top - self.theme.margin_bottom


# Charts are figures, as in most publications: "Figure 1" may be a photo and "Figure 2" a chart.
LABEL_KINDS: dict[type, str] = {model.Table: "Table", model.Figure: "Figure", model.Chart: "Figure"}
