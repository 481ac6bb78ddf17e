"""Spec fields that name files: images (PNG, JPEG, SVG) and themes.

Input: a located node holding a reference as the spec writes it. Output: the
real path of a file the spec may use (inside its own folder or assets/,
unless the user allowed more), or a located problem saying why not.
"""

from __future__ import annotations

import functools
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from briefgen.assets import assets_dir
from briefgen.image_bounds import ImageRefusedError, inspect_raster, read_image
from briefgen.load.checker import Checker, Node
from briefgen.load.checker import did_you_mean as did_you_mean
from briefgen.load.checker import position_in as position_in
from briefgen.load.fields import Text
from briefgen.load.files import ALLOW_OUTSIDE_FILES, MAX_SPEC_BYTES, FileRefusedError, allowed_roots, resolve_asset

# The folder of the spec being checked: figures and theme files are looked up there.
SPEC_FOLDER: ContextVar[Path | None] = ContextVar("SPEC_FOLDER", default=None)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")
_FILE_NAME = Text(max_length=1000)  # made once: every file a spec names is checked with it


class ImageFile:
    """A PNG, JPEG or SVG file beside the spec or under assets/."""

    def check(self, node: Node, path: str, checker: Checker) -> Path | None:
        """Return the image's real path, after checking where it is and that it is an image."""
        text = _FILE_NAME.check(node, path, checker)
        if text is None:
            return None
        if not text.lower().endswith(IMAGE_SUFFIXES):
            checker.report(node, path, f"image '{text}' must be a .png, .jpg, .jpeg or .svg file")
            return None
        try:
            found = resolve_asset(text, SPEC_FOLDER.get() or Path.cwd(), what="image")
        except FileRefusedError as exc:
            checker.report(node, path, str(exc))
            return None
        problem = image_problem(found, SPEC_FOLDER.get() or Path.cwd())
        if problem:
            checker.report(node, path, f"image '{text}' {problem}")
            return None
        return found

    def json_schema(self) -> dict[str, Any]:
        """Describe the image as a JSON string naming a file."""
        # ECMA-262 has no inline (?i): each letter is spelt in both cases, as the loader ignores case.
        return {"type": "string", "maxLength": 1000, "pattern": r"\.([Pp][Nn][Gg]|[Jj][Pp][Ee]?[Gg]|[Ss][Vv][Gg])$"}


def image_problem(path: Path, folder: Path) -> str:
    """Return why the image file ``path``, named by a spec or theme in ``folder``, cannot be drawn, or ``""``.

    A PNG or JPEG must be whole and under the pixel limit; an SVG, and what
    it references, must keep the rules of ``svg_references``.
    """
    try:
        if path.suffix.lower() == ".svg":
            from briefgen.load.svg_references import check_svg_references  # only a spec with an SVG pays for it

            check_svg_references(path, allowed_roots(folder), allow_outside=ALLOW_OUTSIDE_FILES.get())
        else:
            inspect_raster(read_image(path), "PNG" if path.suffix.lower() == ".png" else "JPEG")
    except (FileRefusedError, ImageRefusedError) as exc:
        return str(exc)
    return ""


class ThemeName:
    """A built-in theme's name, or a theme file beside the spec or under assets/themes."""

    def check(self, node: Node, path: str, checker: Checker) -> str | None:
        """Return the theme's name, or the absolute path of its file."""
        text = _FILE_NAME.check(node, path, checker)
        if text is None:
            return None
        if not text.endswith((".yaml", ".yml")):
            built_in = built_in_theme_names()
            if text not in built_in:
                names = ", ".join(built_in)
                hint = did_you_mean(text, built_in) or f"; the built-in themes are {names}"
                checker.report(node, path, f"no built-in theme is called '{text}'{hint}, or name a .yaml file")
                return None
            return text
        try:
            found = resolve_asset(text, SPEC_FOLDER.get() or Path.cwd(), what="theme file")
        except FileRefusedError as exc:
            checker.report(node, path, str(exc))
            return None
        size = found.stat().st_size
        if size > MAX_SPEC_BYTES:  # refused here, at the field naming it, rather than inside the theme file
            checker.report(node, path, f"theme file '{text}' is {size:,} bytes, over the limit of {MAX_SPEC_BYTES:,}")
            return None
        return str(found)

    def json_schema(self) -> dict[str, Any]:
        """Describe the theme as a built-in theme's name or a .yaml file's."""
        return {
            "type": "string",
            "maxLength": 1000,
            "anyOf": [{"enum": list(built_in_theme_names())}, {"pattern": r"\.ya?ml$"}],
        }


@functools.cache
def built_in_theme_names() -> tuple[str, ...]:
    """Return the names of the themes that ship in assets/themes, ``default`` first."""
    names = sorted(p.stem for p in (assets_dir() / "themes").glob("*.yaml"))
    return tuple(sorted(names, key=lambda name: name != "default"))
