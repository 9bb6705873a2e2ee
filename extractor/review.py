"""`extractor review`: one self-contained HTML page for checking the extraction by eye.

For each record the raw article file (found in ``--articles`` by id, else at the record's ``source``) is
shown line by line with every item highlighted at its raw span: each place and brand mention, each event
and each number is one ``<mark data-k=KIND data-i=N>`` (an item crossing another's edge is split, the
later pieces marked ``cont``). A raw line whose content is not in the record's ``text`` (dropped by the
cleaner: boilerplate, spam) is greyed, by the same test ``eval`` scores cleaning with. A span whose
``raw[start:end]`` differs from its ``surface`` is outlined in red. A corpus view shows the most frequent
places and brands and the events per month (inline SVG). The page needs no network: style, script and
data are inside it (``review_template.html`` is the shell).
"""
from __future__ import annotations

import datetime as dt
import html
import json
import logging
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Iterable
from urllib.parse import quote

log = logging.getLogger("extractor")

KINDS = ("place", "brand", "event", "number")
FIELDS = {"place": "places", "brand": "brands", "event": "events", "number": "numbers"}
TOP = 25  # rows of the corpus tables
_WS = re.compile(r"\s+")
_SLOT = re.compile(r"\{\{(\w+)\}\}")


def _e(s) -> str:
    return html.escape("" if s is None else str(s), quote=True)


# -- spans ------------------------------------------------------------------------------------------

@dataclass
class Span:
    start: int
    end: int
    tag: str  # "div" for a line, "mark" for an item
    attrs: str  # the opening tag's attributes, already escaped
    order: int  # lines (0) always outside items (1)


def render_spans(raw: str, spans: list[Span]) -> str:
    """HTML of ``raw`` with the spans as nested elements. Lines never overlap; an item that crosses
    another's edge is closed and reopened (the reopened part gets ``class="… cont"``), so every span
    opens exactly once without ``cont``. Zero-length spans become empty elements."""
    def text(a: int, b: int) -> str:
        return html.escape(raw[a:b].replace("\r", "").replace("\n", ""), quote=False)

    empties: dict[int, list[Span]] = defaultdict(list)
    starts: dict[int, list[int]] = defaultdict(list)
    points = {0, len(raw)}
    for i, sp in enumerate(spans):
        if sp.end <= sp.start:
            empties[sp.start].append(sp)
            points.add(sp.start)
        else:
            starts[sp.start].append(i)
            points.update((sp.start, sp.end))
    order = sorted(points)
    key = lambda i: (spans[i].order, spans[i].start, -spans[i].end, i)  # outer before inner
    out: list[str] = []
    stack: list[int] = []
    active: set[int] = set()

    def close_to(depth: int) -> None:
        while len(stack) > depth:
            out.append(f"</{spans[stack.pop()].tag}>")

    for a, b in zip(order, order[1:] + [None]):
        active = {i for i in active if spans[i].end > a}
        active.update(starts.get(a, ()))
        want = sorted(active, key=key)
        keep = 0
        while keep < min(len(stack), len(want)) and stack[keep] == want[keep]:
            keep += 1
        close_to(keep)
        for i in want[keep:]:
            sp = spans[i]
            attrs = sp.attrs if sp.start == a else sp.attrs.replace('class="', 'class="cont ', 1)
            out.append(f"<{sp.tag} {attrs}>")
            stack.append(i)
        for sp in empties.get(a, ()):
            out.append(f"<{sp.tag} {sp.attrs}></{sp.tag}>")
        if b is not None:
            out.append(text(a, b))
    close_to(0)
    return "".join(out)


def dropped_lines(raw: str, text: str) -> list[bool]:
    """For each raw line (split on "\\n"): True when it has content and that content is not in ``text``
    (the test ``eval`` scores cleaning with)."""
    from .normalize import normalize_str

    squeezed = _WS.sub("", text)
    flags = []
    for line in raw.split("\n"):
        content = _WS.sub("", line)
        if content:
            content = _WS.sub("", normalize_str(line))
        flags.append(bool(content) and content not in squeezed)
    return flags


# -- one article ------------------------------------------------------------------------------------

