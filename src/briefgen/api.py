"""briefgen as a library: a spec (a file, YAML text or a mapping) and ``Options`` in, a PDF out.

Input: the spec, where its PDF goes (or nowhere: the bytes are returned),
and ``Options``, checked when they are made. Output: the PDF's bytes, or
the PDF written atomically and a ``BuildResult``. The CLI's commands and a
user's script both end up in ``compose.render_spec``, here or in ``batch``.
"""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Mapping
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias, overload

from briefgen.compose import BuildOptions, render_spec
from briefgen.errors import OptionError
from briefgen.records import record

if TYPE_CHECKING:
    from briefgen.batch.report import BatchReport

SpecSource: TypeAlias = str | os.PathLike[str] | bytes | Mapping[str, Any]
"""A spec: a file's path, YAML text (a ``str`` with a line break, or ``bytes``), or the spec as a mapping."""

PAGE_SIZES = ("a4", "letter")


class BriefWarning(UserWarning):
    """Something the PDF was built despite, such as characters its fonts cannot draw."""


@record
class Options:
    """How to build a brief. ``Options()`` builds it as the spec and its theme say.

    Invalid values raise ``OptionError`` (a ``ValueError``) when the options are made.

    Attributes:
        theme: a built-in theme ("default", "print", "modern") or a theme ``.yaml`` file; overrides the
            spec's ``theme`` field.
        page_size: "a4" or "letter"; overrides the theme's paper.
        watermark: printed across every page, instead of the DRAFT of a draft spec ("" for none).
        pdfa: write an archival PDF/A-2b file (still tagged), as a spec's ``pdfa: true`` does.
        lang: the language of a spec that gives none, a BCP 47 tag ("en", "en-GB", "fr", "zh-Hant" ...).
        assets_dir: a folder of shared files (logos, figures, theme files) that specs may name, besides
            their own folder.
        allow_outside_files: let specs name files anywhere (only for specs you trust).

    """

    theme: str | os.PathLike[str] | None = None
    page_size: str | None = None
    watermark: str | None = None
    pdfa: bool = False
    lang: str | None = None
    assets_dir: str | os.PathLike[str] | None = None
    allow_outside_files: bool = False

    def __post_init__(self) -> None:
        """Refuse values no build could use, saying what is allowed."""
        _check_type("theme", self.theme, (str, os.PathLike), "a theme's name or a theme file's path")
        if isinstance(self.theme, str) and not self.theme.endswith((".yaml", ".yml")):
            from briefgen.load.file_fields import built_in_theme_names

            _check_choice("theme", self.theme, built_in_theme_names(), "or a theme .yaml file")
        _check_type("page_size", self.page_size, (str,), "'a4' or 'letter'")
        if self.page_size is not None:
            _check_choice("page_size", self.page_size, PAGE_SIZES)
        _check_type("watermark", self.watermark, (str,), "text")
        _check_type("lang", self.lang, (str,), "a language such as 'en-GB'")
        if self.lang is not None:
            from briefgen.text.language import LanguageTagError, checked_tag

            try:
                object.__setattr__(self, "lang", checked_tag(self.lang))  # spelt as BCP 47 spells it
            except LanguageTagError as exc:
                raise OptionError(f"Options.lang: {exc}") from None
        _check_type("assets_dir", self.assets_dir, (str, os.PathLike), "a folder's path")
        for name in ("pdfa", "allow_outside_files"):
            if not isinstance(getattr(self, name), bool):
                raise OptionError(f"Options.{name} must be True or False, not {getattr(self, name)!r}")

    def build_options(self) -> BuildOptions:
        """Return these options as the composer takes them."""
        return BuildOptions(
            page_size=self.page_size,
            theme=os.fspath(self.theme) if self.theme is not None else None,
            watermark=self.watermark,
            pdfa=self.pdfa,
            allow_outside_files=self.allow_outside_files,
            lang=self.lang,
            assets_dir=str(Path(self.assets_dir).absolute()) if self.assets_dir is not None else None,
        )


def _check_type(name: str, value: object, types: tuple[type, ...], what: str) -> None:
    if value is not None and not isinstance(value, types):
        raise OptionError(f"Options.{name} must be {what}, not {value!r}")


