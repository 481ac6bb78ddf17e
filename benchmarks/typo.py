"""Compare briefgen's line breaking with Typst's on identical content, and write the table into TYPOGRAPHY.md.

    python benchmarks/typo.py              # `make typo`: build, measure, rewrite TYPOGRAPHY.md's table
    python benchmarks/typo.py --print      # measure and print the table only

Input: the example specs, and real texts nothing was tuned on, made into specs
here (``ARTICLES``: texts found on this machine, since the build has no
network; their sources are in TYPOGRAPHY.md). Output: each text as a briefgen
PDF (default theme) and a Typst PDF (``typo.typ``) with the theme's page,
margins, fonts, body size, line pitch and paragraph spacing passed in, both
measured with typo-metrics (``--metrics``, by default ../shared/tools/typo-metrics),
summed per group, and written between the markers in TYPOGRAPHY.md.
"""

from __future__ import annotations

import argparse
import importlib.machinery
import importlib.util
import json
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
FONTS = REPO / "assets" / "fonts"
MARK_BEGIN, MARK_END = "<!-- typo-table:begin -->", "<!-- typo-table:end -->"

# Texts nothing was tuned on: (name, group, language, path). Licences and public-domain dedications
# in English, and Russian quotations, because they are what this offline machine holds.
ARTICLES = [
    ("cc0", "en-articles", "en", "/usr/share/common-licenses/CC0-1.0"),
    ("mpl-2", "en-articles", "en", "/usr/share/common-licenses/MPL-2.0"),
    ("apache-2", "en-articles", "en", "/usr/share/common-licenses/Apache-2.0"),
    ("gfdl-1.3", "en-articles", "en", "/usr/share/common-licenses/GFDL-1.3"),
    ("ru-quotes", "ru", "ru", "/usr/share/games/fortunes/ru/war.u8 /usr/share/games/fortunes/ru/truth.u8"),
]


def paragraphs_of(path: str, lang: str) -> list[str]:
    """Return a text file's paragraphs as running prose (quotations grouped five to a paragraph)."""
    text = "\n".join(Path(p).read_text(encoding="utf-8", errors="replace") for p in path.split())
    if lang == "ru":
        quotes = [" ".join(q.split("--")[0].split()) for q in text.split("%")]
        quotes = [q for q in quotes if len(q) > 40]
        return [" ".join(quotes[i : i + 5]) for i in range(0, len(quotes), 5)]
    blocks = [" ".join(block.split()) for block in re.split(r"\n\s*\n", text)]
    # Running prose only: drop headings, numbered list markers and short lines.
    return [re.sub(r"^(\d+(\.\d+)*\.?|\([a-z]\))\s+", "", b) for b in blocks if len(b) > 200]


def article_spec(name: str, lang: str, path: str) -> dict[str, Any]:
    paragraphs = paragraphs_of(path, lang)
    sections = [
        {"heading": f"Part {n + 1}", "body": "\n\n".join(paragraphs[i : i + 4])}
        for n, i in enumerate(range(1, len(paragraphs), 4))
    ]
    title = "Квартальный обзор" if lang == "ru" else f"A reading of {name}"
    return {"title": title, "key_points": ["A point."], "summary": paragraphs[0], "lang": lang, "sections": sections}


def typst_brief(spec: dict[str, Any]) -> dict[str, Any]:
    """Return the spec's running text for typo.typ: each section's paragraphs and lists, from body and blocks."""
    sections = []
    for section in spec["sections"]:
        texts = [p.strip() for p in section.get("body", "").split("\n\n") if p.strip()]
        for block in section.get("blocks", []):
            kind = block.get("type")
            if kind in ("paragraph", "quote"):
                texts.append(block["text"])
            elif kind == "bullets":
                texts.append("\n".join(f"- {item}" for item in block["items"]))
            elif kind == "callout":
                texts += [p.strip() for p in block["body"].split("\n\n") if p.strip()]
        paragraphs = [t if t.startswith("- ") else " ".join(t.lstrip("> ").split()) for t in texts]
        sections.append({"heading": section["heading"], "paragraphs": paragraphs})
    from briefgen.text.labels import labels_for

    # The references heading as briefgen words it, so that both set it in the same script and font.
    references = labels_for(spec.get("lang", "en"))("references")
    return {
        **{k: v for k, v in spec.items() if k != "sections"},
        "sections": sections,
        "references_heading": references,
    }


SCRIPT_FONTS = {
    "ko": ["Noto Sans CJK KR"],
    "zh": ["Noto Sans CJK SC"],
    "ja": ["Noto Sans CJK JP"],
    "ar": ["Noto Naskh Arabic"],
    "he": ["Noto Serif Hebrew"],
}


def setup_for(lang: str) -> dict[str, Any]:
    sys.path.insert(0, str(REPO / "src"))
    from briefgen.load.theme_file import default_theme

    theme = default_theme()
    body = next(style for style in theme.styles if style.name == "body")
    heading = next(style for style in theme.styles if style.name == "heading")
    return {
        "page": list(theme.page),
        "margins": {
            "left": theme.margin_left,
            "right": theme.margin_right,
            "top": theme.margin_top,
            "bottom": theme.margin_bottom,
        },
        "size": body.size,
        "pitch": body.leading,
        "space_after": body.space_after,
        "heading_size": heading.size,
        "lang": lang.split("-")[0].lower(),  # Typst takes the language subtag alone
        # The fonts briefgen falls back to for the language's script, so that Typst sets it in the same faces.
        "script_fonts": SCRIPT_FONTS.get(lang.split("-")[0].lower(), []),
    }


