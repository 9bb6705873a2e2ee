"""`extractor review`: the page's highlights, greyed lines and corpus view, then the page in headless Chromium."""
from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

from extractor.cli import main
from extractor.review import Span, build_review, month_of, render_spans
from tests.browser.cdp import Browser, find_chromium
from tests.browser.sample import RAW, fixture_jsonl, mentions, record_a, span, write_corpus


class Page(HTMLParser):
    """Each article section's marks (their item, text and classes) and its line classes."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.section = None
        self.marks: dict[str, list[dict]] = {}
        self.lines: dict[str, list[str]] = {}
        self.open: list[dict | None] = []
        self.external: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name in ("src", "href"):
            if a.get(name, "").startswith(("http:", "https:", "//")):
                self.external.append(a[name])
        if tag == "link":
            self.external.append(str(a))
        if tag == "section" and "article" in a.get("class", ""):
            self.section = a["id"]
            self.marks[self.section], self.lines[self.section] = [], []
        if tag == "div" and self.section and "ln" in a.get("class", "").split():
            self.lines[self.section].append(a["class"])
        if tag == "mark":
            m = {"i": int(a["data-i"]), "k": a["data-k"], "cls": a["class"].split(), "text": ""}
            self.marks[self.section].append(m)
            self.open.append(m)
        elif tag not in ("br", "input", "meta"):
            self.open.append(None)

    def handle_endtag(self, tag):
        self.open.pop()
        if tag == "section":
            self.section = None

    def handle_data(self, data):
        for m in self.open:
            if m is not None:
                m["text"] += data


def whole_marks(marks):
    """Marks joined with their continuations: one per highlighted item span."""
    out = []
    for m in marks:
        if "cont" in m["cls"]:
            prev = next(p for p in reversed(out) if p["i"] == m["i"])
            prev["text"] += m["text"]
        else:
            out.append(dict(m))
    return out


def test_render_spans_nests_and_splits_crossing_items():
    line = Span(0, 7, "div", 'class="ln"', 0)
    outer, inner = Span(0, 4, "mark", 'class="k-brand" data-i="0"', 1), Span(1, 3, "mark", 'class="k-place" data-i="1"', 1)
    assert render_spans("abcdefg", [line, outer, inner]) == (
        '<div class="ln"><mark class="k-brand" data-i="0">a<mark class="k-place" data-i="1">bc</mark>d</mark>efg</div>')
    a, b = Span(1, 4, "mark", 'class="k-event" data-i="0"', 1), Span(3, 6, "mark", 'class="k-number" data-i="1"', 1)
    assert render_spans("abcdefg", [line, a, b]) == (
        '<div class="ln">a<mark class="k-event" data-i="0">bc<mark class="k-number" data-i="1">d</mark></mark>'
        '<mark class="cont k-number" data-i="1">ef</mark>g</div>')
    empty = Span(2, 2, "mark", 'class="k-place" data-i="0"', 1)
    assert render_spans("a<c", [line, empty]) == '<div class="ln">a<<mark class="k-place" data-i="0"></mark>c</div>' \
        .replace("a<<", "a&lt;<")
    lines = [Span(0, 3, "div", 'class="ln"', 0), Span(3, 6, "div", 'class="ln drop"', 0)]
    across = Span(1, 5, "mark", 'class="k-brand" data-i="0"', 1)
    assert render_spans("ab\ncd", lines + [across]) == (
        '<div class="ln">a<mark class="k-brand" data-i="0">b</mark></div>'
        '<div class="ln drop"><mark class="cont k-brand" data-i="0">cd</mark></div>')


@pytest.mark.parametrize("date,month", [("2019-07-24", (2019, 7)), ("2019-07", (2019, 7)), ("2019", (2019, 1)),
                                        ("2019-H2", (2019, 7)), ("2019-Q4", (2019, 10)), ("2019-W31", (2019, 7)),
                                        ("2019-W01", (2018, 12)), ("2019-13", None), ("soon", None)])
def test_month_of(date, month):
    assert month_of(date) == month


def test_page_highlights_every_item_at_its_raw_span(tmp_path):
    arts, jsonl, recs = write_corpus(tmp_path)
    out = tmp_path / "review.html"
    assert main(["review", str(jsonl), "--articles", str(arts), "-o", str(out)]) == 0
    page = Page(out.read_text(encoding="utf-8"))
    assert page.external == []
    for n, rec in enumerate(recs):
        marks = whole_marks(page.marks[f"a{n}"])
        assert len(marks) == len(mentions(rec))
        items = [(k, it) for k in ("places", "brands", "events", "numbers") for it in rec.get(k, [])]
        for m in marks:
            kind, item = items[m["i"]]
            assert kind == m["k"] + "s"
            assert m["text"].replace("\r", "") in [x["surface"] for x in item.get("mentions", [item])]
            assert "bad" not in m["cls"]
    # lines dropped by the cleaner are greyed: breadcrumbs, dateline, editor, copyright; CRLF lines too
    assert [i for i, c in enumerate(page.lines["a0"]) if "drop" in c] == [0, 2, 7, 8]
    assert [i for i, c in enumerate(page.lines["a1"]) if "drop" in c] == [1, 4]
    assert len(page.lines["a0"]) == RAW["a_lanzhou"].count("\n")


def test_page_notes_items_of_one_kind_that_overlap(tmp_path):
    arts, _, _ = write_corpus(tmp_path)
    rec = record_a(str(arts / "a_lanzhou.txt"))
    longer = dict(rec["numbers"][1])
    longer.update(end=longer["end"] + 4, surface=RAW["a_lanzhou"][longer["start"]:longer["end"] + 4])
    rec["numbers"].append(longer)  # 1.7万多名在职党 over 1.7万多名
    html, stats = build_review([rec], arts)
    assert stats.overlapping == 1 and stats.items == 16
    assert "1 span(s) overlap another of the same kind" in html
    nested = record_a(str(arts / "a_lanzhou.txt"))
    nested["brands"][0]["mentions"].append(span(RAW["a_lanzhou"], "西站街道建西东路社区打造"))
    _, stats = build_review([nested], arts)
    assert stats.overlapping == 0  # places inside a brand: other kinds may nest


def test_page_flags_offset_mismatch_and_missing_raw(tmp_path):
    arts, _, _ = write_corpus(tmp_path)
    wrong = record_a(str(arts / "a_lanzhou.txt"))
    wrong["numbers"][0]["start"] += 1  # raw[start:end] no longer equals the surface
    wrong["events"][0]["end"] = 10_000  # outside the raw text
    lost = dict(record_a("elsewhere/gone.txt"), id="gone")
    html, stats = build_review([wrong, lost], arts)
    assert (stats.bad, stats.outside, stats.missing) == (1, 1, 1)
    page = Page(html)
    bad = [m for m in page.marks["a0"] if "bad" in m["cls"]]
    assert [(m["k"], m["text"]) for m in bad] == [("number", "建成12个")]
    assert page.marks["a1"] == []
    assert "raw file not found" in html


def test_review_of_the_fixtures_output(tmp_path):
    arts, jsonl, recs = fixture_jsonl(tmp_path)
    out = tmp_path / "review.html"
    assert main(["review", str(jsonl), "--articles", str(arts), "-o", str(out)]) == 0
    page = Page(out.read_text(encoding="utf-8"))
    assert sum(len(whole_marks(m)) for m in page.marks.values()) == sum(len(mentions(r)) for r in recs)
    assert len(page.marks) == len(recs)


CHROMIUM = find_chromium()


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH (Debian: apt-get install chromium fonts-noto-cjk)")
def test_in_chromium(tmp_path):
    arts, jsonl, recs = write_corpus(tmp_path)
    out = tmp_path / "review.html"
    assert main(["review", str(jsonl), "--articles", str(arts), "-o", str(out)]) == 0
    expected = sum(len(mentions(r)) for r in recs)
    with Browser(CHROMIUM, width=1440, height=900) as b:
        b.open(out.resolve().as_uri())
        assert b.eval("document.querySelectorAll('mark[data-i]:not(.cont)').length") == expected == 28
        assert b.eval("!document.getElementById('corpus').hidden")  # the corpus view opens first
        assert b.eval("document.querySelectorAll('svg.timeline rect.fine').length") > 0

        # open article a_lanzhou from the list with a real click
        b.click_on('a.art[data-idx="0"]')
        assert b.wait_for("!document.getElementById('a0').hidden")
        assert b.eval("document.getElementById('json').hidden") is True

        # click the number 1.7万多名 and read its JSON in the side panel
        item = recs[0]["numbers"][1]
        index = len(recs[0]["places"]) + len(recs[0]["brands"]) + len(recs[0]["events"]) + 1
        b.click_on(f'#a0 mark[data-i="{index}"]')
        assert json.loads(b.eval("document.getElementById('json').textContent")) == item
        assert b.eval("document.getElementById('item-sub').textContent").startswith("17000 名 · more_than")
        b.hover('#a0 mark[data-i="0"]')  # 七里河区: a summary follows the mouse
        assert b.wait_for("document.getElementById('tip').style.display === 'block'")
        assert b.eval("document.getElementById('tip').textContent") == "place: 七里河区 · county · 620103 · 甘肃省 › 兰州市"
        b.screenshot(tmp_path / "review-article.png")

        # the kind filter and the search box
        b.eval("(() => { const box = document.querySelector('input[data-kind=place]'); box.click(); })()")
        assert b.eval("document.body.classList.contains('off-place')") is True
        b.eval("(() => { const q = document.getElementById('q'); q.value = '流水线';"
               " q.dispatchEvent(new Event('input')); })()")
        assert b.eval("Array.from(document.querySelectorAll('a.art')).filter(a => !a.hidden)"
                      ".map(a => a.querySelector('.id').textContent)") == ["b_ningde"]
        b.click_on("#to-corpus")
        assert b.wait_for("!document.getElementById('corpus').hidden")
        b.click_on('table.k-brand tr[data-q="红色驿站"]')  # a corpus row searches for its name
        assert b.eval("document.getElementById('q').value") == "红色驿站"
        assert b.eval("Array.from(document.querySelectorAll('a.art')).filter(a => !a.hidden)"
                      ".map(a => a.querySelector('.id').textContent)") == ["a_lanzhou", "b_ningde"]
        shot = b.screenshot(tmp_path / "review.png")
        assert b.seen("Runtime.exceptionThrown") == []
        urls = [e["request"]["url"] for e in b.seen("Network.requestWillBeSent")]
        assert urls and all(u.startswith("file://") for u in urls), urls  # self-contained: no network
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 20_000


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH (Debian: apt-get install chromium fonts-noto-cjk)")
def test_fixtures_page_in_chromium(tmp_path):
    arts, jsonl, recs = fixture_jsonl(tmp_path)
    out = tmp_path / "review.html"
    assert main(["review", str(jsonl), "--articles", str(arts), "-o", str(out)]) == 0
    with Browser(CHROMIUM) as b:
        b.open(out.resolve().as_uri())
        assert b.eval("document.querySelectorAll('mark[data-i]:not(.cont)').length") == \
            sum(len(mentions(r)) for r in recs)
        n = len(recs) - 1
        b.click_on(f'a.art[data-idx="{n}"]')
        assert b.wait_for(f"!document.getElementById('a{n}').hidden")
        assert b.eval("Array.from(document.querySelectorAll('section.article')).filter(s => !s.hidden)"
                      ".map(s => s.id)") == [f"a{n}"]
        b.screenshot(tmp_path / "fixture.png")


def test_odd_ids_are_quoted_in_links(tmp_path):
    arts, _, _ = write_corpus(tmp_path)
    (arts / "x&y #1.txt").write_bytes((arts / "a_lanzhou.txt").read_bytes())
    html, stats = build_review([dict(record_a("x.txt"), id="x&y #1")], arts)
    assert 'href="#a=x%26y%20%231"' in html
    assert stats.items == 15
