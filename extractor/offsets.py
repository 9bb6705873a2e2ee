"""A monotone map from the positions of a derived string back to those of its source.

Normalization only deletes characters or replaces one by one, and cleaning only keeps whole lines,
so the map is a handful of runs ("positions d.. map to s.."), not one integer per character:
building it costs one append per run, and a look-up is a binary search. Items are looked up a few
hundred times per article; characters number thousands.
"""
from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate, compress, repeat
from operator import add, sub
from typing import Iterator


class OffsetMap:
    __slots__ = ("_dst", "_src", "_shift", "_len")

    def __init__(self) -> None:
        self._dst: list[int] = []  # where each run starts in the derived string
        self._src: list[int] = []  # where it starts in the source
        self._shift: list[int] = [0]  # after a 0, source minus derived of each run: by bisect_right(_dst, i)
        self._len = 0

    def add(self, src_start: int, length: int) -> None:
        """The next ``length`` derived positions map to ``src_start``, ``src_start + 1``, …"""
        if length <= 0:
            return
        if not self._src or self._src[-1] + (self._len - self._dst[-1]) != src_start:
            self._dst.append(self._len)
            self._src.append(src_start)
            self._shift.append(src_start - self._len)
        self._len += length

    @classmethod
    def of_kept(cls, lengths: list[int]) -> OffsetMap:
        """The map of a string made of every other piece of its source: ``lengths`` are those of the
        source's pieces in order, kept (even places) and deleted (odd places, none empty) in turn. The
        same map as ``add`` of each kept piece, built by C-level maps instead of a call per piece."""
        m = cls()
        if len(lengths) == 1:
            m.add(0, lengths[0])
            return m
        kept = lengths[0::2]
        src = list(compress([0, *accumulate(lengths)][0::2], kept))  # the source start of each non-empty piece
        kept = list(compress(kept, kept))
        dst = [0, *accumulate(kept)]
        m._len = dst.pop()
        m._dst, m._src = dst, src
        m._shift.extend(map(sub, src, dst))
        return m

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

    def lookup(self, positions: list[int]) -> list[int]:
        """``[self[i] for i in positions]`` for positions in range, many at once."""
        if positions and not (0 <= min(positions) and max(positions) < self._len):
            raise IndexError(min(positions) if min(positions) < 0 else max(positions))
        return self.lookup_in_range(positions)

    def lookup_in_range(self, positions: list[int]) -> list[int]:
        """``lookup`` of positions known to be in range (unchecked): C-level ``map``s (bisect for the
        run, then its shift), no Python call per position."""
        if len(self._dst) == 1:  # one run: one shift (no deletions, every line kept)
            return list(map(add, positions, repeat(self._shift[1])))
        return list(map(add, map(self._shift.__getitem__, map(bisect_right, repeat(self._dst), positions)),
                        positions))

    def __iter__(self) -> Iterator[int]:
        ends = self._dst[1:] + [self._len]
        for d, s, e in zip(self._dst, self._src, ends):
            yield from range(s, s + e - d)

    def runs(self) -> int:
        return len(self._dst)