def items_of(rec: dict) -> list[tuple[str, dict]]:
    """(kind, item) for every item of a record, in JSONL order: places, brands, events, numbers."""
    return [(k, it) for k in KINDS for it in rec.get(FIELDS[k]) or []]


def spans_of(rec: dict, raw: str) -> tuple[list[Span], int, int]:
    """The item spans of one record over its raw text, the number of spans whose surface differs from
    the raw text, and the number left out because their offsets fall outside it."""
    spans: list[Span] = []
    bad = outside = 0
    for i, (kind, item) in enumerate(items_of(rec)):
        ms = item.get("mentions") if kind in ("place", "brand") else [item]
        for m_i, m in enumerate(ms or []):
            s, e = m.get("start"), m.get("end")
            if not isinstance(s, int) or not isinstance(e, int) or not 0 <= s <= e <= len(raw):
                outside += 1
                continue
            cls = f"k-{kind}"
            if raw[s:e] != m.get("surface"):
                cls += " bad"
                bad += 1
            spans.append(Span(s, e, "mark", f'class="{cls}" data-k="{kind}" data-i="{i}" data-m="{m_i}"', 1))
    return spans, bad, outside


def overlaps(spans: list[Span]) -> int:
    """Item spans of the same kind that overlap an earlier one (a stage's overlap policy should prevent it;
    places and brands inside each other, or a number inside a brand name, are expected and not counted)."""
    n = 0
    ends: dict[str, int] = {}
    for sp in sorted(spans, key=lambda sp: (sp.start, -sp.end)):
        kind = sp.attrs.split('data-k="', 1)[1].split('"', 1)[0]
        if sp.start < ends.get(kind, -1):
            n += 1
        ends[kind] = max(ends.get(kind, -1), sp.end)
    return n


def line_spans(raw: str, text: str | None) -> list[Span]:
    flags = dropped_lines(raw, text) if text is not None else None
    spans, pos = [], 0
    lines = raw.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()  # the file's final newline ends the last line; it starts no new one
    for n, line in enumerate(lines):
        end = pos + len(line) + 1  # the line's own "\n" belongs to it
        drop = flags is not None and flags[n]
        spans.append(Span(pos, min(end, len(raw)), "div", f'class="ln{" drop" if drop else ""}"', 0))
        pos = end
    return spans


def count_mentions(rec: dict) -> dict[str, int]:
    return {k: sum(len(it.get("mentions") or []) if k in ("place", "brand") else 1
                   for it in rec.get(FIELDS[k]) or []) for k in KINDS}


@dataclass
class Stats:
    articles: int = 0
    failed: int = 0
    missing: int = 0  # records whose raw file was not found
    items: int = 0  # highlighted spans (without continuations)
    bad: int = 0
    outside: int = 0
    overlapping: int = 0
    kinds: Counter = field(default_factory=Counter)
    places: dict = field(default_factory=dict)  # (name, level, code) -> [articles, mentions]
    brands: dict = field(default_factory=dict)  # (name, kind) -> [articles, mentions]
    dates: list = field(default_factory=list)  # (date, precision) of every resolved event
    undated: int = 0


def _find_raw(rec: dict, by_stem: dict[str, Path]) -> Path | None:
    p = by_stem.get(rec["id"])
    if p is None and rec.get("source"):
        q = Path(rec["source"])
        p = q if q.is_file() else by_stem.get(q.stem)
    return p


def _counts_html(counts: dict[str, int]) -> str:
    return "".join(f'<span class="n k-{k}" title="{k}s">{counts[k]}</span>' for k in KINDS)


