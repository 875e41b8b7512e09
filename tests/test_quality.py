"""The `dossier_quality` view / query: V1–V5 findings over the stored history, naming file, sheet and row."""

from datetime import date

from vocabulary.issues import WARNING
from loaders.pipeline import commit_file, inspect_file
from tests.test_rates import FIXTURES, RATES, XAY_DUNG, load, records

TU_PHAP_Q2 = FIXTURES / "good_official_formulas_tu_phap_q2_2025.xlsx"   # Hộ tịch pending at 14/6/2025: 6
TU_PHAP_Q3 = FIXTURES / "store_tu_phap_q3_2025.xlsx"                    # Hộ tịch carries 7 into Q3
ROLLUP_Q2 = FIXTURES / "store_rollup_q2_2025.xlsx"                      # Sở Tư pháp as one row, pending 281
V4_GAP = RATES / "noi_vu_q3_2024_v4_gap.xlsx"

SHOWN = ("check_code", "unit_name", "linh_vuc", "period_label", "expected", "found", "difference", "message",
         "batch_id", "file_name", "sheet", "source_row")


def findings(con) -> list[tuple]:
    return [tuple(r[c] for c in SHOWN) for r in records(con, "dossier_quality")]


def test_consistent_history_has_no_finding(db):
    # four chained quarters, and the Sở Giáo dục quarters beside their 6-month, 9-month and year reports
    # (built from the quarters, so every carry-over matches the pending stock before it)
    load(db, *XAY_DUNG, *sorted(RATES.glob("giao_duc_2025_*.xlsx")))
    assert findings(db) == []


def test_v5_carry_differs_from_pending_of_the_previous_quarter(db):
    load(db, TU_PHAP_Q2)
    report = inspect_file(db, TU_PHAP_Q3.name, TU_PHAP_Q3.read_bytes())
    # the loader warns (Hộ tịch carries 7, Q2 left 6 pending) and the file loads all the same
    assert [(i.level, i.where()) for i in report.issues if i.level == WARNING] == [(WARNING, "Biểu 06!F14")]
    commit_file(db, report, loaded_by="pytest")
    assert findings(db) == [
        ("V5", "Sở Tư pháp", "Hộ tịch", "Quý III/2025", 6, 7, 1,
         "Số từ kỳ trước chuyển sang Quý III/2025 (7) khác số đang giải quyết cuối Quý II/2025 (6)",
         2, "store_tu_phap_q3_2025.xlsx", "Biểu 06", 14)]


def test_v5_between_a_rollup_row_and_a_file_by_linh_vuc_compares_unit_totals(db):
    load(db, ROLLUP_Q2, TU_PHAP_Q3)
    # Q2 roll-up: Sở Tư pháp pending 266 + 15 = 281; Q3 by lĩnh vực: carry 7 + 242 + 15 = 264 (the Q3 file
    # has three lĩnh vực only). The row concerned is the whole Q3 sheet: no single Excel row.
    assert findings(db) == [
        ("V5", "Sở Tư pháp", None, "Quý III/2025", 281, 264, -17,
         "Số từ kỳ trước chuyển sang Quý III/2025 (264) khác số đang giải quyết cuối Quý II/2025 (281)",
         2, "store_tu_phap_q3_2025.xlsx", "Biểu 06", None)]


def test_v4_gap_loaded_with_a_warning_is_listed(db):
    load(db, V4_GAP)
    # "Tôn giáo" (Excel row 15): received 6 + 9 + 2 = 17; resolved 9 + 6 + 0 = 15, pending 1 → 16; gap 1
    assert findings(db) == [
        ("V4", "Sở Nội vụ", "Tôn giáo", "Quý III/2024", 16, 17, 1,
         "Tổng số hồ sơ nhận giải quyết (17) khác đã giải quyết + đang giải quyết (16), chênh 1: có thể do hồ sơ "
         "trả lại, rút hoặc chờ bổ sung",
         1, "noi_vu_q3_2024_v4_gap.xlsx", "Biểu 06", 15)]


def test_v1_to_v3_on_rows_altered_after_loading(db):
    """The loader refuses V1–V3, so they can only come from stored rows changed by hand; the view still finds them."""
    load(db, *XAY_DUNG)
    q1 = {"q1": date(2024, 3, 14)}
    # Hoạt động xây dựng Q1 (row 14): online 100 → 1.102 with (3) left at 150: (4)+(5)+(6) = 1.102 + 40 + 10 = 1.152;
    # and a direct/BCCI split 10 + 5 = 15 that does not make up (5) = 40
    db.execute("UPDATE dossier_count SET recv_online = 1102, recv_direct = 10, recv_postal = 5 "
               "WHERE linh_vuc = 'Hoạt động xây dựng' AND period_end = $q1", q1)
    # Quy hoạch Q1 (row 15): trước hạn 6 → 7 with (7) left at 10: 7 + 3 + 1 = 11
    db.execute("UPDATE dossier_count SET res_before = 7 WHERE linh_vuc = 'Quy hoạch xây dựng, kiến trúc' "
               "AND period_end = $q1", q1)
    # Giám định Q1 (row 16): đang quá hạn 0 → 1 with (11) left at 2: 2 + 1 = 3
    db.execute("UPDATE dossier_count SET proc_late = 1 WHERE linh_vuc = 'Giám định chất lượng công trình' "
               "AND period_end = $q1", q1)
    where = (1, "xay_dung_2024_q1.xlsx", "Biểu 06")
    assert findings(db) == [
        ("V3", "Sở Xây dựng", "Giám định chất lượng công trình", "Quý I/2024", 3, 2, -1,
         "Tổng số đang giải quyết (2) khác trong hạn + quá hạn (3), cột (11) = (12) + (13)", *where, 16),
        ("V1", "Sở Xây dựng", "Hoạt động xây dựng", "Quý I/2024", 15, 40, 25,
         "Tiếp nhận trực tiếp, dịch vụ bưu chính (40) khác trực tiếp + qua BCCI (15)", *where, 14),
        ("V1", "Sở Xây dựng", "Hoạt động xây dựng", "Quý I/2024", 1152, 150, -1002,
         "Tổng số hồ sơ nhận giải quyết (150) khác trực tuyến + trực tiếp, bưu chính + từ kỳ trước (1.152), "
         "cột (3) = (4) + (5) + (6)", *where, 14),
        ("V2", "Sở Xây dựng", "Quy hoạch xây dựng, kiến trúc", "Quý I/2024", 11, 10, -1,
         "Tổng số đã giải quyết (10) khác trước hạn + đúng hạn + quá hạn (11), cột (7) = (8) + (9) + (10)",
         *where, 15),
    ]
