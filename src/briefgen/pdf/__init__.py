"""Story in, PDF bytes out: pages, page furniture, tagging (PDF/UA), metadata and PDF/A.

Input: the flowables of a ``layout.Layout``, the brief (for metadata and the
footer) and the theme. Output: the bytes of a PDF, identical for identical
input (``document.render_pdf``). ``tagging`` is the API the layout tags
flowables with; ``marked_content`` and ``structure_tree`` turn that into the
PDF's structure; ``canvas`` and ``furniture`` draw; ``outline`` writes
bookmarks; ``metadata`` the XMP, Info and PDF/A output intent; ``images``
draws raster and SVG images.
"""
