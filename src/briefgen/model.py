"""The brief as plain, validated data: what the spec says, with nothing left to check.

The loader (``spec.py``) is the only producer; the layout is the main consumer.
This module imports neither YAML nor ReportLab. Text fields hold the spec's
inline markup (``*em*``, ``**strong**``, ``[text](url)``) still unparsed; it
has been checked, and ``markup.py`` turns it into runs when it is drawn.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from pathlib import Path

from briefgen.records import record


@record
class Paragraph:
    """A run of prose, justified in the layout."""

    text: str


@record
class BulletList:
    """Consecutive ``- `` lines of a section body."""

    items: tuple[str, ...]


@record
class Quote:
    """Consecutive ``> `` lines of a section body, or a ``quote`` block, set as a block quotation."""

    text: str
    attribution: str = ""


@record
class Code:
    """A fenced code block (```` ``` ```` lines in a body), or a ``code`` block: set as written, in a monospace font.

    ``text`` keeps every line's spaces and indentation (tabs are expanded to
    stops every four columns); ``language`` is the fence's info string
    (``python``), kept but not printed.
    """

    text: str
    language: str = ""


@record
class Table:
    """A table of text and figures: a header row, body rows and how each column is aligned.

    ``align`` holds one of ``left``, ``right`` or ``center`` per column; the
    loader has filled it in (numbers right, text left) where the spec is silent.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    align: tuple[str, ...]
    caption: str = ""
    source: str = ""
    id: str = ""


@record
class Figure:
    """An image (PNG, JPEG or SVG) from a file checked to exist inside the spec's folder or assets/."""

    image: Path
    caption: str = ""
    credit: str = ""
    alt: str = ""  # for screen readers; the caption when not given
    width: float = 1.0  # fraction of the column
    id: str = ""


@record
class Series:
    """One named run of numbers in a chart, a value per category."""

    name: str
    values: tuple[float, ...]


@record
class Chart:
    """A bar, line or pie chart drawn from numbers written in the spec."""

    kind: str  # bar, line or pie
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    x_label: str = ""
    y_label: str = ""
    source: str = ""
    caption: str = ""
    id: str = ""


@record
class Callout:
    """A boxed note beside the argument, such as "What to watch"."""

    title: str
    blocks: tuple[Paragraph | BulletList | Code, ...]


Block = Paragraph | BulletList | Quote | Code | Table | Figure | Chart | Callout

NUMBERED_BLOCKS = (Table, Figure, Chart)


@record
class Section:
    """One headed part of the brief's body."""

    heading: str
    blocks: tuple[Block, ...]


@record
class Reference:
    """One source the brief cites, numbered in the references list."""

    title: str
    publisher: str = ""
    url: str = ""
    date: dt.date | None = None


@record
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
    status: str = ""  # "draft", "final" or "" (not said: treated as final)
    theme: str = ""  # a built-in theme's name, or the absolute path of a theme file
    smart_quotes: bool | None = None  # None: as the theme says

    @property
    def running_title(self) -> str:
        """Return the title for running footers: the short title if the spec gives one."""
        return self.short_title or self.title


@record
class AgendaItem:
    """One brief on the agenda: its spec file, its label, and where the pack file names it.

    ``label_given`` is False for the default label ("Item 3"), which the
    pack's pages print in the pack's language instead.
    """

    spec: Path
    label: str
    line: int = 0
    column: int = 0
    label_given: bool = True


@record
class Pack:
    """A meeting pack as validated data: the meeting, and the briefs on its agenda in order."""

    title: str
    items: tuple[AgendaItem, ...]
    date: dt.date | None = None
    location: str = ""
    organization: str = ""
    classification: str = ""
    duplex: bool = True
    page_size: str = ""  # "a4" or "letter"; "" for the project's paper, else A4 (``paper``)
    theme: str = ""  # a built-in theme or a theme file for the whole pack; "" keeps each brief's own
    pdfa: bool = False  # archival PDF/A-2b, as a brief's pdfa
    source: Path | None = None  # the pack file, when there is one
    # The project's defaults, for a brief that names no theme (and a pack with none) and gives no lang.
    default_theme: str = ""
    default_lang: str = ""

    @property
    def paper(self) -> str:
        """Return the pack's paper: its own, the project's, or A4."""
        return self.page_size or "a4"


@record
class CopyMark:
    """Which numbered copy a PDF is, and for whom: "Copy 7 of 20 – J. Smith" in the footer of every page.

    Every copy of a controlled brief is the same except for this mark, so a
    leaked copy can be traced. ``name`` is "" for copies numbered without names.
    """

    number: int
    total: int
    name: str = ""
    # Where the name was read (``names.txt:4:1``), for a message about it; not part of which copy it is.
    source: str = field(default="", compare=False)

    @property
    def text(self) -> str:
        """Return the marking as printed: "Copy 7 of 20 – J. Smith", or "Copy 7 of 20"."""
        counted = f"Copy {self.number} of {self.total}"
        return f"{counted} – {self.name}" if self.name else counted
