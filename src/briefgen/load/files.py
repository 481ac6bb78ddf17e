"""Decide which files a spec may name: the containment rule for logos, images and themes.

Input: a file reference exactly as a spec writes it (``logo.png``,
``../assets/crest.svg``), the spec's own path, and the folders the reference
may lead into. Output: the real, absolute path of an existing regular file
inside one of those folders, or a ``FileRefusedError`` error whose message can go
straight into a ``Problem``.

The rule: a spec may name files inside its own folder or the project's
``assets/`` folder (``PROJECT_ASSETS``: the project file's ``assets_dir``, or
``assets/`` where briefgen runs), and nowhere else, unless the user passes an
explicit option (``ALLOW_OPTION``). Files that ship with briefgen (its logos,
fonts and themes) may always be named too. Everything is judged on the *real* path, after
every ``..`` and symbolic link is resolved, so ``../../etc/passwd``, an
absolute path elsewhere, and a symlink inside the folder that points out of
it are all refused alike.

Loaders of specs and themes call ``resolve_asset``, which also finds files
in the project's and in briefgen's own ``assets/`` and honours
``ALLOW_OUTSIDE_FILES`` and ``PROJECT_ASSETS``, set for the duration of one
load by ``file_access``::

    try:
        image = resolve_asset(node.value, spec_folder, what="image")
    except FileRefusedError as exc:
        checker.report(node, path, str(exc))

Only the checks are here, and ``read_bounded``, the one way a spec is read
from disk; nothing here opens the files a spec names.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from pathlib import Path

from briefgen.assets import assets_dir

ALLOW_OPTION = "--allow-outside-files"
"""The command-line option a user passes to let specs name files anywhere."""

MAX_REFERENCE_LENGTH = 4096

ALLOW_OUTSIDE_FILES: ContextVar[bool] = ContextVar("ALLOW_OUTSIDE_FILES", default=False)
"""Whether the load in progress may name files anywhere (the user passed ``ALLOW_OPTION``)."""


PROJECT_ASSETS: ContextVar[Path | None] = ContextVar("PROJECT_ASSETS", default=None)
"""The project's folder of shared files (logos, figures, theme files) for the load in progress, if any."""


@contextlib.contextmanager
def outside_files_allowed(allowed: bool) -> Iterator[None]:
    """Let the specs and themes loaded inside the block name files anywhere, if ``allowed``."""
    token = ALLOW_OUTSIDE_FILES.set(allowed)
    try:
        yield
    finally:
        ALLOW_OUTSIDE_FILES.reset(token)


@contextlib.contextmanager
def file_access(*, allow_outside: bool = False, project_assets: Path | str | None = None) -> Iterator[None]:
    """Apply the user's file rule to the loads inside the block: anywhere if ``allow_outside``; ``project_assets``."""
    token = PROJECT_ASSETS.set(Path(project_assets) if project_assets else None)
    try:
        with outside_files_allowed(allow_outside):
            yield
    finally:
        PROJECT_ASSETS.reset(token)


def allowed_roots(folder: Path) -> tuple[Path, ...]:
    """Return the folders a spec or theme in ``folder`` may name files in: its own, then the assets/ folders."""
    project = PROJECT_ASSETS.get()
    return (folder, project, assets_dir()) if project else (folder, assets_dir())


def resolve_asset(reference: str, folder: Path, *, what: str = "file") -> Path:
    """Return the real path of a file a spec or theme in ``folder`` names: beside it, else in an assets/ folder.

    The project's assets/ is looked in before briefgen's own.

    Raises:
        FileRefusedError: as ``resolve_spec_file``; the message starts with ``what`` ("image", "font").

    """
    roots = allowed_roots(folder)
    allow = ALLOW_OUTSIDE_FILES.get()
    # The user is told of their own folders only: briefgen's assets/ may sit deep in an installation.
    shown = roots[:-1]
    try:
        return resolve_spec_file(reference, folder / "spec", roots=roots, allow_outside=allow, shown_roots=shown)
    except FileRefusedError as beside:
        if not Path(reference).is_absolute() and "does not exist" in str(beside):
            for base in roots[1:]:
                with contextlib.suppress(FileRefusedError):
                    return resolve_spec_file(reference, base / "spec", roots=roots, allow_outside=allow)
        raise FileRefusedError(f"{what} {beside}") from None


class FileRefusedError(ValueError):
    """A file reference that a spec may not use; ``str()`` is the message for the user."""


def spec_roots(spec_path: Path, project: Path | None = None) -> tuple[Path, ...]:
    """Return the folders a spec's file references may lead into: its own folder and ``assets/``.

    ``project`` is the project folder whose ``assets/`` is allowed (default:
    the current working directory, where ``briefgen`` runs).
    """
    project = Path.cwd() if project is None else project
    return (spec_path.parent, project / "assets")


