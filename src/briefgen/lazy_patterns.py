"""Regular expressions compiled when first used, not when the module that defines them is imported.

Input: a test of pattern strings; a block of code that imports a module. Output: that module's chosen
patterns, as stand-ins that compile the real pattern at their first use.

A module that compiles a costly pattern at import makes every process that imports it pay, whether it
uses the pattern or not. While in ``compiled_when_used``, ``re.compile`` hands the patterns chosen over
as ``CompiledWhenUsed`` stand-ins and compiles every other one at once, as it always does.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from typing import Any


class CompiledWhenUsed:
    """Stands in for ``re.compile(pattern, flags)``, compiled at the first use of any of its attributes."""

    def __init__(self, pattern: str, flags: int, compile_now: Callable[[str, int], re.Pattern[str]]) -> None:
        self.pattern, self.flags = pattern, flags
        self._compile_now = compile_now
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        # Called only for what the stand-in lacks: ``match``, ``search``, ``split`` and the rest.
        if "_compile_now" not in vars(self):  # not made by __init__ (a copy being made): nothing to compile yet
            raise AttributeError(name)
        if self._compiled is None:
            self._compiled = self._compile_now(self.pattern, self.flags)
        return getattr(self._compiled, name)

    def __repr__(self) -> str:
        return f"CompiledWhenUsed({self.pattern!r}, {self.flags!r})"


@contextlib.contextmanager
def compiled_when_used(chosen: Callable[[str], bool]) -> Iterator[None]:
    """In this block, have ``re.compile`` return a ``CompiledWhenUsed`` for each pattern string ``chosen`` accepts."""
    compile_now = re.compile

    def compile_or_defer(pattern: Any, flags: Any = 0) -> Any:
        if isinstance(pattern, str) and chosen(pattern):
            return CompiledWhenUsed(pattern, int(flags), compile_now)
        return compile_now(pattern, flags)

    re.compile = compile_or_defer
    try:
        yield
    finally:
        re.compile = compile_now
