"""Images a spec or theme names are checked before anything is drawn: each problem is one located error.

What svglib or ReportLab would have crashed on (or, worse, drawn as ``nan``)
is refused by the loader, so that ``check`` reports it at the field naming
the image, and ``build`` never starts on it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from briefgen.cli import main
from briefgen.errors import SpecError
from briefgen.load.spec import load_spec
from conftest import minimal_spec
from helpers_hostile import data_uri, png_announcing, png_bytes, svg_document

FIELD = "sections[0].blocks[0].image"
OVER = "that is not finite or over 1,000,000,000"
Figure = Callable[..., Path]


@pytest.fixture
def figure(tmp_path: Path) -> Figure:
    """Write an image into specs/ and a spec whose one figure names it; return the spec's path."""

    def write(name: str, content: str | bytes, **files: str | bytes) -> Path:
        specs = tmp_path / "specs"
        specs.mkdir(exist_ok=True)
        for file_name, file_content in {name: content, **files}.items():
            target = specs / file_name.replace("__", "/")
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(file_content, str):
                target.write_text(file_content, encoding="utf-8")
            else:
                target.write_bytes(file_content)
        block = {"type": "figure", "image": name, "caption": "A figure."}
        spec = minimal_spec(sections=[{"heading": "H", "body": "Text.", "blocks": [block]}])
        (specs / "brief.yaml").write_text(yaml.safe_dump(spec), encoding="utf-8")
        return specs / "brief.yaml"

    return write


def refusal(spec: Path) -> str:
    """Return the one problem the spec has, as printed; fail if it has none or several."""
    with pytest.raises(SpecError) as caught:
        load_spec(spec)
    (problem,) = caught.value.problems
    assert problem.field == FIELD
    return problem.message


# --- SVG: sizes, XML, numbers, transforms, CSS (issue 21, items 8 and 14) -----------------------------


@pytest.mark.parametrize(
    ("size", "message"),
    [
        ('width="1e400" height="100"', f"has a number in its width {OVER}: 1e400"),
        ('width="NaN" height="100"', f"has a number in its width {OVER}: NaN"),
        ('width="100" height="-inf"', f"has a number in its height {OVER}: -inf"),
        ('width="0" height="100"', "has a width of 0 pixels; it must be more than 0 and at most 1,000,000"),
        ('width="-5" height="100"', "has a width of -5 pixels"),
        ('width="3e6" height="100"', "has a width of 3e+06 pixels"),
        ("", "has no width: give its <svg> element a width and a height, or a viewBox"),
        ('width="100"', "has no height: give its <svg> element a width and a height, or a viewBox"),
        ('width="auto" height="10"', "has a width briefgen cannot read ('auto'); write a number, in px, pt, mm"),
        ('width="100%" height="100%"', "has a width in % but no viewBox for it to be a share of"),
        ('viewBox="0 0 0 0"', "has a width of 0 pixels"),
        ('viewBox="0 0 1e400 10"', f"has a number in its viewBox {OVER}: 1e400"),
    ],
)
def test_an_svg_without_a_finite_positive_size_is_refused_at_its_field(figure: Figure, size: str, message: str) -> None:
    spec = figure("fig.svg", svg_document(size=size))
    assert refusal(spec) == f"image 'fig.svg' {message}" + refusal(spec).split(message, 1)[1]
    assert refusal(spec).endswith("(line 1 of 'fig.svg')")


