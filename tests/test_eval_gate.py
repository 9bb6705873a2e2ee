"""Quality is a number in CI: `extractor eval` on the fixtures must meet the floors in eval_floors.json.

The floors only ever go up: raise one when a change lifts its figure, never lower one to make a change pass.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.cli import main

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures"
FLOORS = json.loads((HERE / "eval_floors.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("figure", sorted(FLOORS))
def test_fixture_scores_meet_floor(figure, capsys):
    code = main(["eval", "--gold", str(FIXTURES / "gold"), "--articles", str(FIXTURES / "articles"),
                 "--min", f"{figure}={FLOORS[figure]}"])
    assert code == 0, capsys.readouterr().err