def build_all(out: Path) -> list[tuple[str, str, Path, Path]]:
    """Build every text with both tools; return (name, group, briefgen PDF, Typst PDF)."""
    import typst

    sys.path.insert(0, str(REPO / "src"))
    from briefgen import build

    specs: list[tuple[str, str, str, dict[str, Any]]] = []
    for path in sorted((REPO / "specs").glob("*.yaml")):
        specs.append((path.stem, "examples", "en", yaml.safe_load(path.read_text(encoding="utf-8"))))
    # The examples in other languages, each its own group: Typst takes the same Noto fonts for their scripts.
    for path in sorted((REPO / "specs" / "languages").glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        specs.append((path.stem, f"{spec['lang']} example", spec["lang"], spec))
    for name, group, lang, source in ARTICLES:
        if all(Path(p).exists() for p in source.split()):
            specs.append((name, group, lang, article_spec(name, lang, source)))
    built = []
    for name, group, lang, spec in specs:
        spec_path = out / f"{name}.yaml"
        if group == "examples":
            spec_path = REPO / "specs" / f"{name}.yaml"
        elif group.endswith(" example"):
            spec_path = REPO / "specs" / "languages" / f"{name}.yaml"
        else:
            spec_path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
        ours = build(spec_path, out / f"{name}.briefgen.pdf").output
        inputs = {"setup": json.dumps(setup_for(lang)), "brief": json.dumps(typst_brief(spec), default=str)}
        peer = out / f"{name}.typst.pdf"
        peer.write_bytes(
            typst.compile(HERE / "typo.typ", font_paths=[str(FONTS)], ignore_system_fonts=True, sys_inputs=inputs)
        )
        built.append((name, group, ours, peer))
    return built


def measure(pdf: Path, metrics: Path) -> dict[str, Any]:
    """Return typo-metrics' figures for one PDF, with the gaps of its justified lines for a pooled p95."""
    loader = importlib.machinery.SourceFileLoader("typo_metrics", str(metrics))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader("typo_metrics", loader))
    loader.exec_module(module)
    measured: dict[str, Any] = module.analyse(str(pdf))
    measured["gaps"] = [gap for line in measured.pop("_lines", []) if not line.get("para_end") for gap in line["gaps"]]
    return measured


def summed(rows: list[dict[str, Any]]) -> dict[str, Any]:
    total = {
        key: sum(r[key] for r in rows)
        for key in ("lines", "justified_lines", "hyphens", "stubs", "compound_breaks", "ladders_3plus")
    }
    total.update(
        hyphen_tails=sum(r["stub_last_lines"] for r in rows),
        runts=sum(r["runt_last_lines"] for r in rows),
        loose=sum(r["loose_lines"] for r in rows),
        p95=_percentile(sorted(gap for r in rows for gap in r.get("gaps", [])), 95),
        chars=sum((r["chars_per_line"] or 0) * r["justified_lines"] for r in rows) / max(total["justified_lines"], 1),
        pitch=rows[0]["line_pitch_pt"],
    )
    return total


def _percentile(values: list[float], q: float) -> float:
    """Linear-interpolation percentile of sorted values, as typo-metrics computes it."""
    if not values:
        return 0.0
    position = (len(values) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)


def table(built: list[tuple[str, str, Path, Path]], metrics: Path) -> str:
    groups: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for _name, group, ours, peer in built:
        entry = groups.setdefault(group, {"briefgen": [], "Typst": []})
        entry["briefgen"].append(measure(ours, metrics))
        entry["Typst"].append(measure(peer, metrics))
    head = (
        "| texts | tool | lines | chars/line | hyphens (per 100 lines) | stubs | compound | ladders 3+ "
        "| hyphen-tail last lines | runts | loose lines (share) | gap p95 em | line pitch |\n"
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    )
    rows = []
    for group, tools in groups.items():
        for tool, measured in tools.items():
            s = summed(measured)
            per100 = 100 * s["hyphens"] / max(s["lines"], 1)
            share = s["loose"] / max(s["justified_lines"], 1)
            rows.append(
                f"| {group} ({len(measured)}) | {tool} | {s['lines']} | {s['chars']:.0f} "
                f"| {s['hyphens']} ({per100:.1f}) "
                f"| {s['stubs']} | {s['compound_breaks']} | {s['ladders_3plus']} | {s['hyphen_tails']} | {s['runts']} "
                f"| {s['loose']} ({share:.1%}) | {s['p95']:.3f} | {s['pitch']} |"
            )
    return head + "\n".join(rows) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--print", action="store_true", help="print the table; do not rewrite TYPOGRAPHY.md")
    parser.add_argument("--metrics", type=Path, default=REPO.parent / "shared" / "tools" / "typo-metrics")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "briefgen-typo")
    options = parser.parse_args()
    if not options.metrics.exists():
        options.metrics = Path("/work/shared/tools/typo-metrics")
    options.out.mkdir(parents=True, exist_ok=True)
    text = table(build_all(options.out), options.metrics)
    if options.print:
        print(text)
        return
    doc = REPO / "TYPOGRAPHY.md"
    current = doc.read_text(encoding="utf-8")
    start, end = current.index(MARK_BEGIN) + len(MARK_BEGIN), current.index(MARK_END)
    doc.write_text(current[:start] + "\n" + text + current[end:], encoding="utf-8")
    print(f"wrote the table into {doc} (PDFs in {options.out})")


if __name__ == "__main__":
    main()
