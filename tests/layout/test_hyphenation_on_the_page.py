"""The examples, read back from glyph positions: no stubs, no breaks inside compounds, no ladders, no hyphen tails."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pdfplumber
import pytest

from briefgen import build
from conftest import REPO

EXAMPLES = sorted((REPO / "specs").glob("*.yaml"))
HYPHENS = ("-", "\u00ad", "\u2010")


def lines_of(pdf: Path) -> list[list[str]]:
    """Return each page's text lines (glyphs grouped by baseline, left to right), top to bottom."""
    pages = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            rows: dict[float, list[dict[str, object]]] = {}
            for char in page.chars:
                if char.get("upright", True):
                    rows.setdefault(round(float(char["matrix"][5]), 1), []).append(char)
            pages.append(
                [
                    "".join(str(c["text"]) for c in sorted(row, key=lambda c: c["x0"]))
                    for _, row in sorted(rows.items(), reverse=True)
                ]
            )
    return pages


def hyphenated(line: str, following: str) -> bool:
    """Whether a line ends in a hyphen glyph after a letter, and the next line goes on in lower case."""
    text = line.rstrip()
    return len(text) > 1 and text.endswith(HYPHENS) and text[-2].isalpha() and following.strip()[:1].islower()


@pytest.mark.parametrize("spec", EXAMPLES, ids=lambda path: path.stem)
def test_examples_break_words_only_by_the_house_rules(spec: Path, tmp_path: Path) -> None:
    problems = []
    for number, lines in enumerate(lines_of(build(spec, tmp_path / "out.pdf").output), start=1):
        streak = 0
        for line, following in itertools.pairwise(lines):
            if not hyphenated(line, following):
                streak = 0
                continue
            streak += 1
            head = re.findall(r"[^\s]+$", line.rstrip())[0]
            tail = following.split()[0]
            if len(re.sub(r"[^\w]", "", head[:-1].split("-")[-1])) < 3 or len(re.sub(r"\W", "", tail)) < 3:
                problems.append(f"p{number} stub: {head} / {tail}")
            if ("-" in head[:-1] or "-" in tail) and "/" not in head:  # an address may break after its "-"
                problems.append(f"p{number} inside a compound: {head} / {tail}")
            if streak >= 3:
                problems.append(f"p{number} three hyphenated lines in a row, ending {head}")
            if len(following.split()) == 1 and following.strip()[-1:] in ".,;:!?":
                problems.append(f"p{number} a paragraph's last line is a hyphen tail: {head} / {following.strip()}")
    assert problems == []
