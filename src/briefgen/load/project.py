"""Find and read the project file: ``briefgen.toml`` (or ``[tool.briefgen]`` in pyproject.toml) in, a ``Project`` out.

Input: the folder a command runs in. The project file is looked for there
and in every folder above it, as git looks for its repository; the first
``briefgen.toml``, or ``pyproject.toml`` with a ``[tool.briefgen]`` table,
is the project's, and its folder the project's root. Output: a ``Project``:
every setting's value (paths made absolute from the root) and where it came
from, the project file's line or the default. Command-line options override
it (``with_overrides``). A malformed file, an unknown key (with a
did-you-mean) or a bad value is a ``SpecError`` located at the file's line
and naming the key, checked by the same field types as a spec.

The settings are declared once, in ``SETTINGS``: ``briefgen init`` writes its
commented project file from them and ``briefgen config`` prints them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import tomllib
from dataclasses import field
from pathlib import Path
from typing import Any

from briefgen.errors import Problem, SpecError
from briefgen.load.checker import Checker, FieldType, Node, did_you_mean
from briefgen.load.fields import Choice, Field, Flag, LanguageTag, Record, Text
from briefgen.load.files import read_bounded
from briefgen.records import record

MAX_PROJECT_BYTES = 1024 * 1024
"""The largest project file read (briefgen.toml, or a pyproject.toml with a [tool.briefgen] table)."""

PROJECT_FILE = "briefgen.toml"
PYPROJECT_FILE = "pyproject.toml"
PYPROJECT_TABLE = "tool.briefgen"
DEFAULT = "default"
COMMAND_LINE = "command line"


@record
class Setting:
    """One project setting: its key, default (None: as each spec and its theme say), type and meaning."""

    name: str
    default: str | bool | None
    type: FieldType
    description: str
    example: str = ""  # what the commented line in a new project file shows, when there is no default
    unset: str = ""  # what applies when the setting has no value


_PATH = Text(max_length=1000)
SETTINGS = (
    Setting("output_dir", "output", _PATH, "Folder the PDFs are written to, as -o DIR."),
    Setting("specs_dir", "specs", _PATH, "Folder of specs that build, check and watch use when none is named."),
    Setting(
        "assets_dir", "assets", _PATH, "Folder of shared files (logos, figures, theme files) that every spec may name."
    ),
    Setting(
        "theme",
        None,
        Text(max_length=1000),
        "Theme of specs that name none: default, print, modern, or a theme .yaml file (--theme overrides them all).",
        example="print",
        unset="each spec's own, else default",
    ),
    Setting(
        "page_size",
        None,
        Choice(("a4", "letter")),
        "Paper of every PDF, as --page-size (default: the theme's).",
        example="a4",
        unset="the theme's",
    ),
    Setting(
        "lang",
        None,
        LanguageTag(),
        "Language of specs that give none, a BCP 47 tag (en, en-GB, fr, ru, zh-Hans ...).",
        example="en-GB",
        unset="each spec's own, else en",
    ),
    Setting(
        "allow_outside_files",
        False,
        Flag(),
        "Let specs name files outside their folder and assets_dir (only for specs you trust).",
    ),
)
_RECORD = Record("briefgen project", tuple(Field(s.name, s.type, s.description) for s in SETTINGS))
_PATHS = ("output_dir", "specs_dir", "assets_dir")


@record
class Project:
    """A project's settings in force, and where each came from (a file's line, ``DEFAULT`` or ``COMMAND_LINE``)."""

    root: Path
    file: Path | None = None
    values: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Fill in the defaults of the settings not given."""
        for setting in SETTINGS:
            if setting.name not in self.values:
                default = setting.default
                self.values[setting.name] = self.root / str(default) if setting.name in _PATHS else default
                self.sources[setting.name] = DEFAULT

    @property
    def output_dir(self) -> Path:
        """Return the folder the PDFs go to."""
        return shown_path(self.values["output_dir"])

    @property
    def specs_dir(self) -> Path:
        """Return the folder of specs used when none is named."""
        return shown_path(self.values["specs_dir"])

    @property
    def packs_dir(self) -> Path:
        """Return the folder of pack files built when nothing is named."""
        return shown_path(self.root / "packs")

    @property
    def assets_dir(self) -> Path:
        """Return the folder of shared files every spec may name (absolute)."""
        return Path(self.values["assets_dir"])

    @property
    def theme(self) -> str | None:
        """Return the theme of specs that name none: a built-in theme's name or a theme file's absolute path."""
        return self.values["theme"]  # type: ignore[no-any-return]

    @property
    def page_size(self) -> str | None:
        """Return the paper of every PDF, or None for the theme's."""
        return self.values["page_size"]  # type: ignore[no-any-return]

    @property
    def lang(self) -> str | None:
        """Return the language of specs that give none."""
        return self.values["lang"]  # type: ignore[no-any-return]

    @property
    def allow_outside_files(self) -> bool:
        """Return whether specs may name files anywhere."""
        return bool(self.values["allow_outside_files"])

    def with_overrides(self, **given: Any) -> Project:
        """Return the project with the settings given on the command line (those not None) in force."""
        chosen = {name: value for name, value in given.items() if value is not None}
        unknown = set(chosen) - {s.name for s in SETTINGS}
        assert not unknown, f"not project settings: {unknown}"
        values = {**self.values, **chosen}
        sources = {**self.sources, **dict.fromkeys(chosen, COMMAND_LINE)}
        return dataclasses.replace(self, values=values, sources=sources)


