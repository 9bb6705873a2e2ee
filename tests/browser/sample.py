"""A small hand-made corpus for the tables, database and review tests: two articles written for these
tests (one simplified with LF line ends, one traditional with CRLF), their records with items at raw
offsets (``raw[start:end] == surface`` holds for every one), and one error record."""
from __future__ import annotations

import functools
import json
from pathlib import Path

RAW_A = (
    "首页 > 新闻中心 > 基层党建\n"
    "七里河区“红色驿站”让党员服务走进小区\n"
    "2019-08-07 10:30 来源:兰州日报\n"
    "今年3月26日,兰州市七里河区启动城市基层党建提升行动,西站街道建西东路社区打造“红色驿站”,已建成12个服务点。\n"
    "截至7月底,七里河区共有1.7万多名在职党员到社区报到,累计开展志愿服务300余次。\n"
    "\n"
    "“红色驿站”党建品牌还将在2019年下半年推广到全区。\n"
    "责任编辑:张三  分享到:\n"
    "Copyright © 2019 兰州日报社 版权所有\n"
)
TEXT_A = "\n".join(RAW_A.split("\n")[i] for i in (1, 3, 4, 6))

RAW_B = (
    "寧德市蕉城區推出“民情流水線”工程\r\n"
    "2020-01-13 11:07 來源:閩東日報\r\n"
    "1月6日上午,寧德市蕉城區三灣社區“紅色驛站”舉行“民情流水線”啟動儀式,近800平方米的黨群服務中心正式投用。\r\n"
    "去年以來,蕉城區共解決群眾訴求3030件。\r\n"
    "【1】【2】\r\n"
)
TEXT_B = ("宁德市蕉城区推出“民情流水线”工程\n"
          "1月6日上午,宁德市蕉城区三湾社区“红色驿站”举行“民情流水线”启动仪式,近800平方米的党群服务中心正式投用。\n"
          "去年以来,蕉城区共解决群众诉求3030件。")


def spans(raw: str, surface: str, *nth: int) -> list[dict]:
    """Mentions of ``surface`` in ``raw``: the occurrences numbered ``nth`` (all when none given)."""
    found, at = [], raw.find(surface)
    while at >= 0:
        found.append({"start": at, "end": at + len(surface), "surface": surface})
        at = raw.find(surface, at + 1)
    assert found, surface
    return [found[n] for n in nth] if nth else found


def span(raw: str, surface: str, nth: int = 0) -> dict:
    return spans(raw, surface, nth)[0]


def place(raw, name, level, code, path, surface=None, *nth):
    return {"name": name, "level": level, "code": code, "path": path, "mentions": spans(raw, surface or name, *nth)}


def brand(raw, name, kind, head, place_name, sentence, surface=None):
    return {"name": name, "kind": kind, "head": head, "place": place_name, "sentence": sentence,
            "mentions": spans(raw, surface or name)}


def event(raw, date, precision, relation, date_text, sentence, surface=None):
    return {"date": date, "precision": precision, "relation": relation, "date_text": date_text,
            "sentence": sentence, **span(raw, surface or date_text)}


def number(raw, value, unit, qualifier, text, obj, verb, surface, mx=None):
    return {"value": value, "max": mx, "unit": unit, "qualifier": qualifier, "text": text, "object": obj,
            "verb": verb, **span(raw, surface)}


def record_a(source: str) -> dict:
    r = RAW_A
    s3 = "今年3月26日,兰州市七里河区启动城市基层党建提升行动,西站街道建西东路社区打造“红色驿站”,已建成12个服务点。"
    return {
        "schema": 1, "id": "a_lanzhou", "source": source,
        "meta": {"title": "七里河区“红色驿站”让党员服务走进小区", "published": "2019-08-07T10:30", "outlet": "兰州日报",
                 "authors": [], "editors": ["张三"], "script": "simplified", "encoding": "utf-8"},
        "text": TEXT_A,
        "places": [
            place(r, "七里河区", "county", "620103", ["甘肃省", "兰州市"]),
            place(r, "兰州市", "city", "620100", ["甘肃省"], None, 0),
            place(r, "西站街道", "township", None, ["甘肃省", "兰州市", "七里河区"]),
            place(r, "建西东路社区", "community", None, ["甘肃省", "兰州市", "七里河区", "西站街道"]),
        ],
        "brands": [brand(r, "红色驿站", "station", None, "建西东路社区", s3)],
        "events": [
            event(r, "2019-03-26", "day", "on", "今年3月26日", s3),
            event(r, "2019-07", "month", "until", "截至7月底",
                  "截至7月底,七里河区共有1.7万多名在职党员到社区报到,累计开展志愿服务300余次。"),
            event(r, "2019-H2", "half", "on", "2019年下半年", "“红色驿站”党建品牌还将在2019年下半年推广到全区。"),
        ],
        "numbers": [
            number(r, 12, "个", "exact", "已建成12个", "服务点", "建成", "已建成12个"),
            number(r, 17000, "名", "more_than", "1.7万多名", "在职党员", None, "1.7万多名"),
            number(r, 300, "次", "more_than", "开展志愿服务300余次", "志愿服务", "开展", "300余次"),
        ],
    }


