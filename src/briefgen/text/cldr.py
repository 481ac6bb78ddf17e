"""CLDR's long dates, number symbols and plural rules for a language tag: from a snapshot, else from Babel.

Input: a date, a number or a count, and a BCP 47 tag. Output: the date
written out as the language writes it ("12 ноября 2024 г.", "2024年11月12日"),
a number with the language's decimal and group symbols, a count's plural
category ("one", "few", "many", "other" ...).

Every value comes from the Unicode CLDR through Babel. Loading Babel and a
locale's data costs about 60 ms a process, a seventh of a cold build; so for
the languages briefgen ships labels in, the few values needed are kept in
assets/locale/cldr.json, a snapshot of Babel's data that
``python -m briefgen.text.cldr`` (``make locale``) writes and checks against
Babel's own output for every day of several years. The snapshot also keeps
those languages' PDFs the same whatever Babel is installed. Any other tag
asks Babel, imported on first use.

English keeps the theme's two styles: ``long`` is "12 November 2024" (CLDR's
en-GB) and ``us`` is "November 12, 2024" (CLDR's en); any other language
writes its own long date for both. ``iso`` is 2024-11-12 everywhere.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import sys
from pathlib import Path
from typing import Any

from briefgen.assets import assets_dir
from briefgen.text.language import babel_locale_name, primary_language

# The tags the snapshot holds: the languages briefgen ships labels in (assets/labels.toml).
SNAPSHOT_TAGS = ("en", "fr", "de", "es", "ru", "uk", "ar", "he", "zh", "zh-Hant", "ja", "ko")
# Regions whose Chinese is written in traditional characters when the tag names no script.
_TRADITIONAL_REGIONS = frozenset({"TW", "HK", "MO"})
# The date pattern fields the snapshot's formatter knows: day, month (number or name), year, quoted text.
_PATTERN_PART = re.compile(r"'(?:[^']|'')*'|d{1,2}|M{1,4}|L{1,4}|y+|[^'a-zA-Z]+|[a-zA-Z]+")


def snapshot_path() -> Path:
    """Return where the snapshot of CLDR's data is shipped."""
    return assets_dir() / "locale" / "cldr.json"


@functools.cache
def _snapshot() -> dict[str, Any]:
    try:
        document: dict[str, Any] = json.loads(snapshot_path().read_bytes())
    except (OSError, ValueError):
        return {}  # no snapshot: every tag asks Babel
    languages: dict[str, Any] = document.get("languages", {})
    return languages


def snapshot_key(tag: str) -> str | None:
    """Return the snapshot entry that writes ``tag``'s dates and numbers, or None if Babel must."""
    subtags = tag.split("-")
    language = subtags[0].lower()
    if language == "en":
        return "en"  # English has the theme's long and us styles, whatever the region
    if language == "zh":
        scripts = {subtag.title() for subtag in subtags[1:] if len(subtag) == 4}
        regions = {subtag.upper() for subtag in subtags[1:] if len(subtag) == 2}
        if len(scripts) + len(regions) != len(subtags) - 1:
            return None  # a variant or an extension: ask Babel
        traditional = "Hant" in scripts or (not scripts and bool(regions & _TRADITIONAL_REGIONS))
        return "zh-Hant" if traditional else "zh"
    if len(subtags) == 1 and language in SNAPSHOT_TAGS:
        return language
    return None  # a region or script may change the month names (de-AT writes "Jänner"): ask Babel


def format_date(date: dt.date, tag: str, style: str = "long") -> str:
    """Write ``date`` out as ``tag``'s language does: ``long``, ``us`` (English only) or ``iso``."""
    if style == "iso":
        return date.isoformat()
    entry = _entry(tag)
    if entry is not None:
        return apply_pattern(entry["us" if style == "us" and "us" in entry else "long"], date, entry)
    from babel.dates import format_date as babel_format_date

    return str(babel_format_date(date, "long", locale=_babel_locale(tag) or "en"))


def _entry(tag: str) -> dict[str, Any] | None:
    """Return the snapshot's entry for ``tag``, English's for a language CLDR does not know, or None (Babel)."""
    key = snapshot_key(tag)
    if key is None and _babel_locale(tag) is None:
        key = "en"  # Klingon, private use: the labels are English's too
    return _snapshot().get(key) if key else None


def apply_pattern(pattern: str, date: dt.date, entry: dict[str, Any]) -> str:
    """Return ``date`` written with a CLDR date ``pattern`` and the month names of a snapshot ``entry``."""
    out = []
    for part in _PATTERN_PART.findall(pattern):
        first = part[0]
        if first == "'":
            out.append(part[1:-1].replace("''", "'") if part != "''" else "'")
        elif first == "d":
            out.append(f"{date.day:0{len(part)}d}")
        elif first in "ML":
            if len(part) <= 2:
                out.append(f"{date.month:0{len(part)}d}")
            elif len(part) == 4:
                out.append(entry["months" if first == "M" else "standalone_months"][date.month - 1])
            else:
                raise ValueError(f"the date pattern {pattern!r} names abbreviated months, which the snapshot lacks")
        elif first == "y":
            out.append(f"{date.year % 100:02d}" if len(part) == 2 else f"{date.year:0{len(part)}d}")
        elif first.isascii() and first.isalpha():
            raise ValueError(f"the date pattern {pattern!r} has the field {part!r}, which the snapshot cannot write")
        else:
            out.append(part)
    return "".join(out)


