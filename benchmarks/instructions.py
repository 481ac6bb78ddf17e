"""Count the instructions briefgen and the floor execute for the same batch: a measure no machine noise moves.

    python benchmarks/instructions.py              # about 5 minutes on 2 cores; needs valgrind
    python benchmarks/instructions.py --by-class   # per size class, with the Typst peer: about 10 minutes

Wall-clock ratios on a shared machine swing by 10% or more from one minute
to the next: the same build's CPU time varies by up to 30% as the host
lends the machine more or less of its cores. The number of instructions a
build executes does not. This runs each tool under valgrind's callgrind
(which counts every instruction of every process, workers included) over the
same specs that ``bench.py`` generates, and prints:

- per brief: the instructions of a 20-spec batch less those of a 1-spec
  batch, over the 19 specs between (start-up cancels out);
- start-up: what a 1-spec batch costs beyond one brief;
- with two processes: every process of a 20-spec ``--jobs 2`` batch
  together (parent and workers), against the floor's.

With ``--by-class``, each size class of ``bench.py`` on its own specs
(``specgen``): instructions per brief of briefgen (``--jobs 1``), the floor
and the Typst peer (N specs less one, over N - 1), and each tool's start-up.
Typst is compiled Rust, the other two Python: compare briefgen with Typst on
time, and use its counts to see a change's effect, not to rank the tools.

Instructions are not time: cache misses and mispredicted branches cost
cycles that callgrind does not count. ``bench.py`` measures time; this says
whether a change did more work or less, without the noise.
"""

from __future__ import annotations

import compileall
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = Path(tempfile.gettempdir()) / "briefgen-bench"


def count(label: str, command: list[str]) -> int:
    """Return the instructions ``command`` executes in all its processes."""
    out = WORK / "callgrind" / label
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    subprocess.run(
        ["valgrind", "--tool=callgrind", "--trace-children=yes", f"--callgrind-out-file={out}/%p.out", *command],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=REPO,
        # One hash seed for every run: set and dict orders, and so the work, are then the same each time.
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    total = 0
    for path in out.glob("*.out"):
        found = re.search(r"^(?:summary|totals): (\d+)", path.read_text(errors="replace"), re.MULTILINE)
        total += int(found.group(1)) if found else 0
    return total


# Specs per size class counted with --by-class: enough to average over, few enough for valgrind.
CLASS_SPECS = {"small": 20, "medium": 8, "long": 4}


def by_class() -> None:
    """Count each tool's instructions per brief and at start-up in each size class, and print a table."""
    import specgen

    python = sys.executable
    build = [python, "-m", "briefgen", "build"]
    tools = {
        "briefgen": lambda folder, out: [*build, str(folder), "-o", str(out), "--force", "--jobs", "1"],
        "floor": lambda folder, out: [python, str(HERE / "floor.py"), str(folder), str(out)],
        "typst": lambda folder, out: [python, str(HERE / "typst_peer.py"), str(folder), str(out)],
    }
    runs: dict[tuple[str, str, int], list[str]] = {}
    for size, n in CLASS_SPECS.items():
        folder = WORK / f"specs-{size}-{n}"
        specgen.generate(folder, n, size)
        one = WORK / f"specs-{size}-1"
        shutil.rmtree(one, ignore_errors=True)
        one.mkdir()
        shutil.copy(sorted(folder.glob("*.yaml"))[0], one)
        for tool, command in tools.items():
            for specs, count_ in ((one, 1), (folder, n)):
                runs[(tool, size, count_)] = command(specs, WORK / "out" / f"{tool}-i-{specs.name}")
    print(f"Counting instructions of {len(runs)} runs under callgrind ...", file=sys.stderr, flush=True)
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        labels = {key: "-".join(map(str, key)) for key in runs}
        counts = dict(zip(runs, pool.map(lambda key: count(labels[key], runs[key]), runs), strict=True))
    print("| Instructions (callgrind) | Class | Per brief | Start-up | briefgen / tool, per brief |")
    print("|---|---|---:|---:|---:|")
    for size, n in CLASS_SPECS.items():
        per_brief = {tool: (counts[(tool, size, n)] - counts[(tool, size, 1)]) / (n - 1) for tool in tools}
        for tool in tools:
            start = counts[(tool, size, 1)] - per_brief[tool]
            ratio = per_brief["briefgen"] / per_brief[tool]
            print(f"| {tool} | {size} | {per_brief[tool] / 1e6:,.1f} M | {start / 1e6:,.1f} M | {ratio:.3f} |")


def main() -> None:
    """Count, then print the comparison."""
    if shutil.which("valgrind") is None:
        sys.exit("instructions.py needs valgrind (apt-get install valgrind)")
    sys.path.insert(0, str(HERE))
    import specgen

    # As bench.py does: count an installed package's work, not compiling its modules from source.
    compileall.compile_dir(str(REPO / "src" / "briefgen"), quiet=1)
    if sys.argv[1:] == ["--by-class"]:
        by_class()
        return

    folders = {n: WORK / f"specs-{n}" for n in (20, 200)}
    for n, folder in folders.items():
        specgen.generate(folder, n)
    one = WORK / "specs-1"
    shutil.rmtree(one, ignore_errors=True)
    one.mkdir()
    shutil.copy(sorted(folders[20].glob("*.yaml"))[0], one)
    python = sys.executable

    def floor(folder: Path, jobs: int) -> list[str]:
        out = WORK / "out" / f"floor-i-{folder.name}-{jobs}"
        return [python, str(HERE / "floor.py"), str(folder), str(out), str(jobs)]

    def briefgen(folder: Path, jobs: int) -> list[str]:
        out = WORK / "out" / f"briefgen-i-{folder.name}-{jobs}"
        return [python, "-m", "briefgen", "build", str(folder), "-o", str(out), "--force", "--jobs", str(jobs)]

    runs = {
        f"{tool.__name__} {folder.name} --jobs {jobs}": tool(folder, jobs)
        for tool in (floor, briefgen)
        for folder, jobs in ((one, 1), (folders[20], 1), (folders[20], 2))
    }
    print(f"Counting instructions of {len(runs)} runs under callgrind ...", file=sys.stderr, flush=True)
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        counts = dict(zip(runs, pool.map(lambda item: count(*item), runs.items()), strict=True))

    def figures(tool: str) -> tuple[float, float, int]:
        single, twenty = counts[f"{tool} specs-1 --jobs 1"], counts[f"{tool} specs-20 --jobs 1"]
        per_brief = (twenty - single) / 19
        return per_brief, single - per_brief, counts[f"{tool} specs-20 --jobs 2"]

    floor_brief, floor_start, floor_two = figures("floor")
    ours_brief, ours_start, ours_two = figures("briefgen")
    print("| Instructions (callgrind) | Floor | briefgen | briefgen / floor |")
    print("|---|---:|---:|---:|")
    for label, theirs, ours in (
        ("Per brief (20-spec batch less 1-spec, over 19)", floor_brief, ours_brief),
        ("Start-up (1-spec batch less one brief)", floor_start, ours_start),
        ("20 specs, --jobs 2, all processes", floor_two, ours_two),
    ):
        print(f"| {label} | {theirs / 1e6:,.1f} M | {ours / 1e6:,.1f} M | {ours / theirs:.3f} |")


if __name__ == "__main__":
    main()
