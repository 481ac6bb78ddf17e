"""Build what ``briefgen build`` is given: spec and pack files and folders in, every PDF and a report out.

Input: sources as named (or none: specs/ and packs/), an output folder, the
build options and how to run the batch. Output: a ``SourcesReport``: the
batch's report for the specs (``batch.build_many``, incremental and
parallel) and, built after them, each pack's result or error
(``pack.build``). A spec or pack that fails stops none of the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.commands.sources import PACKS_DIR, SPECS_DIR, specs_or_default, split_sources
from briefgen.errors import BriefgenError, UsageError
from briefgen.load.files import file_access
from briefgen.records import record

if TYPE_CHECKING:
    from briefgen.batch.progress import Progress
    from briefgen.batch.report import BatchReport, SpecOutcome
    from briefgen.compose import BuildOptions
    from briefgen.model import CopyMark
    from briefgen.pack.build import PackResult


@record
class SourcesReport:
    """What a build of specs and packs gave: the specs' batch report (None if only packs were named) and each pack's."""

    batch: BatchReport | None
    packs: tuple[PackResult | BriefgenError, ...]

    @property
    def ok(self) -> bool:
        """Return whether every spec and every pack built."""
        specs_ok = self.batch is None or self.batch.ok
        return specs_ok and not any(isinstance(result, BriefgenError) for result in self.packs)


def build_sources(
    sources: Sequence[Path],
    out_dir: Path,
    *,
    options: BuildOptions,
    jobs: int | None = None,
    force: bool = False,
    prune: bool = False,
    fail_fast: bool = False,
    scheduler: str | None = None,
    debug: bool = False,
    progress: Progress | None = None,
    specs_dir: Path = SPECS_DIR,
    packs_dir: Path = PACKS_DIR,
    copies: Sequence[CopyMark] = (),
) -> SourcesReport:
    """Build the specs among ``sources`` as one batch, then the pack files among them, into ``out_dir``.

    With no ``sources``, builds ``specs_dir`` and then the packs in ``packs_dir``. The
    batch's options are ``batch.build_many``'s. ``progress`` shows the batch
    as it runs, each spec as it is done (the report then keeps only counts
    and failures), and its summary before the packs are built. Packs are
    built as their pack files say (the build options are for the specs).
    With ``copies``, every spec and pack is built once per mark instead, as
    that numbered copy (``brief.copy-07.pdf``).

    Raises:
        UsageError: nothing is named and there is no specs/ folder here.
        BriefgenError: the Dask scheduler cannot be used.

    """
    from briefgen.batch.build import build_many

    packs, specs = split_sources(sources)
    batch = None
    if specs or not sources:
        batch = build_many(
            specs_or_default(specs, specs_dir),
            out_dir,
            options=options,
            jobs=jobs,
            force=force,
            prune=prune,
            fail_fast=fail_fast,
            scheduler=scheduler,
            on_start=progress.start if progress else None,
            on_outcome=progress.outcome if progress else None,
            keep_outcomes=progress is None,
            debug=debug,
            copies=copies,
            on_stop_noted=progress.stop_noted if progress else None,
        )
        if progress is not None:
            progress.finish(batch)
    if not sources and packs_dir.is_dir():
        from briefgen.pack.build import pack_files

        packs = pack_files(packs_dir)
    # Packs read briefs and their files too: under the same file rule as the specs.
    with file_access(allow_outside=options.allow_outside_files, project_assets=options.assets_dir):
        return SourcesReport(batch, tuple(_build_packs(packs, out_dir, copies, options)))


def _build_packs(
    files: list[Path], out_dir: Path, copies: Sequence[CopyMark], options: BuildOptions
) -> list[PackResult | BriefgenError]:
    if not files:
        return []
    from briefgen.pack.build import build_pack_files

    return build_pack_files(files, out_dir, copies, options.pack_defaults())


STANDARD_OUTPUT = Path("-")


def names_one_file(output: Path) -> bool:
    """Return whether ``-o output`` names one PDF file (``-`` for standard output) rather than a folder."""
    return output == STANDARD_OUTPUT or (output.suffix.lower() == ".pdf" and not output.is_dir())


@record
class FileBuild:
    """One spec built into a file of the user's choosing: its outcome and, for standard output, the PDF."""

    outcome: SpecOutcome
    pdf: bytes = b""


def build_file(
    sources: Sequence[Path], target: Path, *, options: BuildOptions, debug: bool = False
) -> FileBuild | PackResult:
    """Build the one spec (or pack file) ``sources`` names into ``target``, whatever the manifest says.

    ``target`` ``-`` (``STANDARD_OUTPUT``) writes nothing: the PDF comes back
    for the caller to write. No manifest is kept beside a file named this way.

    Raises:
        UsageError: ``sources`` is not exactly one spec or pack file, or a pack is asked for on standard output.
        BriefgenError: the pack cannot be built (a spec's failure is its outcome's).

    """
    if len(sources) != 1 or not sources[0].is_file():
        named = "several sources" if len(sources) > 1 else "no spec file" if not sources else f"the folder {sources[0]}"
        raise UsageError(f"-o {target} writes one PDF, but {named} given; name one spec file, or use -o FOLDER")
    packs, _ = split_sources(sources)
    if packs:
        if target == STANDARD_OUTPUT:
            raise UsageError("a pack is written to a file: give -o FILE.pdf")
        from briefgen.commands.pack import pack_sources

        return pack_sources(packs, target)
    from briefgen.batch.build import build_one
    from briefgen.batch.discover import Job

    to_stream = target == STANDARD_OUTPUT
    job = Job(sources[0], Path("") if to_stream else target)
    if not to_stream:
        return FileBuild(build_one(job, options=options, debug=debug))
    from briefgen.batch.report import SpecOutcome
    from briefgen.batch.worker import RenderTask, render_task
    from briefgen.load.spec import read_spec_file

    try:
        data = read_spec_file(job.spec)
    except BriefgenError as exc:
        return FileBuild(SpecOutcome(job.spec, target, "failed", str(exc)))
    result = render_task(RenderTask(str(job.spec), data, options, "", debug))
    status = "failed" if result.error else "built"
    outcome = SpecOutcome(
        job.spec,
        target,
        status,
        result.error,
        result.seconds,
        result.pages,
        result.warnings,
        traceback=result.traceback,
    )
    return FileBuild(outcome, result.pdf)
