"""Write the document-level metadata of an archival (PDF/A-2b) and accessible (PDF/UA-1) PDF.

Input: ReportLab's ``PDFDocument`` just before it is saved (its Info entries
and timestamp are already final). Output, through ReportLab's own object
model: an XMP metadata stream that repeats the Info dictionary (title,
author, subject, keywords, creator, producer, dates) and gives the markings
printed on the first page (classification, watermark), and for PDF/A an
sRGB OutputIntent carrying the ICC profile shipped in ``assets/icc``.

What the XMP claims:

- a tagged build claims PDF/UA-1 (``pdfuaid:part 1``);
- a ``--pdfa`` build claims PDF/A-2b (``pdfaid:part 2``, ``conformance B``)
  and not PDF/UA. PDF/A-2 (ISO 19005-2, 6.6.2.3) allows in XMP only the
  properties of the XMP 2005 schemas plus properties described by a PDF/A
  extension schema embedded in the same packet; ``pdfuaid`` is not among the
  former, and an extension schema is a structured value that pikepdf's
  validator cannot check. So the archival file keeps every tag (structure
  tree, MarkInfo, Lang, artifacts) but makes only the claim that is
  verified.
"""

from __future__ import annotations

import codecs
import time
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFInfo, PDFName, PDFStream, PDFString

from briefgen import reportlab_compat
from briefgen.assets import assets_dir
from briefgen.records import record
from briefgen.text.markup import escape

ICC_NAME = "sRGB.icc"
# The profile's own description, also the OutputIntent's OutputConditionIdentifier.
ICC_CONDITION = "sRGB IEC61966-2.1"


def icc_profile() -> bytes:
    """Return the sRGB ICC profile shipped with briefgen (from Debian's icc-profiles-free, zlib licence)."""
    return (assets_dir() / "icc" / ICC_NAME).read_bytes()


def add_output_intent(document: Any) -> None:
    """Give ``document`` an sRGB OutputIntent, as PDF/A requires for device colour."""
    profile = PDFStream(PDFDictionary({"N": 3}), icc_profile())
    intent = PDFDictionary(
        {
            "Type": PDFName("OutputIntent"),
            "S": PDFName("GTS_PDFA1"),
            "OutputConditionIdentifier": PDFString(ICC_CONDITION),
            "Info": PDFString(ICC_CONDITION),
            "DestOutputProfile": document.Reference(profile, "OutputProfile"),
        }
    )
    reportlab_compat.add_entries(document.Catalog, OutputIntents=PDFArray([intent]))


def text_string(text: str) -> PDFString:
    """Return ``text`` as a PDF text string every reader decodes as written (metadata, bookmarks, alt text).

    ReportLab writes a text string in PDFDocEncoding whenever its codec can
    encode it, and its codec "encodes" a soft hyphen as a byte the encoding
    does not define; such a string is written in UTF-16 instead, as ReportLab
    does for any text outside PDFDocEncoding.
    """
    # The one such character a spec may hold: the others the codec mishandles (U+0080-U+009F) are
    # control characters, which specs may not contain.
    if "\u00ad" in text:
        return PDFString(codecs.BOM_UTF16_BE + text.encode("utf_16_be"), enc="raw")  # written byte for byte
    return PDFString(text)


class _Info(PDFInfo):
    """ReportLab's document information dictionary, its text strings written by ``text_string``."""

    _TEXT = ("title", "author", "subject", "keywords", "creator", "producer")

    def format(self, document: Any) -> bytes:
        texts = {name: getattr(self, name) for name in self._TEXT}
        try:
            for name, text in texts.items():
                setattr(self, name, text_string(text))  # PDFInfo wraps each in PDFString, which keeps ours
            formatted: bytes = super().format(document)
            return formatted
        finally:
            for name, text in texts.items():
                setattr(self, name, text)


def add_metadata(document: Any, *, pdfa: bool, pdfua: bool, markings: Markings | None = None) -> None:
    """Give ``document`` an XMP stream consistent with its Info dictionary and its conformance claims.

    The Info dictionary's text strings are written so that readers decode
    them as the XMP has them (see ``text_string``). ``markings`` are the
    classification and watermark printed on the document's first page.
    """
    reportlab_compat.replace_info(document, _Info())
    when = reportlab_compat.creation_time(document)
    packet = xmp_packet(document.info, when, pdfa=pdfa, pdfua=pdfua, markings=markings or Markings())
    # Unfiltered: PDF/A wants the metadata readable without decoding.
    stream = PDFStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}), packet)
    document.Catalog.Metadata = stream


@record
class Markings:
    """What a document's first page is marked with, as printed: its classification and its watermark."""

    classification: str = ""
    watermark: str = ""


def xmp_packet(info: Any, when: tuple[int, ...], *, pdfa: bool, pdfua: bool, markings: Markings = Markings()) -> bytes:
    """Return the XMP packet for ReportLab ``info`` dated ``when`` (UTC year, month, day, hour, minute, second).

    The markings go into properties of the XMP 2005 schemas, which a PDF/A
    file may hold without an extension schema: the classification, a
    handling instruction, into ``xmpRights:UsageTerms``; the watermark
    ("DRAFT"), a workflow label, into ``xmp:Label``.
    """
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", (*when, 0, 0, 0))  # type: ignore[arg-type]
    properties = [
        _lang_alt("dc:title", info.title),
        f"<dc:creator><rdf:Seq><rdf:li>{escape(info.author)}</rdf:li></rdf:Seq></dc:creator>",
        _lang_alt("dc:description", info.subject),
        f"<pdf:Keywords>{escape(info.keywords)}</pdf:Keywords>",
        f"<pdf:Producer>{escape(info.producer)}</pdf:Producer>",
        f"<xmp:CreatorTool>{escape(info.creator)}</xmp:CreatorTool>",
        f"<xmp:CreateDate>{stamp}</xmp:CreateDate>",
        f"<xmp:ModifyDate>{stamp}</xmp:ModifyDate>",
        f"<xmp:MetadataDate>{stamp}</xmp:MetadataDate>",
    ]
    namespaces = [
        'xmlns:dc="http://purl.org/dc/elements/1.1/"',
        'xmlns:pdf="http://ns.adobe.com/pdf/1.3/"',
        'xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
    ]
    if markings.classification:
        namespaces.append('xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/"')
        properties.append(_lang_alt("xmpRights:UsageTerms", markings.classification))
    if markings.watermark:
        properties.append(f"<xmp:Label>{escape(markings.watermark)}</xmp:Label>")
    if pdfa:
        namespaces.append('xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"')
        properties += ["<pdfaid:part>2</pdfaid:part>", "<pdfaid:conformance>B</pdfaid:conformance>"]
    elif pdfua:
        namespaces.append('xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"')
        properties.append("<pdfuaid:part>1</pdfuaid:part>")
    body = "\n   ".join(properties)
    declarations = "\n    ".join(namespaces)
    text = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        f'  <rdf:Description rdf:about=""\n    {declarations}>\n'
        f"   {body}\n"
        "  </rdf:Description>\n"
        " </rdf:RDF>\n"
        "</x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    )
    return text.encode("utf-8")


def _lang_alt(name: str, value: str) -> str:
    return f'<{name}><rdf:Alt><rdf:li xml:lang="x-default">{escape(value)}</rdf:li></rdf:Alt></{name}>'
