"""Weekly and monthly bulletins built from dossier lists (no unit reports those windows): the figures of a small
portal CSV (tests/fixtures/make_bulletin_dossiers.py) added up by hand, dossier by dossier, against the previous
window and the same window a year earlier; the rules that fire on them; the files the command writes."""

import datetime as dt
import functools
import subprocess
import sys

import queries
from loaders.pipeline import commit_file, inspect_file
from reports import alerts, bulletin, bulletin_window
from tests.sample_db import ROOT

CSV = ROOT / "tests" / "fixtures" / "dossier_lists" / "so_noi_vu_ban_tin.csv"
TODAY = dt.date(2025, 6, 2)
CREATED = dt.datetime(2025, 6, 2, 8, 0)


def _plain(text: str) -> str:
    """charts.format writes "50,00\u00a0%" (a no-break space keeps the sign with its number)."""
    return text.replace("\u00a0", " ")


def _load(con):
    report = inspect_file(con, CSV.name, CSV.read_bytes())
    assert report.kind == "dossier_list" and not report.has_errors, [str(i) for i in report.issues]
    commit_file(con, report, loaded_by="pytest")


def test_the_windows_a_bulletin_compares():
    week = bulletin_window.parse("Tuần 20/2025")
    assert (week.period.start, week.period.end) == (dt.date(2025, 5, 12), dt.date(2025, 5, 18))
    assert (week.prev.start, week.prev.end) == (dt.date(2025, 5, 5), dt.date(2025, 5, 11))
    assert (week.last_year.start, week.last_year.end) == (dt.date(2024, 5, 13), dt.date(2024, 5, 19))
    assert week.label == "Tuần 20/2025, 12/05 – 18/05/2025"
    month = bulletin_window.parse("Tháng 5/2025")              # the official month, 15→14, as Biểu 06 counts
    assert (month.period.start, month.period.end, month.prev.start, month.prev.end) == (
        dt.date(2025, 4, 15), dt.date(2025, 5, 14), dt.date(2025, 3, 15), dt.date(2025, 4, 14))
    assert bulletin_window.parse("Tuần 1/2026").label == "Tuần 1/2026, 29/12/2025 – 04/01/2026"
    # cron on Monday 8/12/2026 reports the week before, the official month and quarter that ended before it
    assert bulletin_window.latest("week", dt.date(2026, 12, 8)).label == "Tuần 49/2026, 30/11 – 06/12/2026"
    assert bulletin_window.latest("month", dt.date(2026, 12, 8)).label == "Tháng 11/2026"
    assert bulletin_window.latest("quarter", dt.date(2026, 12, 8)).label == "Quý III/2026"
    assert bulletin_window.parse("Tuần 54/2025") is None


def test_a_monthly_bulletin_from_the_dossier_list_has_the_hand_counted_figures(db):
    _load(db)
    rule_ids = [alerts.add_rule(db, "Đúng hạn dưới 98 %", alerts.ON_TIME_BELOW, 98, None, ["a@so.example.vn"]),
                alerts.add_rule(db, "Có hồ sơ quá hạn", alerts.OVERDUE_ABOVE, 0, None, ["a@so.example.vn"]),
                alerts.add_rule(db, "Chưa báo cáo", alerts.NOT_REPORTED, 0, None, ["a@so.example.vn"])]
    run = functools.partial(queries.run, db)
    made = bulletin.build(run, bulletin.choose_window(run, "01/05/2025-31/05/2025"), TODAY, CREATED)
    # May 2025: received N07 N08 N11 N12 online, N10 N13 direct, N09 postal, N06 carried over = 8;
    # resolved N07 before, N08 on time, N06 N09 late = 4 (2 on time: 50 %); N12 withdrawn; N10 pending late,
    # N11 pending on time; N13 awaiting. Online 4 of 7 new = 57,14 %.
    # April 2025: N04 N05 online, N06 direct = 3; both resolved on time (100 %); online 2/3 = 66,67 %; none late.
    # May 2024: N01 online, N02 N03 direct = 3; before, late, on time (66,67 %); online 1/3 = 33,33 %.
    assert made.source == alerts.DOSSIERS and made.label == "Tháng 5/2025 (theo tháng dương lịch)"
    assert [_plain(s) for s in made.headline] == [
        "Trong kỳ báo cáo (Tháng 5/2025 (theo tháng dương lịch)), toàn tỉnh đã tiếp nhận 8 hồ sơ (1 hồ sơ kỳ trước "
        "chuyển sang, 7 hồ sơ mới tiếp nhận), trong đó trực tuyến 4 hồ sơ (57,14 % số hồ sơ mới tiếp nhận, tăng 23,81 "
        "điểm % so với cùng kỳ năm trước); đã giải quyết 4 hồ sơ, tỷ lệ giải quyết trước và đúng hạn đạt 50,00 %, giảm "
        "16,67 điểm % so với cùng kỳ năm trước (Tháng 5/2024 (theo tháng dương lịch)); còn 2 hồ sơ đang giải quyết, "
        "trong đó 1 hồ sơ quá hạn.",
        "So với kỳ trước (Tháng 4/2025 (theo tháng dương lịch)): số hồ sơ tiếp nhận tăng 5 hồ sơ, tỷ lệ giải quyết "
        "trước và đúng hạn giảm 50,00 điểm %, tỷ lệ tiếp nhận trực tuyến giảm 9,52 điểm %, số hồ sơ đang giải quyết "
        "quá hạn tăng 1 hồ sơ."]
    # the rules that fired, on the same dossier figures; "not reported" does not apply to a window of dossiers
    assert [(f.rule.rule_id, _plain(f.sentence)) for f in made.fired] == [
        (rule_ids[0], "Có 1 đơn vị có tỷ lệ giải quyết trước và đúng hạn dưới 98 % (Tháng 5/2025 (theo tháng dương "
                      "lịch)): Sở Nội vụ (50,00 %)."),
        (rule_ids[1], "Có 1 đơn vị còn trên 0 hồ sơ đang giải quyết quá hạn cuối Tháng 5/2025 (theo tháng dương "
                      "lịch): Sở Nội vụ (1 hồ sơ).")]
    # the bottom-units lists rank units with at least 10 dossiers (slides.Settings.min_dossiers): 4 resolved here
    assert made.bottom == []
    text = bulletin.as_text(made)
    assert "tính từ danh sách hồ sơ xuất từ hệ thống thông tin giải quyết TTHC" in text
    assert "Danh sách hồ sơ trong kho chỉ đến" not in text
    assert made.handout.startswith(b"%PDF")
    # a week the list reaches only in part says so: N15's end (2/7/2025) is the latest day listed
    partial = bulletin.build(run, bulletin.choose_window(run, "Tuần 27/2025"), TODAY, CREATED)
    assert "Danh sách hồ sơ trong kho chỉ đến ngày 02/07/2025." in bulletin.as_text(partial)


