"""`extractor tables`: the JSONL of `extractor run` as five CSV files a spreadsheet, pandas or R opens.

Files are UTF-8 with a BOM (so Excel reads Chinese correctly) and one header row:

- ``articles.csv``: one row per record (failed files too: ``error`` set, counts empty);
- ``places.csv`` and ``brands.csv``: one row per item (a distinct place or brand of an article), with
  the number of its mentions, the raw span of its first mention, and every raw span in ``spans``
  (``start-end`` pairs joined by ``;``);
- ``events.csv`` and ``numbers.csv``: one row per item, with its raw span.

Offsets are code-point offsets into the decoded raw file, as in the JSONL (``raw[start:end] == surface``).
Records are streamed: memory does not grow with the input.
"""
from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from collections import Counter
from typing import Any, Iterable, Iterator

KINDS = ("places", "brands", "events", "numbers")

ARTICLE_COLUMNS = ("id", "source", "title", "published", "outlet", "authors", "editors", "script", "encoding",
                   "province", "chars", "places", "place_mentions", "brands", "brand_mentions", "events", "numbers", "error")
COLUMNS = {
    "places": ("article_id", "name", "level", "code", "path", "province", "mentions", "start", "end", "surface",
               "spans"),
    "brands": ("article_id", "name", "kind", "head", "place", "province", "mentions", "start", "end", "surface", "spans",
               "sentence"),
    "events": ("article_id", "date", "precision", "relation", "date_text", "start", "end", "surface", "sentence"),
    "numbers": ("article_id", "value", "max", "unit", "qualifier", "text", "object", "verb", "start", "end",
                "surface"),
}
LIST_SEP = "、"  # joins list values (authors, editors) in one cell
PATH_SEP = "/"  # joins a place's path


class RecordError(ValueError):
    """A line of the JSONL that is not a record."""


def read_records(path: str | Path) -> Iterator[dict]:
    """The records of a JSONL file (``-``: stdin; a folder: its ``*.jsonl`` files in name order, such as the
    partitions of ``run --engine dask``), one at a time; a bad line fails naming its file and line number."""
    if str(path) != "-" and Path(path).is_dir():
        for part in sorted(Path(path).glob("*.jsonl")):
            yield from read_records(part)
        return
    stdin = str(path) == "-"
    f = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig") if stdin else open(path, encoding="utf-8-sig")
    try:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except ValueError as e:
                raise RecordError(f"{path}:{n}: not JSON ({e.msg})") from None
            if not isinstance(rec, dict) or not rec.get("id"):
                raise RecordError(f"{path}:{n}: not an extractor record (no id)")
            yield rec
    finally:
        if stdin:
            f.detach()  # leave sys.stdin open
        else:
            f.close()


def province(place: dict) -> str | None:
    """The province a place lies in: itself, or the top of its path."""
    if place.get("level") == "province":
        return place.get("name")
    path = place.get("path") or []
    return path[0] if path else None


def main_province(rec: dict) -> str | None:
    """The province most place mentions of the article lie in (the earliest mentioned on a tie)."""
    count: Counter[str] = Counter()
    first: dict[str, int] = {}
    for p in rec.get("places") or []:
        prov = province(p)
        if prov:
            ms = p.get("mentions") or []
            count[prov] += len(ms) or 1
            first[prov] = min([first.get(prov, 1 << 60)] + [m["start"] for m in ms])
    if not count:
        return None
    return min(count, key=lambda k: (-count[k], first[k]))


def _spans(mentions: list[dict]) -> str:
    return ";".join(f"{m['start']}-{m['end']}" for m in mentions)


def _first(mentions: list[dict]) -> dict:
    return mentions[0] if mentions else {"start": None, "end": None, "surface": None}


def article_row(rec: dict) -> dict[str, Any]:
    meta = rec.get("meta") or {}
    if "error" in rec:
        return {"id": rec["id"], "source": rec.get("source"), "error": rec["error"]}
    return {
        "id": rec["id"], "source": rec.get("source"), "title": meta.get("title"),
        "published": meta.get("published"), "outlet": meta.get("outlet"),
        "authors": LIST_SEP.join(meta.get("authors") or []), "editors": LIST_SEP.join(meta.get("editors") or []),
        "script": meta.get("script"), "encoding": meta.get("encoding"), "province": main_province(rec),
        "chars": len(rec.get("text") or ""),
        "places": len(rec.get("places") or []),
        "place_mentions": sum(len(p.get("mentions") or []) for p in rec.get("places") or []),
        "brands": len(rec.get("brands") or []),
        "brand_mentions": sum(len(b.get("mentions") or []) for b in rec.get("brands") or []),
        "events": len(rec.get("events") or []), "numbers": len(rec.get("numbers") or []), "error": None,
    }


def item_rows(rec: dict) -> dict[str, list[dict[str, Any]]]:
    """The rows each item table gets from one record (none for an error record)."""
    aid = rec["id"]
    rows: dict[str, list[dict[str, Any]]] = {k: [] for k in KINDS}
    art_prov = main_province(rec) if rec.get("brands") else None
    provinces: dict[str, str | None] = {}
    for p in rec.get("places") or []:
        provinces.setdefault(p.get("name"), province(p))
        ms = p.get("mentions") or []
        first = _first(ms)
        rows["places"].append({
            "article_id": aid, "name": p.get("name"), "level": p.get("level"), "code": p.get("code"),
            "path": PATH_SEP.join(p.get("path") or []), "province": province(p), "mentions": len(ms),
            "start": first["start"], "end": first["end"], "surface": first["surface"], "spans": _spans(ms)})
    for b in rec.get("brands") or []:
        ms = b.get("mentions") or []
        first = _first(ms)
        rows["brands"].append({
            "article_id": aid, "name": b.get("name"), "kind": b.get("kind"), "head": b.get("head"),
            "place": b.get("place"), "province": provinces.get(b.get("place")) or art_prov, "mentions": len(ms), "start": first["start"], "end": first["end"],
            "surface": first["surface"], "spans": _spans(ms), "sentence": b.get("sentence")})
    for e in rec.get("events") or []:
        rows["events"].append({"article_id": aid, **{c: e.get(c) for c in COLUMNS["events"][1:]}})
    for n in rec.get("numbers") or []:
        rows["numbers"].append({"article_id": aid, **{c: n.get(c) for c in COLUMNS["numbers"][1:]}})
    return rows


def _cell(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def write_tables(records: Iterable[dict], out_dir: str | Path) -> dict[str, int]:
    """Write the five CSV files into ``out_dir``; return the number of data rows of each."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    names = ("articles",) + KINDS
    files = {n: open(out / f"{n}.csv", "w", encoding="utf-8-sig", newline="") for n in names}
    try:
        writers = {n: csv.writer(files[n]) for n in names}
        writers["articles"].writerow(ARTICLE_COLUMNS)
        for k in KINDS:
            writers[k].writerow(COLUMNS[k])
        counts = dict.fromkeys(names, 0)
        for rec in records:
            row = article_row(rec)
            writers["articles"].writerow([_cell(row.get(c)) for c in ARTICLE_COLUMNS])
            counts["articles"] += 1
            for k, rows in item_rows(rec).items():
                for r in rows:
                    writers[k].writerow([_cell(r[c]) for c in COLUMNS[k]])
                counts[k] += len(rows)
    finally:
        for f in files.values():
            f.close()
    return counts
