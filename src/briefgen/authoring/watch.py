"""Keep briefs built while their authors write: rebuild a PDF whenever its spec, or a file it uses, is saved.

Input: spec files and folders, an output folder, and a ``report`` callback.
Output: PDFs rebuilt in place, and one report line per rebuild saying what was
built and how long it took, or why the spec cannot be built. A broken spec
never stops the watch and never touches its PDF: the last good one stays
(``output.write_atomically`` replaces a PDF only with a finished one).

Changes are noticed through the operating system's file notifications
(watchfiles), not by polling, and rebuilt in this process, so each rebuild
after the first costs only the layout of one brief. What a spec "uses" is
every file it names that exists (a theme, a logo, a figure, a data file,
relative to the spec, the working folder or ``assets/``) and the fonts and
assets briefgen ships.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable
from dataclasses import field
from pathlib import Path

import watchfiles

from briefgen.batch.build import build_one
from briefgen.batch.discover import SPEC_SUFFIXES, Job, discover
from briefgen.batch.report import SpecOutcome
from briefgen.compose import BuildOptions
from briefgen.errors import SpecError
from briefgen.load.checker import Node
from briefgen.load.spec import read_spec_file, read_yaml
from briefgen.records import record

_QUIET_MS = 50  # a save is taken as finished once the file has been quiet this long
_MAX_WAIT_MS = 400  # and changes are never held back longer than this
_SETTLE_MS = 200  # after this long with no change, the watch is surely set up
_ASSET_SUFFIXES = (
    *SPEC_SUFFIXES,
    ".json",
    ".csv",
    ".tsv",
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".svg",
    ".pdf",
    ".ttf",
    ".otf",
)


def watch_and_build(
    sources: Iterable[Path],
    out_dir: Path,
    *,
    options: BuildOptions | None = None,
    report: Callable[[str], None],
    stop_event: threading.Event | None = None,
    on_ready: Callable[[], None] | None = None,
    on_built: Callable[[Path], None] | None = None,
    clock: Callable[[], dt.datetime] = dt.datetime.now,
) -> None:
    """Build every spec in ``sources``, then rebuild each one whenever it or a file it uses changes.

    Returns when ``stop_event`` is set or on Ctrl-C. Every rebuild is reported
    through ``report``, one line each (problems follow on their own lines).
    ``on_ready`` is called once the first builds are done and changes are being
    watched; ``on_built`` with each PDF written (``viewer.open_each_once``).
    """
    watcher = _Watcher([Path(s) for s in sources], out_dir, options or BuildOptions(), report, clock, on_built)
    try:
        watcher.build(watcher.discover())
        while stop_event is None or not stop_event.is_set():
            roots = watcher.roots()
            caught_up = False
            for changes in watchfiles.watch(
                *roots,
                watch_filter=watcher.matters,
                debounce=_MAX_WAIT_MS,
                step=_QUIET_MS,
                stop_event=stop_event,
                rust_timeout=_SETTLE_MS,
                yield_on_timeout=True,
                recursive=watcher.recursive,
                raise_interrupt=True,
                ignore_permission_denied=True,
            ):
                if changes:
                    watcher.changed({Path(path) for _, path in changes})
                elif not caught_up:
                    # Notifications start only once the watch is set up: catch up once with what was
                    # saved while the first builds ran, so no save in that gap is lost.
                    watcher.catch_up()
                    caught_up = True
                    if on_ready is not None:
                        on_ready()
                        on_ready = None
                if watcher.roots() != roots:
                    break  # a spec now uses a file in a folder not yet watched: watch again, wider
    except KeyboardInterrupt:
        return


@record(frozen=False)
class _Watcher:
    """The specs being watched, the files each one uses, and how to rebuild them."""

    sources: list[Path]
    out_dir: Path
    options: BuildOptions
    report: Callable[[str], None]
    clock: Callable[[], dt.datetime]
    on_built: Callable[[Path], None] | None = None
    jobs: dict[Path, Job] = field(default_factory=dict)
    uses: dict[Path, frozenset[Path]] = field(default_factory=dict)
    stamps: dict[Path, dict[Path, int]] = field(default_factory=dict)

    @property
    def recursive(self) -> bool:
        """Return whether any source is a folder (whose sub-folders hold specs too)."""
        return any(source.is_dir() for source in self.sources)

    def discover(self) -> list[Job]:
        """Find the specs in the sources again; return the jobs that are new."""
        found = {job.spec.resolve(): job for job in discover(self.sources, self.out_dir)}
        added = [job for key, job in found.items() if key not in self.jobs]
        for key in set(self.jobs) - set(found):
            self._say(f"removed {self.jobs[key].spec}; {self.jobs[key].output} is left as it was")
            self.uses.pop(key, None)
            self.stamps.pop(key, None)
        self.jobs = found
        return added

    def roots(self) -> tuple[Path, ...]:
        """Return the folders to watch: the sources' and those of every file a spec uses."""
        folders = {(source if source.is_dir() else source.parent).resolve() for source in self.sources}
        folders |= {path.parent for used in self.uses.values() for path in used}
        # Watching a folder inside another watched folder would report each change twice.
        if self.recursive:
            folders = {f for f in folders if not any(o != f and o in f.parents for o in folders)}
        return tuple(sorted(folders))

    def matters(self, change: watchfiles.Change, path: str) -> bool:
        """Return whether a changed path is a spec, or a file some spec uses (never an output PDF)."""
        changed = Path(path)
        if changed.name.startswith(".") or changed.name.endswith("~"):
            return False  # editors' swap and backup files, our own temporary PDFs
        resolved = changed.resolve()
        if resolved in self.jobs or any(resolved in used for used in self.uses.values()):
            return True
        # A new folder counts too: specs saved in it before its own watch is set up would be missed.
        if changed.suffix not in SPEC_SUFFIXES and not (change == watchfiles.Change.added and changed.is_dir()):
            return False
        return any(source.is_dir() and source.resolve() in resolved.parents for source in self.sources)

    def changed(self, paths: set[Path]) -> None:
        """Rebuild the specs that changed or use a changed file, and build new ones."""
        resolved = {path.resolve() for path in paths}
        added = self.discover()
        affected = [job for key, job in self.jobs.items() if key in resolved or self.uses.get(key, set()) & resolved]
        self.build(added + [job for job in affected if job not in added])

    def catch_up(self) -> None:
        """Rebuild the specs whose files changed since they were last built, and build new ones."""
        added = self.discover()
        stale = [job for key, job in self.jobs.items() if key in self.stamps and self._stamp(key) != self.stamps[key]]
        self.build(added + [job for job in stale if job not in added])

    def build(self, jobs: list[Job]) -> None:
        """Build each job, report it, and remember the files its spec uses and when they were saved."""
        for job in jobs:
            key = job.spec.resolve()
            before = self._stamp(key)  # taken before building, so a save during the build is caught up with
            outcome = build_one(job, options=self.options)
            self._report(outcome)
            assets = Path(self.options.assets_dir) if self.options.assets_dir else None
            self.uses[key] = used_files(job.spec, assets)
            self.stamps[key] = {**self._stamp(key), **before}

    def _stamp(self, key: Path) -> dict[Path, int]:
        """Return the modification times of a spec and the files it uses (-1 for a missing file)."""
        stamps = {}
        for path in {key, *self.uses.get(key, frozenset())}:
            try:
                stamps[path] = path.stat().st_mtime_ns
            except OSError:
                stamps[path] = -1
        return stamps

    def _report(self, outcome: SpecOutcome) -> None:
        if outcome.status == "built":
            pages = f"{outcome.pages} page{'s' if outcome.pages != 1 else ''}"
            self._say(f"built {outcome.output} ({pages}) in {outcome.seconds:.2f}s")
            if self.on_built is not None:
                self.on_built(outcome.output)
        else:
            kept = f"kept the last good {outcome.output}" if outcome.output.exists() else "no PDF written"
            self._say(f"failed {outcome.spec} in {outcome.seconds:.2f}s; {kept}:")
            for line in outcome.error.splitlines():
                self.report(f"  {line}")
        for warning in outcome.warnings:
            self.report(f"  warning: {warning}")

    def _say(self, message: str) -> None:
        self.report(f"{self.clock():%H:%M:%S} {message}")


