"""Targets: defaults from the plans, loaded from a workbook, edited by an admin, rolled back — and the dossier
page reading the same targets."""

from datetime import date

import pandas as pd
import pytest

import queries
from charts.plan import target_editor_rows
from loaders import targets
from vocabulary.issues import ERROR
from loaders.store import roll_back
from loaders.workbook import read_sheets
from reports.plan_templates import targets_template
from tests.plan_fixtures import PLAN_FIXTURES, load, parsed

QUANG_BINH = "Công văn của Sở KH&CN Quảng Bình, tháng 9/2021 (Phụ lục nhiệm vụ nâng cao Chỉ số CCHC năm 2021)"
QD_333 = "QĐ 333/QĐ-SKHCN ngày 29/12/2021 (Kế hoạch CCHC 2021–2025 của Sở KH&CN Quảng Trị)"


def _in_force(con, year=2025):
    frame = queries.run(con, "target_list", year=year)
    return {(k, u if isinstance(u, str) else None): (c, v, d) for k, u, c, v, d in
            zip(frame["kpi_code"], frame["unit_name"], frame["comparator"], frame["value"], frame["source_document"])}


def _dossier_targets(con, unit_ids=None):
    frame = queries.run(con, "dossier_targets", year_from=2025, year_to=2025, unit_ids=unit_ids)
    return dict(zip(frame["kpi_code"], frame["value"]))


def test_defaults_come_from_the_plans_with_their_documents(db):
    y2025, y2021 = _in_force(db, 2025), _in_force(db, 2021)
    assert y2025[("mailbox_active", None)] == (">=", 100.0, QUANG_BINH)
    assert y2025[("bcci_receipt", None)][1:] == (10.0, QUANG_BINH)
    assert y2025[("bcci_return", None)][1] == 20.0 and y2025[("digitised", None)][1] == 30.0
    assert y2025[("satisfaction", None)] == (">=", 90.0, QD_333)
    assert y2025[("inspected_units", None)][1] == 30.0 and y2025[("online_payment", None)][1] == 30.0
    assert y2025[("dossier_online", None)][1] == 50.0 and y2021[("dossier_online", None)][1] == 30.0
    assert ("e_result", None) not in y2025                  # no plan sets one: none invented


def test_a_targets_workbook_sets_a_units_own_target_and_the_dossier_page_follows(db):
    assert _dossier_targets(db)["dossier_online"] == 50.0
    (stored,) = load(db, targets, PLAN_FIXTURES / "targets.xlsx")
    in_force = _in_force(db)
    assert in_force[("mailbox_active", "Sở Tư pháp")] == (">=", 95.0, "KH 12/KH-STP ngày 5/1/2025")
    assert in_force[("mailbox_active", None)][1] == 100.0             # the all-units target stays
    assert in_force[("dossier_online", None)] == (">=", 60.0, "KH 200/KH-UBND ngày 20/12/2024")   # "tối thiểu"
    assert stored.replaced == []                                       # defaults belong to no batch
    # "Hồ sơ TTHC" draws its target lines from the same targets
    assert _dossier_targets(db)["dossier_online"] == 60.0
    justice = int(queries.run(db, "kpi_units").set_index("name").loc["Sở Tư pháp", "unit_id"])
    row = queries.run(db, "kpi_status", year=2025, as_of=date(2025, 12, 31), unit_ids=[justice],
                      amber_points=5.0).set_index("kpi_code").loc["mailbox_active"]
    assert row["target_pct"] == 95.0                                   # one unit chosen: its own target
    roll_back(db, stored.batch_id)
    assert _dossier_targets(db)["dossier_online"] == 50.0 and ("mailbox_active", "Sở Tư pháp") not in _in_force(db)


def test_a_bad_targets_file_says_what_is_wrong(db):
    result = parsed(targets, PLAN_FIXTURES / "targets_bad.xlsx", db)[0]
    found = {i.where(): i.message for i in result.issues if i.level == ERROR}
    assert found == {
        "Chỉ tiêu!E4": "mục tiêu 120 % nằm ngoài 0–100 % — ghi tỷ lệ phần trăm, ví dụ 30.",
        "Chỉ tiêu!D5": "\"bằng\" không phải điều kiện so sánh — ghi \"≥\" (tối thiểu) hoặc \"≤\" (tối đa).",
        "Chỉ tiêu!F6": "ô trống ở cột \"Văn bản giao chỉ tiêu\" — hãy điền giá trị.",
        "Chỉ tiêu!A8": "trùng với dòng 7 (cùng chỉ tiêu, đơn vị và năm) — giữ một dòng.",
    }


