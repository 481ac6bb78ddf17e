"""Resolve a file named in a spec or theme to a path that stays inside the allowed folders.

Input: the path text as written in a spec or theme file, and the folder of
that file. Output: an absolute, symlink-free ``Path`` that lies inside that
folder or inside the project's ``assets/`` folder, or an ``AssetPathError``
saying why not.

TODO: this is a stand-in for ``briefgen.paths`` (written on another branch
with the same rule); after merging, call that module instead and delete this
one. Callers use only ``resolve_asset`` and ``AssetPathError``.
"""

from __future__ import annotations

from pathlib import Path


class AssetPathError(ValueError):
    """A file named in a spec or theme is missing or lies outside the allowed folders."""


def project_assets_dir() -> Path:
    """Return the folder of fonts, logos and themes that ship with briefgen."""
    packaged = Path(__file__).parent / "assets"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "assets"


def resolve_asset(text: str, base: Path, *, what: str = "file") -> Path:
    """Return the real path of ``text``, looked up beside ``base`` first, then in assets/.

    A file must lie inside ``base`` or the project's assets/ folder once every
    ``..`` and symbolic link is followed, so a spec cannot make briefgen read
    (and print) a file from elsewhere on the machine.

    Raises:
        AssetPathError: the path is absolute, escapes both folders, or names no file.

    """
    written = Path(text)
    if written.is_absolute() or text.startswith("~"):
        raise AssetPathError(
            f"{what} '{text}' is an absolute path; give it relative to the spec's folder or to assets/"
        )
    roots = [base.resolve(), project_assets_dir().resolve()]
    escaped = False
    for root in roots:
        candidate = (root / written).resolve()
        if not candidate.is_relative_to(root):
            escaped = True
            continue
        if candidate.is_file():
            return candidate
    if escaped:
        raise AssetPathError(
            f"{what} '{text}' leads outside the spec's folder and assets/ (through '..' or a symbolic link); "
            "copy the file beside the spec"
        )
    raise AssetPathError(f"{what} '{text}' does not exist beside the spec ({base}) or in assets/")
