"""The `brands` stage: named local programs, stations, teams, methods and campaigns.

Candidates are quoted spans (“X” and ‘X’, innermost) and unquoted names with a station suffix.
A candidate becomes a brand when it has evidence — a head noun right after it (“X”工作法), a
brand verb before it (打造“X”), brand morphology (红色X, X驿站, 党建+X, a name ending in 行动 or
项目), a coined numbered formula (一征三议两公开) — and no rejection applies (speech, scare quotes
around ordinary words, terms of art, national meetings and policies, honours, person titles,
《titles》). Ordinary words (jieba's dictionary), enumerations with 、, bare digits and adjectival
names (X式, X型) need a head noun. Quotes that stand in a list (“A”“B”等活动, “A”、“B”) share the
evidence of the list. All word lists and patterns live in ``rules/brands.toml``; this module only
combines them. Repetition alone is not evidence: on real pages it mostly repeats scare quotes.

Each brand is reported once with every mention of its name in the text, quoted or not (names of
one or two characters only where quoted); longer quoted forms (“民情流水线工程”, “居民说事厅”)
count as mentions of the core name. ``place`` is the place named in the sentence of the first
mention (the nearest before it, else the first after it; never one inside quotes), ``sentence``
that sentence.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

import regex

from . import segment
from .article import Article, Brand, Mention
from .rules import RuleError, fast_compile, load
from .sentences import sentence_bounds
from .spans import select

# Hot patterns use the stdlib ``re``: a call costs a fraction of ``regex``'s, and they need no \p{..}.
# The innermost quoted span on one line: no quote marks inside.
_QUOTE = re.compile(r"[“‘]([^“”‘’\n]{1,40})[”’]")
_TITLE = re.compile(r"《[^《》\n]{0,60}》")
_HAN = re.compile(r"[\u3400-\u9fff]")
# Plainly a sentence, dropped before any work (the full test is the `speech` rule).
_SPEECH = re.compile(r"[，。！？!?；;]|^.{21,}$")
# What may stand between two quotes of one list: nothing, 、/和/与/及, or a short word then 、
# (“A”服务在前、“B”教育在前).
_LIST_GLUE = re.compile(r"[、和与及]?|[\u4e00-\u9fff]{1,4}、")




_REJECT_PATTERNS = ("speech", "honors", "counted-generics", "meetings", "persons", "measures")


@dataclass
class _Rules:
    heads: dict[str, str]
    head_re: re.Pattern
    head_gap_re: re.Pattern
    head_firsts: re.Pattern  # the first characters of the head nouns: both patterns need one in reach
    verbs: frozenset[str]
    gap_verbs: frozenset[str]
    gap_verb_lengths: tuple[int, ...]
    far_verbs: frozenset[str]  # verbs that may stand a short modifier away from the quote
    verb_lasts: frozenset[str]  # last characters of the verbs, and of the far verbs: a cheap first test
    far_lasts: frozenset[str]
    any_last: re.Pattern  # any of those, or 了/出 (打造了“X”)
    verb_lengths: tuple[int, ...]
    morphology: re.Pattern | regex.Pattern
    formula: re.Pattern | regex.Pattern
    unquoted: regex.Pattern
    unquoted_suffix: re.Pattern
    unquoted_suffixes: tuple[str, ...]  # longest first
    generic_stems: frozenset[str]
    reject: re.Pattern | regex.Pattern  # the _REJECT_PATTERNS rules as one alternation
    scare: frozenset[str]
    ordinary: re.Pattern | regex.Pattern
    figurative: re.Pattern | regex.Pattern  # 红色 + an abstract noun: a figure of speech unless a head noun names it
    blocked: frozenset[str]  # terms of art and national formulas
    common_freq: int
    modifier_suffixes: tuple[str, ...]
    longest_head: int = 0


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    rf = load("brands")
    far = set(rf["brand-verbs"].data.get("far", []))
    if not far <= set(rf.words("brand-verbs")):
        raise RuleError(rf.path, rf["brand-verbs"].line,
                        f"brand-verbs: 'far' lists verbs not in 'words': {sorted(far - set(rf.words('brand-verbs')))}")
    heads = dict(rf["head-nouns"].map)
    alts = "|".join(regex.escape(h) for h in sorted(heads, key=len, reverse=True))
    multi = "|".join(regex.escape(h) for h in sorted(heads, key=len, reverse=True) if len(h) > 1)
    stops = "".join(regex.escape(w) for w in rf.words("gap-stops") if len(w) == 1)
    return _Rules(
        heads=heads,
        head_re=re.compile(rf"(?:{alts})"),
        head_firsts=re.compile("[" + re.escape("".join(sorted({h[0] for h in heads}))) + "]"),
        # 等 may open the gap (“A”“B”等评选活动); the gap holds no function word and no punctuation
        head_gap_re=re.compile(rf"等?[^\W{stops}]{{0,8}}?({multi})"),
        verbs=frozenset(rf.words("brand-verbs")),
        gap_verbs=frozenset(rf.words("gap-verbs")) | frozenset(rf.words("brand-verbs")),
        gap_verb_lengths=tuple(sorted({len(v) for v in rf.words("gap-verbs") + rf.words("brand-verbs")})),
        far_verbs=frozenset(rf["brand-verbs"].data.get("far", [])),
        verb_lasts=frozenset(v[-1] for v in rf.words("brand-verbs")),
        far_lasts=frozenset(v[-1] for v in rf["brand-verbs"].data.get("far", [])),
        any_last=re.compile("[" + re.escape("".join(sorted({v[-1] for v in rf.words("brand-verbs")} | set("了出"))))
                            + "]"),
        verb_lengths=tuple(sorted({len(v) for v in rf.words("brand-verbs")})),
        morphology=fast_compile(rf["morphology"].source),
        formula=rf.pattern("formula"),  # few calls: not worth re's compile of the Han class
        unquoted=rf.pattern("unquoted"),
        unquoted_suffix=re.compile("|".join(map(re.escape, rf["unquoted"].data["suffixes"]))),
        generic_stems=frozenset(rf["unquoted"].data.get("generic-stems", [])),
        unquoted_suffixes=tuple(sorted(rf["unquoted"].data["suffixes"], key=len, reverse=True)),
        reject=fast_compile("|".join(f"(?:{rf[n].source})" for n in _REJECT_PATTERNS)),
        scare=frozenset(rf.words("scare-words")),
        ordinary=rf.pattern("ordinary-patterns"),  # likewise
        figurative=fast_compile(rf["red-generic"].source),
        blocked=frozenset(rf.words("terms-of-art")) | frozenset(rf.words("national")),
        modifier_suffixes=tuple(rf.words("modifier-suffixes")),
        common_freq=int(rf["scare-words"].data.get("common-word-frequency", 3)),
        longest_head=max(map(len, heads)),
    )


@dataclass(slots=True)
class _Cand:
    name: str
    start: int  # span of the name in article.text (inside the quotes)
    end: int
    quoted: bool
    head: str | None = None  # head noun following the closing quote
    head_adjacent: bool = False  # the head noun follows the quote directly
    verb: bool = False
    rule: str = ""
    shared: bool = False  # the head noun follows a later quote of the same list


def _head_after(text: str, pos: int, r: _Rules) -> tuple[str | None, bool, bool]:
    """The head noun after a closing quote at ``pos``: (head, adjacent, after 等 — so it names the
    whole list before it)."""
    if not r.head_firsts.search(text, pos, pos + 12):
        return None, False, False  # no head noun starts in reach: the common case
    m = r.head_re.match(text, pos, pos + 12)  # alternatives longest first: the longest head here
    if m:
        return m.group(0), True, False
    m = r.head_gap_re.match(text, pos, pos + 12)
    if m:
        gap = text[pos:m.start(1)]
        if len(gap) > 1 and any(gap[i:i + k] in r.gap_verbs for k in r.gap_verb_lengths for i in range(len(gap) - k + 1)):
            return None, False, False  # the head belongs to a clause of its own
        return m.group(1), False, gap.startswith("等")
    return None, False, False


def _verb_before(text: str, pos: int, r: _Rules) -> bool:
    """A brand verb before the quote, with at most a short modifier between that holds no verb."""
    if pos >= 5 and not r.any_last.search(text, pos - 5, pos):
        return False  # no verb can end in the five characters before the quote: the common case
    verbs, lengths, verbs_lasts = r.verbs, r.verb_lengths, r.verb_lasts
    gap = None
    for g in range(0, 5):  # the verb nearest the quote wins
        end = pos - g
        if g and not ("\u3400" <= text[end] <= "\u9fff"):
            return False
        allowed = verbs if g == 0 else r.far_verbs
        c = text[end - 1:end]
        if c not in (verbs_lasts if g == 0 else r.far_lasts) and c not in "了出":
            continue  # no verb (nor verb + 了/出) can end here
        for k in lengths:
            if text[end - k:end] in allowed or (text[end - 1:end] in "了出" and text[end - 1 - k:end - 1] in allowed):
                gap = text[end:pos]
                break
        if gap is not None:
            break
    if gap is None:
        return False
    if not gap:
        return True
    from .segment import tag

    return not any(flag == "v" for _, flag in tag(gap))


def _kind_of(name: str, head: str | None, shared: bool, r: _Rules) -> str:
    """The kind the head noun after the name gives; else the head noun the name ends with (敲门行动),
    which also wins over a head noun shared by a whole list (“A”“B行动”等项目)."""
    if head and not shared:
        return r.heads.get(head, "other")
    for k in range(min(r.longest_head, len(name) - 1), 1, -1):
        kind = r.heads.get(name[-k:])
        if kind:
            return kind
    if head:
        return r.heads.get(head, "other")
    kind = r.heads.get(name[-1:]) if len(name) > 2 else None
    if kind:
        return kind
    if r.formula.search(name) or "+" in name:
        return "method"  # 三社两化, 1+4+N: numbered formulas name ways of working
    return "other"


def _rejected(name: str, r: _Rules) -> bool:
    """A hard rejection: never a brand, whatever the evidence."""
    if len(name) < 2 and not name.isdigit():
        return True
    return name in r.blocked or name in r.scare or bool(r.reject.search(name))


def _in_dictionary(name: str) -> bool:
    return segment.frequency(name) > 0


def _common(name: str, r: _Rules) -> bool:
    """An ordinary word: one entry of jieba's dictionary, frequent enough."""
    return segment.frequency(name) >= r.common_freq


