"""Turn a pack file (or a list of specs given on the command line) into a validated ``model.Pack``.

Input: a pack file's bytes (``packs/NAME.yaml``: the meeting's title, date,
location, classification and its agenda, an ordered list of specs), or spec
paths and a title. Output: a ``Pack``, or a ``SpecError`` locating each
problem, exactly as for a spec.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from briefgen.errors import Problem, SpecError
from briefgen.load.checker import Checker
from briefgen.load.fields import Choice, Date, Field, Flag, ListOf, Record, Text
from briefgen.load.file_fields import SPEC_FOLDER, ThemeName
from briefgen.load.files import (
    ALLOW_OPTION,
    ALLOW_OUTSIDE_FILES,
    MAX_SPEC_BYTES,
    NotRegularFileError,
    inside_any,
    read_bounded,
)
from briefgen.load.spec import read_yaml
from briefgen.model import AgendaItem, Pack
from briefgen.records import record

PACK_SUFFIXES = (".yaml", ".yml")
DEFAULT_LABEL = "Item {number}"
_NOT_A_FILE = "is not a regular file (a folder, pipe or device?); name a pack file"


AGENDA_ITEM = Record(
    "Agenda item",
    (
        Field(
            "spec",
            Text(max_length=1000),
            "The brief's spec file, relative to the pack file.",
            required=True,
            example="../specs/russia-north-korea-treaty.yaml",
        ),
        Field("label", Text(max_length=60), "The agenda label printed before the brief's title.", example="Item 2"),
    ),
)

PACK = Record(
    "briefgen meeting pack, version 1",
    (
        Field("title", Text(max_length=300), "The meeting's title.", required=True, example="Security Council"),
        Field("date", Date(), "The meeting's date, as YYYY-MM-DD.", example="2024-12-03"),
        Field("location", Text(max_length=300), "Where the meeting is held.", example="Conference Room 4"),
        Field("organization", Text(max_length=300), "Who prepares the pack; printed above the title."),
        Field(
            "classification",
            Text(max_length=100),
            "The pack's marking; the cover shows the higher of this and the briefs' own.",
            example="OFFICIAL",
        ),
        Field("duplex", Flag(), "Pad so that every brief starts on a right-hand page (default true)."),
        Field("page_size", Choice(("a4", "letter")), "Paper size of the pack (default a4).", example="a4"),
        Field("pdfa", Flag(), "Write the pack as an archival PDF/A-2b file, as 'briefgen pack --pdfa' does."),
        Field(
            "theme",
            ThemeName(),
            "The look of the whole pack: a built-in theme (default, print, modern) or a theme .yaml file "
            "beside the pack file; without it each brief keeps its own theme and the cover uses the default.",
            example="print",
        ),
        Field(
            "agenda",
            ListOf(AGENDA_ITEM, min_items=1, max_items=200),
            "The briefs of the meeting, in order (at least one).",
            required=True,
        ),
    ),
)


def load_pack(path: Path | str) -> Pack:
    """Read and validate the pack file at ``path``; spec paths are resolved against its folder.

    Raises:
        SpecError: the file cannot be read or is not a valid pack file.

    """
    path = Path(path)
    try:
        # Bounded like a spec: a FIFO in packs/ would block the build, /dev/zero fill memory.
        data = read_bounded(path, MAX_SPEC_BYTES)
    except NotRegularFileError as exc:
        raise SpecError(path, [Problem(1, 1, "", _NOT_A_FILE)]) from exc
    except OSError as exc:
        raise SpecError(path, [Problem(1, 1, "", f"cannot read the file: {exc.strerror or exc}")]) from exc
    root = read_yaml(data, path)
    checker = Checker()
    folder = SPEC_FOLDER.set(path.parent)  # a theme file is named relative to the pack file
    try:
        values = PACK.check(root, "", checker)
    finally:
        SPEC_FOLDER.reset(folder)
    if checker.problems:
        raise SpecError(path, sorted(checker.problems, key=lambda p: (p.line, p.column)))
    items = []
    roots = _agenda_roots(path)
    for number, (item, node) in enumerate(zip(values.pop("agenda"), root.value["agenda"].value, strict=True), 1):
        spec_node = node.value["spec"]
        refused = _outside(path.parent / item["spec"], roots)
        if refused:
            checker.report(spec_node, f"agenda[{number - 1}].spec", refused)
        items.append(
            AgendaItem(
                Path(os.path.normpath(path.parent / item["spec"])),
                item.get("label", DEFAULT_LABEL.format(number=number)),
                spec_node.line,
                spec_node.column,
                label_given="label" in item,
            )
        )
    if checker.problems:
        raise SpecError(path, checker.problems)
    return Pack(items=tuple(items), source=path, **values)


def _agenda_roots(pack_file: Path) -> tuple[Path, ...]:
    """Return the folders a pack file's agenda may name specs in: the pack's own folder and its project's.

    A pack file in a ``packs/`` folder belongs to the project that folder is in (its specs/ is a sibling),
    whether or not the project has a project file.
    """
    from briefgen.load.project import find_project

    folder = pack_file.parent
    home = folder.parent if folder.name == "packs" else folder
    return (folder, home, find_project(home).root)


def _outside(spec: Path, roots: Sequence[Path]) -> str:
    """Return why an agenda may not name ``spec`` (outside the pack's folders), or ``""``.

    A spec that does not exist is left to the build, which says so with a did-you-mean.
    """
    if ALLOW_OUTSIDE_FILES.get():
        return ""
    try:
        real = spec.resolve(strict=True)
    except (OSError, RuntimeError):
        return ""
    if inside_any(real, roots):
        return ""
    folders = " or ".join(f"'{root}'" for root in dict.fromkeys(r.absolute() for r in roots))
    return (
        f"'{spec}' is outside the pack's folder and project ({folders}); move the spec there, "
        f"or pass {ALLOW_OPTION} if you trust this pack file"
    )


def pack_from_specs(specs: Sequence[Path], title: str, **options: Any) -> Pack:
    """Return a pack of ``specs`` in the order given, labelled Item 1, Item 2, ..."""
    items = tuple(
        AgendaItem(Path(spec), DEFAULT_LABEL.format(number=n), label_given=False) for n, spec in enumerate(specs, 1)
    )
    return Pack(title=title, items=items, **{k: v for k, v in options.items() if v is not None})


def with_options(pack: Pack, **options: Any) -> Pack:
    """Return ``pack`` with the options given on the command line (those not None) taking precedence."""
    return dataclasses.replace(pack, **{k: v for k, v in options.items() if v is not None})


@record
class PackDefaults:
    """The project's theme, paper and language: for a pack, and the briefs in it, that give none.

    The pack's own ``page_size`` (its file's, or ``--page-size``) wins over
    the project's; ``theme`` is for the briefs that name none and for the
    pack's own pages when it names none; ``lang`` for the specs that give none.
    """

    theme: str | None = None
    page_size: str | None = None
    lang: str | None = None

    def applied_to(self, pack: Pack) -> Pack:
        """Return ``pack`` with these defaults where it has none of its own."""
        return dataclasses.replace(
            pack,
            page_size=pack.page_size or self.page_size or "",
            default_theme=self.theme or "",
            default_lang=self.lang or "",
        )


def is_pack_file(path: Path) -> bool:
    """Return whether ``path`` holds a pack file rather than a spec: an ``agenda`` key, or a packs/ folder.

    Raises:
        SpecError: ``path`` is a folder, pipe or device, neither a spec nor a pack file (reading it would hang).

    """
    if path.parent.name == "packs":
        return True
    if path.exists() and not path.is_file():
        raise SpecError(path, [Problem(1, 1, "", _NOT_A_FILE)])
    try:
        root = read_yaml(read_bounded(path, MAX_SPEC_BYTES), path)
    except (OSError, SpecError):
        return False
    return root.kind == "mapping" and "agenda" in root.value
