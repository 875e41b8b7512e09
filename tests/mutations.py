"""Mutations of the fixture workbooks for the fuzz tests (tests/test_fuzz.py, bench/fuzz_long.py).

A case is a real fixture changed by one to three mutations, chosen by a seeded random generator (the same
seed gives the same cases): in the sheet XML — a count cell made text, negative, huge or fractional, a
cell cleared or swapped, a row or column deleted (the rest shifted), header cells shuffled, a label made
formula-like; in the zip — truncated, bytes flipped, a member dropped or garbled, junk appended; in a CSV
— lines dropped or duplicated, fields changed, another encoding. `check` runs a case through the loader
the way the upload page does and says what went wrong, if anything: an exception (a crash — every
problem must come back as an Issue), or a write that is not all-or-nothing.
"""

import csv
import io
import random
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from loaders.pipeline import RefusedFile, commit_file, inspect_file
from loaders.reader_process import abnormal_message
from tests.warehouse_state import fingerprint

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHEET = "xl/worksheets/sheet1.xml"
ABNORMAL = abnormal_message("", "")[len("Tệp  "):len("Tệp  ") + 40]   # "có cấu trúc bất thường, không đọc được"

TEXTS = ["mười", "12 hồ sơ", "", " ", "N/A", "1.234", "1,5", "=1+2", "-", "∞", "١٢", "12\u00a0", "0x1F", "1e3",
         "+5", "@SUM(A1)", "Tổng số", "(3)", "Quý II năm 2025", "Từ ngày 15/3/2025 đến ngày 14/6/2025"]
HUGE = ["1E+15", "2147483648", "9223372036854775808", "1E+308", "-2147483649", "4294967296", "1E-300",
        "123456789012345678901234567890"]
FORMULA_LIKE = ["=HYPERLINK(\"http://x\",\"y\")", "+84 91", "-Hộ tịch", "@SUM(A1:A3)", "=1+2", "\t=cmd"]

_CELL = re.compile(r'<c r="([A-Z]{1,3})(\d+)"([^>]*?)(?:/>|>(.*?)</c>)', re.S)
_ROW = re.compile(r'<row r="(\d+)"[^>]*?(?:/>|>.*?</row>)', re.S)


def seeds() -> list[tuple[str, bytes]]:
    """The good fixtures (every layout variant) and the store fixtures: what the mutations start from."""
    paths = sorted(FIXTURES.glob("good_*")) + sorted(FIXTURES.glob("store_*"))
    return [(p.name, p.read_bytes()) for p in paths]


@dataclass
class Case:
    name: str
    data: bytes
    mutations: list[str]             # "kind: what was done", e.g. "delete_row: xóa dòng 16"

    @property
    def kinds(self) -> list[str]:
        return [m.split(":", 1)[0] for m in self.mutations]


# --------------------------------------------------------------------------------------------------------
# sheet XML
# --------------------------------------------------------------------------------------------------------

def _inline(ref: str, attrs: str, text: str) -> str:
    attrs = re.sub(r'\s*t="[^"]*"', "", attrs)
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<c r="{ref}"{attrs} t="inlineStr"><is><t xml:space="preserve">{escaped}</t></is></c>'


def _number(ref: str, attrs: str, value: str) -> str:
    attrs = re.sub(r'\s*t="[^"]*"', "", attrs)
    return f'<c r="{ref}"{attrs}><v>{value}</v></c>'


def _numeric_cells(xml: str) -> list[re.Match]:
    return [m for m in _CELL.finditer(xml) if m.group(4) and "<v>" in m.group(4) and 't="s"' not in m.group(3)
            and 't="str"' not in m.group(3) and 't="inlineStr"' not in m.group(3)]


def _value(match: re.Match) -> float:
    found = re.search(r"<v>([^<]*)</v>", match.group(4) or "")
    try:
        return float(found.group(1)) if found else 0.0
    except ValueError:
        return 0.0


