"""The look of a brief: the theme as plain data, its fonts, its paragraph styles and hyphenation.

Input: a ``theme.Theme`` (plain data; loading one from a file is ``load.theme_file``).
Output: registered fonts (``fonts``), the named ReportLab paragraph styles
the layout looks up (``stylesheet``) and hyphenators (``hyphenation``).
``theme`` imports no ReportLab, so loading a theme costs none.
"""
