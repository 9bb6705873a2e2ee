"""An installed, non-editable copy carries its rule files and runs on its own."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_carries_rules_and_runs(tmp_path, fixture_articles):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(ROOT)],
                   check=True, capture_output=True)
    (wheel,) = wheels.glob("extractor-*.whl")
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
                    str(wheel)], check=True, capture_output=True)
    assert sorted(p.name for p in (target / "extractor" / "rules").iterdir()) == \
        sorted(p.name for p in (ROOT / "rules").iterdir() if p.is_file())
    code = ("import extractor, extractor.rules, json, sys;"
            "print(json.dumps([extractor.__file__, str(extractor.rules.rules_dir()),"
            " extractor.extract(open(sys.argv[1], encoding='utf-8-sig').read()).to_dict()['text'][:20]]))")
    env = dict(os.environ, PYTHONPATH=str(target))
    env.pop("EXTRACTOR_RULES", None)
    done = subprocess.run([sys.executable, "-c", code, str(fixture_articles[0])], cwd=tmp_path, env=env,
                          capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 0, done.stderr
    where, rules, text = json.loads(done.stdout)
    assert where.startswith(str(target)) and rules.startswith(str(target))
    assert text.startswith("为进一步提升基层党组织")
