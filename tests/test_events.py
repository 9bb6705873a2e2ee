"""The `events` stage: what it finds, how it resolves it, and where it points in the raw file."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractor.decode import decode
from extractor.events import find, parse_published
from extractor.pipeline import Options, extract, run

SNIPPET = Options(clean=False, stages=("events",))
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def events(text: str, published=None) -> list[dict]:
    return extract(text, published=published, options=SNIPPET).to_dict()["events"]


def triples(text: str, published=None) -> list[tuple]:
    return [(e["date_text"], e["date"], e["precision"], e["relation"]) for e in events(text, published)]


# -- the SPEC table, row by row (published 2019-08-07) ------------------------------------------

@pytest.mark.parametrize("text,want", [
    ("7月24日，记者来到社区。", ("7月24日", "2019-07-24", "day", "on")),
    ("今年3月26日，行动启动。", ("今年3月26日", "2019-03-26", "day", "on")),
    ("2019年11月，项目将完工。", ("2019年11月", "2019-11", "month", "on")),
    ("2019年上半年，新增企业30家。", ("2019年上半年", "2019-H1", "half", "on")),
    ("去年，村里修了路。", ("去年", "2018", "year", "on")),
    ("2018年以来，全区建成驿站20个。", ("2018年以来", "2018", "year", "since")),
    ("2019年5月份开始，社区推行积分制。", ("2019年5月份开始", "2019-05", "month", "since")),
    ("1月6日上午，活动举行。", ("1月6日上午", "2019-01-06", "day", "on")),
])
def test_spec_table(text, want):
    assert triples(text, "2019-08-07") == [want]


def test_parts_of_year_and_month():
    got = triples("今年年初，街道启动改造；第三季度完成主体；年底前全部交付。2020年末，8月下旬，9月初。",
                  "2020-09-20")
    assert got == [
        ("今年年初", "2020-01", "month", "on"),
        ("第三季度", "2020-Q3", "quarter", "on"),  # a part of a year alone: the publication year
        ("年底前", "2020-12", "month", "until"),
        ("2020年末", "2020-12", "month", "on"),
        ("8月下旬", "2020-08", "month", "on"),
        ("9月初", "2020-09", "month", "on"),
    ]
    # 年底 written in January is the December just past (more than 31 days ahead otherwise)
    assert triples("年底，工程完工。", "2020-01-13") == [("年底", "2019-12", "month", "on")]


def test_relative_days_weeks_months_resolve_against_publication():
    pub = "2021-01-06T09:30"  # a Wednesday, ISO week 2021-W01
    assert triples("今天", pub) == [("今天", "2021-01-06", "day", "on")]
    assert triples("昨天下午", pub) == [("昨天下午", "2021-01-05", "day", "on")]
    assert triples("前天", pub) == [("前天", "2021-01-04", "day", "on")]
    assert triples("明天", pub) == [("明天", "2021-01-07", "day", "on")]
    assert triples("上周", pub) == [("上周", "2020-W53", "week", "on")]  # ISO year of the week
    assert triples("下周五", pub) == [("下周五", "2021-01-15", "day", "on")]
    assert triples("上月", pub) == [("上月", "2020-12", "month", "on")]
    assert triples("下个月", pub) == [("下个月", "2021-02", "month", "on")]
    assert triples("前年", pub) == [("前年", "2019", "year", "on")]
    assert triples("10年前", pub) == [("10年前", "2011", "year", "on")]


def test_without_publication_date_relative_dates_stay_null():
    got = triples("今年3月26日，区里启动行动。今天下午，居民去看电影。去年以来，召开会议107场。2018年，他回到村里。")
    assert got == [
        ("今年3月26日", None, "day", "on"),
        ("今天下午", None, "day", "on"),
        ("去年以来", None, "year", "since"),
        ("2018年", "2018", "year", "on"),  # an absolute year needs no publication date
    ]


def test_coarse_publication_date():
    assert parse_published("2019") .year == 2019
    got = triples("今年3月，7月24日，今天", "2019")
    assert got == [("今年3月", "2019-03", "month", "on"), ("7月24日", "2019-07-24", "day", "on"),
                   ("今天", None, "day", "on")]


def test_month_day_year_rule_and_plan_words():
    # 11月17日 is more than 31 days after 2019-08-13: the year before, unless the sentence plans it
    assert triples("11月17日，母港开港。", "2019-08-13") == [("11月17日", "2018-11-17", "day", "on")]
    assert triples("母港将于11月17日开港。", "2019-08-13") == [("11月17日", "2019-11-17", "day", "on")]
    assert triples("母港预计11月开港。", "2019-08-13") == [("11月", "2019-11", "month", "on")]
    # within 31 days ahead: the publication year
    assert triples("9月10日，学校开学。", "2019-08-13") == [("9月10日", "2019-09-10", "day", "on")]
    # a bare day after the publication day is in the month before
    assert triples("28日，警方通报。", "2019-08-13") == [("28日", "2019-07-28", "day", "on")]
    assert triples("8日，警方通报。", "2019-08-13") == [("8日", "2019-08-08", "day", "on")]


def test_a_planned_month_elsewhere_in_the_article_keeps_its_year():
    text = "母港将于11月17日正式开港。\n11月17日开港，可停靠大型邮轮。\n旅客可选择11月30日出发。"
    got = triples(text, "2019-08-13")
    assert [d for _, d, _, _ in got] == ["2019-11-17", "2019-11-17", "2019-11-30"]


def test_ranges_are_two_events_with_spans():
    text = "自3月5日至9月1日，全市核查线索156条。"
    got = events(text, "2019-09-11")
    assert [(e["date_text"], e["date"], e["relation"], e["start"], e["end"]) for e in got] == [
        ("自3月5日", "2019-03-05", "since", 0, 5),
        ("至9月1日", "2019-09-01", "until", 5, 10),
    ]
    assert triples("2019年3月5日至5月1日", "2020-01-01") == [
        ("2019年3月5日", "2019-03-05", "day", "since"), ("至5月1日", "2019-05-01", "day", "until")]
    assert triples("2025年1—8月，诉求减少9957件。") == [
        ("2025年1—8月", "2025-01", "month", "since"), ("2025年1—8月", "2025-08", "month", "until")]


def test_relations_from_words_around():
    pub = "2022-02-11"
    assert triples("截至今年6月底，已改造1436户。", pub) == [("截至今年6月底", "2021-06", "month", "until")] or \
        triples("截至今年6月底，已改造1436户。", pub) == [("截至今年6月底", "2022-06", "month", "until")]
    assert triples("自2012年起，社区坚持开展活动。", pub) == [("自2012年起", "2012", "year", "since")]
    assert triples("预计到2025年末，减负180亿元。", pub) == [("到2025年末", "2025-12", "month", "until")]
    assert triples("他回到2008年的老房子。", pub) == [("2008年", "2008", "year", "on")]
    assert triples("来自2019年的数据。", pub) == [("2019年", "2019", "year", "on")]
    assert triples("从今天（10月1日）到下周四，预计6亿人次出游。", "2020-10-04") == [
        ("从今天（10月1日）", "2020-10-01", "day", "since"), ("到下周四", "2020-10-08", "day", "until")]


def test_absolute_forms():
    assert triples("二〇一九年十一月五日") == [("二〇一九年十一月五日", "2019-11-05", "day", "on")]
    assert triples("2019-11-05") == [("2019-11-05", "2019-11-05", "day", "on")]
    assert triples("2019.11.05") == [("2019.11.05", "2019-11-05", "day", "on")]
    assert triples("105年3月19日清晨") == [("105年3月19日清晨", "2016-03-19", "day", "on")]
    assert triples("民国105年") == [("民国105年", "2016", "year", "on")]
    assert triples("2019年第三季度") == [("2019年第三季度", "2019-Q3", "quarter", "on")]


@pytest.mark.parametrize("text", [
    "3年来，他走遍了全村。", "两个多月过去了。", "一年时间里，办结实事100件。", "每周二和周六下午放电影。",
    "近年来网约房增多。", "目前共登记500余家。", "如今变化很大。", "近日召开推进会。", "今后将继续完善。",
    "72岁的徐阿婆报了案。", "下午三点开会。", "周四，他又来了。", "当天，九位书记发言。", "同一日，另一起事故发生。",
    "长江网10月4日讯 武汉的秋天来了。", "（中央社记者桃园19日电）", "人民网兰州8月9日电 (高翔)",
    "请于3日内提交材料。", "每月5日是党员活动日。", "这台设备售价2019元。", "他住在15号楼。",
    "2022-02-13 20:04:17", "比去年同期增长12%。", "孩子们有了美好的明天。",
])
def test_not_events(text):
    assert events(text, "2019-08-07") == []


def test_spans_are_raw_offsets_in_traditional_text():
    raw = "標題\n1月6日上午，一場別樣的集體祝壽活動在紅色驛站舉行。\n去年以來，社區建成驛站3個。"
    art = run(raw, published="2020-01-13T11:07", options=SNIPPET)
    got = art.to_dict()["events"]
    assert [(e["date_text"], e["surface"], e["start"], e["end"]) for e in got] == [
        ("1月6日上午", "1月6日上午", 3, 9), ("去年以来", "去年以來", raw.index("去年以來"), raw.index("去年以來") + 4)]
    for e in got:
        assert raw[e["start"]:e["end"]] == e["surface"]
    assert got[0]["sentence"] == "1月6日上午，一场别样的集体祝寿活动在红色驿站举行。"
    assert got[1]["date"] == "2019" and got[1]["relation"] == "since"


def test_find_works_on_plain_text_offsets():
    text = "据悉，2月8日下午，县里召开部署会。"
    (e,) = find(text, "2022-02-13")
    assert (text[e.start:e.end], e.date, e.sentence) == ("2月8日下午", "2022-02-08", text)


def test_fixture_article_events_point_into_the_raw_file():
    path = FIXTURES / "articles" / "003_f2bc2148d16358ac.txt"
    raw, _ = decode(path.read_bytes())
    art = run(raw, published="2020-01-13T11:07").to_dict()
    by_text = {e["date_text"]: e for e in art["events"]}
    e = by_text["1月6日上午"]
    assert (e["date"], e["precision"], e["relation"]) == ("2020-01-06", "day", "on")
    assert raw[e["start"]:e["end"]] == e["surface"]
    assert e["sentence"].startswith("1月6日上午")
    assert all(raw[x["start"]:x["end"]] == x["surface"] for x in art["events"])


def test_every_relative_word_of_the_grammar_has_a_meaning():
    """A word the patterns can match but the maps do not define would fail at resolution."""
    import itertools
    import re

    from extractor.rules import load
    rf = load("events")
    maps = {"rely": "year-words", "relm": "month-words", "reld": "day-words", "relw": "week-words",
            "ypart": "year-parts"}
    checked = set()
    for rule in rf.of_kind("pattern"):
        for group, map_name in maps.items():
            # a {{define}} inside; a part written twice in one pattern has a second name (reld_2)
            source = re.sub(r"\(\?P<%s(_\w+)?>\(\?:" % group, "(?P<%s>(" % group, rule.source)
            source = re.sub(r"\(\?P<%s_\w+>" % group, "(?P<%s>" % group, source)
            for alts in re.findall(r"\(\?P<%s>\(?([^()]*)\)" % group, source):
                for alt in alts.split("|"):
                    if "[" in alt:  # a class: expand it (第[一二三四1-4]季度)
                        head, cls, tail = re.match(r"(.*)\[([^\]]*)\](.*)", alt).groups()
                        cls = cls.replace("1-4", "1234")
                        words = [head + c + tail for c in cls]
                    else:
                        parts = re.split(r"(.)\?", alt)  # 上个?月 → 上月, 上个月
                        opts = [[p] if i % 2 == 0 else ["", p] for i, p in enumerate(parts)]
                        words = ["".join(x) for x in itertools.product(*opts)]
                    for w in words:
                        assert w in rf[map_name].map, (rule.name, group, w)
                        checked.add((group, w))
    assert {g for g, _ in checked} == set(maps) and len(checked) > 60


def test_space_chars_are_regex_space():
    import regex

    from extractor.events import SPACE_CHARS
    everything = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x110000)))
    assert set(regex.findall(r"\s", everything, regex.V1)) == SPACE_CHARS


def _parts(m) -> dict:
    """The parts of a match of a rule's own (regex V1) pattern: a second name of a part (day_2) is the part."""
    out = {}
    for name, i in sorted(m.re.groupindex.items(), key=lambda x: x[1]):
        if m.group(i) is not None:
            out[name.partition("_")[0]] = m.group(i)
    return out


