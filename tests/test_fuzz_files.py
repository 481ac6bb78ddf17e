"""Generated files beyond the spec: SVG documents, PNG and JPEG headers, pack files and manifests (issue 21).

Each example runs in a forked child (helpers_fuzz): it may not crash, hang
past ten seconds, take more than a gibibyte, or open a sentinel file
outside the allowed folders; a build or check ends with exit 0 or 1 and
one-line errors, never a traceback or an internal error. A sentinel's text
must never reach a PDF either (svglib opens SVG files from C, out of the
audit hook's sight). The number of examples is bounded, and hypothesis is
derandomized, so the suite runs the same examples every time.
"""

from __future__ import annotations

import base64
import io
import json
import os
import struct
import time
import zlib
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from PIL import Image

import briefgen.cli
import briefgen.compose
import briefgen.pdf.images
from conftest import minimal_spec
from helpers_fuzz import assert_bounded, assert_cli_clean, cli_outcome, isolated
from helpers_hostile import svg_document

SECRET = "SECRETWORDS"
# Imported here, before any example forks, so that no child spends its ten seconds importing them.
_PRELOADED = (briefgen.cli, briefgen.compose, briefgen.pdf.images, __import__("svglib.svglib"), __import__("pypdf"))
# A longer, fresh pass: BRIEFGEN_FUZZ_EXAMPLES=500 pytest tests/test_fuzz_files.py (examples then vary by run).
_LONG = int(os.environ.get("BRIEFGEN_FUZZ_EXAMPLES", "0"))
FUZZ = settings(
    max_examples=_LONG or 12, deadline=None, derandomize=not _LONG, suppress_health_check=[HealthCheck.too_slow]
)

# --- The project each example runs in: allowed folders, traps inside them, sentinels outside ---------


def _project(root: Path) -> dict[str, Path]:
    """Make root/project/{specs,packs} and root/outside; return the paths examples refer to."""
    specs = root / "project" / "specs"
    (specs / "figures").mkdir(parents=True)
    (root / "project" / "packs").mkdir()
    outside = root / "outside"
    outside.mkdir()
    Image.new("RGB", (30, 20), (255, 0, 255)).save(outside / "secret.png")
    (outside / "secret.svg").write_text(svg_document(f'<text id="t" x="5" y="30">{SECRET}</text>'), encoding="utf-8")
    (outside / "secret.yaml").write_text(yaml.safe_dump(minimal_spec(title=SECRET)), encoding="utf-8")
    (outside / "secret.json").write_text("{}", encoding="utf-8")
    figures = specs / "figures"
    Image.new("RGB", (30, 20), (0, 90, 200)).save(figures / "tile.png")
    os.mkfifo(figures / "pipe.png")
    (figures / "zero.png").symlink_to("/dev/zero")
    (figures / "escape.png").symlink_to(outside / "secret.png")
    (specs / "good.yaml").write_text(yaml.safe_dump(minimal_spec(title="Good")), encoding="utf-8")
    os.mkfifo(specs / "pipe.yaml")
    return {"root": root, "specs": specs, "figures": figures, "outside": outside}


def _sentinels(paths: dict[str, Path]) -> list[Path]:
    return sorted(paths["outside"].iterdir())


def _spec_with_figure(paths: dict[str, Path], image: str, **overrides: Any) -> Path:
    figure = {"type": "figure", "image": image, "caption": "A figure."}
    spec = minimal_spec(sections=[{"heading": "H", "body": "Text.", "blocks": [figure]}], **overrides)
    path = paths["specs"] / "brief.yaml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    return path


def _check_and_build(spec: Path, out: Path) -> dict[str, Any]:
    """In the child: check and build ``spec``; return both outcomes and the built PDF's text."""
    checked = cli_outcome("check", str(spec))
    built = cli_outcome("build", "-o", str(out), str(spec))
    text = ""
    pdf = out / spec.with_suffix(".pdf").name
    if pdf.exists():
        import pypdf

        text = " ".join(page.extract_text() or "" for page in pypdf.PdfReader(pdf).pages)
    return {"check": checked, "build": built, "text": text, "pdf": pdf.exists()}