def test_a_weekly_bulletin_is_written_by_the_command(db_file, tmp_path):
    con = queries.connect(db_file)
    _load(con)
    con.close()
    done = subprocess.run([sys.executable, "-m", "reports", "bulletin", "--db", str(db_file), "--period",
                           "Tuần 20/2025", "--out", str(tmp_path)], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    stem = "ban_tin_cchc_tuan_20_2025_12_05_18_05_2025"
    text = _plain((tmp_path / f"{stem}.txt").read_text(encoding="utf-8"))
    # week 20 (12–18/5/2025): N08 N11 online, N10 direct, N09 postal, N07 carried over = 5; N07 before, N08 on time
    # (100 %); N09 N10 N11 pending on time at 18/5. Week 19: N07 online, N06 carried over = 2; N06 late (0 %),
    # online 1/1. Week 20/2024: N02 carried over, late (0 %); no new receipt, so no online rate to compare.
    assert ("Trong kỳ báo cáo (Tuần 20/2025, 12/05 – 18/05/2025), toàn tỉnh đã tiếp nhận 5 hồ sơ (1 hồ sơ kỳ trước "
            "chuyển sang, 4 hồ sơ mới tiếp nhận), trong đó trực tuyến 2 hồ sơ (50,00 % số hồ sơ mới tiếp nhận); đã giải "
            "quyết 2 hồ sơ, tỷ lệ giải quyết trước và đúng hạn đạt 100,00 %, tăng 100,00 điểm % so với cùng kỳ năm "
            "trước (Tuần 20/2024, 13/05 – 19/05/2024); còn 3 hồ sơ đang giải quyết.") in text
    assert ("So với kỳ trước (Tuần 19/2025, 05/05 – 11/05/2025): số hồ sơ tiếp nhận tăng 3 hồ sơ, tỷ lệ giải quyết "
            "trước và đúng hạn tăng 100,00 điểm %, tỷ lệ tiếp nhận trực tuyến giảm 50,00 điểm %, số hồ sơ đang giải "
            "quyết quá hạn không thay đổi.") in text
    assert (tmp_path / f"{stem}.pdf").read_bytes().startswith(b"%PDF")
    # a week with no dossier and no report: said, nothing written
    empty = subprocess.run([sys.executable, "-m", "reports", "bulletin", "--db", str(db_file), "--period",
                            "Tuần 30/2025", "--out", str(tmp_path / "khong")], cwd=ROOT, capture_output=True,
                           text=True, timeout=300)
    assert empty.returncode == 2 and "Không có số liệu của kỳ Tuần 30/2025, 21/07 – 27/07/2025" in empty.stderr
    assert not (tmp_path / "khong").exists()


def test_on_the_sample_the_weekly_bulletin_equals_the_dossier_counts_and_names_the_late_tasks(sample_db):
    con = queries.connect(sample_db, read_only=True)
    run = functools.partial(queries.run, con)
    window = bulletin_window.parse("Tuần 20/2025")
    made = bulletin.build(run, window, dt.date(2025, 5, 19), dt.datetime(2025, 5, 19, 7, 0))
    counts = run("dossier_list_counts", date_from=window.period.start, date_to=window.period.end, unit_ids=None)
    tasks = run("plan_task_list", today=dt.date(2025, 5, 19), due_days=30, plan_year=2025, unit_ids=None)
    con.close()
    from vocabulary.numbers import number
    assert f"toàn tỉnh đã tiếp nhận {number(counts['recv_total'].sum())} hồ sơ" in made.headline[0]
    assert f"đã giải quyết {number(counts['res_total'].sum())} hồ sơ" in made.headline[0]
    assert f"còn {number(counts['proc_total'].sum())} hồ sơ đang giải quyết" in made.headline[0]
    late = int((tasks["status"] == "late").sum())
    soon = int(tasks["due_soon"].fillna(False).sum())
    assert made.tasks[0].startswith(f"Kế hoạch năm 2025: tổng số {number(len(tasks))} nhiệm vụ")
    assert f"quá hạn {number(late)}, sắp đến hạn (trong 30 ngày) {number(soon)}." in made.tasks[0]
