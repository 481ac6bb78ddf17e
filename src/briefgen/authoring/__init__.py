"""Help people write specs: scaffold a new one, import an article, keep PDFs built while editing.

Input: a name, an article file or spec folders. Output: spec text to fill in
(``scaffold``, ``importer`` with ``text_article``/``markdown_article`` and
``draft``), written as new spec files (``spec_files``, which also writes the
JSON Schema), and rebuilt PDFs (``watch``). No ReportLab here; building goes
through ``batch``.
"""
