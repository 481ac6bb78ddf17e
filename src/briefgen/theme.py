"""Turn a theme (page, fonts, colours, type scale) into registered fonts and paragraph styles.

Input: a ``Theme`` (plain data). Output: ``stylesheet(theme)``, the named
ReportLab paragraph styles the layout looks up, and ``font_coverage``, the set
of characters the theme's fonts can draw. Every size and colour of the brief
lives here, none in the layout.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.rl_accel import instanceStringWidthTTF
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFArray
from reportlab.pdfbase.ttfonts import TTFont

from briefgen.hyphenation import DICTIONARY_FOR, install_cached_patterns
from briefgen.paths import assets_dir

PAGE_SIZES = {"a4": A4, "letter": LETTER}


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
    margin_left: float = 19 * mm
    margin_right: float = 19 * mm
    margin_top: float = 15 * mm
    margin_bottom: float = 18 * mm
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
    logo_height: float = 11 * mm
    footer_text: str = "{title}"  # may name {title}, {organization}, {date} and {status}
    date_format: str = "long"  # long (12 November 2024), us (November 12, 2024) or iso (2024-11-12)
    numbered_headings: bool = False
    show_link_urls: bool = False  # print each link's address after its text, for paper

    def with_page_size(self, page_size: str) -> Theme:
        """Return this theme on other paper."""
        return replace(self, page_size=page_size)

    @property
    def page(self) -> tuple[float, float]:
        """Return the page size in points."""
        width, height = PAGE_SIZES[self.page_size]
        return float(width), float(height)


DEFAULT_THEME = Theme()


def register_fonts(theme: Theme) -> None:
    """Register the theme's fonts with ReportLab (once per process per family)."""
    for family in (theme.body_font, theme.heading_font):
        _register_family(family, str(assets_dir() / "fonts"))


def register_family(family: FontFamily) -> None:
    """Register one font family with ReportLab, its files looked up in assets/fonts unless absolute."""
    _register_family(family, str(assets_dir() / "fonts"))


@functools.cache
def _register_family(family: FontFamily, folder: str) -> None:
    faces = {
        "": family.regular,
        "-Bold": family.bold or family.regular,
        "-Italic": family.italic or family.regular,
        "-BoldItalic": family.bold_italic or family.bold or family.regular,
    }
    for suffix, filename in faces.items():
        _register_face(family.name + suffix, Path(folder) / filename)
    pdfmetrics.registerFontFamily(
        family.name,
        normal=family.name,
        bold=family.name + "-Bold",
        italic=family.name + "-Italic",
        boldItalic=family.name + "-BoldItalic",
    )


def _register_face(name: str, path: Path) -> None:
    """Register the font in ``path`` as ``name``; a file already registered is shared, not parsed again.

    One face may serve several names (a sans family's italic is its regular;
    a theme's body family may use the heading family's file). ReportLab keeps
    one font per face, found by the face's PostScript name: two fonts with one
    face would write the same PDF objects twice.
    """
    if name in pdfmetrics._fonts:
        return
    shipped = path.parent == assets_dir() / "fonts"
    # The shipped files' PostScript names are their file names (a test checks it): they can be
    # registered without being read, and are parsed on first use. Other files are read now.
    face_name = path.stem.encode() if shipped else _parsed_face(str(path)).face.name
    font = pdfmetrics._dynFaceNames.get(face_name)
    if font is None:
        font = _BriefFont(name, str(path)) if shipped else _parsed_face(str(path))
        font.fontName = name
        pdfmetrics._dynFaceNames[face_name] = font
    pdfmetrics._fonts[name] = font
    # As pdfmetrics.registerFont does: <b> inside a paragraph set in this face keeps the face.
    pdfmetrics.registerFontFamily(name)


@functools.cache
def _parsed_face(path: str) -> TTFont:
    font = _BriefFont(Path(path).stem, path)
    font.face  # noqa: B018 (parsed now: a theme's font file must be read to learn its face's name)
    return font


