"""The `places` stage: every named place in China, from province to residential compound.

1. **Gazetteer** (``extractor.gazetteer``): one Aho-Corasick pass finds every official name and every
   short form (兰州, 七里河, 东侨) of the provinces, prefectures, counties, zones and townships.
   A full name counts; a short form counts where ``rules/places.toml`` allows it: provinces and
   prefectures always (unless the short form is a common word), counties and zones only when the
   article names a unit above or below them or their full form, or right before them (浙江义乌).
   A short form followed by a road word (中山路), a name that starts a media name (宁德网), a name
   a commoner word runs into (在巴中国, 示范县) is no mention.
2. **Resolution**: a name that fits several units (和平区, 城关镇, 西湖街道) takes the one that the
   article's other places sit above or below; when that leaves more than one, the code stays null.
3. **Suffix rules** below the township (社区, 居委会, 村, 小区) and for townships the gazetteer lacks:
   the name runs left from the suffix to the nearest sound boundary — a place found in step 1
   (a chain: 龚家湾街道|龚家坪东路社区), punctuation, or a boundary word found by jieba on a short
   window (走进|…, 在|…). Generic stems (城市社区, 老旧小区) are no names; 村/镇/乡 need a chain.
4. Overlaps are settled by ``spans.select`` (longest, earliest, gazetteer first); names in a bare
   list of names (a link list the cleaner let through) are dropped; every mention of a place is
   collected into one entry (龚东路社区 joins 龚家坪东路社区); chains and the article's townships
   give ``path``.
"""
from __future__ import annotations

import operator
import re
from bisect import bisect_right, insort
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import regex

from . import gazetteer
from .article import Article, Mention, Place
from .gazetteer import LEVEL_RANK
from .rules import fast_compile, load
from .segment import cut, frequency, tables, word_tag
from .spans import select


def _han(c: str) -> bool:
    """A CJK ideograph (anything else ends a name)."""
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"


@dataclass
class _Config:
    needs_context: frozenset[str]
    context_only: frozenset[str]
    after: re.Pattern  # what follows a name: a media name (group media) or a road (group road)
    boundary: frozenset[str]
    generic: frozenset[str]
    below: dict[str, dict]
    suffix_re: re.Pattern
    zone_after: re.Pattern
    new_areas: frozenset[str]
    geo_chars: str
    stop_tags: frozenset[str]
    weak_tags: frozenset[str]
    unchained_stem: int
    list_min: int
    list_cover: float
    list_items: float
    function_tags: frozenset[str]
    office: tuple[str, ...]
    common_freq: int
    long_suffix_re: re.Pattern  # a suffix of more than one character inside a stem
    suffixes_longest_first: tuple[str, ...]
    # the suffixes the gazetteer's matcher finds beside the place names (what suffix_re.finditer would
    # find, when no two of their occurrences can overlap; else none, and suffix_re scans for them)
    scan_suffixes: tuple[str, ...]
    suffix_rules: dict[str, tuple[str, int, bool]]  # suffix -> (level, max_stem, chain)
    # stem-shapes, one string of characters each
    surname_before: str
    directions: str
    road_words: str
    determiners: str
    area_endings: str
    kind_endings: str


@lru_cache(maxsize=1)
def _config() -> _Config:
    rf = load("places")
    below = dict(rf["below-township"].map)
    alts = "|".join(sorted(below, key=len, reverse=True))
    shape = {k: v for k, v in rf["stem-shapes"].map.items() if isinstance(v, str)}
    return _Config(
        needs_context=frozenset(rf.words("short-needs-context")),
        context_only=frozenset(rf.words("context-only-names")),
        after=fast_compile("(?:(?P<media>%s)|(?P<road>%s))" % (
            rf["media-after"].source.lstrip("^"), rf["road-after"].source.lstrip("^"))),
        boundary=frozenset(rf.words("boundary-words")),
        generic=frozenset(rf.words("generic-stems")),
        below=below,
        suffix_re=re.compile(f"(?:{alts})"),  # plain literals: the stdlib engine scans them faster
        zone_after=fast_compile(rf["zone-after-place"].source),  # tried after most places: re's calls are quicker
        new_areas=frozenset(rf.words("national-new-areas")),
        geo_chars="".join(rf.words("landmark-chars")),
        stop_tags=frozenset(rf["name-boundary-tags"].map["stop"]),
        weak_tags=frozenset(rf["name-boundary-tags"].map["weak"]),
        unchained_stem=int(rf["below-township"].data["unchained_stem"]),
        list_min=int(rf["name-lists"].map["min_places"]),
        list_cover=float(rf["name-lists"].map["min_cover"]),
        list_items=float(rf["name-lists"].map["min_items"]),
        function_tags=frozenset(rf["name-boundary-tags"].map["function"]),
        office=tuple(rf.words("named-by-its-office")),
        common_freq=int(rf["stem-shapes"].map["common_word_frequency"]),
        long_suffix_re=re.compile("|".join(re.escape(x) for x in below if len(x) > 1)),
        suffixes_longest_first=tuple(sorted(below, key=len, reverse=True)),
        scan_suffixes=() if any(b.startswith(a[k:]) or a[k:].startswith(b)
                                for a in below for b in below for k in range(a == b, len(a))) else tuple(below),
        suffix_rules={k: (v["level"], int(v["max_stem"]), bool(v["chain"])) for k, v in below.items()},
        surname_before=shape["surname_before"],
        directions=shape["directions"],
        road_words=shape["road_words"],
        determiners=shape["determiners"],
        area_endings=shape["area_endings"],
        kind_endings=shape["kind_endings"],
    )


