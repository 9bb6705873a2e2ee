"""Normalization: one working form, and a map back to the raw text that never lies."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.normalize import DELETE, convert, normalize


def _check_map(raw: str) -> None:
    n = normalize(raw)
    work, _ = convert(raw)
    assert len(work) == len(raw), "the converting half never changes the length"
    assert len(n.to_raw) == len(n.text)
    assert all(a < b for a, b in zip(n.to_raw, n.to_raw[1:])), "map must be strictly increasing"
    for i, ch in enumerate(n.text):
        # Each kept character is its raw character, converted one to one.
        assert ch == work[n.to_raw[i]], (i, ch, raw[n.to_raw[i]])
    kept = set(n.to_raw)
    deleted = [i for i in range(len(raw)) if i not in kept]
    covered = {i for m in DELETE.finditer(work) for i in range(m.start(), m.end())}
    assert set(deleted) == covered, "only what DELETE matches is deleted"


@pytest.mark.parametrize("raw,want", [
    ("七裡河區啟動了", "七里河区启动了"),
    ("網(wǎng)消息", "网消息"),
    ("閩東日報(bào)記者", "闽东日报记者"),
    ("????夏日七里河", "夏日七里河"),
    ("建成１４７個", "建成147个"),
    ("「紅色驛站」", "“红色驿站”"),
    ('他说"好"和"行"', "他说“好”和“行”"),
    ("合唱隊成員趙玉香笑著說", "合唱队成员赵玉香笑着说"),
    ("新闻\u3000频道", "新闻 频道"),
    ("发布\ufffd\ufffd\ufffd时间", "发布时间"),
    ("a\r\nb", "a\nb"),
    ("居民(高翔)说", "居民(高翔)说"),  # a name in brackets is not pinyin
    ("如何?居民", "如何?居民"),  # a lone question mark inside a line stays
])
def test_normalized_form(raw, want):
    assert normalize(raw).text == want


def test_map_points_at_the_raw_characters():
    raw = "寧德網(wǎng)消息(閩東日報(bào)記者)"
    n = normalize(raw)
    assert n.text == "宁德网消息(闽东日报记者)"
    s = n.text.index("日报")
    assert raw[n.to_raw[s]:n.to_raw[s + 1] + 1] == "日報"  # the pinyin between them is gone, not mapped
    k = n.text.index("网")
    assert raw[n.to_raw[k]] == "網"


def test_map_on_every_fixture(fixture_articles):
    for path in fixture_articles:
        _check_map(path.read_text(encoding="utf-8-sig"))


_pieces = st.sampled_from(["網(wǎng)", "區(qū)", "????", "\ufffd", "「", "」", '"', "１２", "七裡河區", "笑著說",
                           "\r\n", "\n", "\u3000", " ", "(高翔)", "?", "\ufeff", "社区", "a", "1.7万"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_pieces, st.text(max_size=5)), max_size=30))
def test_map_on_random_mixed_text(parts):
    _check_map("".join(parts))
