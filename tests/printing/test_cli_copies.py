"""Numbered copies as a user makes them: `build`, `pack` and `print` with --copies-for FILE or --numbered N.

`print` is run against a real cupsd (helpers_cups): each copy must reach the
printer as its own job of one copy, holding the bytes `build` makes.
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
import yaml
from click.testing import CliRunner

from briefgen.cli import main
from conftest import minimal_spec
from helpers_cups import CupsServer


@pytest.fixture
def office(cups_server: CupsServer) -> CupsServer:
    cups_server.add_printer("office", media=("A4", "Letter"), default=True)
    return cups_server


def _spec(folder: Path, name: str, title: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(yaml.safe_dump(minimal_spec(title=title), sort_keys=False), encoding="utf-8")
    return path


def _recipients(tmp_path: Path, *names: str) -> Path:
    path = tmp_path / "recipients.txt"
    path.write_text("".join(f"{name}\n" for name in names), encoding="utf-8")
    return path


def _mark(pdf: Path | bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)
    return (reader.pages[0].extract_text() or "").splitlines()[-1]


def test_print_sends_each_copy_as_its_own_job_copy_by_copy(office: CupsServer, tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    alpha, beta = _spec(specs, "alpha.yaml", "Alpha Brief"), _spec(specs, "beta.yaml", "Beta Brief")
    recipients = _recipients(tmp_path, "J. Smith", "A. Jones")
    out = tmp_path / "out"

    result = CliRunner().invoke(main, ["print", str(alpha), str(beta), "-o", str(out), "--copies-for", str(recipients)])

    assert result.exit_code == 0, result.output
    jobs = office.wait_for_jobs("office", 4)
    # Each recipient's papers together: the first copy of both briefs, then the second.
    assert [(job.title, job.copies) for job in jobs] == [
        ("Alpha Brief (Copy 1 of 2 – J. Smith)", 1),
        ("Beta Brief (Copy 1 of 2 – J. Smith)", 1),
        ("Alpha Brief (Copy 2 of 2 – A. Jones)", 1),
        ("Beta Brief (Copy 2 of 2 – A. Jones)", 1),
    ]
    files = ["alpha.copy-1.pdf", "beta.copy-1.pdf", "alpha.copy-2.pdf", "beta.copy-2.pdf"]
    assert [job.data for job in jobs] == [(out / name).read_bytes() for name in files]
    assert [_mark(job.data) for job in jobs] == ["Copy 1 of 2 – J. Smith"] * 2 + ["Copy 2 of 2 – A. Jones"] * 2
    assert "copies=1 " in result.stdout.splitlines()[-1]
    assert not (out / "alpha.pdf").exists()  # only the copies are made


def test_printing_again_sends_only_the_copies_not_yet_sent(office: CupsServer, tmp_path: Path) -> None:
    spec = _spec(tmp_path / "specs", "alpha.yaml", "Alpha Brief")
    out = tmp_path / "out"
    CliRunner().invoke(main, ["print", str(spec), "-o", str(out), "--numbered", "2"])
    office.wait_for_jobs("office", 2)

    again = CliRunner().invoke(main, ["print", str(spec), "-o", str(out), "--numbered", "3"])

    assert again.exit_code == 0, again.output
    # Copies 1 and 2 of 3 are not copies 1 and 2 of 2 (their marks differ): three new jobs.
    jobs = office.wait_for_jobs("office", 5)
    assert [_mark(job.data) for job in jobs[2:]] == ["Copy 1 of 3", "Copy 2 of 3", "Copy 3 of 3"]
    repeat = CliRunner().invoke(main, ["print", str(spec), "-o", str(out), "--numbered", "3"])
    assert [line.split(" to ")[0] for line in repeat.stdout.splitlines()] == [
        f"already sent {out}/alpha.copy-{n}.pdf" for n in (1, 2, 3)
    ]


def test_print_refuses_identical_copies_of_numbered_ones_and_finished_pdfs(office: CupsServer, tmp_path: Path) -> None:
    spec = _spec(tmp_path / "specs", "alpha.yaml", "Alpha Brief")
    out = tmp_path / "out"
    CliRunner().invoke(main, ["build", str(spec), "-o", str(out)])

    doubled = CliRunner().invoke(main, ["print", str(spec), "-o", str(out), "--numbered", "2", "--copies", "2"])
    finished = CliRunner().invoke(main, ["print", str(out / "alpha.pdf"), "-o", str(out), "--numbered", "2"])

    assert doubled.exit_code == 2
    assert "error: --copies 2 would print each numbered copy 2 times" in doubled.stderr
    assert finished.exit_code == 1
    assert finished.stderr == (
        f"error: {out}/alpha.pdf is a finished PDF, and numbered copies are marked as they are built: "
        "name its spec or pack instead\n"
    )
    assert office.jobs("office") == []


def test_build_makes_each_copy_and_keeps_them_up_to_date(tmp_path: Path) -> None:
    spec = _spec(tmp_path / "specs", "alpha.yaml", "Alpha Brief")
    recipients = _recipients(tmp_path, "J. Smith", "A. Jones")
    out = tmp_path / "out"

    first = CliRunner().invoke(main, ["build", str(spec), "-o", str(out), "--copies-for", str(recipients), "-j", "1"])
    again = CliRunner().invoke(main, ["build", str(spec), "-o", str(out), "--copies-for", str(recipients), "-j", "1"])

    assert first.exit_code == 0, first.output
    assert [line.split(" (")[0] for line in first.stdout.splitlines()] == [
        f"built {out}/alpha.copy-1.pdf",
        f"built {out}/alpha.copy-2.pdf",
    ]
    assert _mark(out / "alpha.copy-2.pdf") == "Copy 2 of 2 – A. Jones"
    assert again.stderr.splitlines()[-1].startswith("0 built, 2 up to date, 0 failed")


def test_build_says_what_is_wrong_with_the_options(tmp_path: Path) -> None:
    spec = _spec(tmp_path / "specs", "alpha.yaml", "Alpha Brief")
    recipients = _recipients(tmp_path, "J. Smith", "  j.  smith ")

    both = CliRunner().invoke(main, ["build", str(spec), "--copies-for", str(recipients), "--numbered", "2"])
    one_file = CliRunner().invoke(main, ["build", str(spec), "-o", str(tmp_path / "a.pdf"), "--numbered", "2"])
    twice = CliRunner().invoke(main, ["build", str(spec), "-o", str(tmp_path / "out"), "--copies-for", str(recipients)])

    assert both.exit_code == 2
    assert "error: --copies-for names each copy, --numbered only counts them: choose one" in both.stderr
    assert one_file.exit_code == 2
    assert f"error: numbered copies are a file each, not one -o {tmp_path / 'a.pdf'}: give -o FOLDER" in (
        one_file.stderr
    )
    assert twice.exit_code == 1
    assert twice.stderr == (
        f"error: {recipients}:2:3: 'j. smith' is already on line 1: two copies for one name cannot be told apart; "
        "add an initial or a role\n"
    )
    assert not (tmp_path / "out").exists()


def test_pack_makes_a_pack_per_copy(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    sources = [str(_spec(specs, f"{name}.yaml", f"{name.title()} Brief")) for name in ("alpha", "beta")]
    output = tmp_path / "council.pdf"

    result = CliRunner().invoke(main, ["pack", *sources, "--title", "Council", "-o", str(output), "--numbered", "2"])

    assert result.exit_code == 0, result.output
    assert [line.split(" (")[0] for line in result.stdout.splitlines()] == [
        f"built {tmp_path}/council.copy-1.pdf",
        f"built {tmp_path}/council.copy-2.pdf",
    ]
    for number in (1, 2):
        pages = pypdf.PdfReader(tmp_path / f"council.copy-{number}.pdf").pages
        assert all(f"Copy {number} of 2" in (page.extract_text() or "") for page in pages)