def article_html(idx: int, rec: dict, raw: str | None, stats: Stats) -> tuple[str, str]:
    """(the article's entry in the list, its section)."""
    meta = rec.get("meta") or {}
    aid = rec["id"]
    title = meta.get("title") or (rec.get("text") or "").split("\n", 1)[0][:40] or aid
    counts = count_mentions(rec)
    notes = []
    if "error" in rec:
        stats.failed += 1
        notes.append(f'<p class="note err">{_e(rec["error"])}</p>')
        body = ""
    elif raw is None:
        stats.missing += 1
        notes.append(f'<p class="note err">raw file not found (looked for {_e(aid)}.txt in --articles and at '
                     f'{_e(rec.get("source"))}): the cleaned text is shown without highlights</p>')
        body = "".join(f'<div class="ln">{_e(line)}</div>' for line in (rec.get("text") or "").split("\n"))
    else:
        spans, bad, outside = spans_of(rec, raw)
        stats.items += len(spans)
        stats.bad += bad
        stats.outside += outside
        same = overlaps(spans)
        stats.overlapping += same
        if same:
            notes.append(f'<p class="note">{same} span(s) overlap another of the same kind</p>')
        if bad:
            notes.append(f'<p class="note err">{bad} span(s) whose raw text differs from their surface '
                         f'(outlined in red)</p>')
        if outside:
            notes.append(f'<p class="note err">{outside} span(s) outside the raw text, not shown</p>')
        body = render_spans(raw, line_spans(raw, rec.get("text")) + spans)
    for k in KINDS:
        stats.kinds[k] += counts[k]
    _tally(rec, stats)
    facts = [meta.get("published") or "no date", meta.get("outlet"), meta.get("script"), rec.get("source")]
    facts_html = " · ".join(_e(f) for f in facts if f)
    badge = '<span class="n failed">failed</span>' if "error" in rec else _counts_html(counts)
    entry = (f'<a class="art" href="#a={_e(quote(aid, safe=""))}" data-idx="{idx}"><span class="t">{_e(title)}</span>'
             f'<span class="id">{_e(aid)}</span><span class="counts">{badge}</span></a>')
    section = (f'<section class="article" id="a{idx}" data-idx="{idx}" hidden>'
               f'<h2>{_e(title)}</h2><p class="meta">{facts_html}</p>'
               f'<p class="meta counts">{_counts_html(counts)}</p>{"".join(notes)}'
               f'<div class="raw" lang="zh">{body}</div></section>')
    return entry, section


def _tally(rec: dict, stats: Stats) -> None:
    for p in rec.get("places") or []:
        row = stats.places.setdefault((p.get("name"), p.get("level"), p.get("code")), [0, 0])
        row[0] += 1
        row[1] += len(p.get("mentions") or [])
    for b in rec.get("brands") or []:
        row = stats.brands.setdefault((b.get("name"), b.get("kind")), [0, 0])
        row[0] += 1
        row[1] += len(b.get("mentions") or [])
    for e in rec.get("events") or []:
        if e.get("date"):
            stats.dates.append((e["date"], e.get("precision")))
        else:
            stats.undated += 1


# -- corpus view ------------------------------------------------------------------------------------

def month_of(date: str) -> tuple[int, int] | None:
    """The first month a resolved event date falls in (2019, 2019-H2, 2019-Q3, 2019-07, 2019-W31, 2019-07-24)."""
    m = re.fullmatch(r"(\d{4})(?:-(?:(\d{2})(?:-\d{2})?|H([12])|Q([1-4])|W(\d{2})))?", date or "")
    if not m:
        return None
    year = int(m.group(1))
    if m.group(2):
        month = int(m.group(2))
    elif m.group(3):
        month = 1 + 6 * (int(m.group(3)) - 1)
    elif m.group(4):
        month = 1 + 3 * (int(m.group(4)) - 1)
    elif m.group(5):
        try:
            monday = dt.date.fromisocalendar(year, int(m.group(5)), 1)
        except ValueError:
            return None
        return monday.year, monday.month
    else:
        month = 1
    return (year, month) if 1 <= month <= 12 else None


