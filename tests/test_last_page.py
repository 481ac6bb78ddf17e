"""A last page of a few lines is pulled back by tightening within the theme's bounds, or accepted; read back."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path
from typing import Any

import pdfplumber
import pypdf
import pytest

from briefgen import Options, build
from briefgen.compose import render_brief
from briefgen.load.theme_file import default_theme
from briefgen.style.tightening import tightenings
from conftest import minimal_spec
from helpers_blocks import write
from helpers_pdfua import check_pdfua

THEME = default_theme()
SENTENCE = "The parties agree to consult each other on matters of common interest before the next meeting. "
OFF = dataclasses.replace(THEME, last_page=dataclasses.replace(THEME.last_page, pull_back=False))


def spec(sentences: int, per_paragraph: int = 4) -> dict[str, Any]:
    """Return a spec of ``sentences`` sentences in paragraphs of up to four, in three sections, and two references."""
    paragraphs = [SENTENCE * min(per_paragraph, sentences - start) for start in range(0, sentences, per_paragraph)]
    bodies = ["\n\n".join(paragraphs[n::3]) for n in range(3)]
    return minimal_spec(
        summary="What the agreement says, and what it does not.",
        sections=[{"heading": f"Part {n + 1}", "body": body} for n, body in enumerate(bodies)],
        references=[
            {"title": f"Source {n}", "publisher": "Publisher", "url": f"https://example.org/{n}"} for n in (1, 2)
        ],
    )


@pytest.fixture(scope="module")
def stranded() -> dict[str, Any]:
    """Return the shortest spec that spills onto a second page: a few lines there, untightened."""
    import yaml

    from briefgen.load.spec import parse_spec

    for sentences in range(20, 120, 2):
        candidate = spec(sentences)
        brief = parse_spec(yaml.safe_dump(candidate).encode(), Path("brief.yaml"))
        pdf, _ = render_brief(brief, OFF)
        if pdf.pages == 2:
            assert pdf.last_page_fill < THEME.last_page.stranded
            return candidate
    raise AssertionError("no spec of 20 to 120 sentences reaches a second page; widen the search")


def build_with(folder: Path, content: dict[str, Any], theme_text: str | None = None) -> Path:
    path = write(folder, content)
    theme = None
    if theme_text is not None:
        theme = folder / "theme.yaml"
        theme.write_text(theme_text, encoding="utf-8")
    return build(path, folder / "brief.pdf", options=Options(theme=theme)).output


def assert_clean(pdf: Path) -> None:
    """Fail if a body line is outside the text area or overlaps the line above it."""
    width, height = THEME.page
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            # Not the footer, nor the space a justified line ends with (drawn past the measure, for extraction).
            body = [c for c in page.chars if c["size"] > THEME.body_size - 3 and c["text"] != " "]
            outside = [
                (c["text"], round(c["top"]), round(c["x0"]))
                for c in body
                if c["top"] < THEME.margin_top - 0.5
                or c["bottom"] > height - THEME.margin_bottom + 0.5
                or c["x0"] < THEME.margin_left - 0.5
                or c["x1"] > width - THEME.margin_right + 0.5
            ]
            assert not outside
            lines: dict[float, tuple[float, float]] = {}
            for char in body:
                top, bottom = lines.get(round(char["top"]), (char["top"], char["bottom"]))
                lines[round(char["top"])] = (min(top, char["top"]), max(bottom, char["bottom"]))
            spans = sorted(lines.values())
            for (_, bottom), (next_top, _) in itertools.pairwise(spans):
                assert bottom <= next_top + 0.5, f"lines overlap on page {page.page_number}"


def test_a_stranded_last_page_is_pulled_back_and_stays_clean(tmp_path: Path, stranded: dict[str, Any]) -> None:
    pdf = build_with(tmp_path, stranded)
    assert len(pypdf.PdfReader(pdf).pages) == 1
    assert_clean(pdf)
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    assert " ".join(text.replace("\u00ad\n", "").replace("-\n", "").split()).count(SENTENCE.strip()) == sum(
        section["body"].count(SENTENCE.strip()) for section in stranded["sections"]
    )
    assert "Source 2" in text  # the references, last, are on the page
    assert not check_pdfua(pdf)


def test_a_retried_layout_reuses_the_breakings_and_gives_the_same_pdf(
    stranded: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import yaml

    from briefgen.layout import breaking_memo, paragraphs
    from briefgen.load.spec import parse_spec

    brief = parse_spec(yaml.safe_dump(stranded).encode(), Path("brief.yaml"))
    broken: list[int] = []
    original = paragraphs.break_points

    def counted(*args: Any) -> Any:
        broken.append(1)
        return original(*args)

    monkeypatch.setattr(paragraphs, "break_points", counted)
    breaking_memo.forget_all()
    reused, _ = render_brief(brief, THEME)
    with_memo = len(broken)
    broken.clear()
    monkeypatch.setattr(paragraphs, "remembered", lambda key: None)  # every layout breaks every paragraph anew
    afresh, _ = render_brief(brief, THEME)
    assert reused.pages == 1  # pulled back: laid out at least twice
    assert with_memo < len(broken)
    assert reused.data == afresh.data


EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "specs").rglob("*.yaml"))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
def test_a_layout_measured_without_drawing_has_the_pages_of_the_one_drawn(example: Path) -> None:
    from briefgen.compose import typeset
    from briefgen.layout.brief import layout_brief
    from briefgen.load.spec import parse_spec
    from briefgen.pdf.document import draw_pdf

    brief = parse_spec(example.read_bytes(), example)
    brief = typeset(brief, THEME)
    for look in [THEME, *tightenings(THEME)]:
        measured, drawn = layout_brief(brief, look), layout_brief(brief, look)
        pages = draw_pdf(
            measured.story,
            brief,
            look,
            structure=measured.structure,
            destinations=measured.destinations,
            drawing=False,
        )
        pdf = draw_pdf(drawn.story, brief, look, structure=drawn.structure, destinations=drawn.destinations)
        assert (pages.pages, pages.last_page_fill) == (pdf.pages, pdf.last_page_fill)


def test_the_tries_are_measured_and_only_the_layout_kept_is_drawn(
    stranded: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import yaml

    from briefgen.compose import typeset
    from briefgen.layout.brief import layout_brief
    from briefgen.load.spec import parse_spec
    from briefgen.pdf import document

    brief = typeset(parse_spec(yaml.safe_dump(stranded).encode(), Path("brief.yaml")), THEME)

    def drawn(look: Any) -> Any:
        laid_out = layout_brief(brief, look)
        return document.draw_pdf(laid_out.story, brief, look, structure=laid_out.structure)

    # The rule, every try drawn: the tightest first; if it pulls the page back, the least change that does.
    first, tighter = drawn(THEME), tightenings(THEME)
    tightest = drawn(tighter[-1])
    assert tightest.pages < first.pages
    expected = next((pdf for look in tighter[:-1] if (pdf := drawn(look)).pages == tightest.pages), tightest)
    draws: list[int] = []
    original = document.draw_pdf

    def counted(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("drawing", True):
            draws.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(document, "draw_pdf", counted)
    pdf, _ = render_brief(brief, THEME)
    assert len(draws) == 2  # the first layout, and the one kept
    assert pdf.data == expected.write().data


def test_with_pull_back_off_the_last_page_is_kept(tmp_path: Path, stranded: dict[str, Any]) -> None:
    pdf = build_with(tmp_path, stranded, "name: loose\nlast_page: {pull_back: false}\n")
    assert len(pypdf.PdfReader(pdf).pages) == 2
    assert_clean(pdf)


def test_a_last_page_that_the_bounds_cannot_pull_back_is_accepted(tmp_path: Path, stranded: dict[str, Any]) -> None:
    pdf = build_with(tmp_path, stranded, "name: firm\nlast_page: {spacing: 1, reference_leading: 0}\n")
    assert len(pypdf.PdfReader(pdf).pages) == 2


def test_tightenings_stay_within_the_theme_bounds() -> None:
    look = THEME.last_page
    themes = tightenings(THEME)
    assert len(themes) == 3
    styles = {style.name: style for style in THEME.styles}
    for tighter in themes:
        for style in tighter.styles:
            before = styles[style.name]
            assert style.size == before.size
            assert style.space_after >= before.space_after * look.spacing - 1e-9
            assert style.space_before >= before.space_before * look.spacing - 1e-9
            assert style.leading >= before.leading - look.reference_leading - 1e-9
            if style.name != "reference":
                assert style.leading == before.leading
        assert (tighter.margin_left, tighter.margin_top, tighter.body_size) == (
            THEME.margin_left,
            THEME.margin_top,
            THEME.body_size,
        )
    assert tightenings(OFF) == []


def test_a_brief_in_a_pack_is_pulled_back_as_it_is_alone(tmp_path: Path, stranded: dict[str, Any]) -> None:
    import datetime as dt

    from briefgen.load.pack_file import pack_from_specs
    from briefgen.pack.build import build_pack

    alone = build_with(tmp_path, stranded)
    assert len(pypdf.PdfReader(alone).pages) == 1
    specs = [
        write(tmp_path, stranded, "stranded.yaml"),
        write(tmp_path, minimal_spec(title="Short Brief"), "short.yaml"),
    ]
    pack = pack_from_specs(specs, "Committee", date=dt.date(2024, 12, 3), location="Room 4", duplex=False)
    output = tmp_path / "pack.pdf"
    build_pack(pack, output)
    texts = [page.extract_text() or "" for page in pypdf.PdfReader(output).pages]
    # The stranded brief's one page, then the short brief's: no page left with the stranded brief's last lines.
    firsts = [n for n, text in enumerate(texts) if "Page 1 of 1" in " ".join(text.split())]
    assert len(firsts) == 2
    assert firsts[1] == firsts[0] + 1
    alone_text = " ".join((pypdf.PdfReader(alone).pages[0].extract_text() or "").split())
    assert alone_text.split("Page 1 of 1")[0].strip()[-60:] in " ".join(texts[firsts[0]].split())


def _tries(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Count the layouts from now on: True for one drawn, False for one laid out only."""
    from briefgen.pdf import document

    done: list[bool] = []
    original = document.draw_pdf

    def counted(*args: Any, **kwargs: Any) -> Any:
        done.append(kwargs.get("drawing", True))
        return original(*args, **kwargs)

    monkeypatch.setattr(document, "draw_pdf", counted)
    return done


