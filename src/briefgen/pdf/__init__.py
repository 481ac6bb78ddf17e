"""Story in, PDF bytes out: pages, page furniture, tagging (PDF/UA), metadata and PDF/A.

Input: the flowables of a ``layout.Layout``, the brief (for metadata and the
footer) and the theme; or a meeting pack's story, its briefs and themes.
Output: the bytes of a PDF, identical for identical input
(``document.draw_pdf``, ``pack_document.render_pack_pdf``: one document
either way). ``tagging`` is the API the layout tags flowables with;
``marked_content`` and ``structure_tree`` turn that into the PDF's
structure; ``canvas`` and ``furniture`` draw (the footer's geometry is
defined there once); ``pagination`` draws what waits for the page count;
``outline`` writes bookmarks; ``metadata`` the XMP, Info and PDF/A output
intent; ``images`` draws raster and SVG images.
"""

# The first import of ReportLab's platypus goes through the door, whichever of these modules comes first: it defers
# compiling a pattern platypus never uses here (``lazy_patterns``).
from briefgen import reportlab_compat as _door  # noqa: F401
