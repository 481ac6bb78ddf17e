"""Files in, validated data out: specs, themes and pack files, each problem located.

Input: the bytes of a YAML file and the path it came from. Output: a
``model.Brief``, a ``style.theme.Theme`` or a ``model.Pack``, or a
``SpecError`` listing every problem as file:line:col. The modules, bottom up:
``files`` (which files may be read, and reading them within bounds),
``located_yaml`` (YAML to a tree of located nodes; ``yaml_syntax`` words
its syntax errors), ``checker`` and ``fields`` (the declared field types),
``file_fields`` (fields that name files), ``body`` and ``code`` (a
section's text: paragraphs, bullets, quotations and fenced code),
``blocks`` and ``spec`` (the spec format), ``theme_fields`` and
``theme_styles`` (a theme's field types and its type scale), ``theme_file``
and ``pack_file``. No ReportLab.
"""
