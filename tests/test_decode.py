"""Reading files: UTF-8 with or without BOM, GB18030 and Big5 detected, bad files refused by name."""
from __future__ import annotations

import pytest

from extractor.decode import DecodeError, decode

SIMPLIFIED = "宁德市蕉城区中宏花苑小区的“红色驿站”里传来朗朗读书声。社区党支部为居民提供学习交流服务。\n"
TRADITIONAL = "寧德市蕉城區中宏花苑小區的「紅色驛站」裡傳來朗朗讀書聲。社區黨支部為居民提供學習交流服務。\n"


@pytest.mark.parametrize("data,text,encoding", [
    (SIMPLIFIED.encode("utf-8"), SIMPLIFIED, "utf-8"),
    (b"\xef\xbb\xbf" + SIMPLIFIED.encode("utf-8"), SIMPLIFIED, "utf-8-sig"),
    (SIMPLIFIED.encode("gb18030"), SIMPLIFIED, "gb18030"),
    (TRADITIONAL.encode("big5"), TRADITIONAL, "big5"),
    ("社区\r\n居民\r\n".encode("utf-8"), "社区\r\n居民\r\n", "utf-8"),  # newlines stay as they are
])
def test_decodes(data, text, encoding):
    assert decode(data) == (text, encoding)


@pytest.mark.parametrize("data,reason", [
    (b"", "empty"),
    (b"  \n\n", "empty"),
    (b"\xef\xbb\xbf", "empty"),
    (bytes(range(256)) * 8, "binary"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary"),
])
def test_refuses(data, reason):
    with pytest.raises(DecodeError, match=reason):
        decode(data)
