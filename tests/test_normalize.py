"""Normalization: one working form, and a map back to the raw text that never lies."""
from __future__ import annotations

import importlib.util
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

import extractor.normalize as normalize_module
from extractor.normalize import (DELETE_PATTERN, _tw2s, convert, deletions, normalize, to_simplified,
                                 to_simplified_whole)

ROOT = Path(__file__).resolve().parent.parent
DELETE = regex.compile(DELETE_PATTERN)


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


def test_deletions_are_what_delete_matches():
    for raw in ["網(wǎng)(高翔)a(wǎng) (wǎng)", "??x\n ?y\n?z\nw?", "a\ufffd\ufffdb\u200b\r\n", "(wǎng)", "網（wǎng）"]:
        assert list(deletions(raw)) == [m.span() for m in DELETE.finditer(raw)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["網", "(", "（", ")", "）", "wǎng", "ng", "?", " ", "\n", "\ufffd", "\u200b",
                                 "\r", "\x00", "a", "社区", "(高翔)"]), max_size=30))
def test_deletions_on_random_text(parts):
    raw = "".join(parts)
    assert list(deletions(raw)) == [m.span() for m in DELETE.finditer(raw)]


# -- tw2s only where it is needed (rules/opencc-triggers.txt) --------------------------------------

def _tool():
    spec = importlib.util.spec_from_file_location("opencc_triggers", ROOT / "tools" / "opencc_triggers.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def test_trigger_tables_hold_for_the_installed_opencc():
    """The map, phrase and cut characters, derived again from the dictionaries of the installed
    OpenCC: an upgrade that changes them fails here (re-run tools/opencc_triggers.py)."""
    tool = _tool()
    if not tool.opencc_files()[1].exists():
        pytest.skip("this OpenCC package has no opencc_dict binary to dump its dictionaries with")
    found = tool.problems(tool.parse((ROOT / "rules" / "opencc-triggers.txt").read_text(encoding="utf-8")),
                          tool.analyse())
    assert not found, "re-run tools/opencc_triggers.py: " + "; ".join(found)
    assert _tw2s() is not None, "the tables are in use with the installed OpenCC"


def test_to_simplified_equals_whole_text_conversion(fixture_articles):
    for path in fixture_articles:
        raw = path.read_text(encoding="utf-8-sig")
        assert to_simplified(raw) == to_simplified_whole(raw), path.name


def _tw2s_pieces() -> list[str]:
    pairs = _tw2s().pairs
    changed = list(pairs[::2])
    return [
        # phrases that convert otherwise than character by character, and their neighbours
        "什么", "怎么", "著名", "顯著", "乾隆", "乾坤", "回覆", "反覆", "計畫", "憑藉", "藉口", "樊於期", "於是",
        "麼些族", "么麼", "幺麼小丑", "惡名昭著", "傢俱", "彷彿", "沈浸於", "瞭解", "坏土", "打坏", "英哩",
        "么", "麼", "著", "於", "覆", "乾", "藉", "坏", "族",
        # characters tw2s changes, simplified text, compatibility ideographs, beyond the basic plane
        *changed[::97], "區", "黨", "為", "裡", "社区", "的", "了", "\uf900", "\uf9b6", "\ufa0c", "𠁞", "😀",
        # cuts, line ends, characters OpenCC must not see or stops at
        "，", "。", "、", "“", "”", "（", "）", " ", ".", "\n", "\r", "\r\n", "\u2028", "\x00", "\ud800", "\udfff",
    ]


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_to_simplified_on_random_text(data):
    parts = data.draw(st.lists(st.one_of(st.sampled_from(_tw2s_pieces()), st.text(max_size=3)), max_size=80))
    raw = "".join(parts)
    want = to_simplified_whole(raw)
    for sparse in (normalize_module._SPARSE, 1, 0):  # clauses one by one, then the dense way
        with _sparse(sparse):
            assert to_simplified(raw) == want


@contextmanager
def _sparse(n):
    old, normalize_module._SPARSE = normalize_module._SPARSE, n
    try:
        yield
    finally:
        normalize_module._SPARSE = old


def _curl_line_by_line(text: str) -> str:
    """The definition: in each line, straight double quotes open and close in turn."""
    out = []
    for line in text.split("\n"):
        parts = line.split('"')
        out.append("".join(p + ("“" if i % 2 == 0 else "”") for i, p in enumerate(parts[:-1])) + parts[-1])
    return "\n".join(out)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet='"\n\r ab好\\1“”', max_size=30))
def test_straight_quotes_alternate_in_each_line(text):
    assert normalize_module._curl_straight_quotes(text) == _curl_line_by_line(text)