@dataclass(slots=True)
class _Hit:
    start: int
    end: int
    name: str
    level: str
    uid: str | None = None  # gazetteer unit, when resolved
    key: str = ""  # what makes two hits the same place
    priority: int = 0
    parent: "_Hit | None" = None
    path: list[str] | None = None


# -- step 1 and 2: gazetteer matches, context, resolution ---------------------------------------

class _Form(NamedTuple):
    """What the places stage knows of one scanned form (the matcher's pattern)."""
    form: str
    opts: tuple[tuple[str, str, bool], ...]  # (unit id, kind, strong) for each unit it may name
    short: bool  # all of them are short forms
    weak_start: tuple[tuple[str, str, bool], ...]  # the options when a word runs into its start
    freq: int  # the form's frequency as a word
    touch: frozenset[str] | None  # when no option is strong: the units and the units above them


def _form_info(g, i: int) -> _Form:
    """The matcher's pattern i: a strong form counts without context; when a word runs into its
    start only provinces and prefectures stay strong."""
    cfg = _config()
    form = g.scan_forms[i]
    units = g.units
    context_only = form in cfg.context_only
    short_strong = form not in cfg.needs_context  # for the short forms of provinces and prefectures
    full_strong = not context_only and len(form) > 2
    opts, weak = [], []  # one pass over the options (a new form is met on most pages of a crawl)
    short = True
    strong_any = False
    for uid, kind in g.scan_options(i):
        level, coded = units.level_coded(uid)
        if kind == "short":
            if level == "township" or context_only:
                continue
            strong = short_strong and level in ("province", "city")
        else:
            short = False
            if not coded and level == "county":
                strong = False  # a district of Hong Kong, Macao or Taiwan (大社区, 中山区): only with its city
            else:  # a one-character stem (范县, 和县) is named only with its parent
                strong = full_strong
        opts.append((uid, kind, strong))
        weak.append((uid, kind, strong and level in ("province", "city")))
        strong_any = strong_any or strong
    touch = None
    if not strong_any:
        near = set()
        for uid, _, _ in opts:
            near.add(uid)
            near.update(g.ancestors(uid))
        touch = frozenset(near)
    return _Form(form, tuple(opts), short, tuple(weak), frequency(form), touch)


@lru_cache(maxsize=1)
def _scan_info(g) -> dict[int, _Form]:
    """``_form_info`` by pattern, filled in as patterns are first matched (a dict of the few hundred met,
    not a list as long as the forms, which every full collection of the collector would walk)."""
    return {}


def _starts_word(text: str, s: int, e: int) -> bool:
    """Whether jieba starts a word at s in the few characters around [s, e) (示范县 has no 范县)."""
    lo = max(0, s - 3)
    at = lo
    for w in cut(text[lo:e]):
        if at == s:
            return True
        if at > s:
            return False
        at += len(w)
    return at == s


def _is_word(text: str, s: int, e: int, f: int, freq: dict[str, int]) -> bool:
    """A two-character name (of word frequency ``f``) is a word of its text unless a commoner word
    straddles its start or its end and jieba, on a few characters around it, does not cut the text
    there (在巴中国移民, 南沙湾区块)."""
    if not ((s > 0 and freq.get(text[s - 1:s + 1], 0) > f) or (e < len(text) and freq.get(text[e - 1:e + 1], 0) > f)):
        return True
    lo = max(0, s - 2)
    at = lo
    start = s == lo
    for w in cut(text[lo:e + 2]):
        at += len(w)
        if at == s:
            start = True
        elif at == e:
            return start
        elif at > e:
            break
    return False


# _checked's verdicts by what it reads: the form, three characters before it, two after it and what the
# after-pattern finds there (a name is mostly met again in the same few surroundings)
_CHECKED: dict = {}
_MEMO_MAX = 1 << 17  # entries kept per memo before it starts afresh (a bound on memory)


# _checked's verdict: (opts, strong, level), a plain tuple of strings, which the collector stops walking
# (a crawl's memo holds up to _MEMO_MAX of them):
#   opts    the options that remain
#   strong  the units of the strong ones
#   level   the level of the one unit when it is the only option and strong: no context needed
_Checked = tuple


