"""A theme's type scale: named styles, their parents, and lengths written relative to the body text."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.errors import SpecError
from briefgen.load.theme_file import default_theme, load_theme
from briefgen.style.theme import STYLE_DESCRIPTIONS, TextStyle, Theme


def theme_at(folder: Path, text: str) -> Theme:
    path = folder / "house.yaml"
    path.write_text(text, encoding="utf-8")
    return load_theme(path)


def problems(folder: Path, text: str) -> list[str]:
    with pytest.raises(SpecError) as caught:
        theme_at(folder, text)
    return [p.describe("house.yaml") for p in caught.value.problems]


def style(theme: Theme, name: str) -> TextStyle:
    return next(s for s in theme.styles if s.name == name)


def test_every_style_the_layout_uses_is_resolved_in_full() -> None:
    theme = default_theme()
    assert [s.name for s in theme.styles] == list(STYLE_DESCRIPTIONS)
    caption = style(theme, "caption")
    assert (caption.font, caption.face, caption.colour, caption.align) == ("heading", "regular", "text", "left")
    assert caption.size == 10.5 - 1.3  # written "body - 1.3": the same sum, to the last bit
    assert style(theme, "body").space_after == 14.6 * 0.45


def test_relative_lengths_follow_a_theme_that_changes_the_body_text(tmp_path: Path) -> None:
    theme = theme_at(tmp_path, "fonts: {size: 11, leading: 15}\n")
    assert style(theme, "caption").size == 11 - 1.3
    assert style(theme, "source.last").space_after == 15 * 0.8
    assert style(theme, "reference").bullet_size == 11 - 1
    assert theme.boxes.callout.space_after == 15 * 0.7
    assert style(theme, "title").size == 20  # written in points: it stays


def test_a_style_changed_is_inherited_by_the_styles_that_name_it_their_parent(tmp_path: Path) -> None:
    theme = theme_at(tmp_path, "styles:\n  caption: {size: 7, colour: muted}\n  body: {face: italic}\n")
    for name in ("caption", "caption.above", "caption.last"):
        assert (style(theme, name).size, style(theme, name).colour) == (7, "muted")
    assert style(theme, "caption.above").space_after == 3  # its own value is kept
    assert style(theme, "summary").face == "italic"
    assert style(theme, "title").face == "bold"


def test_a_style_may_take_another_parent(tmp_path: Path) -> None:
    theme = theme_at(tmp_path, "styles:\n  byline: {parent: caption}\n")
    byline, caption = style(theme, "byline"), style(theme, "caption")
    assert byline.space_after == 0  # the byline's own
    assert (byline.size, byline.leading) == (8, 10.5)
    assert byline.align == caption.align


def test_a_length_written_wrongly_is_reported_where_it_is_with_a_hint(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        "styles:\n  caption:\n    size: bdy - 1.3\n    space_after: leading / 2\n    leading: [1]\n",
    )
    assert found == [
        "house.yaml:3:11: styles.caption.size: expected a length in points such as 8.5, or one relative to "
        "the body text such as 'body - 1.3' or 'leading * 0.45', got 'bdy - 1.3' (did you mean 'body'?)",
        "house.yaml:4:18: styles.caption.space_after: expected a length in points such as 8.5, or one "
        "relative to the body text such as 'body - 1.3' or 'leading * 0.45', got 'leading / 2'",
        "house.yaml:5:14: styles.caption.leading: expected a number such as 12.5, got a list",
    ]


def test_a_relative_length_out_of_range_says_what_it_came_to(tmp_path: Path) -> None:
    found = problems(tmp_path, "styles:\n  source:\n    size: body - 20\nboxes:\n  callout: {padding: leading * 50}\n")
    assert found == [
        "house.yaml:3:11: styles.source.size: body - 20 makes -9.5 points, which is out of range; "
        "use a length from 1 to 200 points",
        "house.yaml:5:22: boxes.callout.padding: leading * 50 makes 730 points, which is out of range; "
        "use a length from 0 to 500 points",
    ]
    # Written in points, a length is checked as the file is read.
    assert problems(tmp_path, "boxes:\n  callout: {padding: 600}\n") == [
        "house.yaml:2:22: boxes.callout.padding: 600 is out of range; use a number from 0 to 500"
    ]


def test_unknown_style_property_and_colour_names_are_reported_with_hints(tmp_path: Path) -> None:
    found = problems(tmp_path, "styles:\n  titel: {size: 20}\n  title: {colour: navy, weight: bold}\n")
    assert found[0] == "house.yaml:2:3: styles.titel: unknown field 'titel' (did you mean 'title'?)"
    assert found[1].startswith("house.yaml:3:19: styles.title.colour: expected one of accent, heading, text")
    assert found[2].startswith("house.yaml:3:25: styles.title.weight: unknown field 'weight'")


def test_styles_that_inherit_in_a_loop_are_reported_where_the_loop_closes(tmp_path: Path) -> None:
    found = problems(tmp_path, "styles:\n  caption: {parent: caption.above}\n")
    assert found == [
        "house.yaml:2:21: styles.caption.parent: styles inherit in a loop "
        "(caption -> caption.above -> caption); name another parent"
    ]


def test_the_base_style_has_no_parent(tmp_path: Path) -> None:
    assert problems(tmp_path, "styles:\n  base: {parent: body}\n")[0].startswith(
        "house.yaml:2:10: styles.base.parent: unknown field 'parent'"
    )


@pytest.mark.parametrize(("size", "leading"), [(6, 6), (6, 24), (16, 16), (16, 24)])
def test_the_default_lengths_stay_in_range_for_any_body_text_a_theme_may_set(
    tmp_path: Path, size: int, leading: int
) -> None:
    """A default written relative to the body can never go out of range, or overlap, in someone else's theme."""
    theme = theme_at(tmp_path, f"fonts: {{size: {size}, leading: {leading}}}\n")
    assert all(s.size >= 1 and s.leading >= s.size and s.space_after >= 0 for s in theme.styles)


_OVERLAP = "so lines would print over each other; make the leading at least"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "fonts:\n  size: 12\n  leading: 8\n",
            f"house.yaml:3:12: fonts.leading: a leading of 8 points is less than the font size of 12, {_OVERLAP} 12",
        ),
        (
            "styles:\n  heading: {leading: 6}\n",
            f"house.yaml:2:22: styles.heading.leading: a leading of 6 points is less than the font size of 11.5, "
            f"{_OVERLAP} 11.5",
        ),
        (
            "styles:\n  title: {size: 30}\n",
            f"house.yaml:2:17: styles.title.size: a leading of 24 points is less than the font size of 30, "
            f"{_OVERLAP} 30",
        ),
    ],
    ids=["body text", "a style's leading", "a style's size"],
)
def test_a_leading_below_the_font_size_is_refused_where_it_was_written(tmp_path: Path, text: str, found: str) -> None:
    assert problems(tmp_path, text) == [found]


def test_a_leading_equal_to_the_size_is_set_solid_and_allowed(tmp_path: Path) -> None:
    assert style(theme_at(tmp_path, "styles:\n  title: {size: 24}\n"), "title").leading == 24
