"""Rule patterns that need nothing of ``regex`` but \\p{Han} run on ``re`` (rules.fast_compile): the
same matches, and everything only ``regex`` reads stays on ``regex``."""
from __future__ import annotations

import pytest

from extractor import rules


def test_han_class_is_the_regex_module_s_han_property():
    """HAN_CLASS stands in for \\p{Han} when a rule pattern runs on ``re``: it must be the same set."""
    import re

    import regex

    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    ours = {m.start() for m in re.finditer(rules.HAN_CLASS, every)}
    theirs = {m.start() for m in regex.finditer(r"\p{Han}", every)}
    assert ours == theirs


@pytest.mark.parametrize("pattern", [
    r"^(\p{Han})\p{Han}\1$", r"[^\p{Han}0-9]{2}", r"^{1,2}\p{Han}{2,4}$", r"(?<![0-9.])[0-9.]+(?:万|亿)?吨",
    r"[]\p{Han}]x", r"[，,。！？!?；;：:…—《》]|我|^.{21,}$",
])
def test_rule_patterns_on_re_match_as_on_regex(pattern):
    fast = rules.fast_compile(pattern)
    slow = __import__("regex").compile(pattern, __import__("regex").V1)
    texts = ["红红红", "红色驿站", "ab", "a1", "12吨", "1.5万吨", "x.3吨", "]x", "好x", "我们", "我" * 22, "，", "一二"]
    for t in texts:
        a, b = fast.search(t), slow.search(t)
        assert (a and a.span()) == (b and b.span()), (pattern, t)


def test_patterns_only_regex_reads_stay_on_regex():
    import regex

    for p in [r"\p{Lu}", r"[[a-z]--[aeiou]]", r"(?r)ab", r"(?<=打造|建立了)x", r"[a[b]]", r"(?:ab){e<=1}"]:
        assert isinstance(rules.fast_compile(p), type(regex.compile("x"))), p


def test_loader_checks_syntax_and_compiles_on_first_use(tmp_path):
    """re's parser checks what re reads alike (nothing compiled at load); regex compiles, at load, what
    only it reads (a group name used twice), and that compile is the one used. Either way .pattern is
    regex, V1, and a pattern neither reads is a RuleError naming the line (tests/test_hostile.py)."""
    import regex

    from extractor.rules import parse_rule_file

    path = tmp_path / "r.toml"
    path.write_text('[file]\nstage = "numbers"\nabout = "x"\nsource = "y"\nupdated = 2026-01-01\n\n'
                    '[[rule]]\nname = "plain"\nkind = "pattern"\npattern = "(?P<n>[0-9]+)个"\n\n'
                    '[[rule]]\nname = "twice"\nkind = "pattern"\n'
                    'pattern = "(?P<n>[0-9]+)个|第(?P<n>[0-9]+)"\n', encoding="utf-8")
    rf = parse_rule_file(path)
    assert rf["plain"]._compiled is None
    assert isinstance(rf["twice"]._compiled, regex.Pattern)
    assert isinstance(rf["plain"].pattern, regex.Pattern) and rf["plain"].pattern.search("建成12个")["n"] == "12"
    assert rf["twice"].pattern.search("第3")["n"] == "3"