def _checked(text: str, s: int, e: int, info: _Form, cfg: _Config, freq: dict[str, int]) -> _Checked | None:
    """The options of a match at [s, e) once the text around it is read, or None when it is no
    mention: a word runs into it (在巴中国, 示范县), it starts a media name (宁德网); before a road
    word (中山路) only its full forms count. Remembered by what it reads: the form, three characters
    before it, two after it and what the after-pattern finds there."""
    m = cfg.after.match(text, e) if e < len(text) else None
    after = m.lastgroup if m is not None else None
    key = (info.form, text[s - 3 if s > 3 else 0:s], text[e:e + 2], after)
    got = _CHECKED.get(key, _CHECKED)
    if got is _CHECKED:
        got = _checked_new(key, text, s, e, info, after, freq)
    return got


def _checked_new(key: tuple, text: str, s: int, e: int, info: _Form, after: str | None,
                 freq: dict[str, int]) -> _Checked | None:
    """``_checked`` on a memo miss (``key``: its memo key; ``after``: the after-pattern's group)."""
    if len(_CHECKED) >= _MEMO_MAX:
        _CHECKED.clear()
    opts = _check(text, s, e, info, after, freq)
    got = _CHECKED[key] = None if opts is None else _checked_opts(opts)
    return got


def _checked_opts(opts: tuple) -> _Checked:
    strong = tuple(uid for uid, _, st in opts if st)
    level = None
    if len(opts) == 1 and strong:
        level = gazetteer.get().units[strong[0]].level
    return opts, strong, level


def _check(text: str, s: int, e: int, info: _Form, after: str | None, freq: dict[str, int]):
    """``_checked`` (``after``: the group the after-pattern matched at e, or None)."""
    opts, short = info.opts, info.short
    n = len(text)
    c = text[s - 1] if s else ""
    if c and ("\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"):  # a Han character before it
        if e - s == 2:
            if short:
                if not _is_word(text, s, e, info.freq, freq):
                    return None
            elif not _starts_word(text, s, e):
                return None
        if not short and freq.get(text[s - 1:s + 1], 0) > 0:
            # a word runs into the name's start (南沙|湾区 → 沙湾区?): the name needs the article's support
            opts = info.weak_start
    elif short and e - s == 2 and e < n and _han(text[e]) and not _is_word(text, s, e, info.freq, freq):
        return None
    if after is not None:
        if after == "media":
            return None
        opts = tuple(o for o in opts if o[1] != "short")  # a road
    return opts or None


def _gazetteer_hits(text: str, cfg: _Config) -> tuple[list[_Hit], list[tuple[int, int, str]] | None]:
    """The gazetteer's mentions in the text, none starting inside another, and the occurrences of the
    suffixes the matcher looks for too (``cfg.scan_suffixes``): (start, end, suffix) in text order, or
    None when it looks for none."""
    g = gazetteer.get()
    extra = cfg.scan_suffixes
    if extra:
        matches, suffixes = g.matcher(extra).scan(text)
    else:
        matches, suffixes = g.matcher(()).find_matches_as_indexes(text, overlapping=True), None
    if not matches:
        return [], suffixes
    info = _scan_info(g)
    freq = tables()[0]
    units = g.units
    # One pass in the matcher's order, which is by end: the matches that end where a match starts (a
    # chain's first link: 浙江义乌, 广州南沙) all come before it.
    # Most matches are short forms that need context (资源 for 资源县, 幸福 for 幸福开发区) and nothing in
    # the article gives it: their text checks wait until the article's other places show that they
    # could count (options None: not checked yet).
    found: list[tuple] = []  # (start, -end, form, uid, level, resolved) of the matches settled here
    pending: list[list] = []  # [start, end, info, options, choice] of the others, in order
    by_end: dict[int, list[str]] = {}  # end -> strong units of the matches checked at once
    evidence: set[str] = set()  # units named unambiguously by a strong form
    n = len(text)
    after, memo = cfg.after.match, _CHECKED
    for i, s, e in matches:
        fi = info.get(i)
        if fi is None:
            fi = info[i] = _form_info(g, i)
        before = by_end.get(s)
        if fi.touch is None:
            m = after(text, e) if e < n else None  # _checked, its memo looked up here (most matches)
            key = (fi.form, text[s - 3 if s > 3 else 0:s], text[e:e + 2], m.lastgroup if m is not None else None)
            got = memo.get(key, memo)
            if got is memo:
                got = _checked_new(key, text, s, e, fi, key[3], freq)
            if got is None:
                continue
            opts, strong, level = got
            if strong:
                if e in by_end:
                    by_end[e].extend(strong)
                else:
                    by_end[e] = list(strong)
            if not before:
                if level is not None:  # one unit, strong: no context needed
                    evidence.add(strong[0])
                    found.append((s, -e, fi.form, strong[0], level, True))
                    continue
                if len(strong) == 1:
                    evidence.add(strong[0])
                pending.append([s, e, fi, opts, None])
                continue
        elif before:
            got = _checked(text, s, e, fi, cfg, freq)
            if got is None:
                continue  # no mention (found by the text checks)
            opts, strong, _ = got
        else:
            pending.append([s, e, fi, None, None])
            continue
        # a chain: a form right after a place above it stands on its own
        if len(strong) < len(opts):  # not all strong
            opts = tuple((uid, kind, st or any(b in g.ancestors(uid) for b in before)) for uid, kind, st in opts)
            strong = [uid for uid, _, st in opts if st]
        if len(strong) == 1:
            evidence.add(strong[0])
            if len(opts) == 1:  # one unit, strong: no context needed
                found.append((s, -e, fi.form, strong[0], units[strong[0]].level, True))
                continue
        pending.append([s, e, fi, opts, None])
    todo = pending
    unit_info = _unit_info(g)
    for _round in range(2):  # a second round lets places resolved in the first resolve others
        implied = set(evidence)
        for uid in evidence:
            implied.update(g.ancestors(uid))
        before = len(evidence)
        still = []
        for r in todo:
            opts = r[3]
            if opts is None:
                touch = r[2].touch
                if touch.isdisjoint(implied) and touch.isdisjoint(evidence):
                    still.append(r)  # nothing of the article touches it (yet): no place
                    continue
                got = _checked(text, r[0], r[1], r[2], cfg, freq)
                opts = r[3] = got[0] if got is not None else ()
                if not opts:
                    continue  # no mention (found by the text checks)
            got = r[4] = _resolve(g, opts, evidence, implied, unit_info)
            if got is not None and got[2]:
                evidence.add(got[0])
            else:
                still.append(r)
        if not still or len(evidence) == before:
            break
        todo = still
    for s, e, fi, _, got in pending:
        if got is not None:
            found.append((s, -e, fi.form) + got)
    # a name does not start inside a name that starts before it (上海城市: 上海, not 海城市); sorted by
    # start, the longest first (no two matches share a span: the tuples never compare further)
    found.sort()
    hits = []
    end = -1
    for s, e, form, uid, level, ok in found:
        e = -e
        if s >= end:
            hits.append(_Hit(s, e, form, level, uid, "u:" + uid) if ok else _Hit(s, e, form, level, None, "n:" + form))
            end = e
    return hits, suffixes