def _quote_candidates(text: str, r: _Rules) -> list[_Cand]:
    quotes = [m for m in _QUOTE.finditer(text) if not _SPEECH.search(m.group(1))]
    if "《" in text:  # a quote inside a 《title》 is part of the title
        titles = [(m.start(), m.end()) for m in _TITLE.finditer(text)]
        starts = [t[0] for t in titles]

        def in_title(pos: int) -> bool:
            i = bisect_right(starts, pos) - 1
            return i >= 0 and pos < titles[i][1]

        quotes = [m for m in quotes if not in_title(m.start())]
    cands: list[_Cand] = []
    # group quotes that stand in a list: “A”“B”, “A”、“B”
    groups: list[list] = []
    prev_end = -1
    glue = _LIST_GLUE.fullmatch
    for m in quotes:
        # the glue is at most five characters: a longer gap needs no regex to say no
        if prev_end >= 0 and m.start() - prev_end <= 5 and glue(text, prev_end, m.start()):
            groups[-1].append(m)
        else:
            groups.append([m])
        prev_end = m.end()
    for group in groups:
        found = [_head_after(text, m.end(), r) for m in group]
        # a verb governs the quotes unless they modify a noun through 的 (打造“X”的氛围); a lone
        # quote with a head noun of its own right after it needs no verb
        verb = (not (len(group) == 1 and found[0][1])
                and not text.startswith("的", group[-1].end()) and _verb_before(text, group[0].start(), r))
        last_head = found[-1][0]
        for m, (head, adj, listed) in zip(group, found):
            name = m.group(1)
            s = m.start(1)
            if name[0] == " " or name[-1] == " ":
                name = name.strip()
                if not name:
                    continue
                s += len(m.group(1)) - len(m.group(1).lstrip())
            shared = listed or (head is None and last_head is not None)
            if head is None and last_head is not None:
                head, adj = last_head, False
            cands.append(_Cand(name, s, s + len(name), True, head, adj, verb, "", shared))
    return cands


