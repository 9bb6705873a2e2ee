"""Provenance: every item of every fixture points at its exact span of the raw file."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor import extract
from extractor.decode import decode
from extractor.normalize import normalize_str


def _spans(rec: dict):
    for p in rec["places"]:
        for m in p["mentions"]:
            yield "places", m
    for b in rec["brands"]:
        for m in b["mentions"]:
            yield "brands", m
    for e in rec["events"]:
        yield "events", e
    for n in rec["numbers"]:
        yield "numbers", n


def check_record(raw: str, rec: dict) -> None:
    for field, item in _spans(rec):
        s, e = item["start"], item["end"]
        assert 0 <= s < e <= len(raw), (field, item)
        assert raw[s:e] == item["surface"], (field, item)
        assert normalize_str(item["surface"]).strip(), (field, item)


def test_every_item_of_every_fixture(fixture_articles):
    for path in fixture_articles:
        raw, _ = decode(path.read_bytes())
        rec = extract(raw, source=str(path)).to_dict()
        check_record(raw, rec)


_words = st.sampled_from(["七裡河區", "西站街道", "建西東路社區", "「紅色驛站」", "建成147個", "1.7萬多名",
                          "2019年11月5日", "今年3月", "網(wǎng)", "????", "\n", "。", "“", "”", "500多万元",
                          "北京懷柔區泉河街道北園社區", "近800平方米", "\ufffd", "红色邻里党建品牌", "\r\n"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_words, st.text(max_size=8)), max_size=40), st.sampled_from([None, "2019-08-07"]))
def test_random_text_keeps_provenance(parts, published):
    raw = "".join(parts)
    rec = extract(raw, published=published).to_dict()
    check_record(raw, rec)
