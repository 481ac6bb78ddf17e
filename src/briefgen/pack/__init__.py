"""Meeting packs: several briefs bound into one print-ready PDF with a cover and a contents page.

Input: a ``model.Pack`` (from ``load.pack_file``). Output: the pack's PDF,
tagged like a brief. ``build`` loads the briefs and their themes and writes
the pack, which ``compose.render_pack`` lays out (``layout.pack_pages``) and
draws (``pdf.pack_document``) as one document; ``plan`` picks the marking
the cover shows.
"""
