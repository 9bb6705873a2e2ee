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
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import count, islice
from operator import itemgetter, le, methodcaller
from typing import NamedTuple

import regex

from . import segment
from .article import Article, Brand, Mention
from .rules import RuleError, fast_compile, load
from .sentences import sentence_bounds
from .spans import select

# Hot patterns use the stdlib ``re``: a call costs a fraction of ``regex``'s, and they need no \p{..}.
# The innermost quoted span on one line that is plainly no sentence, after its opening mark (“ or ‘):
# no quote marks, no sentence punctuation, at most 20 characters inside (the full test is the `speech`
# rule). A quote that fails only the last two tests holds no opening mark either, so the scan goes on
# after it as it would after a match: the quotes are those of a scan of all quotes that drops the
# sentences afterwards. No quote holds another's opening mark: quotes never overlap.
_QUOTE = r"([^“”‘’\n，。！？!?；;]{1,20})[”’]"
_TITLE = re.compile(r"《[^《》\n]{0,60}》")
_HAN = re.compile(r"[\u3400-\u9fff]")
# What may stand between two quotes of one list: nothing, 、/和/与/及, or a short word then 、
# (“A”服务在前、“B”教育在前).
_LIST_GLUE = re.compile(r"[、和与及]?|[\u4e00-\u9fff]{1,4}、")
# Head nouns are looked for in the 12 characters after a closing quote.
_REACH = 12
# The per-name memos hold at most this many names (then start afresh): names repeat across articles.
_MEMO = 1 << 15

_REJECT_PATTERNS = ("speech", "honors", "counted-generics", "meetings", "persons", "measures")


class _Name(NamedTuple):
    """What a candidate name says by itself, whatever the article: worked out once per name."""
    evidence: str  # "morphology", "formula" or "": the evidence the name is on its own
    rejected: bool  # a hard rejection applies (_rejected)
    needs: tuple[str, bool] | None  # (rule, right after only): a brand only with a head noun
    strips: tuple[tuple[str, str, str | None], ...]  # (core, name kept, head): see _strip_head
    merges: tuple[str, ...]  # the names it is a longer form of, best first: see _merge_target


