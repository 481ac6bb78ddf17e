"""Say where a brief's time goes: a warm ``briefgen build`` loop with timers on each stage.

    python benchmarks/where_time_goes.py [--specs N] [--rounds R] [--size S]   # the warm loop, stage by stage
    python benchmarks/where_time_goes.py --startup                     # a cold build, stage by stage

Input: generated specs (``specgen``; class ``small``, 2 pages, unless ``--size``). Output: a table
of the time per brief each stage takes, inclusive and exclusive of the stages
inside it. The warm loop builds the specs with the ``briefgen build`` command
in this process (``--jobs 1``, ``--force``) after building the seed once, and
keeps each stage's best round. Timers wrap a few dozen calls per brief, not
every function as a profiler does, so they add little (about 1 microsecond a
call); cProfile, by contrast, triples a build's time and spreads it unevenly.

Each compression is put down to what it compresses (a font's subset, its
ToUnicode map, a page's content, anything else), found from the stream being
formatted. Never a test: timings belong here.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import os
import re
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SEED = HERE.parent / "specs" / "russia-north-korea-treaty.yaml"
WORK = Path("/tmp/briefgen-bench/where")
# CPU time of this thread by default: on a shared machine it stretches far less than wall time.
CLOCK = time.thread_time


class Probes:
    """Timers around named functions, nested: each knows its own time and its children's."""

    def __init__(self) -> None:
        self.inclusive: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.children: dict[str, float] = defaultdict(float)
        self.parent: dict[str, str] = {}
        self._stack: list[str] = []

    def wrap(self, owner: Any, attribute: str, label: str | Callable[..., str]) -> None:
        """Time every call of ``owner.attribute`` under ``label`` (or the label it returns for the call)."""
        original = getattr(owner, attribute)
        probes = self

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            name = label if isinstance(label, str) else label(*args, **kwargs)
            stack = probes._stack
            if stack and stack[-1] == name:  # recursion: count once
                return original(*args, **kwargs)
            if stack:
                probes.parent.setdefault(name, stack[-1])
            stack.append(name)
            started = CLOCK()
            try:
                return original(*args, **kwargs)
            finally:
                spent = CLOCK() - started
                stack.pop()
                probes.inclusive[name] += spent
                probes.calls[name] += 1
                if stack:
                    probes.children[stack[-1]] += spent

        setattr(owner, attribute, timed)

    def reset(self) -> None:
        """Forget what was measured (not the wrappers)."""
        self.inclusive.clear()
        self.calls.clear()
        self.children.clear()


# The subsets made, by the identity of their bytes, so that their compression is put down to their face.
_SUBSET_FACES: dict[int, str] = {}


def _stream_kind(_filter: Any, text: Any) -> str:
    """Say what the stream being compressed is: a face's subset, a ToUnicode map, or another stream."""
    face = _SUBSET_FACES.get(id(text))
    if face is not None:
        return f"compress: font file, {face}"
    head = text[:20].encode() if isinstance(text, str) else bytes(text[:20])
    if head.startswith(b"/CIDInit"):
        return "compress: ToUnicode maps"
    return "compress: page contents and other streams"


def _subset_recorded(original: Callable[..., bytes]) -> Callable[..., bytes]:
    @functools.wraps(original)
    def make_subset(face: Any, subset: Any) -> bytes:
        data = original(face, subset)
        _SUBSET_FACES[id(data)] = face.name.decode()
        return data

    return make_subset


