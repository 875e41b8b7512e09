"""Hồ sơ chi tiết in the national instance with every province in scope: one row per province of the dossier
counts (queries/dossier_list_provinces.sql), a national total, and the provinces' on-time picture as bars —
never a dossier's row: 34 provinces' lists are tens of millions of dossiers, read one province at a time."""

import pandas as pd
import plotly.graph_objects as go

from charts.dossier_list import INDICATORS, SHORT, indicator_rates
from charts.format import shown_as_text
from charts.theme import AMBER, GREEN, RED, apply as themed
from vocabulary.numbers import number, percent

CHOOSE_PROVINCE = "Chọn một tỉnh để xem danh sách hồ sơ"
TOTAL = "Toàn quốc"
COUNTS = ("units", "recv_total", "recv_online", "recv_carry", "res_total", "res_on_time", "res_late", "proc_total",
          "proc_late", "returned_withdrawn", "awaiting_supplement")
LABELS = {"province": "Tỉnh", "units": "Đơn vị có hồ sơ", **{k: SHORT[k] for k in
          ("recv_total", "recv_online", "recv_carry", "res_total", "res_late", "proc_total", "proc_late")},
          "res_on_time": "Trước hạn, đúng hạn", "on_time_pct": "Tỷ lệ giải quyết đúng hạn",
          "returned_withdrawn": "Trả lại, rút", "awaiting_supplement": "Chờ bổ sung, tạm dừng"}
# the QĐ 766 indicators that are plain counts of a dossier list (2.1 and 2.2 need each dossier's working days:
# shown per unit once a province is chosen)
COUNTED_766 = tuple(i for i in INDICATORS if i.code not in ("2.1", "2.2"))
PAIRS = [c for i in COUNTED_766 for c in (i.numerator, i.denominator)]


def with_names(frame: pd.DataFrame, names: dict[int, str]) -> pd.DataFrame:
    """dossier_list_provinces with the province's name, and a last row "Toàn quốc": the sums (a 766 pair summed
    over the provinces whose lists have its column)."""
    out = frame.assign(province=[names.get(int(n), str(n)) for n in frame["province_no"]])
    total = {"province": TOTAL, **{c: frame[c].sum() for c in COUNTS},
             **{c: frame[c].sum(min_count=1) for c in PAIRS}}
    return pd.concat([out, pd.DataFrame([total])], ignore_index=True)


def _on_time_pct(row) -> float | None:
    return float(row["res_on_time"]) / float(row["res_total"]) * 100 if row["res_total"] else None


def province_table(named: pd.DataFrame) -> pd.DataFrame:
    """The table the page shows: counts as 1.234, rates as 98,5 %, "—" where a rate has no denominator or the
    lists have no column for it."""
    rates = [indicator_rates(r) for r in named.to_dict("records")]
    table = named[["province", *COUNTS]].assign(on_time_pct=[_on_time_pct(r) for _, r in named.iterrows()])
    for ind in COUNTED_766:
        table[ind.code] = [r[ind.code] for r in rates]
    order = ["province", *COUNTS[:6], "on_time_pct", *COUNTS[6:], *(i.code for i in COUNTED_766)]
    labels = {**LABELS, **{i.code: f"{i.code} {i.name}" for i in COUNTED_766}}
    formats = {**{c: number for c in COUNTS}, "on_time_pct": percent, **{i.code: percent for i in COUNTED_766}}
    return shown_as_text(table[order], formats).rename(columns=labels)


def province_bars(named: pd.DataFrame) -> go.Figure:
    """Per province, what happened to its dossiers in the period: resolved before or on time, resolved late, still
    in process past the due date; the most dossiers at the top."""
    shown = named[named["province"] != TOTAL].sort_values("recv_total")
    fig = go.Figure()
    for column, colour in (("res_on_time", GREEN), ("res_late", AMBER), ("proc_late", RED)):
        fig.add_trace(go.Bar(y=shown["province"], x=shown[column], orientation="h", name=LABELS[column]
                             if column != "proc_late" else SHORT["proc_late"], marker_color=colour,
                             hovertemplate="%{y}: %{x:,}<extra></extra>"))
    fig.update_layout(barmode="stack", xaxis_title="Số hồ sơ", legend_traceorder="normal")
    return themed(fig, title="Hồ sơ đã giải quyết và đang quá hạn theo tỉnh",
                  height=max(320, 26 * len(shown) + 140))
