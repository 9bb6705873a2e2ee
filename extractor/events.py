"""The `events` stage: date expressions in the body, resolved against the publication date.

The grammar is data (``rules/events.toml``): each ``date-*`` pattern rule finds one family of
expressions and names its parts (year, month, day, relative words, parts of a year, ...); word maps
give the parts their meaning; word lists give the relations (以来 → since, 截至 → until) and the
exclusions (datelines, durations, recurrences). This module only composes them:

1. scan: every ``date-*`` pattern over ``article.text``, tried only where its opening characters can
   stand (found in one pass: ``_starts``); overlaps resolved by ``spans.select``;
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
from operator import attrgetter

import regex

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

    patterns: list  # (rule name, compiled pattern, priority, anchor, requires): anchor "digit" = tried only
    # where a digit run starts; requires = strings one of which the text must hold for the pattern to count
    hint: object  # compiled (re): a character that may open an unanchored pattern, before one that may follow
    by_start: dict  # that first character → [(index in patterns, pattern)]
    opening: dict  # the first three characters at a hint → the patterns that can open with them
    scanned: list  # unanchored patterns whose openings are not known: (index in patterns, pattern), scanned whole
    anchored: list  # (index in patterns, pattern, filtered) of those with anchor "digit"; filtered: only
    # where the run and the two characters after it can open a match (partial matching; sound when the source
    # spells its characters: no \B, no positive look-behind)
    anchored_at: dict  # a digit run and the two characters after it → the anchored patterns worth trying there
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
    since_void_after: list
    until_prefix: list
    prefix_not: list
    until_prefix_verbs: list
    since_suffix: list
    since_suffix_not: list
    until_suffix: list
    until_suffix_not: list
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
    not_dates: object
    exclude_inside: dict
    prefix_ends: frozenset  # the last characters of the relation prefixes, the first of the suffixes:
    suffix_openers: frozenset  # a candidate next to none of them has no relation word


def _alternation(words):
    """One compiled pattern matching any of the words (longest first); regex, for its overlapped search."""
    return regex.compile("(?:" + "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True)) + ")")


# -- where an unanchored pattern can open ---------------------------------------------------------
# A pattern tried at every position of a text costs a pass of the regex engine; most positions cannot
# open a date. The characters that can open a match are read off the compiled pattern itself (``regex``
# partial matching over the characters its source spells), so that one ``re`` pass finds the few
# positions worth a ``match`` and the grammar stays data; whether the next two characters can follow is
# asked of the pattern the first time the three are met, and remembered.

# \s of regex, V1 (tests/test_events.py checks it against the installed regex)
SPACE_CHARS = frozenset("\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
                        "\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
# What can match a character that the source does not spell: an escape other than \s or a symbol
# (\p, \w, \d, \x..), a negated or nested set, inline flags, a positive look-behind; "." outside a set.
_UNSPELLED = re.compile(r"\\[^sS\W]|\\S|\[\^|\[\[|\(\?[a-zA-Z]|\(\?<=")
_OTHER = "\ue000"  # a private-use character: stands for every character the source does not spell
# A negative look-around with no group inside (one with groups stays: a harmless surplus of characters)
_NEGATIVE = re.compile(r"\(\?<?!(?:\\.|\[\]?(?:\\.|[^\]\\])*\]|[^()\\\[])*\)")
_ESCAPE_OR_SET = re.compile(r"\\.|\[\]?(?:\\.|[^\]\\])*\]")
_SYNTAX = re.compile(r"\((?:\?(?:P<\w+>|P=\w+\)|[:=]))?|[)|?*+^$]|\{[0-9]*,?[0-9]*\}")


def _spells_all(source: str) -> bool:
    """Whether every character ``source`` matches is spelled in it (and no context before a match can
    let it match where its text alone would not)."""
    return not _UNSPELLED.search(re.sub(r"\(\?P[<=]\w+>?", "(", source))  # group names are no text


def _alphabet(source: str) -> set | None:
    """Every character a match of ``source`` (or its look-ahead) can hold: its literals and set members,
    not its syntax nor what a negative look-around forbids; None when that is not bounded."""
    if not _spells_all(source):
        return None
    plain = _NEGATIVE.sub("", source)
    chars = {"\n"}  # where $ matches
    for tok in _ESCAPE_OR_SET.findall(plain):
        chars |= _members(tok[1:-1]) if tok[0] == "[" else SPACE_CHARS if tok == "\\s" else {tok[1]}
    rest = _SYNTAX.sub("", _ESCAPE_OR_SET.sub("", plain))
    if "." in rest:  # any character
        return None
    chars.update(rest)
    return chars


@lru_cache(maxsize=None)
def _members(body: str) -> frozenset:
    """The characters of a set's body (ranges expanded, \\s spelled out)."""
    if "\\" not in body and "-" not in body:
        return frozenset(body)
    items, k = [], 0
    while k < len(body):
        escaped = body[k] == "\\"
        items.append((body[k + escaped], escaped))
        k += 1 + escaped
    out, k = set(), 0
    while k < len(items):
        ch, escaped = items[k]
        if k + 2 < len(items) and items[k + 1] == ("-", False):  # a range
            out.update(map(chr, range(ord(ch), ord(items[k + 2][0]) + 1)))
            k += 3
            continue
        out |= SPACE_CHARS if escaped and ch == "s" else {ch}
        k += 1
    return frozenset(out)


