"""The SQLite database: tables with foreign keys, indexes, FTS5, replace-by-id, and the README's queries."""
from __future__ import annotations

import json
import sqlite3

import pytest

from extractor.cli import main
from extractor.db import QUERIES, Database, connect
from tests.browser.sample import RAW, fixture_jsonl, record_a, write_corpus


def counts(con):
    return {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("articles", "places", "place_mentions", "brands", "brand_mentions", "events", "numbers")}


SAMPLE_COUNTS = {"articles": 3, "places": 7, "place_mentions": 12, "brands": 3, "brand_mentions": 6, "events": 5,
                 "numbers": 5}


@pytest.fixture
def db(tmp_path):
    _, jsonl, _ = write_corpus(tmp_path)
    path = tmp_path / "facts.sqlite"
    assert main(["db", str(jsonl), str(path)]) == 0
    con = sqlite3.connect(path)
    yield con, path, jsonl
    con.close()


def test_db_tables_and_rows(db):
    con, _, _ = db
    assert counts(con) == SAMPLE_COUNTS
    row = con.execute("SELECT title, published, province, error FROM articles WHERE id = 'b_ningde'").fetchone()
    assert row == ("宁德市蕉城区推出“民情流水线”工程", "2020-01-13T11:07", "福建省", None)
    assert con.execute("SELECT error IS NOT NULL, text FROM articles WHERE id = 'c_broken'").fetchone() == (1, None)
    spans = con.execute("SELECT m.start, m.\"end\", m.surface FROM place_mentions m JOIN places p ON p.id = m.place_id "
                        "WHERE p.article_id = 'b_ningde' AND p.code = '350902' ORDER BY m.start").fetchall()
    assert [s for _, _, s in spans] == ["蕉城區"] * 3
    assert all(RAW["b_ningde"][s:e] == surface for s, e, surface in spans)
    assert con.execute("SELECT value, typeof(value), unit, qualifier FROM numbers WHERE article_id = 'a_lanzhou' "
                       "ORDER BY start").fetchall() == [(12, "integer", "个", "exact"),
                                                         (17000, "integer", "名", "more_than"),
                                                         (300, "integer", "次", "more_than")]


def test_db_keys_and_indexes(db):
    con, path, _ = db
    con.execute("PRAGMA foreign_keys = ON")
    with pytest.raises(sqlite3.IntegrityError):
        con.execute("INSERT INTO places (article_id, name) VALUES ('no_such_article', '某地')")
    names = [r[1] for t in ("places", "brands", "events") for r in con.execute(f"PRAGMA index_list({t})")]
    cols = {name: [c[2] for c in con.execute(f"PRAGMA index_info({name})")] for name in names}
    assert cols["places_code"] == ["code"] and cols["brands_name"] == ["name"] and cols["events_date"] == ["date"]
    plan = " ".join(r[3] for r in con.execute("EXPLAIN QUERY PLAN SELECT * FROM events WHERE date = '2019'"))
    assert "events_date" in plan


def test_db_full_text(db):
    con, _, _ = db
    hits = lambda q: [r[0] for r in con.execute(
        "SELECT id FROM articles_fts WHERE articles_fts MATCH ? ORDER BY id", (q,))]
    assert hits('"流水线"') == ["b_ningde"]  # traditional raw, simplified cleaned text
    assert hits('"红色驿站"') == ["a_lanzhou", "b_ningde"]
    assert hits('"志愿服务"') == ["a_lanzhou"]
    assert hits('"版权所有"') == []  # boilerplate is not in the cleaned text