def timeline_svg(dates: list[tuple[str, str | None]], undated: int) -> str:
    """Events per month (per year beyond four years) as stacked bars: precise (day, week, month) solid,
    coarse (quarter, half, year: drawn at their first month) light."""
    points = [(month_of(d), p in ("day", "week", "month")) for d, p in dates]
    points = [(m, precise) for m, precise in points if m]
    if not points:
        return f'<p class="empty">No dated events{f" ({undated} without a resolved date)" if undated else ""}.</p>'
    lo, hi = min(m for m, _ in points), max(m for m, _ in points)
    by_year = (hi[0] * 12 + hi[1]) - (lo[0] * 12 + lo[1]) > 48
    if by_year:
        bins = [(y, 1) for y in range(lo[0], hi[0] + 1)]
        key = lambda m: (m[0], 1)
    else:
        bins, y, mo = [], lo[0], lo[1]
        while (y, mo) <= hi:
            bins.append((y, mo))
            y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
        key = lambda m: m
    fine, coarse = Counter(), Counter()
    for m, precise in points:
        (fine if precise else coarse)[key(m)] += 1
    top = max(fine[b] + coarse[b] for b in bins)
    W, H, L, B, T = 960, 200, 34, 30, 12
    bw = (W - L - 8) / len(bins)
    h = H - B - T
    parts = [f'<svg class="timeline" viewBox="0 0 {W} {H}" role="img" aria-label="events per '
             f'{"year" if by_year else "month"}">']
    for frac in (0, 0.5, 1):
        y = T + h * (1 - frac)
        parts.append(f'<line x1="{L}" x2="{W - 8}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
                     f'<text x="{L - 6}" y="{y + 4:.1f}" class="ax" text-anchor="end">{round(top * frac)}</text>')
    step = max(1, round(len(bins) / 16))
    for n, b in enumerate(bins):
        x = L + n * bw
        f, c = fine[b], coarse[b]
        label = str(b[0]) if by_year else f"{b[0]}-{b[1]:02d}"
        hf, hc = h * f / top, h * c / top
        tip = f"{label}: {f + c} event(s)" + (f", {c} of year/half/quarter precision" if c else "")
        parts.append(f'<g><title>{tip}</title>'
                     f'<rect x="{x + 1:.1f}" y="{T + h - hf:.1f}" width="{max(bw - 2, 1):.1f}" height="{hf:.1f}" '
                     f'class="fine"/><rect x="{x + 1:.1f}" y="{T + h - hf - hc:.1f}" width="{max(bw - 2, 1):.1f}" '
                     f'height="{hc:.1f}" class="coarse"/></g>')
        if n % step == 0 and (by_year or b[1] == 1 or n == 0 or step == 1):
            text = label if (by_year or b[1] == 1 or n == 0) else f"{b[1]:02d}"
            parts.append(f'<text x="{x + bw / 2:.1f}" y="{H - 10}" class="ax" text-anchor="middle">{text}</text>')
    parts.append("</svg>")
    note = (f'<p class="caption"><span class="sw fine"></span> day, week or month '
            f'<span class="sw coarse"></span> quarter, half or year (at its first month)'
            f'{f" · {undated} event(s) without a resolved date" if undated else ""}</p>')
    return "".join(parts) + note


def _top_table(kind: str, rows: dict, heads: tuple[str, ...]) -> str:
    if not rows:
        return f'<p class="empty">No {kind}s.</p>'
    ranked = sorted(rows.items(), key=lambda kv: (-kv[1][0], -kv[1][1], str(kv[0])))[:TOP]
    most = ranked[0][1][0]
    out = [f'<table class="top k-{kind}"><thead><tr>' + "".join(f"<th>{h}</th>" for h in heads) +
           "<th>articles</th><th>mentions</th></tr></thead><tbody>"]
    for key, (arts, mentions) in ranked:
        name, kind_or_level, *code = key
        code_html = f' <small class="code">{_e(code[0])}</small>' if code and code[0] else ""
        cells = f"<td><span class=\"name\">{_e(name)}</span>{code_html}</td><td>{_e(kind_or_level) if kind_or_level else '<i>–</i>'}</td>"
        out.append(f'<tr data-q="{_e(key[0])}" title="show the articles that name {_e(key[0])}">{cells}'
                   f'<td class="bar"><span style="width:{100 * arts / most:.0f}%"></span><b>{arts}</b></td>'
                   f'<td class="num">{mentions}</td></tr>')
    out.append("</tbody></table>")
    more = len(rows) - len(ranked)
    if more > 0:
        out.append(f'<p class="caption">… and {more} more</p>')
    return "".join(out)


