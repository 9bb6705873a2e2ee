"""cn2an's own conversion cases, run against our numeral parser.

The cases are copied from the public test file of cn2an (https://github.com/Ailln/cn2an,
``cn2an/cn2an_test.py``, MIT licence, by Ailln), with cn2an's mode names (strict, normal, smart):
every case there that falls in our scope (numerals as news writes them). cn2an itself is not a
dependency. Left out, with the reason:
- ``壹拾壹元整``, ``壹佰壹拾壹圆整``: a currency suffix, not a numeral; the numbers stage reads them
  (test_amount_in_words below), the parser does not.
- an2cn and transform cases (Arabic → Chinese, sentence rewriting): the other direction.
"""
from __future__ import annotations

import pytest

from extractor.numerals import parse
from extractor.pipeline import run_example

STRICT = {
    "零": 0, "一": 1, "十": 10, "十一": 11, "一十一": 11, "二十": 20, "二十一": 21, "一百": 100,
    "一百零一": 101, "一百一十": 110, "一百一十一": 111, "一千": 1000, "一千一百": 1100,
    "一千一百一十": 1110, "一千一百一十一": 1111, "一千零一十": 1010, "一千零一十一": 1011,
    "一千零一": 1001, "一千一百零一": 1101, "一万一千一百一十一": 11111,
    "一十一万一千一百一十一": 111111, "一百一十一万一千一百一十一": 1111111,
    "一千一百一十一万一千一百一十一": 11111111, "一亿一千一百一十一万一千一百一十一": 111111111,
    "一十一亿一千一百一十一万一千一百一十一": 1111111111,
    "一百一十一亿一千一百一十一万一千一百一十一": 11111111111,
    "一千一百一十一亿一千一百一十一万一千一百一十一": 111111111111,
    "一千一百一十一万一千一百一十一亿一千一百一十一万一千一百一十一": 1111111111111111,
    "壹": 1, "拾": 10, "拾壹": 11, "壹拾壹": 11, "壹佰壹拾壹": 111, "壹仟壹佰壹拾壹": 1111,
    "壹万壹仟壹佰壹拾壹": 11111, "壹拾壹万壹仟壹佰壹拾壹": 111111, "壹佰壹拾壹万壹仟壹佰壹拾壹": 1111111,
    "壹仟壹佰壹拾壹万壹仟壹佰壹拾壹": 11111111, "壹亿壹仟壹佰壹拾壹万壹仟壹佰壹拾壹": 111111111,
    "壹拾壹亿壹仟壹佰壹拾壹万壹仟壹佰壹拾壹": 1111111111,
    "壹佰壹拾壹亿壹仟壹佰壹拾壹万壹仟壹佰壹拾壹": 11111111111,
    "壹仟壹佰壹拾壹亿壹仟壹佰壹拾壹万壹仟壹佰壹拾壹": 111111111111,
    "十万": 100000, "十万零一": 100001, "一万零一": 10001, "一万零一十一": 10011, "一万零一百一十一": 10111,
    "一十万零一": 100001, "一百万零一": 1000001, "一千万零一": 10000001, "一千零一万一千零一": 10011001,
    "一千零一万零一": 10010001, "一亿零一": 100000001, "一十亿零一": 1000000001, "一百亿零一": 10000000001,
    "一千零一亿一千零一万一千零一": 100110011001, "一千亿一千万一千零一": 100010001001,
    "一千亿零一": 100000000001,
    "零点零零零零零零零零零零零零零零一": 0.000000000000001, "零点零零零零零零零零零零零零零一": 0.00000000000001,
    "零点零零零零零零零零零零零零一": 0.0000000000001, "零点零零零零零零零零零零零一": 0.000000000001,
    "零点零零零零零零零零零零一": 0.00000000001, "零点零零零零零零零零零一": 0.0000000001,
    "零点零零零零零零零零一": 0.000000001, "零点零零零零零零零一": 0.00000001, "零点零零零零零零一": 0.0000001,
    "零点零零零零零一": 0.000001, "零点零零零零一": 0.00001, "零点零零零一": 0.0001, "零点零零一": 0.001,
    "零点零一": 0.01, "零点一": 0.1,
    "负一": -1, "负二": -2, "负十": -10, "负十一": -11, "负一十一": -11,
    "廿二": 22,  # 古语
}
NORMAL_ONLY = {
    "一一": 11, "一一一": 111, "壹壹": 11, "壹壹壹": 111, "零点零": 0, "零点零零": 0, "一七二零": 1720,
    "一七二零点一": 1720.1, "一七二零点一三四": 1720.134, "一二三": 123, "负零点一零": -0.1,
    "负一七二零": -1720, "负一七二零点一": -1720.1,
    "三万五": 35000, "两千六": 2600, "一百二": 120,  # 口语
}
SMART_ONLY = {
    "100万": 1000000, "100万三千": 1003000, "200亿零四千230": 20000004230, "一百点123": 100.123,
    "10.1万": 101000, "-10.1万": -101000, "35.1亿": 3510000000,
}
ERROR_SMART = ["10.1万零100", "10..1万"]
ERROR_NORMAL = ["零点", "点零", "零点点", "零点零大", *ERROR_SMART, *SMART_ONLY]
ERROR_STRICT = ["一一", "壹壹", "零点", "点零", "点一", "百十一", "十一十二", "负十一十二", "十七十八",
                *ERROR_NORMAL, *NORMAL_ONLY]


def _same(got, want) -> bool:
    return type(got) is type(want) and (got == want if isinstance(want, int) else abs(got - want) < 1e-12)


@pytest.mark.parametrize("text,value", list(STRICT.items()))
def test_strict(text, value):
    assert _same(parse(text, "strict"), value)


@pytest.mark.parametrize("text,value", list({**STRICT, **NORMAL_ONLY}.items()))
def test_normal(text, value):
    assert _same(parse(text, "normal"), value)


@pytest.mark.parametrize("text,value", list({**STRICT, **NORMAL_ONLY, **SMART_ONLY}.items()))
def test_smart(text, value):
    assert _same(parse(text, "smart"), value)


@pytest.mark.parametrize("text", ERROR_STRICT)
def test_strict_errors(text):
    with pytest.raises(ValueError):
        parse(text, "strict")


@pytest.mark.parametrize("text", ERROR_NORMAL)
def test_normal_errors(text):
    with pytest.raises(ValueError):
        parse(text, "normal")


@pytest.mark.parametrize("text", ERROR_SMART)
def test_smart_errors(text):
    with pytest.raises(ValueError):
        parse(text, "smart")


@pytest.mark.parametrize("text,value,unit", [("壹拾壹元整", 11, "元"), ("壹佰壹拾壹圆整", 111, "圆")])
def test_amount_in_words(text, value, unit):
    """cn2an's 元整 cases, read by the numbers stage: the amount with its currency unit."""
    found = run_example("numbers", "收到捐款" + text)
    assert [(n["value"], n["unit"]) for n in found] == [(value, unit)]
