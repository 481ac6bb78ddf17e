"""Remember what each PDF was built from, so an unchanged spec is not built again.

Input: the output folder, and for each spec its bytes and the build settings.
Output: a decision per spec (build it, and why, or skip it), and the manifest
``.briefgen-manifest.json`` in the output folder, which records per PDF a
content hash of everything it depends on (spec bytes, the build's options,
briefgen's version and code, ReportLab's version, the fonts and built-in
themes, and every file the build read on the spec's behalf: figures, a theme
file, its logo and fonts) and a hash of the PDF itself, so a deleted or
edited PDF is rebuilt too.

Nothing here imports ReportLab: deciding that 2,000 specs are up to date must
cost only reading and hashing them. The manifest is replaced atomically, and a
build merges its changes into the file as it is on disk at that moment, under
a lock file, so two builds writing into the same folder at once lose nothing.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import json
import logging
import os
import stat as stat_module
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from briefgen.batch.output import write_atomically

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; merge-on-write still keeps most changes
    fcntl = None  # type: ignore[assignment]

logger = logging.getLogger(__name__)

MANIFEST_NAME = ".briefgen-manifest.json"
LOCK_NAME = ".briefgen-manifest.lock"
FORMAT = 2


@dataclass(frozen=True, slots=True)
class FileStamp:
    """A file a build read besides the spec (a figure, a theme file): its path, stat and content hash."""

    path: str
    size: int
    mtime_ns: int
    digest: str

    @classmethod
    def of(cls, path: Path) -> FileStamp:
        """Return the stamp of ``path`` as it is now (an unreadable file gets an empty hash)."""
        try:
            stat = path.stat()
            return cls(str(path), stat.st_size, stat.st_mtime_ns, digest(path.read_bytes()))
        except OSError:
            return cls(str(path), -1, 0, "")

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


def digest(data: bytes) -> str:
    """Return the hash the manifest uses for file contents."""
    return hashlib.sha256(data).hexdigest()


def inputs_digest(spec_data: bytes, *, extra: tuple[str, ...] = ()) -> str:
    """Return the hash of the spec, briefgen itself, and ``extra``: the build's options as strings.

    Files the build reads besides the spec (figures, a theme file) are not in
    it: each entry stamps them separately, as only the build learns which they are.
    """
    hasher = hashlib.sha256()
    for part in (environment_digest(), *extra):
        hasher.update(part.encode())
        hasher.update(b"\0")
    hasher.update(spec_data)
    return hasher.hexdigest()


@functools.cache
def environment_digest() -> str:
    """Return the hash of what every brief depends on: briefgen, ReportLab, fonts, labels, hyphenation patterns.

    Computed once per process. Hashing the package's own source means a
    changed theme, layout or renderer rebuilds everything, even between
    releases; hashing pyphen's dictionaries, that a pyphen breaking words
    elsewhere does too.
    """
    from briefgen import version

    package = Path(version.__file__).parent
    hasher = hashlib.sha256()
    hasher.update(f"briefgen {version.__version__}\0reportlab {_reportlab_version()}\0".encode())
    assets = _assets_dir(package)
    shipped = [path for folder in ("fonts", "themes", "icc", "locale") for path in sorted((assets / folder).glob("*"))]
    shipped.append(assets / "labels.toml")
    shipped += _hyphenation_dictionaries()
    # Every module of every stage, named by its place in the package: a change anywhere rebuilds.
    sources = sorted(package.rglob("*.py"))
    for path in sources + [path for path in shipped if path.is_file()]:
        name = path.relative_to(package).as_posix() if path.is_relative_to(package) else path.name
        hasher.update(name.encode() + b"\0")
        hasher.update(path.read_bytes())
    return hasher.hexdigest()


def _assets_dir(package: Path) -> Path:
    # Same lookup as paths.assets_dir(), without importing another module on a no-op rebuild.
    packaged = package / "assets"
    return packaged if packaged.is_dir() else package.parents[1] / "assets"


def _hyphenation_dictionaries() -> list[Path]:
    # The pyphen files briefgen hyphenates with, found without importing pyphen.
    found = importlib.util.find_spec("pyphen")
    if found is None or found.origin is None:
        return []
    from briefgen.style.hyphenation import LANGUAGES

    folder = Path(found.origin).parent / "dictionaries"
    return [folder / f"hyph_{language}.dic" for language in LANGUAGES]


def _reportlab_version() -> str:
    # ReportLab's __init__.py holds its version; reading it is far cheaper than importlib.metadata,
    # and find_spec locates the package without importing it.
    found = importlib.util.find_spec("reportlab")
    if found is None or found.origin is None:
        return "not installed"
    return digest(Path(found.origin).read_bytes())


def pdf_unchanged(pdf: Path, entry: Entry) -> bool:
    """Return whether ``pdf`` still holds what the manifest says was written there."""
    return _same_file(pdf, entry.size, entry.mtime_ns, entry.pdf)


def _same_file(path: Path, size: int, mtime_ns: int, content: str) -> bool:
    try:
        stat = path.stat()
    except OSError:
        return size < 0  # it was missing then and is missing now
    if stat.st_size != size:
        return False
    if stat.st_mtime_ns == mtime_ns:
        return True
    # Touched, copied back or restored: trust the content, not the clock.
    try:
        return digest(path.read_bytes()) == content
    except OSError:
        return False


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
        self.entries, self._stamp = _read(self.path)
        self._pending: dict[str, Entry | None] = {}

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
        if not self._pending:
            return
        self.out_dir.mkdir(parents=True, exist_ok=True)
        with _locked(self.out_dir / LOCK_NAME):
            if _stamp(self.path) != self._stamp:
                current, _ = _read(self.path)
                for key, entry in self._pending.items():
                    if entry is None:
                        current.pop(key, None)
                    else:
                        current[key] = entry
                self.entries = current
            write_atomically(self.path, _dump(self.entries), durable=True)  # later runs trust it: see output.py
            self._stamp = _stamp(self.path)
        self._pending.clear()


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("a") as lock:
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


def _read(path: Path) -> tuple[dict[str, Entry], _Stamp]:
    """Return the manifest's entries and the stamp (size, time) of the file they were read from."""
    try:
        with path.open("rb") as stream:
            # Stamped from the open file: a manifest replaced while it is read is not mistaken for this one.
            stat = os.fstat(stream.fileno())
            data = stream.read()
    except FileNotFoundError:
        return {}, None
    except OSError as exc:
        logger.warning("Cannot read the build manifest %s (%s); rebuilding everything", path, exc)
        return {}, None
    stamp = (stat.st_size, stat.st_mtime_ns)
    try:
        document = json.loads(data)
        if document.get("format") != FORMAT:
            return {}, stamp
        return {key: _entry(value) for key, value in document["outputs"].items()}, stamp
    except (ValueError, TypeError, KeyError, AttributeError):
        logger.warning("The build manifest %s is damaged; rebuilding everything", path)
        return {}, stamp


def _entry(value: dict[str, object]) -> Entry:
    uses = tuple(FileStamp(*stamp) for stamp in value.pop("uses", ()))  # type: ignore[attr-defined]
    return Entry(**value, uses=uses)  # type: ignore[arg-type]


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