def install(probes: Probes) -> None:
    """Wrap the stages of a build."""
    from reportlab.pdfbase import pdfdoc, ttfonts
    from reportlab.platypus import doctemplate

    import briefgen.batch.build as batch_build
    import briefgen.batch.worker as worker
    import briefgen.compose as compose
    import briefgen.layout.brief as layout_brief
    import briefgen.load.spec as load_spec
    import briefgen.pdf.canvas as canvas
    import briefgen.pdf.document as document
    import briefgen.pdf.marked_content as marked_content
    import briefgen.pdf.metadata as metadata
    import briefgen.pdf.outline as outline
    import briefgen.pdf.structure_tree as structure_tree
    from briefgen.style import truetype

    probes.wrap(batch_build, "build_many", "briefgen build: the batch")
    probes.wrap(batch_build, "render_task", "render_task: one brief, as a batch worker builds it")
    probes.wrap(compose, "render_spec", "render_spec")
    probes.wrap(load_spec, "parse_spec", "read YAML and validate the spec")
    probes.wrap(compose, "files_used", "files the brief uses")
    probes.wrap(layout_brief, "layout_brief", "lay out: the story (flowables, structure elements)")
    probes.wrap(document, "draw_pdf", "draw_pdf: each layout tried, laid out and drawn")
    probes.wrap(document.DrawnPdf, "write", "DrawnPdf.write: the layout kept, written")
    probes.wrap(doctemplate.BaseDocTemplate, "build", "platypus build (wrap, split, draw)")
    probes.wrap(canvas.TaggingCanvas, "save", "canvas.save: the file's objects")
    probes.wrap(marked_content.Tagger, "write", "structure tree: objects made")
    probes.wrap(metadata, "add_metadata", "metadata: Info and XMP")
    probes.wrap(pdfdoc.PDFDocument, "format", "serialise every object (PDFDocument.format)")
    probes.wrap(truetype.EmbeddedFont, "addObjects", lambda font, doc: f"font objects: {font.fontName}")
    ttfonts.TTFontFile.makeSubset = _subset_recorded(ttfonts.TTFontFile.makeSubset)  # type: ignore[method-assign]
    probes.wrap(ttfonts.TTFontFile, "makeSubset", lambda face, subset: f"subset: {face.name.decode()}")
    probes.wrap(truetype, "to_unicode_cmap", "ToUnicode maps made")
    probes.wrap(truetype.GlyphWidths, "format", "glyph widths written")
    probes.wrap(pdfdoc.PDFStreamFilterZCompress, "encode", _stream_kind)
    probes.wrap(structure_tree.StructElem, "format", "structure tree: written")
    probes.wrap(structure_tree.ParentTree, "format", "structure tree: written")
    probes.wrap(outline.Outline, "format", "bookmarks written")
    probes.wrap(worker, "write_pdf", "write the file (temporary, rename, stat)")
    probes.wrap(worker, "digest", "manifest: hash the PDF")
    probes.wrap(batch_build, "inputs_digest", "manifest: hash the spec and options")


def warm_loop(specs: int, rounds: int, size: str = "small") -> None:
    """Build ``specs`` specs of class ``size`` ``rounds`` times in this process; print each stage's best round."""
    sys.path.insert(0, str(HERE))
    import specgen

    from briefgen.cli import main
    from briefgen.layout.breaking_memo import forget_all

    folder = WORK / f"specs-{size}-{specs}"
    specgen.generate(folder, specs, size)

    def build(source: Path, out: Path) -> None:
        quiet = io.StringIO()
        with contextlib.suppress(SystemExit), contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
            main(["build", str(source), "-o", str(out), "--force", "--jobs", "1"], standalone_mode=False)

    build(SEED, WORK / "warm-up")
    shutil.rmtree(WORK / "out", ignore_errors=True)
    probes = Probes()
    install(probes)
    best: dict[str, float] = {}
    best_exclusive: dict[str, float] = {}
    totals = []
    for _ in range(rounds):
        probes.reset()
        forget_all()  # every round breaks its paragraphs afresh, as a batch of specs never seen would
        started = CLOCK()
        build(folder, WORK / "out")
        totals.append((CLOCK() - started) / specs)
        _SUBSET_FACES.clear()
        if len(list((WORK / "out").glob("*.pdf"))) != specs:
            raise SystemExit("not every spec built: the probes broke something")
        for name, spent in probes.inclusive.items():
            best[name] = min(best.get(name, float("inf")), spent / specs)
            exclusive = (spent - probes.children.get(name, 0.0)) / specs
            best_exclusive[name] = min(best_exclusive.get(name, float("inf")), exclusive)
    clock = "wall" if CLOCK is time.perf_counter else "CPU"
    print(
        f"{specs} specs of class {size}, best of {rounds} rounds ({clock} time, load {os.getloadavg()[0]:.2f}); "
        f"whole command {min(totals) * 1000:.2f} ms/brief"
    )
    print(f"{'stage':<62} {'incl. ms':>9} {'excl. ms':>9} {'calls':>6}")
    for name in _tree_order(best, probes.parent):
        depth = _depth(name, probes.parent)
        calls = probes.calls[name] / specs
        label = "  " * depth + name
        print(f"{label:<62} {best[name] * 1000:9.3f} {best_exclusive[name] * 1000:9.3f} {calls:6.1f}")


def _depth(name: str, parent: dict[str, str]) -> int:
    depth = 0
    while name in parent:
        name, depth = parent[name], depth + 1
    return depth


def _tree_order(best: dict[str, float], parent: dict[str, str]) -> list[str]:
    children: dict[str | None, list[str]] = defaultdict(list)
    for name in best:
        children[parent.get(name)].append(name)
    ordered: list[str] = []

    def visit(node: str | None) -> None:
        for child in sorted(children[node], key=lambda n: -best[n]):
            ordered.append(child)
            visit(child)

    visit(None)
    return ordered


