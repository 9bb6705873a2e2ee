"""The places stage: exact names, levels, codes, paths and mention spans (raw offsets)."""
from __future__ import annotations

from extractor.pipeline import Options, run, run_example


def places(text: str) -> dict[str, dict]:
    found = run_example("places", text)
    names = [p["name"] for p in found]
    assert len(names) == len(set(names)), f"one entry per place: {names}"
    return {p["name"]: p for p in found}


def spans(p: dict) -> list[tuple[int, int, str]]:
    return [(m["start"], m["end"], m["surface"]) for m in p["mentions"]]


def test_chain_in_traditional_script_gives_four_places_with_paths_and_raw_spans():
    text = "在北京懷柔區泉河街道北園社區,居民總是笑著打招呼。"
    got = places(text)
    assert list(got) == ["北京", "怀柔区", "泉河街道", "北园社区"]
    assert (got["北京"]["level"], got["北京"]["code"], got["北京"]["path"]) == ("province", "110000", [])
    assert (got["怀柔区"]["code"], got["怀柔区"]["path"]) == ("110116", ["北京市"])
    assert (got["泉河街道"]["level"], got["泉河街道"]["code"]) == ("township", "110116001")
    assert got["泉河街道"]["path"] == ["北京市", "怀柔区"]
    assert got["北园社区"] | {"mentions": None} == {
        "name": "北园社区", "level": "community", "code": None,
        "path": ["北京市", "怀柔区", "泉河街道"], "mentions": None}
    assert spans(got["怀柔区"]) == [(3, 6, "懷柔區")]
    assert spans(got["北园社区"]) == [(10, 14, "北園社區")]
    for p in got.values():
        for s, e, surface in spans(p):
            assert text[s:e] == surface


def test_name_boundary_after_a_verb_and_after_a_township():
    got = places("傍晚,走進蕉城區中宏花苑小區,讀書聲傳來。")
    assert list(got) == ["蕉城区", "中宏花苑小区"]
    assert got["中宏花苑小区"]["level"] == "compound"
    assert got["中宏花苑小区"]["path"] == ["福建省", "宁德市", "蕉城区"]
    assert spans(got["中宏花苑小区"]) == [(8, 14, "中宏花苑小區")]
    got = places("此前,龔家灣街道龔家坪東路社區文明巷35戶居民參加議事會。")
    assert list(got) == ["龚家湾街道", "龚家坪东路社区"]
    assert got["龚家湾街道"]["code"] == "620103007"
    assert spans(got["龚家坪东路社区"]) == [(8, 15, "龔家坪東路社區")]


def test_ambiguous_names_resolve_with_the_article_or_stay_null():
    assert places("西湖街道开展了活动。")["西湖街道"]["code"] is None
    got = places("七里河区西湖街道开展了活动。")
    assert got["西湖街道"]["code"] == "620103002"
    assert places("和平区召开会议。")["和平区"]["code"] is None
    assert places("天津市和平区召开会议。")["和平区"]["code"] == "120101"
    assert places("城关镇的居民。")["城关镇"]["code"] is None
    got = places("甘肃省榆中县城关镇的居民。")
    assert got["城关镇"]["code"] == "620123100"
    assert got["城关镇"]["path"] == ["甘肃省", "兰州市", "榆中县"]


def test_every_mention_of_a_place_is_collected_once():
    text = "中宏花苑小区地处城区南部。社区以中宏花苑小区为试点,中宏花苑小区居民很满意。"
    got = places(text)
    assert list(got) == ["中宏花苑小区"]
    assert [m["start"] for m in got["中宏花苑小区"]["mentions"]] == [0, 16, 26]


