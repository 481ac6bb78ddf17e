"""The library: build() from a path, YAML text or a mapping; Options checked when made; the public names."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path
from typing import Any

import pypdf
import pytest

import briefgen
from briefgen import BriefWarning, OptionError, Options, SpecError, build
from conftest import REPO, SEED_SPEC, minimal_spec

SPEC_TEXT = """\
title: A Brief From Text
key_points: [The one point.]
sections:
  - heading: Only Section
    body: Some text.
"""


def _pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def test_build_of_yaml_text_returns_the_pdf_bytes() -> None:
    pdf = build(SPEC_TEXT)
    assert pdf.startswith(b"%PDF-")
    assert "A Brief From Text" in _pdf_text(pdf)


def test_build_of_a_mapping_applies_the_options() -> None:
    pdf = build(minimal_spec(title="From a Mapping"), options=Options(page_size="letter"))
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)
    assert "From a Mapping" in _pdf_text(pdf)


def test_build_of_bytes_and_of_a_path_give_the_same_pdf(tmp_path: Path) -> None:
    result = build(SEED_SPEC, tmp_path / "seed.pdf")
    assert result.output == tmp_path / "seed.pdf"
    assert result.pages >= 1
    assert build(SEED_SPEC.read_bytes()) == result.output.read_bytes() == build(str(SEED_SPEC))


def test_build_of_an_invalid_mapping_lists_every_problem() -> None:
    with pytest.raises(SpecError) as caught:
        build({"title": "", "key_point": ["x"]})
    fields = [problem.field for problem in caught.value.problems]
    assert {"title", "key_point", "key_points", "sections"} <= set(fields)
    assert str(caught.value).startswith("<mapping>:")


def test_warnings_of_a_pdf_returned_as_bytes_are_python_warnings(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every script prints now, so no real brief warns: the layout is made to.
    from briefgen.layout import brief

    real = brief.layout_brief

    def warning_layout(*args: Any, **kwargs: Any) -> Any:
        laid_out = real(*args, **kwargs)
        laid_out.warnings.append("a thing the PDF was built despite")
        return laid_out

    monkeypatch.setattr(brief, "layout_brief", warning_layout)
    with pytest.warns(BriefWarning, match="a thing the PDF was built despite"):
        build(minimal_spec())


def test_project_language_applies_only_to_specs_that_give_none() -> None:
    british = pypdf.PdfReader(io.BytesIO(build(SPEC_TEXT, options=Options(lang="en-GB"))))
    assert british.trailer["/Root"]["/Lang"] == "en-GB"
    own = pypdf.PdfReader(io.BytesIO(build(SPEC_TEXT + "lang: en-US\n", options=Options(lang="en-GB"))))
    assert own.trailer["/Root"]["/Lang"] == "en-US"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"page_size": "a5"}, "Options.page_size must be one of 'a4', 'letter', not 'a5'"),
        ({"page_size": "A4 "}, "Options.page_size must be one of 'a4', 'letter', not 'A4 '"),
        ({"theme": "prnt"}, "Options.theme must be one of 'default', 'modern', 'print' or a theme .yaml file"),
        ({"lang": "english"}, "Options.lang: 'english' is not a registered BCP 47 language tag; write the language's"),
        ({"pdfa": "yes"}, "Options.pdfa must be True or False, not 'yes'"),
        ({"watermark": 3}, "Options.watermark must be text, not 3"),
    ],
)
def test_invalid_options_raise_briefgens_own_error(values: dict[str, object], message: str) -> None:
    with pytest.raises(OptionError) as caught:
        Options(**values)  # type: ignore[arg-type]
    assert str(caught.value).startswith(message)
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, briefgen.BriefgenError)


def test_a_misspelt_theme_gets_a_did_you_mean() -> None:
    with pytest.raises(OptionError, match=r"did you mean 'print'\?"):
        Options(theme="prnt")


def test_a_spec_of_another_type_is_refused() -> None:
    with pytest.raises(OptionError, match="a spec is a path, YAML text or a mapping, not int"):
        build(42)  # type: ignore[call-overload]


def test_every_public_name_is_importable_and_documented() -> None:
    for name in briefgen.__all__:
        value = getattr(briefgen, name)
        assert name == "__version__" or name == "SpecSource" or value.__doc__, name
    assert sorted(dir(briefgen)) == sorted(briefgen.__all__)


def test_the_package_says_it_is_typed() -> None:
    assert (Path(briefgen.__file__).parent / "py.typed").is_file()


def test_readme_library_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## As a library", 1)[1]
    example = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert example is not None
    code = example.group(1)
    assert len(code.strip().splitlines()) <= 10, "the README promises a ten-line example"
    shutil.copytree(REPO / "specs", tmp_path / "specs")
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {})
    assert "Sanctions" in _pdf_text((tmp_path / "sanctions.pdf").read_bytes())
    assert (tmp_path / "output" / "treaty.pdf").read_bytes().startswith(b"%PDF-")
