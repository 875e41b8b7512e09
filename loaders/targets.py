"""Targets ("targets" kind): per KPI, year and unit (blank = every unit), with comparator and the document
that set them — from a workbook, or edited by an admin on the page "Mục tiêu & kế hoạch" (`save_edits`).

Either way the new targets are one batch (load_batch, kind "targets"): the history stays, the latest
active batch gives the target in force (view `target_current`), and rolling a batch back brings the
previous target back. Defaults from the plans are seeded by migrations (batch_id NULL). Removing a
target is stored as a row with `removed` set, so that it, too, can be rolled back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import hashlib
import json

from functools import cache

from loaders.lazy import pa

import queries
from accounts import requires
from loaders import store as warehouse
from vocabulary.issues import ERROR
from loaders.kpis import catalogue, registered, unit_warning
from vocabulary.clock import vietnam_now
from loaders.tables import INTEGER, NUMBER, TEXT, Column, TableResult, read_table
from loaders.value_limits import LONG_TEXT_MAX_CHARS
from loaders.text import fold_space, match_key
from loaders.units import alias_key
from vocabulary.numbers import missing
from vocabulary.plan import ALL_UNITS, target_text
from vocabulary.kinds import LABELS as KIND_LABELS

if TYPE_CHECKING:
    import pandas as pd

KIND = "targets"
LABEL = KIND_LABELS[KIND]
COLUMNS = [
    Column("kpi", ("Chỉ tiêu", "Mã chỉ tiêu")),
    Column("unit", ("Đơn vị", "Đơn vị áp dụng"), TEXT, required=False, blank_ok=True),
    Column("year", ("Năm",), INTEGER),
    Column("comparator", ("So sánh", "Điều kiện")),
    Column("value", ("Mục tiêu (%)", "Mục tiêu", "Giá trị mục tiêu"), NUMBER),
    Column("source_document", ("Văn bản giao chỉ tiêu", "Văn bản", "Nguồn")),
    Column("note", ("Ghi chú",), TEXT, required=False, blank_ok=True, max_chars=LONG_TEXT_MAX_CHARS),
]
_COMPARATOR_WORDS = {">=": ("≥", ">=", "=>", "toi thieu", "it nhat", "khong thap hon", "tro len"),
                     "<=": ("≤", "<=", "=<", "toi da", "khong qua", "khong vuot qua")}
EDIT_SHEET = "Chỉnh sửa trên trang"


def comparator_of(text) -> str | None:
    key = match_key(text)
    return next((code for code, words in _COMPARATOR_WORDS.items() if key in words), None)


def parse(file_name: str, sheets: list, con=None) -> list[TableResult]:
    results = []
    for sheet in sheets:
        result = read_table(KIND, file_name, sheet, COLUMNS)
        if result is None:
            continue
        result.records = [r for r in result.records
                          if any(r.get(c) is not None for c in ("comparator", "value", "source_document", "note"))]
        check(result, catalogue(con))
        if con is not None:
            unit_warning(con, result, [r["unit"] for r in result.records if r.get("unit")])
        years = sorted({r["year"] for r in result.records if r.get("year")})
        result.summary = {"Số chỉ tiêu": len(result.records),
                          "Năm": (f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])) if years else "—",
                          "Áp dụng riêng cho đơn vị": sum(1 for r in result.records if r.get("unit"))}
        results.append(result)
    return results


def check(result: TableResult, known) -> None:
    """The kind's checks on typed records; fills _kpi_code and _comparator."""
    seen = {}
    for record in result.records:
        found = known.find(record["kpi"]) if record.get("kpi") else None
        record["_kpi_code"] = found[0] if found else None
        if record.get("kpi") and found is None:
            result.add(ERROR, result.cell(record, "kpi"),
                       f"chỉ tiêu \"{record['kpi']}\" không có trong danh mục KPI — chọn một chỉ tiêu trong danh sách của mẫu.")
        record["_comparator"] = comparator_of(record["comparator"]) if record.get("comparator") else None
        if record.get("comparator") and record["_comparator"] is None:
            result.add(ERROR, result.cell(record, "comparator"),
                       f"\"{record['comparator']}\" không phải điều kiện so sánh — ghi \"≥\" (tối thiểu) hoặc \"≤\" (tối đa).")
        value = record.get("value")
        if value is not None and not 0 <= value <= 100:
            result.add(ERROR, result.cell(record, "value"),
                       f"mục tiêu {str(value).replace('.', ',').removesuffix(',0')} % nằm ngoài 0–100 % — ghi tỷ lệ "
                       "phần trăm, ví dụ 30.")
        if record.get("_kpi_code") and record.get("year"):
            key = (record["_kpi_code"], alias_key(record["unit"]) if record.get("unit") else None, record["year"])
            if key in seen:
                result.add(ERROR, result.cell(record, "kpi"),
                           f"trùng với dòng {seen[key]} (cùng chỉ tiêu, đơn vị và năm) — giữ một dòng.")
            else:
                seen[key] = record["_row"]