def _assert_built_or_refused(report_value: dict[str, Any], what: str) -> None:
    event(f"{what}: {'built' if report_value['pdf'] else 'refused'}")  # --hypothesis-show-statistics
    assert_cli_clean(report_value["check"], f"check {what}")
    assert_cli_clean(report_value["build"], f"build {what}")
    assert SECRET not in report_value["text"], f"{what}: a sentinel's text reached the PDF"
    # What check refuses, build refuses (and builds nothing); what build refuses for layout, check may pass.
    if report_value["check"]["code"] == 1:
        assert report_value["build"]["code"] == 1, what
        assert not report_value["pdf"], what
    assert report_value["pdf"] == (report_value["build"]["code"] == 0), what


def test_the_isolation_catches_a_hang_a_memory_blowup_and_a_read_outside(tmp_path: Path) -> None:
    sentinel = tmp_path / "sentinel.txt"
    sentinel.write_text("secret", encoding="utf-8")
    assert isolated(sentinel.read_text, [sentinel]).opened_outside == [str(sentinel)]
    assert isolated(lambda: len(bytearray(2 * 1024**3)), [sentinel]).crash.strip().endswith("MemoryError")
    assert "TimeoutError" in isolated(lambda: time.sleep(30), [sentinel], seconds=1).crash
    assert isolated(lambda: 42, [sentinel]).value == 42


# --- PNG and JPEG: headers with any dimensions and bit depths, cut short, damaged ------------------------


def _chunk(kind: bytes, data: bytes, good_crc: bool = True) -> bytes:
    crc = zlib.crc32(kind + data) if good_crc else 0xDEADBEEF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


@st.composite
def png_bytes(draw: st.DrawFn) -> bytes:
    """A PNG whose header says anything: sizes up to 2**32-1, any bit depth and colour type, cut short anywhere."""
    side = st.one_of(st.integers(0, 48), st.sampled_from([1, 7000, 9000, 20000, 65535, 2**31 - 1, 2**32 - 1]))
    width, height = draw(side), draw(side)
    depth = draw(st.sampled_from([0, 1, 2, 4, 8, 16, 3, 5, 32]))
    colour = draw(st.sampled_from([0, 2, 3, 4, 6, 1, 5, 7]))
    header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, draw(st.sampled_from([0, 1, 2])))
    rows = draw(st.one_of(st.binary(max_size=48), st.integers(0, 2000).map(lambda n: b"\0" * n)))
    chunks = [_chunk(b"IHDR", header, draw(st.sampled_from([True, True, False])))]
    if draw(st.booleans()):
        chunks.append(_chunk(b"PLTE", draw(st.binary(min_size=3, max_size=48))))
    if draw(st.booleans()):
        chunks.append(_chunk(b"tRNS", draw(st.binary(max_size=8))))
    chunks.append(_chunk(b"IDAT", zlib.compress(rows) if draw(st.booleans()) else rows, draw(st.booleans())))
    chunks.append(_chunk(b"IEND", b""))
    data = b"\x89PNG\r\n\x1a\n" + b"".join(chunks)
    cut = draw(st.one_of(st.none(), st.integers(8, max(8, len(data)))))
    return data if cut is None else data[:cut]


def _jpeg(mode: str, **options: Any) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, (24, 16), 120 if mode == "L" else None).save(buffer, "JPEG", **options)
    return buffer.getvalue()


_JPEGS = [_jpeg("L"), _jpeg("RGB"), _jpeg("CMYK"), _jpeg("RGB", progressive=True)]


