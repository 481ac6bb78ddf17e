"""BCP 47 language tags: whether a spec's ``lang`` is one, its usual spelling, and its parts.

Input: a tag as a spec, a project file or the library's options write it.
Output: the tag spelt as BCP 47 recommends ("en-GB", "zh-Hant-TW"), or a
``LanguageTagError`` whose message says what is wrong and what to write;
the tag's primary language and the name Babel knows its locale by.

A tag is checked twice: against RFC 5646's grammar (``WELL_FORMED``, which
the JSON Schema also gives editors), then against the IANA subtag registry
through langcodes, so that "zz" or "en-UK" are refused too. langcodes loads
its registry in about 60 ms, so the tags most briefs use are known here
and never ask it.
"""

from __future__ import annotations

import functools
import itertools
import re
from operator import itemgetter
from typing import Any

from briefgen.text.scripts import is_western, script_language, script_of

# RFC 5646, section 2.1: langtag, private use or a grandfathered tag; letters in either case.
_ALPHANUM = "[A-Za-z0-9]"
_LANGTAG = (
    "(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})"  # language, with up to three extended subtags
    "(?:-[A-Za-z]{4})?"  # script
    "(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"  # region
    f"(?:-(?:{_ALPHANUM}{{5,8}}|[0-9]{_ALPHANUM}{{3}}))*"  # variants
    f"(?:-[0-9A-WYZa-wyz](?:-{_ALPHANUM}{{2,8}})+)*"  # extensions
    f"(?:-[Xx](?:-{_ALPHANUM}{{1,8}})+)?"  # private use
)
_PRIVATE_USE = f"[Xx](?:-{_ALPHANUM}{{1,8}})+"
_GRANDFATHERED = (
    "en-GB-oed|i-ami|i-bnn|i-default|i-enochian|i-hak|i-klingon|i-lux|i-mingo|i-navajo|i-pwn|i-tao|i-tay|"
    "i-tsu|sgn-BE-FR|sgn-BE-NL|sgn-CH-DE|art-lojban|cel-gaulish|no-bok|no-nyn|zh-guoyu|zh-hakka|zh-min|"
    "zh-min-nan|zh-xiang"
)
# An ECMA-262 pattern as well as a Python one: the JSON Schema gives it to editors.
WELL_FORMED = f"^(?:{_LANGTAG}|{_PRIVATE_USE}|{_GRANDFATHERED})$"


@functools.cache
def _well_formed() -> re.Pattern[str]:
    # Compiled when first needed (1 ms): the common tags, nearly every brief's, are known well-formed.
    return re.compile(WELL_FORMED, re.IGNORECASE)


# Tags known to be registered, so that most briefs never load langcodes' registry.
_COMMON_LANGUAGES = (
    "en fr de es ru uk ar he zh ja ko pt it nl pl sv da nb nn no fi cs sk sl hr sr bg ro hu el tr fa ur hi bn "
    "id ms th vi ka hy kk be lt lv et ga cy eu ca gl sq mk mt is sw am"
)
_COMMON_REGIONAL = (
    "en-GB en-US en-AU en-CA en-IE en-IN en-NZ en-ZA fr-FR fr-BE fr-CA fr-CH de-DE de-AT de-CH es-ES es-MX "
    "es-419 es-AR pt-BR pt-PT ru-RU uk-UA ar-SA ar-EG ar-AE he-IL ja-JP ko-KR zh-Hans zh-Hant zh-CN zh-TW "
    "zh-HK zh-SG zh-Hans-CN zh-Hant-TW zh-Hant-HK sr-Latn sr-Cyrl it-IT nl-NL nl-BE pl-PL sv-SE"
)
_COMMON_TAGS = frozenset(f"{_COMMON_LANGUAGES} {_COMMON_REGIONAL}".split())
EXAMPLES = "en, en-GB, fr, de, ru, zh-Hans or ar"


class LanguageTagError(ValueError):
    """A language tag that is not well-formed BCP 47, or names subtags the registry does not have."""


def checked_tag(tag: str) -> str:
    """Return ``tag`` spelt as BCP 47 recommends (``en-GB``, ``zh-Hant``), after checking it.

    Raises:
        LanguageTagError: ``tag`` is not a registered BCP 47 tag; the message says what to write.

    """
    spelt = cased(tag)
    if spelt in _COMMON_TAGS:  # cased only changes case: ``tag`` is one of these, well-formed, in other case
        return spelt
    if "_" in tag and _well_formed().match(tag.replace("_", "-")):
        fixed = cased(tag.replace("_", "-"))
        raise LanguageTagError(f"'{tag}' is written with '_'; BCP 47 tags join their parts with '-': write '{fixed}'")
    if not _well_formed().match(tag):
        raise LanguageTagError(_unknown(tag, "a BCP 47 language tag"))
    import langcodes

    if not langcodes.tag_is_valid(spelt):
        raise LanguageTagError(_unknown(tag, "a registered BCP 47 language tag"))
    standard: str = langcodes.standardize_tag(spelt)
    return standard