@pytest.mark.parametrize(
    ("size", "drawn"),
    [
        ('width="100%" height="50%" viewBox="0 0 640 300"', "a share of its viewBox"),
        ('viewBox="0 0 640 300"', "its viewBox alone"),
        ('width="80mm" height="4cm"', "lengths in units"),
        ('width="2in" height="1.5em"', "inches and ems"),
    ],
)
def test_an_svg_may_take_its_size_from_units_or_its_view_box(figure: Figure, size: str, drawn: str) -> None:
    body = '<text x="1" y="10" font-family="Infinity Sans" fill="#1e400a" style="font-family: Nan">Hi</text>'
    assert load_spec(figure("fig.svg", svg_document(body, size=size))), drawn


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("<svg", "is not well-formed XML (Couldn't find end of Start Tag svg"),
        ('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><rect></svg>', "is not well-formed XML"),
        ("<?xml version='1.0'?>\n<html><svg/></html>", "is not an SVG file (its outermost element is <html>"),
        (svg_document('<path d="M0 0 L 1e400 5"/>'), f"has a number in its d {OVER}: 1e400 (line 3 of"),
        (svg_document('<polyline points="0,0 5,nan"/>'), f"in its points {OVER}: nan"),
        (svg_document('<circle r="5" style="stroke-width: 1e999"/>'), f"in its style {OVER}: 1e999"),
        (svg_document("<style>text { font-size: 1e400px }</style>"), f"in its CSS {OVER}: 1e400"),
        (svg_document("<style>&gt;&gt;&gt; { fill: red }</style>"), "has CSS whose selector '>>>' cannot be read"),
        (svg_document('<g transform="scale(0)"><rect width="1" height="1"/></g>'), "squashes the drawing flat"),
        (svg_document('<g transform="matrix(0 0 0 0 0 0)"/>'), "squashes the drawing flat"),
        (svg_document('<g transform="scale(1e-300)"/>'), "squashes the drawing flat"),
        (svg_document('<g transform="skewY(90) skewX(90)"/>'), "squashes the drawing flat or out of range"),
        (svg_document('<g transform="scale(1 2 3)"/>'), "has a transform with the wrong number of values"),
        (svg_document('<rect width="1" height="1" style="transform: scale(0)"/>'), "squashes the drawing flat"),
    ],
)
def test_what_svglib_would_crash_on_or_draw_as_nan_is_refused_at_its_line(
    figure: Figure, content: str, message: str
) -> None:
    found = refusal(figure("fig.svg", content))
    assert found.startswith("image 'fig.svg' ")
    assert message in found


def test_numbers_in_names_colours_and_other_namespaces_are_not_read_as_numbers(figure: Figure) -> None:
    body = (
        '<rect id="r1e400" class="nan" width="5" height="5" fill="url(#r1e400)" stroke="#1e400a" data-x="1e999"'
        ' xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" inkscape:label="inf 1e999"/>'
    )
    assert load_spec(figure("fig.svg", svg_document(body)))


# --- SVG: what a figure may cost (item 9) --------------------------------------------------------------


def _use_bomb(levels: int) -> str:
    defs = '<g id="l0"><rect width="1" height="1"/></g>' + "".join(
        f'<g id="l{level}">' + f'<use href="#l{level - 1}"/>' * 10 + "</g>" for level in range(1, levels + 1)
    )
    return svg_document(f'<defs>{defs}</defs><use href="#l{levels}"/>')


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (svg_document('<rect width="1" height="1"/>' * 10_001), "has more than 10,000 elements; simplify it"),
        (_use_bomb(5), "draws more than 10,000 elements, counting what <use> and images repeat"),
        (
            svg_document('<path id="p" d="' + "L1 1 " * 1000 + '"/>' + '<use href="#p"/>' * 251),
            "draws paths of more than 500,000 coordinates",
        ),
        (
            svg_document('<g id="g0"/>' + "".join(f'<g id="g{n}"><use href="#g{n - 1}"/></g>' for n in range(1, 120))),
            "nests elements more than 100 deep (through <use> and images too)",
        ),
    ],
    ids=["elements", "use bomb", "coordinates", "use chain"],
)
def test_an_svg_that_would_take_minutes_is_refused_by_counting(figure: Figure, content: str, message: str) -> None:
    assert message in refusal(figure("fig.svg", content))


def test_an_svg_that_pulls_itself_in_through_another_is_refused(figure: Figure) -> None:
    spec = figure(
        "a.svg",
        svg_document('<image width="9" height="9" href="b.svg"/>'),
        **{"b.svg": svg_document('<image width="9" height="9" href="a.svg"/>')},
    )
    assert "refers back to 'a.svg', which pulls it in; a figure cannot contain itself (line 3 of 'b.svg')" in (
        refusal(spec)
    )


def test_an_svg_image_repeated_by_use_counts_each_time_it_is_drawn(figure: Figure) -> None:
    inner = svg_document('<rect width="1" height="1"/>' * 3000)
    spec = figure(
        "fig.svg",
        svg_document('<image id="i" width="9" height="9" href="inner.svg"/>' + '<use href="#i"/>' * 3),
        **{"inner.svg": inner},
    )
    assert "draws more than 10,000 elements" in refusal(spec)


