"""A theme as plain data: paper, margins, typefaces, colours, the type scale and every dimension. No ReportLab.

Input: the values ``load.theme_file`` read from assets/themes/default.yaml
and a theme file merged over it. Output: a frozen ``Theme``. There are no
defaults here: default.yaml is the one place the default look is written.
Lengths are PDF points. The groups of dimensions (rules, boxes, tables,
charts, page furniture, a meeting pack's own pages) are declared in
``style.dimensions``; a code block's box (``CodeLook``) and the bounds of
pulling back a stranded last page (``LastPageLook``) here.
"""

from __future__ import annotations

from dataclasses import field, replace
from typing import Any

from briefgen.records import record
from briefgen.style.dimensions import (
    Boxes,
    ChartLook,
    FigureLook,
    FurnitureLook,
    PackLook,
    Rules,
    TableLook,
    flag,
    fraction,
    length,
)

# Lengths are in PDF points, worked out as ReportLab's units and page sizes are (to the last bit).
MM = 72.0 / 2.54 * 0.1
PAGE_SIZES = {"a4": (210 * MM, 297 * MM), "letter": (8.5 * 72.0, 11 * 72.0)}


@record
class FontFamily:
    """Four faces of one typeface; a missing face falls back to regular."""

    name: str
    regular: str
    bold: str = ""
    italic: str = ""
    bold_italic: str = ""

    def face(self, face: str) -> str:
        """Return the registered font name of ``face`` (regular, bold, italic or bold_italic)."""
        return self.name + FACE_SUFFIXES[face]


# The registered names of a family's faces: style/fonts.py registers each face under its name plus this.
FACE_SUFFIXES = {"regular": "", "bold": "-Bold", "italic": "-Italic", "bold_italic": "-BoldItalic"}

SERIF = FontFamily(
    "BriefSerif", "NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf", "NotoSerif-Italic.ttf", "NotoSerif-BoldItalic.ttf"
)
SANS = FontFamily(
    "BriefSans", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Italic.ttf", "NotoSans-BoldItalic.ttf"
)
MONO = FontFamily("BriefMono", "NotoSansMono-Regular.ttf")  # code; one face: code is not set in bold or italic

# A theme file's colour names and the Theme fields they fill; a text style names its colour so.
COLOUR_ROLES = {
    "accent": "accent",
    "heading": "heading_colour",
    "text": "text_colour",
    "muted": "muted_colour",
    "link": "link_colour",
    "key_points": "tint",
    "box_border": "box_border",
    "rule": "rule_colour",
    "banner": "banner_colour",
    "callout": "callout_tint",
    "callout_border": "callout_border",
    "code": "code_tint",
    "code_border": "code_border",
    "table_header": "table_header_tint",
    "table_rule": "table_rule",
    "watermark": "watermark_colour",
    "paper": "paper",
    "chart_grid": "chart_grid",
    "chart": "chart_colours",
}

# The paragraph styles the layout and the page furniture look up, and what each sets.
STYLE_DESCRIPTIONS = {
    "base": "What every style without a parent starts from: it names every property.",
    "kicker": "The organisation line above the title.",
    "title": "The brief's title.",
    "subtitle": "The subtitle under the title.",
    "byline": "Authors and date under the title.",
    "summary": "The summary paragraph under the title block.",
    "body": "Body text.",
    "bullet": "A bullet list's items.",
    "quote": "A block quotation.",
    "attribution": "The line naming a quotation's source.",
    "box.label": "The key points box's label.",
    "box.item": "A key point.",
    "heading": "Section headings and the references heading.",
    "reference": "One numbered reference.",
    "caption": "A caption under a figure or chart.",
    "caption.above": "A caption above a table or chart.",
    "caption.last": "A caption that ends its block.",
    "source": "A source or credit line.",
    "source.last": "A source or credit line that ends its block.",
    "table.header": "A table's header cells.",
    "table.cell": "A table's body cells.",
    "callout.label": "A callout's title.",
    "callout.body": "A callout's paragraphs.",
    "callout.bullet": "A callout's bullets.",
    "code": "A code block's lines (font: code, the theme's monospace typeface; its spacing is the box's).",
    "chart": "A chart's labels, values and names.",
    "footer": "The running footer and page number.",
    "banner": "The classification banner at the top and foot of each page.",
    "watermark": "The DRAFT watermark (its size is the largest it may be).",
    "copy": "A numbered copy's mark in the footer: Copy 7 of 20 – J. Smith.",
    "copy.watermark": "A numbered copy's name across each page, when the theme asks for it (the largest size).",
    "pack.kicker": "A meeting pack cover's organisation line.",
    "pack.title": "A meeting pack cover's title.",
    "pack.meta": "A meeting pack cover's date and place.",
    "pack.heading": "The agenda heading on a pack's cover.",
    "pack.contents.title": "A pack's contents page heading.",
    "pack.item.label": "An agenda item's label.",
    "pack.item.title": "An agenda item's title.",
    "pack.item.detail": "An agenda item's details.",
    "pack.item.page": "An agenda item's page number.",
    "pack.marking.label": "The label of the classification box on a pack's cover.",
    "pack.marking": "The marking in the classification box on a pack's cover.",
    "pack.note": "The note at the foot of a pack's cover.",
    "pack.blank": "The notice on an intentionally blank page.",
    "pack.footer": "A pack's running footer.",
    "pack.footer.page": "A pack's page number.",
    "pack.banner": "The classification banners of a pack's own pages (cover, contents, blank pages).",
}


