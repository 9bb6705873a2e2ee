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
    from .runner import run_files

    return run_files(args.paths, output=args.output, jobs=args.jobs, force=args.force, resume=args.resume)


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


COMMANDS = {"run": cmd_run, "extract": cmd_extract, "clean": cmd_clean, "eval": cmd_eval}


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
