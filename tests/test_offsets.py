"""The offset map: runs of positions, looked up by binary search, equal to the per-character list;
and the raw spans of text spans through two of them."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.offsets import OffsetMap
from extractor.article import Article
from extractor.pipeline import Options, normalize_stage


def test_runs_merge_when_contiguous():
    m = OffsetMap()
    m.add(0, 5)
    m.add(5, 3)  # continues the first run
    m.add(10, 2)  # a gap: a new run
    m.add(12, 0)  # nothing
    assert list(m) == [0, 1, 2, 3, 4, 5, 6, 7, 10, 11]
    assert m.runs() == 2 and len(m) == 10
    assert m[7] == 7 and m[8] == 10 and m[-1] == 11
    assert m[2:5] == [2, 3, 4]


@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 6)), max_size=30))
def test_equals_the_list_it_stands_for(steps):
    m, expect, src = OffsetMap(), [], 0
    for gap, length in steps:
        src += gap
        m.add(src, length)
        expect.extend(range(src, src + length))
        src += length
    assert list(m) == expect and len(m) == len(expect)
    assert [m[i] for i in range(len(expect))] == expect


@given(st.lists(st.tuples(st.integers(0, 5), st.integers(1, 6)), min_size=1, max_size=30), st.data())
def test_lookup_equals_one_at_a_time(steps, data):
    m, src = OffsetMap(), 0
    for gap, length in steps:
        src += gap
        m.add(src, length)
        src += length
    positions = data.draw(st.lists(st.integers(0, len(m) - 1), max_size=40))
    assert m.lookup(positions) == [m[i] for i in positions]
    with pytest.raises(IndexError):
        m.lookup(positions + [len(m)])


def test_raw_spans_equal_raw_span():
    art = Article(raw="新闻频道(wǎng)\n广告\n七裡河區啟動了城市基層黨建(jiàn)提升行動。\n责任编辑：张三\n区(qū)里")
    normalize_stage(art, Options())
    lines, pos = [], 0
    for line in art.norm.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    art.set_text([lines[0], lines[2], lines[4]])  # lines dropped between kept ones
    assert art.text_to_norm.runs() > 1 and art.norm_to_raw.runs() > 1
    n = len(art.text)
    spans = [(s, e) for s in range(n) for e in range(s + 1, min(n, s + 6) + 1)]
    starts, ends = art.raw_spans([s for s, _ in spans], [e for _, e in spans])
    assert list(zip(starts, ends)) == [art.raw_span(s, e) for s, e in spans]
    assert list(zip(*art.raw_spans([3, 5], [3, 9]))) == [art.raw_span(3, 3), art.raw_span(5, 9)]
    with pytest.raises(IndexError):  # as raw_span does
        art.raw_spans([0, 1], [2, n + 1])


@given(st.lists(st.integers(0, 5), min_size=1, max_size=30).map(lambda xs: xs if len(xs) % 2 else xs + [0]),
       st.data())
def test_of_kept_equals_adding_the_kept_pieces(lengths, data):
    """Pieces of a source, kept and deleted in turn (deleted ones never empty): the bulk build is the
    map ``add`` makes, run for run."""
    lengths = [n if i % 2 == 0 else n + 1 for i, n in enumerate(lengths)]
    m, src = OffsetMap(), 0
    for i, n in enumerate(lengths):
        if i % 2 == 0:
            m.add(src, n)
        src += n
    bulk = OffsetMap.of_kept(lengths)
    assert (bulk._dst, bulk._src, bulk._shift, len(bulk)) == (m._dst, m._src, m._shift, len(m))
    if len(m):
        positions = data.draw(st.lists(st.integers(0, len(m) - 1), max_size=20))
        assert bulk.lookup(positions) == [m[i] for i in positions]