def _unquoted_candidates(text: str, r: _Rules) -> list[_Cand]:
    frequency = segment.frequency
    out = []
    seen = -1
    for hit in r.unquoted_suffix.finditer(text):
        # the suffix anchors the scan; the rule's pattern then checks the name and its left edge
        m = r.unquoted.search(text, max(0, hit.start() - 8, seen), hit.end() + 1)
        if not m or m.end(1) != hit.end():
            continue
        seen = m.end(1)
        name = m.group(1)
        suffix = next((x for x in r.unquoted_suffixes if name.endswith(x)), "")
        if len(name) - len(suffix) < 3 or frequency(name) > 0 or name[:-len(suffix)] in r.generic_stems:
            continue  # 党员之家, 职工之家: generic; a dictionary word is no coined name
        out.append(_Cand(name=name, start=m.start(1), end=m.end(1), quoted=False, rule="unquoted"))
    return out


def _strip_head(name: str, names: set[str], r: _Rules) -> tuple[str, str | None]:
    """“民情流水线工程” → (民情流水线, 工程) when 民情流水线 is itself a candidate of the article."""
    for k in range(min(r.longest_head, len(name) - 2), 0, -1):
        if name[-k:] in r.heads and name[:-k] in names:
            return name[:-k], name[-k:]
    return name, None


