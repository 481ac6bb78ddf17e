"""Build one document, reading like the list of steps: a brief from its spec, or a meeting pack from its briefs.

Input: a spec (its path, or its bytes and the name they came from) and the
``BuildOptions`` the user gave; or a pack and its loaded briefs. Output: the
PDF, and what the user should know about it. Briefs and packs go through
the same stages: ``layout`` makes one tagged story, ``pdf`` draws it with
the brief's page furniture and tagging. ``render_spec`` is the one path
every way of building a brief takes: ``briefgen build`` in this process, in
local worker processes and on a Dask cluster, ``briefgen watch`` and the
library's ``build``; ``render_pack`` is the pack's. ReportLab is
imported inside the functions, not at module level, so that loading and
checking specs (and ``briefgen --help``) never pay for it, and neither is YAML
or the schema: deciding that a batch is up to date needs only this module's
``BuildOptions``.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.errors import BlockError, RenderError, SpecError
from briefgen.load.files import file_access
from briefgen.records import record

if TYPE_CHECKING:
    from briefgen import model
    from briefgen.load.pack_file import PackDefaults
    from briefgen.pdf.document import DrawnPdf, RenderedPdf
    from briefgen.style.theme import Theme


@record
class BuildOptions:
    """How to build, as the user asked: these override what each spec says.

    ``theme`` is a built-in theme's name or a theme file's path; ``page_size``
    overrides the theme's paper; ``watermark`` replaces the DRAFT of draft
    briefs ("" for none); ``pdfa`` writes PDF/A-2b; ``allow_outside_files``
    lets specs name files outside their folder and assets/. The project's
    settings come last: ``lang`` and ``default_theme`` are for specs that
    give none, ``assets_dir`` is the project's folder of shared files.
    ``copy_mark`` makes the PDF that numbered copy ("Copy 7 of 20 – J. Smith"
    on every page).
    """

    page_size: str | None = None
    theme: str | None = None
    watermark: str | None = None
    pdfa: bool = False
    allow_outside_files: bool = False
    lang: str | None = None
    default_theme: str | None = None
    assets_dir: str | None = None
    copy_mark: model.CopyMark | None = None

    def pack_defaults(self) -> PackDefaults:
        """Return the project's theme, paper and language as a pack built with these options takes them."""
        from briefgen.load.pack_file import PackDefaults

        return PackDefaults(theme=self.default_theme, page_size=self.page_size, lang=self.lang)

    def fingerprint(self) -> tuple[str, ...]:
        """Return the options as strings, for the hash that decides whether a PDF is up to date."""
        # The project's settings and the copy's mark are added only when set, so that PDFs built without
        # them stay up to date; with a mark, a numbered copy's hash is never the plain PDF's or another copy's.
        project = (("lang", self.lang), ("default_theme", self.default_theme), ("assets_dir", self.assets_dir))
        mark = self.copy_mark
        return (
            f"page_size={self.page_size}",
            f"theme={self.theme}",
            f"watermark={self.watermark!r}",
            f"pdfa={self.pdfa}",
            f"allow_outside_files={self.allow_outside_files}",
            *(f"{name}={value}" for name, value in project if value is not None),
            *([f"copy_mark={mark.number}/{mark.total}/{mark.name!r}"] if mark is not None else []),
        )


@record
class RenderedSpec:
    """A spec's PDF, the warnings met making it, and the files besides the spec it was made from."""

    pdf: RenderedPdf
    warnings: tuple[str, ...]
    uses: tuple[Path, ...]


def render_spec(data: bytes, source: Path, options: BuildOptions) -> RenderedSpec:
    """Validate the spec in ``data`` (read from ``source``), choose its theme, and render it.

    Raises:
        SpecError: the spec (or its theme) is invalid, or it has a character no font can draw.
        RenderError: the PDF could not be laid out.

    """
    from briefgen.load.drawable import check_drawable
    from briefgen.load.spec import block_problem, read_spec
    from briefgen.load.theme_file import load_theme

    with file_access(allow_outside=options.allow_outside_files, project_assets=options.assets_dir):
        parsed = read_spec(data, source, default_lang=options.lang)
        brief = parsed.brief
        theme_reference = options.theme or brief.theme or options.default_theme or "default"
        theme = load_theme(theme_reference)
    check_drawable(parsed, theme)  # a character no font has is an error, never a blank in the PDF
    if options.page_size:
        theme = theme.with_page_size(options.page_size)
    try:
        pdf, warnings = render_brief(
            brief, theme, watermark=options.watermark, pdfa=options.pdfa or brief.pdfa, copy_mark=options.copy_mark
        )
    except BlockError as exc:  # a block the layout cannot place: said at its line, like any problem in the spec
        raise SpecError(source, [block_problem(data, source, exc.block, exc.part, str(exc))]) from None
    return RenderedSpec(pdf, tuple(warnings), files_used(brief, theme_reference, theme))


