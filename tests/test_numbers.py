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
    text = "园区增设路灯16盏,加装遮阳棚4个,安装健身器材9套。"
    found = run_example("numbers", text)
    assert [(n["value"], n["unit"], n["object"], n["verb"]) for n in found] == [
        (16, "盏", "路灯", "增设"), (4, "个", "遮阳棚", "加装"), (9, "套", "健身器材", "安装")]
    for n in found:  # Options(clean=False): the text is the raw file, so spans index it directly
        assert text[n["start"]:n["end"]] == n["surface"] == n["text"]
    assert found[0]["text"] == "增设路灯16盏"


@pytest.mark.parametrize("text,expected", [
    ("筹集资金700多万元", [(7000000, None, "元", "more_than")]),
    ("3万多平方米的广场", [(30000, None, "平方米", "more_than")]),
    ("每个小组提出二至四条建议", [(2, 4, "条", "exact")]),
    ("每个网格联系50—80户", [(50, 80, "户", "exact")]),
    ("年营收在10万—30万元的商户", [(100000, 300000, "元", "exact")]),
    ("补贴3-5万元", [(30000, 50000, "元", "exact")]),
    ("全镇65%的农户", [(65, None, "%", "exact")]),
    ("百分之七十的居民", [(70, None, "%", "exact")]),
    ("近8万平方米", [(80000, None, "平方米", "nearly")]),
    ("大约1500名观众", [(1500, None, "名", "about")]),
    ("每亩能收2吨左右", [(2, None, "吨", "about")]),
    ("不足20人", [(20, None, "人", "less_than")]),
    ("年销售额10万元以下", [(100000, None, "元", "less_than")]),
    ("逾百名志愿者", [(100, None, "名", "more_than")]),
    ("共有住户1260户,3480人", [(1260, None, "户", "exact"), (3480, None, "人", "exact")]),
    ("走访群众2000余户8000余人次", [(2000, None, "户", "more_than"), (8000, None, "人次", "more_than")]),
    ("服务群众2.3万人次", [(23000, None, "人次", "exact")]),
    ("登记信息56.7万条", [(567000, None, "条", "exact")]),
    ("二百六十多万元", [(2600000, None, "元", "more_than")]),
    ("建成450㎡的活动室", [(450, None, "平方米", "exact")]),
    ("共有1,200户", [(1200, None, "户", "exact")]),
    ("打造四大平台", [(4, None, "平台", "exact")]),
    ("当地有30多万侨胞", [(300000, None, "侨胞", "more_than")]),
    ("一行六人到村里考察", [(6, None, "人", "exact")]),
])
def test_values_units_qualifiers(text, expected):
    assert claims(text) == expected


@pytest.mark.parametrize("text", [
    "2021年5月,在今年4月12日", "5年来", "三个多月过去了", "72岁的王大爷", "今年卅五岁",
    "第二部分", "省市县三级联合", "构建五级网格体系", "两级联动", "每1公里", "电话0871-6543210",
    "滇ICP备20004567号", "家住8号楼", "时间09:15", "下午3点开会", "“5+N”服务模式", "“1+4+2”系列文件",
    "“十百千”培训工程", "党的二十大精神", "采用一问一答", "三三两两的游客", "一个侧面", "一名干部一面旗帜",
    "避免“两张皮”现象", "几十场的宣讲", "数百名群众", "一个个难题",
])
def test_not_claims(text):
    assert claims(text) == []


def test_value_types_are_exact():
    (v,), (w,) = [[n["value"] for n in run_example("numbers", t)] for t in ("占地2.4万平方米", "林地占67.4%")]
    assert v == 24000 and type(v) is int
    assert w == 67.4 and type(w) is float


def test_repeated_sentence_counts_once():
    s = "今年全市新建党群服务中心12个,覆盖所有社区。"
    assert claims(s + "\n" + s) == [(12, None, "个", "exact")]
    # the same short clause in two different sentences is two claims
    assert claims("成本降低30%,效果明显。厂家称成本降低30%。") == [(30, None, "%", "exact")] * 2


def test_range_that_is_not_one_keeps_the_second_numeral():
    assert claims("表格从3500至120张") == [(120, None, "张", "exact")]


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
    text = "今年全省为中小企业减负95亿元\n今年全省为中小企业减负95亿元"
    assert [c.num_start for c in numbers.find(text, body_start=16)] == [11, 27]
    assert [c.num_start for c in numbers.find(text)] == [11]


def test_candidate_scan_finds_what_search_finds(fixture_articles: list[Path]):
    """find() tries the candidate only where R.starts finds what every candidate needs
    (numbers._next_candidate); from every position it must find the very match ``candidate.search`` finds."""
    R = numbers._rules()
    texts = [p.read_text(encoding="utf-8-sig") for p in fixture_articles[:6]] + [
        "1,2345个", "一百分之三十", "2019年12个", "三万五千多人", "第二十三3个", "8610至278张", "约百分之5至百分之8",
        "12.5万元", "两三个", "百余支队伍", "一一二个", "0931-8888个", "3~5万元", "1.2.3个", "十几个", "五一十个"]
    for text in texts:
        for pos in range(len(text) + 1):
            a, b = numbers._next_candidate(text, pos, R), R.candidate.search(text, pos)
            assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups())), (text[pos:pos + 20], pos)
