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


# The chart toolbar of every page, in Vietnamese. Plotly takes a locale's words from the chart's own config
# (`locales`), so no locale bundle has to be loaded into Streamlit's page; the toolbar keeps what a reader of a
# report uses (download, zoom, pan, back to the whole chart), not the selection and hover-mode tools.
TOOLBAR_WORDS = {
    "Download plot as a PNG": "Tải biểu đồ về máy (ảnh PNG)",
    "Download plot": "Tải biểu đồ về máy",
    "Preparing image - this may take a few seconds": "Đang tạo ảnh, xin chờ vài giây",
    "Sorry, there was a problem downloading your image!": "Không tải được ảnh biểu đồ, hãy thử lại.",
    "Zoom": "Phóng to vùng kéo chọn",
    "Pan": "Kéo để di chuyển",
    "Zoom in": "Phóng to",
    "Zoom out": "Thu nhỏ",
    "Autoscale": "Vừa khít dữ liệu",
    "Reset axes": "Về khung ban đầu",
    "Reset": "Về khung ban đầu",
    "Reset view": "Về khung ban đầu",
    "Box Select": "Chọn theo vùng",
    "Lasso Select": "Chọn tự do",
    "Toggle Spike Lines": "Bật/tắt đường gióng",
    "Show closest data on hover": "Hiện điểm gần nhất khi di chuột",
    "Compare data on hover": "So sánh các đường khi di chuột",
    "Toggle show closest data on hover": "Bật/tắt hiện điểm gần nhất",
    "Double-click to zoom back out": "Nhấp đúp để về khung ban đầu",
    "Double-click on legend to isolate one trace": "Nhấp đúp vào chú giải để chỉ xem một đường",
}
CHART_CONFIG = {
    "displaylogo": False,
    "locale": "vi",
    "locales": {"vi": {"dictionary": TOOLBAR_WORDS}},
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "toggleSpikelines", "hoverClosestCartesian",
                               "hoverCompareCartesian"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}

# Streamlit adds its own full-screen button to the toolbar with an English title and no way to change it; its
# tooltip is painted from `data-title` by plotly's style sheet, so this style paints the Vietnamese words instead.
TOOLBAR_STYLE = """<style>
.js-plotly-plot .plotly .modebar-btn[data-title="Fullscreen"]::after { content: "Xem toàn màn hình" !important; }
.js-plotly-plot .plotly .modebar-btn[data-title="Close fullscreen"]::after { content: "Thoát toàn màn hình" !important; }
</style>"""
