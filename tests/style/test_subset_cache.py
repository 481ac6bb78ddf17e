"""Font subsets kept between documents: the same bytes as made afresh, bounded, and really reused."""

from __future__ import annotations

import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from reportlab.pdfbase.pdfdoc import PDFDocument, PDFZCompress

from briefgen import build, reportlab_compat
from briefgen.pdf import font_subsets
from briefgen.style.subset_cache import Flated, KeptSubsets, flate
from briefgen.style.truetype import EmbeddedFont
from conftest import REPO, SEED_SPEC

KOREAN_SPEC = REPO / "specs" / "languages" / "ko-bukreo-joyak.yaml"
OTHER_SPEC = REPO / "specs" / "sweden-nato-accession.yaml"


def test_the_least_recently_used_goes_first_past_the_entries_or_the_bytes() -> None:
    kept: KeptSubsets[bytes] = KeptSubsets(entries=2, size=10)
    for key in ("a", "b", "a", "c"):
        kept.get(key, lambda key=key: key.encode() * 3, len)
    assert list(kept.kept) == ["a", "c"]  # "b" was used least recently
    kept.get("d", lambda: b"12345678", len)
    assert list(kept.kept) == ["d"]
    assert kept.held == 8
    assert kept.get("e", lambda: b"x" * 11, len) == b"x" * 11  # heavier than the whole store: made, not kept
    assert list(kept.kept) == ["d"]


def test_kept_bytes_are_the_content_flated_no_larger_than_zlib_makes_them() -> None:
    program = (REPO / "assets" / "fonts" / "NotoSans-Regular.ttf").read_bytes()[:50_000]
    kept = Flated.of(program)
    assert kept.compressed == flate(program)
    assert zlib.decompress(kept.compressed) == program  # a zlib stream, as /FlateDecode wants
    assert len(kept.compressed) <= len(zlib.compress(program, 6))
    assert zlib.decompress(flate("page operators")) == b"page operators"  # a str as UTF-8, as ReportLab does


def test_a_brief_built_again_in_one_process_reuses_its_subsets_and_is_the_same_bytes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = {spec: build(spec) for spec in (SEED_SPEC, KOREAN_SPEC, OTHER_SPEC)}
    made: list[str] = []
    program, shaped = reportlab_compat.subset_program, font_subsets.subset_font
    monkeypatch.setattr(reportlab_compat, "subset_program", lambda *args: made.append("truetype") or program(*args))
    monkeypatch.setattr(font_subsets, "subset_font", lambda *args: made.append("shaped") or shaped(*args))
    again = {spec: build(spec) for spec in (SEED_SPEC, KOREAN_SPEC)}
    assert made == []
    assert again == {spec: first[spec] for spec in again}


@pytest.mark.parametrize("spec", [SEED_SPEC, KOREAN_SPEC])
def test_a_brief_built_after_others_is_the_brief_built_alone(spec: Path, tmp_path: Path) -> None:
    for other in (OTHER_SPEC, KOREAN_SPEC, SEED_SPEC):
        build(other)
    alone = tmp_path / "alone.pdf"
    code = f"import briefgen, pathlib; briefgen.build(pathlib.Path({str(spec)!r}), pathlib.Path({str(alone)!r}))"
    subprocess.run([sys.executable, "-c", code], check=True)
    assert build(spec) == alone.read_bytes()


@pytest.mark.parametrize("compression", [True, False])
def test_a_subset_is_embedded_as_reportlab_embeds_it(compression: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(PDFZCompress, "encode", flate)  # ReportLab's streams compressed as briefgen's are
    font = EmbeddedFont("Probe", str(REPO / "assets" / "fonts" / "NotoSerif-Italic.ttf"))
    points, base = [0, *map(ord, "Brief, ‘quoted’ – 2024"), 32], "ABCDEF+NotoSerif-Italic"
    for _ in range(2):  # made, then kept
        ours, theirs = PDFDocument(compression=compression), PDFDocument(compression=compression)
        reference = font.embed_subset(ours, base, points)
        assert reference.name == font.face.addSubsetObjects(theirs, base, points).name
        for name in (f"fontDescriptor:{base}", f"fontFile:{font.face.filename}({base})"):
            assert ours.idToObject[name].format(ours) == theirs.idToObject[name].format(theirs)
