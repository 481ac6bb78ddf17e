"""Write a finished PDF document's objects as ReportLab writes them, byte for byte, with less work per object.

Input: ReportLab's ``PDFDocument`` at save, its objects registered. Output: the file's bytes, those
``PDFDocument.format`` would return, but that Flate streams are compressed by libdeflate
(``subset_cache.flate``), not zlib. The common kinds (dictionaries, arrays, references, names, numbers, streams,
pages, the catalog, fonts) are written here: dictionary keys are escaped once per process, and no wrapper object
is made per written object; any other kind is written by its own ``format``. A document ReportLab would write
otherwise (encrypted, with comments or one entry a line) is left to ReportLab. Installed at save by
``reportlab_compat.write_file_with``; relies on ``pdfdoc``'s layout as of ReportLab 4.4.9 and 5.1.0.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import Any, cast

from reportlab import rl_config
from reportlab.lib.utils import isSeq
from reportlab.pdfbase.pdfdoc import (
    Annotation,
    NoEncryption,
    PDFArray,
    PDFCatalog,
    PDFDictionary,
    PDFDocument,
    PDFFile,
    PDFName,
    PDFObject,
    PDFObjectReference,
    PDFResourceDictionary,
    PDFStream,
    PDFString,
    PDFType1Font,
    PDFZCompress,
    pdfdocEnc,
)
from reportlab.pdfbase.pdfdoc import format as reportlab_format

from briefgen import reportlab_compat
from briefgen.style.subset_cache import flate

Writer = Callable[[Any, PDFDocument], bytes]  # writes an object of a kind as ReportLab does
_KEYS: dict[str, bytes] = {}  # a dictionary key, as written before its value: b"/Name "
_TEXTS: dict[str, bytes] = {}  # a str value (a name, mostly), encoded
_NAMES: dict[str, str] = {}  # a value and its name, escaped
_MOST_TEXTS = 4096  # of each of these: then forgotten, so that a long batch's memory stays flat


def write_finished_file(document: PDFDocument, version: tuple[int, int]) -> bytes:
    """Return the file ``write_file`` writes, each stream ended as ``end_streams_with_eol`` ends them."""
    return write_file(document, version, end_streams=True)


def write_file(document: PDFDocument, version: tuple[int, int], *, end_streams: bool = False) -> bytes:
    """Return the file of ``document`` (PDF ``version``) as ``PDFDocument.format`` writes it: objects, xref, trailer.

    With ``end_streams``, as ``end_streams_with_eol`` then leaves it, written so at once.
    """
    if not writes_plainly(document):
        file: bytes = PDFDocument.format(document)
        return end_streams_with_eol(file) if end_streams else file
    catalog, info = document.Catalog, document.info
    document.Reference(catalog)
    document.Reference(info)
    opening: bytes = PDFFile(version).format(document)  # "%PDF-1.7" and ReportLab's comment
    pieces: list[bytes | memoryview] = [opening]
    at = len(opening)
    numbers, objects = document.numberToId, document.idToObject
    number_and_version, offsets = document.idToObjectNumberAndVersion, document.idToOffset
    top = _TOP_LEVEL
    ids = []
    counter = 1
    while counter in numbers:  # objects may be registered while others are written
        name = numbers[counter]
        obj = objects[name]
        content = (top.get(type(obj)) or _writer(type(obj), top=True))(obj, document)
        header = b"%d %d obj\n" % number_and_version[name]
        ending = b"endobj\n" if content.endswith(b"\n") else b"\nendobj\n"
        if end_streams and content.endswith(b"endstream\n"):
            pieces += (header, memoryview(content)[:-10], b"\nendstream\nendobj\n")  # an EOL added, copying nothing
            ending = b"\nendobj\n"  # as long
        else:
            pieces += (header, content, ending)
        offsets[name] = at
        at += len(header) + len(content) + len(ending)
        ids.append(name)
        counter += 1
    if counter - 1 != len(numbers):
        raise ValueError(f"counter {counter} doesn't match number to id dictionary {len(numbers)}")
    pieces.append(b"xref\n0 %d\n0000000000 65535 f \n" % (len(ids) + 1))
    pieces += [b"%010d %05d n \n" % (offsets[name], number_and_version[name][1]) for name in ids]
    if end_streams and any(number_and_version[name][1] for name in ids):
        raise ValueError(_NOT_GENERATION_0)
    # The trailer, as PDFTrailer writes it: its entries sorted, one a line.
    entries = (document.ID(), document.Reference(info), document.Reference(catalog))
    ident, info_ref, root = (written(entry, document) for entry in entries)
    pieces.append(b"trailer\n<<\n/ID %s\n/Info %s\n/Root %s\n/Size %d\n>>\n" % (ident, info_ref, root, len(ids) + 1))
    pieces.append(b"startxref\n%d\n%%%%EOF\n" % at)
    return b"".join(pieces)


def writes_plainly(document: PDFDocument) -> bool:
    """Return whether ReportLab would write ``document`` as ``write_file`` does: unencrypted, no comments, dense."""
    comments = rl_config.pdfComments and not rl_config.invariant
    return type(document.encrypt) is NoEncryption and not rl_config.pdfMultiLine and not comments


def written(element: Any, document: PDFDocument) -> bytes:
    """Return ``element`` written inside another object, as ``pdfdoc.format`` writes it."""
    return (_INSIDE.get(type(element)) or _writer(type(element), top=False))(element, document)


def _writer(kind: type, *, top: bool) -> Writer:
    """Return (and keep) the writer of a kind met first: ours if it writes itself as a kind we know, else its own.

    Inside another object, a kind ReportLab writes only as an object of its own (``__RefOnly__``) is referred to.
    """
    writer = (_TOP_LEVEL_FORMATS if top else _INSIDE_FORMATS).get(getattr(kind, "format", None))
    if writer is None and top and issubclass(kind, PDFObject):
        writer = _own_format  # as pdfdoc.format writes an object of its own, less its checks
    elif writer is None or (not top and hasattr(kind, "__RefOnly__")):
        writer = _their_own_object if top else _their_own
    (_TOP_LEVEL if top else _INSIDE)[kind] = writer
    return writer


def _their_own(element: Any, document: PDFDocument) -> bytes:
    data: bytes = reportlab_format(element, document)
    return data


def _their_own_object(element: Any, document: PDFDocument) -> bytes:
    data: bytes = reportlab_format(element, document, toplevel=1)
    return data


def _text(text: str, _document: PDFDocument) -> bytes:
    encoded = _TEXTS.get(text)
    if encoded is None:
        if len(text) > 64:  # a name is short; longer text is seldom written twice
            return encoded_text(text)
        if len(_TEXTS) >= _MOST_TEXTS:
            _TEXTS.clear()
        encoded = _TEXTS[text] = text.encode("extpdfdoc")  # as pdfdocEnc encodes str
    return encoded


def encoded_text(text: str) -> bytes:
    """Return ``text`` encoded as ``pdfdocEnc`` encodes it; ASCII (a compressed stream's ASCII85, say) as it is."""
    if text.isascii():
        data = text.encode("ascii")
        if not any(control in data for control in _UNENCODABLE):
            return data
    return text.encode("extpdfdoc")  # through a codec written in Python: a few instructions a character


_UNENCODABLE = [bytes([code]) for code in range(0x18, 0x20)]  # the only ASCII PDFDocEncoding has no code for


def _number(number: float, _document: PDFDocument) -> bytes:
    return reportlab_compat.format_number(number).encode()  # digits, a sign and a point: as pdfdocEnc encodes them


def _bytes(data: bytes, _document: PDFDocument) -> bytes:
    return data


def _reference(reference: PDFObjectReference, document: PDFDocument) -> bytes:
    found = document.idToObjectNumberAndVersion.get(reference.name)
    return b"%d %d R" % found if found is not None else reference.format(document)  # format says what is wrong


def _key(name: str) -> bytes:
    key: bytes = pdfdocEnc(PDFName(name)) + b" "
    if len(_KEYS) >= _MOST_TEXTS:  # images' names, say, differ from file to file
        _KEYS.clear()
    _KEYS[name] = key
    return key


def _name(value: str) -> str:
    """Return ``PDFName(value)``, escaped once per process (a font's names, a stream's filters)."""
    name = _NAMES.get(value) if type(value) is str else PDFName(value)
    if name is None:
        if len(_NAMES) >= _MOST_TEXTS:
            _NAMES.clear()
        name = _NAMES[value] = PDFName(value)
    return name


def dictionary_bytes(entries: dict[str, Any], document: PDFDocument) -> bytes:
    """Return a plain dict written as ``PDFDictionary.format`` writes it: keys sorted, six entries a line."""
    inside, keys = _INSIDE, _KEYS
    parts = []
    for name in sorted(entries):
        value = entries[name]
        kind = type(value)
        parts.append((keys.get(name) or _key(name)) + (inside.get(kind) or _writer(kind, top=False))(value, document))
    if len(parts) > 6:  # ReportLab starts a line after every sixth entry
        return b"<<\n" + b" \n  ".join([b" ".join(parts[at : at + 6]) for at in range(0, len(parts), 6)]) + b"\n>>"
    return b"<<\n" + b" ".join(parts) + b"\n>>"


def _dictionary(dictionary: PDFDictionary, document: PDFDocument) -> bytes:
    entries = dictionary.dict
    if dictionary.multiline == "forced" or type(entries) is not dict:  # an OrderedDict keeps its order
        return cast("bytes", dictionary.format(document))
    return dictionary_bytes(entries, document)


def _inner_dictionary(dictionary: PDFDictionary, document: PDFDocument) -> bytes:
    if hasattr(dictionary, "__RefOnly__"):  # ReportLab's forms mark a dictionary so: it is referred to
        return _their_own(dictionary, document)
    return _dictionary(dictionary, document)


def _array(array: PDFArray, document: PDFDocument) -> bytes:
    if array.multiline == "forced" or hasattr(array, "__RefOnly__"):
        return cast("bytes", array.format(document))
    parts = [written(element, document) for element in array.sequence]
    if len(parts) > 10:  # ReportLab starts a line after every tenth element
        return b"[ " + b" \n  ".join([b" ".join(parts[at : at + 10]) for at in range(0, len(parts), 10)]) + b" ]"
    return b"[ " + b" ".join(parts) + b" ]"


def _stream(stream: PDFStream, document: PDFDocument) -> bytes:
    """Write a stream as ``PDFStream.format`` does: its filters applied (unless it names its own), then its length."""
    entries = dict(stream.dictionary.dict)
    content, filters = stream.content, stream.filters
    if content is None:
        raise ValueError("stream content not set")
    if filters is None:
        filters = document.defaultStreamFilters
    if filters is not None and "Filter" not in entries:
        for stream_filter in reversed(filters):
            # Flate as every stream briefgen compresses itself (a font's subset, its ToUnicode map) is.
            content = flate(content) if stream_filter is PDFZCompress else stream_filter.encode(content)
        entries["Filter"] = PDFArray([_name(stream_filter.pdfname) for stream_filter in filters])
    kind = type(content)
    data = content if kind is bytes else encoded_text(content) if kind is str else reportlab_format(content, document)
    entries["Length"] = len(content)
    return b"".join((dictionary_bytes(entries, document), b"\nstream\n", data, b"endstream\n"))


def _catalog(catalog: PDFCatalog, document: PDFDocument) -> bytes:
    """Write a catalog, the page tree or a page as ``PDFCatalog.format`` does, from its attributes."""
    catalog.check_format(document)
    entries = {}
    for name, default in catalog.__Defaults__.items():
        value = getattr(catalog, name, default)
        if value is not None:
            entries[name] = value
    for name in catalog.__NoDefault__:
        value = getattr(catalog, name, None)
        if value is not None:
            entries[name] = value
    for name in catalog.__Refs__:
        if name in entries:
            entries[name] = document.Reference(entries[name])
    return dictionary_bytes(entries, document)


def _font(font: PDFType1Font, document: PDFDocument) -> bytes:
    """Write a font dictionary as ``PDFType1Font.format`` does: its names, then its other entries as they are."""
    entries = {name: _name(getattr(font, name)) for name in font.name_attributes if hasattr(font, name)}
    entries.update((name, getattr(font, name)) for name in font.local_attributes if hasattr(font, name))
    return dictionary_bytes(entries, document)


def _resources(resources: PDFResourceDictionary, document: PDFDocument) -> bytes:
    """Write a page's resources as ``PDFResourceDictionary.format`` does: the kinds it has, then its ProcSet."""
    entries: dict[str, Any] = {}
    for kind in resources.dict_attributes:
        value = getattr(resources, kind)
        if not isinstance(value, dict):
            entries[kind] = value
        elif value:
            entries[kind] = PDFDictionary(value)
    procedures = resources.ProcSet
    if not isSeq(procedures):
        entries["ProcSet"] = procedures
    elif procedures:
        entries["ProcSet"] = PDFArray(procedures)
    return dictionary_bytes(entries, document)


def _annotation(annotation: Annotation, document: PDFDocument) -> bytes:
    """Write an annotation as ``Annotation.format`` does: its ``Dict()``."""
    entries = annotation.Dict()
    return _dictionary(entries, document) if type(entries) is PDFDictionary else cast("bytes", entries.format(document))


def _own_format(element: Any, document: PDFDocument) -> bytes:
    data: bytes = element.format(document)
    return data


# The writer of each kind of PDFObject, by the ReportLab method it writes itself with (subclasses that do not
# write themselves otherwise share it); objects of other kinds are written by their own ``format``.
_INSIDE_FORMATS: dict[Any, Writer] = {
    PDFDictionary.format: _inner_dictionary,
    PDFArray.format: _array,
    PDFResourceDictionary.format: _resources,
    PDFString.format: _own_format,
}
_TOP_LEVEL_FORMATS: dict[Any, Writer] = {
    PDFDictionary.format: _dictionary,
    PDFStream.format: _stream,
    PDFCatalog.format: _catalog,
    PDFType1Font.format: _font,
    Annotation.format: _annotation,
}
# Each kind met so far and its writer, by exact type.
_INSIDE: dict[type, Writer] = {str: _text, int: _number, float: _number, bytes: _bytes, PDFObjectReference: _reference}
_TOP_LEVEL: dict[type, Writer] = {}


def end_streams_with_eol(pdf: bytes) -> bytes:
    """Return a file ReportLab wrote with an end-of-line before each ``endstream``, its offsets updated.

    ISO 32000-1 7.3.8.1 and PDF/A-2 6.1.7.1 want one, not counted in ``/Length``; ``PDFStream.format`` writes none.
    Relies on ``PDFDocument.format``'s layout: objects in order, a stream's ending "endstream\nendobj\n", one xref
    section of 20-byte entries of generation 0, the trailer, ``startxref``, ``%%EOF``. Objects are found through
    the xref table, never by searching the data, which is copied once.
    """
    tail = pdf.rindex(b"startxref\n")
    xref_at = int(pdf[tail + 10 : -7])  # "startxref\nOFFSET\n%%EOF\n"
    first_entry = pdf.index(b"\n", xref_at + 5) + 1  # after "xref\n0 COUNT\n"
    trailer = pdf.index(b"trailer", first_entry)
    fields = pdf[first_entry:trailer].split()  # offset, generation, n or f; entry 0 is the free list's head
    offsets = list(map(int, fields[3::3]))
    if fields[4::3].count(b"00000") != len(offsets):
        raise ValueError(_NOT_GENERATION_0)
    ending = b"endstream\nendobj\n"
    cuts = [end - len(ending) for end in [*sorted(offsets)[1:], xref_at] if pdf.startswith(ending, end - len(ending))]
    view, start = memoryview(pdf), 0
    pieces: list[bytes | memoryview] = []
    for cut in cuts:
        pieces += (view[start:cut], b"\n")
        start = cut
    moved = tuple(offset + bisect.bisect_left(cuts, offset) for offset in offsets)
    table = ("%010d 00000 n \n" * len(moved)) % moved
    pieces += (view[start:first_entry], b"0000000000 65535 f \n", table.encode("ascii"), view[trailer:tail])
    pieces.append(b"startxref\n%d\n%%%%EOF\n" % (xref_at + len(cuts)))
    return b"".join(pieces)


_NOT_GENERATION_0 = "ReportLab wrote objects of a generation other than 0: end_streams_with_eol needs checking"
