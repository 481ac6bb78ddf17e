"""Read a recipients file for numbered copies: a text file in, the recipients' names in order out.

Input: the file ``--copies-for`` names: one name a line, UTF-8; blank lines
and lines starting with ``#`` are skipped. Output: the names as given
(spaces folded), or a ``SpecError`` listing every bad line as
``file:line:col: message``: a name too long for a footer, control
characters, a name given twice (two copies that cannot be told apart), or no
names at all.
"""

from __future__ import annotations

from pathlib import Path

from briefgen.errors import Problem, SpecError
from briefgen.load.files import NotRegularFileError, read_bounded
from briefgen.style.font_choice import shipped_font_has
from briefgen.text.scripts import script_label

MAX_RECIPIENTS_BYTES = 1024 * 1024
MAX_RECIPIENTS = 9999  # CUPS takes at most 9999 copies of a job; no meeting needs more numbered ones
MAX_NAME_LENGTH = 80  # what fits in a footer beside "Copy 9999 of 9999" and the page number


def load_recipients(path: Path) -> tuple[str, ...]:
    """Return the names in the recipients file ``path``, in order.

    Raises:
        SpecError: the file cannot be read, or a line is not a name a footer can carry.

    """
    return tuple(name for name, _ in load_placed_recipients(path))


def load_placed_recipients(path: Path) -> tuple[tuple[str, str], ...]:
    """Return the names in the recipients file ``path`` with where each is (``names.txt:4:1``), in order.

    Raises:
        SpecError: the file cannot be read, or a line is not a name a footer can carry.

    """
    try:
        data = read_bounded(path, MAX_RECIPIENTS_BYTES)
    except NotRegularFileError:
        raise SpecError(path, [Problem(1, 1, "", "not a regular file: name a text file of recipients")]) from None
    except OSError as exc:
        raise SpecError(path, [Problem(1, 1, "", f"cannot read the file: {exc.strerror or exc}")]) from None
    if len(data) > MAX_RECIPIENTS_BYTES:
        raise SpecError(path, [Problem(1, 1, "", f"the file is over {MAX_RECIPIENTS_BYTES // 1024} KB")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SpecError(path, [Problem(line, 1, "", "not UTF-8 text: save the file as UTF-8")]) from None
    return _placed(text, path)


def parse_recipients(text: str, source: Path | str) -> tuple[str, ...]:
    """Return the names in ``text`` (a recipients file's content); ``source`` names it in errors.

    Raises:
        SpecError: a line is not a name a footer can carry, or there are no names.

    """
    return tuple(name for name, _ in _placed(text, source))


def _placed(text: str, source: Path | str) -> tuple[tuple[str, str], ...]:
    """Return the names in ``text`` and where each is (``file:line:column``), or raise ``SpecError``."""
    names: list[tuple[str, str]] = []
    problems: list[Problem] = []
    first_line: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        name = " ".join(line.split())
        if not name or name.startswith("#"):
            continue
        column = len(line) - len(line.lstrip()) + 1
        missing = next((ch for ch in name if not shipped_font_has(ch)), None)
        if not name.isprintable():
            problems.append(Problem(number, column, "", "the name has control characters: write it as plain text"))
        elif missing is not None:
            problem = f"no font for '{missing}' U+{ord(missing):04X} ({script_label(missing)}) in the name: write it so"
            problems.append(Problem(number, column + line.lstrip().index(missing), "", problem))
        elif len(name) > MAX_NAME_LENGTH:
            problems.append(
                Problem(
                    number,
                    column,
                    "",
                    f"the name is {len(name)} characters; a footer has room for {MAX_NAME_LENGTH}: shorten it",
                )
            )
        elif name.casefold() in first_line:
            problems.append(
                Problem(
                    number,
                    column,
                    "",
                    f"'{name}' is already on line {first_line[name.casefold()]}: "
                    "two copies for one name cannot be told apart; add an initial or a role",
                )
            )
        else:
            first_line[name.casefold()] = number
            names.append((name, f"{source}:{number}:{column}"))
    if not names and not problems:
        problems.append(Problem(1, 1, "", "no names: write one recipient a line"))
    if len(names) > MAX_RECIPIENTS:
        problems.append(Problem(1, 1, "", f"{len(names)} names; at most {MAX_RECIPIENTS} numbered copies"))
    if problems:
        raise SpecError(source, problems)
    return tuple(names)
