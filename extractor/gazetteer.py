"""The gazetteer: China's administrative units (rules/gazetteer.tsv) and the forms the language uses for them.

``rules/gazetteer.tsv`` is a faithful transcription of the source (tools/build_gazetteer.py). The forms
written in news text are derived from it by the rules in ``rules/places.toml`` (``Deriver``):

- ``full``  the official name (兰州市, 七里河区, 西站街道) and its plain variants with a suffix
            (宁蒗县 for 宁蒗彝族自治县, 楚雄州, 翠玉乡, 东侨开发区, X街道 for X街道办事处);
- ``short`` the name without its suffix (兰州, 北京, 七里河, 东侨, 泉河), which the places stage takes
            only where its rules allow (a township's short form only as a repeat of a full form).

Deriving 66,000 forms costs about half a second, so tools/build_gazetteer.py derives them once into
``rules/gazetteer-forms.tsv``, whose header fingerprints the two inputs (the table and the rules used).
At load the fingerprint is checked: a stale forms table is ignored with a warning and the forms are
derived here as before, so places.toml stays the source of the rules. Units are parsed on demand from
their row (a few hundred of the 43,000 are ever touched).

Everything loads on first use (``get()``), once per process; nothing happens at import.
"""
from __future__ import annotations

import bisect
import hashlib
import json
import re
import time
import warnings
from functools import lru_cache
from typing import Iterator, Mapping, NamedTuple

from .rules import RuleError, load, read_table, rules_dir

LEVEL_RANK = {"province": 0, "city": 1, "county": 2, "zone": 3, "township": 4, "community": 5, "compound": 6}

TABLE = "gazetteer.tsv"
FORMS_TABLE = "gazetteer-forms.tsv"
# the rules of places.toml the forms are derived by (their data is fingerprinted in the forms table)
FORM_RULES = ("ethnic-groups", "short-forms", "zone-aliases", "generic-zone-names")
KINDS = ("full", "short")


class Unit(NamedTuple):  # a tuple: made in ~0.3 µs where a frozen dataclass takes ~1 µs
    id: str
    code: str | None
    level: str
    name: str
    parent: str  # parent id, "" for a province


def _unit(cells: list[str]) -> Unit:
    uid, code, level, name, parent = cells
    return Unit(uid, None if code == "-" else code, level, name, parent)


class Units(dict):
    """id -> Unit. A dict of the units made so far (the hot look-up stays a plain dict hit) that makes
    any unit of the table from its row when first asked for: a process touches a few hundred of them."""

    def __init__(self, rows: dict[str, str]) -> None:
        super().__init__()
        self._rows = self.rows = rows  # id -> its row of gazetteer.tsv

    def __missing__(self, uid: str) -> Unit:
        u = self[uid] = _unit(self._rows[uid].split("\t"))
        return u

    def __contains__(self, uid) -> bool:
        return uid in self._rows

    def level_coded(self, uid: str) -> tuple[str, bool]:
        """(level, whether it has a code) of a unit, read from its row when no Unit is made yet: a form's
        options are mostly never looked at again (城关 names 134 units)."""
        u = dict.get(self, uid)
        if u is not None:
            return u.level, u.code is not None
        cells = self._rows[uid].split("\t", 3)
        return cells[2], cells[1] != "-"

    def get(self, uid, default=None):
        return self[uid] if uid in self._rows else default

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def keys(self):
        return self._rows.keys()

    def values(self):
        return [self[uid] for uid in self._rows]

    def items(self):
        return [(uid, self[uid]) for uid in self._rows]


def _body(text: str) -> list[str]:
    """A table's lines without its ``#`` header lines."""
    lines = text.split("\n")
    h = 0
    while h < len(lines) and lines[h].startswith("#"):
        h += 1
    del lines[:h]
    if lines and not lines[-1]:
        lines.pop()
    return lines


def _read_units(text: str) -> Units:
    """The units of gazetteer.tsv (its text): the rows, keyed by id. A table that is not plainly one
    unit per line with 5 columns goes through ``read_table``, which names the line of a bad row."""
    lines = _body(text)
    rows = {line[:line.find("\t")]: line for line in lines}
    if len(rows) != len(lines) or text.count("\t") != 4 * len(lines):
        rows = {cells[0]: "\t".join(cells) for cells in read_table(TABLE, 5)}
    return Units(rows)


