"""Where a line may break in a paragraph of any script: UAX #14 with the rules CJK and Korean typesetting add.

Input: a paragraph's text and its language tag. Output: the offsets at which a
new line may start (``break_opportunities``).

The Unicode line breaking algorithm comes from ICU (``icu4py``'s line break
iterator, root rules): it breaks between ideographs and kana, never before
closing punctuation (。、」）) or after opening brackets (「（), never inside a
Latin word or a number set among Chinese characters, and between the words
of Thai, Lao, Khmer and Burmese, which are written without spaces (by its
dictionaries). It gives the opportunities uniseg gave before on every text of
the examples, at a thousandth of the time: uniseg, pure Python, took a
quarter of a second for a Russian or Korean brief. On top of it:

- small kana, the prolonged sound mark and iteration marks never start a
  line (the strict rule of JIS X 4051, as Japanese books are set);
- Korean is set *keep-all*: a line breaks between words, never inside one
  (without this, 대통령과 could end a line as 대통령 / 과);
- in a paragraph that is not Chinese or Japanese, a short run of Chinese
  characters (a name such as 习近平) is kept whole.
"""

from __future__ import annotations

from collections.abc import Sequence

from briefgen.text.scripts import CJK_SCRIPTS, HAN_SCRIPTS, primary_language, resolved_scripts

# JIS X 4051 strict: characters that never start a line, beyond those UAX #14 already keeps back.
NO_LINE_START = frozenset(
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿーｧｨｩｪｫｯｬｭｮｰ々〻ゝゞヽヾ"
)
# A run of Chinese characters this short, in a paragraph in another language, is a name: never broken.
SHORT_NAME = 6


def break_opportunities(text: str, lang: str = "") -> list[int]:
    """Return the offsets in ``text`` (excluding 0 and its length) where a new line may start."""
    return _opportunities(text, lang)[0]


def inside_korean_words(text: str, lang: str = "") -> list[int]:
    """Return the offsets between two Hangul syllables of a word: breaks kept for a line that would be too loose.

    Keep-all reads best, but a justified line of long Korean words can be
    left with gaps a reader trips on; there a word may break between
    syllables, as Korean newspapers break them.
    """
    return _opportunities(text, lang)[1]


def _boundaries(text: str) -> list[int]:
    """Return the offsets after each of UAX #14's line break opportunities, and the text's end."""
    from icu4py.breakers import LineBreaker

    ends = [end for _, end in LineBreaker(text, "root").segments()]
    if all(ord(ch) < 0x10000 for ch in text):
        return ends
    # ICU counts in UTF-16 code units: a character beyond the BMP (an emoji, a rare ideograph) is two.
    index_of, units = {}, 0
    for index, ch in enumerate(text):
        index_of[units] = index
        units += 2 if ord(ch) >= 0x10000 else 1
    index_of[units] = len(text)
    return [index_of[end] for end in ends]


def _opportunities(text: str, lang: str) -> tuple[list[int], list[int]]:
    chinese_or_japanese = primary_language(lang) in ("zh", "ja", "yue")
    scripts = resolved_scripts(text) if any(ord(ch) >= 0x1100 for ch in text) else []
    found: list[int] = []
    korean: list[int] = []
    for offset in _boundaries(text):
        if not 0 < offset < len(text) or text[offset] in NO_LINE_START:
            continue
        if scripts:
            before, after = scripts[offset - 1], scripts[offset]
            if "Hang" in (before, after) and not text[offset - 1].isspace():
                if before == after == "Hang":
                    korean.append(offset)
                continue  # keep-all: a Korean word is broken only if a line would be too loose
            inside_han = before in HAN_SCRIPTS and after in HAN_SCRIPTS
            if inside_han and not chinese_or_japanese and _han_run_length(scripts, offset) <= SHORT_NAME:
                continue
        found.append(offset)
    return found, korean


def _han_run_length(scripts: Sequence[str], offset: int) -> int:
    start = offset
    while start > 0 and scripts[start - 1] in HAN_SCRIPTS:
        start -= 1
    end = offset
    while end < len(scripts) and scripts[end] in HAN_SCRIPTS:
        end += 1
    return end - start


def is_grid_character(ch: str, script: str) -> bool:
    """Return whether ``ch`` sits on the grid of justified Chinese or Japanese: ideographs, kana, CJK punctuation."""
    return script in CJK_SCRIPTS - {"Hang"} or 0x3000 <= ord(ch) <= 0x303F or 0xFF00 <= ord(ch) <= 0xFF60
