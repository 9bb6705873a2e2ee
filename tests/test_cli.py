"""The command line: folder runs, per-file errors, exit status, eval floors."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.cli import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

TRADITIONAL = "寧德市蕉城區中宏花苑小區的「紅色驛站」裡傳來朗朗讀書聲。社區黨支部為居民提供學習交流服務。\n"


@pytest.fixture
def mixed_folder(tmp_path, fixture_articles):
    d = tmp_path / "in"
    d.mkdir()
    for p in fixture_articles:
        shutil.copy(p, d / p.name)
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (d / "gbk.txt").write_bytes(TRADITIONAL.replace("「", "“").replace("」", "”").encode("gb18030"))
    (d / "big5.txt").write_bytes(TRADITIONAL.encode("big5"))
    (d / "notes.md").write_text("not an article", encoding="utf-8")
    return d


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_run_folder_with_bad_files(mixed_folder, tmp_path, fixture_articles, capsys):
    out = tmp_path / "out.jsonl"
    assert main(["run", str(mixed_folder), "-o", str(out), "--jobs", "1"]) == 1
    recs = _records(out)
    by_name = {Path(r["source"]).name: r for r in recs}
    names = sorted(p.name for p in fixture_articles) + ["big5.txt", "binary.txt", "empty.txt", "gbk.txt"]
    assert sorted(by_name) == sorted(names)
    assert [Path(r["source"]).name for r in recs] == sorted(by_name), "records come in sorted input order"
    for bad in ("empty.txt", "binary.txt"):
        assert set(by_name[bad]) == {"id", "source", "error"}
        assert bad in by_name[bad]["error"]
    assert by_name["gbk.txt"]["meta"]["encoding"] == "gb18030"
    assert by_name["big5.txt"]["meta"]["encoding"] == "big5"
    assert by_name["big5.txt"]["text"].startswith("宁德市蕉城区中宏花苑小区")
    for p in fixture_articles:
        rec = by_name[p.name]
        assert rec["schema"] == 1 and rec["id"] == p.stem and rec["text"]
    err = capsys.readouterr().err
    assert "2 failed" in err and "empty.txt" in err


def test_parallel_run_equals_serial(mixed_folder, tmp_path):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    main(["run", str(mixed_folder), "-o", str(one), "--jobs", "1"])
    main(["run", str(mixed_folder), "-o", str(two), "--jobs", "2"])
    assert one.read_text(encoding="utf-8") == two.read_text(encoding="utf-8")


def test_run_refuses_to_overwrite(tmp_path, fixture_articles):
    out = tmp_path / "out.jsonl"
    out.write_text("keep me\n", encoding="utf-8")
    assert main(["run", str(fixture_articles[0]), "-o", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "keep me\n"
    assert main(["run", str(fixture_articles[0]), "-o", str(out), "--force"]) == 0
    assert len(_records(out)) == 1


def test_missing_path_is_an_error_not_a_traceback(tmp_path, capsys):
    assert main(["run", str(tmp_path / "nope"), "-o", str(tmp_path / "o.jsonl")]) == 1
    assert "nope" in capsys.readouterr().err


def test_extract_bad_file_names_it(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    assert main(["extract", str(bad)]) == 1
    assert "bad.txt" in capsys.readouterr().err


def test_extract_prints_the_record(fixture_articles, capsys):
    assert main(["extract", str(fixture_articles[2]), "--published", "2020-07-01"]) == 0
    rec = json.loads(capsys.readouterr().out)
    assert rec["meta"]["published"] == "2020-07-01"
    assert rec["id"] == fixture_articles[2].stem


def test_eval_floor_fails_when_not_met(capsys):
    args = ["eval", "--gold", str(FIXTURES / "gold"), "--articles", str(FIXTURES / "articles")]
    assert main(args + ["--min", "cleaning=1.01"]) == 1
    assert "below floor" in capsys.readouterr().err
    assert main(args + ["--min", "bogus=0.5"]) == 2


def test_module_entry_point(fixture_articles):
    done = subprocess.run([sys.executable, "-m", "extractor", "clean", str(fixture_articles[0])],
                          capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 0
    assert "七里河区" in done.stdout
