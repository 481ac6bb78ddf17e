"""A checker for the machine-checkable PDF/UA-1 failure conditions of the Matterhorn Protocol 1.1.

``check_pdfua(path)`` returns a list of failures, each "checkpoint: what is
wrong, where"; an empty list means every condition below passed. It reads
the file with pikepdf and walks the page content streams itself.

Covered (Matterhorn checkpoint numbers):

- 01-003/01-004 and PDF/UA-1 7.1: every painting operator (text, paths,
  shadings, images, forms) on every page lies in marked content with an
  MCID or in an ``/Artifact``, and the two never nest inside each other;
  marked content and text objects nest (ISO 32000-1 14.6: ``BDC BT EMC ET``
  is invalid).
- 01 / 7.1: the catalog has ``/MarkInfo << /Marked true >>`` and a
  StructTreeRoot; every MCID on every page is referenced exactly once from
  the structure tree, and the ParentTree entry of the page's
  ``/StructParents`` maps that MCID to the element that holds it.
- 02-001/02-003/02-004: every structure type is a PDF 1.7 standard type or
  is role-mapped to one.
- 06-001/06-002/06-003: XMP metadata exists, has ``dc:title`` and (unless
  ``expect_pdfua_id=False``) ``pdfuaid:part 1``.
- 07-001/07-002: ``/ViewerPreferences << /DisplayDocTitle true >>``.
- 11-006: the catalog has a non-empty ``/Lang``.
- 13-004: every ``Figure`` has ``/Alt`` or ``/ActualText`` (17-002 likewise
  for ``Formula``).
- 14-002/14-003: the first heading is ``H1`` and heading levels never skip
  going down.
- 15-003 and 15 structure: every ``Table`` has ``TR`` rows of ``TH``/``TD``
  cells, at least one ``TH``, and every ``TH`` has a ``/Scope`` attribute
  (briefgen does not use Headers/IDs).
- 28-008/28-009/28-011/28-012: pages with annotations have ``/Tabs /S``;
  every Link annotation has ``/Contents``, a ``/StructParent`` whose
  ParentTree entry is a ``Link`` element, and that element holds an OBJR to
  it whose ``/Pg`` is the page the annotation is on.
- 31 (fonts): every font used is embedded and has a ToUnicode map; and
  (``helpers_pdf_fonts``) the map gives exactly the codes drawn, to the
  characters their glyphs are, no character is drawn with a missing glyph,
  ``/Widths`` are the glyphs' advances, each subset has a tag of its own.
- 01, 15, 16, 28-012 (``helpers_pdf_structure``): each element's ``/P`` is
  the element holding it; lists and tables hold only what ISO 32000-1 lets
  them hold, and every ``L`` has ``ListNumbering``; captions are inside (or,
  for a figure, grouped with) what they caption; an internal link's
  ``/Contents`` describes what it points to. Whether the tagged text is the
  spec's text is checked by ``helpers_pdf_structure.missing_text``.

Not covered; these need a human with a screen reader or a review: whether
tags fit the content (01-006, 09), whether the reading order is the
logical one (09-001; the tests assert it for the seed brief), whether alt
text is meaningful (13), colour contrast and colour as the only carrier of
meaning (04), headings that look like headings but are not tagged (14),
natural language of passages in another language (11-001..005), link
texts that make sense out of context (28), and everything about forms,
JavaScript, security, embedded files and multimedia that briefs never use.
"""

from __future__ import annotations

import itertools
from collections import Counter
from pathlib import Path
from typing import Any

import pikepdf

from helpers_pdf_fonts import font_failures
from helpers_pdf_structure import structure_failures

