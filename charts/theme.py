"""One look for every figure: colours, fonts, Vietnamese number separators."""

import plotly.graph_objects as go

FONT = "Roboto, 'Segoe UI', 'Noto Sans', 'DejaVu Sans', sans-serif"
BLUE = "#1f4e79"        # online, primary series
TEAL = "#2a9d8f"
AMBER = "#e9a23b"
RED = "#c0392b"
GREY = "#8c96a3"
LIGHT = "#d9e2ec"
GREEN = "#2e7d32"

CHANNEL_COLORS = {"Trực tuyến": BLUE, "Trực tiếp, bưu chính": AMBER, "Từ kỳ trước": LIGHT}


def apply(fig: go.Figure, title: str | None = None, height: int = 380) -> go.Figure:
    """Common layout: decimal comma and dot thousands (separators=",."), legend below, quiet grid."""
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left", font=dict(size=16)) if title else None,
        separators=",.",
        font=dict(family=FONT, size=13, color="#1b2631"),
        height=height,
        margin=dict(l=10, r=10, t=50 if title else 20, b=40),
        plot_bgcolor="white",
        paper_bgcolor="white",
        # below the axis: a legend that wraps to two lines then never runs into the title
        legend=dict(orientation="h", yanchor="top", y=-0.2, xanchor="left", x=0, font=dict(size=12)),
        hoverlabel=dict(font=dict(family=FONT)),
    )
    fig.update_xaxes(showgrid=False, linecolor=GREY, tickangle=0)
    fig.update_yaxes(gridcolor="#edf1f5", zerolinecolor=GREY)
    return fig
