"""The clean stage: which lines are the article, in page layouts written for these tests.

Each page is a layout family (portal with nav and footer, Taiwan wire page with a headline list,
e-paper with the date above the title, a lead above sub-headings, print/mobile copies, WeChat
style short lines); the tests check the exact body text, the title line and the line kinds.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from extractor import clean, extract
from extractor.evaluate import score_article, Report
from extractor.normalize import normalize_str
from extractor.pipeline import Options, run

PORTAL = """江北新闻网
首页 | 新闻 | 政务 | 民生 | 财经 | 体育 | 娱乐
您现在的位置：首页 > 本地新闻 > 正文
市区新增三处口袋公园 居民休闲有了好去处
2023-04-12 08:30:15  来源：江北日报  作者：李华
【字体：大 中 小】 【打印】 【关闭】
近日，位于老城区的三处口袋公园陆续建成开放，为周边居民提供了散步、健身、休憩的好去处。
记者在现场看到，公园内铺设了塑胶步道，配备了健身器材和休闲座椅，不少老人带着孩子在这里玩耍。
“以前这里是一片空地，杂草丛生，现在变成了小花园，我们每天都来转一转。”家住附近的王阿姨说。
据了解，今年全市计划新建口袋公园20个，目前已完成8个，其余将在年底前全部建成。
责任编辑：张强
相关新闻
城区新建五座公厕 方便市民出行
老旧小区改造提速 今年惠及两万户
网站简介 | 联系我们 | 广告服务
Copyright © 2023 江北新闻网 版权所有 浙ICP备12345678号
"""

WIRE_TW = """即時新聞
熱門
颱風外圍環流影響 北部山區留意豪雨
股市終場大漲200點 電子股領軍
國道追撞釀3傷 回堵5公里
首頁 / 社會
夜市攤商凌晨火警 消防疏散12人
2018/05/21 16:05
台中市一處夜市今天凌晨發生火警，消防人員到場後疏散12人。
（消防局提供）
中央社記者陳明台中傳真 107年5月21日
（中央社記者陳明台中21日電）台中市一處夜市今天凌晨發生火警，火勢延燒三間攤位，消防人員獲報後出動車輛10輛、人員30名到場搶救，疏散12人，無人受傷。
消防局表示，起火原因可能是電線走火，詳細原因仍待火災調查科進一步釐清，損失金額也在統計中。
延伸閱讀
夜市整頓有成 攤商自主防火
老舊市場電線老化 消防局加強稽查
本站會使用瀏覽紀錄改善服務品質，並保障您的個人資料安全。
"""

EPAPER = """江北日报数字报
2021年07月09日 星期五
第03版：要闻
乡村书屋成了“文化粮仓”
今年新建农家书屋320个
本报讯（记者 王明）记者近日从省新闻出版局召开的全省农家书屋建设推进会上了解到，今年全省新建农家书屋320个。
书屋由村党组织统一管理，志愿者轮流值守，周末还为孩子们开设读书课，成了村民家门口的“文化粮仓”。
江北日报社 版权所有|国内统一刊号：CN12—0002|邮发代号：12—1
"""

LEAD_AND_SUBHEADS = """首页 > 要闻
全市推进老旧小区改造
2021-05-06 来源：江北日报
本报讯 今年以来，全市老旧小区改造全面提速。
一、摸清底数
全市共排查老旧小区312个，涉及居民4.2万户，并逐一建立改造台账，明确时间表和路线图。
二、分类施策
针对不同小区的实际情况，全市分为基础类、完善类、提升类三类实施改造，确保改一个成一个。
分享到：
"""

PRINT_COPY = """社区食堂开门迎客
2021-03-15 10:00 来源：江南日报
3月15日，位于老城区的社区食堂正式开门，60岁以上老人就餐可享受八折优惠，首日接待居民200多人次。
食堂负责人介绍，菜品每天更新，荤素搭配，一份午餐只要12元，很受老人欢迎。
社区食堂开门迎客
3月15日，位于老城区的社区食堂正式开门，60岁以上老人就餐可享受八折优惠，首日接待居民200多人次。
食堂负责人介绍，菜品每天更新，荤素搭配，一份午餐只要12元，很受老人欢迎。
"""

SPAM_AND_COUNTIES = """日韩精品高清在线视频,国产自拍一区二区,欧美成人免费观看,亚洲精品久久久无码视频
首页 新闻频道 本地新闻
“红色驿站”温暖老街坊
2020-01-13 11:07 记者 李华 通讯员 王明
江北网消息(江南日报记者 李华 通讯员 王明)近年来，全市在小区建起“红色驿站”58个，为居民提供理发、修补、读书等服务。
驿站由社区党组织牵头，物业公司和志愿者轮流值守，每周开放六天，居民有事可以随时上门。
【1】【2】【3】
责任编辑:陈思远
娱乐网 宁乡县 | 浏阳市 | 望城区 | 攸县 | 茶陵县 | 炎陵县 | 醴陵市 | 湘潭县 | 韶山市 | 湘乡市
"""

SHORT_LINES = """号外 > 江北发布
好消息！江北新图书馆下月开馆！
2019-08-13 14:07 来源：江北发布
关注
周末带娃去看书有新去处了！
近日，江北新图书馆开馆新闻发布会召开，新馆将于下月正式对外开放，设有少儿阅览区、自习区和展览厅。
目前
新馆藏书
已超过六十万册
▲建成后的阅览大厅。
新馆紧邻公交枢纽，步行只需三分钟，每周开放七天，读者凭身份证即可免费办理借阅证，一次最多借书十本。
此外
馆内咖啡角正在招商
开馆在即，敬请期待！
编辑|陈思远
来源|江北发布
"""


def body_of(raw: str) -> list[str]:
    return extract(raw).text.split("\n")


def test_portal_page_keeps_title_and_paragraphs_only():
    art = extract(PORTAL)
    assert art.text.split("\n") == [
        "市区新增三处口袋公园 居民休闲有了好去处",
        "近日，位于老城区的三处口袋公园陆续建成开放，为周边居民提供了散步、健身、休憩的好去处。",
        "记者在现场看到，公园内铺设了塑胶步道，配备了健身器材和休闲座椅，不少老人带着孩子在这里玩耍。",
        "“以前这里是一片空地，杂草丛生，现在变成了小花园，我们每天都来转一转。”家住附近的王阿姨说。",
        "据了解，今年全市计划新建口袋公园20个，目前已完成8个，其余将在年底前全部建成。",
    ]
    assert art.title_span == (0, len("市区新增三处口袋公园 居民休闲有了好去处"))
    kinds = {art.raw.split("\n")[art.raw[:art.norm_to_raw[s]].count("\n")]: k for s, e, k in art.lines}
    assert kinds["市区新增三处口袋公园 居民休闲有了好去处"] == "title"
    assert kinds["2023-04-12 08:30:15  来源：江北日报  作者：李华"] == "dateline"
    assert kinds["责任编辑：张强"] == "boilerplate"
    assert kinds["城区新建五座公厕 方便市民出行"] == "boilerplate"
    assert kinds["Copyright © 2023 江北新闻网 版权所有 浙ICP备12345678号"] == "boilerplate"


def test_traditional_wire_page_skips_headline_list_overlay_and_caption():
    art = extract(WIRE_TW)
    assert art.text.split("\n") == [
        "夜市摊商凌晨火警 消防疏散12人",
        "（中央社记者陈明台中21日电）台中市一处夜市今天凌晨发生火警，火势延烧三间摊位，消防人员获报后出动车辆10辆、"
        "人员30名到场抢救，疏散12人，无人受伤。",
        "消防局表示，起火原因可能是电线走火，详细原因仍待火灾调查科进一步厘清，损失金额也在统计中。",
    ]


def test_date_above_the_title_and_a_subtitle():
    assert body_of(EPAPER) == [
        "乡村书屋成了“文化粮仓”",
        "今年新建农家书屋320个",
        "本报讯（记者 王明）记者近日从省新闻出版局召开的全省农家书屋建设推进会上了解到，今年全省新建农家书屋320个。",
        "书屋由村党组织统一管理，志愿者轮流值守，周末还为孩子们开设读书课，成了村民家门口的“文化粮仓”。",
    ]


def test_a_short_lead_and_sub_headings_are_body_and_not_the_title():
    art = extract(LEAD_AND_SUBHEADS)
    assert art.meta.title == "全市推进老旧小区改造"
    assert art.text.split("\n") == [
        "全市推进老旧小区改造",
        "本报讯 今年以来，全市老旧小区改造全面提速。",
        "一、摸清底数",
        "全市共排查老旧小区312个，涉及居民4.2万户，并逐一建立改造台账，明确时间表和路线图。",
        "二、分类施策",
        "针对不同小区的实际情况，全市分为基础类、完善类、提升类三类实施改造，确保改一个成一个。",
    ]


def test_a_copied_article_is_kept_once():
    """The second copy differs in one space only: still a copy; the first is kept."""
    assert body_of(PRINT_COPY.replace("食堂负责人介绍，菜品", "食堂负责人介绍， 菜品", 1)) == [
        "社区食堂开门迎客",
        "3月15日，位于老城区的社区食堂正式开门，60岁以上老人就餐可享受八折优惠，首日接待居民200多人次。",
        "食堂负责人介绍， 菜品每天更新，荤素搭配，一份午餐只要12元，很受老人欢迎。",
    ]


def test_spam_line_county_list_and_pagination_are_dropped():
    art = extract(SPAM_AND_COUNTIES)
    assert art.meta.title == "“红色驿站”温暖老街坊"
    assert len(art.text.split("\n")) == 3
    assert "精品" not in art.text and "宁乡县" not in art.text and "【1】" not in art.text
    kinds = [k for s, e, k in art.lines]
    assert kinds[0] == "spam" and kinds[-1] == "spam"


def test_wechat_style_short_lines_between_paragraphs_are_body():
    lines = body_of(SHORT_LINES)
    assert lines[0] == "好消息！江北新图书馆下月开馆！"
    assert "周末带娃去看书有新去处了！" in lines
    assert "新馆藏书" in lines and "已超过六十万册" in lines
    assert "馆内咖啡角正在招商" in lines and lines[-1] == "开馆在即，敬请期待！"
    assert not any(x.startswith(("▲", "关注", "编辑", "来源")) for x in lines)


def test_injected_product_name_is_cut_from_the_title_line():
    raw = ("首页 > 新闻\n[某某牌面膜]老人接到冒充客服电话被骗十万元 警方提醒\n2019年09月11日\n"
           "近日，一名72岁的老人接到自称客服的电话，按对方要求操作后被骗走十万元，警方已立案侦查。\n")
    art = extract(raw)
    assert art.text.split("\n")[0] == "老人接到冒充客服电话被骗十万元 警方提醒"
    s, e = art.raw_span(0, 4)
    assert raw[s:e] == "老人接到"


def test_the_page_title_line_is_the_title_when_no_headline_is_near_the_body():
    raw = ("市区新增三处口袋公园_江北新闻网\n首页 | 新闻 | 政务 | 民生\n您现在的位置：首页 > 正文\n"
           "近日，位于老城区的三处口袋公园陆续建成开放，为周边居民提供了散步、健身、休憩的好去处。\n"
           "据了解，今年全市计划新建口袋公园20个，目前已完成8个，其余将在年底前全部建成。\n")
    art = extract(raw)
    assert art.meta.title == "市区新增三处口袋公园"
    assert art.text.split("\n")[0] == "市区新增三处口袋公园"


PARA = "近日，位于老城区的三处口袋公园陆续建成开放，为周边居民提供了散步、健身、休憩的好去处。"


@pytest.mark.parametrize("above,title,text_head", [
    # menu names left right above the headline: neither title nor text
    ("江北网首页\n本地新闻\n江北新闻客户端\n", "市区新增三处口袋公园", ["市区新增三处口袋公园"]),
    # a kicker leads into the headline: kept, not the title
    ("江北区打造“口袋公园”民生品牌——\n", "市区新增三处口袋公园", ["市区新增三处口袋公园", "江北区打造“口袋公园”民生品牌——"]),
])
def test_labels_kickers_and_tags_around_the_headline(above, title, text_head):
    raw = "首页 > 新闻\n" + above + "市区新增三处口袋公园\n2023-04-12 08:30 来源：江北日报\n" + PARA + "\n"
    art = extract(raw)
    assert art.meta.title == title
    assert art.text.split("\n") == text_head + [PARA]


def test_a_column_tag_above_the_first_paragraph_is_body_but_not_the_title():
    raw = "首页 > 新闻\n市区新增三处口袋公园\n2023-04-12 08:30 来源：江北日报\n【民生实事】\n" + PARA
    art = extract(raw)
    assert art.meta.title == "市区新增三处口袋公园"
    assert art.text.split("\n") == ["市区新增三处口袋公园", "【民生实事】", PARA]


def test_an_original_title_note_is_body_but_not_the_title():
    raw = "首页 > 新闻\n市区新增三处口袋公园\n2023-04-12 08:30 来源：江北日报\n原标题：家门口的小花园来了\n" + PARA
    art = extract(raw)
    assert art.meta.title == "市区新增三处口袋公园"
    assert art.text.split("\n") == ["市区新增三处口袋公园", "原标题：家门口的小花园来了", PARA]


def test_body_only_text_is_kept_whole_without_title():
    raw = ("近年来，全区在老旧小区建起党群服务站，把服务送到居民家门口，群众办事不出小区。\n"
           "一站多用\n"
           "服务站设有议事厅、阅览室和便民服务台，每天有社区干部和志愿者值守，居民反映的问题当天登记、限时办理。\n")
    art = extract(raw)
    assert art.meta.title is None
    assert art.text == raw.strip("\n")


def test_no_paragraph_at_all_gives_empty_text():
    art = extract("首页\n新闻\n政务\n联系我们\n")
    assert art.text == "" and art.meta.title is None


def test_take_all_keeps_the_whole_input():
    art = run("首页\n一句话。", options=Options(clean=False, stages=()))
    assert art.text == "首页\n一句话。"


@pytest.mark.parametrize("line,kind", [
    ("首页| 长沙| 新闻| 政务| 房产", "boilerplate"),
    ("2023-04-12 08:30:15  来源：江北日报", "dateline"),
    ("日韩精品高清在线视频,国产自拍一区二区,欧美成人免费观看", "spam"),
    ("全市共排查老旧小区312个，涉及居民4.2万户。", "body"),
    ("一、摸清底数", "body"),
    # a dated sentence is text, not a dateline
    ("本报讯（记者 王明）2019年8月7日，全市召开大会。", "body"),
])
def test_classify_text(line, kind):
    assert clean.classify_text(line) == kind


def test_han_count_counts_cjk_unified_ideographs():
    assert clean.han_count("“红色驿站”搭起city共享圈，2020年") == 10
    assert clean.han_count("") == 0


FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.mark.parametrize("path", sorted((FIXTURES / "articles").glob("*.txt")), ids=lambda p: p.stem)
def test_fixture_text_lines_come_from_raw_lines(path):
    """Every line of ``text`` is one raw line (or its tail after a cut prefix), normalized."""
    raw = path.read_text(encoding="utf-8-sig")
    art = extract(raw)
    raw_lines = [normalize_str(x).strip() for x in raw.split("\n")]
    pos = 0
    for line in art.text.split("\n"):
        s, e = art.raw_span(pos, pos + len(line))
        assert normalize_str(raw[s:e]) == line
        assert any(r.endswith(line) for r in raw_lines)
        pos += len(line) + 1


@pytest.mark.parametrize("path", sorted((FIXTURES / "articles").glob("*.txt")), ids=lambda p: p.stem)
def test_fixture_cleaning_is_exact(path):
    """On every seed, the kept lines are exactly the gold body lines."""
    import json
    gold = json.loads((FIXTURES / "gold" / f"{path.stem}.json").read_text(encoding="utf-8"))
    raw = path.read_text(encoding="utf-8-sig")
    report = Report()
    score_article(gold, extract(raw, source=str(path)).to_dict(), raw, report)
    s = report.scores["cleaning"]
    assert (s.fp, s.fn) == (0, 0), [e for e in report.errors if "\tcleaning\t" in e]


_LINES = st.sampled_from([
    "首页 | 新闻 | 政务", "您的位置：首页 > 正文", "市区新增三处口袋公园", "2023-04-12 08:30 来源：江北日报",
    "近日，位于老城区的三处口袋公园陆续建成开放，为周边居民提供了散步、健身、休憩的好去处。",
    "一、摸清底数", "▲建成后的航站楼。", "责任编辑：张强", "相关新闻", "Copyright © 2023", "分享到：", "",
    "　　據了解，今年全市計劃新建口袋公園20個，目前已完成8個，其餘將在年底前全部建成。", "【1】【2】", "0", "??",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(_LINES, max_size=30), st.sampled_from(["\n", "\r\n"]))
def test_any_page_gives_text_made_of_its_own_lines(lines, eol):
    raw = eol.join(lines)
    art = extract(raw)
    assert art.text == art.text.strip("\n")
    assert len(art.text_to_norm) == len(art.text)
    norm_lines = {x.strip() for x in art.norm.split("\n")}
    for line in art.text.split("\n") if art.text else []:
        assert line in norm_lines and line == line.strip()
    assert len({x for x in art.text.split("\n")}) == len(art.text.split("\n")) or not art.text
    kinds = {k for _, _, k in art.lines}
    assert kinds <= {"title", "body", "boilerplate", "spam", "dateline"}


def test_the_word_gate_never_hides_a_rule_match():
    """A line meets a gated rule only when it holds one of the words the rule's pattern requires:
    every line a rule matches (rule examples and the seed pages) holds one."""
    from extractor.rules import load
    texts = [normalize_str(ex["text"]).strip() for r in load("clean").rules.values()
             for ex in r.examples + r.counter_examples]
    for path in sorted((FIXTURES / "articles").glob("*.txt")):
        texts += [x.strip() for x in normalize_str(path.read_text(encoding="utf-8-sig")).split("\n") if x.strip()]
    R = clean._rules()
    gated = 0
    for name, _, _, pattern, despace, _ in R.checks:
        words = None if despace else clean.required_words(pattern)
        if words is None:
            continue
        gated += 1
        for t in texts:
            if pattern.search(t):
                assert any(w in t for w in words), (name, t)
    assert gated >= 12  # the gate is in use (a change of `regex` internals would turn it off)
    assert clean.required_words(R.checks[0][3]) >= {"ICP", "版权所有", "©"}


def test_the_word_gate_changes_no_class():
    """A process classifies its first lines without the word gate (building it costs more than
    they do) and the rest with it: a line gets the same class either way."""
    from extractor.rules import load
    texts = [normalize_str(ex["text"]).strip() for r in load("clean").rules.values()
             for ex in r.examples + r.counter_examples]
    for path in sorted((FIXTURES / "articles").glob("*.txt")):
        texts += [x.strip() for x in normalize_str(path.read_text(encoding="utf-8-sig")).split("\n") if x.strip()]
    ungated, gated = clean._Rules(), clean._Rules()
    gated.build_gate()
    assert gated.gate_after == 0 and ungated.gate_after > 0
    for t in texts:
        han, sent = clean.han_count(t), clean._is_sentence(t)
        assert clean._classify(t, han, gated, sent) == clean._classify(t, han, ungated, sent), t


def _rule_texts():
    from extractor.rules import load
    texts = [normalize_str(ex["text"]).strip() for name in ("clean", "meta") for r in load(name).rules.values()
             for ex in r.examples + r.counter_examples]
    for path in sorted((FIXTURES / "articles").glob("*.txt")):
        texts += [x.strip() for x in normalize_str(path.read_text(encoding="utf-8-sig")).split("\n") if x.strip()]
    # digits re's \d does not read (a script beyond the basic plane), a combining mark and ① (\w
    # differs), a capital in a case-insensitive pattern
    return texts + ["上一页 \U00010D41 下一页", "阅读\U000116D3", "20\U00010D40\U00010D41年5月3日", "①来源：江北日报",
                    "\u0301来源：江北日报", "WWW.EXAMPLE.COM", "【字体：大 中 小】\U0001F600"]


def test_rule_patterns_run_on_re_or_regex_with_the_same_matches():
    """The rule patterns clean and meta compile themselves (re where it reads them alike and skips
    ahead, regex else, regex again on a line beyond the basic plane) match where regex (V1) does."""
    import regex

    from extractor import meta

    R, M = clean._rules(), meta._rules()
    patterns = [c[3] for c in R.checks] + [M.date, M.outlet, M.outlet_credit, M.author, M.editor,
                                           M.injection, M.site_suffix]
    assert any(p.tree is not None and p.by_re for p in patterns)  # re is in use
    for p in patterns:
        slow = regex.compile(p.pattern, regex.V1)
        for t in _rule_texts():
            a, b = p.search(t), slow.search(t)
            assert (a and a.span()) == (b and b.span()), (p.rule.name, t)
            assert [m.span() for m in p.finditer(t)] == [m.span() for m in slow.finditer(t)], (p.rule.name, t)


def test_the_de_spaced_rules_words_are_in_every_line_they_match():
    """A de-spaced rule (widget, related-header) is tried only on a de-spaced line holding one of
    its words: every such line it matches holds one."""
    R = clean._rules()
    seen = 0
    for name, _, _, pattern, despace, _ in R.checks:
        if not despace:
            continue
        words = clean.required_words(pattern)
        assert words, name
        for t in map(clean._despace, _rule_texts()):
            if pattern.search(t):
                seen += 1
                assert any(w in t for w in words), (name, t)
    assert seen >= 10
