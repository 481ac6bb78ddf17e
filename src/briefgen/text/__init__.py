"""User text, before anything is laid out: the spec's inline markup, glyph descriptions, dates.

Input: strings as a spec holds them. Output: runs of styled text and the one
escaping of user text into ReportLab paragraph markup (``markup``), words
about characters (``glyphs``) and dates written out (``dates``). Plain
Python: no ReportLab, no YAML, no files.
"""
