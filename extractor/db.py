"""The facts in SQLite: `extractor db OUT.jsonl facts.sqlite` and `extractor run … --db facts.sqlite`.

Tables (foreign keys on, deleting an article deletes its items):

- ``articles``: one row per record, with the cleaned ``text``, its ``province`` (the province most of its
  place mentions lie in) and ``error`` for a file that failed;
- ``places``, ``brands``: one row per item, with ``place_mentions`` / ``brand_mentions`` holding every raw
  span; ``places.province`` is the top of the place's path (or the place itself), ``brands.province`` the
  province of the brand's ``place`` when the article names it, else the article's;
- ``events``, ``numbers``: one row per item with its raw span;
- ``articles_fts``: FTS5 over title and cleaned text (external content: the text is stored once, in
  ``articles``), trigram tokenizer (Chinese has no spaces: any 3+ character string matches; shorter
  ones need ``LIKE``).

Loading a record whose id is already there replaces that article and its items: the database holds
the latest record of each article, never two. ``QUERIES`` are the examples the README shows.
"""
from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path
from typing import Iterable

from .tables import LIST_SEP, PATH_SEP, main_province, province

log = logging.getLogger("extractor")

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, source TEXT, title TEXT, published TEXT, outlet TEXT, authors TEXT, editors TEXT,
    script TEXT, encoding TEXT, province TEXT, text TEXT, error TEXT);
CREATE TABLE IF NOT EXISTS places (
    id INTEGER PRIMARY KEY, article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    name TEXT NOT NULL, level TEXT, code TEXT, path TEXT, province TEXT);
