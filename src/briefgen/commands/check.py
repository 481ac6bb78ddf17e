"""Check what ``briefgen check`` is given, building nothing: spec and pack files and folders in, a report out.

Input: sources as named (spec files, folders of specs, pack files, packs/
folders). Output: a ``CheckReport`` with one ``FileCheck`` per file, pack
files first: fine, or every problem with its file, line and column, both as
the lines the CLI prints and located for ``--format json``. A pack file's
check covers the specs on its agenda; a spec's covers the theme file it names.
A bug in briefgen while checking one file is that file's problem, and the
others are still checked (``batch.worker.attempt``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path

from briefgen.batch.discover import discover
from briefgen.batch.worker import attempt
from briefgen.commands.sources import OUTPUT_DIR, split_sources
from briefgen.errors import BriefgenError, Problem, SpecError
from briefgen.records import record

LocatedProblem = tuple[Path | str, Problem]


@record
class FileCheck:
    """One spec or pack file checked: fine, or what is wrong with it."""

    source: Path
    message: str = ""  # what is wrong, one line per problem as the user reads it; "" when all is well
    problems: tuple[LocatedProblem, ...] = ()  # the same, each with the file it is in
    traceback: str = ""  # of a bug in briefgen, kept only when debugging

    @property
    def ok(self) -> bool:
        """Return whether nothing is wrong with the file."""
        return not self.message


@record
class CheckReport:
    """Every file checked, pack files first, then specs in the order ``batch.discover`` finds them."""

    files: tuple[FileCheck, ...]

    @property
    def ok(self) -> bool:
        """Return whether every file is fine."""
        return all(checked.ok for checked in self.files)

    def json_problems(self) -> list[dict[str, object]]:
        """Return every problem as editors and CI read them (``check --format json``)."""
        return [
            {
                "file": str(source),
                "line": problem.line,
                "column": problem.column,
                "path": problem.field,
                "message": problem.message,
                "severity": "error",
            }
            for checked in self.files
            for source, problem in checked.problems
        ]


def check_sources(
    sources: Sequence[Path],
    *,
    allow_outside_files: bool = False,
    project_assets: Path | None = None,
    debug: bool = False,
    on_checked: Callable[[FileCheck], None] | None = None,
    default_theme: str | None = None,
    lang: str | None = None,
) -> CheckReport:
    """Check every spec and pack file ``sources`` name; ``on_checked`` is told of each file as it is done.

    ``allow_outside_files`` lets specs name files outside their folder and
    assets/; ``project_assets`` is the project's folder of shared files;
    ``default_theme`` and ``lang`` are the project's, for specs that give
    none (as build uses them); ``debug`` keeps the traceback of a bug in briefgen.
    """
    packs, specs = split_sources(sources)
    check_pack = functools.partial(_check_pack, default_theme=default_theme, lang=lang)
    check_spec = functools.partial(_check_spec, default_theme=default_theme, lang=lang)
    to_check: list[tuple[Path, Callable[[Path], object]]] = [(path, check_pack) for path in packs]
    unreadable: dict[Path, str] = {}
    to_check += [(job.spec, check_spec) for job in discover(specs, OUTPUT_DIR, on_unreadable=unreadable.setdefault)]
    to_check += [(folder, functools.partial(_unreadable_folder, why)) for folder, why in sorted(unreadable.items())]
    checked: list[FileCheck] = []
    for path, check in to_check:
        checked.append(
            check_file(path, check, allow_outside_files=allow_outside_files, project_assets=project_assets, debug=debug)
        )
        if on_checked is not None:
            on_checked(checked[-1])
    return CheckReport(tuple(checked))


def _unreadable_folder(why: str, folder: Path) -> None:
    raise BriefgenError(f"{folder}: cannot read the folder ({why}); its specs were not checked")


def check_file(
    path: Path,
    check: Callable[[Path], object],
    *,
    allow_outside_files: bool = False,
    project_assets: Path | None = None,
    debug: bool = False,
) -> FileCheck:
    """Run ``check`` on ``path`` and return what it found; nothing it raises escapes."""
    from briefgen.load.files import file_access

    def work() -> object:
        with file_access(allow_outside=allow_outside_files, project_assets=project_assets):
            return check(path)

    result = attempt(path, "checking", work, debug)
    if result.error is not None:
        return FileCheck(path, str(result.error), _located(path, result.error))
    if result.internal:
        return FileCheck(path, result.internal, ((path, Problem(1, 1, "", result.internal)),), result.traceback)
    return FileCheck(path)


def _check_spec(path: Path, *, default_theme: str | None = None, lang: str | None = None) -> object:
    from briefgen.load.drawable import check_drawable
    from briefgen.load.spec import load_parsed_spec
    from briefgen.load.theme_file import load_theme

    parsed = load_parsed_spec(path, default_lang=lang)
    # A theme file the spec names is checked too: its errors would otherwise wait for build.
    theme = load_theme(parsed.brief.theme or default_theme or "default")
    check_drawable(parsed, theme)  # as build does: a character no font has is an error
    return parsed.brief


def _check_pack(path: Path, *, default_theme: str | None = None, lang: str | None = None) -> object:
    from briefgen.pack.build import check_pack_file

    return check_pack_file(path, theme=default_theme, lang=lang)


def _located(path: Path, error: BriefgenError) -> tuple[LocatedProblem, ...]:
    if isinstance(error, SpecError):
        return tuple((error.source, problem) for problem in error.problems)
    from briefgen.pack.build import PackError

    if isinstance(error, PackError):  # each agenda item's problem, then its spec's own
        return error.problems
    return tuple((path, Problem(1, 1, "", line)) for line in str(error).splitlines())
