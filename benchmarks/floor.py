"""The floor: a plain ReportLab script laying out a brief spec with the same fonts, and nothing else.

Input: spec files. Output: PDFs. No validation, no located errors, no
manifest, no atomic writes: YAML in (PyYAML's C loader), platypus flowables
in the same Noto fonts with justified, hyphenated text, a shaded key-points
table, headings, bullets, links and a page-number footer, PDF out. It is what
a competent script would do, and so the least time any ReportLab tool can
take for the same document.

    python benchmarks/floor.py SPEC_OR_DIR OUT_DIR [JOBS]   # build the spec(s) into OUT_DIR
"""

from __future__ import annotations

import functools
import re
import sys
from pathlib import Path
from typing import Any

import yaml
from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONTS = Path(__file__).resolve().parents[1] / "assets" / "fonts"
SIDE_MARGIN = 38 * mm  # the default theme's: a 134 mm measure on A4
LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.cache
def styles() -> dict[str, ParagraphStyle]:
    """Register the fonts and return the styles, once per process."""
    for name, file in {
        "Serif": "NotoSerif-Regular.ttf",
        "Serif-Bold": "NotoSerif-Bold.ttf",
        "Serif-Italic": "NotoSerif-Italic.ttf",
        "Serif-BoldItalic": "NotoSerif-BoldItalic.ttf",
        "Sans": "NotoSans-Regular.ttf",
        "Sans-Bold": "NotoSans-Bold.ttf",
    }.items():
        pdfmetrics.registerFont(TTFont(name, str(FONTS / file)))
    pdfmetrics.registerFontFamily(
        "Serif", normal="Serif", bold="Serif-Bold", italic="Serif-Italic", boldItalic="Serif-BoldItalic"
    )
    ink = colors.HexColor("#1a1a1a")
    accent = colors.HexColor("#1d3a5f")
    body = ParagraphStyle(
        "body",
        fontName="Serif",
        fontSize=10.5,
        leading=14.6,
        textColor=ink,
        alignment=TA_JUSTIFY,
        spaceAfter=6.57,
        hyphenationLang="en_US",
        embeddedHyphenation=1,
        bulletFontName="Serif",
    )
    return {
        "title": ParagraphStyle("title", fontName="Serif-Bold", fontSize=20, leading=24, textColor=accent),
        "subtitle": ParagraphStyle("subtitle", fontName="Serif-Italic", fontSize=12.5, leading=16, spaceAfter=4),
        "byline": ParagraphStyle("byline", fontName="Sans", fontSize=8, leading=10.5, textColor=colors.grey),
        "heading": ParagraphStyle(
            "heading", fontName="Sans-Bold", fontSize=11.5, leading=14.5, textColor=accent, spaceBefore=8.76
        ),
        "body": body,
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=13, bulletIndent=3),
        "box": ParagraphStyle("box", parent=body, leftIndent=12, bulletIndent=1.5),
        "label": ParagraphStyle("label", fontName="Sans-Bold", fontSize=10, leading=13, textColor=accent),
        "reference": ParagraphStyle("reference", parent=body, fontSize=9.5, leading=13.0, leftIndent=15),
    }


def markup(text: str) -> str:
    """Escape text and turn **strong**, *emphasis* and [links](url) into ReportLab markup."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)
    text = re.sub(r"\*(.+?)\*", r"<i>\1</i>", text)
    return re.sub(r"\[(.+?)\]\((.+?)\)", r'<a href="\2" color="#1d4f91">\1</a>', text)


def story(spec: dict[str, Any]) -> list[Any]:
    """Return the flowables of a spec."""
    s = styles()
    flow: list[Any] = [Paragraph(markup(spec["title"]), s["title"])]
    if spec.get("subtitle"):
        flow.append(Paragraph(markup(spec["subtitle"]), s["subtitle"]))
    flow.append(Paragraph(markup(", ".join(spec.get("authors", []))), s["byline"]))
    if spec.get("summary"):
        flow.append(Paragraph(markup(spec["summary"]), s["body"]))
    box = [[Paragraph("Key points", s["label"])]]
    box += [[Paragraph(markup(point), s["box"], bulletText="\u2022")] for point in spec["key_points"]]
    table = Table(box, colWidths=[A4[0] - 2 * SIDE_MARGIN])
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#e9eff6")),
                ("BOX", (0, 0), (-1, -1), 0.7, colors.HexColor("#1d3a5f")),
            ]
        )
    )
    flow += [table, Spacer(1, 4)]
    for section in spec["sections"]:
        flow.append(Paragraph(markup(section["heading"]), s["heading"]))
        for block in section["body"].split("\n\n"):
            lines = block.strip().splitlines()
            if lines and all(line.startswith("- ") for line in lines):
                flow += [Paragraph(markup(line[2:]), s["bullet"], bulletText="\u2022") for line in lines]
            else:
                flow.append(Paragraph(markup(" ".join(lines)), s["body"]))
    if spec.get("references"):
        flow.append(Paragraph("References", s["heading"]))
        for number, ref in enumerate(spec["references"], start=1):
            text = f"<i>{markup(ref['title'])}</i>. {markup(ref.get('publisher', ''))}."
            if ref.get("url"):
                text += f' <a href="{ref["url"]}">{markup(ref["url"])}</a>'
            flow.append(Paragraph(text, s["reference"], bulletText=f"{number}."))
    return flow


def _footer(canvas: Any, document: Any) -> None:
    canvas.saveState()
    canvas.setFont("Sans", 7.5)
    canvas.drawRightString(A4[0] - SIDE_MARGIN, 18 * mm - 11, f"Page {document.page}")
    canvas.restoreState()


def build(spec_path: Path, pdf_path: Path) -> None:
    """Lay out one spec file into one PDF file."""
    with spec_path.open("rb") as stream:
        spec = yaml.load(stream, Loader=LOADER)  # the C *safe* loader
    document = SimpleDocTemplate(
        str(pdf_path),
        pagesize=A4,
        leftMargin=SIDE_MARGIN,
        rightMargin=SIDE_MARGIN,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
        title=spec["title"],
        invariant=1,
    )
    document.build(story(spec), onFirstPage=_footer, onLaterPages=_footer)


def main(arguments: list[str]) -> None:
    """Build the spec file, or every spec in the folder, into OUT_DIR, in JOBS processes (default 1)."""
    source, out, *rest = map(Path, arguments)
    jobs = int(str(rest[0])) if rest else 1
    specs = sorted(source.glob("*.yaml")) if source.is_dir() else [source]
    out.mkdir(parents=True, exist_ok=True)
    pdfs = [out / (spec.stem + ".pdf") for spec in specs]
    if jobs == 1:
        for spec, pdf in zip(specs, pdfs, strict=True):
            build(spec, pdf)
    else:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(jobs) as pool:
            list(pool.map(build, specs, pdfs, chunksize=4))


if __name__ == "__main__":
    main(sys.argv[1:])
