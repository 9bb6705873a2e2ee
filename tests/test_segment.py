"""Our segmenter (jieba's algorithm over jieba's dictionary tables) gives exactly what jieba gives, and
so does the whole pipeline: the fixtures through both back ends are byte-identical."""
from __future__ import annotations

import os
import random
import re
import subprocess
import sys

import pytest

from extractor import segment
from extractor.decode import decode
from extractor.normalize import normalize_str


@pytest.fixture(scope="module")
def windows(fixture_articles) -> list[str]:
    out = []
    for p in fixture_articles:
        text = normalize_str(decode(p.read_bytes())[0])
        for s in re.split("[。！？\n]", text):
            out.append(s)
            out.extend(s[i:i + 12] for i in range(0, len(s), 7))
    return [w for w in out if w]


def test_cut_and_tag_equal_jieba(windows):
    jieba, posseg = segment._jieba()
    for w in windows:
        assert list(segment.cut(w)) == jieba.lcut(w, HMM=False), w
        assert list(segment.tag(w)) == [(p.word, p.flag) for p in posseg.lcut(w, HMM=False)], w


def test_cut_and_tag_equal_jieba_on_random_mixes():
    """Where block splitting, letter/digit buffering and route ties matter: Latin, digits, spaces of
    every kind, the symbols jieba keeps inside blocks (+#&._%-), punctuation, words and prefixes."""
    jieba, posseg = segment._jieba()
    rnd = random.Random(7)
    alphabet = "社区街道北京市朝阳区居民委员会建设的了是在和长江大桥ab1x2 -%.#&+_\t\u3000\r\n，。“”（）9Z"
    for _ in range(3000):
        w = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 16)))
        assert list(segment.cut(w)) == jieba.lcut(w, HMM=False), repr(w)
        assert list(segment.tag(w)) == [(p.word, p.flag) for p in posseg.lcut(w, HMM=False)], repr(w)


def test_tables_equal_jiebas_dictionary():
    jieba, posseg = segment._jieba()
    freq, total, tags = segment.tables()
    assert total == jieba.dt.total
    assert freq == {w: f for w, f in jieba.dt.FREQ.items() if f}
    assert tags == posseg.dt.word_tag_tab


def test_pipeline_output_is_byte_identical_with_jieba(fixture_articles, tmp_path):
    outs = []
    for backend in ("tables", "jieba"):
        out = tmp_path / f"{backend}.jsonl"
        env = dict(os.environ, EXTRACTOR_SEGMENTER=backend)
        done = subprocess.run([sys.executable, "-m", "extractor", "run", *map(str, fixture_articles),
                               "-o", str(out), "--jobs", "1"], env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
