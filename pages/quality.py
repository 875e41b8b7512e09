"""Chất lượng dữ liệu: every inconsistency found in the stored history, with the file and row it came from."""

import streamlit as st

import dashboard
from charts import quality as tables
from vocabulary.numbers import number
from reports.excel import table_xlsx


def render():
    st.title("Chất lượng dữ liệu")
    st.caption("Các điểm bất thường trong toàn bộ số liệu đã nạp (không chỉ kỳ đang xem). Tệp có lỗi V1–V3 bị "
               "từ chối khi nạp; V4 (tổng nhận khác đã + đang giải quyết) và V5 (số kỳ trước chuyển sang khác số "
               "đang giải quyết cuối kỳ trước) được nạp kèm cảnh báo và liệt kê ở đây để rà soát.")
    cur = dashboard.cursor()
    findings = dashboard.query(cur, "dossier_quality")
    if findings.empty:
        st.success("Không phát hiện điểm bất thường nào trong số liệu đã nạp.")
        return
    summary = dashboard.query(cur, "dossier_quality_summary")
    cols = st.columns(len(summary))
    for col, row in zip(cols, summary.itertuples()):
        col.metric(row.check_name, number(row.findings), help=row.rule, border=True)
    st.dataframe(tables.findings_table(findings), width="stretch", hide_index=True)
    st.download_button("Tải danh sách (.xlsx)", key="dl_quality", file_name="chat_luong_du_lieu.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       data=lambda: table_xlsx(findings, tables.FINDING_COLUMNS, "Chất lượng dữ liệu"))


dashboard.guarded(render)