def record_b(source: str) -> dict:
    r = RAW_B
    s2 = "1月6日上午,宁德市蕉城区三湾社区“红色驿站”举行“民情流水线”启动仪式,近800平方米的党群服务中心正式投用。"
    return {
        "schema": 1, "id": "b_ningde", "source": source,
        "meta": {"title": "宁德市蕉城区推出“民情流水线”工程", "published": "2020-01-13T11:07", "outlet": "闽东日报",
                 "authors": [], "editors": [], "script": "traditional", "encoding": "utf-8"},
        "text": TEXT_B,
        "places": [
            place(r, "宁德市", "city", "350900", ["福建省"], "寧德市"),
            place(r, "蕉城区", "county", "350902", ["福建省", "宁德市"], "蕉城區"),
            place(r, "三湾社区", "community", None, ["福建省", "宁德市", "蕉城区"], "三灣社區"),
        ],
        "brands": [
            brand(r, "民情流水线", "project", "工程", None, TEXT_B.split("\n")[0], "民情流水線"),
            brand(r, "红色驿站", "station", None, "三湾社区", s2, "紅色驛站"),
        ],
        "events": [
            event(r, "2020-01-06", "day", "on", "1月6日上午", s2),
            event(r, "2019", "year", "since", "去年以来", "去年以来,蕉城区共解决群众诉求3030件。", "去年以來"),
        ],
        "numbers": [
            number(r, 800, "平方米", "nearly", "近800平方米", "党群服务中心", None, "近800平方米"),
            number(r, 3030, "件", "exact", "解决群众诉求3030件", "群众诉求", "解决", "3030件"),
        ],
    }


def error_record(source: str) -> dict:
    return {"id": "c_broken", "source": source, "error": f"{source}: not text (binary data)"}


def write_corpus(root: Path) -> tuple[Path, Path, list[dict]]:
    """Write the articles (raw bytes, newlines as they are) and the JSONL; return (articles dir, JSONL, records)."""
    arts = root / "articles"
    arts.mkdir(parents=True, exist_ok=True)
    (arts / "a_lanzhou.txt").write_bytes(RAW_A.encode("utf-8"))
    (arts / "b_ningde.txt").write_bytes(RAW_B.encode("utf-8"))
    (arts / "c_broken.txt").write_bytes(b"\x00\x01\x02binary")
    recs = [record_a(str(arts / "a_lanzhou.txt")), record_b(str(arts / "b_ningde.txt")),
            error_record(str(arts / "c_broken.txt"))]
    for rec in recs:
        for m in mentions(rec):
            assert RAW[rec["id"]][m["start"]:m["end"]] == m["surface"]
    jsonl = root / "out.jsonl"
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    return arts, jsonl, recs


RAW = {"a_lanzhou": RAW_A, "b_ningde": RAW_B}


def mentions(rec: dict) -> list[dict]:
    """Every highlighted span of a record: each place and brand mention, each event and number."""
    out = [m for k in ("places", "brands") for it in rec.get(k, []) for m in it["mentions"]]
    return out + list(rec.get("events", [])) + list(rec.get("numbers", []))


FIXTURE_ARTICLES = Path(__file__).resolve().parents[2] / "fixtures" / "articles"


@functools.lru_cache(maxsize=1)
def _fixture_lines() -> tuple[str, ...]:
    from extractor.pipeline import iter_txt_files, process_file

    return tuple(json.dumps(process_file(p), ensure_ascii=False) for p in iter_txt_files([FIXTURE_ARTICLES]))


def fixture_jsonl(root: Path) -> tuple[Path, Path, list[dict]]:
    """The real pipeline's records for fixtures/articles, as `extractor run` writes them (run once per session)."""
    arts = FIXTURE_ARTICLES
    recs = [json.loads(line) for line in _fixture_lines()]
    jsonl = root / "fixtures.jsonl"
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    return arts, jsonl, recs
