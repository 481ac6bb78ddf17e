"""The one door to ReportLab's internals: every private name and undocumented hook briefgen relies on.

Input: ReportLab objects. Output: the same objects, changed, or plain values. What ReportLab's documented API does not
offer (the page's operators, the hook a paragraph calls at a link's ends, the font registry and subsets, the fonts
written at save, a paragraph's lines, names of pages and annotations, the writing of the file) is reached only here, so
an upgrade is checked in one place; SLF001 and tests/test_architecture.py keep private names out of other modules
(``pdf.document`` and ``pdf.serialising`` rely only on the layout of the file ReportLab writes). Each entry says what it
relies on (checked with ReportLab 4.4.9 and 5.1.0, the bounds allowed). It imports only ``lazy_patterns`` of briefgen.
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any, cast

from reportlab.lib.rl_accel import escapePDF, fp_str, instanceStringWidthTTF, sameFrag
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import LinkAnnotation, PDFDocument, PDFObjectReference
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas, _annFormat
from reportlab.pdfgen.textobject import PDFTextObject

from briefgen.lazy_patterns import compiled_when_used

# Compiled on import, unused here: URIs for ``rl_config.uriWasteReduce`` (off), CJK for ``textsplit.cjkwrap``; 21 ms.
with compiled_when_used(lambda pattern: pattern.startswith((r"(^(?:[a-z0-9\.\-\+]*)://)", "([\u2e80-\uffff])"))):
    from reportlab.platypus import paragraph as rl_paragraph
    from reportlab.platypus.paraparser import ParaParser

# --- the page being drawn: Canvas._code lists its operators; marked content is added to it directly ---


def page_operators(canvas: Canvas) -> list[str]:
    """Return the current page's content-stream operators, to add to in place (``Canvas._code``)."""
    return cast("list[str]", canvas._code)


def swap_page_operators(canvas: Canvas, operators: list[str]) -> list[str]:
    """Make ``operators`` the list the canvas draws into and return the one it drew into before."""
    previous: list[str] = canvas._code
    canvas._code = operators
    return previous


def page_number(canvas: Canvas) -> int:
    """Return the number of the page being drawn, from 1 (``PDFDocument.pageCounter``)."""
    return cast("int", canvas._doc.pageCounter)


def pdf_document(canvas: Canvas) -> Any:
    """Return the ``PDFDocument`` a canvas writes into (``Canvas._doc``), to add catalog entries and objects."""
    return canvas._doc


def finished_pages(canvas: Canvas) -> list[Any]:
    """Return the ``PDFPage`` objects of the pages finished so far (``PDFDocument.Pages.pages``)."""
    return cast("list[Any]", canvas._doc.Pages.pages)


def replace_in_page_stream(page: Any, placeholder: str, operators: str) -> None:
    """Replace the first ``placeholder`` in a finished page's content stream (``PDFPage.stream``, a str)."""
    page.stream = page.stream.replace(placeholder, operators, 1)


def page_reference(number: int) -> PDFObjectReference:
    """Return a reference to page ``number``: ReportLab names page objects "Page1", "Page2", ..."""
    return PDFObjectReference(f"Page{number}")


def add_entries(pdf_object: Any, **entries: Any) -> None:
    """Set entries on a page or the catalog, which write only keys listed in ``__NoDefault__`` (or defaulted)."""
    for key, value in entries.items():
        setattr(pdf_object, key, value)
    pdf_object.__NoDefault__ = [*pdf_object.__NoDefault__, *(k for k in entries if k not in pdf_object.__NoDefault__)]


def drop_page_transition(page: Any) -> None:
    """Remove a finished page's ``/Trans`` (ReportLab writes one; PDF/A forbids it)."""
    page.Trans = None  # PDFPage writes the entries that are not None


# --- annotations -----------------------------------------------------------------------------------


