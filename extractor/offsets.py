"""A monotone map from the positions of a derived string back to those of its source.

Normalization only deletes characters or replaces one by one, and cleaning only keeps whole lines,
so the map is a handful of runs ("positions d.. map to s.."), not one integer per character:
building it costs one append per run, and a look-up is a binary search. Items are looked up a few
hundred times per article; characters number thousands.
"""
from __future__ import annotations

from bisect import bisect_right
from typing import Iterator


class OffsetMap:
    __slots__ = ("_dst", "_src", "_len")

    def __init__(self) -> None:
        self._dst: list[int] = []  # where each run starts in the derived string
        self._src: list[int] = []  # where it starts in the source
        self._len = 0

    def add(self, src_start: int, length: int) -> None:
        """The next ``length`` derived positions map to ``src_start``, ``src_start + 1``, …"""
        if length <= 0:
            return
        if not self._src or self._src[-1] + (self._len - self._dst[-1]) != src_start:
            self._dst.append(self._len)
            self._src.append(src_start)
        self._len += length

    def __len__(self) -> int:
        return self._len

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self._len))]
        if i < 0:
            i += self._len
        if not 0 <= i < self._len:
            raise IndexError(i)
        k = bisect_right(self._dst, i) - 1
        return self._src[k] + i - self._dst[k]

    def __iter__(self) -> Iterator[int]:
        ends = self._dst[1:] + [self._len]
        for d, s, e in zip(self._dst, self._src, ends):
            yield from range(s, s + e - d)

    def runs(self) -> int:
        return len(self._dst)
