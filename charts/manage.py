"""Tables and sentences of the "Quản lý dữ liệu" page: load history, unit directory, lĩnh vực, backups.

Builders only: a query's frame in, a frame with Vietnamese headers (or a sentence) out; numbers as 1.234,
dates as 14/06/2025, "—" where a value is missing.
"""

import pandas as pd

from charts.format import shown_as_text, table_style
from vocabulary.dates import MOMENT, day, days, moment
from vocabulary.numbers import DASH, missing, number
from vocabulary.kinds import LABELS as KIND_LABELS
from vocabulary.units import DEPARTMENT_MERGER

LINEAGE_NOTE = ("Hai đơn vị khác nhau, đơn vị cũ được sáp nhập vào đơn vị mới từ một ngày (ví dụ các sở hợp nhất "
                f"từ {day(DEPARTMENT_MERGER)}). Cả hai giữ nguyên số liệu của mình; đơn vị cũ được ghi là hoạt động đến "
                "ngày trước ngày sáp nhập.")

LEVEL_LABELS = {"tinh": "Tỉnh", "so": "Sở/ban/ngành", "pvhcc": "Trung tâm PVHCC", "huyen": "Huyện", "xa": "Xã/phường",
                "phong": "Phòng",
                "don_vi": "Đơn vị khác"}
STATUS_FILTER = {"all": "Tất cả", "active": "Đang dùng", "replaced": "Đã bị thay thế", "rolled_back": "Đã hoàn tác"}
ROLE_NOTE = "Tài khoản của bạn chỉ được xem mục này; hoàn tác và sửa danh mục cần vai trò Chuyên viên hoặc Quản trị."
BACKUP_ROLE_NOTE = "Sao lưu và khôi phục cơ sở dữ liệu cần vai trò Quản trị."
SCOPED_EXPORT_NOTE = ("Tài khoản của bạn chỉ xem số liệu của một số đơn vị, nên không tải được toàn bộ kho dữ liệu; "
                      "hãy dùng nút tải bảng ở các trang số liệu.")


def level_label(level) -> str:
    return LEVEL_LABELS.get(level, level or DASH)


def status_label(status: str, replaced_by=None) -> str:
    """"đang dùng" / "đã bị thay thế (bởi lô 12)" / "đã hoàn tác"."""
    if status == "active":
        return "đang dùng"
    if status == "replaced":
        return f"đã bị thay thế (bởi lô {int(replaced_by)})" if not missing(replaced_by) else "đã bị thay thế"
    if status == "rolled_back":
        return "đã hoàn tác"
    return status


def _text(value) -> str:
    return DASH if missing(value) or value == "" else str(value)


def _period(row) -> str:
    """The batch's period as read: its label; whole calendar years as "Năm 2025" / "2021–2025"; a table that is
    not about one period (reference scores, targets of several years) says so instead of an empty cell."""
    if not missing(row.period_label):
        return row.period_label
    if missing(row.period_start) or pd.isna(row.period_start):     # NaT is not "missing" to format.missing
        return "không theo kỳ"
    start, end = pd.Timestamp(row.period_start), pd.Timestamp(row.period_end)
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return f"Năm {start.year}" if start.year == end.year else f"{start.year}–{end.year}"
    return f"{day(row.period_start)}–{day(row.period_end)}"


HISTORY_COLUMNS = ["Lô", "Trạng thái", "Kỳ", "Đơn vị", "Tệp", "Số dòng", "Người nạp", "Thời điểm nạp", "Trang tính",
                   "Loại", "SHA-256"]


def history_table(history: pd.DataFrame):
    """One line per batch (batch_history), newest first, every value as the reader sees it; the status first."""
    rows = [[int(r.batch_id), status_label(r.status, r.replaced_by), _period(r), _text(r.units), r.file_name,
             int(r.row_count), _text(r.loaded_by), moment(r.loaded_at), _text(r.sheet),
             KIND_LABELS.get(r.kind, r.kind), f"{r.sha256[:12]}…"]
            for r in history.itertuples()]
    return table_style(pd.DataFrame(rows, columns=HISTORY_COLUMNS), counts=["Số dòng"], ids=("Lô",))