class StructLinkAnnotation(LinkAnnotation):
    """ReportLab's link annotation, allowed (in ``permitted``) the ``/StructParent`` that ties it to its element."""

    permitted = (*LinkAnnotation.permitted, "StructParent")


def latest_annotation(canvas: Canvas) -> PDFObjectReference:
    """Return the annotation added last: ``_addAnnotation`` names it "NUMBER<``Canvas._annotationCount``>"."""
    return cast("PDFObjectReference", canvas._doc.refAnnotation(f"NUMBER{canvas._annotationCount}"))


def add_internal_link(
    canvas: Canvas, destination: str, contents: str, link: dict[str, Any], entries: dict[str, Any]
) -> None:
    """Add a link to ``destination`` with extra ``entries``, in ``linkRect``'s steps (``link``: its arguments)."""
    kw = {**entries, "Rect": canvas._absRect(link["Rect"], link["relative"]), "Contents": contents}
    kw["Destination"] = canvas._bookmarkReference(destination)
    _annFormat(kw, link["color"], link["thickness"], link["dashArray"])
    canvas._addAnnotation(StructLinkAnnotation(**kw), link["name"], link["addtopage"])


# --- text objects ----------------------------------------------------------------------------------


class LinkHookTextObject(PDFTextObject):
    """ReportLab's text object, passing where each line's link text starts and ends to ``link_text``.

    ``Paragraph`` calls ``_linkRecord((number, address), "start" or "end")`` at each end of a line's linked text.
    """

    def link_text(self, url: str, kind: str) -> None:
        """Note that ``url``'s text starts or ends here (``kind`` "start" or "end"); subclasses override it."""

    def _linkRecord(self, link: Any, kind: str) -> None:  # noqa: N802 (the hook Paragraph looks for)
        self.link_text(link[1], kind)


def text_operators(text: PDFTextObject) -> list[str]:
    """Return a text object's operators (``PDFTextObject._code``), from ``BT`` on, to add to in place."""
    return cast("list[str]", text._code)


def text_canvas(text: PDFTextObject) -> Canvas:
    """Return the canvas a text object belongs to (``PDFTextObject._canvas``)."""
    return cast("Canvas", text._canvas)


def whole_paragraph_links(text: PDFTextObject) -> Any:
    """Return the (number, address) links of a paragraph that is one link and nothing else (``XtraState.link``)."""
    # Such a paragraph is set without ``_linkRecord`` calls: its link is kept in the text object.
    return getattr(getattr(text, "XtraState", None), "link", None)


def release_text_object(text: PDFTextObject) -> None:
    """Drop the method a paragraph bound to its text object (``_do_line``) once the text is drawn."""
    # It refers back to the text object, whose canvas holds the whole document: a cycle, kept until a full collection.
    vars(text).pop("_do_line", None)


# --- documents, frames and fonts -------------------------------------------------------------------


def release_document(document: Any) -> None:
    """Empty a finished ``DocTemplate``'s ``_nameSpace``: it holds the document itself (a reference cycle)."""
    vars(document).get("_nameSpace", {}).clear()


def frame_cursor(frame: Any) -> float:
    """Return how far down a frame has filled: the y of its next flowable's top (``Frame._y``)."""
    return cast("float", frame._y)


def creation_time(document: Any) -> tuple[int, ...]:
    """Return the document's creation time (UTC year, month, day, hour, minute, second) as written in it."""
    return cast("tuple[int, ...]", document._timeStamp.YMDhms)


def object_numbers(document: Any) -> dict[str, tuple[int, int]]:
    """Return the object number and generation of each named object (``PDFDocument.idToObjectNumberAndVersion``)."""
    return cast("dict[str, tuple[int, int]]", document.idToObjectNumberAndVersion)


def replace_info(document: Any, info: Any) -> None:
    """Give ``document`` a new Info dictionary ``info`` holding what the old one held."""
    info.__dict__.update(document.info.__dict__)
    document.info = info


