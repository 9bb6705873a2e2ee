"""The gazetteer: China's administrative units (rules/gazetteer.tsv) and the forms the language uses for them.

``rules/gazetteer.tsv`` is a faithful transcription of the source (tools/build_gazetteer.py). The forms
written in news text are derived here, once, from the rules in ``rules/places.toml``:

- ``full``  the official name (兰州市, 七里河区, 西站街道) and its plain variants with a suffix
            (宁蒗县 for 宁蒗彝族自治县, 楚雄州, 翠玉乡, 东侨开发区, X街道 for X街道办事处);
- ``short`` the name without its suffix (兰州, 北京, 七里河, 东侨, 泉河), which the places stage takes
            only where its rules allow (a township's short form only as a repeat of a full form).

Everything loads on first use (``get()``), once per process; nothing happens at import.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache

import regex

from .rules import load, read_table

LEVEL_RANK = {"province": 0, "city": 1, "county": 2, "zone": 3, "township": 4, "community": 5, "compound": 6}


@dataclass(frozen=True, slots=True)
class Unit:
    id: str
    code: str | None
    level: str
    name: str
    parent: str  # parent id, "" for a province


class Gazetteer:
    def __init__(self) -> None:
        t0 = time.perf_counter()
        rf = load("places")
        self.units: dict[str, Unit] = {}
        for uid, code, level, name, parent in read_table("gazetteer.tsv", 5):
            self.units[uid] = Unit(uid, None if code == "-" else code, level, name, parent)
        ethnic = "|".join(sorted(rf.words("ethnic-groups"), key=len, reverse=True))
        self._ethnic = regex.compile(f"(?:(?:{ethnic})族?)+(?=自治州|自治县|自治旗|自治区|乡|镇|苏木)")
        suffixes = rf["short-forms"].map
        self._suffix = {lvl: sorted(v, key=len, reverse=True) for lvl, v in suffixes.items()}
        self._zone_alias = [sorted(group, key=len, reverse=True) for group in rf["zone-aliases"].map.values()]
        self._zone_suffixes = sorted({x for group in self._zone_alias for x in group}, key=len, reverse=True)
        self.min_stem = int(rf["short-forms"].data.get("min_stem", 2))
        # form -> [(unit id, kind)]
        self.forms: dict[str, list[tuple[str, str]]] = {}
        no_name = set(rf.words("generic-zone-names"))
        forms = self.forms
        scan: set[str] = set()
        zone_shorts: set[str] = set()
        for u in self.units.values():
            level = u.level
            if level == "zone" and u.name.lstrip("县市区") in no_name:
                continue  # 经济开发区, 工业园区: a kind of zone, not a name
            if level == "township" and (self._strip(u.name, "township") is None
                                        and not u.name.endswith("街道办事处")):
                continue  # 张镇, 新镇: a one-character stem is no safe name
            full, short = self._derive(u)
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
            if any(self.units[i].level in ("province", "city", "county") for i, _ in opts):
                forms[f] = [(i, k) for i, k in opts if not (k == "short" and self.units[i].level == "zone")]
        self.scan_forms = sorted(scan)
        self._matcher = None
        self._ancestors: dict[str, tuple[str, ...]] = {}
        self._derived: dict[str, tuple[list[str], list[str]]] = {}
        self.load_seconds = time.perf_counter() - t0

    # -- forms ------------------------------------------------------------------------------
    def _strip(self, name: str, level: str) -> str | None:
        for suf in self._suffix.get(level, ()):
            if name.endswith(suf) and len(name) - len(suf) >= self.min_stem:
                return name[: -len(suf)]
        return None

    def _derive(self, u: Unit) -> tuple[list[str], list[str]]:
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
            s = self._strip(f, u.level)
            if s and s not in short and s not in full:
                short.append(s)
        full = list(dict.fromkeys(full))
        return full, short

    # -- lookups ----------------------------------------------------------------------------
    def matcher(self):
        """An Aho-Corasick automaton over ``scan_forms`` (overlapping matches)."""
        if self._matcher is None:
            import ahocorasick_rs

            self._matcher = ahocorasick_rs.AhoCorasick(self.scan_forms)
        return self._matcher

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Every occurrence of every scanned form: (start, end, form), overlapping."""
        forms = self.scan_forms
        return [(s, e, forms[i]) for i, s, e in self.matcher().find_matches_as_indexes(text, overlapping=True)]

    def full_forms(self, uid: str) -> list[str]:
        """The unit's full forms (official name first), derived again on demand (kept for found units)."""
        got = self._derived.get(uid)
        if got is None:
            got = self._derived[uid] = self._derive(self.units[uid])
        return got[0]

    def short_forms(self, uid: str) -> list[str]:
        self.full_forms(uid)
        return self._derived[uid][1]

    def ancestors(self, uid: str) -> tuple[str, ...]:
        """Ids of the units above, nearest first (cached)."""
        got = self._ancestors.get(uid)
        if got is None:
            out, u = [], self.units.get(uid)
            while u is not None and u.parent:
                out.append(u.parent)
                u = self.units.get(u.parent)
            got = self._ancestors[uid] = tuple(out)
        return got

    def path(self, uid: str) -> list[str]:
        return [self.units[a].name for a in reversed(self.ancestors(uid))]


@lru_cache(maxsize=1)
def get() -> Gazetteer:
    """The process-wide gazetteer, built on first use."""
    return Gazetteer()