def _decide(name: str, occ: list[_Cand], r: _Rules) -> tuple[bool, str | None, str]:
    """(is a brand, head, rule) for all occurrences of one candidate name."""
    heads = [c for c in occ if c.head]
    if len(heads) > 1:
        heads.sort(key=lambda c: c.shared)  # its own head noun first (the sort is stable)
    if heads:
        head, rule = heads[0].head, "head"
    elif any(c.verb for c in occ):
        head, rule = None, "verb"
    elif r.morphology.search(name):
        head, rule = None, "morphology"
    elif r.formula.search(name) and not _in_dictionary(name):
        head, rule = None, "formula"  # a formula is coined: one in the dictionary is an idiom (一问一答)
    elif any(not c.quoted for c in occ):
        head, rule = None, "unquoted"
    else:
        return False, None, ""  # no evidence: most scare quotes end here, unchecked
    if _rejected(name, r):
        return False, None, ""
    adjacent = [c for c in heads if c.head_adjacent]
    if not _HAN.search(name) and "+" not in name:
        # digits alone (“543”工作法) need a head noun right after them
        return (bool(adjacent), adjacent[0].head if adjacent else None, "digits+head")
    if "、" in name:
        # an enumeration is a brand only when a head noun names it
        return (bool(heads), head, "enumeration+head")
    if name.endswith(r.modifier_suffixes):
        # an adjectival name (“枫桥式”派出所) counts only when a head noun follows it
        return (bool(heads), head, "modifier+head")
    if _common(name, r) or r.ordinary.search(name) or r.figurative.search(name):
        # an ordinary word or a figure of speech needs a head noun right after it (“小板凳”恳谈会,
        # “红色引擎”工程)
        return (bool(adjacent), adjacent[0].head if adjacent else None, "common+head")
    return True, head, rule


def _merge_target(name: str, accepted: dict, r: _Rules) -> str | None:
    """The accepted brand that ``name`` is a longer form of: 居民说事厅 → 居民说事 (head 厅),
    一表通数字平台 → 一表通 (a head noun at the end), A、B → A (an enumeration that opens with A)."""
    if "、" in name:
        first = name.split("、", 1)[0]
        return first if first in accepted else None
    for k in range(len(name) - 1, 1, -1):
        core, rest = name[:k], name[k:]
        if core not in accepted or len(rest) > 4:
            continue
        if rest in r.heads or any(rest[-j:] in r.heads for j in range(2, len(rest))):
            return core
    return None


def _sentence(text: str, start: int, end: int) -> str:
    s, e = sentence_bounds(text, start, end)
    return text[s:e]


def _place_mentions(article: Article) -> tuple[list[int], list[tuple[int, int, int, str]]]:
    """Every place mention as (start, order, end, place), sorted by start; ``order`` is the mention's rank
    in the places' own order, which breaks ties as a scan of the places would."""
    out = sorted((m.start, k, m.end, name) for k, (m, name) in
                 enumerate((m, p.name) for p in article.places for m in p.mentions))
    return [x[0] for x in out], out


