"""The errors briefgen raises, the located problems they carry, and the one shape they are printed in.

Nothing here knows about click, YAML or ReportLab: the CLI turns these into
messages and exit codes, the loaders fill them with locations. Every error a
user sees, from any command, is printed by ``error_lines``: each line
``error: `` and then, for a problem in a file, ``file:line:col: field: message``.
"""

from __future__ import annotations

from pathlib import Path

from briefgen.records import record


@record
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


ERROR_PREFIX = "error: "


def error_lines(message: str) -> str:
    """Return ``message`` as every error is printed: each line prefixed ``error: `` and printable, newline-ended.

    The prefix tells errors from the ``warning:`` lines and the progress
    sharing the stream; what follows it is the message as raised, so a
    problem in a file reads ``error: file:line:col: field: message``.
    """
    return "".join(f"{ERROR_PREFIX}{printable(line)}\n" for line in message.splitlines())


def internal_error_message(subject: Path | str, doing: str, exc: BaseException) -> str:
    """Return the one line a user sees for a bug in briefgen (not in their input): what it was ``doing`` to what.

    ``subject`` is the file being worked on, or "" when the bug is in no one file.
    """
    detail = " ".join(str(exc).split())[:200]
    where = f"{subject}: " if str(subject) else ""
    return printable(
        f"{where}internal error while {doing} ({type(exc).__name__}: {detail}); "
        "please report it, with the output of `briefgen --debug`"
    )


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


class BlockError(RenderError):
    """A block the layout cannot place, named as it is numbered ("Table 2"), so that it can be located in the spec.

    ``part`` is the field inside the block at fault (``rows[3]``), or "".
    ``label`` is the block's number as the brief prints it ("表 2" in
    Chinese); ``block`` the same in English ("Table 2"), which locates it
    whatever the brief's language. The layout knows no files or lines:
    whoever holds the spec turns this into a located ``Problem``
    (``load.spec.block_problem``).
    """

    def __init__(self, message: str, label: str, part: str = "", block: str = "") -> None:
        super().__init__(message)
        self.label = label
        self.part = part
        self.block = block or label


class UsageError(BriefgenError):
    """A command was asked for something it cannot do as asked (no specs/ folder here, a pack with no title).

    Not a problem in a file but in how briefgen was called: the CLI exits
    with status 2, as for an unknown option.
    """


class OptionError(UsageError, ValueError):
    """An option given a value no build can use (``Options(page_size="a5")``, ``--page-size`` in a project file).

    A ``ValueError`` too, as a library's caller expects of a bad argument.
    """