@dataclass
class _Rules:
    heads: dict[str, str]
    # “ and ‘ + _QUOTE, then (group 2) the head noun right after the closing quote, or (group 3) one after
    # a gap, which may run out of reach: one pattern per opening mark, as re scans for one character
    # several times faster than for a set
    quotes: tuple[re.Pattern, re.Pattern]
    head_gap_re: re.Pattern
    verbs: frozenset[str]
    gap_verbs: frozenset[str]
    gap_verb_lengths: tuple[int, ...]
    far_verbs: frozenset[str]  # verbs that may stand a short modifier away from the quote
    verb_lasts: frozenset[str]  # last characters of the verbs, and of the far verbs: a cheap first test
    far_lasts: frozenset[str]
    # a verb, 了/出 maybe, and up to four characters but a line break right before the quote: what
    # every verb _verb_before finds needs, tried first as most quotes have none (no Han class: re
    # compiles one slowly)
    verb_near: re.Pattern
    verb_reach: int  # how far before the quote verb_near looks
    verb_lengths: tuple[int, ...]
    # Patterns tried on a name once (then memoized) are the loader's own compiles: re's compile of
    # their Han classes would cost more than all their calls (~20 ms for the first article).
    morphology: regex.Pattern
    formula: regex.Pattern
    unquoted: re.Pattern | regex.Pattern
    suffixes: tuple[str, ...]  # in the rule's order
    unquoted_suffixes: tuple[str, ...]  # longest first
    generic_stems: frozenset[str]
    reject: re.Pattern | regex.Pattern  # any of the _REJECT_PATTERNS rules
    scare: frozenset[str]
    ordinary: regex.Pattern
    figurative: regex.Pattern  # 红色 + an abstract noun: a figure of speech unless a head noun names it
    blocked: frozenset[str]  # terms of art and national formulas
    common_freq: int
    modifier_suffixes: tuple[str, ...]
    longest_head: int = 0
    names: dict[str, _Name] = field(default_factory=dict)  # memo of _name
    own: dict[str, str] = field(default_factory=dict)  # memo of _own
    kinds: dict[tuple[str, str | None, bool], str] = field(default_factory=dict)  # memo of _kind_of
    verb_windows: dict[str, bool] = field(default_factory=dict)  # memo of _verb_at


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    rf = load("brands")
    far = set(rf["brand-verbs"].data.get("far", []))
    if not far <= set(rf.words("brand-verbs")):
        raise RuleError(rf.path, rf["brand-verbs"].line,
                        f"brand-verbs: 'far' lists verbs not in 'words': {sorted(far - set(rf.words('brand-verbs')))}")
    heads = dict(rf["head-nouns"].map)
    # longest first: the longest head here wins; one longer than the reach never fits in it
    alts = "|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True) if len(h) <= _REACH)
    multi = "|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True) if len(h) > 1)
    stops = "".join(re.escape(w) for w in rf.words("gap-stops") if len(w) == 1)
    firsts = re.escape("".join(sorted({h[0] for h in heads})))
    gap = rf"等?[^\W{stops}]{{0,8}}?(?=[{firsts}])({multi})"
    return _Rules(
        heads=heads,
        # 等 may open the gap (“A”“B”等评选活动); the gap holds no function word and no punctuation.
        # The look-ahead only spares trying every head at every length of the gap.
        head_gap_re=re.compile(gap),
        quotes=tuple(re.compile(rf"{mark}{_QUOTE}(?=({alts})|{gap}|)") for mark in "“‘"),
        verbs=frozenset(rf.words("brand-verbs")),
        gap_verbs=frozenset(rf.words("gap-verbs")) | frozenset(rf.words("brand-verbs")),
        gap_verb_lengths=tuple(sorted({len(v) for v in rf.words("gap-verbs") + rf.words("brand-verbs")})),
        far_verbs=frozenset(rf["brand-verbs"].data.get("far", [])),
        verb_lasts=frozenset(v[-1] for v in rf.words("brand-verbs")),
        far_lasts=frozenset(v[-1] for v in rf["brand-verbs"].data.get("far", [])),
        verb_near=re.compile("(?:" + "|".join(map(re.escape, rf.words("brand-verbs"))) + ")[了出]?.{0,4}\\Z"),
        verb_reach=max(map(len, rf.words("brand-verbs"))) + 5,
        verb_lengths=tuple(sorted({len(v) for v in rf.words("brand-verbs")})),
        morphology=rf.pattern("morphology"),
        formula=rf.pattern("formula"),
        unquoted=fast_compile(rf["unquoted"].source),  # tried on every suffix found: re's calls are cheaper
        suffixes=tuple(rf["unquoted"].data["suffixes"]),
        generic_stems=frozenset(rf["unquoted"].data.get("generic-stems", [])),
        unquoted_suffixes=tuple(sorted(rf["unquoted"].data["suffixes"], key=len, reverse=True)),
        # one pattern for all the rejections, by re (a third of regex's time per call): its Han classes
        # cost ~3 ms to compile, paid back after a few hundred new names
        reject=fast_compile("|".join(f"(?:{rf[n].source})" for n in _REJECT_PATTERNS)),
        scare=frozenset(rf.words("scare-words")),
        ordinary=rf.pattern("ordinary-patterns"),
        figurative=rf.pattern("red-generic"),
        blocked=frozenset(rf.words("terms-of-art")) | frozenset(rf.words("national")),
        modifier_suffixes=tuple(rf.words("modifier-suffixes")),
        common_freq=int(rf["scare-words"].data.get("common-word-frequency", 3)),
        longest_head=max(map(len, heads)),
    )


_NO_HEAD = (None, False, False)
_START_OF, _END_OF = itemgetter(0), itemgetter(1)
_start = methodcaller("start")


