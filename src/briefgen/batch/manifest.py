"""Remember what each PDF was built from, so an unchanged spec is not built again.

Input: the output folder, and for each spec its bytes and the build settings.
Output: a decision per spec (build it, and why, or skip it), and the manifest
``.briefgen-manifest.json`` in the output folder, which records per PDF a
content hash of everything it depends on (spec bytes, the build's options,
briefgen's version and code, ReportLab's version, the fonts and built-in
themes: ``fingerprint``; and every file the build read on the spec's behalf:
figures, a theme file, its logo and fonts) and a hash of the PDF itself, so a
deleted or edited PDF is rebuilt too.

Nothing here imports ReportLab: deciding that 2,000 specs are up to date must
cost only reading and hashing them. The manifest is replaced atomically, and a
build merges its changes into the file as it is on disk at that moment, under
a lock file, so two builds writing into the same folder at once lose nothing.

The manifest is a file anyone can edit, so nothing in it is trusted: it is
read only if it is a regular file under ``MAX_MANIFEST_BYTES``, each entry is
checked field by field (a damaged one is dropped, with a warning, and its PDF
built again), and the files entries name are hashed only if they are regular
files, never past the size they were recorded with.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat as stat_module
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeGuard

from briefgen.batch.fingerprint import file_digest
from briefgen.batch.output import write_atomically
from briefgen.load.files import READ_FLAGS

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; merge-on-write still keeps most changes
    fcntl = None  # type: ignore[assignment]

MANIFEST_NAME = ".briefgen-manifest.json"
LOCK_NAME = ".briefgen-manifest.lock"
FORMAT = 2

MAX_MANIFEST_BYTES = 256 * 1024 * 1024
"""A larger manifest is not read (it is taken as damaged): 100,000 briefs need about 60 MB."""


@dataclass(frozen=True, slots=True)
class FileStamp:
    """A file a build read besides the spec (a figure, a theme file): its path, stat and content hash."""

    path: str
    size: int
    mtime_ns: int
    digest: str

    @classmethod
    def of(cls, path: Path) -> FileStamp:
        """Return the stamp of ``path`` as it is now (a missing, unreadable or irregular file gets an empty hash)."""
        try:
            stat = path.stat()
        except (OSError, ValueError):
            return cls(str(path), -1, 0, "")
        content = file_digest(path, stat.st_size) if stat_module.S_ISREG(stat.st_mode) else None
        if content is None:
            return cls(str(path), -1, 0, "")
        return cls(str(path), stat.st_size, stat.st_mtime_ns, content)

    def unchanged(self) -> bool:
        """Return whether the file still holds what it held when stamped."""
        return _same_file(Path(self.path), self.size, self.mtime_ns, self.digest)


@dataclass(frozen=True, slots=True)
class Entry:
    """What one PDF was built from: the spec, a hash of all its inputs, the files it used, and the PDF's stat."""

    spec: str
    inputs: str
    pdf: str
    size: int
    mtime_ns: int
    uses: tuple[FileStamp, ...] = ()


def pdf_unchanged(pdf: Path, entry: Entry) -> bool:
    """Return whether ``pdf`` still holds what the manifest says was written there."""
    return _same_file(pdf, entry.size, entry.mtime_ns, entry.pdf)


def _same_file(path: Path, size: int, mtime_ns: int, content: str) -> bool:
    try:
        stat = path.stat()
    except (OSError, ValueError):
        return size < 0  # it was missing then and is missing now
    if not stat_module.S_ISREG(stat.st_mode) or stat.st_size != size:
        return False  # a pipe or device is never up to date, and never read
    if stat.st_mtime_ns == mtime_ns:
        return True
    # Touched, copied back or restored: trust the content, not the clock.
    return file_digest(path, size) == content


def rebuild_reason(entry: Entry | None, inputs: str, pdf: Path) -> str:
    """Return why the PDF must be built, or "" when it is up to date."""
    if entry is None:
        return "new"
    if entry.inputs != inputs:
        return "inputs changed"
    if not pdf.exists():
        return "PDF missing"
    if not pdf_unchanged(pdf, entry):
        return "PDF changed"
    changed = next((stamp.path for stamp in entry.uses if not stamp.unchanged()), "")
    if changed:
        return f"{Path(changed).name} changed"
    return ""


