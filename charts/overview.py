"""Figures of the "Tổng quan" page. Builders take the rows of `dossier_period_totals` and return figures."""

import pandas as pd
import plotly.graph_objects as go

from charts import theme
from charts.format import number, percent
from loaders.periods import ROMAN


def period_axis(periods: pd.DataFrame):
    """Two-level x axis: quarters (I–IV) grouped under their year; other kinds keep their label."""
    if periods["quarter"].notna().all():
        return [[str(y) for y in periods["year"]], [ROMAN[int(q)] for q in periods["quarter"]]]
    return list(periods["label"])


def rate_trend(periods: pd.DataFrame) -> go.Figure:
    """On-time % and online % by period, with the counts behind each point on hover."""
    fig = go.Figure()
    series = [
        ("on_time_pct", "Giải quyết trước và đúng hạn", theme.TEAL,
         lambda r: f"{number(r.on_time_num)} / {number(r.on_time_den)} hồ sơ đã giải quyết"),
        ("online_pct", "Tiếp nhận trực tuyến", theme.BLUE,
         lambda r: f"{number(r.online_num)} / {number(r.online_den)} hồ sơ mới tiếp nhận"),
    ]
    for column, name, color, detail in series:
        fig.add_trace(go.Scatter(
            x=period_axis(periods), y=periods[column], name=name, mode="lines+markers",
            line=dict(color=color, width=3), marker=dict(size=7),
            customdata=[[percent(getattr(r, column)), detail(r), r.label] for r in periods.itertuples()],
            hovertemplate="<b>%{customdata[2]}</b><br>" + name + ": %{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        ))
    theme.apply(fig, "Tỷ lệ đúng hạn và tỷ lệ trực tuyến theo kỳ")
    fig.update_yaxes(title=None, range=[0, 105], ticksuffix=" %")
    return fig


def channel_bars(periods: pd.DataFrame) -> go.Figure:
    """Dossiers to handle per period: new online, new direct/postal, carried over (the stack is column (3))."""
    fig = go.Figure()
    parts = [("recv_online", "Trực tuyến"), ("recv_offline", "Trực tiếp, bưu chính"), ("recv_carry", "Từ kỳ trước")]
    for column, name in parts:
        fig.add_trace(go.Bar(
            x=period_axis(periods), y=periods[column], name=name, marker_color=theme.CHANNEL_COLORS[name],
            customdata=[[number(v), label] for v, label in zip(periods[column], periods["label"])],
            hovertemplate="<b>%{customdata[1]}</b><br>" + name + ": %{customdata[0]} hồ sơ<extra></extra>",
        ))
    theme.apply(fig, "Hồ sơ nhận giải quyết theo kênh tiếp nhận")
    fig.update_layout(barmode="stack", yaxis=dict(tickformat=",d"))
    return fig
