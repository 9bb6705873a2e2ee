"""The `events` stage: date expressions in the body, resolved against the publication date.

The grammar is data (``rules/events.toml``): each ``date-*`` pattern rule finds one family of
expressions and names its parts (year, month, day, relative words, parts of a year, ...); word maps
give the parts their meaning; word lists give the relations (以来 → since, 截至 → until) and the
exclusions (datelines, durations, recurrences). This module only composes them:

1. scan: every ``date-*`` pattern over ``article.text`` (run by ``re``), tried only where its first two
   characters can stand (read off its parse: ``_openings``; digit-led ones where a digit run of a length
   it reads is followed by a character it reads next: ``_after_digits``); overlaps resolved by
   ``spans.select``;
2. filter: the ``exclude-*`` rules look at the words around each candidate;
3. relate: a relative day followed by an explicit date in brackets (今天（10月1日）) is one expression;
   relation words before/after a date, and two dates joined by 至/到/— (a range: since, until);
4. resolve against ``article.meta.published`` (never the clock): a month-day without a year takes the
   publication year, or the year before when it would fall more than 31 days after publication and
   its sentence has no plan word (将, 预计, ...). Without a publication date, an expression that needs
   one keeps ``date: None`` with its precision.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import cached_property, lru_cache
from itertools import compress, islice, repeat
from operator import attrgetter, is_not, le

import regex

try:  # re's parser, to read where a pattern can open: re._parser from Python 3.11, sre_parse before
    from re import _parser as _P
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _P  # type: ignore
    import sre_compile as _compiler  # type: ignore
else:
    from re import _compiler

from .article import Article, Event
from .rules import load
from .sentences import sentence_bounds
from .spans import select

_CLOSE_BRACKETS = {"（": "）", "(": ")"}


# -- the grammar, loaded once ------------------------------------------------------------------

class _Grammar:
    """The parts of the grammar (built once by ``grammar()``). A plain class: a dataclass of this many
    fields costs ~4 ms to create at import."""

    def __init__(self, **parts):
        self.__dict__.update(parts)

    patterns: list  # (rule name, priority, anchor, requires): anchor "digit" = tried only where a digit run
    # starts; requires = strings one of which the text must hold for the pattern to count
    trees: list  # per pattern, its parse by re (None: the pattern is regex's)
    compiled: list  # per pattern, compiled on first use (``pattern``)
    hint: object  # compiled (re): the start of a digit run, or a character that may open an unanchored pattern
    # before one that may follow it
    by_start: dict  # that first character → [(index in patterns, the characters that may follow or None)]
    pairs: dict  # the first two characters at a hint → the patterns that can open with them (_pair)
    scanned: list  # unanchored patterns whose openings are not known (indexes in patterns), scanned whole
    anchored: dict  # (length of a digit run, the character after it) → the anchored patterns to try there
    anywhere: tuple  # the anchored patterns tried at every digit run
    group_names: list  # per pattern: the name of each group, in the order of Match.groups()
    context: dict  # rule name → (words before, words after): one must be there (or a clause start)
    year_words: dict
    month_words: dict
    day_words: dict
    week_words: dict
    weekdays: dict
    year_parts: dict
    month_parts: set
    cn_digits: dict
    since_prefix: list
    since_void_after: tuple
    until_prefix: list
    prefix_not: tuple
    until_prefix_verbs: tuple
    since_suffix: list
    since_suffix_not: tuple
    until_suffix: list
    until_suffix_not: tuple
    joiners: list
    list_joiners: list
    plan_words: tuple
    deadline_suffixes: list
    exclude_before: tuple  # words, one of which at the end of the text before excludes (_ends_with)
    exclude_before_word: tuple
    exclude_after: object
    exclude_stamp: object
    exclude_date_line: object
    exclude_context: object
    exclude_next: object  # exclude-after or exclude-context
    not_dates: object
    exclude_inside: dict
    prefix_ends: frozenset  # the last characters of the relation prefixes, the first of the suffixes:
    suffix_openers: frozenset  # a candidate next to none of them has no relation word


def _alternation(words):
    """One compiled pattern matching any of the words (longest first); regex, for its overlapped search."""
    return regex.compile("(?:" + "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True)) + ")")


# -- the patterns in re, and where one can open ------------------------------------------------
# The rule file writes each pattern for ``regex`` (V1), the loader's dialect; re runs the same source
# two to four times faster per call, once \s is spelled out (re's \s also takes \x1c-\x1f) and nothing
# else of regex is used. A part of a date written twice in one pattern has a second group name (re wants
# each once, and the loader then checks the pattern with re's parser instead of compiling it with regex):
# ``day_2``, ``tod_t`` name the part ``day``, ``tod``.
# A pattern tried at every position of a text costs a pass of the engine; most positions cannot open a
# date. The characters that can open a match, and those that can come second, are read off the pattern's
# parse (re's parser), so that one ``re`` pass finds the few positions worth a ``match``.

# \s of regex, V1 (tests/test_events.py checks it against the installed regex)
SPACE_CHARS = frozenset("\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
                        "\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_SPACES = "".join(re.escape(c) for c in sorted(SPACE_CHARS))
# What re reads as regex V1 does: escapes of \s and of punctuation, groups that re knows, counted
# repeats; no V1 set operation or nested set.
_PLAIN_RE = re.compile(r"(?:\\[^A-Za-z0-9]|\\s|\((?:\?(?:[:=!]|<[=!]|P<\w+>|P=\w+\)))?|\{[0-9]*,?[0-9]*\}"
                       r"|[^\\({\[]|\[\^?\]?(?:\\[^A-Za-z0-9]|\\s|[^\\\[\]])*\])*")
_V1_SET = re.compile(r"--|&&|\|\||~~")


def _re_source(source: str) -> str | None:
    """``source`` as re reads it the way regex V1 does (\\s spelled out), or None when only regex can."""
    sets = re.findall(r"\[\^?\]?(?:\\.|[^\]])*\]", source)
    if not _PLAIN_RE.fullmatch(source) or any(_V1_SET.search(s) for s in sets):
        return None
    if "\\s" not in source:
        return source
    return re.sub(r"\\.|\[\^?\]?(?:\\.|[^\]\\])*\]", _spell_spaces, source)


def _spell_spaces(m: re.Match) -> str:
    """An escape or a set of a source with \\s spelled out."""
    tok = m[0]
    if tok[0] == "[":
        return re.sub(r"\\.", lambda e: _SPACES if e[0] == "\\s" else e[0], tok) if "\\s" in tok else tok
    return "[" + _SPACES + "]" if tok == "\\s" else tok


def _compile(source: str):
    plain = _re_source(source)
    return re.compile(plain) if plain is not None else regex.compile(source, regex.V1)


_END = "end"  # a step of _steps: the match may end here
_UNKNOWN = "unknown"  # a continuation past what the analysis follows


def _steps(items, i: int, rest, out: list, depth: int = 0) -> None:
    """Every next character a match can take from ``items[i:]`` (then ``rest``), into ``out``: (set of
    characters or None for any, continuation), or (_END, None) where the match may end. Look-behinds
    and negative look-aheads are skipped and counted repeats read as open ones: the sets hold every
    character a match can take there, and some more."""
    while True:
        if depth > 40:
            out.append((None, _UNKNOWN))
            return
        if i == len(items):
            if rest is None:
                out.append((_END, None))
                return
            items, i, rest = rest
            continue
        op, av = items[i]
        nxt = (items, i + 1, rest)
        if op is _P.LITERAL:
            out.append((frozenset(chr(av)), nxt))
            return
        if op is _P.IN:
            out.append((_members(av), nxt))
            return
        if op is _P.NOT_LITERAL or op is _P.ANY or op is _P.GROUPREF:
            out.append((None, _UNKNOWN))
            return
        if op is _P.SUBPATTERN or op is _ATOMIC:
            _steps((av[-1] if op is _P.SUBPATTERN else av).data, 0, nxt, out, depth + 1)
            return
        if op is _P.BRANCH:
            for alt in av[1]:
                _steps(alt.data, 0, nxt, out, depth + 1)
            return
        if op in _REPEATS:
            lo, hi, sub = av
            if hi:  # one more time, then the rest of the repeat
                again = [(op, (max(lo - 1, 0), hi if hi == _P.MAXREPEAT else hi - 1, sub))]
                _steps(sub.data, 0, (again, 0, nxt), out, depth + 1)
            if lo:
                return
        elif op is _P.ASSERT and av[0] == 1:  # a look-ahead: the next character opens what it asks for
            ahead: list = []
            _steps(av[1].data, 0, None, ahead, depth + 1)
            if all(s is not _END for s, _ in ahead):
                out.extend((s, _UNKNOWN) for s, _ in ahead)
                return
        elif op is _P.AT and av in (_P.AT_END, _P.AT_END_STRING):
            out.append((_END, None))
            return
        elif op is _P.GROUPREF_EXISTS:
            _, yes, no = av
            _steps(yes.data, 0, nxt, out, depth + 1)
            _steps(no.data if no is not None else [], 0, nxt, out, depth + 1)
            return
        elif op not in (_P.ASSERT, _P.ASSERT_NOT, _P.AT):
            out.append((None, _UNKNOWN))
            return
        i += 1


_REPEATS = tuple(getattr(_P, n) for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_P, n))
_ATOMIC = getattr(_P, "ATOMIC_GROUP", None)  # Python 3.11


def _members(items) -> frozenset | None:
    """The characters of a set (None: a negated set or a category, any character as far as we know)."""
    out = set()
    for op, av in items:
        if op is _P.LITERAL:
            out.add(chr(av))
        elif op is _P.RANGE:
            out.update(map(chr, range(av[0], av[1] + 1)))
        else:
            return None
    return frozenset(out)


def _openings(tree) -> dict | None:
    """For each character that can open a match of the parsed pattern ``tree``, the characters that can
    come second (None: any); None when a match may open with any character, or be empty."""
    out: list = []
    _steps(tree.data, 0, None, out)
    if any(s is None or s is _END for s, _ in out):
        return None
    openings: dict = {}
    for chars, rest in out:
        after: list = []
        if rest is not _UNKNOWN:
            _steps(*rest, after)
        seconds = None if rest is _UNKNOWN or any(s is None or s is _END for s, _ in after) else \
            frozenset().union(*(s for s, _ in after))
        for c in chars:
            known = openings.get(c, frozenset())
            openings[c] = None if known is None or seconds is None else known | seconds
    return openings


def _starts(source: str) -> tuple[set, set | None] | None:
    """The characters that can open a match of the pattern ``source`` (re syntax), and those that can
    come second after any of them (None: any); None when a match may open anywhere."""
    openings = _openings(_P.parse(source))
    if openings is None:
        return None
    seconds = None if None in openings.values() else frozenset().union(*openings.values())
    return set(openings), seconds


_DIGITS = frozenset("0123456789")


_LONGEST_RUN = 12  # digit runs up to this long are told apart by length
# The start of a digit run that a date can open with: one followed by a date unit, a separator or a
# range joiner (the run's rest is group 1).
_RUN = r"(?<![0-9])[0-9](?=([0-9]*)[年月日号\-./—–~～－至到个天周星 ])"


def _after_digits(tree) -> dict | None:
    """For each length of the digits a match of ``tree`` can open with, the characters other than digits
    that can follow them; None when not known (the digits may run on): a run of that length followed by
    none of them opens no match."""
    frontier: list = []
    _steps(tree.data, 0, None, frontier)
    out = {}
    for j in range(1, _LONGEST_RUN + 1):
        after: list = []
        for chars, rest in frontier:
            if chars is None or rest is _UNKNOWN:
                return None
            if chars is not _END and chars & _DIGITS:
                _steps(*rest, after)
        if any(s is None or s is _END or r is _UNKNOWN for s, r in after):
            return None
        out[j] = frozenset().union(*(s - _DIGITS for s, _ in after))
        frontier = [(s, r) for s, r in after if s & _DIGITS]
        if not frontier:
            return out
    return None


def _names_by_index(pat) -> tuple:
    """The part each group of ``pat`` holds, in the order of Match.groups(): its name up to a "_"."""
    names = [None] * pat.groups
    for name, i in pat.groupindex.items():  # in regex a name used twice is one group
        names[i - 1] = name.partition("_")[0]
    return tuple(names)


def _names_of(tree) -> tuple:
    """_names_by_index of the pattern parsed as ``tree``."""
    names = [None] * (tree.state.groups - 1)
    for name, i in tree.state.groupdict.items():
        names[i - 1] = name.partition("_")[0]
    return tuple(names)


def pattern(g: _Grammar, k: int):
    """The compiled pattern ``k`` of the grammar: compiled on first use, from the parse read at load
    (re's code generation is half the cost of a compile, and an article needs few of the patterns)."""
    pat = g.compiled[k]
    if pat is None:
        pat = g.compiled[k] = _compiler.compile(g.trees[k], 0)
    return pat


def _class(chars) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


@lru_cache(maxsize=None)
def grammar() -> _Grammar:
    rf = load("events")
    longest = lambda ws: sorted(ws, key=len, reverse=True)  # noqa: E731
    rules = [r for r in rf.of_kind("pattern") if r.name.startswith("date-")]
    pats = [(r.name, i, r.data.get("anchor"), tuple(r.data.get("requires", ()))) for i, r in enumerate(rules)]
    # each pattern parsed once by re (or compiled by regex when only regex reads it as V1 does)
    plain = [_re_source(r.source) for r in rules]
    trees = [_P.parse(s) if s is not None else None for s in plain]
    compiled = [None if t is not None else regex.compile(r.source, regex.V1) for r, t in zip(rules, trees)]
    by_start: dict = {}
    scanned = []
    anchored: dict = {}  # (length of a digit run, the character after it) → the anchored patterns to try
    anywhere = []  # anchored patterns tried after any digit run
    for k, (_, _, anchor, _) in enumerate(pats):
        if anchor == "digit":
            after = _after_digits(trees[k]) if trees[k] is not None else None
            if after is None:
                anywhere.append(k)
            for j, chars in (after or {}).items():
                for c in chars:
                    anchored.setdefault((j, c), []).append(k)
            continue
        openings = _openings(trees[k]) if trees[k] is not None else None
        if openings is None:
            scanned.append(k)
            continue
        for c, after in openings.items():
            by_start.setdefault(c, []).append((k, after))
    anchored = {key: tuple(sorted(ks + anywhere)) for key, ks in anchored.items()}
    # The hint, one pass for all patterns: the start of a digit run that a date can open with (its end is
    # group 1's), or a first character and a second that can follow it (sets of first characters that
    # take the same followers are one alternative), each inside a one-character look-behind.
    follow: dict = {}
    for c, entries in by_start.items():
        after = [a for _, a in entries]
        follow.setdefault(None if None in after else frozenset().union(*after), []).append(c)
    hint = re.compile(_class(set(by_start) | _DIGITS) + "(?<=" + "|".join([_RUN] + [
        _class(cs) + ("" if after is None else "(?=" + _class(after) + ")")
        for after, cs in sorted(follow.items(), key=lambda x: x[0] is not None)]) + ")")
    context = {r.name: (tuple(r.data["context_before"]), tuple(r.data["context_after"]))
               for r in rf.of_kind("pattern") if "context_before" in r.data}
    return _Grammar(
        patterns=pats, trees=trees, compiled=compiled, hint=hint, by_start=by_start, pairs={}, scanned=scanned,
        anchored=anchored, anywhere=tuple(anywhere),
        group_names=[_names_of(t) if t is not None else _names_by_index(p) for t, p in zip(trees, compiled)],
        context=context,
        year_words=rf["year-words"].map, month_words=rf["month-words"].map, day_words=rf["day-words"].map,
        week_words=rf["week-words"].map, weekdays=rf["weekdays"].map, year_parts=rf["year-parts"].map,
        month_parts=set(rf.words("month-parts")), cn_digits=rf["chinese-digits"].map,
        since_prefix=longest(rf.words("since-prefix")),
        since_void_after=tuple(rf["since-prefix"].data.get("void_after", [])),
        until_prefix=longest(rf.words("until-prefix")),
        prefix_not=tuple(rf.words("prefix-not")), until_prefix_verbs=tuple(rf.words("until-prefix-verbs")),
        since_suffix=longest(rf.words("since-suffix")), since_suffix_not=tuple(rf.words("since-suffix-not")),
        until_suffix=longest(rf.words("until-suffix")),
        until_suffix_not=tuple(rf.words("until-suffix-not")), joiners=longest(rf.words("range-joiners")),
        list_joiners=rf.words("list-joiners"),
        plan_words=tuple(rf.words("plan-words")), deadline_suffixes=rf["plan-words"].data.get("deadline_suffixes", []),
        exclude_before=tuple(rf.words("exclude-before")),
        exclude_before_word=tuple(rf.words("exclude-before-word")),
        exclude_after=_compile(rf["exclude-after"].source), exclude_stamp=_compile(rf["exclude-stamp"].source),
        exclude_date_line=rf.pattern("exclude-date-line"),
        exclude_context=_compile(rf["exclude-context"].source),
        # both read the characters right after a candidate: one pattern, one call
        exclude_next=_compile("(?:" + rf["exclude-after"].source + ")|(?:" + rf["exclude-context"].source + ")"),
        not_dates=_alternation(rf.words("not-dates")),
        exclude_inside=rf["exclude-inside"].map,
        prefix_ends=frozenset(w[-1] for w in rf.words("until-prefix") + rf.words("since-prefix")),
        suffix_openers=frozenset(w[0] for w in rf.words("since-suffix") + rf.words("until-suffix")),
    )


# -- numbers -----------------------------------------------------------------------------------

def _cn_int(s: str, digits: dict) -> int | None:
    """A small Chinese numeral: 十七 → 17, 二十 → 20, 廿五 → 25, 卅一 → 31, 一〇五 → 105 (digit-wise)."""
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if s[0] == "廿":
        return 20 + (digits.get(s[1], 0) if len(s) > 1 else 0)
    if s[0] == "卅":
        return 30 + (digits.get(s[1], 0) if len(s) > 1 else 0)
    if "百" in s:
        h, _, rest = s.partition("百")
        hv = digits.get(h, 1) if h else 1
        rest = rest.lstrip("零〇")
        return hv * 100 + (_cn_int(rest, digits) or 0 if rest else 0)
    if "十" in s:
        t, _, u = s.partition("十")
        tv = digits.get(t, 1) if t else 1
        return tv * 10 + (digits.get(u, 0) if u else 0)
    if all(c in digits for c in s):
        v = 0
        for c in s:
            v = v * 10 + digits[c]
        return v
    return None


def _num(s: str | None, g: _Grammar) -> int | None:
    if s is None:
        return None
    if s == "半":
        return None
    return int(s) if s.isdigit() else _cn_int(s, g.cn_digits)


# -- candidates --------------------------------------------------------------------------------

class _Cand:
    """A candidate expression. A plain class with slots: made for every match, cheaper than a dataclass."""
    __slots__ = ("start", "end", "cstart", "cend", "rule", "priority", "groups", "relation", "deadline",
                 "inherit", "explicit")

    def __init__(self, start: int, end: int, rule: str, priority: int, groups: dict):
        self.start, self.end = start, end  # the expression, relation words included
        self.cstart, self.cend = start, end  # the core expression (the pattern's match)
        self.rule, self.priority, self.groups = rule, priority, groups
        self.relation = "on"
        self.deadline = False  # ends with 前 (年底前完成): a deadline speaks of a plan
        self.inherit: _Cand | None = None  # range partner whose year/month a year-less end inherits
        self.explicit: dict | None = None  # the bracketed explicit date that a relative day stands for




def _scan(text: str, g: _Grammar) -> list[_Cand]:
    found = []  # (pattern index, match)
    compiled = g.compiled
    resume = [0] * len(g.patterns)
    for k in g.scanned:
        found.extend((k, m) for m in pattern(g, k).finditer(text))
    # One pass finds where a pattern can open. The patterns that open with a digit are tried where a
    # digit run starts, those that can read a run that long and the character after it; the others as
    # finditer would find them (left to right, each resuming after its last match), each where its first
    # two characters can open it. None of those matches empty (_openings), so finditer's rules for empty
    # matches never apply.
    pairs, anchored, anywhere = g.pairs, g.anchored, g.anywhere
    for h in g.hint.finditer(text):
        p = h.start()
        q = h.end(1)
        if q >= 0:  # a digit run [p, q)
            for k in anchored.get((q - p, text[q]), anywhere):
                m = (compiled[k] or pattern(g, k)).match(text, p)
                if m:
                    found.append((k, m))
        two = text[p:p + 2]
        tried = pairs.get(two)
        if tried is None:
            tried = _pair(g, two)
        for k in tried:
            if p >= resume[k]:
                m = compiled[k].match(text, p)
                if m:
                    found.append((k, m))
                    resume[k] = m.end()
    out = []
    patterns, group_names = g.patterns, g.group_names
    held: dict = {}  # pattern → whether the text holds a string it requires (looked for once a match needs it)
    for k, m in found:
        s, e = m.span()
        if e == s:
            continue
        name, prio, _, requires = patterns[k]
        if requires:
            ok = held.get(k)
            if ok is None:
                ok = held[k] = any(map(text.__contains__, requires))
            if not ok:
                continue
        # the parts by name from groups() (groupdict() costs more, and a part may have two groups): the
        # groups that took part, picked in C
        values = m.groups()
        groups = dict(compress(zip(group_names[k], values), map(is_not, values, _NONES)))
        groups.pop(None, None)  # an unnamed group is no part
        out.append(_Cand(s, e, name, prio, groups))
    out.sort(key=_CORE)
    if all(map(le, map(_CEND, out), map(_CSTART, islice(out, 1, None)))):
        return out  # no overlap, the common case: what select keeps, in text order
    return select(out, _CORE, _PRIORITY)


_TABLE_MAX = 100_000  # entries of a remembered table: memory stays bounded on any corpus


def _pair(g: _Grammar, two: str) -> tuple:
    """The unanchored patterns that can open with the characters ``two`` (compiled), remembered: pairs
    of characters repeat across any crawl."""
    tried = tuple(k for k, seconds in g.by_start.get(two[0], ()) if seconds is None or two[1:] in seconds)
    for k in tried:
        pattern(g, k)
    if len(g.pairs) < _TABLE_MAX:
        g.pairs[two] = tried
    return tried


_CORE = attrgetter("cstart", "cend")
_CSTART, _CEND = attrgetter("cstart"), attrgetter("cend")
_NONES = repeat(None)
_PRIORITY = attrgetter("priority")


def _line(text: str, s: int, e: int) -> str:
    a = text.rfind("\n", 0, s) + 1
    b = text.find("\n", e)
    return text[a:b if b >= 0 else len(text)]


_CLAUSE_START = "，,。；;：:！？!?\n“‘（(《【 "


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _ends_with(window: str, words: tuple) -> bool:
    """What ``(?:word|…)$`` finds: one of the words at the end of the window, or before its final line
    break. str.endswith needs no compiled pattern (a re with Chinese sets costs ~1 ms to compile)."""
    return window.endswith(words) or (window[-1:] == "\n" and window[:-1].endswith(words))


def _excluded(c: _Cand, text: str, g: _Grammar) -> bool:
    s, e = c.cstart, c.cend
    first = text[s]
    number_led = first.isdigit() or first in g.cn_digits or first in "十廿卅"
    if number_led:
        if _ends_with(text[max(0, s - 4):s], g.exclude_before):
            return True
    elif "reld" in c.groups:
        if _ends_with(text[max(0, s - 2):s], g.exclude_before_word):
            return True
    after = text[e:e + 6]
    ctx = g.context.get(c.rule)
    if ctx:
        prev = text[s - 1] if s else "\n"
        if prev not in _CLAUSE_START and not text.endswith(ctx[0], 0, s) and not after.startswith(ctx[1]):
            return True
    if g.exclude_next.match(after):  # exclude-after or exclude-context
        return True
    tod = c.groups.get("tod") or ""
    dated = "year" in c.groups or "ycn" in c.groups
    line = _line(text, s, e) if ":" in tod or dated else ""
    if ":" in tod and g.exclude_stamp.search(line):
        return True
    if dated and len(line) < 40 and len(line) < len(text) \
            and g.exclude_date_line.match(line.replace(text[s:e], "", 1)):
        return True  # in an article, a line that is only a dated stamp is the page's, not an event
    for opener, closer in g.exclude_inside.items():  # inside 《…》: part of a name
        i = text.rfind(opener, max(0, s - 30), s)
        if i >= 0 and closer not in text[i:s] and closer in text[e:e + 30]:
            return True
    w0 = max(0, s - 3)
    if g.not_dates.search(text, w0, e + 3) is None:  # none at all: the overlapped search is dearer
        return False
    for m in g.not_dates.finditer(text, w0, e + 3, overlapped=True):  # a vague word or back-reference
        if s < m.start() < e and text[m.start()] in "日月年号":
            continue  # the date's own unit starts the word: 7月1日前 is not 日前
        if m.start() < e and m.end() > s:
            return True
    return False


def _merge_brackets(cands: list[_Cand], text: str) -> list[_Cand]:
    """今天（10月1日）: a relative day with its explicit date in brackets is one expression."""
    out: list[_Cand] = []
    i = 0
    while i < len(cands):
        c = cands[i]
        if "reld" in c.groups and i + 1 < len(cands):
            nxt = cands[i + 1]
            opener = text[c.cend:c.cend + 1]
            closer = _CLOSE_BRACKETS.get(opener)
            if closer and nxt.cstart == c.cend + 1 and text[nxt.cend:nxt.cend + 1] == closer:
                c.explicit = nxt.groups
                c.cend = c.end = nxt.cend + 1
                out.append(c)
                i += 2
                continue
        out.append(c)
        i += 1
    return out


def _relate(cands: list[_Cand], text: str, g: _Grammar) -> None:
    n = len(text)
    # ranges first: A <joiner> B
    for a, b in zip(cands, cands[1:]):
        gap = text[a.cend:b.cstart].strip(" ")
        if gap in g.joiners and (a.relation == "on"):
            a.relation = "since"
            b.relation = "until"
            b.inherit = a
            if gap in ("至", "到"):
                b.start = text.index(gap, a.cend)
        elif gap in g.list_joiners:  # 3月5日、6日: a list item takes the month and year it lacks
            b.inherit = a
    for c in cands:
        # prefix
        if (c.relation == "on" or (c.relation == "since" and c.start == c.cstart)) \
                and text[c.cstart - 1:c.cstart] in g.prefix_ends:
            pre = text[max(0, c.cstart - 4):c.cstart]
            found = None
            for rel, words in (("until", g.until_prefix), ("since", g.since_prefix)):
                for w in words:
                    if pre.endswith(w):
                        found = (rel, w)
                        break
                if found:
                    break
            if found:
                rel, w = found
                ws = c.cstart - len(w)
                ctx = text[max(0, ws - 3):c.cstart]
                ok = not ctx.endswith(g.prefix_not)  # str tests take a tuple of words: no loop here
                if ok and w == "到":
                    prev = text[ws - 1] if ws > 0 else "\n"
                    ok = not _is_han(prev) or text.endswith(g.until_prefix_verbs, 0, ws)
                if ok and rel == "since" and text.startswith(g.since_void_after, c.cend):
                    ok = False
                if ok and not (c.relation == "since" and rel == "until"):
                    c.relation = rel
                    c.start = ws
        # suffix
        opener = text[c.cend:c.cend + 1]
        if c.relation != "until" and opener in g.suffix_openers:
            after = text[c.cend:c.cend + 4]
            for w in g.since_suffix:
                if after.startswith(w):
                    rest = text[c.cend:c.cend + 4]
                    if rest.startswith(g.since_suffix_not):
                        break
                    if w == "来" and text[c.cend - 1] != "年":
                        nxt = text[c.cend + 1:c.cend + 2]
                        if nxt and nxt not in "，,、。；的" and c.cend + 1 < n:
                            break
                    c.relation = "since"
                    c.end = c.cend + len(w)
                    break
        if c.relation == "on" and opener in g.suffix_openers:
            after = text[c.cend:c.cend + 3]
            for w in g.until_suffix:
                if after.startswith(w):
                    if text.startswith(g.until_suffix_not, c.cend):
                        break
                    c.relation = "until"
                    c.end = c.cend + len(w)
                    c.deadline = w in g.deadline_suffixes
                    break


# -- resolution --------------------------------------------------------------------------------

class _Ref:
    """A publication date as far as it is known; never changed once parsed (parse_published is cached)."""

    def __init__(self, year: int | None, month: int | None, day: int | None):
        self.year, self.month, self.day = year, month, day

    @cached_property
    def date(self) -> dt.date | None:
        if self.year and self.month and self.day:
            return dt.date(self.year, self.month, self.day)
        return None


_PUBLISHED = regex.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


@lru_cache(maxsize=4096)  # articles of one day share it
def parse_published(value: str | None) -> _Ref:
    if not value:
        return _Ref(None, None, None)
    m = _PUBLISHED.match(value)
    if not m:
        return _Ref(None, None, None)
    y, mo, d = (int(x) if x else None for x in m.groups())
    return _Ref(y, mo, d)


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    t = y * 12 + (m - 1) + k
    return t // 12, t % 12 + 1


def _week(d: dt.date) -> str:
    iy, iw, _ = d.isocalendar()
    return f"{iy}-W{iw:02d}"


_PART_FIRST_MONTH = {"H1": 1, "H2": 7, "Q1": 1, "Q2": 4, "Q3": 7, "Q4": 10}


def _resolve(gr: dict, ref: _Ref, plan: bool, g: _Grammar, inherit: dict | None = None) -> tuple[str | None, str]:
    """(date, precision) of one expression's named parts; date None when it cannot be known."""
    rd = ref.date
    if "reld" in gr:
        if gr.get("explicit"):
            return _resolve(gr["explicit"], ref, plan, g, None)
        off = g.day_words[gr["reld"]]
        return ((rd + dt.timedelta(days=off)).isoformat() if rd else None), "day"
    if "relw" in gr:
        off = g.week_words[gr["relw"]]
        wd = g.weekdays.get(gr.get("wd", ""), 0)
        if not rd:
            return None, "day" if wd else "week"
        monday = rd - dt.timedelta(days=rd.weekday()) + dt.timedelta(weeks=off)
        if wd:
            return (monday + dt.timedelta(days=wd - 1)).isoformat(), "day"
        return _week(monday), "week"
    if "agou" in gr:
        n = _num(gr["ago"], g)
        unit = gr["agou"]
        if unit == "年":
            return (str(ref.year - n) if ref.year and n is not None else None), "year"
        if unit == "个月":
            if ref.year and ref.month and n is not None:
                y, m = _shift_month(ref.year, ref.month, -n)
                return f"{y}-{m:02d}", "month"
            return None, "month"
        if unit in ("周", "个星期"):
            return (_week(rd - dt.timedelta(weeks=n)) if rd and n is not None else None), "week"
        return ((rd - dt.timedelta(days=n)).isoformat() if rd and n is not None else None), "day"

    # calendar expressions: year, month, day, parts
    month = _num(gr.get("month") or gr.get("mcn"), g)
    day = _num(gr.get("day") or gr.get("dcn"), g)
    year: int | None = None
    year_known = False
    if "year" in gr:
        year, year_known = int(gr["year"]), True
    elif "ycn" in gr:
        year, year_known = _cn_int(gr["ycn"], g.cn_digits), True
    elif "roc" in gr:
        r = _num(gr["roc"], g)
        year, year_known = (r + 1911 if r is not None else None), True
    elif "rely" in gr:
        year_known = True
        year = ref.year + g.year_words[gr["rely"]] if ref.year else None
        if "relm" in gr:  # 去年本月十日: that year, the publication month
            month = ref.month
            if month is None:
                year = None
    elif "relm" in gr:
        if ref.year and ref.month:
            year, month = _shift_month(ref.year, ref.month, g.month_words[gr["relm"]])
        else:
            year, month = None, None
        year_known = True
        if day is None:
            return (f"{year}-{month:02d}" if year else None), "month"
    elif inherit:  # the end of a range takes what its start said
        iy, im = inherit.get("_year"), inherit.get("_month")
        if iy is not None or inherit.get("_year_known"):
            year, year_known = iy, True
            if month is None and day is not None:
                month = im
    precision = "day" if day is not None else "month" if month is not None else "year"
    part = gr.get("ypart")
    if part and month is None:
        kind = g.year_parts[part]
        if kind[0] == "month":
            month, precision = int(kind[1]), "month"
        elif kind[0] in ("half", "quarter"):
            precision = kind[0]
        elif kind[0] == "quarters":
            precision = "quarter"
            part = None
            gr = dict(gr, _quarter=kind[2] if gr.get("_half") != "since" else kind[1])
    if not year_known:
        if ref.year is None:
            return None, precision
        year = ref.year
        if month is None and day is not None:  # a bare day: the publication month, or the one before
            if ref.month is None:
                return None, precision
            month = ref.month
            if ref.day and day > ref.day + 1 and not plan:
                year, month = _shift_month(year, month, -1)
        elif rd:  # a month-day, a month or a part of a year: the publication year, or the one before
            first = month or _PART_FIRST_MONTH.get((gr.get("_quarter") or (g.year_parts[part][1] if part else "")), 1)
            try:
                cand = dt.date(year, first, day or 1)
            except ValueError:
                cand = None
            if cand and cand > rd + dt.timedelta(days=31) and not plan:
                year -= 1
    if year is None:
        return None, precision
    gr["_year"], gr["_month"], gr["_year_known"] = year, month, True
    if precision == "day":
        try:
            return dt.date(year, month, day).isoformat(), "day"
        except ValueError:
            return None, "day"
    if precision == "month":
        return f"{year}-{month:02d}", "month"
    if precision in ("half", "quarter"):
        q = gr.get("_quarter") or g.year_parts[part][1]
        return f"{year}-{q}", precision
    return f"{year:04d}", "year"


def _halves(gr: dict) -> list[tuple[str, dict]]:
    """A compact range (1—8月, 2019—2021年, 5—7日, 前三季度) as its two ends."""
    if "m1" in gr:
        return [("since", dict(gr, month=gr["m1"])), ("until", dict(gr))]
    if "y1" in gr:
        return [("since", dict(gr, year=gr["y1"])), ("until", dict(gr))]
    if "d1" in gr:
        return [("since", dict(gr, day=gr["d1"])), ("until", dict(gr))]
    part = gr.get("ypart")
    if part and part.startswith("前") and "季度" in part:
        return [("since", dict(gr, _half="since")), ("until", dict(gr, _half="until"))]
    return []


_RESOLVED = ("_year", "_month", "_year_known")  # the keys _resolve writes into the parts it is given


def _has_plan(sentence: str, g: _Grammar) -> bool:
    return any(map(sentence.__contains__, g.plan_words))  # map: no generator frame per word


# -- the stage ---------------------------------------------------------------------------------

def find(text: str, published: str | None) -> list[Event]:
    """Dated events in ``text`` (offsets into it), resolved against ``published`` (ISO or None)."""
    g = grammar()
    cands = [c for c in _scan(text, g) if not _excluded(c, text, g)]
    cands = _merge_brackets(cands, text)
    _relate(cands, text, g)
    ref = parse_published(published)
    # Sentences and plan words; a month that a plan sentence places in the publication year stays there
    # in the article's other mentions of it (将于11月17日开港 … 11月17日开港，可停靠 …).
    bounds = [sentence_bounds(text, c.start, c.end) for c in cands]
    sentences = [text[s:e] for s, e in bounds]
    plans = [c.deadline or _has_plan(sentence, g) for c, sentence in zip(cands, sentences)]
    future_months = {_num(c.groups.get("month") or c.groups.get("mcn"), g) for c, p in zip(cands, plans)
                     if p and not _has_year(c.groups)}
    future_months.discard(None)
    events: list[Event] = []
    seen: set[tuple[str, str, int]] = set()
    for c, (s, _), sentence, plan in zip(cands, bounds, sentences, plans):
        date_text = text[c.start:c.end]
        # A paragraph repeated on the page (print and mobile copies, a lead restated) counts once: the same
        # expression in the same sentence, or followed by the same 20 characters.
        here = (date_text, sentence, c.start - s)
        if here in seen:
            continue
        follow = text[c.end:c.end + 20]
        if len(follow) >= 12 and "\n" not in follow:
            after = (date_text, follow, -1)
            if after in seen:
                continue
            seen.add(after)
        seen.add(here)
        gr = dict(c.groups)
        if not plan and not _has_year(gr):
            plan = _num(gr.get("month") or gr.get("mcn"), g) in future_months
        if c.explicit is not None:
            gr["explicit"] = dict(c.explicit)
        inherit = c.inherit.groups if c.inherit is not None else None
        halves = _halves(gr)
        if halves:
            for rel, half in halves:
                date, precision = _resolve(half, ref, plan, g)
                events.append(Event(date, precision, rel, date_text, sentence, c.start, c.end, "", c.rule))
            c.groups.update({k: v for k, v in half.items() if k.startswith("_")})
            continue
        date, precision = _resolve(gr, ref, plan, g, inherit)
        for k in _RESOLVED:  # what _resolve learnt, for a range end or list item that inherits from c
            if k in gr:
                c.groups[k] = gr[k]
        # by position (date, precision, relation, date_text, sentence, start, end, surface, rule): keywords
        # cost more
        events.append(Event(date, precision, c.relation, date_text, sentence, c.start, c.end, "", c.rule))
    return events


_YEAR_KEYS = frozenset(("year", "ycn", "roc", "relm", "reld", "relw", "agou"))


def _has_year(gr: dict) -> bool:
    return not _YEAR_KEYS.isdisjoint(gr) or gr.get("rely") not in (None, "今年", "本年")


def run(article: Article) -> None:
    article.events = find(article.text, article.meta.published)
