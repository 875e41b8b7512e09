"""KPI values ("kpis" kind): one row per KPI × unit × period with its numerator and denominator, or only
the percentage a unit reported when it gave no counts (kept as such, never summed with others).

The KPIs themselves — codes, Vietnamese names, what their counts count — are the catalogue in the
warehouse (table `kpi`, migration 008), read through queries `kpi_catalogue` and `kpi_aliases`; a file
names a KPI by its name, its short name, its code or an alias, in any case and with or without accents.
Online-service levels are kept as reported ("mức độ 4") with their standard level ("toàn trình") and a
flag when the mapping is approximate (domain.md §7.3). The plan appendix (loaders/plan_tasks.py) stores
the "Hiện tại" figures it carries through `write_kpi_rows` too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, lru_cache

from loaders.lazy import pa

import queries
from loaders import store as warehouse
from vocabulary.issues import ERROR, WARNING
from loaders.periods import parse_label, parse_user_period
from vocabulary.periods import Period, official
from loaders.tables import INTEGER, NUMBER, TEXT, Column, TableResult, read_table
from loaders.value_limits import LONG_TEXT_MAX_CHARS
from loaders.text import fold_space, match_key
from loaders.units import alias_key, display_name, names_listed
from vocabulary.numbers import DASH, missing, number, percent, short
from vocabulary.kinds import LABELS as KIND_LABELS
from vocabulary.dates import DAY

if TYPE_CHECKING:
    import pandas as pd

KIND = "kpis"
LABEL = KIND_LABELS[KIND]
COLUMNS = [
    Column("kpi", ("Chỉ tiêu", "Chỉ số", "KPI", "Mã chỉ tiêu")),
    Column("unit", ("Đơn vị", "Tên đơn vị", "Cơ quan, đơn vị")),
    Column("year", ("Năm",), INTEGER),
    Column("period", ("Kỳ", "Kỳ báo cáo"), TEXT, required=False, blank_ok=True),
    Column("numerator", ("Tử số", "Số đạt"), INTEGER, blank_ok=True),
    Column("denominator", ("Mẫu số", "Tổng số"), INTEGER, blank_ok=True),
    Column("reported_pct", ("Tỷ lệ báo cáo (%)", "Tỷ lệ (%)", "Tỷ lệ báo cáo"), NUMBER, required=False, blank_ok=True),
    Column("service_level", ("Mức độ DVCTT", "Mức độ"), TEXT, required=False, blank_ok=True),
    Column("note", ("Ghi chú",), TEXT, required=False, blank_ok=True, max_chars=LONG_TEXT_MAX_CHARS),
]
VALUE_COLUMNS = ("numerator", "denominator", "reported_pct", "service_level", "note")
# A reported percentage that differs from numerator / denominator by more than this is questioned.
PCT_TOLERANCE = 0.5

# Online-service levels as written → (standard level, mapped from the pre-2022 "mức độ" scale).
FULL, PARTIAL, OTHER = "toàn trình", "một phần", "khác"
LEVELS = {"toan trinh": (FULL, False), "mot phan": (PARTIAL, False),
          "muc do 4": (FULL, True), "muc 4": (FULL, True), "cap do 4": (FULL, True),
          "muc do 3": (PARTIAL, True), "muc 3": (PARTIAL, True), "cap do 3": (PARTIAL, True),
          "muc do 2": (OTHER, True), "muc 2": (OTHER, True), "muc do 1": (OTHER, True), "muc 1": (OTHER, True)}
LEVEL_OF_KPI = {"tthc_online_full": FULL, "tthc_online_partial": PARTIAL}


@dataclass(frozen=True)
class Kpi:
    code: str
    name: str
    short_name: str
    work_unit: str
    numerator_label: str
    denominator_label: str
    measure: str
    source: str


@dataclass(frozen=True)
class Catalogue:
    kpis: dict[str, Kpi]                       # code → KPI
    names: dict[str, tuple[str, str | None]]   # match_key of a name/code/alias → (code, level it implies)

    def find(self, text) -> tuple[str, str | None] | None:
        return self.names.get(match_key(text))


def catalogue(con=None) -> Catalogue:
    """The KPI catalogue of the warehouse; without a connection, the one the migrations create."""
    if con is None:
        return _default_catalogue()
    return _read_catalogue(con)


@lru_cache(maxsize=1)
def _default_catalogue() -> Catalogue:
    con = queries.connect(":memory:")
    try:
        return _read_catalogue(con)
    finally:
        con.close()


def _read_catalogue(con) -> Catalogue:
    kpis = {row[0]: Kpi(*row) for row in queries.rows(con, "kpi_catalogue")}
    names: dict[str, tuple[str, str | None]] = {}
    for kpi in kpis.values():
        for text in (kpi.code, kpi.name, kpi.short_name):
            names[match_key(text)] = (kpi.code, None)
    for alias, code, level_raw in queries.rows(con, "kpi_aliases"):
        names.setdefault(match_key(alias), (code, level_raw))
    return Catalogue(kpis, names)


def parse_level(text) -> tuple[str, str, bool] | None:
    """"Mức độ 4" → ("Mức độ 4", "toàn trình", True); unknown wording → None."""
    raw = fold_space(text)
    found = LEVELS.get(match_key(raw).replace("dvctt", "").strip(" :"))
    return (raw, *found) if found else None


def period_of(year: int, text) -> Period | None:
    """The period a row states: "Quý III", "6 tháng đầu năm", "Tháng 3", "Năm", dates; blank = the year."""
    if text is None or match_key(text) in ("nam", "ca nam", f"nam {year}"):
        return official("year", year)
    text = fold_space(text)
    return parse_user_period(text) or parse_label(text, default_year=year) or parse_label(f"{text} năm {year}")


def parse(file_name: str, sheets: list, con=None) -> list[TableResult]:
    results = []
    known = catalogue(con)
    for sheet in sheets:
        result = read_table(KIND, file_name, sheet, COLUMNS)
        if result is None:
            continue
        result.records = [r for r in result.records if any(r.get(c) is not None for c in VALUE_COLUMNS)]
        _check(result, known, con)
        if con is not None:
            unit_warning(con, result, [r["unit"] for r in result.records if r.get("unit")])
            merged_unit_warnings(con, result, lambda r: r["_period"].end if r.get("_period") else None)
        result.summary = _summary(result, known)
        results.append(result)
    return results


def _check(result: TableResult, known: Catalogue, con=None):
    seen: dict[tuple, int] = {}
    computed = rates(con, [(r.get("numerator"), r.get("denominator")) for r in result.records])
    for record, rate in zip(result.records, computed):
        found = known.find(record["kpi"]) if record["kpi"] else None
        if record["kpi"] and found is None:
            result.add(ERROR, result.cell(record, "kpi"),
                       f"chỉ tiêu \"{record['kpi']}\" không có trong danh mục KPI — chọn một chỉ tiêu trong danh sách "
                       "của mẫu (trang \"Hướng dẫn\" liệt kê đủ các chỉ tiêu).")
        code, implied_level = found or (None, None)
        record["_kpi_code"] = code
        _check_counts(result, record, rate)
        _check_level(result, record, code, implied_level)
        if record["year"] is not None:
            period = period_of(record["year"], record.get("period"))
            if period is None:
                result.add(ERROR, result.cell(record, "period"),
                           f"kỳ \"{record['period']}\" không đọc được — ghi \"Quý I\" … \"Quý IV\", \"6 tháng đầu năm\", "
                           "\"9 tháng\", \"Năm\", \"Tháng 1\" … \"Tháng 12\", hoặc \"15/12/2024-14/3/2025\".")
            elif period.year != record["year"]:
                result.add(ERROR, result.cell(record, "period"),
                           f"kỳ {period.label} không thuộc năm {record['year']} ghi ở cột \"Năm\" — sửa một trong hai ô.")
                period = None
            record["_period"] = period
        if code and record.get("unit") and record.get("_period"):
            key = (code, alias_key(record["unit"]), record["_period"])
            if key in seen:
                result.add(ERROR, result.cell(record, "kpi"),
                           f"trùng với dòng {seen[key]} (cùng chỉ tiêu, đơn vị và kỳ) — giữ một dòng.")
            else:
                seen[key] = record["_row"]


def _check_counts(result: TableResult, record: dict, computed: float | None):
    """`computed`: the rate of the record's numerator and denominator (`rates`)."""
    num, den, pct = record.get("numerator"), record.get("denominator"), record.get("reported_pct")
    cell = result.cell
    for name, value in (("numerator", num), ("denominator", den)):
        if value is not None and value < 0:
            result.add(ERROR, cell(record, name), f"số âm ({value}) không hợp lệ — số đếm phải ≥ 0.")
    if (num is None) != (den is None):
        missing = "denominator" if den is None else "numerator"
        result.add(ERROR, cell(record, missing),
                   "cần cả tử số và mẫu số — điền số còn thiếu, hoặc xoá cả hai và chỉ ghi tỷ lệ báo cáo (%).")
    elif num is not None and den is not None and num > den >= 0:
        result.add(ERROR, cell(record, "numerator"),
                   f"tử số ({num}) lớn hơn mẫu số ({den}): tỷ lệ không thể vượt 100 % — kiểm tra lại hai số.")
    if pct is not None and not 0 <= pct <= 100:
        result.add(ERROR, cell(record, "reported_pct"),
                   f"tỷ lệ {short(pct, 6)} % nằm ngoài 0–100 % — ghi tỷ lệ phần trăm, ví dụ 75 hoặc 75 %.")
    elif pct is not None and computed is not None and 0 <= num <= den:
        if abs(computed - pct) > PCT_TOLERANCE:
            result.add(WARNING, cell(record, "reported_pct"),
                       f"tỷ lệ báo cáo {short(pct, 6)} % khác tử số / mẫu số = {number(computed, 2)} %"
                       + " — bảng điều khiển dùng tử số và mẫu số.")
    if num is None and den is None and pct is None:
        result.add(ERROR, cell(record, "numerator"),
                   "chưa có số liệu — điền tử số và mẫu số, hoặc tỷ lệ báo cáo (%) nếu đơn vị chỉ báo cáo tỷ lệ.")


