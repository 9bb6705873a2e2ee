"""The one sentence cut every stage uses equals the plain character loop it stands for."""
from __future__ import annotations

from extractor.decode import decode
from extractor.pipeline import Options, run
from extractor.sentences import _CLOSERS, _ENDS, sentence_bounds


def _reference(text: str, start: int, end: int) -> tuple[int, int]:
    s = start
    while s > 0 and text[s - 1] not in _ENDS:
        s -= 1
    while s < start and text[s] in _CLOSERS and s > 0 and text[s - 1] in _ENDS:
        s += 1
    e, n = end, len(text)
    while e < n and text[e] not in _ENDS:
        e += 1
    if e < n and text[e] != "\n":
        e += 1
        while e < n and text[e] in _CLOSERS:
            e += 1
    while s < e and text[s] in " \t":
        s += 1
    return s, e


def test_examples():
    text = "“好。”他说。\n  第二句！（三）”"
    assert text[slice(*sentence_bounds(text, 4, 5))] == "他说。"
    assert text[slice(*sentence_bounds(text, 0, 1))] == "“好。”"
    assert text[slice(*sentence_bounds(text, 10, 11))] == "第二句！"


def test_equals_the_character_loop_on_every_fixture(fixture_articles):
    texts = [run(decode(p.read_bytes())[0], options=Options(stages=())).text for p in fixture_articles]
    for text in texts:
        for i in range(0, len(text), 3):
            j = min(i + 2, len(text))
            assert sentence_bounds(text, i, j) == _reference(text, i, j)
