"""Measure briefgen against the floor (plain ReportLab) and the peer (Typst) by size class, in one run.

    python benchmarks/bench.py            # full run: every size class, 2,000-spec batches (a few minutes)
    python benchmarks/bench.py --quick    # fewer specs and rounds, no 2,000-spec batches: about a minute
    python benchmarks/bench.py --write BENCHMARKS.md   # also put the results into that file

Throughput is measured per size class (``specgen.SIZES``: two pages, four to
six, twelve and more), each on its own specs, for briefgen (``--jobs 1`` and
``--jobs 2``), the floor and Typst, then fitted, per tool, as a fixed cost per
brief plus a cost per page. Every briefgen figure goes through the public
API or the ``briefgen`` command. Each measurement runs in its own fresh
process; the machine's load average is recorded with each. Never a test:
timings belong here, not in pytest.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import datetime as dt
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Any

import report as report_module

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SEED = REPO / "specs" / "russia-north-korea-treaty.yaml"
WORK = Path(tempfile.gettempdir()) / "briefgen-bench"
BRIEFGEN = [sys.executable, "-m", "briefgen"]

# The tools each size class is measured with, in the order of the tables.
TOOLS = ("briefgen-1", "briefgen-2", "floor", "typst")


# --- measurements that run inside a fresh process (python bench.py --inner NAME ...) -------------------------


def _inner(name: str, args: list[str]) -> dict[str, Any]:
    sys.path.insert(0, str(HERE))
    if name.endswith("-warm"):
        Path(args[0]).mkdir(parents=True, exist_ok=True)
    if name == "floor-warm":  # per-brief time of the floor rebuilding the seed in a loop
        import floor

        out = Path(args[0])
        floor.build(SEED, out / "seed.pdf")
        return {"seconds": _best_loop(lambda: floor.build(SEED, out / "seed.pdf"), int(args[1]))}
    if name == "briefgen-warm":  # per-brief time of briefgen.build rebuilding the seed in a running process
        import briefgen

        out = Path(args[0])
        briefgen.build(SEED, out / "seed.pdf")
        return {"seconds": _best_loop(lambda: briefgen.build(SEED, out / "seed.pdf"), int(args[1]))}
    if name == "class":  # one tool over one size class's specs, start-up and a warm-up build excluded
        return _class_run(args[0], Path(args[1]), Path(args[2]), Path(args[3]) if len(args) > 3 else SEED)
    if name == "typst-fresh":
        import typst_peer

        specs, out = sorted(Path(args[0]).glob("*.yaml"))[: int(args[2])], Path(args[1])
        out.mkdir(parents=True, exist_ok=True)
        typst_peer.build_fresh(SEED, out / "warm-up.pdf")
        started = time.perf_counter()
        for spec in specs:
            typst_peer.build_fresh(spec, out / (spec.stem + ".pdf"))
        return {"rate": len(specs) / (time.perf_counter() - started)}
    if name == "briefgen-batch":  # the briefgen command over a folder; peak memory per process
        from briefgen.cli import main

        started = time.perf_counter()
        with contextlib.suppress(SystemExit):
            main(args, standalone_mode=False)
        seconds = time.perf_counter() - started
        return {
            "seconds": seconds,
            "parent_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            "worker_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        }
    raise SystemExit(f"unknown measurement {name}")


def _class_run(tool: str, folder: Path, out: Path, seed: Path = SEED) -> dict[str, Any]:
    """Build every spec in ``folder`` with ``tool`` in this process; return wall and CPU seconds.

    Each tool first builds ``seed`` once (imports, fonts, hyphenation patterns and, for Typst, the
    parsed template are then ready), so the figures are the steady state of a running process;
    start-up is measured on its own (the cold single build). A language class warms up on its
    language's example.
    """
    specs = sorted(folder.glob("*.yaml"))
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    if tool.startswith("briefgen"):
        from briefgen.cli import main

        def run(arguments: list[str]) -> None:
            with contextlib.suppress(SystemExit):
                main(arguments, standalone_mode=False)

        run(["build", str(seed), "-o", str(out / "warm-up"), "--force", "--jobs", "1"])
        jobs = tool.split("-")[1]

        def build_all() -> None:
            run(["build", str(folder), "-o", str(out), "--force", "--jobs", jobs])

    elif tool == "floor":
        import floor

        floor.build(seed, out / "warm-up.pdf")

        def build_all() -> None:
            for spec in specs:
                floor.build(spec, out / (spec.stem + ".pdf"))

    else:
        import typst_peer

        peer = typst_peer.Peer()
        peer.build(seed, out / "warm-up.pdf")

        def build_all() -> None:
            for spec in specs:
                peer.build(spec, out / (spec.stem + ".pdf"))

    before = _cpu()
    started = time.perf_counter()
    build_all()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "cpu": _cpu() - before, "count": len(specs)}


def _cpu() -> float:
    """CPU seconds of this process (every thread) and of its finished children."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _best_loop(function: Any, count: int) -> float:
    """Return the best per-call time of ``count`` calls, over three rounds."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for _ in range(count):
            function()
        best = min(best, (time.perf_counter() - started) / count)
    return best


def run_inner(name: str, *args: object) -> dict[str, Any]:
    """Run one measurement in a fresh process and return what it measured, with the load when it started."""
    load = os.getloadavg()[0]
    command = [sys.executable, __file__, "--inner", name, *map(str, args)]
    result = subprocess.run(command, capture_output=True, text=True, check=True, cwd=REPO)
    return dict(json.loads(result.stdout.strip().splitlines()[-1])) | {"load": load}


def wall(command: list[str]) -> float:
    """Return the wall time of a whole command (process start to exit)."""
    started = time.perf_counter()
    subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO)
    return time.perf_counter() - started


def page_counts(folder: Path) -> list[int]:
    """Return the page count of every PDF in ``folder`` (not the warm-up's)."""
    from pypdf import PdfReader

    return [len(PdfReader(pdf).pages) for pdf in sorted(folder.glob("brief-*.pdf"))]


# --- the run ---------------------------------------------------------------------------------------------------

# Specs per size class and rounds: each tool's best round is kept (see BENCHMARKS.md, Noise).
FULL = {"small": 150, "medium": 50, "long": 20}
QUICK = {"small": 40, "medium": 15, "long": 6}
# 2-page briefs in Russian and Korean (the language examples' sentences reshuffled): briefgen and Typst.
LANGUAGES, LANGUAGE_TOOLS = {"ru": 40, "ko": 40}, ("briefgen-1", "typst")
QUICK_LANGUAGES = {"ru": 10, "ko": 10}
FULL_ROUNDS, QUICK_ROUNDS = 9, 3


def measure(quick: bool) -> dict[str, Any]:
    """Run every measurement and return the figures."""
    sys.path.insert(0, str(HERE))
    import specgen

    # Measure the package as installed: pip compiles a package's bytecode when it installs it; an
    # editable install leaves that to the first import, which PYTHONDONTWRITEBYTECODE (set on some
    # machines and containers) forbids, so every cold start would compile briefgen from source.
    compileall.compile_dir(str(REPO / "src" / "briefgen"), quiet=1)
    counts, rounds = (QUICK, QUICK_ROUNDS) if quick else (FULL, FULL_ROUNDS)
    classes = {size: WORK / f"specs-{size}-{count}" for size, count in counts.items()}
    for size, folder in classes.items():
        specgen.generate(folder, counts[size], size)
    out = WORK / "out"
    shutil.rmtree(out, ignore_errors=True)
    results: dict[str, Any] = {"quick": quick, "counts": counts, "rounds": rounds, "load_start": os.getloadavg()}
    loads: list[float] = []

    def step(label: str) -> None:
        loads.append(os.getloadavg()[0])
        print(f"  {label} (load {loads[-1]:.2f}) ...", file=sys.stderr, flush=True)

    # The machine may be shared: each comparison alternates the tools, round after round, and keeps
    # each one's best time, so that a burst of someone else's load does not decide a ratio.
    best: dict[str, float] = {}

    def keep_best(key: str, value: float) -> None:
        best[key] = min(best.get(key, float("inf")), value)

    cold_rounds = 5 if quick else 7
    step(f"cold single build of the seed: floor, briefgen and Typst alternately (best of {cold_rounds})")
    cold_loads = []
    for round_ in range(cold_rounds):
        cold_loads.append(os.getloadavg()[0])
        keep_best("floor_cold", wall([sys.executable, str(HERE / "floor.py"), str(SEED), str(out / "floor-cold")]))
        keep_best("briefgen_cold", wall([*BRIEFGEN, "build", str(SEED), "-o", str(out / f"cold-{round_}")]))
        keep_best("typst_cold", wall([sys.executable, str(HERE / "typst_peer.py"), str(SEED), str(out / "typst-cold")]))
        keep_best("help", wall([*BRIEFGEN, "--help"]))
    results["cold_load"] = (min(cold_loads), max(cold_loads))

    step("warm rebuild of the seed, floor and briefgen alternately (best of 3 processes)")
    for _ in range(3):
        keep_best("floor_warm", run_inner("floor-warm", out / "floor-warm", 20)["seconds"])
        keep_best("briefgen_warm", run_inner("briefgen-warm", out / "warm", 20)["seconds"])

    classes_results: dict[str, Any] = {}
    for round_ in range(rounds):
        for size, folder in classes.items():
            step(f"round {round_ + 1} of {rounds}: {counts[size]} {size} specs, each tool in turn")
            # Each tool goes first in turn, so that none always follows another's load.
            order = TOOLS[round_ % len(TOOLS) :] + TOOLS[: round_ % len(TOOLS)]
            figures = classes_results.setdefault(size, {tool: [] for tool in TOOLS})
            for tool in order:
                target = out / f"{size}-{tool}"
                figures[tool].append(run_inner("class", tool, folder, target))
                if round_ == 0:
                    figures[f"{tool}-pages"] = page_counts(target)
    results["classes"] = classes_results
    languages = QUICK_LANGUAGES if quick else LANGUAGES
    language_results: dict[str, Any] = {}
    for lang, count in languages.items():
        folder = WORK / f"specs-small-{lang}-{count}"
        specgen.generate(folder, count, "small", lang)
        figures = language_results.setdefault(lang, {tool: [] for tool in LANGUAGE_TOOLS})
        for round_ in range(rounds):
            step(f"round {round_ + 1} of {rounds}: {count} small specs in {lang}, briefgen and Typst in turn")
            for tool in LANGUAGE_TOOLS if round_ % 2 == 0 else reversed(LANGUAGE_TOOLS):
                target = out / f"small-{lang}-{tool}"
                figures[tool].append(run_inner("class", tool, folder, target, specgen.SEEDS[lang]))
                if round_ == 0:
                    figures[f"{tool}-pages"] = page_counts(target)
    results["languages"] = language_results
    if not quick:
        step("Typst with typst.compile afresh for each brief, 50 small specs")
        results["typst_fresh"] = run_inner("typst-fresh", classes["small"], out / "typst-fresh", 50)["rate"]
    results.update(best)

    if not quick:
        mixes = {n: WORK / f"specs-{n}" for n in (20, 2000)}
        for count, folder in mixes.items():
            specgen.generate(folder, count)
            for jobs in (1, 2):
                step(f"briefgen batch with peak memory: {count} specs (every tenth long), --jobs {jobs}")
                target = out / f"memory-{count}-{jobs}"
                figures = run_inner("briefgen-batch", "build", folder, "-o", target, "--jobs", jobs)
                results[f"batch_{count}_{jobs}"] = figures | {"rate": count / figures["seconds"]}
        step("no-op rebuild of 2000 up-to-date specs (best of 3)")
        results["noop"] = min(
            wall([*BRIEFGEN, "build", str(mixes[2000]), "-o", str(out / "memory-2000-2")]) for _ in range(3)
        )
    loads.append(os.getloadavg()[0])
    results["load_range"] = (min(loads), max(loads))
    results["load_end"] = os.getloadavg()
    return results


def machine() -> dict[str, str]:
    """Return the CPU, cores, OS and versions this run used."""
    cpu = platform.processor() or "unknown"
    try:
        found = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
        cpu = found.group(1) if found else cpu
    except OSError:
        pass
    versions = {name: _version(name) for name in ("briefgen", "reportlab", "rl_accel", "PyYAML", "typst")}
    return {
        "when": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
        **versions,
    }


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def write_into(path: Path, section: str) -> None:
    """Replace the results section of ``path`` (between the bench markers) with ``section``."""
    text = path.read_text(encoding="utf-8") if path.exists() else f"{START}\n{END}\n"
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    path.write_text(f"{before}{START}\n{section}{END}{after}", encoding="utf-8")


def main() -> None:
    """Run the benchmark and print (and optionally record) the results."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer specs and rounds, no 2,000-spec batches")
    parser.add_argument("--write", type=Path, help="put the results into this Markdown file")
    parser.add_argument("--report", type=Path, help="only report (and --write) a results.json from an earlier run")
    if sys.argv[1:2] == ["--inner"]:  # one measurement, in the fresh process run_inner started
        print(json.dumps(_inner(sys.argv[2], sys.argv[3:])))
        return
    options = parser.parse_args()
    if options.report:
        saved = json.loads(options.report.read_text())
        section = report_module.report(saved["results"], saved["machine"])
        print(section)
        if options.write:
            write_into(options.write, section)
        return
    print(f"Benchmarking in {WORK} ...", file=sys.stderr)
    results = measure(options.quick)
    info = machine()
    section = report_module.report(results, info)
    print(section)
    (WORK / "results.json").write_text(json.dumps({"results": results, "machine": info}, indent=1))
    if options.write:
        write_into(options.write, section)


if __name__ == "__main__":
    main()
