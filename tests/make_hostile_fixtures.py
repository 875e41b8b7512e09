#!/usr/bin/env python3
"""Write the hostile and broken files of tests/test_hostile_files.py into tests/fixtures/hostile/ (committed).

    .venv/bin/python -m tests.make_hostile_fixtures

Each is small on disk; the ones that are dangerous only once inflated (the zip bombs) stay small because
deflate packs repeated bytes a thousand to one. Files that are refused only under a lowered limit (size,
CSV rows) are not here: the tests lower the limit through its environment variable instead of committing
megabytes. Output is byte-for-byte reproducible (fixed zip timestamps).
"""

import csv
import io
import re
import struct
import zipfile
from pathlib import Path

import openpyxl

from tests.fixtures import make_fixtures as mf

ROOT = Path(__file__).resolve().parent
HOSTILE = ROOT / "fixtures" / "hostile"
GOOD = ROOT / "fixtures" / "good_official_formulas_tu_phap_q2_2025.xlsx"
STAMP = (2025, 1, 2, 8, 30, 0)

# Text a spreadsheet would run as a formula, as written in a report's label cells.
FORMULA_LABELS = ['=HYPERLINK("http://example.invalid/x","Hộ tịch")', "+84 Chứng thực", "@SUM(A1:A9)",
                  "-2+3 Quốc tịch", "=1+2"]
FORMULA_UNIT = "Sở Tư pháp tỉnh Thử Nghiệm"