class _BriefFont(TTFont):
    """ReportLab's TrueType font, parsed when first used and quicker to write into a PDF.

    Parsing a face is the costliest step of a cold build (about 6 ms each) and
    a brief seldom uses all eight faces of its two families (bold italic, say).
    Everything ReportLab reads of a font but its name is set by
    ``TTFont.__init__``; the first such read runs it.
    """

    # Words whose widths a font remembers, per size; past that the memory is dropped and refilled.
    WORD_WIDTHS_KEPT = 10_000

    def __init__(self, name: str, filename: str) -> None:
        self.fontName = name
        self._filename = filename
        self._word_widths: dict[float, dict[str, float]] = {}

    def __getattr__(self, attribute: str) -> Any:
        # Only called for attributes not yet set, so never again once the font is parsed.
        if attribute.startswith("__") or "_filename" not in self.__dict__:
            raise AttributeError(attribute)
        filename = self.__dict__.pop("_filename")
        TTFont.__init__(self, self.fontName, filename)
        return getattr(self, attribute)

    def stringWidth(self, text: Any, size: float, encoding: str = "utf8") -> float:  # noqa: N802 (ReportLab API)
        """Return the width of ``text`` at ``size``, as ReportLab computes it; a word seen before is looked up.

        Breaking lines asks for the width of every word and of every hyphenated
        part of one: about 3,000 times in a two-page brief, at 1.5 microseconds
        each in ReportLab's C routine (a fifth of a build). Prose repeats its
        words, within a brief and across a batch; a lookup takes a tenth of that.
        """
        if type(text) is not str:
            return float(instanceStringWidthTTF(self, text, size, encoding))
        widths = self._word_widths.get(size)
        if widths is None:
            widths = self._word_widths[size] = {}
        width = widths.get(text)
        if width is None:
            width = instanceStringWidthTTF(self, text, size, encoding)
            if len(widths) >= self.WORD_WIDTHS_KEPT:
                widths.clear()
            widths[text] = width
        return width

    def splitString(self, text: Any, doc: Any, encoding: str = "utf-8") -> list[tuple[int, bytes]]:  # noqa: N802
        """Return ``text``'s codes in the font's subsets, as ReportLab does; faster when none is new.

        ReportLab looks at each character in a Python loop, for every string
        drawn: 5% of a build. Once a brief's characters have their codes (after
        its first lines), a string is nearly always all in the first subset:
        then its codes are one lookup per character, in C.
        """
        state = self.state.get(doc) if isinstance(text, str) else None
        if state is not None:
            codes = state.assignments
            try:
                # KeyError: a character with no code yet; ValueError: one past the first subset.
                found = bytes(map(codes.__getitem__, map(ord, text.replace("\xa0", " "))))
            except (KeyError, ValueError):
                pass
            else:
                return [(0, found)] if found else []
        result: list[tuple[int, bytes]] = super().splitString(text, doc, encoding)
        return result

    def addObjects(self, doc: Any) -> None:  # noqa: N802 (ReportLab API)
        """Add the font's subsets to ``doc`` as ReportLab does, with their glyph widths written faster."""
        state = self.state.get(doc)
        names = [self.getSubsetInternalName(index, doc)[1:] for index in range(len(state.subsets))] if state else []
        super().addObjects(doc)
        for name in names:
            font = doc.idToObject[name]
            if all(type(width) is int for width in font.Widths.sequence):
                font.Widths = _Widths(font.Widths.sequence)


class _Widths(PDFArray):
    """A font's glyph widths, formatted exactly as ``PDFArray`` formats whole numbers, at a tenth of the cost.

    ReportLab formats each number through its generic object formatter: about
    1.4 microseconds each, 0.8 ms for the five fonts of a two-page brief.
    """

    def format(self, document: Any) -> bytes:
        numbers = [b"%d" % width for width in self.sequence]
        rows = [b" ".join(numbers[start : start + 10]) for start in range(0, len(numbers), 10)]
        return b"[ " + b" \n  ".join(rows) + b" ]"


@functools.cache
def font_coverage(font_name: str) -> frozenset[int]:
    """Return the code points a registered font has glyphs for."""
    font = pdfmetrics.getFont(font_name)
    return frozenset(font.face.charToGlyph)


def hyphenation_language(lang: str) -> str:
    """Return the pyphen dictionary for a spec's language tag."""
    return DICTIONARY_FOR.get(lang, "en_US")


@functools.cache
def hyphenator(lang: str) -> Callable[[str], Iterator[tuple[str, str]]]:
    """Return a hyphenator for ReportLab that leaves at least three letters after a break.

    Given a language name, ReportLab would build a new pyphen object for every
    paragraph and accept breaks like "howev-er"; one shared object avoids both.
    """
    import pyphen

    language = hyphenation_language(lang)
    install_cached_patterns(language)  # a parsed copy of pyphen's file: a quarter of a cold build
    iterate: Callable[[str], Iterator[tuple[str, str]]] = pyphen.Pyphen(lang=language, left=2, right=3).iterate
    return iterate


