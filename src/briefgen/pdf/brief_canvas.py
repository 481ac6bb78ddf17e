"""The canvas a brief or pack is drawn on: page furniture as each page ends, what waits for the page count at save.

Input: the ``Furniture`` of the pages (changed per run in a pack), the
``Tagger`` (None for an untagged PDF) and whether the PDF is archival.
Output: each page with its footer, banners, watermark, note, pack footer and
a numbered copy's mark (``pdf.furniture`` draws them), and, when saved, the
page numbers filled in, the outline, the metadata and the file.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfdoc import PDFName

from briefgen import reportlab_compat
from briefgen.pdf import metadata as pdfa
from briefgen.pdf import serialising, tagging
from briefgen.pdf.canvas import TaggingCanvas
from briefgen.pdf.furniture import (
    PAGE_NUMBER_SLOT,
    Furniture,
    draw_footer_and_banners,
    draw_note,
    draw_pack_footer,
    draw_top_banner,
    draw_watermark,
    page_number_code,
)
from briefgen.pdf.marked_content import Tagger
from briefgen.pdf.outline import Outline, OutlineEntry
from briefgen.pdf.pagination import LaterSlots, Pagination


class BriefCanvas(TaggingCanvas):
    """Draws page furniture as pages end, and what waits for the page count when the document is saved.

    Each page carries the furniture current when it ends; a document of
    several runs (a meeting pack) changes it with ``use_furniture`` as each
    page begins. A module-level class given its document's settings, not one
    defined per document: a class is a reference cycle, and would keep each
    finished document alive until the garbage collector's next full pass.
    """

    def __init__(
        self,
        *args: Any,
        furniture: Furniture,
        tagger: Tagger | None,
        archival: bool,
        hold_save: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.hold_save = hold_save  # the document's build ends without writing: ``save_held`` writes it
        self.ends_streams = False  # whether the file is written finished (``serialising.write_finished_file``)
        self.furniture = furniture
        self.tagger = tagger
        self.archival = archival
        self.outline: list[OutlineEntry] = []  # every bookmark, as laid out
        self.later = LaterSlots()
        self._page_furniture: list[Furniture] = []  # of each finished page
        self._furniture_code: dict[int, list[str]] = {}  # footer and banner operators of each furniture
        self._marked_runs: set[str] = set()  # the runs whose first page is drawn

    def use_furniture(self, furniture: Furniture) -> None:
        """Give the page being begun ``furniture``, and its destinations ``furniture.scope``."""
        self.furniture = furniture
        self.destination_scope = furniture.scope

    def showPage(self) -> None:  # noqa: N802 (ReportLab API)
        furniture = self.furniture
        # The run's first page draws its marking and watermark as content, to be read; the rest repeat them.
        first = furniture.markings if furniture.run not in self._marked_runs else tagging.NO_MARKINGS
        self._marked_runs.add(furniture.run)
        with tagging.artifact(self):
            if furniture.note:
                draw_note(self, furniture)
            self._draw_footer_and_banners(furniture, top_banner=first.classification is None)
        if furniture.marking and first.classification is not None:
            with tagging.content(self, first.classification):
                draw_top_banner(self, furniture)
        if furniture.watermark:
            with tagging.content(self, first.watermark) if first.watermark else tagging.artifact(self):
                draw_watermark(self, furniture)
        with tagging.artifact(self):
            if furniture.pack_footer is not None:
                draw_pack_footer(self, furniture, furniture.pack_footer, reportlab_compat.page_number(self))
            if furniture.copy is not None:
                furniture.copy.draw_watermark(self, furniture)
        if furniture.copy is not None:  # outside the artifact: the copy's mark is read
            furniture.copy.draw(self, furniture, reportlab_compat.page_number(self))
        self._page_furniture.append(furniture)
        super().showPage()

    def _draw_footer_and_banners(self, furniture: Furniture, *, top_banner: bool) -> None:
        # Footer and banners are the same on every page of a run (the page number is a slot filled
        # in at save): their operators are made once and repeated. A footer logo is drawn on each
        # page, as a page must list the images it shows among its resources.
        operators = reportlab_compat.page_operators(self)
        repeated = furniture.footer_logo is None and top_banner
        code = self._furniture_code.get(id(furniture))
        if repeated and code is not None:
            operators.extend(code)
            return
        start = len(operators)
        draw_footer_and_banners(self, furniture, top_banner=top_banner)
        if repeated:
            self._furniture_code[id(furniture)] = operators[start:]

    def save(self) -> None:
        """Fill in what waited for the page count, add the outline and metadata, and write the file."""
        if self.hold_save:
            return  # a trial layout: written only if it is kept (``save_held``)
        document = reportlab_compat.pdf_document(self)
        if self.outline:
            document.Outlines = document.outline = document.Catalog.Outlines = Outline(self.outline)
            document.Catalog.PageMode = PDFName("UseOutlines")
        finished = reportlab_compat.finished_pages(self)
        pagination = Pagination.of([furniture.run for furniture in self._page_furniture])
        for number, (page, furniture) in enumerate(zip(finished, self._page_furniture, strict=True), start=1):
            if furniture.footer:
                in_run = pagination.page_in_run(number, furniture.run)
                code = page_number_code(self, furniture, in_run, pagination.lengths[furniture.run])
                reportlab_compat.replace_in_page_stream(page, PAGE_NUMBER_SLOT, code)
        self.later.fill(self, finished, pagination)
        first = self._page_furniture[0] if self._page_furniture else self.furniture
        marked = pdfa.Markings(first.marking.upper(), first.watermark)  # as printed on the first page
        pdfa.add_metadata(document, pdfa=self.archival, pdfua=self.tagger is not None, markings=marked)
        if self.archival:
            pdfa.add_output_intent(document)
        writer = serialising.write_finished_file if self.ends_streams else serialising.write_file
        reportlab_compat.write_file_with(self, writer)
        super().save()

    def save_held(self) -> None:
        """Write the file of a canvas whose save was held when its document's build ended, finished.

        Its streams are ended as ``document.finished_file`` ends them, as it is written.
        """
        self.hold_save = False
        self.ends_streams = True
        self.save()