class _WrittenDocument(PDFDocument):
    """A ``PDFDocument`` whose file (``format``, at save) is ``writer(self, _pdfVersion)``, unless it is signed."""

    writer: Callable[[PDFDocument, tuple[int, int]], bytes]

    def format(self) -> bytes:
        return PDFDocument.format(self) if getattr(self, "_digiSigs", None) else self.writer(self, self._pdfVersion)


def write_file_with(canvas: Canvas, writer: Callable[[PDFDocument, tuple[int, int]], bytes]) -> None:
    """Have ``writer(document, PDF version)`` write the file of ``canvas``'s document at save."""
    canvas._doc.writer = writer  # a module's function, not a bound method: no reference cycle
    canvas._doc.__class__ = _WrittenDocument


format_number: Callable[[float], str] = fp_str  # a number as ReportLab writes numbers in content streams


def font_registered(name: str) -> bool:
    """Return whether a font is registered under ``name`` (``pdfmetrics._fonts``), without loading one."""
    return name in pdfmetrics._fonts


def register_face(name: str, face_name: bytes, make_font: Callable[[], TTFont]) -> None:
    """Register the face ``face_name`` as the font ``name``, sharing the font object if the face is known.

    One font per face, found by PostScript name in ``pdfmetrics._dynFaceNames``: ``registerFont`` would parse the
    file again and, for a face registered under two names, write its objects twice.
    """
    font = pdfmetrics._dynFaceNames.get(face_name)
    if font is None:
        font = make_font()
        font.fontName = name
        pdfmetrics._dynFaceNames[face_name] = font
    pdfmetrics._fonts[name] = font


def register_encoded_font(font: Any) -> None:
    """Register ``font``, which codes strings as a TTFont (``_dynamicFont``), as a family (``_multiByte``) of one."""
    font._dynamicFont = font._multiByte = 1
    pdfmetrics.registerFont(font)


def write_font_at_save(document: Any, name: str, make: Callable[[Any], Any]) -> None:
    """At save (``delayedFonts``, as TTFonts are), add the font ``make(document)`` to "BasicFonts" as ``name``."""
    add = lambda saved: saved.idToObject["BasicFonts"].dict.__setitem__(name, make(saved))  # noqa: E731
    document.delayedFonts.append(SimpleNamespace(addObjects=add))


def ttf_string_width(font: TTFont, text: Any, size: float, encoding: str = "utf8") -> float:
    """Return ReportLab's width of ``text`` in a TrueType font, from its C helper (``rl_accel``)."""
    return float(instanceStringWidthTTF(font, text, size, encoding))


def code_state(font: TTFont, document: Any) -> tuple[dict[int, int], list[list[int]]]:
    """Return ``TTFont.state[document]``: each code point's code (high byte: subset), each subset's points by code.

    Made with only codes 0 (.notdef) and 32 (space) in a first subset of codes 0-126, free codes holding 0: the
    caller gives every code (``splitString`` only finds them), ``nextCode`` unused.
    """
    state = font.state.get(document)
    if state is None:
        state = font.state[document] = TTFont.State(False, font)
        state.assignments, state.subsets = {0: 0, 32: 32}, [[0] * 32 + [32] + [0] * 94]
    return state.assignments, state.subsets


def take_subsets(font: TTFont, document: Any) -> list[tuple[str, list[int], list[float]]]:
    """Return each of ``font``'s subsets in the finished ``document``: its font object's name, code points, widths.

    From ``TTFont.state[document]``, dropped then, as ``TTFont.addObjects`` does: ``subsets``, code points in code
    order (0 for code 0 and codes not given; 32 for 32), ``getSubsetInternalName``, the face's ``getCharWidth``.
    """
    names = [font.getSubsetInternalName(index, document)[1:] for index in range(len(font.state[document].subsets))]
    state = font.state.pop(document)
    return [
        (n, subset, list(map(font.face.getCharWidth, subset))) for n, subset in zip(names, state.subsets, strict=True)
    ]


