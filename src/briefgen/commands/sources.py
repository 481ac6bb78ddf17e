"""Tell apart what a command was given: files and folders in, the spec sources and the pack files among them out.

A pack file is a YAML file with an ``agenda``, or any YAML file in a folder
called packs/ (that folder given whole stands for its pack files); everything
else is a spec or a folder of specs. With nothing named, a command works on
the project's conventional folders: specs/ (and packs/ when building).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from briefgen.errors import UsageError

SPECS_DIR = Path("specs")
PACKS_DIR = Path("packs")
OUTPUT_DIR = Path("output")


def split_sources(sources: Sequence[Path]) -> tuple[list[Path], list[Path]]:
    """Return the pack files among ``sources`` (a file with an agenda, or a packs/ folder's files), and the rest."""
    packs: list[Path] = []
    specs: list[Path] = []
    for source in sources:
        if source.is_dir() and source.name == PACKS_DIR.name:
            from briefgen.pack.build import pack_files

            packs += pack_files(source)
        elif source.is_file() and source.suffix in (".yaml", ".yml") and is_pack_file(source):
            packs.append(source)
        else:
            specs.append(source)
    return packs, specs


def is_pack_file(path: Path) -> bool:
    """Return whether the YAML file ``path`` is a pack file rather than a spec."""
    # Nearly every file given is a spec: only one that mentions an agenda is worth parsing as a pack
    # (which also spares a single build importing the pack module).
    if path.parent.name != PACKS_DIR.name:
        from briefgen.load.files import MAX_SPEC_BYTES, read_bounded

        try:
            if b"agenda" not in read_bounded(path, MAX_SPEC_BYTES):
                return False
        except OSError:  # a pipe or device too: the spec reader reports it
            return False
    from briefgen.load.pack_file import is_pack_file as holds_an_agenda

    return holds_an_agenda(path)


def specs_or_default(sources: Sequence[Path], specs_dir: Path = SPECS_DIR) -> tuple[Path, ...]:
    """Return ``sources``, or the project's specs folder when none are named.

    Raises:
        UsageError: none are named and there is no specs folder.

    """
    if sources:
        return tuple(sources)
    if not specs_dir.is_dir():
        where = "here" if specs_dir == SPECS_DIR else f"at {specs_dir}"
        raise UsageError(
            f"no {specs_dir.name}/ folder {where}; name the spec files or folders, "
            "or run 'briefgen init' to make a project"
        )
    return (specs_dir,)
