"""The pipeline: an ordered list of named stages over one ``Article``.

    normalize → clean → places → brands → events → numbers → locate

Each stage reads the Article and writes its own field. ``extract`` (the library call) and the CLI
both go through ``run``; the publication date is an explicit input (the article's own dateline,
or the caller's ``published=``), never the clock.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import Callable, Iterable

from . import brands, clean, events, numbers, places
from .article import Article
from .decode import DecodeError, decode
from .normalize import normalize

EXTRACTORS = ("places", "brands", "events", "numbers")


@dataclass(frozen=True)
class Options:
    """What to run. ``clean=False`` takes the whole input as body (for snippets and rule examples)."""
    clean: bool = True
    stages: tuple[str, ...] = EXTRACTORS


def normalize_stage(article: Article, options: Options) -> None:
    n = normalize(article.raw)
    article.norm, article.norm_to_raw = n.text, n.to_raw
    article.converted = n.converted


def clean_stage(article: Article, options: Options) -> None:
    if options.clean:
        clean.run(article)
    else:
        clean.take_all(article)


def _extractor(name: str, fn: Callable[[Article], None]) -> Callable[[Article, Options], None]:
    def stage(article: Article, options: Options) -> None:
        if name in options.stages:
            fn(article)
    stage.__name__ = name
    return stage


def locate(article: Article, options: Options) -> None:
    """Turn every text span into a raw span with its surface: the provenance a reader checks."""
    if article.located:
        return
    raw = article.raw
    items = [m for p in article.places for m in p.mentions] + \
            [m for b in article.brands for m in b.mentions] + article.events + article.numbers
    starts, ends = article.raw_spans(list(map(_start, items)), list(map(_end, items)))
    for item, s, e in zip(items, starts, ends):
        item.start, item.end, item.surface = s, e, raw[s:e]
    article.located = True


_start, _end = attrgetter("start"), attrgetter("end")


STAGES: list[tuple[str, Callable[[Article, Options], None]]] = [
    ("normalize", normalize_stage),
    ("clean", clean_stage),
    ("places", _extractor("places", places.run)),
    ("brands", _extractor("brands", brands.run)),
    ("events", _extractor("events", events.run)),
    ("numbers", _extractor("numbers", numbers.run)),
    ("locate", locate),
]


def iso_published(value) -> str | None:
    """The caller's ``published=`` as ISO 8601 (date, datetime, or an ISO string)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M") if (value.hour or value.minute) else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        text = value.strip().replace(" ", "T")
        try:
            parsed = dt.datetime.fromisoformat(text)
        except ValueError:
            if len(text) in (4, 7) and text.replace("-", "").isdigit():
                return text  # a year or a year-month is a valid, if coarse, ISO date
            raise ValueError(f"published must be an ISO date, not {value!r}") from None
        return iso_published(parsed) if "T" in text else parsed.date().isoformat()
    raise TypeError(f"published must be a date, datetime or ISO string, not {type(value).__name__}")


def article_id(source: str | None, raw: str) -> str:
    if source:
        name = source.rpartition("/")[2]
        if os.sep != "/" or name in ("", ".", ".."):  # what only pathlib's parsing settles
            return Path(source).stem
        i = name.rfind(".")  # Path.stem, without building a Path (a few µs an article)
        return name[:i] if 0 < i < len(name) - 1 else name
    return hashlib.sha1(raw.encode("utf-8", "surrogatepass")).hexdigest()[:16]


_DEFAULT = Options()


def run(raw: str, *, published=None, source: str | None = None, options: Options | None = None,
        encoding: str = "utf-8", timings: dict[str, float] | None = None) -> Article:
    options = options or _DEFAULT
    article = Article(raw=raw, id=article_id(source, raw), source=source)
    article.meta.encoding = encoding
    given = iso_published(published)
    if timings is None and given is None:
        for _, stage in STAGES:
            stage(article, options)
        return article
    from time import perf_counter
    for name, stage in STAGES:
        t0 = perf_counter()
        stage(article, options)
        if timings is not None:
            timings[name] = timings.get(name, 0.0) + perf_counter() - t0
        if name == "clean" and given is not None:
            article.meta.published = given  # the caller's date wins over the dateline
    return article


def extract(text: str, *, published=None, source: str | None = None, options: Options | None = None) -> Article:
    """Extract places, brands, dated events and numeric claims from one article's text."""
    if not isinstance(text, str):
        raise TypeError(f"extract() takes the article text as str, not {type(text).__name__}")
    return run(text, published=published, source=source, options=options)


def display_name(path: str | Path) -> str:
    """A path as text that can always be written: undecodable bytes in a file name become escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _error(source: str, reason: str) -> dict:
    return {"id": Path(source).stem, "source": source, "error": f"{source}: {reason}"}


def process_bytes(data: bytes, source: str, options: Options | None = None) -> dict:
    """One article's bytes to its JSON record, or to an error record naming the source; never raises.
    The per-article function of every engine (local processes, Dask, or a Spark ``mapPartitions``)."""
    try:
        raw, encoding = decode(data)
        return run(raw, source=source, options=options, encoding=encoding).to_dict()
    except DecodeError as e:
        return _error(source, str(e))
    except Exception as e:  # a bug must cost one article, not the run; it is recorded and counted
        return _error(source, f"internal error {type(e).__name__}: {e}")


def process_file(path: str | Path, options: Options | None = None, max_bytes: int | None = None) -> dict:
    """One file to its JSON record, or to an error record naming the file; never raises on bad input."""
    source = display_name(path)
    try:
        with open(path, "rb") as f:
            if max_bytes is not None:
                size = os.fstat(f.fileno()).st_size
                if size > max_bytes:
                    return _error(source, f"{size} bytes is more than --max-bytes {max_bytes}")
            data = f.read()
    except IsADirectoryError:
        return _error(source, "is a directory")
    except OSError as e:
        return _error(source, e.strerror or str(e))
    return process_bytes(data, source, options)


def iter_txt_files(paths: Iterable[str | Path]) -> list[Path]:
    """Every regular .txt file under the paths, sorted; a path that is a file is taken as it is.

    Symbolic links to folders are not followed (no loops); folders named *.txt are not files.
    """
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            for root, _dirs, files in os.walk(p, followlinks=False):
                for name in files:
                    q = Path(root) / name
                    if name.endswith(".txt") and q.is_file():
                        found.append(q)
        else:
            found.append(p)
    return sorted(found, key=lambda q: os.fsencode(q))


def run_example(stage: str, text: str, published=None) -> list[dict]:
    """What one stage finds in a rule-file example (the generic rule test calls this)."""
    if stage == "clean":
        return [{"kind": clean.classify_text(text)}]
    if stage == "meta":
        art = run(text, published=published, options=Options(stages=()))
        return [art.meta.to_dict()]
    art = run(text, published=published, options=Options(clean=False, stages=(stage,)))
    return art.to_dict()[stage]