def subset_program(font: TTFont, subset: list[int]) -> bytes:
    """Return the TrueType program of ``subset``'s glyphs (code points in code order): ``TTFontFace.makeSubset``."""
    return cast("bytes", font.face.makeSubset(subset))


def add_subset(document: Any, name: str, pdf_font: Any) -> None:
    """Add a subset's font ``pdf_font`` to ``document`` as ``name``, in "BasicFonts", as ``TTFont.addObjects`` does."""
    document.Reference(pdf_font, name)
    document.idToObject["BasicFonts"].dict[name] = pdf_font


# --- platypus --------------------------------------------------------------------------------------


def table_cells(table: Any) -> list[list[Any]]:
    """Return a table's rows of cell values, to replace cells in place (``Table._cellvalues``)."""
    return cast("list[list[Any]]", table._cellvalues)


def paragraph_lines(paragraph: Any) -> list[Any]:
    """Return the lines a wrapped paragraph was broken into (``Paragraph.blPara.lines``)."""
    return cast("list[Any]", paragraph.blPara.lines)


def paragraph_line_widths(paragraph: Any) -> list[float]:
    """Return the widths of a wrapped paragraph's lines (``Paragraph.getActualLineWidths0``)."""
    return cast("list[float]", paragraph.getActualLineWidths0())


def parse_paragraph_markup(markup: str, style: Any) -> list[Any]:
    """Return the fragments (``ParaFrag``) ReportLab's paragraph parser makes of ``markup``."""
    _, fragments, _ = ParaParser().parse(markup, style)
    return list(fragments or [])


def fragment_links(fragment: Any) -> Any:
    """Return a fragment's links: a list of (number in the paragraph, address), or something else if unknown."""
    return fragment.link


def clonable_fragment(fragment: Any) -> bool:
    """Return whether ``fragment`` has the per-fragment lists ``fragment_with_text`` knows how to copy."""
    return isinstance(getattr(fragment, "us_lines", None), list) and isinstance(getattr(fragment, "link", None), list)


def fragment_with_text(prototype: Any, text: str, link: tuple[int, str] | None) -> Any:
    """Return a copy of a parsed fragment with other ``text`` and link, and ``us_lines`` and ``link`` of its own."""
    fragment = prototype.clone(text=text)
    fragment.us_lines = list(prototype.us_lines)
    fragment.link = [link] if link else []
    return fragment


def transform_fragments(fragments: list[Any], style: Any) -> None:
    """Apply the style's text transform (upper case, say) to fragments, as ``Paragraph.__init__`` would."""
    rl_paragraph.textTransformFrags(fragments, style)


# --- a paragraph's lines, set as breakLines sets them (layout/paragraph_lines.py), drawn as drawPara draws them ---


def frag_words(fragments: list[Any], width: float) -> list[Any]:
    """Return a paragraph's words ``[width, (fragment, text), ...]``, cut ones joined again (``_getFragWords``)."""
    return cast("list[Any]", rl_paragraph._getFragWords(fragments, width))


SPACED_WORD = rl_paragraph._HSFrag  # the class of a frag word a space follows


def fragment_kind(fragment: Any) -> str:
    """Return "text", "image", "break" (``<br/>``) or "mark" (an anchor): the fragment's ``_fkind``."""
    return ("text", "image", "mark", "break")[fragment._fkind]


def soft_hyphen_places(text: str) -> list[int]:
    """Return where the parser took soft hyphens out of a fragment's text (``_SHYIndexedStr._shyIndices``)."""
    return list(getattr(text, "_shyIndices", ()))


