"""Find the specs to build: spec files and folders in, ``Job``s (spec and its PDF's path) out.

Folders are walked in a stable order, skipping hidden folders, themes and
packs; two specs that would write the same PDF are reported, not silently
overwritten.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

SPEC_SUFFIXES = (".yaml", ".yml")
THEME_SUFFIXES = (".theme.yaml", ".theme.yml")
NOT_SPEC_FOLDERS = frozenset({"themes", "packs"})


@dataclass(frozen=True, slots=True)
class Job:
    """One spec to build, where its PDF goes, and the spec's real path (what the manifest records)."""

    spec: Path
    output: Path
    identity: Path | None = None  # None: not found by ``discover``; resolve ``spec`` when it is needed


def discover(
    sources: Iterable[Path], out_dir: Path, *, on_unreadable: Callable[[Path, str], object] | None = None
) -> list[Job]:
    """Return a job per spec: files as given, folders searched recursively.

    A spec found in a sub-folder keeps that sub-folder under ``out_dir``, so
    specs with the same name in different folders never overwrite each other.
    Specs that would still share a PDF (files or folders given side by side
    holding the same names) keep their folders from where they part ways.
    Hidden folders are skipped and symbolic links to folders are not followed.
    A folder that cannot be listed is passed to ``on_unreadable`` with why,
    rather than skipped in silence as if it held no specs.
    """
    jobs: dict[Path, Job] = {}
    for source in sources:
        if source.is_dir():
            # Resolve the folder once, not each of its thousands of specs: the walk follows no links.
            resolved = _identity(source)
            for spec in _walk(source, on_unreadable):
                relative = spec.relative_to(source)
                identity = resolved / relative
                jobs.setdefault(identity, Job(spec, out_dir / relative.with_suffix(".pdf"), identity))
        else:
            identity = _identity(source)
            jobs.setdefault(identity, Job(source, out_dir / source.with_suffix(".pdf").name, identity))
    return _separate_collisions(jobs, out_dir)


def _separate_collisions(jobs: dict[Path, Job], out_dir: Path) -> list[Job]:
    """Return the jobs, keyed by their specs' real paths, with those that would share a PDF told apart."""
    by_output: dict[Path, list[Path]] = {}
    for identity, job in jobs.items():
        by_output.setdefault(job.output, []).append(identity)
    renamed: dict[Path, Path] = {}
    for output, group in by_output.items():
        if len(group) < 2:
            continue
        common = Path(os.path.commonpath(group))
        for spec in group:
            relative = spec.relative_to(common)
            if len(relative.parts) == 1:  # x.yaml beside x.yml: keep the suffix to tell them apart
                renamed[spec] = output.parent / (relative.name + ".pdf")
            else:
                renamed[spec] = out_dir / relative.with_suffix(".pdf")
    if not renamed:
        return list(jobs.values())
    return [Job(job.spec, renamed.get(identity, job.output), identity) for identity, job in jobs.items()]


def _identity(path: Path) -> Path:
    """Return the real path of ``path``, or its absolute path if a symlink loop (or the like) has none.

    Such a spec is still returned as a job: building it fails with a clear
    "cannot read the file" error, and the others go on.
    """
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: Python 3.11's report of a symlink loop
        return path.absolute()


def is_spec_name(name: str) -> bool:
    """Return whether a file found in a folder of specs is a spec by its name.

    Theme files may sit beside the specs that use them: they are named
    ``*.theme.yaml`` or kept in a ``themes/`` folder, and are not built.
    """
    return name.endswith(SPEC_SUFFIXES) and not name.startswith(".") and not name.endswith(THEME_SUFFIXES)


def _walk(folder: Path, on_unreadable: Callable[[Path, str], object] | None) -> list[Path]:
    def unreadable(exc: OSError) -> None:
        if on_unreadable is not None:
            on_unreadable(Path(exc.filename or folder), exc.strerror or str(exc))

    found: list[Path] = []
    for root, dirs, files in os.walk(folder, onerror=unreadable, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in NOT_SPEC_FOLDERS)
        found += [Path(root) / f for f in sorted(files) if is_spec_name(f)]
    return found
