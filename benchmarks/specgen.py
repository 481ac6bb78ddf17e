"""Generate realistic brief specs for the benchmark: the seed's size, and some of ten pages and more.

Input: a folder and a count. Output: that many spec files, each with its own
title and text (sentences of the seed article reshuffled), so that no two
documents are the same; every tenth is a long brief (ten pages or more).
Deterministic: the same count gives the same specs.
"""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "specs" / "russia-north-korea-treaty.yaml"


def _seed() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    return loaded


def _sentences(seed: dict[str, Any]) -> list[str]:
    text = " ".join(section["body"] for section in seed["sections"])
    text = " ".join(line for line in text.split() if line)
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if len(s) > 30 and not s.startswith(("-", ">"))]


def make_spec(number: int, *, long: bool = False) -> dict[str, Any]:
    """Return spec number ``number``: seed-sized, or long (about 12 pages)."""
    seed = _seed()
    rng = random.Random(number)
    sentences = _sentences(seed)
    spec: dict[str, Any] = {key: seed[key] for key in ("subtitle", "organization", "authors", "classification")}
    spec["title"] = f"{seed['title']} (Brief {number})"
    spec["summary"] = " ".join(rng.sample(sentences, 4))
    spec["key_points"] = [rng.choice(sentences) for _ in range(4)]
    if long:
        section_count, paragraphs, per_paragraph = 14, 6, 6
    else:
        section_count, paragraphs, per_paragraph = len(seed["sections"]), 1, 5
    sections = []
    for index in range(section_count):
        heading = seed["sections"][index % len(seed["sections"])]["heading"]
        blocks = [" ".join(rng.sample(sentences, per_paragraph)) for _ in range(paragraphs)]
        if index % 3 == 1:
            blocks.append("\n".join(f"- {rng.choice(sentences)}" for _ in range(3)))
        if number % 2 and index == 2:
            blocks[0] = f"The **treaty** is *binding* on {number} counts, see [the text](https://example.org/{number})."
        sections.append({"heading": f"{heading} {index + 1}" if long else heading, "body": "\n\n".join(blocks)})
    spec["sections"] = sections
    spec["references"] = seed.get("references", [])
    spec["tags"] = seed.get("tags", [])
    return spec


def generate(folder: Path, count: int) -> list[Path]:
    """Write ``count`` specs into ``folder`` (kept if already there) and return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = folder / f"brief-{number:05d}.yaml"
        if not path.exists():
            text = yaml.safe_dump(make_spec(number, long=number % 10 == 9), allow_unicode=True, sort_keys=False)
            path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