def resolve_spec_file(
    reference: str,
    spec_path: Path,
    *,
    roots: Sequence[Path],
    allow_outside: bool = False,
    shown_roots: Sequence[Path] | None = None,
) -> Path:
    """Return the real path of the existing file ``reference`` names, if a spec may use it.

    A relative ``reference`` is read from the spec's folder (not the current
    folder), as a user writing the spec expects. The file must exist, be a
    regular file (not a folder, pipe or device) and, unless ``allow_outside``,
    lie inside one of ``roots`` once every ``..`` and symlink is resolved.
    A refusal names ``shown_roots`` (default: ``roots``) as where to keep it.

    Raises:
        FileRefusedError: the reference is malformed, missing, not a file, or leads
            outside ``roots``; the message says which and what to do.

    """
    shown = _shown(reference)
    if not reference.strip():
        raise FileRefusedError("the file name is empty; write a path relative to the spec's folder")
    if len(reference) > MAX_REFERENCE_LENGTH or "\x00" in reference:
        raise FileRefusedError(f"'{shown}' is not a usable file name")
    if "://" in reference or reference.lower().startswith(("file:", "data:")):
        raise FileRefusedError(f"'{shown}' is an address, not a file; download it next to the spec and name that file")
    candidate = Path(reference)  # "~" is not expanded: a spec means the same on every machine
    if not candidate.is_absolute():
        candidate = spec_path.parent / candidate
    try:
        real = candidate.resolve(strict=True)
        mode = real.stat().st_mode
    except FileNotFoundError:
        raise FileRefusedError(f"'{shown}' does not exist (looked for {_shown(str(candidate))})") from None
    except RuntimeError:  # Python 3.11 reports a symlink loop this way
        raise FileRefusedError(f"'{shown}' is a symbolic link that loops back on itself") from None
    except OSError as exc:
        raise FileRefusedError(f"'{shown}' cannot be read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(mode):
        raise FileRefusedError(f"'{shown}' is not a regular file (a folder, pipe or device?)")
    if allow_outside or inside_any(real, roots):
        return real
    shown_roots = roots if shown_roots is None else shown_roots
    where = " or ".join(f"'{_shown(str(root))}'" for root in shown_roots) or "no folder"
    # Name the real target only when a symbolic link took the path somewhere unexpected.
    written = Path(os.path.normpath(candidate.absolute()))
    via_link = "" if written == real else f" (it leads to '{_shown(str(real))}')"
    raise FileRefusedError(
        f"'{shown}' is outside the folders a spec may use{via_link}; "
        f"keep it in {where}, or pass {ALLOW_OPTION} to allow it"
    )


MAX_SPEC_BYTES = int(os.environ.get("BRIEFGEN_MAX_SPEC_BYTES", 10 * 1024 * 1024))
"""The largest spec file briefgen reads (``BRIEFGEN_MAX_SPEC_BYTES``); here, not beside the YAML
reader's other limits, so that a no-op rebuild can read specs without importing YAML."""


_READ_BYTES = 1024 * 1024

READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0)
"""``os.open``'s flags for reading a file's bytes: binary (Windows would translate line ends), kept from child
processes, and never waiting on a pipe found where a file was expected."""


class NotRegularFileError(OSError):
    """A folder, pipe or device where a file was expected."""


def read_bounded(path: Path, limit: int) -> bytes:
    """Return the bytes of the file at ``path``, one past ``limit`` at most (for the caller to refuse).

    Raises:
        NotRegularFileError: ``path`` is a folder, pipe or device: reading a pipe would block, a device never end.
        OSError: the file cannot be read.

    """
    # Checked before it is opened: opening a pipe waits for a writer, and opening a device may act on it.
    found = path.stat()
    if not stat.S_ISREG(found.st_mode):
        raise NotRegularFileError(path)
    # The descriptor, not a buffered file: four system calls where ``open`` and ``read`` made ten, for
    # every spec a batch reads. Should a pipe take the file's place meanwhile, READ_FLAGS do not wait on it.
    descriptor = os.open(path, READ_FLAGS)
    try:
        return read_open_file(descriptor, found.st_size, limit)
    finally:
        os.close(descriptor)


def read_open_file(descriptor: int, size: int, limit: int | None = None) -> bytes:
    """Return the bytes of an open regular file measured at ``size``, to its end or one past ``limit``.

    One read when it still holds ``size`` bytes: one byte more would have come had it grown. Grown, shrunk or
    read short, it is read on to its end. ``read(n)`` allocates n bytes: it is asked for what the file holds.
    """
    most = sys.maxsize if limit is None else limit + 1
    data = os.read(descriptor, min(size + 1, most))
    if len(data) == size:
        return data
    pieces = [data]
    left = most - len(data)
    while left > 0 and (piece := os.read(descriptor, min(left, _READ_BYTES))):
        pieces.append(piece)
        left -= len(piece)
    return b"".join(pieces)


def contained_output(out_dir: Path, relative: Path) -> Path:
    """Return ``out_dir / relative``, refusing a ``relative`` that would leave ``out_dir``.

    Output names come from spec file names, never from a spec's content, so
    this is a guard against future callers, checked on the path as written.

    Raises:
        FileRefusedError: ``relative`` is absolute or climbs out with ``..``.

    """
    if relative.is_absolute() or relative.drive or ".." in relative.parts:
        raise FileRefusedError(f"'{_shown(str(relative))}' would be written outside the output folder '{out_dir}'")
    return out_dir / relative


def inside_any(real: Path, roots: Sequence[Path]) -> bool:
    """Return whether the real path ``real`` lies inside one of ``roots`` (a missing root holds nothing)."""
    for root in roots:
        try:
            real_root = root.resolve(strict=True)
        except (OSError, RuntimeError):
            continue  # a missing assets/ folder allows nothing
        if real.is_relative_to(real_root):
            return True
    return False


def _shown(text: str, limit: int = 120) -> str:
    """Return ``text`` safe for a terminal and short enough for one line."""
    safe = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)
    return safe if len(safe) <= limit else safe[: limit - 1] + "…"
