"""Sentence boundaries in normalized text: a sentence ends at 。！？!? or a line break.

A closing quote right after the end mark belongs to the sentence (……。” stays whole).
"""
from __future__ import annotations

_ENDS = "。！？!?；;\n"
_CLOSERS = "”’」』)）"


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    s = start
    while s > 0 and text[s - 1] not in _ENDS:
        s -= 1
    # A closing quote that follows the previous sentence's end mark belongs to that sentence.
    while s < start and text[s] in _CLOSERS and s > 0 and text[s - 1] in _ENDS:
        s += 1
    e = end
    n = len(text)
    while e < n and text[e] not in _ENDS:
        e += 1
    if e < n and text[e] != "\n":
        e += 1
        while e < n and text[e] in _CLOSERS:
            e += 1
    while s < e and text[s] in " \t":
        s += 1
    return s, e