def _scan_reference(text: str):
    """The scan without hints, by the rule file's own compiles (regex V1): every pattern by finditer
    (digit-anchored ones at every digit run)."""
    import regex

    from extractor.rules import load
    rf = load("events")
    after = "年月日号-./—–~～－至到个天周星 "  # what may follow a digit run that opens a date
    runs = [m.start() for m in regex.finditer("[0-9]+", text) if m.end() < len(text) and text[m.end()] in after]
    out = []
    for rule in rf.of_kind("pattern"):
        if not rule.name.startswith("date-"):
            continue
        pat, requires = rule.pattern, rule.data.get("requires", ())
        if requires and not any(w in text for w in requires):
            continue
        found = [m for m in (pat.match(text, p) for p in runs) if m] if rule.data.get("anchor") == "digit" \
            else pat.finditer(text)
        out += [(m.start(), m.end(), rule.name, _parts(m)) for m in found if m.end() > m.start()]
    return sorted(out, key=repr)


def _scan_texts():
    from extractor.rules import load
    texts = [ex["text"] for r in load("events").rules.values() for ex in r.examples + r.counter_examples]
    texts += [decode(p.read_bytes())[0] for p in sorted((FIXTURES / "articles").glob("*.txt"))]
    return texts + [t[i:] for t in texts[:200] for i in (1, 2)]  # and cut just after an opening


