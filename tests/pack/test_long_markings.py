"""A classification marking too long for its line: every word of it printed, and nothing printed over it.

Read back from the pages with pdfplumber: the words' boxes must not overlap.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
import yaml

from briefgen.load.pack_file import pack_from_specs
from briefgen.pack.build import build_pack
from conftest import minimal_spec

MARKING = "OFFICIAL-SENSITIVE // FOR OFFICIAL USE ONLY // UK EYES ONLY // NOT FOR ONWARD RELEASE"
PACK_TITLE = "Joint Meeting on Northeast Asian Security"
LONG_TITLE = (
    "The Comprehensive Strategic Partnership Treaty Between the Russian Federation and the Democratic"
    " People's Republic of Korea and Its Implications"
)


@pytest.fixture(scope="module")
def pack_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("long-marking")
    specs = []
    for name, title in (("long.yaml", LONG_TITLE), ("short.yaml", "A Short Brief")):
        spec = minimal_spec(title=title, classification=MARKING, sections=[{"heading": "H", "body": "Text. " * 400}])
        (folder / name).write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
        specs.append(folder / name)
    pack = pack_from_specs(specs, PACK_TITLE, date=dt.date(2024, 12, 3))
    output = folder / "pack.pdf"
    build_pack(pack, output)
    return output


def _overlapping(words: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Return the pairs of words whose boxes overlap by more than a hair."""
    pairs = []
    for index, one in enumerate(words):
        for other in words[index + 1 :]:
            across = min(one["x1"], other["x1"]) - max(one["x0"], other["x0"])
            down = min(one["bottom"], other["bottom"]) - max(one["top"], other["top"])
            if across > 0.5 and down > 0.5:
                pairs.append((one["text"], other["text"]))
    return pairs


def test_nothing_is_printed_over_anything_on_any_page(pack_pdf: Path) -> None:
    with pdfplumber.open(pack_pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            assert not _overlapping(page.extract_words()), number


def test_the_cover_prints_every_word_of_the_marking(pack_pdf: Path) -> None:
    with pdfplumber.open(pack_pdf) as document:
        cover = " ".join(document.pages[0].extract_text().split())
    # In the box (its label, then the marking, on two lines), and beside each agenda item.
    box = cover.split("in this pack", 1)[1]
    assert " ".join(MARKING.split()) in " ".join(box.split()[: len(MARKING.split())])
    agenda = cover.split("Agenda", 1)[1]
    for word in MARKING.split():
        assert agenda.count(word) >= MARKING.split().count(word) * 2, word
    # Only the pack's title may be shortened (in the footer, beside a marking this long), never the marking.
    assert [word for word in cover.split() if "\u2026" in word and word.rstrip("\u2026") not in PACK_TITLE] == []


def test_the_pack_footer_keeps_clear_of_the_bottom_banner(pack_pdf: Path) -> None:
    with pdfplumber.open(pack_pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            lines = page.extract_text_lines()
            bottom = max(lines, key=lambda line: line["top"])
            assert f"Pack page {number}" in bottom["text"], (number, bottom["text"])
            assert " ".join(MARKING.split()) in " ".join(bottom["text"].split()), (number, bottom["text"])
