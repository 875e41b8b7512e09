"""The reform plan's task list ("plan_tasks" kind): area (I–VII), task, current and required level, lead and
cooperating units, deadline — from our template, or from a plan appendix as offices issue it.

An appendix (like tests/fixtures/ke_hoach_nhiem_vu_cchc_2021.xlsx) has a two-row merged header, the
area numeral and name merged down over the area's rows, tasks whose cells are merged over two rows,
and no column for the plan's unit and year: those come from the top-left block ("SỞ KHOA HỌC VÀ CÔNG
NGHỆ") and the title ("… NĂM 2021"). Area rows ("I | CẢI CÁCH THỂ CHẾ" on a row of their own) are read
too. Where the "Hiện tại" column carries a KPI figure ("Có 42/56 tài khoản Hộp thư công vụ hoạt động",
"6,7% … trả qua dịch vụ BCCI") and the document is dated, the figure is stored as a KPI value of the
plan's unit, as of the document's month.

A plan is one unit's plan for one year: loading it again replaces the earlier version. A task is known
by its area and position ("VII.3"); the status an analyst sets (`set_task_status`) is kept under that
key with who and when, and outlives reloads of the plan.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import calendar
import re
from dataclasses import replace
from datetime import date, datetime
from functools import cache

from loaders.lazy import pa

import queries
from accounts import requires
from loaders import kpis
from loaders import store as warehouse
from vocabulary.issues import ERROR, INFO, WARNING, cell_ref, column_letter
from vocabulary.periods import Period, official
from loaders.tables import INTEGER, TEXT, Column, TableResult, read_table
from loaders.text import fold_space, label, match_key
from loaders.units import alias_key
from loaders.value_limits import LONG_TEXT_MAX_CHARS
from loaders.workbook import Sheet
from vocabulary.clock import vietnam_now
from vocabulary.plan import AREAS, DONE, IN_PROGRESS, LATE, NOT_STARTED, STATUS_LABELS
from vocabulary.kinds import LABELS as KIND_LABELS
from vocabulary.dates import DAY

if TYPE_CHECKING:
    import pandas as pd

KIND = "plan_tasks"
LABEL = KIND_LABELS[KIND]
COLUMNS = [
    Column("plan_year", ("Năm kế hoạch",), INTEGER, required=False),
    Column("owner", ("Đơn vị ban hành kế hoạch", "Cơ quan ban hành kế hoạch"), TEXT, required=False),
    Column("area_code", ("Mục", "TT", "STT")),
    Column("area", ("Lĩnh vực", "Lĩnh vực cải cách"), TEXT, required=False),
    Column("task", ("Nhiệm vụ, giải pháp", "Nhiệm vụ"), max_chars=LONG_TEXT_MAX_CHARS),
    Column("current_level", ("Hiện tại", "Kết quả hiện tại"), TEXT, required=False, blank_ok=True, max_chars=LONG_TEXT_MAX_CHARS),
    Column("required_level", ("Yêu cầu", "Mức cần đạt"), TEXT, required=False, blank_ok=True, max_chars=LONG_TEXT_MAX_CHARS),
    Column("lead_unit", ("Chủ trì", "Đơn vị chủ trì")),
    Column("cooperating_units", ("Phối hợp", "Đơn vị phối hợp"), TEXT, required=False, blank_ok=True, max_chars=LONG_TEXT_MAX_CHARS),
    Column("deadline", ("Thời gian hoàn thành", "Thời hạn", "Thời gian"), max_chars=LONG_TEXT_MAX_CHARS),
    Column("status", ("Trạng thái",), TEXT, required=False, blank_ok=True),
    Column("note", ("Ghi chú",), TEXT, required=False, blank_ok=True, max_chars=LONG_TEXT_MAX_CHARS),
]
# Reading leaves every cell optional: area rows and merged continuations are blank by design; the
# kind's own checks below say what is missing.
_READ_COLUMNS = [replace(c, blank_ok=True) for c in COLUMNS]

_STATUS_WORDS = {NOT_STARTED: ("chua bat dau", "chua thuc hien", "chua trien khai"),
                 IN_PROGRESS: ("dang thuc hien", "dang trien khai", "dang lam"),
                 DONE: ("hoan thanh", "da hoan thanh", "da thuc hien", "xong"),
                 LATE: ("tre han", "cham tien do", "qua han", "cham")}
# The areas of a provincial reform plan, in the order of the 2021 appendix (the template's drop-down).
_ROMAN = re.compile(r"^(i|ii|iii|iv|v|vi|vii|viii|ix|x)\.?$")
_AGENCY = ("so ", "ban ", "ubnd ", "uy ban nhan dan ", "van phong ", "thanh tra ", "trung tam ", "chi cuc ")


def status_code(text) -> str | None:
    key = match_key(text)
    for code, words in _STATUS_WORDS.items():
        if key in words or match_key(STATUS_LABELS[code]) == key:
            return code
    return None


# ---- deadlines ---------------------------------------------------------------------------------------

_DMY = re.compile(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH_YEAR = re.compile(r"thang\s+(\d{1,2})\s*(?:/|nam|-)\s*(\d{4})")
_MONTH = re.compile(r"thang\s+(\d{1,2})\b")
_QUARTER = re.compile(r"quy\s+(iv|iii|ii|i|[1-4])\b\s*(?:/|nam|-)?\s*(\d{4})?")
_YEAR = re.compile(r"\b(20\d{2})\b")
_WHOLE_YEAR = ("hang nam", "thuong xuyen", "cuoi nam", "trong nam")
_QUARTER_NUMBER = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_deadline(value, plan_year: int | None) -> date | None:
    """The last day a deadline allows: "Tháng 10/2021" → 31/10/2021, "Quý IV/2021" → 31/12/2021,
    "Trước 30/12/2021" → 30/12/2021, "Từ nay đến cuối năm 2021" / "Hàng năm" → 31/12; None if it names no time."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if value is None:
        return None
    text = fold_space(value)
    try:
        if found := _ISO.match(text):
            return date(*map(int, found.groups()))
        if found := _DMY.findall(text):
            day, month, year = map(int, found[-1])
            return date(year, month, day)
        key = match_key(text)
        if found := _MONTH_YEAR.search(key):
            return _month_end(int(found.group(2)), int(found.group(1)))
        if (found := _QUARTER.search(key)) and (found.group(2) or plan_year):
            return _month_end(int(found.group(2) or plan_year), 3 * _QUARTER_NUMBER[found.group(1)])
        if "6 thang dau nam" in key and (years := _YEAR.findall(key) or ([plan_year] if plan_year else [])):
            return date(int(years[-1]), 6, 30)
        if years := _YEAR.findall(key):
            return date(max(map(int, years)), 12, 31)
        if (found := _MONTH.search(key)) and plan_year:
            return _month_end(plan_year, int(found.group(1)))
        if plan_year and any(w in key for w in _WHOLE_YEAR):
            return date(plan_year, 12, 31)
    except ValueError:
        return None
    return None


