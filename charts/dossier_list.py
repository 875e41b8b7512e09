"""Hồ sơ chi tiết: the Biểu 06 derived from dossier lists beside the reported one, the QĐ 766 indicators from the
dossiers, the dossiers behind a number, due and overdue lists, processing times — tables and sentences built from
the named queries' frames (the page only lays them out)."""

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from charts.format import shown_as_text
from vocabulary.dates import days
from vocabulary.text import code_labels
from vocabulary.numbers import DASH, missing, number, percent
from charts.theme import apply as themed
from vocabulary.columns import COUNT_LABELS
from vocabulary.dossier_list import CHANNEL_LABELS, STATUS_LABELS
from vocabulary.periods import KIND_CHOICES, Period, official

# The measures a derived Biểu 06 shows beside the report, in the form's order (recv_offline = direct + postal).
COMPARED = ("recv_total", "recv_online", "recv_offline", "recv_carry", "res_total", "res_before", "res_ontime",
            "res_late", "proc_total", "proc_ontime", "proc_late")
SHORT = {"recv_total": "Tiếp nhận", "recv_online": "Trực tuyến", "recv_offline": "Trực tiếp, BCCI",
         "recv_carry": "Kỳ trước chuyển sang", "res_total": "Đã giải quyết", "res_before": "Trước hạn",
         "res_ontime": "Đúng hạn", "res_late": "Quá hạn", "proc_total": "Đang giải quyết",
         "proc_ontime": "Trong hạn", "proc_late": "Đang quá hạn"}
# The counts whose dossiers can be listed (a column of dossier_list_counts).
MEASURES = ("recv_total", "recv_online", "recv_direct", "recv_postal", "recv_carry", "res_total", "res_before",
            "res_ontime", "res_late", "proc_total", "proc_ontime", "proc_late", "returned_withdrawn",
            "awaiting_supplement")
SNAPSHOT_NOTE = ("Danh sách hồ sơ là ảnh chụp trạng thái tại ngày xuất: một hồ sơ đang tạm dừng hôm nay được tính là "
                 "tạm dừng ở cả các kỳ trước. Hồ sơ rút (trạng thái 7) và chờ bổ sung, tạm dừng (5, 6, 8) được tách "
                 "riêng, không tính vào đã giải quyết hay đang giải quyết; hồ sơ lỗi dữ liệu không được đếm.")
PERIOD_KINDS = {"quarter": f"{KIND_CHOICES['quarter']} (15 → 14)", "month": f"{KIND_CHOICES['month']} (15 → 14)",
                **{k: KIND_CHOICES[k] for k in ("half", "nine_months", "year")}, "custom": "Khoảng khác (nhập)"}


def measure_label(measure: str) -> str:
    return COUNT_LABELS.get(measure, measure)


def period_choices(kind: str, first, last) -> list[Period]:
    """The official periods of `kind` that overlap the dossiers' span, latest first."""
    first, last = pd.Timestamp(first).date(), pd.Timestamp(last).date()
    numbers = {"quarter": range(1, 5), "month": range(1, 13), "half": range(1, 3), "nine_months": (1,), "year": (1,)}
    found = [official(kind, year, n) for year in range(first.year, last.year + 2) for n in numbers[kind]]
    return [p for p in reversed(found) if p.end >= first and p.start <= last]


# ---- derived beside reported ------------------------------------------------------------------------------

