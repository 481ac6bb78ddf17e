"""Meeting packs: several briefs bound into one print-ready PDF with a cover and a contents page.

Input: a ``model.Pack`` (from ``load.pack_file``). Output: the pack's PDF.
``plan`` decides the pages (cover, contents, blank pages so that each brief
starts on a right-hand page), ``build`` loads and renders the briefs and
writes the pack, ``render`` and ``furniture`` draw it.
"""
