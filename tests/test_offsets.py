"""The offset map: runs of positions, looked up by binary search, equal to the per-character list."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from extractor.offsets import OffsetMap


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
