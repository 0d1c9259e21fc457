#!/usr/bin/env python3
"""Check the criteria-set JSON files (crates/ocop-domain/criteria/*.json) for consistency.

    python3 tools/check_criteria.py [FILE ...]     (default: every v*.json in the criteria folder)

Checks, per file: the header fields; per sheet: part maxima A 40 / B 25 / C 35 (= 100 and equal to
`part_maxima`); each part's max = sum of its sections; each section's max = sum of its criteria;
each criterion's max = highest option points, or the sum of its children (then no options);
integer points; unique criterion ids; star minimums 3..5 and non-decreasing in points with the
level; knock-out codes from the closed list; rules pointing at existing criteria and options;
`published_points` and `errata` entries matching one another; and, for V2026, the section maxima
of DOMAIN.md §1.4. Prints a one-line summary per sheet and every problem found; exits 1 if any.
Python 3.11, stdlib only.
"""
from __future__ import annotations

import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CRITERIA_DIR = os.path.join(HERE, "..", "crates", "ocop-domain", "criteria")

KNOCKOUTS = {"forged_dossier", "food_safety_noncompliant", "registration_incomplete",
             "no_production_licence", "no_gmp", "no_product_declaration", "no_sector_conditions",
             "imported_or_unknown_raw_material"}
RULE_KINDS = {"requires_nonzero", "option_voids"}
GROUPS = {"Thực phẩm", "Đồ uống", "Dược liệu và sản phẩm từ dược liệu", "Hàng thủ công mỹ nghệ",
          "Sinh vật cảnh", "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch"}

# DOMAIN.md §1.4: section maxima per sheet (A: 1/2/3, B: 4/5, C: top-level headings in order)
AB_STD = ([18, 10, 12], [13, 12])
AB_17 = ([17, 11, 12], [13, 12])
AB_19 = ([19, 9, 12], [13, 12])
C_1 = [12, 3, 5, 5, 5, 2, 3]
C_2 = [15, 5, 5, 5, 2, 3]
C_14 = [15, 5, 5, 5, 5]
EXPECTED = {
    1: (AB_STD, C_1), 2: (AB_STD, C_2), 3: (AB_STD, C_1), 4: (AB_STD, C_1),
    5: (([16, 12, 12], [13, 12]), C_2),
    **{n: (AB_STD, C_2) for n in range(6, 14)},
    **{n: (AB_17, C_14) for n in range(14, 18)},
    18: (AB_STD, [5, 4, 5, 3, 3, 5, 3, 2, 5]),
    19: (AB_17, [5, 3, 5, 4, 5, 3, 5, 2, 3]),
    20: (AB_17, [5, 3, 5, 4, 3, 5, 5, 2, 3]),
    21: (AB_19, [21, 4, 5, 5]),
    22: (AB_STD, [24, 3, 3, 5]),
    23: (AB_19, [14, 8, 4, 4, 5]),
    24: (AB_19, [17, 9, 4, 5]),
    25: (AB_19, [15, 10, 5, 5]),
    26: (([14, 12, 14], [17, 8]), [3, 3, 3, 2, 3, 2, 3, 4, 4, 3, 3, 2]),
}


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def walk(criteria):
    for c in criteria:
        yield c
        yield from walk(c.get("children", []))