@st.composite
def jpeg_bytes(draw: st.DrawFn) -> bytes:
    """A real small JPEG with its frame header's size rewritten, bytes flipped, or cut short."""
    data = bytearray(draw(st.sampled_from(_JPEGS)))
    frame = max(data.find(b"\xff\xc0"), data.find(b"\xff\xc2"))
    if frame > 0 and draw(st.booleans()):
        side = st.one_of(st.integers(0, 64), st.sampled_from([0, 9000, 65535]))
        data[frame + 5 : frame + 9] = struct.pack(">HH", draw(side), draw(side))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(data) - 1))
        data[at] = draw(st.integers(0, 255))
    cut = draw(st.one_of(st.none(), st.integers(2, len(data))))
    return bytes(data if cut is None else data[:cut])


def _encoded(mode: str, size: tuple[int, int], kind: str, options: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, kind, **options)
    return buffer.getvalue()


# Whole images in every mode and bit depth PNG and JPEG hold, for the drawing path to meet as often as the refusals.
_WHOLE = st.one_of(
    st.builds(
        _encoded,
        st.sampled_from(["1", "L", "LA", "P", "RGB", "RGBA", "I;16"]),
        st.tuples(st.integers(1, 64), st.integers(1, 64)),
        st.just("PNG"),
        st.sampled_from([{}, {"optimize": True}, {"bits": 4}]),
    ),
    st.builds(
        _encoded,
        st.sampled_from(["L", "RGB", "CMYK"]),
        st.tuples(st.integers(1, 64), st.integers(1, 64)),
        st.just("JPEG"),
        st.sampled_from([{}, {"progressive": True}, {"quality": 5}]),
    ),
)
RASTERS = st.one_of(_WHOLE, _WHOLE, png_bytes(), jpeg_bytes())


@FUZZ
@given(data=RASTERS, name=st.sampled_from(["fig.png", "fig.jpg"]), use=st.sampled_from(["figure", "logo", "data"]))
def test_any_png_or_jpeg_is_drawn_or_refused_within_bounds(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, name: str, use: str
) -> None:
    paths = _project(tmp_path_factory.mktemp("raster"))
    figures = paths["figures"]
    (figures / name).write_bytes(data)
    if use == "figure":
        spec = _spec_with_figure(paths, f"figures/{name}")
    elif use == "logo":
        (paths["specs"] / "house.yaml").write_text(f"logo:\n  file: figures/{name}\n  place: footer\n", "utf-8")
        spec = paths["specs"] / "brief.yaml"
        spec.write_text(yaml.safe_dump(minimal_spec(theme="house.yaml")), encoding="utf-8")
    else:
        kind = "png" if data.startswith(b"\x89PNG") else "jpeg"
        uri = f"data:image/{kind};base64,{base64.b64encode(data).decode()}"
        (figures / "fig.svg").write_text(svg_document(f'<image width="20" height="10" href="{uri}"/>'), "utf-8")
        spec = _spec_with_figure(paths, "figures/fig.svg")
    report = isolated(lambda: _check_and_build(spec, paths["root"] / "out"), _sentinels(paths))
    assert_bounded(report, f"{use} {name}")
    _assert_built_or_refused(report.value, f"{use} {name}")


# --- SVG documents: elements, references, sizes, numbers, transforms, CSS ----------------------------------