def _typeset_stranded(stranded: dict[str, Any]) -> Any:
    import yaml

    from briefgen.compose import typeset
    from briefgen.load.spec import parse_spec

    return typeset(parse_spec(yaml.safe_dump(stranded).encode(), Path("brief.yaml")), THEME)


def _drawn(brief: Any, look: Any) -> Any:
    from briefgen.layout.brief import layout_brief
    from briefgen.pdf.document import draw_pdf

    laid_out = layout_brief(brief, look)
    return draw_pdf(laid_out.story, brief, look, structure=laid_out.structure, destinations=laid_out.destinations)


@pytest.mark.parametrize("last_kept", [True, False], ids=["kept", "not kept"])
def test_the_last_looser_theme_is_drawn_as_it_is_tried(
    stranded: dict[str, Any], monkeypatch: pytest.MonkeyPatch, last_kept: bool
) -> None:
    from briefgen.style import tightening

    brief = _typeset_stranded(stranded)
    full, tightest = tightenings(THEME)[1:]
    # Loosened so little that they keep the last page: the last looser is kept only when it is the full spacing.
    barely = dataclasses.replace(THEME.last_page, spacing=0.998, reference_leading=0)
    hardly = tightenings(dataclasses.replace(THEME, last_page=barely))[:2]  # spacing 0.999, then 0.998
    tries = [hardly[0], full if last_kept else hardly[1], tightest]
    assert [_drawn(brief, look).pages for look in tries] == [2, 1 if last_kept else 2, 1]
    expected = _drawn(brief, tries[1] if last_kept else tightest).write().data
    monkeypatch.setattr(tightening, "tightenings", lambda theme: tries)
    done = _tries(monkeypatch)
    pdf, _ = render_brief(brief, THEME)
    # The first layout; the tightest and the first looser laid out only; the last looser drawn as it is tried,
    # and when it does not save the page, the tightest drawn after it.
    assert done == [True, False, False, True] + ([] if last_kept else [True])
    assert pdf.data == expected


