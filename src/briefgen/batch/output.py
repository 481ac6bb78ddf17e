"""Write a finished PDF to disk atomically: a temporary file beside the target, then a rename.

An interrupted build therefore leaves either the previous PDF or none, never
half of one.

Only what later runs trust is flushed to the disk before the rename (the
manifest): ``fsync`` costs about as much as the rest of the write. A PDF is
not: it can always be built again, and the manifest checks a PDF's size and
content hash before it skips a spec, so a PDF lost in a power cut is rebuilt,
never taken as up to date.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from briefgen.errors import RenderError


def write_atomically(target: Path, data: bytes | Iterable[bytes], *, durable: bool = False) -> None:
    """Replace ``target`` with ``data`` in one step; with ``durable``, on the disk before the rename.

    ``data`` may come in pieces (an iterable of bytes), written as they come.

    Raises:
        RenderError: the folder cannot be created or written to.

    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=_temporary_prefix(target), suffix=".tmp")
    except (FileExistsError, NotADirectoryError) as exc:
        raise RenderError(f"{target}: cannot write here: a file is in the way of the folder") from exc
    except OSError as exc:
        raise RenderError(f"{target}: cannot write here: {exc.strerror or exc}") from exc
    replaced = False
    try:
        with os.fdopen(descriptor, "wb") as stream:
            if isinstance(data, bytes):
                stream.write(data)
            else:
                for piece in data:
                    stream.write(piece)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
        replaced = True
    except OSError as exc:
        raise RenderError(f"{target}: cannot write: {exc.strerror or exc}") from exc
    finally:
        # Whatever stopped the write (a full disk, Ctrl-C, a bug), no half-written file is left behind.
        if not replaced:
            Path(temporary).unlink(missing_ok=True)


# A file name's longest, in bytes, on the usual file systems; mkstemp adds eight characters and ".tmp".
_NAME_MAX = 255
_ADDED = len("..") + 8 + len(".tmp")


def _temporary_prefix(target: Path) -> str:
    """Return ".NAME." for a temporary beside ``target``: NAME is shortened, its suffix kept, to fit ``_NAME_MAX``.

    A legal 250-byte PDF name would otherwise give a temporary name the file
    system refuses.
    """
    name, room = target.name, _NAME_MAX - _ADDED
    if len(name.encode()) <= room:
        return f".{name}."
    suffix = target.suffix  # kept: remove_abandoned_temporaries knows a temporary by it
    stem = name[: -len(suffix)] if suffix else name
    shortened = stem.encode()[: room - len(suffix.encode())].decode(errors="ignore")
    return f".{shortened}{suffix}."


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


# A temporary file lives for the milliseconds of one write; one this old was left by a killed build.
ABANDONED_AFTER_SECONDS = 600
# ".NAME.pdf.XXXXXXXX.tmp" or "..briefgen-manifest.json.XXXXXXXX.tmp": tempfile.mkstemp's eight characters.
_TEMPORARY_NAME = re.compile(r"\..+\.(pdf|json)\.[a-z0-9_]{8}\.tmp")


def remove_abandoned_temporaries(folder: Path, *, older_than: float = ABANDONED_AFTER_SECONDS) -> list[Path]:
    """Delete the hidden temporary files killed builds left in ``folder``; return those deleted.

    Only files named as ``write_atomically`` names them (``.NAME.XXXXXXXX.tmp``)
    and untouched for ``older_than`` seconds are removed: a build running now
    may be writing a fresh one.
    """
    removed: list[Path] = []
    now = time.time()
    try:
        with os.scandir(folder) as entries:  # names only: an output folder may hold thousands of PDFs
            candidates = [folder / entry.name for entry in entries if _TEMPORARY_NAME.fullmatch(entry.name)]
    except OSError:
        return removed
    for path in candidates:
        try:
            if path.is_file() and not path.is_symlink() and now - path.stat().st_mtime > older_than:
                path.unlink()
                removed.append(path)
        except OSError:
            continue  # gone already, or not ours to delete
    return removed
