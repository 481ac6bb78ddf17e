"""PyYAML, imported without compiling the pattern only its pure-Python reader uses: 3 ms off every cold start.

Input: nothing. Output: the ``yaml`` module. On import, ``yaml.reader`` compiles the pattern
``Reader.check_printable`` searches with; libyaml's C parser, used where installed, never calls it, so it is
compiled at its first use (``lazy_patterns``). Every module of briefgen takes PyYAML from here, so whichever
imports it first, the pattern waits.
"""

from __future__ import annotations

from briefgen.lazy_patterns import compiled_when_used

with compiled_when_used(lambda pattern: pattern.startswith("[^\x09\x0a\x0d\x20-\x7e\x85")):
    import yaml

__all__ = ["yaml"]
