"""Sentences in Vietnamese administrative style, written from the numbers of the queries.

Pure functions: values or rows of the queries in, text out. Nothing here computes a rate or looks a number
up: each figure in a sentence is a value the caller got from the same query as the chart beside it, only
formatted (charts.format) and put into words. A value that is missing leaves its clause out rather than
printing "—" in the middle of a sentence.
"""

from collections.abc import Mapping, Sequence

from vocabulary.numbers import missing, number, percent

ON_TIME_NAME = "tỷ lệ giải quyết trước và đúng hạn"
ONLINE_NAME = "tỷ lệ tiếp nhận trực tuyến"
# below this many hundredths of a point a change reads as "không thay đổi"
_STEADY = 0.005


def change(delta_pp, reference: str | None = None) -> str:
    """"tăng 1,20 điểm % so với cùng kỳ năm trước (Quý IV/2024)"; "" when there is nothing to compare."""
    if missing(delta_pp):
        return ""
    where = f"so với cùng kỳ năm trước ({reference})" if reference else "so với cùng kỳ năm trước"
    if abs(delta_pp) < _STEADY:
        return f"không thay đổi {where}"
    verb = "tăng" if delta_pp > 0 else "giảm"
    return f"{verb} {number(abs(delta_pp), 2)} điểm % {where}"


def capital(text: str) -> str:
    """The first letter in upper case, the rest untouched ("tỷ lệ …" → "Tỷ lệ …", "các đơn vị" → "Các đơn vị")."""
    return text[:1].upper() + text[1:]


def _with(clause: str) -> str:
    return f", {clause}" if clause else ""


def period_summary(scope: str, row: Mapping) -> str:
    """The opening sentence of a report on one period (a row of dossier_period_totals).

    "Trong kỳ báo cáo (Quý IV/2025), Sở Tư pháp đã tiếp nhận 2.209 hồ sơ (251 hồ sơ kỳ trước chuyển sang,
    1.958 hồ sơ mới tiếp nhận), trong đó trực tuyến 1.507 hồ sơ (76,97 % số hồ sơ mới tiếp nhận, …); …"
    """
    reference = None if missing(row.get("ly_label")) else row["ly_label"]
    parts = [f"Trong kỳ báo cáo ({row['label']}), {scope} đã tiếp nhận {number(row['recv_total'])} hồ sơ"]
    if not missing(row.get("recv_carry")) and not missing(row.get("online_den")):
        parts[0] += (f" ({number(row['recv_carry'])} hồ sơ kỳ trước chuyển sang, "
                     f"{number(row['online_den'])} hồ sơ mới tiếp nhận)")
    if not missing(row.get("online_pct")):
        parts[0] += (f", trong đó trực tuyến {number(row['recv_online'])} hồ sơ "
                     f"({percent(row['online_pct'])} số hồ sơ mới tiếp nhận{_with(change(row.get('d_ly_online_pp')))})")
    if not missing(row.get("on_time_pct")):
        parts.append(f"đã giải quyết {number(row['res_total'])} hồ sơ, {ON_TIME_NAME} đạt "
                     f"{percent(row['on_time_pct'])}{_with(change(row.get('d_ly_on_time_pp'), reference))}")
    elif not missing(row.get("res_total")):
        parts.append(f"đã giải quyết {number(row['res_total'])} hồ sơ")
    if not missing(row.get("proc_total")):
        pending = f"còn {number(row['proc_total'])} hồ sơ đang giải quyết"
        if not missing(row.get("proc_late")) and row["proc_late"] > 0:
            pending += f", trong đó {number(row['proc_late'])} hồ sơ quá hạn"
        parts.append(pending)
    return "; ".join(parts) + "."


def target_sentence(name: str, value, target_value, comparator: str, year: int, document: str | None = None) -> str:
    """"Tỷ lệ tiếp nhận trực tuyến (76,97 %) đạt mục tiêu năm 2025 (≥ 50 %)." or "… chưa đạt …"."""
    met = target_met(value, target_value, comparator)
    sign = "≥" if comparator == ">=" else "≤"
    source = f", {document}" if document else ""
    verdict = "đạt" if met else "chưa đạt"
    return (f"{capital(name)} ({percent(value)}) {verdict} mục tiêu năm {year} "
            f"({sign} {percent(target_value, 0)}{source}).")


