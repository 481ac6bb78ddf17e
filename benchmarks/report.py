"""Turn bench.py's figures into the Markdown section BENCHMARKS.md records.

Input: the results ``bench.measure`` returns and the machine it ran on.
Output: the targets, one table per size class (each tool's best round, the
rounds' own ratios and the load while the class was measured), each tool's
fixed cost per brief and cost per page fitted over the classes, and the
other figures (cold builds, warm rebuild, memory, no-op).
"""

from __future__ import annotations

from typing import Any

LABELS = {
    "briefgen-1": "briefgen build --jobs 1",
    "briefgen-2": "briefgen build --jobs 2",
    "floor": "Floor (plain ReportLab), 1 process",
    "typst": "Typst (Compiler reused), 1 process",
}
SIZE_NAMES = {"small": "2 pages (seed-sized)", "medium": "4 to 6 pages", "long": "12 pages and more"}


def best(runs: list[dict[str, Any]], key: str = "seconds") -> float:
    """Return the best (least) per-brief seconds of ``runs`` by ``key``: wall ``seconds`` or ``cpu``."""
    return float(min(run[key] / run["count"] for run in runs))


def fit(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Return (intercept, slope) of the least-squares line through ``points``."""
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / spread if spread else 0.0
    return mean_y - slope * mean_x, slope


def _loads(runs: list[dict[str, Any]]) -> str:
    values = [run["load"] for run in runs]
    return f"{min(values):.2f}-{max(values):.2f}"


def _met(value: float, wanted: str) -> str:
    bound = float(wanted.split()[-1])
    return "yes" if (value >= bound if wanted.startswith(">") else value <= bound) else "**no**"


def report(results: dict[str, Any], info: dict[str, str]) -> str:
    """Return the results as a Markdown section."""
    classes: dict[str, Any] = results["classes"]
    sizes = list(classes)
    lines = [
        f"Measured {info['when']} on {info['cpu']} ({info['cores']} cores), {info['os']}, Python {info['python']}; "
        f"briefgen {info['briefgen']}, ReportLab {info['reportlab']}, rl_accel {info['rl_accel']}, "
        f"PyYAML {info['PyYAML']}, typst {info['typst']}. Load average (1, 5, 15 min) "
        f"{' '.join(f'{x:.2f}' for x in results['load_start'])} at the start, "
        f"{' '.join(f'{x:.2f}' for x in results['load_end'])} at the end."
        + (" Quick mode: fewer specs and rounds, no 2,000-spec batches." if results["quick"] else ""),
        "",
    ]
    rate = {size: {tool: 1 / best(classes[size][tool]) for tool in LABELS} for size in sizes}
    ratios = {
        "typst": {size: rate[size]["briefgen-1"] / rate[size]["typst"] for size in sizes},
        "floor": {size: rate[size]["briefgen-1"] / rate[size]["floor"] for size in sizes},
        "jobs": {size: rate[size]["briefgen-2"] / rate[size]["briefgen-1"] for size in sizes},
    }
    # CPU time moves less than wall time with a shared machine's load: the same ratios on it, for one process.
    cpu = {size: {tool: best(classes[size][tool], "cpu") for tool in LABELS} for size in sizes}
    ratios["typst-cpu"] = {size: cpu[size]["typst"] / cpu[size]["briefgen-1"] for size in sizes}
    ratios["floor-cpu"] = {size: cpu[size]["floor"] / cpu[size]["briefgen-1"] for size in sizes}
    cold = results["briefgen_cold"] / results["floor_cold"]
    lines += [
        "| Target | " + " | ".join(SIZE_NAMES[size] for size in sizes) + " | Wanted |",
        "|---|" + "---:|" * len(sizes) + "---:|",
    ]
    for label, key, wanted in (
        ("briefgen --jobs 1 / Typst, throughput", "typst", ">= 1.0"),
        ("briefgen --jobs 1 / floor, throughput", "floor", ">= 1.0"),
        ("briefgen --jobs 2 / --jobs 1, throughput", "jobs", ">= 1.8"),
        ("*The same on CPU time:* briefgen --jobs 1 / Typst", "typst-cpu", ">= 1.0"),
        ("*The same on CPU time:* briefgen --jobs 1 / floor", "floor-cpu", ">= 1.0"),
    ):
        cells = " | ".join(f"{ratios[key][size]:.3f} ({_met(ratios[key][size], wanted)})" for size in sizes)
        lines.append(f"| {label} | {cells} | {wanted} |")
    lines += [
        f"| Cold single build, briefgen / floor (whole process, the seed) | {cold:.2f} ({_met(cold, '<= 1.1')})"
        + " |" * (len(sizes) - 1)
        + " <= 1.1 |",
        "",
    ]

    pages = {size: _mean(classes[size]["briefgen-1-pages"]) for size in sizes}
    for size in sizes:
        figures = classes[size]
        runs = figures["briefgen-1"]
        lines += [
            f"**{SIZE_NAMES[size]}**: {runs[0]['count']} specs of class `{size}`, best of {len(runs)} rounds; "
            f"load average (1 min) {_loads([run for tool in LABELS for run in figures[tool]])} while measured.",
            "",
            "| Tool | Pages (mean) | Briefs/s | ms/brief | CPU ms/brief | briefgen --jobs 1 / tool |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for tool, label in LABELS.items():
            seconds, cpu = best(figures[tool]), best(figures[tool], "cpu")
            lines.append(
                f"| {label} | {_mean(figures[f'{tool}-pages']):.1f} | {1 / seconds:.1f} | {seconds * 1000:.1f} "
                f"| {cpu * 1000:.1f} | {rate[size]['briefgen-1'] / rate[size][tool]:.2f} |"
            )
        rounds = {
            "floor": "briefgen --jobs 1 / floor",
            "typst": "briefgen --jobs 1 / Typst",
            "briefgen-2": "--jobs 2 / --jobs 1",
        }
        for tool, label in rounds.items():
            pairs = zip(figures["briefgen-1"], figures[tool], strict=True)
            values = [
                (theirs["seconds"] / ours["seconds"]) if tool != "briefgen-2" else ours["seconds"] / theirs["seconds"]
                for ours, theirs in pairs
            ]
            lines.append(f"| *{label}, each round* | | | | | {' '.join(f'{v:.2f}' for v in values)} |")
        lines.append("")

    lines += _fits(classes, pages, sizes)
    if len(sizes) > 2:
        lines += _fits(classes, pages, sizes[:2])
    lines += _languages(results.get("languages", {}))
    lines += ["", *_other_figures(results)]
    return "\n".join(lines) + "\n"


LANGUAGE_NAMES = {"ru": "Russian", "ko": "Korean"}


def _languages(languages: dict[str, Any]) -> list[str]:
    """Return the table of 2-page briefs in other languages: briefgen --jobs 1 against Typst, best rounds."""
    if not languages:
        return []
    lines = [
        "",
        "**2 pages in other languages** (the language examples' sentences reshuffled; every Korean "
        "paragraph is a shaped one, a Russian one with a Korean name in it is ReportLab's, the name drawn by "
        "CID): briefgen --jobs 1 against Typst, each warmed up on its language's example.",
        "",
        "| Language | Specs | Pages (mean) | briefgen ms/brief | Typst ms/brief | briefgen / Typst, throughput "
        "| *each round* |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for lang, figures in languages.items():
        ours, theirs = best(figures["briefgen-1"]), best(figures["typst"])
        pairs = zip(figures["briefgen-1"], figures["typst"], strict=True)
        rounds = " ".join(f"{t['seconds'] / o['seconds']:.2f}" for o, t in pairs)
        lines.append(
            f"| {LANGUAGE_NAMES.get(lang, lang)} | {figures['briefgen-1'][0]['count']} "
            f"| {_mean(figures['briefgen-1-pages']):.1f} | {ours * 1000:.1f} | {theirs * 1000:.1f} "
            f"| {theirs / ours:.2f} ({_met(theirs / ours, '>= 1.0')}) | {rounds} |"
        )
    return lines


def _fits(classes: dict[str, Any], pages: dict[str, float], sizes: list[str]) -> list[str]:
    """Return a table of each tool's fixed cost per brief and cost per page, fitted over ``sizes``."""
    over = " and ".join(SIZE_NAMES[size] for size in sizes)
    lines = [
        f"Each tool's time per brief fitted as *fixed + per page x pages* over {over} (least squares; "
        "the pages are briefgen's mean for each class, so every tool is charged for the same content):",
        "",
        "| Tool | Fixed cost per brief | Cost per page | Fixed, CPU | Per page, CPU |",
        "|---|---:|---:|---:|---:|",
    ]
    for tool, label in LABELS.items():
        fixed, per_page = fit([(pages[size], best(classes[size][tool])) for size in sizes])
        cpu_fixed, cpu_page = fit([(pages[size], best(classes[size][tool], "cpu")) for size in sizes])
        lines.append(
            f"| {label} | {fixed * 1000:.1f} ms | {per_page * 1000:.2f} ms | {cpu_fixed * 1000:.1f} ms "
            f"| {cpu_page * 1000:.2f} ms |"
        )
    return [*lines, ""]


def _mean(values: list[int]) -> float:
    return sum(values) / len(values) if values else 0.0


def _other_figures(results: dict[str, Any]) -> list[str]:
    low, high = results["cold_load"]
    lines = [
        "| Figure | Value |",
        "|---|---:|",
        f"| *Whole processes, best of several, the tools alternating (load {low:.2f}-{high:.2f})* | |",
        f"| Floor, cold single build of the seed | {results['floor_cold'] * 1000:.0f} ms |",
        f"| briefgen, cold single build of the seed | {results['briefgen_cold'] * 1000:.0f} ms |",
        f"| Typst peer (Python, typst binding), cold build of the seed | {results['typst_cold'] * 1000:.0f} ms |",
        f"| briefgen --help | {results['help'] * 1000:.0f} ms |",
        "| *In a running process, best of 3 processes of 20 rebuilds* | |",
        f"| Floor, warm loop, seed brief | {results['floor_warm'] * 1000:.1f} ms/brief |",
        f"| briefgen, warm rebuild (`briefgen.build`), seed brief | {results['briefgen_warm'] * 1000:.1f} ms/brief |",
    ]
    if "typst_fresh" in results:
        lines.append(f"| Typst, typst.compile afresh, small specs | {results['typst_fresh']:.1f} briefs/s |")
    if "noop" in results:
        lines.append("| *One run each: 20 and 2,000 specs, every tenth long* | |")
        for count in (20, 2000):
            for jobs in (1, 2):
                figures = results[f"batch_{count}_{jobs}"]
                lines.append(
                    f"| briefgen build, {count} specs, --jobs {jobs} | {figures['rate']:.1f} briefs/s "
                    f"({figures['seconds']:.1f} s; peak RSS parent {figures['parent_kib'] / 1024:.0f} MiB, "
                    f"worker {figures['worker_kib'] / 1024:.0f} MiB; load {figures['load']:.2f}) |"
                )
        lines.append(f"| briefgen build, no-op, 2000 up-to-date specs | {results['noop'] * 1000:.0f} ms |")
        for label, parent in (("--jobs 1, the one process", "batch_{}_1"), ("--jobs 2, parent", "batch_{}_2")):
            ratio = results[parent.format(2000)]["parent_kib"] / results[parent.format(20)]["parent_kib"]
            lines.append(f"| Peak memory, 2000 vs 20 specs, {label} (<= 1.2) | {ratio:.2f} |")
        worker = results["batch_2000_2"]["worker_kib"] / max(results["batch_20_2"]["worker_kib"], 1)
        lines.append(f"| Peak memory, 2000 vs 20 specs, --jobs 2, worker (<= 1.2) | {worker:.2f} |")
    low, high = results["load_range"]
    lines += ["", f"Load average (1 min) over the whole run: {low:.2f} to {high:.2f}."]
    return lines
