"""`extractor tables`: five CSV files, UTF-8 with BOM, one row per item, loadable back with the csv module."""
from __future__ import annotations

import csv
import io
import json

from extractor.cli import main
from tests.browser.sample import RAW, fixture_jsonl, write_corpus


def load(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def expected_counts(recs):
    return {"articles": len(recs), **{k: sum(len(r.get(k, [])) for r in recs)
                                      for k in ("places", "brands", "events", "numbers")}}


def test_tables_rows_match_the_jsonl(tmp_path):
    _, jsonl, recs = write_corpus(tmp_path)
    out = tmp_path / "csv"
    assert main(["tables", str(jsonl), "-o", str(out)]) == 0
    tables = {n: load(out / f"{n}.csv") for n in ("articles", "places", "brands", "events", "numbers")}
    assert {n: len(rows) for n, rows in tables.items()} == expected_counts(recs) == \
        {"articles": 3, "places": 7, "brands": 3, "events": 5, "numbers": 5}
    for name in tables:
        assert (out / f"{name}.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel reads it as UTF-8


def test_tables_values_and_offsets(tmp_path):
    _, jsonl, recs = write_corpus(tmp_path)
    out = tmp_path / "csv"
    assert main(["tables", str(jsonl), "-o", str(out)]) == 0
    arts = {r["id"]: r for r in load(out / "articles.csv")}
    assert arts["a_lanzhou"] == {
        "id": "a_lanzhou", "source": recs[0]["source"], "title": "七里河区“红色驿站”让党员服务走进小区",
        "published": "2019-08-07T10:30", "outlet": "兰州日报", "authors": "", "editors": "张三",
        "script": "simplified", "encoding": "utf-8", "province": "甘肃省", "chars": str(len(recs[0]["text"])), "places": "4",
        "place_mentions": "6", "brands": "1", "brand_mentions": "3", "events": "3", "numbers": "3", "error": ""}
    assert arts["c_broken"]["error"].endswith("not text (binary data)")
    assert arts["c_broken"]["places"] == ""

    places = load(out / "places.csv")
    qlh = next(p for p in places if p["name"] == "七里河区")
    assert qlh == {"article_id": "a_lanzhou", "name": "七里河区", "level": "county", "code": "620103",
                   "path": "甘肃省/兰州市", "province": "甘肃省", "mentions": "3", "start": "17", "end": "21",
                   "surface": "七里河区", "spans": "17-21;73-77;126-130"}
    ningde = next(p for p in places if p["name"] == "宁德市")
    assert (ningde["surface"], ningde["province"], ningde["code"]) == ("寧德市", "福建省", "350900")

    items = {(r["id"], k, it["name"]): it for r in recs for k in ("places", "brands") for it in r.get(k, [])}
    for kind in ("places", "brands"):
        for row in load(out / f"{kind}.csv"):
            raw = RAW[row["article_id"]]
            assert raw[int(row["start"]):int(row["end"])] == row["surface"]
            spans = [tuple(map(int, pair.split("-"))) for pair in row["spans"].split(";")]
            mentions = items[row["article_id"], kind, row["name"]]["mentions"]
            assert spans == [(m["start"], m["end"]) for m in mentions]
            assert [raw[s:e] for s, e in spans] == [m["surface"] for m in mentions]
    for kind in ("events", "numbers"):
        for row in load(out / f"{kind}.csv"):
            assert RAW[row["article_id"]][int(row["start"]):int(row["end"])] == row["surface"]

    numbers = load(out / "numbers.csv")
    assert [(n["value"], n["max"], n["unit"], n["qualifier"], n["object"]) for n in numbers] == [
        ("12", "", "个", "exact", "服务点"), ("17000", "", "名", "more_than", "在职党员"),
        ("300", "", "次", "more_than", "志愿服务"), ("800", "", "平方米", "nearly", "党群服务中心"),
        ("3030", "", "件", "exact", "群众诉求")]
    brands = load(out / "brands.csv")
    assert [(b["article_id"], b["name"], b["kind"], b["head"], b["province"], b["mentions"]) for b in brands] == [
        ("a_lanzhou", "红色驿站", "station", "", "甘肃省", "3"), ("b_ningde", "民情流水线", "project", "工程", "福建省", "2"),
        ("b_ningde", "红色驿站", "station", "", "福建省", "1")]
    events = load(out / "events.csv")
    assert [(e["date"], e["precision"], e["relation"], e["surface"]) for e in events] == [
        ("2019-03-26", "day", "on", "今年3月26日"), ("2019-07", "month", "until", "截至7月底"),
        ("2019-H2", "half", "on", "2019年下半年"), ("2020-01-06", "day", "on", "1月6日上午"),
        ("2019", "year", "since", "去年以來")]


def test_tables_on_the_fixtures_output(tmp_path):
    _, jsonl, recs = fixture_jsonl(tmp_path)
    out = tmp_path / "csv"
    assert main(["tables", str(jsonl), "-o", str(out)]) == 0
    got = {n: len(load(out / f"{n}.csv")) for n in ("articles", "places", "brands", "events", "numbers")}
    assert got == expected_counts(recs)
    assert [r["id"] for r in load(out / "articles.csv")] == [r["id"] for r in recs]


def test_a_bad_line_fails_naming_it(tmp_path, capsys):
    jsonl = tmp_path / "bad.jsonl"
    jsonl.write_text(json.dumps({"id": "x", "places": []}) + "\n{not json\n", encoding="utf-8")
    assert main(["tables", str(jsonl), "-o", str(tmp_path / "csv")]) == 1
    assert f"{jsonl}:2: not JSON" in capsys.readouterr().err


def test_tables_read_stdin(tmp_path, monkeypatch):
    _, jsonl, recs = write_corpus(tmp_path)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(jsonl.read_bytes()), encoding="latin-1"))
    assert main(["tables", "-", "-o", str(tmp_path / "csv")]) == 0  # read as UTF-8 whatever the locale says
    assert [r["title"] for r in load(tmp_path / "csv" / "articles.csv")] == \
        [r.get("meta", {}).get("title", "") for r in recs]


def test_tables_read_a_folder_of_parts(tmp_path):
    _, jsonl, recs = write_corpus(tmp_path)
    parts = tmp_path / "parts"
    parts.mkdir()
    lines = jsonl.read_text(encoding="utf-8").splitlines(keepends=True)
    (parts / "part-00001.jsonl").write_text("".join(lines[2:]), encoding="utf-8")
    (parts / "part-00000.jsonl").write_text("".join(lines[:2]), encoding="utf-8")
    (parts / "notes.txt").write_text("not a part", encoding="utf-8")
    assert main(["tables", str(parts), "-o", str(tmp_path / "csv")]) == 0
    assert [r["id"] for r in load(tmp_path / "csv" / "articles.csv")] == [r["id"] for r in recs]
