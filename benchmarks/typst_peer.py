"""The peer: Typst, through its PyPI binding, compiling an equivalent brief template.

Input: spec files. Output: PDFs. The template (``brief.typ`` beside this
file) lays out the same content in the same Noto fonts; each spec's content
goes in as JSON through ``sys.inputs``. As the binding's documentation
recommends for many documents, one ``typst.Compiler`` is made once and reused,
so fonts and the parsed template are cached between documents; ``fresh``
measures ``typst.compile`` afresh each time instead.

    python benchmarks/typst_peer.py SPEC_OR_DIR OUT_DIR   # compile the spec(s) into OUT_DIR
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "brief.typ"
FONTS = HERE.parent / "assets" / "fonts"
LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _inputs(spec_path: Path) -> dict[str, str]:
    with spec_path.open("rb") as stream:
        spec = yaml.load(stream, Loader=LOADER)  # the C *safe* loader
    return {"brief": json.dumps(spec, default=str)}


class Peer:
    """A reused Typst compiler for the brief template."""

    def __init__(self) -> None:
        import typst

        self.compiler = typst.Compiler(TEMPLATE, font_paths=[str(FONTS)], ignore_system_fonts=True)

    def build(self, spec_path: Path, pdf_path: Path) -> None:
        """Compile one spec into one PDF with the reused compiler."""
        pdf_path.write_bytes(self.compiler.compile(sys_inputs=_inputs(spec_path), timestamp=0))


def build_fresh(spec_path: Path, pdf_path: Path) -> None:
    """Compile one spec with a new compiler (``typst.compile``), as a one-off script would."""
    import typst

    data = typst.compile(TEMPLATE, font_paths=[str(FONTS)], ignore_system_fonts=True, sys_inputs=_inputs(spec_path))
    pdf_path.write_bytes(data)


def main(arguments: list[str]) -> None:
    """Compile the spec file, or every spec in the folder, into OUT_DIR with one reused compiler."""
    source, out = map(Path, arguments)
    specs = sorted(source.glob("*.yaml")) if source.is_dir() else [source]
    out.mkdir(parents=True, exist_ok=True)
    peer = Peer()
    for spec in specs:
        peer.build(spec, out / (spec.stem + ".pdf"))


if __name__ == "__main__":
    main(sys.argv[1:])