_GOOD_NUMBERS = st.one_of(st.integers(0, 300).map(str), st.floats(0.5, 300, allow_nan=False).map(lambda f: f"{f:.2f}"))
_NUMBERS = st.one_of(
    _GOOD_NUMBERS,
    _GOOD_NUMBERS,
    _GOOD_NUMBERS,
    st.integers(-50, 400).map(str),
    st.floats(allow_nan=True, allow_infinity=True, width=64).map(repr),
    st.sampled_from(["1e400", "-1e400", "NaN", "inf", "-Infinity", "1e-320", "0", "1e9", "1e10", "", "auto", "1 2"]),
    st.sampled_from(["100%", "10mm", "2in", "3em", "1e400px", "infpx", "-5", "5e-324", ".5.5", "1,2"]),
)
_TRANSFORMS = st.one_of(
    st.sampled_from(["translate(5 5)", "scale(2)", "rotate(30 10 10)", "matrix(1 0 0 1 3 3)", "skewX(10)"]),
    st.sampled_from(["translate(5 5)", "scale(0.5 2)", "rotate(-15)"]),
    st.sampled_from(["scale(0)", "scale(1e-300)", "matrix(0 0 0 0 0 0)", "rotate(45)", "rotate(1 2)", "scale(1 2 3)"]),
    st.sampled_from(["translate(1e308 1e308) scale(10)", "skewX(90)", "skewY(90) skewX(90)", "scale(2", "foo(1)"]),
    st.builds(
        lambda op, a, b: f"{op}({a} {b})",
        st.sampled_from(["scale", "translate", "matrix", "skewX"]),
        _NUMBERS,
        _NUMBERS,
    ),
)
_CSS = st.sampled_from(
    [
        "rect { fill: red }", ">>> { fill: red }", "@import url(x.css);", "text { font-size: 1e400px }",
        ".a { transform: scale(0) }", "* { stroke-width: nan }", "@namespace s url(x); s|rect {}", "", "/* open",
        "rect:nth-child(2n+1) { fill: blue }", "[x] { opacity: inf }",
    ]
)  # fmt: skip
_TAGS = [
    "rect", "circle", "ellipse", "line", "polyline", "polygon", "path", "text", "tspan", "g", "use", "image",
    "symbol", "defs", "svg", "clipPath", "linearGradient", "stop", "pattern", "a", "switch", "title", "unknown",
]  # fmt: skip
_NUMERIC_ATTRIBUTES = [
    "x", "y", "width", "height", "r", "cx", "cy", "rx", "ry", "x1", "y1", "x2", "y2", "stroke-width", "font-size",
    "opacity", "offset", "viewBox",
]  # fmt: skip


def _hrefs(paths: dict[str, Path]) -> st.SearchStrategy[str]:
    secret = paths["outside"]
    tile = base64.b64encode((paths["figures"] / "tile.png").read_bytes()).decode()
    return st.one_of(
        st.sampled_from(["#a", "#b", "inner.svg", "inner.svg#a", "tile.png"]),
        st.sampled_from(["#a", "#b", "#missing", "inner.svg", "inner.svg#a", "fig.svg#b", "tile.png", "pipe.png"]),
        st.sampled_from(["zero.png", "escape.png", "../../../outside/secret.png", "../../../outside/secret.svg#t"]),
        st.sampled_from([str(secret / "secret.png"), str(secret / "secret.svg"), "/dev/zero", "file:///etc/passwd"]),
        st.sampled_from([f"data:image/png;base64,{tile}", "data:image/png;base64,A", "data:image/gif;base64,R0lG"]),
        st.sampled_from(["DATA:image/png;base64,xx", "data:foo", "http://example.org/x.png", "nested/../tile.png"]),
        RASTERS.map(lambda data: f"data:image/png;base64,{base64.b64encode(data).decode()}"),
    )