def cased(tag: str) -> str:
    """Return ``tag`` in BCP 47's usual case: language lower, Script title, REGION upper (RFC 5646, 2.1.1)."""
    parts = tag.split("-")
    out = [parts[0].lower()]
    after_singleton = len(parts[0]) == 1  # a private-use or grandfathered "x-…", "i-…" tag
    for part in parts[1:]:
        if after_singleton or len(part) == 1:
            after_singleton = True
            out.append(part.lower())
        elif len(part) == 2:
            out.append(part.upper())
        elif len(part) == 4 and part.isalpha():
            out.append(part.title())
        else:
            out.append(part.lower())
    return "-".join(out)


def primary_language(tag: str) -> str:
    """Return a tag's primary language subtag, lower case: ``zh`` for ``zh-Hant-TW``."""
    return tag.replace("_", "-").split("-", 1)[0].lower()


def babel_locale_name(tag: str) -> str:
    """Return the locale name Babel (and CLDR) knows ``tag`` by: ``zh_Hant_TW`` for ``zh-Hant-TW``; "" for none."""
    parts = cased(tag).split("-")
    if len(parts[0]) == 1 or parts[0] == "und":
        return ""  # private use, grandfathered, undetermined: no locale of CLDR's
    kept = [parts[0]] + [part for part in parts[1:3] if len(part) in (2, 4) or part.isdigit()]
    return "_".join(kept)


def _unknown(tag: str, what: str) -> str:
    code = _code_named(tag)
    if code:
        return f"'{tag}' is not {what}; write the language's tag, '{code}'"
    return f"'{tag}' is not {what}; write one such as {EXAMPLES}"


def _code_named(word: str) -> str | None:
    """Return the tag of a language written out by name ("Russian", "english"), if there is one."""
    if not word.strip() or len(word) > 60:
        return None
    import difflib

    from babel import Locale

    names = {str(name).lower(): code for code, name in Locale.parse("en").languages.items() if "_" not in code}
    lowered = word.strip().lower()
    code = names.get(lowered)
    if code is None:
        close = difflib.get_close_matches(lowered, list(names), n=1, cutoff=0.8)
        code = names[close[0]] if close else None
    return code


_CJK = frozenset({"zh", "ja", "ko"})
# Where no run of a script that makes its language clear can start: Latin, Cyrillic, Arabic and Devanagari letters
# and marks, punctuation, currency and letterlike symbols (the ohm sign is Greek to Unicode, a unit here). A brief
# in those is searched, never looked up character by character; text/scripts decides every other character.
_CANNOT_START_RUN = (
    "\x00-\u036f\u0400-\u052f\u0600-\u06ff\u0750-\u077f\u0900-\u097f\u1e00-\u1eff\u2000-\u206f\u20a0-\u20cf"
    "\u2100-\u214f\ufb50-\ufdff\ufe70-\ufeff"
)


# What a brief in Chinese, Japanese or Korean calls its own text whatever its script says (see ``foreign_spans``):
# Chinese characters and kana in any of them, Hangul in a Korean one. Such a brief's text is not looked at
# character by character to find runs that would all be dropped. (U+302E and U+302F, Hangul tone marks, are left.)
_HAN_AND_KANA = (
    "\u3000-\u302d\u3030-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff65-\uff9f\U00020000-\U0003134f"
)
_HANGUL = "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7ff\uffa0-\uffdc"


@functools.cache
def _may_start_run(cjk_brief: str = "") -> re.Pattern[str]:
    """Return the search for runs that may start another language; ``cjk_brief``: "zh", "ja" or "ko", if one."""
    # Compiled for the first text beyond Windows-1252 (0.4 ms): a brief in English, French or German needs none.
    also = (_HAN_AND_KANA + (_HANGUL if cjk_brief == "ko" else "")) if cjk_brief else ""
    return re.compile(f"[^{_CANNOT_START_RUN}{also}]+")