@pytest.fixture(scope="module")
def stranded_by_references() -> dict[str, Any]:
    """Return the shortest spec with twelve references that spills a few lines onto a second page."""
    import yaml

    from briefgen.load.spec import parse_spec

    references = [{"title": f"Source {n}", "publisher": "Press", "url": f"https://example.org/{n}"} for n in range(12)]
    for sentences in range(9, 60):
        candidate = spec(sentences) | {"references": references}
        brief = parse_spec(yaml.safe_dump(candidate).encode(), Path("brief.yaml"))
        pdf, _ = render_brief(brief, OFF)
        if pdf.pages == 2:
            assert pdf.last_page_fill < THEME.last_page.stranded
            return candidate
    raise AssertionError("no spec of 9 to 60 sentences reaches a second page; widen the search")


@pytest.mark.parametrize(
    ("spacing", "reference_leading", "spec_name", "after_tightest"),
    [
        (1.0, 0.0, "stranded", None),  # nothing tightens: not even the tightest is tried
        # Only the references' leading tightens, and saves the page: no looser theme is laid out, the tightest drawn.
        (1.0, 3.0, "stranded_by_references", [True]),
        (0.6, 0.0, "stranded", [False, True]),  # the full spacing is the tightest: the halfway tried, then one drawn
    ],
)
def test_a_tighter_theme_equal_to_one_laid_out_is_not_laid_out_again(
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    spacing: float,
    reference_leading: float,
    spec_name: str,
    after_tightest: list[bool] | None,
) -> None:
    bounds = dataclasses.replace(THEME.last_page, spacing=spacing, reference_leading=reference_leading)
    look = dataclasses.replace(THEME, last_page=bounds)
    brief = _typeset_stranded(request.getfixturevalue(spec_name))
    # The rule, every try drawn: the tightest first; if it pulls the page back, the least change that does.
    pages, tighter = _drawn(brief, look).pages, tightenings(look)
    fewest = _drawn(brief, tighter[-1]).pages
    kept = next(theme for theme in tighter if _drawn(brief, theme).pages == fewest) if fewest < pages else look
    expected = _drawn(brief, kept).write().data
    done = _tries(monkeypatch)
    pdf, _ = render_brief(brief, look)
    if after_tightest is None:
        assert done == [True]
    else:
        if spec_name == "stranded_by_references":
            assert fewest < pages  # the references' leading alone saves their page
        assert done == [True, False] + (after_tightest if fewest < pages else [])
    assert pdf.data == expected


