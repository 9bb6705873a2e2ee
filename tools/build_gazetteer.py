"""Build rules/gazetteer.tsv from the administrative-division snapshot in ../shared/data/admin-divisions/,
and rules/gazetteer-forms.tsv from it and rules/places.toml.

    .venv/bin/python tools/build_gazetteer.py [--data DIR] [--out rules/gazetteer.tsv] [--forms-only]

(``--forms-only``: after a change to the form rules of places.toml, derive the forms table again from the
shipped gazetteer.tsv; the source snapshot is not needed.)

The table is a faithful, compact transcription of the source: one row per unit with its id, the
official code (6 digits for province/city/county/zone, 9 for township; ``-`` for Hong Kong, Macao
and Taiwan, which the source lists by name only), level, official name and parent id. Short forms
(兰州 for 兰州市, 宁蒗县 for 宁蒗彝族自治县) are NOT written here: they are derived by the rules in
rules/places.toml, so local language rules stay apart from upstream data. The derivation
(``extractor.gazetteer.Deriver``) runs here, once, into rules/gazetteer-forms.tsv (its header
fingerprints the table and the rules it came from), so that no process has to derive 66,000 forms at
start; the gazetteer derives them itself when that fingerprint does not match.

Kept: every province, prefecture (without the 市辖区 / 省直辖县级行政区划 placeholders), county-level
unit (statistical zones, code digit 5 = 7, get level ``zone``), and township-level unit whose name
ends in 街道/镇/乡/苏木 (level ``township``) or in a development-zone suffix (level ``zone``). Farms,
forestry centres, prisons, companies and the like listed at township level are left out.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "data" / "admin-divisions"
DEFAULT_OUT = HERE.parent / "rules" / "gazetteer.tsv"
FORMS_NAME = "gazetteer-forms.tsv"  # beside the table
sys.path.insert(0, str(HERE.parent))

TOWNSHIP = re.compile(r"(街道办事处|街道|镇|乡|苏木)$")
ZONE = re.compile(r"(开发区|新区|高新区|园区|示范区|经济区|保税区|新城)$")
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def provenance(data: Path) -> str:
    text = (data / "PROVENANCE.md").read_text(encoding="utf-8")
    repo = re.search(r"Repository: `([^`]+)`", text)
    snap = re.search(r"snapshot HEAD `([0-9a-f]+)` \(([\d-]+)\)", text)
    datac = re.search(r"last changed in commit `([0-9a-f]+)` \(([\d-]+)\)", text)
    parts = [repo.group(1) if repo else "unknown repository"]
    if snap:
        parts.append(f"snapshot {snap.group(1)[:12]} ({snap.group(2)})")
    if datac:
        parts.append(f"data commit {datac.group(1)[:12]} ({datac.group(2)})")
    return ", ".join(parts)


def rows(data: Path) -> list[tuple[str, str, str, str, str]]:
    """(id, code, level, name, parent id) for every kept unit, in source order."""
    load = lambda name: json.loads((data / name).read_text(encoding="utf-8"))  # noqa: E731
    out: list[tuple[str, str, str, str, str]] = []
    prov_id = {}
    for p in load("provinces.json"):
        pid = p["code"] + "0000"
        prov_id[p["code"]] = pid
        out.append((pid, pid, "province", p["name"], ""))
    city_id = {}
    for c in load("cities.json"):
        if c["name"] in PLACEHOLDERS:
            city_id[c["code"]] = prov_id[c["provinceCode"]]
            continue
        cid = c["code"] + "00"
        city_id[c["code"]] = cid
        out.append((cid, cid, "city", c["name"], prov_id[c["provinceCode"]]))
    area_id = {}
    for a in load("areas.json"):
        parent = city_id[a["cityCode"]]
        if a["code"] == parent:  # a prefecture without counties (东莞市): the area row repeats the city
            area_id[a["code"]] = parent
            continue
        area_id[a["code"]] = a["code"]
        level = "zone" if a["code"][4] == "7" else "county"
        out.append((a["code"], a["code"], level, a["name"], parent))
    for s in load("streets.json"):
        if TOWNSHIP.search(s["name"]):
            level = "township"
        elif ZONE.search(s["name"]):
            level = "zone"
        else:
            continue
        out.append((s["code"], s["code"], level, s["name"], area_id[s["areaCode"]]))
    # Hong Kong, Macao, Taiwan: names only (no codes in the source). Under a SAR the middle level
    # (香港岛/九龙/新界, 澳门半岛/外岛) is a region, not a unit: its districts hang on the SAR itself.
    n = 0

    def add(name: str, level: str, parent: str) -> str:
        nonlocal n
        n += 1
        out.append((f"x{n}", "-", level, re.sub(r"（.*?）", "", name), parent))
        return f"x{n}"

    for top, middle in load("HK-MO-TW.json").items():
        tid = add(top, "province", "")
        for name, leaves in middle.items():
            if top.endswith("特别行政区"):
                for leaf in leaves:
                    add(leaf, "county", tid)
            else:
                cid = add(name, "city", tid)
                for leaf in leaves:
                    add(leaf, "county", cid)
    return out


def render(data: Path) -> str:
    head = [
        "# gazetteer: administrative divisions of China (province, prefecture, county, township)",
        f"# source: {provenance(data)}; NBS 统计用区划代码 2023 edition; HK/MO/TW by name only",
        "# built by tools/build_gazetteer.py from admin-divisions/{provinces,cities,areas,streets,HK-MO-TW}.json",
        "# columns: id, code (- when none), level, official name, parent id",
    ]
    body = ["\t".join(r) for r in rows(data)]
    return "\n".join(head + body) + "\n"


def render_forms(table: str, places_toml: Path) -> str:
    """The forms table for the unit table ``table`` (its text), by the form rules of ``places_toml``."""
    from extractor import gazetteer
    from extractor.rules import parse_rule_file

    rf = parse_rule_file(places_toml)
    units = {}
    for line in table.splitlines():
        if line and not line.startswith("#"):
            u = gazetteer._unit(line.split("\t"))
            units[u.id] = u
    forms, scan = gazetteer.Deriver(rf).forms(units)
    return gazetteer.render_forms(forms, scan, gazetteer.fingerprint(table.encode("utf-8"), rf))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--forms-only", action="store_true", help="only derive the forms table again")
    args = ap.parse_args(argv)
    if args.forms_only:
        text = args.out.read_text(encoding="utf-8")
    else:
        text = render(args.data)
        args.out.write_text(text, encoding="utf-8")
        print(f"{args.out}: {text.count(chr(10)) - 4} rows", file=sys.stderr)
    forms_out = args.out.with_name(FORMS_NAME)
    forms = render_forms(text, args.out.with_name("places.toml"))
    forms_out.write_text(forms, encoding="utf-8")
    print(f"{forms_out}: {sum(1 for x in forms.splitlines() if not x.startswith('#'))} forms", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