# --- Rasters: whole, under the pixel limit, in figures, logos and data: addresses (items 9 and 14) ----


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("big.png", png_announcing(9_000, 9_000), "has more than 50,000,000 pixels (9,000 x 9,000); scale it down"),
        ("huge.png", png_announcing(20_000, 20_000), "has more than 50,000,000 pixels; scale it down"),
        ("cut.png", png_bytes((300, 200))[:-40], "is damaged or cut short ("),
        ("cut.jpg", png_bytes((300, 200), kind="JPEG")[:200], "is damaged or cut short ("),
        ("empty.png", png_announcing(0, 10), "is damaged or cut short ("),
        ("jpeg.png", png_bytes(kind="JPEG"), "is not a PNG file (its first bytes are wrong); export it again as PNG"),
        ("bits.png", png_announcing(10, 10, depth=3), "is damaged or cut short ("),
    ],
)
def test_a_raster_figure_is_decoded_whole_and_counted_before_the_build(
    figure: Figure, name: str, content: bytes, message: str
) -> None:
    found = refusal(figure(name, content))
    assert found.startswith(f"image '{name}' {message}"), found
    assert "BytesIO" not in found
    assert "0x" not in found


@pytest.mark.parametrize(
    ("image", "message"),
    [
        (data_uri(png_announcing(9000, 9000)), "embeds an image that has more than 50,000,000 pixels"),
        (data_uri(png_bytes((300, 200))[:-40]), "embeds an image that is damaged or cut short"),
        (data_uri(b"GIF89a" + b"\0" * 20), "embeds an image that is not a PNG or JPEG image"),
        ("data:image/png;base64,A", "embeds an image whose base64 data is broken"),
        ("gif.gif", "to a file it may not use: 'gif.gif' is not a PNG or JPEG image"),
    ],
)
def test_an_svg_embedded_image_is_held_to_the_same_bounds(figure: Figure, image: str, message: str) -> None:
    gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"
    spec = figure("fig.svg", svg_document(f'<image width="9" height="9" href="{image}"/>'), **{"gif.gif": gif})
    found = refusal(spec)
    assert message in found
    assert "line 3 of 'fig.svg'" in found


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('<image width="9" height="9" href="{tile}"/>' * 2, "has too many pixels (30 x 20): with the other images"),
        (
            '<image id="i" width="9" height="9" href="{tile}"/><use href="#i"/>',
            "draws images of more than 1,000 pixels",
        ),
    ],
    ids=["two images", "one image drawn twice"],
)
def test_the_pixels_of_every_image_in_an_svg_are_added_up(
    figure: Figure, monkeypatch: pytest.MonkeyPatch, body: str, message: str
) -> None:
    monkeypatch.setattr("briefgen.image_bounds.MAX_IMAGE_PIXELS", 1000)
    spec = figure("fig.svg", svg_document(body.format(tile=data_uri(png_bytes((30, 20))))))
    assert message in refusal(spec)


def test_a_theme_logo_is_held_to_the_pixel_limit_at_the_theme_field(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(png_announcing(10_000, 10_000))
    (tmp_path / "house.yaml").write_text("logo:\n  file: logo.png\n  place: footer\n", encoding="utf-8")
    spec = tmp_path / "brief.yaml"
    spec.write_text(yaml.safe_dump(minimal_spec(theme="house.yaml")), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(spec)])
    assert result.exit_code == 1
    assert f"{tmp_path / 'house.yaml'}:2:9: logo.file: image 'logo.png' has more than 50,000,000 pixels" in (
        result.stderr
    )


def test_check_and_build_report_a_broken_image_on_one_located_line(figure: Figure, tmp_path: Path) -> None:
    spec = figure("fig.svg", svg_document(size='width="1e400" height="100"'))
    out = tmp_path / "out"
    for args in (["check", str(spec)], ["build", "-o", str(out), str(spec)]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1, result.output
        errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
        assert errors[0].startswith(f"error: {spec}:6:12: {FIELD}: image 'fig.svg' has a number in its width"), errors
        assert "internal error" not in result.stderr
    assert not (out / "brief.pdf").exists()


def test_a_sparse_3_gb_png_is_refused_by_its_size_without_being_read(figure: Figure) -> None:
    spec = figure("huge.png", png_announcing(100, 100))
    with (spec.parent / "huge.png").open("r+b") as stream:  # sparse: no disk used, 3 GB to read
        stream.truncate(3 * 1024**3)
    assert refusal(spec) == (
        "image 'huge.png' is 3,221,225,472 bytes, over the limit of 52,428,800 (BRIEFGEN_MAX_IMAGE_BYTES)"
    )
