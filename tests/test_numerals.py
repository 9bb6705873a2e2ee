"""The numeral parser (extractor/numerals.py) on the forms news writes; cn2an's own cases are in
test_cn2an_cases.py."""
from __future__ import annotations

import pytest

from extractor.numerals import grammar, parse, value_of


@pytest.mark.parametrize("text,value", [
    ("2.4万", 24000), ("3万", 30000), ("700万", 7000000), ("56.7万", 567000), ("31.42万", 314200),
    ("95亿", 9500000000), ("3.58万", 35800), ("0.6", 0.6), ("67.4", 67.4), ("1260", 1260),
    ("两", 2), ("两千", 2000), ("两万", 20000), ("廿", 20), ("卅", 30), ("卅二", 32), ("廿三", 23),
    ("二〇五", 205), ("一千零一", 1001), ("三亿五千万", 350000000), ("三点五万", 35000),
    ("壹佰贰拾叁", 123), ("叁仟伍佰", 3500), ("百", 100), ("千", 1000), ("万", 10000), ("十万", 100000),
    ("一百三十", 130), ("四十二万", 420000), ("1.2万亿", 1200000000000), ("三万亿", 3000000000000),
    ("5万亿零3亿", 5000300000000),
])
def test_news_numerals(text, value):
    got = parse(text)
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize("text", ["", "点", "三点", "1..5", "一一十", "十十", "两万万", "百分", "3.5万零1", "负", "- "])
def test_not_numerals(text):
    assert value_of(text) is None


def test_strict_rejects_what_smart_accepts():
    assert parse("千", "smart") == 1000 and parse("2.4万", "smart") == 24000
    for text in ("千", "2.4万", "两千六"):
        with pytest.raises(ValueError):
            parse(text, "strict")


def test_unknown_mode():
    with pytest.raises(ValueError):
        parse("一", "loose")


def test_grammar_is_read_from_the_rule_file():
    g = grammar()
    assert g.digits["两"] == 2 and g.digits["〇"] == 0 and g.digits["叁"] == 3
    assert g.units["佰"] == 100 and g.sections["亿"] == 100000000 and g.shorthand["卅"] == 30
    assert "点" in g.point and "负" in g.minus