def test_hinted_scan_finds_what_finditer_finds():
    """The hint pass (first and second characters read off each pattern) loses no match."""
    from extractor.events import _scan, grammar
    from extractor.spans import select
    g = grammar()
    assert g.by_start and len(g.scanned) <= 1  # the hints cover the grammar's unanchored patterns
    for text in _scan_texts():
        got = sorted(((c.start, c.end, c.rule, c.groups) for c in _scan(text, g)), key=repr)
        ref = _scan_reference(text)
        kept = select(ref, lambda c: (c[0], c[1]), lambda c: [p[0] for p in g.patterns].index(c[2]))
        assert got == sorted(kept, key=repr), text[:60]


def test_patterns_in_re_match_as_the_rules_regex_does():
    """Each date pattern run by re (\\s spelled out, parts under second names) matches where the rule's
    own regex V1 compile does, with the same span and parts, at every position of the scan texts."""
    import re

    from extractor.events import SPACE_CHARS, grammar, pattern
    from extractor.rules import load
    rf = load("events")
    g = grammar()
    texts = _scan_texts() + ["2019-11-05" + c + "12:30" for c in sorted(SPACE_CHARS) + ["\x1c", "\x1f"]]
    for k, (name, *_) in enumerate(g.patterns):
        ours, theirs = pattern(g, k), rf[name].pattern
        assert isinstance(ours, re.Pattern), name
        for text in texts:
            for p in range(len(text)):
                a, b = theirs.match(text, p), ours.match(text, p)
                assert (a and (a.span(), _parts(a))) == (b and (b.span(), {
                    n: v for n, v in zip(g.group_names[k], b.groups()) if v is not None and n})), (name, text[p:p + 20])