def _check_level(result: TableResult, record: dict, code: str | None, implied: str | None):
    text = record.get("service_level") or implied
    record["_level"] = None
    if text is None:
        return
    level = parse_level(text)
    where = result.cell(record, "service_level" if record.get("service_level") else "kpi")
    if level is None:
        result.add(ERROR, where, f"mức độ \"{text}\" không đọc được — ghi \"toàn trình\", \"một phần\", "
                                 "hoặc \"mức độ 3\" / \"mức độ 4\" (cách gọi trước NĐ 42/2022).")
        return
    if code not in LEVEL_OF_KPI:
        if code is not None:
            result.add(WARNING, where, "mức độ DVCTT chỉ dùng cho chỉ tiêu TTHC cung cấp trực tuyến; ô này được bỏ qua.")
        return
    if level[1] != LEVEL_OF_KPI[code]:
        result.add(ERROR, where, f"\"{level[0]}\" tương ứng DVCTT {level[1]}, không phải {LEVEL_OF_KPI[code]} — "
                                 "chọn đúng chỉ tiêu cho mức độ này.")
        return
    record["_level"] = level


def unit_warning(con, result: TableResult, names: list[str], column: str = "unit"):
    """A unit name not in the directory: a warning (it is added when the file is loaded)."""
    aliases = warehouse.known_units(con)
    new = sorted({display_name(n) for n in names if alias_key(n) not in aliases})
    if new:
        shown = names_listed(new)
        result.add(WARNING, None, f"đơn vị mới sẽ được thêm vào danh mục: {shown}. Nếu đây là đơn vị đã có nhưng viết "
                                  "khác, hãy thêm cách viết này ở trang Quản lý dữ liệu rồi kiểm tra lại.")


