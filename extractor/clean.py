"""The `clean` stage: which lines of a crawled page are the article, which are furniture or spam.

Two passes over the lines of ``article.norm`` (the whole file, normalized):

1. **Each line alone** (``rules/clean.toml``): furniture that may sit inside an article (share
   buttons, captions: *weak*), furniture that ends or precedes one (footers, bylines, editor and
   source lines, related-news headers, navigation, teasers, pagination: *hard*), SEO *spam*,
   *datelines*; everything else is text: *TEXT* when it reads as running text (sentence
   punctuation), *SHORT* (a heading, a headline, a nav item), *FRAG* (one or two characters).
   A line's class is worked out when the second pass first asks for it, so the menus and link
   lists far from the article cost next to nothing; a class depends on the line's text alone and
   is remembered (a site's furniture comes back page after page); and, once a process has seen a
   thousand lines, a rule is tried on a line only when the line holds one of the words its pattern
   requires (``required_words``), which most lines do not.
2. **In context**: paragraphs (TEXT with enough Han characters and punctuation) are grouped into
   runs that no hard line and no list of short lines interrupts; the run with the most text is
   the article body, with the short lines inside it (sub-headings), the lines just above its
   first paragraph up to the first furniture (a lead, 原标题, a headline block of a few lines),
   and the lines after its last paragraph up to the first furniture or list.
   The title: the headline that opens those lines above the body (a date bar may sit above it);
   else the headline block above the nearest dateline or source line over the body; else the
   headline block just above the body. Labels, menu names, kickers (…——) and a page-title copy
   (headline + site name) are never the title.

The metadata (``extractor.meta``) comes from the lines around the body: the datelines of the
header (else of the footer), the source, byline and editor lines.

``article.text`` is the title line first, then the body lines in page order, each stripped of
surrounding spaces; a line repeated word for word (print and mobile copies) is kept once.
"""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import compress, count, islice
from operator import eq

from . import meta
from .article import Article
from .rules import _REGEX_ONLY, _han_as_class, fast_compile, load

try:  # the stdlib's regular expression parser and compiler (rule patterns are parsed once, for both)
    from re import _compiler as _sre_compiler, _constants as _C, _parser as _sre
except ImportError:  # Python 3.10
    import sre_compile as _sre_compiler
    import sre_constants as _C
    import sre_parse as _sre
