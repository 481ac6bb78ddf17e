"""The brief as plain, validated data: what the spec says, with nothing left to check.

The loader (``spec.py``) is the only producer; the layout is the main consumer.
This module imports neither YAML nor ReportLab. Text fields hold the spec's
inline markup (``*em*``, ``**strong**``, ``[text](url)``) still unparsed; it
has been checked, and ``markup.py`` turns it into runs when it is drawn.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Paragraph:
    """A run of prose, justified in the layout."""

    text: str


@dataclass(frozen=True)
class BulletList:
    """Consecutive ``- `` lines of a section body."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Quote:
    """Consecutive ``> `` lines of a section body, set as a block quotation."""

    text: str


Block = Paragraph | BulletList | Quote


@dataclass(frozen=True)
class Section:
    """One headed part of the brief's body."""

    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Reference:
    """One source the brief cites, numbered in the references list."""

    title: str
    publisher: str = ""
    url: str = ""
    date: dt.date | None = None


@dataclass(frozen=True)
class Brief:
    """A whole policy brief, ready to be laid out."""

    title: str
    key_points: tuple[str, ...]
    sections: tuple[Section, ...]
    subtitle: str = ""
    date: dt.date | None = None
    organization: str = ""
    authors: tuple[str, ...] = ()
    classification: str = ""
    summary: str = ""
    references: tuple[Reference, ...] = ()
    tags: tuple[str, ...] = ()
    lang: str = "en"
    short_title: str = ""
    pdfa: bool = False  # archival PDF/A-2b output

    @property
    def running_title(self) -> str:
        """Return the title for running footers: the short title if the spec gives one."""
        return self.short_title or self.title
