"""The numbers stage: exact values, units, qualifiers and spans of numeric claims.

Rule-by-rule examples live in rules/numbers.toml and rules/numerals.toml (run by test_rule_files.py);
these tests cover what a rule example cannot: offsets, several claims in one text, the raw-file spans
after ``locate``, and the rule file's own validation.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor import numbers
from extractor.pipeline import Options, extract, run_example
from extractor.rules import RuleError, parse_rule_file


def claims(text: str) -> list[tuple]:
    return [(n["value"], n["max"], n["unit"], n["qualifier"]) for n in run_example("numbers", text)]


def test_a_paragraph_of_claims_with_offsets():
    text = "小区增设路灯20盏,加装电梯机房空调6个,安装电动车充电设施12座。"
    found = run_example("numbers", text)
    assert [(n["value"], n["unit"], n["object"], n["verb"]) for n in found] == [
        (20, "盏", "路灯", "增设"), (6, "个", "电梯机房空调", "加装"), (12, "座", "电动车充电设施", "安装")]
    for n in found:  # Options(clean=False): the text is the raw file, so spans index it directly
        assert text[n["start"]:n["end"]] == n["surface"] == n["text"]
    assert found[0]["text"] == "增设路灯20盏"


@pytest.mark.parametrize("text,expected", [
    ("筹措资金500多万元", [(5000000, None, "元", "more_than")]),
    ("3万多平方米的广场", [(30000, None, "平方米", "more_than")]),
    ("为每个支部归纳出三至五个深层次问题", [(3, 5, "个", "exact")]),
    ("覆盖100—300户居民", [(100, 300, "户", "exact")]),
    ("年收益在5万—50万元的村", [(50000, 500000, "元", "exact")]),
    ("补贴3-5万元", [(30000, 50000, "元", "exact")]),
    ("全区80%的城市社区", [(80, None, "%", "exact")]),
    ("覆盖率达到百分之八十", [(80, None, "%", "exact")]),
    ("近10万平方米", [(100000, None, "平方米", "nearly")]),
    ("大约2000名市民", [(2000, None, "名", "about")]),
    ("每亩平均能产3吨左右", [(3, None, "吨", "about")]),
    ("不足20人", [(20, None, "人", "less_than")]),
    ("年销售额10万元以下", [(100000, None, "元", "less_than")]),
    ("逾百名志愿者", [(100, None, "名", "more_than")]),
    ("共有居民3030户,7637人", [(3030, None, "户", "exact"), (7637, None, "人", "exact")]),
    ("走访党员群众4000余户30000余人次", [(4000, None, "户", "more_than"), (30000, None, "人次", "more_than")]),
    ("惠及群众1.4万人次", [(14000, None, "人次", "exact")]),
    ("人口数据122.8万条", [(1228000, None, "条", "exact")]),
    ("一百三十多万元", [(1300000, None, "元", "more_than")]),
    ("建成720㎡的活动室", [(720, None, "平方米", "exact")]),
    ("共有1,200户", [(1200, None, "户", "exact")]),
    ("设置九大板块", [(9, None, "板块", "exact")]),
    ("圣保罗有20多万华商", [(200000, None, "华商", "more_than")]),
    ("一行八人到社区调研", [(8, None, "人", "exact")]),
])
def test_values_units_qualifiers(text, expected):
    assert claims(text) == expected


@pytest.mark.parametrize("text", [
    "2019年11月,在今年3月26日", "3年来", "两个多月过去了", "65岁的邱芝兰老人", "老人卅二岁",
    "第一部开口说话", "市县乡三级统筹资金", "建立四级组织体系", "三级联动", "每1平方米", "电话0931-8888888",
    "陇ICP备12000123号", "家住15号楼", "时间08:02", "下午3点开会", "“4+X”长效机制", "“1+6+1”系列文件",
    "“百千万”党建工程", "党的十九大精神", "与群众一问一答", "三三两两的居民", "一个缩影", "一名党员一面旗帜",
    "破解“两张皮”的难题", "几十次的走访", "数百名群众", "一个个难题",
])
def test_not_claims(text):
    assert claims(text) == []


def test_value_types_are_exact():
    (v,), (w,) = [[n["value"] for n in run_example("numbers", t)] for t in ("占地1.7万平方米", "山区占92.3%")]
    assert v == 17000 and type(v) is int
    assert w == 92.3 and type(w) is float


def test_repeated_sentence_counts_once():
    s = "今年全市新建党群服务中心12个,覆盖所有社区。"
    assert claims(s + "\n" + s) == [(12, None, "个", "exact")]
    # the same short clause in two different sentences is two claims
    assert claims("细纹减少47%,效果明显。宣传称细纹减少47%。") == [(47, None, "%", "exact")] * 2


def test_range_that_is_not_one_keeps_the_second_numeral():
    assert claims("基层报表从8610至278张") == [(278, None, "张", "exact")]


def test_raw_spans_on_a_traditional_fixture(fixture_articles):
    path = next(p for p in fixture_articles if p.name.startswith("003_"))
    raw = path.read_text(encoding="utf-8-sig")
    art = extract(raw)
    by_value = {(n.value, n.unit): n for n in art.numbers}
    n = by_value[(147, "个")]
    assert raw[n.start:n.end] == n.surface and n.surface.endswith("147個")
    assert n.verb == "建设" and n.text.endswith("147个")
    assert by_value[(5000000, "元")].qualifier == "more_than"
    assert by_value[(17000, "名")].surface.startswith("1.7萬多名")
    for n in art.numbers:
        assert raw[n.start:n.end] == n.surface


def test_fixture_gold_numbers_are_found(fixture_articles):
    """Every gold number of the fixtures, by (value, max, unit), is found (recall on the fixtures)."""
    missing = []
    for path in fixture_articles:
        gold = json.loads((path.parent.parent / "gold" / (path.stem + ".json")).read_text(encoding="utf-8"))
        got = [(float(n.value), n.max, n.unit) for n in extract(path.read_text(encoding="utf-8-sig")).numbers]
        for g in gold["numbers"]:
            key = (float(g["value"]), g.get("max"), g["unit"])
            if key in got:
                got.remove(key)
            elif not g.get("optional"):
                missing.append((path.name, g["text"]))
    assert missing == []


def test_stage_runs_alone_and_finds_nothing_in_empty_text():
    art = extract("", options=Options(clean=False, stages=("numbers",)))
    assert art.numbers == []


def test_unknown_exclusion_kind_is_a_rule_error(tmp_path: Path):
    path = tmp_path / "numbers.toml"
    path.write_text('[file]\nstage = "numbers"\nabout = "x"\nsource = "y"\nupdated = 2026-01-01\n\n'
                    '[[rule]]\nname = "odd"\nkind = "words"\nexclude = "sideways"\nwords = ["第"]\n',
                    encoding="utf-8")
    with pytest.raises(RuleError) as e:
        numbers._exclusions(parse_rule_file(path))
    assert "sideways" in str(e.value) and e.value.line == 8


def test_numeral_inside_a_place_name_is_not_a_claim():
    """七台河 (台 is a measure word), 三门峡 (门 too): the places stage found the names first."""
    art = extract("黑龙江省七台河市新建5个公园。河南省三门峡市有3个新区。", options=Options(clean=False))
    assert [(n.value, n.unit) for n in art.numbers] == [(5, "个"), (3, "个")]


def test_chinese_digit_sequences_are_not_counts():
    assert claims("欢度五一节") == [] and claims("二〇一九年共建成一百〇五个网格") == [(105, None, "个", "exact")]


def test_a_title_repeated_by_the_body_is_not_a_copy():
    text = "全市为纳税人减负180亿元\n全市为纳税人减负180亿元"
    assert [c.num_start for c in numbers.find(text, body_start=14)] == [8, 22]
    assert [c.num_start for c in numbers.find(text)] == [8]
