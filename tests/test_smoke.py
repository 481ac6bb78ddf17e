from pathlib import Path

from briefgen import build
from conftest import SEED_SPEC, pdf_text


def test_seed_spec_builds_a_pdf_with_its_title(tmp_path: Path) -> None:
    result = build(SEED_SPEC, tmp_path / "seed.pdf")
    assert result.pages >= 1
    assert "Russia and North Korea Sign Mutual Defense Treaty" in pdf_text(result.output)
