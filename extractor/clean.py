"""The `clean` stage: which lines are article body, which are boilerplate or spam; and the metadata.

Baseline only: a line is body when it has enough Chinese text and sentence punctuation.
"""
from __future__ import annotations

import regex

from .article import Article

_HAN = regex.compile(r"\p{Han}")


def classify_text(line: str) -> str:
    han = len(_HAN.findall(line))
    if han >= 12 and regex.search(r"[，。,；！？]", line):
        return "body"
    return "boilerplate"


def take_all(article: Article) -> None:
    """No cleaning: the whole normalized text is the body."""
    article.set_text([(0, len(article.norm))])


def run(article: Article) -> None:
    spans, pos = [], 0
    for line in article.norm.split("\n"):
        end = pos + len(line)
        kind = classify_text(line)
        article.lines.append((pos, end, kind))
        if kind == "body":
            s, e = pos, end
            while s < e and article.norm[s] == " ":
                s += 1
            while e > s and article.norm[e - 1] == " ":
                e -= 1
            spans.append((s, e))
        pos = end + 1
    article.set_text(spans)