class Checker:
    def __init__(self, path):
        self.path = path
        self.problems = []
        self.notes = []  # not errors, printed for review

    def err(self, where, msg):
        self.problems.append(f"{os.path.basename(self.path)} {where}: {msg}")

    def check_criterion(self, where, c, ids):
        cid = c.get("id")
        w = f"{where} criterion {cid}"
        if not isinstance(cid, str) or not cid:
            self.err(w, "missing id")
        elif cid in ids:
            self.err(w, "duplicate id")
        ids.add(cid)
        if not c.get("name"):
            self.err(w, "missing name")
        mx = c.get("max")
        if not is_int(mx) or mx <= 0:
            self.err(w, f"max {mx!r} is not a positive integer")
            mx = None
        opts = c.get("options")
        children = c.get("children", [])
        if opts is None:
            self.err(w, "missing options (use [] for yes/no)")
            opts = []
        for key in c:
            if key not in ("id", "name", "max", "requirement", "note", "options", "children"):
                self.err(w, f"unknown key {key!r}")
        if children:
            if opts:
                self.err(w, "has both options and children")
            total = 0
            for ch in children:
                if not str(ch.get("id", "")).startswith(f"{cid}."):
                    self.err(w, f"child {ch.get('id')} is not numbered under {cid}")
                total += self.check_criterion(where, ch, ids) or 0
            if mx is not None and total != mx:
                self.err(w, f"max {mx} != sum of children {total}")
            return mx
        pts = []
        stars = {}
        for i, o in enumerate(opts, 1):
            ow = f"{w} option {i}"
            for key in o:
                if key not in ("text", "points", "star_minimum", "published_points"):
                    self.err(ow, f"unknown key {key!r}")
            if not o.get("text"):
                self.err(ow, "missing text")
            elif "*" in o["text"] or o["text"].startswith("□"):
                self.err(ow, f"text still carries marks: {o['text'][:50]}")
            p = o.get("points")
            if not is_int(p) or p < 0:
                self.err(ow, f"points {p!r} not a non-negative integer")
                continue
            pts.append(p)
            sm = o.get("star_minimum")
            if sm is not None:
                if sm not in (3, 4, 5):
                    self.err(ow, f"star_minimum {sm!r}")
                elif sm in stars:
                    self.err(ow, f"second {sm}-star minimum in the criterion")
                else:
                    stars[sm] = p
            if "published_points" in o:
                self.published.append((cid, i, str(o["published_points"]), p))
        if opts:
            if mx is not None and max(pts, default=None) != mx:
                self.err(w, f"max {mx} != highest option {max(pts, default=None)} (options {pts})")
            if pts != sorted(pts) and not any(o.get("text", "").startswith("Trường hợp") for o in opts):
                self.notes.append(f"{os.path.basename(self.path)} {w}: options not increasing {pts}")
            cases = any(o.get("text", "").startswith("Trường hợp") for o in opts)
            if len(set(pts)) != len(pts) and not cases:
                self.err(w, f"options share points {pts}")
        levels = sorted(stars)
        for a, b in zip(levels, levels[1:]):
            if stars[a] > stars[b]:
                self.err(w, f"{a}-star minimum ({stars[a]} pts) above {b}-star minimum ({stars[b]} pts)")
        self.stars_count.update({lvl: self.stars_count.get(lvl, 0) + 1 for lvl in stars})
        self.leaves += 1
        return mx

    def check_sheet(self, sh, part_maxima, version):
        n = sh.get("number")
        where = f"sheet {n}"
        self.published = []
        self.stars_count = {}
        self.leaves = 0
        for key in ("name", "product_group", "subgroup", "lead_ministry", "knockout_text"):
            if not isinstance(sh.get(key), str):
                self.err(where, f"{key} missing or not a string")
        if sh.get("product_group") not in GROUPS:
            self.err(where, f"product_group {sh.get('product_group')!r} not one of the 6 groups")
        for code in sh.get("knockouts", []):
            if code not in KNOCKOUTS:
                self.err(where, f"unknown knock-out code {code!r}")
        if sh.get("knockout_text") and not sh.get("knockouts"):
            self.err(where, "knockout_text without knockouts")
        ids = set()
        crit_by_id = {}
        parts = sh.get("parts", [])
        codes = [p.get("code") for p in parts]
        if codes != ["A", "B", "C"]:
            self.err(where, f"parts {codes} != A, B, C")
        sec_max = {}
        sec_ids = []
        for p in parts:
            code = p.get("code")
            pw = f"{where} part {code}"
            total = 0
            sec_max[code] = []
            for s in p.get("sections", []):
                sw = f"{pw} section {s.get('id')}"
                if s.get("id") in sec_ids:
                    self.err(sw, "duplicate section id")
                sec_ids.append(s.get("id"))
                st = 0
                if not s.get("criteria"):
                    self.err(sw, "no criteria")
                for c in s.get("criteria", []):
                    if not str(c.get("id")) == str(s.get("id")) and not str(c.get("id")).startswith(f"{s.get('id')}."):
                        self.err(sw, f"criterion {c.get('id')} not numbered under the section")
                    st += self.check_criterion(sw, c, ids) or 0
                    for x in walk([c]):
                        crit_by_id[x.get("id")] = x
                if s.get("max") != st:
                    self.err(sw, f"max {s.get('max')} != sum of criteria {st}")
                total += s.get("max") or 0
                sec_max[code].append(s.get("max"))
            if p.get("max") != total:
                self.err(pw, f"max {p.get('max')} != sum of sections {total}")
            if part_maxima.get(code) != p.get("max"):
                self.err(pw, f"max {p.get('max')} != part_maxima {part_maxima.get(code)}")
        if sum(p.get("max") or 0 for p in parts) != 100:
            self.err(where, "parts do not sum to 100")
        if version == "V2026" and n in EXPECTED:
            (a, b), c = EXPECTED[n]
            for code, exp in (("A", a), ("B", b), ("C", c)):
                if sec_max.get(code) != exp:
                    self.err(where, f"part {code} section maxima {sec_max.get(code)} != DOMAIN.md {exp}")
        # rules
        for r in sh.get("rules", []):
            rw = f"{where} rule {r.get('kind')} on {r.get('criterion')}"
            if r.get("kind") not in RULE_KINDS:
                self.err(rw, "unknown kind")
                continue
            if not r.get("text"):
                self.err(rw, "missing text")
            c = crit_by_id.get(r.get("criterion"))
            if c is None:
                self.err(rw, "unknown criterion")
                continue
            if r["kind"] == "requires_nonzero":
                if r.get("requires") not in crit_by_id:
                    self.err(rw, f"unknown required criterion {r.get('requires')}")
            else:
                opt = r.get("option")
                if not is_int(opt) or not 1 <= opt <= len(c.get("options", [])):
                    self.err(rw, f"option {opt!r} out of range")
                voids = r.get("voids") or []
                if not voids:
                    self.err(rw, "voids nothing")
                for v in voids:
                    if v not in crit_by_id or v == r.get("criterion"):
                        self.err(rw, f"bad voided criterion {v}")
                    elif crit_by_id[v].get("children"):
                        self.err(rw, f"voided criterion {v} is not a leaf")
        # errata <-> published_points
        errata = sh.get("errata", [])
        opt_errata = {(e.get("criterion"), e.get("option")): e for e in errata if e.get("option") is not None}
        for cid, i, pub, p in self.published:
            e = opt_errata.pop((cid, i), None)
            if e is None:
                self.err(where, f"published_points on {cid} option {i} without an errata entry")
            elif e.get("published") != pub or str(e.get("corrected")) != str(p):
                self.err(where, f"errata entry for {cid} option {i} does not match the option")
        for (cid, i) in opt_errata:
            self.err(where, f"errata entry {cid} option {i} without published_points on the option")
        for e in errata:
            for key in ("criterion", "field", "published", "corrected", "reason"):
                if not isinstance(e.get(key), str) or (not e[key] and key != "published"):
                    self.err(where, f"errata entry missing {key}: {e}")
            if e.get("criterion") not in crit_by_id:
                self.err(where, f"errata on unknown criterion {e.get('criterion')}")
        stars = " ".join(f"{lvl}★×{self.stars_count.get(lvl, 0)}" for lvl in (3, 4, 5))
        fmt = lambda xs: "/".join(str(x) for x in xs)
        return (f"sheet {n:2d}: {self.leaves:2d} scored criteria; A {fmt(sec_max.get('A', []))} "
                f"B {fmt(sec_max.get('B', []))} C {fmt(sec_max.get('C', []))}; minimums {stars}; "
                f"knockouts {len(sh.get('knockouts', []))}; rules {len(sh.get('rules', []))}; "
                f"errata {len(errata)}")

    def run(self):
        with open(self.path, encoding="utf-8") as f:
            doc = json.load(f)
        v = doc.get("version")
        for key in ("version", "legal_basis", "effective_from"):
            if not isinstance(doc.get(key), str):
                self.err("header", f"{key} missing")
        pm = doc.get("part_maxima", {})
        if sum(pm.values()) != 100:
            self.err("header", f"part_maxima {pm} do not sum to 100")
        bands = doc.get("bands", [])
        mins = [b.get("min") for b in bands]
        if [b.get("stars") for b in bands] != [5, 4, 3, 2, 1] or mins != sorted(mins, reverse=True) \
                or (mins and mins[-1] != 0):
            self.err("header", f"bands {bands} not 5..1 high to low ending at 0")
        if doc.get("recognised_min_stars") not in (1, 2, 3, 4, 5):
            self.err("header", "recognised_min_stars")
        sheets = doc.get("sheets")
        if not isinstance(sheets, list):
            self.err("header", "sheets missing")
            sheets = []
        print(f"{os.path.basename(self.path)}: {v} ({doc.get('legal_basis')}, from {doc.get('effective_from')}), "
              f"parts {pm}, {len(sheets)} sheets")
        nums = [s.get("number") for s in sheets]
        if sheets and nums != list(range(1, len(sheets) + 1)):
            self.err("header", f"sheet numbers {nums}")
        if v == "V2026" and len(sheets) != 26:
            self.err("header", f"V2026 has {len(sheets)} sheets, expected 26")
        for sh in sheets:
            print("  " + self.check_sheet(sh, pm, v))
        for n in self.notes:
            print("NOTE", n)
        return self.problems


def main(argv):
    files = argv[1:] or sorted(glob.glob(os.path.join(CRITERIA_DIR, "v*.json")))
    problems = []
    for f in files:
        problems += Checker(f).run()
    for p in problems:
        print("PROBLEM", p)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
