"""A theme as plain data: paper, margins, typefaces, colours and sizes. No ReportLab.

Input: nothing (the defaults) or the values ``load.theme_file`` read from a
theme file. Output: a frozen ``Theme``. Lengths are PDF points.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

# Lengths are in PDF points, worked out as ReportLab's units and page sizes are (to the last bit).
MM = 72.0 / 2.54 * 0.1
PAGE_SIZES = {"a4": (210 * MM, 297 * MM), "letter": (8.5 * 72.0, 11 * 72.0)}


@dataclass(frozen=True)
class FontFamily:
    """Four faces of one typeface; a missing face falls back to regular."""

    name: str
    regular: str
    bold: str = ""
    italic: str = ""
    bold_italic: str = ""


SERIF = FontFamily(
    "BriefSerif", "NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf", "NotoSerif-Italic.ttf", "NotoSerif-BoldItalic.ttf"
)
SANS = FontFamily(
    "BriefSans", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Italic.ttf", "NotoSans-BoldItalic.ttf"
)


@dataclass(frozen=True)
class Theme:
    """The look of a brief: paper, margins, typefaces, colours and sizes."""

    page_size: str = "a4"
    margin_left: float = 19 * MM
    margin_right: float = 19 * MM
    margin_top: float = 15 * MM
    margin_bottom: float = 18 * MM
    body_font: FontFamily = SERIF
    heading_font: FontFamily = SANS
    body_size: float = 9.3
    body_leading: float = 12.9
    accent: str = "#1d3a5f"
    heading_colour: str = "#1d3a5f"
    text_colour: str = "#1a1a1a"
    muted_colour: str = "#555555"
    link_colour: str = "#1d4f91"
    tint: str = "#e9eff6"
    box_border: str = "#1d3a5f"
    rule_colour: str = "#1d3a5f"
    banner_colour: str = "#1a1a1a"
    # Rich content and house style (themes.py reads these from a theme file).
    name: str = "default"
    callout_tint: str = "#f3f6fa"
    callout_border: str = "#1d3a5f"
    table_header_tint: str = "#e9eff6"
    table_rule: str = "#8a9bb0"
    # Chart fills, darkest first: distinct in lightness so they stay apart on a grey printer.
    chart_colours: tuple[str, ...] = ("#1d3a5f", "#7f9cc0", "#c9d6e6", "#4d6f99", "#e9eff6")
    watermark_colour: str = "#9a9a9a"
    logo: str = ""  # absolute path of a PNG, JPEG or SVG file, checked by themes.py
    logo_place: str = "top-right"  # top-left, top-right or footer
    logo_height: float = 11 * MM
    footer_text: str = "{title}"  # may name {title}, {organization}, {date} and {status}
    date_format: str = "long"  # long (12 November 2024), us (November 12, 2024) or iso (2024-11-12)
    numbered_headings: bool = False
    show_link_urls: bool = False  # print each link's address after its text, for paper
    printer: str = ""  # the CUPS queue `briefgen print` sends to ("": CUPS's default printer)

    def with_page_size(self, page_size: str) -> Theme:
        """Return this theme on other paper."""
        return replace(self, page_size=page_size)

    @property
    def page(self) -> tuple[float, float]:
        """Return the page size in points."""
        width, height = PAGE_SIZES[self.page_size]
        return float(width), float(height)


DEFAULT_THEME = Theme()
