"""Write the files the authoring commands make: a name or an article in, a new spec (or the schema) on disk out.

Input: a spec's name (``briefgen new``), an article file (``briefgen import``)
or where the JSON Schema goes (``briefgen schema``). Output: the file written,
its folder created; an existing spec is never replaced unless ``force``. A name
that is not a plain file name is a usage error; an unreadable article or an
unwritable file is the user's to fix, said in one line.
"""

from __future__ import annotations

import re
from pathlib import Path

from briefgen.errors import BriefgenError, SpecError, UsageError
from briefgen.records import record

STANDARD_OUTPUT = Path("-")


def new_spec(
    name: str,
    folder: Path,
    *,
    force: bool = False,
    project_root: Path | None = None,
    project_defaults: dict[str, str] | None = None,
) -> Path:
    """Write the blank spec ``name`` (``scaffold``) into ``folder`` and return its path.

    In a project (``project_root``), the spec format's JSON Schema is written
    to its schema/ folder if it is not there, so that the spec's first line
    can point the editor at it; fields the project gives a default for
    (``project_defaults``) are left commented out.

    Raises:
        UsageError: ``name`` is not a plain file name.
        BriefgenError: the spec exists (and not ``force``) or cannot be written.

    """
    from briefgen.authoring.scaffold import SCHEMA_FILE, scaffold_text

    path = folder / spec_file_name(name)
    if project_root is not None and not (project_root / SCHEMA_FILE).is_file():
        write_schema(project_root / SCHEMA_FILE)
    text = scaffold_text(path.stem, spec_path=path, project_defaults=project_defaults)
    write_new(path, text, force=force, instead="choose another name")
    return path


@record
class ImportedSpec:
    """An article imported as a draft spec: where it was written (None: not written), its text, and what is left."""

    path: Path | None
    text: str
    to_do: str = ""  # the problems ``check`` reports until the draft is finished, one a line


def import_spec(
    article: Path, output: Path | None, *, specs_dir: Path, article_format: str = "auto", force: bool = False
) -> ImportedSpec:
    """Import ``article`` as a draft spec written to ``output`` (default: ``specs_dir``, named after the article).

    An ``output`` of ``-`` (``STANDARD_OUTPUT``) writes nothing: the text is
    returned for the caller to print.

    Raises:
        BriefgenError: the article cannot be read, or the spec exists (and not ``force``) or cannot be written.

    """
    from briefgen.authoring.importer import import_file
    from briefgen.load.spec import parse_spec

    printed = output == STANDARD_OUTPUT
    target = output or specs_dir / spec_file_name(slug(article.stem))
    try:
        text = import_file(article, article_format=article_format, spec_path=None if printed else target)
    except OSError as exc:
        raise BriefgenError(f"{article}: cannot read: {exc.strerror or exc}") from exc
    if printed:
        return ImportedSpec(None, text)
    write_new(target, text, force=force, instead="use -o to name another file")
    try:
        parse_spec(text.encode("utf-8"), target)
    except SpecError as exc:
        return ImportedSpec(target, text, str(exc))
    return ImportedSpec(target, text)


def write_schema(path: Path) -> None:
    """Write the spec format's JSON Schema to ``path``, atomically.

    Raises:
        RenderError: the file cannot be written.

    """
    from briefgen.batch.output import write_atomically
    from briefgen.load.spec import json_schema_text

    write_atomically(path, json_schema_text().encode("utf-8"))


def write_new(path: Path, text: str, *, force: bool, instead: str) -> None:
    """Write a new spec, refusing to replace one unless ``force``; ``instead`` says what else to do.

    Raises:
        BriefgenError: the spec exists (and not ``force``) or cannot be written.

    """
    from briefgen.authoring.scaffold import write_new_file

    try:
        write_new_file(path, text, force=force)
    except FileExistsError:
        raise BriefgenError(f"{path} already exists; {instead}, or use --force to replace it") from None
    except OSError as exc:
        raise BriefgenError(f"{path}: cannot write: {exc.strerror or exc}") from exc


def slug(name: str) -> str:
    """Return a file name as a spec name: "Treaty Article (final)" becomes "treaty-article-final"."""
    return re.sub(r"[^\w]+", "-", name.lower()).strip("-") or "article"


def spec_file_name(name: str) -> str:
    """Return ``name`` as a spec file name, refusing folders and hidden names.

    Raises:
        UsageError: ``name`` is not a plain file name.

    """
    stem = name.removesuffix(".yaml").removesuffix(".yml")
    if not stem or "/" in stem or "\\" in stem or stem.startswith("."):
        raise UsageError(f"{name!r} is not a plain file name such as 'my-brief'")
    return f"{stem}.yaml"
