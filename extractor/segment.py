"""Words for the rules that need them (a name boundary, a counted object), on short windows only.

The words are jieba's, with HMM off: its dictionary (``dict.txt``, read on first use, never at import,
and kept in a compact cache for the next process: see ``_compact``), its DAG of dictionary words, its maximum-probability route and its block splitting, reproduced here in
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
from typing import Callable, Iterable
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
    freq, total = frequencies()
    tags = freq.copy()  # the same keys, already hashed and sized: replacing values beats inserting anew
    tags.update(zip(freq, _loaded.tags()))
    return freq, total, tags


@lru_cache(maxsize=1)
def frequencies() -> tuple[dict[str, int], int]:
    """``tables()`` without its word → part-of-speech table (a second table as large as the first, and
    most articles need the tags of a handful of words: ``word_tag`` finds those without it)."""
    if BACKEND == "jieba":
        return tables()[:2]
    d = _compact()
    _loaded.tags, _loaded.longest, _loaded.by_first = d[2], d[4], d[5]
    return dict(zip(d[0], d[1])), d[3]


class _Loaded:
    """What the tables are built from, kept for the look-ups that need no table."""
    tags: Callable[[], Iterable[str]] = tuple  # the tag of each word, in the tables' order
    longest = 0  # the longest word's length
    # From the cache only: "word tag word tag …" (UTF-8) of the words of each first character, in
    # ``firsts`` order, from ``starts[i]`` to ``starts[i + 1]``.
    by_first: tuple[str, list[int], bytes] | None = None


_loaded = _Loaded()


@lru_cache(maxsize=None)
def _tags_starting(first: str) -> dict[str, str]:
    """word → tag of the dictionary's words that start with ``first`` (from the cache)."""
    firsts, starts, blob = _loaded.by_first
    i = firsts.find(first) if first else -1
    cells = blob[starts[i]:starts[i + 1]].decode("utf-8").split() if i >= 0 else []
    return dict(zip(cells[0::2], cells[1::2]))


# -- the dictionary, compact --------------------------------------------------------------------------
# Building the tables is most of a first article's time. What parsing dict.txt costs (splitting 1 M
# cells, 349 k int() calls; ~0.15 s) is paid once per installed dictionary: its distinct words are cached
# in a compact form (words in one string, counts and part-of-speech numbers as bytes; the tags again,
# by first character, for ``word_tag``) that loads in ~0.05 s. The cache is keyed like a .pyc: the
# dictionary's path, size and modification time.

_CACHE_FORMAT = 1


def _dict_path() -> str:
    import importlib.util

    spec = importlib.util.find_spec("jieba")  # locate the data without running jieba's import
    return os.path.join(spec.submodule_search_locations[0], "dict.txt")


def _parse(path: str) -> tuple[list[str], list[int], list[str], int]:
    """dict.txt's distinct words in jieba's order (a repeated word keeps its first place and its last
    count and tag, as jieba's tables do), their counts and tags, and jieba's total (every line counted)."""
    with open(path, encoding="utf-8") as f:
        cells = f.read().split()  # "word freq tag" per line
    words, counts, tags = cells[0::3], list(map(int, cells[1::3])), cells[2::3]
    total = sum(counts)
    freq = dict(zip(words, counts))
    if len(freq) < len(words):  # repeated words: keep what the tables keep
        tag = dict(zip(words, tags))
        words = list(freq)
        counts, tags = list(freq.values()), [tag[w] for w in words]
    return words, counts, tags, total


def _compact() -> tuple[list[str], list[int], Callable[[], Iterable[str]], int, int, tuple | None]:
    """The dictionary's distinct words, their counts, their tags (an iterator made when asked: only
    ``tables()`` asks), the total, the longest word's length and the tags by first character: from the
    cache when it holds this dictionary, else parsed (and cached when the folder is writable; without a
    cache, no tags by first character)."""
    import hashlib
    import marshal
    from array import array

    from .rules import cache_dir, write_atomically

    path = _dict_path()
    st = os.stat(path)
    key = hashlib.sha256(f"{_CACHE_FORMAT}\0{marshal.version}\0{os.path.realpath(path)}\0{st.st_size}\0"
                         f"{st.st_mtime_ns}".encode("utf-8", "surrogatepass")).hexdigest()[:24]
    folder = cache_dir()
    cached = os.path.join(folder, f"jieba-dict-{key}.bin") if folder else None
    if cached:
        try:
            with open(cached, "rb") as f:
                got_key, blob, count_bytes, tag_bytes, names, total, longest, firsts, start_bytes, by_first = \
                    marshal.load(f)
            if got_key == key:
                words = blob.split("\n")
                counts, starts = array("q"), array("q")
                counts.frombytes(count_bytes)
                starts.frombytes(start_bytes)
                if len(words) == len(counts) == len(tag_bytes) and len(starts) == len(firsts) + 1:
                    return (words, counts.tolist(), lambda: map(names.__getitem__, tag_bytes), total, longest,
                            (firsts, starts.tolist(), by_first))
        except Exception:  # absent, unreadable, torn or foreign (marshal raises several kinds): parse
            pass
    words, counts, tags, total = _parse(path)
    longest = max(map(len, words))
    by_first = None
    if cached:
        names = tuple(sorted(set(tags)))
        number = {t: i for i, t in enumerate(names)}
        grouped: dict[str, list[str]] = {}
        for w, t in zip(words, tags):
            grouped.setdefault(w[0], []).extend((w, t))
        firsts = "".join(grouped)
        pieces = [" ".join(cells).encode("utf-8") + b" " for cells in grouped.values()]
        starts = [0]
        for p in pieces:
            starts.append(starts[-1] + len(p))
        by_first = (firsts, starts, b"".join(pieces))
        try:
            os.makedirs(folder, exist_ok=True)
            write_atomically(cached, marshal.dumps((
                key, "\n".join(words), array("q", counts).tobytes(), bytes(map(number.__getitem__, tags)),
                names, total, longest, firsts, array("q", starts).tobytes(), by_first[2])))
        except (OSError, ValueError):  # a read-only home, a full disk, over 256 tags: just no cache
            by_first = None
    return words, counts, lambda: iter(tags), total, longest, by_first


@lru_cache(maxsize=1)
def _longest() -> int:
    if BACKEND == "jieba":
        return max(map(len, tables()[0]))
    frequencies()
    return _loaded.longest


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
    freq, total = frequencies()
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
    out: list[tuple[str, str]] = []
    for block in _RE_HAN_TAG.split(text):
        if _RE_HAN_TAG.match(block):
            out.extend((w, "eng" if run else word_tag(w) or "x") for w, run in _words_no_hmm(block))
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
    return frequencies()[0].get(word, 0)


def word_tag(word: str) -> str | None:
    """jieba's dictionary part of speech of a word (None when unknown): a table look-up, no tagging.
    With the cache, from the words of its first character only, never building ``tables()``'s table."""
    if BACKEND != "jieba" and frequencies() and _loaded.by_first is not None:
        return _tags_starting(word[:1]).get(word)
    return tables()[2].get(word)
