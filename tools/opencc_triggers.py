"""Write rules/opencc-triggers.txt: what normalization needs to know to skip OpenCC where it changes nothing.

    .venv/bin/python tools/opencc_triggers.py [--out rules/opencc-triggers.txt] [--check]

OpenCC's ``tw2s`` costs ~0.15 µs a character and runs on every article, though a simplified article
has nothing it would change. From the config (normalization dictionary, mmseg segmentation, a chain of
dictionary groups in which the first dictionary with a match wins, the longest key in it) and the
dictionaries themselves (dumped with the package's own ``opencc_dict``), this derives:

- ``map``: every character that tw2s changes on its own, and into what (a char map ``M``);
- ``phrase``: a set of characters such that a piece of text without one of them converts as ``M``
  maps it character by character. Each phrase key whose conversion differs from ``M`` of the key has
  one of its characters in the set (its key characters or any character that can become one in an
  earlier step). Where there is a choice, the set takes characters that are rare in Chinese text,
  by jieba's dictionary frequencies of the character and of its simplified form, so that simplified
  lines, and most traditional ones, do not go through OpenCC;
- ``cut``: punctuation that no dictionary key contains. No segment or key match spans one, so OpenCC
  converts the text on either side of it independently, as it does across a line break.

So text without a ``map`` or ``phrase`` character is left as it is; a clause without a ``phrase``
character is ``M`` of itself; only clauses with one need OpenCC. Why it holds: a conversion step
writes the value of each key it matches; where every matched key converts as ``M`` would, the result
is ``M`` of the text, whatever the segmentation. The tool checks ``M`` against the converter for
every character; tests/test_normalize.py checks the file against the installed OpenCC (and fails
when an upgrade changes it: re-run this tool) and checks the whole scheme against OpenCC on random
text.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE.parent / "rules" / "opencc-triggers.txt"
CONFIG = "tw2s"
# Candidates for ``cut``; the tool keeps those in no key and unchanged by tw2s.
PUNCTUATION = "\n，。、；：！？“”‘’（）《》〈〉「」『』【】…—·,.;:!?()[]\"' "


def opencc_files() -> tuple[Path, Path]:
    """The share folder of the installed OpenCC (configs and .ocd2 files) and its opencc_dict binary."""
    import opencc

    root = Path(opencc.__file__).resolve().parent / "clib"
    return root / "share" / "opencc", root / "bin" / "opencc_dict"


def dump(ocd2: Path, binary: Path) -> dict[str, str]:
    """Key → first value of one dictionary (the value OpenCC writes)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "dict.txt"
        subprocess.run([str(binary), "-i", str(ocd2), "-o", str(out), "-f", "ocd2", "-t", "text"],
                       check=True, capture_output=True)
        entries = {}
        for line in out.read_text(encoding="utf-8").splitlines():
            key, values = line.split("\t")
            entries[key] = values.split(" ")[0]
        return entries


def _files(d: dict) -> list[str]:
    """The .ocd2 files of a dictionary entry of a config, in match order."""
    if d["type"] == "group":
        return [f for sub in d["dicts"] for f in _files(sub)]
    if d["type"] != "ocd2":
        raise SystemExit(f"unexpected dictionary type {d['type']!r}: the model here knows ocd2 and group")
    return [d["file"]]


