"""Drawing images: each decoded once per document, what svglib and PIL say named, a broken file one clear error.

The loaders refuse broken images before a build (tests/load/test_images.py);
these tests change a file after it was checked, as a file edited during a
long batch would be, to reach the checks the PDF writer makes itself.
"""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pikepdf
import pikepdf.pdfa
import pypdf
import pytest
import yaml
from click.testing import CliRunner
from PIL import Image

from briefgen import compose
from briefgen.cli import main
from briefgen.errors import RenderError
from briefgen.load.spec import load_spec
from briefgen.load.theme_file import load_theme
from briefgen.pdf import images
from conftest import minimal_spec
from helpers_hostile import data_uri, png_bytes, svg_document


def _spec_with_figure(folder: Path, name: str, content: bytes | str) -> Path:
    target = folder / name
    if isinstance(content, str):
        target.write_text(content, encoding="utf-8")
    else:
        target.write_bytes(content)
    block = {"type": "figure", "image": name, "caption": "A figure."}
    spec = folder / "brief.yaml"
    spec.write_text(yaml.safe_dump(minimal_spec(sections=[{"heading": "H", "blocks": [block]}])), encoding="utf-8")
    return spec


def _render_error(spec: Path, name: str, changed: bytes | str) -> str:
    """Load the spec, change its figure as a concurrent edit would, render, and return the one-line error."""
    brief = load_spec(spec)
    target = spec.parent / name
    if isinstance(changed, str):
        target.write_text(changed, encoding="utf-8")
    else:
        target.write_bytes(changed)
    with pytest.raises(RenderError) as caught:
        compose.render_brief(brief, load_theme("default"))
    message = str(caught.value)
    assert "\n" not in message
    assert "BytesIO" not in message
    assert " at 0x" not in message
    return message


@pytest.mark.parametrize(
    ("name", "changed", "message"),
    [
        ("fig.png", png_bytes((300, 200))[:-60], "image 'fig.png' is damaged or cut short ("),
        ("fig.png", b"GIF89a", "image 'fig.png' is not a PNG file (its first bytes are wrong)"),
        ("fig.svg", svg_document(size='width="1e400" height="10"'), "image 'fig.svg' has no usable size (inf x"),
        ("fig.svg", svg_document('<g transform="scale(0)"><rect width="1" height="1"/></g>'), "cannot be drawn ("),
        ("fig.svg", svg_document('<circle cx="1" cy="1" r="nan"/>'), "holds a number a PDF cannot (r = nan)"),
        ("fig.svg", svg_document("<style>&gt;&gt; { fill: red }</style>"), "cannot be converted from SVG ("),
    ],
)
def test_an_image_changed_after_the_check_fails_on_one_line_naming_it(
    tmp_path: Path, name: str, changed: bytes | str, message: str
) -> None:
    original: bytes | str = png_bytes((300, 200)) if name.endswith(".png") else svg_document()
    spec = _spec_with_figure(tmp_path, name, original)
    assert message in _render_error(spec, name, changed)


def test_a_footer_logo_is_decoded_once_per_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    decoded: list[object] = []

    class CountingReader(images.ImageReader):  # type: ignore[misc]
        def getRGBData(self) -> bytes:  # noqa: N802 (ReportLab's name)
            if self._data is None:
                decoded.append(self)
            return super().getRGBData()  # type: ignore[no-any-return]

    monkeypatch.setattr(images, "ImageReader", CountingReader)
    (tmp_path / "logo.png").write_bytes(png_bytes((60, 30)))
    (tmp_path / "house.yaml").write_text("logo:\n  file: logo.png\n  place: footer\n", encoding="utf-8")
    sections = [{"heading": f"Part {n}", "body": "Words enough to fill pages. " * 150} for n in range(4)]
    spec = tmp_path / "brief.yaml"
    spec.write_text(yaml.safe_dump(minimal_spec(theme="house.yaml", sections=sections)), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "-o", str(tmp_path / "out"), str(spec)])
    assert result.exit_code == 0, result.output
    assert int(result.stdout.split("(")[1].split()[0]) >= 3  # "built …/brief.pdf (3 pages, …)"
    assert len(decoded) == 1


