"""Shared fixtures: a minimal valid spec, a way to write variants of it, and PDF read-back helpers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdf
import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
SEED_SPEC = REPO / "specs" / "russia-north-korea-treaty.yaml"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="Rewrite tests/golden/*.txt from the current build (`make golden`); review the diff like code.",
    )


def minimal_spec(**overrides: Any) -> dict[str, Any]:
    """Return the smallest valid spec, with ``overrides`` applied (a value of None removes a key)."""
    spec: dict[str, Any] = {
        "title": "A Minimal Brief",
        "key_points": ["The one point."],
        "sections": [{"heading": "Only Section", "body": "Some text."}],
    }
    for key, value in overrides.items():
        if value is None:
            spec.pop(key, None)
        else:
            spec[key] = value
    return spec


@pytest.fixture
def write_spec(tmp_path: Path) -> Callable[..., Path]:
    """Write a spec (a dict, dumped as YAML, or raw text) under tmp_path and return its path."""

    def write(content: dict[str, Any] | str | None = None, name: str = "brief.yaml", **overrides: Any) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if content is None:
            content = minimal_spec(**overrides)
        text = content if isinstance(content, str) else yaml.safe_dump(content, allow_unicode=True, sort_keys=False)
        path.write_text(text, encoding="utf-8")
        return path

    return write


def pdf_text(path: Path) -> str:
    """Return the PDF's text in reading order, whitespace folded to single spaces."""
    reader = pypdf.PdfReader(path)
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())
