"""Files: atomic output under interruption, the containment rule, symlink loops, and where output may go."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest
import yaml

from briefgen import build
from briefgen.batch.build import build_many
from briefgen.batch.discover import discover
from briefgen.batch.output import write_atomically
from briefgen.errors import RenderError
from briefgen.load.files import ALLOW_OPTION, FileRefusedError, contained_output, resolve_spec_file, spec_roots
from conftest import REPO, minimal_spec, pdf_text

# --- Interrupted builds ---------------------------------------------------------------------------

# Runs a build whose write stops half-way and waits to be killed.
_HALF_WRITE = textwrap.dedent(
    """
    import os, sys, time
    real_fdopen = os.fdopen

    class HalfWriter:
        def __init__(self, stream):
            self.stream = stream
        def __enter__(self):
            return self
        def __exit__(self, *exc):
            return self.stream.__exit__(*exc)
        def write(self, data):
            self.stream.write(data[: len(data) // 2])
            self.stream.flush()
            print("half written", flush=True)
            time.sleep(60)
        def __getattr__(self, name):
            return getattr(self.stream, name)

    os.fdopen = lambda fd, mode: HalfWriter(real_fdopen(fd, mode))
    from briefgen import build
    build(sys.argv[1], sys.argv[2])
    """
)


def _kill_mid_write(spec: Path, target: Path) -> None:
    with subprocess.Popen(
        [sys.executable, "-c", _HALF_WRITE, str(spec), str(target)], stdout=subprocess.PIPE, text=True, cwd=REPO
    ) as child:
        try:
            assert child.stdout is not None
            assert child.stdout.readline() == "half written\n"
            child.send_signal(signal.SIGKILL)
            assert child.wait(timeout=30) == -signal.SIGKILL
        finally:
            if child.poll() is None:
                child.kill()


def test_killed_build_leaves_the_old_pdf(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    target = tmp_path / "out" / "brief.pdf"
    build(write_spec(minimal_spec(title="The Old Brief")), target)
    old = target.read_bytes()
    _kill_mid_write(write_spec(minimal_spec(title="The New Brief")), target)
    assert target.read_bytes() == old
    assert "The Old Brief" in pdf_text(target)
    # Whatever the kill left behind is a hidden temporary file, never a *.pdf a reader would open.
    assert [p.name for p in target.parent.glob("*.pdf")] == ["brief.pdf"]


def test_killed_first_build_leaves_no_pdf(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    target = tmp_path / "out" / "brief.pdf"
    _kill_mid_write(write_spec(), target)
    assert not target.exists()
    assert list(target.parent.glob("*.pdf")) == []


def test_interrupted_write_in_process_cleans_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "brief.pdf"
    target.write_bytes(b"%PDF-old")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, b"%PDF-new", durable=True)
    assert target.read_bytes() == b"%PDF-old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.pdf"]


@pytest.mark.parametrize("durable", [True, False])
def test_write_interrupted_before_the_rename_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, durable: bool
) -> None:
    target = tmp_path / "brief.pdf"
    target.write_bytes(b"%PDF-old")

    def interrupted(source: object, destination: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, b"%PDF-new", durable=durable)
    assert target.read_bytes() == b"%PDF-old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.pdf"]


def test_a_batch_clears_the_temporary_files_killed_builds_left(tmp_path: Path) -> None:
    folder = tmp_path / "specs"
    (folder / "sub").mkdir(parents=True)
    for spec in (folder / "a.yaml", folder / "sub" / "b.yaml"):
        spec.write_text(yaml.safe_dump(minimal_spec()), encoding="utf-8")
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    abandoned = [
        out / ".a.pdf.k3j9x0qa.tmp",
        out / "sub" / ".b.pdf.a8d7f6e5.tmp",
        out / "..briefgen-manifest.json.zz99yy88.tmp",
    ]
    writing_now = out / ".a.pdf.n0wn0wn0.tmp"
    not_ours = [out / ".notes.tmp", out / "draft.pdf.tmp"]
    hour_ago = time.time() - 3600
    for path in [*abandoned, writing_now, *not_ours]:
        path.write_bytes(b"%PDF-half")
        if path is not writing_now:
            os.utime(path, (hour_ago, hour_ago))
    report = build_many([folder], out, jobs=1)
    assert report.ok
    assert [path.exists() for path in abandoned] == [False, False, False]
    assert writing_now.exists()
    assert all(path.exists() for path in not_ours)


def test_a_write_may_come_in_pieces(tmp_path: Path) -> None:
    target = tmp_path / "manifest.json"
    write_atomically(target, iter([b'{"a": ', b"1}"]))
    assert target.read_bytes() == b'{"a": 1}'


def test_only_the_manifest_is_flushed_to_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """PDFs can be rebuilt and are checked against the manifest, so only the manifest pays for fsync."""
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(descriptor: int) -> None:
        synced.append(Path(os.readlink(f"/proc/self/fd/{descriptor}")).name)
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", fsync)
    folder = tmp_path / "specs"
    folder.mkdir()
    (folder / "a.yaml").write_text(yaml.safe_dump(minimal_spec()), encoding="utf-8")
    result = build_many([folder], tmp_path / "out", jobs=1)
    assert [outcome.status for outcome in result.outcomes] == ["built"]
    assert synced
    assert all(name.startswith(".") and ".briefgen-manifest.json" in name for name in synced)


def test_unwritable_output_folder_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(RenderError) as caught:
        write_atomically(blocker / "sub" / "brief.pdf", b"%PDF")
    assert str(caught.value) == f"{blocker}/sub/brief.pdf: cannot write here: a file is in the way of the folder"


# --- Where output goes ----------------------------------------------------------------------------


def test_spec_names_cannot_place_output_outside_the_folder(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    names = ["-o.yaml", "x..yaml", "new\nline.yaml", "sub/deeper/brief.yaml", "name with spaces.yaml", "..yaml"]
    for name in names:
        path = specs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("title: T\nkey_points: [x]\nsections: [{heading: H, body: B}]\n")
    out = tmp_path / "out"
    before = {p for p in tmp_path.rglob("*") if not p.is_relative_to(out)}
    # The folder is searched (hidden files such as "..yaml" are skipped there), and "..yaml" is also named directly.
    report = build_many([specs, specs / "..yaml"], out)
    assert len(report.built) == 6
    for outcome in report.outcomes:
        assert outcome.output.resolve().is_relative_to(out.resolve())
    assert {p for p in tmp_path.rglob("*") if not p.is_relative_to(out)} == before
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*.pdf")) == [
        "-o.pdf",
        "..pdf",
        "name with spaces.pdf",
        "new\nline.pdf",
        "sub/deeper/brief.pdf",
        "x..pdf",
    ]


def test_an_output_symlink_is_replaced_not_written_through(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    outside = tmp_path / "precious.txt"
    outside.write_text("keep me")
    out = tmp_path / "out"
    out.mkdir()
    (out / "brief.pdf").symlink_to(outside)
    build(write_spec(), out / "brief.pdf")
    assert outside.read_text() == "keep me"
    assert not (out / "brief.pdf").is_symlink()
    assert len(pypdf.PdfReader(out / "brief.pdf").pages) == 1


def test_contained_output_refuses_escapes(tmp_path: Path) -> None:
    assert contained_output(tmp_path, Path("a/b.pdf")) == tmp_path / "a" / "b.pdf"
    for bad in ["../b.pdf", "a/../../b.pdf", "/etc/b.pdf"]:
        with pytest.raises(FileRefusedError, match="would be written outside the output folder"):
            contained_output(tmp_path, Path(bad))


# --- Symlink loops --------------------------------------------------------------------------------


@pytest.fixture
def looped_specs(tmp_path: Path) -> Path:
    folder = tmp_path / "specs"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.yaml").write_text("title: Good\nkey_points: [x]\nsections: [{heading: H, body: B}]\n")
    (folder / "self").symlink_to(".")  # a folder loop
    (folder / "sub" / "up").symlink_to("..")  # a loop through a parent
    (folder / "me.yaml").symlink_to("me.yaml")  # a file loop
    (folder / "ping.yaml").symlink_to("pong.yaml")
    (folder / "pong.yaml").symlink_to("ping.yaml")
    return folder


def test_symlink_loops_do_not_hang_discovery(looped_specs: Path, tmp_path: Path) -> None:
    jobs = discover([looped_specs], tmp_path / "out")
    assert sorted(job.spec.name for job in jobs) == ["good.yaml", "me.yaml", "ping.yaml", "pong.yaml"]


def test_symlink_loops_fail_clearly_and_the_rest_builds(looped_specs: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "briefgen", "build", "-o", str(tmp_path / "out"), str(looped_specs)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"error: {looped_specs / 'me.yaml'}:1:1: cannot read the file: Too many levels of symbolic links" in (
        result.stderr.splitlines()
    )
    assert (tmp_path / "out" / "good.pdf").exists()
    assert any(line.startswith("1 built, 0 up to date, 3 failed in ") for line in result.stderr.splitlines())


def test_fifo_named_like_a_spec_does_not_block(tmp_path: Path) -> None:
    fifo = tmp_path / "specs" / "pipe.yaml"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    report = build_many([fifo.parent], tmp_path / "out")
    assert [o.error for o in report.failed] == [
        f"{fifo}:1:1: is not a regular file (a folder, pipe or device?); name a spec file"
    ]


# --- The containment rule for files a spec names --------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with specs/brief.yaml, specs/logo.png, assets/crest.png and a secret outside both."""
    (tmp_path / "specs" / "img").mkdir(parents=True)
    (tmp_path / "assets").mkdir()
    (tmp_path / "specs" / "brief.yaml").write_text("title: T\n")
    (tmp_path / "specs" / "logo.png").write_bytes(b"png")
    (tmp_path / "specs" / "img" / "chart.png").write_bytes(b"png")
    (tmp_path / "assets" / "crest.png").write_bytes(b"png")
    (tmp_path / "secret.txt").write_text("secret")
    return tmp_path


def _resolve(project: Path, reference: str, **kwargs: bool) -> Path:
    spec = project / "specs" / "brief.yaml"
    return resolve_spec_file(reference, spec, roots=spec_roots(spec, project), **kwargs)


def test_files_beside_the_spec_and_in_assets_are_allowed(project: Path) -> None:
    assert _resolve(project, "logo.png") == (project / "specs" / "logo.png").resolve()
    assert _resolve(project, "img/chart.png") == (project / "specs" / "img" / "chart.png").resolve()
    assert _resolve(project, "./img/../logo.png") == (project / "specs" / "logo.png").resolve()
    assert _resolve(project, "../assets/crest.png") == (project / "assets" / "crest.png").resolve()
    assert _resolve(project, str(project / "assets" / "crest.png")) == (project / "assets" / "crest.png").resolve()


def test_dot_dot_escape_is_refused(project: Path) -> None:
    with pytest.raises(FileRefusedError) as caught:
        _resolve(project, "../secret.txt")
    assert str(caught.value) == (
        f"'../secret.txt' is outside the folders a spec may use; keep it in '{project / 'specs'}' "
        f"or '{project / 'assets'}', or pass {ALLOW_OPTION} to allow it"
    )


def test_etc_passwd_is_refused(project: Path) -> None:
    for reference in ["../../../../../../../../etc/passwd", "/etc/passwd"]:
        with pytest.raises(FileRefusedError, match=r"is outside the folders a spec may use"):
            _resolve(project, reference)


def test_symlink_leading_out_is_refused(project: Path) -> None:
    (project / "specs" / "innocent.png").symlink_to(project / "secret.txt")
    with pytest.raises(FileRefusedError) as caught:
        _resolve(project, "innocent.png")
    assert str(caught.value).startswith(
        f"'innocent.png' is outside the folders a spec may use (it leads to '{(project / 'secret.txt').resolve()}');"
    )


def test_symlinked_folder_leading_out_is_refused(project: Path) -> None:
    (project / "elsewhere").mkdir()
    (project / "elsewhere" / "x.png").write_bytes(b"png")
    (project / "specs" / "linked").symlink_to(project / "elsewhere")
    with pytest.raises(FileRefusedError, match="is outside the folders a spec may use"):
        _resolve(project, "linked/x.png")


def test_explicit_option_allows_outside_files(project: Path) -> None:
    assert _resolve(project, "../secret.txt", allow_outside=True) == (project / "secret.txt").resolve()


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("", "the file name is empty; write a path relative to the spec's folder"),
        ("missing.png", "'missing.png' does not exist (looked for {specs}/missing.png)"),
        ("img", "'img' is not a regular file (a folder, pipe or device?)"),
        (
            "https://example.org/logo.png",
            "'https://example.org/logo.png' is an address, not a file; download it next to the spec and name that file",
        ),
        (
            "file:///etc/passwd",
            "'file:///etc/passwd' is an address, not a file; download it next to the spec and name that file",
        ),
        ("a\x00b", "'a\\x00b' is not a usable file name"),
    ],
)
def test_bad_references_have_clear_messages(project: Path, reference: str, message: str) -> None:
    with pytest.raises(FileRefusedError) as caught:
        _resolve(project, reference)
    assert str(caught.value) == message.format(specs=project / "specs")