class Deriver:
    """The forms of a unit, by the rules of places.toml (``FORM_RULES``)."""

    def __init__(self, rf) -> None:
        ethnic = "|".join(sorted(rf.words("ethnic-groups"), key=len, reverse=True))
        # plain words: re reads it as regex does and compiles it in a twentieth of the time (the first
        # article that names a unit twice derives its forms)
        self._ethnic = re.compile(f"(?:(?:{ethnic})族?)+(?=自治州|自治县|自治旗|自治区|乡|镇|苏木)")
        suffixes = rf["short-forms"].map
        self._suffix = {lvl: sorted(v, key=len, reverse=True) for lvl, v in suffixes.items()}
        self._zone_alias = [sorted(group, key=len, reverse=True) for group in rf["zone-aliases"].map.values()]
        self._zone_suffixes = sorted({x for group in self._zone_alias for x in group}, key=len, reverse=True)
        self.min_stem = int(rf["short-forms"].data.get("min_stem", 2))
        self.no_name = set(rf.words("generic-zone-names"))

    def strip(self, name: str, level: str) -> str | None:
        for suf in self._suffix.get(level, ()):
            if name.endswith(suf) and len(name) - len(suf) >= self.min_stem:
                return name[: -len(suf)]
        return None

    def derive(self, u: Unit) -> tuple[list[str], list[str]]:
        """(full forms, official name first; short forms)."""
        name = u.name
        full = [name]
        if name.endswith("街道办事处"):
            full.append(name[:-3])
        plain = self._ethnic.sub("", name) if ("族" in name or "自治" in name) else name  # 宁蒗彝族自治县 -> 宁蒗自治县
        if plain != name:
            for auto, simple in (("自治州", "州"), ("自治县", "县"), ("自治旗", "旗")):
                if plain.endswith(auto) and len(plain) - len(auto) >= self.min_stem:
                    full.append(plain[: -len(auto)] + simple)
            if u.level == "township" and len(plain) - 1 >= self.min_stem:
                full.append(plain)  # 翠玉傈僳族普米族乡 -> 翠玉乡
        if u.level == "zone":
            long = next((x for x in self._zone_suffixes if name.endswith(x) and len(name) > len(x)), None)
            if long:
                group = next(g for g in self._zone_alias if long in g)
                full.extend(name[: -len(long)] + x for x in group if x != long)
        short: list[str] = []
        for f in (full[:1] if u.level == "zone" else full):
            s = self.strip(f, u.level)
            if s and s not in short and s not in full:
                short.append(s)
        full = list(dict.fromkeys(full))
        return full, short

    def forms(self, units: Mapping[str, Unit]) -> tuple[dict[str, list[tuple[str, str]]], list[str]]:
        """Every form -> [(unit id, kind)] in table order, and the sorted forms to look for in text."""
        forms: dict[str, list[tuple[str, str]]] = {}
        scan: set[str] = set()
        zone_shorts: set[str] = set()
        for u in units.values():
            level = u.level
            if level == "zone" and u.name.lstrip("县市区") in self.no_name:
                continue  # 经济开发区, 工业园区: a kind of zone, not a name
            if level == "township" and (self.strip(u.name, "township") is None
                                        and not u.name.endswith("街道办事处")):
                continue  # 张镇, 新镇: a one-character stem is no safe name
            full, short = self.derive(u)
            for f in full:
                forms.setdefault(f, []).append((u.id, "full"))
            scan.update(full)
            for f in short:
                forms.setdefault(f, []).append((u.id, "short"))
            if level != "township":  # a township's short form is looked for only as a repeat
                scan.update(short)
            if level == "zone":
                zone_shorts.update(short)
        # a zone's short form that is also the name of a province, city or county is not the zone's
        # (郑州 for 郑州高新技术产业开发区)
        for f in zone_shorts:
            opts = forms[f]
            if any(units[i].level in ("province", "city", "county") for i, _ in opts):
                forms[f] = [(i, k) for i, k in opts if not (k == "short" and units[i].level == "zone")]
        return forms, sorted(scan)