def _head_in_reach(text: str, m: re.Match, r: _Rules) -> tuple[str | None, bool, bool]:
    """The head noun a short gap after the quote ``m``, found by the quote pattern (group 3): (head,
    False, after 等 — so it names the whole list before it)."""
    pos = m.end()
    start, head = m.start(3), m[3]
    if m.end(3) > pos + _REACH:  # out of reach: what the gap pattern finds within reach
        g = r.head_gap_re.match(text, pos, pos + _REACH)
        if not g:
            return _NO_HEAD
        start, head = g.start(1), g[1]
    gap = text[pos:start]
    if len(gap) > 1 and any(gap[i:i + k] in r.gap_verbs for k in r.gap_verb_lengths for i in range(len(gap) - k + 1)):
        return _NO_HEAD  # the head belongs to a clause of its own
    return head, False, gap.startswith("等")


def _verb_before(text: str, pos: int, r: _Rules) -> bool:
    """A brand verb before the quote, with at most a short modifier between that holds no verb."""
    # no verb in reach: the common case (re reads a negative start as 0)
    return (pos < 5 or r.verb_near.search(text, pos - r.verb_reach, pos) is not None) and _verb_at(text, pos, r)


def _verb_at(text: str, pos: int, r: _Rules) -> bool:
    """_verb_before past its first test. What it reads lies in the verb_reach characters before
    ``pos``, so once ``pos`` is that far into the text the answer is memoized by that window."""
    if pos < r.verb_reach:
        return _verb_in(text, pos, r)
    window = text[pos - r.verb_reach:pos]
    found = r.verb_windows.get(window)
    if found is None:
        if len(r.verb_windows) >= _MEMO:
            r.verb_windows.clear()
        found = r.verb_windows[window] = _verb_in(window, r.verb_reach, r)
    return found


def _verb_in(text: str, pos: int, r: _Rules) -> bool:
    """The search of _verb_at."""
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
    return not any(flag == "v" for _, flag in segment.tag(gap))


def _kind_of(name: str, head: str | None, shared: bool, r: _Rules) -> str:
    """The kind the head noun after the name gives; else the head noun the name ends with (敲门行动),
    which also wins over a head noun shared by a whole list (“A”“B行动”等项目). Memoized."""
    key = (name, head, shared)
    kind = r.kinds.get(key)
    if kind is None:
        if len(r.kinds) >= _MEMO:
            r.kinds.clear()
        kind = r.kinds[key] = _kind(name, head, shared, r)
    return kind


def _kind(name: str, head: str | None, shared: bool, r: _Rules) -> str:
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
    return name in r.blocked or name in r.scare or r.reject.search(name) is not None


def _in_dictionary(name: str) -> bool:
    return segment.frequency(name) > 0


def _common(name: str, r: _Rules) -> bool:
    """An ordinary word: one entry of jieba's dictionary, frequent enough."""
    return segment.frequency(name) >= r.common_freq


def _own(name: str, r: _Rules) -> str:
    """The evidence ``name`` is on its own: "morphology", "formula" or "" (memoized). A name without
    evidence around it needs no more of _name: with none of its own, it is no brand."""
    evidence = r.own.get(name)
    if evidence is None:
        if r.morphology.search(name):
            evidence = "morphology"
        elif r.formula.search(name) and not _in_dictionary(name):
            evidence = "formula"  # a formula is coined: one in the dictionary is an idiom (一问一答)
        else:
            evidence = ""
        if len(r.own) >= _MEMO:
            r.own.clear()
        r.own[name] = evidence
    return evidence


