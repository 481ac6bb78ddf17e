"""Escapes beyond the spec: a manifest that names files outside the output folder, and what an SVG references."""

from __future__ import annotations

import json
import os
import re
import signal
import struct
import subprocess
import sys
import threading
import time
import zlib
from pathlib import Path

import pypdf
import pytest
import yaml
from click.testing import CliRunner
from PIL import Image

from briefgen import image_bounds
from briefgen.authoring.watch import used_files
from briefgen.batch import manifest as manifests
from briefgen.cli import main
from briefgen.errors import SpecError
from briefgen.load.spec import load_spec
from conftest import minimal_spec, pdf_text
from helpers_hostile import BILLION_LAUGHS, VALID_TAIL, address_space_limit, run_briefgen

# --- --prune deletes only the PDFs briefgen recorded inside the output folder ---------------------


@pytest.fixture
def pruned_project(tmp_path: Path) -> Path:
    """A built project whose manifest was edited to name files outside output/ (and a folder inside it)."""
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "brief.yaml").write_text(yaml.safe_dump(minimal_spec()), encoding="utf-8")
    (specs / "keep.yaml").write_text("not built, but precious")
    (tmp_path / "victim.txt").write_text("precious")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "only.pdf").write_bytes(b"%PDF precious")
    (tmp_path / "absolute.pdf").write_bytes(b"%PDF precious")
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["build", "-o", str(out), str(specs / "brief.yaml")]).exit_code == 0
    (out / "folder.pdf").mkdir()
    (out / "folder.pdf" / "inside.txt").write_text("precious")
    (out / "link").symlink_to(tmp_path / "outside")
    manifest = json.loads((out / ".briefgen-manifest.json").read_text())
    entry = manifest["outputs"]["brief.pdf"]
    gone = {**entry, "spec": str(tmp_path / "deleted.yaml")}
    for key in [
        "../victim.txt",
        "../specs/keep.yaml",
        "../outside/only.pdf",
        str(tmp_path / "absolute.pdf"),
        "folder.pdf",
        "link/only.pdf",
        "sub/../../victim.txt",
    ]:
        manifest["outputs"][key] = gone
    (out / ".briefgen-manifest.json").write_text(json.dumps(manifest))
    return tmp_path


def _precious(project: Path) -> dict[str, bytes]:
    files = ["victim.txt", "specs/keep.yaml", "outside/only.pdf", "absolute.pdf", "out/folder.pdf/inside.txt"]
    return {name: (project / name).read_bytes() for name in files}


def test_prune_never_deletes_what_a_manifest_names_outside_the_output_folder(pruned_project: Path) -> None:
    before = _precious(pruned_project)
    out = pruned_project / "out"
    spec = str(pruned_project / "specs" / "brief.yaml")
    result = CliRunner().invoke(main, ["build", "-o", str(out), spec, "--prune"])
    assert result.exit_code == 0, result.output
    assert _precious(pruned_project) == before
    assert (pruned_project / "outside").is_dir()
    assert (out / "brief.pdf").exists()
    assert "removed" not in result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    manifest = out / ".briefgen-manifest.json"
    assert sorted(warnings) == sorted(
        [
            f"warning: {manifest}: ignored the entry '../victim.txt': it does not name a PDF",
            f"warning: {manifest}: ignored the entry '../specs/keep.yaml': it does not name a PDF",
            f"warning: {manifest}: ignored the entry '../outside/only.pdf': it is outside the output folder",
            f"warning: {manifest}: ignored the entry '{pruned_project / 'absolute.pdf'}': "
            "it is outside the output folder",
            f"warning: {manifest}: ignored the entry 'folder.pdf': it is not a file",
            f"warning: {manifest}: ignored the entry 'link/only.pdf': "
            "a symbolic link takes it outside the output folder",
            f"warning: {manifest}: ignored the entry 'sub/../../victim.txt': it does not name a PDF",
        ]
    )
    # --prune also drops the bad entries, so the next build has nothing to warn about.
    again = CliRunner().invoke(main, ["build", "-o", str(out), str(pruned_project / "specs" / "brief.yaml")])
    assert "warning: " not in again.stderr
    assert _precious(pruned_project) == before