class Tw2s:
    """The config as a model: stages of dictionary groups, each with its one-character map."""

    def __init__(self) -> None:
        share, binary = opencc_files()
        config = json.loads((share / f"{CONFIG}.json").read_text(encoding="utf-8"))
        for entry in config["conversion_chain"]:
            policy = entry["dict"].get("match_policy", "short_circuit")
            if policy != "short_circuit":
                raise SystemExit(f"match policy {policy!r}: the model here knows only short_circuit")
        groups = [[f for n in config.get("normalization", []) for f in _files(n["dict"])]]
        groups += [_files(entry["dict"]) for entry in config["conversion_chain"]]
        self.segmentation = dump(share / _files(config["segmentation"]["dict"])[0], binary)
        self.stages = [[dump(share / f, binary) for f in files] for files in groups]
        for d in self.stages[0]:  # normalization: one character at a time
            if any(len(k) != 1 for k in d):
                raise SystemExit("a normalization key of more than one character: the model does not hold")
        for stage in self.stages:
            for d in stage:
                if any(len(k) != len(v) for k, v in d.items()):
                    raise SystemExit("a key and its value differ in length: the model does not hold")
        self.char_maps = [self._char_map(stage) for stage in self.stages]

    @staticmethod
    def _char_map(stage: list[dict[str, str]]) -> dict[str, str]:
        out: dict[str, str] = {}
        for d in reversed(stage):  # the first dictionary with the key wins
            out.update((k, v) for k, v in d.items() if len(k) == 1)
        return out

    def apply(self, i: int, j: int, text: str) -> str:
        """Text through the character maps of stages i..j-1."""
        for cm in self.char_maps[i:j]:
            text = "".join(cm.get(c, c) for c in text)
        return text

    def key_chars(self) -> set[str]:
        return {c for d in [self.segmentation] + [d for s in self.stages for d in s] for k in d for c in k}


def _opencc(config: str):
    import opencc

    try:  # the C++ binding takes the file name of a config
        return opencc.OpenCC(config + ".json")
    except Exception:
        return opencc.OpenCC(config)


def _weights() -> dict[str, int]:
    """How often a character occurs in Chinese text, simplified or traditional: the frequencies of
    jieba's dictionary words, summed per character over each word and its ``s2t`` form."""
    import jieba

    words, counts = [], []
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as f:
        for line in f:
            word, n = line.split()[:2]
            words.append(word)
            counts.append(int(n))
    s2t = _opencc("s2t")
    freq: dict[str, int] = defaultdict(int)
    for forms in (words, s2t.convert("\n".join(words)).split("\n")):
        for word, n in zip(forms, counts):
            for c in word:
                freq[c] += n
    return freq


def _hitting_set(keys: list[list[frozenset[str]]], weight) -> set[str]:
    """Characters that meet every key (each key: the options, each a set of characters that must all be
    taken): greedy by weight per newly met key, then without members all of whose keys others meet."""
    chosen: set[str] = set()
    open_keys = list(range(len(keys)))
    picks: list[frozenset[str]] = []
    while open_keys:
        by_option: dict[frozenset[str], list[int]] = defaultdict(list)
        for k in open_keys:
            for option in set(keys[k]):
                by_option[option].append(k)
        option, met = min(by_option.items(),
                          key=lambda kv: (sum(weight(c) for c in kv[0] - chosen) / len(kv[1]), sorted(kv[0])))
        chosen |= option
        picks.append(option)
        met_set = set(met)
        open_keys = [k for k in open_keys if k not in met_set]
    for option in sorted(picks, key=lambda o: (-sum(weight(c) for c in o), sorted(o))):
        rest = chosen - option
        if all(any(o <= rest for o in key) for key in keys):
            chosen = rest
    return chosen


@dataclass
class Analysis:
    version: str
    char_map: dict[str, str]  # every character tw2s changes on its own → what it becomes
    keys: list[list[frozenset[str]]]  # per phrase key that converts otherwise than char by char: the
    # characters of the text that stand for each of its characters (one set of them must be in ``phrase``)
    key_chars: set[str]  # every character of every key