def used_files(spec: Path, project_assets: Path | None = None) -> frozenset[Path]:
    """Return the files ``spec`` depends on besides itself: files it names, and briefgen's shipped assets.

    A file named is looked for beside the spec, in the working folder and in
    the project's assets folder (default: assets/ in the working folder).
    """
    from briefgen.assets import assets_dir

    used = {path.resolve() for path in assets_dir().rglob("*") if path.is_file()}
    try:
        # The build's own bounded reader: a FIFO, a device, an alias bomb or a deep spec is refused, not read.
        root = read_yaml(read_spec_file(spec), spec)
    except SpecError:
        return frozenset(used)  # a broken spec (its build reported why): its files are found again once it reads
    bases = (spec.parent, Path.cwd(), project_assets or Path.cwd() / "assets")
    for text in _strings(root):
        if "\n" in text or len(text) > 500 or not text.lower().endswith(_ASSET_SUFFIXES):
            continue
        for base in bases:
            candidate = base / text
            if candidate.is_file():
                used.add(candidate.resolve())
                break
    used.discard(spec.resolve())
    return frozenset(used)


def _strings(root: Node) -> Iterable[str]:
    """Yield every text value in the tree, each shared (aliased) node once."""
    pending, seen = [root], set()
    while pending:
        node = pending.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node.kind == "text":
            yield node.value
        elif node.kind == "mapping":
            pending.extend(node.value.values())
        elif node.kind == "list":
            pending.extend(node.value)
