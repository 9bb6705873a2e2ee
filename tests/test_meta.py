"""Metadata from the lines around the body: published, title, outlet, authors, editors, script."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor import extract, meta

PARA = "经过半年改造，老街区的路面、管网和外立面全部完成更新，沿街商户陆续恢复营业，游客明显增多。"


@pytest.mark.parametrize("line,iso", [
    ("2021-03-15 00:00:00 语音播报:", "2021-03-15"),
    ("2023年11月02日10:15    来源:江南日报", "2023-11-02T10:15"),
    ("发布时间：2021-07-09 06:41:55 来源：江南日报", "2021-07-09T06:41"),
    ("最新更新：2017/04/02 09:05", "2017-04-02T09:05"),
    ("NEWS.EXAMPLE.COM 2006年4月8日16:20", "2006-04-08T16:20"),
    ("记者陈明台中传真 106年4月2日", "2017-04-02"),
    ("民国107年5月21日", "2018-05-21"),
    ("2018年5月21日 下午 3:05", "2018-05-21T15:05"),
    ("2019.9.18 星期三", "2019-09-18"),
    ("《江南日报》（ 2021年07月09日 03版）", "2021-07-09"),
])
def test_parse_date(line, iso):
    assert meta.parse_date(line)[0] == iso


@pytest.mark.parametrize("line", ["2019-13-40 10:00", "第105年", "8月9日电", "电话 0478-8655532"])
def test_parse_date_needs_a_valid_full_date(line):
    assert meta.parse_date(line) is None


def test_title_cut_only_for_a_bracketed_prefix_before_a_real_headline():
    assert meta.title_cut("[某某牌面膜]老人接到冒充客服电话被骗") == (len("[某某牌面膜]"), 0)
    assert meta.title_cut("老人接到冒充客服电话被骗 [某某牌面膜]") == (0, len(" [某某牌面膜]"))
    assert meta.title_cut("[视频]看") == (0, 0)  # what is left is no headline
    assert meta.title_cut("老人接到[冒充]客服电话被骗") == (0, 0)


def test_header_dateline_outlet_authors_editors():
    raw = ("首页 > 要闻\n老街区换新颜\n2022-06-18 09:30 来源：江南日报 记者 刘洋 通讯员 王明\n" + PARA +
           "\n(责编:张强、李晓燕)\n")
    m = extract(raw).meta
    assert (m.title, m.published, m.outlet) == ("老街区换新颜", "2022-06-18T09:30", "江南日报")
    assert m.authors == ["刘洋", "王明"]
    assert m.editors == ["张强", "李晓燕"]
    assert m.script == "simplified"


def test_footer_dateline_when_the_header_has_none():
    raw = "现在位置：首页 >> 新闻 >> 正文\n老街区换新颜\n来源于：江北办事处\n" + PARA + \
          "\n发布日期：2019-03-06\n责任编辑：周宁\n【打印本页】【关闭窗口】\n"
    m = extract(raw).meta
    assert (m.title, m.published, m.outlet, m.editors) == ("老街区换新颜", "2019-03-06", "江北办事处", ["周宁"])


def test_a_date_in_the_body_is_not_the_publication_date():
    raw = "老街区换新颜\n2021年3月5日上午，" + PARA
    assert extract(raw).meta.published is None


def test_the_most_precise_header_date_wins_and_the_caller_overrides_it():
    raw = ("夜市火警 消防疏散20人\n最新更新：2018/05/21 16:05\n记者陈明台中传真 107年5月21日\n"
           "（记者陈明台中21日电）台中市一处夜市今天下午发生火警，消防人员到场后疏散20人，无人受伤，起火原因仍在调查。\n")
    assert extract(raw).meta.published == "2018-05-21T16:05"
    assert extract(raw, published="2020-01-02").meta.published == "2020-01-02"


def test_a_date_bar_above_the_title_loses_to_the_dateline_below_it():
    raw = "2024年5月30日\n老街区换新颜\n2022年6月18日\n" + PARA
    assert extract(raw).meta.published == "2022-06-18"


def test_outlet_on_the_line_after_a_bare_source_label():
    raw = "老街区换新颜\n时间：2019-09-18 06:23\n来源：\n江南日报\n打印\n" + PARA
    assert extract(raw).meta.outlet == "江南日报"


def test_outlet_and_authors_from_the_opening_credit():
    raw = ("老街区换新颜\n2022-06-18 09:30\n江北网消息(江南日报记者 李华 通讯员 王明)" + PARA + "\n")
    m = extract(raw).meta
    assert (m.outlet, m.authors) == ("江南日报", ["李华", "王明"])


@pytest.mark.parametrize("body,script", [
    ("3月15日，位於老城區的社區食堂正式開門，60歲以上老人就餐可享受八折優惠，首日接待居民200多人次。", "traditional"),
    ("3月15日，位于老城区的社区食堂正式开门，60岁以上老人就餐可享受八折优惠，首日接待居民200多人次。", "simplified"),
    ("3月15日，位於老城區的社區食堂正式開門，60岁以上老人就餐可享受八折优惠，首日接待居民200多人次。", "mixed"),
])
def test_script_is_read_from_the_raw_body(body, script):
    assert extract("社区食堂开门迎客\n2021-03-15 10:00\n" + body).meta.script == script


def test_script_ignores_traditional_furniture_around_a_simplified_body():
    raw = "社區食堂開門迎客\n發布時間：2021-03-15 10:00 來源：江南日報\n" + PARA + "\n責任編輯：張強 版權所有\n"
    assert extract(raw).meta.script == "simplified"


FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.mark.parametrize("path", sorted((FIXTURES / "articles").glob("*.txt")), ids=lambda p: p.stem)
def test_fixture_title_and_published_match_gold(path):
    gold = json.loads((FIXTURES / "gold" / f"{path.stem}.json").read_text(encoding="utf-8"))
    m = extract(path.read_text(encoding="utf-8-sig")).meta
    if gold.get("title"):
        assert m.title in [gold["title"], *(gold.get("title_alt") or [])]
    if gold.get("published"):
        assert m.published == gold["published"]


def test_seeds_in_badly_converted_traditional_are_traditional():
    for name in ("000_ef13c315952dc5bc", "004_6d6228546ab21ec4"):
        assert extract((FIXTURES / "articles" / f"{name}.txt").read_text(encoding="utf-8-sig")).meta.script == "traditional"


def test_seed_003_credits():
    m = extract((FIXTURES / "articles" / "003_f2bc2148d16358ac.txt").read_text(encoding="utf-8-sig")).meta
    assert (m.outlet, m.authors, m.editors, m.script) == ("闽东日报", ["郭晓红", "郑骏含"], ["郑力炜"], "traditional")


def test_stored_script_chars_are_what_opencc_gives():
    chars = meta._rules().script_chars
    assert (chars["traditional"], chars["simplified"]) == meta.derive_script_chars()


def test_script_table_marks_the_stored_characters():
    chars = meta._rules().script_chars
    table = meta._script_table()
    assert {chr(i) for i, k in enumerate(table) if k == "T"} == set(chars["traditional"])
    assert {chr(i) for i, k in enumerate(table) if k == "S"} == set(chars["simplified"])
