"""Build what ``briefgen build`` is given: spec and pack files and folders in, every PDF and a report out.

Input: sources as named (or none: specs/ and packs/), an output folder, the
build options and how to run the batch. Output: a ``SourcesReport``: the
batch's report for the specs (``batch.build_many``, incremental and
parallel) and, built after them, each pack's result or error
(``pack.build``). A spec or pack that fails stops none of the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.commands.sources import PACKS_DIR, specs_or_default, split_sources
from briefgen.errors import BriefgenError

if TYPE_CHECKING:
    from briefgen.batch.progress import Progress
    from briefgen.batch.report import BatchReport
    from briefgen.compose import BuildOptions
    from briefgen.pack.build import PackResult


@dataclass(frozen=True)
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
) -> SourcesReport:
    """Build the specs among ``sources`` as one batch, then the pack files among them, into ``out_dir``.

    With no ``sources``, builds specs/ and then the packs in packs/. The
    batch's options are ``batch.build_many``'s. ``progress`` shows the batch
    as it runs, each spec as it is done (the report then keeps only counts
    and failures), and its summary before the packs are built. Packs are
    built as their pack files say (the build options are for the specs).

    Raises:
        UsageError: nothing is named and there is no specs/ folder here.
        BriefgenError: the Dask scheduler cannot be used.

    """
    from briefgen.batch.build import build_many

    packs, specs = split_sources(sources)
    batch = None
    if specs or not sources:
        batch = build_many(
            specs_or_default(specs),
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
        )
        if progress is not None:
            progress.finish(batch)
    if not sources and PACKS_DIR.is_dir():
        from briefgen.pack.build import pack_files

        packs = pack_files(PACKS_DIR)
    return SourcesReport(batch, tuple(_build_packs(packs, out_dir)))


def _build_packs(files: list[Path], out_dir: Path) -> list[PackResult | BriefgenError]:
    if not files:
        return []
    from briefgen.pack.build import build_pack_files

    return build_pack_files(files, out_dir)