def _replace(xml: str, match: re.Match, new: str) -> str:
    return xml[:match.start()] + new + xml[match.end():]


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _letters(n: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def _shift_rows(xml: str, deleted: int) -> str:
    """Rows after `deleted` move up one (row numbers, cell references, merged ranges)."""
    def row(m):
        n = int(m.group(1))
        return f'<row r="{n - 1 if n > deleted else n}"'

    def ref(m):
        n = int(m.group(2))
        return f'{m.group(1)}{n - 1 if n > deleted else n}'
    xml = re.sub(r'<row r="(\d+)"', row, xml)
    xml = re.sub(r'(?<=<c r=")([A-Z]{1,3})(\d+)', ref, xml)
    return re.sub(r'(?<=ref=")([^"]+)', lambda m: re.sub(r"([A-Z]{1,3})(\d+)", ref, m.group(1)), xml)


def _shift_columns(xml: str, deleted: int) -> str:
    def ref(m):
        c = _column_number(m.group(1))
        return f"{_letters(c - 1 if c > deleted else c)}{m.group(2)}"
    xml = re.sub(r'(?<=<c r=")([A-Z]{1,3})(\d+)', ref, xml)
    return re.sub(r'(?<=ref=")([^"]+)', lambda m: re.sub(r"([A-Z]{1,3})(\d+)", ref, m.group(1)), xml)


def mutate_sheet(rng: random.Random, xml: str) -> tuple[str, str]:
    """One change to a worksheet's XML; returns (new XML, what was done)."""
    numeric = _numeric_cells(xml)
    cells = list(_CELL.finditer(xml))
    kind = rng.choice(["text", "negative", "huge", "fraction", "clear", "swap", "delete_row", "blank_row",
                       "delete_column", "shuffle_headers", "formula_label", "duplicate_row"])
    if kind in ("text", "negative", "huge", "fraction") and numeric:
        m = rng.choice(numeric)
        ref = m.group(1) + m.group(2)
        if kind == "text":
            text = rng.choice(TEXTS)
            return _replace(xml, m, _inline(ref, m.group(3), text)), f"text: {ref} → chữ {text!r}"
        if kind == "negative":
            value = -abs(_value(m)) or -1
            return _replace(xml, m, _number(ref, m.group(3), f"{value:g}")), f"negative: {ref} → {value:g}"
        if kind == "huge":
            value = rng.choice(HUGE)
            return _replace(xml, m, _number(ref, m.group(3), value)), f"huge: {ref} → {value}"
        value = _value(m) + rng.choice([0.5, 0.25, 1e-9])
        return _replace(xml, m, _number(ref, m.group(3), repr(value))), f"fraction: {ref} → {value}"
    if kind == "clear" and cells:
        m = rng.choice(cells)
        return _replace(xml, m, f'<c r="{m.group(1)}{m.group(2)}"/>'), f"clear: {m.group(1)}{m.group(2)} xóa"
    if kind == "swap" and len(cells) > 1:
        a, b = sorted(rng.sample(cells, 2), key=lambda m: m.start())
        body_a = xml[a.start():a.end()].replace(f'r="{a.group(1)}{a.group(2)}"', f'r="{b.group(1)}{b.group(2)}"', 1)
        body_b = xml[b.start():b.end()].replace(f'r="{b.group(1)}{b.group(2)}"', f'r="{a.group(1)}{a.group(2)}"', 1)
        return (xml[:a.start()] + body_b + xml[a.end():b.start()] + body_a + xml[b.end():],
                f"swap: đổi {a.group(1)}{a.group(2)} ↔ {b.group(1)}{b.group(2)}")
    rows = list(_ROW.finditer(xml))
    if kind in ("delete_row", "blank_row", "duplicate_row") and rows:
        m = rng.choice(rows)
        n = int(m.group(1))
        if kind == "duplicate_row":
            copy = re.sub(r'<row r="\d+"', f'<row r="{n}"', xml[m.start():m.end()], count=1)
            target = rng.choice(rows)
            t = int(target.group(1))
            copy = re.sub(r'(?<=<c r=")([A-Z]{1,3})\d+', lambda c: f"{c.group(1)}{t}", copy)
            copy = re.sub(r'<row r="\d+"', f'<row r="{t}"', copy, count=1)
            return _replace(xml, target, copy), f"duplicate_row: dòng {n} chép đè dòng {t}"
        xml = _replace(xml, m, "")
        if kind == "blank_row":
            return xml, f"blank_row: dòng {n} để trống"
        return _shift_rows(xml, n), f"delete_row: xóa dòng {n}"
    if kind == "delete_column":
        column = rng.randint(1, 13)
        letters = _letters(column)
        xml = re.sub(rf'<c r="{letters}\d+"[^>]*?(?:/>|>.*?</c>)', "", xml, flags=re.S)
        return _shift_columns(xml, column), f"delete_column: xóa cột {letters}"
    if kind == "shuffle_headers":
        header = [m for m in cells if int(m.group(2)) <= 13 and (m.group(4) or "")]
        if len(header) > 1:
            a, b = sorted(rng.sample(header, 2), key=lambda m: m.start())
            inner_a, inner_b = xml[a.start():a.end()], xml[b.start():b.end()]
            new_a = inner_b.replace(f'r="{b.group(1)}{b.group(2)}"', f'r="{a.group(1)}{a.group(2)}"', 1)
            new_b = inner_a.replace(f'r="{a.group(1)}{a.group(2)}"', f'r="{b.group(1)}{b.group(2)}"', 1)
            return (xml[:a.start()] + new_a + xml[a.end():b.start()] + new_b + xml[b.end():],
                    f"shuffle_headers: tiêu đề {a.group(1)}{a.group(2)} ↔ {b.group(1)}{b.group(2)}")
    labels = [m for m in cells if m.group(1) == "B" and int(m.group(2)) >= 14]
    if labels:
        m = rng.choice(labels)
        text = rng.choice(FORMULA_LIKE)
        ref = m.group(1) + m.group(2)
        return _replace(xml, m, _inline(ref, m.group(3), text)), f"formula_label: nhãn {ref} → {text!r}"
    return xml, "none: không đổi"


# --------------------------------------------------------------------------------------------------------
# zip and bytes
# --------------------------------------------------------------------------------------------------------

def _rezip(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            z.writestr(zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _members(data: bytes) -> list[tuple[str, bytes]] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return [(i.filename, z.read(i.filename)) for i in z.infolist()]
    except Exception:
        return None


def mutate_bytes(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    kind = rng.choice(["truncate", "flip", "junk", "zero", "drop_member", "garble_member", "empty"])
    members = _members(data)
    if kind == "drop_member" and members:
        name = rng.choice(members)[0]
        return _rezip([m for m in members if m[0] != name]), f"drop_member: bỏ {name}"
    if kind == "garble_member" and members:
        i = rng.randrange(len(members))
        name, body = members[i]
        cut = body[:rng.randrange(len(body) + 1)] + rng.choice([b"", b"<", b"</row>", bytes(rng.randrange(256)
                                                                                           for _ in range(16))])
        members[i] = (name, cut)
        return _rezip(members), f"garble_member: hỏng {name}"
    if kind == "truncate" and data:
        at = rng.randrange(len(data))
        return data[:at], f"truncate: cắt còn {at} byte"
    if kind == "flip" and data:
        out = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
        return bytes(out), "flip: lật bit"
    if kind == "junk":
        return data + bytes(rng.randrange(256) for _ in range(rng.randint(1, 64))), "junk: thêm rác cuối tệp"
    if kind == "zero" and data:
        at = rng.randrange(len(data))
        return data[:at] + bytes(min(512, len(data) - at)) + data[at + 512:], "zero: một khối số 0"
    return b"", "empty: tệp rỗng"


def mutate_csv(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    text = data.decode("utf-8-sig", errors="replace")
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:                            # already broken by an earlier mutation: break its bytes
        return mutate_bytes(rng, data)
    kind = rng.choice(["drop_line", "dup_line", "field", "latin1", "semicolon", "formula"])
    if kind == "latin1":
        return text.encode("cp1258", errors="replace"), "csv_encoding: mã hóa cp1258"
    if kind == "semicolon":
        out = io.StringIO()
        csv.writer(out, delimiter=";").writerows(rows)
        return out.getvalue().encode("utf-8"), "csv_delimiter: dấu chấm phẩy"
    if rows:
        i = rng.randrange(len(rows))
        if kind == "drop_line":
            del rows[i]
            what = f"csv_drop_line: bỏ dòng {i + 1}"
        elif kind == "dup_line":
            rows.insert(i, list(rows[i]))
            what = f"csv_duplicate_line: lặp dòng {i + 1}"
        elif rows[i]:
            j = rng.randrange(len(rows[i]))
            rows[i][j] = rng.choice(TEXTS + HUGE + FORMULA_LIKE + ["-3", "2.5"])
            what = f"csv_field: ô {i + 1}:{j + 1} → {rows[i][j]!r}"
        else:
            what = "none: không đổi"
    else:
        what = "none: không đổi"
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"), what


# --------------------------------------------------------------------------------------------------------
# XML structure: what a regular expression misses and a reader may trust
# --------------------------------------------------------------------------------------------------------

DTD = ('<!DOCTYPE x [<!ENTITY a "aaaaaaaaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
       '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>')


def _after_declaration(xml: str, insert: str) -> str:
    end = xml.find("?>") + 2 if xml.startswith("<?xml") else 0
    return xml[:end] + insert + xml[end:]


def mutate_structure(rng: random.Random, members: list[tuple[str, bytes]]) -> tuple[list[tuple[str, bytes]], str]:
    """One change to the package's XML structure; returns (new members, what was done)."""
    names = [n for n, _ in members]
    body = dict(members)
    kind = rng.choice(["single_quotes", "inflate_count", "inflate_dimension", "drop_refs", "rename_member",
                       "entity", "utf16", "far_cell", "huge_merge"])
    sheet = body.get(SHEET, b"").decode("utf-8", "surrogateescape")
    what = ""
    if kind == "single_quotes" and sheet:
        sheet = re.sub(r'(\s[\w:]+)="([^"\']*)"', lambda m: f"{m.group(1)}='{m.group(2)}'", sheet)
        what = "single_quotes: thuộc tính trong dấu nháy đơn"
    elif kind == "inflate_count":
        if "xl/sharedStrings.xml" not in body:           # a workbook of inline strings: give it a table
            names.append("xl/sharedStrings.xml")
            body["xl/sharedStrings.xml"] = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
                                            b' count="1" uniqueCount="1"><si><t>x</t></si></sst>')
        text = body["xl/sharedStrings.xml"].decode("utf-8", "surrogateescape")
        value = rng.choice(["2000000000", "4294967295", "99999999999", "1000000"])
        attribute = rng.choice(["uniqueCount", "count"])
        body["xl/sharedStrings.xml"] = re.sub(rf'{attribute}="\d+"', f'{attribute}="{value}"', text).encode()
        what = f"inflate_count: {attribute}={value}"
    elif kind == "inflate_dimension" and sheet:
        ref = rng.choice(["A1:XFD1048576", "A1:M1048576", "A1:XFD30", "A1:ZZZ999999"])
        sheet = re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{ref}"', sheet)
        what = f"inflate_dimension: {ref}"
    elif kind == "drop_refs" and sheet:
        target = rng.choice(["cells", "rows", "both"])
        if target in ("cells", "both"):
            sheet = re.sub(r'(<c)\s+r="[A-Z]+\d+"', r"\1", sheet)
        if target in ("rows", "both"):
            sheet = re.sub(r'(<row)\s+r="\d+"', r"\1", sheet)
        what = f"drop_refs: bỏ thuộc tính r ({target})"
    elif kind == "rename_member":
        old = rng.choice(names)
        new = rng.choice(["xl/worksheets/sheet9.xml", "xl/other.xml", old.upper(), old + ".bak"])
        members = [(new if n == old else n, b) for n, b in members]
        return members, f"rename_member: {old} → {new}"
    elif kind in ("entity", "utf16"):
        name = rng.choice([n for n in names if n.endswith((".xml", ".rels"))] or names)
        text = body[name].decode("utf-8", "surrogateescape")
        if kind == "entity":
            text = _after_declaration(text, DTD) if rng.random() < 0.6 else text.replace("<t>", "<t>&c;", 1)
            body[name] = text.encode("utf-8", "surrogateescape")
            what = f"entity: DTD/thực thể trong {name}"
        else:
            text = text.replace('encoding="UTF-8"', 'encoding="UTF-16"')
            if rng.random() < 0.5:
                text = _after_declaration(text, DTD)
            body[name] = text.encode("utf-16")
            what = f"utf16: {name} mã hóa UTF-16"
    elif kind == "far_cell" and sheet:
        ref = rng.choice(["XFD1048576", "A1048576", "XFD1", "AAA50000", "M49999"])
        quote = rng.choice(["'", '"'])
        row = ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        sheet = sheet.replace("</sheetData>", f"<row r={quote}{row}{quote}><c r={quote}{ref}{quote}><v>1</v></c>"
                                              "</row></sheetData>")
        what = f"far_cell: ô {ref}"
    elif kind == "huge_merge" and sheet:
        ref = rng.choice(["A1:XFD1048576", "A14:M50000", "B2:ZZ9999"])
        merge = f'<mergeCell ref="{ref}"/>' * rng.choice([1, 50])
        sheet = sheet.replace("</mergeCells>", merge + "</mergeCells>") if "</mergeCells>" in sheet else \
            sheet.replace("</sheetData>", f"</sheetData><mergeCells>{merge}</mergeCells>")
        what = f"huge_merge: gộp {ref}"
    else:
        return members, "none: không đổi"
    if sheet and SHEET in body and not what.startswith(("inflate_count", "entity", "utf16")):
        body[SHEET] = sheet.encode("utf-8", "surrogateescape")
    return [(n, body[n]) for n in names], what


def make_case(rng: random.Random, seeds_: list[tuple[str, bytes]]) -> Case:
    name, data = rng.choice(seeds_)
    done = []
    for _ in range(rng.choice([1, 1, 2, 3])):
        if name.endswith(".csv"):
            data, what = mutate_csv(rng, data) if rng.random() < 0.85 else mutate_bytes(rng, data)
        elif (draw := rng.random()) < 0.8 and (members := _members(data)) and any(n == SHEET for n, _ in members):
            if draw < 0.25:
                members, what = mutate_structure(rng, members)
                data = _rezip(members)
            else:
                xml = dict(members)[SHEET].decode("utf-8", "surrogateescape")
                xml, what = mutate_sheet(rng, xml)
                data = _rezip([(n, xml.encode("utf-8", "surrogateescape") if n == SHEET else b) for n, b in members])
        else:
            data, what = mutate_bytes(rng, data)
        done.append(what)
    return Case(name, data, done)


# --------------------------------------------------------------------------------------------------------
# checking a case
# --------------------------------------------------------------------------------------------------------

def batch_rows_agree(con) -> bool:
    """Every dossier batch holds exactly the rows its load_batch line says."""
    counts = dict(con.table("dossier_count").aggregate("batch_id, count(*)", "batch_id").fetchall())
    batches = con.table("load_batch").filter("kind = 'dossiers'").project("batch_id, row_count").fetchall()
    return all(counts.get(b, 0) == n for b, n in batches) and set(counts) <= {b for b, _ in batches}


def check(con, case: Case, known: dict | None = None) -> tuple[str, str | None]:
    """Run one case like the upload page: inspect, then commit if there is no error.

    Returns (outcome, problem): outcome "refused" | "loaded" | "duplicate"; problem None, or what went wrong
    ("crash: …" for an exception, "partial write: …" when a refused or failed load changed a table).

    `known` (one dict per warehouse, passed to every case checked on it in turn) carries the warehouse's
    fingerprint from a case that was found to change nothing to the next case, as its "before": most cases are
    refused, and fingerprinting every table was 40 % of a case's cost. A case that loaded, or went wrong, leaves
    none, so the next case fingerprints afresh."""
    known = {} if known is None else known
    before = known.pop("fingerprint", None)
    if before is None:
        before = fingerprint(con)
    try:
        report = inspect_file(con, case.name, case.data)
    except Exception as exc:                          # every problem must come back as an Issue
        return "crash", f"crash in inspect: {type(exc).__name__}: {exc}"
    if any(ABNORMAL in i.message for i in report.issues):
        # the server lived (the reader runs in a child), but the pre-checks let through a file that broke the
        # reader: each such case is a gap to close
        return "abort", "abort: the reader's child process ended abnormally"
    if any(not isinstance(i.message, str) or not i.message for i in report.issues):
        return "crash", "an issue without a message"
    if report.has_errors:
        try:
            commit_file(con, report, loaded_by="fuzz")
            return "refused", "partial write: a file with errors was committed"
        except RefusedFile:
            pass
        after = fingerprint(con)
        if after != before:
            return "refused", f"partial write: {before} → {after}"
        known["fingerprint"] = after
        return "refused", None
    try:
        stored = commit_file(con, report, loaded_by="fuzz")
    except Exception as exc:
        after = fingerprint(con)
        changed = "" if after == before else " AND a partial write"
        return "crash", f"crash in commit: {type(exc).__name__}: {exc}{changed}"
    if not stored:
        after = fingerprint(con)
        if after != before:
            return "duplicate", "partial write: duplicate changed tables"
        known["fingerprint"] = after
        return "duplicate", None
    if not batch_rows_agree(con):
        return "loaded", "partial write: a batch's rows disagree with its row_count"
    return "loaded", None


@dataclass
class Tally:
    """What a run of cases came to: outcomes, mutation kinds used, and the problems found (with their case)."""
    outcomes: Counter = field(default_factory=Counter)
    kinds: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def run(self, con, rng: random.Random, sources, numbers, echo: bool = False) -> "Tally":
        known = {}              # the warehouse's fingerprint, carried from a case that changed nothing (check)
        for number in numbers:
            case = make_case(rng, sources)
            outcome, problem = check(con, case, known)
            self.outcomes[outcome] += 1
            self.kinds.update(case.kinds)
            if problem:
                self.problems.append(f"case {number} ({case.name}: {'; '.join(case.mutations)}): {problem}")
                if echo:
                    print(self.problems[-1], flush=True)
        return self