@lru_cache(maxsize=1)
def _unit_info(g) -> dict:
    """uid -> (level, level rank, ancestor ids nearest first, their level ranks), filled in on first use."""
    return {}


def _unit(g, uid: str) -> tuple:
    got = _unit_info(g).get(uid)
    if got is None:
        units = g.units
        level = units.level_coded(uid)[0]
        anc = g.ancestors(uid)
        got = _unit_info(g)[uid] = (level, LEVEL_RANK[level], anc,
                                    tuple(LEVEL_RANK[units.level_coded(a)[0]] for a in anc))
    return got


# the context a form needs when it is not strong on its own, by level: a city's short form wants
# something else of its province, a county's something of its city, a zone's short form its full name
# (a county's full name that is a common word, 新城区 or 范县, wants its province)
_NEEDED = {"province": -1, "city": -0.5, "county": 0.5, "zone": 99, "township": 99}


def _resolve(g, opts, evidence, implied, info):
    """(uid or None, level, resolved) for one match, or None when it is no place.

    A unit's context is how close the article's other places sit to it: 99 when the unit itself is
    named in full; else the level rank of the nearest named unit above it (or of the unit itself when
    one below it is named); a unit above it with some other unit under it named counts half a level
    less; -9 when nothing of the article touches it. ``info``: ``_unit_info(g)``."""
    if len(opts) == 1 and opts[0][2]:
        return opts[0][0], _unit(g, opts[0][0])[0], True
    live = []
    for uid, kind, strong in opts:
        u = info.get(uid) or _unit(g, uid)
        level, rank, anc, ranks = u
        if uid in evidence:
            ctx = 99
        elif uid in implied or not (implied.isdisjoint(anc) and evidence.isdisjoint(anc)):
            ctx = rank if uid in implied else -9.0
            for a, r in zip(anc, ranks):
                if a in evidence:
                    ctx = max(ctx, r)
                elif a in implied:
                    ctx = max(ctx, r - 0.5)
        elif not strong:
            continue  # nothing of the article touches it (the common case: 资源 for 资源县)
        else:
            ctx = -9.0
        need = 0 if kind == "full" and level != "zone" else _NEEDED[level]
        if strong or ctx >= need:
            live.append((uid, kind, strong, ctx, level, rank))
    if not live:
        return None
    if len(live) > 1 and any(x[2] for x in live):  # a reading that stands on its own beats one the context merely allows
        live = [x for x in live if x[2] or x[3] >= 99]
    if len(live) == 1:
        return live[0][0], live[0][4], True
    # several units fit: the one the article's places sit nearest to
    top = max(x[3] for x in live)
    best = [x for x in live if x[3] == top]
    if top >= 0 and len(best) == 1:
        return best[0][0], best[0][4], True
    # a short form shared by units of different levels reads as the highest of them (吉林, 海南)
    ranks = sorted(x[5] for x in best)
    if all(x[1] == "short" for x in best) and ranks[0] < ranks[1]:
        x = min(best, key=_rank)
        return x[0], x[4], True
    levels = [x[4] for x in best]
    return None, max(levels, key=levels.count), False  # the commonest level, first in source order on a tie