_PDF17 = (
    "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private "
    "H H1 H2 H3 H4 H5 H6 P L LI Lbl LBody Table TR TH TD THead TBody TFoot "
    "Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP "
    "Figure Formula Form"
)
PDF17_TYPES = frozenset(_PDF17.split())
PAINTING = frozenset(["Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "INLINE IMAGE"])


def check_pdfua(path: Path | str, *, expect_pdfua_id: bool = True) -> list[str]:
    """Return every machine-checkable PDF/UA-1 failure found in the PDF at ``path``."""
    failures: list[str] = []
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        failures += _check_catalog(pdf, expect_pdfua_id)
        if "/StructTreeRoot" not in root:
            return [*failures, "01: no StructTreeRoot; the document is not tagged"]
        elements = list(walk(root.StructTreeRoot))
        role_map = root.StructTreeRoot.get("/RoleMap", pikepdf.Dictionary())
        failures += _check_types(elements, role_map)
        failures += _check_content(pdf, root.StructTreeRoot, elements)
        failures += _check_headings(elements, role_map)
        failures += _check_figures_and_tables(elements, role_map)
        failures += _check_links(pdf, root.StructTreeRoot)
        failures += _check_fonts(pdf)
        failures += font_failures(pdf)
        failures += structure_failures(pdf, lambda element: role(element, role_map))
    return failures


def walk(node: Any, parent: Any = None) -> Any:
    """Yield (structure element, its kids as a list) depth-first in logical order."""
    kids = node.get("/K")
    if kids is None:
        kids_list: list[Any] = []
    elif isinstance(kids, pikepdf.Array):
        kids_list = list(kids)
    else:
        kids_list = [kids]
    if node.get("/Type") != "/StructTreeRoot":
        yield node, kids_list
    for kid in kids_list:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield from walk(kid, node)


def role(element: Any, role_map: Any) -> str:
    """Return the standard type of ``element``, following the RoleMap."""
    name = str(element.S)[1:]
    seen = set()
    while name not in PDF17_TYPES and f"/{name}" in role_map and name not in seen:
        seen.add(name)
        name = str(role_map[f"/{name}"])[1:]
    return name


def _check_catalog(pdf: pikepdf.Pdf, expect_pdfua_id: bool) -> list[str]:
    root = pdf.Root
    failures = []
    if not (root.get("/MarkInfo") and root.MarkInfo.get("/Marked") is True):
        failures.append("01 (7.1): the catalog's MarkInfo is missing or not Marked true")
    if not str(root.get("/Lang", "")).strip():
        failures.append("11-006: the catalog has no /Lang")
    prefs = root.get("/ViewerPreferences")
    if prefs is None or "/DisplayDocTitle" not in prefs:
        failures.append("07-001: ViewerPreferences has no DisplayDocTitle")
    elif prefs.DisplayDocTitle is not True:
        failures.append("07-002: DisplayDocTitle is false")
    if "/Metadata" not in root:
        failures.append("06-001: no XMP metadata stream")
        return failures
    with pdf.open_metadata() as meta:
        if not meta.get("dc:title"):
            failures.append("06-003: the XMP metadata has no dc:title")
        if expect_pdfua_id and meta.get("pdfuaid:part") != "1":
            failures.append("06-002: the XMP metadata does not identify the file as PDF/UA-1")
    return failures


def _check_types(elements: list[Any], role_map: Any) -> list[str]:
    failures = []
    for element, _ in elements:
        if role(element, role_map) not in PDF17_TYPES:
            failures.append(f"02-004: structure type {element.S} is neither standard nor role-mapped")
    return failures


def _mcids_in_tree(elements: list[Any]) -> Counter[tuple[int, int]]:
    """Count each (page object number, MCID) the structure tree references."""
    found: Counter[tuple[int, int]] = Counter()
    for element, kids in elements:
        for kid in kids:
            if isinstance(kid, int):
                found[(element.Pg.objgen[0], int(kid))] += 1
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                page = kid.get("/Pg", element.get("/Pg"))
                found[(page.objgen[0], int(kid.MCID))] += 1
    return found


def parent_tree(tree_root: Any) -> dict[int, Any]:
    """Return the ParentTree as a dict, number-tree Kids flattened."""
    entries: dict[int, Any] = {}

    def collect(node: Any) -> None:
        nums = node.get("/Nums", [])
        for index in range(0, len(nums), 2):
            entries[int(nums[index])] = nums[index + 1]
        for kid in node.get("/Kids", []):
            collect(kid)

    collect(tree_root.ParentTree)
    return entries


def page_marks(page: Any) -> tuple[list[int], list[str]]:
    """Return the MCIDs marked on ``page`` and the problems of its content's marking."""
    mcids: list[int] = []
    problems: list[str] = []
    stack: list[str] = []  # "artifact", "mcid" or "other"
    text_depth: int | None = None  # how deep the marked content was at the open text object's BT
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "BT":
            text_depth = len(stack)
        elif op == "ET":
            if text_depth is not None and len(stack) != text_depth:
                problems.append("01: marked content and a text object overlap (BDC BT EMC ET)")
            text_depth = None
        elif op == "EMC" and text_depth is not None and len(stack) <= text_depth:
            problems.append("01: marked content opened outside a text object ends inside it")
        if op in ("BDC", "BMC"):
            tag = str(operands[0])
            if tag == "/Artifact":
                if "mcid" in stack:
                    problems.append("01-003: an Artifact inside tagged content")
                stack.append("artifact")
            elif op == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
                if "artifact" in stack:
                    problems.append("01-004: tagged content inside an Artifact")
                if "mcid" in stack:
                    problems.append("01: marked content with an MCID nested in another")
                mcids.append(int(operands[1].MCID))
                stack.append("mcid")
            else:
                stack.append("other")
        elif op == "EMC":
            if not stack:
                problems.append("01: EMC without a matching BDC/BMC")
            else:
                stack.pop()
        elif op in PAINTING and "artifact" not in stack and "mcid" not in stack:
            problems.append(f"01-005: content ({op}) neither tagged nor marked as Artifact")
    if stack:
        problems.append("01: marked content left open at the end of the page")
    return mcids, problems


def _check_content(pdf: pikepdf.Pdf, tree_root: Any, elements: list[Any]) -> list[str]:
    failures = []
    in_tree = _mcids_in_tree(elements)
    tree = parent_tree(tree_root)
    on_pages: Counter[tuple[int, int]] = Counter()
    for number, page in enumerate(pdf.pages, start=1):
        mcids, problems = page_marks(page)
        failures += [f"{p} (page {number})" for p in dict.fromkeys(problems)]
        page_id = page.obj.objgen[0]
        for mcid in mcids:
            on_pages[(page_id, mcid)] += 1
        if mcids and "/StructParents" not in page.obj:
            failures.append(f"01: page {number} has marked content but no /StructParents")
            continue
        if not mcids:
            continue
        entry = tree.get(int(page.obj.StructParents))
        if entry is None:
            failures.append(f"01: page {number}'s /StructParents has no ParentTree entry")
            continue
        for mcid in mcids:
            if mcid >= len(entry):
                failures.append(f"01: MCID {mcid} on page {number} is missing from its ParentTree array")
                continue
            holder = entry[mcid]
            kids = holder.get("/K")
            kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
            if not any(_refers_to(kid, holder, page_id, mcid) for kid in kids):
                failures.append(f"01: ParentTree maps MCID {mcid} on page {number} to an element not holding it")
    for key, count in on_pages.items():
        if count != 1:
            failures.append(f"01: MCID {key[1]} is used {count} times on one page")
        if in_tree[key] != 1:
            failures.append(f"01: MCID {key[1]} (page object {key[0]}) is referenced {in_tree[key]} times in the tree")
    for key in in_tree.keys() - on_pages.keys():
        failures.append(f"01: the structure tree references MCID {key[1]}, which no page content has")
    return failures


def _refers_to(kid: Any, holder: Any, page_id: int, mcid: int) -> bool:
    if isinstance(kid, int):
        return int(kid) == mcid and holder.Pg.objgen[0] == page_id
    if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
        page = kid.get("/Pg", holder.get("/Pg"))
        return int(kid.MCID) == mcid and page.objgen[0] == page_id
    return False


def _check_headings(elements: list[Any], role_map: Any) -> list[str]:
    levels = [int(r[1]) for r in (role(e, role_map) for e, _ in elements) if len(r) == 2 and r[0] == "H"]
    failures = []
    if levels and levels[0] != 1:
        failures.append(f"14-002: the first heading is H{levels[0]}, not H1")
    for before, after in itertools.pairwise(levels):
        if after > before + 1:
            failures.append(f"14-003: heading level skips from H{before} to H{after}")
    return failures


def _check_figures_and_tables(elements: list[Any], role_map: Any) -> list[str]:
    failures = []
    for element, _ in elements:
        kind = role(element, role_map)
        if kind in ("Figure", "Formula") and not (element.get("/Alt") or element.get("/ActualText")):
            failures.append(f"{'13-004' if kind == 'Figure' else '17-002'}: a {kind} has no Alt text")
        if kind == "Table":
            cells = [(role(e, role_map), e) for e, _ in walk(element) if role(e, role_map) in ("TH", "TD")]
            rows = [e for e, _ in walk(element) if role(e, role_map) == "TR"]
            if not rows:
                failures.append("15: a Table has no TR rows")
            if not any(kind == "TH" for kind, _ in cells):
                failures.append("15: a Table has no header cells (TH)")
            for cell_kind, cell in cells:
                attributes = cell.get("/A")
                attributes = list(attributes) if isinstance(attributes, pikepdf.Array) else [attributes]
                if cell_kind == "TH" and not any(a is not None and "/Scope" in a for a in attributes):
                    failures.append("15-003: a TH cell has no Scope attribute")
    return failures


def _check_links(pdf: pikepdf.Pdf, tree_root: Any) -> list[str]:
    failures = []
    tree = parent_tree(tree_root)
    for number, page in enumerate(pdf.pages, start=1):
        annotations = list(page.obj.get("/Annots", []))
        if annotations and page.obj.get("/Tabs") != "/S":
            failures.append(f"28-008/28-009: page {number} has annotations but no /Tabs /S")
        for annotation in annotations:
            if annotation.get("/Subtype") != "/Link":
                continue
            if not str(annotation.get("/Contents", "")).strip():
                failures.append(f"28-012: a link on page {number} has no /Contents")
            if "/StructParent" not in annotation:
                failures.append(f"28-011: a link on page {number} has no /StructParent")
                continue
            link = tree.get(int(annotation.StructParent))
            if link is None or link.get("/S") != "/Link":
                failures.append(f"28-011: a link on page {number} is not in a Link element")
                continue
            kids = link.get("/K")
            kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
            objrs = [k for k in kids if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"]
            if not any(k.Obj.objgen == annotation.objgen and k.Pg.objgen == page.obj.objgen for k in objrs):
                failures.append(f"28-011: the Link element of a link on page {number} has no OBJR to it on that page")
    return failures


def _check_fonts(pdf: pikepdf.Pdf) -> list[str]:
    failures = []
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        for font in _fonts(page.obj.get("/Resources", pikepdf.Dictionary())):
            if font.objgen in seen:
                continue
            seen.add(font.objgen)
            name = str(font.get("/BaseFont", "?"))
            descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = descendant.get("/FontDescriptor")
            if descriptor is None or not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                failures.append(f"31: font {name} is not embedded")
            if "/ToUnicode" not in font:
                failures.append(f"31: font {name} has no ToUnicode map")
    return failures


def _fonts(resources: Any) -> Any:
    yield from resources.get("/Font", pikepdf.Dictionary()).values()
    for xobject in resources.get("/XObject", pikepdf.Dictionary()).values():
        if xobject.get("/Subtype") == "/Form":
            yield from _fonts(xobject.get("/Resources", pikepdf.Dictionary()))