_sre_parse = _sre.parse
_REPEATS = {_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", _C.MAX_REPEAT)}
_ATOMIC = getattr(_C, "ATOMIC_GROUP", None)

# Line classes.
EMPTY, FRAG, SHORT, TEXT, WEAK, HARD, DATE, SPAM = range(8)
_CLASS_OF = {"weak": WEAK, "hard": HARD, "date": DATE, "spam": SPAM}
# Hard lines that belong to the article's own furniture (who wrote it, where it came from):
# the title search steps over them, as over weak lines and datelines.
META_RULES = {"source-line", "byline", "editor-line"}
# Hard lines that sit among the share buttons between a headline and its article.
_STEP_OVER = META_RULES | {"promo"}

# Han characters U+4000..U+9FFF are the UTF-8 sequences led by bytes E4..E9, which nothing else
# uses: counting those bytes counts the characters at C speed. (Extension A below U+4000 and the
# rare planes are left out: these counts only feed thresholds.)
_NOT_HAN_LEAD = bytes(b for b in range(256) if not 0xE4 <= b <= 0xE9)
_NOT_HAN_LEAD_NL = bytes(b for b in range(256) if not 0xE4 <= b <= 0xE9 and b != 0x0A)  # 0x0A is only "\n"


def han_count(s: str) -> int:
    """About how many Han characters ``s`` holds (CJK unified ideographs)."""
    return len(s.encode("utf-8", "surrogatepass").translate(None, _NOT_HAN_LEAD))


_DESPACE = re.compile(r"\s+")  # as `regex` reads it on normalized text (no control characters)


def _despace(s: str) -> str:
    """``s`` without its whitespace. Of the whitespace only " " is printable, so a line without
    " " that prints (the usual case) has none and is returned as it is, with no regex call."""
    return s if " " not in s and s.isprintable() else _DESPACE.sub("", s)


_KICKER_END = ("——", "—", "：", ":")
_NOT_HEADLINE_END = ("。", "；", "，", ",", ";", "、")


class Line:
    """One non-blank line: its stripped text, norm span and Han count, and its class, worked out at
    first use (a page's navigation far from the article is never looked at closely). ``prev`` and
    ``next`` are the lines next to it when they read the same (else None)."""

    __slots__ = ("start", "end", "s", "han", "prev", "next", "_base", "sent", "cls", "rule", "classified")

    def __init__(self, start: int, end: int, s: str, han: int):
        self.start, self.end, self.s, self.han = start, end, s, han
        self.prev = self.next = self._base = None
        self.classified = False  # `cls` and `rule` stay unset until first asked for (__getattr__)

    def base(self) -> tuple[int, str]:
        """The class of the line on its own, and the rule that decided it; and ``sent``, whether the
        line ends like a sentence (read often: worked out once, here)."""
        if self._base is None:
            s = self.s
            memo = _BASE.get(s)
            if memo is None:
                memo = _base_of(s, self.han)
            self.sent, self._base = memo
        return self._base

    def __getattr__(self, name):
        # Called only for an unset slot, i.e. the first time `cls` or `rule` is asked for: they are
        # worked out then and read as plain attributes afterwards (the layout reads them often).
        if name not in ("cls", "rule"):
            raise AttributeError(name)
        base = self._base
        if base is None:  # (base(), inline: a known line costs one look-up)
            memo = _BASE.get(self.s) or _base_of(self.s, self.han)
            self.sent, self._base = memo
            base = memo[1]
        cls, rule = base
        if cls in (SHORT, TEXT) and not self.sent:
            # an image's alt text repeated as its caption, or a headline printed twice
            p, n = self.prev, self.next  # set only where they read the same
            if (p is not None and p.base()[0] in (SHORT, TEXT, WEAK)) or \
                    (n is not None and n.base()[0] in (SHORT, TEXT)):
                cls, rule = WEAK, "repeat"
        self.cls, self.rule, self.classified = cls, rule, True
        return cls if name == "cls" else rule

    def __repr__(self) -> str:  # for debugging and test messages
        return f"Line({self.start}, {self.cls}, {self.rule!r}, {self.s[:30]!r})"


# What `re` reads otherwise than `regex` (V1) besides rules._REGEX_ONLY: \w, \W, \b, \B (regex counts
# marks and joiners as word characters, re counts ① and ²) and case-insensitive parts (regex folds case
# fully). An escaped backslash before a w counts too: such a pattern merely stays on regex.
_RE_DIFFERS = re.compile(r"\\[wWbB]|\(\?[a-zA-Z]*i")
# re's \d misses the digits of the scripts Unicode has added beyond the basic plane (regex's tables are
# newer): a line holding a character there is read by regex when a pattern holds \d.
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_DIGIT = re.compile(r"\\[dD]")


def _skips_ahead(tree) -> bool:
    """Whether `re` searches the pattern fast: it is anchored at the line start, or each of its
    alternatives opens with a character or a class (re steps to where one stands, or tries one
    character at each place). Where alternatives open with groups of words or mix the two (a
    dateline, a footer, a breadcrumb), re tries every alternative at every place, and `regex`
    searches two to four times faster."""
    data = tree.data
    while data and data[0][0] is _C.SUBPATTERN and not data[0][1][1] and not data[0][1][2]:
        data = data[0][1][3].data  # what an opening group opens with (as re reads it)
    if not data:
        return False
    op, av = data[0]
    if op is _C.AT:
        return av is _C.AT_BEGINNING
    if op is _C.BRANCH:
        firsts = [b.data[0] if b.data else (None, None) for b in av[1]]
        return all(o is _C.AT and a is _C.AT_BEGINNING for o, a in firsts) or \
            all(o is _C.LITERAL or o is _C.IN for o, _ in firsts)
    return op is _C.LITERAL or op is _C.IN


class _Pattern:
    """A rule pattern, parsed and compiled at first need. By `re`, from the parse required_words
    reads (one parse for both), where re reads it as `regex` (V1) does on normalized text and skips
    ahead by itself (_skips_ahead): re compiles in a third of regex's time and searches such a
    pattern faster. Else by regex (``rule.pattern``)."""

    __slots__ = ("rule", "pattern", "_tree", "by_re", "bmp_only", "_re", "search", "finditer")

    def __init__(self, rule):
        self.rule, self.pattern = rule, rule.source
        self._tree = self._re = None
        # search and finditer compile the pattern at the first call, then are the compiled pattern's own
        self.search, self.finditer = self._first("search"), self._first("finditer")

    @property
    def tree(self):
        """re's parse of the pattern (\\p{Han} spelled as a class), None when re cannot read it."""
        if self._tree is None:
            plain = _han_as_class(self.pattern)
            try:
                self._tree = _sre_parse(plain) if plain is not None else False
            except re.error:  # syntax of `regex` only
                self._tree = False
            # (re fills a table of the basic plane for each Han class: ~2 ms a class, regex's whole
            # compile costs less, and the patterns that hold one meet few lines behind the gate.)
            self.by_re = self._tree is not False and not _REGEX_ONLY.search(plain) and \
                not _RE_DIFFERS.search(plain) and not self._tree.state.flags & re.IGNORECASE and \
                r"\p{Han}" not in self.pattern and _skips_ahead(self._tree)
            self.bmp_only = self.by_re and _DIGIT.search(plain) is not None  # alike on BMP lines only
        return self._tree if self._tree is not False else None

    def on_re(self):
        """The compiled pattern for lines without a character beyond the basic plane."""
        if self._re is None:
            if self.tree is not None and self.by_re:
                try:
                    self._re = _sre_compiler.compile(self._tree)
                except re.error:  # a look-behind of varying width: regex reads it
                    self.by_re = self.bmp_only = False
            if self._re is None:
                self._re = self.rule.pattern
        return self._re

    def on_regex(self):
        """The compiled pattern for any line."""
        on_re = self.on_re()
        return self.rule.pattern if self.bmp_only else on_re

    def _first(self, method: str):
        def first(s: str, *args):
            on_re, on_regex = self.on_re(), self.on_regex()
            if on_re is on_regex:
                self.search, self.finditer = on_re.search, on_re.finditer
            else:  # a line beyond the basic plane is read by regex
                self.search = lambda s, *args: (on_re if _ASTRAL.search(s) is None else on_regex).search(s, *args)
                self.finditer = lambda s, *args: (on_re if _ASTRAL.search(s) is None else on_regex).finditer(s, *args)
            return getattr(self, method)(s, *args)
        return first


class _Rules:
    """The compiled rule file, built once per process at first use."""

    def __init__(self):
        rf = load("clean")
        self.th = rf["thresholds"].map
        # Plain characters: the stdlib `re` runs it at a third of `regex`'s cost per call.
        self.punct = fast_compile(rf["sentence-punct"].source)
        # (name, class, max_han, pattern, despaced, prose_exempt) in the order they are tried.
        self.checks = []
        for name in ("footer", "footer-contact", "site-voice", "dateline", "teaser", "pagination",
                     "related-header", "breadcrumb", "caption", "source-line", "editor-line", "byline",
                     "promo", "widget", "bracket-widgets", "site-line"):
            r = rf[name]
            self.checks.append((name, _CLASS_OF[r.data["class"]], r.data.get("max_han", 10 ** 6), _Pattern(r),
                                name in ("widget", "related-header"), bool(r.data.get("prose_exempt"))))
        # The same in the same order, for each kind of line: (prose, short, astral) -> (gate, all,
        # ungated), lists of (name, class, max_han, search, despaced, words). A finished sentence
        # (prose) skips the prose_exempt rules, a line over 24 characters the de-spaced ones: a
        # paragraph meets 3 rules, not 16. Until the word gate is built (build_gate) a line meets all
        # of them. A line with a character beyond the basic plane (astral) is searched by the
        # patterns as regex reads them. Each search is compiled at its first call (_first_search).
        self.checks_for = {}
        for prose in (False, True):
            for short in (False, True):
                for astral in (False, True):
                    todo = [(name, cls, max_han, self._first_search(name, pat, astral), despace, None)
                            for name, cls, max_han, pat, despace, exempt in self.checks
                            if not (exempt and prose) and (short or not despace)]
                    self.checks_for[prose, short, astral] = (None, todo, todo)
        # With the gate, a rule is compiled only when a line holds one of its words: run() builds it
        # before its first page (reading the rules' parses and compiling their words costs less than
        # compiling the rules a page's lines could not match). A process that classifies lines one by
        # one (classify_text: rule examples) does without it.
        self.gate_after = 1
        spam = rf["spam-words"]
        words = sorted(spam.words, key=len, reverse=True)
        # Plain words: the stdlib `re` skips ahead to their first characters, 3x faster than `regex`.
        self.spam = re.compile("|".join(map(re.escape, words)))
        self.spam_hits, self.spam_share = spam.data["min_hits"], spam.data["min_share"]
        places = rf["place-list"]
        self.place_suffix = tuple(places.words)
        self.place_items, self.place_share = places.data["min_items"], places.data["min_share"]
        self.not_title = _Pattern(rf["not-a-title"]).on_regex()  # searched on every line near a headline
        self.site_words = tuple(rf.words("site-words"))
        self.nav_name_han = rf["site-words"].data["max_han"]
        nav = rf["nav"]
        # One class of separators and whitespace: `re` reads it as `regex` does on normalized text
        # (which holds none of the control characters the two engines' \s disagree on), and faster.
        self.nav_split = fast_compile(nav.source).split
        self.nav_items, self.nav_mean = nav.data["min_items"], nav.data["max_mean_han"]

    def _first_search(self, name: str, pat: _Pattern, astral: bool):
        """A search that compiles the pattern, puts the compiled search in its place in the lists
        of checks, and searches."""
        return self._first(name, 3, lambda: (pat.on_regex() if astral else pat.on_re()).search,
                           lambda key: key[2] == astral)

    def _first(self, name: str, at: int, compiled, keys=lambda key: True):
        """A stand-in for item ``at`` of rule ``name``'s checks that compiles it (``compiled()``),
        puts it in its place in the lists of checks (of the ``keys``), and calls it."""
        def first(s: str):
            fn = compiled()
            for key, lists in self.checks_for.items():
                if keys(key):
                    for todo in lists[1:]:
                        for j, c in enumerate(todo):
                            if c[0] == name:
                                todo[j] = c[:at] + (fn,) + c[at + 1:]
            return fn(s)
        return first

    def build_gate(self) -> None:
        """A line in which the gate finds none of the words the gated rules require meets only the
        others (most lines of a page are no furniture: one search, not 16); else each gated rule is
        tried only when the line holds one of its own words (a cheap search). The classes are the
        same with the gate or without it: a rule skipped could not have matched. The de-spaced rules
        read the line without its spaces, which may join a word the line spreads: the gate does not
        cover them, they meet every line of their kind, each behind its own words (in the de-spaced
        line)."""
        req = {name: required_words(pat) for name, _, _, pat, _, _ in self.checks}
        # each rule's words compiled when first needed (a page may need a few)
        words = {name: self._first(name, 5, lambda ws=ws: _any_word(ws).search) for name, ws in req.items() if ws}
        gates = {}  # the gate of each set of gated rules: two sets (prose lines meet 3 rules, others 14)
        for key, (_, todo, _) in self.checks_for.items():
            todo = [c[:5] + (words.get(c[0]),) for c in todo]
            names = frozenset(c[0] for c in todo if c[5] and not c[4])
            if names not in gates:
                gates[names] = names and _any_word({w for name in names for w in req[name]}).search or None
            gate = gates[names]
            self.checks_for[key] = (gate, todo, [c for c in todo if c[5] is None or c[4] or gate is None])
        self.gate_after = 0


def required_words(pattern) -> frozenset[str] | None:
    """Words one of which every match of ``pattern`` (a _Pattern, a compiled pattern or a source)
    contains; None when no such set is known. Read from the pattern as the stdlib's own parser reads
    it (four times faster than `regex`'s, and \\p{Han} spelled as a class; a _Pattern's own parse):
    the literal runs of a sequence (its most telling item is kept), the alternatives of a branch, a
    repeat at least once, a small set of characters; in case-insensitive parts, only ASCII
    characters other than letters (no case folding reaches them: ".", "://"). Anything else
    (classes, look-arounds, letters read case-insensitively) requires nothing."""
    if isinstance(pattern, _Pattern):
        tree = pattern.tree
    else:
        source = _han_as_class(getattr(pattern, "pattern", pattern))
        try:
            tree = _sre_parse(source) if source is not None else None
        except re.error:  # syntax of `regex` only: no gate, every line meets the rule
            tree = None
    if tree is None:
        return None

    LITERAL = _C.LITERAL

    def caseless(c: int) -> bool:  # a character case-insensitive reading matches as it is
        return c < 128 and not chr(c).isalpha()

    def seq(items, icase):
        options, run = [], ""
        for op, av in items.data if hasattr(items, "data") else items:
            if op is LITERAL and (not icase or caseless(av)):
                run += chr(av)  # consecutive literals make one longer word
                continue
            if run:
                options.append({run})
                run = ""
            words = item(op, av, icase)
            if words:
                options.append(words)
        if run:
            options.append({run})
        if len(options) < 2:
            return options[0] if options else None
        # the most telling: the longest shortest word, then the fewest words
        return max(options, key=lambda ws: (min(map(len, ws)), -len(ws)))

    def item(op, av, icase):
        if op is _C.IN:  # a small set of plain characters
            return {chr(c) for _, c in av} if len(av) <= 8 and \
                all(o is _C.LITERAL and (not icase or caseless(c)) for o, c in av) else None
        if op is _C.BRANCH:
            out = set()
            for branch in av[1]:
                words = seq(branch, icase)
                if words is None:
                    return None
                out |= words
            return out
        if op is _C.SUBPATTERN:  # (group, flags set, flags cleared, items)
            return seq(av[3], (icase or bool(av[1] & re.IGNORECASE)) and not av[2] & re.IGNORECASE)
        if op in _REPEATS:  # lazy and possessive repeats too
            return seq(av[2], icase) if av[0] >= 1 else None
        if op is _ATOMIC:
            return seq(av, icase)
        return None

    words = seq(tree, bool(tree.state.flags & re.IGNORECASE))
    return frozenset(words) if words else None


def _any_word(words):
    """One stdlib `re` alternation finding any of ``words`` (a word holding another is left out:
    the shorter one is found wherever the longer is); None for no words."""
    words = set(words)
    kept = sorted(w for w in words if not any(w[i:j] in words for i in range(len(w))
                                              for j in range(i + 1, len(w) + 1) if j - i < len(w)))
    return re.compile("|".join(map(re.escape, kept))) if kept else None


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    return _Rules()


def _is_sentence(s: str) -> bool:
    return s.rstrip("”’\"）)").endswith(("。", "！", "？", "!", "?"))


def _lead_like(line: Line, th) -> bool:
    """Running text (a sentence, or a paragraph) rather than a headline."""
    return line.cls == TEXT and (line.han >= th["strong_han"] or line.sent or line.s.endswith("……"))


def _classify(s: str, han: int, R: _Rules, sent: bool) -> tuple[int, str]:
    """The class of one stripped, non-empty line on its own (``sent``: it ends like a sentence), and
    the rule that decided it."""
    prose = han >= 20 and sent  # a finished sentence of some length: a body line, whatever it mentions
    punct = prose or R.punct.search(s) is not None  # a finished sentence ends in sentence punctuation
    items = None
    if not prose and han >= 6:
        if han >= 10:  # keyword stuffing
            hits = R.spam.findall(s)
            if len(hits) >= R.spam_hits and sum(map(len, hits)) >= R.spam_share * han:
                return SPAM, "spam-words"
        if not punct:
            items = list(filter(None, R.nav_split(s)))
            if len(items) >= R.place_items and \
                    sum(x.endswith(R.place_suffix) for x in items) >= R.place_share * len(items):
                return SPAM, "place-list"
    gate, checks, ungated = R.checks_for[prose, len(s) <= 24, _ASTRAL.search(s) is not None]
    despaced = None
    for name, cls, max_han, search, despace, words in (checks if gate is None or gate(s) else ungated):
        if han > max_han:
            continue
        if despace:
            if despaced is None:
                despaced = _despace(s)
            target = despaced
        else:
            target = s
        if words is not None and not words(target):
            continue
        if search(target):
            if cls == DATE and punct and han > 12 and (not _dateline_words(s) or sent):
                continue  # a sentence or a teaser holding a date, not a dateline
            return cls, name
    if han == 0:
        return EMPTY, ""
    if punct or "、" in s:  # an enumeration comma reads as text too (but not for menus above)
        return TEXT, ""
    if items is None:
        items = list(filter(None, R.nav_split(s)))
    if len(items) >= R.nav_items and han <= R.nav_mean * len(items):
        return HARD, "nav"
    return (FRAG if han <= 2 else SHORT), ""


# Line text -> (ends like a sentence, (class, rule)): the class of a line depends on its text only, and
# the menus, footers, tool rows and datelines of a site come back page after page (and its articles on
# other sites). A dict read by the line's text: a look-up here is most of what a known line costs.
_BASE: dict[str, tuple[bool, tuple[int, str]]] = {}
_BASE_MAX = 8192


def _base_of(s: str, han: int) -> tuple[bool, tuple[int, str]]:
    """Line.base of a line not in _BASE, remembered (the older half is let go when it is full)."""
    sent = _is_sentence(s)
    memo = sent, (EMPTY, "") if han == 0 and len(s) < 8 else _classify(s, han, _rules(), sent)
    if len(_BASE) >= _BASE_MAX:
        for old in list(islice(_BASE, _BASE_MAX // 2)):
            del _BASE[old]
    _BASE[s] = memo
    return memo


_DATELINE_WORDS = re.compile(r"来源|发布|时间|日期|记者|编辑|作者|通讯员|更新")


def _dateline_words(s: str) -> bool:
    return _DATELINE_WORDS.search(s) is not None


def classify_text(line: str) -> str:
    """The kind of one line on its own: "body", "boilerplate", "spam" or "dateline"."""
    from .normalize import normalize_str
    s = normalize_str(line).strip()
    cls, _ = _classify(s, han_count(s), _rules(), _is_sentence(s))
    return {SPAM: "spam", DATE: "dateline", WEAK: "boilerplate", HARD: "boilerplate",
            EMPTY: "boilerplate"}.get(cls, "body")


def split_lines(norm: str) -> list[Line]:
    """Every non-blank line of ``norm`` (classes are worked out when first asked for)."""
    out: list[Line] = []
    append = out.append
    pos = 0
    # The Han count of every line at once: the lead bytes of Han characters and the newlines.
    hans = norm.encode("utf-8", "surrogatepass").translate(None, _NOT_HAN_LEAD_NL).split(b"\n")
    for raw_line, han in zip(norm.split("\n"), hans):
        s = raw_line.strip()
        if s:
            start = pos if len(s) == len(raw_line) or s[0] == raw_line[0] else \
                pos + len(raw_line) - len(raw_line.lstrip())
            append(Line(start, start + len(s), s, len(han)))
        pos += len(raw_line) + 1
    # A line printed twice in a row (an image's alt text and its caption, a headline) is read with
    # its copy (Line.__getattr__): only such lines are linked, found by one C-level pass.
    texts = [ln.s for ln in out]
    for k in compress(count(1), map(eq, texts, islice(texts, 1, None))):
        out[k - 1].next, out[k].prev = out[k], out[k - 1]
    return out


# -- context ---------------------------------------------------------------------------------

class Layout:
    """What the context pass decided: body lines, title line, and the zones the metadata reads."""

    def __init__(self):
        self.body: list[int] = []  # indices into lines, page order
        self.title: int | None = None
        self.first = self.last = -1  # first and last paragraph (indices into lines)
        self.header: list[int] = []  # lines above the body that may hold the dateline
        self.footer: list[int] = []  # lines below it


def _headline_like(line: Line, th) -> bool:
    """Can be a line of a headline block: short text that does not end like a sentence."""
    if line.cls not in (SHORT, TEXT) and line.rule != "repeat":
        return False
    return line.han >= th["title_min_han"] and len(line.s) <= th["title_max_len"] and \
        not line.s.endswith(_NOT_HEADLINE_END)


def _not_title(line: Line) -> bool:
    """A kicker (…——), an "original title" note or a bracketed column tag: kept, never the title."""
    return _rules().not_title.search(line.s) is not None


def _nav_like(line: Line) -> bool:
    """A bare section or site name (no punctuation, digits or quotes; very short, or ending in a
    site word): what is left of a menu right above a headline."""
    R = _rules()
    if R.punct.search(line.s) or any(c.isdigit() or c in "“”‘’《》（）()" for c in line.s):
        return False
    return line.han <= R.nav_name_han or line.s.endswith(R.site_words)


def _skippable(line: Line, th) -> bool:
    """What may sit between a headline and what anchors it: furniture that belongs to the
    article (datelines, bylines, share buttons, captions) and labels (tags, short names)."""
    c = line.cls
    if c in (EMPTY, DATE) or (c == WEAK and line.rule != "repeat") or line.rule in _STEP_OVER:
        return True
    if c in (SHORT, FRAG) and line.rule != "repeat":
        return not _headline_like(line, th) or (_not_title(line) and not _kicker(line))
    return False


def _kicker(line: Line) -> bool:
    return line.s.endswith(_KICKER_END)


def _block_above(lines: list[Line], k: int, th) -> list[int]:
    """The headline block above line ``k``: step over furniture and labels, then take the
    consecutive headline-like lines (a list longer than ``block_max`` keeps only its last
    line, the one nearest the article). A bare site or section name, or a line printed twice
    (an image's alt text and caption), is stepped over too when a headline block sits above
    it; else it is the block (a headline printed twice)."""
    j = k - 1
    fallback = None
    while j >= 0:
        ln = lines[j]
        if _skippable(ln, th):
            j -= 1
        elif _headline_like(ln, th) and (ln.rule == "repeat" or _nav_like(ln)):
            if fallback is None:
                fallback = j
            j -= 1
        else:
            break
    block = _collect(lines, j, th)
    if not block and fallback is not None:
        block = _collect(lines, fallback, th)
    return block


def _collect(lines: list[Line], j: int, th) -> list[int]:
    block = []
    while j >= 0 and (lines[j].cls == EMPTY or _headline_like(lines[j], th)):
        if lines[j].cls != EMPTY:
            block.append(j)
        j -= 1
    block.reverse()
    if len(block) > th["block_max"]:
        block = block[-1:]
    return block


def _page_title(line: Line, th) -> bool:
    """A headline with the site's name appended (the HTML title a page dump opens with)."""
    if not _headline_like(line, th):
        return False
    head, tail = meta.title_cut(line.s)
    return tail > 0 and han_count(line.s[head:len(line.s) - tail]) >= th["title_min_han"]


def _choose_title(lines: list[Line], block: list[int], th) -> tuple[int | None, list[int]]:
    """The title in a headline block and the block lines that stay in the body. A copy of the
    headline with the site's name appended (the page title) and menu names above the headline
    are dropped; kickers (ending in ——) and subtitles stay."""
    cands = [j for j in block if not _not_title(lines[j]) and lines[j].han >= th["title_min_han"]]
    drop = {k for k in cands for j in cands
            if j != k and lines[k].s.startswith(lines[j].s) and len(lines[k].s) > len(lines[j].s)}
    cands = [j for j in cands if j not in drop]
    while len(cands) > 1 and _nav_like(lines[cands[0]]):
        drop.add(cands.pop(0))
    if not cands:
        return None, []
    kept = [j for j in block if j not in drop and (lines[j].han >= th["title_min_han"] or _not_title(lines[j]))]
    return cands[0], kept


def _paragraphs(lines: list[Line], th) -> list[int]:
    """The lines that anchor an article: paragraphs of strong_han Han characters, or of
    weak_strong_han on a page of short paragraphs, or any text at all."""
    punct = _rules().punct.findall
    for lo in (th["strong_han"], th["weak_strong_han"]):
        # A paragraph is running text: sentence punctuation twice, or a finished sentence (one mark
        # inside a long line is a headline, or two run together). (A line of lo Han characters is
        # at least lo characters long: no length test.)
        strong = [k for k, ln in enumerate(lines)
                  if ln.han >= lo and ln.cls == TEXT and (ln.sent or len(punct(ln.s)) >= 2)]
        if len(strong) >= 2:
            return strong
    return strong or [k for k, ln in enumerate(lines) if ln.cls == TEXT]


def _best_run(lines: list[Line], strong: list[int], th) -> list[int]:
    """Runs of paragraphs, split at a hard line or at a list of short lines (more than
    max_gap_short in all, or more than max_gap_row in a row); the one with the most text."""
    runs: list[list[int]] = [[strong[0]]]
    for a, b in zip(strong, strong[1:]):
        shorts, row, broken = 0, 0, False
        for j in range(a + 1, b):
            c = lines[j].cls
            if c >= HARD:
                broken = True
                break
            if c == FRAG or (c == SHORT and lines[j].han < th["strong_han"]):
                shorts += 1
                row += 1
                if row > th["max_gap_row"]:
                    broken = True
                    break
            elif c != EMPTY:
                row = 0
        if broken or shorts > th["max_gap_short"]:
            runs.append([b])
        else:
            runs[-1].append(b)

    if len(runs) == 1:
        return runs[0]

    def weight(run):
        return sum(lines[j].han for j in range(run[0], run[-1] + 1) if lines[j].cls == TEXT)

    return max(runs, key=weight)  # the first of equals: a print copy after the article loses


def _below(lines: list[Line], E: int, th) -> tuple[list[int], int]:
    """The body lines after the last paragraph, and where the body ends. Sentences and short
    lines up to the first furniture (captions and blank-ish lines are stepped over); short lines
    count only when a sentence follows them, or when a few of them close the article right
    before an end-of-article marker; more than block_max of them in a row are a list."""
    body: list[int] = []
    pending: list[int] = []
    j = E + 1
    while j < len(lines):
        ln = lines[j]
        if ln.cls == EMPTY or ln.rule == "caption":
            j += 1
            continue
        if _lead_like(ln, th):
            body.extend(pending)
            pending = []
            body.append(j)
        elif ln.cls in (SHORT, FRAG, TEXT):
            pending.append(j)
            if len(pending) > th["block_max"]:
                break
        else:
            if ln.cls in (HARD, DATE) and len(pending) <= th["block_max"] + 2:
                body.extend(pending)
            break
        j += 1
    return body, j


def _above(lines: list[Line], S: int, th) -> tuple[list[int], list[int]]:
    """The lines just above the first paragraph, up to the first furniture: (head, lead).
    The lead is the running text right above the paragraph; the head, above it, is a headline
    block of at most block_max lines (a longer list of short lines is no part of the article)."""
    run: list[int] = []
    j = S - 1
    while j >= 0 and lines[j].cls in (EMPTY, TEXT, SHORT):
        if lines[j].cls != EMPTY:
            run.append(j)
        j -= 1
    run.reverse()
    tail = len(run)
    while tail > 0 and _lead_like(lines[run[tail - 1]], th):
        tail -= 1
    head, lead = run[:tail], run[tail:]
    if len(head) > th["block_max"]:
        head = []
    return [j for j in head if lines[j].han >= th["title_min_han"] or _not_title(lines[j])], lead


def _title_search(lines: list[Line], head: list[int], top: int, th) -> tuple[int | None, list[int]]:
    """The title and its block: the headline that opens the head (a date bar may sit above it);
    else the headline block above the nearest dateline or source line over the body; else the
    headline block just above the body. A headline further down the head (below a lead) is a
    sub-heading, not the title."""
    if head:
        first = next((j for j in head if not _not_title(lines[j])), None)
        if first is not None and _headline_like(lines[first], th):
            title, block = _choose_title(lines, head, th)
            if title is not None:
                return title, block
    seen = 0
    j = top - 1
    while j >= 0 and seen < th["header_lines"]:
        ln = lines[j]
        if ln.cls != EMPTY:
            seen += 1
            if ln.cls == DATE or ln.rule == "source-line":
                title, block = _choose_title(lines, _block_above(lines, j, th), th)
                if title is not None:
                    return title, block
        j -= 1
    return _choose_title(lines, _block_above(lines, top, th), th)


def layout(lines: list[Line]) -> Layout:
    """Where the article is on the page: body lines, title, and the zones around them."""
    th = _rules().th
    out = Layout()
    strong = _paragraphs(lines, th)
    if not strong:
        return out
    best = _best_run(lines, strong, th)
    S, E = best[0], best[-1]
    out.first, out.last = S, E
    body = [j for j in range(S, E + 1) if lines[j].cls in (TEXT, SHORT, FRAG)]
    tail, end_of_body = _below(lines, E, th)
    head, lead = _above(lines, S, th)
    top = (head or lead or [S])[0]
    title, block = _title_search(lines, head, top, th)
    if title is not None and block and set(block) <= set(head):
        head = block  # the head was the title block: drop what it dropped (menu names, copies)
    far = False
    if title is None and top > 0 and _page_title(lines[0], th):
        title, block, far = 0, [0], True  # the page's own title line: headline + site name
    out.title = title

    # Header zone: from a little above the title block down to the body; footer: below the body.
    if title is None or far:
        lo = max(0, S - th["header_lines"])
    else:
        lo, seen = min([top, title] + block), 0
        while lo > 0 and seen < 3:
            lo -= 1
            seen += lines[lo].cls != EMPTY
    out.header = list(range(lo, S))
    out.footer = list(range(E + 1, min(len(lines), end_of_body + th["footer_lines"])))
    out.body = sorted(set(block) | set(head) | set(lead) | set(body) | set(tail))
    return out


def run(article: Article) -> None:
    """Classify the lines of ``article.norm``, set ``text`` (title line first, then the body),
    ``lines``, ``title_span`` and ``meta`` (all but ``encoding``)."""
    norm = article.norm
    lines = split_lines(norm)
    R = _rules()
    if R.gate_after:
        R.gate_after = max(0, R.gate_after - len(lines))
        if not R.gate_after:
            R.build_gate()
    lay = layout(lines)

    spans: list[tuple[int, int]] = []
    seen: set[str] = set()
    body_set = set(lay.body)
    title_span = None
    if lay.title is not None:
        t = lines[lay.title]
        head, tail = meta.title_cut(t.s)
        title_span = (t.start + head, t.end - tail)
        spans.append(title_span)
        seen.add(_despace(t.s))
        seen.add(_despace(norm[title_span[0]:title_span[1]]))
    for k in lay.body:
        ln = lines[k]
        key = _despace(ln.s)  # a copy may differ in its spaces only
        if k == lay.title or key in seen:
            continue
        seen.add(key)
        spans.append((ln.start, ln.end))
    article.set_text(spans)
    article.title_span = (0, title_span[1] - title_span[0]) if title_span else None

    # Far from the article, a line not looked at closely is boilerplate (SEO spam sits at the very top
    # or bottom of a page, and those lines are looked at).
    title, n = lay.title, len(lines)
    for k in sorted({0, 1, 2, n - 3, n - 2, n - 1}):
        if 0 <= k < n and k != title and k not in body_set:
            lines[k].cls  # looked at
    kinds = [(ln.start, ln.end, _KIND.get(ln.cls, "boilerplate") if ln.classified else "boilerplate")
             for ln in lines]
    for k in body_set:
        kinds[k] = (kinds[k][0], kinds[k][1], "body")
    if title is not None:
        kinds[title] = (kinds[title][0], kinds[title][1], "title")
    article.lines = kinds
    meta.fill(article, lines, lay, title_span, spans)


_KIND = {SPAM: "spam", DATE: "dateline"}  # the kind of a line outside the article: else boilerplate


def take_all(article: Article) -> None:
    """No cleaning: the whole normalized text is the body."""
    article.set_text([(0, len(article.norm))])