@functools.cache
def stylesheet(theme: Theme, lang: str = "en") -> dict[str, ParagraphStyle]:
    """Return the brief's paragraph styles, by the names the layout uses.

    Built once per theme and language in each process, then shared by every
    brief (a batch worker builds thousands): treat the styles as read-only and
    derive a new ``ParagraphStyle(parent=...)`` to vary one.
    """
    register_fonts(theme)
    serif, sans = theme.body_font.name, theme.heading_font.name
    text, muted, accent = (colors.HexColor(c) for c in (theme.text_colour, theme.muted_colour, theme.accent))
    heading = colors.HexColor(theme.heading_colour)
    size, leading = theme.body_size, theme.body_leading
    body = ParagraphStyle(
        "body",
        fontName=serif,
        fontSize=size,
        leading=leading,
        textColor=text,
        alignment=TA_JUSTIFY,
        spaceAfter=leading * 0.45,
        hyphenationLang=hyphenator(lang),
        embeddedHyphenation=1,
        uriWasteReduce=0.3,
        splitLongWords=1,
        allowWidows=0,
        allowOrphans=0,
        bulletFontName=serif,  # the default is unembedded Helvetica
    )
    styles = {
        "kicker": ParagraphStyle(
            "kicker", fontName=sans + "-Bold", fontSize=8, leading=10, textColor=accent, spaceAfter=5
        ),
        "title": ParagraphStyle(
            "title",
            fontName=serif + "-Bold",
            fontSize=20,
            leading=24,
            textColor=heading,
            spaceAfter=2,
            alignment=TA_LEFT,
        ),
        "subtitle": ParagraphStyle(
            "subtitle", fontName=serif + "-Italic", fontSize=12.5, leading=16, textColor=text, spaceAfter=4
        ),
        "byline": ParagraphStyle("byline", fontName=sans, fontSize=8, leading=10.5, textColor=muted, spaceAfter=0),
        "summary": ParagraphStyle(
            "summary", parent=body, fontSize=size + 0.7, leading=leading + 1.1, spaceBefore=0, spaceAfter=leading * 0.5
        ),
        "body": body,
        "bullet": ParagraphStyle(
            "bullet", parent=body, leftIndent=13, bulletIndent=3, bulletFontName=serif, spaceAfter=leading * 0.2
        ),
        "quote": ParagraphStyle(
            "quote",
            parent=body,
            fontName=serif + "-Italic",
            alignment=TA_LEFT,
            textColor=text,
            spaceAfter=leading * 0.2,
        ),
        "box.label": ParagraphStyle(
            "box.label", fontName=sans + "-Bold", fontSize=10, leading=13, textColor=heading, spaceAfter=3
        ),
        "box.item": ParagraphStyle(
            "box.item", parent=body, alignment=TA_LEFT, leftIndent=12, bulletIndent=1.5, spaceAfter=2.2
        ),
        "heading": ParagraphStyle(
            "heading",
            fontName=sans + "-Bold",
            fontSize=11.5,
            leading=14.5,
            textColor=heading,
            spaceBefore=leading * 0.6,
            spaceAfter=2,
        ),
        "reference": ParagraphStyle(
            "reference",
            parent=body,
            fontSize=size - 1,
            leading=leading - 1.6,
            alignment=TA_LEFT,
            leftIndent=15,
            bulletIndent=0,
            spaceAfter=3,
            bulletFontName=serif,
            bulletFontSize=size - 1,
        ),
        "footer": ParagraphStyle("footer", fontName=sans, fontSize=7.5, leading=9, textColor=muted),
        "caption": ParagraphStyle(
            "caption", fontName=sans, fontSize=size - 1.3, leading=leading - 2.4, textColor=text, spaceAfter=2
        ),
        "source": ParagraphStyle(
            "source", fontName=sans, fontSize=size - 2, leading=leading - 3.4, textColor=muted, spaceBefore=2
        ),
        "table.header": ParagraphStyle(
            "table.header", fontName=sans + "-Bold", fontSize=size - 1.3, leading=leading - 2.6, textColor=text
        ),
        "table.cell": ParagraphStyle(
            "table.cell", fontName=serif, fontSize=size - 1, leading=leading - 2.2, textColor=text, splitLongWords=1
        ),
        "attribution": ParagraphStyle(
            "attribution", parent=body, fontName=serif, alignment=TA_RIGHT, spaceAfter=leading * 0.5
        ),
        "callout.label": ParagraphStyle(
            "callout.label", fontName=sans + "-Bold", fontSize=9.5, leading=12, textColor=heading, spaceAfter=2
        ),
        "callout.body": ParagraphStyle("callout.body", parent=body, alignment=TA_LEFT, spaceAfter=leading * 0.25),
        "callout.bullet": ParagraphStyle(
            "callout.bullet", parent=body, alignment=TA_LEFT, leftIndent=12, bulletIndent=1.5, spaceAfter=2
        ),
        "chart": ParagraphStyle("chart", fontName=sans, fontSize=size - 2, leading=leading - 3, textColor=text),
        "watermark": ParagraphStyle(
            "watermark",
            fontName=sans + "-Bold",
            fontSize=96,
            leading=96,
            textColor=colors.HexColor(theme.watermark_colour),
        ),
        "banner": ParagraphStyle(
            "banner", fontName=sans + "-Bold", fontSize=8, leading=10, textColor=colors.HexColor(theme.banner_colour)
        ),
    }
    # Table cells and headers in each column alignment, and captions that stay with what follows.
    for name in ("table.header", "table.cell"):
        for align, value in (("left", TA_LEFT), ("right", TA_RIGHT), ("center", TA_CENTER)):
            styles[f"{name}.{align}"] = ParagraphStyle(f"{name}.{align}", parent=styles[name], alignment=value)
    styles["caption.above"] = ParagraphStyle("caption.above", parent=styles["caption"], spaceAfter=3)
    # The last line under a table, figure or chart ends the block: leave the gap a paragraph would.
    for name in ("caption", "source"):
        styles[f"{name}.last"] = ParagraphStyle(f"{name}.last", parent=styles[name], spaceAfter=leading * 0.8)
    return styles


