"""Sentence boundaries in normalized text: a sentence ends at 。！？!?；; or a line break.

A closing quote right after the end mark belongs to the sentence (……。” stays whole). The one
implementation every stage uses; the searches run in C (a reverse search for the previous end mark).
"""
from __future__ import annotations

import re

import regex

_ENDS = "。！？!?；;\n"
_CLOSERS = "”’」』)）"
_END = re.compile("[" + re.escape(_ENDS) + "]")  # re: a plain set, and re's calls are cheaper
_END_BACK = regex.compile("(?r)[" + regex.escape(_ENDS) + "]")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    m = _END_BACK.search(text, 0, start)
    s = m.end() if m else 0
    # A closing quote that follows the previous sentence's end mark belongs to that sentence.
    while s < start and text[s] in _CLOSERS and s > 0 and text[s - 1] in _ENDS:
        s += 1
    n = len(text)
    m = _END.search(text, end)
    e = m.start() if m else n
    if e < n and text[e] != "\n":
        e += 1
        while e < n and text[e] in _CLOSERS:
            e += 1
    while s < e and text[s] in " \t":
        s += 1
    return s, e