@cache
def target_schema():
    return pa.schema([("kpi_code", pa.string()), ("unit_id", pa.int32()), ("year", pa.int32()),
                      ("comparator", pa.string()), ("value", pa.float64()), ("source_document", pa.string()),
                      ("note", pa.string()), ("removed", pa.bool_()), ("source_row", pa.int32())])


def _target_rows(con, records: list[dict], create_units: bool) -> list[dict]:
    named = [r["unit"] for r in records if r.get("unit")]
    aliases = warehouse.known_units(con)
    if create_units and named:
        warehouse.resolve_units(con, named, aliases)
    return [{"kpi_code": r["_kpi_code"], "unit_id": aliases.get(alias_key(r["unit"])) if r.get("unit") else None,
             "year": r["year"], "comparator": r["_comparator"], "value": r["value"],
             "source_document": r["source_document"], "note": r.get("note"), "removed": bool(r.get("_removed")),
             "source_row": r["_row"]}
            for r in records if not r.get("unit") or alias_key(r["unit"]) in aliases]


def _write_rows(con, result: TableResult, batch_id: int) -> list[int]:
    rows = _target_rows(con, result.records, create_units=True)
    with registered(con, "incoming_targets", rows, target_schema()):
        superseded = [b for (b,) in queries.rows(con, "target_superseded", kind=KIND)]
        queries.execute(con, "insert_targets", batch_id=batch_id)
    return superseded


def store(con, results: list[TableResult], file_name: str, sha256: str, loaded_by: str, form: str = "Mẫu chỉ tiêu"):
    return warehouse.store_batches(con, KIND, results, file_name, sha256, loaded_by, _write_rows,
                                   form_of=lambda result: form)


def replacement(con, results: list[TableResult]) -> pd.DataFrame | None:
    """The targets in force these results would replace, old and new side by side."""
    rows = [row for result in results for row in _target_rows(con, result.records, create_units=False)]
    if not rows:
        return None
    with registered(con, "incoming_targets", rows, target_schema()):
        found = queries.run(con, "target_replaced")
    if found.empty:
        return None
    import pandas as pd

    return pd.DataFrame({
        "Chỉ tiêu": found["short_name"], "Đơn vị": found["unit_name"].fillna(ALL_UNITS), "Năm": found["year"],
        "Đang dùng": [target_text(c, v) for c, v in zip(found["old_comparator"], found["old_value"])],
        "Mục tiêu mới": [("xoá mục tiêu" if r else target_text(c, v))
                         for c, v, r in zip(found["new_comparator"], found["new_value"], found["new_removed"])],
        "Văn bản đang dùng": found["old_source_document"], "Văn bản mới": found["new_source_document"]})


# ---- the admin's edit on the page --------------------------------------------------------------------

EDIT_FIELDS = ("kpi", "unit", "comparator", "value", "source_document", "note")


