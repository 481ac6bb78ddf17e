"""Load pyphen's hyphenation patterns from a parsed copy shipped in assets/, not from its text file.

pyphen parses its ``hyph_*.dic`` file with regular expressions each time a
process first hyphenates: about 50 ms, a sixth of a cold build, paid again
by every worker of a batch. The copy holds the same patterns as JSON, each
already in the shape pyphen looks it up in (about 7 ms to load), with the
SHA-256 of the file it was made from; it is used only when the installed
pyphen's file has that hash, so a pyphen with other patterns is parsed as
before. ``python -m briefgen.style.hyphenation`` remakes the copies
(``make hyphenation``).
"""

from __future__ import annotations

import functools
import hashlib
import json
import sys
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from briefgen.assets import assets_dir

# English's pyphen dictionaries (any other English: en_US); other languages take pyphen's own choice.
DICTIONARY_FOR = {"en": "en_US", "en-US": "en_US", "en-GB": "en_GB"}
# The dictionaries shipped as parsed copies.
LANGUAGES = tuple(dict.fromkeys(DICTIONARY_FOR.values()))
# The copies' layout: 2 keeps each pattern as [offset, [values]], which pyphen unpacks as it does its own tuples.
COPY_FORMAT = 2


def install_cached_patterns(language: str) -> bool:
    """Give pyphen the shipped patterns for ``language`` if they match its file; return whether they did.

    pyphen keeps one parsed dictionary per file in ``pyphen.hdcache``; an
    entry put there is what every ``pyphen.Pyphen`` for that language uses.
    """
    import pyphen

    path = pyphen.LANGUAGES.get(language)
    if path is None or path in pyphen.hdcache:
        return False
    patterns = cached_patterns(language, Path(path))
    if patterns is None:
        return False
    dictionary = object.__new__(pyphen.HyphDict)
    # The three attributes HyphDict.__init__ sets, as it sets them.
    dictionary.patterns = patterns
    dictionary.cache = {}
    dictionary.maxlen = max(len(key) for key in patterns)
    pyphen.hdcache[path] = dictionary
    return True


def cached_patterns(language: str, source: Path) -> dict[str, list[Any]] | None:
    """Return the copied patterns of ``language`` if they were made from ``source``, else None.

    Each is [offset, [values]] where pyphen's parser makes (offset, (values)):
    ``HyphDict.positions`` only unpacks it, takes the values' length and maps
    over them, and turning 11,000 lists into tuples took longer than reading
    the file.
    """
    import gzip  # here, not at module level: the manifest reads LANGUAGES on every run

    copy = _copy_path(language)
    try:
        document = json.loads(gzip.decompress(copy.read_bytes()))
        if document.get("format") != COPY_FORMAT:
            return None
        if document.get("source_sha256") != hashlib.sha256(source.read_bytes()).hexdigest():
            return None
        patterns: dict[str, list[Any]] = document["patterns"]
        return patterns
    except (OSError, EOFError, zlib.error, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None  # no copy, or not one this code can read: pyphen parses its file


def _copy_path(language: str) -> Path:
    return assets_dir() / "hyphenation" / f"hyph_{language}.json.gz"


def write_copies() -> list[Path]:
    """Parse each language's file with pyphen and write its copy into assets/hyphenation."""
    import gzip

    import pyphen

    written = []
    for language in LANGUAGES:
        source = Path(pyphen.LANGUAGES[language])
        patterns: dict[str, Any] = pyphen.HyphDict(source).patterns
        if any(type(value) is not int for _, values in patterns.values() for value in values):
            # Nonstandard hyphenation (ff=f) carries data JSON would lose: leave such a language to pyphen.
            raise ValueError(f"{source.name} has nonstandard hyphenation patterns; it cannot be copied")
        document = {
            "format": COPY_FORMAT,
            "source": source.name,
            "source_sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
            "patterns": {key: [offset, list(values)] for key, (offset, values) in sorted(patterns.items())},
        }
        copy = _copy_path(language)
        copy.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
        copy.write_bytes(gzip.compress(text, mtime=0))  # mtime=0: the same patterns give the same bytes
        written.append(copy)
    return written


if __name__ == "__main__":
    for path in write_copies():
        print(f"wrote {path}", file=sys.stdout)


def hyphenation_language(lang: str) -> str | None:
    """Return the pyphen dictionary for a BCP 47 tag, or None where pyphen has none (no hyphenation then).

    The tag's most specific dictionary: ``de-CH`` has its own, ``ru-RU`` and
    ``ru`` share Russian's, ``zh`` and ``ar`` have none (and need none).
    """
    if lang.split("-", 1)[0].lower() == "en":
        return DICTIONARY_FOR.get(lang, "en_US")
    import pyphen

    dictionary: str | None = pyphen.language_fallback(lang.replace("-", "_"))
    return dictionary


@functools.cache
def hyphenator(lang: str) -> Callable[[str], Iterator[tuple[str, str]]] | None:
    """Return a hyphenator for ReportLab that leaves at least three letters after a break, or None for none.

    Given a language name, ReportLab would build a new pyphen object for every
    paragraph and accept breaks like "howev-er"; one shared object avoids both.
    A language pyphen has no dictionary for is not hyphenated.
    """
    import pyphen

    language = hyphenation_language(lang)
    if language is None:
        return None
    install_cached_patterns(language)  # a parsed copy of pyphen's file: a quarter of a cold build
    iterate: Callable[[str], Iterator[tuple[str, str]]] = pyphen.Pyphen(lang=language, left=2, right=3).iterate
    return iterate
