"""Generate realistic brief specs for the benchmark, by size class, each with its own text.

Input: a folder, a count and a size class. Output: that many spec files, each
with its own title and text (the seed article's sentences reshuffled, some
with inline emphasis and links), so that no two documents are the same and
no two classes share a spec. Deterministic: the same class and count give the
same specs.

The size classes (``SIZES``), as briefgen lays them out in the default theme:

- ``small``: the seed's shape (a summary, four key points, five one-paragraph
  sections, a reference): two pages, the brief people print most;
- ``medium``: a longer brief, six sections of two or three paragraphs,
  some with bullet lists: four to six pages;
- ``long``: a report, fourteen sections of six paragraphs: twelve pages and more.

``generate(folder, count)`` without a class writes the old mix (seed-sized,
every tenth long) that the memory and instruction counts use.
"""

from __future__ import annotations

import functools
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "specs" / "russia-north-korea-treaty.yaml"
# The seed's article in other languages: the examples in specs/languages, on the same treaty.
SEEDS = {
    "en": SEED,
    "ru": REPO / "specs" / "languages" / "ru-dogovor-rossiya-kndr.yaml",
    "ko": REPO / "specs" / "languages" / "ko-bukreo-joyak.yaml",
}


@dataclass(frozen=True)
class Shape:
    """How much a brief of one size class holds: sections, paragraphs and sentences, bullet lists."""

    sections: int
    paragraphs: tuple[int, int]  # per section, at least and at most
    sentences: tuple[int, int]  # per paragraph, at least and at most
    bullets_every: int  # every n-th section ends with a bullet list (0: none)
    pages: str  # what briefgen makes of it, for the tables


SIZES = {
    "small": Shape(sections=5, paragraphs=(1, 1), sentences=(4, 5), bullets_every=0, pages="2 pages"),
    "medium": Shape(sections=6, paragraphs=(2, 3), sentences=(4, 6), bullets_every=3, pages="4-6 pages"),
    "long": Shape(sections=14, paragraphs=(6, 6), sentences=(6, 6), bullets_every=3, pages="12+ pages"),
}


@functools.cache
def _seed(lang: str = "en") -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(SEEDS[lang].read_text(encoding="utf-8"))
    return loaded


@functools.cache
def _sentences(lang: str = "en") -> tuple[str, ...]:
    seed = _seed(lang)
    prose = [seed["summary"], *seed["key_points"]]
    for section in seed["sections"]:
        prose.append(section.get("body", ""))
        prose += [block["text"] for block in section.get("blocks", []) if block["type"] == "paragraph"]
    text = " ".join(" ".join(prose).split())
    # Cross-references ([@id]) name blocks these specs do not have.
    text = re.sub(r"\(?\[@[^\]]*\]\)?", "", text)
    return tuple(s for s in re.split(r"(?<=[.!?])\s+", text) if len(s) > 30 and not s.startswith(("-", ">")))


def make_spec(number: int, size: str = "small", lang: str = "en") -> dict[str, Any]:
    """Return spec ``number`` of size class ``size`` (see ``SIZES``), in ``lang`` (see ``SEEDS``)."""
    seed, shape = _seed(lang), SIZES[size]
    rng = random.Random(f"{size}-{number}" if lang == "en" else f"{size}-{lang}-{number}")
    sentences = list(_sentences(lang))
    keys = ("subtitle", "organization", "authors", "classification", "lang")
    spec: dict[str, Any] = {key: seed[key] for key in keys if key in seed}
    spec["title"] = f"{seed['title']} ({size.capitalize()} Brief {number})"
    spec["summary"] = " ".join(rng.sample(sentences, 3))
    spec["key_points"] = rng.sample(sentences, 4)
    headings = [section["heading"] for section in _seed(lang)["sections"]]
    sections = []
    for index in range(shape.sections):
        paragraphs = rng.randint(*shape.paragraphs)
        blocks = [" ".join(rng.sample(sentences, rng.randint(*shape.sentences))) for _ in range(paragraphs)]
        if shape.bullets_every and index % shape.bullets_every == 1:
            blocks.append("\n".join(f"- {sentence}" for sentence in rng.sample(sentences, 3)))
        if index == 2 and number % 2:
            blocks[0] = (
                f"The **treaty** is *binding* on {number} counts, see [the text](https://example.org/{number}). "
                + (blocks[0])
            )
        heading = headings[index % len(headings)]
        sections.append(
            {
                "heading": heading if shape.sections <= len(headings) else f"{heading} {index + 1}",
                "body": "\n\n".join(blocks),
            }
        )
    spec["sections"] = sections
    spec["references"] = seed.get("references", [])
    spec["tags"] = seed.get("tags", [])
    return spec


def generate(folder: Path, count: int, size: str | None = None, lang: str = "en") -> list[Path]:
    """Write ``count`` specs of class ``size`` (default: the old mix) in ``lang`` into ``folder``; return their paths.

    A file that already holds the same text is left alone, so that a rebuild can find it up to date.
    """
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = folder / f"brief-{number:05d}.yaml"
        spec = make_spec(number, size or ("long" if number % 10 == 9 else "small"), lang)
        text = yaml.safe_dump(spec, allow_unicode=True, sort_keys=False)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
