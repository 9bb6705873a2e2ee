"""Score predictions against gold files, exactly as ../SPEC.md ("Gold files and scoring") says.

Per field, micro-averaged over articles. Each gold item is matched at most once; an ``optional``
gold item is neither missed when absent nor wrong when present (predictions matching it are
set aside before the false positives are counted).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import regex

from .normalize import normalize_str

FIELDS = ("cleaning", "places", "brands", "events", "numbers")
_PUNCT = regex.compile(r"[\p{P}\p{S}\s]+")
_HAN = regex.compile(r"\p{Han}")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Ratio:
    right: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass
class Report:
    scores: dict[str, Score] = field(default_factory=lambda: {f: Score() for f in FIELDS})
    resolution: Ratio = field(default_factory=Ratio)  # events: date, precision, relation all right
    qualifier: Ratio = field(default_factory=Ratio)  # numbers: qualifier right on matches
    title: Ratio = field(default_factory=Ratio)  # over articles whose gold has a title
    published: Ratio = field(default_factory=Ratio)  # over articles whose gold states a date
    errors: list[str] = field(default_factory=list)
    articles: int = 0

    def table(self) -> str:
        rows = [f"{'field':<10} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
        for name in FIELDS:
            s = self.scores[name]
            rows.append(f"{name:<10} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:5d} {s.fp:5d} {s.fn:5d}")
        rows.append(f"event resolution accuracy {self.resolution.value:.3f} ({self.resolution.right}/{self.resolution.total})")
        rows.append(f"number qualifier accuracy {self.qualifier.value:.3f} ({self.qualifier.right}/{self.qualifier.total})")
        rows.append(f"title exact {self.title.value:.3f} ({self.title.right}/{self.title.total})")
        rows.append(f"published exact {self.published.value:.3f} ({self.published.right}/{self.published.total})")
        rows.append(f"articles {self.articles}")
        return "\n".join(rows)

    def value(self, name: str) -> float:
        """A figure by name: a field's F1, or resolution / qualifier / title / published."""
        if name in self.scores:
            return self.scores[name].f1
        if name.endswith((".p", ".precision")):
            return self.scores[name.split(".")[0]].precision
        if name.endswith((".r", ".recall")):
            return self.scores[name.split(".")[0]].recall
        ratios = {"resolution": self.resolution, "qualifier": self.qualifier,
                  "title": self.title, "published": self.published}
        if name in ratios:
            return ratios[name].value
        raise KeyError(name)


def _bare(s: str | None) -> str:
    return _PUNCT.sub("", normalize_str(s or ""))


def _match(gold: list[dict], pred: list[dict], same: Callable[[dict, dict], bool],
           label: Callable[[dict], str], where: str, field_name: str, report: Report,
           on_match: Callable[[dict, dict], None] | None = None) -> None:
    """One-to-one greedy matching: required gold first, then optional gold soaks up the rest."""
    score = report.scores[field_name]
    left = list(range(len(pred)))
    for g in sorted(gold, key=lambda g: bool(g.get("optional"))):
        hit = next((i for i in left if same(g, pred[i])), None)
        if hit is not None:
            left.remove(hit)
            if not g.get("optional"):
                score.tp += 1
                if on_match:
                    on_match(g, pred[hit])
        elif not g.get("optional"):
            score.fn += 1
            report.errors.append(f"{where}\t{field_name}\tmissed\t{label(g)}")
    for i in left:
        score.fp += 1
        report.errors.append(f"{where}\t{field_name}\textra\t{label(pred[i])}")


def _same_place(g: dict, p: dict) -> bool:
    if g.get("code") and p.get("code") and g["code"] == p["code"]:
        return True
    return p.get("name") in [g.get("name"), *(g.get("alt") or [])]


def _same_brand(g: dict, p: dict) -> bool:
    name = _bare(p.get("name"))
    return bool(name) and name in {_bare(x) for x in [g.get("name"), *(g.get("alt") or [])]}


def _same_event(g: dict, p: dict) -> bool:
    a, b = normalize_str(g.get("date_text") or ""), normalize_str(p.get("date_text") or "")
    return bool(a and b) and (a == b or a in b or b in a)


def _num(x) -> float | None:
    return None if x is None else float(x)


def _same_number(g: dict, p: dict) -> bool:
    gv, pv = _num(g.get("value")), _num(p.get("value"))
    if gv is None or pv is None or abs(gv - pv) > 1e-6 * max(1.0, abs(gv)):
        return False
    gm, pm = _num(g.get("max")), _num(p.get("max"))
    if (gm is None) != (pm is None) or (gm is not None and abs(gm - pm) > 1e-6 * max(1.0, abs(gm))):
        return False
    return normalize_str(g.get("unit") or "") == normalize_str(p.get("unit") or "")


