"""Files as crawls leave them: unreadable, vanished, looping links, odd names, folders named .txt,
other extensions, oversize. Each gets a clear per-file record or is skipped by rule; never a traceback."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from extractor import pipeline
from extractor.cli import main
from extractor.pipeline import iter_txt_files, process_file

ARTICLE = "七里河区西站街道今年建成3个社区党群服务中心，服务居民群众。"


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def folder(tmp_path) -> Path:
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (d / "sub" / "b.txt").write_text(ARTICLE, encoding="utf-8")
    (d / "dir.txt").mkdir()  # a folder named like an article
    (d / "notes.md").write_text(ARTICLE, encoding="utf-8")  # not an article
    os.symlink(d, d / "sub" / "loop")  # a link back up: walking it would never end
    name = os.fsdecode(b"\xff\xfebad-name.txt")  # not valid UTF-8
    (d / name).write_text(ARTICLE, encoding="utf-8")
    return d


def test_walk_skips_by_rule(folder):
    names = [p.name for p in iter_txt_files([folder])]
    assert sorted(names) == sorted(["a.txt", "b.txt", os.fsdecode(b"\xff\xfebad-name.txt")])


def test_run_handles_odd_names_and_loops(folder, tmp_path):
    out = tmp_path / "out.jsonl"
    assert main(["run", str(folder), "-o", str(out), "--jobs", "1"]) == 0
    recs = _records(out)
    assert len(recs) == 3 and all("error" not in r for r in recs)
    odd = [r for r in recs if "bad-name" in r["source"]]
    assert odd and "\\xff\\xfe" in odd[0]["source"], "undecodable bytes are written as escapes"


def test_unreadable_file_is_a_record(tmp_path, monkeypatch):
    p = tmp_path / "locked.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    real_open = open

    def guarded(file, *args, **kwargs):  # root reads any file, so permission is denied here
        if str(file) == str(p):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", guarded)
    rec = process_file(p)
    assert rec == {"id": "locked", "source": str(p), "error": f"{p}: Permission denied"}


def test_file_vanished_mid_run(tmp_path, monkeypatch):
    d = tmp_path / "in"
    d.mkdir()
    for n in "abc":
        (d / f"{n}.txt").write_text(ARTICLE, encoding="utf-8")
    listed = iter_txt_files([d])
    (d / "b.txt").unlink()  # gone between the listing and the reading
    monkeypatch.setattr(pipeline, "iter_txt_files", lambda paths: listed)
    monkeypatch.setattr("extractor.runner.iter_txt_files", lambda paths: listed)
    out = tmp_path / "out.jsonl"
    assert main(["run", str(d), "-o", str(out), "--jobs", "1"]) == 1
    recs = _records(out)
    assert [Path(r["source"]).name for r in recs] == ["a.txt", "b.txt", "c.txt"]
    assert "No such file" in recs[1]["error"] and "b.txt" in recs[1]["error"]


def test_directory_given_as_file(tmp_path):
    d = tmp_path / "x.txt"
    d.mkdir()
    assert process_file(d)["error"] == f"{d}: is a directory"


def test_oversize_file_refused_under_max_bytes(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text(ARTICLE * 100, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["run", str(p), "-o", str(out), "--max-bytes", "1000"]) == 1
    (rec,) = _records(out)
    assert "more than --max-bytes 1000" in rec["error"] and "big.txt" in rec["error"]


def test_a_bug_in_a_stage_costs_one_article(tmp_path, monkeypatch):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (d / "b.txt").write_text("触发" + ARTICLE, encoding="utf-8")
    real = pipeline.locate

    def flaky(article, options):
        if article.raw.startswith("触发"):
            raise RuntimeError("boom")
        return real(article, options)

    monkeypatch.setattr(pipeline, "STAGES", [(n, flaky if n == "locate" else f) for n, f in pipeline.STAGES])
    out = tmp_path / "out.jsonl"
    assert main(["run", str(d), "-o", str(out), "--jobs", "1"]) == 1
    a, b = _records(out)
    assert "error" not in a
    assert b["error"].endswith("internal error RuntimeError: boom")


def test_output_lines_are_whole_json(tmp_path, fixture_articles):
    d = tmp_path / "in"
    d.mkdir()
    for p in fixture_articles:
        shutil.copy(p, d / p.name)
    out = tmp_path / "out.jsonl"
    assert main(["run", str(d), "-o", str(out), "--jobs", "2"]) == 0
    data = out.read_bytes()
    assert data.endswith(b"\n")
    assert len(_records(out)) == len(fixture_articles)


def test_process_bytes_is_the_per_article_function(fixture_articles):
    data = fixture_articles[0].read_bytes()
    rec = pipeline.process_bytes(data, "crawl/a.txt")
    assert rec["id"] == "a" and rec["source"] == "crawl/a.txt" and rec["places"]
    assert pipeline.process_bytes(b"\x00\x01\x02" * 50, "crawl/b.txt") == {
        "id": "b", "source": "crawl/b.txt", "error": "crawl/b.txt: binary file (NUL or control bytes), not text"}
