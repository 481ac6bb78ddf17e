"""A brief laid out again to pull back its last page shapes and breaks each paragraph once, and prints the same."""

from __future__ import annotations

import contextlib
import dataclasses
from pathlib import Path
from typing import Any

import pypdf
import pytest
import yaml

from briefgen import compose
from briefgen.layout import brief as brief_layout
from briefgen.layout import shaped_paragraph, shaping_memo
from briefgen.load.spec import parse_spec
from briefgen.load.theme_file import default_theme
from briefgen.model import Brief
from briefgen.pdf import shaping
from conftest import minimal_spec

THEME = default_theme()
OFF = dataclasses.replace(THEME, last_page=dataclasses.replace(THEME.last_page, pull_back=False))
# Korean, so that every paragraph is shaped (ReportLab's paragraphs set none of it).
SENTENCE = "양국은 다음 회의 전에 공동 관심사에 대해 서로 협의하기로 합의했다. "


def korean_brief(sentences: int) -> Brief:
    paragraphs = [SENTENCE * min(4, sentences - start) for start in range(0, sentences, 4)]
    content = minimal_spec(
        lang="ko",
        title="북러 조약의 의미",
        key_points=["조약은 상호 방위 조항을 담고 있다."],
        sections=[{"heading": f"제{n + 1}부", "body": "\n\n".join(paragraphs[n::3])} for n in range(3)],
    )
    return parse_spec(yaml.safe_dump(content, allow_unicode=True).encode(), Path("brief.yaml"))


@pytest.fixture(scope="module")
def stranded() -> Brief:
    """Return the shortest Korean brief that strands a few lines on a second page, which tightening pulls back."""
    for sentences in range(20, 160, 2):
        brief = korean_brief(sentences)
        pdf, _ = compose.render_brief(brief, OFF)
        stranding = pdf.pages == 2 and pdf.last_page_fill < THEME.last_page.stranded
        if stranding and compose.render_brief(brief, THEME)[0].pages == 1:
            return brief
    raise AssertionError("no Korean brief of 20 to 160 sentences is pulled back onto one page; widen the search")


@pytest.fixture
def shaped(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the text of every paragraph shaped."""
    texts: list[str] = []
    original = shaping.shape_text

    def counted(spans: Any, *args: Any) -> Any:
        texts.append("".join(span.text for span in spans))
        return original(spans, *args)

    monkeypatch.setattr(shaping, "shape_text", counted)
    return texts


def test_a_pulled_back_brief_shapes_each_paragraph_once(stranded: Brief, shaped: list[str]) -> None:
    layouts: list[int] = []
    original = brief_layout.layout_brief

    def counted(*args: Any, **kwargs: Any) -> Any:
        layouts.append(1)
        return original(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(brief_layout, "layout_brief", counted)
        pdf, _ = compose.render_brief(stranded, THEME)
    assert pdf.pages == 1
    assert len(layouts) >= 2  # laid out in the theme, then in a tighter one
    assert len(shaped) == len(set(shaped))  # ... and yet no paragraph shaped twice
    assert any(SENTENCE.strip() in text for text in shaped)


def test_the_lines_remembered_are_the_lines_broken_anew(stranded: Brief, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same PDF, byte for byte, with the memo and without it (each try shaping and breaking afresh)."""
    remembered, _ = compose.render_brief(stranded, THEME)
    monkeypatch.setattr(shaping_memo, "remembering", contextlib.nullcontext)
    broken_anew, _ = compose.render_brief(stranded, THEME)
    assert remembered.data == broken_anew.data
    text = "".join(page.extract_text() for page in pypdf.PdfReader(_stream(remembered.data)).pages)
    assert "북러 조약의 의미" in text
    assert SENTENCE.strip()[:20] in text


def test_each_measure_is_broken_once_and_outside_a_render_nothing_is_kept(
    monkeypatch: pytest.MonkeyPatch, shaped: list[str]
) -> None:
    from briefgen.style.font_choice import face_chain
    from briefgen.style.stylesheet import stylesheet
    from briefgen.style.theme import SANS

    style = stylesheet(THEME)["body"]
    spans = [shaping.Span(SENTENCE * 6)]

    def chain(weight: str) -> Any:
        return face_chain((), SANS, weight)

    broken: list[float] = []
    from briefgen.layout.shaped_lines import break_lines as original

    def counted(shaped: Any, measure: float, **kwargs: Any) -> Any:
        broken.append(measure)
        return original(shaped, measure, **kwargs)

    monkeypatch.setattr("briefgen.layout.shaped_paragraph.break_lines", counted)
    with shaping_memo.remembering():
        first = shaped_paragraph.ShapedParagraph(spans, style, chain, lang="ko")
        lines = first.wrap(300, 1000)
        again = shaped_paragraph.ShapedParagraph(spans, style, chain, lang="ko")
        assert again.shaped is first.shaped
        assert again.wrap(300, 1000) == lines
        assert again.lines == first.lines
        again.wrap(200, 1000)
    assert broken == [300, 200]
    assert len(shaped) == 1
    outside = shaped_paragraph.ShapedParagraph(spans, style, chain, lang="ko")
    assert outside.shaped is not first.shaped
    assert len(shaped) == 2


def _stream(data: bytes) -> Any:
    import io

    return io.BytesIO(data)


def test_a_pulled_back_brief_parses_each_paragraph_s_markup_once(stranded: Brief) -> None:
    from briefgen.text import markup

    parsed: list[str] = []
    original = markup.parse_inline

    def counted(text: str) -> Any:
        if text:  # others parse empty fields
            parsed.append(text)
        return original(text)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(markup, "parse_inline", counted)
        remembered, _ = compose.render_brief(stranded, THEME)
        assert len(parsed) == len(set(parsed))  # two layouts or more, each paragraph's markup read once
        parsed.clear()
        patch.setattr(shaping_memo, "remembering", contextlib.nullcontext)
        anew, _ = compose.render_brief(stranded, THEME)
    assert len(parsed) > len(set(parsed))  # without the memo, every layout reads it again
    assert remembered.data == anew.data