# ---- KPI figures in "Hiện tại" ----------------------------------------------------------------------

# (KPI, words that must all appear). Looked for in "Hiện tại" + "Yêu cầu"; in the task text only when
# "Hiện tại" holds a count pair ("33/90 hồ sơ"), which leaves no doubt that it is a measured figure.
_KPI_CUES = [
    ("mailbox_active", ("hop thu cong vu",)),
    ("bcci_receipt", ("bcci", "tiep nhan")),
    ("bcci_receipt", ("buu chinh", "tiep nhan")),
    ("bcci_return", ("bcci", "tra")),
    ("bcci_return", ("buu chinh", "tra")),
    ("digitised", ("so hoa",)),
    ("e_result", ("ket qua dien tu",)),
    ("online_payment", ("thanh toan truc tuyen",)),
    ("signed_documents", ("ky so",)),
    ("e_documents", ("van ban", "dien tu")),
    ("satisfaction", ("hai long",)),
    ("inspected_units", ("kiem tra", "don vi")),
    ("dossier_online", ("truc tuyen", "ho so")),
]
_FRACTION = re.compile(r"(\d[\d.]*)\s*/\s*(\d[\d.]*)")
_PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s*%")


def _has_words(key: str, words) -> bool:
    return all(re.search(rf"\b{re.escape(w)}\b", key) for w in words)