def compare(derived: pd.DataFrame, reported: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """One row per unit × lĩnh vực present on either side: the reported and derived counts (`<measure>_bc`,
    `<measure>_hs`; NULL where a side has no row), whether any differs, and the explanation."""
    derived = derived.assign(recv_offline=derived["recv_direct"] + derived["recv_postal"])
    keys = ["unit_name", "linh_vuc"]
    both = reported[keys + list(COMPARED)].merge(
        derived[keys + list(COMPARED) + ["returned_withdrawn", "awaiting_supplement"]], on=keys, how="outer",
        suffixes=("_bc", "_hs"), indicator=True)
    both = both.merge(facts, on=keys, how="left")
    both["differs"] = [any(not _same(r[f"{m}_bc"], r[f"{m}_hs"]) for m in COMPARED) for r in both.to_dict("records")]
    both["explanation"] = [explain(r) if r["differs"] else "" for r in both.to_dict("records")]
    return both.sort_values(["differs", "unit_name", "linh_vuc"], ascending=[False, True, True],
                            na_position="last").reset_index(drop=True)


def _same(a, b) -> bool:
    return (0 if missing(a) else int(a)) == (0 if missing(b) else int(b))


def _n(value) -> int:
    return 0 if missing(value) else int(value)


def explain(row: dict) -> str:
    """Why a derived row differs from the report, where the dossiers say it."""
    if row["_merge"] == "left_only":
        return "Đơn vị có báo cáo nhưng chưa có danh sách hồ sơ của lĩnh vực này trong kỳ."
    if row["_merge"] == "right_only":
        return ("Có hồ sơ nhưng không có báo cáo của đơn vị cho lĩnh vực này trong kỳ (đơn vị không báo cáo, hoặc "
                "đơn vị, lĩnh vực đổi sau sắp xếp năm 2025).")
    reasons = []
    d_res = _n(row["res_total_hs"]) - _n(row["res_total_bc"])
    d_proc = _n(row["proc_total_hs"]) - _n(row["proc_total_bc"])
    withdrawn, awaiting = _n(row.get("returned_withdrawn")), _n(row.get("awaiting_supplement"))
    if withdrawn and d_res < 0:
        reasons.append(f"{number(withdrawn)} hồ sơ công dân rút: báo cáo tính là đã giải quyết (trả lại), danh sách "
                       "tách riêng.")
    if awaiting and d_proc < 0:
        reasons.append(f"{number(awaiting)} hồ sơ chờ bổ sung, thực hiện nghĩa vụ tài chính hoặc tạm dừng: báo cáo "
                       "tính là đang giải quyết.")
    if _n(row.get("ended_after_cutoff")) and d_res < 0 and d_proc > 0:
        reasons.append(f"{number(row['ended_after_cutoff'])} hồ sơ kết thúc trong 7 ngày sau ngày chốt số liệu: báo "
                       "cáo (lập sau ngày chốt) tính là đã giải quyết trong kỳ.")
    if _n(row.get("late_before_period")) and _n(row["res_late_hs"]) > _n(row["res_late_bc"]):
        reasons.append(f"{number(row['late_before_period'])} hồ sơ giải quyết trong kỳ đã quá hạn từ kỳ trước: báo "
                       "cáo tính là trước hạn, đúng hạn.")
    if _n(row.get("data_errors")):
        reasons.append(f"{number(row['data_errors'])} hồ sơ lỗi dữ liệu (thiếu ngày kết thúc, kết thúc trước ngày "
                       "tiếp nhận, trạng thái lạ) không được đếm.")
    if not _same(row["recv_carry_bc"], row["recv_carry_hs"]) and not reasons:
        reasons.append("Số từ kỳ trước chuyển sang khác: danh sách là ảnh chụp trạng thái hiện tại, báo cáo kỳ trước "
                       "có thể đã tính khác.")
    return " ".join(reasons) or "Chưa giải thích được từ danh sách hồ sơ: cần đối chiếu với đơn vị."


def comparison_table(frame: pd.DataFrame):
    """Each measure as 'báo cáo' or 'báo cáo → từ hồ sơ' where they differ (highlighted; `explanation_lines` says
    why); units entirely on one side are left to `unmatched_units`."""
    frame = _both_sides(frame).reset_index(drop=True)
    shown = pd.DataFrame({"Đơn vị": frame["unit_name"], "Lĩnh vực": frame["linh_vuc"].fillna("(cả đơn vị)")})
    for m in COMPARED:
        shown[SHORT[m]] = [_pair(r[f"{m}_bc"], r[f"{m}_hs"]) for r in frame.to_dict("records")]

    def colour(_):
        styles = pd.DataFrame("", index=shown.index, columns=shown.columns)
        for m in COMPARED:
            differs = [not _same(a, b) for a, b in zip(frame[f"{m}_bc"], frame[f"{m}_hs"])]
            styles.loc[differs, SHORT[m]] = "background-color: #fde2e1; font-weight: 600"
        return styles

    return shown.style.apply(colour, axis=None).hide(axis="index")


def _pair(reported, derived) -> str:
    if missing(reported) and missing(derived):
        return DASH
    if _same(reported, derived):
        return number(reported if not missing(reported) else derived)
    return f"{number(reported) if not missing(reported) else DASH} → {number(derived) if not missing(derived) else DASH}"


def _both_sides(frame: pd.DataFrame) -> pd.DataFrame:
    lists_only, reports_only = unmatched_units(frame)
    return frame[~frame["unit_name"].isin(lists_only + reports_only)]


def comparison_summary(frame: pd.DataFrame) -> str:
    """The rows of units present on both sides: how many match."""
    inner = _both_sides(frame)
    rows, differing = len(inner), int(inner["differs"].sum())
    only_bc = int((inner["differs"] & (inner["_merge"] == "left_only")).sum())
    only_hs = int((inner["differs"] & (inner["_merge"] == "right_only")).sum())
    return (f"{number(rows)} dòng đơn vị × lĩnh vực của các đơn vị có cả báo cáo và hồ sơ: {number(rows - differing)} "
            f"khớp, {number(differing)} khác (trong đó {number(only_bc)} chỉ có báo cáo, {number(only_hs)} chỉ có hồ "
            "sơ). Ô tô đỏ ghi \"báo cáo → từ hồ sơ\"; các dòng khác nhau ở đầu bảng, giải thích ở dưới.")


def explanation_lines(frame: pd.DataFrame) -> list[str]:
    """One Markdown line per differing row of units on both sides: where, and why."""
    inner = _both_sides(frame)
    return [f"**{r['unit_name']} — {r['linh_vuc'] or '(cả đơn vị)'}**: {r['explanation']}"
            for r in inner[inner["differs"]].to_dict("records")]


NAMED_UNITS = 30          # units named in a sentence; the others counted


def report_only_text(names: list[str]) -> str:
    """"**Có báo cáo nhưng chưa nạp danh sách hồ sơ:** Sở A, Sở B" — the first 30 names, then "và 4.050 đơn vị khác"."""
    shown = ", ".join(names[:NAMED_UNITS])
    if len(names) > NAMED_UNITS:
        shown += f" và {number(len(names) - NAMED_UNITS)} đơn vị khác"
    return f"**Có báo cáo nhưng chưa nạp danh sách hồ sơ ({number(len(names))} đơn vị):** {shown}"


def unmatched_units(frame: pd.DataFrame) -> tuple[list[str], list[str]]:
    """(units with dossiers but no report in the period, units with a report but no dossiers)."""
    by_unit = frame.groupby("unit_name")["_merge"].agg(set)
    return ([u for u, s in by_unit.items() if s == {"right_only"}], [u for u, s in by_unit.items() if s == {"left_only"}])


# ---- QĐ 766 ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    numerator: str
    denominator: str
    formula: str
    framework: bool           # scored by the framework in force (index_whatif), else shown without points


INDICATORS = (
    Indicator("2.1", "Xử lý trước hạn, đúng hạn (đã và đang xử lý)", "on_time_num", "on_time_den",
              "hồ sơ đã và đang xử lý đúng hạn ÷ hồ sơ đã và đang xử lý trong kỳ × 100; hồ sơ chưa kết thúc lấy "
              "ngày cuối kỳ, hồ sơ dừng xử lý lấy ngày dừng, yêu cầu bổ sung một lần chưa trả lời lấy ngày yêu cầu, "
              "bổ sung hơn một lần là quá hạn", True),
    Indicator("2.2", "Thời gian xử lý trung bình (ngày làm việc)", "working_days_sum", "resolved_count",
              "tổng số ngày làm việc từ tiếp nhận đến kết thúc ÷ số hồ sơ tiếp nhận trong kỳ đã xử lý xong (kể cả "
              "xong sau cuối kỳ)", False),
    Indicator("3.3", "Hồ sơ nộp trực tuyến", "online_num", "received_count",
              "hồ sơ tiếp nhận trực tuyến ÷ hồ sơ tiếp nhận trong kỳ × 100 (chưa nhân tỷ lệ đồng bộ 1.4)", True),
    Indicator("3.6", "Thanh toán trực tuyến", "payment_num", "payment_den",
              "hồ sơ thanh toán trực tuyến ÷ hồ sơ của thủ tục có phí, lệ phí tiếp nhận trong kỳ × 100", False),
    Indicator("4.1", "Cấp kết quả điện tử", "e_result_num", "e_result_den",
              "hồ sơ có kết quả điện tử ÷ hồ sơ đã giải quyết trong kỳ × 100", False),
    Indicator("4.2", "Số hóa hồ sơ", "digitised_num", "digitised_den",
              "hồ sơ có thành phần được số hóa ÷ hồ sơ tiếp nhận trong kỳ × 100", True),
    Indicator("4.3", "Tái sử dụng dữ liệu số hóa", "reused_num", "reused_den",
              "hồ sơ có thành phần tái sử dụng ÷ hồ sơ tiếp nhận trong kỳ × 100", True),
)


def indicator_rates(row: dict) -> dict[str, float | None]:
    """code → rate (%; 2.2 in working days); None where the list has no column for it or the denominator is 0."""
    rates = {}
    for ind in INDICATORS:
        num, den = row.get(ind.numerator), row.get(ind.denominator)
        if missing(num) or missing(den) or float(den) == 0:
            rates[ind.code] = None
        else:
            rates[ind.code] = float(num) / float(den) * (1 if ind.code == "2.2" else 100)
    return rates


def indicators_table(row: dict, whatif: pd.DataFrame) -> pd.DataFrame:
    """The indicators of one unit: value, numerator / denominator, threshold, points by the 766 rule (the
    framework's threshold and maximum, from index_whatif), the formula."""
    rates = indicator_rates(row)
    scored = {r["component_code"]: r for r in whatif.to_dict("records")}
    records = []
    for ind in INDICATORS:
        rate = rates[ind.code]
        frame = scored.get(ind.code) if ind.framework else None
        no_data = missing(row.get(ind.denominator))
        value = ("không có dữ liệu" if no_data else DASH if rate is None
                 else number(rate, 1) + " ngày" if ind.code == "2.2" else percent(rate))
        records.append({
            "Chỉ số": f"{ind.code} {ind.name}", "Giá trị": value,
            "Tử số / mẫu số": DASH if no_data else f"{number(row[ind.numerator])} / {number(row[ind.denominator])}",
            "Ngưỡng đạt điểm tối đa": percent(frame["threshold_pct"], 0) if frame else DASH,
            "Điểm": (f"{number(frame['points_now'], 2)} / {number(frame['max_points'], 2)}"
                     if frame and rate is not None and not missing(frame["points_now"]) else DASH),
            "Cách tính": ind.formula})
    return pd.DataFrame(records)


SCORING_RULE = ("Điểm theo QĐ 766: tỷ lệ đạt ngưỡng T thì được điểm tối đa, chưa đạt thì điểm = tỷ lệ × điểm tối đa ÷ T "
                "(ngưỡng và điểm tối đa theo khung điểm đang áp dụng, như ở trang Chỉ số). Chỉ số không có trong khung "
                "điểm (2.2, 3.6, 4.1) chỉ hiện giá trị; cột không có trong danh sách thì ghi \"không có dữ liệu\", "
                "không tính là 0.")


def scored_rates(row: dict) -> tuple[list[str], list[float]]:
    """The rates of the framework's indicators, as index_whatif takes them (codes, rates)."""
    rates = indicator_rates(row)
    pairs = [(i.code, rates[i.code]) for i in INDICATORS if i.framework and rates[i.code] is not None]
    return [c for c, _ in pairs], [r for _, r in pairs]


# ---- dossiers listed -----------------------------------------------------------------------------------------

ROW_COLUMNS = {"code": "Mã hồ sơ", "unit_name": "Đơn vị", "procedure_name": "Thủ tục", "linh_vuc": "Lĩnh vực",
               "channel_label": "Kênh nộp", "received": "Tiếp nhận", "due": "Hẹn trả", "ended": "Kết thúc xử lý",
               "days_late": "Số ngày làm việc quá hạn", "status_label": "Trạng thái"}
DUE_COLUMNS = {"code": "Mã hồ sơ", "unit_name": "Đơn vị", "procedure_name": "Thủ tục", "linh_vuc": "Lĩnh vực",
               "received": "Tiếp nhận", "due": "Hẹn trả", "working_days_left": "Số ngày làm việc còn lại",
               "status_label": "Trạng thái"}
TIME_COLUMNS = {"unit_name": "Đơn vị", "procedure_name": "Thủ tục", "linh_vuc": "Lĩnh vực", "resolved": "Đã giải quyết",
                "median_days": "Trung vị (ngày làm việc)", "p90_days": "90 % hồ sơ trong (ngày làm việc)",
                "late": "Quá hạn"}


def dossier_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The dossiers of dossier_list_rows / dossier_list_due with dates as dd/mm/yyyy and labels for codes, for the
    table and its .xlsx (formula-like text is neutralised by reports.excel)."""
    out = rows.copy()
    for column, source in (("received", "received_at"), ("due", "due_at"), ("ended", "ended_at")):
        if source in out:
            out[column] = days(out[source], None)
    out["status_label"] = code_labels(out["status"], STATUS_LABELS)
    if "channel" in out:
        out["channel_label"] = code_labels(out["channel"], CHANNEL_LABELS).where(
            out["channel"].isna() | out["channel"].isin(list(CHANNEL_LABELS)), DASH)     # an unknown channel: "—"
    return out


# Rows a grid on the page shows; the download holds them all. A province's overdue list can run to tens of
# thousands of dossiers: every row sent to the browser (and, before, styled cell by cell: 17 s for 57.000 rows)
# costs the run, and nobody reads past the first screens of a list sorted by what matters most.
GRID_ROWS = 2000


def rows_table(rows: pd.DataFrame, columns: dict, limit: int = GRID_ROWS) -> pd.DataFrame:
    """The first `limit` rows as the grid shows them (st.dataframe(..., hide_index=True)); `grid_note` says when
    more exist."""
    shown = rows.head(limit)[[c for c in columns if c in rows]].rename(columns=columns)
    counts = [columns[c] for c in ("days_late", "working_days_left", "resolved", "late") if c in rows]
    decimals = [columns[c] for c in ("median_days", "p90_days") if c in rows]
    formats = {**{c: number for c in counts}, **{c: (lambda v: number(v, 1)) for c in decimals}}
    return shown_as_text(shown, formats)


def grid_note(total: int, limit: int = GRID_ROWS) -> str | None:
    """The caption under a grid cut at `limit` rows, or None when every row is shown."""
    if total <= limit:
        return None
    return (f"Bảng hiển thị {number(limit)} hồ sơ đầu tiên trong số {number(total)} (theo thứ tự của bảng); "
            "tải tệp .xlsx để xem đủ.")


def due_split(rows: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(overdue, due soon) of dossier_list_due."""
    return rows[rows["state"] == "qua_han"], rows[rows["state"] == "sap_den_han"]


def due_by_unit(rows: pd.DataFrame) -> pd.DataFrame:
    if rows.empty:
        return pd.DataFrame(columns=["Đơn vị", "Quá hạn", "Sắp đến hạn"])
    counts = rows.pivot_table(index="unit_name", columns="state", values="code", aggfunc="count", fill_value=0)
    return pd.DataFrame({"Đơn vị": counts.index,
                         "Quá hạn": counts.get("qua_han", pd.Series(0, index=counts.index)).astype(int).values,
                         "Sắp đến hạn": counts.get("sap_den_han", pd.Series(0, index=counts.index)).astype(int).values})


def processing_bars(times: pd.DataFrame, top: int = 15) -> go.Figure:
    """The slowest procedures: median and 90th percentile of working days, slowest at the top."""
    shown = times.head(top).iloc[::-1]
    names = [f"{p} ({u})" for p, u in zip(shown["procedure_name"].fillna(DASH), shown["unit_name"])]
    fig = go.Figure()
    fig.add_trace(go.Bar(y=names, x=shown["p90_days"], orientation="h", name="90 % hồ sơ trong",
                         text=[number(v, 1) for v in shown["p90_days"]], textposition="outside", cliponaxis=False))
    fig.add_trace(go.Bar(y=names, x=shown["median_days"], orientation="h", name="Trung vị",
                         text=[number(v, 1) for v in shown["median_days"]], textposition="outside", cliponaxis=False))
    fig.update_layout(barmode="group", xaxis_title="Ngày làm việc")
    return themed(fig, title=f"{min(top, len(times))} thủ tục chậm nhất (ngày làm việc từ tiếp nhận đến kết thúc)",
                  height=max(320, 40 * len(shown) + 120))
