"""The pack's footer line, read back from the pages: a long pack title takes the inner half rather than be cut."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
import yaml

from briefgen.load.pack_file import pack_from_specs
from briefgen.load.theme_file import default_theme
from briefgen.pack.build import build_pack
from conftest import minimal_spec

THEME = default_theme()
LONG = "Foreign Affairs and Defence Committee"  # fits half the line, not beside "Pack page N"
SHORT = "Security Council"


def _pack(folder: Path, title: str) -> Path:
    specs = []
    for name in ("alpha", "beta"):
        spec = minimal_spec(title=f"{name.title()} Brief", classification="OFFICIAL")
        path = folder / f"{name}.yaml"
        path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
        specs.append(path)
    output = folder / "pack.pdf"
    build_pack(pack_from_specs(specs, title, date=dt.date(2024, 12, 3), duplex=True), output)
    return output


def _footer_lines(pdf: Path) -> list[list[dict[str, Any]]]:
    """Return each page's last line of words (the pack's footer line, with the bottom banner)."""
    pages = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            words = page.extract_words()
            bottom = max(word["bottom"] for word in words)
            pages.append(sorted((w for w in words if abs(w["bottom"] - bottom) < 1), key=lambda w: w["x0"]))
    return pages


@pytest.mark.parametrize("title", [LONG, SHORT])
def test_the_pack_title_is_whole_and_the_folio_in_the_outer_corner(tmp_path: Path, title: str) -> None:
    width, _ = THEME.page
    left, right = THEME.margin_left, width - THEME.margin_right
    lines = _footer_lines(_pack(tmp_path, title))
    assert len(lines) >= 4
    for number, line in enumerate(lines, start=1):
        text = " ".join(word["text"] for word in line)
        assert title in text, (number, text)
        assert "\u2026" not in text
        assert "OFFICIAL" in text
        folio = next(word for word in line if word["text"] == "page")  # "Pack page N"
        first, last = line[0], line[-1]
        if number % 2:  # a right-hand page: the folio in the right corner
            assert last["text"] == str(number)
            assert abs(last["x1"] - right) < 1
            assert folio["x0"] > width / 2
        else:
            assert first["text"] == "Pack"
            assert abs(first["x0"] - left) < 1
            assert folio["x1"] < width / 2
        title_words = [word for word in line if word["text"] in title.split()]
        banner = next(word for word in line if word["text"] == "OFFICIAL")
        if title == LONG:  # too long to share the outer half with the folio: the inner half, alone
            inner = title_words[0]["x0"] if number % 2 else title_words[-1]["x1"]
            assert abs(inner - (left if number % 2 else right)) < 1
            assert (
                all(w["x1"] < banner["x0"] for w in title_words)
                if number % 2
                else all(w["x0"] > banner["x1"] for w in title_words)
            )
        else:  # beside the folio, in the outer half
            assert (
                all(w["x0"] > banner["x1"] for w in title_words)
                if number % 2
                else all(w["x1"] < banner["x0"] for w in title_words)
            )


def test_the_pack_banner_style_sets_the_banners_of_the_packs_own_pages(tmp_path: Path) -> None:
    """A theme's pack.banner is the banner of the cover and contents; the briefs' pages keep the banner style."""
    from briefgen.load.pack_file import with_options

    theme = tmp_path / "theme.yaml"
    theme.write_text("styles:\n  pack.banner: {size: 10}\n", encoding="utf-8")
    specs = []
    for name in ("alpha", "beta"):
        path = tmp_path / f"{name}.yaml"
        path.write_text(yaml.safe_dump(minimal_spec(title=f"{name.title()} Brief", classification="OFFICIAL")))
        specs.append(path)
    output = tmp_path / "pack.pdf"
    pack = with_options(pack_from_specs(specs, SHORT, date=dt.date(2024, 12, 3)), theme=str(theme))
    build_pack(pack, output)
    with pdfplumber.open(output) as document:
        # The banners: the marking above the text and on the footer's second line (not the cover's box or agenda).
        sizes = [
            {
                round(word["size"], 1)
                for word in page.extract_words(extra_attrs=["size"])
                if word["text"] == "OFFICIAL" and not 60 < word["top"] < page.height - 40
            }
            for page in document.pages
        ]
        briefs = [index for index, page in enumerate(document.pages) if "Page 1 of 1" in (page.extract_text() or "")]
    assert sizes[0] == {10.0}  # the cover: both banners in pack.banner
    assert briefs
    for index in briefs:
        assert 8.0 in sizes[index]  # a brief's page: its own banner style
        assert 10.0 not in sizes[index]
