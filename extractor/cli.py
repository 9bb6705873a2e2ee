"""The command line: a thin layer over the pipeline. ``main(argv) -> int`` never swallows a failure."""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from . import __version__

log = logging.getLogger("extractor")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="extractor", description=__doc__)
    p.add_argument("--version", action="version", version=f"extractor {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    r = sub.add_parser("run", help="every .txt under the paths to one JSON line each")
    r.add_argument("paths", nargs="+", help="files or folders (searched for *.txt, sorted)")
    r.add_argument("-o", "--output", help="JSONL file to write (default: stdout)")
    r.add_argument("--jobs", type=int, default=0, help="worker processes (default: all cores)")
    r.add_argument("--force", action="store_true", help="overwrite an existing output file")
    r.add_argument("--resume", action="store_true", help="keep the records already in the output, do the rest")
    r.add_argument("--db", metavar="FILE", help="also load the records into this SQLite database "
                   "(see `extractor db`); without -o no JSONL is written")
    r.add_argument("--max-bytes", type=int, default=64 * 1024 * 1024,
                   help="refuse (as a per-file error) files larger than this (default 64 MiB)")
    r.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local processes (default), or a Dask cluster writing partitions to the -o folder")
    r.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                   help="with --engine dask: the cluster's scheduler (default: a LocalCluster)")

    e = sub.add_parser("extract", help="one article, pretty JSON")
    e.add_argument("file")
    e.add_argument("--published", help="publication date (ISO), overrides the article's dateline")

    c = sub.add_parser("clean", help="one article's cleaned text")
    c.add_argument("file")

    v = sub.add_parser("eval", help="score against gold files (../SPEC.md)")
    v.add_argument("--gold", required=True, help="folder of gold/<id>.json")
    v.add_argument("--articles", required=True, help="folder of <id>.txt")
    v.add_argument("--pred", help="JSONL of predictions (default: run the extractor)")
    v.add_argument("--errors", action="store_true", help="list every miss and extra")
    v.add_argument("--min", action="append", default=[], metavar="FIELD=F1",
                   help="floor that makes the command exit 1 when not met (repeatable)")

    t = sub.add_parser("tables", help="a JSONL of records to CSV files (articles, places, brands, events, numbers)")
    t.add_argument("jsonl", help="output of `extractor run` (- for stdin; a folder: its *.jsonl parts)")
    t.add_argument("-o", "--output", required=True, metavar="DIR", help="folder for the CSV files")

    d = sub.add_parser("db", help="load a JSONL of records into a SQLite database (an article's id replaces it)")
    d.add_argument("jsonl", help="output of `extractor run` (- for stdin; a folder: its *.jsonl parts)")
    d.add_argument("database", help="SQLite file, created if missing")

    w = sub.add_parser("review", help="one self-contained HTML page to check the extraction by eye")
    w.add_argument("jsonl", help="output of `extractor run` (- for stdin; a folder: its *.jsonl parts)")
    w.add_argument("--articles", required=True, metavar="DIR", help="folder of the raw <id>.txt files")
    w.add_argument("-o", "--output", required=True, help="HTML file to write")
    return p.parse_args(argv)


def _read_article(path: str):
    from .decode import decode

    return decode(Path(path).read_bytes())


def cmd_extract(args) -> int:
    from .pipeline import run

    raw, enc = _read_article(args.file)
    art = run(raw, source=args.file, published=args.published, encoding=enc)
    print(json.dumps(art.to_dict(), ensure_ascii=False, indent=1))
    return 0


def cmd_clean(args) -> int:
    from .pipeline import Options, run

    raw, enc = _read_article(args.file)
    print(run(raw, source=args.file, options=Options(stages=()), encoding=enc).text)
    return 0


