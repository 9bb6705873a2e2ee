"""Normalize raw crawled text into one working form, keeping a map back to the raw text.

Every rule downstream is written once, for simplified script with half-width digits and letters,
curly quotes and plain spaces. Normalization only ever replaces one character by one character
(OpenCC ``tw2s``, substitutions) or deletes characters (pinyin glosses, runs of ``?``/U+FFFD that
stand for lost spaces, zero-width characters, carriage returns). So one monotone map suffices:
``to_raw[i]`` is the raw index of normalized character ``i``, and a normalized span [s, e) is the
raw span [to_raw[s], to_raw[e-1] + 1).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from collections import deque
from itertools import accumulate, compress, repeat
from operator import le, ne
from typing import Iterator


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


_LONE_CR = re.compile(r"\r(?!\n)")


def _one_to_one(text: str) -> str:
    return _ONE_TO_ONE_CHARS.sub(lambda m: ONE_TO_ONE[ord(m.group())], text)


# What normalization deletes. Pinyin glosses need a tone-marked vowel so that (高翔) or (a) stay.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_GLOSS = r"[a-zü" + _TONED + r"]*[" + _TONED + r"][a-zü" + _TONED + r"]*[)）]"
# The definition, a `regex` pattern: the tests hold ``deletions`` to it (run time does not compile it).
DELETE_PATTERN = (
    r"[(（](?<=\p{Han}[(（])" + _GLOSS
    + r"|\?{2,}|\?(?<=(?:^|\n) *\?)"  # runs of ? (lost spaces), or a lone ? opening a line
    r"|\ufffd+"
    r"|[\u200b\u200c\u200d\u2060\ufeff\r\x00-\x08\x0e-\x1f\x7f]"
)
# DELETE_PATTERN for `re` (regex scans ~30x slower here): \p{Han} spelled as rules.HAN_CLASS (the same
# set, tests/test_fast_compile.py), every alternative opening with a literal character (not a class) so
# that `re` skips ahead to where one stands. The look-behind of a lone ? (a line's start, after spaces) is of no fixed
# width: ``deletions`` checks it. One group, for ``split``.
_CONTROL = "\u200b\u200c\u200d\u2060\ufeff\r" + "".join(map(chr, [*range(0x00, 0x09), *range(0x0e, 0x20), 0x7f]))


@lru_cache(maxsize=1)
def _deleter() -> re.Pattern:
    from .rules import HAN_CLASS

    return re.compile("(" + "|".join([
        rf"\((?<={HAN_CLASS}\()" + _GLOSS, f"（(?<={HAN_CLASS}（)" + _GLOSS, r"\?\?+", r"\?", "\ufffd\ufffd*",
        *map(re.escape, _CONTROL)]) + ")")


def deletions(work: str) -> Iterator[tuple[int, int]]:
    """The spans DELETE_PATTERN matches in ``work``, in order."""
    for m in _deleter().finditer(work):
        s, e = m.span()
        if e == s + 1 and work[s] == "?":  # a lone ? opens a line (after spaces)
            if work[work.rfind("\n", 0, s) + 1:s].strip(" "):
                continue
        yield s, e


@lru_cache(maxsize=1)
def _converter():
    import opencc

    try:  # the C++ binding takes the file name of a config
        return opencc.OpenCC(OPENCC_CONFIG + ".json")
    except Exception:  # opencc-python-reimplemented takes the bare name
        return opencc.OpenCC(OPENCC_CONFIG)


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def to_simplified_whole(text: str) -> str:
    """OpenCC conversion of all of ``text`` that never changes the length: where it would, fall back to
    lines, then characters. The reference for ``to_simplified``, and its way when the tables do not hold."""
    if _SURROGATE.search(text):  # OpenCC takes UTF-8: convert around lone surrogates, keep them as they are
        pieces = _SURROGATE.split(text)
        marks = _SURROGATE.findall(text)
        return "".join(to_simplified_whole(p) + (marks[i] if i < len(marks) else "") for i, p in enumerate(pieces))
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


@dataclass(frozen=True)
class _Tw2s:
    """rules/opencc-triggers.txt (written by tools/opencc_triggers.py from OpenCC's dictionaries)."""
    pairs: str  # each character tw2s changes on its own, followed by what it becomes
    trigger: re.Pattern  # a character tw2s changes, or a phrase character: without one, it changes nothing
    phrase: re.Pattern  # a clause without one converts character by character (``_table``)
    cut: re.Pattern  # punctuation in no dictionary key: OpenCC converts either side independently
    last_cut: re.Pattern  # .match(text, lo, hi).end() is just after the last cut in text[lo:hi]


def _char_class(chars: str) -> str:
    """A `re` class of the characters, or more: `re` keeps the basic plane of a class as a bitmap but tests
    the others one after another, so characters beyond it (hundreds, rare in text) become one range."""
    bmp = "".join(c for c in chars if c <= "\uffff")
    other = sorted(c for c in chars if c > "\uffff")
    return "[" + re.escape(bmp) + (f"{other[0]}-{other[-1]}" if other else "") + "]"


@lru_cache(maxsize=1)
def _tw2s() -> _Tw2s | None:
    """The tables, or None when the installed OpenCC is not the one they were derived from."""
    import opencc

    from .rules import rules_dir

    fields = {}
    with open(rules_dir() / "opencc-triggers.txt", encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                name, _, value = line.rstrip("\n").partition(" ")
                fields[name] = value
    if fields["opencc"] != f"{getattr(opencc, '__version__', '?')} {OPENCC_CONFIG}":
        return None
    pairs = fields["map"]
    beyond = "".join(k for k in pairs[::2] if k > "\uffff")  # not in the table: OpenCC converts them
    # Lone surrogates cut too: OpenCC takes UTF-8, so the whole-text way converts around them.
    cut = "[" + re.escape(json.loads(fields["cut"])) + "\ud800-\udfff]"
    return _Tw2s(pairs=pairs, trigger=re.compile(_char_class(pairs[::2] + fields["phrase"])),
                 phrase=re.compile(_char_class(fields["phrase"] + beyond)),
                 cut=re.compile(cut), last_cut=re.compile("(?s:.*)" + cut))


@lru_cache(maxsize=1)
def _table() -> list[int]:
    """For str.translate: what tw2s makes of each character of the basic plane on its own, as a code
    point (built on first need: simplified text never needs it). A list, not a dict: a dict raises
    KeyError inside translate for every character it lacks, which makes translate 2.5x slower.
    Characters beyond it are left as they are (tw2s changes some: they are phrase characters)."""
    pairs = _tw2s().pairs
    keys, values = pairs[::2], pairs[1::2]
    bmp = list(map(le, keys, repeat("\uffff")))
    table = list(range(0x10000))
    # C-level maps, not a step per pair (the first traditional article pays for this)
    deque(map(table.__setitem__, map(ord, compress(keys, bmp)), map(ord, compress(values, bmp))), maxlen=0)
    return table


# Clauses with a trigger taken one at a time before the rest counts as dense (traditional) text.
_SPARSE = 8


def to_simplified(text: str) -> str:
    """``to_simplified_whole``, with OpenCC only where it is needed.

    Most articles are simplified: no trigger character, nothing to do. A clause (between two cuts)
    with a trigger but no phrase character converts character by character (str.translate, 3x
    faster than OpenCC); only clauses with a phrase character go through OpenCC, all in one call."""
    t = _tw2s()
    if t is None or "\x00" in text:  # NUL ends OpenCC's input: the whole-text way has the fall-backs
        return to_simplified_whole(text)
    m = t.trigger.search(text)
    if m is None:
        return text
    parts: list[str] = []
    slots: list[int] = []  # the places in ``parts`` of clauses for OpenCC
    pos = 0  # parts hold text[:pos]
    sparse = _SPARSE
    while m is not None:
        s = m.start()
        c = t.last_cut.match(text, pos, s)
        cs = c.end() if c else pos
        c = t.cut.search(text, s)
        ce = c.start() if c else len(text)
        between = text[pos:cs]
        parts.append(between.translate(_table()) if not sparse else between)
        clause = text[cs:ce]
        if t.phrase.search(clause):
            slots.append(len(parts))
            parts.append(clause)
        else:
            parts.append(clause.translate(_table()))
        pos = ce
        if sparse:
            sparse -= 1
        # Once triggers are all over, translate everything but the clauses with a phrase character.
        m = (t.trigger if sparse else t.phrase).search(text, pos)
    rest = text[pos:]
    parts.append(rest.translate(_table()) if not sparse else rest)
    if slots:
        clauses = [parts[i] for i in slots]
        done = _converter().convert("\n".join(clauses)).split("\n")  # no clause holds a line break
        if len(done) != len(slots) or any(len(a) != len(b) for a, b in zip(done, clauses)):
            return to_simplified_whole(text)
        for i, d in zip(slots, done):
            parts[i] = d
    return "".join(parts)


# Two straight quotes in one line, the first opening and the second closing (a line's quotes alternate).
_QUOTE_PAIR = re.compile('"([^"\n]*)"')


def _curl_straight_quotes(text: str) -> str:
    """Straight double quotes alternate open/close within a line: each pair from the left becomes “…”,
    and a line's odd last quote opens. Two C-level passes, not a substitution per line."""
    if '"' not in text:
        return text
    return _QUOTE_PAIR.sub("“\\1”", text).replace('"', "“")


@dataclass
class Normalized:
    text: str
    to_raw: OffsetMap  # raw index of every normalized character
    converted: bool  # whether OpenCC changed a sampled character (the script signal)


def convert(raw: str) -> tuple[str, bool]:
    """The one-to-one half of normalization: same length as ``raw``; and whether OpenCC changed it."""
    conv = to_simplified(raw)
    # The script signal needs a share, not an exact count: whether any 4th character changed.
    converted = conv != raw and any(map(ne, raw[::4], conv[::4]))
    work = _curl_straight_quotes(_one_to_one(conv))
    # Lone carriage returns are line breaks; in CRLF the CR is deleted (DELETE_PATTERN).
    work = _LONE_CR.sub("\n", work) if "\r" in work else work
    return work, converted


def normalize(raw: str) -> Normalized:
    work, converted = convert(raw)
    pieces = _deleter().split(work)  # kept, deleted, kept, … (glossed pages: hundreds of pieces)
    if len(pieces) == 1:
        to_raw = OffsetMap()
        to_raw.add(0, len(work))
        return Normalized(work, to_raw, converted)
    deleted = pieces[1::2]
    if "?" in deleted:  # a lone ? is deleted only where it opens a line: else it joins its neighbours
        lone = list(compress(range(1, len(pieces), 2), map("?".__eq__, deleted)))
        starts = [0, *accumulate(map(len, pieces))]
        for k in reversed(lone):  # from the end: the places of earlier pieces stay as they are
            s = starts[k]
            if work[work.rfind("\n", 0, s) + 1:s].strip(" "):
                pieces[k - 1:k + 2] = [pieces[k - 1] + "?" + pieces[k + 1]]
    # The text and its map by C-level joins and maps, not a step per deletion.
    return Normalized("".join(pieces[0::2]), OffsetMap.of_kept(list(map(len, pieces))), converted)


def normalize_str(s: str) -> str:
    """The normalized form of a short string (names in rule files, gold values)."""
    return normalize(s).text