def shown_path(path: Path) -> Path:
    """Return ``path`` as a user reads it: relative to the working folder when inside it, else absolute."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def find_project(start: Path | None = None) -> Project:
    """Return the project of the folder ``start`` (default: the working folder), found by walking up.

    Without a project file the project is ``start`` itself, with every default.

    Raises:
        SpecError: the project file is malformed, or has an unknown key or a bad value.

    """
    start = (start or Path.cwd()).absolute()
    for folder in (start, *start.parents):
        candidate = folder / PROJECT_FILE
        if candidate.is_file():
            return load_project(candidate)
        pyproject = folder / PYPROJECT_FILE
        if pyproject.is_file() and has_briefgen_table(pyproject):
            return load_project(pyproject)
    return Project(start)


def has_briefgen_table(pyproject: Path) -> bool:
    """Return whether ``pyproject`` has a ``[tool.briefgen]`` table (a malformed one is reported when loaded)."""
    try:
        text = read_bounded(pyproject, MAX_PROJECT_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return False
    return re.search(r"^\s*\[\s*tool\s*\.\s*briefgen\s*\]", text, re.MULTILINE) is not None


def load_project(path: Path) -> Project:
    """Read and check the project file ``path`` (a ``briefgen.toml`` or a ``pyproject.toml``).

    Raises:
        SpecError: the file cannot be read, is not TOML, or has an unknown key or a bad value.

    """
    try:
        raw = read_bounded(path, MAX_PROJECT_BYTES)
        if len(raw) > MAX_PROJECT_BYTES:
            raise SpecError(path, [Problem(1, 1, "", f"the project file is over {MAX_PROJECT_BYTES:,} bytes")])
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(path, [Problem(1, 1, "", f"cannot read the project file: {exc}")]) from None
    table = PYPROJECT_TABLE if path.name == PYPROJECT_FILE else ""
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(path, [_syntax_problem(str(exc), text)]) from None
    if table:
        data = data.get("tool", {}).get("briefgen", {})
    positions = _key_positions(text, table)
    root = _node(data, positions.get("", (1, 1)), positions, "")
    checker = Checker()
    _RECORD.check(root, "", checker)
    values, sources = {}, {}
    folder = path.parent.absolute()
    wrong = {problem.field for problem in checker.problems}
    for setting in SETTINGS:
        if setting.name in data and setting.name not in wrong:
            line = positions.get(setting.name, (1, 1))[0]
            value = _value(setting, data[setting.name], folder, root.keys[setting.name], checker)
            values[setting.name], sources[setting.name] = value, f"{path}:{line}"
    if checker.problems:
        raise SpecError(path, sorted(checker.problems, key=lambda p: (p.line, p.column)))
    return Project(folder, path, values, sources)


def _value(setting: Setting, value: Any, folder: Path, node: Node, checker: Checker) -> Any:
    """Return a checked setting's value as the build takes it: paths absolute, a theme file found."""
    if setting.name in _PATHS:
        return folder / value
    if setting.name == "theme" and isinstance(value, str):
        if value.endswith((".yaml", ".yml")):
            theme_file = folder / value
            if not theme_file.is_file():
                checker.report(node, setting.name, f"the theme file '{value}' does not exist (looked for {theme_file})")
            return str(theme_file)
        from briefgen.load.file_fields import built_in_theme_names

        names = built_in_theme_names()
        if value not in names:
            hint = did_you_mean(value, names) or f"; the built-in themes are {', '.join(names)}"
            checker.report(node, setting.name, f"no built-in theme is called '{value}'{hint}, or name a .yaml file")
    return value


