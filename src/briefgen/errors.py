"""The errors briefgen raises, and the located problems they carry.

Nothing here knows about click, YAML or ReportLab: the CLI turns these into
messages and exit codes, the loaders fill them with locations.
"""

from __future__ import annotations

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


# Nothing unprintable from a hostile file may reach a terminal: an ESC could rewrite the screen,
# U+202E reverse what the user reads, and an invisible U+FEFF inside a key hide why it is unknown.
def printable(text: str) -> str:
    """Return ``text`` with unprintable characters shown as escapes such as ``\\x1b``, safe for a terminal."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


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