def test_without_prune_bad_entries_are_reported_not_listed_as_stale(pruned_project: Path) -> None:
    before = _precious(pruned_project)
    out = pruned_project / "out"
    result = CliRunner().invoke(main, ["build", "-o", str(out), str(pruned_project / "specs" / "brief.yaml")])
    assert result.exit_code == 0, result.output
    assert _precious(pruned_project) == before
    assert "stale" not in result.stderr
    assert result.stderr.count("warning: ") == 7


def test_remove_pdf_itself_refuses_a_path_outside_the_output_folder(tmp_path: Path) -> None:
    (tmp_path / "victim.pdf").write_bytes(b"%PDF precious")
    (tmp_path / "out").mkdir()
    with pytest.raises(ValueError, match="outside the output folder"):
        manifests.remove_pdf(tmp_path / "out" / ".." / "victim.pdf", tmp_path / "out")
    assert (tmp_path / "victim.pdf").exists()


def test_prune_still_removes_a_stale_pdf_built_into_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With ``-o .`` the manifest's keys are absolute paths; those inside the folder are still pruned."""
    specs = tmp_path / "specs"
    specs.mkdir()
    for name in ("kept", "gone"):
        (specs / f"{name}.yaml").write_text(yaml.safe_dump(minimal_spec()), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["build", "-o", ".", "specs"]).exit_code == 0
    (specs / "gone.yaml").unlink()
    result = CliRunner().invoke(main, ["build", "-o", ".", "specs", "--prune"])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "gone.pdf").exists()
    assert (tmp_path / "kept.pdf").exists()
    assert "warning: " not in result.stderr


# --- What an SVG figure or logo references follows the rule for files a spec names ----------------

_SECRET_TEXT = "SECRETWORDS"


def _svg(body: str) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="200" height="100">\n<rect width="200" height="100" fill="#eee"/>\n{body}\n</svg>\n'
    )


def _png_header(width: int, height: int) -> bytes:
    """A PNG that announces ``width`` x ``height`` pixels and holds almost none: costs nothing until decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


@pytest.fixture
def svg_project(tmp_path: Path) -> Path:
    """specs/brief.yaml with figure figures/fig.svg; a secret PNG and SVG outside specs/, and an allowed PNG."""
    figures = tmp_path / "specs" / "figures"
    figures.mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    Image.new("RGB", (40, 20), (200, 0, 0)).save(elsewhere / "secret.png")
    (elsewhere / "secret.svg").write_text(_svg(f'<text id="t" x="10" y="50">{_SECRET_TEXT}</text>'))
    Image.new("RGB", (40, 20), (0, 0, 200)).save(figures / "inside.png")
    figure = {"type": "figure", "image": "figures/fig.svg", "caption": "A figure."}
    spec = minimal_spec(sections=[{"heading": "H", "body": "Text.", "blocks": [figure]}])
    (tmp_path / "specs" / "brief.yaml").write_text(yaml.safe_dump(spec), encoding="utf-8")
    return tmp_path


def _run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run briefgen in a child with a time limit, so that a hang fails the test rather than stopping the suite."""
    return subprocess.run(
        [sys.executable, "-m", "briefgen", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=project,
    )


def _build_fails_and_check_reports(project: Path, message: str, *extra: str) -> None:
    spec = project / "specs" / "brief.yaml"
    out = project / "out"
    built = _run(project, "build", "-o", str(out), str(spec), *extra)
    assert built.returncode == 1, built.stderr
    assert "Traceback" not in built.stderr
    assert not (out / "brief.pdf").exists()
    error = f"error: {spec}:"
    lines = [line for line in built.stderr.splitlines() if line.startswith(error)]
    assert len(lines) == 1, built.stderr
    assert re.match(
        rf"{re.escape(error)}\d+:\d+: sections\[0\]\.blocks\[0\]\.image: image 'figures/fig.svg' ", lines[0]
    )
    assert message in lines[0], lines[0]
    checked = _run(project, "check", str(spec), *extra)
    assert checked.returncode == 1
    assert message in checked.stderr
    assert "ok " not in checked.stdout


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            '<image x="0" y="0" width="40" height="20" href="../../elsewhere/secret.png"/>',
            "refers at line 3 of 'fig.svg' to a file it may not use: '../../elsewhere/secret.png' is outside the "
            "folders a spec may use",
        ),
        (
            '<image x="0" y="0" width="40" height="20" xlink:href="../../elsewhere/secret.png"/>',
            "'../../elsewhere/secret.png' is outside the folders a spec may use",
        ),
        (
            '<use href="../../elsewhere/secret.svg#t"/>',
            "refers at line 3 of 'fig.svg' to a file it may not use: '../../elsewhere/secret.svg' is outside",
        ),
        (
            '<use xlink:href="../../elsewhere/secret.svg#t"/>',
            "'../../elsewhere/secret.svg' is outside the folders a spec may use",
        ),
    ],
)
def test_an_svg_cannot_reach_files_outside_the_allowed_folders(svg_project: Path, body: str, message: str) -> None:
    (svg_project / "specs" / "figures" / "fig.svg").write_text(_svg(body))
    _build_fails_and_check_reports(svg_project, message)


