"""The look of a brief: the theme as plain data, its fonts, its paragraph styles and hyphenation.

Input: a ``theme.Theme`` (plain data; loading one from a file is ``load.theme_file``).
Output: registered fonts (``fonts``; ``truetype`` measures and embeds each,
its subsets kept for the process by ``subset_cache``),
the named ReportLab paragraph styles the layout looks up (``stylesheet``) and
hyphenators (``hyphenation``); ``tightening`` gives the tighter themes tried
to pull a stranded last page back.
``theme`` and ``dimensions`` (the theme's rules, boxes, tables, charts and
page furniture) import no ReportLab, so loading a theme costs none. Every
size, width, spacing and colour of a page is in the theme.
"""