CREATE TABLE IF NOT EXISTS place_mentions (
    place_id INTEGER NOT NULL REFERENCES places(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, surface TEXT);
CREATE TABLE IF NOT EXISTS brands (
    id INTEGER PRIMARY KEY, article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    name TEXT NOT NULL, kind TEXT, head TEXT, place TEXT, province TEXT, sentence TEXT);
CREATE TABLE IF NOT EXISTS brand_mentions (
    brand_id INTEGER NOT NULL REFERENCES brands(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, surface TEXT);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY, article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    date TEXT, precision TEXT, relation TEXT, date_text TEXT, sentence TEXT,
    start INTEGER, "end" INTEGER, surface TEXT);
CREATE TABLE IF NOT EXISTS numbers (
    id INTEGER PRIMARY KEY, article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    value NUMERIC, max NUMERIC, unit TEXT, qualifier TEXT, text TEXT, object TEXT, verb TEXT,
    start INTEGER, "end" INTEGER, surface TEXT);
CREATE INDEX IF NOT EXISTS places_code ON places(code);
CREATE INDEX IF NOT EXISTS places_name ON places(name);
CREATE INDEX IF NOT EXISTS places_province ON places(province);
CREATE INDEX IF NOT EXISTS places_article ON places(article_id);
CREATE INDEX IF NOT EXISTS place_mentions_place ON place_mentions(place_id);
CREATE INDEX IF NOT EXISTS brands_name ON brands(name);
CREATE INDEX IF NOT EXISTS brands_article ON brands(article_id);
CREATE INDEX IF NOT EXISTS brand_mentions_brand ON brand_mentions(brand_id);
CREATE INDEX IF NOT EXISTS events_date ON events(date);
CREATE INDEX IF NOT EXISTS events_article ON events(article_id);
CREATE INDEX IF NOT EXISTS numbers_article ON numbers(article_id);
"""
# External content: the index reads id, title and text from ``articles`` (the text is stored once).
FTS = ("CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(id UNINDEXED, title, text, content='articles',"
       " content_rowid='n', tokenize='trigram')")

# The README's example queries; each takes named parameters.
QUERIES = {
    # Which brands each province's articles name, most widespread first.
    "brands_by_province": """
SELECT province, name, kind, COUNT(DISTINCT article_id) AS articles
FROM brands WHERE province IS NOT NULL
GROUP BY province, name, kind
ORDER BY province, articles DESC, name""",
    # The numeric claims of every article that names one place (by code, name, or the province it lies in),
    # in publication order.
    "place_claims": """
SELECT a.published, n.value, n.max, n.unit, n.object, n.text, a.id AS article_id
FROM numbers n JOIN articles a ON a.id = n.article_id
WHERE n.article_id IN (SELECT article_id FROM places WHERE code = :place OR name = :place OR province = :place)
ORDER BY a.published, a.id, n.start""",
    # The articles that mention one brand, with how often, newest first.
    "brand_articles": """
SELECT a.id, a.title, a.published, COUNT(*) AS mentions
FROM brands b JOIN brand_mentions m ON m.brand_id = b.id JOIN articles a ON a.id = b.article_id
WHERE b.name = :brand
GROUP BY a.id ORDER BY a.published DESC, a.id""",
    # Full text (FTS5 syntax; a quoted string is a phrase), also where extraction missed it; best first.
    "fulltext": """
SELECT id, snippet(articles_fts, 2, '[', ']', '…', 24) AS context
FROM articles_fts WHERE articles_fts MATCH :match ORDER BY rank""",
}


def connect(path: str | Path) -> sqlite3.Connection:
    """Open (creating if needed) a facts database with foreign keys enforced."""
    con = sqlite3.connect(str(path), isolation_level=None)  # transactions are explicit (Database)
    con.execute("PRAGMA foreign_keys = ON")
    con.executescript(SCHEMA)
    try:
        con.execute(FTS)
    except sqlite3.OperationalError as e:  # an SQLite built without FTS5, or older than 3.34 (trigram)
        log.warning("no full-text index: this SQLite (%s) says: %s", sqlite3.sqlite_version, e)
    return con


def _has_fts(con: sqlite3.Connection) -> bool:
    return con.execute("SELECT 1 FROM sqlite_master WHERE name = 'articles_fts'").fetchone() is not None


class Database:
    """Loads records into a facts database; ``with Database(path) as db: db.add(rec)``."""

    def __init__(self, path: str | Path, commit_every: int = 500):
        self.con = connect(path)
        self.fts = _has_fts(self.con)
        self.commit_every = commit_every
        self._pending = 0
        self.added = 0

    def add(self, rec: dict) -> None:
        """Insert one record, replacing the article of the same id and all its items; all or nothing."""
        con = self.con
        if not con.in_transaction:
            con.execute("BEGIN")
        con.execute("SAVEPOINT record")
        try:
            self._insert(rec)
        except BaseException:
            con.execute("ROLLBACK TO record")
            con.execute("RELEASE record")
            raise
        con.execute("RELEASE record")
        self.added += 1
        self._pending += 1
        if self._pending >= self.commit_every:
            self.commit()

    def _insert(self, rec: dict) -> None:
        con = self.con
        aid = rec["id"]
        old = con.execute("SELECT n, id, title, text FROM articles WHERE id = ?", (aid,)).fetchone()
        if old:
            if self.fts:  # an external-content index is told what it indexed
                con.execute("INSERT INTO articles_fts (articles_fts, rowid, id, title, text)"
                            " VALUES ('delete', ?, ?, ?, ?)", old)
            con.execute("DELETE FROM articles WHERE n = ?", (old[0],))  # cascades to its items and mentions
        meta = rec.get("meta") or {}
        art_prov = main_province(rec)
        cur = con.execute(
            "INSERT INTO articles (id, source, title, published, outlet, authors, editors, script, encoding,"
            " province, text, error) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (aid, rec.get("source"), meta.get("title"), meta.get("published"), meta.get("outlet"),
             LIST_SEP.join(meta.get("authors") or []), LIST_SEP.join(meta.get("editors") or []),
             meta.get("script"), meta.get("encoding"), art_prov, rec.get("text"), rec.get("error")))
        if self.fts:
            con.execute("INSERT INTO articles_fts (rowid, id, title, text) VALUES (?,?,?,?)",
                        (cur.lastrowid, aid, meta.get("title"), rec.get("text")))
        provinces = {}
        for p in rec.get("places") or []:
            prov = province(p)
            provinces.setdefault(p.get("name"), prov)
            cur = con.execute(
                "INSERT INTO places (article_id, name, level, code, path, province) VALUES (?,?,?,?,?,?)",
                (aid, p.get("name"), p.get("level"), p.get("code"), PATH_SEP.join(p.get("path") or []), prov))
            con.executemany("INSERT INTO place_mentions (place_id, start, \"end\", surface) VALUES (?,?,?,?)",
                            [(cur.lastrowid, m["start"], m["end"], m.get("surface")) for m in p.get("mentions") or []])
        for b in rec.get("brands") or []:
            prov = provinces.get(b.get("place")) or art_prov
            cur = con.execute(
                "INSERT INTO brands (article_id, name, kind, head, place, province, sentence) VALUES (?,?,?,?,?,?,?)",
                (aid, b.get("name"), b.get("kind"), b.get("head"), b.get("place"), prov, b.get("sentence")))
            con.executemany("INSERT INTO brand_mentions (brand_id, start, \"end\", surface) VALUES (?,?,?,?)",
                            [(cur.lastrowid, m["start"], m["end"], m.get("surface")) for m in b.get("mentions") or []])
        con.executemany(
            "INSERT INTO events (article_id, date, precision, relation, date_text, sentence, start, \"end\", surface)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            [(aid, e.get("date"), e.get("precision"), e.get("relation"), e.get("date_text"), e.get("sentence"),
              e.get("start"), e.get("end"), e.get("surface")) for e in rec.get("events") or []])
        con.executemany(
            "INSERT INTO numbers (article_id, value, max, unit, qualifier, text, object, verb, start, \"end\", surface)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [(aid, n.get("value"), n.get("max"), n.get("unit"), n.get("qualifier"), n.get("text"), n.get("object"),
              n.get("verb"), n.get("start"), n.get("end"), n.get("surface")) for n in rec.get("numbers") or []])

    def add_line(self, line: str) -> None:
        """One JSONL line (as ``extractor run`` writes it)."""
        self.add(json.loads(line))

    def commit(self) -> None:
        if self.con.in_transaction:
            self.con.execute("COMMIT")
        self._pending = 0

    def close(self) -> None:
        self.commit()
        self.con.close()

    def __enter__(self) -> "Database":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def load(records: Iterable[dict], path: str | Path) -> int:
    """Add every record to the database at ``path``; return how many."""
    with Database(path) as db:
        for rec in records:
            db.add(rec)
        return db.added
