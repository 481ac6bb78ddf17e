"""`briefgen print` and `briefgen pack --booklet/--n-up` as a user runs them, against a real cupsd."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
import yaml
from click.testing import CliRunner

from briefgen.cli import main
from conftest import REPO, minimal_spec
from helpers_cups import CupsServer, free_port
from helpers_printing import region_texts, write_pdf


@pytest.fixture
def office(cups_server: CupsServer) -> CupsServer:
    cups_server.add_printer("office", media=("A4", "Letter"), default=True)
    return cups_server


def _spec(folder: Path, name: str, title: str, **overrides: object) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(yaml.safe_dump(minimal_spec(title=title, **overrides), sort_keys=False), encoding="utf-8")
    return path


def test_print_builds_the_spec_and_sends_the_pdf_it_built(office: CupsServer, tmp_path: Path) -> None:
    spec = _spec(tmp_path / "specs", "alpha.yaml", "Alpha Brief")
    out = tmp_path / "out"

    result = CliRunner().invoke(main, ["print", str(spec), "-o", str(out), "--copies", "2"])

    assert result.exit_code == 0, result.output
    (job,) = office.wait_for_jobs("office", 1)
    assert result.stdout.splitlines() == [
        f"built {out}/alpha.pdf (1 page)",
        f"sent {out}/alpha.pdf to office as job office-{job.job_id} "
        "(collate=true copies=2 media=A4 sides=two-sided-long-edge)",
    ]
    assert job.data == (out / "alpha.pdf").read_bytes()
    assert (job.title, job.copies) == ("Alpha Brief", 2)


def test_print_again_sends_nothing_new(office: CupsServer, tmp_path: Path) -> None:
    spec = _spec(tmp_path / "specs", "alpha.yaml", "Alpha Brief")
    out = tmp_path / "out"
    CliRunner().invoke(main, ["print", str(spec), "-o", str(out)])

    again = CliRunner().invoke(main, ["print", str(spec), "-o", str(out)])

    (job,) = office.wait_for_jobs("office", 1)
    assert again.exit_code == 0
    assert again.stdout == (
        f"already sent {out}/alpha.pdf to office as job office-{job.job_id} (--reprint sends it again)\n"
    )


def test_a_dry_run_says_what_it_would_send(office: CupsServer, tmp_path: Path) -> None:
    spec = _spec(tmp_path / "specs", "alpha.yaml", "Alpha Brief")
    out = tmp_path / "out"

    result = CliRunner().invoke(main, ["print", str(spec), "-o", str(out), "--dry-run", "--simplex"])

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == (
        f"would send {out}/alpha.pdf to office: title 'Alpha Brief', copies=1 media=A4 sides=one-sided"
    )
    assert office.jobs("office") == []


def test_a_pack_file_prints_as_one_job_named_after_the_meeting(office: CupsServer, tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    _spec(specs, "alpha.yaml", "Alpha Brief")
    _spec(specs, "beta.yaml", "Beta Brief")
    pack = tmp_path / "packs" / "council.yaml"
    pack.parent.mkdir()
    pack.write_text(
        yaml.safe_dump(
            {"title": "Council Meeting", "agenda": [{"spec": "../specs/alpha.yaml"}, {"spec": "../specs/beta.yaml"}]}
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"

    result = CliRunner().invoke(main, ["print", str(pack), "-o", str(out)])

    assert result.exit_code == 0, result.output
    (job,) = office.wait_for_jobs("office", 1)
    assert job.title == "Council Meeting"
    assert job.data == (out / "council.pdf").read_bytes()


def test_errors_are_one_line_and_exit_1(office: CupsServer, tmp_path: Path) -> None:
    spec = _spec(tmp_path / "specs", "alpha.yaml", "Alpha Brief")
    out = tmp_path / "out"

    result = CliRunner().invoke(main, ["print", str(spec), "-o", str(out), "--printer", "nosuch"])

    assert result.exit_code == 1
    assert result.stderr == (
        f"error: there is no printer called 'nosuch' at {office.address}; the printers are: office\n"
    )
    assert office.jobs("office") == []


def test_a_spec_that_does_not_build_prints_nothing(office: CupsServer, tmp_path: Path) -> None:
    good = _spec(tmp_path / "specs", "alpha.yaml", "Alpha Brief")
    bad = tmp_path / "specs" / "broken.yaml"
    bad.write_text("title: Broken\n", encoding="utf-8")

    result = CliRunner().invoke(main, ["print", str(good), str(bad), "-o", str(tmp_path / "out")])

    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: could not build {bad}: ")
    assert result.stderr.endswith("error: nothing was sent to the printer; fix the specs, then print again\n")
    assert office.jobs("office") == []


def test_without_pycups_the_lp_command_prints(
    office: CupsServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "cups", None)  # `import cups` now fails, as where pycups is not installed
    spec = _spec(tmp_path / "specs", "alpha.yaml", "Alpha Brief")

    result = CliRunner().invoke(main, ["print", str(spec), "-o", str(tmp_path / "out")])

    assert result.exit_code == 0, result.output
    (job,) = office.wait_for_jobs("office", 1)
    assert job.title == "Alpha Brief"


def test_a_user_prints_from_a_terminal_with_no_server(tmp_path: Path) -> None:
    # A real process, as a user runs it: no traceback, one line, status 1.
    pdf = write_pdf(tmp_path / "brief.pdf")
    dead = f"127.0.0.1:{free_port()}"
    env = {**os.environ, "CUPS_SERVER": dead, "PYTHONPATH": str(REPO / "src")}

    result = subprocess.run(
        [sys.executable, "-m", "briefgen", "print", str(pdf)], capture_output=True, text=True, env=env, timeout=60
    )

    assert result.returncode == 1
    assert result.stderr == (
        f"error: no CUPS print server answers at {dead}: start CUPS (cupsd), or name the server in CUPS_SERVER\n"
    )


def test_pack_booklet_imposes_the_pack_for_saddle_stitching(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    sources = [str(_spec(specs, f"{name}.yaml", f"{name.title()} Brief")) for name in ("alpha", "beta", "gamma")]
    output = tmp_path / "pack.pdf"

    result = CliRunner().invoke(main, ["pack", *sources, "--title", "Council Meeting", "-o", str(output), "--booklet"])

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == (
        f"imposed {output} as a booklet: 4 sheet sides; print both sides, short edge"
    )
    data = output.read_bytes()
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert {tuple(round(float(v)) for v in page.mediabox) for page in reader.pages} == {(0, 0, 1191, 842)}  # A3
    halves = [(0, 0, 595.3, 841.9), (595.3, 0, 1190.6, 841.9)]
    outside = region_texts(data, 0, halves)
    assert "Council Meeting" in outside[1]  # the cover is page 1, on the right of the first side
    assert outside[0].startswith("This page is intentionally left blank")  # the pack's own last page
    assert "Alpha Brief" in " ".join(" ".join(region_texts(data, i, halves)) for i in range(len(reader.pages)))


def test_pack_n_up_and_both_at_once(tmp_path: Path) -> None:
    source = str(_spec(tmp_path / "specs", "alpha.yaml", "Alpha Brief"))
    output = tmp_path / "pack.pdf"

    four = CliRunner().invoke(main, ["pack", source, "--title", "T", "-o", str(output), "--n-up", "4"])
    both = CliRunner().invoke(main, ["pack", source, "--title", "T", "-o", str(output), "--booklet", "--n-up", "2"])

    assert four.exit_code == 0, four.output
    assert (
        four.stdout.splitlines()[-1]
        == f"imposed {output} as a 4-up handout: 1 sheet sides; print both sides, long edge"
    )
    assert both.exit_code == 2
    assert "--booklet and --n-up impose differently; choose one" in both.stderr


def test_a_folder_with_nothing_to_print_says_so(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()

    result = CliRunner().invoke(main, ["print", str(empty), "-o", str(tmp_path / "out")])

    assert result.exit_code == 1
    assert result.stderr == f"error: nothing to print in {empty}: no specs, packs or PDFs\n"
