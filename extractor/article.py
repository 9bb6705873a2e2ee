"""The one document object every pipeline stage reads and writes.

Stages find things in ``Article.text`` (the cleaned, normalized body) and record text offsets;
the last stage (``locate``) turns every text span into a half-open span of the raw file and its
surface, so ``raw[start:end] == surface`` holds by construction and is checked by the tests.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import repeat
from operator import add, lt, sub
from typing import Any

from .offsets import OffsetMap

SCHEMA_VERSION = 1


@dataclass
class Mention:
    start: int  # text offsets while stages run; raw offsets after ``locate``
    end: int
    surface: str = ""

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "surface": self.surface}


def _mentions(mentions: list[Mention]) -> list[dict]:
    """``[m.to_dict() for m in mentions]`` without a method call per mention (to_dict is per article)."""
    return [{"start": m.start, "end": m.end, "surface": m.surface} for m in mentions]


@dataclass
class Place:
    name: str
    level: str
    code: str | None = None
    path: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    rule: str = ""

    def to_dict(self) -> dict:
        return {"name": self.name, "level": self.level, "code": self.code, "path": list(self.path),
                "mentions": _mentions(self.mentions)}


@dataclass
class Brand:
    name: str
    kind: str
    head: str | None = None
    place: str | None = None  # the place the brand belongs to, when its sentence names one
    sentence: str | None = None  # the sentence of its first mention
    mentions: list[Mention] = field(default_factory=list)
    rule: str = ""

    def to_dict(self) -> dict:
        return {"name": self.name, "kind": self.kind, "head": self.head, "place": self.place,
                "sentence": self.sentence, "mentions": _mentions(self.mentions)}


@dataclass
class Event:
    date: str | None
    precision: str
    relation: str
    date_text: str
    sentence: str
    start: int
    end: int
    surface: str = ""
    rule: str = ""

    def to_dict(self) -> dict:
        return {"date": self.date, "precision": self.precision, "relation": self.relation,
                "date_text": self.date_text, "sentence": self.sentence,
                "start": self.start, "end": self.end, "surface": self.surface}


@dataclass
class Number:
    value: float | int
    max: float | int | None
    unit: str
    qualifier: str
    text: str
    object: str | None
    verb: str | None
    start: int
    end: int
    surface: str = ""
    rule: str = ""

    def to_dict(self) -> dict:
        return {"value": self.value, "max": self.max, "unit": self.unit, "qualifier": self.qualifier,
                "text": self.text, "object": self.object, "verb": self.verb,
                "start": self.start, "end": self.end, "surface": self.surface}


@dataclass
class Meta:
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    script: str = "simplified"
    encoding: str = "utf-8"

    def to_dict(self) -> dict:
        return {"title": self.title, "published": self.published, "outlet": self.outlet,
                "authors": list(self.authors), "editors": list(self.editors),
                "script": self.script, "encoding": self.encoding}


@dataclass
class Article:
    raw: str
    id: str = ""
    source: str | None = None
    meta: Meta = field(default_factory=Meta)
    # The whole raw file normalized, and the raw index of each of its characters.
    norm: str = ""
    norm_to_raw: OffsetMap = field(default_factory=OffsetMap)
    converted: bool = False  # whether OpenCC changed a sampled character: the script signal
    # Line kinds from cleaning: (norm_start, norm_end, kind) with kind in body/title/boilerplate/spam/dateline.
    lines: list[tuple[int, int, str]] = field(default_factory=list)
    # The cleaned body and, for each of its characters, its index into ``norm``.
    text: str = ""
    text_to_norm: OffsetMap = field(default_factory=OffsetMap)
    title_span: tuple[int, int] | None = None  # the title's span in ``text``, if the title is body
    places: list[Place] = field(default_factory=list)
    brands: list[Brand] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    numbers: list[Number] = field(default_factory=list)
    located: bool = False

    # -- offsets ---------------------------------------------------------------------------
    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw half-open span of the text span [start, end)."""
        if end <= start:
            n = self.text_to_norm[start] if start < len(self.text_to_norm) else len(self.norm)
            r = self.norm_to_raw[n] if n < len(self.norm_to_raw) else len(self.raw)
            return r, r
        return (self.norm_to_raw[self.text_to_norm[start]],
                self.norm_to_raw[self.text_to_norm[end - 1]] + 1)

    def raw_spans(self, starts: list[int], ends: list[int]) -> tuple[list[int], list[int]]:
        """``raw_span`` of many text spans at once: their raw starts and their raw ends."""
        if not starts:
            return [], []
        if not (all(map(lt, starts, ends)) and min(starts) >= 0 and max(ends) <= len(self.text_to_norm)):
            return tuple(map(list, zip(*map(self.raw_span, starts, ends))))  # empty spans: one at a time
        # Text positions in range map into norm, so the second map needs no check either.
        n = len(starts)
        raw = self.norm_to_raw.lookup_in_range(
            self.text_to_norm.lookup_in_range(starts + list(map(sub, ends, repeat(1)))))
        return raw[:n], list(map(add, raw[n:], repeat(1)))

    def set_text(self, spans: list[tuple[int, int]]) -> None:
        """The body is these spans of ``norm`` joined by newlines; keep each character's norm index."""
        parts, idx = [], OffsetMap()
        for s, e in spans:
            if parts:
                parts.append("\n")
                idx.add(max(s - 1, 0), 1)  # the newline that ends the previous kept line
            parts.append(self.norm[s:e])
            idx.add(s, e - s)
        self.text = "".join(parts)
        self.text_to_norm = idx

    def sentence_at(self, start: int, end: int) -> str:
        """The sentence of ``text`` holding [start, end): from the previous 。！？ or line break to the next."""
        from .sentences import sentence_bounds
        s, e = sentence_bounds(self.text, start, end)
        return self.text[s:e]

    # -- output ----------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        # Every item's dict built here, not by its to_dict: a method call per item costs as much as the
        # dict (the item classes' to_dict give the same dicts).
        meta = self.meta
        return {
            "schema": SCHEMA_VERSION,
            "id": self.id,
            "source": self.source,
            "meta": {"title": meta.title, "published": meta.published, "outlet": meta.outlet,
                     "authors": list(meta.authors), "editors": list(meta.editors),
                     "script": meta.script, "encoding": meta.encoding},
            "text": self.text,
            "places": [{"name": p.name, "level": p.level, "code": p.code, "path": list(p.path),
                        "mentions": [{"start": m.start, "end": m.end, "surface": m.surface} for m in p.mentions]}
                       for p in self.places],
            "brands": [{"name": b.name, "kind": b.kind, "head": b.head, "place": b.place, "sentence": b.sentence,
                        "mentions": [{"start": m.start, "end": m.end, "surface": m.surface} for m in b.mentions]}
                       for b in self.brands],
            "events": [{"date": e.date, "precision": e.precision, "relation": e.relation, "date_text": e.date_text,
                        "sentence": e.sentence, "start": e.start, "end": e.end, "surface": e.surface}
                       for e in self.events],
            "numbers": [{"value": n.value, "max": n.max, "unit": n.unit, "qualifier": n.qualifier, "text": n.text,
                         "object": n.object, "verb": n.verb, "start": n.start, "end": n.end, "surface": n.surface}
                        for n in self.numbers],
        }