def kpi_figure(current, required, task) -> tuple[str, int | None, int | None, float | None] | None:
    """(kpi_code, numerator, denominator, reported %) a plan row states as its current level, or None."""
    if current is None or not fold_space(current):
        return None
    text = fold_space(current)                 # a 0 typed as a number arrives as the text "0"
    fraction = _FRACTION.search(text)
    percent = _PERCENT.search(text)
    # a bare "0" (none done yet) says no percentage: only a figure written with "%" or as a fraction counts
    percent = float(percent.group(1).replace(",", ".")) if percent else None
    if fraction is None and percent is None:
        return None
    where = match_key(f"{text} {required or ''}")
    code = next((c for c, words in _KPI_CUES if _has_words(where, words)), None)
    if code is None and fraction is not None:
        code = next((c for c, words in _KPI_CUES if _has_words(match_key(task or ""), words)), None)
    if code is None:
        return None
    if fraction is not None:
        num, den = (int(g.replace(".", "")) for g in fraction.groups())
        if num <= den:
            return code, num, den, None
    return (code, None, None, percent) if percent is not None and 0 <= percent <= 100 else None


# ---- reading -----------------------------------------------------------------------------------------

def _filled(sheet: Sheet) -> Sheet:
    """The sheet with every merged range holding its first cell's value (header bands, areas merged down)."""
    rows = [list(r) for r in sheet.rows]
    for (r0, c0), (r1, c1) in sheet.merged:
        if r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            if len(rows[r]) <= c1:
                rows[r] += [""] * (c1 + 1 - len(rows[r]))
            for c in range(c0, c1 + 1):
                rows[r][c] = value
    return Sheet(sheet.name, rows, sheet.merged)


def _title_facts(sheet: Sheet, header_row: int) -> dict:
    """Plan unit, year, title and as-of month from the rows above the header (an appendix's top block)."""
    facts = {"owner": None, "owner_cell": None, "year": None, "title": None, "as_of": None, "parent": None}
    for r, row in enumerate(sheet.rows[:header_row]):
        for c, value in enumerate(row):
            if not isinstance(value, str) or not value.strip():
                continue
            text, key = fold_space(value), match_key(value)
            if c < 3 and key.startswith(_AGENCY) and "cong hoa" not in key:
                if key.startswith(("ubnd tinh", "uy ban nhan dan tinh")) and facts["owner"] is None:
                    facts["parent"] = text
                elif facts["owner"] != text:        # a merged title cell: its first column
                    facts["owner"], facts["owner_cell"] = text, cell_ref(r, c)
            if facts["title"] is None and len(text) > 25 and ("nhiem vu" in key or "ke hoach" in key) \
                    and not key.startswith("("):
                facts["title"] = text
                if found := re.search(r"\bnam\s+(20\d{2})\b", key):
                    facts["year"] = int(found.group(1))
            if found := re.search(r"thang\s+(\d{1,2})\s+nam\s+(20\d{2})", key):
                facts["as_of"] = (int(found.group(2)), int(found.group(1)))
                facts["year"] = facts["year"] or int(found.group(2))
    if facts["owner"] and facts["parent"]:
        province = re.sub(r"^(ubnd|uy ban nhan dan)\s+", "", facts["parent"], flags=re.IGNORECASE)
        facts["owner"] = f"{_readable(facts['owner'])} {_readable(province)}"
    elif facts["owner"]:
        facts["owner"] = _readable(facts["owner"])
    return facts


_SMALL_WORDS = {"và", "tỉnh", "thành", "phố", "huyện", "xã", "phường"}


def _readable(text: str) -> str:
    """"SỞ Y TẾ TỈNH QUẢNG BÌNH" → "Sở Y Tế tỉnh Quảng Bình" (a unit already in the directory keeps its name)."""
    if not text.isupper():
        return text
    return " ".join(w.lower() if w.lower() in _SMALL_WORDS else w.capitalize() for w in text.split())


def as_of_period(year: int, month: int) -> Period:
    """Figures "hiện tại" in a document of month/year: the reporting year from its start up to that month."""
    if month == 12:
        return official("year", year)
    return Period(date(year - 1, 12, 15), date(year, month, 14))


def parse(file_name: str, sheets: list, con=None) -> list[TableResult]:
    results = []
    for sheet in sheets:
        filled = _filled(sheet)
        result = read_table(KIND, file_name, filled, _READ_COLUMNS)
        if result is None:
            continue
        facts = _title_facts(filled, result.header_row)
        continuation = _continuation_rows(sheet, result)
        result.records = _tasks(result, facts, continuation)
        if con is not None:
            kpis.unit_warning(con, result, [r["_owner"] for r in result.records if r.get("_owner")])
            matched = _owner_matches(con, result)
        else:
            matched = {}
        result.summary = _summary(result, facts, matched)
        results.append(result)
    return results