def corpus_html(stats: Stats, source: str) -> str:
    cards = [("articles", stats.articles), ("failed", stats.failed)] + \
            [(f"{k} mentions" if k in ("place", "brand") else f"{k}s", stats.kinds[k]) for k in KINDS]
    warn = []
    if stats.missing:
        warn.append(f"{stats.missing} raw file(s) not found")
    if stats.bad:
        warn.append(f"{stats.bad} span(s) whose raw text differs from their surface")
    if stats.outside:
        warn.append(f"{stats.outside} span(s) outside their raw text")
    if stats.overlapping:
        warn.append(f"{stats.overlapping} span(s) overlapping another of the same kind")
    return (
        '<section id="corpus" class="corpus">'
        f'<h2>Corpus <small>{_e(source)}</small></h2>'
        '<div class="cards">' + "".join(
            f'<div class="card k-{k.split()[0].rstrip("s")}"><b>{n}</b><span>{k}</span></div>'
            for k, n in cards) + "</div>"
        + (f'<p class="note err">{_e("; ".join(warn))}</p>' if warn else "")
        + '<div class="two">'
        f'<div data-kind="place"><h3>Most frequent places</h3>{_top_table("place", stats.places, ("place · code", "level"))}</div>'
        f'<div data-kind="brand"><h3>Most frequent brands</h3>{_top_table("brand", stats.brands, ("brand", "kind"))}</div>'
        '</div>'
        f'<div data-kind="event"><h3>Events over time</h3>{timeline_svg(stats.dates, stats.undated)}</div>'
        "</section>")


# -- the page ---------------------------------------------------------------------------------------

def _script_json(obj) -> str:
    """JSON safe inside <script>: no "</" or "<!--" can end or confuse the element."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/").replace("<!--", "<\\!--")


def build_review(records: Iterable[dict], articles_dir: str | Path | None, source: str = "") -> tuple[str, Stats]:
    """The review page's HTML for the records, and what it shows."""
    from .decode import decode
    from .pipeline import iter_txt_files

    by_stem: dict[str, Path] = {}
    if articles_dir is not None:
        if not Path(articles_dir).is_dir():
            raise NotADirectoryError(20, "not a folder", str(articles_dir))
        for p in iter_txt_files([articles_dir]):
            by_stem.setdefault(p.stem, p)
    stats = Stats()
    entries, sections, data = [], [], []
    for idx, rec in enumerate(records):
        raw = None
        path = _find_raw(rec, by_stem) if "error" not in rec else None
        if path is not None:
            try:
                raw, _ = decode(path.read_bytes())
            except (OSError, ValueError) as e:
                log.warning("%s: %s", path, e)
        if raw is None and "error" not in rec:
            log.warning("%s: raw file not found, shown without highlights", rec["id"])
        entry, section = article_html(idx, rec, raw, stats)
        entries.append(entry)
        sections.append(section)
        data.append({"id": rec["id"], "items": [{"k": k, "d": it} for k, it in items_of(rec)]})
        stats.articles += 1
    legend = "".join(
        f'<label class="chip k-{k}"><input type="checkbox" data-kind="{k}" checked>'
        f'<span class="sw"></span>{k}<b>{stats.kinds[k]}</b></label>' for k in KINDS)
    legend += ('<span class="chip plain"><span class="sw dropped"></span>dropped line</span>'
               '<span class="chip plain"><span class="sw bad"></span>offset mismatch</span>')
    slots = {
        "TITLE": _e(f"extractor review · {source}" if source else "extractor review"),
        "SOURCE": _e(Path(source).name if source else ""),
        "N": str(stats.articles),
        "LEGEND": legend,
        "LIST": "".join(entries),
        "CORPUS": corpus_html(stats, source),
        "ARTICLES": "".join(sections),
        "DATA": _script_json({"articles": data}),
    }
    template = resources.files("extractor").joinpath("review_template.html").read_text(encoding="utf-8")
    return _SLOT.sub(lambda m: slots[m.group(1)], template), stats


def write_review(records: Iterable[dict], articles_dir: str | Path | None, output: str | Path,
                 source: str = "") -> dict:
    """Write the review page (``source``: the JSONL's name, for its heading); return
    {"articles": n, "items": highlighted spans}."""
    page, stats = build_review(records, articles_dir, source=source)
    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return {"articles": stats.articles, "items": stats.items}