def foreign_spans(text: str, lang: str) -> list[tuple[int, int, str]]:
    """Return the runs of ``text`` in another language than ``lang`` that their script makes clear.

    Each is (start, end, language): "김정은" in an English sentence is Korean,
    "習近平" Chinese, "プーチン" Japanese. Spaces and punctuation between two
    runs of one language join them; a run of Chinese characters is Japanese
    when kana touch it, and is left alone in a Chinese, Japanese or Korean
    brief, whose own text it is.
    """
    if text.isascii() or is_western(text):
        return []
    own = primary_language(lang)
    # The brief's own language (and Chinese characters and kana in a CJK brief) would only make spans that are
    # dropped; skipped, they change no other span: a letter between two spans keeps them apart all the same.
    own_languages = {own, "zh", "ja"} if own in _CJK else {own}
    spans: list[list[Any]] = []
    for match in _may_start_run(own if own in _CJK else "").finditer(text):
        # Characters of one language in a row are taken together: a Korean word is one step, not one per syllable.
        languages = enumerate(map(script_language, match.group()), match.start())
        for found, group in itertools.groupby(languages, key=itemgetter(1)):
            if not found or found in own_languages:
                continue
            places = [place for place, _ in group]
            index, end = places[0], places[-1] + 1
            joins = bool(spans) and _only_neutral(text, spans[-1][1], index)
            if joins and {spans[-1][2], found} <= {"zh", "ja"}:
                spans[-1][1] = end
                spans[-1][2] = "ja" if "ja" in (found, spans[-1][2]) else "zh"  # kana make Chinese characters Japanese
            elif joins and spans[-1][2] == found:
                spans[-1][1] = end
            else:
                spans.append([index, end, found])
    return [(start, end, found) for start, end, found in spans]


def _only_neutral(text: str, start: int, end: int) -> bool:
    """Return whether ``text[start:end]`` holds only spaces and punctuation (a run of one script may go on)."""
    return all(not char.isalnum() for char in text[start:end])


# Letters only one language of the script uses, and words only one of the Latin languages labelled uses often.
_CYRILLIC_MARKS = (("ўЎ", "be"), ("іїєґІЇЄҐ", "uk"), ("ђјљњћџЂЈЉЊЋЏ", "sr"))
_ARABIC_MARKS = (("ٹڈڑںےھ", "ur"), ("پچژگکی", "fa"))
_TRADITIONAL = frozenset("們這個說為國會與對發經過時後關體來麼還長頭實現點樣學應")
_SIMPLIFIED = frozenset("们这个说为国会与对发经过时后关体来么还长头实现点样学应")
_WORDS = {
    "en": "the and of to in is that for with was on as by",
    "fr": "le la les des et est une du dans que pour sur au qui",
    "de": "der die das und ist nicht mit den dem ein eine zu von auf",
    "es": "el los las y que del en por con una para es se",
}
_FUNCTION_WORDS = {lang: frozenset(words.split()) for lang, words in _WORDS.items()}


def detect_language(text: str) -> str:
    """Return the BCP 47 tag of the language ``text`` is most likely written in, or "" when it cannot tell.

    From its letters: Hangul is Korean, kana Japanese, Chinese characters
    Chinese (simplified or traditional by the common characters that differ),
    Cyrillic Russian unless letters only Ukrainian, Belarusian or Serbian use
    are there, and so on; Latin text by its commonest short words (English,
    French, German, Spanish). For a draft an author checks, never for a build.
    """
    counts: dict[str, int] = {}
    for char in text:
        if char.isalpha() and not char.isascii():
            kind = _letter_kind(char)
            counts[kind] = counts.get(kind, 0) + 1
    latin = sum(char.isascii() and char.isalpha() for char in text)
    kind, found = max(counts.items(), key=lambda item: item[1], default=("", 0))
    if found <= latin // 2:
        return _latin_language(text)
    if kind in ("ko", "ja", "zh"):
        kana = counts.get("ja", 0)
        if kind == "ko" or counts.get("ko", 0) > found // 2:
            return "ko"
        if kana * 10 >= counts.get("zh", 0):
            return "ja"
        traditional = sum(char in _TRADITIONAL for char in text)
        return "zh-Hant" if traditional > sum(char in _SIMPLIFIED for char in text) else "zh-Hans"
    for letters, marks in (("Cyrl", _CYRILLIC_MARKS), ("Arab", _ARABIC_MARKS)):
        if kind == letters:
            default = "ru" if kind == "Cyrl" else "ar"
            return next((lang for chars, lang in marks if any(char in chars for char in text)), default)
    return kind if len(kind) <= 3 else ""


def _letter_kind(char: str) -> str:
    script = script_of(char)
    if script in ("Cyrl", "Arab"):
        return script
    if script == "Deva":
        return "hi"
    return script_language(char) or "Latn"


def _latin_language(text: str) -> str:
    words = re.findall(r"[a-zà-ÿ]+", text.lower())
    hits = {lang: sum(word in common for word in words) for lang, common in _FUNCTION_WORDS.items()}
    ranked = sorted(hits.items(), key=lambda item: item[1], reverse=True)
    (best, most), (_, next_most) = ranked[0], ranked[1]
    return best if most >= 5 and most >= 2 * next_most else ""