@record
class CodeLook:
    """The box a code block is set in; its tint and border colours are the colours ``code`` and ``code_border``."""

    border: float = field(metadata=length("The border's width."))
    padding: float = field(metadata=length("The space between the border and the code."))
    mark_width: float = field(metadata=length("The stroke of the mark where a line too long for the box goes on."))


@record
class LastPageLook:
    """How a brief avoids a last page of a few lines: tighten within these bounds, else accept the page."""

    pull_back: bool = field(metadata=flag("Whether to try to pull a nearly empty last page back onto the one before."))
    stranded: float = field(
        metadata=fraction("A last page filled to less than this share of its text area is stranded.")
    )
    spacing: float = field(
        metadata=fraction("The least share of their space before and after that paragraphs and blocks keep.")
    )
    reference_leading: float = field(metadata=length("How much the references' line spacing may tighten."))


@record
class TextStyle:
    """One named paragraph style of the type scale, every property resolved (no parent left to ask)."""

    name: str
    font: str  # the typeface role: body, heading or code
    face: str  # regular, bold, italic or bold_italic
    size: float
    leading: float
    colour: str  # a colour role: a key of COLOUR_ROLES
    align: str  # left, right, center or justify
    space_before: float
    space_after: float
    left_indent: float
    bullet_indent: float
    bullet_size: float
    hyphenate: bool  # hyphenate words and break long addresses
    widows: bool  # whether a paragraph's last line may start a page alone


@record
class Theme:
    """The look of a brief: paper, margins, typefaces, colours, type scale and dimensions."""

    name: str
    page_size: str
    margin_left: float
    margin_right: float
    margin_top: float
    margin_bottom: float
    body_font: FontFamily
    heading_font: FontFamily
    code_font: FontFamily  # monospace, for code blocks
    # Font files for characters the typefaces lack, tried before the fonts that ship with briefgen.
    fallback_fonts: tuple[str, ...]
    body_size: float
    body_leading: float
    # Colours, each #rrggbb or rgb(R%, G%, B%); COLOUR_ROLES names them as a theme file does.
    accent: str
    heading_colour: str
    text_colour: str
    muted_colour: str
    link_colour: str
    tint: str
    box_border: str
    rule_colour: str
    banner_colour: str
    callout_tint: str
    callout_border: str
    code_tint: str
    code_border: str
    table_header_tint: str
    table_rule: str
    watermark_colour: str
    paper: str
    chart_grid: str
    # Chart fills, darkest first: distinct in lightness so they stay apart on a grey printer.
    chart_colours: tuple[str, ...]
    logo: str  # absolute path of a PNG, JPEG or SVG file, or "" for none
    logo_place: str  # top-left, top-right or footer
    logo_height: float
    logo_gap: float  # between the logo and the title block beside it
    logo_max_width: float  # a share of the text width
    footer_text: str  # may name {title}, {organization}, {date} and {status}
    date_format: str  # long (12 November 2024), us (November 12, 2024) or iso (2024-11-12)
    numbered_headings: bool
    show_link_urls: bool  # print each link's address after its text, for paper
    printer: str  # the CUPS queue `briefgen print` sends to ("": CUPS's default printer)
    smart_quotes: bool  # straight quotes become the language's quotation marks (a spec may say otherwise)
    # The theme's own words for labels, as (BCP 47 tag, label, text) (text.labels); () for the shipped ones.
    labels: tuple[tuple[str, str, Any], ...]
    styles: tuple[TextStyle, ...]
    rules: Rules
    boxes: Boxes
    tables: TableLook
    figures: FigureLook
    charts: ChartLook
    furniture: FurnitureLook
    pack: PackLook  # a meeting pack's own pages
    code: CodeLook  # a code block's box
    last_page: LastPageLook  # what is tried before a last page of a few lines is accepted

    def with_page_size(self, page_size: str) -> Theme:
        """Return this theme on other paper."""
        return replace(self, page_size=page_size)

    @property
    def page(self) -> tuple[float, float]:
        """Return the page size in points."""
        width, height = PAGE_SIZES[self.page_size]
        return float(width), float(height)

    def colour(self, role: str) -> str:
        """Return the colour a theme file calls ``role`` (``muted``, ``key_points`` ...)."""
        value: str = getattr(self, COLOUR_ROLES[role])
        return value

    def family(self, role: str) -> FontFamily:
        """Return the typeface of ``role``: body, heading or code."""
        return self.body_font if role == "body" else self.code_font if role == "code" else self.heading_font
