"""`extractor run`: many files to JSONL, in input order, on all cores, one bad file costing only itself.

Records are streamed (never a list of all results in memory) and each one is written with a single
``write`` of a whole line, so an interrupted run leaves whole lines only; ``--resume`` drops a torn
tail and skips the sources already written.
"""
from __future__ import annotations

import json
import logging
import os
import sys
from functools import partial
from pathlib import Path
from typing import Iterator

from .pipeline import display_name, iter_txt_files, process_file

log = logging.getLogger("extractor")
BATCH = 16  # files per task: amortizes inter-process overhead (PERF.md)


DEFAULT_MAX_BYTES = 64 * 1024 * 1024


def file_record(path: str, max_bytes: int | None = DEFAULT_MAX_BYTES) -> tuple[str | None, str]:
    """(the error, or None; the JSON line) for one file."""
    rec = process_file(path, max_bytes=max_bytes)
    return rec.get("error"), json.dumps(rec, ensure_ascii=False)


def _warm() -> None:
    """Load and validate every rule file and dictionary before the first article (a malformed rule
    file stops the run here, naming file and line) and before forking, so workers share them."""
    from .pipeline import extract
    from .rules import all_rule_files

    all_rule_files()
    extract("北京市朝阳区幸福街道2019年建成3个“红色驿站”社区。", published="2020-01-01")


def records(paths: list[Path], jobs: int, max_bytes: int | None = DEFAULT_MAX_BYTES
            ) -> Iterator[tuple[str | None, str]]:
    names = [str(p) for p in paths]
    work = partial(file_record, max_bytes=max_bytes)
    if jobs <= 1 or len(names) < 2:
        for name in names:
            yield work(name)
        return
    import gc
    import multiprocessing as mp

    gc.freeze()  # the warmed tables are shared with the workers: their collections never walk them (no copy-on-write)
    method = "fork" if "fork" in mp.get_all_start_methods() else None
    with mp.get_context(method).Pool(jobs) as pool:
        yield from pool.imap(work, names, chunksize=BATCH)


def _done_sources(path: Path) -> set[str]:
    """Sources already written to ``path``, read once. Only whole good records are kept: a torn last
    line (no newline) and the error records of files to retry are dropped, the file replaced atomically."""
    lines = path.read_bytes().splitlines(keepends=True)
    done: set[str] = set()
    kept: list[bytes] = []
    for line in lines:
        try:
            rec = json.loads(line) if line.endswith(b"\n") else None
        except ValueError:
            rec = None
        if rec is not None and "error" not in rec:
            done.add(rec.get("source"))
            kept.append(line)
    if len(kept) != len(lines):
        tmp = path.with_name(path.name + ".resume-tmp")
        tmp.write_bytes(b"".join(kept))
        os.replace(tmp, path)
    return done


def run_files(paths: list[str], *, output: str | None, jobs: int = 0, force: bool = False,
              resume: bool = False, max_bytes: int | None = DEFAULT_MAX_BYTES, db: str | None = None) -> int:
    _warm()
    files = iter_txt_files(paths)
    missing = [p for p in paths if not Path(p).exists()]
    for p in missing:
        log.error("%s: no such file or directory", p)
    done: set[str] = set()
    if output:
        out_path = Path(output)
        if out_path.exists() and not (force or resume):
            log.error("%s exists: pass --force to overwrite it or --resume to continue it", output)
            return 2
        out_path.parent.mkdir(parents=True, exist_ok=True)
        if resume and out_path.exists():
            done = _done_sources(out_path)
        fd = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | (0 if resume else os.O_TRUNC), 0o644)
    else:
        fd = None if db else sys.stdout.fileno()  # with --db and no -o, the database is the output
    sink = None
    if db:
        from .db import Database
        sink = Database(db)
    todo = [p for p in files if display_name(p) not in done]
    jobs = jobs or os.cpu_count() or 1
    bar = None
    if sys.stderr.isatty():
        try:
            from tqdm import tqdm
            bar = tqdm(total=len(todo), unit="file", file=sys.stderr)
        except ImportError:
            pass
    ok = failed = 0
    try:
        for error, line in records(todo, jobs, max_bytes):
            data = (line + "\n").encode("utf-8", "backslashreplace")  # a lone surrogate becomes a JSON escape
            while data and fd is not None:  # os.write may write less than asked; finish the line
                data = data[os.write(fd, data):]
            if sink:
                sink.add_line(line)
            if error:
                failed += 1
                log.error(error)
            else:
                ok += 1
            if bar:
                bar.update(1)
    finally:
        if bar:
            bar.close()
        if output:
            os.close(fd)
        if sink:
            sink.close()
    failed += len(missing)
    skipped = len(files) - len(todo)
    log.info("%d articles extracted, %d failed%s", ok, failed,
             f", {skipped} already done" if skipped else "")
    return 1 if failed else 0