def test_starts_of_a_pattern():
    from extractor.events import _after_digits, _openings, _P, _starts
    firsts, seconds = _starts(r"(?<![0-9])(?:上个?月|今天)(?!好)")
    assert set(firsts) == {"上", "今"} and {"个", "月", "天"} <= seconds
    assert _starts(r"[^a]b") is None  # a negated set: any first character
    assert _starts(r"x?") is None  # may be empty
    assert _starts(r"今(?!天)")[1] is None  # any character may follow
    assert _starts(r"昨(?=也|已)") == ({"昨"}, {"也", "已"})  # a look-ahead says what follows
    assert _openings(_P.parse(r"(?:ab|ac|bd+)")) == {"a": {"b", "c"}, "b": {"d"}}
    assert _after_digits(_P.parse(r"[0-9]{1,3}(?:年|个月)|[0-9]{4}-")) == {1: {"年", "个"}, 2: {"年", "个"},
                                                                          3: {"年", "个"}, 4: {"-"}}
    assert _after_digits(_P.parse(r"[0-9]+年")) is None  # digits without end: tried after any run


def test_hinted_scan_on_shuffled_date_characters():
    """Texts made of the grammar's own characters, where openings and near-misses crowd."""
    import random

    from extractor.events import _scan, grammar
    from extractor.spans import select
    g = grammar()
    pieces = list("0123456789年月日号今去前明后本上下这昨大天周星期个半季度初底末旬一二三四五六七八九十廿卅〇零两第民国"
                  "（）()—-至到，。、 \n") + ["上午", "下午", "凌晨", "季度", "星期", "以前", "之前", "民国"]
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 25)))
        got = sorted(((c.start, c.end, c.rule, c.groups) for c in _scan(text, g)), key=repr)
        ref = _scan_reference(text)
        kept = select(ref, lambda c: (c[0], c[1]), lambda c: [p[0] for p in g.patterns].index(c[2]))
        assert got == sorted(kept, key=repr), text