def test_db_replaces_articles_by_id(db, tmp_path):
    con, path, jsonl = db
    assert main(["db", str(jsonl), str(path)]) == 0
    assert counts(con) == SAMPLE_COUNTS  # the same records again: nothing doubled
    changed = record_a("a.txt")
    changed["meta"]["title"] = "新标题"
    changed["text"] = changed["text"].replace("志愿服务", "义务服务")
    changed["numbers"] = changed["numbers"][:1]
    again = tmp_path / "again.jsonl"
    again.write_text(json.dumps(changed, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["db", str(again), str(path)]) == 0
    assert counts(con) == {**SAMPLE_COUNTS, "numbers": 3}
    assert con.execute("SELECT title FROM articles WHERE id = 'a_lanzhou'").fetchone() == ("新标题",)
    assert con.execute("SELECT id FROM articles_fts WHERE articles_fts MATCH '\"新标题\"'").fetchall() == [("a_lanzhou",)]
    assert con.execute("SELECT id FROM articles_fts WHERE articles_fts MATCH '\"志愿服务\"'").fetchall() == []
    con.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")  # raises if the index is stale


def test_a_bad_record_leaves_nothing_behind(tmp_path):
    path = tmp_path / "facts.sqlite"
    bad = record_a("a.txt")
    bad["places"].append({"name": None, "level": "county", "mentions": []})  # NOT NULL name
    with Database(path) as db:
        with pytest.raises(sqlite3.IntegrityError):
            db.add(bad)
        db.add(record_a("a.txt"))
    con = connect(path)
    assert con.execute("SELECT COUNT(*) FROM places").fetchone() == (4,)
    assert con.execute("SELECT COUNT(*) FROM articles").fetchone() == (1,)


def run_query(con, name, **params):
    return con.execute(QUERIES[name], params).fetchall()


def test_readme_queries(db):
    con, _, _ = db
    assert run_query(con, "brands_by_province") == [
        ("甘肃省", "红色驿站", "station", 1), ("福建省", "民情流水线", "project", 1), ("福建省", "红色驿站", "station", 1)]
    claims = [("2019-08-07T10:30", 12, None, "个", "服务点", "已建成12个", "a_lanzhou"),
              ("2019-08-07T10:30", 17000, None, "名", "在职党员", "1.7万多名", "a_lanzhou"),
              ("2019-08-07T10:30", 300, None, "次", "志愿服务", "开展志愿服务300余次", "a_lanzhou")]
    assert run_query(con, "place_claims", place="七里河区") == claims
    assert run_query(con, "place_claims", place="620103") == claims
    assert run_query(con, "place_claims", place="福建省") == [
        ("2020-01-13T11:07", 800, None, "平方米", "党群服务中心", "近800平方米", "b_ningde"),
        ("2020-01-13T11:07", 3030, None, "件", "群众诉求", "解决群众诉求3030件", "b_ningde")]
    assert run_query(con, "fulltext", match='"群众诉求"') == [("b_ningde", "…式投用。\n去年以来,蕉城区共解决[群众诉求]3030件。")]
    assert run_query(con, "brand_articles", brand="红色驿站") == [
        ("b_ningde", "宁德市蕉城区推出“民情流水线”工程", "2020-01-13T11:07", 1),
        ("a_lanzhou", "七里河区“红色驿站”让党员服务走进小区", "2019-08-07T10:30", 3)]


def test_run_with_db(tmp_path, capsys):
    arts, _, _ = write_corpus(tmp_path)
    path = tmp_path / "run.sqlite"
    assert main(["run", str(arts), "--jobs", "1", "--db", str(path)]) == 1  # c_broken.txt is binary
    assert capsys.readouterr().out == ""  # with --db and no -o the database is the only output
    out = tmp_path / "run.jsonl"
    assert main(["run", str(arts), "--jobs", "1", "--db", str(path), "-o", str(out)]) == 1
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    con = sqlite3.connect(path)
    assert [r[0] for r in con.execute("SELECT id FROM articles ORDER BY id")] == sorted(r["id"] for r in recs)
    assert con.execute("SELECT COUNT(*) FROM articles WHERE error IS NOT NULL").fetchone() == (1,)
    assert con.execute("SELECT COUNT(*) FROM numbers").fetchone() == (sum(len(r.get("numbers", [])) for r in recs),)


def test_db_on_the_fixtures_output(tmp_path):
    _, jsonl, recs = fixture_jsonl(tmp_path)
    path = tmp_path / "facts.sqlite"
    assert main(["db", str(jsonl), str(path)]) == 0
    con = sqlite3.connect(path)
    got = counts(con)
    assert got["articles"] == len(recs)
    con.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
    for table in ("places", "brands", "events", "numbers"):
        assert got[table] == sum(len(r.get(table, [])) for r in recs)
    for name in QUERIES:
        con.execute(QUERIES[name], {"place": "七里河区", "brand": "红色驿站", "match": '"红色驿站"'}).fetchall()
