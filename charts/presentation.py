"""The slide charts (reports.slides.Chart) drawn for the projector (plotly) and for print (matplotlib).

Both builders read the same description and only place and format its values: lines for trends with the
yearly target dashed, horizontal bars coloured by threshold band for the lowest units or lĩnh vực. Fonts are
large: the projector is read from the back of a meeting room.
"""

import math
import textwrap

import plotly.graph_objects as go

from charts import theme
from vocabulary.numbers import missing, number, percent

PROJECTOR_FONT = 20


def value_range(chart) -> tuple[float, float]:
    """The value axis: bars start at 0 (a bar's length is its value); a rate trend starts at the ten below
    its lowest point, so a change of one point stays visible, and ends just above 100 %."""
    values = [v for s in chart.series for v in s.values if not missing(v)]
    if not values:
        return 0.0, 100.0
    top = max(values)
    if chart.percent:
        top = max(100.0, top)
    if chart.horizontal:
        return 0.0, top * 1.12
    low = max(0.0, math.floor((min(values) - 5) / 10) * 10)
    return low, top + (top - low) * 0.08


def axis_note(chart) -> str | None:
    """Said beside a value axis that does not start at zero (a rate trend from 90 %), so that nobody reads the
    height of a line as its value; None for one that does."""
    low, _ = value_range(chart)
    if chart.horizontal or low <= 0:
        return None
    return f"Trục dọc bắt đầu từ {percent(low, 0) if chart.percent else number(low)}"


def label(chart, value) -> str:
    """A value as its data label reads: 97,66 % for a rate, 4,27 for points."""
    return percent(value) if chart.percent else number(value, 2)


def labelled_points(chart, series) -> dict[int, str]:
    """The points of a trend line that carry a data label, and where: the first and the last only (a label on
    every point runs into its neighbours), "below" when the dashed target is at or above the point (the line
    would cross a label above it), else "above"."""
    shown = [i for i, v in enumerate(series.values) if not missing(v)]
    targets = [s for s in chart.series if s.style == "target"]
    where = {}
    for i in sorted({shown[0], shown[-1]} if shown else set()):
        over = [t.values[i] for t in targets if i < len(t.values) and not missing(t.values[i])]
        where[i] = "below" if any(t >= series.values[i] for t in over) else "above"
    return where


def wrapped(text: str, width: int = 30) -> str:
    """Long unit or lĩnh vực names on two or three lines instead of squeezing the plot."""
    return "\n".join(textwrap.wrap(str(text), width)) or str(text)


def figure(chart, height: int = 520) -> go.Figure:
    """The plotly figure for the presentation page."""
    fig = go.Figure()
    low, high = value_range(chart)
    for series in chart.series:
        texts = [label(chart, v) if not missing(v) else "" for v in series.values]
        if series.style == "bar":
            fig.add_trace(go.Bar(
                y=[wrapped(c).replace("\n", "<br>") for c in chart.categories], x=list(series.values),
                orientation="h", name=series.name, marker_color=list(series.colors) if series.colors else series.color,
                text=texts, textposition="outside", textfont=dict(size=PROJECTOR_FONT),
                hovertemplate="%{y}: %{text}<extra></extra>", cliponaxis=False))
        else:
            target = series.style == "target"
            where = labelled_points(chart, series)
            texts = [texts[i] if i in where else "" for i in range(len(texts))]
            fig.add_trace(go.Scatter(
                x=list(chart.categories), y=list(series.values), name=series.name,
                mode="lines" if target else "lines+markers+text", connectgaps=False,
                line=dict(color=series.color, width=3 if target else 5, dash="dash" if target else "solid"),
                marker=dict(size=11), text=None if target else texts,
                textposition=[f"{'bottom' if where.get(i) == 'below' else 'top'} center" for i in range(len(texts))],
                textfont=dict(size=PROJECTOR_FONT - 4, color=series.color),
                customdata=[label(chart, v) if not missing(v) else "" for v in series.values],
                hovertemplate="%{x}: " + ("%{y}" if target else "%{customdata}") + "<extra>" + series.name + "</extra>"))
    theme.apply(fig, None, height=height)
    # bars keep room on the right for their value labels
    fig.update_layout(font=dict(size=PROJECTOR_FONT), legend=dict(font=dict(size=PROJECTOR_FONT - 2), y=-0.12),
                      margin=dict(l=10, r=110 if chart.horizontal else 30, t=20, b=60),
                      showlegend=len(chart.series) > 1)
    suffix = " %" if chart.percent else ""
    ticks = dict(size=PROJECTOR_FONT - 4, color="#1b2631")
    if chart.horizontal:
        fig.update_xaxes(range=[low, high], ticksuffix=suffix, gridcolor="#edf1f5", tickfont=ticks)
        fig.update_yaxes(autorange="reversed", tickfont=dict(size=PROJECTOR_FONT - 2, color="#1b2631"))
    else:
        fig.update_yaxes(range=[low, high], ticksuffix=suffix, tickfont=ticks,
                         title=dict(text=axis_note(chart), font=dict(size=PROJECTOR_FONT - 6, color="#5d6d7e")))
        fig.update_xaxes(type="category", tickfont=ticks, automargin=True)
    return fig