def _owner_matches(con, result: TableResult) -> dict[str, str]:
    """Plan owners written otherwise than the directory unit they are matched to (a trailing "tỉnh …" is
    ignored: "Sở Khoa Học và Công Nghệ tỉnh Quảng Bình" is the directory's "Sở Khoa học và Công nghệ"), each
    said once at its cell, so that an owner of another province is seen before the plan is loaded.
    Returns written name → directory name."""
    names = {key: name for key, _, name in queries.rows(con, "unit_aliases")}
    matched = {}
    for task in result.records:
        written = fold_space(task.get("_owner") or "")
        found = names.get(alias_key(written)) if written else None
        if found is None or found == written or written in matched:
            continue
        matched[written] = found
        result.add(INFO, task["_owner_cell"], (
            f"đơn vị ban hành kế hoạch \"{written}\" được nhận là \"{found}\" trong danh mục (cách viết khác; phần "
            "tên tỉnh ở cuối không được so). Nếu đây là đơn vị khác — ví dụ của một tỉnh trước sáp nhập — hãy thêm đơn "
            "vị đó ở trang \"Quản lý dữ liệu\" trước khi nạp."))
    return matched


def _continuation_rows(sheet: Sheet, result: TableResult) -> set[int]:
    """Excel rows whose task cell is merged with the row above (one task written over several rows)."""
    letter = result.columns.get("task")
    if letter is None:
        return set()
    column = next(i for i in range(sheet.width + 1) if column_letter(i) == letter)
    rows = set()
    for (r0, c0), (r1, c1) in sheet.merged:
        if c0 <= column <= c1 and r1 > r0:
            rows.update(range(r0 + 2, r1 + 2))     # 0-based r0 is Excel row r0 + 1; the rows after it
    return rows


def _tasks(result: TableResult, facts: dict, continuation: set[int]) -> list[dict]:
    tasks: list[dict] = []
    area_code = area = None
    area_column = "area" in result.columns
    positions: dict[tuple, int] = {}
    for record in result.records:
        code_key = match_key(record["area_code"]) if record.get("area_code") is not None else ""
        if _ROMAN.match(code_key):
            code = code_key.rstrip(".").upper()
            if code != area_code:
                area_code, area = code, None
            area = record.get("area") or area
            if not record.get("task") or (not area_column and not (record.get("lead_unit") or record.get("deadline"))):
                # an area row: "I | CẢI CÁCH THỂ CHẾ" — without a "Lĩnh vực" column the name is in the task's
                area = record.get("area") or record.get("task") or _row_text(record, exclude=("area_code",)) or area
                continue
        if record["_row"] in continuation and tasks:
            _continue(tasks[-1], record)
            continue
        if not record.get("task"):
            result.add(ERROR, result.cell(record, "task"), "dòng có số liệu nhưng không ghi nhiệm vụ — điền cột "
                                                           "\"Nhiệm vụ, giải pháp\" hoặc xoá dòng.")
            continue
        if area_code is None:
            result.add(ERROR, result.cell(record, "area_code"),
                       "nhiệm vụ không thuộc mục nào — ghi số La Mã của lĩnh vực (I … VII) ở cột \"Mục\" / \"TT\".")
            continue
        owner = record.get("owner") or facts["owner"]
        owner_cell = result.cell(record, "owner") if record.get("owner") else facts["owner_cell"]
        year = record.get("plan_year") or facts["year"]
        if owner is None:
            result.add(ERROR, result.cell(record, "owner"),
                       "không biết kế hoạch của đơn vị nào — điền cột \"Đơn vị ban hành kế hoạch\" (hoặc tên cơ quan "
                       "ở góc trên bên trái phụ lục).")
        if year is None:
            result.add(ERROR, result.cell(record, "plan_year"),
                       "không biết kế hoạch năm nào — điền cột \"Năm kế hoạch\" (hoặc \"… NĂM 2021\" trong tiêu đề).")
        if not record.get("lead_unit"):
            result.add(ERROR, result.cell(record, "lead_unit"), "chưa ghi đơn vị chủ trì — điền cột \"Chủ trì\".")
        deadline = parse_deadline(record.get("deadline"), year)
        if deadline is None:
            shown = f"\"{record['deadline']}\" không chỉ ra thời điểm" if record.get("deadline") else "không có thời hạn"
            result.add(WARNING, result.cell(record, "deadline"),
                       f"nhiệm vụ {shown}: sẽ không được tính là trễ hạn. Ghi thời hạn (\"Tháng 10/2021\", "
                       "\"Quý IV/2021\", \"31/12/2021\") nếu có.")
        status = None
        if record.get("status"):
            status = status_code(record["status"])
            if status is None:
                result.add(ERROR, result.cell(record, "status"),
                           f"trạng thái \"{record['status']}\" không đọc được — chọn: "
                           + ", ".join(STATUS_LABELS.values()) + ".")
        key = (alias_key(owner) if owner else None, year, area_code)
        positions[key] = positions.get(key, 0) + 1
        task = dict(record, _owner=owner, _year=year, _area_code=area_code, _area=area or AREAS.get(area_code, area_code),
                    _key=f"{area_code}.{positions[key]}", _deadline=deadline, _status=status, _kpis=[], _owner_cell=owner_cell,
                    _as_of=facts["as_of"])
        if not isinstance(record.get("deadline"), str):
            task["deadline"] = f"{deadline:{DAY}}" if deadline else None
        _add_figure(task, record)
        tasks.append(task)
    return tasks