def merged_unit_warnings(con, result: TableResult, last_day_of, column: str = "unit"):
    """Rows for a unit after its last day (merged away: unit.valid_to or its lineage): one warning per unit at
    its first such cell, naming the unit it passed into — the values still load, on the old unit.
    `last_day_of(record)` is the last day the row's value covers (None: not known)."""
    aliases = warehouse.known_units(con)
    ended = {unit_id: (name, last, start, into) for unit_id, name, last, start, into in queries.rows(con, "unit_ends")}
    late: dict[int, list[dict]] = {}
    for record in result.records:
        unit_id = aliases.get(alias_key(record[column])) if record.get(column) else None
        covered = last_day_of(record) if unit_id in ended else None
        if covered is not None and covered > ended[unit_id][1]:
            late.setdefault(unit_id, []).append(record)
    for unit_id, records in late.items():
        name, _, start, into = ended[unit_id]
        others = f" (và {len(records) - 1} dòng khác của đơn vị này)" if len(records) > 1 else ""
        target = f" vào \"{into}\"" if into else ""
        result.add(WARNING, result.cell(records[0], column),
                   f"đơn vị \"{name}\" đã sáp nhập{target} từ {start:{DAY}}, nhưng "
                   f"số liệu ghi cho kỳ sau ngày đó{others}. Nếu là số liệu sau sáp nhập, hãy ghi cho đơn vị mới; nếu "
                   "đúng là số liệu của đơn vị cũ, có thể nạp như vậy.")


