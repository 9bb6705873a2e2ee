"""Words for the rules that need them (a name boundary, a counted object), on short windows only.

The words are jieba's, with HMM off: its dictionary (``dict.txt``, read on first use, never at import),
its DAG of dictionary words, its maximum-probability route and its block splitting, reproduced here in
a few lines over the same tables. Windows are a dozen characters and repeat across articles, so this is
cheap; what it saves is jieba's own start-up (~0.7 s) and a compiled segmenter's second copy of the
dictionary. Parts of speech are looked up in the same dictionary, as ``jieba.posseg`` does with HMM off.

``EXTRACTOR_SEGMENTER=jieba`` runs jieba itself instead, the reference: tests/test_segment.py checks word
for word against it and requires byte-identical pipeline output on the fixtures with either back end.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from math import log

BACKEND = os.environ.get("EXTRACTOR_SEGMENTER", "tables")

# jieba.cut's block patterns: what is cut into words, what is skipped.
_RE_HAN_CUT = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)")
_RE_SKIP = re.compile("(\r\n|\\s)")
_RE_ENG1 = re.compile("[a-zA-Z0-9]")
# jieba.posseg's block patterns (no % or -), and how it tags what it skips.
_RE_HAN_TAG = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._]+)")
_RE_ENG = re.compile("[a-zA-Z0-9]+")
_RE_NUM = re.compile("[\\.0-9]+")


@lru_cache(maxsize=1)
def tables() -> tuple[dict[str, int], int, dict[str, str]]:
    """jieba's dictionary as plain tables: word → frequency, total frequency, word → part of speech."""
    if BACKEND == "jieba":
        jieba, posseg = _jieba()
        return {w: f for w, f in jieba.dt.FREQ.items() if f}, jieba.dt.total, posseg.dt.word_tag_tab
    import importlib.util

    spec = importlib.util.find_spec("jieba")  # locate the data without running jieba's import
    path = os.path.join(spec.submodule_search_locations[0], "dict.txt")
    with open(path, encoding="utf-8") as f:
        cells = f.read().split()  # "word freq tag" per line
    words, counts = cells[0::3], list(map(int, cells[1::3]))
    # jieba's total counts every line, the few repeated words included
    return dict(zip(words, counts)), sum(counts), dict(zip(words, cells[2::3]))


@lru_cache(maxsize=1)
def _longest() -> int:
    return max(map(len, tables()[0]))


@lru_cache(maxsize=1)
def _jieba():
    import logging

    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba, jieba.posseg


def _route(block: str) -> list[int]:
    """jieba's ``get_DAG`` + ``calc``: the end of the word that starts at each position on the most
    probable path. jieba walks prefixes until one is in no word; taking every length that is a word is
    the same DAG. Same float expression, same tie-break (the later end wins), so the same route."""
    freq, total, _ = tables()
    get = freq.get
    logtotal = log(total)
    n = len(block)
    longest = _longest()
    score = [0.0] * n + [0]
    end = [0] * n
    for i in range(n - 1, -1, -1):
        ends = [x for x in range(i, min(n, i + longest)) if get(block[i:x + 1])] or [i]
        score[i], end[i] = max((log(get(block[i:x + 1]) or 1) - logtotal + score[x + 1], x) for x in ends)
    return end


def _words_no_hmm(block: str) -> list[tuple[str, bool]]:
    """jieba's (and posseg's) ``__cut_DAG_NO_HMM``: the words on the route, single Latin letters and
    digits buffered together into one word; True marks such a buffered run (posseg tags it 'eng')."""
    end = _route(block)
    out, buf, x, n = [], "", 0, len(block)
    while x < n:
        y = end[x] + 1
        w = block[x:y]
        if len(w) == 1 and _RE_ENG1.match(w):
            buf += w
        else:
            if buf:
                out.append((buf, True))
                buf = ""
            out.append((w, False))
        x = y
    if buf:
        out.append((buf, True))
    return out


@lru_cache(maxsize=65536)
def cut(text: str) -> tuple[str, ...]:
    """Words of a short text, as ``jieba.lcut(text, HMM=False)`` gives them."""
    if BACKEND == "jieba":
        return tuple(_jieba()[0].lcut(text, HMM=False))
    out: list[str] = []
    for block in _RE_HAN_CUT.split(text):
        if not block:
            continue
        if _RE_HAN_CUT.match(block):
            out.extend(w for w, _ in _words_no_hmm(block))
        else:
            for x in _RE_SKIP.split(block):
                if _RE_SKIP.match(x):
                    out.append(x)
                else:
                    out.extend(x)
    return tuple(out)


@lru_cache(maxsize=65536)
def tag(text: str) -> tuple[tuple[str, str], ...]:
    """(word, part of speech) pairs of a short text, as ``jieba.posseg.lcut(text, HMM=False)`` gives them."""
    if BACKEND == "jieba":
        return tuple((p.word, p.flag) for p in _jieba()[1].lcut(text, HMM=False))
    tags = tables()[2]
    out: list[tuple[str, str]] = []
    for block in _RE_HAN_TAG.split(text):
        if _RE_HAN_TAG.match(block):
            out.extend((w, "eng" if run else tags.get(w, "x")) for w, run in _words_no_hmm(block))
        else:
            for x in _RE_SKIP.split(block):
                if _RE_SKIP.match(x):
                    out.append((x, "x"))
                    continue
                for ch in x:
                    out.append((ch, "m" if _RE_NUM.match(ch) else "eng" if _RE_ENG.match(x) else "x"))
    return tuple(out)


def frequency(word: str) -> int:
    """jieba's dictionary frequency of a word (0 when unknown): how common a word is."""
    return tables()[0].get(word, 0)


def word_tag(word: str) -> str | None:
    """jieba's dictionary part of speech of a word (None when unknown): a table look-up, no tagging."""
    return tables()[2].get(word)
