"""Hostile input: extract() never raises and keeps provenance; no pattern backtracks catastrophically;
a malformed rule file fails at load, naming file, line and reason, before any article is processed."""
from __future__ import annotations

import importlib
import os
import pkgutil
import re
import shutil

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import extractor
from extractor import extract
from extractor.article import Article
from extractor.cli import main
from extractor.rules import RuleError, all_rule_files, parse_rule_file, rules_dir

from .test_invariants import check_record

# The long fuzz run outside CI: EXTRACTOR_FUZZ_EXAMPLES=100000 pytest tests/test_hostile.py -k any_text
FUZZ_EXAMPLES = int(os.environ.get("EXTRACTOR_FUZZ_EXAMPLES", "400"))
PATTERN_BUDGET_S = 1.0  # per pattern and adversarial string; the regex module's timeout enforces it

_hostile = st.one_of(
    st.text(),  # any code points, lone surrogates included
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F)),  # NUL and control characters
    st.text(alphabet="0123456789０１２３.,%万亿千百十", max_size=2000),  # only digits
    st.text(alphabet="“”‘’「」『』\"'()（）【】《》，。！？、;；:：…—-|", max_size=2000),  # only punctuation
    st.lists(st.sampled_from(["社區", "區", "街道", "“", "年", "月", "日", "万", "个", "網(wǎng)", "????", "\n",
                              "red", "Ελλάδα", "مرحبا", "😀", "\ufffd", "\r"]), max_size=200).map("".join),
)


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_hostile, st.sampled_from([None, "2020-01-13"]))
def test_extract_survives_any_text(text, published):
    art = extract(text, published=published)
    assert isinstance(art, Article)
    check_record(text, art.to_dict())


@pytest.mark.parametrize("text", [
    "“" * 10_000 + "红色驿站" + "”" * 10_000,  # 10,000 nested quotes
    "“红色" * 5_000,
    "社区" * 20_000,  # one enormous line of suffixes
    "1" * 50_000,
    "2019年" * 5_000,
    "七里河区" * 5_000 + "\n" + "。" * 10_000,
    "| 泸定县 " * 3_000,
    "a" * 200_000,
])
def test_extract_survives_adversarial_text(text):
    check_record(text, extract(text).to_dict())


def _all_patterns():
    """Every compiled pattern of the package's modules and every pattern rule of every rule file."""
    seen = set()
    for mod in pkgutil.iter_modules(extractor.__path__):
        module = importlib.import_module(f"extractor.{mod.name}")
        for name, value in vars(module).items():
            if isinstance(value, (regex.Pattern, re.Pattern)) and id(value) not in seen:
                seen.add(id(value))
                yield f"extractor.{mod.name}.{name}", value
    for rf in all_rule_files():
        for rule in rf.of_kind("pattern"):
            yield f"{rf.path.name}:{rule.name}", rule.pattern


def _adversarial(pattern) -> list[str]:
    """Long runs of the characters a pattern mentions, alone and in pairs, plus generic runs."""
    chars = {c for c in pattern.pattern if not c.isspace() and c not in "()[]{}?*+|^$\\"}
    chars |= set("1一的 “，。")
    chars = sorted(chars)[:60]
    out = [c * 5000 for c in chars]
    out += [(a + b) * 2500 for a, b in zip(chars, chars[1:])]
    out.append("".join(chars) * 200)
    return out


@pytest.mark.parametrize("name,pattern", list(_all_patterns()), ids=lambda x: x if isinstance(x, str) else "")
def test_no_catastrophic_backtracking(name, pattern):
    for s in _adversarial(pattern):
        if isinstance(pattern, regex.Pattern):
            try:
                for _ in pattern.finditer(s, timeout=PATTERN_BUDGET_S):
                    pass
            except TimeoutError:
                pytest.fail(f"{name} exceeded {PATTERN_BUDGET_S}s on a run of {s[:4]!r}…")
        else:  # re has no timeout: such patterns are only allowed where they cannot backtrack at all
            for _ in pattern.finditer(s):
                pass


@pytest.mark.parametrize("content,line,reason", [
    ('[file]\nstage = "numbers"\nabout = "x"\nsource = "y"\nupdated = 2026-01-01\n\n[[rule]]\n'
     'name = "bad"\nkind = "pattern"\npattern = "([0-9]"\n', 8, "bad pattern"),
    ('[file]\nstage = "numbers"\nabout = "x"\n', 1, "lacks 'source'"),
    ('[file]\nstage = "numbers"\nabout = "x"\nsource = "y"\nupdated = 2026-01-01\n\n[[rule]]\n'
     'name = "w"\nkind = "words"\nwords = ["个", "个"]\n', 8, "duplicate words"),
    ('[file]\nstage = "numbers"\nabout = "x"\nsource = "y"\nupdated = 2026-01-01\n[[rule]]\nname = "k"\n'
     'kind = "bogus"\n', 7, "kind must be"),
    ('[file]\nstage = "numbers"\nabout = = "x"\n', 3, "not valid TOML"),
])
def test_malformed_rule_file_names_file_line_reason(tmp_path, content, line, reason):
    path = tmp_path / "broken.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RuleError) as err:
        parse_rule_file(path)
    assert err.value.path == str(path) and err.value.line == line
    assert reason in err.value.reason


def test_cli_refuses_to_start_with_a_malformed_rule_file(tmp_path, monkeypatch, fixture_articles, capsys):
    rules = tmp_path / "rules"
    shutil.copytree(rules_dir(), rules)
    (rules / "zz_broken.toml").write_text('[file]\nstage = "places"\n', encoding="utf-8")
    monkeypatch.setenv("EXTRACTOR_RULES", str(rules))
    from extractor import rules as rules_module
    rules_module.load.cache_clear()
    out = tmp_path / "out.jsonl"
    try:
        assert main(["run", str(fixture_articles[0]), "-o", str(out)]) == 2
    finally:
        rules_module.load.cache_clear()
    err = capsys.readouterr().err
    assert "zz_broken.toml:1" in err and "lacks 'about'" in err
    assert not out.exists() or out.read_text(encoding="utf-8") == ""
