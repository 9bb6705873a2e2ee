"""Words for the rules that need them (a name boundary, a counted object), on short windows only.

Two interchangeable back ends give the same words and tags:

- ``rjieba`` (the default): jieba-rs, jieba's algorithm and dictionary in Rust. With HMM off it cuts
  exactly as jieba does; parts of speech are looked up in jieba's own dictionary the way
  ``jieba.posseg`` does with HMM off. It loads in ~0.1 s where jieba takes ~0.7 s, and cuts ~20×
  faster (PERF.md), which is what keeps "import plus first article" under a second.
- ``jieba`` (``EXTRACTOR_SEGMENTER=jieba``): the reference. A test runs the fixtures through both and
  requires byte-identical output.

jieba's dictionary file (``dict.txt``) is read on first use, never at import, for word frequencies
and parts of speech. HMM is off everywhere so that new-word guessing never moves a boundary.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache

BACKEND = os.environ.get("EXTRACTOR_SEGMENTER", "rjieba")

# jieba.posseg's own block patterns (HMM off): what is cut into words, what is skipped.
_RE_HAN = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._]+)")
_RE_SKIP = re.compile("(\r\n|\\s)")
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
def _jieba():
    import logging

    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba, jieba.posseg


@lru_cache(maxsize=1)
def _rjieba():
    import rjieba

    return rjieba


@lru_cache(maxsize=65536)
def cut(text: str) -> tuple[str, ...]:
    """Words of a short text (HMM off)."""
    if BACKEND == "jieba":
        return tuple(_jieba()[0].lcut(text, HMM=False))
    return tuple(_rjieba().cut(text, False))


@lru_cache(maxsize=65536)
def tag(text: str) -> tuple[tuple[str, str], ...]:
    """(word, part of speech) pairs of a short text (HMM off), as ``jieba.posseg`` gives them."""
    if BACKEND == "jieba":
        return tuple((p.word, p.flag) for p in _jieba()[1].lcut(text, HMM=False))
    tags = tables()[2]
    rj = _rjieba()
    out: list[tuple[str, str]] = []
    for block in _RE_HAN.split(text):
        if not block:
            continue
        if _RE_HAN.match(block):
            for w in rj.cut(block, False):
                # posseg buffers runs of single Latin letters and digits into one 'eng' word
                if _RE_ENG.fullmatch(w) and (len(w) == 1 or w not in tags):
                    out.append((w, "eng"))
                else:
                    out.append((w, tags.get(w, "x")))
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