def fingerprint(table_bytes: bytes, rf) -> str:
    """What the forms are derived from: the unit table and the data of the rules in ``FORM_RULES``."""
    rules = {name: {"words": rf[name].words, "map": rf[name].map,
                    "data": {k: v for k, v in rf[name].data.items() if k != "note"}} for name in FORM_RULES}
    return "gazetteer.tsv {} places.toml rules {}".format(
        hashlib.sha256(table_bytes).hexdigest()[:16],
        hashlib.sha256(json.dumps(rules, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16])


FORMS_HEAD = [
    "# gazetteer forms: every form news text writes for a unit of rules/gazetteer.tsv (official names,",
    "# their variants, short forms), derived by these rules of rules/places.toml:",
    "# " + ", ".join(FORM_RULES),
    "# generated by tools/build_gazetteer.py: do not edit (tests/test_gazetteer.py derives it again and compares)",
    "# derived from: {}",
    "# columns: form, scanned (1: looked for in text; 0: a township's short form, taken only as a repeat),",
    "# units as id:kind (kind full or short), space-separated, in table order",
]


def render_forms(forms: dict[str, list[tuple[str, str]]], scan: list[str], stamp: str) -> str:
    """The forms table: scanned forms first, in the matcher's (sorted) order, then the others, sorted."""
    head = [line.format(stamp) if "{}" in line else line for line in FORMS_HEAD]
    scanned = set(scan)
    body = [f"{f}\t{int(f in scanned)}\t" + " ".join(f"{uid}:{kind}" for uid, kind in forms[f])
            for f in scan + sorted(f for f in forms if f not in scanned)]
    return "\n".join(head + body) + "\n"


class Forms(Mapping):
    """form -> [(unit id, kind)] over the rows of the forms table, each parsed when first asked for."""

    def __init__(self, lines: list[str]) -> None:
        # a tuple of strings: the collector stops walking it after its first pass (a list's 66,000 rows
        # would be walked by every full collection, a third of its cost)
        self._lines = tuple(lines)
        self._index: dict[str, int] | None = None  # form -> row, built on first look-up by form

    def options(self, i: int) -> list[tuple[str, str]]:
        """The units of row i (for the scanned forms: of the matcher's pattern i)."""
        line = self._lines[i]
        return [tuple(x.split(":")) for x in line[line.rindex("\t") + 1:].split(" ")]

    def _rows(self) -> dict[str, int]:
        if self._index is None:
            self._index = {line[:line.find("\t")]: i for i, line in enumerate(self._lines)}
        return self._index

    def __getitem__(self, form: str) -> list[tuple[str, str]]:
        return self.options(self._rows()[form])

    def __contains__(self, form) -> bool:
        return form in self._rows()

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows())

    def __len__(self) -> int:
        return len(self._lines)


_STAMP = re.compile(r"^# derived from: (.*)$", re.M)


def _read_forms(stamp: str) -> tuple[Forms, tuple[str, ...]] | None:
    """The shipped forms table and its scanned forms (its first rows), or None when the table is
    missing or was derived from other inputs."""
    path = rules_dir() / FORMS_TABLE
    try:
        text = path.read_bytes().decode("utf-8")  # quicker than read_text's text layer
    except FileNotFoundError:
        return None
    m = _STAMP.search(text, 0, 2000)
    if m is None or m.group(1) != stamp:
        warnings.warn(f"{path} is stale (rules/places.toml or gazetteer.tsv changed): deriving the forms at "
                      "load; run tools/build_gazetteer.py --forms-only", stacklevel=3)
        return None
    lines = _body(text)
    k = bisect.bisect_left(lines, True, key=lambda line: "\t1\t" not in line)  # the scanned rows come first
    if text.count("\t") != 2 * len(lines) or text.count("\t1\t") != k:
        raise RuleError(path, None, "not a forms table (3 columns, the scanned forms first): "
                                    "run tools/build_gazetteer.py --forms-only")
    scan = tuple([line[:line.find("\t")] for line in lines[:k]])
    return Forms(lines), scan