def _place_for(text: str, places: tuple[list[int], list[tuple[int, int, int, str]]], start: int, end: int,
               s: int, e: int) -> str | None:
    """The place of the brand at [start, end), whose sentence is [s, e): only the mentions inside the
    sentence are looked at, found by bisection."""
    starts, mentions = places
    best: tuple[int, int, str] | None = None
    for i in range(bisect_left(starts, s), len(starts)):
        ms, order, me, name = mentions[i]
        if ms > e:
            break
        if me > e:
            continue
        q = text.rfind("“", s, ms)
        if q >= 0 and text.find("”", q, ms) < 0:
            continue  # a place inside quotes is part of a name (“上海会议”)
        # nearest mention before the brand wins; one after it only when none comes before
        score = start - me if me <= start else 10_000 + ms - end
        if score >= 0 and (best is None or (score, order) < best[:2]):
            best = (score, order, name)
    return best[2] if best else None


def _resolve_overlaps(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Non-overlapping spans in text order. Overlaps (居民说事 inside 居民说事厅) go to the one
    policy, ``spans.select``, one cluster of overlapping spans at a time, so a long text with
    thousands of mentions stays linear."""
    spans.sort()
    kept: list[tuple[int, int, str]] = []
    cluster: list[tuple[int, int, str]] = []
    reach = -1
    for span in spans:
        if cluster and span[0] >= reach:
            kept.extend(cluster if len(cluster) == 1 else select(cluster, lambda x: (x[0], x[1])))
            cluster = []
        cluster.append(span)
        reach = max(reach, span[1]) if len(cluster) > 1 else span[1]
    if cluster:
        kept.extend(cluster if len(cluster) == 1 else select(cluster, lambda x: (x[0], x[1])))
    return kept


def run(article: Article) -> None:
    text = article.text
    r = _rules()
    cands = _quote_candidates(text, r) + _unquoted_candidates(text, r)
    by_name: dict[str, list[_Cand]] = {}
    for c in cands:
        by_name.setdefault(c.name, []).append(c)
    names = set(by_name)
    accepted: dict[str, tuple[str | None, str, bool]] = {}  # name → (head, rule, head shared)
    for name, occ in by_name.items():
        ok, head, rule = _decide(name, occ, r)
        if not ok:
            continue
        shared = head is not None and not any(c.head == head and not c.shared for c in occ)
        # “民情流水线工程” beside “民情流水线”: one brand under the core name
        core, inner_head = _strip_head(name, names, r)
        if core != name and _rejected(core, r):
            core, inner_head = name, None
        accepted.setdefault(core, (head, rule, shared) if head else (inner_head, rule, False))
    for name in list(accepted):
        target = _merge_target(name, accepted, r)
        if target and target != name:
            head, rule, shared = accepted.pop(name)
            if accepted[target][0] is None and head:
                accepted[target] = (head, accepted[target][1], shared)
    if not accepted:
        article.brands = []
        return
    # every occurrence of every accepted name; overlaps resolved by the one policy
    spans: list[tuple[int, int, str]] = []
    for name in accepted:
        i = text.find(name)
        while i >= 0:
            # a name of one or two characters (福乐, 初心) is too common a string to count unquoted
            if len(name) > 2 or (i and text[i - 1] in "“‘"):
                spans.append((i, i + len(name), name))
            i = text.find(name, i + 1)
    kept = _resolve_overlaps(spans)
    mentions: dict[str, list[Mention]] = {}
    for s, e, name in kept:
        mentions.setdefault(name, []).append(Mention(s, e))
    brands = []
    places = _place_mentions(article) if article.places else None
    for name, ms in mentions.items():
        head, rule, shared = accepted[name]
        first = ms[0]
        s, e = sentence_bounds(text, first.start, first.end)
        brands.append(Brand(name=name, kind=_kind_of(name, head, shared, r), head=head,
                            place=_place_for(text, places, first.start, first.end, s, e) if places else None,
                            sentence=text[s:e], mentions=ms, rule=rule))
    brands.sort(key=lambda b: b.mentions[0].start)
    article.brands = brands
