"""Check how a tagged PDF's structure elements fit together, and that the tagged text is the spec's text.

``structure_failures(pdf)`` returns what is wrong with the tree's shape:

- 01 (ISO 32000-1 14.7.2): each element's ``/P`` is the element (or the
  StructTreeRoot) whose ``/K`` holds it, and no element is held twice.
- 16 (lists, ISO 32000-1 14.8.4.3): an ``L`` holds only ``LI``, ``L`` and a
  ``Caption``; an ``LI`` only ``Lbl`` and ``LBody``; ``LI`` are in ``L``,
  ``Lbl``/``LBody`` in ``LI``; every ``L`` says how it is numbered
  (``/A << /O /List /ListNumbering ... >>``).
- 15 (tables, 14.8.4.3): a ``Table`` holds only ``TR``, ``THead``, ``TBody``,
  ``TFoot`` and a ``Caption`` as its first or last kid; ``TR`` are in a table
  or its parts and hold only ``TH``/``TD``, which are in ``TR``.
- Captions: a ``Caption`` is inside what it captions, a ``Table``, ``L`` or
  ``Figure``, or in a ``Div`` beside the ``Figure`` (assistive technology
  reads no deeper than a Figure's alternate text, so a caption inside one
  is never heard: Typst groups them so for PDF/UA-1 too).
- 28-012: an internal link's ``/Contents`` says what it points to, not the
  name of a destination (``Go to ref-top-spenders``).

``tagged_text(path)`` is the text of the structure tree in order, as
poppler reads it; ``missing_text(tagged, expected)`` the pieces of the
spec's text that are not found in it, in order (see there).
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pikepdf

LIST_KIDS = {"L": {"LI", "L", "Caption"}, "LI": {"Lbl", "LBody"}}
LIST_PARENTS = {"LI": {"L"}, "Lbl": {"LI"}, "LBody": {"LI"}}
TABLE_KIDS = {"Table": {"TR", "THead", "TBody", "TFoot", "Caption"}, "TR": {"TH", "TD"}}
TABLE_PARENTS = {"TR": {"Table", "THead", "TBody", "TFoot"}, "TH": {"TR"}, "TD": {"TR"}}
NUMBERINGS = {"None", "Disc", "Circle", "Square", "Decimal", "UpperRoman", "LowerRoman", "UpperAlpha", "LowerAlpha"}


def _elements(node: Any) -> list[Any]:
    kids = node.get("/K")
    kids = list(kids) if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]
    return [kid for kid in kids if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]


def _tree(tree_root: Any) -> Iterator[tuple[Any, Any]]:
    """Yield (element, the node whose /K holds it) depth-first."""
    pending = [(kid, tree_root) for kid in reversed(_elements(tree_root))]
    while pending:
        element, parent = pending.pop()
        yield element, parent
        pending += [(kid, element) for kid in reversed(_elements(element))]


def _attribute(element: Any, owner: str, key: str) -> str:
    attributes = element.get("/A")
    for item in list(attributes) if isinstance(attributes, pikepdf.Array) else [attributes]:
        if isinstance(item, pikepdf.Dictionary) and item.get("/O") == f"/{owner}" and key in item:
            return str(item[key]).lstrip("/")
    return ""


def structure_failures(pdf: pikepdf.Pdf, role: Any) -> list[str]:
    """Return what is wrong with the shape of ``pdf``'s structure tree; ``role`` maps an element to its type."""
    failures: list[str] = []
    seen: set[tuple[int, int]] = set()
    for element, parent in _tree(pdf.Root.StructTreeRoot):
        kind = role(element)
        parent_kind = role(parent) if parent.get("/Type") != "/StructTreeRoot" else "StructTreeRoot"
        if element.objgen in seen:
            failures.append(f"01: a {kind} element is held by two parents")
        seen.add(element.objgen)
        if "/P" not in element or element.P.objgen != parent.objgen:
            failures.append(f"01: a {kind} element's /P is not the {parent_kind} that holds it")
        kids = [role(kid) for kid in _elements(element)]
        for rule, wanted_kids, wanted_parents in (("16", LIST_KIDS, LIST_PARENTS), ("15", TABLE_KIDS, TABLE_PARENTS)):
            stray = sorted(set(kids) - wanted_kids.get(kind, set(kids)))
            if stray:
                failures.append(f"{rule}: a {kind} holds {', '.join(stray)}")
            if parent_kind not in wanted_parents.get(kind, {parent_kind}):
                failures.append(f"{rule}: a {kind} is in a {parent_kind}")
        if kind == "L" and _attribute(element, "List", "/ListNumbering") not in NUMBERINGS:
            failures.append("16: an L has no ListNumbering attribute")
        if kind == "Table" and "Caption" in kids[1:-1]:
            failures.append("15: a Table's Caption is neither its first nor its last kid")
        if kind == "Caption" and not (
            parent_kind in ("Table", "L", "Figure")
            or (parent_kind == "Div" and "Figure" in (role(kid) for kid in _elements(parent)))
        ):
            failures.append(f"Caption: a Caption is in a {parent_kind}, not in (or beside, in a Div) what it captions")
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            if annotation.get("/Subtype") == "/Link" and "/Dest" in annotation:
                described = str(annotation.get("/Contents", "")).removeprefix("Go to ")
                if not described.strip() or re.fullmatch(r"\S+", described):
                    failures.append(f"28-012: an internal link is described by a name: {str(annotation.Contents)!r}")
    return failures


