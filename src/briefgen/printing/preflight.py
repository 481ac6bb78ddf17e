"""Check a PDF for what goes wrong on paper: a PDF in, findings in plain words with page numbers out.

Input: a PDF's bytes, the paper it will be printed on (if known) and whether
it must print in black and white. Output: a ``PreflightReport`` whose
findings say what is wrong, on which pages, and what to do:

- fonts that are not embedded (the printer substitutes its own);
- images below 150 dpi at the size they are printed;
- anything closer than 5 mm to the sheet's edge (most office printers
  cannot print there);
- pages whose size is not the paper's;
- colour, where the brief is meant to print in black and white;
- less than 2 mm of clear gutter at the fold or cut of an imposed sheet.

The page's marks come from ``marks`` (no renderer needed).
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pypdf import PageObject, PdfReader
from pypdf.errors import PdfReadError

from briefgen.errors import BriefgenError
from briefgen.printing.impose import imposed_sheet
from briefgen.printing.marks import Mark, intersect, page_content
from briefgen.printing.media import MM, PAPERS, Paper, describe_size, paper_of_size
from briefgen.records import record

EDGE_CLEARANCE = 5 * MM
MINIMUM_DPI = 150
MINIMUM_GUTTER = 2 * MM
_TINY_IMAGE = 3 * MM  # smaller than this both ways (a bullet, a rule): resolution does not show
CHECKS = ("fonts", "images", "edges", "paper", "colour", "gutter")


class PreflightError(BriefgenError):
    """The file cannot be preflighted at all (not a PDF, unreadable)."""


@record
class Finding:
    """One thing that will go wrong on paper: which check found it, on which pages, in plain words."""

    check: str
    pages: tuple[int, ...]
    message: str

    def where(self) -> str:
        """Return the pages in words: "page 3", "pages 1-4, 7"."""
        return page_list(self.pages)


@record
class PreflightReport:
    """Every finding for one file."""

    source: Path | str
    pages: int
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        """Return whether the file passed every check."""
        return not self.findings

    def lines(self) -> list[str]:
        """Return one line per finding: ``file: page 3: what is wrong; what to do``."""
        return [f"{self.source}: {finding.where()}: {finding.message}" for finding in self.findings]

    def json_problems(self) -> list[dict[str, object]]:
        """Return the findings as ``check --format json`` gives problems: a list of plain dictionaries."""
        return [
            {
                "file": str(self.source),
                "pages": list(finding.pages),
                "check": finding.check,
                "message": finding.message,
                "severity": "error",
            }
            for finding in self.findings
        ]


def preflight_file(path: Path, *, media: Paper | None = None, black_and_white: bool = False) -> PreflightReport:
    """Check the PDF file ``path``; see ``preflight``.

    Raises:
        PreflightError: the file cannot be read or is not a PDF.

    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PreflightError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    return preflight(data, path, media=media, black_and_white=black_and_white)


def preflight(
    data: bytes, source: Path | str, *, media: Paper | None = None, black_and_white: bool = False
) -> PreflightReport:
    """Check the PDF ``data`` (named ``source`` in messages) for printing on ``media``.

    ``media`` None checks every page against the first page's paper instead;
    ``black_and_white`` adds the colour check.

    Raises:
        PreflightError: ``data`` is not a PDF that can be read.

    """
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = list(reader.pages)
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise PreflightError(f"{source}: not a PDF that can be read ({exc})") from exc
    findings: list[Finding] = []
    unembedded: dict[str, list[int]] = {}
    coloured: list[tuple[int, str]] = []
    for number, page in enumerate(pages, 1):
        content = page_content(page)
        for font, embedded in content.fonts.items():
            if not embedded:
                unembedded.setdefault(font, []).append(number)
        sheet = _sheet_box(page)
        visible = [clipped for mark in content.marks if (clipped := _within(mark, sheet)) is not None]
        findings += _images(number, visible)
        findings += _edges(number, visible, sheet)
        findings += _gutter(number, page, visible)
        if black_and_white and (what := _colour(visible)):
            coloured.append((number, what))
    for font, font_pages in unembedded.items():
        findings.append(
            Finding(
                "fonts",
                tuple(font_pages),
                f"the font {font} is not embedded: the printer puts its own font in its place, so lines may "
                "reflow or characters go missing; embed the font in the PDF",
            )
        )
    findings += _paper(pages, media)
    findings += _colour_findings(coloured)
    findings.sort(key=lambda finding: (finding.pages[:1], CHECKS.index(finding.check)))
    return PreflightReport(source, len(pages), tuple(findings))