def _syntax_problem(message: str, text: str) -> Problem:
    """Return a TOML syntax error as a problem at its line, naming the key written there."""
    found = re.search(r"\(at line (\d+), column (\d+)\)", message)
    line, column = (int(found.group(1)), int(found.group(2))) if found else (1, 1)
    message = re.sub(r"\s*\(at line \d+, column \d+\)", "", message) or "not valid TOML"
    written = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
    key = re.match(r"\s*\"?([A-Za-z0-9_.-]+)\"?\s*=\s*(.*)", written)
    hint = ""
    if key and re.fullmatch(r"[A-Za-z][\w./-]*", key.group(2).split("#")[0].strip()):
        hint = f'; text goes in quotes: {key.group(1)} = "{key.group(2).split("#")[0].strip()}"'
    return Problem(line, column, key.group(1) if key else "", f"not valid TOML: {message}{hint}")


_TABLE = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]")
_KEY = re.compile(r"^(\s*)(\"?)([A-Za-z0-9_-]+)\2\s*=")


def _key_positions(text: str, table: str) -> dict[str, tuple[int, int]]:
    """Return the line and column of each key of ``table`` ("" for the top level), and of the table ("")."""
    positions: dict[str, tuple[int, int]] = {}
    current = ""
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TABLE.match(line)
        if header:
            current = re.sub(r"\s*\.\s*", ".", header.group(1))
            if current == table:
                positions[""] = (number, 1)
            elif table == "" and "." not in current:
                positions.setdefault(current, (number, 1))  # a table in briefgen.toml: an unknown key
            continue
        key = _KEY.match(line)
        if key and current == table:
            positions.setdefault(key.group(3), (number, len(key.group(1)) + 1))
    return positions


def _node(value: Any, where: tuple[int, int], positions: dict[str, tuple[int, int]], key: str) -> Node:
    """Return a TOML value as a located node, so that the spec's field types can check it."""
    line, column = where
    if isinstance(value, dict):
        node = Node({}, line, column, "mapping")
        for name, child in value.items():
            place = positions.get(name, where) if not key else where
            node.value[name] = _node(child, place, positions, name)
            node.keys[name] = Node(name, *place, "text", name)
        return node
    if isinstance(value, list):
        return Node([_node(item, where, positions, key) for item in value], line, column, "list")
    if isinstance(value, bool):
        return Node(value, line, column, "boolean", "true" if value else "false")
    if isinstance(value, (int, float)):
        return Node(value, line, column, "number", str(value))
    if isinstance(value, (dt.date, dt.time)):
        return Node(value, line, column, "date", value.isoformat())
    return Node(value, line, column, "text", str(value))
