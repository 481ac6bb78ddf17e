"""What a PDF depends on besides its spec, as hashes: briefgen itself, ReportLab, the fonts, the patterns.

Input: a spec's bytes and the build's options as strings, or a file and its
expected size. Output: SHA-256 hex digests, the manifest's currency. Nothing
here imports ReportLab or YAML: a no-op rebuild of 2,000 specs costs only
reading and hashing them.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import stat as stat_module
from pathlib import Path

from briefgen.load.files import READ_FLAGS, read_open_file

# Reading a file in pieces of this size bounds the memory a hash takes, whatever the file's size.
_CHUNK_BYTES = 1024 * 1024
# Files the environment's hash knows by their size and time of change rather than their bytes (see below).
_FONT_SUFFIXES = frozenset({".ttf", ".ttc", ".otf", ".otc"})


def digest(data: bytes) -> str:
    """Return the hash the manifest uses for file contents."""
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path, size: int) -> str | None:
    """Return ``digest`` of the regular file at ``path`` if it holds ``size`` bytes, else None.

    Never blocks and never reads past ``size``: a pipe or device swapped in
    for the file (or named by a damaged manifest) is refused, not read.
    """
    try:
        descriptor = os.open(path, READ_FLAGS)
    except (OSError, ValueError):
        return None
    with os.fdopen(descriptor, "rb", buffering=0) as stream:
        try:
            if not stat_module.S_ISREG(os.fstat(descriptor).st_mode):
                return None
            hasher = hashlib.sha256()
            left = size + 1  # one byte more tells a file that grew
            while left > 0:
                piece = stream.read(min(left, _CHUNK_BYTES))
                if not piece:
                    break
                hasher.update(piece)
                left -= len(piece)
        except OSError:
            return None
    return hasher.hexdigest() if left == 1 else None


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
    """Return the hash of what every brief depends on: briefgen, ReportLab, libdeflate, fonts, labels, hyphenation.

    Computed once per process. Hashing the package's own source means a
    changed theme, layout or renderer rebuilds everything, even between
    releases; hashing pyphen's dictionaries, that a pyphen breaking words
    elsewhere does too. The font files are known by their size and time of
    change, not read: the shipped ones weigh 46 MB (the two CJK collections
    40 MB), whose hashing took 1.36 G instructions, 38% of a cold build of a
    brief that draws none of them. A reinstalled copy of the same fonts
    rebuilds everything once.
    """
    from briefgen import version

    package = Path(version.__file__).parent
    hasher = hashlib.sha256()
    hasher.update(f"briefgen {version.__version__}\0reportlab {_reportlab_version()}\0".encode())
    hasher.update(f"deflate {_compressor_version()}\0".encode())  # a stream's compressed bytes are libdeflate's
    assets = _assets_dir(package)
    shipped = [path for folder in ("fonts", "themes", "icc", "locale") for path in sorted((assets / folder).glob("*"))]
    shipped.append(assets / "labels.toml")
    shipped += _hyphenation_dictionaries()
    # Every module of every stage, named by its place in the package: a change anywhere rebuilds.
    named = [(name, os.path.join(package, name)) for name in source_files(str(package))]
    named += [
        (path.relative_to(package).as_posix() if path.is_relative_to(package) else path.name, str(path))
        for path in shipped
        if path.is_file()
    ]
    for name, path in named:
        hasher.update(name.encode() + b"\0")
        if os.path.splitext(path)[1].lower() in _FONT_SUFFIXES:
            found = os.stat(path)
            hasher.update(b"%d %d\0" % (found.st_size, found.st_mtime_ns))
        else:
            hasher.update(read_whole(path))
    return hasher.hexdigest()


def source_files(package: str) -> list[str]:
    """Return the package's ``.py`` files, as paths relative to it with ``/``, in the order of their parts."""
    # os.walk, not Path.rglob: a third of the time, for the 140 modules hashed at every start.
    found = []
    for folder, _, files in os.walk(package):
        relative = os.path.relpath(folder, package).replace(os.sep, "/")
        found += [name if relative == "." else f"{relative}/{name}" for name in files if name.endswith(".py")]
    return sorted(found, key=lambda name: name.split("/"))


def read_whole(path: str) -> bytes:
    """Return the bytes of the file at ``path``, in four system calls where ``Path.read_bytes`` makes seven."""
    descriptor = os.open(path, READ_FLAGS)
    try:
        return read_open_file(descriptor, os.fstat(descriptor).st_size)
    finally:
        os.close(descriptor)


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


def _compressor_version() -> str:
    import deflate

    return str(deflate.__version__)


def _reportlab_version() -> str:
    # ReportLab's __init__.py holds its version; reading it is far cheaper than importlib.metadata,
    # and find_spec locates the package without importing it.
    found = importlib.util.find_spec("reportlab")
    if found is None or found.origin is None:
        return "not installed"
    return digest(Path(found.origin).read_bytes())