def test_an_svg_it_references_is_held_to_the_rule_too(svg_project: Path) -> None:
    figures = svg_project / "specs" / "figures"
    (figures / "fig.svg").write_text(_svg('<use href="inner.svg#g"/>'))
    (figures / "inner.svg").write_text(_svg('<g id="g"><use href="../../elsewhere/secret.svg#t"/></g>'))
    _build_fails_and_check_reports(
        svg_project, "refers at line 3 of 'inner.svg' to a file it may not use: '../../elsewhere/secret.svg'"
    )


def test_a_symlink_inside_the_folder_leading_out_is_refused(svg_project: Path) -> None:
    figures = svg_project / "specs" / "figures"
    (figures / "innocent.png").symlink_to(svg_project / "elsewhere" / "secret.png")
    (figures / "fig.svg").write_text(_svg('<image width="40" height="20" href="innocent.png"/>'))
    _build_fails_and_check_reports(svg_project, "'innocent.png' is outside the folders a spec may use (it leads to")


def test_an_svg_image_naming_a_fifo_does_not_hang(svg_project: Path) -> None:
    figures = svg_project / "specs" / "figures"
    os.mkfifo(figures / "pipe.png")
    (figures / "fig.svg").write_text(_svg('<image width="40" height="20" href="pipe.png"/>'))
    _build_fails_and_check_reports(svg_project, "'pipe.png' is not a regular file (a folder, pipe or device?)")


@pytest.mark.parametrize("extra", [(), ("--allow-outside-files",)])
@pytest.mark.parametrize("reference", ["zero.png", "/dev/zero"])
def test_an_svg_image_naming_dev_zero_reads_nothing(svg_project: Path, extra: tuple[str, ...], reference: str) -> None:
    figures = svg_project / "specs" / "figures"
    (figures / "zero.png").symlink_to("/dev/zero")
    (figures / "fig.svg").write_text(_svg(f'<image width="40" height="20" href="{reference}"/>'))
    _build_fails_and_check_reports(svg_project, f"'{reference}' is not a regular file", *extra)