def _summary(result: TableResult, known: Catalogue) -> dict:
    records = [r for r in result.records if r.get("_kpi_code")]
    periods = sorted({r["_period"] for r in records if r.get("_period")}, key=lambda p: (p.end, p.start))
    summary = {"Chỉ tiêu": ", ".join(sorted({known.kpis[r["_kpi_code"]].short_name for r in records})) or "—",
               "Đơn vị": len({alias_key(r["unit"]) for r in records if r.get("unit")}),
               "Kỳ": (periods[0].label if len(periods) == 1 else
                      f"{periods[0].label} – {periods[-1].label}" if periods else "—")}
    reported = sum(1 for r in records if r.get("numerator") is None and r.get("reported_pct") is not None)
    if reported:
        summary["Chỉ có tỷ lệ, không cộng gộp"] = f"{reported} dòng"
    mapped = sum(1 for r in records if r.get("_level") and r["_level"][2])
    if mapped:
        summary["Mức độ 3/4 quy đổi gần đúng"] = f"{mapped} dòng"
    return summary


# ---- storing ---------------------------------------------------------------------------------------

def value_rows(records: list[dict], unit_of) -> list[dict]:
    """The rows of table kpi_value for records carrying _kpi_code, _period, _level; `unit_of(record)` → unit_id."""
    rows = []
    for r in records:
        level = r.get("_level")
        rows.append({"kpi_code": r["_kpi_code"], "unit_id": unit_of(r), "period_start": r["_period"].start,
                     "period_end": r["_period"].end, "numerator": r.get("numerator"),
                     "denominator": r.get("denominator"),
                     "reported_pct": r.get("reported_pct") if r.get("numerator") is None else None,
                     "service_level_raw": level[0] if level else None, "service_level_std": level[1] if level else None,
                     "level_mapped": bool(level and level[2]), "note": r.get("note"), "source_row": r["_row"]})
    return rows


@cache
def value_schema():
    return pa.schema([("kpi_code", pa.string()), ("unit_id", pa.int32()), ("period_start", pa.date32()),
                      ("period_end", pa.date32()), ("numerator", pa.int64()), ("denominator", pa.int64()),
                      ("reported_pct", pa.float64()), ("service_level_raw", pa.string()),
                      ("service_level_std", pa.string()), ("level_mapped", pa.bool_()), ("note", pa.string()),
                      ("source_row", pa.int32())])


@contextmanager
def registered(con, name: str, rows: list[dict], schema: pa.Schema):
    """`rows` visible to the named queries as the table `name` for the duration of the block."""
    con.register(name, pa.Table.from_pylist(rows, schema=schema))
    try:
        yield
    finally:
        con.unregister(name)


