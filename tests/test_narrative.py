"""The Vietnamese sentences on worked examples: the numbers in, the expected sentence out, word for word."""

from reports import narrative

# The example of the issue: 2.209 dossiers to handle, 251 of them carried over, so 2.209 − 251 = 1.958 new;
# 1.507 of the new ones online: 1.507 / 1.958 = 76,966 % → "76,97 %". Resolved 2.008, of which 1.961 early
# or on time: 1.961 / 2.008 = 97,659 % → "97,66 %". Pending 2.209 − 2.008 = 201, 12 of them overdue.
EXAMPLE = {
    "label": "Quý IV/2025", "ly_label": "Quý IV/2024",
    "recv_total": 2209, "recv_carry": 251, "online_den": 1958, "recv_online": 1507,
    "online_pct": 100 * 1507 / 1958, "d_ly_online_pp": 2.35,
    "res_total": 2008, "on_time_pct": 100 * 1961 / 2008, "d_ly_on_time_pp": 1.2,
    "proc_total": 201, "proc_late": 12, "res_late": 47,
}


def test_period_summary_of_the_worked_example():
    assert narrative.period_summary("Sở Tư pháp", EXAMPLE) == (
        "Trong kỳ báo cáo (Quý IV/2025), Sở Tư pháp đã tiếp nhận 2.209 hồ sơ (251 hồ sơ kỳ trước chuyển sang, "
        "1.958 hồ sơ mới tiếp nhận), trong đó trực tuyến 1.507 hồ sơ (76,97\u00a0% số hồ sơ mới tiếp nhận, "
        "tăng 2,35 điểm % so với cùng kỳ năm trước); đã giải quyết 2.008 hồ sơ, tỷ lệ giải quyết trước và đúng "
        "hạn đạt 97,66\u00a0%, tăng 1,20 điểm % so với cùng kỳ năm trước (Quý IV/2024); còn 201 hồ sơ đang "
        "giải quyết, trong đó 12 hồ sơ quá hạn.")


def test_without_last_year_the_comparison_is_left_out():
    row = dict(EXAMPLE, ly_label=None, d_ly_online_pp=None, d_ly_on_time_pp=float("nan"), proc_late=0)
    assert narrative.period_summary("Sở Tư pháp", row) == (
        "Trong kỳ báo cáo (Quý IV/2025), Sở Tư pháp đã tiếp nhận 2.209 hồ sơ (251 hồ sơ kỳ trước chuyển sang, "
        "1.958 hồ sơ mới tiếp nhận), trong đó trực tuyến 1.507 hồ sơ (76,97\u00a0% số hồ sơ mới tiếp nhận); "
        "đã giải quyết 2.008 hồ sơ, tỷ lệ giải quyết trước và đúng hạn đạt 97,66\u00a0%; còn 201 hồ sơ đang "
        "giải quyết.")


def test_nothing_resolved_gives_no_rate():
    row = dict(EXAMPLE, res_total=0, on_time_pct=None, online_pct=None)
    assert narrative.period_summary("các đơn vị", row) == (
        "Trong kỳ báo cáo (Quý IV/2025), các đơn vị đã tiếp nhận 2.209 hồ sơ (251 hồ sơ kỳ trước chuyển sang, "
        "1.958 hồ sơ mới tiếp nhận); đã giải quyết 0 hồ sơ; còn 201 hồ sơ đang giải quyết, trong đó 12 hồ sơ "
        "quá hạn.")


def test_change_words():
    assert narrative.change(1.2, "Quý IV/2024") == "tăng 1,20 điểm % so với cùng kỳ năm trước (Quý IV/2024)"
    assert narrative.change(-0.456) == "giảm 0,46 điểm % so với cùng kỳ năm trước"
    assert narrative.change(0.004) == "không thay đổi so với cùng kỳ năm trước"
    assert narrative.change(None) == ""


def test_targets_met_and_missed():
    # 97,66 % against "≥ 100 %": missed; 76,97 % against "≥ 50 %": met
    assert narrative.target_sentence(narrative.ON_TIME_NAME, 100 * 1961 / 2008, 100.0, ">=", 2025,
                                     "QĐ 333/QĐ-SKHCN") == (
        "Tỷ lệ giải quyết trước và đúng hạn (97,66\u00a0%) chưa đạt mục tiêu năm 2025 (≥ 100\u00a0%, QĐ 333/QĐ-SKHCN).")
    assert narrative.target_sentence(narrative.ONLINE_NAME, 100 * 1507 / 1958, 50.0, ">=", 2025) == (
        "Tỷ lệ tiếp nhận trực tuyến (76,97\u00a0%) đạt mục tiêu năm 2025 (≥ 50\u00a0%).")
    assert narrative.target_met(2.5, 3.0, "<=") is True
    assert narrative.target_met(None, 3.0, "<=") is None


def test_threshold_sentence_names_the_lowest_and_counts_the_rest():
    found = [("Đất đai", 62.584), ("Trợ giúp pháp lý", 45.588), ("Hộ tịch", 70.0)]
    assert narrative.threshold_sentence("lĩnh vực", narrative.ONLINE_NAME, found, 80, verdict="cần cải thiện gấp",
                                        limit=2) == (
        "Có 3 lĩnh vực có tỷ lệ tiếp nhận trực tuyến dưới 80\u00a0% (cần cải thiện gấp): Đất đai (62,58\u00a0%), "
        "Trợ giúp pháp lý (45,59\u00a0%) và 1 lĩnh vực khác.")
    assert narrative.threshold_sentence("đơn vị", narrative.ON_TIME_NAME, [("Sở Y tế", 85.0)], 80, 90,
                                        "cần chú ý") == (
        "Có 1 đơn vị có tỷ lệ giải quyết trước và đúng hạn từ 80\u00a0% đến dưới 90\u00a0% (cần chú ý): "
        "Sở Y tế (85,00\u00a0%).")
    assert narrative.threshold_sentence("đơn vị", narrative.ON_TIME_NAME, [], 80) == ""


def test_late_and_declining():
    assert narrative.late_sentences(EXAMPLE) == ["Có 47 hồ sơ giải quyết quá hạn trong kỳ.",
                                                 "Còn 12 hồ sơ đang giải quyết quá hạn tại thời điểm cuối kỳ."]
    assert narrative.late_sentences(dict(EXAMPLE, res_late=0, proc_late=0)) == []
    assert narrative.decline_sentence(narrative.ONLINE_NAME, -3.5, "Quý IV/2024") == (
        "Tỷ lệ tiếp nhận trực tuyến giảm 3,50 điểm % so với cùng kỳ năm trước (Quý IV/2024).")
    assert narrative.decline_sentence(narrative.ONLINE_NAME, 0.5, "Quý IV/2024") == ""
