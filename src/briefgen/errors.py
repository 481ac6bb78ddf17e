"""The errors briefgen raises, and the located problems they carry.

Nothing here knows about click, YAML or ReportLab: the CLI turns these into
messages and exit codes, the loaders fill them with locations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, at a line and column (both 1-based)."""

    line: int
    column: int
    field: str
    message: str

    def describe(self, source: Path | str) -> str:
        """Return the one-line form editors and CI understand: ``file:line:col: field: message``."""
        where = f"{source}:{self.line}:{self.column}"
        line = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        return printable(line)


# Control and bidirectional-override characters from a hostile file must not reach a terminal:
# an ESC could recolour or rewrite the screen, U+202E could reverse what the user reads.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Return ``text`` with control characters shown as escapes such as ``\\x1b``, safe for a terminal."""
    return _UNSAFE.sub(lambda m: repr(m.group())[1:-1], text)


class BriefgenError(Exception):
    """Base of every error briefgen reports to its user rather than crashing."""


class SpecError(BriefgenError):
    """A spec (or theme, or pack) file is unreadable or invalid; raised by the loaders.

    Carries every problem found, not just the first, so a user can fix them all
    in one pass.
    """

    def __init__(self, source: Path | str, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.source = source
        self.problems = tuple(problems)
        super().__init__("\n".join(p.describe(source) for p in self.problems))


class RenderError(BriefgenError):
    """Laying out or writing a PDF failed for a reason the user can act on."""
