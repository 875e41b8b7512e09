"""The "Cảnh báo & bản tin" page run alone (AppTest) on the sample: an admin adds, switches off and deletes rules,
the rules are kept in the warehouse, and a send that cannot reach its server is shown in the log as failed."""

from streamlit.testing.v1 import AppTest

import queries
from tests.sample_db import ROOT

PAGE = str(ROOT / "pages" / "alerts.py")


def _page():
    return AppTest.from_file(PAGE, default_timeout=120).run()


def test_an_admin_keeps_rules_and_sees_a_failed_send_in_the_log(sample_db, monkeypatch):
    for key in ("CCHC_SMTP_HOST", "CCHC_WEBHOOK_ZALO"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("CCHC_SECRETS", "/nonexistent")
    at = _page()
    assert not at.exception
    assert [s.value for s in at.subheader] == ["Quy tắc cảnh báo", "Bản tin", "Nhật ký gửi"]
    assert "Chưa có quy tắc nào." in [i.value for i in at.info]

    at.selectbox(key="a_kind").set_value("overdue_pending_above").run()
    at.text_input(key="a_name").input("Quá hạn tồn trên 20 hồ sơ")
    at.number_input(key="a_threshold").set_value(20.0)
    at.text_area(key="a_recipients").input("lanhdao@so.example.vn\nwebhook:zalo")
    at.button(key="a_add").click().run()
    assert not at.exception
    assert at.success[0].value == "Đã thêm quy tắc số 1."
    table = at.dataframe[0].value
    assert list(table.iloc[0]) == [1, "Quá hạn tồn trên 20 hồ sơ", "Hồ sơ đang giải quyết quá hạn cuối kỳ vượt ngưỡng",
                                   "20 hồ sơ", "Tất cả đơn vị", "lanhdao@so.example.vn, webhook:zalo", "Đang bật"]

    # a recipient that is a raw URL is refused with the reason, nothing is stored
    at.text_input(key="a_name").input("Sai")
    at.text_area(key="a_recipients").input("https://hook.example/x?token=1")
    at.button(key="a_add").click().run()
    assert at.error[0].value.startswith("Người nhận không hợp lệ: https://hook.example/x?token=1.")

    at.selectbox(key="a_period_Quý").set_value("Quý IV/2025")
    at.button(key="a_send").click().run()
    assert not at.exception
    assert at.success[0].value == "Đã gửi 0/2 bản tin Quý IV/2025; 2 lần gửi thất bại, xem nhật ký bên dưới."
    assert at.warning[0].value.startswith("2 lần gửi thất bại")
    log = at.dataframe[1].value
    assert set(log["Kết quả"]) == {"Thất bại"} and set(log["Kỳ"]) == {"Quý IV/2025"}
    assert log.loc[log["Người nhận"] == "lanhdao@so.example.vn", "Lỗi"].iloc[0].startswith(
        "chưa cấu hình máy chủ SMTP")

    at.button(key="a_toggle").click().run()
    assert at.success[0].value == "Đã tắt quy tắc số 1." and at.dataframe[0].value.iloc[0]["Trạng thái"] == "Đã tắt"
    at.button(key="a_delete").click().run()
    assert at.success[0].value == "Đã xóa quy tắc số 1 (nhật ký gửi vẫn giữ)."
    # weekly and monthly bulletins from the sample's dossier lists (they end on 14/12/2025), latest first
    at.radio(key="a_every").set_value("Tuần").run()
    weeks = at.selectbox(key="a_period_Tuần").options
    assert weeks[:2] == ["Tuần 50/2025, 08/12 – 14/12/2025", "Tuần 49/2025, 01/12 – 07/12/2025"] and len(weeks) == 12
    assert any(c.value.startswith("Gửi định kỳ bằng lệnh (cron), kể cả khi dashboard đang chạy") for c in at.caption)
    at.selectbox(key="a_period_Tuần").set_value(weeks[1])
    at.button(key="a_preview").click().run()
    assert not at.exception
    preview = at.text[0].value
    assert preview.startswith("BẢN TIN CCHC TUẦN 49/2025, 01/12 – 07/12/2025")
    assert "tính từ danh sách hồ sơ xuất từ hệ thống thông tin giải quyết TTHC" in preview
    at.radio(key="a_every").set_value("Tháng").run()
    assert at.selectbox(key="a_period_Tháng").options[0] == "Tháng 12/2025"

    con = queries.connect(sample_db)      # the page's own connection is still open in this process
    assert queries.run(con, "alert_rules").empty
    assert len(queries.run(con, "alert_deliveries", period_label=None, limit=10)) == 2
    con.close()