@pytest.fixture(scope="module")
def stranded_with_room() -> dict[str, Any]:
    """Return the shortest spec of one-sentence paragraphs (much spacing to tighten) that strands a few lines.

    The tightest theme pulls its page back with at least as much room to spare as the stranded page held.
    """
    for sentences in range(9, 80):
        candidate = spec(sentences, per_paragraph=1)
        del candidate["references"]
        brief = _typeset_stranded(candidate)
        first = _drawn(brief, THEME)
        if first.pages == 2:
            assert first.last_page_fill < THEME.last_page.stranded
            pulled_back = _drawn(brief, tightenings(THEME)[-1])
            assert pulled_back.pages == 1
            assert 1 - pulled_back.last_page_fill >= first.last_page_fill, "no room: find another spec"
            return candidate
    raise AssertionError("no spec of 9 to 80 sentences reaches a second page; widen the search")


@pytest.mark.parametrize("halfway_kept", [True, False], ids=["kept", "not kept"])
def test_the_halfway_theme_is_drawn_as_it_is_tried_when_the_tightest_left_room_for_it(
    stranded_with_room: dict[str, Any], monkeypatch: pytest.MonkeyPatch, halfway_kept: bool
) -> None:
    from briefgen.style import tightening

    brief = _typeset_stranded(stranded_with_room)
    halfway, full, tightest = tightenings(THEME)
    barely = dataclasses.replace(THEME.last_page, spacing=0.998, reference_leading=0)
    hardly = tightenings(dataclasses.replace(THEME, last_page=barely))[0]  # saves nothing
    tries = [halfway if halfway_kept else hardly, full, tightest]
    assert [_drawn(brief, look).pages for look in tries] == [1 if halfway_kept else 2, 1, 1]
    expected = _drawn(brief, halfway if halfway_kept else full).write().data
    monkeypatch.setattr(tightening, "tightenings", lambda theme: tries)
    done = _tries(monkeypatch)
    pdf, _ = render_brief(brief, THEME)
    # The first layout; the tightest laid out only; the halfway drawn as it is tried; when it does not save
    # the page after all, the next drawn as it is tried (the theme kept is the rule's either way).
    assert done == [True, False, True] + ([] if halfway_kept else [True])
    assert pdf.data == expected
