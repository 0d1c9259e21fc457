#!/usr/bin/env python3
"""Convert Annex II of Decision 26/2026/QĐ-TTg (the 26 OCOP scoring sheets) to JSON.

Input : the law's transcript, one table cell per line or few lines, cells separated by
        lines holding only `|` (default: /work/shared/regulations/qd-26-2026-qd-ttg.txt).
Output: the criteria-set JSON described in crates/ocop-domain/criteria/FORMAT.md.

    python3 tools/annex2_to_json.py [--src FILE] [--out FILE]

Without --out the JSON goes to stdout. The checked-in
crates/ocop-domain/criteria/v2026.json is the source of truth; it was produced by this script
and then reviewed sheet by sheet. Corrections of the transcript's published values are in
ERRATA below (each also recorded in the sheet's `errata` and listed in criteria/README.md);
the notes of the law that change scoring are encoded by build_rules(). Python 3.11, stdlib only.
"""
from __future__ import annotations

import argparse
import json
import re
import sys

DEFAULT_SRC = "/work/shared/regulations/qd-26-2026-qd-ttg.txt"

NNMT = "Bộ Nông nghiệp và Môi trường"
BCT = "Bộ Công Thương"
BYT = "Bộ Y tế"
BVH = "Bộ Văn hóa, Thể thao và Du lịch"

G_TP = "Thực phẩm"
G_DU = "Đồ uống"
G_DL = "Dược liệu và sản phẩm từ dược liệu"
G_TC = "Hàng thủ công mỹ nghệ"
G_SV = "Sinh vật cảnh"
G_DV = "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch"

# number: (name from the sheet list of Annex II, group, group/subgroup of Annex I, lead ministry of Annex I)
SHEETS = {
    1: ("Rau, củ, quả, hạt tươi", G_TP, "Thực phẩm tươi sống", NNMT),
    2: ("Thịt, thủy sản, trứng, sữa tươi", G_TP, "Thực phẩm tươi sống", NNMT),
    3: ("Gạo, ngũ cốc, hạt sơ chế khác", G_TP, "Thực phẩm thô, sơ chế", NNMT),
    4: ("Mật ong, mật khác và nông sản thực phẩm khác", G_TP, "Thực phẩm thô, sơ chế", NNMT),
    5: ("Đồ ăn nhanh", G_TP, "Thực phẩm chế biến", BCT),
    6: ("Chế biến từ gạo, ngũ cốc", G_TP, "Thực phẩm chế biến", f"{NNMT}; {BCT}"),
    7: ("Chế biến từ rau, củ, quả, hạt", G_TP, "Thực phẩm chế biến", NNMT),
    8: ("Chế biến từ thịt, thủy sản, trứng, sữa, các sản phẩm từ mật ong, mật khác và nông sản thực phẩm khác",
        G_TP, "Thực phẩm chế biến", f"{NNMT}; {BCT}"),
    9: ("Tương, nước mắm, gia vị dạng lỏng khác", G_TP, "Gia vị", NNMT),
    10: ("Gia vị khác (muối, hành, tỏi, tiêu)", G_TP, "Gia vị", NNMT),
    11: ("Chè tươi, chè chế biến", G_TP, "Chè", NNMT),
    12: ("Sản phẩm trà từ thực vật khác", G_TP, "Chè", NNMT),
    13: ("Cà phê, cacao", G_TP, "Cà phê, ca cao", NNMT),
    14: ("Rượu trắng", G_DU, "Đồ uống có cồn", BCT),
    15: ("Đồ uống có cồn khác", G_DU, "Đồ uống có cồn", BCT),
    16: ("Nước khoáng thiên nhiên, nước uống đóng chai", G_DU, "Đồ uống không cồn", BYT),
    17: ("Đồ uống không cồn khác", G_DU, "Đồ uống không cồn", BCT),
    18: ("Thực phẩm chức năng, thuốc dược liệu, thuốc cổ truyền", G_DL,
         "Thực phẩm chức năng, thuốc dược liệu, thuốc cổ truyền", BYT),
    19: ("Mỹ phẩm có thành phần từ dược liệu", G_DL, "Mỹ phẩm có thành phần từ dược liệu", BYT),
    20: ("Tinh dầu và dược liệu khác", G_DL, "Tinh dầu và dược liệu khác", f"{BYT}; {BCT}"),
    21: ("Thủ công mỹ nghệ", G_TC, "Thủ công mỹ nghệ gia dụng, trang trí", f"{BCT}; {NNMT}"),
    22: ("Vải, may mặc", G_TC, "Vải, may mặc", BCT),
    23: ("Hoa", G_SV, "Hoa", NNMT),
    24: ("Cây cảnh", G_SV, "Cây cảnh", NNMT),
    25: ("Động vật cảnh", G_SV, "Động vật cảnh", NNMT),
    26: ("Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch", G_DV, G_DV, f"{BVH}; {NNMT}"),
}

