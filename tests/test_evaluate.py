"""The scorer follows SPEC "Gold files and scoring" exactly."""
from __future__ import annotations

from extractor.evaluate import Report, score_article


def _score(gold: dict, pred: dict, raw: str | None = None) -> Report:
    report = Report()
    score_article({"id": "x", **gold}, {"id": "x", **pred}, raw, report)
    return report


def test_places_match_by_code_or_name_and_optional_is_neutral():
    gold = {"places": [{"name": "七里河区", "code": "620103"}, {"name": "兰州市", "code": "620100", "alt": ["兰州"]},
                       {"name": "上海", "code": "310000", "optional": True}, {"name": "三湾社区", "code": None}]}
    pred = {"places": [{"name": "七里河", "code": "620103"}, {"name": "兰州", "code": None},
                       {"name": "上海", "code": "310000"}, {"name": "和平", "code": None}]}
    s = _score(gold, pred).scores["places"]
    assert (s.tp, s.fp, s.fn) == (2, 1, 1)


def test_brands_match_without_quotes_spaces_and_punctuation():
    gold = {"brands": [{"name": "红色驿站", "kind": "station"}, {"name": "一征三议两公开", "alt": ["一征三议两公开工作法"]}]}
    pred = {"brands": [{"name": "“红色 驿站”"}, {"name": "一征三议两公开工作法"}]}
    s = _score(gold, pred).scores["brands"]
    assert (s.tp, s.fp, s.fn) == (2, 0, 0)


def test_events_match_by_containment_and_score_resolution():
    gold = {"events": [{"date_text": "1月6日上午", "date": "2020-01-06", "precision": "day", "relation": "on"},
                       {"date_text": "2018年以来", "date": "2018", "precision": "year", "relation": "since"}]}
    pred = {"events": [{"date_text": "1月6日", "date": "2020-01-06", "precision": "day", "relation": "on"},
                       {"date_text": "2018年以来", "date": "2018", "precision": "year", "relation": "on"},
                       {"date_text": "今天", "date": None, "precision": "day", "relation": "on"}]}
    r = _score(gold, pred)
    s = r.scores["events"]
    assert (s.tp, s.fp, s.fn) == (2, 1, 0)
    assert (r.resolution.right, r.resolution.total) == (1, 2)


def test_numbers_match_one_to_one_by_value_max_unit():
    gold = {"numbers": [{"value": 2, "max": None, "unit": "个", "qualifier": "exact"},
                        {"value": 2, "max": None, "unit": "个", "qualifier": "exact"},
                        {"value": 5000000, "max": None, "unit": "元", "qualifier": "more_than"},
                        {"value": 3, "max": 5, "unit": "个", "qualifier": "exact"}]}
    pred = {"numbers": [{"value": 2, "max": None, "unit": "个", "qualifier": "exact"},
                        {"value": 5000000.0, "max": None, "unit": "元", "qualifier": "exact"},
                        {"value": 3, "max": None, "unit": "个", "qualifier": "exact"}]}
    r = _score(gold, pred)
    s = r.scores["numbers"]
    assert (s.tp, s.fp, s.fn) == (2, 1, 2)
    assert (r.qualifier.right, r.qualifier.total) == (1, 2)
    assert round(s.f1, 4) == round(2 * (2 / 3) * (2 / 4) / ((2 / 3) + (2 / 4)), 4)


def test_cleaning_counts_lines_of_six_han_characters():
    raw = "首页 新闻 政务\n七裡河區啟動了城市基層黨建提升行動。\n版权所有 兰州新闻网 陇ICP备\n短行\n社区建成了红色驿站服务居民群众。"
    gold = {"body_lines": [1, 4]}
    pred = {"text": "七里河区启动了城市基层党建提升行动。\n版权所有 兰州新闻网 陇ICP备"}
    s = _score(gold, pred, raw).scores["cleaning"]
    assert (s.tp, s.fp, s.fn) == (1, 1, 1)


def test_metadata_exactness():
    gold = {"title": "标题", "title_alt": ["别的标题"], "published": "2020-07-01T09:35"}
    r = _score(gold, {"meta": {"title": "别的标题", "published": "2020-07-01T09:36"}})
    assert (r.title.right, r.published.right) == (1, 0)
    r = _score(gold, {"meta": {"title": "标题", "published": "2020-07-01"}})
    assert (r.title.right, r.published.right) == (1, 1)