def _rank(x: tuple) -> int:
    return x[5]


# -- step 3: suffix rules ------------------------------------------------------------------------

def _left_stem(text: str, p: int, max_stem: int, ends: dict[int, "_Hit"], cfg: _Config):
    """(stem start, anchor hit or None, the stem's words) for a name ending at p, or None when no sound
    boundary.

    The name runs left from p over words that can be part of a name; it ends at a place found
    before it (the anchor of a chain), at a non-Han character, at a boundary word, or at a word whose
    part of speech cannot open a name (a verb, adverb, time word, pronoun, preposition...). A word
    right before a road or landmark word is part of the name whatever its part of speech (开放路).
    """
    lo = max(0, p - max_stem - 3)
    floor, anchor = lo, None
    q = p
    while q > lo:  # the nearest place end or non-Han character to the left
        if q in ends:
            floor, anchor = q, ends[q]
            break
        c = text[q - 1]
        if not ("\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"):
            floor = q
            break
        q -= 1
    if floor == p:
        return None
    tags = tables()[2]
    boundary, surname_before = cfg.boundary, cfg.surname_before
    stem_start = p
    stopped = False
    right = ""
    taken: list[str] = []
    for w in reversed(cut(text[floor:p])):
        if len(w) == 1:
            surname = len(right) > 1 and right[0] in surname_before  # 于|家庄
            if not surname and (w in boundary or tags.get(w) in cfg.function_tags):
                stopped = True  # a preposition, conjunction, particle or pronoun split off by itself (据|东湖)
                break
        else:
            if w in boundary or (tags.get(w) in cfg.stop_tags and not _landmark(right, cfg)):
                stopped = True
                break
        stem_start -= len(w)
        right = w
        taken.append(w)
    if not stopped and not (anchor is not None or floor == 0 or not _han(text[floor - 1])):
        return None  # the window ran out without a boundary
    if stem_start > floor:
        anchor = None
    if p - stem_start > max_stem:
        return None
    taken.reverse()
    return stem_start, anchor, taken


def _landmark(word: str, cfg: _Config) -> bool:
    """路, 街, 东路, 南街: a bare landmark word, which takes the word before it into the name."""
    if not word or word[-1] not in cfg.geo_chars:
        return False
    return len(word) == 1 or (len(word) == 2 and word[0] in cfg.directions and word[1] in cfg.road_words)


def _name_like(stem: str, words: list[str], suffix: str, anchored: bool, cfg: _Config, office: bool = False) -> bool:
    """Whether a stem names a place (see rules/places.toml: generic-stems, stem-shapes); ``office``: the
    suffix is followed by the place's own office (党委, 居委会), which makes a one-word stem a name."""
    if len(stem) < 2 or cfg.long_suffix_re.search(stem):
        return False
    generic = cfg.generic
    if stem[-1] + suffix in generic or stem[-2:] + suffix in generic:
        return False  # 农村, 乡镇: the suffix ends a common word
    w0 = words[0]
    if len(w0) > 1 and w0[0] in cfg.determiners and (w0[1:] in generic or frequency(w0[1:]) >= 1000):
        return False  # 各乡镇街道: a determiner glued to a common word by the segmenter
    if stem[-1] in cfg.area_endings:
        return False  # 老城区街道, 市区社区: a known place would have been the anchor; this is a kind of area
    if stem[-1] in cfg.kind_endings and (len(words[-1]) != 2):
        return False  # 学习型社区, 开放式小区, 五星级社区: a kind, not a name (石化小区 is one)
    if office and len(words) == 1 and stem not in generic:
        return True  # 阳光社区党委: a common word, but one community's office follows (优秀社区书记 is generic)
    n_generic = sum(1 for w in words if w in generic)
    if n_generic >= 2 or n_generic == len(words):
        return False
    last = words[-1]
    if len(last) == 1 and word_tag(last) in cfg.stop_tags and last not in cfg.geo_chars:
        return False  # 约上小区: a localizer or adverb, no name, right before the suffix
    if not anchored:
        if w0 in generic and (len(words) <= 2 or all(len(w) == 1 for w in words[1:])) \
                and not _landmark(last, cfg):
            return False
        if len(words) == 1 and (frequency(stem) >= cfg.common_freq or word_tag(stem) in cfg.weak_tags):
            return False
    return True


# _left_stem and _name_like's verdict on a suffix by what they read: the suffix, the text from the
# character before the floor (the nearest place end or non-Han character left of it) up to it, whether the
# floor is a place end or the text's start, and whether the place's office follows the suffix
_STEMS: dict = {}
_HAN_TAIL = re.compile("[\u4e00-\u9fff\u3400-\u4dbf]*\\Z")  # searched up to p: where the Han run before p starts


