"""No-break spaces hold their words together in ReportLab's paragraphs, the narrow one from the locale's dates too."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pypdf
import yaml

from briefgen import build
from conftest import minimal_spec


def test_a_russian_date_never_ends_a_line_between_the_year_and_its_abbreviation(tmp_path: Path) -> None:
    # Russian dates come from the locale's data as "19 июня 2024\u202fг.": a narrow no-break space, which
    # ReportLab breaks at and cleans into a plain space. Titles of every length put the date at every place
    # on its line, so some would end a line after "2024".
    title = "Договор о всеобъемлющем стратегическом партнёрстве между Российской Федерацией и Корейской "
    references = [
        {"title": title + "о" * extra, "publisher": "Президент России", "date": "2024-06-19"} for extra in range(60)
    ]
    spec = tmp_path / "brief.yaml"
    spec.write_text(yaml.safe_dump(minimal_spec(lang="ru", references=references), allow_unicode=True), "utf-8")
    pdf = build(spec, tmp_path / "brief.pdf").output

    lines = "\n".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages).split("\n")
    dates = [line for line in lines if "2024 г." in line]
    wrapped = [(line, after) for line, after in pairwise(lines) if line.rstrip().endswith("2024")]
    assert wrapped == []
    assert len(dates) == 60
    # Some dates did reach the line's end: the title's lengths did put them there.
    assert any(line.rstrip().endswith("2024 г.") for line in dates)
