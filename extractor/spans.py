"""The one overlap policy: among overlapping candidates keep the longest, then the earliest,
then the one of higher priority (a smaller number wins). Every stage resolves its candidates here."""
from __future__ import annotations

from typing import Callable, Sequence, TypeVar

T = TypeVar("T")


def select(candidates: Sequence[T], span: Callable[[T], tuple[int, int]],
           priority: Callable[[T], int] = lambda _: 0) -> list[T]:
    """Non-overlapping candidates by the policy, returned in text order."""
    ranked = sorted(candidates, key=lambda c: (-(span(c)[1] - span(c)[0]), span(c)[0], priority(c)))
    taken: list[tuple[int, int]] = []
    kept: list[T] = []
    for c in ranked:
        s, e = span(c)
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        kept.append(c)
    kept.sort(key=lambda c: span(c)[0])
    return kept