def _name(name: str, r: _Rules) -> _Name:
    """What ``name`` says by itself (memoized)."""
    info = r.names.get(name)
    if info is not None:
        return info
    evidence = _own(name, r)
    if not _HAN.search(name) and "+" not in name:
        needs: tuple[str, bool] | None = ("digits+head", True)  # digits alone (“543”工作法)
    elif "、" in name:
        needs = ("enumeration+head", False)  # an enumeration is a brand only when a head noun names it
    elif name.endswith(r.modifier_suffixes):
        needs = ("modifier+head", False)  # an adjectival name (“枫桥式”派出所) only with a head noun
    elif _common(name, r) or r.ordinary.search(name) or r.figurative.search(name):
        # an ordinary word or a figure of speech needs a head noun right after it (“小板凳”恳谈会,
        # “红色引擎”工程)
        needs = ("common+head", True)
    else:
        needs = None
    strips = tuple((name[:-k], *((name, None) if _rejected(name[:-k], r) else (name[:-k], name[-k:])))
                   for k in range(min(r.longest_head, len(name) - 2), 0, -1) if name[-k:] in r.heads)
    if len(r.names) >= _MEMO:
        r.names.clear()
    info = r.names[name] = _Name(evidence, _rejected(name, r), needs, strips, _merges(name, r))
    return info


def _strip_head(name: str, info: _Name, names: dict) -> tuple[str, str | None]:
    """“民情流水线工程” → (民情流水线, 工程) when 民情流水线 is itself a candidate of the article (and
    no rejected word); ``info`` is the name's _Name."""
    for core, kept, head in info.strips:
        if core in names:
            return kept, head
    return name, None


def _merges(name: str, r: _Rules) -> tuple[str, ...]:
    """The names ``name`` may be a longer form of, best first: 居民说事厅 → 居民说事 (head 厅),
    一表通数字平台 → 一表通 (a head noun at the end), A、B → A (an enumeration that opens with A)."""
    if "、" in name:
        return (name.split("、", 1)[0],)
    return tuple(name[:k] for k in range(len(name) - 1, max(1, len(name) - 5), -1) if (  # len(name) - k <= 4
        name[k:] in r.heads or any(name[k:][-j:] in r.heads for j in range(2, len(name) - k))))


def _merge_target(merges: tuple[str, ...], accepted: dict) -> str | None:
    """The accepted brand that a name is a longer form of, from the name's _Name.merges."""
    for core in merges:
        if core in accepted:
            return core
    return None


def _quote_evidence(text: str, r: _Rules, ev: dict[str, list]) -> None:
    """The evidence of every quoted name, into ``ev`` (see _evidence)."""
    quotes = list(r.quotes[0].finditer(text))
    if "‘" in text:
        quotes += r.quotes[1].finditer(text)
        quotes.sort(key=_start)
    # a quote inside a 《title》 is part of the title; most titles hold no opening quote mark
    titles = [(m.start(), m.end()) for m in _TITLE.finditer(text)] if quotes and "《" in text else None
    if titles and any(text.find("“", s, e) >= 0 or text.find("‘", s, e) >= 0 for s, e in titles):
        starts = [t[0] for t in titles]

        def in_title(pos: int) -> bool:
            i = bisect_right(starts, pos) - 1
            return i >= 0 and pos < titles[i][1]

        quotes = [m for m in quotes if not in_title(m.start())]
    glue = _LIST_GLUE.fullmatch
    near, reach = r.verb_near.search, r.verb_reach
    n = len(quotes)
    i = 0
    while i < n:
        m = quotes[i]
        i += 1
        end = m.end()
        # a list of quotes: “A”“B”, “A”、“B”; the glue is at most five characters, so a longer gap
        # needs no regex to say no
        if i < n and quotes[i].start() - end <= 5 and glue(text, end, quotes[i].start()):
            j = i
            while j < n and quotes[j].start() - quotes[j - 1].end() <= 5 and \
                    glue(text, quotes[j - 1].end(), quotes[j].start()):
                j += 1
            _list_evidence(text, quotes[i - 1:j], r, ev)
            i = j
            continue
        # a lone quote: its head noun right after it (group 2), else one after a gap (group 3)
        name, head, far = m.groups()
        if head:
            adjacent, listed, verb = True, False, False  # with a head noun of its own it needs no verb
        else:
            adjacent = False
            head, _, listed = _head_in_reach(text, m, r) if far else _NO_HEAD
            # a verb governs the quote unless it modifies a noun through 的 (打造“X”的氛围); the
            # first test of _verb_before, inline as most quotes fail it
            start = m.start()
            verb = ((start < 5 or near(text, start - reach, start) is not None)
                    and not text.startswith("的", end) and _verb_at(text, start, r))
        _note(ev, name, head, adjacent, listed, verb)