def preflight_files(
    paths: Sequence[Path], *, media: Paper | None = None, black_and_white: bool = False
) -> list[PreflightReport]:
    """Check each PDF file in ``paths``; see ``preflight``.

    Raises:
        PreflightError: a file cannot be read or is not a PDF.

    """
    return [preflight_file(path, media=media, black_and_white=black_and_white) for path in paths]


def page_list(pages: Sequence[int]) -> str:
    """Return page numbers in words, with runs shortened: "page 3", "pages 1-4, 7"."""
    runs: list[list[int]] = []
    for page in sorted(set(pages)):
        if runs and page == runs[-1][-1] + 1:
            runs[-1].append(page)
        else:
            runs.append([page])
    text = ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}" for run in runs)
    return f"page {text}" if len(pages) == 1 else f"pages {text}"


def _sheet_box(page: PageObject) -> tuple[float, float, float, float]:
    box = page.cropbox
    return float(box.left), float(box.bottom), float(box.right), float(box.top)


def _within(mark: Mark, sheet: tuple[float, float, float, float]) -> Mark | None:
    """Return the part of ``mark`` on the sheet (what lies outside the crop box never prints)."""
    overlap = intersect(mark.box, sheet)
    if overlap is None:
        return None
    return mark if overlap == mark.box else Mark(mark.kind, overlap, mark.colour, mark.image, mark.pixels, mark.printed)


def _images(number: int, marks: Iterable[Mark]) -> list[Finding]:
    findings = []
    for mark in marks:
        if mark.kind != "image" or not all(mark.pixels):
            continue
        width, height = mark.printed
        if width < _TINY_IMAGE and height < _TINY_IMAGE:
            continue
        dpi = min(mark.pixels[0] / (width / 72), mark.pixels[1] / (height / 72))
        if dpi < MINIMUM_DPI:
            needed = math.ceil(MINIMUM_DPI * width / 72)
            findings.append(
                Finding(
                    "images",
                    (number,),
                    f"an image of {mark.pixels[0]} x {mark.pixels[1]} pixels is printed {width / MM:.0f} x "
                    f"{height / MM:.0f} mm, only {dpi:.0f} dpi: it will print blurred; use one at least "
                    f"{needed} pixels wide ({MINIMUM_DPI} dpi) or print it smaller",
                )
            )
    return findings


def _edges(number: int, marks: Sequence[Mark], sheet: tuple[float, float, float, float]) -> list[Finding]:
    closest: tuple[float, str, Mark] | None = None
    count = 0
    for mark in marks:
        distances = {
            "left": mark.box[0] - sheet[0],
            "bottom": mark.box[1] - sheet[1],
            "right": sheet[2] - mark.box[2],
            "top": sheet[3] - mark.box[3],
        }
        edge, distance = min(distances.items(), key=lambda item: item[1])
        if distance < EDGE_CLEARANCE:
            count += 1
            if closest is None or distance < closest[0]:
                closest = (distance, edge, mark)
    if closest is None:
        return []
    distance, edge, mark = closest
    what = {"text": "text", "image": "an image", "drawing": "a line or shape"}[mark.kind]
    others = f" (and {count - 1} more thing{'s' if count > 2 else ''} near an edge)" if count > 1 else ""
    where = "touches" if distance <= 0.05 else f"comes {distance / MM:.1f} mm from"
    return [
        Finding(
            "edges",
            (number,),
            f"{what} {where} the {edge} edge{others}; most office printers cannot print within "
            f"{EDGE_CLEARANCE / MM:.0f} mm of the edge, so it may be cut off: widen the margins",
        )
    ]


def _paper(pages: Sequence[PageObject], media: Paper | None) -> list[Finding]:
    if not pages:
        return []
    wanted = media or paper_of_size(float(pages[0].cropbox.width), float(pages[0].cropbox.height))
    wrong: dict[str, list[int]] = {}
    for number, page in enumerate(pages, 1):
        box = page.cropbox
        width, height = float(box.width), float(box.height)
        if wanted is None or not wanted.fits(width, height):
            wrong.setdefault(describe_size(width, height), []).append(number)
    if wanted is None:
        names = ", ".join(paper.describe() for paper in PAPERS)
        return [
            Finding(
                "paper",
                tuple(numbers),
                f"the page is {size}, which is no paper size printers stock ({names}): "
                "build it for A4 or Letter (--page-size)",
            )
            for size, numbers in wrong.items()
        ]
    if media is None:
        return [
            Finding(
                "paper",
                tuple(numbers),
                f"the page is {size} but the first page is {wanted.describe()}: a job is printed on one paper, "
                "so these pages will be shrunk or cut off; build every page on the same paper",
            )
            for size, numbers in wrong.items()
        ]
    rebuild = f"build for {media.describe()} (--page-size) or " if media.name in ("a4", "letter") else ""
    return [
        Finding(
            "paper",
            tuple(numbers),
            f"the page is {size} but the paper is {media.describe()}: the printer will shrink the page or cut it "
            f"off; {rebuild}print on {size.split()[0]} paper (--media)",
        )
        for size, numbers in wrong.items()
    ]


