"""Normalize raw crawled text into one working form, keeping a map back to the raw text.

Every rule downstream is written once, for simplified script with half-width digits and letters,
curly quotes and plain spaces. Normalization only ever replaces one character by one character
(OpenCC ``tw2s``, substitutions) or deletes characters (pinyin glosses, runs of ``?``/U+FFFD that
stand for lost spaces, zero-width characters, carriage returns). So one monotone map suffices:
``to_raw[i]`` is the raw index of normalized character ``i``, and a normalized span [s, e) is the
raw span [to_raw[s], to_raw[e-1] + 1).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import regex

from .offsets import OffsetMap

# OpenCC config: tw2s is t2s plus Taiwan variants; on the seeds it differs from t2s only in
# converting 著→着 (笑著說, 著力), which t2s leaves alone. Phrase-level configs (tw2sp) rewrite words.
OPENCC_CONFIG = "tw2s"


def _one_to_one_table() -> dict[int, str]:
    table: dict[int, str] = {}
    # Full-width digits and Latin letters to half-width (Chinese punctuation stays full-width).
    for c in range(ord("０"), ord("９") + 1):
        table[c] = chr(c - 0xFEE0)
    for c in list(range(ord("Ａ"), ord("Ｚ") + 1)) + list(range(ord("ａ"), ord("ｚ") + 1)):
        table[c] = chr(c - 0xFEE0)
    for c in "．％＋－／＝＃＠＆":  # symbols that belong to numbers and codes
        table[ord(c)] = chr(ord(c) - 0xFEE0)
    # Quotes: corner brackets and full-width straight quotes become curly quotes.
    table.update({ord("「"): "“", ord("」"): "”", ord("『"): "‘", ord("』"): "’",
                  ord("〝"): "“", ord("〞"): "”", ord("＂"): '"', ord("＇"): "'"})
    # Spaces of every width become a plain space.
    for c in "\u3000\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\t\x0b\x0c":
        table[ord(c)] = " "
    return table


ONE_TO_ONE = _one_to_one_table()
# The characters ONE_TO_ONE replaces are sparse in news text: substituting matches of a plain `re`
# character class is ~15x faster than str.translate, which visits every character.
_ONE_TO_ONE_CHARS = re.compile("[" + "".join(re.escape(chr(c)) for c in ONE_TO_ONE) + "]")


def _one_to_one(text: str) -> str:
    return _ONE_TO_ONE_CHARS.sub(lambda m: ONE_TO_ONE[ord(m.group())], text)

# What normalization deletes. Pinyin glosses need a tone-marked vowel so that (高翔) or (a) stay.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# Every alternative opens with a required character, so the scan skips ahead instead of trying
# every position (PERF.md); look-behinds come after that first character.
DELETE = regex.compile(
    r"[(（](?<=\p{Han}[(（])[a-zü" + _TONED + r"]*[" + _TONED + r"][a-zü" + _TONED + r"]*[)）]"
    r"|\?{2,}|\?(?<=(?:^|\n) *\?)"  # runs of ? (lost spaces), or a lone ? opening a line
    r"|\ufffd+"
    r"|[\u200b\u200c\u200d\u2060\ufeff\r\x00-\x08\x0e-\x1f\x7f]"
)
_STRAIGHT_QUOTE = regex.compile(r'"')


@lru_cache(maxsize=1)
def _converter():
    import opencc

    try:  # the C++ binding takes the file name of a config
        return opencc.OpenCC(OPENCC_CONFIG + ".json")
    except Exception:  # opencc-python-reimplemented takes the bare name
        return opencc.OpenCC(OPENCC_CONFIG)


_SURROGATE = regex.compile(r"[\ud800-\udfff]")


def to_simplified(text: str) -> str:
    """OpenCC conversion that never changes the length: where a phrase would, fall back to characters."""
    if _SURROGATE.search(text):  # OpenCC takes UTF-8: convert around lone surrogates, keep them as they are
        pieces = _SURROGATE.split(text)
        marks = _SURROGATE.findall(text)
        return "".join(to_simplified(p) + (marks[i] if i < len(marks) else "") for i, p in enumerate(pieces))
    conv = _converter().convert(text)
    if len(conv) == len(text):
        return conv
    out = []
    for line in text.splitlines(keepends=True):
        c = _converter().convert(line)
        if len(c) != len(line):
            c = "".join(ch if len(cc := _converter().convert(ch)) != 1 else cc for ch in line)
        out.append(c)
    return "".join(out)


def _curl_straight_quotes(text: str) -> str:
    """Straight double quotes alternate open/close within a line."""
    if '"' not in text:
        return text
    lines = []
    for line in text.split("\n"):
        n = [0]

        def curl(_m, n=n):
            n[0] += 1
            return "“" if n[0] % 2 else "”"

        lines.append(_STRAIGHT_QUOTE.sub(curl, line))
    return "\n".join(lines)


@dataclass
class Normalized:
    text: str
    to_raw: OffsetMap  # raw index of every normalized character
    converted: int  # about how many characters OpenCC changed (the script signal)


def convert(raw: str) -> tuple[str, int]:
    """The one-to-one half of normalization: same length as ``raw``; and how many characters OpenCC changed."""
    conv = to_simplified(raw)
    # The script signal needs a share, not an exact count: every 4th character, scaled up.
    converted = 0 if conv == raw else 4 * sum(1 for a, b in zip(raw[::4], conv[::4]) if a != b)
    work = _curl_straight_quotes(_one_to_one(conv))
    # Lone carriage returns are line breaks; in CRLF the CR is deleted by DELETE.
    work = regex.sub(r"\r(?!\n)", "\n", work) if "\r" in work else work
    return work, converted


def normalize(raw: str) -> Normalized:
    work, converted = convert(raw)
    parts: list[str] = []
    to_raw = OffsetMap()
    pos = 0
    for m in DELETE.finditer(work):
        if m.start() > pos:
            parts.append(work[pos:m.start()])
            to_raw.add(pos, m.start() - pos)
        pos = m.end()
    parts.append(work[pos:])
    to_raw.add(pos, len(work) - pos)
    return Normalized("".join(parts), to_raw, converted)


def normalize_str(s: str) -> str:
    """The normalized form of a short string (names in rule files, gold values)."""
    return normalize(s).text
