"""Batch builds: failures isolated, incremental decisions, output names, and the same bytes however built."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

import briefgen.version
from briefgen.batch import fingerprint
from briefgen.batch import manifest as manifests
from briefgen.batch.build import build_many
from briefgen.batch.discover import discover
from briefgen.batch.report import BatchReport
from briefgen.cli import main
from briefgen.compose import BuildOptions
from conftest import SEED_SPEC, pdf_text

BROKEN = "title: Only a title\n"


def statuses(report: BatchReport) -> dict[str, str]:
    return {
        o.spec.name if o.spec.parent.name == "specs" else f"{o.spec.parent.name}/{o.spec.name}": o.status
        for o in report.outcomes
    }


@pytest.fixture
def specs(tmp_path: Path, write_spec: Callable[..., Path]) -> Path:
    """A specs/ folder with two valid specs."""
    write_spec(name="specs/one.yaml", title="Brief One")
    write_spec(name="specs/two.yaml", title="Brief Two")
    return tmp_path / "specs"


def test_broken_spec_fails_alone_and_the_rest_build(specs: Path, tmp_path: Path) -> None:
    (specs / "broken.yaml").write_text(BROKEN)
    report = build_many([specs], tmp_path / "out", jobs=1)
    assert statuses(report) == {"broken.yaml": "failed", "one.yaml": "built", "two.yaml": "built"}
    assert not report.ok
    assert report.failed[0].summary.startswith(f"{specs / 'broken.yaml'}:1:1: key_points: is required")
    assert report.failed[0].summary.endswith("(and 1 more problem)")
    assert "Brief Two" in pdf_text(tmp_path / "out" / "two.pdf")


def test_cli_exits_1_and_lists_every_failure_in_the_summary(specs: Path, tmp_path: Path) -> None:
    (specs / "broken.yaml").write_text(BROKEN)
    (specs / "also-broken.yaml").write_text("title: [unclosed\n")
    result = CliRunner().invoke(main, ["build", str(specs), "-o", str(tmp_path / "out"), "--jobs", "2"])
    assert result.exit_code == 1
    assert f"built {tmp_path / 'out' / 'one.pdf'} (1 page, " in result.stdout
    lines = result.stderr.splitlines()
    summary = lines.index("Failed:")
    assert lines[summary - 1].startswith("2 built, 0 up to date, 2 failed in ")
    assert sorted(line.split(":")[0].strip() for line in lines[summary + 1 :]) == sorted(
        [str(specs / "also-broken.yaml"), str(specs / "broken.yaml")]
    )


def test_fail_fast_stops_at_the_first_failure(specs: Path, tmp_path: Path) -> None:
    (specs / "a-broken.yaml").write_text(BROKEN)
    report = build_many([specs], tmp_path / "out", jobs=1, fail_fast=True)
    assert [o.status for o in report.outcomes] == ["failed"]
    assert report.stopped
    assert report.not_run == 2
    assert not (tmp_path / "out" / "one.pdf").exists()
    result = CliRunner().invoke(main, ["build", str(specs), "-o", str(tmp_path / "out"), "-j", "1", "--fail-fast"])
    assert result.exit_code == 1
    assert "0 built, 0 up to date, 1 failed, 2 not tried (stopped at the first failure)" in result.output


def test_fail_fast_with_workers_records_the_briefs_already_building(specs: Path, tmp_path: Path) -> None:
    # No new spec is handed out after the failure; those the workers already had finish and are
    # recorded, so that the next build does not build them again.
    (specs / "a-broken.yaml").write_text(BROKEN)
    for n in range(3, 7):
        (specs / f"more-{n}.yaml").write_text((specs / "one.yaml").read_text())
    out = tmp_path / "out"
    first = build_many([specs], out, jobs=2, fail_fast=True)
    assert first.stopped
    built = {o.output.name for o in first.outcomes if o.status == "built"}
    assert len(built) <= 2  # one per worker at most: what it was building, or was handed with the failure
    assert {path.name for path in out.glob("*.pdf")} == built
    assert first.not_run == 6 - len(built)
    again = build_many([specs], out, jobs=2)
    assert {o.output.name for o in again.outcomes if o.status == "skipped"} == built
    assert sum(o.status == "built" for o in again.outcomes) == 6 - len(built)


def test_unchanged_specs_are_skipped(specs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build_many([specs], out, jobs=1)
    assert [o.reason for o in first.outcomes] == ["new", "new"]
    again = build_many([specs], out, jobs=1)
    assert statuses(again) == {"one.yaml": "skipped", "two.yaml": "skipped"}


def test_changed_spec_is_rebuilt(specs: Path, tmp_path: Path, write_spec: Callable[..., Path]) -> None:
    out = tmp_path / "out"
    build_many([specs], out, jobs=1)
    write_spec(name="specs/one.yaml", title="Brief One, Revised")
    report = build_many([specs], out, jobs=1)
    assert statuses(report) == {"one.yaml": "built", "two.yaml": "skipped"}
    assert report.built[0].reason == "inputs changed"
    assert "Brief One, Revised" in pdf_text(out / "one.pdf")


def test_deleted_or_edited_pdf_is_rebuilt(specs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_many([specs], out, jobs=1)
    original = (out / "two.pdf").read_bytes()
    (out / "one.pdf").unlink()
    (out / "two.pdf").write_bytes(original.replace(b"Brief Two", b"Brief 2!!"))
    report = build_many([specs], out, jobs=1)
    assert {o.spec.name: o.reason for o in report.built} == {"one.yaml": "PDF missing", "two.yaml": "PDF changed"}
    assert (out / "two.pdf").read_bytes() == original


def test_touched_pdf_with_the_same_bytes_is_not_rebuilt(specs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_many([specs], out, jobs=1)
    os.utime(out / "one.pdf", ns=(1, 1))
    assert statuses(build_many([specs], out, jobs=1)) == {"one.yaml": "skipped", "two.yaml": "skipped"}


def test_new_briefgen_version_or_page_size_rebuilds_everything(
    specs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    build_many([specs], out, jobs=1)
    assert len(build_many([specs], out, jobs=1, options=BuildOptions(page_size="letter")).built) == 2
    monkeypatch.setattr(briefgen.version, "__version__", "99.0.0")
    fingerprint.environment_digest.cache_clear()
    try:
        report = build_many([specs], out, jobs=1, options=BuildOptions(page_size="letter"))
    finally:
        monkeypatch.undo()
        fingerprint.environment_digest.cache_clear()
    assert {o.reason for o in report.outcomes} == {"inputs changed"}


def test_another_compressor_version_rebuilds_everything(
    specs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every stream's compressed bytes are libdeflate's: another version makes other PDFs, not up to date ones."""
    import deflate

    out = tmp_path / "out"
    build_many([specs], out, jobs=1)
    monkeypatch.setattr(deflate, "__version__", "99.0.0")
    fingerprint.environment_digest.cache_clear()
    try:
        report = build_many([specs], out, jobs=1)
    finally:
        monkeypatch.undo()
        fingerprint.environment_digest.cache_clear()
    assert {o.reason for o in report.outcomes} == {"inputs changed"}