def tagged_text(path: Path) -> list[str]:
    """Return the text of each element of ``path``'s structure tree, in order (``pdfinfo -struct-text``)."""
    output = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True, check=True).stdout
    return re.findall(r'^\s*"(.*)"$', output, re.M)


def _letters(text: str) -> str:
    # Letters and digits only, case folded: line breaks, hyphens added by line breaking and the
    # spaces between words that meet at a line end are issue 16's business, not what is checked here.
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(character for character in folded if character.isalnum())


def missing_text(tagged: Iterable[str], expected: Iterable[str]) -> list[str]:
    """Return the pieces of ``expected`` not found in ``tagged``, in order, each after the one before.

    Both are compared as letters and digits only, case folded; text the
    layout adds between the spec's pieces (labels, numbers, "Key points",
    "Source:") is allowed, text lost, repeated out of order or moved is not.
    """
    haystack = _letters("".join(tagged))
    missing, position = [], 0
    for piece in expected:
        needle = _letters(piece)
        found = haystack.find(needle, position)
        if found < 0:
            missing.append(piece)
        else:
            position = found + len(needle)
    return missing


def spec_text(brief: Any, watermark: str = "") -> list[str]:
    """Return the text of a ``model.Brief`` in reading order, in pieces: what its tagged text must hold.

    Each text field is split at its cross-references (``[@id]``), which the
    layout prints as labels ("Table 1"); a chart's drawn labels and numbers,
    a date as printed, numbering and headings the layout adds may come
    between the pieces.
    """
    from briefgen import model
    from briefgen.text.markup import parse_inline

    def pieces(text: str) -> list[str]:
        runs, current = [], ""
        for run in parse_inline(text):
            if run.ref:
                runs.append(current)
                current = ""
            else:
                current += run.text
        return [piece for piece in [*runs, current] if piece.strip()]

    texts = [brief.classification, watermark, brief.organization, brief.title, brief.subtitle, *brief.authors]
    texts += [brief.summary, *brief.key_points]
    for section in brief.sections:
        texts.append(section.heading)
        for block in section.blocks:
            if isinstance(block, model.Paragraph):
                texts.append(block.text)
            elif isinstance(block, model.BulletList):
                texts += block.items
            elif isinstance(block, model.Quote):
                texts += [block.text, block.attribution]
            elif isinstance(block, model.Table):
                texts += [block.caption, *block.columns, *(cell for row in block.rows for cell in row), block.source]
            elif isinstance(block, model.Figure):
                texts += [block.caption, block.credit]
            elif isinstance(block, model.Chart):
                texts += [block.title, block.caption, block.source]
            else:
                texts.append(block.title)
                texts += [item for inner in block.blocks for item in spec_text_of_block(inner)]
    for reference in brief.references:
        texts += [reference.title, reference.publisher, reference.url]
    return [piece for text in texts if text for piece in pieces(text)]


def spec_text_of_block(block: Any) -> list[str]:
    """Return the text of a callout's paragraph or bullet list."""
    return list(getattr(block, "items", ())) or [block.text]