HISTORY_PAGE = 100              # lines a page of the load history or of the unit directory shows


def page_count(total: int) -> int:
    return max(1, -(-total // HISTORY_PAGE))


def page_caption(page: int, pages: int, total: int, what: str = "lô, mới nhất trước") -> str:
    """"Trang 2/1.632 — dòng 101–200 trong 163.200 lô, mới nhất trước"."""
    first = (page - 1) * HISTORY_PAGE + 1
    last = min(total, page * HISTORY_PAGE)
    return f"Trang {number(page)}/{number(pages)} — dòng {number(first)}–{number(last)} trong {number(total)} {what}"


UNITS_ORDER = "đơn vị, theo cấp rồi theo tên"


def page_of(frame: pd.DataFrame, page: int) -> pd.DataFrame:
    """The lines of page `page` (from 1) of a frame read whole (the unit directory: 4.281 units nationally)."""
    return frame.iloc[(page - 1) * HISTORY_PAGE:page * HISTORY_PAGE]


def no_batch_text(status: str, search: str | None) -> str:
    if search:
        return f"Không có lô nào khớp với \"{search}\"" + ("." if status == "all" else " ở trạng thái này.")
    return "Chưa có lô dữ liệu nào." if status == "all" else "Không có lô nào ở trạng thái này."


def batch_choice(history: pd.DataFrame) -> dict[int, str]:
    """batch_id → "Lô 12 · tệp.xlsx · Sở Tư pháp · Quý II/2025", for the batch picker (the status, which a
    rollback changes, is shown beside it, not in the option)."""
    return {int(r.batch_id): f"Lô {int(r.batch_id)} · {r.file_name} · {_text(r.units)} · {_period(r)}"
            for r in history.itertuples()}


def batch_record(history: pd.DataFrame, batch_id: int) -> dict:
    """The history line of one batch as a plain dict (status, replaced_by, replaces, file, units, period)."""
    row = next(r for r in history.itertuples() if int(r.batch_id) == int(batch_id))
    replaces = [] if missing(row.replaces) else [int(b) for b in row.replaces]
    return {"batch_id": int(row.batch_id), "status": row.status, "file_name": row.file_name,
            "status_label": status_label(row.status, row.replaced_by),
            "replaced_by": None if missing(row.replaced_by) else int(row.replaced_by), "replaces": replaces,
            "units": _text(row.units), "period": _period(row), "row_count": int(row.row_count), "kind": row.kind}


BATCH_ROW_COLUMNS = {
    "source_row": "Dòng", "unit_name": "Đơn vị", "linh_vuc": "Lĩnh vực", "recv_total": "Tổng nhận",
    "recv_online": "Trực tuyến", "recv_offline": "Trực tiếp, bưu chính", "recv_carry": "Kỳ trước chuyển sang",
    "res_total": "Đã giải quyết", "res_before": "Trước hạn", "res_ontime": "Đúng hạn", "res_late": "Quá hạn",
    "proc_total": "Đang giải quyết", "proc_ontime": "Trong hạn", "proc_late": "Đang quá hạn",
}


# The stored rows of the other kinds, as their templates name the columns.
KIND_ROW_COLUMNS = {
    "scores": {"source_row": "Dòng", "index_code": "Chỉ số", "year": "Năm", "unit_name": "Đối tượng",
               "component_code": "Thành phần", "score": "Điểm", "max_score": "Điểm tối đa", "rank": "Xếp hạng",
               "rank_of": "Trên tổng số", "source": "Nguồn"},
    "kpis": {"source_row": "Dòng", "kpi_name": "Chỉ tiêu KPI", "unit_name": "Đơn vị", "period_start": "Từ ngày",
             "period_end": "Đến ngày", "numerator": "Tử số", "denominator": "Mẫu số", "reported_pct": "Tỷ lệ báo cáo (%)",
             "service_level_raw": "Mức độ (như báo cáo)"},
    "targets": {"source_row": "Dòng", "kpi_name": "Chỉ tiêu", "unit_name": "Đơn vị", "year": "Năm",
                "comparator": "So sánh", "value": "Mục tiêu (%)", "removed": "Đã xoá", "source_document": "Văn bản"},
    "plan_tasks": {"source_row": "Dòng", "area": "Lĩnh vực", "task": "Nhiệm vụ", "lead_unit": "Chủ trì",
                   "deadline_text": "Thời hạn (như ghi)", "deadline": "Hạn"},
    "dossier_list": {"source_row": "Dòng", "code": "Mã hồ sơ", "unit_name": "Đơn vị", "linh_vuc": "Lĩnh vực",
                     "status": "Trạng thái (mã)", "received_at": "Tiếp nhận", "due_at": "Hẹn trả",
                     "ended_at": "Kết thúc xử lý", "data_error": "Lỗi dữ liệu", "is_current": "Bản mới nhất"},
    "working_days": {"source_row": "Dòng", "day": "Ngày", "is_working": "Làm việc", "note": "Ghi chú",
                     "source": "Nguồn"},
    "units": {"source_row": "Dòng", "name": "Tên đơn vị", "level": "Cấp", "parent_name": "Đơn vị cấp trên",
              "code": "Mã", "valid_from": "Hiệu lực từ", "valid_to": "Hiệu lực đến", "successors": "Sáp nhập vào"},
}


DATE_COLUMNS = ("period_start", "period_end", "deadline", "received_at", "due_at", "ended_at", "day", "valid_from",
                "valid_to")


def _kind_cell(column: str):
    """How a stored value of a table kind is shown: dates dd/mm/yyyy, decimals with a comma, "—" if missing."""
    def shown(value):
        if missing(value) or value is pd.NaT:
            return DASH
        if column == "level":
            return level_label(value)
        if column in DATE_COLUMNS:
            return day(value)
        if column in ("removed", "is_current", "is_working"):
            return "có" if value else ""
        if column in ("score", "max_score", "numerator", "denominator", "reported_pct", "value"):
            return number(value, 2) if float(value) % 1 else number(value)
        return value if column != "source_row" else int(value)
    return shown


def rows_query(kind: str) -> str:
    """The named query listing the rows a batch of `kind` stored."""
    return "batch_rows" if kind not in KIND_ROW_COLUMNS else f"batch_rows_{kind}"


def batch_rows_table(rows: pd.DataFrame, kind: str = "dossiers") -> pd.DataFrame:
    """The rows a batch stored (batch_rows…), with the Excel row they came from, every cell written out.

    A plain frame, not a Styler (the page hides the index): a dossier list's batch holds thousands of rows, and
    Streamlit renders a Styler cell by cell (2 s of the page's run for the sample's newest batch)."""
    if kind in KIND_ROW_COLUMNS:
        labels = KIND_ROW_COLUMNS[kind]
        # dates a column at a time: a dossier list's batch of 10.000 rows has three date columns, and formatting
        # them cell by cell cost 0,3 s of each run of Quản lý dữ liệu at national scale (bench/RESULTS.md)
        return pd.DataFrame({title: days(rows[column]).astype(str) if column in DATE_COLUMNS
                             else rows[column].map(_kind_cell(column))
                             for column, title in labels.items()})
    counts = [c for c in BATCH_ROW_COLUMNS.values() if c not in ("Đơn vị", "Lĩnh vực")]
    return shown_as_text(rows[list(BATCH_ROW_COLUMNS)].rename(columns=BATCH_ROW_COLUMNS), {c: number for c in counts},
                         {"Lĩnh vực": "(cả đơn vị)"})


def rollback_question(batch: dict) -> str:
    """What confirming a rollback will do, said before it is done."""
    again = (f" Lô {_ids(batch['replaces'])} mà lô này đã thay thế sẽ được dùng lại." if batch["replaces"]
             else " Không có lô cũ nào để dùng lại: số liệu của đơn vị và kỳ này sẽ không còn trên dashboard.")
    return (f"Hoàn tác lô {batch['batch_id']} ({batch['file_name']}, {batch['units']}, {batch['period']})? "
            f"{number(batch['row_count'])} dòng số liệu của lô sẽ không còn được tính.{again} "
            "Lô vẫn được giữ trong lịch sử.")


def rollback_message(batch_id: int, restored: list[int]) -> str:
    """"Đã hoàn tác lô 12; lô 7 được dùng lại"."""
    if restored:
        return f"Đã hoàn tác lô {batch_id}; lô {_ids(restored)} được dùng lại."
    return f"Đã hoàn tác lô {batch_id}; không có lô cũ nào được dùng lại."


def _ids(ids) -> str:
    return ", ".join(str(i) for i in ids)


def not_undoable(batch: dict) -> str:
    if batch["status"] == "replaced" and batch["replaced_by"]:
        return (f"Lô này đã bị lô {batch['replaced_by']} thay thế. Muốn dùng lại lô này, hãy hoàn tác lô "
                f"{batch['replaced_by']}.")
    if batch["status"] == "replaced":
        return "Lô này đã bị thay thế."
    return "Lô này đã được hoàn tác; số liệu của nó vẫn được giữ trong lịch sử."


UNIT_COLUMNS = ["Mã", "Tên đơn vị", "Cấp", "Số dòng số liệu", "Dòng đang dùng", "Số kỳ", "Từ kỳ", "Đến kỳ",
                "Hoạt động đến", "Các cách viết trong tệp"]


def units_table(directory: pd.DataFrame):
    """The unit directory (unit_directory): level in Vietnamese, spellings joined (last: the widest)."""
    rows = [[int(r.unit_id), r.name, level_label(r.level), int(r.dossier_rows), int(r.current_rows),
             int(r.period_count), _text(r.first_period_label), _text(r.last_period_label), day(r.valid_to),
             "; ".join(r.aliases) if len(r.aliases) else DASH]
            for r in directory.itertuples()]
    return table_style(pd.DataFrame(rows, columns=UNIT_COLUMNS), counts=["Số dòng số liệu", "Dòng đang dùng", "Số kỳ"],
                   ids=("Mã",))


def unit_names(directory: pd.DataFrame) -> dict[int, str]:
    return {int(u): n for u, n in zip(directory["unit_id"], directory["name"])}


def unit_levels(directory: pd.DataFrame) -> dict[int, str]:
    return {int(u): lvl for u, lvl in zip(directory["unit_id"], directory["level"])}


def unit_preview(directory: pd.DataFrame, unit_id: int) -> str:
    """One sentence on what a unit holds, shown before it is merged away."""
    r = next(r for r in directory.itertuples() if int(r.unit_id) == int(unit_id))
    periods = (f", {number(r.period_count)} kỳ ({r.first_period_label} – {r.last_period_label})"
               if r.period_count else "")
    spellings = "; ".join(f"\"{a}\"" for a in r.aliases) if len(r.aliases) else "không có"
    return f"\"{r.name}\": {number(r.dossier_rows)} dòng số liệu{periods}; cách viết: {spellings}."


def alias_message(done) -> str:
    if not done.added:
        return f"Cách viết \"{done.spelling}\" đã có trong danh mục của \"{done.unit_name}\"; không cần thêm."
    return (f"Đã thêm cách viết \"{done.spelling}\" cho \"{done.unit_name}\". Các tệp sau này ghi tên đơn vị như "
            "vậy sẽ được nạp vào đơn vị này.")


def merge_message(done) -> str:
    return (f"Đã gộp \"{done.merged_name}\" vào \"{done.keep_name}\": {number(done.rows_moved)} dòng số liệu và "
            f"{number(done.aliases_moved)} cách viết chuyển sang \"{done.keep_name}\"; \"{done.merged_name}\" đã "
            "được xóa khỏi danh mục.")


LINEAGE_COLUMNS = ["Đơn vị cũ", "Đơn vị mới", "Có hiệu lực từ", "Tỷ lệ chuyển sang", "Số liệu của đơn vị cũ sau ngày đó"]


def lineage_table(lineage: pd.DataFrame) -> pd.DataFrame:
    rows = [[r.old_name, r.new_name, day(r.effective_date),
             "toàn bộ" if missing(r.share) else f"{number(r.share * 100, 1)}\u00a0%",
             f"{number(r.old_rows_after)} dòng" if r.old_rows_after else DASH]
            for r in lineage.itertuples()]
    return pd.DataFrame(rows, columns=LINEAGE_COLUMNS)


def lineage_choice(lineage: pd.DataFrame) -> dict[tuple[int, int], str]:
    return {(int(r.old_unit_id), int(r.new_unit_id)): f"{r.old_name} → {r.new_name} (từ {day(r.effective_date)})"
            for r in lineage.itertuples()}


LINH_VUC_COLUMNS = ["Lĩnh vực", "Số dòng số liệu", "Dòng đang dùng", "Từ kỳ", "Đến kỳ", "Đơn vị"]


def linh_vuc_table(directory: pd.DataFrame):
    """Lĩnh vực spellings (linh_vuc_directory) with the units that report them (last: the widest)."""
    rows = [[r.linh_vuc, int(r.dossier_rows), int(r.current_rows), _text(r.first_period_label),
             _text(r.last_period_label), r.unit_names] for r in directory.itertuples()]
    return table_style(pd.DataFrame(rows, columns=LINH_VUC_COLUMNS), counts=["Số dòng số liệu", "Dòng đang dùng"])


def linh_vuc_target_note(directory: pd.DataFrame, new_name: str | None) -> str | None:
    """Whether a typed name is a lĩnh vực already used (a merge) or a new one (a rename)."""
    if not new_name:
        return None
    found = directory[directory["linh_vuc"] == new_name]
    if found.empty:
        return f"\"{new_name}\" là tên mới: lĩnh vực được đổi tên."
    return (f"\"{new_name}\" đã có ({number(found['dossier_rows'].iloc[0])} dòng): hai cách viết sẽ được gộp "
            "thành một.")


def relabel_message(done) -> str:
    scope = "tất cả đơn vị" if done.unit_name is None else f"\"{done.unit_name}\""
    what = "Đã gộp" if done.merged else "Đã đổi tên"
    return f"{what} lĩnh vực \"{done.old_name}\" thành \"{done.new_name}\" ({scope}): {number(done.rows)} dòng số liệu."


SUMMARY_ROWS = {"schema_version": "Phiên bản lược đồ", "batches": "Số lô đã nạp", "active_batches": "Lô đang dùng",
                "units": "Đơn vị", "dossier_rows": "Dòng số liệu hồ sơ", "period_range": "Các kỳ",
                "last_loaded_at": "Lần nạp gần nhất"}


def summary_table(columns: dict[str, object]) -> pd.DataFrame:
    """Backup summaries side by side: {"Bản sao lưu": summary, "Đang dùng": summary}."""
    data = {}
    for title, s in columns.items():
        period_range = (DASH if not s.first_period_label
                        else f"{s.first_period_label} – {s.last_period_label}")
        data[title] = [number(s.schema_version), number(s.batches), number(s.active_batches), number(s.units),
                       number(s.dossier_rows), period_range, moment(s.last_loaded_at)]
    return pd.DataFrame(data, index=list(SUMMARY_ROWS.values()))


def restore_message(file_name: str, restored) -> str:
    s = restored.summary
    return (f"Đã khôi phục dữ liệu từ {file_name}: {number(s.batches)} lô, {number(s.dossier_rows)} dòng số liệu "
            f"({s.first_period_label} – {s.last_period_label}). Tệp dữ liệu trước khi khôi phục được giữ lại: "
            f"{restored.aside.name}.")


def home_setting_text(found) -> str:
    """The home-province setting as the admin reads it: which province, since when and by whom."""
    if not found:
        return ("**Tỉnh theo dõi:** chưa đặt. Khi đã đặt, báo cáo của đơn vị tỉnh khác (\"Sở Tư pháp tỉnh Hà Tĩnh\", "
                "đơn vị thuộc UBND tỉnh khác) bị từ chối khi nạp.")
    name, changed_at, changed_by = found
    who = f" bởi {changed_by}" if changed_by else ""
    return (f"**Tỉnh theo dõi:** {name} (đặt lúc {changed_at:{MOMENT}}{who}). Báo cáo của đơn vị tỉnh khác bị từ "
            "chối khi nạp, trừ cách viết đã được gán cho một đơn vị ở thẻ \"Danh mục đơn vị\" (ví dụ các sở của tỉnh "
            "cũ đã hợp nhất).")
