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