def _members(path: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as z:
        return [(i.filename, z.read(i.filename)) for i in z.infolist()]


def _zip(members, compress=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=STAMP)
            info.compress_type = compress
            info.external_attr = 0o600 << 16
            z.writestr(info, data, compresslevel=9)
    return buffer.getvalue()


def _write(name: str, data: bytes):
    (HOSTILE / name).write_bytes(data)


def _with_sheet(transform) -> bytes:
    return _zip([(n, transform(d) if n == "xl/worksheets/sheet1.xml" else d) for n, d in _members(GOOD)])


def _workbook_bytes(build) -> bytes:
    wb = openpyxl.Workbook()
    build(wb)
    wb.properties.created = wb.properties.modified = mf.STAMP
    buffer = io.BytesIO()
    wb.save(buffer)
    return _zip(list(_members_of(buffer.getvalue())))


def _members_of(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for info in z.infolist():
            yield info.filename, z.read(info.filename)


def lying_bomb() -> bytes:
    """A sheet that inflates to 20 MB while the zip directory (local header and central directory) says 13 KB."""
    padding = b" " * (20 * 1024 * 1024)
    members = [(n, d.replace(b"<sheetData>", b"<sheetData>" + padding) if n == "xl/worksheets/sheet1.xml" else d)
               for n, d in _members(GOOD)]
    data = bytearray(_zip(members))
    honest = next(len(d) for n, d in members if n == "xl/worksheets/sheet1.xml")
    target = b"xl/worksheets/sheet1.xml"
    for signature, size_offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = 0
        while (at := data.find(signature, at)) >= 0:
            name_length = struct.unpack_from("<H", data, at + (26 if signature == b"PK\x03\x04" else 28))[0]
            start = at + (30 if signature == b"PK\x03\x04" else 46)
            if bytes(data[start:start + name_length]) == target:
                declared = struct.unpack_from("<I", data, at + size_offset)[0]
                assert declared == honest
                struct.pack_into("<I", data, at + size_offset, 13_116)
            at += 4
    return bytes(data)


def _with_member(member: str, transform) -> bytes:
    return _zip([(n, transform(d) if n == member else d) for n, d in _members(GOOD)])


def crash_class() -> dict[str, bytes]:
    """Files that pass a regex pre-check yet make the spreadsheet reader reserve tens to hundreds of GB (the
    process aborts): a lying shared-strings count, cell references in single quotes, cells without a
    reference, a lying dimension."""
    return {
        "lying_shared_strings.xlsx": _with_member("xl/sharedStrings.xml", lambda d: re.sub(
            rb'uniqueCount="\d+"', b'uniqueCount="2000000000"', d, count=1)),
        "single_quoted_refs.xlsx": _with_sheet(lambda d: d.replace(
            b"</sheetData>", b"<row r='1048576'><c r='XFD1048576' t='n'><v>1</v></c></row></sheetData>")),
        "cells_without_reference.xlsx": _with_sheet(lambda d: d.replace(
            b"</sheetData>", b'<row r="49000">' + b"<c/>" * 16_384 + b"<c><v>1</v></c></row></sheetData>")),
        "lying_dimension.xlsx": _with_sheet(lambda d: re.sub(
            rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', d, count=1)),
        "row_past_limit_single_quotes.xlsx": _with_sheet(lambda d: d.replace(
            b"</sheetData>", b"<row r='120000'><c r='A120000' t='inlineStr'><is><t>x</t></is></c></row></sheetData>")),
    }


def main():
    HOSTILE.mkdir(parents=True, exist_ok=True)
    good = GOOD.read_bytes()
    _write("macro.xlsm", good)
    _write("vba_inside.xlsx", _zip(_members(GOOD) + [("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0" + bytes(512))]))
    _write("binary.xlsb", _zip([("[Content_Types].xml", b"<Types/>"), ("xl/workbook.bin", bytes(64))]))
    _write("xlsb_renamed.xlsx", _zip([("[Content_Types].xml", b"<Types/>"), ("xl/workbook.bin", bytes(64))]))
    _write("ole_renamed.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088))
    _write("pdf_renamed.xlsx", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n")
    _write("empty.xlsx", b"")
    _write("truncated_directory.xlsx", good[:-30])        # the central directory's end cut off
    _write("truncated_half.xlsx", good[: len(good) // 2])
    _write("zip_bomb.xlsx", _with_sheet(lambda d: d.replace(b"<sheetData>", b"<sheetData>" + b" " * (20 * 1024 * 1024))))
    _write("lying_bomb.xlsx", lying_bomb())
    _write("doctype.xlsx", _with_sheet(lambda d: d.replace(
        b"?>", b'?>\n<!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>', 1)))
    _write("not_spreadsheet.xlsx", _zip([("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")]))
    _write("too_many_members.xlsx", _zip(_members(GOOD) + [(f"customXml/item{i}.xml", b"<a/>") for i in range(1001)]))
    _write("too_many_sheets.xlsx", _workbook_bytes(
        lambda wb: [wb.create_sheet(f"Trang {i}") for i in range(2, 62)]))
    _write("too_many_rows.xlsx", _workbook_bytes(lambda wb: wb.active.cell(60_001, 1, "cuối")))
    _write("too_wide.xlsx", _workbook_bytes(lambda wb: (wb.active.cell(1, 1, "đầu"), wb.active.cell(200, 16_384, "x"))))
    for name, data in crash_class().items():
        _write(name, data)
    formula_labels()


def formula_labels():
    """Loadable reports whose lĩnh vực (and unit) cells hold formula-like text — stored as text, exported
    neutralised."""
    rows = [mf.row(i + 1, label, 10 + i, 5, 2, 8, 6, 1, 1, 1) for i, label in enumerate(FORMULA_LABELS)]
    rows.append(mf.total("", "Tổng số", rows))

    def as_text(ws):                       # openpyxl turns "=…" into a formula; the office typed it as text
        for line in ws.iter_rows():
            for cell in line:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"

    path = HOSTILE / "formula_text_labels.xlsx"
    mf.official_workbook(path, FORMULA_UNIT, ["Kỳ báo cáo: Quý III năm 2024", "(Từ ngày 15/6/2024 đến ngày 14/9/2024)"],
                         rows, edit=as_text)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    for values in [["Biểu số 06/VPCP/KSTT"] + [""] * 12, ["Đơn vị báo cáo: @Sở Thử Nghiệm CSV"] + [""] * 12,
                   ["Kỳ báo cáo: Quý IV năm 2024 (Từ ngày 15/9/2024 đến ngày 14/12/2024)"] + [""] * 12,
                   mf.CSV_HEADER] + rows:
        writer.writerow(["" if v is None else v for v in values])
    (HOSTILE / "formula_text_labels.csv").write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))


if __name__ == "__main__":
    main()
    for path in sorted(HOSTILE.iterdir()):
        print(f"{path.stat().st_size:>7}  {path.name}")