def render_brief(
    brief: model.Brief,
    theme: Theme,
    *,
    watermark: str | None = None,
    pdfa: bool = False,
    tagged: bool = True,
    copy_mark: model.CopyMark | None = None,
) -> tuple[RenderedPdf, list[str]]:
    """Lay out and render ``brief``, returning the PDF and the warnings met on the way.

    The PDF is tagged (PDF/UA) unless ``tagged`` is false, which only the
    tagging benchmark asks for; it is PDF/A-2b with ``pdfa``; with
    ``copy_mark`` it is that numbered copy.
    """
    from briefgen.layout.shaping_memo import remembering
    from briefgen.pdf.images import archival_images, collect_image_warnings

    def draw(look: Theme, *, drawing: bool = True) -> tuple[DrawnPdf, list[str]]:
        return _laid_out(
            brief, look, watermark=watermark, pdfa=pdfa, tagged=tagged, copy_mark=copy_mark, drawing=drawing
        )

    drawn_tries: list[tuple[Theme, tuple[DrawnPdf, list[str]]]] = []  # a try likely kept is drawn as it is tried

    def laid_out_in(look: Theme, likely_kept: bool) -> DrawnPdf:
        if not likely_kept:
            return draw(look, drawing=False)[0]
        drawn_tries.append((look, draw(look)))
        return drawn_tries[-1][1][0]

    with collect_image_warnings() as image_warnings, _render_failures(), archival_images(pdfa), remembering():
        brief = typeset(brief, theme)
        drawn, warnings = draw(theme)
        said_of_images = len(image_warnings)  # drawing the images again says the same again
        # Only the layout kept is drawn and written: a file's writing is a third of its time.
        tighter = _pulled_back(theme, drawn, laid_out_in)
        if tighter is not None:
            drawn, warnings = next((done for look, done in drawn_tries if look is tighter), None) or draw(tighter)
        pdf = drawn.write()
    return pdf, warnings + image_warnings[:said_of_images]


def _laid_out(
    brief: model.Brief,
    look: Theme,
    *,
    watermark: str | None = None,
    pdfa: bool = False,
    tagged: bool = True,
    copy_mark: model.CopyMark | None = None,
    drawing: bool = True,
) -> tuple[DrawnPdf, list[str]]:
    """Lay ``brief`` out alone in ``look`` and draw it (``drawing`` false: lay it out only); with its warnings."""
    from briefgen.layout.brief import layout_brief
    from briefgen.pdf.document import draw_pdf

    laid_out = layout_brief(brief, look, watermark=watermark)
    drawn = draw_pdf(
        laid_out.story,
        brief,
        look,
        structure=laid_out.structure if tagged else None,
        archival=pdfa,
        watermark=watermark,
        destinations=laid_out.destinations,
        markings=laid_out.markings,
        copy_mark=copy_mark,
        drawing=drawing,
    )
    return drawn, laid_out.warnings


def _pulled_back(theme: Theme, first: DrawnPdf, laid_out_in: Callable[[Theme, bool], DrawnPdf]) -> Theme | None:
    """Return the tighter theme that pulls a stranded last page back onto the page before, or None.

    ``first`` is the brief laid out in ``theme``; ``laid_out_in(look,
    likely_kept)`` lays it out in another theme, without drawing it unless
    ``likely_kept``. Of the tighter
    themes that save the page the least changed is kept; the tightest is
    tried first, so that when even it cannot, one try is all.
    """
    from briefgen.style.tightening import tightenings

    pages = first.pages
    if pages < 2 or first.last_page_fill >= theme.last_page.stranded:
        return None
    tighter = tightenings(theme)
    if not tighter or tighter[-1] == theme:  # bounds that tighten nothing (spacing 1, reference_leading 0)
        return None
    tightest = laid_out_in(tighter[-1], False)
    fewest = tightest.pages
    if fewest >= pages:
        return None
    # A try likely kept is drawn as it is tried, so that, kept, it is not laid out twice. The last looser theme
    # nearly always is (it differs from the tightest in the references' leading only). The halfway one likely is
    # when the tightest left at least as much room on its last page as the stranded page held: halfway saves
    # about half as much. Not in a long brief, where what each page break wastes adds up. Either way the theme
    # kept is the same; only the work differs.
    halfway_likely = pages <= _SHORT_BRIEF_PAGES and 1 - tightest.last_page_fill >= first.last_page_fill
    last = len(tighter) - 2
    for n, look in enumerate(tighter[:-1]):
        if look == tighter[-1]:  # a reference_leading of 0: the tightest's pages, known
            return look
        likely_kept = n == last or (n == 0 and halfway_likely)
        if look != theme and laid_out_in(look, likely_kept).pages == fewest:  # a spacing of 1: the theme's, known
            return look
    return tighter[-1]


# Up to this many pages, the halfway tightening's chances are judged from the tightest's room (see above).
_SHORT_BRIEF_PAGES = 8