def _same_published(gold: str, pred: str | None) -> bool:
    if not pred or pred[:10] != gold[:10]:
        return False
    if "T" in gold and "T" in pred:
        return gold[11:16] == pred[11:16]
    return True


def score_article(gold: dict, pred: dict, raw: str | None, report: Report) -> None:
    where = gold.get("id") or pred.get("id") or "?"
    report.articles += 1
    if "error" in pred:
        report.errors.append(f"{where}\trecord\terror\t{pred['error']}")
        pred = {}
    # cleaning: a raw line with 6+ Han characters counts as kept when its content is in `text`
    if raw is not None:
        text = pred.get("text") or ""
        squeezed = regex.sub(r"\s+", "", text)
        body = set(gold.get("body_lines") or [])
        s = report.scores["cleaning"]
        for i, line in enumerate(raw.split("\n")):
            if len(_HAN.findall(line)) < 6:
                continue
            content = regex.sub(r"\s+", "", normalize_str(line))
            kept = bool(content) and content in squeezed
            if kept and i in body:
                s.tp += 1
            elif kept:
                s.fp += 1
                report.errors.append(f"{where}\tcleaning\textra\tline {i}: {line.strip()[:60]}")
            elif i in body:
                s.fn += 1
                report.errors.append(f"{where}\tcleaning\tmissed\tline {i}: {line.strip()[:60]}")
    _match(gold.get("places", []), pred.get("places", []), _same_place,
           lambda x: f"{x.get('name')} {x.get('level')} {x.get('code')}", where, "places", report)
    _match(gold.get("brands", []), pred.get("brands", []), _same_brand,
           lambda x: f"{x.get('name')} {x.get('kind')}", where, "brands", report)

    def resolved(g, p):
        report.resolution.total += 1
        ok = all(g.get(k) == p.get(k) for k in ("date", "precision", "relation"))
        report.resolution.right += ok
        if not ok:
            report.errors.append(f"{where}\tevents\tresolution\t{g.get('date_text')}: gold "
                                 f"{g.get('date')} {g.get('precision')} {g.get('relation')}, got "
                                 f"{p.get('date')} {p.get('precision')} {p.get('relation')}")

    _match(gold.get("events", []), pred.get("events", []), _same_event,
           lambda x: f"{x.get('date_text')} → {x.get('date')} {x.get('precision')} {x.get('relation')}",
           where, "events", report, on_match=resolved)

    def qualified(g, p):
        report.qualifier.total += 1
        ok = g.get("qualifier") == p.get("qualifier")
        report.qualifier.right += ok
        if not ok:
            report.errors.append(f"{where}\tnumbers\tqualifier\t{g.get('text')}: gold "
                                 f"{g.get('qualifier')}, got {p.get('qualifier')}")

    _match(gold.get("numbers", []), pred.get("numbers", []), _same_number,
           lambda x: f"{x.get('text')} = {x.get('value')}{'-' + str(x['max']) if x.get('max') is not None else ''} "
                     f"{x.get('unit')} {x.get('qualifier')}", where, "numbers", report, on_match=qualified)
    meta = pred.get("meta") or {}
    if gold.get("title"):
        report.title.total += 1
        ok = meta.get("title") in [gold["title"], *(gold.get("title_alt") or [])]
        report.title.right += ok
        if not ok:
            report.errors.append(f"{where}\tmeta\ttitle\tgold {gold['title']!r}, got {meta.get('title')!r}")
    if gold.get("published"):
        report.published.total += 1
        ok = _same_published(gold["published"], meta.get("published"))
        report.published.right += ok
        if not ok:
            report.errors.append(f"{where}\tmeta\tpublished\tgold {gold['published']}, got {meta.get('published')}")


def load_gold(gold_dir: str | Path) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(gold_dir).glob("*.json"))}


def evaluate(gold_dir: str | Path, articles_dir: str | Path, records: dict[str, dict]) -> Report:
    """Score ``records`` (id → JSON record) against every gold file; a missing record scores as empty."""
    from .decode import decode

    report = Report()
    for gid, gold in load_gold(gold_dir).items():
        path = Path(articles_dir) / f"{gid}.txt"
        try:
            raw = decode(path.read_bytes())[0]
        except Exception:  # scoring still counts the article's items as missed
            raw = None
        score_article(gold, records.get(gid, {"id": gid}), raw, report)
    return report
