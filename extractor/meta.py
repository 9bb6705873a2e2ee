"""Metadata read by the clean stage: title, published, outlet, authors, editors, script.

Patterns live in ``rules/meta.toml``. The lines to read come from the clean stage's layout:
datelines of the header (between the title block and the body) first, else of the footer (below
the body), else the dateline nearest the body; 来源, byline and editor lines of both zones; the
credit in parentheses that opens the first paragraph.
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import regex

from . import clean as _clean  # (clean imports this module: its names are read at run time)
from .rules import load

if TYPE_CHECKING:  # pragma: no cover
    from .article import Article
    from .clean import Layout, Line

_HAN = regex.compile(r"\p{Han}")
_NAME_SPLIT = regex.compile(r"[\s、，,]+")
_SCRIPT_SAMPLE = 800
_BARE_SOURCE = regex.compile(r"^\W{0,3}来源\s*[:：]?\s*$")  # the name is on the next line
_OPENING_CREDIT = regex.compile(r"^[^（(]{0,24}[（(][^（）()]{2,40}[）)]")


class _Rules:
    def __init__(self):
        from .clean import _Pattern  # clean imports this module

        rf = load("meta")
        # Each pattern is compiled at its first search, by `re` where re reads it alike (clean._Pattern):
        # a page that has no credit line never compiles the credit patterns.
        self.date = _Pattern(rf["date"])
        self.outlet = _Pattern(rf["outlet"])
        self.outlet_credit = _Pattern(rf["outlet-credit"])
        self.author = _Pattern(rf["author"])
        self.editor = _Pattern(rf["editor"])
        self.roles = set(rf.words("role-words"))
        self.injection = _Pattern(rf["title-injection"])
        self.site_suffix = _Pattern(rf["title-site-suffix"])
        self.script = rf["script"].map
        self.script_chars = rf["script-chars"].map
        self._credit_words = None

    def credit_words(self):
        """A search for the words one of which every credit (_credit_like) holds; None when some
        credit pattern requires no word. Built at first need from the patterns' parses."""
        if self._credit_words is None:
            from .clean import _any_word, required_words

            req = [required_words(p) for p in (self.outlet, self.outlet_credit, self.author, self.editor,
                                               _BARE_SOURCE)]
            self._credit_words = (None,) if None in req else (_any_word(set().union(*req)).search,)
        return self._credit_words[0]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    return _Rules()


@lru_cache(maxsize=4096)  # far lines are read for a date on every page of a site
def parse_date(s: str) -> tuple[str, int] | None:
    """The first full date in ``s`` as ISO (with the time when one is stated) and its precision
    (1 a day, 2 a day and time); None when ``s`` holds no valid full date."""
    for m in _rules().date.finditer(s):
        if m.group("y"):
            y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        else:
            y, mo, d = int(m.group("roc")) + 1911, int(m.group("rm")), int(m.group("rd"))
            if not 1912 <= y <= 2100:
                continue
        if not (1 <= mo <= 12 and 1 <= d <= 31):
            continue
        iso = f"{y:04d}-{mo:02d}-{d:02d}"
        h, mi = m.group("H"), m.group("M")
        if h is not None:
            hour = int(h)
            if m.group("ampm") in ("下午", "晚上", "晚间") and hour < 12:
                hour += 12
            if hour < 24 and (hour or int(mi)):
                return f"{iso}T{hour:02d}:{mi}", 2
        return iso, 1
    return None


def title_cut(s: str) -> tuple[int, int]:
    """How many characters at the start and at the end of a headline are an injected [product]
    name or the site's name appended to a page title ((0, 0) when none, or when what is left
    would be no headline)."""
    head = tail = 0
    for m in _rules().injection.finditer(s):
        if m.start() == 0:
            head = m.end()
        elif m.end() == len(s):
            tail = len(s) - m.start()
    if not tail:
        m = _rules().site_suffix.search(s)
        if m:
            tail = len(s) - m.start()
    if (head or tail) and len(_HAN.findall(s[head:len(s) - tail])) < 5:
        return 0, 0
    return head, tail


def _names(text: str, roles: set[str]) -> list[str]:
    out = []
    for tok in _NAME_SPLIT.split(text):
        tok = tok.strip()
        if 2 <= len(tok) <= 4 and len(_HAN.findall(tok)) == len(tok) and tok not in roles:
            out.append(tok)
        elif tok in roles:
            continue
        else:
            break  # names end where something else starts
    return out


def _people(pattern, lines: list[str], roles: set[str]) -> list[str]:
    found: list[str] = []
    for s in lines:
        for m in pattern.finditer(s):
            for name in _names(m.group("names"), roles):
                if name not in found:
                    found.append(name)
    return found


@lru_cache(maxsize=4096)  # far lines of a page: menus and footers that come back page after page
def _credit_like(s: str) -> bool:
    """Could ``s`` be a credit line: does it hold an outlet, a bare 来源, or names a credit gives?"""
    R = _rules()
    words = R.credit_words()
    if words is not None and words(s) is None:
        return False  # none of the words every credit holds
    return bool(R.outlet.search(s) or _BARE_SOURCE.match(s) or R.outlet_credit.search(s) or
                R.author.search(s) or R.editor.search(s))


