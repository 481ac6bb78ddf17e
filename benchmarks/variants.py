"""A/B of one change at a time to a 2-page brief's build: what each stage costs, and what a change saves.

    python benchmarks/variants.py [VARIANT ...] [--specs N] [--rounds R]   # CPU and wall time, sizes
    python benchmarks/variants.py --instructions [VARIANT ...]             # instructions (valgrind), no noise

Input: generated 2-page specs (``specgen``, class ``small``) and, with
``--examples``, the four example specs of specs/ (four subjects: a fairer test
of anything that reuses work between briefs). Output: for each variant, the
CPU time and wall time per brief of a warm ``briefgen build --jobs 1 --force``
loop in a fresh process (best of the rounds, the variants taking turns), the
mean PDF size, and with ``--instructions`` the instructions per brief counted
by callgrind (a loop of N specs less a loop of none, over N).

Each variant switches one thing, by patching the running process, never the
source: ``baseline`` (the code as it is), ``untagged`` (no structure tree),
``zlib-N`` (every stream compressed at level N; ReportLab uses 6, 0 stores),
and ``no-write`` (the PDF is not written, nor its hash taken). Variants
combine with ``+``: ``untagged+zlib-9``. (Two earlier variants, subsets of the
glyphs drawn only and subsets kept per process, are now how briefgen works:
``style/truetype.py``, ``style/subset_cache.py``.)
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SEED = REPO / "specs" / "russia-north-korea-treaty.yaml"
WORK = Path(tempfile.gettempdir()) / "briefgen-bench" / "variants"


def _zlib(level: int) -> Callable[[], None]:
    def patch() -> None:
        from reportlab.pdfbase import pdfdoc

        def encode(self: Any, text: Any) -> bytes:
            return zlib.compress(text.encode("utf8") if isinstance(text, str) else text, level)

        pdfdoc.PDFStreamFilterZCompress.encode = encode  # type: ignore[method-assign]

    return patch


def _untagged() -> None:
    import briefgen.compose as compose

    original = compose.render_brief
    compose.render_brief = lambda *args, **kwargs: original(*args, **kwargs, tagged=False)  # type: ignore[assignment]


def _no_write() -> None:
    import briefgen.batch.worker as worker

    worker.write_pdf = lambda target, data: (len(data), 0)  # type: ignore[assignment]
    worker.digest = lambda data: ""  # type: ignore[assignment]


VARIANTS: dict[str, Callable[[], None]] = {
    "baseline": lambda: None,
    "untagged": _untagged,
    "no-write": _no_write,
    **{f"zlib-{level}": _zlib(level) for level in range(10)},
}


def _inner(variant: str, folder: Path, count: int) -> dict[str, Any]:
    """Build ``count`` specs of ``folder`` in this process under ``variant``; return time and sizes."""
    from briefgen.cli import main

    out = WORK / f"out-{variant}-{folder.name}"

    def build(source: Path, target: Path) -> None:
        quiet = io.StringIO()
        with contextlib.suppress(SystemExit), contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
            main(["build", str(source), "-o", str(target), "--force", "--jobs", "1"], standalone_mode=False)

    build(SEED, WORK / f"warm-up-{variant}")
    for part in variant.split("+"):  # after the warm-up: anything kept between briefs starts empty
        VARIANTS[part]()
    if count == 0:
        return {}
    shutil.rmtree(out, ignore_errors=True)
    only = folder  # holds exactly ``count`` specs
    cpu, started = time.process_time(), time.perf_counter()
    build(only, out)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    pdfs = list(out.glob("*.pdf"))
    if variant != "no-write" and len(pdfs) != count:
        raise SystemExit(f"{variant}: {len(pdfs)} of {count} specs built")
    size = sum(pdf.stat().st_size for pdf in pdfs) / max(len(pdfs), 1)
    return {"cpu": cpu / count, "wall": seconds / count, "size": size}


def _run(variant: str, folder: Path, count: int, *, callgrind: Path | None = None) -> dict[str, Any]:
    command = [sys.executable, __file__, "--inner", variant, str(folder), str(count)]
    environment = dict(os.environ)
    if callgrind is not None:
        command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={callgrind}", *command]
        # One hash seed for every count: set and dict orders, and so the work, are then the same each run.
        environment["PYTHONHASHSEED"] = "0"
    result = subprocess.run(command, capture_output=True, text=True, check=True, cwd=REPO, env=environment)
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def _instructions(path: Path) -> int:
    found = re.search(r"^(?:summary|totals): (\d+)", path.read_text(errors="replace"), re.MULTILINE)
    return int(found.group(1)) if found else 0


def main() -> None:
    """Measure each variant named (default: all), alternating, and print a table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("variants", nargs="*", default=["baseline", "untagged", "zlib-1", "zlib-4"])
    parser.add_argument("--specs", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--instructions", action="store_true", help="count instructions under callgrind instead")
    parser.add_argument("--examples", action="store_true", help="build the four example specs, not generated ones")
    if sys.argv[1:2] == ["--inner"]:
        print(json.dumps(_inner(sys.argv[2], Path(sys.argv[3]), int(sys.argv[4]))))
        return
    options = parser.parse_args()
    sys.path.insert(0, str(HERE))
    import specgen

    WORK.mkdir(parents=True, exist_ok=True)
    if options.examples:
        folder = WORK / "examples"
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(REPO / "specs", folder)
        count = len(list(folder.glob("*.yaml")))
    else:
        folder = WORK / f"specs-small-{options.specs}"
        specgen.generate(folder, options.specs, "small")
        count = options.specs
    load = os.getloadavg()
    if options.instructions:
        print(f"Instructions per brief (callgrind), {count} specs less none; load {load[0]:.2f}")
        print("| Variant | Instructions per brief | vs baseline |")
        print("|---|---:|---:|")
        base = None
        for variant in options.variants:
            with_specs, without = WORK / f"{variant}-{count}.callgrind", WORK / f"{variant}-0.callgrind"
            _run(variant, folder, count, callgrind=with_specs)
            _run(variant, folder, 0, callgrind=without)
            per_brief = (_instructions(with_specs) - _instructions(without)) / count
            base = base or per_brief
            print(f"| {variant} | {per_brief / 1e6:,.2f} M | {per_brief / base - 1:+.1%} |", flush=True)
        return
    best: dict[str, dict[str, float]] = {}
    for round_ in range(options.rounds):
        order = options.variants[round_ % len(options.variants) :] + options.variants[: round_ % len(options.variants)]
        for variant in order:
            figures = _run(variant, folder, count)
            kept = best.setdefault(variant, {"cpu": float("inf"), "wall": float("inf"), "size": figures["size"]})
            kept["cpu"], kept["wall"] = min(kept["cpu"], figures["cpu"]), min(kept["wall"], figures["wall"])
    end = os.getloadavg()
    print(f"{count} specs, best of {options.rounds} rounds; load {load[0]:.2f} at the start, {end[0]:.2f} at the end")
    print("| Variant | CPU ms/brief | vs baseline | Wall ms/brief | Mean PDF size | vs baseline |")
    print("|---|---:|---:|---:|---:|---:|")
    base = best[options.variants[0]]
    for variant, figures in best.items():
        saved = (figures["cpu"] - base["cpu"]) * 1000
        print(
            f"| {variant} | {figures['cpu'] * 1000:.2f} | {saved:+.2f} ms | {figures['wall'] * 1000:.2f} "
            f"| {figures['size'] / 1024:.1f} KiB | {figures['size'] / base['size'] - 1:+.2%} |"
        )


if __name__ == "__main__":
    main()