def write_kpi_rows(con, rows: list[dict], batch_id: int) -> list[int]:
    """Insert KPI values of a batch (any kind); returns the "kpis" batches all of whose values these replace."""
    if not rows:
        return []
    for period in {Period(r["period_start"], r["period_end"]) for r in rows}:
        queries.execute(con, "insert_period", period_start=period.start, period_end=period.end, kind=period.kind,
                        label=period.label, year=period.year, quarter=period.quarter, is_calendar=period.is_calendar)
    with registered(con, "incoming_kpi_values", rows, value_schema()):
        superseded = [b for (b,) in queries.rows(con, "kpi_superseded", kind=KIND)]
        queries.execute(con, "insert_kpi_values", batch_id=batch_id)
    return superseded


def _unit_ids(con, records: list[dict]) -> dict[str, int]:
    names = [r["unit"] for r in records]
    ids = warehouse.resolve_units(con, names, warehouse.known_units(con))
    return {alias_key(n): i for n, i in zip(names, ids)}


def store(con, results: list[TableResult], file_name: str, sha256: str, loaded_by: str) -> list:
    def write_rows(con, result, batch_id):
        units = _unit_ids(con, result.records)
        return write_kpi_rows(con, value_rows(result.records, lambda r: units[alias_key(r["unit"])]), batch_id)

    return warehouse.store_batches(con, KIND, results, file_name, sha256, loaded_by, write_rows,
                               period_of=_period_span, form_of=lambda result: "Mẫu số liệu KPI")


def _period_span(result: TableResult):
    periods = [r["_period"] for r in result.records if r.get("_period")]
    if not periods:
        return None, None
    return min(p.start for p in periods), max(p.end for p in periods)


def replacement(con, results: list[TableResult]) -> pd.DataFrame | None:
    """The stored values these results would replace, old and new side by side."""
    aliases = warehouse.known_units(con)
    rows = []
    for result in results:
        known = [r for r in result.records if alias_key(r["unit"]) in aliases]
        rows += value_rows(known, lambda r: aliases[alias_key(r["unit"])])
    return replaced_values(con, rows)


def replaced_values(con, rows: list[dict]) -> pd.DataFrame | None:
    if not rows:
        return None
    with registered(con, "incoming_kpi_values", rows, value_schema()):
        found = queries.run(con, "kpi_replaced")
    if found.empty:
        return None
    import pandas as pd

    return pd.DataFrame({
        "Chỉ tiêu": found["short_name"], "Đơn vị": found["unit_name"],
        "Kỳ": [Period(a, b).label for a, b in zip(found["period_start"], found["period_end"])],
        "Đang dùng": [value_text(n, d, p, r) for n, d, p, r in zip(
            found["old_numerator"], found["old_denominator"], found["old_reported_pct"], found["old_rate_pct"])],
        "Giá trị mới": [value_text(n, d, p, r) for n, d, p, r in zip(
            found["new_numerator"], found["new_denominator"], found["new_reported_pct"], found["new_rate_pct"])],
        "Lô đang dùng": found["batch_id"], "Tệp đang dùng": found["file_name"]})


def rates(con, pairs: list[tuple]) -> list[float | None]:
    """The rate (%) of each (numerator, denominator) pair, computed where every rate is: the `pct` model, through
    query `kpi_rates` (None when a count is missing or the denominator is 0). Without a connection, in an
    in-memory warehouse of this code's models."""
    if not pairs:
        return []
    cur = (con or _memory_warehouse()).cursor()
    try:
        found = queries.rows(cur, "kpi_rates", numerators=[None if missing(n) else float(n) for n, _ in pairs],
                             denominators=[None if missing(d) else float(d) for _, d in pairs])
    finally:
        cur.close()
    return [rate for _, rate in found]


@lru_cache(maxsize=1)
def _memory_warehouse():
    return queries.connect(":memory:")


def value_text(num, den, pct, rate) -> str:
    """42/56 (75,00 %), or a reported "6,70 %" — as an analyst writes it; `rate`: the rate of num/den (`rates`)."""
    if not missing(num) and not missing(den):
        return f"{number(num)}/{number(den)} ({percent(rate)})"
    if not missing(pct):
        return f"{percent(pct)} (tỷ lệ báo cáo)"
    return DASH