# Corrections of published values: (sheet, criterion, option or None, field, corrected, reason).
# The published value is read from the text; the script fails if it does not find it.
ERRATA: list[tuple] = [
    (4, "1.2", 1, "points", 0,
     "the points cell of \"Không được cấp giấy chứng nhận chất lượng\" is blank; the same option is "
     "worth 0 on sheets 1, 3, 6, 8, 12, 13 and 18, and 0 keeps the criterion maximum at 2"),
    (4, "7", 3, "points", 3,
     "item 7 (Dinh dưỡng) is worth 3 points but its options read 0 / 1 / 13: the 1 of the option above "
     "ran into this cell; the same item on sheets 1 and 3 reads 0 / 1 / 3"),
    (7, "1.2", 1, "points", 0,
     "the points cell of \"Không được cấp giấy chứng nhận chất lượng\" is blank; the same option is "
     "worth 0 on sheets 1, 3, 6, 8, 12, 13 and 18, and 0 keeps the criterion maximum at 2"),
    (7, "3.1", 2, "points", 2,
     "options read 1 / 1 / 3 (two different levels with the same points); \"Công ty TNHH; ...\" is worth 2 "
     "on all 21 other sheets that have this option (sums are unaffected)"),
    (10, "1.2", 1, "points", 0,
     "the points cell of \"Không được cấp giấy chứng nhận chất lượng\" is blank; the same option is "
     "worth 0 on sheets 1, 3, 6, 8, 12, 13 and 18, and 0 keeps the criterion maximum at 2"),
    (11, "1.2", 1, "points", 0,
     "the points cell of \"Không được cấp giấy chứng nhận chất lượng\" is blank; the same option is "
     "worth 0 on sheets 1, 3, 6, 8, 12, 13 and 18, and 0 keeps the criterion maximum at 2"),
    (11, "6.1.1", 2, "points", 1,
     "6.1.1 (Tạp chất) is worth 2 points but its options read 0 / 11 / 2: \"Có rất ít tạp chất, chấp nhận "
     "được\" is 1 as on sheets 4-10, 12 and 13, and section 6 only sums to 15 with 1"),
    (23, "6.2", 1, "points", 0,
     "options read 1 / 1 / 3 / 5 (two different levels with the same points); \"Phù hợp với đặc tính sản "
     "phẩm\" is worth 1 as on sheets 24 and 25, so the lower level \"Chấp nhận được\" is read as 0 (as "
     "the lowest level of 6.1 on the same sheet); the maximum is unaffected. Uncertain: 1 / 2 / 3 / 5 "
     "would fit as well"),
    (23, "9", None, "max", 4,
     "the points cell of item 9 reads \"4 1\" (two cells run together; the options that follow read 2 "
     "and 4): the maximum is 4, the highest option, and part C only sums to 35 with 4"),
]


