"""The type scale of a theme file: named paragraph styles, each taking what it leaves out from its parent.

Input: the ``styles:`` mapping of the default theme with a theme file's
merged over it, property by property. Output: a ``style.theme.TextStyle``
per style the layout uses, every property resolved: a style's own value,
else its parent's (``parent:``, else ``base``), and its lengths in points
for the theme's body text. ``base`` must name every property. Problems
(a loop of parents, a length out of range) are located where written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from briefgen.errors import Problem
from briefgen.load.checker import Checker, Node
from briefgen.load.fields import Choice, Field, Flag, Record
from briefgen.load.theme_fields import Length, LengthField
from briefgen.records import record
from briefgen.style.theme import COLOUR_ROLES, FACE_SUFFIXES, STYLE_DESCRIPTIONS, TextStyle

BASE = "base"
ALIGNMENTS = ("left", "right", "center", "justify")
_FONT_SIZE = LengthField(1, 200)
_SPACE = LengthField(0, 200)

# Every property of a style: its type and what it sets. ``base`` names each of them.
PROPERTIES = (
    Field(
        "font",
        Choice(("body", "heading", "code")),
        "The typeface: the theme's body, heading or code (monospace) font.",
        example="heading",
    ),
    Field("face", Choice(tuple(FACE_SUFFIXES)), "The face: regular, bold, italic or bold_italic.", example="bold"),
    Field("size", _FONT_SIZE, "The font size in points, or relative to the body text.", example="body - 1.3"),
    Field("leading", LengthField(1, 300), "The line spacing in points.", example="leading - 2.4"),
    Field("colour", Choice(tuple(role for role in COLOUR_ROLES if role != "chart")), "A colour of the theme, by name."),
    Field("align", Choice(ALIGNMENTS), "left, right, center or justify.", example="left"),
    Field("space_before", _SPACE, "The space above a paragraph.", example=0),
    Field("space_after", _SPACE, "The space below a paragraph.", example="leading * 0.45"),
    Field("left_indent", _SPACE, "How far lines are set in from the left.", example=12),
    Field("bullet_indent", _SPACE, "How far a bullet is set in from the left.", example=1.5),
    Field("bullet_size", _FONT_SIZE, "The bullet's font size.", example=10),
    Field("hyphenate", Flag(), "Whether words are hyphenated and long addresses broken at line ends."),
    Field("widows", Flag(), "Whether a paragraph's last line may stand alone at the top of a page."),
)


@record
class Parent:
    """The style a style takes what it leaves out from, and where that was written."""

    name: str
    node: Node
    path: str
    source: Path  # the theme file it was written in: the default one, or the one being loaded


class ParentName:
    """The name of another style."""

    def __init__(self, source: Path) -> None:
        self.source = source

    def check(self, node: Node, path: str, checker: Checker) -> Parent | None:
        """Return the parent's name and where it was written."""
        name = Choice(tuple(STYLE_DESCRIPTIONS)).check(node, path, checker)
        return None if name is None else Parent(name, node, path, self.source)

    def json_schema(self) -> dict[str, Any]:
        """Describe the parent as one of the style names."""
        return {"type": "string", "enum": list(STYLE_DESCRIPTIONS)}


def styles_record(source: Path) -> Record:
    """Return the record of the ``styles:`` section of ``source``: one optional record per style the layout uses."""
    parent = Field("parent", ParentName(source), f"The style this one takes what it leaves out from (default: {BASE}).")
    fields = []
    for name, description in STYLE_DESCRIPTIONS.items():
        own = PROPERTIES if name == BASE else (parent, *PROPERTIES)
        fields.append(Field(name, Record(f"Style {name}", own, dict, description), description))
    return Record("Styles", tuple(fields), dict, "The type scale: each paragraph style the layout uses, by name.")


def resolve_styles(
    values: dict[str, dict[str, Any]], body_text: tuple[float, float], source: Path, checker: Checker
) -> tuple[TextStyle, ...] | None:
    """Return every style with each property resolved, or None after reporting what is wrong.

    ``source`` is the theme file being loaded: a problem is reported where it wrote something.
    """
    styles = []
    before = len(checker.problems)
    for name in STYLE_DESCRIPTIONS:
        chain = _ancestry(name, values, source, checker)
        resolved: dict[str, Any] = {}
        for declared in PROPERTIES:
            owner = next((link for link in chain if declared.name in values.get(link, {})), None)
            if owner is None:
                checker.problems.append(
                    Problem(1, 1, f"styles.{BASE}.{declared.name}", "is missing from the default theme")
                )
                continue
            value = values[owner][declared.name]
            resolved[declared.name] = value.resolve(*body_text, checker) if isinstance(value, Length) else value
        if len(resolved) == len(PROPERTIES) and None not in resolved.values():
            styles.append(TextStyle(name=name, **resolved))
    return tuple(styles) if len(checker.problems) == before else None


def _ancestry(name: str, values: dict[str, dict[str, Any]], source: Path, checker: Checker) -> list[str]:
    """Return ``name``, its parent, that one's parent ... down to ``base``; a loop is reported in ``source``."""
    chain = [name]
    while chain[-1] != BASE:
        parent: Parent | None = values.get(chain[-1], {}).get("parent")
        following = parent.name if parent is not None else BASE
        if following in chain:
            _report_loop(chain[chain.index(following) :], values, source, checker)
            break
        chain.append(following)
    if chain[-1] != BASE:
        chain.append(BASE)
    return chain


def _report_loop(loop: list[str], values: dict[str, dict[str, Any]], source: Path, checker: Checker) -> None:
    """Report a loop of parents at a link ``source`` wrote (the default theme has none of its own)."""
    links = [values[name]["parent"] for name in loop]
    start = next((index for index, link in enumerate(links) if link.source == source), 0)
    names = [*loop[start:], *loop[:start]]
    link = links[start]
    shown = " -> ".join([*names, names[0]])
    checker.report(link.node, link.path, f"styles inherit in a loop ({shown}); name another parent")
