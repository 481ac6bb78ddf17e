"""Where the files that ship with briefgen live: fonts, themes, the ICC profile, hyphenation patterns."""

from __future__ import annotations

import functools
from pathlib import Path


@functools.cache
def assets_dir() -> Path:
    """Return the folder of fonts, logos and themes that ship with briefgen."""
    packaged = Path(__file__).parent / "assets"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "assets"
