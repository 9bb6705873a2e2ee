"""One generic test runs every example and counter-example of every rule file in rules/.

Adding a rule never needs new test code: its examples live beside it. Each example is its own test
case, with an id naming file, rule and position.
"""
from __future__ import annotations

import pytest

from extractor.pipeline import run_example
from extractor.rules import all_rule_files


def _cases(counter: bool):
    for rf in all_rule_files():
        for rule in rf.rules.values():
            exs = rule.counter_examples if counter else rule.examples
            for i, ex in enumerate(exs):
                yield pytest.param(rf.stage, rule.name, ex, id=f"{rf.path.name}:{rule.name}:{i}")


def _matches(expected: dict, item: dict) -> bool:
    for key, want in expected.items():
        got = item.get(key)
        if isinstance(want, float) or isinstance(got, float):
            if got is None or want is None or abs(float(got) - float(want)) > 1e-9:
                return False
        elif got != want:
            return False
    return True


@pytest.mark.parametrize("stage,rule,example", list(_cases(counter=False)))
def test_example(stage, rule, example):
    found = run_example(stage, example["text"], example.get("published"))
    if stage == "clean":
        assert found[0]["kind"] == example["kind"], example["text"]
        return
    expected = example.get("items", [])
    for want in expected:
        assert any(_matches(want, got) for got in found), f"{want} not in {found}"
    if not example.get("partial"):
        assert len(found) == len(expected), f"expected exactly {expected}, found {found}"


@pytest.mark.parametrize("stage,rule,example", list(_cases(counter=True)))
def test_counter_example(stage, rule, example):
    found = run_example(stage, example["text"], example.get("published"))
    if stage == "clean":
        assert found[0]["kind"] == "body", example["text"]  # a counter-example is body that looks like noise
        return
    absent = example.get("absent")
    if absent is None:
        assert found == [], f"expected nothing in {example['text']!r}, found {found}"
    else:
        for bad in absent:
            assert not any(_matches(bad, got) for got in found), f"{bad} found in {found}"


# -- the loader's cache of parsed rule files ---------------------------------------------------------

_LOAD_ALL = r'''
import hashlib
from extractor import rules
files = [rules.load(p.stem) for p in sorted(rules.rules_dir().glob("*.toml"))]
patterns = [r.pattern.pattern for rf in files for r in rf.rules.values() if r.kind == "pattern"]
print(hashlib.sha256(repr((files, patterns)).encode()).hexdigest())
'''


def _load_all(cache_dir, rules_dir=None):
    import os
    import subprocess
    import sys

    env = dict(os.environ, EXTRACTOR_CACHE_DIR=str(cache_dir))
    if rules_dir:
        env["EXTRACTOR_RULES"] = str(rules_dir)
    return subprocess.run([sys.executable, "-c", _LOAD_ALL], env=env, capture_output=True, text=True)


def test_cached_rule_files_equal_parsed_ones(tmp_path):
    """Parsed without a cache, parsed and cached, read back from the cache, from a torn cache: the
    same rule files (dates included) and the same compiled patterns."""
    first = _load_all("")
    assert first.returncode == 0, first.stderr
    folder = tmp_path / "cache"
    for _ in range(2):
        again = _load_all(folder)
        assert again.returncode == 0 and again.stdout == first.stdout, again.stderr
    cached = sorted(folder.glob("rules-*.bin"))
    assert cached and not list(folder.glob(".tmp-*"))
    cached[0].write_bytes(cached[0].read_bytes()[:100])
    again = _load_all(folder)
    assert again.stdout == first.stdout, again.stderr


def test_an_edited_rule_file_is_checked_again(tmp_path):
    """The cache is keyed by the file's text: a pattern broken after caching fails at load as ever."""
    import shutil

    from extractor.rules import rules_dir

    rules = tmp_path / "rules"
    shutil.copytree(rules_dir(), rules)
    folder = tmp_path / "cache"
    assert _load_all(folder, rules).returncode == 0
    path = rules / "numbers.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("pattern = ") + len("pattern = ")
    path.write_text(text[:start] + "'''(unclosed''' # " + text[start:], encoding="utf-8")
    broken = _load_all(folder, rules)
    assert broken.returncode != 0 and "numbers.toml" in broken.stderr and "bad pattern" in broken.stderr