def test_a_theme_logo_svg_is_held_to_the_rule(svg_project: Path) -> None:
    specs = svg_project / "specs"
    os.mkfifo(specs / "pipe.png")
    (specs / "logo.svg").write_text(_svg('<image width="40" height="20" href="pipe.png"/>'))
    (specs / "house.yaml").write_text("logo:\n  file: logo.svg\n", encoding="utf-8")
    (specs / "brief.yaml").write_text(yaml.safe_dump(minimal_spec(theme="house.yaml")), encoding="utf-8")
    result = _run(svg_project, "check", str(specs / "brief.yaml"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "image 'logo.svg' refers at line 3 of 'logo.svg' to a file it may not use: 'pipe.png' is not a regular" in (
        result.stderr
    )


def test_an_svg_image_over_the_pixel_limit_is_refused(svg_project: Path) -> None:
    figures = svg_project / "specs" / "figures"
    (figures / "huge.png").write_bytes(_png_header(20_000, 20_000))
    (figures / "fig.svg").write_text(_svg('<image width="40" height="20" href="huge.png"/>'))
    _build_fails_and_check_reports(svg_project, "'huge.png' has more than 50,000,000 pixels; scale it down")


def test_an_svg_image_over_the_size_limit_is_refused(svg_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    figures = svg_project / "specs" / "figures"
    (figures / "big.png").write_bytes((figures / "inside.png").read_bytes() + b"\0" * 2000)
    (figures / "fig.svg").write_text(_svg('<image width="40" height="20" href="big.png"/>'))
    monkeypatch.setattr(image_bounds, "MAX_IMAGE_BYTES", 1000)
    with pytest.raises(SpecError, match=r"'big\.png' is 2,\d+ bytes, over the limit of 1,000"):
        load_spec(svg_project / "specs" / "brief.yaml")


def test_an_svg_may_still_use_an_image_beside_it(svg_project: Path) -> None:
    figures = svg_project / "specs" / "figures"
    body = '<image width="40" height="20" href="inside.png"/>\n<text x="60" y="50">Shown</text>\n<use href="#x"/>'
    (figures / "fig.svg").write_text(_svg(body))
    out = svg_project / "out"
    result = _run(svg_project, "build", "-o", str(out), str(svg_project / "specs" / "brief.yaml"))
    assert result.returncode == 0, result.stderr
    page = pypdf.PdfReader(out / "brief.pdf").pages[0]
    assert [image.image.size for image in page.images] == [(40, 20)]
    assert "Shown" in pdf_text(out / "brief.pdf")


# --- Pack files are read like specs: regular files, bounded -----------------------------------------

_MEMORY_LIMIT = 1536 * 1024 * 1024


# Keep a child that would read a device or a huge file to a MemoryError, not the machine's swap.
_limited_memory = address_space_limit(_MEMORY_LIMIT)


def _run_limited(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_briefgen(project, *args, memory_limit=_MEMORY_LIMIT)


@pytest.fixture
def pack_project(tmp_path: Path) -> Path:
    """specs/good.yaml, and in packs/ a FIFO, a link to /dev/zero and one good pack file."""
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "good.yaml").write_text(yaml.safe_dump(minimal_spec()), encoding="utf-8")
    packs = tmp_path / "packs"
    packs.mkdir()
    os.mkfifo(packs / "pipe.yaml")
    (packs / "zero.yaml").symlink_to("/dev/zero")
    (packs / "meeting.yaml").write_text("title: Meeting\nagenda:\n  - spec: ../specs/good.yaml\n")
    return tmp_path


def test_a_fifo_or_device_in_packs_does_not_stop_a_build(pack_project: Path) -> None:
    result = _run_limited(pack_project, "build")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "MemoryError" not in result.stderr
    problem = "1:1: is not a regular file (a folder, pipe or device?); name a pack file"
    assert f"error: packs/pipe.yaml:{problem}" in result.stderr.splitlines()
    assert f"error: packs/zero.yaml:{problem}" in result.stderr.splitlines()
    assert (pack_project / "output" / "good.pdf").exists()
    assert (pack_project / "output" / "meeting.pdf").exists()


@pytest.mark.parametrize("name", ["pipe.yaml", "zero.yaml"])
def test_briefgen_pack_refuses_a_fifo_or_device(pack_project: Path, name: str) -> None:
    (pack_project / "packs" / name).rename(pack_project / name)
    result = _run_limited(pack_project, "pack", name)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"error: {name}:1:1: is not a regular file (a folder, pipe or device?); name a pack file"
    ]


def test_check_refuses_a_fifo_in_packs(pack_project: Path) -> None:
    result = _run_limited(pack_project, "check", "packs")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "packs/pipe.yaml:1:1: is not a regular file" in result.stderr
    assert "ok packs/meeting.yaml" in result.stdout


def test_a_huge_file_is_never_read_whole_to_tell_a_pack_from_a_spec(tmp_path: Path) -> None:
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as stream:  # sparse: costs no disk, but reading it whole would take 4 GB
        stream.write(b"title: T\n# agenda\n")
        stream.truncate(4 * 1024**3)
    result = _run_limited(tmp_path, "build", "-o", str(tmp_path / "out"), str(huge))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "MemoryError" not in result.stderr
    assert f"error: {huge}:1:1: the file is 4,294,967,296 bytes, over the limit of" in result.stderr
    result = _run_limited(tmp_path, "pack", str(huge))
    assert result.returncode in (1, 2)
    assert "Traceback" not in result.stderr
    assert "MemoryError" not in result.stderr


# --- watch reads specs with the build's bounded reader ------------------------------------------------


def test_watch_reports_hostile_specs_and_keeps_building_the_others(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "a-bomb.yaml").write_text(BILLION_LAUGHS + VALID_TAIL.replace("key_points", "title: T\nkey_points"))
    (specs / "b-deep.yaml").write_text("title: " + "[" * 3000 + "]" * 3000 + "\n")
    os.mkfifo(specs / "c-pipe.yaml")
    (specs / "d-zero.yaml").symlink_to("/dev/zero")
    (specs / "z-good.yaml").write_text(yaml.safe_dump(minimal_spec()), encoding="utf-8")
    good = tmp_path / "out" / "z-good.pdf"
    command = [sys.executable, "-m", "briefgen", "watch", str(specs), "-o", str(tmp_path / "out")]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    lines: list[str] = []
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, preexec_fn=_limited_memory
    ) as process:
        try:
            assert process.stdout is not None
            reader = threading.Thread(target=lambda: lines.extend(process.stdout or ()), daemon=True)
            reader.start()
            deadline = time.monotonic() + 60
            while not any(f"built {good}" in line for line in lines) and time.monotonic() < deadline:
                assert process.poll() is None, "watch died"
                time.sleep(0.05)
            process.send_signal(signal.SIGINT)
            _, stderr = process.communicate(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
    reader.join(timeout=5)
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr
    assert any(f"built {good}" in line for line in lines), lines
    failed = [line.split(" failed ", 1)[1].split(" in ")[0] for line in lines if " failed " in line]
    assert sorted(Path(spec).name for spec in failed) == ["a-bomb.yaml", "b-deep.yaml", "c-pipe.yaml", "d-zero.yaml"]
    errors = "\n".join(lines)
    assert f"{specs / 'c-pipe.yaml'}:1:1: is not a regular file" in errors
    assert f"{specs / 'd-zero.yaml'}:1:1: is not a regular file" in errors


def _used_files_within(spec: Path, seconds: float = 30) -> frozenset[Path]:
    """Return ``used_files(spec)``, failing if it does not return in time (a thread: a hang must not stop the suite)."""
    result: list[frozenset[Path]] = []
    reader = threading.Thread(target=lambda: result.append(used_files(spec)), daemon=True)
    reader.start()
    reader.join(timeout=seconds)
    assert result, f"used_files did not return for {spec.name}"
    return result[0]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("bomb.yaml", BILLION_LAUGHS + "figure: chart.png\n"),
        ("deep.yaml", "figure: chart.png\ntitle: " + "[" * 3000 + "]" * 3000 + "\n"),
    ],
)
def test_used_files_refuses_what_the_build_refuses(tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / "chart.png").write_bytes(b"png")
    spec = tmp_path / name
    spec.write_text(text)
    # Refused as a whole, like the build refuses it: not even the chart it names is taken as used.
    assert _used_files_within(spec) == used_files(tmp_path / "missing.yaml")


def test_used_files_does_not_read_a_fifo(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    assert _used_files_within(tmp_path / "pipe.yaml") == used_files(tmp_path / "missing.yaml")