def _list_evidence(text: str, group: list, r: _Rules, ev: dict[str, list]) -> None:
    """The evidence of the quotes of one list: a verb before the first governs all, a head noun
    after the last names those without one of their own."""
    found = [(m[2], True, False) if m[2] else _head_in_reach(text, m, r) if m[3] else _NO_HEAD
             for m in group]
    verb = not text.startswith("的", group[-1].end()) and _verb_before(text, group[0].start(), r)
    last_head = found[-1][0]
    for m, (head, adjacent, listed) in zip(group, found):
        if head is None and last_head is not None:
            head, adjacent, listed = last_head, False, True
        _note(ev, m[1], head, adjacent, listed, verb)


def _note(ev: dict[str, list], name: str, head: str | None, adjacent: bool, shared: bool, verb: bool) -> None:
    """One quote's evidence into ``ev`` (see _evidence)."""
    if " " in name and (name[0] == " " or name[-1] == " "):
        name = name.strip()
        if not name:
            return
    e = ev.get(name)
    if e is None:
        e = ev[name] = [None, None, None, False, False]
    if head:
        if shared:
            if e[1] is None:
                e[1] = head
        else:
            if e[0] is None:
                e[0] = head
            if adjacent and e[2] is None:
                e[2] = head
    if verb:
        e[3] = True