def word_part(parts: list[tuple[Any, str]] | str, width: float = 0.0, *, head: bool, hyphen: bool, space: bool) -> Any:
    """Return part of a word cut at a line's end, of the class ``breakLines`` gives one (so it is joined again).

    A frag word's heads are ``_SplitFragHY`` (hyphen added) or ``_SplitFragH``, its tails ``_SplitFragHS`` (space
    after) or ``_SplitFrag``; a plain word's (a string's) ``_SplitWordHY``, ``_SplitWordH`` and ``_SplitWordEnd``.
    """
    p = rl_paragraph
    if isinstance(parts, str):
        return ((p._SplitWordHY if hyphen else p._SplitWordH) if head else p._SplitWordEnd)(parts)
    return ((p._SplitFragHY if hyphen else p._SplitFragH) if head else p._SplitFragHS if space else p._SplitFrag)(
        [width, *parts]
    )


def plain_fragment(fragments: list[Any]) -> Any:
    """Return a paragraph's one fragment if ``breakLines`` sets it in plain lines (kind 0), else None.

    A text fragment (``_fkind`` 0), uncut, with no image or anchor (``cbDefn``), background or rise.
    """
    f = fragments[0] if len(fragments) == 1 else None
    plain = f is not None and not isinstance(f, list) and getattr(f, "_fkind", 0) == 0 and not getattr(f, "rise", 0)
    return f if plain and not (hasattr(f, "cbDefn") or hasattr(f, "backColor")) else None


def bullet_line_widths(paragraph: Any, widths: list[float]) -> None:
    """Narrow the first of ``widths`` for the paragraph's bullet, as ``breakLines`` does (``_handleBulletWidth``)."""
    rl_paragraph._handleBulletWidth(paragraph.bulletText, paragraph.style, widths)


def same_look(a: Any, b: Any) -> bool:
    """Return whether two fragments draw alike and may be one run of a line (``rl_accel.sameFrag``)."""
    return bool(sameFrag(a, b))


def broken_lines(lines: list[Any], plain: Any = None) -> Any:
    """Return the ``ParaLines`` ``breakLines`` returns: of ``FragLine``s or their fields (kind 1), or (kind 0).

    Given a ``plain_fragment``: of (room left, words) pairs, with the fragment's font and extent (kind 0).
    """
    if plain is not None:
        ascent, descent = pdfmetrics.getAscentDescent(plain.fontName, plain.fontSize)
        return plain.clone(kind=0, lines=lines, ascent=ascent, descent=descent, fontSize=plain.fontSize)
    return rl_paragraph.ParaLines(kind=1, lines=[rl_paragraph.FragLine(**f) if type(f) is dict else f for f in lines])


def justifies_last_line(paragraph: Any) -> bool:
    """Return whether a paragraph is the first part of a split one, whose last line is justified (``_JustifyLast``)."""
    return bool(getattr(paragraph, "_JustifyLast", False))


def note_breaking(paragraph: Any, *, widest: float, hyphenations: int) -> None:
    """Set what ``breakLines`` leaves on a paragraph: its widest line, hyphens used, long words cut (none)."""
    paragraph._width_max, paragraph._hyphenations, paragraph._splitLongWordCount = widest, hyphenations, 0


def line_offsets(paragraph: Any) -> list[float] | None:
    """Return the indents a ``ParagraphAndImage`` gives its paragraph's lines (``_offsets``), None if none."""
    return getattr(paragraph, "_offsets", None)


def truetype_escape(canvas: Canvas, font: Any) -> Callable[[bytes], str] | None:
    """Return ``escapePDF`` if ``font`` encodes by subsets (``_dynamicFont``) and ``canvas`` escapes with it."""
    return escapePDF if font._dynamicFont and type(canvas)._escape is Canvas._escape else None


def draw_bullet(canvas: Canvas, paragraph: Any, offset: float, y: float) -> float:
    """Draw a paragraph's bullet as ``drawPara`` does (``_drawBullet``); return the first line's indent after it."""
    return cast("float", rl_paragraph._drawBullet(canvas, offset, y, paragraph.bulletText, paragraph.style, False))