def test_an_admins_edit_is_one_batch_that_can_be_rolled_back(db):
    before = target_editor_rows(queries.run(db, "target_list", year=2025))
    after = before.copy()
    after.loc[after["kpi"] == "Hồ sơ trực tuyến", "value"] = 55.0
    after = after[after["kpi"] != "Hài lòng (một cửa)"]
    after = pd.concat([after, pd.DataFrame([{"kpi": "Kết quả điện tử", "unit": targets.ALL_UNITS, "comparator": "≥",
                                             "value": 50.0, "source_document": "KH 7/KH-UBND (thử)", "note": ""}])])
    (stored,) = targets.save_edits(db, 2025, before, after, "Nguyễn Văn Quản Trị")
    assert stored.row_count == 3                         # changed, added, removed
    in_force = _in_force(db)
    assert in_force[("dossier_online", None)] == (">=", 55.0, QD_333)
    assert in_force[("e_result", None)] == (">=", 50.0, "KH 7/KH-UBND (thử)")
    assert ("satisfaction", None) not in in_force
    assert _in_force(db, 2024)[("satisfaction", None)][1] == 90.0      # other years untouched
    assert _dossier_targets(db)["dossier_online"] == 55.0               # and "Hồ sơ TTHC" with them
    history = queries.run(db, "batch_history", kind="targets", status=None).iloc[0]
    assert (history["loaded_by"], history["form"]) == ("Nguyễn Văn Quản Trị", "Chỉnh sửa trên trang")
    roll_back(db, stored.batch_id)
    in_force = _in_force(db)
    assert in_force[("dossier_online", None)][1] == 50.0 and in_force[("satisfaction", None)][1] == 90.0
    assert ("e_result", None) not in in_force


def test_an_edit_with_problems_stores_nothing_and_says_why(db):
    before = target_editor_rows(queries.run(db, "target_list", year=2025))
    after = before.copy()
    after.loc[after["kpi"] == "Hộp thư công vụ", "value"] = 120.0
    after.loc[after["kpi"] == "Số hóa hồ sơ", "source_document"] = ""
    batches = queries.run(db, "batch_count").iloc[0]["batches"]
    with pytest.raises(targets.EditRefused) as refused:
        targets.save_edits(db, 2025, before, after, "admin")
    line = {k: i + 1 for i, k in enumerate(before["kpi"])}
    assert refused.value.problems == [
        f"dòng {line['Hộp thư công vụ']}: mục tiêu 120 % nằm ngoài 0–100 % — ghi tỷ lệ phần trăm, ví dụ 30.",
        f"dòng {line['Số hóa hồ sơ']}: chưa điền \"Văn bản giao chỉ tiêu\"."]
    assert queries.run(db, "batch_count").iloc[0]["batches"] == batches
    assert targets.save_edits(db, 2025, before, before.copy(), "admin") == []    # nothing changed


def test_the_template_holds_the_targets_in_force_and_loads_back(db):
    current = queries.run(db, "target_list", year=2025)
    catalogue = queries.run(db, "kpi_catalogue").to_dict("records")
    data = targets_template(current.to_dict("records"), catalogue, ["Sở Tư pháp"], 2025)
    (result,) = targets.parse("mau_chi_tieu.xlsx", read_sheets("mau_chi_tieu.xlsx", data), db)
    assert [i for i in result.issues if i.level == ERROR] == []
    assert len(result.records) == len(current) == 10
    preview = targets.replacement(db, [result])
    mailbox = preview[preview["Chỉ tiêu"] == "Hộp thư công vụ"].iloc[0]
    assert (mailbox["Đang dùng"], mailbox["Mục tiêu mới"]) == ("≥ 100\u00a0%", "≥ 100\u00a0%")


def test_a_plans_goal_is_carried_over_the_years_it_governs(db):
    """The seeded online targets: 30 % for 2021 (that year's task list), 50 % "đến năm 2025" (the 2021–2025
    plan), 80 % "đến năm 2030". 2022–2024 have no row of their own: they take the 2025 goal they lead up to;
    2026–2030 the 2030 goal; before the first target (2020) and after 2030 nothing."""
    frame = queries.run(db, "dossier_targets", year_from=2020, year_to=2031, unit_ids=None)
    online = frame[frame["kpi_code"] == "dossier_online"]
    assert list(zip(online["year"], online["value"], online["target_year"])) == [
        (2021, 30.0, 2021), (2022, 50.0, 2025), (2023, 50.0, 2025), (2024, 50.0, 2025),
        (2025, 50.0, 2025), (2026, 80.0, 2030), (2027, 80.0, 2030), (2028, 80.0, 2030), (2029, 80.0, 2030),
        (2030, 80.0, 2030)]
    on_time = frame[frame["kpi_code"] == "dossier_on_time"]
    assert list(on_time["year"]) == [2021, 2022, 2023, 2024, 2025]            # a row of its own every year