def target_met(value, target_value, comparator: str) -> bool | None:
    """Whether a value meets its target (">=" or "<="); None when either is missing."""
    if missing(value) or missing(target_value):
        return None
    return bool(value >= target_value) if comparator == ">=" else bool(value <= target_value)


def threshold_sentence(what: str, measure: str, names_and_values: Sequence[tuple[str, float]], low, high=None,
                       verdict: str = "", limit: int = 5) -> str:
    """"2 lĩnh vực có tỷ lệ tiếp nhận trực tuyến dưới 80 % (cần cải thiện gấp): Đất đai (65,58 %), …".

    The lowest `limit` are named (the list comes lowest first); the others are counted."""
    if not names_and_values:
        return ""
    band = (f"dưới {_limit(low)}" if high is None else f"từ {_limit(low)} đến dưới {_limit(high)}")
    listed = ", ".join(f"{name} ({percent(value)})" for name, value in names_and_values[:limit])
    rest = len(names_and_values) - limit
    if rest > 0:
        listed += f" và {number(rest)} {what} khác"
    tail = f" ({verdict})" if verdict else ""
    return f"Có {number(len(names_and_values))} {what} có {measure} {band}{tail}: {listed}."


def _limit(value) -> str:
    """A threshold as the admin typed it: 80 → "80 %", 99.5 → "99,50 %" (never rounded up to 100 %)."""
    return percent(value, 0 if float(value).is_integer() else 2)


def late_sentences(row: Mapping) -> list[str]:
    """Dossiers resolved late in the period and overdue ones still pending at its end (a row of the period)."""
    found = []
    if not missing(row.get("res_late")) and row["res_late"] > 0:
        found.append(f"Có {number(row['res_late'])} hồ sơ giải quyết quá hạn trong kỳ.")
    if not missing(row.get("proc_late")) and row["proc_late"] > 0:
        found.append(f"Còn {number(row['proc_late'])} hồ sơ đang giải quyết quá hạn tại thời điểm cuối kỳ.")
    return found


def decline_sentence(name: str, delta_pp, reference: str | None) -> str:
    """A rate that fell against the same period last year; "" when it did not fall."""
    if missing(delta_pp) or delta_pp > -_STEADY:
        return ""
    return f"{capital(name)} {change(delta_pp, reference)}."


NOTHING_FOUND = "Chưa phát hiện tồn tại, hạn chế từ số liệu của kỳ báo cáo."


def previous_period_sentence(row: Mapping) -> str:
    """"So với kỳ trước (Quý III/2025): số hồ sơ tiếp nhận tăng 120 hồ sơ, tỷ lệ … giảm 0,12 điểm %, …" from a row
    of dossier_period_totals (its d_prev_* columns); "" when there is no previous period."""
    if missing(row.get("prev_label")):
        return ""
    parts = []
    for column, what, unit in (("d_prev_recv_total", "số hồ sơ tiếp nhận", "hồ sơ"),
                               ("d_prev_on_time_pp", ON_TIME_NAME, "điểm %"),
                               ("d_prev_online_pp", ONLINE_NAME, "điểm %"),
                               ("d_prev_proc_late", "số hồ sơ đang giải quyết quá hạn", "hồ sơ")):
        delta = row.get(column)
        if missing(delta):
            continue
        decimals = 2 if unit == "điểm %" else 0
        if abs(delta) < (_STEADY if decimals else 0.5):
            parts.append(f"{what} không thay đổi")
        else:
            parts.append(f"{what} {'tăng' if delta > 0 else 'giảm'} {number(abs(delta), decimals)} {unit}")
    return f"So với kỳ trước ({row['prev_label']}): " + ", ".join(parts) + "." if parts else ""
