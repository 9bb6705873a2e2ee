"""The brands stage: what counts as a brand, its name/kind/head, every mention with its span,
and the place and sentence it belongs to. Rule-by-rule examples live in rules/brands.toml."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractor import brands
from extractor.article import Article, Mention, Place
from extractor.pipeline import Options, run


def _brands(text: str) -> list[dict]:
    art = run(text, options=Options(clean=False, stages=("brands",)))
    return art.to_dict()["brands"]


def _article(text: str, places: list[Place] | None = None) -> Article:
    art = Article(raw=text, text=text)
    art.places = places or []
    brands.run(art)
    return art


def test_head_noun_gives_kind_and_is_left_out_of_the_name():
    text = "怀柔区通过打造“红色邻里”党建品牌，为基层治理汇聚力量。"
    [b] = _brands(text)
    assert (b["name"], b["kind"], b["head"]) == ("红色邻里", "brand", "党建品牌")
    assert b["mentions"] == [{"start": 8, "end": 12, "surface": "红色邻里"}]
    assert b["sentence"] == text


def test_every_mention_quoted_or_not_in_one_entry():
    text = "推进小区“红色驿站”建设。如今，红色驿站温暖人心，‘红色驿站’成了居民的家。"
    [b] = _brands(text)
    assert b["name"] == "红色驿站" and b["kind"] == "station" and b["head"] is None
    assert [(m["start"], m["end"]) for m in b["mentions"]] == [(5, 9), (16, 20), (26, 30)]
    assert all(text[m["start"]:m["end"]] == "红色驿站" for m in b["mentions"])


def test_traditional_raw_keeps_raw_surface_and_simplified_name():
    raw = "社區推出「小扳手」志願服務隊，小扳手隨叫隨到。"
    [b] = _brands(raw)
    assert (b["name"], b["kind"], b["head"]) == ("小扳手", "team", "志愿服务队")
    assert [(m["start"], m["end"], m["surface"]) for m in b["mentions"]] == [(5, 8, "小扳手"), (15, 18, "小扳手")]
    assert b["sentence"] == "社区推出“小扳手”志愿服务队，小扳手随叫随到。"


def test_quoted_long_form_merges_into_the_core_name():
    text = "深化“民情流水线”工作。推动“民情流水线工程”提质增效，民情流水线工程覆盖全区。"
    [b] = _brands(text)
    assert b["name"] == "民情流水线"
    assert [(m["start"], m["end"]) for m in b["mentions"]] == [(3, 8), (15, 20), (28, 33)]


def test_list_of_quotes_shares_the_head_noun():
    found = _brands("社区长期开展“小小画家”“最美家庭”等评选活动。")
    assert [(b["name"], b["kind"], b["head"]) for b in found] == [
        ("小小画家", "activity", "活动"), ("最美家庭", "activity", "活动")]


def test_list_of_quotes_shares_the_verb():
    found = _brands("社区培育“楼栋帮帮团”“红色跑腿队”等居民自治力量。")
    assert [(b["name"], b["kind"]) for b in found] == [("楼栋帮帮团", "team"), ("红色跑腿队", "team")]


def test_enumeration_needs_a_head_noun():
    found = _brands("湖光社区推出“微储蓄、微心愿、微服务”党群心连心项目。")
    assert [(b["name"], b["kind"], b["head"]) for b in found] == [("微储蓄、微心愿、微服务", "project", "项目")]
    assert _brands("设施完善，增强居民的“获得感、安全感、幸福感”。") == []


def test_numbered_formula_and_digits_with_head():
    found = _brands("社区通过“一征三议两公开”工作法征求意见，推行“543”工作法。")
    assert [(b["name"], b["head"]) for b in found] == [("一征三议两公开", "工作法"), ("543", "工作法")]
    assert _brands("优化营商环境，“543”不再是问题。") == []


@pytest.mark.parametrize("text", [
    "“以前征集意见往往是夸奖的多、批评的少。”街道负责人说。",   # speech
    "居民笑着说：“我们这个小区变样了！”",                          # speech, first person
    "阵地既要“面子”做好，更要“里子”做实。",                        # scare quotes
    "解决好服务居民的“最后一公里”，让大家吃下“定心丸”。",           # scare quotes
    "推动“两新”组织党建全覆盖，社区“两委”成员下沉。",             # terms of art
    "组织观看电影《悬崖之上》和“《红色娘子军》”选段。",             # titles
    "会上印发了《关于推进“幸福驿站”建设的意见》。",                  # a quote inside a title
    "借助“不忘初心、牢记使命”主题教育，认真学习十九大精神。",   # national campaign
    "紧扣“上海会议”精神，推进城市基层党建。",                       # a meeting
    "自称“李科长”的人让他汇款，“李科长”随后关了机。",        # a person
    "服务“六稳”“六保”大局。",                                       # national policy
])
def test_rejections(text):
    assert _brands(text) == []


def test_ordinary_word_is_a_brand_only_with_a_head_noun_right_after_it():
    # 面对面 is a common word: quoted alone it is a scare quote, with 恳谈会 it names a meeting
    assert _brands("干部和群众“面对面”交流。") == []
    [b] = _brands("社区每月举办“面对面”恳谈会。")
    assert (b["name"], b["kind"], b["head"]) == ("面对面", "activity", "恳谈会")


def test_unquoted_station_name_after_a_list_comma():
    [b] = _brands("统筹新时代文明实践站、红领巾晚托驿站等平台载体。")
    assert (b["name"], b["kind"]) == ("红领巾晚托驿站", "station")
    assert (b["mentions"][0]["start"], b["mentions"][0]["end"]) == (11, 18)


def test_place_is_the_nearest_place_before_the_brand_in_its_sentence():
    text = "西站街道建西东路社区打造的“红色弄堂”文化巷道成了网红地。兰州市的居民常来打卡。"
    places = [Place("西站街道", "township", mentions=[Mention(0, 4)]),
              Place("建西东路社区", "community", mentions=[Mention(4, 10)]),
              Place("兰州市", "city", mentions=[Mention(28, 31)])]
    art = _article(text, places)
    [b] = art.brands
    assert b.name == "红色弄堂"
    assert b.place == "建西东路社区"
    assert b.sentence == "西站街道建西东路社区打造的“红色弄堂”文化巷道成了网红地。"


def test_place_after_the_brand_when_none_comes_before_and_none_outside_the_sentence():
    text = "“共享驿站”落户东凤社区。兰州市也有类似做法。"
    after = _article(text, [Place("东凤社区", "community", mentions=[Mention(8, 12)])])
    assert after.brands[0].place == "东凤社区"
    other = _article(text, [Place("兰州市", "city", mentions=[Mention(13, 16)])])
    assert other.brands[0].place is None


def test_fixture_mentions_point_at_their_raw_surface(fixture_articles: list[Path]):
    seen = 0
    for path in fixture_articles:
        raw = path.read_bytes().decode("utf-8-sig")
        art = run(raw, source=str(path))
        for b in art.brands:
            assert b.mentions, b.name
            for m in b.mentions:
                assert raw[m.start:m.end] == m.surface
                seen += 1
    assert seen > 50


def test_a_place_inside_quotes_is_part_of_a_name_not_the_brand_s_place():
    text = "七里河区紧扣“上海会议”精神，出台“1+6+1”系列文件。"
    places = [Place("七里河区", "county", mentions=[Mention(0, 4)]),
              Place("上海", "province", mentions=[Mention(7, 9)])]
    art = _article(text, places)
    assert [(b.name, b.place) for b in art.brands] == [("1+6+1", "七里河区")]


def test_short_names_count_only_where_quoted():
    found = _brands("社区为他量身定做了“福乐”精准帮扶项目，不忘初心的福乐老人笑了，“福乐”温暖人心。")
    assert [(b["name"], [(m["start"], m["end"]) for m in b["mentions"]]) for b in found] == [
        ("福乐", [(10, 12), (33, 35)])]


def test_kind_from_the_name_s_own_head_noun_before_the_list_s():
    found = _brands("党员投身“一名党员一份承诺”“幸福街巷先锋行动”等项目。")
    assert [(b["name"], b["kind"]) for b in found] == [("一名党员一份承诺", "project"), ("幸福街巷先锋行动", "activity")]


def test_overlapping_mentions_go_to_the_longest_name_cluster_by_cluster():
    spans = [(0, 4, "居民说事"), (0, 5, "居民说事厅"), (10, 14, "居民说事"), (20, 24, "红色驿站"),
             (22, 26, "驿站之家")]
    assert brands._resolve_overlaps(spans) == [(0, 5, "居民说事厅"), (10, 14, "居民说事"), (20, 24, "红色驿站")]
