#!/usr/bin/env python3
"""How time and memory grow with the size of one file: `extractor run` on single files of 5, 10, 25
and 50 MB (the fixtures concatenated), each in a fresh process, with --max-bytes raised to let them in.

    .venv/bin/python bench/big_file.py [--sizes 5,10,25,50]
"""
from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="5,10,25,50")
    args = ap.parse_args(argv)
    seed = "\n".join(p.read_text(encoding="utf-8-sig") for p in sorted((ROOT / "fixtures" / "articles").glob("*.txt")))
    exe = Path(sys.executable).parent / "extractor"
    print("| file | seconds | M chars/s | peak RSS |\n|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for mb in (float(x) for x in args.sizes.split(",")):
            text = seed * max(1, int(mb * 1_000_000 / len(seed.encode("utf-8"))))
            path = Path(tmp) / "big.txt"
            path.write_text(text, encoding="utf-8")
            size = path.stat().st_size
            t0 = time.perf_counter()
            done = subprocess.run([str(exe), "run", str(path), "-o", str(Path(tmp) / "o.jsonl"),
                                   "--force", "--jobs", "1", "--max-bytes", str(size + 1)],
                                  capture_output=True, text=True)
            secs = time.perf_counter() - t0
            if done.returncode != 0:
                print(done.stderr, file=sys.stderr)
                return 1
            # children's peak so far; sizes grow, so it is this run's
            rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(f"| {size / 1e6:.1f} MB ({len(text) / 1e6:.1f} M chars) | {secs:.1f} | {len(text) / secs / 1e6:.2f} | {rss_mb:.0f} MB |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
