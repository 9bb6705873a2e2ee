"""The `numbers` stage: numeric claims (建成26个, 2.4万多名志愿者, 近600平方米, 65%) with value, unit,
qualifier, object and verb.

One regex pass anchored on numeral characters finds numerals (Arabic, Chinese, mixed, ranges,
percentages) that a measure word, 大, % or a 万/亿 follows; the numeral parser (``numerals.py``, grammar
in ``rules/numerals.toml``) gives each its value. Everything else is data in ``rules/numbers.toml``: the
measure words (longest match), the qualifiers around the numeral, the governing verbs, and the
exclusions, each of which looks at one place (the characters before the numeral, the claim, the
characters after it, its quotation or its sentence). A numeral inside a place or brand that the
earlier stages found (七台河市, “三联两促”) is part of the name, not a claim; idioms (三三两两) and
sentences repeated word for word are found once per article. Words are looked up in jieba's
dictionary only for the few claims that need them (X大Y, a noun after 万/亿, the counted object), over
a window of a dozen characters — never by segmenting the article.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

from . import numerals, segment
from .article import Article, Number
from .rules import fast_compile
from .spans import select

_WINDOW = 12  # characters of context on each side for the exclusions
_CLAUSE_END = set(",，。;；:：!！?？()（）“”‘’\"《》【】[]、\n …—")
_FILLERS = "有达为了是共计"  # may stand between a qualifier and its numeral: 约有, 超过了
_HAN = re.compile("[\u3400-\u9fff\uf900-\ufaff]")
_OBJ_TAIL_WORDS = ("等", "了", "共", "累计", "各类", "各", "已", "均", "达", "有", "的", "总", "为", "在")
_OBJ_TAIL = re.compile("(?:" + "|".join(_OBJ_TAIL_WORDS) + ")+$")  # words that end the text before a numeral
_OBJ_TAIL_LASTS = frozenset(w[-1] for w in _OBJ_TAIL_WORDS)


@dataclass(eq=False)  # compared and hashed by identity
class _Exclusion:
    """One exclusion rule of rules/numbers.toml, compiled (see the file's header for the fields)."""
    name: str
    where: str
    words: tuple[str, ...] = ()
    pattern: object = None
    table: dict = field(default_factory=dict)
    needs: str = ""
    units: frozenset[str] | None = None
    claim: object = None
    unless: tuple[str, ...] = ()

    def applies(self, claim: str, unit: str) -> bool:
        """The filters that look at the claim alone: ``units`` and ``claim``."""
        return (self.units is None or unit in self.units) and (self.claim is None or bool(self.claim.match(claim)))


def _any_of(rules: list[_Exclusion]):
    """One pattern that matches where any of the rules' patterns does: a single test in the common case."""
    if not rules:
        return None
    return fast_compile("|".join(f"(?:{x.pattern.pattern})" for x in rules))


class _ExclusionIndex:
    """The exclusions grouped by where they look, so that a claim costs a few look-ups: one match for all
    the claim rules, a set look-up for the before words, one search for the before patterns and one for
    the window rules' characters. The ``units`` and ``claim`` filters are tested only for a rule whose own
    test is reached, so nothing is planned per claim text (most claims of a new page are texts not seen
    before); the after rules are listed once per unit."""

    def __init__(self, rules: tuple[_Exclusion, ...]):
        by = lambda where: tuple(x for x in rules if x.where == where)  # noqa: E731
        self.claim = by("claim")
        self.claim_any = _any_of(list(self.claim))  # one match rules most claims out
        before = by("before")
        self.before_words: dict[str, tuple[_Exclusion, ...]] = {}
        for x in before:
            for w in x.words:
                self.before_words[w] = self.before_words.get(w, ()) + (x,)
        self.before_lasts = frozenset(w[-1] for w in self.before_words)  # a word ends in its last character
        self.before_len = max(map(len, self.before_words), default=0)
        self.before_patterns = tuple(x for x in before if not x.words)
        self.before_any = _any_of(list(self.before_patterns))
        self._after, self._glued = by("after"), by("glued")
        self.after_by_unit: dict[str, tuple[tuple[_Exclusion, object], ...]] = {}
        self.window = by("window")
        self.window_needs = _chars("".join(x.needs for x in self.window)) if self.window else None
        self.needs = {x.name: _chars(x.needs) for x in self.window}
        self.quote, self.sentence = by("quote"), by("sentence")

    def after(self, unit: str) -> tuple[tuple[_Exclusion, object], ...]:
        """The rules matched right after a claim with this unit, and their patterns: the after rules that
        the ``units`` filter lets through, then the glued words of the unit (kept in after_by_unit)."""
        ok = lambda x: x.units is None or unit in x.units  # noqa: E731
        found = tuple((x, x.pattern) for x in self._after if ok(x)) + \
            tuple((x, x.table[unit]) for x in self._glued if unit in x.table and ok(x))
        self.after_by_unit[unit] = found
        return found

    def first(self, text: str, s: int, ue: int, unit: str, ls: int, le: int) -> str | None:
        """The name of a rule that excludes the claim text[s:ue] (its line is text[ls:le]), or None."""
        claim = text[s:ue]
        lo = s - _WINDOW if s - _WINDOW > ls else ls
        # ``unless``: text[lo:s], the text before the numeral, ends with one of its words (none: False)
        if self.claim_any is not None and self.claim_any.match(claim):
            for x in self.claim:
                if x.pattern.match(claim) and x.applies(claim, unit) and not text.endswith(x.unless, lo, s):
                    return x.name
        if s > lo and text[s - 1] in self.before_lasts:
            for k in range(1, min(self.before_len, s - lo) + 1):
                for x in self.before_words.get(text[s - k:s], ()):
                    if x.applies(claim, unit) and not text.endswith(x.unless, lo, s):
                        return x.name
        if self.before_any is not None:
            last = text[s - 6 if s - 6 > lo else lo:s]
            if self.before_any.search(last):
                for x in self.before_patterns:
                    if x.pattern.search(last) and x.applies(claim, unit) and not text.endswith(x.unless, lo, s):
                        return x.name
        hi = ue + _WINDOW if ue + _WINDOW < le else le
        after = self.after_by_unit.get(unit)
        if after is None:
            after = self.after(unit)
        if after:
            rest = text[ue:hi]
            for x, pattern in after:
                if pattern.match(rest) and (x.claim is None or x.claim.match(claim)) and \
                        not text.endswith(x.unless, lo, s):
                    return x.name
        # the window's characters are before + claim + after: searched in place, not joined
        if self.window and self.window_needs.search(text, lo, hi):
            for x in self.window:
                if self.needs[x.name].search(text, lo, hi) and x.applies(claim, unit) and \
                        not text.endswith(x.unless, lo, s) and \
                        x.pattern.search(text[lo:s] + "⟨" + claim + "⟩" + text[ue:hi]):
                    return x.name
        if self.quote:  # the quotation “…” holding the claim, within its line (none if a ” closes one before it)
            qs = text.rfind("“", ls, s)
            if qs >= 0 and text.find("”", qs, s) < 0:
                qe = text.find("”", ue, le)
                if qe > qs + 1:
                    q = text[qs + 1:qe]
                    for x in self.quote:
                        if x.pattern.search(q) and x.applies(claim, unit) and not text.endswith(x.unless, lo, s):
                            return x.name
        for x in self.sentence:  # the filters and unless first: they are cheaper than finding the sentence
            if x.applies(claim, unit) and not text.endswith(x.unless, lo, s) and \
                    x.pattern.search(_sentence(text, s, ue)):
                return x.name
        return None


@lru_cache(maxsize=None)
def _chars(chars: str) -> re.Pattern:
    """A pattern for any one of ``chars`` (few distinct sets: compiled once each)."""
    return re.compile("[" + re.escape("".join(sorted(set(chars)))) + "]")


def _sentence(text: str, s: int, ue: int) -> str:
    """The sentence of the claim text[s:ue], without its end mark."""
    m = _SENTENCE_BACK.match(text, 0, s)
    lo = m.end() if m else 0
    m = _SENTENCE_FWD.search(text, ue)
    return text[lo:m.start() if m else len(text)].strip()


@dataclass(frozen=True)
class _Rules:
    candidate: re.Pattern  # a numeral, then the longest measure word or spelling if one follows (group unit)
    starts: re.Pattern  # where a candidate can start (a necessary test): see _next_candidate()
    spellings: dict[str, str]
    qual_before: dict[str, str]
    qual_before_len: int
    qual_bare: dict[str, str]
    qual_inside: dict[str, str]
    qual_after: dict[str, str]
    qual_lasts: frozenset[str]  # the last characters of qual_before and qual_bare
    qual_after_firsts: frozenset[str]  # the first characters of qual_after
    big_count: frozenset[str]
    noun_stop: frozenset[str]
    money: re.Pattern
    verb_or_mark: re.Pattern  # see _verb()
    exclusions: _ExclusionIndex
    sections: dict[str, int]  # 万, 亿: the multipliers that close a numeral
    pairs: dict[str, tuple[int, int]]  # 两三, 三四 … 八九: neighbouring digits, a rough range
    single: dict[str, int]  # one-character numerals, looked up without parsing
    digit_chars: frozenset[str]
    object_stops: frozenset[str]
    idioms: re.Pattern
    idiom_chars: frozenset[str]  # every character of an idiom: no idiom match crosses any other


def _exclusions(rf) -> tuple[_Exclusion, ...]:
    from .rules import RuleError, check_pattern

    def checked(source: str, line: int):
        """A pattern written in a rule's data: checked as the loader checks patterns (file and line
        in its errors), run by the faster compiler."""
        check_pattern(source, rf.path, line)
        return fast_compile(source)

    out = []
    for r in rf.rules.values():
        where = r.data.get("exclude")
        if where is None or where in ("overlap", "name"):
            continue
        if where not in ("before", "claim", "after", "window", "glued", "quote", "sentence"):
            raise RuleError(rf.path, r.line, f"rule {r.name!r}: unknown exclude {where!r}")
        if where == "window" and not r.data.get("needs"):
            raise RuleError(rf.path, r.line, f"rule {r.name!r}: a window exclusion needs 'needs'")
        pat = fast_compile(r.source) if r.kind == "pattern" else None  # the loader checked its syntax
        table = {u: checked(v, r.line) for u, v in r.map.items()} if where == "glued" else {}
        out.append(_Exclusion(
            name=r.name, where=where, words=tuple(r.words), pattern=pat, table=table,
            needs=r.data.get("needs", ""),
            units=frozenset(r.data["units"]) if "units" in r.data else None,
            claim=checked(r.data["claim"], r.line) if "claim" in r.data else None,
            unless=tuple(r.data.get("unless", ())),
        ))
    return tuple(out)


_GROUPS = ("pword", "pnum", "pnum2", "num", "num2", "pct", "unit")  # the candidate's groups, in order


def _alternation(words) -> str:
    """A pattern for the longest of ``words`` at a position: one alternative per first character (re
    rejects the others by that character alone, one by one: they come in the order of ``words``, the
    common measure words first), longer words first within it."""
    by_first: dict[str, list[str]] = {}
    for w in dict.fromkeys(words):
        by_first.setdefault(w[0], []).append(w[1:])
    return "|".join(re.escape(c) + ("(?:" + "|".join(map(re.escape, sorted(rest, key=len, reverse=True))) + ")"
                                    if rest != [""] else "")
                    for c, rest in by_first.items())


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    from .rules import load

    rf = load("numbers")
    g = numerals.grammar()
    cn = re.escape("".join(sorted(set(g.chars))))
    digits = re.escape("".join(sorted(g.digits)))
    point = re.escape("".join(sorted(g.point)))
    sections = re.escape("".join(sorted(g.sections)))
    ar = r"[0-9]+(?:,[0-9]{3}(?![0-9]))*(?:\.[0-9]+)?"
    num = rf"(?:{ar}[{cn}]*|[{cn}]+(?:[{point}][{digits}]+[{sections}]*)?)"
    inside = "".join(rf["qualifier-inside"].map)
    numq = rf"{num}(?:[{inside}][{sections}]*)?"
    sep = r"(?:至|到|~|～|－|-|—{1,2}|–)"
    sep_firsts = "至到~～－-—–"  # the first characters of sep's alternatives
    pct_words = [w for w in rf.words("percent") if w != "%"]
    pct = "|".join(map(re.escape, pct_words))
    units = rf.words("measure-words")
    spellings = dict(rf["unit-spellings"].map)
    # A numeral is a candidate only when a unit, 大 or % follows, or it ends in 万/亿 (30多万侨胞).
    firsts = re.escape("".join(sorted({w[0] for w in [*units, *spellings]} | {"大", "%"})))
    # Every candidate starts with an Arabic digit, a Chinese numeral character or 百 (百分之), and needs
    # either a percent word there or a run of a numeral's characters (none at all, too) reaching one that
    # can follow or end a numeral: a unit's first character, 大, %, a range mark, 万/亿. The scan tests
    # that need in re, where a candidate can start: the character class comes first, so that re skips
    # ahead by it, and a look-behind over that character holds the look-ahead from it.
    pct_firsts = re.escape("".join(w[0] for w in pct_words))
    numeral_chars = f"0-9,.{cn}{point}{re.escape(inside)}"
    ends = f"{firsts}{re.escape(sep_firsts)}{sections}"
    starts = re.compile(f"[0-9{cn}{pct_firsts}](?<=(?={pct}|[{numeral_chars}]*[{ends}]).)")
    # The unit group comes last and may be empty: it leaves the numeral's match as it was, and reads the
    # longest unit (平方米 over 米) in the same call.
    candidate = re.compile(
        rf"(?:(?P<pword>{pct})(?P<pnum>{num})(?:{sep}(?:{pct})?(?P<pnum2>{num}))?"
        rf"|(?P<num>{numq})(?:{sep}(?P<num2>{numq}))?(?:(?P<pct>%)|(?=[{firsts}])|(?<=[{sections}])))"
        rf"(?P<unit>{_alternation([*units, *spellings])})?")
    assert sorted(candidate.groupindex, key=candidate.groupindex.get) == list(_GROUPS)
    qb = dict(rf["qualifier-before"].map)
    bare = {k: qb.pop(k) for k in list(qb) if k == "上"}  # 上 qualifies only 上千, 上百, 上万
    idioms = frozenset(rf.words("idioms"))
    verbs = frozenset(rf.words("verbs"))
    return _Rules(
        candidate=candidate, starts=starts, spellings=spellings,
        qual_before=qb, qual_before_len=max(map(len, qb)), qual_bare=bare,
        qual_inside=dict(rf["qualifier-inside"].map), qual_after=dict(rf["qualifier-after"].map),
        qual_lasts=frozenset(w[-1] for w in [*qb, *bare]),
        qual_after_firsts=frozenset(w[0] for w in rf["qualifier-after"].map),
        big_count=frozenset(rf.words("big-count")), noun_stop=frozenset(rf.words("noun-after-multiplier")),
        money=re.compile(_alternation(rf.words("implied-yuan"))),
        # a verb of two or more characters, or a clause mark, in a clause spelled backwards
        verb_or_mark=re.compile(_alternation([w[::-1] for w in verbs if len(w) > 1] + sorted(_CLAUSE_END))),
        exclusions=_ExclusionIndex(_exclusions(rf)),
        idioms=re.compile("|".join(map(re.escape, sorted(idioms, key=len, reverse=True)))),
        idiom_chars=frozenset("".join(idioms)),
        object_stops=frozenset(rf.words("object-stops")),
        single={**{c: v for c, v in g.digits.items() if v}, **g.units, **g.shorthand},
        digit_chars=frozenset(g.digits), sections=dict(g.sections),
        pairs={w: (g.digits[w[0]], g.digits[w[1]]) for w in load("numerals").words("rough-pairs")},
    )


# -- words in a short window ---------------------------------------------------------------------

@lru_cache(maxsize=1)
def _dictionary():
    freq, total, tags = segment.tables()
    return freq, float(total), tags


def _words(text: str, limit: int = 8) -> list[str]:
    """jieba's most probable segmentation of a window of a dozen characters (its dictionary, its
    scoring, HMM off), computed here because a dozen dict look-ups beat a tokenizer call."""
    freq, total, _ = _dictionary()
    n = len(text)
    prob = [1.0] * (n + 1)
    step = [1] * (n + 1)
    get = freq.get
    for i in range(n - 1, -1, -1):
        top, top_len = (get(text[i]) or 1) / total * prob[i + 1], 1
        for L in range(2, min(4, n - i) + 1):
            f = get(text[i:i + L])
            if f:
                p = f / total * prob[i + L]
                if p > top:
                    top, top_len = p, L
        prob[i], step[i] = top, top_len
    out, i = [], 0
    while i < n and len(out) < limit:
        out.append(text[i:i + step[i]])
        i += step[i]
    return out


@lru_cache(maxsize=1 << 14)
def _nounish(word: str) -> bool:
    """Could be part of the name of a counted thing: not a verb, adverb, particle or function word.
    Cached: the same words come back article after article."""
    if not word.isalpha() or word in _rules().object_stops:
        return False
    p = _dictionary()[2].get(word)
    if p is None:
        return len(word) >= 2  # unknown words are mostly names and terms
    if len(word) == 1:
        return p[0] == "n" or p == "ng"
    return p[0] in "njsb" or p in ("vn", "an", "nz")


_LONGER = ((), (), (2,), (3, 2), (4, 3, 2))  # the word lengths above 1 to try, by characters left (at most 4)
_JOINERS = ("、", "和", "及", "与")


def _noun_phrase(text: str) -> list[str]:
    """The leading run of noun-like words of ``text`` (after an optional ``…的``), at most six words.
    Its words are read from the start, the longest dictionary word first unless a rare long word would
    swallow the start of a common one (入选国家 → 入选, 国家); each is tested as it is read."""
    k = text.find("的", 0, 8)
    if k >= 0:  # 200米长的步道 → 步道
        text = text[k + 1:]
    get = _dictionary()[0].get
    run: list[str] = []
    i, n = 0, len(text)
    while i < n and len(run) < 6:
        L = 1
        for k in _LONGER[n - i if n - i < 4 else 4]:
            f = get(text[i:i + k])
            if f and (f >= 20 or not get(text[i + 1:i + k + 1])):
                L = k
                break
        w = text[i:i + L]
        if not ((w in _JOINERS and run) or _nounish(w)):
            break
        run.append(w)
        i += L
    while run and run[-1] in _JOINERS:
        run.pop()
    return run


def _trailing_noun_phrase(text: str) -> int:
    """Where the trailing run of noun-like words of ``text`` starts (len(text) if there is none): the
    noun phrase right before a numeral (党群服务中心10处), at most six words read from the numeral
    outwards like ``_noun_phrase``'s, a 、 or 和 between two of them."""
    get = _dictionary()[0].get
    i, words, start = len(text), 0, len(text)  # start: that of the leftmost noun-like word read
    while i > 0 and words < 6:
        L = 1
        for k in _LONGER[i if i < 4 else 4]:
            f = get(text[i - k:i])
            if f and (f >= 20 or i - k < 1 or not get(text[i - k - 1:i - 1])):
                L = k
                break
        w = text[i - L:i]
        if w in ("、", "和"):  # joins two words: the phrase does not start with it
            if not (words or _nounish(w)):
                break
        elif _nounish(w):
            start = i - L
        else:
            break
        i -= L
        words += 1
    return start


# -- the stage -----------------------------------------------------------------------------------

@dataclass(slots=True)
class _Claim:
    start: int  # the claim's span (qualifier to unit or object)
    end: int
    num_start: int
    unit_end: int
    value: int | float
    max: int | float | None
    unit: str
    qualifier: str
    object: str | None = None
    verb: str | None = None
    rule: str = ""
    line: tuple[int, int] = (0, 0)  # the bounds of its line, for the copy test


@lru_cache(maxsize=4096)
def _parse(num: str) -> tuple[int | float, str | None] | None:
    """Value of one numeral as matched (500多万, 3万多, 1,200), and its inside qualifier. Cached: the
    same few numerals recur, and a Chinese or decimal one costs the full parser."""
    if num.isascii() and num.isdigit():
        return int(num), None  # the common case: plain Arabic digits
    R = _rules()
    ins = None
    core = num.replace(",", "")
    for q in R.qual_inside:
        if q in core:
            i = core.index(q)
            if i == 0:
                return None
            ins = q
            core = core[:i] + core[i + 1:]
            break
    if len(core) > 1 and all(ch in R.digit_chars for ch in core):
        return None  # 五一, 二〇一九: digit by digit, a name or a year, not a count
    v = int(core) if core.isascii() and core.isdigit() else R.single.get(core) or numerals.value_of(core)
    if v is None:
        return None
    return v, ins


def _section_scale(num: str, R: _Rules) -> int:
    """The multiplier a numeral ends with (5万 → 10000), for ranges like 3-5万元."""
    tail = num.rstrip("".join(R.qual_inside))
    scale = 1
    while tail and tail[-1] in R.sections:
        scale *= R.sections[tail[-1]]
        tail = tail[:-1]
    return scale


_CLAUSE_MARKS = re.escape("".join(sorted(_CLAUSE_END)))
_CLAUSE_BACK = re.compile(f"(?s).*[{_CLAUSE_MARKS}]")  # greedy: ends after the last mark of the window
_CLAUSE_FWD = re.compile(f"[{_CLAUSE_MARKS}]")


def _clause_start(text: str, s: int, limit: int = 20) -> int:
    lo = s - limit if s > limit else 0
    m = _CLAUSE_BACK.match(text, lo, s)
    return m.end() if m else lo


def _clause_end(text: str, e: int, limit: int = 16) -> int:
    m = _CLAUSE_FWD.search(text, e, e + limit)
    return m.start() if m else (e + limit if e + limit < len(text) else len(text))


def _prefix_qualifier(text: str, s: int, bare: bool, R: _Rules) -> tuple[str | None, int]:
    """A qualifier right before the numeral (约, 超过, 近; 上 only before 百/千/万), and where it starts;
    one filler may come between (约有6亿人次)."""
    if s == 0 or (text[s - 1] not in R.qual_lasts and text[s - 1] not in _FILLERS):
        return None, s  # a qualifier ends in its last character: one set look-up rules most out
    for j in (s, s - 1) if s > 0 and text[s - 1] in _FILLERS else (s,):
        if j == 0 or text[j - 1] not in R.qual_lasts:
            continue  # a qualifier ends in its last character: one set look-up rules most out
        for L in range(min(R.qual_before_len, j), 0, -1):
            w = text[j - L:j]
            if w in R.qual_before:
                return R.qual_before[w], j - L
            if bare and w in R.qual_bare:
                return R.qual_bare[w], j - L
    return None, s


def _implied_unit(text: str, num: str, e: int, s: int, R: _Rules) -> tuple[str, str, int, str | None] | None:
    """(unit, rule, end of the claim, object) for a numeral with no measure word: X大Y (the head noun of
    the phrase after 大 is the unit, the phrase the object), 30多万侨胞 (the noun), a 万 amount of money."""
    if e < len(text) and text[e] == "大" and num in R.big_count:
        np = _noun_phrase(text[e + 1:_clause_end(text, e + 1)])
        if not np:
            return None
        phrase = "".join(np)
        return np[-1], "big-count", e + 1 + len(phrase), phrase
    if R.sections.keys().isdisjoint(num):
        return None
    if e < len(text) and _HAN.match(text[e]):
        words = _words(text[e:_clause_end(text, e)], 2)
        if words and words[0] not in R.noun_stop and len(words[0]) >= 2 and _nounish(words[0]):
            return words[0], "noun-after-multiplier", e + len(words[0]), words[0]
    clause = text[_clause_start(text, s, 30):s]
    if R.money.search(clause):
        return "元", "implied-yuan", e, None
    return None


def _verb(text: str, s: int, R: _Rules) -> tuple[str | None, int, int]:
    """The verb of the list nearest before ``s`` in its clause (建成, 增设), the longest of those that end
    there; its start; and the clause's start (after the last clause mark within 20 characters).
    One search in the window spelled backwards: what comes first there is either the verb nearest ``s``
    or the mark that ends the clause (verbs hold no marks)."""
    lo = s - 20 if s > 20 else 0
    m = R.verb_or_mark.search(text[lo:s][::-1])
    if m is None:
        return None, s, lo
    if m.end() - m.start() == 1:  # a mark; a verb has two characters or more
        return None, s, s - m.start()
    return m[0][::-1], s - m.end(), lo
def _object(text: str, start: int, end: int, lo: int, has_verb: bool) -> tuple[str | None, int, int]:
    """The counted thing of the claim text[start:end]: the noun phrase after the unit (48户村民), else the
    one before the numeral (增设路灯35盏, 便民服务站6处), after ``lo`` (the verb). Returns (object, start, end)."""
    m = _CLAUSE_FWD.search(text, end, end + 9)
    after_end = m.start() if m else (end + 9 if end + 9 < len(text) else len(text))
    if after_end > end:
        np = _noun_phrase(text[end:after_end])
        if np:
            head = "".join(np)
            k = text.find(head, end, after_end)
            if k >= 0:
                return head, k, k + len(head)
    if lo < start - 12:
        lo = start - 12
    seg = text[lo:start]
    if seg and seg[-1] in _OBJ_TAIL_LASTS:  # the tail's words end in one of these: else it is not there
        seg = _OBJ_TAIL.sub("", seg)
    if not seg:
        return None, start, start
    if any(map(str.isdigit, seg)):
        return None, start, start  # 增长到2021年的1.5万元: a date or another number, no object
    if has_verb and len(seg) <= 12:  # 安装健身器材40多套: what the verb acts on is what is counted
        return seg, lo, lo + len(seg)
    k = _trailing_noun_phrase(seg)
    if k == len(seg):
        return None, start, start
    return seg[k:], lo + k, lo + len(seg)


_SENTENCE_BACK = re.compile(r"(?s).*[。!！?？;；\n]")  # greedy: ends after the last mark before endpos
_SENTENCE_FWD = re.compile(r"[。!！?？;；\n]")
_COPY_CONTEXT = 8  # characters on each side of a claim that must recur for it to be a copy


def _is_copy(text: str, s: int, e: int, line: tuple[int, int], body_start: int) -> bool:
    """The claim text[s:e] with its context on both sides (within its ``line``) already appeared word for
    word earlier in the body: a print and a mobile copy, a passage repeated. Its facts count once. A body
    that repeats its title is no copy (``body_start`` is where the body begins after the title); neither
    is a short phrase repeated in another sentence (成本降低30%, said twice), whose context differs."""
    lo, hi = max(line[0], s - _COPY_CONTEXT), min(line[1], e + _COPY_CONTEXT)
    if hi - lo < 12:
        return False
    return text.find(text[lo:hi], body_start if lo >= body_start else 0) < lo


def _next_candidate(text: str, pos: int, R: _Rules):
    """``R.candidate.search(text, pos)``, faster. search would try the pattern's alternatives at every
    character (it opens with groups, so re cannot skip ahead by a first-character set); ``match`` is tried
    only where ``R.starts`` finds what every candidate needs (most numeral characters in words, dates and
    years lack it), so every position where a match can start is tried, in order.
    tests/test_numbers.py checks this against search."""
    match, at = R.candidate.match, R.starts.search
    h = at(text, pos)
    while h:
        p = h.start()
        m = match(text, p)
        if m:
            return m
        h = at(text, p + 1)
    return None


def _in_idiom(text: str, x: int, R: _Rules) -> bool:
    """Whether an idiom that a scan of the whole text finds holds position ``x``. No idiom match crosses
    a character that is in no idiom, so the scan of the run of idiom characters around ``x`` finds
    the same matches there as a scan of the whole text would."""
    lo, hi, n, chars = x, x + 1, len(text), R.idiom_chars
    while lo > 0 and text[lo - 1] in chars:
        lo -= 1
    while hi < n and text[hi] in chars:
        hi += 1
    return any(a <= x < b for a, b in (m.span() for m in R.idioms.finditer(text, lo, hi)))


def _inside(spans: list[tuple[int, int]]):
    """A test of whether a position lies inside one of ``spans`` (they may overlap): bisection on their
    starts, and the furthest end of the spans that start at or before the position."""
    spans = sorted(spans)
    starts = [a for a, _ in spans]
    reach = list(accumulate([b for _, b in spans], max))
    return lambda x: (i := bisect_right(starts, x)) > 0 and reach[i - 1] > x


def find(text: str, names: list[tuple[int, int]] | None = None, body_start: int = 0) -> list[_Claim]:
    """Every numeric claim of ``text`` (the article body), in text order. ``names`` are the spans of
    places and brands found by the earlier stages: a numeral inside one is part of a name."""
    R = _rules()
    claims: list[_Claim] = []
    in_name = _inside(names) if names else None
    pos = 0
    while True:
        m = _next_candidate(text, pos, R)
        if not m:
            break
        pos = m.start("unit") if m.group("unit") else m.end()  # the next scan starts after the numeral
        x = m.start()
        named = in_name is not None and in_name(x)
        if named and m.group("num2", "pnum2") == (None, None):
            continue  # no claim to build; a range that is not one retries below, so it is built
        c = _claim(text, m, R, claims[-1].unit_end if claims else 0)
        if c is None:
            num2, pnum2 = m.group("num2", "pnum2")
            if num2 or pnum2:  # not a range after all (8610至278张): retry from the second numeral
                pos = m.start("num2") if num2 else m.start("pnum2")
            continue
        if named:
            continue
        if text[x] in R.idiom_chars and _in_idiom(text, x, R):
            continue  # 三三两两, 一问一答, 成千上万
        if not _is_copy(text, c.num_start, c.unit_end, c.line, body_start):
            claims.append(c)
    if all(a.unit_end <= b.num_start for a, b in zip(claims, claims[1:])):
        return claims  # the common case: nothing overlaps, nothing to choose
    return select(claims, lambda c: (c.num_start, c.unit_end))


def _claim(text: str, m: re.Match, R: _Rules, floor: int = 0) -> _Claim | None:
    """The claim a candidate numeral makes, or None; ``floor`` is where the previous claim ended."""
    s = m.start()
    if s > 0 and (text[s - 1].isdigit() or text[s - 1] == "."):
        return None
    pword, pnum, pnum2, num1, num2, pct, unit = m.groups()  # the order of _GROUPS, checked in _rules()
    e = m.start("unit") if unit else m.end()  # the numeral's end
    # the unit first: it is the cheapest way to drop a candidate
    implied_object = None
    if pword:
        num1, unit, ue, rule = pnum, "%", e, "percent"
    elif pct:
        unit, ue, rule = "%", e, "percent"
    else:
        rule = "measure-words"
        if unit is not None:
            ue = m.end()
            unit = R.spellings.get(unit, unit)
        else:
            if num2:
                return None
            implied = _implied_unit(text, num1, e, s, R)
            if implied is None:
                return None
            unit, rule, ue, implied_object = implied
    ls = text.rfind("\n", 0, s) + 1
    le = text.find("\n", ue)
    if le < 0:
        le = len(text)
    if R.exclusions.first(text, s, ue, unit, ls, le):
        return None
    vmax = None
    pair = R.pairs.get(num1)
    if pair is not None:  # 两三个, 三四名: two neighbouring digits are a rough range
        (value, vmax), ins = pair, None
    else:
        p = _parse(num1)
        if p is None:
            return None
        value, ins = p
    second = num2 or pnum2
    if second and pair is None:
        p2 = _parse(second)
        if p2 is None:
            return None
        vmax = p2[0]
        scale = _section_scale(second, R)
        if scale > 1 and _section_scale(num1, R) == 1 and value * scale <= vmax:
            value = value * scale  # 3-5万元: the multiplier of the second numeral counts for both
        if vmax <= value:
            return None
        ins = ins or p2[1]
    qual, qs = _prefix_qualifier(text, s, num1[:1] in "百千万亿", R)
    qualifier = qual or (R.qual_inside[ins] if ins else None) or ("about" if pair is not None else None)
    end = ue
    if text[ue:ue + 1] in R.qual_after_firsts:
        for L in (2, 1):
            w = text[ue:ue + L]
            if w in R.qual_after:
                qualifier = qualifier or R.qual_after[w]
                end = ue + L
                break
    verb, vs, cs = _verb(text, qs, R)
    if implied_object is not None:  # big-count, noun-after-multiplier: the phrase holding the unit
        obj, os_, oe = implied_object, ue - len(implied_object), ue
    else:
        lo = vs + len(verb) if verb else cs
        obj, os_, oe = _object(text, qs, end, floor if floor > lo else lo, verb is not None)
    start = vs if verb and vs < qs else qs
    if obj:
        start, end = (os_ if os_ < start else start), (oe if oe > end else end)
    # positional: keyword arguments cost three times as much here
    return _Claim(start, end, s, ue, value, vmax, unit, qualifier or "exact", obj, verb, rule, (ls, le))


def run(article: Article) -> None:
    text = article.text
    names = [(m.start, m.end) for item in (*article.places, *article.brands) for m in item.mentions]
    article.numbers = [  # positional (value, max, unit, qualifier, text, object, verb, start, end, surface,
        # rule): keyword arguments cost twice as much here
        Number(c.value, c.max, c.unit, c.qualifier, text[c.start:c.end], c.object, c.verb, c.start, c.end, "",
               c.rule)
        for c in find(text, names, article.title_span[1] if article.title_span else 0)
    ]