def analyse() -> Analysis:
    import opencc

    model = Tw2s()
    n = len(model.stages)
    # Every character of the basic plane and every one the dictionaries name, through the converter at
    # once (a line each: no key holds a line break); NUL ends OpenCC's input, surrogates are no UTF-8.
    named = {c for s in model.stages for d in s for kv in d.items() for w in kv for c in w}
    every = sorted({chr(c) for c in range(0x1, 0x10000) if not 0xD800 <= c < 0xE000} - {"\n"} | named)
    got = _opencc(CONFIG).convert("\n".join(every)).split("\n")
    char_map = {}
    for c, g in zip(every, got):
        m = model.apply(0, n, c)
        if m != g:
            raise SystemExit(f"tw2s turns {c!r} into {g!r}, the model into {m!r}: the model does not hold")
        if m != c:
            char_map[c] = m
    # pre[i][y]: the characters of the text that can stand where stage i's input has y (through the
    # char maps of the stages before, or as the value of a phrase one of them matched).
    pre: list[dict[str, set[str]]] = [defaultdict(set) for _ in range(n)]
    for c in every:
        pre[0][c].add(c)
    for i in range(1, n):
        for y, xs in pre[i - 1].items():
            pre[i][model.char_maps[i - 1].get(y, y)] |= xs
        for d in model.stages[i - 1]:
            for k, v in d.items():
                if len(k) > 1:
                    for a, b in zip(k, v):
                        pre[i][b] |= pre[i - 1][a]
    # Phrase keys whose value ends otherwise than the char maps would take the key.
    keys = [[frozenset(pre[i][c]) for c in k]
            for i, stage in enumerate(model.stages) for d in stage for k, v in d.items()
            if len(k) > 1 and model.apply(i + 1, n, v) != model.apply(i, n, k)]
    return Analysis(opencc.__version__, char_map, keys, model.key_chars())


def derive(a: Analysis) -> dict:
    """The file's fields: OpenCC's version, the char map, the phrase characters, the cut characters."""
    freq = _weights()
    phrase = _hitting_set(a.keys, lambda c: freq.get(c, 0) + 1)
    cut = [c for c in PUNCTUATION if c not in a.key_chars and c not in a.char_map and c not in phrase]
    return {"opencc": f"{a.version} {CONFIG}", "map": a.char_map, "phrase": phrase, "cut": cut}


def parse(text: str) -> dict:
    fields = dict(line.partition(" ")[::2] for line in text.splitlines() if line and not line.startswith("#"))
    pairs = fields["map"]
    return {"opencc": fields["opencc"], "map": dict(zip(pairs[::2], pairs[1::2])),
            "phrase": set(fields["phrase"]), "cut": list(json.loads(fields["cut"]))}


def problems(fields: dict, a: Analysis) -> list[str]:
    """Where the fields of a file do not hold for the installed OpenCC (none: it may be used)."""
    out = []
    if fields["opencc"] != f"{a.version} {CONFIG}":
        out.append(f"made for OpenCC {fields['opencc']}, installed is {a.version} {CONFIG}")
    if fields["map"] != a.char_map:
        diff = sorted(set(fields["map"].items()) ^ set(a.char_map.items()))
        out.append(f"map differs from tw2s's in {len(diff)} entries, e.g. {diff[:5]}")
    missed = [k for k in a.keys if not any(option <= fields["phrase"] for option in k)]
    if missed:
        out.append(f"{len(missed)} phrase keys have no phrase character")
    bad_cuts = [c for c in fields["cut"] if c in a.key_chars or c in a.char_map or c in fields["phrase"]]
    if bad_cuts or "\n" not in fields["cut"]:
        out.append(f"cut characters that are in keys: {bad_cuts}")
    return out


def render(t: dict) -> str:
    return "\n".join([
        "# Generated by tools/opencc_triggers.py from the installed OpenCC: do not edit, re-run it.",
        "# opencc: the version and config it holds for; normalization uses OpenCC alone with any other.",
        f"opencc {t['opencc']}",
        "# map: each character tw2s changes on its own, followed by what it becomes.",
        "map " + "".join(k + v for k, v in sorted(t["map"].items())),
        "# phrase: a clause without one of these characters converts character by character, by map.",
        "phrase " + "".join(sorted(t["phrase"])),
        "# cut: characters in no dictionary key: OpenCC converts the text on either side independently.",
        "cut " + json.dumps("".join(t["cut"]), ensure_ascii=False),
        "",
    ])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--check", action="store_true", help="exit 1 if the file does not hold for the installed OpenCC")
    args = ap.parse_args(argv)
    a = analyse()
    if args.check:
        found = problems(parse(args.out.read_text(encoding="utf-8")), a)
        print("\n".join(found) + f"\n{args.out}: re-run tools/opencc_triggers.py" if found else "holds")
        return 1 if found else 0
    args.out.write_text(render(derive(a)), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