def cmd_run(args) -> int:
    import sqlite3

    from .runner import run_files

    if args.engine == "dask":
        if not args.output:
            log.error("--engine dask needs -o OUTDIR/ (a folder for the JSONL partitions)")
            return 2
        if args.db:
            log.error("--db works with the local engine; load the partitions with `extractor db %s %s`",
                      args.output, args.db)
            return 2
        from .dask_engine import run_dask

        return run_dask(args.paths, args.output, scheduler=args.scheduler, workers=args.jobs,
                        max_bytes=args.max_bytes, force=args.force)
    try:
        return run_files(args.paths, output=args.output, jobs=args.jobs, force=args.force, resume=args.resume,
                         max_bytes=args.max_bytes, db=args.db)
    except sqlite3.Error as e:  # only --db raises it
        log.error("%s: %s", args.db, e)
        return 1


def cmd_tables(args) -> int:
    from .tables import RecordError, read_records, write_tables

    try:
        counts = write_tables(read_records(args.jsonl), args.output)
    except RecordError as e:
        log.error("%s", e)
        return 1
    log.info("%s: %s", args.output, ", ".join(f"{n} {k}" for k, n in counts.items()))
    return 0


def cmd_db(args) -> int:
    import sqlite3

    from .db import load
    from .tables import RecordError, read_records

    try:
        n = load(read_records(args.jsonl), args.database)
    except RecordError as e:
        log.error("%s", e)
        return 1
    except sqlite3.Error as e:
        log.error("%s: %s", args.database, e)
        return 1
    log.info("%s: %d articles loaded", args.database, n)
    return 0


def cmd_review(args) -> int:
    from .review import write_review
    from .tables import RecordError, read_records

    try:
        stats = write_review(read_records(args.jsonl), args.articles, args.output, source=args.jsonl)
    except RecordError as e:
        log.error("%s", e)
        return 1
    log.info("%s: %d articles, %d items highlighted", args.output, stats["articles"], stats["items"])
    return 0


def cmd_eval(args) -> int:
    from .evaluate import evaluate, load_gold
    from .pipeline import iter_txt_files, process_file

    floors = {}
    for item in args.min:
        name, _, value = item.partition("=")
        try:
            floors[name] = float(value)
        except ValueError:
            log.error("--min takes FIELD=NUMBER, not %r", item)
            return 2
    if args.pred:
        records = {}
        with open(args.pred, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    rec = json.loads(line)
                    records[rec["id"]] = rec
    else:
        wanted = set(load_gold(args.gold))
        records = {}
        for path in iter_txt_files([args.articles]):
            if path.stem in wanted:
                records[path.stem] = process_file(path)
    report = evaluate(args.gold, args.articles, records)
    if args.errors:
        for line in report.errors:
            print(line)
        print()
    print(report.table())
    failed = []
    for name, floor in floors.items():
        try:
            got = report.value(name)
        except KeyError:
            log.error("--min: unknown figure %r", name)
            return 2
        if got + 1e-9 < floor:
            failed.append(f"{name} {got:.3f} < {floor:.3f}")
    if failed:
        print("below floor: " + "; ".join(failed), file=sys.stderr)
        return 1
    return 0


COMMANDS = {"run": cmd_run, "extract": cmd_extract, "clean": cmd_clean, "eval": cmd_eval,
            "tables": cmd_tables, "db": cmd_db, "review": cmd_review}


def _configure_logging() -> None:
    """Messages go to this call's stderr, prefixed with the program's name (only main configures logging)."""
    for h in list(log.handlers):
        log.removeHandler(h)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("extractor: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False


def main(argv: list[str] | None = None) -> int:
    _configure_logging()
    try:
        args = parse_args(argv)
    except SystemExit as e:  # argparse exits on --help and on bad arguments
        return int(e.code or 0)
    from .decode import DecodeError
    from .rules import RuleError

    try:
        return COMMANDS[args.command](args)
    except RuleError as e:
        log.error("bad rule file: %s", e)
        return 2
    except (DecodeError, OSError) as e:
        name = getattr(e, "filename", None) or getattr(args, "file", "")
        reason = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
        log.error("%s: %s", name, reason)
        return 1
    except KeyboardInterrupt:
        log.error("interrupted")
        return 130
    except BrokenPipeError:  # `extractor run … | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def main_entry() -> None:
    sys.exit(main(sys.argv[1:]))