def _starts(pat) -> tuple[list, set] | None:
    """The characters that can open a match of ``pat``, and those that can come second (None: any);
    None when a match may open anywhere."""
    chars = _alphabet(pat.pattern)
    if chars is None or pat.match(_OTHER, partial=True) is not None:
        return None
    firsts = [c for c in chars if pat.match(c, partial=True)]
    return firsts, None if any(pat.match(c + _OTHER, partial=True) for c in firsts) else chars


def _names_by_index(pat) -> tuple:
    names = [None] * pat.groups
    for name, i in pat.groupindex.items():  # a name used twice is one group in regex
        names[i - 1] = name
    return tuple(names)


def _class(chars) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


@lru_cache(maxsize=None)
def grammar() -> _Grammar:
    rf = load("events")
    longest = lambda ws: sorted(ws, key=len, reverse=True)  # noqa: E731
    pats = [(r.name, r.pattern, i, r.data.get("anchor"), tuple(r.data.get("requires", ())))
            for i, r in enumerate(rf.of_kind("pattern")) if r.name.startswith("date-")]
    by_start: dict = {}
    scanned = []
    seconds: set | None = set()
    for k, (_, pat, _, anchor, _) in enumerate(pats):
        if anchor == "digit":
            continue
        starts = _starts(pat)
        if starts is None:
            scanned.append((k, pat))
            continue
        for c in starts[0]:
            by_start.setdefault(c, []).append((k, pat))
        seconds = None if seconds is None or starts[1] is None else seconds | starts[1]
    hint = re.compile(_class(by_start) + ("" if seconds is None else "(?=" + _class(seconds) + "|$)"))
    context = {r.name: (r.data["context_before"], r.data["context_after"]) for r in rf.of_kind("pattern")
               if "context_before" in r.data}
    return _Grammar(
        patterns=pats, hint=hint, by_start=by_start, opening={}, scanned=scanned,
        anchored=[(k, pat, _spells_all(pat.pattern)) for k, (_, pat, _, anchor, _) in enumerate(pats)
                  if anchor == "digit"], anchored_at={},
        group_names=[_names_by_index(pat) for _, pat, *_ in pats], context=context,
        year_words=rf["year-words"].map, month_words=rf["month-words"].map, day_words=rf["day-words"].map,
        week_words=rf["week-words"].map, weekdays=rf["weekdays"].map, year_parts=rf["year-parts"].map,
        month_parts=set(rf.words("month-parts")), cn_digits=rf["chinese-digits"].map,
        since_prefix=longest(rf.words("since-prefix")), since_void_after=rf["since-prefix"].data.get("void_after", []), until_prefix=longest(rf.words("until-prefix")),
        prefix_not=rf.words("prefix-not"), until_prefix_verbs=rf.words("until-prefix-verbs"),
        since_suffix=longest(rf.words("since-suffix")), since_suffix_not=rf.words("since-suffix-not"),
        until_suffix=longest(rf.words("until-suffix")),
        until_suffix_not=rf.words("until-suffix-not"), joiners=longest(rf.words("range-joiners")),
        list_joiners=rf.words("list-joiners"),
        plan_words=tuple(rf.words("plan-words")), deadline_suffixes=rf["plan-words"].data.get("deadline_suffixes", []),
        exclude_before=tuple(rf.words("exclude-before")),
        exclude_before_word=tuple(rf.words("exclude-before-word")),
        exclude_after=rf.pattern("exclude-after"), exclude_stamp=rf.pattern("exclude-stamp"),
        exclude_date_line=rf.pattern("exclude-date-line"),
        exclude_context=rf.pattern("exclude-context"),
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


# A digit run that a date can start with: one followed by a date unit, a separator or a range joiner.
_RUN = regex.compile(r"(?<![0-9])[0-9]+(?=[年月日号\-./—–~～－至到个天周星 ])")


_TABLE_MAX = 200_000  # entries of a remembered table: memory stays bounded on any corpus


def _scan(text: str, g: _Grammar) -> list[_Cand]:
    found = []  # (pattern index, match)
    for run in _RUN.finditer(text):  # a pattern that opens with a digit: tried only where a digit run starts
        p, q = run.span()
        key = text[p:q + 2]  # the run and the two characters after it
        tried = g.anchored_at.get(key)
        if tried is None:
            tried = [(k, pat) for k, pat, filtered in g.anchored if not filtered or pat.match(key, partial=True)]
            if q - p <= 4 and len(g.anchored_at) < _TABLE_MAX:  # short runs (years, months, days) repeat
                g.anchored_at[key] = tried
        for k, pat in tried:
            m = pat.match(text, p)
            if m:
                found.append((k, m))
    for k, pat in g.scanned:
        found.extend((k, m) for m in pat.finditer(text))
    # The other patterns, as finditer would find them (left to right, each resuming after its last
    # match), tried only at the positions the hint pass finds.
    resume = [0] * len(g.patterns)
    empty = set()  # patterns that matched empty here: finditer's rules for those, on the whole text
    opening = g.opening
    for p in [h.start() for h in g.hint.finditer(text)]:
        head = text[p:p + 3]
        tried = opening.get(head)
        if tried is None:  # asked of the patterns once per three characters
            tried = [(k, pat) for k, pat in g.by_start[head[0]] if pat.match(head, partial=True)]
            if len(opening) < _TABLE_MAX:
                opening[head] = tried
        for k, pat in tried:
            if p < resume[k]:
                continue
            m = pat.match(text, p)
            if m:
                if m.end() == p:
                    empty.add(k)
                found.append((k, m))
                resume[k] = m.end()
    if empty:
        found = [f for f in found if f[0] not in empty]
        found.extend((k, m) for k in empty for m in g.patterns[k][1].finditer(text))
    out = []
    for k, m in found:
        s, e = m.span()
        if e == s:
            continue
        name, _, prio, _, requires = g.patterns[k]
        if requires and not any(w in text for w in requires):
            continue
        # the parts by name from groups(): regex's groupdict() costs ~30x more
        groups = {key: v for key, v in zip(g.group_names[k], m.groups()) if v is not None}
        groups.pop(None, None)  # an unnamed group is no part
        out.append(_Cand(s, e, name, prio, groups))
    return select(out, _CORE, _PRIORITY)


_CORE = attrgetter("cstart", "cend")
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
        if prev not in _CLAUSE_START and not any(text[max(0, s - len(w)):s] == w for w in ctx[0]) \
                and not any(after.startswith(w) for w in ctx[1]):
            return True
    if g.exclude_after.match(after):
        return True
    if g.exclude_context.match(after):
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
                ok = not any(ctx.endswith(x) for x in g.prefix_not)
                if ok and w == "到":
                    prev = text[ws - 1] if ws > 0 else "\n"
                    ok = not _is_han(prev) or any(
                        text[max(0, ws - len(v)):ws] == v for v in g.until_prefix_verbs)
                if ok and rel == "since" and any(text.startswith(x, c.cend) for x in g.since_void_after):
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
                    if any(rest.startswith(x) for x in g.since_suffix_not):
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
                    if any(text.startswith(x, c.cend) for x in g.until_suffix_not):
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
    return any(w in sentence for w in g.plan_words)


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
                events.append(Event(date=date, precision=precision, relation=rel, date_text=date_text,
                                    sentence=sentence, start=c.start, end=c.end, rule=c.rule))
            c.groups.update({k: v for k, v in half.items() if k.startswith("_")})
            continue
        date, precision = _resolve(gr, ref, plan, g, inherit)
        for k in _RESOLVED:  # what _resolve learnt, for a range end or list item that inherits from c
            if k in gr:
                c.groups[k] = gr[k]
        events.append(Event(date=date, precision=precision, relation=c.relation, date_text=date_text,
                            sentence=sentence, start=c.start, end=c.end, rule=c.rule))
    return events


_YEAR_KEYS = frozenset(("year", "ycn", "roc", "relm", "reld", "relw", "agou"))


def _has_year(gr: dict) -> bool:
    return not _YEAR_KEYS.isdisjoint(gr) or gr.get("rely") not in (None, "今年", "本年")


def run(article: Article) -> None:
    article.events = find(article.text, article.meta.published)