def colour(value: str) -> colors.Color:
    """Return a ReportLab colour for a theme colour string."""
    return colors.HexColor(value)


def pack_stylesheet(theme: Theme) -> dict[str, ParagraphStyle]:
    """Return the styles of a meeting pack's own pages (cover, contents, blank pages, pack footer)."""
    base = stylesheet(theme)
    serif, sans = theme.body_font.name, theme.heading_font.name
    text, muted, heading = (colors.HexColor(c) for c in (theme.text_colour, theme.muted_colour, theme.heading_colour))
    accent = colors.HexColor(theme.accent)
    return {
        "pack.kicker": ParagraphStyle("pack.kicker", fontName=sans + "-Bold", fontSize=9, leading=12, textColor=accent),
        "pack.title": ParagraphStyle(
            "pack.title", fontName=serif + "-Bold", fontSize=28, leading=33, textColor=heading, spaceBefore=6
        ),
        "pack.meta": ParagraphStyle("pack.meta", fontName=sans, fontSize=11, leading=15, textColor=text),
        "pack.heading": ParagraphStyle(
            "pack.heading", fontName=sans + "-Bold", fontSize=12, leading=15, textColor=heading, spaceBefore=22
        ),
        "pack.contents.title": ParagraphStyle(
            "pack.contents.title", fontName=serif + "-Bold", fontSize=22, leading=27, textColor=heading
        ),
        "pack.item.label": ParagraphStyle(
            "pack.item.label", fontName=sans + "-Bold", fontSize=9, leading=14, textColor=accent
        ),
        "pack.item.title": ParagraphStyle(
            "pack.item.title", fontName=serif, fontSize=11.5, leading=14.5, textColor=text, spaceBefore=14
        ),
        "pack.item.detail": ParagraphStyle("pack.item.detail", fontName=sans, fontSize=8, leading=11, textColor=muted),
        "pack.item.page": ParagraphStyle(
            "pack.item.page", fontName=sans + "-Bold", fontSize=11.5, leading=14.5, textColor=heading
        ),
        "pack.marking.label": ParagraphStyle(
            "pack.marking.label", fontName=sans, fontSize=8, leading=10, textColor=muted
        ),
        "pack.marking": ParagraphStyle(
            "pack.marking", fontName=sans + "-Bold", fontSize=14, leading=17, textColor=text
        ),
        "pack.note": ParagraphStyle("pack.note", fontName=sans, fontSize=8, leading=11, textColor=muted),
        "pack.blank": ParagraphStyle(
            "pack.blank", fontName=serif + "-Italic", fontSize=10, leading=13, textColor=muted
        ),
        "pack.footer": ParagraphStyle("pack.footer", parent=base["footer"]),
        "pack.footer.page": ParagraphStyle("pack.footer.page", parent=base["footer"], fontName=sans + "-Bold"),
        "pack.banner": ParagraphStyle("pack.banner", parent=base["banner"]),
    }