def test_short_forms_need_their_context():
    assert places("七里河的发展很快。") == {}
    got = places("七里河区委书记说,七里河的发展很快。")
    assert list(got) == ["七里河区"]  # the place inside 七里河区委 counts; the short form repeats it
    assert spans(got["七里河区"]) == [(0, 4, "七里河区"), (9, 12, "七里河")]
    got = places("郑州上街区济源路街道。")
    assert [(p["name"], p["code"]) for p in got.values()] == [
        ("郑州", "410100"), ("上街区", "410106"), ("济源路街道", "410106001")]
    assert places("东侨的发展。") == {}
    got = places("东侨经济技术开发区党工委到东侨新能源社区调研。")
    assert list(got) == ["东侨经济技术开发区", "新能源社区"]
    assert got["东侨经济技术开发区"]["code"] == "350902500"
    assert [m["start"] for m in got["东侨经济技术开发区"]["mentions"]] == [0, 13]


def test_not_places():
    assert places("维护世界和平,促进共同发展。") == {}
    assert places("宁德网消息 我市各社区、全区该社区都在行动。") == {}
    assert places("建西东路社区党群服务中心位于建西东路。")["建西东路社区"]["level"] == "community"
    assert list(places("建西东路社区党群服务中心位于建西东路。")) == ["建西东路社区"]
    assert places("他家住在中山路和北京东路的路口。") == {}
    assert places("该县获评全国示范县,城市社区和老旧小区同步改造。") == {}


def test_organization_names_hold_places_but_are_not_places():
    got = places("宁德市检察院机关党员陈道远说。")
    assert list(got) == ["宁德市"]
    assert spans(got["宁德市"]) == [(0, 3, "宁德市")]


def test_abbreviated_names_are_one_place_and_near_names_stay_two():
    got = places("龚家坪东路社区有很多居民。在龚东路社区睦邻堂内,合唱队在排练。")
    assert list(got) == ["龚家坪东路社区"]
    assert [m["start"] for m in got["龚家坪东路社区"]["mentions"]] == [0, 14]
    got = places("鹿阜街道石桥社区、石桥北社区组织居民开展演练。")
    assert ["石桥社区", "石桥北社区"] == [n for n in got if n != "鹿阜街道"]


def test_community_outside_a_chain_takes_the_articles_township():
    got = places("西站街道建西东路社区很热闹。武威路社区也在行动。")
    assert got["武威路社区"]["path"] == ["甘肃省", "兰州市", "七里河区", "西站街道"]


def test_villages_need_a_chain():
    got = places("九井镇回龙村的食堂,犍为县九井镇金鼓村的课栈。")
    assert got["回龙村"]["level"] == "community"
    assert got["金鼓村"]["path"] == ["四川省", "乐山市", "犍为县", "九井镇"]
    assert got["九井镇"]["code"] == "511123115"
    assert places("千企兴千村,农村和乡村同步发展。") == {}


def test_stage_reads_only_the_body():
    art = run("标题\n正文没有地名。", options=Options(clean=False, stages=("places",)))
    assert art.places == []


def test_any_text_gives_sound_non_overlapping_spans():
    import random

    from extractor import places as stage
    from extractor.article import Article

    alphabet = list("社区小区村镇乡街道居委会县市省区旗州盟新开发高北京兰州七里河在的了各该,。“”\n 12ab") + \
        [chr(c) for c in range(0x4E00, 0x4E00 + 200)]
    rnd = random.Random(7)
    for _ in range(2000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40)))
        art = Article(raw=text)
        art.text = text
        stage.run(art)
        spans = sorted((m.start, m.end) for p in art.places for m in p.mentions)
        assert all(0 <= s < e <= len(text) for s, e in spans), text
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), text


def test_bare_lists_of_names_are_not_mentions_but_prose_enumerations_are():
    assert places("小店区 迎泽区 杏花岭区 尖草坪区 万柏林区 晋源区 清徐县 阳曲县") == {}
    assert places("太原市\n大同市\n朔州市\n忻州市\n吕梁市\n晋中市") == {}
    got = places("太原市\n大同市\n朔州市\n忻州市\n吕梁市\n晋中市\n山西省太原市小店区召开会议。")
    assert [(p["name"], len(p["mentions"])) for p in got.values()] == [
        ("山西省", 1), ("太原市", 1), ("小店区", 1)]  # the listed 太原市 is no mention
    assert list(places("长沙、株洲、湘潭、岳阳、常德、衡阳六市联动。")) == ["长沙", "株洲", "湘潭", "岳阳", "常德", "衡阳"]