def _continue(task: dict, record: dict):
    """A row whose task cell is merged with the task above: its own current/required pair joins the task's."""
    for field in ("current_level", "required_level"):
        extra = _text(record.get(field))
        if extra and extra != _text(task.get(field)):
            task[field] = "\n".join(t for t in (_text(task.get(field)), extra) if t)
    _add_figure(task, record)


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return label(value)


def _add_figure(task: dict, record: dict):
    """A KPI figure in the row's "Hiện tại", kept when the document's date says as of when."""
    if task["_as_of"] is None:
        return
    figure = kpi_figure(record.get("current_level"), record.get("required_level"), record.get("task"))
    if figure:
        task["_kpis"].append((*figure, record["_row"], as_of_period(*task["_as_of"])))


def _row_text(record: dict, exclude=()) -> str | None:
    for name, value in record.items():
        if not name.startswith("_") and name not in exclude and isinstance(value, str) and value.strip():
            return value
    return None


def _summary(result: TableResult, facts: dict, matched: dict[str, str]) -> dict:
    tasks = result.records
    owners = sorted({t["_owner"] for t in tasks if t.get("_owner")})
    owners = [f"{o} → {matched[fold_space(o)]} (danh mục)" if fold_space(o) in matched else o for o in owners]
    years = sorted({t["_year"] for t in tasks if t.get("_year")})
    areas = sorted({t["_area_code"] for t in tasks}, key=lambda c: list(AREAS).index(c) if c in AREAS else 99)
    summary = {}
    if facts.get("title"):
        summary["Kế hoạch"] = facts["title"]
    summary.update({"Đơn vị": ", ".join(owners) or "—", "Năm": ", ".join(map(str, years)) or "—",
                    "Số nhiệm vụ": len(tasks),
                    "Lĩnh vực": f"{len(areas)} ({areas[0]}–{areas[-1]})" if len(areas) > 1 else ", ".join(areas) or "—"})
    figures = [(t, f) for t in tasks for f in t["_kpis"]]
    if figures:
        names = {k.code: k.short_name for k in kpis.catalogue().kpis.values()}
        computed = kpis.rates(None, [(num, den) for _, (_, num, den, _, _, _) in figures])
        shown = [f"{names[code]} {kpis.value_text(num, den, pct, rate)}"
                 for (_, (code, num, den, pct, _, _)), rate in zip(figures, computed)]
        summary[f"Số liệu hiện tại ({figures[0][1][5].label})"] = "; ".join(shown)
    return summary


# ---- storing -----------------------------------------------------------------------------------------

@cache
def task_schema():
    return pa.schema([
        ("owner_unit_id", pa.int32()), ("plan_year", pa.int32()), ("plan_title", pa.string()), ("task_key", pa.string()),
        ("area_code", pa.string()), ("area", pa.string()), ("task", pa.string()), ("current_level", pa.string()),
        ("required_level", pa.string()), ("lead_unit", pa.string()), ("lead_unit_id", pa.int32()),
        ("cooperating_units", pa.string()), ("deadline_text", pa.string()), ("deadline", pa.date32()),
        ("reported_status", pa.string()), ("note", pa.string()), ("source_row", pa.int32())])


@cache
def plan_schema():
    return pa.schema([("owner_unit_id", pa.int32()), ("plan_year", pa.int32()), ("task_count", pa.int64())])


