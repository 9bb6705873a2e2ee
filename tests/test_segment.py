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


# -- the dictionary's compact cache ------------------------------------------------------------------

_DIGEST = r'''
import hashlib, os
from extractor import segment
freq, total = segment.frequencies()
tagged = [segment.word_tag(w) for w in freq]  # before tables(): from the cache's tags by first character
freq2, total2, tags = segment.tables()
assert freq2 is freq and total2 == total
assert tagged == [tags[w] for w in freq], "word_tag is the table's look-up"
assert segment.word_tag("") is None and segment.word_tag("不是词的词") is None
h = hashlib.sha256(repr((list(freq.items()), total, list(tags.items()), segment._longest())).encode())
print(h.hexdigest(), segment._loaded.by_first is not None)
'''


def _digest(cache_dir) -> tuple[str, bool]:
    env = dict(os.environ, EXTRACTOR_CACHE_DIR=str(cache_dir), EXTRACTOR_SEGMENTER="tables")
    done = subprocess.run([sys.executable, "-c", _DIGEST], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    digest, by_first = done.stdout.split()
    return digest, by_first == "True"


def test_cache_gives_the_parsed_tables(tmp_path):
    """Parsed (no cache), parsed and cached, read from the cache, from a torn or foreign cache and where
    no cache can be written: the same tables, in the same order; word_tag agrees with the table throughout."""
    parsed, _ = _digest("")  # no cache at all
    folder = tmp_path / "cache"
    assert _digest(folder) == (parsed, True)  # parsed, then written
    files = list(folder.iterdir())
    assert len(files) == 1 and files[0].name.startswith("jieba-dict-"), "one file, no temporary left"
    assert _digest(folder) == (parsed, True)  # read back
    data = files[0].read_bytes()
    files[0].write_bytes(data[:len(data) // 2])  # torn: parsed again and rewritten whole
    assert _digest(folder) == (parsed, True)
    assert files[0].read_bytes() == data
    files[0].write_bytes(b"\x00not marshal")
    assert _digest(folder)[0] == parsed
    blocked = tmp_path / "a-file"  # a folder that cannot be made (as a read-only home, even for root)
    blocked.write_text("")
    assert _digest(blocked / "cache") == (parsed, False)  # parsed every time; word_tag from the table
