"""Refuse characters no font can draw, each reported where the spec has it, before anything is laid out.

Input: a ``ParsedSpec`` (its texts beyond printable ASCII, located) and the
``Theme`` it is built in. Output: nothing when every character has a font
(the theme's typefaces, its fallback fonts, or the fonts briefgen ships for
Latin, Greek, Cyrillic, Arabic, Hebrew, Devanagari, Chinese, Japanese and
Korean); otherwise a ``SpecError`` with one problem per field and script:
``no font for 'ก' U+0E01 (Thai); ...`` and what to do. ``briefgen check``
and ``briefgen build`` both ask, so a PDF never prints a character as
nothing. No ReportLab, and no font is opened for a brief in Latin letters.
"""

from __future__ import annotations

from collections.abc import Sequence

from briefgen.errors import Problem, SpecError
from briefgen.load.checker import LocatedText, position_in
from briefgen.load.spec import ParsedSpec
from briefgen.style.font_choice import undrawable
from briefgen.style.theme import Theme
from briefgen.text.glyphs import font_for
from briefgen.text.scripts import script_label

SHIPPED_SCRIPTS = "Latin, Greek, Cyrillic, Arabic, Hebrew, Devanagari, Chinese, Japanese and Korean"


def check_drawable(parsed: ParsedSpec, theme: Theme) -> None:
    """Raise ``SpecError`` if ``parsed`` has a character no font of ``theme`` (or of briefgen's) can draw."""
    problems = undrawable_problems(parsed.texts, theme)
    if problems:
        raise SpecError(parsed.source, problems)


def undrawable_problems(texts: Sequence[LocatedText], theme: Theme) -> list[Problem]:
    """Return a located problem for each field and script with characters no font can draw."""
    problems: list[Problem] = []
    for located in texts:
        missing = undrawable(located.unusual, theme)
        if not missing:
            continue
        by_script: dict[str, list[str]] = {}
        for ch in missing:
            by_script.setdefault(script_label(ch), []).append(ch)
        node = located.node
        for script, characters in by_script.items():
            first = characters[0]
            line, column = position_in(node, located.text, located.text.index(first))
            problems.append(
                Problem(node.line + line, column or node.column, located.path, _message(first, script, characters))
            )
    return sorted(problems, key=lambda problem: (problem.line, problem.column))


def _message(first: str, script: str, characters: list[str]) -> str:
    more = f" and {len(characters) - 1} more {script} character{'s' if len(characters) > 2 else ''}"
    found = f"no font for '{first}' U+{ord(first):04X} ({script}){more if len(characters) > 1 else ''}"
    if script == "emoji":
        return f"{found}; briefgen prints no emoji (they would need colour fonts): write it in words, or delete it"
    _, family = font_for(first)
    suggestion = f" such as {family}" if family.startswith("Noto") else ""
    return (
        f"{found}; neither the theme's fonts nor briefgen's own ({SHIPPED_SCRIPTS}) have it: "
        f"name a font that does{suggestion} in the theme's fonts.fallback, or delete it"
    )
