"""Helpers for the block and theme tests: build a spec dict to a PDF, read fonts and positions back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
import pypdf
import yaml

from briefgen import Options, build
from conftest import minimal_spec


def section(*blocks: dict[str, Any], body: str | None = None, heading: str = "Data") -> dict[str, Any]:
    """Return a section holding ``blocks`` (and a body if given)."""
    result: dict[str, Any] = {"heading": heading}
    if body is not None:
        result["body"] = body
    if blocks:
        result["blocks"] = list(blocks)
    return result


def write(folder: Path, spec: dict[str, Any], name: str = "brief.yaml") -> Path:
    """Write ``spec`` as YAML into ``folder`` and return its path."""
    path = folder / name
    path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def build_blocks(folder: Path, *blocks: dict[str, Any], **overrides: Any) -> Path:
    """Build a minimal spec whose one section holds ``blocks``; return the PDF's path."""
    theme = overrides.pop("build_theme", None)
    watermark = overrides.pop("watermark", None)
    spec = minimal_spec(sections=[section(*blocks)], **overrides)
    path = write(folder, spec)
    return build(path, folder / "brief.pdf", options=Options(theme=theme, watermark=watermark)).output


def page_texts(pdf: Path) -> list[str]:
    """Return each page's text, whitespace folded."""
    return [" ".join((page.extract_text() or "").split()) for page in pypdf.PdfReader(pdf).pages]


def font_names(pdf: Path) -> set[str]:
    """Return the base names of every font the PDF uses, subset prefixes removed."""
    names: set[str] = set()
    for page in pypdf.PdfReader(pdf).pages:
        fonts = page["/Resources"].get("/Font", {})
        for key in fonts:
            names.add(str(fonts[key].get_object()["/BaseFont"]).lstrip("/").split("+")[-1])
    return names


def words(pdf: Path) -> list[list[dict[str, Any]]]:
    """Return each page's words with positions (pdfplumber; top-left origin)."""
    with pdfplumber.open(pdf) as document:
        return [page.extract_words(keep_blank_chars=False) for page in document.pages]


def chars_outside(pdf: Path, left: float, right: float) -> list[str]:
    """Return the characters printed left of ``left`` or right of ``right`` (points from the left edge)."""
    outside: list[str] = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            outside += [c["text"] for c in page.chars if c["x0"] < left - 0.5 or c["x1"] > right + 0.5]
    return outside


LONG = " ".join(["The treaty binds both parties to mutual assistance in case of an armed attack."] * 40)


def rich_spec() -> dict[str, object]:
    """Return a spec with every block type, a paragraph long enough to split, and links."""
    return minimal_spec(
        organization="Unit",
        subtitle="Sub",
        classification="OFFICIAL",
        summary="A summary with a [link](https://example.org/summary).",
        key_points=["First point.", "Second point with **strong** text."],
        sections=[
            {"heading": "Opening", "body": "Intro paragraph.\n\n- bullet one\n- bullet two\n\n> A quotation."},
            {"heading": "Long", "body": LONG + "\n\n" + LONG + "\n\nLast words."},
        ],
        references=[
            {"title": "A source", "publisher": "Pub", "url": "https://example.org/a-very/long/path/to/a/source"},
            {"title": "Another source", "url": "https://example.com"},
        ],
    )


FILLER = (
    "The treaty, signed in June 2024 by Putin and Kim Jong Un during a summit in Pyongyang, includes a"
    " mutual defense provision under which both nations pledge to support one another."
)
# Top margins two millimetres apart, from the default theme's 15 mm: what follows four paragraphs starts
# lower each time, from about 200 pt above the foot of page 1 to at it, so it meets the foot at every height.
MARGINS = range(15, 81, 2)


def build_under_margin(folder: Path, margin: float, blocks: list[dict[str, Any]], **overrides: Any) -> Path:
    """Build four paragraphs and then ``blocks``, under a top margin of ``margin`` mm; return the PDF's path."""
    name = f"brief-{margin}"
    (folder / f"{name}.theme.yaml").write_text(f"margins: {{top: {margin}}}\n", encoding="utf-8")
    body = "\n\n".join(" ".join([FILLER] * count) for count in (3, 3, 3, 2))
    spec = minimal_spec(theme=f"{name}.theme.yaml", sections=[section(*blocks, body=body, heading="Before")])
    spec.update(overrides)
    return build(write(folder, spec, f"{name}.yaml"), folder / f"{name}.pdf").output