def _element(hrefs: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    def attributes(tag: str) -> st.SearchStrategy[str]:
        pairs = st.dictionaries(st.sampled_from(_NUMERIC_ATTRIBUTES), _NUMBERS, max_size=4).map(
            lambda d: list(d.items())
        )
        extra = st.fixed_dictionaries(
            {},
            optional={
                "id": st.sampled_from(["a", "b", "c"]),
                "transform": _TRANSFORMS,
                "href": hrefs,
                "style": st.builds(lambda n: f"stroke-width: {n}", _NUMBERS),
                "class": st.just("a"),
            },
        )
        return st.builds(
            lambda numbers, named: "".join(f" {k}={quoteattr(v)}" for k, v in {**dict(numbers), **named}.items()),
            pairs,
            extra,
        )

    leaf = st.sampled_from(_TAGS).flatmap(lambda tag: attributes(tag).map(lambda attrs: f"<{tag}{attrs}>ab</{tag}>"))
    style = _CSS.map(lambda css: f"<style>{css.replace('>', '&gt;')}</style>")

    def nest(children: st.SearchStrategy[list[str]]) -> st.SearchStrategy[str]:
        return st.tuples(st.sampled_from(["g", "defs", "symbol", "svg", "a", "switch", "clipPath"]), children).flatmap(
            lambda pair: attributes(pair[0]).map(lambda attrs: f"<{pair[0]}{attrs}>{''.join(pair[1])}</{pair[0]}>")
        )

    return st.recursive(st.one_of(leaf, style), lambda children: nest(st.lists(children, max_size=4)), max_leaves=12)


@st.composite
def svg_files(draw: st.DrawFn, paths: dict[str, Path]) -> bytes:
    """An SVG document of any size and content, sometimes cut short or with bytes flipped."""
    size = draw(
        st.one_of(
            st.just('width="200" height="100"'),
            st.just('width="200" height="100"'),
            st.just('viewBox="0 0 300 150"'),
            st.builds(lambda w, h: f'width="{w}" height="{h}"', _NUMBERS, _NUMBERS),
            st.builds(lambda a, b: f'viewBox="0 0 {a} {b}"', _NUMBERS, _NUMBERS),
            st.just(""),
        )
    )
    body = "\n".join(draw(st.lists(_element(_hrefs(paths)), max_size=6)))
    data = bytearray(svg_document(body, size=size).encode())
    # Damaged now and then (hypothesis favours small draws: the undamaged case is the one it reaches first).
    if draw(st.integers(0, 9)) == 9:
        data = data[: draw(st.integers(0, len(data)))]
    for _ in range(draw(st.integers(0, 9)) // 8 * draw(st.integers(1, 3))):
        at = draw(st.integers(0, max(0, len(data) - 1)))
        data[at : at + 1] = bytes([draw(st.integers(0, 255))])
    return bytes(data)


@FUZZ
@given(data=st.data())
def test_any_svg_figure_is_drawn_or_refused_within_bounds(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    paths = _project(tmp_path_factory.mktemp("svg"))
    figures = paths["figures"]
    (figures / "fig.svg").write_bytes(data.draw(svg_files(paths), label="fig.svg"))
    (figures / "inner.svg").write_bytes(data.draw(svg_files(paths), label="inner.svg"))
    where = data.draw(st.sampled_from(["figure", "logo"]), label="use")
    if where == "figure":
        spec = _spec_with_figure(paths, "figures/fig.svg")
    else:
        (paths["specs"] / "house.yaml").write_text("logo:\n  file: figures/fig.svg\n  place: footer\n", "utf-8")
        spec = paths["specs"] / "brief.yaml"
        spec.write_text(yaml.safe_dump(minimal_spec(theme="house.yaml")), encoding="utf-8")
    report = isolated(lambda: _check_and_build(spec, paths["root"] / "out"), _sentinels(paths))
    assert_bounded(report, f"svg {where}")
    _assert_built_or_refused(report.value, f"svg {where}")


# --- Pack files: any agenda, fields of any type, specs anywhere ------------------------------------------

_SCALARS = st.one_of(st.text(max_size=12), st.integers(), st.booleans(), st.none(), st.floats(), st.dates())


def _pack_files(paths: dict[str, Path]) -> st.SearchStrategy[str]:
    specs = st.sampled_from(
        [
            "../specs/good.yaml", "../specs/missing.yaml", "../specs/pipe.yaml", "../specs", "good.yaml", "",
            "../specs/figures/zero.png", "../specs/brief.yaml", "../../outside/secret.json",
            str(paths["outside"] / "secret.json"),
        ]
    )  # fmt: skip
    item = st.fixed_dictionaries(
        {"spec": st.one_of(specs, specs, _SCALARS)},
        optional={"label": st.one_of(st.text(max_size=70), _SCALARS), "extra": _SCALARS},
    )
    pack = st.fixed_dictionaries(
        {"title": st.one_of(st.text(max_size=20), _SCALARS), "agenda": st.one_of(st.lists(item, max_size=4), _SCALARS)},
        optional={
            "date": st.one_of(st.dates(), _SCALARS),
            "classification": st.one_of(st.sampled_from(["OFFICIAL", "SECRET", ""]), _SCALARS),
            "duplex": _SCALARS,
            "page_size": st.one_of(st.sampled_from(["a4", "letter", "a5"]), _SCALARS),
            "theme": st.one_of(st.sampled_from(["print", "nope", "../specs/pipe.yaml", "house.yaml"]), _SCALARS),
            "agendas": _SCALARS,
        },
    )
    return st.one_of(
        pack.map(lambda p: yaml.safe_dump(p, allow_unicode=True)),
        st.text(max_size=80),
        st.just("title: M\nagenda:\n" + "  - spec: ../specs/good.yaml\n" * 201),
    )


@FUZZ
@given(data=st.data())
def test_any_pack_file_is_built_or_refused_within_bounds(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    paths = _project(tmp_path_factory.mktemp("pack"))
    pack = paths["root"] / "project" / "packs" / "p.yaml"
    pack.write_text(data.draw(_pack_files(paths), label="pack"), encoding="utf-8")
    out = paths["root"] / "out"

    def work() -> dict[str, Any]:
        return {
            "check": cli_outcome("check", str(pack)),
            "pack": cli_outcome("pack", str(pack), "-o", str(out / "p.pdf")),
        }

    report = isolated(work, _sentinels(paths))
    assert_bounded(report, "pack")
    assert_cli_clean(report.value["check"], "check pack")
    assert report.value["pack"]["code"] in (0, 1, 2), report.value["pack"]
    assert "Traceback" not in report.value["pack"]["stderr"]
    assert "internal error" not in report.value["pack"]["stderr"]


# --- Manifests: any JSON shape, through the public loader only -------------------------------------------

_JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=10)),
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=12,
)


def _manifest_shapes(paths: dict[str, Path]) -> st.SearchStrategy[str]:
    keys = st.sampled_from(
        ["brief.pdf", "../victim.pdf", "/abs/x.pdf", "a\x00b.pdf", "folder.pdf", "sub/../../x.pdf", "", "x" * 300]
    )
    uses = st.lists(
        st.fixed_dictionaries(
            {
                "path": st.one_of(
                    st.sampled_from(
                        ["/dev/zero", str(paths["specs"] / "pipe.yaml"), str(paths["outside"] / "secret.json")]
                    ),
                    _JSON,
                ),
                "size": st.one_of(st.integers(-1, 10**12), _JSON),
                "mtime_ns": st.one_of(st.integers(), _JSON),
                "digest": st.one_of(st.text(max_size=64), _JSON),
            }
        ),
        max_size=2,
    )
    entry = st.fixed_dictionaries(
        {},
        optional={
            "spec": st.one_of(st.just(str(paths["specs"] / "good.yaml")), _JSON),
            "inputs": _JSON,
            "pdf": _JSON,
            "size": st.one_of(st.integers(), _JSON),
            "mtime_ns": _JSON,
            "uses": st.one_of(uses, _JSON),
        },
    )
    document = st.fixed_dictionaries(
        {},
        optional={
            "version": st.one_of(st.integers(0, 3), _JSON),
            "outputs": st.one_of(st.dictionaries(keys, st.one_of(entry, _JSON), max_size=3), _JSON),
        },
    )
    # "deep" stands for 100,000 nested lists, written only when the file is (hypothesis would print it whole).
    return st.one_of(document.map(json.dumps), _JSON.map(json.dumps), st.text(max_size=40), st.just("deep"))


@settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_manifest_loads_or_is_set_aside_within_bounds(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    paths = _project(tmp_path_factory.mktemp("manifest"))
    out = paths["root"] / "out"
    out.mkdir()
    text = data.draw(_manifest_shapes(paths), label="manifest")
    (out / ".briefgen-manifest.json").write_text("[" * 100_000 + "]" * 100_000 if text == "deep" else text, "utf-8")

    def work() -> list[str]:
        from briefgen.batch.manifest import Manifest

        manifest = Manifest(out)
        manifest.get(out / "brief.pdf")
        return [str(pdf) for pdf, _entry in manifest.stale()]

    report = isolated(work, _sentinels(paths))
    assert_bounded(report, "manifest")
