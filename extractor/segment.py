"""Word segmentation for the rules that need words (a name boundary, a counted object).

jieba is loaded on first use, never at import, and used on short windows of text only: its
dictionary takes ~0.7 s to load and its POS tagger runs at ~0.08 M chars/s (PERF.md), so no stage
segments a whole article. HMM is off so that new-word guessing never moves a boundary.
"""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _tokenizer():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


@lru_cache(maxsize=1)
def _posseg():
    _tokenizer()
    import jieba.posseg

    return jieba.posseg


@lru_cache(maxsize=65536)
def cut(text: str) -> tuple[str, ...]:
    """Words of a short text (HMM off)."""
    return tuple(_tokenizer().lcut(text, HMM=False))


@lru_cache(maxsize=65536)
def tag(text: str) -> tuple[tuple[str, str], ...]:
    """(word, part of speech) pairs of a short text (HMM off)."""
    return tuple((p.word, p.flag) for p in _posseg().lcut(text, HMM=False))


def frequency(word: str) -> int:
    """jieba's dictionary frequency of a word (0 when unknown): how common a word is."""
    return _tokenizer().dt.FREQ.get(word, 0) or 0


def word_tag(word: str) -> str | None:
    """jieba's dictionary part of speech of a word (None when unknown): a table look-up, no tagging."""
    return _posseg().dt.word_tag_tab.get(word)


def tables() -> tuple[dict[str, int], int, dict[str, str]]:
    """jieba's dictionary as plain tables (word → frequency, total frequency, word → part of speech), for
    callers that segment many tiny windows themselves (a dict look-up beats a function call there)."""
    dt = _posseg().dt
    tok = _tokenizer().dt
    return tok.FREQ, tok.total, dt.word_tag_tab