class Gazetteer:
    def __init__(self) -> None:
        t0 = time.perf_counter()
        self._rf = load("places")
        table = (rules_dir() / TABLE).read_bytes()
        self.units = _read_units(table.decode("utf-8"))
        self._deriver: Deriver | None = None
        self.forms: Mapping[str, list[tuple[str, str]]]
        got = _read_forms(fingerprint(table, self._rf))
        # the scanned forms, a tuple (not walked by the collector, as ``Forms``)
        self.scan_forms: tuple[str, ...]
        if got is None:  # no usable forms table: derive them here
            self.forms, scan = self.deriver().forms(self.units)
            self.scan_forms = tuple(scan)
        else:
            self.forms, self.scan_forms = got
        self._matchers: dict[tuple[str, ...], object] = {}
        self._ancestors: dict[str, tuple[str, ...]] = {}
        self._paths: dict[str, tuple[str, ...]] = {}
        self._derived: dict[str, tuple[list[str], list[str]]] = {}
        self.load_seconds = time.perf_counter() - t0

    def deriver(self) -> Deriver:
        if self._deriver is None:
            self._deriver = Deriver(self._rf)
        return self._deriver

    # -- lookups ----------------------------------------------------------------------------
    def matcher(self, extra: tuple[str, ...] = ()) -> "Matcher":
        """Every occurrence of the scanned forms and of the strings of ``extra`` (a caller's own words
        found in the same pass): pattern ``len(scan_forms) + k`` is ``extra[k]``."""
        got = self._matchers.get(extra)
        if got is None:
            got = self._matchers[extra] = Matcher(self.scan_forms, extra)
        return got

    def scan_options(self, i: int) -> list[tuple[str, str]]:
        """(unit id, kind) for each unit that scanned form i (the matcher's pattern i) names."""
        forms = self.forms
        return forms.options(i) if isinstance(forms, Forms) else forms[self.scan_forms[i]]

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Every occurrence of every scanned form: (start, end, form), overlapping."""
        forms = self.scan_forms
        return [(s, e, forms[i]) for i, s, e in self.matcher().find_matches_as_indexes(text)]

    def full_forms(self, uid: str) -> list[str]:
        """The unit's full forms (official name first), derived again on demand (kept for found units)."""
        got = self._derived.get(uid)
        if got is None:
            got = self._derived[uid] = self.deriver().derive(self.units[uid])
        return got[0]

    def short_forms(self, uid: str) -> list[str]:
        self.full_forms(uid)
        return self._derived[uid][1]

    def ancestors(self, uid: str) -> tuple[str, ...]:
        """Ids of the units above, nearest first (cached)."""
        got = self._ancestors.get(uid)
        if got is None:
            # read from the rows (the parent is the last column): no Unit made for the units above
            rows = self.units.rows
            out, row = [], rows.get(uid)
            while row is not None:
                parent = row[row.rindex("\t") + 1:]
                if not parent:
                    break
                out.append(parent)
                row = rows.get(parent)
            got = self._ancestors[uid] = tuple(out)
        return got

    def path(self, uid: str) -> list[str]:
        """Names of the units above, from the province down (a new list each time, cached)."""
        got = self._paths.get(uid)
        if got is None:
            got = self._paths[uid] = tuple(self.units[a].name for a in reversed(self.ancestors(uid)))
        return list(got)