def startup() -> None:
    """Time a cold build's stages: imports, fonts parsed, hyphenation patterns, the first brief."""
    started = time.perf_counter()
    import briefgen.cli

    imported_cli = time.perf_counter()
    import briefgen.compose
    import briefgen.layout.brief
    import briefgen.load.spec
    import briefgen.pdf.document  # noqa: F401

    imported_renderer = time.perf_counter()
    probes = Probes()
    from briefgen.style import hyphenation, truetype

    probes.wrap(truetype.EmbeddedFont, "__getattr__", "parse a font face (first use)")
    probes.wrap(hyphenation, "hyphenator", "hyphenation patterns loaded")
    install(probes)
    from briefgen.cli import main

    before_build = time.perf_counter()
    with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):
        main(["build", str(SEED), "-o", str(WORK / "cold"), "--force"], standalone_mode=False)
    built = time.perf_counter()
    print(f"import briefgen.cli (click and the CLI):        {(imported_cli - started) * 1000:7.1f} ms")
    print(f"import the renderer (ReportLab, layout, pdf):   {(imported_renderer - imported_cli) * 1000:7.1f} ms")
    print(f"the first build, whole command:                  {(built - before_build) * 1000:7.1f} ms")
    for name in ("parse a font face (first use)", "hyphenation patterns loaded"):
        print(f"  of which {name:<38} {probes.inclusive[name] * 1000:7.1f} ms ({probes.calls[name]} calls)")
    for name, spent in sorted(probes.inclusive.items(), key=lambda item: -item[1])[:12]:
        print(f"  {name:<56} {spent * 1000:7.1f} ms")


# A cold build, step by step: each command does what the one before it did, and one thing more.
_PY = [sys.executable]
_RENDERER = "import briefgen.compose, briefgen.layout.brief, briefgen.load.spec, briefgen.pdf.document"
_FLOOR_IMPORTS = "import sys; sys.path.insert(0, {here!r}); import floor"
STARTUP_STEPS = {
    "briefgen": [
        ("the interpreter starting (python -c pass)", [*_PY, "-c", "pass"]),
        ("import briefgen.cli (click, the CLI)", [*_PY, "-c", "import briefgen.cli"]),
        ("import the renderer (ReportLab, layout, pdf, load)", [*_PY, "-c", f"import briefgen.cli; {_RENDERER}"]),
        (
            "the cold build of the seed (python -m briefgen build)",
            [*_PY, "-m", "briefgen", "build", "{seed}", "-o", "{out}"],
        ),
    ],
    "floor": [
        ("the interpreter starting (python -c pass)", [*_PY, "-c", "pass"]),
        ("import the floor (ReportLab, PyYAML)", [*_PY, "-c", _FLOOR_IMPORTS]),
        ("the cold build of the seed (python floor.py)", [*_PY, str(HERE / "floor.py"), "{seed}", "{out}"]),
    ],
}


def startup_instructions() -> None:
    """Count, under callgrind, the instructions of each step of a cold build, for briefgen and the floor."""
    for tool, steps in STARTUP_STEPS.items():
        print(f"{tool}:")
        before = 0
        for label, command in steps:
            out = WORK / f"cold-{tool}"
            shutil.rmtree(out, ignore_errors=True)
            filled = [part.format(seed=SEED, out=out, here=str(HERE)) for part in command]
            trace = WORK / "startup.callgrind"
            subprocess.run(
                ["valgrind", "--tool=callgrind", f"--callgrind-out-file={trace}", *filled],
                check=True,
                capture_output=True,
                cwd=HERE.parent,
            )
            found = re.search(r"^(?:summary|totals): (\d+)", trace.read_text(errors="replace"), re.MULTILINE)
            total = int(found.group(1)) if found else 0
            print(f"  {label:<58} {total / 1e6:9,.1f} M  (+{(total - before) / 1e6:,.1f} M)")
            before = total


def main() -> None:
    """Parse the arguments and measure."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--specs", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--size", choices=("small", "medium", "long"), default="small", help="the specs' size class")
    parser.add_argument("--startup", action="store_true", help="time a cold build instead of the warm loop")
    parser.add_argument("--wall", action="store_true", help="time wall-clock, not this thread's CPU time")
    parser.add_argument("--instructions", action="store_true", help="with --startup: count instructions (valgrind)")
    options = parser.parse_args()
    if options.wall:
        global CLOCK
        CLOCK = time.perf_counter
    WORK.mkdir(parents=True, exist_ok=True)
    if options.startup and options.instructions:
        startup_instructions()
    elif options.startup:
        startup()
    else:
        warm_loop(options.specs, options.rounds, options.size)


if __name__ == "__main__":
    main()