def test_other_hyphenation_patterns_rebuild_everything(
    specs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pyphen that breaks words elsewhere changes the PDFs: the manifest must not call them up to date."""
    dictionary = tmp_path / "hyph_en_US.dic"
    dictionary.write_bytes(b"UTF-8\n1a1\n")
    monkeypatch.setattr(fingerprint, "_hyphenation_dictionaries", lambda: [dictionary])
    fingerprint.environment_digest.cache_clear()
    out = tmp_path / "out"
    try:
        build_many([specs], out, jobs=1)
        dictionary.write_bytes(b"UTF-8\n1b1\n")
        fingerprint.environment_digest.cache_clear()
        report = build_many([specs], out, jobs=1)
    finally:
        monkeypatch.undo()
        fingerprint.environment_digest.cache_clear()
    assert {o.reason for o in report.outcomes} == {"inputs changed"}


def test_force_rebuilds_up_to_date_specs(specs: Path, tmp_path: Path) -> None:
    build_many([specs], tmp_path / "out", jobs=1)
    report = build_many([specs], tmp_path / "out", jobs=1, force=True)
    assert [o.reason for o in report.outcomes] == ["forced", "forced"]


def test_pdf_of_a_deleted_spec_is_reported_and_pruned_on_request(specs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (specs / "team").mkdir()
    (specs / "team" / "gone.yaml").write_text((specs / "one.yaml").read_text())
    build_many([specs], out, jobs=1)
    (specs / "team" / "gone.yaml").unlink()
    kept = build_many([specs], out, jobs=1)
    assert kept.stale == [out / "team" / "gone.pdf"]
    assert kept.pruned == []
    assert (out / "team" / "gone.pdf").exists()
    result = CliRunner().invoke(main, ["build", str(specs), "-o", str(out), "--prune"])
    assert result.exit_code == 0
    assert f"removed {out / 'team' / 'gone.pdf'}" in result.output
    assert not (out / "team").exists()
    assert build_many([specs], out, jobs=1).stale == []


def test_specs_with_the_same_name_in_different_folders_do_not_collide(tmp_path: Path) -> None:
    for team in ("alpha", "beta"):
        folder = tmp_path / "specs" / team
        folder.mkdir(parents=True)
        (folder / "brief.yaml").write_text(
            f"title: {team.title()} Brief\nkey_points: [k]\nsections: [{{heading: h, body: b}}]\n"
        )
    out = tmp_path / "out"
    report = build_many([tmp_path / "specs"], out, jobs=1)
    assert sorted(o.output.relative_to(out).as_posix() for o in report.built) == ["alpha/brief.pdf", "beta/brief.pdf"]
    assert "Beta Brief" in pdf_text(out / "beta" / "brief.pdf")
    # Named one by one, or as two folders, they still get a PDF each.
    files = [tmp_path / "specs" / "alpha" / "brief.yaml", tmp_path / "specs" / "beta" / "brief.yaml"]
    assert [job.output for job in discover(files, out)] == [out / "alpha" / "brief.pdf", out / "beta" / "brief.pdf"]
    folders = [tmp_path / "specs" / "alpha", tmp_path / "specs" / "beta"]
    assert [job.output for job in discover(folders, out)] == [out / "alpha" / "brief.pdf", out / "beta" / "brief.pdf"]


def test_yaml_and_yml_of_the_same_name_do_not_collide(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text("")
    (tmp_path / "x.yml").write_text("")
    outputs = [job.output.name for job in discover([tmp_path], tmp_path / "out")]
    assert outputs == ["x.yaml.pdf", "x.yml.pdf"]


def test_serial_and_parallel_builds_give_identical_pdfs(tmp_path: Path, write_spec: Callable[..., Path]) -> None:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "seed.yaml").write_bytes(SEED_SPEC.read_bytes())
    for number in range(3):
        write_spec(name=f"specs/extra-{number}.yaml", title=f"Extra {number}")
    serial = build_many([tmp_path / "specs"], tmp_path / "serial", jobs=1)
    parallel = build_many([tmp_path / "specs"], tmp_path / "parallel", jobs=2)
    assert len(serial.built) == len(parallel.built) == 4
    assert parallel.workers == 2
    for outcome in serial.built:
        twin = tmp_path / "parallel" / outcome.output.relative_to(tmp_path / "serial")
        assert twin.read_bytes() == outcome.output.read_bytes()


def test_manifests_of_two_builds_at_once_are_merged(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first, second = manifests.Manifest(out), manifests.Manifest(out)
    entry = manifests.Entry("/specs/a.yaml", "inputs", "pdf", 1, 1)
    first.record(out / "a.pdf", entry)
    second.record(out / "b.pdf", entry)
    first.save()
    second.save()
    assert sorted(manifests.Manifest(out).entries) == ["a.pdf", "b.pdf"]


def test_damaged_manifest_rebuilds_everything(specs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_many([specs], out, jobs=1)
    (out / manifests.MANIFEST_NAME).write_text("{not json")
    report = build_many([specs], out, jobs=1)
    assert len(report.built) == 2
    assert report.warnings == [
        f"{out / manifests.MANIFEST_NAME}: the build manifest is damaged (not JSON); rebuilding everything"
    ]


def run_python(code: str, cwd: Path) -> str:
    result = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_up_to_date_rebuild_does_not_import_reportlab(specs: Path, tmp_path: Path) -> None:
    build_many([specs], tmp_path / "out", jobs=1)
    out = run_python(
        "import sys\n"
        "from briefgen import build_many\n"
        "report = build_many(['specs'], 'out')\n"
        "print(len(report.skipped), len(report.built), any(m.startswith('reportlab') for m in sys.modules))\n",
        tmp_path,
    )
    assert out.split() == ["2", "0", "False"]


@pytest.mark.parametrize("argument", ["--help", "--version", "build --help"])
def test_help_and_version_do_not_import_reportlab(argument: str, tmp_path: Path) -> None:
    out = run_python(
        "import sys\n"
        "from briefgen.cli import main\n"
        "try:\n"
        f"    main({argument.split()!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('IMPORTED' if any(m.startswith('reportlab') for m in sys.modules) else 'CLEAN')\n",
        tmp_path,
    )
    assert out.splitlines()[-1] == "CLEAN"


def test_two_builds_into_one_folder_at_once_keep_both_in_the_manifest(tmp_path: Path) -> None:
    for team in ("alpha", "beta"):
        folder = tmp_path / team
        folder.mkdir()
        for number in range(3):
            (folder / f"{team}-{number}.yaml").write_text(
                f"title: {team} {number}\nkey_points: [k]\nsections: [{{heading: h, body: b}}]\n"
            )
    code = "import sys\nfrom briefgen import build_many\nbuild_many([sys.argv[1]], 'out', jobs=1)\n"
    runs = [
        subprocess.Popen([sys.executable, "-c", code, team], cwd=tmp_path, stderr=subprocess.PIPE)
        for team in ("alpha", "beta")
    ]
    assert [(run.communicate()[1], run.returncode) for run in runs] == [(b"", 0), (b"", 0)]
    assert sorted(manifests.Manifest(tmp_path / "out").entries) == [
        f"{team}-{number}.pdf" for team in ("alpha", "beta") for number in range(3)
    ]


def _png(path: Path, shade: int) -> Path:
    from PIL import Image

    Image.new("RGB", (40, 20), (shade, shade, shade)).save(path)
    return path


def test_a_changed_figure_or_theme_file_rebuilds_only_the_briefs_that_use_them(
    specs: Path, tmp_path: Path, write_spec: Callable[..., Path]
) -> None:
    figure = _png(specs / "map.png", 10)
    theme = specs / "house.theme.yaml"
    theme.write_text("name: house\ncolours:\n  accent: '#224466'\n", encoding="utf-8")
    write_spec(
        name="specs/pictured.yaml",
        title="Pictured",
        theme="house.theme.yaml",
        sections=[{"heading": "H", "blocks": [{"type": "figure", "image": "map.png", "caption": "A map"}]}],
    )
    out = tmp_path / "out"
    build_many([specs], out, jobs=1)
    _png(figure, 200)
    report = build_many([specs], out, jobs=1)
    assert statuses(report) == {"one.yaml": "skipped", "pictured.yaml": "built", "two.yaml": "skipped"}
    assert {o.spec.name: o.reason for o in report.built} == {"pictured.yaml": "map.png changed"}
    theme.write_text("name: house\ncolours:\n  accent: '#664422'\n", encoding="utf-8")
    report = build_many([specs], out, jobs=1)
    assert {o.spec.name: o.reason for o in report.built} == {"pictured.yaml": "house.theme.yaml changed"}
    assert statuses(build_many([specs], out, jobs=1)) == {
        "one.yaml": "skipped",
        "pictured.yaml": "skipped",
        "two.yaml": "skipped",
    }


def test_build_options_are_part_of_what_a_pdf_depends_on(specs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_many([specs], out, jobs=1)
    for options in (BuildOptions(theme="print"), BuildOptions(watermark="COPY"), BuildOptions(pdfa=True)):
        report = build_many([specs], out, jobs=1, options=options)
        assert {o.reason for o in report.outcomes} == {"inputs changed"}, options
        assert statuses(build_many([specs], out, jobs=1, options=options)) == {
            "one.yaml": "skipped",
            "two.yaml": "skipped",
        }


def test_files_outside_the_spec_folder_need_the_option(tmp_path: Path, write_spec: Callable[..., Path]) -> None:
    _png(tmp_path / "shared.png", 90)
    spec = write_spec(
        name="specs/outside.yaml",
        sections=[{"heading": "H", "blocks": [{"type": "figure", "image": "../shared.png", "caption": "Shared"}]}],
    )
    out = tmp_path / "out"
    refused = CliRunner().invoke(main, ["build", "--jobs", "1", "-o", str(out), str(spec)])
    assert refused.exit_code == 1
    assert "image '../shared.png' is outside the folders a spec may use" in refused.stderr
    assert "pass --allow-outside-files to allow it" in refused.stderr
    allowed = CliRunner().invoke(main, ["build", "--jobs", "1", "--allow-outside-files", "-o", str(out), str(spec)])
    assert allowed.exit_code == 0, allowed.output
    assert (out / "outside.pdf").exists()


# Run as a terminal runs a foreground command: Ctrl-C's handler in place even when the test runner
# was started in the background, where SIGINT is ignored and children inherit that.
_FOREGROUND = "import signal, runpy; signal.signal(signal.SIGINT, signal.default_int_handler); " + (
    "runpy.run_module('briefgen', run_name='__main__')"
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT is how Ctrl-C reaches a process group on POSIX")
def test_ctrl_c_stops_a_parallel_batch_cleanly(tmp_path: Path) -> None:
    import signal

    specs = tmp_path / "specs"
    specs.mkdir()
    for number in range(60):
        (specs / f"brief-{number:02d}.yaml").write_bytes(SEED_SPEC.read_bytes())
    out = tmp_path / "out"
    command = [sys.executable, "-c", _FOREGROUND, "build", str(specs), "-o", str(out), "--jobs", "2"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    # A session of its own, so the signal reaches the batch and its workers as Ctrl-C in a terminal does.
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True
    ) as process:
        try:
            assert process.stdout is not None
            first = process.stdout.readline()  # blocks until the first brief is reported built
            assert first.startswith(f"built {out}"), first
            os.killpg(process.pid, signal.SIGINT)
            _, stderr = process.communicate(timeout=60)
        except BaseException:
            os.killpg(process.pid, signal.SIGKILL)
            raise
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert stderr.rstrip().endswith("Interrupted: the PDFs built so far are kept and recorded as built.")
    with pytest.raises(ProcessLookupError):  # the workers are gone with the batch
        os.killpg(process.pid, 0)
    assert not [path.name for path in out.iterdir() if path.name.endswith(".tmp")]
    assert 1 <= len(list(out.glob("*.pdf"))) < 60
    reported = Path(first.split()[1])
    assert manifests.Manifest(out).get(reported) is not None