class Manifest:
    """The manifest of one output folder: read once, changed in memory, merged back to disk."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.path = out_dir / MANIFEST_NAME
        self._prefix = os.path.join(str(out_dir), "")
        self.problems: list[str] = []  # what was wrong with the file as read, for the batch's warnings
        self.entries, self._stamp = _read(self.path, self.problems)
        self._pending: dict[str, Entry | None] = {}
        # A damaged file is rewritten on the next save even if nothing is built, so it warns once.
        self._rewrite = bool(self.problems)

    def key(self, pdf: Path) -> str:
        """Return the manifest's key for a PDF: its path inside the output folder."""
        # String work, not Path.relative_to: this runs for every spec of a no-op rebuild.
        path = str(pdf)
        if path.startswith(self._prefix):
            return path[len(self._prefix) :].replace(os.sep, "/")
        return pdf.resolve().as_posix()

    def get(self, pdf: Path) -> Entry | None:
        """Return what ``pdf`` was last built from, if the manifest knows."""
        return self.entries.get(self.key(pdf))

    def record(self, pdf: Path, entry: Entry) -> None:
        """Remember that ``pdf`` was built; written to disk on the next ``save``."""
        key = self.key(pdf)
        self.entries[key] = self._pending[key] = entry

    def forget(self, pdf: Path) -> None:
        """Drop ``pdf`` from the manifest; written to disk on the next ``save``."""
        key = self.key(pdf)
        self.entries.pop(key, None)
        self._pending[key] = None

    def stale(self) -> list[tuple[Path, Entry]]:
        """Return the PDFs whose spec no longer exists, with their entries."""
        entries = sorted(self.entries.items())
        return [(self.out_dir / key, entry) for key, entry in entries if not os.path.exists(entry.spec)]

    def save(self) -> None:
        """Merge this build's changes into the manifest on disk.

        If another build has written the file since this one read or wrote
        it, it is read again under the lock and only this build's own changes
        are applied to it.
        """
        if not self._pending and not self._rewrite:
            return
        self.out_dir.mkdir(parents=True, exist_ok=True)
        with _locked(self.out_dir / LOCK_NAME, self.problems):
            if _stamp(self.path) != self._stamp:
                current, _ = _read(self.path, [])
                for key, entry in self._pending.items():
                    if entry is None:
                        current.pop(key, None)
                    else:
                        current[key] = entry
                self.entries = current
            write_atomically(self.path, _dump(self.entries), durable=True)  # later runs trust it: see output.py
            self._stamp = _stamp(self.path)
        self._pending.clear()
        self._rewrite = False


@contextlib.contextmanager
def _locked(path: Path, problems: list[str]) -> Iterator[None]:
    # Non-blocking open: a pipe in the lock file's place must not hang the save.
    flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags, 0o666)
    except OSError as exc:
        # Saved unlocked rather than not at all: merge-on-write still keeps most of a concurrent build's changes.
        problem = f"{path}: cannot lock the manifest ({exc.strerror or exc}); saved it without the lock"
        if problem not in problems:
            problems.append(problem)
        yield
        return
    with os.fdopen(descriptor, "a") as lock:
        if fcntl is not None:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


_Stamp = tuple[int, int] | None


def _stamp(path: Path) -> _Stamp:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def _read(path: Path, problems: list[str]) -> tuple[dict[str, Entry], _Stamp]:
    """Return the manifest's valid entries and the stamp (size, time) of the file they were read from.

    What is wrong with the file is added to ``problems``; a damaged file gives no entries, a damaged
    entry is left out: either way the PDFs concerned are built again.
    """
    try:
        # Non-blocking: a pipe in the manifest's place must not hang the build.
        descriptor = os.open(path, READ_FLAGS)
    except FileNotFoundError:
        return {}, None
    except OSError as exc:
        problems.append(f"{path}: cannot read the build manifest ({exc.strerror or exc}); rebuilding everything")
        return {}, None
    with os.fdopen(descriptor, "rb") as stream:
        # Stamped from the open file: a manifest replaced while it is read is not mistaken for this one.
        stat = os.fstat(descriptor)
        stamp = (stat.st_size, stat.st_mtime_ns)
        if not stat_module.S_ISREG(stat.st_mode):
            problems.append(f"{path}: the build manifest is not a regular file; rebuilding everything")
            return {}, None
        if stat.st_size > MAX_MANIFEST_BYTES:
            problems.append(
                f"{path}: the build manifest is larger than {MAX_MANIFEST_BYTES:,} bytes; rebuilding everything"
            )
            return {}, stamp
        try:
            data = stream.read(stat.st_size + 1)
        except OSError as exc:
            problems.append(f"{path}: cannot read the build manifest ({exc.strerror or exc}); rebuilding everything")
            return {}, None
    try:
        document = json.loads(data)
    except (ValueError, RecursionError):  # not JSON, or nested past the parser's depth
        problems.append(f"{path}: the build manifest is damaged (not JSON); rebuilding everything")
        return {}, stamp
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        return {}, stamp  # another format: rebuilt and replaced without a word
    outputs = document.get("outputs")
    if not isinstance(outputs, dict):
        problems.append(f"{path}: the build manifest is damaged (no outputs); rebuilding everything")
        return {}, stamp
    entries: dict[str, Entry] = {}
    damaged: list[str] = []
    for key, value in outputs.items():
        entry = _entry(key, value)
        if entry is None:
            damaged.append(key)
        else:
            entries[key] = entry
    if damaged:
        count = f"{len(damaged)} damaged entries" if len(damaged) > 1 else "a damaged entry"
        problems.append(
            f"{path}: the build manifest has {count} (the first: {json.dumps(damaged[0])[:80]}); "
            "their PDFs are built again"
        )
    return entries, stamp


