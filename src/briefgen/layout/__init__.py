"""Brief in, story out: the platypus flowables of a brief, tagged with their structure elements.

Input: a ``model.Brief`` and a ``style.theme.Theme``. Output: a ``Layout``
(``brief.layout_brief``): the flowables in reading order and the root of the
structure tree they are tagged with. ``context`` carries what every block
needs, ``blocks`` lays out tables, figures, charts and callouts,
``paragraphs`` and ``flowables`` are the flowables ReportLab lacks,
``charts`` and ``chart_marks`` draw charts, ``code_block`` sets code in
the monospace font, in its box. ``pack_pages`` lays out a meeting pack (its cover and
contents with ``pack_flowables``, then each brief as above) as one story.
Every size, width, spacing and colour comes from the theme (a test scans for
literals). Nothing here reads YAML or files.
"""

# The first import of ReportLab's platypus goes through the door, whichever of these modules comes first: it defers
# compiling a pattern platypus never uses here (``lazy_patterns``).
from briefgen import reportlab_compat as _door  # noqa: F401
