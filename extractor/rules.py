"""Rule files: validated data, read once from the packaged ``rules/`` folder.

A rule file is TOML::

    [file]
    stage = "numbers"            # the pipeline stage whose examples this file carries
    about = "what the file is"
    source = "where its data came from"
    updated = 2026-11-22

    [define]                     # named sub-patterns, used as {{name}} inside patterns
    digit = "[0-9]"

    [[rule]]
    name = "unit-words"          # unique in the file
    kind = "words"               # words | pattern | map
    words = ["个", "名"]
    examples = [{ text = "建成147个", items = [{ value = 147, unit = "个" }] }]
    counter_examples = ["第一部", { text = "维护世界和平", absent = [{ name = "和平" }] }]

Every problem is a ``RuleError`` naming the file, the line and the reason, raised at load time
before any article is processed. Large tables (the gazetteer) are tab-separated ``.tsv`` files
with ``#`` header lines, read by ``read_table`` with the same line-numbered errors.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import regex

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore

KINDS = {"words", "pattern", "map"}
STAGES = {"clean", "meta", "places", "brands", "events", "numbers"}
REGEX_FLAGS = regex.V1


class RuleError(ValueError):
    def __init__(self, path: str | os.PathLike, line: int | None, reason: str):
        self.path, self.line, self.reason = str(path), line, reason
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {reason}")


def rules_dir() -> Path:
    """The folder of rule files: $EXTRACTOR_RULES, the installed package's copy, or the checkout's."""
    env = os.environ.get("EXTRACTOR_RULES")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent
    packaged = here / "rules"
    if packaged.is_dir():
        return packaged
    return here.parent / "rules"


@dataclass
class Rule:
    name: str
    kind: str
    line: int
    words: list[str] = field(default_factory=list)
    source: str = ""  # the pattern's text, references expanded
    map: dict[str, Any] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)  # every other key, as written
    examples: list[dict] = field(default_factory=list)
    counter_examples: list[dict] = field(default_factory=list)
    path: str = ""  # the rule file, for errors
    _compiled: Any = field(default=None, repr=False, compare=False)

    @property
    def pattern(self):
        """The compiled pattern (``regex``, V1) of a ``pattern`` rule, None for other kinds. Compiled on
        first use: the loader has checked its syntax, and stages that compile the source their own way
        (``fast_compile``) never pay for this one."""
        if self._compiled is None and self.kind == "pattern":
            self._compiled = compile_pattern(self.source, self.path, self.line)
        return self._compiled


@dataclass
class RuleFile:
    path: Path
    stage: str
    about: str
    source: str
    updated: Any
    defines: dict[str, str]
    rules: dict[str, Rule]

    def __getitem__(self, name: str) -> Rule:
        return self.rules[name]

    def get(self, name: str, default=None):
        return self.rules.get(name, default)

    def words(self, name: str) -> list[str]:
        return self.rules[name].words

    def pattern(self, name: str):
        return self.rules[name].pattern

    def of_kind(self, kind: str) -> list[Rule]:
        return [r for r in self.rules.values() if r.kind == kind]


def _line_of(text: str, needle: str, default: int | None = None) -> int | None:
    i = text.find(needle)
    return text.count("\n", 0, i) + 1 if i >= 0 else default


def _expand(pattern: str, defines: dict[str, str], path: Path, line: int | None, depth: int = 0) -> str:
    if depth > 10:
        raise RuleError(path, line, "pattern references nest too deep (a cycle?)")

    def sub(m):
        key = m.group(1)
        if key not in defines:
            raise RuleError(path, line, f"unknown pattern reference {{{{{key}}}}}")
        return "(?:" + _expand(defines[key], defines, path, line, depth + 1) + ")"

    return regex.sub(r"\{\{(\w+)\}\}", sub, pattern)


try:  # re's own parser: re._parser from Python 3.11, sre_parse before
    from re import _parser as _RE_PARSER
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _RE_PARSER


def check_pattern(pattern: str, path: Path, line: int | None):
    """Syntax check at load. A pattern that ``re`` reads the same way (see fast_compile) is parsed by
    re's parser alone, ~5x cheaper than compiling it with ``regex`` (the bulk of loading the rules),
    and None is returned; the rest is compiled by ``regex`` and returned, to be used. Either way a bad
    pattern is a RuleError naming file and line."""
    plain = _han_as_class(pattern)
    if plain is not None and not _REGEX_ONLY.search(plain):
        try:
            _RE_PARSER.parse(plain)
            return None
        except re.error:  # what re's parser refuses (a group name used twice, say), regex decides
            pass
    return compile_pattern(pattern, path, line)


def compile_pattern(pattern: str, path: Path, line: int | None):
    try:
        return regex.compile(pattern, REGEX_FLAGS)
    except regex.error as e:
        raise RuleError(path, line, f"bad pattern: {e}") from None


# \p{Han} of the regex module (its Unicode data, regex 2026.11.15) as a plain class, so that the rule
# patterns that need nothing else of ``regex`` run on ``re``; tests/test_brands.py checks it code point
# by code point against the installed regex.
HAN_CLASS = ("[\u2e80-\u2e99\u2e9b-\u2ef3\u2f00-\u2fd5\u3005\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf"
             "\u4e00-\u9fff\uf900-\ufa6d\ufa70-\ufad9\U00016fe2-\U00016fe3\U00016ff0-\U00016ff6"
             "\U00020000-\U0002a6df\U0002a700-\U0002b81e\U0002b820-\U0002cead\U0002ceb0-\U0002ebe0"
             "\U0002ebf0-\U0002ee5d\U0002f800-\U0002fa1d\U00030000-\U0003134a\U00031350-\U00033479]")
# What only ``regex`` reads (or reads differently in V1): other properties, set operations and nested
# sets, fuzzy matching, reverse search, branch reset, variable look-behind (re refuses that itself).
_REGEX_ONLY = re.compile(r"\\[pPXmMGK]|\[\[|--|&&|\|\||~~|\{[eisd][<=]|\(\?[rVf|]|\(\?[a-zA-Z]*[rV]")


def _han_as_class(source: str) -> str | None:
    """``source`` with each \\p{Han} spelled as HAN_CLASS (its ranges alone inside a [...] class); None
    when a class holds a [ (a nested set in regex V1, a plain character in re)."""
    out, i, n, in_class = [], 0, len(source), False
    while i < n:
        if source.startswith(r"\p{Han}", i):
            out.append(HAN_CLASS[1:-1] if in_class else HAN_CLASS)
            i += 7
            continue
        c = source[i]
        if c == "\\":
            out.append(source[i:i + 2])
            i += 2
            continue
        if c == "[" and not in_class:
            in_class = True
            out.append(c)
            i += 1
            if source.startswith("^", i):
                out.append("^")
                i += 1
            if source.startswith("]", i):  # a ] first in a class is a literal
                out.append("]")
                i += 1
            continue
        if c == "[" and in_class:
            return None
        if c == "]" and in_class:
            in_class = False
        out.append(c)
        i += 1
    return "".join(out)


def fast_compile(source: str):
    """A rule pattern (validated by the rule loader with ``regex``, V1) compiled by ``re`` when it uses
    nothing of ``regex`` but \\p{Han}: re's calls cost a third of regex's. Else by ``regex``, V1.
    re compiles each Han class in ~1.5 ms (it fills a table of the BMP), so only the patterns tried on
    most candidates are worth it."""
    plain = _han_as_class(source)
    if plain is not None and not _REGEX_ONLY.search(plain):
        try:
            return re.compile(plain)
        except re.error:
            pass
    return regex.compile(source, regex.V1)


def _examples(raw: Any, path: Path, line: int | None, counter: bool) -> list[dict]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise RuleError(path, line, "examples must be a list")
    out = []
    for ex in raw:
        if isinstance(ex, str):
            ex = {"text": ex}
        if not isinstance(ex, dict) or not isinstance(ex.get("text"), str) or not ex["text"]:
            raise RuleError(path, line, f"an example needs a non-empty 'text': {ex!r}")
        allowed = {"text", "published", "absent", "note"} if counter else \
            {"text", "published", "items", "partial", "kind", "note"}
        extra = set(ex) - allowed
        if extra:
            raise RuleError(path, line, f"unknown key(s) in example: {sorted(extra)}")
        if isinstance(ex.get("published"), (_dt.date, _dt.datetime)):
            ex = dict(ex, published=ex["published"].isoformat())
        out.append(ex)
    return out


def parse_rule_file(path: Path) -> RuleFile:
    text = path.read_text(encoding="utf-8")
    return _rule_file(path, text, _toml(path, text))


def _toml(path: Path, text: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        # tomllib says "(at line N, column M)"; keep its words, put the line where we put all lines.
        m = regex.search(r"line (\d+)", str(e))
        raise RuleError(path, int(m.group(1)) if m else None, f"not valid TOML: {e}") from None


def _rule_file(path: Path, text: str, data: dict, checked: bool = False) -> RuleFile:
    """The RuleFile of ``data`` (``text`` parsed), validated; ``checked``: its patterns are known to be
    valid (the cache of ``load``), so their syntax is not checked again and regex-only ones are compiled
    on first use."""
    head = data.get("file")
    if not isinstance(head, dict):
        raise RuleError(path, 1, "missing [file] table (stage, about, source, updated)")
    for key in ("stage", "about", "source", "updated"):
        if key not in head:
            raise RuleError(path, _line_of(text, "[file]", 1), f"[file] lacks '{key}'")
    if head["stage"] not in STAGES:
        raise RuleError(path, _line_of(text, "stage", 1), f"unknown stage {head['stage']!r}")
    defines = data.get("define", {})
    if not all(isinstance(v, str) for v in defines.values()):
        raise RuleError(path, _line_of(text, "[define]"), "every [define] entry must be a string")
    for key, value in defines.items():  # each definition must compile on its own
        if not checked:
            check_pattern(_expand(value, defines, path, _line_of(text, key)), path, _line_of(text, key))
    unknown = set(data) - {"file", "define", "rule"}
    if unknown:
        raise RuleError(path, None, f"unknown top-level table(s): {sorted(unknown)}")
    rules: dict[str, Rule] = {}
    for raw in data.get("rule", []):
        name = raw.get("name")
        line = _line_of(text, f'name = "{name}"') if name else None
        if not isinstance(name, str) or not name:
            raise RuleError(path, line, "a [[rule]] needs a 'name'")
        if name in rules:
            raise RuleError(path, line, f"duplicate rule name {name!r}")
        kind = raw.get("kind")
        if kind not in KINDS:
            raise RuleError(path, line, f"rule {name!r}: kind must be one of {sorted(KINDS)}, not {kind!r}")
        rule = Rule(name=name, kind=kind, line=line or 0, path=str(path))
        if kind == "words":
            words = raw.get("words")
            if not isinstance(words, list) or not words or not all(isinstance(w, str) and w for w in words):
                raise RuleError(path, line, f"rule {name!r}: 'words' must be a non-empty list of strings")
            dup = {w for w in words if words.count(w) > 1}
            if dup:
                raise RuleError(path, line, f"rule {name!r}: duplicate words {sorted(dup)}")
            rule.words = list(words)
        elif kind == "pattern":
            pat = raw.get("pattern")
            if not isinstance(pat, str) or not pat:
                raise RuleError(path, line, f"rule {name!r}: 'pattern' must be a non-empty string")
            rule.source = _expand(pat, defines, path, line)
            rule._compiled = None if checked else check_pattern(rule.source, path, line)
        else:
            mp = raw.get("map")
            if not isinstance(mp, dict) or not mp:
                raise RuleError(path, line, f"rule {name!r}: 'map' must be a non-empty table")
            rule.map = dict(mp)
        rule.examples = _examples(raw.get("examples"), path, line, counter=False)
        rule.counter_examples = _examples(raw.get("counter_examples"), path, line, counter=True)
        rule.data = {k: v for k, v in raw.items()
                     if k not in {"name", "kind", "words", "pattern", "map", "examples", "counter_examples"}}
        rules[name] = rule
    return RuleFile(path=path, stage=head["stage"], about=head["about"], source=head["source"],
                    updated=head["updated"], defines=dict(defines), rules=rules)


@lru_cache(maxsize=None)
def load(name: str) -> RuleFile:
    """The rule file ``rules/<name>.toml``, parsed and validated once per process.

    Parsing TOML (tomllib is pure Python) and checking every pattern's syntax is ~0.1 s per process;
    the parsed data of a file that passed is cached (one file per rule file and installed copy, keyed by
    its text and by what the checks depend on), so a later process runs only the cheap checks."""
    path = rules_dir() / f"{name}.toml"
    text = path.read_text(encoding="utf-8")
    key = _cache_key(text)
    cached = os.path.join(cache_dir() or "", f"rules-{name}-{_INSTALL}.bin")
    if cache_dir():
        data = _read_cached(cached, key)
        if data is not None:
            return _rule_file(path, text, data, checked=True)
    data = _toml(path, text)
    frozen = _freeze(data)  # before anything can share or change it
    rf = _rule_file(path, text, data)
    if cache_dir():
        import marshal

        try:
            os.makedirs(cache_dir(), exist_ok=True)
            write_atomically(cached, marshal.dumps((key, frozen)))
        except (OSError, ValueError):  # a read-only home: no cache
            pass
    return rf


# -- the cache of parsed rule files (and of segment's dictionary) --------------------------------------

_CACHE_FORMAT = 1
# Each installed copy of the package (a checkout, a wheel in a virtual environment) has its own cache
# files, so that two of them in turn do not replace each other's.
_INSTALL = hashlib.sha256(os.path.dirname(os.path.abspath(__file__)).encode("utf-8", "surrogatepass"))\
    .hexdigest()[:10]


def cache_dir() -> str | None:
    """Where derived data is cached: $EXTRACTOR_CACHE_DIR (empty: nowhere), else $XDG_CACHE_HOME/extractor
    or ~/.cache/extractor. Everything there is keyed by what it was derived from, and rebuilt at will."""
    env = os.environ.get("EXTRACTOR_CACHE_DIR")
    if env is not None:
        return env or None
    home = os.path.expanduser("~")
    base = os.environ.get("XDG_CACHE_HOME") or (None if home.startswith("~") else os.path.join(home, ".cache"))
    return os.path.join(base, "extractor") if base else None  # no home: no cache (not a ./~ folder)


def write_atomically(path: str, data: bytes) -> None:
    """Readers see the old file or the whole new one, never a part (rename within one folder)."""
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-", suffix=".bin")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _cache_key(text: str) -> str:
    """The rule file's text, and what the pattern checks depend on: this module's code (its size and
    modification time, as for a .pyc), Python's re parser and the regex version."""
    import sys

    st = os.stat(__file__)
    salt = f"{_CACHE_FORMAT}\0{sys.version}\0{regex.__version__}\0{st.st_size}\0{st.st_mtime_ns}\0"
    return hashlib.sha256((salt + text).encode("utf-8", "surrogatepass")).hexdigest()


def _read_cached(path: str, key: str):
    import marshal

    try:
        with open(path, "rb") as f:
            got_key, frozen = marshal.load(f)
        return _thaw(frozen) if got_key == key else None
    except Exception:  # absent, torn or foreign (marshal raises several kinds): parse
        return None


# TOML's dates and times as tagged tuples (marshal has none; TOML data has no tuples of its own).
_TIMES = {"date": _dt.date, "datetime": _dt.datetime, "time": _dt.time}


def _freeze(value):
    if isinstance(value, dict):
        return {k: _freeze(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_freeze(v) for v in value]
    for tag, kind in _TIMES.items():
        if type(value) is kind:
            return (tag, value.isoformat())
    return value


def _thaw(value):
    if isinstance(value, dict):
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_thaw(v) for v in value]
    if isinstance(value, tuple):
        return _TIMES[value[0]].fromisoformat(value[1])
    return value


def all_rule_files() -> list[RuleFile]:
    return [load(p.stem) for p in sorted(rules_dir().glob("*.toml"))]


def read_table(name: str, columns: int) -> list[list[str]]:
    """Rows of ``rules/<name>`` (tab-separated, ``#`` lines are the header); errors name file and line."""
    path = rules_dir() / name
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cells = line.split("\t")
            if len(cells) != columns:
                raise RuleError(path, n, f"expected {columns} tab-separated columns, found {len(cells)}")
            rows.append(cells)
    return rows
