"""Batches of numbered copies: a PDF per copy of each spec, each up to date on its own, the same bytes however built."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest

from briefgen.batch.build import build_many
from briefgen.batch.copies import copy_marks
from briefgen.batch.report import BatchReport

MARKS = copy_marks(["J. Smith", "A. Jones", "K. Lee"])


@pytest.fixture
def specs(tmp_path: Path, write_spec: Callable[..., Path]) -> Path:
    write_spec(name="specs/one.yaml", title="Brief One")
    write_spec(name="specs/two.yaml", title="Brief Two")
    return tmp_path / "specs"


def _outcomes(report: BatchReport) -> dict[str, str]:
    return {outcome.output.name: outcome.status for outcome in report.outcomes}


def _footer_mark(pdf: Path) -> str:
    return (pypdf.PdfReader(pdf).pages[0].extract_text() or "").splitlines()[-1]


def test_each_spec_is_built_once_per_copy_beside_where_its_pdf_goes(specs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"

    report = build_many([specs], out, jobs=1, copies=MARKS)

    assert report.total == 6
    assert _outcomes(report) == {f"{spec}.copy-{n}.pdf": "built" for spec in ("one", "two") for n in (1, 2, 3)}
    assert not (out / "one.pdf").exists()
    assert _footer_mark(out / "two.copy-2.pdf") == "Copy 2 of 3 – A. Jones"


def test_each_copy_is_up_to_date_on_its_own_and_never_the_plain_pdf(specs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_many([specs], out, jobs=1)
    build_many([specs], out, jobs=1, copies=MARKS)

    assert set(_outcomes(build_many([specs], out, jobs=1, copies=MARKS)).values()) == {"skipped"}
    assert set(_outcomes(build_many([specs], out, jobs=1)).values()) == {"skipped"}
    # Another list is other copies: the third recipient's copy is rebuilt, for its new name.
    renamed = copy_marks(["J. Smith", "A. Jones", "K. Li"])
    assert _outcomes(build_many([specs], out, jobs=1, copies=renamed)) == {
        "one.copy-1.pdf": "skipped",
        "one.copy-2.pdf": "skipped",
        "one.copy-3.pdf": "built",
        "two.copy-1.pdf": "skipped",
        "two.copy-2.pdf": "skipped",
        "two.copy-3.pdf": "built",
    }
    assert _footer_mark(out / "one.copy-3.pdf") == "Copy 3 of 3 – K. Li"


def test_copies_built_by_workers_are_the_bytes_built_here(specs: Path, tmp_path: Path) -> None:
    here, workers = tmp_path / "here", tmp_path / "workers"
    build_many([specs], here, jobs=1, copies=MARKS)
    build_many([specs], workers, jobs=2, copies=MARKS)

    for pdf in sorted(here.glob("*.pdf")):
        assert (workers / pdf.name).read_bytes() == pdf.read_bytes(), pdf.name
        copy = int(pdf.stem.rsplit("-", 1)[1])
        assert _footer_mark(workers / pdf.name) == MARKS[copy - 1].text


def test_the_copies_of_one_spec_are_built_by_workers(specs: Path, tmp_path: Path) -> None:
    # One spec, three copies: three briefs, so both workers asked for build them (not this process alone).
    (specs / "two.yaml").unlink()
    report = build_many([specs], tmp_path / "out", jobs=2, copies=MARKS)
    assert report.counts["built"] == 3
    assert report.workers == 2


def test_a_broken_spec_fails_once_per_copy(specs: Path, tmp_path: Path) -> None:
    (specs / "broken.yaml").write_text("title: Only a title\n")

    report = build_many([specs], tmp_path / "out", jobs=1, copies=MARKS[:2])

    assert _outcomes(report) == {
        "broken.copy-1.pdf": "failed",
        "broken.copy-2.pdf": "failed",
        "one.copy-1.pdf": "built",
        "one.copy-2.pdf": "built",
        "two.copy-1.pdf": "built",
        "two.copy-2.pdf": "built",
    }


def test_a_name_too_long_for_its_mark_fails_that_copy_alone_at_its_line(
    tmp_path: Path, write_spec: Callable[..., Path]
) -> None:
    from briefgen.batch.copies import marks_for

    spec = write_spec(name="specs/one.yaml", title="Brief One", classification="OFFICIAL-SENSITIVE")
    names = tmp_path / "names.txt"
    long_name = "The Permanent Representative of the Federal Republic of Germany to the United Nations"[:80]
    names.write_text(f"J. Smith\n\n  {long_name}\nK. Lee\n", encoding="utf-8")
    out = tmp_path / "out"

    report = build_many([spec], out, jobs=1, copies=marks_for(names))

    assert _outcomes(report) == {"one.copy-1.pdf": "built", "one.copy-2.pdf": "failed", "one.copy-3.pdf": "built"}
    failed = next(outcome for outcome in report.outcomes if outcome.status == "failed")
    assert failed.error.startswith(f"{names}:3:3: copy 2 of 3: the name 'The Permanent Representative")
    assert sorted(path.name for path in out.glob("*.pdf*")) == ["one.copy-1.pdf", "one.copy-3.pdf"]  # none half-written
    assert _footer_mark(out / "one.copy-3.pdf").startswith("Copy 3 of 3 – K. Lee")