def _colour(marks: Sequence[Mark]) -> str:
    kinds = {mark.kind for mark in marks if mark.colour}
    if any(mark.kind == "image" and _image_in_colour(mark.image) for mark in marks):
        kinds.add("image")
    names = {"text": "text", "drawing": "drawings", "image": "images"}
    return " and ".join(names[kind] for kind in ("text", "drawing", "image") if kind in kinds)


def _colour_findings(coloured: Sequence[tuple[int, str]]) -> list[Finding]:
    by_what: dict[str, list[int]] = {}
    for number, what in coloured:
        by_what.setdefault(what, []).append(number)
    return [
        Finding(
            "colour",
            tuple(numbers),
            f"{what} in colour, but the theme is meant for black-and-white printing: colours turn into greys "
            "that may be hard to tell apart; use black, white and greys",
        )
        for what, numbers in by_what.items()
    ]


def _image_in_colour(image: Any) -> bool:
    """Return whether an image XObject holds pixels that are not grey."""
    if image is None or not hasattr(image, "decode_as_image") or image.get("/ImageMask"):
        return False
    space = image.get("/ColorSpace")
    space = space.get_object() if hasattr(space, "get_object") else space
    if space in ("/DeviceGray", "/CalGray") or (isinstance(space, list) and space and space[0] == "/CalGray"):
        return False
    try:
        picture = image.decode_as_image()
    except (PdfReadError, NotImplementedError, OSError, ValueError, KeyError, TypeError):
        return False  # an image pypdf cannot decode cannot be judged here; the printer may still cope
    from PIL import ImageChops

    picture = picture.convert("RGB")
    picture.thumbnail((256, 256))
    red, green, blue = picture.split()
    spread = ImageChops.lighter(ImageChops.difference(red, green), ImageChops.difference(green, blue))
    lowest_and_highest: Any = spread.getextrema()
    return bool(lowest_and_highest[1] > 255 * 0.06)


def _gutter(number: int, page: PageObject, marks: Sequence[Mark]) -> list[Finding]:
    sheet = imposed_sheet(page)
    if sheet is None:
        return []
    findings = []
    lines = sorted({(0, cell.right) for cell in sheet.cells if cell.right < max(c.right for c in sheet.cells)})
    lines += sorted({(1, cell.top) for cell in sheet.cells if cell.top < max(c.top for c in sheet.cells)})
    for axis, position in lines:
        before = [c for c in sheet.cells if (c.right if axis == 0 else c.top) == position]
        after = [c for c in sheet.cells if (c.left if axis == 0 else c.bottom) == position]
        gap_before = min((_gap(m, position, axis, before=True) for m in marks if _inside(m, before)), default=None)
        gap_after = min((_gap(m, position, axis, before=False) for m in marks if _inside(m, after)), default=None)
        if gap_before is None or gap_after is None:
            continue
        clear = max(0.0, gap_before) + max(0.0, gap_after)
        if clear < MINIMUM_GUTTER:
            pages = [page_number for page_number in sheet.pages if page_number]
            line = "fold" if sheet.kind == "booklet" else ("cut" if axis == 0 else "horizontal cut")
            findings.append(
                Finding(
                    "gutter",
                    (number,),
                    f"only {clear / MM:.1f} mm clear at the {line} between pages {', '.join(map(str, pages))} "
                    f"(at least {MINIMUM_GUTTER / MM:.0f} mm is needed, or text runs into the {line}): "
                    "widen the pages' inner margins",
                )
            )
    return findings


def _inside(mark: Mark, cells: Sequence[Any]) -> bool:
    centre_x = (mark.box[0] + mark.box[2]) / 2
    centre_y = (mark.box[1] + mark.box[3]) / 2
    return any(c.left <= centre_x <= c.right and c.bottom <= centre_y <= c.top for c in cells)


def _gap(mark: Mark, position: float, axis: int, *, before: bool) -> float:
    low, high = (mark.box[0], mark.box[2]) if axis == 0 else (mark.box[1], mark.box[3])
    return position - high if before else low - position