def _find_words(text: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
    """The spans a regex scan for the alternation words[0]|words[1]|… finds (leftmost, the first
    alternative that fits, no overlaps), by str.find: several times faster than re's scan for a set
    of first characters."""
    found = []
    for k, word in enumerate(words):
        i = text.find(word)
        while i >= 0:
            found.append((i, k))
            i = text.find(word, i + 1)
    found.sort()
    spans = []
    end = 0
    for i, k in found:
        if i >= end:
            end = i + len(words[k])
            spans.append((i, end))
    return spans


def _unquoted_evidence(text: str, r: _Rules, ev: dict[str, list]) -> None:
    """Unquoted names with a station suffix, into ``ev`` (see _evidence)."""
    frequency = segment.frequency
    seen = -1
    for start, end in _find_words(text, r.suffixes):
        # the suffix anchors the scan; the rule's pattern then checks the name and its left edge
        m = r.unquoted.search(text, max(0, start - 8, seen), end + 1)
        if not m or m.end(1) != end:
            continue
        seen = m.end(1)
        name = m.group(1)
        suffix = next((x for x in r.unquoted_suffixes if name.endswith(x)), "")
        if len(name) - len(suffix) < 3 or frequency(name) > 0 or name[:-len(suffix)] in r.generic_stems:
            continue  # 党员之家, 职工之家: generic; a dictionary word is no coined name
        e = ev.get(name)
        if e is None:
            e = ev[name] = [None, None, None, False, False]
        e[4] = True


def _evidence(text: str, r: _Rules) -> dict[str, list]:
    """Each candidate name, in order of first occurrence (quoted ones first), with its evidence in
    the article: [its own head noun (the first), a head noun shared by its list (the first), a head
    noun right after it (the first), a brand verb before it, an unquoted mention]."""
    ev: dict[str, list] = {}
    if "“" in text or "‘" in text:
        _quote_evidence(text, r, ev)
    _unquoted_evidence(text, r, ev)
    return ev


def _decide(ev: list, info: _Name) -> tuple[str | None, str, bool] | None:
    """(head, rule, head shared by a list) when a name (its _Name ``info``) with its evidence ``ev``
    is a brand, else None."""
    own, listed, adjacent, verb, unquoted = ev
    evidence, rejected, needs = info[:3]
    head = own or listed  # its own head noun first
    if head:
        rule = "head"
    elif verb:
        rule = "verb"
    elif evidence:
        rule = evidence
    elif unquoted:
        rule = "unquoted"
    else:
        return None  # no evidence: most scare quotes end here
    if rejected:
        return None
    if needs:
        rule, right_after = needs
        if right_after:
            head = adjacent
        if not head:
            return None
    return head, rule, own is None and head is not None


def _sentence(text: str, start: int, end: int) -> str:
    s, e = sentence_bounds(text, start, end)
    return text[s:e]


def _place_mentions(article: Article) -> list[tuple[int, int, int, str]]:
    """Every place mention as (start, order, end, place), sorted by start; ``order`` is the mention's rank
    in the places' own order, which breaks ties as a scan of the places would."""
    order = count()
    out = [(m.start, next(order), m.end, p.name) for p in article.places for m in p.mentions]
    out.sort()  # by start, then order (unique): ties stay in the places' order, no key function
    return out


def _place_for(text: str, places: list[tuple[int, int, int, str]], start: int, end: int,
               s: int, e: int) -> str | None:
    """The place of the brand at [start, end), whose sentence is [s, e): only the mentions inside the
    sentence are looked at, found by bisection."""
    best = None
    best_score = best_order = 0
    for ms, order, me, name in islice(places, bisect_left(places, s, key=_START_OF), None):
        if ms > e:
            break
        if me > e:
            continue
        q = text.rfind("“", s, ms)
        if q >= 0 and text.find("”", q, ms) < 0:
            continue  # a place inside quotes is part of a name (“上海会议”)
        # nearest mention before the brand wins; one after it only when none comes before
        score = start - me if me <= start else 10_000 + ms - end
        if score >= 0 and (best is None or score < best_score or (score == best_score and order < best_order)):
            best, best_score, best_order = name, score, order
    return best


def _resolve_overlaps(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Non-overlapping spans in text order. Overlaps (居民说事 inside 居民说事厅) go to the one
    policy, ``spans.select``, one cluster of overlapping spans at a time, so a long text with
    thousands of mentions stays linear."""
    spans.sort()
    if all(map(le, map(_END_OF, spans), map(_START_OF, islice(spans, 1, None)))):
        return spans  # no overlap: the common case, tested in C
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
    ev = _evidence(text, r)
    accepted: dict[str, tuple[str | None, str, bool]] = {}  # name → (head, rule, head shared)
    longer: list[tuple[str, tuple[str, ...]]] = []  # accepted names that may be longer forms, with their merges
    known = r.names
    for name, e in ev.items():
        info = known.get(name)
        if info is None:
            if not (e[0] or e[1] or e[3] or e[4]) and not _own(name, r):
                continue  # no evidence at all (most scare quotes): _decide says None, whatever the rest of _name
            info = _name(name, r)
        decided = _decide(e, info)
        if decided is None:
            continue
        # “民情流水线工程” beside “民情流水线”: one brand under the core name
        core, inner_head = _strip_head(name, info, ev) if info.strips else (name, None)
        if core not in accepted:
            accepted[core] = decided if decided[0] else (inner_head, decided[1], False)
            merges = (info if core == name else _name(core, r)).merges
            if merges:
                longer.append((core, merges))
    for name, merges in longer:
        target = _merge_target(merges, accepted)
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
        ms = mentions.get(name)
        if ms is None:
            mentions[name] = [Mention(s, e)]
        else:
            ms.append(Mention(s, e))
    brands = []
    places = _place_mentions(article) if article.places else None
    for name, ms in mentions.items():
        head, rule, shared = accepted[name]
        first = ms[0]
        s, e = sentence_bounds(text, first.start, first.end)
        place = _place_for(text, places, first.start, first.end, s, e) if places else None
        # by position (name, kind, head, place, sentence, mentions, rule): half the cost of keywords
        brands.append(Brand(name, _kind_of(name, head, shared, r), head, place, text[s:e], ms, rule))
    article.brands = brands  # in order of first mention, as ``mentions`` is