def month_numbers(tag: str) -> dict[str, int]:
    """Return each month's names in ``tag``'s language, lower case, with its number: {"ноября": 11, "ноябрь": 11}."""
    entry = _entry(tag)
    if entry is not None:
        names = [entry["months"], entry["standalone_months"]]
    else:
        from babel import Locale

        months = Locale.parse(_babel_locale(tag) or "en").months
        names = [[months[context]["wide"][number] for number in range(1, 13)] for context in ("format", "stand-alone")]
    return {name.lower(): number for listed in names for number, name in enumerate(listed, start=1)}


def number_symbols(tag: str) -> tuple[str, str]:
    """Return ``tag``'s decimal separator and group separator: (".", ",") in English, (",", ".") in German."""
    entry = _entry(tag)
    if entry is not None:
        return entry["decimal"], entry["group"]
    from babel.numbers import get_decimal_symbol, get_group_symbol

    locale = _babel_locale(tag) or "en"
    return str(get_decimal_symbol(locale)), str(get_group_symbol(locale))


def plural_category(count: int, tag: str) -> str:
    """Return CLDR's plural category of ``count`` in ``tag``'s language: one, two, few, many or other."""
    entry = _entry(tag)
    if entry is not None:
        return _plural_rule(tuple(sorted(entry["plural"].items())))(count)  # type: ignore[no-any-return]
    from babel import Locale

    return str(Locale.parse(_babel_locale(tag) or "en").plural_form(count))


@functools.cache
def _plural_rule(rules: tuple[tuple[str, str], ...]) -> Any:
    from babel.plural import PluralRule  # a count is written out only on a meeting pack's cover

    return PluralRule(dict(rules))


@functools.cache
def _babel_locale(tag: str) -> str | None:
    """Return the Babel locale that writes ``tag``: the tag's own, else its language's; None if CLDR has neither."""
    from babel import Locale, UnknownLocaleError

    full = babel_locale_name(tag)
    for name in (full, full.split("_")[0]) if full else ():
        try:
            Locale.parse(name)
            return name
        except (UnknownLocaleError, ValueError):
            continue
    return None


# --- making the snapshot ---------------------------------------------------------------------------------

_CHECK_YEARS = (1999, 2024, 2031)


def snapshot_entry(tag: str) -> dict[str, Any]:
    """Return the snapshot's entry for ``tag``, made from Babel and checked against Babel's own dates."""
    from babel import Locale
    from babel.dates import format_date as babel_format_date

    locale = Locale.parse(babel_locale_name(tag))
    english = primary_language(tag) == "en"
    long_locale = Locale.parse("en_GB") if english else locale
    entry: dict[str, Any] = {
        "long": long_locale.date_formats["long"].pattern,
        "months": [locale.months["format"]["wide"][month] for month in range(1, 13)],
        "standalone_months": [locale.months["stand-alone"]["wide"][month] for month in range(1, 13)],
        "decimal": locale.number_symbols["latn"]["decimal"],
        "group": locale.number_symbols["latn"]["group"],
        "plural": dict(locale.plural_form.rules),
    }
    if english:
        entry["us"] = locale.date_formats["long"].pattern
    if long_locale.months["format"]["wide"] != locale.months["format"]["wide"]:
        raise ValueError(f"{tag}: en-GB and en name the months differently")
    for year in _CHECK_YEARS:
        day = dt.date(year, 1, 1)
        while day.year == year:
            for style, reference in (("long", long_locale), ("us", locale)):
                if style not in entry:
                    continue
                expected = babel_format_date(day, "long", locale=reference)
                if apply_pattern(entry[style], day, entry) != expected:
                    raise ValueError(f"{tag}: the snapshot writes {day} otherwise than Babel ({expected!r})")
            day += dt.timedelta(days=1)
    return entry


def write_snapshot() -> Path:
    """Write assets/locale/cldr.json from the installed Babel, and return its path."""
    import babel
    from babel.core import get_cldr_version

    document = {
        "about": "CLDR data for briefgen's labelled languages, from Babel; remade by `make locale`.",
        "babel": babel.__version__,
        "cldr": get_cldr_version(),
        "languages": {tag: snapshot_entry(tag) for tag in SNAPSHOT_TAGS},
    }
    path = snapshot_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    print(f"wrote {write_snapshot()}", file=sys.stdout)
