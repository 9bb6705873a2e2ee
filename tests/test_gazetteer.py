"""The shipped gazetteer (rules/gazetteer.tsv) against its source, and the forms derived from it
(rules/gazetteer-forms.tsv against the rules of rules/places.toml)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from extractor import gazetteer
from extractor.rules import read_table, rules_dir

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "data" / "admin-divisions"
sys.path.insert(0, str(ROOT / "tools"))


@pytest.mark.skipif(not (SOURCE / "streets.json").is_file(),
                    reason=f"source snapshot {SOURCE} not present beside the checkout (CI has it)")
def test_shipped_table_is_exactly_what_the_builder_makes_from_the_source():
    import build_gazetteer

    shipped = (rules_dir() / "gazetteer.tsv").read_text(encoding="utf-8")
    assert build_gazetteer.render(SOURCE) == shipped, "rules/gazetteer.tsv is stale: run tools/build_gazetteer.py"


def test_shipped_forms_are_exactly_what_places_toml_derives_from_the_shipped_table():
    import build_gazetteer

    table = (rules_dir() / "gazetteer.tsv").read_text(encoding="utf-8")
    shipped = (rules_dir() / gazetteer.FORMS_TABLE).read_text(encoding="utf-8")
    assert build_gazetteer.render_forms(table, rules_dir() / "places.toml") == shipped, \
        "rules/gazetteer-forms.tsv is stale: run tools/build_gazetteer.py --forms-only"


def test_forms_header_names_its_inputs_and_columns():
    head = [line for line in (rules_dir() / gazetteer.FORMS_TABLE).read_text(encoding="utf-8").splitlines()
            if line.startswith("#")]
    text = "\n".join(head)
    assert "rules/gazetteer.tsv" in text and "rules/places.toml" in text and "tools/build_gazetteer.py" in text
    for rule in gazetteer.FORM_RULES:
        assert rule in text
    g = gazetteer.get()
    stamp = gazetteer.fingerprint((rules_dir() / "gazetteer.tsv").read_bytes(), g._rf)
    assert f"# derived from: {stamp}" in head
    assert head[-2].startswith("# columns: form, scanned")


def test_loaded_forms_equal_the_forms_derived_at_load():
    g = gazetteer.get()
    forms, scan = g.deriver().forms(g.units)
    assert tuple(scan) == g.scan_forms
    assert len(forms) == len(g.forms)
    assert all(g.forms[f] == opts for f, opts in forms.items())
    assert all(g.scan_options(i) == forms[f] for i, f in enumerate(scan))


def test_a_stale_forms_table_is_not_used(recwarn):
    assert gazetteer._read_forms("gazetteer.tsv 0 places.toml rules 0") is None
    assert "stale" in str(recwarn.pop(UserWarning).message)


def test_header_names_source_snapshot_and_columns():
    head = [line for line in (rules_dir() / "gazetteer.tsv").read_text(encoding="utf-8").splitlines()
            if line.startswith("#")]
    text = "\n".join(head)
    assert "modood/Administrative-divisions-of-China" in text
    assert "snapshot 57a0aa9cef47 (2024-11-28)" in text
    assert "2023 edition" in text
    assert head[-1] == "# columns: id, code (- when none), level, official name, parent id"


def test_rows_by_level_and_known_units():
    rows = read_table("gazetteer.tsv", 5)
    by_id = {r[0]: r for r in rows}
    levels = {}
    for r in rows:
        levels[r[2]] = levels.get(r[2], 0) + 1
    assert levels["province"] == 31 + 3  # with Hong Kong, Macao, Taiwan (no codes)
    assert levels["city"] == 333 + 20  # 333 mainland prefectures, Taiwan's 20 cities and counties
    assert by_id["620103"] == ["620103", "620103", "county", "七里河区", "620100"]
    assert by_id["620103005"] == ["620103005", "620103005", "township", "西站街道", "620103"]
    assert by_id["620100"] == ["620100", "620100", "city", "兰州市", "620000"]
    assert by_id["110116"][4] == "110000"  # 北京's districts hang on the province (no 市辖区 placeholder)
    assert by_id["140171"][2:4] == ["zone", "山西转型综合改革示范区"]
    assert by_id["441900"][2] == "city" and by_id["441900101"][4] == "441900"  # 东莞: towns under the city
    assert not any(r[3] in ("市辖区", "省直辖县级行政区划") for r in rows)


def test_derived_forms():
    g = gazetteer.get()
    assert g.forms["兰州"] == [("620100", "short")]
    assert ("530724", "full") in g.forms["宁蒗县"]  # 宁蒗彝族自治县
    assert ("530724", "short") in g.forms["宁蒗"]
    assert ("532300", "full") in g.forms["楚雄州"] and ("532300", "short") in g.forms["楚雄"]
    assert ("530724203", "full") in g.forms["翠玉乡"]  # 翠玉傈僳族普米族乡
    assert ("350902500", "full") in g.forms["东侨经济技术开发区"]  # official: 东侨开发区
    assert ("350902500", "short") in g.forms["东侨"]
    assert ("110000", "short") in g.forms["北京"]
    assert ("150000", "short") in g.forms["内蒙古"]
    assert ("620103", "short") in g.forms["七里河"]
    # nothing is named by a bare suffix or a generic zone name
    for generic in ("县", "旗", "区", "镇", "乡", "经济技术开发区", "开发区", "工业园区"):
        assert generic not in g.scan_forms, generic
    assert "张镇" not in g.forms  # a one-character stem is no safe township name
    assert g.path("620103005") == ["甘肃省", "兰州市", "七里河区"]
    assert g.path("110116") == ["北京市"]


def test_loaded_lazily_once_per_process():
    code = ("import extractor.places, extractor.gazetteer as g; "
            "assert g.get.cache_info().currsize == 0; a = g.get(); assert g.get() is a; print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "ok", out.stderr


def test_matcher_finds_what_one_automaton_over_all_forms_finds():
    # the forms that end in one of the extra words are looked up where the automaton finds their ending
    import ahocorasick_rs

    g = gazetteer.get()
    texts = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "fixtures" / "articles").glob("*.txt"))]
    texts += ["镇", "街道办事处", "在北京怀柔区泉河街道北园社区", "七里河区西站街道建西东路社区龚家湾街道镇乡村",
              "翠玉乡居委会柳河镇东坡村", "乡镇街道社区小区"]
    # the suffixes of places.toml; endings that end one another (no look-ups then); none
    for extra in (("社区", "居委会", "村", "小区", "街道", "镇", "乡"), ("镇", "乡镇"), ()):
        plain = ahocorasick_rs.AhoCorasick([*g.scan_forms, *extra])
        m = gazetteer.Matcher(g.scan_forms, extra)
        n = len(g.scan_forms)
        for text in texts:
            found = m.find_matches_as_indexes(text)
            assert found == plain.find_matches_as_indexes(text, overlapping=True), text[:40]
            # scan: the same occurrences, the forms' and the extra words' apart
            assert m.scan(text) == ([x for x in found if x[0] < n],
                                    [(s, e, extra[k - n]) for k, s, e in found if k >= n]), text[:40]


def test_level_coded_reads_what_the_unit_holds():
    g = gazetteer.get()
    for uid in ("110000", "620103", "620103005", "x1", "x2", "350902500"):
        before = g.units.level_coded(uid)  # from the row, or from the Unit when one was made
        u = g.units[uid]
        assert before == g.units.level_coded(uid) == (u.level, u.code is not None), uid