def _entry(key: str, value: object) -> Entry | None:
    """Return the entry ``value`` describes, or None if any field is missing or of the wrong type."""
    if not _is_path(key) or not isinstance(value, dict):
        return None
    spec, inputs, pdf, size, mtime_ns = (value.get(name) for name in ("spec", "inputs", "pdf", "size", "mtime_ns"))
    uses = value.get("uses", [])
    if not (_is_path(spec) and isinstance(inputs, str) and isinstance(pdf, str)):
        return None
    if not (_is_count(size) and _is_count(mtime_ns) and isinstance(uses, list)):
        return None
    stamps = []
    for stamp in uses:
        if not (isinstance(stamp, list) and len(stamp) == 4):
            return None
        used, used_size, used_mtime_ns, used_digest = stamp
        if not (_is_path(used) and _is_integer(used_size) and _is_integer(used_mtime_ns)):
            return None
        if not isinstance(used_digest, str):
            return None
        stamps.append(FileStamp(used, used_size, used_mtime_ns, used_digest))
    return Entry(spec, inputs, pdf, size, mtime_ns, tuple(stamps))


def _is_path(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and bool(value) and "\x00" not in value


def _is_integer(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_count(value: object) -> TypeGuard[int]:
    return _is_integer(value) and value >= 0


def _dump(entries: Mapping[str, Entry]) -> Iterator[bytes]:
    # Written entry by entry, one a line, as the file is written: building the whole document
    # first held three copies of it at once (2,000 entries: about 2 MB at the end of a batch).
    yield f'{{"format": {FORMAT}, "outputs": {{'.encode()
    for index, (key, e) in enumerate(sorted(entries.items())):
        entry = {
            "spec": e.spec,
            "inputs": e.inputs,
            "pdf": e.pdf,
            "size": e.size,
            "mtime_ns": e.mtime_ns,
            "uses": [[u.path, u.size, u.mtime_ns, u.digest] for u in e.uses],
        }
        yield f"{',' if index else ''}\n {json.dumps(key)}: {json.dumps(entry)}".encode()
    yield b"\n}}\n"


def why_not_removable(pdf: Path, out_dir: Path) -> str:
    """Return why ``pdf``, named by a manifest key, must not be deleted, or "" if it is a PDF inside ``out_dir``.

    The manifest is a file anyone can edit: a key such as ``../notes.txt``,
    ``/home/me/x.pdf`` or a folder's name must never lead a prune outside the
    output folder or to anything but a PDF briefgen wrote.
    """
    if "\x00" in str(pdf) or pdf.suffix != ".pdf":
        return "it does not name a PDF"
    written, folder = os.path.abspath(pdf), os.path.abspath(out_dir)
    if os.path.commonpath([written, folder]) != folder or written == folder:
        return "it is outside the output folder"
    try:
        if not Path(written).parent.resolve().is_relative_to(Path(folder).resolve()):
            return "a symbolic link takes it outside the output folder"
        mode = os.lstat(written).st_mode
    except FileNotFoundError:
        return ""
    except (OSError, RuntimeError) as exc:
        return f"it cannot be checked ({getattr(exc, 'strerror', None) or exc})"
    if not (stat_module.S_ISREG(mode) or stat_module.S_ISLNK(mode)):
        return "it is not a file"
    return ""


def remove_pdf(pdf: Path, out_dir: Path) -> bool:
    """Delete a stale PDF and the folders inside ``out_dir`` it leaves empty; return whether it existed.

    Raises:
        ValueError: ``pdf`` is not a PDF inside ``out_dir`` (``why_not_removable``); nothing is deleted.

    """
    reason = why_not_removable(pdf, out_dir)
    if reason:
        raise ValueError(reason)
    try:
        pdf.unlink()
    except FileNotFoundError:
        return False
    folder = pdf.parent
    while folder != out_dir and out_dir in folder.parents:
        try:
            folder.rmdir()
        except OSError:  # not empty
            break
        folder = folder.parent
    return True
