#!/usr/bin/env python3
"""The project's two commands, runnable on a machine that has only python3.

    python3 tasks.py fixtures   # set up .venv, then: extractor run fixtures/articles -o out/fixtures.jsonl
    python3 tasks.py test       # set up .venv, then: pytest (extra arguments go to pytest)

Set-up creates .venv beside this file and installs the project into it (editable, with its test,
progress and dask extras); it reinstalls only when pyproject.toml has changed since the last install.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".installed"


def _sh(*cmd: str | Path) -> None:
    print("+", " ".join(map(str, cmd)), flush=True)
    subprocess.run([str(c) for c in cmd], cwd=ROOT, check=True)


def setup() -> None:
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == want and (BIN / "extractor").exists():
        return
    if not (BIN / "python").exists():
        print(f"+ creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    _sh(BIN / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    _sh(BIN / "python", "-m", "pip", "install", "--quiet", "-e", ".[test,progress,dask]")
    STAMP.write_text(want)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"fixtures", "test"}:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        setup()
    except subprocess.CalledProcessError as e:
        print(f"tasks.py: set-up failed: {e}", file=sys.stderr)
        return 1
    if argv[0] == "fixtures":
        (ROOT / "out").mkdir(exist_ok=True)
        cmd = [BIN / "extractor", "run", "fixtures/articles", "-o", "out/fixtures.jsonl", "--force", *argv[1:]]
    else:
        cmd = [BIN / "python", "-m", "pytest", *argv[1:]]
    print("+", " ".join(map(str, cmd)), flush=True)
    return subprocess.run([str(c) for c in cmd], cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