@contextlib.contextmanager
def _render_failures() -> Iterator[None]:
    """Turn what ReportLab raises on input the loaders could not judge into one line for the user."""
    from reportlab.pdfbase.ttfonts import TTFError
    from reportlab.platypus.doctemplate import LayoutError

    try:
        yield
    except LayoutError as exc:  # what the layout's own checks (a table row taller than a page) did not foresee
        page = re.search(r"on page (\d+)", str(exc))
        where = f" (on page {page.group(1)})" if page else ""
        raise RenderError(
            f"part of the brief is too large for any page{where}; shorten it, or split it into smaller blocks"
        ) from None
    except TTFError as exc:  # a theme's font damaged beyond what load.font_file reads
        detail = " ".join(str(exc).split())[:200]
        raise RenderError(f"a font of the theme cannot be used ({detail}); use another copy of it") from None


def render_pack(
    pack: model.Pack,
    briefs: Sequence[model.Brief],
    themes: Sequence[Theme],
    theme: Theme,
    marking: str,
    copy_mark: model.CopyMark | None = None,
) -> tuple[RenderedPdf, list[list[str]]]:
    """Lay out and render a meeting pack as one tagged document, returning it and each brief's warnings.

    Each brief is laid out as it is alone, in its theme in ``themes``; the
    pack's own pages are in ``theme`` and show ``marking`` as the pack's
    classification. With ``copy_mark`` the pack is that numbered copy; with
    the pack's ``pdfa``, PDF/A-2b.
    """
    from briefgen.layout.pack_pages import layout_pack
    from briefgen.pdf.images import archival_images, collect_image_warnings
    from briefgen.pdf.pack_document import render_pack_pdf

    briefs = [typeset(brief, brief_theme) for brief, brief_theme in zip(briefs, themes, strict=True)]
    with collect_image_warnings() as image_warnings, _render_failures(), archival_images(pack.pdfa):
        themes = [_look_alone(brief, look, pdfa=pack.pdfa) for brief, look in zip(briefs, themes, strict=True)]
        laid_out = layout_pack(pack, briefs, themes, marking, theme)
        pdf = render_pack_pdf(
            laid_out.story,
            pack,
            briefs,
            themes,
            theme=theme,
            marking=marking,
            structure=laid_out.structure,
            destinations=laid_out.destinations,
            markings=laid_out.markings,
            articles=laid_out.articles,
            copy_mark=copy_mark,
        )
    # What svglib and PIL said of an image goes to the briefs that draw it.
    warnings = [
        [*brief_warnings, *(said for said in image_warnings if said.split("'")[1] in _image_names(brief, brief_theme))]
        for brief, brief_theme, brief_warnings in zip(briefs, themes, laid_out.warnings, strict=True)
    ]
    return pdf, warnings


def _look_alone(brief: model.Brief, theme: Theme, *, pdfa: bool) -> Theme:
    """Return the theme ``brief`` is set in when built alone: ``theme``, or a tighter one that saves its last page.

    So a brief has the same pages in a pack as alone, and a pack wastes no
    sheet on a stranded last page.
    """

    def laid_out_in(look: Theme, _likely_kept: bool) -> DrawnPdf:  # the pack lays its briefs out again: undrawn
        return _laid_out(brief, look, pdfa=pdfa, drawing=False)[0]

    return _pulled_back(theme, laid_out_in(theme, False), laid_out_in) or theme


def _image_names(brief: model.Brief, theme: Theme) -> set[str]:
    return {path.name for path in files_used(brief, "", theme) if path.suffix.lower() != ".ttf"}


def typeset(brief: model.Brief, theme: Theme) -> model.Brief:
    """Return ``brief`` with its language's quotes and dashes; the spec's or theme's smart_quotes can keep quotes."""
    from briefgen.text.typography import typographic_brief

    quotes = theme.smart_quotes if brief.smart_quotes is None else brief.smart_quotes
    return typographic_brief(brief, quotes=quotes)


def files_used(brief: model.Brief, theme_reference: str, theme: Theme) -> tuple[Path, ...]:
    """Return the files besides the spec that the brief's PDF is made from: figures, theme file, logo, fonts.

    A rebuild is due when any of them changes (the shipped fonts and themes
    are covered by briefgen's own fingerprint).
    """
    from briefgen.model import Figure  # here: a batch's parent process needs BuildOptions, never the model

    files = [block.image for section in brief.sections for block in section.blocks if isinstance(block, Figure)]
    if theme_reference.endswith((".yaml", ".yml")):
        files.append(Path(theme_reference).resolve())
    if theme.logo:
        files.append(Path(theme.logo))
    for family in (theme.body_font, theme.heading_font):
        faces = (family.regular, family.bold, family.italic, family.bold_italic)
        files += [_font_file(face) for face in faces if face and _font_file(face).is_absolute()]
    files += [_font_file(face) for face in theme.fallback_fonts if _font_file(face).is_absolute()]
    return tuple(sorted(set(files)))


@functools.lru_cache(maxsize=256)  # every brief asks of every face of its theme
def _font_file(face: str) -> Path:
    """Return the file of a theme's font face (``fonts/x.ttc#2`` names the third face of ``fonts/x.ttc``)."""
    name, hash_sign, index = face.rpartition("#")
    return Path(name if hash_sign and index.isdigit() else face)