def test_a_looping_reference_is_refused(project: Path) -> None:
    (project / "specs" / "loop.png").symlink_to("loop.png")
    with pytest.raises(FileRefusedError) as caught:
        _resolve(project, "loop.png")
    assert str(caught.value) == "'loop.png' is a symbolic link that loops back on itself"


def test_a_file_in_the_project_assets_is_found_from_any_spec_folder(project: Path) -> None:
    from briefgen.load.files import file_access, resolve_asset

    nested = project / "specs" / "deep" / "er"
    nested.mkdir(parents=True)
    with file_access(project_assets=project / "assets"):
        assert resolve_asset("crest.png", nested) == (project / "assets" / "crest.png").resolve()
    with pytest.raises(FileRefusedError, match=r"'crest\.png' does not exist"):
        resolve_asset("crest.png", nested)


def test_a_refusal_names_the_users_folders_not_briefgens_installation(project: Path) -> None:
    from briefgen.assets import assets_dir
    from briefgen.load.files import file_access, resolve_asset

    with file_access(project_assets=project / "assets"), pytest.raises(FileRefusedError) as caught:
        resolve_asset("../secret.txt", project / "specs", what="image")
    assert str(caught.value) == (
        f"image '../secret.txt' is outside the folders a spec may use; keep it in '{project / 'specs'}' "
        f"or '{project / 'assets'}', or pass {ALLOW_OPTION} to allow it"
    )
    assert str(assets_dir()) not in str(caught.value)


def test_a_spec_built_with_project_assets_uses_its_figures(project: Path) -> None:
    from briefgen import Options

    spec = minimal_spec(sections=[{"heading": "H", "blocks": [{"type": "figure", "image": "crest.png"}]}])
    spec_path = project / "specs" / "fig.yaml"
    spec_path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    (project / "assets" / "crest.png").write_bytes((Path(__file__).parent / "schema_corpus/valid/dot.png").read_bytes())
    result = build(spec_path, project / "out.pdf", options=Options(assets_dir=project / "assets"))
    assert result.uses == ((project / "assets" / "crest.png").resolve(),)