def _check_choice(name: str, value: str, choices: tuple[str, ...], extra: str = "") -> None:
    if value not in choices:
        from briefgen.load.checker import did_you_mean

        allowed = ", ".join(repr(choice) for choice in choices) + (f" {extra}" if extra else "")
        raise OptionError(f"Options.{name} must be one of {allowed}, not {value!r}{did_you_mean(value, choices)}")


@record
class BuildResult:
    """What building one spec into a file produced."""

    spec: Path  # the spec's file, or "<spec>" for text and mappings
    output: Path
    pages: int
    seconds: float
    warnings: tuple[str, ...] = field(default=())
    uses: tuple[Path, ...] = field(default=())  # the files besides the spec that the PDF was made from


@overload
def build(spec: SpecSource, output: None = None, *, options: Options | None = None) -> bytes: ...


@overload
def build(spec: SpecSource, output: str | os.PathLike[str], *, options: Options | None = None) -> BuildResult: ...


def build(
    spec: SpecSource, output: str | os.PathLike[str] | None = None, *, options: Options | None = None
) -> bytes | BuildResult:
    """Build the brief ``spec`` describes: return the PDF's bytes, or write it to ``output``.

    ``spec`` is a spec file's path (``str`` or ``Path``), YAML text (a ``str``
    holding a line break, or ``bytes``), or the spec as a mapping. Files a spec
    given as text or a mapping names are looked for from the current folder.
    Without ``output`` the PDF's bytes are returned, and anything it was built
    despite is issued as a ``BriefWarning``; with it, the PDF is written
    atomically and a ``BuildResult`` returned, with those warnings.

    Raises:
        SpecError: the spec (or its theme) is invalid; every problem is listed.
        RenderError: the PDF could not be laid out or written.

    """
    from briefgen.batch.output import write_atomically

    started = time.perf_counter()
    data, source = _spec_bytes(spec)
    rendered = render_spec(data, source, (options or Options()).build_options())
    if output is None:
        for warning in rendered.warnings:
            warnings.warn(f"{source}: {warning}", BriefWarning, stacklevel=2)
        return rendered.pdf.data
    target = Path(output)
    write_atomically(target, rendered.pdf.data)
    elapsed = time.perf_counter() - started
    return BuildResult(source, target, rendered.pdf.pages, elapsed, rendered.warnings, rendered.uses)


def _spec_bytes(spec: SpecSource) -> tuple[bytes, Path]:
    """Return the spec's YAML bytes and the path that names it in errors (and whose folder its files are in)."""
    if isinstance(spec, bytes):
        return spec, Path("<spec>")
    if isinstance(spec, Mapping):
        from briefgen.load.yaml_import import yaml

        # Through YAML, so that a mapping is checked exactly as a file is, by the one composer.
        try:
            text = yaml.safe_dump(dict(spec), allow_unicode=True, sort_keys=False)
        except yaml.YAMLError as exc:
            raise OptionError(f"a spec mapping holds only text, numbers, dates, lists and mappings: {exc}") from None
        return text.encode("utf-8"), Path("<mapping>")
    if isinstance(spec, str) and "\n" in spec:
        return spec.encode("utf-8"), Path("<spec>")
    if not isinstance(spec, (str, os.PathLike)):
        raise OptionError(f"a spec is a path, YAML text or a mapping, not {type(spec).__name__}")
    from briefgen.load.spec import read_spec_file

    path = Path(spec)
    return read_spec_file(path), path


def build_many(
    sources: list[str | os.PathLike[str]] | tuple[str | os.PathLike[str], ...],
    out_dir: str | os.PathLike[str],
    *,
    options: Options | None = None,
    jobs: int | None = None,
    force: bool = False,
    prune: bool = False,
    fail_fast: bool = False,
) -> BatchReport:
    """Build every spec in ``sources`` (files and folders) into ``out_dir``, skipping those up to date.

    ``jobs`` worker processes build in parallel (default: one per CPU; 1
    builds in this process); ``force`` rebuilds everything; ``prune`` deletes
    PDFs whose spec is gone; ``fail_fast`` stops at the first failure. A
    spec's failure is recorded in the report, never raised.
    """
    from briefgen.batch.build import build_many as build_batch

    paths = [Path(source) for source in sources]
    build_options = (options or Options()).build_options()
    return build_batch(
        paths, Path(out_dir), options=build_options, jobs=jobs, force=force, prune=prune, fail_fast=fail_fast
    )