def _task_rows(result: TableResult, owners: dict[str, int], aliases: dict[str, int]) -> list[dict]:
    title = result.summary.get("Kế hoạch")
    return [{"owner_unit_id": owners[alias_key(t["_owner"])], "plan_year": t["_year"], "plan_title": title,
             "task_key": t["_key"], "area_code": t["_area_code"], "area": t["_area"], "task": _text(t["task"]),
             "current_level": _text(t.get("current_level")), "required_level": _text(t.get("required_level")),
             "lead_unit": _text(t["lead_unit"]), "lead_unit_id": aliases.get(alias_key(t["lead_unit"])),
             "cooperating_units": _text(t.get("cooperating_units")), "deadline_text": t.get("deadline"),
             "deadline": t["_deadline"], "reported_status": t["_status"], "note": _text(t.get("note")),
             "source_row": t["_row"]}
            for t in result.records if alias_key(t["_owner"]) in owners]


def _write_rows(con, result: TableResult, batch_id: int) -> list[int]:
    aliases = warehouse.known_units(con)
    names = sorted({t["_owner"] for t in result.records})
    owners = dict(zip(map(alias_key, names), warehouse.resolve_units(con, names, aliases)))
    with kpis.registered(con, "incoming_plan_tasks", _task_rows(result, owners, aliases), task_schema()):
        superseded = [b for (b,) in queries.rows(con, "plan_task_superseded", kind=KIND)]
        queries.execute(con, "insert_plan_tasks", batch_id=batch_id)
    figures = [dict(_row=row, _kpi_code=code, numerator=num, denominator=den, reported_pct=pct, _period=period,
                    _owner=t["_owner"], note="Hiện tại, theo phụ lục kế hoạch")
               for t in result.records for code, num, den, pct, row, period in t["_kpis"]]
    superseded += kpis.write_kpi_rows(con, kpis.value_rows(figures, lambda r: owners[alias_key(r["_owner"])]), batch_id)
    return superseded


def store(con, results: list[TableResult], file_name: str, sha256: str, loaded_by: str):
    def span(result):
        years = [t["_year"] for t in result.records]
        return (date(min(years), 1, 1), date(max(years), 12, 31)) if years else (None, None)

    return warehouse.store_batches(con, KIND, results, file_name, sha256, loaded_by, _write_rows,
                                   period_of=span, form_of=lambda result: "Phụ lục nhiệm vụ kế hoạch CCHC")


def replacement(con, results: list[TableResult]) -> pd.DataFrame | None:
    """The plans in force these results would replace: old and new task counts side by side."""
    aliases = warehouse.known_units(con)
    incoming = {}
    for result in results:
        for t in result.records:
            if alias_key(t["_owner"]) in aliases:
                key = (aliases[alias_key(t["_owner"])], t["_year"])
                incoming[key] = incoming.get(key, 0) + 1
    if not incoming:
        return None
    plans = [{"owner_unit_id": o, "plan_year": y, "task_count": n} for (o, y), n in incoming.items()]
    with kpis.registered(con, "incoming_plans", plans, plan_schema()):
        found = queries.run(con, "plan_task_replaced")
    if found.empty:
        return None
    import pandas as pd

    return pd.DataFrame({"Đơn vị": found["owner_name"], "Năm": found["plan_year"],
                         "Nhiệm vụ đang dùng": found["old_task_count"], "Nhiệm vụ mới": found["new_task_count"],
                         "Trạng thái đã cập nhật (giữ theo mã nhiệm vụ)": found["statuses_set"],
                         "Tệp đang dùng": found["file_name"]})


# ---- the analyst's status --------------------------------------------------------------------------------

class UnknownTask(Exception):
    """The task does not exist (any more) in the plan in force; carries the Vietnamese message."""


@requires("edit_task_status")
def set_task_status(con, owner_unit_id: int, plan_year: int, task_key: str, status: str, set_by: str,
                    note: str | None = None) -> None:
    """Record the status an analyst gives a task (who and when are kept; the latest counts)."""
    if status not in STATUS_LABELS:
        raise ValueError(f"trạng thái không hợp lệ: {status}")
    with queries.WRITE_LOCK:
        if not queries.rows(con, "plan_task_get", owner_unit_id=owner_unit_id, plan_year=plan_year, task_key=task_key):
            raise UnknownTask(f"Không tìm thấy nhiệm vụ {task_key} trong kế hoạch năm {plan_year} đang dùng; "
                              "hãy tải lại trang.")
        queries.execute(con, "plan_task_status_insert", owner_unit_id=owner_unit_id, plan_year=plan_year,
                        task_key=task_key, status=status, note=label(note) if note else None, set_by=set_by,
                        set_at=vietnam_now())