def _malformed_mpo_jpeg() -> bytes:
    """A JPEG with a broken multi-picture (MPO) segment, which PIL warns about and reads as a plain JPEG."""
    jpeg = png_bytes((40, 20), kind="JPEG")
    payload = b"MPF\x00MM\x00\x2a\x00\x00\x00\x08\x00\x01\xb0\x02\x00\x07\x00\x00\x00\x10\x00\x00\x00\x1a" + b"\0" * 20
    return jpeg[:2] + b"\xff\xe2" + struct.pack(">H", len(payload) + 2) + payload + jpeg[2:]


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("fig.svg", svg_document('<rect width="5" height="5" fill="\u00e9"/>'), "image 'fig.svg': Can't handle color:"),
        ("fig.jpg", _malformed_mpo_jpeg(), "image 'fig.jpg': Image appears to be a malformed MPO file"),
    ],
    ids=["svglib", "Pillow"],
)
def test_what_svglib_and_pillow_say_is_a_warning_naming_the_spec_and_image(
    tmp_path: Path, name: str, content: bytes | str, said: str
) -> None:
    spec = _spec_with_figure(tmp_path, name, content)
    result = CliRunner().invoke(main, ["build", "-o", str(tmp_path / "out"), str(spec)])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert [line for line in lines if said in line] == [
        next(line for line in lines if line.startswith(f"warning: {spec}: {said}"))
    ], result.stderr
    assert "UserWarning" not in result.stderr


def _cmyk_jpeg(**options: object) -> bytes:
    buffer = io.BytesIO()
    Image.new("CMYK", (40, 20), (0, 200, 200, 0)).save(buffer, "JPEG", **options)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.jpg", _cmyk_jpeg()),
        ("photo.jpg", _cmyk_jpeg(icc_profile=b"not a profile")),
        ("fig.svg", svg_document(f'<image width="40" height="20" href="{data_uri(_cmyk_jpeg(), "jpeg")}"/>')),
        ("fig.svg", svg_document('<image width="40" height="20" href="inner.jpg"/>')),
    ],
    ids=["jpeg", "jpeg with a broken profile", "in an SVG", "named by an SVG"],
)
def test_pdfa_converts_a_cmyk_jpeg_to_the_srgb_of_its_output_intent(
    tmp_path: Path, name: str, content: bytes | str
) -> None:
    (tmp_path / "inner.jpg").write_bytes(_cmyk_jpeg())
    spec = _spec_with_figure(tmp_path, name, content)
    result = CliRunner().invoke(main, ["build", "--pdfa", "-o", str(tmp_path / "out"), str(spec)])
    assert result.exit_code == 0, result.output
    report = pikepdf.pdfa.validate_written(tmp_path / "out" / "brief.pdf", "2b")
    assert report.verdict == "pass", report.summary()
    assert "is CMYK without a usable colour profile: converted to sRGB for PDF/A" in result.stderr
    with pikepdf.open(tmp_path / "out" / "brief.pdf") as pdf:
        assert b"/DeviceCMYK" not in b"".join(page.Contents.read_bytes() for page in pdf.pages)


def test_without_pdfa_a_cmyk_jpeg_stays_cmyk(tmp_path: Path) -> None:
    spec = _spec_with_figure(tmp_path, "photo.jpg", _cmyk_jpeg())
    result = CliRunner().invoke(main, ["build", "-o", str(tmp_path / "out"), str(spec)])
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stderr
    (image,) = pypdf.PdfReader(tmp_path / "out" / "brief.pdf").pages[0].images
    assert image.image.mode == "CMYK"