def _stem_verdict(text: str, p: int, suffix: str, max_stem: int, chain: bool, ends: dict[int, "_Hit"],
                  cfg: _Config, office: bool):
    """(name length before the suffix at p, whether the place before it anchors it) or None: no name."""
    got = _left_stem(text, p, max_stem, ends, cfg)
    if got is None:
        return None
    s, anchor, words = got
    if anchor is None and (chain or p - s > cfg.unchained_stem):
        return None
    if p - s < 2:
        return None  # no name of one character (the first test of _name_like)
    if not _name_like(text[s:p], words, suffix, anchor is not None, cfg, office):
        return None
    return p - s, anchor is not None


def _suffix_hits(text: str, found: list[_Hit], cfg: _Config, suffixes: list[tuple[int, int, str]] | None) -> list[_Hit]:
    """Names below the township by their suffix (``found``: the gazetteer's hits, in text order;
    ``suffixes``: the suffixes' occurrences, when the matcher found them)."""
    if suffixes is None:
        suffixes = [(m.start(), m.end(), m.group()) for m in cfg.suffix_re.finditer(text)]
    ends = {h.end: h for h in found}  # no two of them overlap
    end_list = list(ends)  # in order, for bisect
    out: list[_Hit] = []
    boundary, generic, rules, memo = cfg.boundary, cfg.generic, cfg.suffix_rules, _STEMS
    for p, e, suffix in suffixes:
        if p < 2:
            continue
        c = text[p - 1]
        if not ("\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf") or c in boundary:
            continue  # no name can end right here (该社区, 的小区, “社区)
        level, max_stem, chain = rules[suffix]
        k = bisect_right(end_list, p)
        near = end_list[k - 1] if k else -1  # the nearest place end up to p
        if chain:
            before = near if near < p else end_list[k - 2] if k > 1 else -1
            if before < 0 or before < p - max_stem:
                continue  # 村/镇/乡 need a place right before the name: cheap test before segmenting
        g_hit = ends.get(e)
        if g_hit is not None and g_hit.start < p and (
                g_hit.start == 0 or g_hit.start in ends or not _han(text[g_hit.start - 1])
                or text[g_hit.start - 1] in boundary):
            continue  # the suffix ends a gazetteer name that nothing could extend (西站街道)
        if text[p - 2:p] in generic and (p == 2 or not _han(text[p - 3]) or text[p - 3] in boundary):
            continue  # 城市社区, 老旧小区 after a boundary: no name
        # the floor (as _left_stem finds it): the nearest place end or non-Han character left of p
        lo = p - max_stem - 3 if p > max_stem + 3 else 0
        floor = _HAN_TAIL.search(text, lo, p).start()
        anchor = None
        if near > lo and near >= floor:
            floor = near
            anchor = ends[near]
        office = text.startswith(cfg.office, e)
        key = (suffix, text[floor - 1 if floor else 0:p], floor == 0, anchor is None, office)
        got = memo.get(key, memo)
        if got is memo:
            if len(memo) >= _MEMO_MAX:
                memo.clear()
            got = memo[key] = _stem_verdict(text, p, suffix, max_stem, chain, ends, cfg, office)
        if got is None:
            continue
        s = p - got[0]
        if g_hit is not None and g_hit.start == s:
            continue  # the gazetteer has it already
        name = text[s:e]
        hit = _Hit(s, e, name, level, None, "n:" + name, 1, anchor if got[1] else None)  # positional: quicker
        out.append(hit)
        if e not in ends:  # a chain may go on below it (兰亭社区逸涛小区)
            ends[e] = hit
            insort(end_list, e)
    return out


def _zone_hits(text: str, found: list[_Hit], cfg: _Config) -> list[_Hit]:
    """Zones named by their place (兰州新区 if the source lacked it, 宁德高新区) and the national new
    areas (雄安新区); codes only come from the gazetteer, which found its own zones already."""
    g = gazetteer.get()
    out: list[_Hit] = []
    for h in found:
        if h.uid is None or h.level not in ("province", "city", "county"):
            continue
        m = cfg.zone_after.match(text, h.end)
        if m is not None:
            out.append(_Hit(h.start, m.end(), text[h.start:m.end()], "zone", key=f"n:{text[h.start:m.end()]}",
                            priority=1, path=g.path(h.uid) + [g.units[h.uid].name]))
    i = text.find("新区")
    while i >= 0:
        for k in (4, 3, 2):
            if i >= k and text[i - k:i] in cfg.new_areas:
                name = text[i - k:i + 2]
                out.append(_Hit(i - k, i + 2, name, "zone", key=f"n:{name}", priority=1))
                break
        i = text.find("新区", i + 2)
    return out


