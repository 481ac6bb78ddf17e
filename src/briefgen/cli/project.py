"""``briefgen init``, ``config``, ``new``, ``import`` and ``schema``: setting up a project and writing its specs."""

from __future__ import annotations

from pathlib import Path

import click

from briefgen.cli import current_project, main
from briefgen.errors import printable

_INIT_FORCE_HELP = "Write the project's settings, schema and editor settings again (never a spec you wrote)."
_NEW_DIR_HELP = "Folder the spec is written to (default: the project's specs_dir)."
_OVERWRITE_HELP = "Overwrite the spec if it exists."
_IMPORT_OUTPUT_HELP = (
    "Spec file to write, or - for standard output (default: the project's specs, named after ARTICLE)."
)
_IMPORT_FORMAT_HELP = "How the article is written (auto: Markdown for .md files and Markdown headings)."
_SCHEMA_OUTPUT_HELP = "Write the schema to this file instead of standard output."


@main.command()
@click.argument("folder", required=False, default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help=_INIT_FORCE_HELP)
def init(folder: Path, force: bool) -> None:
    """Make FOLDER (default: this one) a briefgen project.

    Writes briefgen.toml (or [tool.briefgen] in an existing pyproject.toml),
    specs/ with an example spec, assets/, output/ in .gitignore, the spec
    format's JSON Schema in schema/, and VS Code settings that check specs
    with it. Refuses a folder that already has a project, unless --force.
    """
    from briefgen.authoring.project import init_project

    result = init_project(folder, force=force)
    for path, done in result.changed:
        click.echo(printable(f"{done}: {path}"))
    step = "" if folder.resolve() == Path.cwd() else f"cd {folder} && "
    click.echo(f"next: {step}briefgen build   (writes output/example.pdf; 'briefgen new NAME' starts a spec)")


@main.command()
def config() -> None:
    """Print the project's settings in force, and where each came from.

    The project file is the first briefgen.toml (or pyproject.toml with a
    [tool.briefgen] table) in this folder or a folder above it; a setting it
    does not give has its default, and a command-line option overrides it.
    """
    from briefgen.commands.project import config_lines

    for line in config_lines(current_project()):
        click.echo(printable(line))


@main.command()
@click.argument("name")
@click.option("-d", "--dir", "folder", type=click.Path(file_okay=False, path_type=Path), help=_NEW_DIR_HELP)
@click.option("--force", is_flag=True, help=_OVERWRITE_HELP)
def new(name: str, folder: Path | None, force: bool) -> None:
    """Write a new spec to fill in.

    specs/NAME.yaml gets every field of the format, a comment saying what each
    is for, and TODOs that 'briefgen check' reports until they are replaced.
    Its first line points editors at the project's JSON Schema.
    """
    from briefgen.authoring.spec_files import new_spec

    project = current_project()
    defaults = {name: Path(value).name for name in ("theme", "lang") if (value := project.values[name])}
    path = new_spec(
        name,
        folder or project.specs_dir,
        force=force,
        project_root=project.root if project.file else None,
        project_defaults=defaults,
    )
    click.echo(f"wrote {path}: replace its TODOs ('briefgen check {path}' lists them), then 'briefgen build {path}'")


@main.command(name="import")
@click.argument("article", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help=_IMPORT_OUTPUT_HELP)
@click.option(
    "--format",
    "article_format",
    type=click.Choice(["auto", "text", "markdown"]),
    default="auto",
    show_default=True,
    help=_IMPORT_FORMAT_HELP,
)
@click.option("--force", is_flag=True, help=_OVERWRITE_HELP)
def import_article(article: Path, output: Path | None, article_format: str, force: bool) -> None:
    """Turn an article into a draft spec.

    ARTICLE is plain text (as copied from a web page or saved from a word
    processor) or Markdown. What the article cannot say, such as the key
    points, is left as TODOs that 'briefgen check' reports.
    """
    from briefgen.authoring.spec_files import import_spec

    specs_dir = current_project().specs_dir
    imported = import_spec(article, output, specs_dir=specs_dir, article_format=article_format, force=force)
    if imported.path is None:
        click.echo(imported.text, nl=False)
    elif imported.to_do:
        click.echo(f"wrote {imported.path}; still to do:\n{imported.to_do}")
    else:
        click.echo(f"wrote {imported.path}")


@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help=_SCHEMA_OUTPUT_HELP)
def schema(output: Path | None) -> None:
    """Print the spec format's JSON Schema.

    Editors that complete and check YAML use it; see the README.
    """
    if output is None:
        from briefgen.load.spec import json_schema_text

        click.echo(json_schema_text(), nl=False)
        return
    from briefgen.authoring.spec_files import write_schema

    write_schema(output)
    click.echo(f"wrote {output}", err=True)