class EditRefused(Exception):
    """The edited table has problems; carries their Vietnamese descriptions."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@requires("edit_targets")
def save_edits(con, year: int, before: pd.DataFrame, after: pd.DataFrame, edited_by: str) -> list:
    """Store what an admin changed in the targets of `year` (rows as the editor shows them: EDIT_FIELDS, the
    KPI by its short name, the unit by name or "Tất cả đơn vị", the comparator as "≥"/"≤") as one batch.

    Added and changed rows become targets of the batch, deleted rows become removals. Returns the stored
    batches ([] when nothing changed); raises EditRefused listing every problem, storing nothing.
    """
    known = catalogue(con)
    units = {alias_key(n): n for n in [name for _, _, name in queries.rows(con, "unit_aliases")]}
    old, new = _edit_records(before, year), _edit_records(after, year)
    check_result = TableResult(KIND, "", EDIT_SHEET, 0, records=new)
    check(check_result, known)
    problems = [f"dòng {i.cell[1:]}: {i.message}" for i in check_result.issues]
    for record in new:
        line = record["_row"]
        for field, title in (("kpi", "Chỉ tiêu"), ("comparator", "So sánh"), ("value", "Mục tiêu (%)"),
                             ("source_document", "Văn bản giao chỉ tiêu")):
            if record.get(field) is None:
                problems.append(f"dòng {line}: chưa điền \"{title}\".")
        if record.get("unit") and alias_key(record["unit"]) not in units:
            problems.append(f"dòng {line}: đơn vị \"{record['unit']}\" không có trong danh mục.")
    if problems:
        raise EditRefused(problems)
    for record in old:
        found = known.find(record["kpi"]) if record.get("kpi") else None
        record["_kpi_code"], record["_comparator"] = (found[0] if found else None), comparator_of(record["comparator"] or "")
    key = lambda r: (r["_kpi_code"], alias_key(r["unit"]) if r.get("unit") else None)  # noqa: E731
    old_by_key = {key(r): r for r in old if r["_kpi_code"]}
    new_by_key = {key(r): r for r in new}
    changed = [r for k, r in new_by_key.items() if _differs(old_by_key.get(k), r)]
    removed = [dict(r, _removed=True) for k, r in old_by_key.items() if k not in new_by_key]
    records = changed + removed
    if not records:
        return []
    for i, record in enumerate(records, start=1):
        record["_row"] = i
    result = TableResult(KIND, "", EDIT_SHEET, 0, records=records)
    edited_at = vietnam_now()
    content = json.dumps([[r.get(f) for f in EDIT_FIELDS] + [r.get("_removed", False)] for r in records],
                         ensure_ascii=False, default=str) + edited_at.isoformat()
    return store(con, [result], f"Chỉnh sửa mục tiêu năm {year} trên trang Mục tiêu & kế hoạch",
                 hashlib.sha256(content.encode()).hexdigest(), edited_by, form="Chỉnh sửa trên trang")


def _edit_records(frame: pd.DataFrame, year: int) -> list[dict]:
    records = []
    for i, row in enumerate(frame.to_dict("records"), start=1):
        record = {"_row": i, "year": year}
        for field in EDIT_FIELDS:
            value = row.get(field)
            record[field] = None if missing(value) or \
                (isinstance(value, str) and not fold_space(value)) else value
        if record["unit"] and match_key(record["unit"]) == match_key(ALL_UNITS):
            record["unit"] = None
        if isinstance(record["value"], str):
            try:
                record["value"] = float(record["value"].replace(",", "."))
            except ValueError:
                record["value"] = None
        if record["value"] is not None:
            record["value"] = float(record["value"])
        if any(record[f] is not None for f in EDIT_FIELDS):
            records.append(record)
    return records


def _differs(old: dict | None, new: dict) -> bool:
    if old is None:
        return True
    return (old["_comparator"], round(old["value"] or 0, 9), old["source_document"], old.get("note")) != \
        (new["_comparator"], round(new["value"] or 0, 9), new["source_document"], new.get("note"))