def _repeats(text: str, hits: list[_Hit], spans: set[tuple[int, int]]) -> list[_Hit]:
    """Every other occurrence of a name found once by a suffix rule, and township short forms (none
    at the spans of ``hits``)."""
    g = gazetteer.get()
    out: list[_Hit] = []
    seen: set[str] = set()
    find = text.find

    def every(needle: str, h: _Hit) -> None:
        """Each occurrence of ``needle`` not at a span of ``hits``, as a repeat of ``h``."""
        n = len(needle)
        i = find(needle)
        while i >= 0:
            if (i, i + n) not in spans:
                out.append(_Hit(i, i + n, needle, h.level, h.uid, h.key, 2))
            i = find(needle, i + 1)

    for h in hits:
        name = h.name
        if name in seen:
            continue
        seen.add(name)
        if h.uid is None and h.priority == 1:
            every(name, h)
        if h.level == "township":
            stem = None
            if h.uid is not None:
                stem = next(iter(g.short_forms(h.uid)), None)
            elif name.endswith(("街道", "镇", "乡")):
                stem = name[: -2 if name.endswith("街道") else -1]
            if stem and len(stem) >= 2 and stem[-1] not in "区市县镇乡":
                every(stem, h)
    return out


# -- step 4: one entry per place -----------------------------------------------------------------

_HAN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf]")
_SEPARATORS = regex.compile(r"[|｜/·•\s]+")  # not 、 or ，: prose enumerates with them


def _drop_name_lists(text: str, hits: list[_Hit], cfg: _Config) -> list[_Hit]:
    """Mentions in a bare list of names (a navigation bar or link list the cleaner let through) are
    no mentions: a line split by separators into min_places or more items, most of them places
    (小店区 | 迎泽区 | 杏花岭区 …), or a run of min_places or more short lines that are each a place name
    (one per line). A chain (北京怀柔区泉河街道) or prose (长沙、株洲、湘潭三市联动) is no such list.
    ``hits`` are in text order."""
    if len(hits) < cfg.list_min:
        return hits
    lines: list[tuple[int, int, list[_Hit]]] = []  # (start, end, hits) of each line with a hit, in order
    line_end = -1
    short = 0  # lines of 24 characters or fewer
    for h in hits:
        if h.start > line_end:  # a new line (hits hold no line breaks)
            start = text.rfind("\n", 0, h.start) + 1
            line_end = text.find("\n", h.start)
            if line_end < 0:
                line_end = len(text)
            line_hits = [h]
            lines.append((start, line_end, line_hits))
            if line_end - start <= 24:
                short += 1
        else:
            line_hits.append(h)
    # no line holds enough names (none can when the hits outnumber the lines by fewer than list_min - 1)
    # and too few are short enough to make a run
    if short < cfg.list_min and (len(hits) - len(lines) < cfg.list_min - 1
                                 or all(len(line_hits) < cfg.list_min for _, _, line_hits in lines)):
        return hits
    drop: set[int] = set()
    run: list[int] = []  # consecutive lines that are a single place name

    def end_run() -> None:
        if len(run) >= cfg.list_min:
            drop.update(run)
        run.clear()

    prev_end = -1
    for start, end, line_hits in lines:
        line = text[start:end]
        if len(line_hits) >= cfg.list_min:
            covered_at = bytearray(len(line))  # 1 where a place name covers the character
            for h in line_hits:
                covered_at[h.start - start:h.end - start] = b"\x01" * (h.end - h.start)
            items = placey = 0
            at = 0
            for sep in _SEPARATORS.finditer(line + " "):
                if sep.start() > at:  # the item line[at:sep.start()]
                    items += 1
                    placey += covered_at.count(1, at, sep.start()) >= 0.6 * (sep.start() - at)
                at = sep.end()
            if items >= cfg.list_min and placey >= cfg.list_items * items:
                drop.add(start)
        name_line = False
        if len(line) <= 24:  # a short line: is it just a place name?
            han = len(_HAN.findall(line))
            covered = sum(h.end - h.start for h in line_hits)
            name_line = han <= 12 and covered >= cfg.list_cover * max(han, 1)
        if name_line and prev_end >= 0 and text[prev_end:start].strip("\n \t") == "":
            run.append(start)
        else:
            end_run()
            if name_line:
                run.append(start)
        prev_end = end
    end_run()
    if not drop:
        return hits
    return [h for start, _, line_hits in lines if start not in drop for h in line_hits]


def _select(hits: list[_Hit]) -> list[_Hit]:
    """``spans.select`` (longest, earliest, priority), applied cluster by cluster of overlapping spans."""
    hits = sorted(hits, key=_start)
    out: list[_Hit] = []
    i, n = 0, len(hits)
    while i < n:
        end = hits[i].end
        j = i + 1
        while j < n and hits[j].start < end:
            if hits[j].end > end:
                end = hits[j].end
            j += 1
        if j == i + 1:
            out.append(hits[i])  # alone: most are
        else:
            out.extend(_settle(hits[i:j]))
        i = j
    return out


def _settle(cluster: list[_Hit]) -> list[_Hit]:
    if len(cluster) == 1:
        return cluster
    if len(cluster) == 2:  # the commonest case, two overlapping spans: ``select`` keeps the better one
        a, b = cluster
        ka, kb = (a.start - a.end, a.start, a.priority), (b.start - b.end, b.start, b.priority)
        return [b] if kb < ka else [a]
    return select(cluster, _span, _priority)