class Matcher:
    """``find_matches_as_indexes(text, overlapping=True)`` of one Aho-Corasick automaton over ``forms +
    extra``: every occurrence, by end, the longest first at one end.

    When ``extra`` are endings (a place's 街道, 镇, 社区) none of which ends another, the forms that end
    in one of them (X街道, X镇, X乡: three quarters of the forms) stay out of the automaton and are looked
    up where it finds their ending: every occurrence of such a form ends at one of its ending, and
    nothing the automaton holds ends there and is longer. The automaton left is a quarter of the full
    one: built in a fraction of its time (first article), and quicker to scan between the other stages'
    work, which pushes a large automaton out of the CPU's caches (a DFA of it scans faster on its own
    but is slower there, five times larger)."""

    def __init__(self, forms: tuple[str, ...] | list[str], extra: tuple[str, ...]) -> None:
        import ahocorasick_rs

        self._extra = extra
        self._n_forms = len(forms)
        if not extra or any(a != b and a.endswith(b) for a in extra for b in extra):
            self._n = len(forms) + len(extra)  # no look-ups: one NFA over everything
            self._index = None
            self._ac = ahocorasick_rs.AhoCorasick([*forms, *extra])
            return
        ends, size = set(extra), {x[-1]: len(x) for x in extra}
        if len(size) < len({(x[-1], len(x)) for x in extra}):  # endings of two sizes share a last character
            size = None
        # one pass over the forms (the first article pays for it): a form ending in one of extra -> its
        # pattern; the patterns the automaton holds (its pattern k is forms[kept[k]]); a tail (the
        # character before an ending and the ending) -> the lengths of the forms that end so
        looked_up: dict[str, int] = {}
        kept: list[int] = []
        kept_forms: list[str] = []
        tails: dict[str, set[int]] = {}
        for i, f in enumerate(forms):
            if f.endswith(extra) and f not in ends:
                looked_up[f] = i
                if size is not None:
                    tail = f[-size[f[-1]] - 1:]
                    got = tails.get(tail)
                    if got is None:
                        tails[tail] = {len(f)}
                    else:
                        got.add(len(f))
                else:
                    for x in extra:
                        if f.endswith(x):
                            tails.setdefault(f[-len(x) - 1:], set()).add(len(f))
            else:
                kept.append(i)
                kept_forms.append(f)
        self._looked_up = looked_up
        # the lengths longest first; tuples, which the collector stops walking (as the index below)
        self._by_tail: dict[str, tuple[int, ...]] = {t: tuple(sorted(v, reverse=True)) for t, v in tails.items()}
        self._n = len(kept)
        self._index = tuple(kept) + tuple(range(len(forms), len(forms) + len(extra)))
        self._ac = ahocorasick_rs.AhoCorasick(kept_forms + list(extra))

    def find_matches_as_indexes(self, text: str, overlapping: bool = True) -> list[tuple[int, int, int]]:
        assert overlapping
        matches = self._ac.find_matches_as_indexes(text, overlapping=True)
        index = self._index
        if index is None:
            return matches
        n, by_tail, looked_up = self._n, self._by_tail, self._looked_up
        out = []
        for k, s, e in matches:
            if k >= n and s:  # an ending: first the forms that end with it here, the longest first
                lengths = by_tail.get(text[s - 1:e])
                if lengths:
                    for size in lengths:
                        if size <= e:
                            i = looked_up.get(text[e - size:e])
                            if i is not None:
                                out.append((i, e - size, e))
            out.append((index[k], s, e))
        return out

    def scan(self, text: str) -> tuple[list[tuple[int, int, int]], list[tuple[int, int, str]]]:
        """``find_matches_as_indexes`` split in the same pass: the forms' occurrences (pattern, start,
        end) in its order, and the occurrences of ``extra`` as (start, end, word), in text order when
        no two of them overlap. A caller that reads the two apart walks each list once."""
        matches = self._ac.find_matches_as_indexes(text, overlapping=True)
        extra, index = self._extra, self._index
        out: list[tuple[int, int, int]] = []
        ends: list[tuple[int, int, str]] = []
        if index is None:
            n = self._n_forms
            for k, s, e in matches:
                if k < n:
                    out.append((k, s, e))
                else:
                    ends.append((s, e, extra[k - n]))
            return out, ends
        n, by_tail, looked_up = self._n, self._by_tail, self._looked_up
        add = out.append
        for k, s, e in matches:
            if k < n:
                add((index[k], s, e))
                continue
            if s:  # an ending: first the forms that end with it here, the longest first
                lengths = by_tail.get(text[s - 1:e])
                if lengths:
                    for size in lengths:
                        if size <= e:
                            i = looked_up.get(text[e - size:e])
                            if i is not None:
                                add((i, e - size, e))
            ends.append((s, e, extra[k - n]))
        return out, ends


@lru_cache(maxsize=1)
def get() -> Gazetteer:
    """The process-wide gazetteer, built on first use."""
    return Gazetteer()