def clean(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


STAR_RE = re.compile(r"(?:\s*\*){3,5}\s*[.;]?\s*$")


def split_stars(text: str):
    m = STAR_RE.search(text)
    if not m:
        return text, None
    n = m.group(0).count("*")
    return text[: m.start()].rstrip(), n


def read_cells(lines, start, end):
    """Cells between lines[start:end], each as (line_no, text)."""
    cells, cur, ln = [], [], start
    for off, l in enumerate(lines[start:end]):
        if l.strip() == "|":
            cells.append((ln + 1, clean(" ".join(cur))))
            cur, ln = [], start + off + 1
        else:
            cur.append(l)
    cells.append((ln + 1, clean(" ".join(cur))))
    return cells


PART_RE = re.compile(r"^(?:Phần|PHẦN)\s*([ABC])\s*:?\s*(.*?)\s*(?:\(\s*\d+\s*[Đđ]iểm\s*\))?\s*$")
CRIT_RE = re.compile(r"^(\d+(?:\.\d+)+)\.?\s+(.*)$")
SECT_RE = re.compile(r"^(\d+)\.?\s+(.*)$")
NOTE_PREFIXES = ("Ghi chú", "Chú ý", "Chỉ áp dụng", "Lựa chọn")
CASE_RE = re.compile(r"^([ab])\.\s*(Trường hợp \d+)\s*:\s*(.*)$")


def parse_points(s: str):
    if re.fullmatch(r"\d+", s):
        return int(s), None
    m = re.match(r"(\d+)", s)
    return (int(m.group(1)) if m else None), s


class Sheet:
    def __init__(self, number):
        self.number = number
        self.parts = []
        self.part = self.section = self.crit = self.parent = None
        self.last = None  # object receiving the next points cell
        self.case = None
        self.warnings = []
        self.notes = []  # (criterion id, note text) for rules

    def warn(self, ln, msg):
        self.warnings.append(f"sheet {self.number} line {ln}: {msg}")

    # --- builders
    def new_part(self, code, name):
        self.part = {"code": code, "name": name, "max": None, "sections": []}
        self.parts.append(self.part)
        self.section = self.crit = self.parent = None
        self.last = self.part

    def new_section(self, sid, name, ln):
        if self.part is None:
            self.warn(ln, "section outside a part")
            return
        title = name
        if self.part["code"] == "C":
            # section name: the heading's title without the explanation that follows it
            m = re.match(r"^(.*?)(?:\s*\(|\s+Chất lượng\b|\s+Áp dụng bắt buộc\b|$)", name)
            title = m.group(1).strip() or name
        self.section = {"id": sid, "name": title, "max": None, "criteria": []}
        self.part["sections"].append(self.section)
        self.parent = None
        self.case = None
        if self.part["code"] == "C":
            # a C heading scored directly: the section holds itself as its single criterion
            applies = None
            m = re.search(r"\s+(Áp dụng bắt buộc\b.*)$", name)
            if m:  # sheet 21 item 7: the heading cell also says to which products it applies
                applies, name = m.group(1).strip(), name[: m.start()].strip()
            self.crit = self.make_crit(sid, name)
            self.crit["note"] = applies
            self.crit["_self"] = True
            self.section["criteria"].append(self.crit)
            self.section["_self"] = self.crit
        else:
            self.crit = None
        self.last = self.section

    def make_crit(self, cid, name):
        req = None
        m = re.search(r"\s*(Yêu cầu\s*:.*)$", name)
        if m:
            req = m.group(1).strip()
            name = name[: m.start()].strip()
        c = {"id": cid, "name": name, "max": None}
        if req:
            c["requirement"] = req
        c["note"] = None
        c["options"] = []
        c["children"] = []
        return c

    def new_crit(self, cid, name, ln):
        if self.section is None:
            self.warn(ln, f"criterion {cid} outside a section")
            return
        depth = cid.count(".")
        self.case = None
        if not cid.startswith(self.section["id"] + "."):
            self.warn(ln, f"criterion {cid} not under section {self.section['id']}")
        selfc = self.section.pop("_self", None)
        if selfc is not None:
            if selfc["options"]:
                self.warn(ln, f"section {self.section['id']} has options and sub-criteria")
            else:
                self.section["criteria"].remove(selfc)
                if selfc.get("note") or selfc.get("requirement"):
                    self.warn(ln, f"dropped self-criterion {selfc['id']} carrying a note")
        c = self.make_crit(cid, name)
        if depth == 1:
            self.section["criteria"].append(c)
            self.parent = c
        else:
            parent_id = cid.rsplit(".", 1)[0]
            if self.parent is None or self.parent["id"] != parent_id:
                self.warn(ln, f"criterion {cid} without parent {parent_id}")
                return
            self.parent["children"].append(c)
        self.crit = c
        self.last = c

    def add_option(self, text, ln):
        if self.crit is None:
            self.warn(ln, f"option outside a criterion: {text[:40]}")
            return
        if self.crit["children"]:
            self.warn(ln, f"option after children in {self.crit['id']}")
        text = re.sub(r"^(?:□|o)\s*", "", text)
        note = None
        m = re.search(r"\s*(Ghi chú\s*:.*)$", text)
        if m:
            note = m.group(1).strip()
            text = text[: m.start()].rstrip()
        text, stars = split_stars(text)
        if "*" in text:
            self.warn(ln, f"stray '*' in option: {text[:60]}")
        if self.case:
            text = f"{self.case}: {text}"
        o = {"text": text, "points": None}
        if stars:
            o["star_minimum"] = stars
        self.crit["options"].append(o)
        self.last = o
        if note:
            self.add_note(note, ln)

    def add_note(self, text, ln):
        target = self.crit or self.section
        if target is None:
            self.warn(ln, f"note outside a criterion: {text[:40]}")
            return
        target["note"] = text if not target.get("note") else target["note"] + " " + text
        self.notes.append((target["id"], text))

    def add_points(self, s, ln):
        if self.last is None:
            self.warn(ln, f"points {s} without a row")
            return
        key = "points" if "text" in self.last else "max"
        if self.last.get(key) is not None:
            self.warn(ln, f"second points cell {s}")
            return
        v, raw = parse_points(s)
        self.last[key] = v
        if raw is not None:
            self.last["_raw"] = raw  # must be settled by an ERRATA entry (checked in convert)

    def feed(self, ln, text):
        if not text:
            return
        if text in ("Các tiêu chí", "Thang điểm"):
            return
        if re.fullmatch(r"[\d ]+", text):
            self.add_points(text, ln)
            return
        m = PART_RE.match(text)
        if m:
            self.new_part(m.group(1), m.group(2))
            return
        if text.startswith("□") or re.match(r"^o\s", text):
            self.add_option(text, ln)
            return
        m = CASE_RE.match(text)
        if m:
            self.case = f"{m.group(2)} ({m.group(3)})"
            self.add_note(text, ln)
            self.last = None
            return
        if text.startswith(NOTE_PREFIXES):
            self.add_note(text, ln)
            self.last = None
            return
        if text.startswith("Yêu cầu"):
            if self.crit is None:
                self.warn(ln, "requirement outside a criterion")
            else:
                self.crit["requirement"] = text
            self.last = None
            return
        m = CRIT_RE.match(text)
        if m:
            self.new_crit(m.group(1), m.group(2), ln)
            return
        m = SECT_RE.match(text)
        if m:
            self.new_section(m.group(1), m.group(2), ln)
            return
        if text.startswith("("):
            target = self.crit or self.section
            if target is None:
                self.warn(ln, f"text outside a criterion: {text[:40]}")
                return
            target["name"] = target["name"] + " " + text
            if target is self.crit and self.section and self.section.get("_self") is self.crit:
                pass
            return
        self.warn(ln, f"unclassified cell: {text[:60]}")
        self.add_note(text, ln)


def header_info(lines, start, crit_line):
    txt = clean(" ".join(lines[start:crit_line]))
    i = txt.find("(Ký và ghi rõ họ tên)")
    if i >= 0:
        txt = txt[i + len("(Ký và ghi rõ họ tên)"):]
    m = re.search(r"(?:Hồ sơ bị loại khi|Bị loại khi)\s*:\s*(.*?)(?=\s*(?:Hồ sơ bị loại khi|$))", txt)
    return m.group(1).strip() if m else ""


def knockout_codes(text: str, criteria_notes):
    t = text.lower()
    codes = []
    if "giả mạo hồ sơ" in t:
        codes.append("forged_dossier")
    if "an toàn thực phẩm" in t:
        codes.append("food_safety_noncompliant")
    if "gmp" in t:
        codes.append("no_gmp")
    if "giấy phép sản xuất" in t:
        codes.append("no_production_licence")
    if "điều kiện bắt buộc để sản xuất" in t:
        codes.append("no_sector_conditions")
    if "bản công bố" in t or "bản đăng ký công bố" in t:
        codes.append("no_product_declaration")
    if "hồ sơ đăng ký" in t:
        codes.append("registration_incomplete")
    if any("nguyên liệu nhập khẩu hoặc không rõ nguồn gốc" in n for _, n in criteria_notes):
        codes.append("imported_or_unknown_raw_material")
    return codes


def walk(criteria):
    for c in criteria:
        yield c
        yield from walk(c["children"])


def all_criteria(sheet):
    for p in sheet["parts"]:
        for s in p["sections"]:
            yield from walk(s["criteria"])


def find_crit(sheet, cid):
    for c in all_criteria(sheet):
        if c["id"] == cid:
            return c
    raise KeyError(f"sheet {sheet['number']}: no criterion {cid}")


def section_of(sheet, cid):
    for p in sheet["parts"]:
        for s in p["sections"]:
            if any(c["id"] == cid for c in walk(s["criteria"])):
                return p, s
    raise KeyError(cid)


def leaves_in_order(criteria):
    for c in criteria:
        if c["children"]:
            yield from leaves_in_order(c["children"])
        else:
            yield c


def build_rules(sheet, notes):
    """Encode the notes that change scoring (kinds requires_nonzero and option_voids)."""
    rules = []
    for cid, text in notes:
        if text.startswith("Chỉ áp dụng khi có câu chuyện sản phẩm"):
            story = cid.rsplit(".", 1)[0] + ".1"
            rules.append({"kind": "requires_nonzero", "criterion": cid, "requires": story, "text": text})
            continue
        low = text.lower()
        impurity = "tạp chất" in low and ("không xem xét" in low or "không đánh giá" in low)
        if impurity:
            c = find_crit(sheet, cid)
            idx = [i + 1 for i, o in enumerate(c["options"])
                   if re.search(r"tạp chất", o["text"], re.I)
                   and not re.search(r"^không (có )?(tạp chất|lẫn)", o["text"], re.I)
                   and "chấp nhận được" not in o["text"]  # acceptable impurities void nothing
                   and o["points"] == 0]
            if len(idx) != 1:
                continue  # not encodable here (e.g. sheet 1: no option for impurities); see README
            part, sec = section_of(sheet, cid)
            others = [x["id"] for x in leaves_in_order(sec["criteria"]) if x["id"] != cid]
            rules.append({"kind": "option_voids", "criterion": cid, "option": idx[0], "voids": others,
                          "text": text})
            continue
        if low.startswith("ghi chú: nếu được 0 điểm tại một trong các chỉ tiêu trên"):
            # the note follows the whole sensory section: a 0 on any of its criteria stops the
            # evaluation of every later criterion of part C
            part, sec = section_of(sheet, cid)
            in_sec = {x["id"] for x in leaves_in_order(sec["criteria"])}
            leaves = [x for s in part["sections"] for x in leaves_in_order(s["criteria"])]
            for i, c in enumerate(leaves):
                if c["id"] not in in_sec:
                    continue
                zero = [j + 1 for j, o in enumerate(c["options"]) if o["points"] == 0]
                later = [x["id"] for x in leaves[i + 1:]]
                if zero and later:
                    rules.append({"kind": "option_voids", "criterion": c["id"], "option": zero[0],
                                  "voids": later, "text": text})
            continue
        if "không đánh giá các bước tiếp theo nếu không có phiếu công bố" in low:
            c = find_crit(sheet, cid)
            idx = [i + 1 for i, o in enumerate(c["options"]) if o["text"].lower().startswith("không có")]
            if len(idx) != 1:
                continue
            part, sec = section_of(sheet, cid)
            later, seen = [], False
            for s in part["sections"]:
                if s is sec:
                    seen = True
                    continue
                if seen:
                    later += [x["id"] for x in leaves_in_order(s["criteria"])]
            rules.append({"kind": "option_voids", "criterion": cid, "option": idx[0], "voids": later,
                          "text": text})
    return rules


def apply_errata(sheet):
    out = []
    for num, cid, opt, field, corrected, reason in ERRATA:
        if num != sheet["number"]:
            continue
        c = find_crit(sheet, cid)
        obj = c if opt is None else c["options"][opt - 1]
        published = obj.pop("_raw", None)
        if published is None:  # a blank points cell is published as ""
            published = "" if obj.get(field) is None else str(obj[field])
        if opt is not None:
            obj["published_points"] = published
        obj[field] = corrected
        out.append({"criterion": cid, "option": opt, "field": field, "published": published,
                    "corrected": str(corrected), "reason": reason})
    return out


def finish(obj):
    """Drop parser-internal keys, order keys as FORMAT.md does."""
    if isinstance(obj, list):
        return [finish(x) for x in obj]
    if isinstance(obj, dict):
        return {k: finish(v) for k, v in obj.items() if not k.startswith("_")}
    return obj


def convert(src: str):
    lines = open(src, encoding="utf-8").read().split("\n")
    totals = [i for i, l in enumerate(lines) if l.strip() == "TỔNG CỘNG"]
    if len(totals) != 26:
        raise SystemExit(f"expected 26 'TỔNG CỘNG' rows, found {len(totals)}")
    annex = next(i for i, l in enumerate(lines) if l.strip() == "PHỤ LỤC II")
    starts = [annex] + [t + 1 for t in totals[:-1]]
    sheets, warnings = [], []
    for k, (s, e) in enumerate(zip(starts, totals)):
        number = k + 1
        j = s
        # the sheet list at the top of Annex II also has no 'Các tiêu chí'; the form does
        while lines[j].strip() != "Các tiêu chí":
            j += 1
        ko_text = header_info(lines, s, j)
        sh = Sheet(number)
        for ln, text in read_cells(lines, j, e):
            sh.feed(ln, text)
        name, group, subgroup, ministry = SHEETS[number]
        sheet = {
            "number": number, "name": name, "product_group": group, "subgroup": subgroup,
            "lead_ministry": ministry, "knockout_text": ko_text,
            "knockouts": knockout_codes(ko_text, sh.notes),
            "parts": sh.parts,
        }
        for p in sheet["parts"]:
            for sec in p["sections"]:
                sec.pop("_self", None)
                for c in sec["criteria"]:
                    if c.pop("_self", False):
                        c["max"] = sec["max"]  # the heading's points cell is both
                        if "_raw" in sec:
                            c["_raw"] = sec["_raw"]
        sheet["errata"] = apply_errata(sheet)
        for c in all_criteria(sheet):
            for o in [c] + c["options"]:
                if "_raw" in o:
                    sh.warn("-", f"criterion {c['id']}: non-integer points cell {o['_raw']!r} without an erratum")
        sheet["rules"] = build_rules(sheet, sh.notes)
        sheet = {k2: sheet[k2] for k2 in ("number", "name", "product_group", "subgroup", "lead_ministry",
                                          "knockout_text", "knockouts", "parts", "rules", "errata")}
        sheets.append(finish(sheet))
        warnings += sh.warnings
    return sheets, warnings


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--src", default=DEFAULT_SRC)
    ap.add_argument("--out")
    a = ap.parse_args()
    sheets, warnings = convert(a.src)
    doc = {
        "version": "V2026",
        "legal_basis": "Quyết định 26/2026/QĐ-TTg",
        "effective_from": "2026-05-22",
        "part_maxima": {"A": 40, "B": 25, "C": 35},
        "bands": [{"stars": 5, "min": 90}, {"stars": 4, "min": 70}, {"stars": 3, "min": 50},
                  {"stars": 2, "min": 30}, {"stars": 1, "min": 0}],
        "recognised_min_stars": 3,
        "sheets": sheets,
    }
    out = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    if a.out:
        with open(a.out, "w", encoding="utf-8") as f:
            f.write(out)
    else:
        sys.stdout.write(out)
    for w in warnings:
        print("warning:", w, file=sys.stderr)


if __name__ == "__main__":
    main()