_start = operator.attrgetter("start")


def _span(h: _Hit) -> tuple[int, int]:
    return h.start, h.end


def _priority(h: _Hit) -> int:
    return h.priority


def _suffix_len(name: str, cfg: _Config) -> int:
    return next((len(x) for x in cfg.suffixes_longest_first if name.endswith(x)), 0)


def _merge_abbreviations(groups: dict[str, list[_Hit]], cfg: _Config) -> list[str]:
    """龚东路社区 after 龚家坪东路社区: a shorter name whose characters run in order through a longer
    name of the same level, with the same first character and suffix, is a mention of it. Returns
    the keys of the groups that took in another."""
    names = {k: v[0] for k, v in groups.items() if k.startswith("n:")}
    merged: list[str] = []
    if len(names) < 2:
        return merged
    alike: dict[tuple[str, str], list[tuple[str, _Hit]]] = {}  # by level and first character
    for k, h in names.items():
        alike.setdefault((h.level, h.name[0]), []).append((k, h))
    if all(len(same) < 2 for same in alike.values()):
        return merged
    for k, h in names.items():
        same = alike[(h.level, h.name[0])]
        if len(same) < 2 or k not in groups:
            continue
        n = len(h.name)
        suffix_len = _suffix_len(h.name, cfg)
        longer = [k2 for k2, h2 in same if k2 != k and k2 in groups and len(h2.name) > n
                  and _subsequence(h.name, h2.name, suffix_len, cfg)]
        if len(longer) == 1:
            groups[longer[0]].extend(groups.pop(k))
            merged.append(longer[0])
    return merged


def _subsequence(short: str, long: str, suffix_len: int, cfg: _Config) -> bool:
    """龚东路社区 in 龚家坪东路社区 (same first character and ending, the characters in order, not a
    prefix), or 三湾社区 for 三湾街社区 (the long name adds one landmark character)."""
    a, b = short[:-suffix_len], long[:-suffix_len]
    if short[-suffix_len:] != long[-suffix_len:] or len(a) < 2:
        return False
    if len(b) == len(a) + 1 and b.startswith(a) and b[-1] in cfg.geo_chars:
        return True
    it = iter(b)
    return all(c in it for c in a) and a[-1] == b[-1] and not b.startswith(a)


def run(article: Article) -> None:
    text = article.text
    if not text:
        article.places = []
        return
    cfg = _config()
    g = gazetteer.get()
    found, suffixes = _gazetteer_hits(text, cfg)
    below = _suffix_hits(text, found, cfg, suffixes) + _zone_hits(text, found, cfg)
    first = _select(found + below)
    spans = {(h.start, h.end) for h in first}
    more = _repeats(text, first, spans)
    kept = _select(first + more) if more else first
    kept = _drop_name_lists(text, kept, cfg)

    groups: dict[str, list[_Hit]] = {}  # kept is in text order, and so is each group
    for h in kept:
        group = groups.get(h.key)
        if group is None:
            groups[h.key] = [h]
        else:
            group.append(h)
    merged = _merge_abbreviations(groups, cfg)
    for key in merged:
        if key in groups:
            groups[key].sort(key=_start)
    # by first mention (the order the groups were made in, unless some took in others)
    entries = sorted(groups.items(), key=_first_start) if merged else groups.items()

    townships = None  # the article's townships, for communities found outside a chain
    by_key_name: dict[str, str] = {}
    places: list[Place] = []
    for key, hs in entries:
        h0 = hs[0]
        mentions = [Mention(h.start, h.end) for h in hs]
        if h0.uid is not None:
            uid = h0.uid
            u = g.units[uid]
            name = h0.name
            if len(hs) > 1:
                full = g.full_forms(uid)
                name = next((h.name for h in hs if h.name in full), name)
            place = Place(name, u.level, u.code, g.path(uid), mentions, "gazetteer")
        else:
            if len(hs) == 1:
                name, parent, path = h0.name, h0.parent, h0.path or []
            else:
                name = max((h.name for h in hs), key=len)
                parent = next((h.parent for h in hs if h.parent is not None), None)
                path = next((h.path for h in hs if h.path), [])
            level = h0.level
            if parent is None and level in ("community", "compound"):
                if townships is None:
                    townships = [k for k, v in groups.items() if v[0].level == "township"]
                if len(townships) == 1:
                    parent = groups[townships[0]][0]
            if parent is not None and LEVEL_RANK[parent.level] < LEVEL_RANK[level]:
                if parent.uid is not None:
                    path = g.path(parent.uid) + [g.units[parent.uid].name]
                else:
                    ppath = next((p.path for p in places if p.name == by_key_name.get(parent.key)), [])
                    path = ppath + [parent.name]
            place = Place(name, level, None, path, mentions, "suffix" if h0.priority else "gazetteer")
        by_key_name[key] = place.name
        places.append(place)
    article.places = places


def _first_start(kv: tuple[str, list[_Hit]]) -> int:
    return kv[1][0].start