def script_of(article: "Article", spans: list[tuple[int, int]]) -> str:
    """simplified / traditional / mixed: what the raw text of the body is written in."""
    if not article.converted or not spans:
        return "simplified"
    raw, to_raw = article.raw, article.norm_to_raw
    spans = [(s, e) for s, e in spans if e > s]
    # the raw span of each: where its first and last characters came from (looked up all at once)
    firsts, lasts = to_raw.lookup_in_range([s for s, _ in spans]), to_raw.lookup_in_range([e - 1 for _, e in spans])
    body = "".join([raw[s:e + 1] for s, e in zip(firsts, lasts)])
    if len(body) > _SCRIPT_SAMPLE:  # a share, not a count: an even sample of the body will do
        body = body[::len(body) // _SCRIPT_SAMPLE + 1]
    kinds = body.translate(_script_table())  # T, S or . for each character
    trad, simp = kinds.count("T"), kinds.count("S")
    if trad + simp == 0:
        return "simplified"
    share = trad / (trad + simp)
    th = _rules().script
    if share >= th["traditional"]:
        return "traditional"
    if share <= th["simplified"]:
        return "simplified"
    return "mixed"


@lru_cache(maxsize=1)
def _script_table() -> str:
    """A ``str.translate`` table of the BMP: T for the characters only traditional text uses, S for
    those only simplified text uses (the ``script-chars`` strings of rules/meta.toml), . for the
    rest; built once. Counting T and S in a translated body runs as fast as a `re` character class,
    and the table costs a tenth of compiling the two classes (the first traditional article)."""
    chars = _rules().script_chars
    table = bytearray(b"." * 0x10000)  # a character beyond the BMP is left as it is: no T, no S
    for kind, key in ((b"T", "traditional"), (b"S", "simplified")):
        for c in chars[key]:
            table[ord(c)] = kind[0]
    return table.decode("latin-1")


def derive_script_chars() -> tuple[str, str]:
    """The ``script-chars`` of rules/meta.toml from OpenCC: the characters of the CJK block that
    tw2s changes and s2t does not (traditional only), and those s2t changes and tw2s does not
    (simplified only), each in code point order. Slow (loads s2t): the tests compare it with
    the stored strings, and it regenerates them when OpenCC changes."""
    from .normalize import _converter
    import opencc

    try:
        s2t = opencc.OpenCC("s2t.json")
    except Exception:  # the pure-Python package takes the bare name
        s2t = opencc.OpenCC("s2t")
    chars = [chr(c) for c in range(0x4E00, 0xA000)]
    joined = "\n".join(chars)
    to_simp = _converter().convert(joined).split("\n")
    to_trad = s2t.convert(joined).split("\n")
    trad = {c for c, t in zip(chars, to_simp) if t != c}
    simp = {c for c, t in zip(chars, to_trad) if t != c}
    both = trad & simp
    return "".join(sorted(trad - both)), "".join(sorted(simp - both))


def fill(article: "Article", lines: list["Line"], lay: "Layout", title_span, spans) -> None:
    """Set ``article.meta`` (all but ``encoding``) from the lines around the body."""
    DATE, META_RULES, SHORT = _clean.DATE, _clean.META_RULES, _clean.SHORT
    R = _rules()
    m = article.meta
    norm = article.norm
    m.title = norm[title_span[0]:title_span[1]].strip() if title_span else None

    # A line the layout has not classified (far from the body) is classified here only when it could
    # matter: when it holds a date, or the outlet or names a credit gives. Most hold none.
    def dated(idx):  # datelines, and source/byline/editor lines that carry the date
        out = []
        for k in idx:
            ln = lines[k]
            if not ln.classified and not parse_date(ln.s):
                continue
            if (ln.cls == DATE or ln.rule in META_RULES) and (p := parse_date(ln.s)):
                out.append((k, p))
        return out

    published = None
    head = dated(lay.header)
    if head:
        # the most precise; then one below the title (a date bar above it is the day's date);
        # then the nearest to the title
        t = lay.title if lay.title is not None else lay.first
        published = max(head, key=lambda kp: (kp[1][1], kp[0] > t, -abs(kp[0] - t)))[1][0]
    else:
        foot = dated(lay.footer)
        if foot:
            published = foot[0][1][0]
        elif lay.first >= 0:
            anywhere = dated(range(len(lines)))
            if anywhere:
                published = min(anywhere, key=lambda kp: abs(kp[0] - lay.first))[1][0]
    m.published = published

    # Credits are read from datelines and source/byline/editor lines around the body only.
    body = set(lay.body)
    zone = []
    for k in lay.header + lay.footer:
        ln = lines[k]
        if k not in body and (ln.classified or _credit_like(ln.s)) and (ln.cls == DATE or ln.rule in META_RULES):
            zone.append(k)
    zone_text = [lines[k].s for k in zone]
    credit = []
    if lay.first >= 0:
        c = _OPENING_CREDIT.match(lines[lay.first].s)
        if c:
            credit.append(c.group())

    outlet = None
    for k in zone:
        s = lines[k].s
        o = R.outlet.search(s)
        if o:
            outlet = o.group("name")
            break
        if _BARE_SOURCE.match(s):
            nxt = next((j for j in range(k + 1, min(k + 3, len(lines))) if lines[j].cls == SHORT), None)
            if nxt is not None:
                outlet = lines[nxt].s
                break
    if outlet is None:
        for s in credit + zone_text:
            o = R.outlet_credit.search(s)
            if o:
                outlet = o.group("name")
                break
    m.outlet = outlet
    m.authors = _people(R.author, credit + zone_text, R.roles)
    m.editors = _people(R.editor, zone_text, R.roles)
    m.script = script_of(article, spans[1:] if title_span and len(spans) > 1 else spans)  # the body proper
