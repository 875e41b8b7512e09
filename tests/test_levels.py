"""Levels and province totals on the sample (issue 19): departments, communes, the Trung tâm PVHCC, "Toàn tỉnh".

The rule (docs/domain.md, "Province totals"): a level's total is the sum of its units' own reports; "Toàn tỉnh"
sums the levels so, huyen and xa — never a province roll-up (level tinh) nor the Trung tâm PVHCC, which count the
same dossiers again; a roll-up row of a unit and that unit's own report of the same period are one report (the
later load), never two. Hand-computed figures: departments Q4/2025 = the six Q4 workbooks of data/sample/2025
(11.604 received); communes Q4/2025 = "Tổng số" of data/sample/cap_xa/bieu06_cap_xa_2025_q4.xlsx (71.975
received, 68.927 resolved, 599 late).
"""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import queries
from accounts import system_account
from vocabulary.numbers import number
from loaders.pipeline import commit_file, inspect_file
from tests.workbook_truth import totals

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "province"
ADMIN = system_account("pytest")


@pytest.fixture
def con(sample_db):
    connection = queries.connect(sample_db)
    yield connection
    connection.close()


def level(con, group):
    return [int(u) for u in queries.run(con, "level_units", level_group=group)["unit_id"]]


def q4_2025(con, group):
    rows = queries.run(con, "dossier_period_totals", kind="quarter", year_from=2025, year_to=2025,
                       unit_ids=level(con, group), linh_vuc=None)
    row = rows[rows["label"] == "Quý IV/2025"].iloc[0]
    return int(row["recv_total"]), int(row["res_total"]), int(row["res_late"]), int(row["unit_count"])


def load(con, name):
    report = inspect_file(con, name, (FIXTURES / name).read_bytes())
    assert not report.has_errors, report.issues
    commit_file(con, report, loaded_by="pytest", by=ADMIN)


def test_the_sample_has_78_communes_under_the_province_beside_its_departments(con):
    communes = con.execute("SELECT count(*), count(DISTINCT p.name) FROM unit u JOIN unit p ON p.unit_id = u.parent_id "
                           "WHERE u.level = 'xa' AND u.valid_from = DATE '2025-07-01'").fetchone()
    assert communes == (78, 1)
    assert con.execute("SELECT name FROM unit WHERE unit_id = (SELECT DISTINCT parent_id FROM unit "
                       "WHERE valid_from = DATE '2025-07-01')").fetchone() == ("Quảng Trị",)
    # 18 former districts and 11 former communes lead to the new communes
    assert con.execute("SELECT count(DISTINCT old_unit_id) FROM unit_lineage l JOIN unit u ON u.unit_id = l.old_unit_id "
                       "WHERE u.level IN ('huyen', 'xa')").fetchone() == (29,)


def test_province_totals_by_level_count_each_dossier_once(con):
    departments = totals(sorted((ROOT / "data/sample/2025").glob("*_2025_q4.xlsx")))
    assert departments["recv_total"] == 11604
    assert q4_2025(con, "so") == (11604, departments["res_total"], departments["res_late"], 6)
    assert q4_2025(con, "xa") == (71975, 68927, 599, 78)
    assert q4_2025(con, "toan_tinh") == (11604 + 71975, departments["res_total"] + 68927,
                                         departments["res_late"] + 599, 84)
    # a commune's own report of a period its roll-up row already gave: the later load, never both
    load(con, "xa_vinh_linh_q4_2025.xlsx")
    assert q4_2025(con, "xa") == (71975, 68927, 599, 78)
    # the province's own roll-up and the Trung tâm PVHCC (60 received each) are their own levels, not in the total
    load(con, "ubnd_tinh_quang_tri_q4_2025.xlsx")
    load(con, "trung_tam_pvhcc_q4_2025.xlsx")
    assert q4_2025(con, "pvhcc") == (60, 56, 1, 1)
    assert q4_2025(con, "toan_tinh") == (11604 + 71975, departments["res_total"] + 68927,
                                         departments["res_late"] + 599, 84)
    vinh_linh = con.execute("SELECT linh_vuc, recv_total FROM dossier_current JOIN unit u USING (unit_id) "
                            "WHERE u.name = 'UBND xã Vĩnh Linh' AND period_start = DATE '2025-09-15' ORDER BY ALL"
                            ).fetchall()
    assert vinh_linh == [("Chứng thực", 69), ("Hộ tịch", 370)]


def test_pages_default_to_departments_and_switch_level(sample_db):
    departments = totals(sorted((ROOT / "data/sample/2025").glob("*_2025_q4.xlsx")))
    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=60).run()
    assert not at.exception
    assert at.metric[0].value == number(departments["recv_total"]) == "11.604"
    assert any("Phạm vi: các sở, ban, ngành · kỳ: quý" in c.value for c in at.caption)
    at.segmented_control(key="f_level").set_value("xa").run()
    assert at.metric[0].value == "71.975"
    assert at.query_params["cap"] == ["xa"] or at.query_params["cap"] == "xa"
    at.segmented_control(key="f_level").set_value("toan_tinh").run()
    assert at.metric[0].value == number(11604 + 71975) == "83.579"


def test_a_long_ranking_shows_the_lowest_the_highest_a_search_and_pages():
    import pandas as pd

    from charts import dossiers as figures
    names = [f"UBND xã Thử {i:03d}" for i in range(1, 101)] + ["UBND phường Cửa Tùng"]
    ranking = pd.DataFrame({"rank": range(1, 102), "unit_name": names,
                            "chosen_pct": [100 - i * 0.2 for i in range(101)]})   # 100 % … 80 %
    lowest, pages = figures.ranking_slice(ranking, "bottom")
    assert (list(lowest["rank"])[:3], len(lowest), pages) == ([101, 100, 99], 25, 1)
    highest, _ = figures.ranking_slice(ranking, "top")
    assert list(highest["rank"])[:2] == [1, 2]
    page5, pages = figures.ranking_slice(ranking, "all", page=5)
    assert (pages, list(page5["rank"])) == (5, [101])                 # 101 units, 25 a page
    found, _ = figures.ranking_slice(ranking, "all", search="cua tung")   # accents and case ignored
    assert list(found["unit_name"]) == ["UBND phường Cửa Tùng"]
    below = figures.below_bands(ranking)
    assert list(below["rank"]) == list(range(101, 51, -1))    # worst first
    assert len(below) == 50                          # 90,0 % (rank 51) is not below 90 %; 89,8 % … 80 % are
    histogram = figures.rate_distribution(ranking).data[0]
    assert len(histogram.x) == 101 and min(histogram.x) == pytest.approx(80.0)


def test_the_dossier_detail_page_follows_the_level(sample_db):
    """Hồ sơ chi tiết, Q4/2025: the sample's dossier lists are the departments'. At the default level the units
    reporting without a list are "Sở Nội vụ" alone (every unit: 79, the 78 communes too); at "Xã, phường" no unit has
    a list (said so), the 78 communes' reports stand without one and nothing is overdue (departments: 241 due rows)."""
    from vocabulary.periods import official

    def reports_only(at) -> tuple[int, list[str]]:
        """(how many units report without a list, the names shown: 30 at most, then "và N đơn vị khác")."""
        line = next(m.value for m in at.markdown if m.value.startswith("**Có báo cáo nhưng chưa nạp danh sách hồ sơ ("))
        head, names = line.split(":** ", 1)
        count = int(head.split("(")[1].split(" ")[0].replace(".", ""))
        if count > 30:
            names, rest = names.rsplit(" và ", 1)
            assert rest == f"{count - 30} đơn vị khác"
        return count, names.split(", ")

    q4 = official("quarter", 2025, 4)
    at = AppTest.from_file(str(ROOT / "pages" / "dossier_list.py"), default_timeout=180).run()
    at.selectbox(key="dl_period_quarter").set_value(q4).run()
    assert not at.exception
    assert len(at.multiselect(key="dl_units").options) == 11
    assert reports_only(at) == (1, ["Sở Nội vụ"])
    at.segmented_control(key="f_level").set_value("xa").run()
    assert not at.exception and at.query_params["cap"] == "xa"
    assert at.multiselect(key="dl_units").options == []
    assert any("Chưa có đơn vị nào của các xã, phường nạp danh sách hồ sơ" in c.value for c in at.caption)
    count, communes = reports_only(at)
    assert count == 78 and len(communes) == 30
    assert all(n.startswith(("UBND xã ", "UBND phường ", "UBND đặc khu ")) for n in communes)
    at.session_state["dl_tab"] = "Sắp đến hạn, quá hạn"                # computed when shown (frame/tabs.py)
    at.run()
    assert any(m.value.startswith(f"Đến {q4.end:%d/%m/%Y}: **0** hồ sơ đang xử lý đã quá hạn") for m in at.markdown)


def test_a_heat_map_of_many_units_shows_a_named_slice_and_reaches_every_unit():
    """101 communes × 2 quarters; in Q2 the rate is 100 − 0,2 × i for commune i (i = 0…99: 100 % … 80,2 %) and
    "UBND phường Cửa Tùng" resolved nothing (no rate). Slices of 40: the lowest (worst first), the highest, the
    pages of all by rank (3 pages; the unit without a rate last, on page 3), a search."""
    import pandas as pd

    from charts import dossiers as figures
    rows = []
    names = [f"UBND xã Thử {i:03d}" for i in range(100)] + ["UBND phường Cửa Tùng"]
    for i, name in enumerate(names):
        for q, end in ((1, "2025-03-14"), (2, "2025-06-14")):
            rate = None if i == 100 and q == 2 else (95.0 if q == 1 else 100 - 0.2 * i)
            rows.append({"unit_name": name, "period_end": pd.Timestamp(end), "label": f"Quý {q}/2025", "year": 2025,
                         "quarter": q, "on_time_pct": rate})
    periods = pd.DataFrame(rows)

    def heat(**kw):
        fig = figures.on_time_heatmap(periods, **kw)
        return list(fig.data[0].y), fig.layout.title.text.split(" — ", 1)[1]

    lowest, title = heat()
    assert (lowest[0], lowest[-1], len(lowest)) == ("UBND xã Thử 099", "UBND xã Thử 060", 40)
    assert title == "40 đơn vị thấp nhất kỳ gần nhất / 101"
    highest, title = heat(show="top")
    assert (highest[0], highest[-1], title) == ("UBND xã Thử 000", "UBND xã Thử 039", "40 đơn vị cao nhất kỳ gần nhất / 101")
    page3, title = heat(show="all", page=3)
    assert (page3[0], page3[-1], len(page3)) == ("UBND xã Thử 080", "UBND phường Cửa Tùng", 21)
    assert title == "trang 3/3: hạng 81–101 kỳ gần nhất / 101"
    seen = set()
    for page in (1, 2, 3):
        seen |= set(heat(show="all", page=page)[0])
    assert seen == set(names)                                           # every commune reachable
    found, title = heat(search="cua tung")
    assert (found, title) == (["UBND phường Cửa Tùng"], "tìm \"cua tung\": 1 đơn vị / 101")
    # 40 units or fewer: all of them by name, no slice named
    few = figures.on_time_heatmap(periods[periods["unit_name"].isin(names[:40])])
    assert list(few.data[0].y) == names[:40] and " — " not in few.layout.title.text


COMMUNES_FROM = ":material/warning: Số liệu xã, phường có từ Quý III/2025"


def test_a_trend_reaching_before_the_communes_names_the_first_quarter_with_them(sample_db):
    """The sample's communes report from Q3/2025 (15/6–14/9/2025); the years 2021–2025 reach before: at "Toàn tỉnh"
    the total jumps there and the page says so, at "Xã, phường" it says there were none before; not for the
    departments, nor for a commune chosen by name (its own series)."""
    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=60).run()
    assert not any(COMMUNES_FROM in c.value for c in at.caption)
    at.segmented_control(key="f_level").set_value("toan_tinh").run()
    assert (f"{COMMUNES_FROM}: các kỳ trước đó tổng toàn tỉnh chưa gồm xã, phường, nên đường xu hướng và so sánh với "
            "kỳ trước nhảy ở Quý III/2025 — không phải do số hồ sơ tăng đột ngột.") in [c.value for c in at.caption]
    at.segmented_control(key="f_level").set_value("xa").run()
    assert (f"{COMMUNES_FROM} (chính quyền địa phương hai cấp từ 1/7/2025): các kỳ trước đó không có xã, phường nào."
            in [c.value for c in at.caption])
    con = queries.connect(sample_db)
    commune = level(con, "xa")[0]
    con.close()
    at.multiselect(key="f_units").set_value([commune]).run()
    assert not at.exception and not any(COMMUNES_FROM in c.value for c in at.caption)


def test_the_commune_heat_map_shows_a_named_slice_and_its_pages(sample_db):
    """Hồ sơ TTHC at ?cap=xa: 78 communes, 40 at a time — the lowest of Q4/2025 by default, then page 2 of 2 (ranks
    41–78); the trend says the communes begin in Q3/2025."""
    import json

    def heat_title(at) -> str:
        titles = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
        return next(t for t in titles if t.startswith("Tỷ lệ đúng hạn theo đơn vị và kỳ"))

    at = AppTest.from_file(str(ROOT / "pages" / "dossiers.py"), default_timeout=90)
    at.query_params["cap"] = "xa"
    at.run()
    assert not at.exception
    assert any(c.value.startswith(COMMUNES_FROM) for c in at.caption)
    at.session_state["p_tab"] = "So sánh đơn vị"                   # the heat map's tab (computed when shown)
    at.run()
    assert heat_title(at).endswith(" — 40 đơn vị thấp nhất kỳ gần nhất / 78")
    at.segmented_control(key="p_heat_show").set_value("all").run()
    at.number_input(key="p_heat_page").set_value(2).run()
    assert not at.exception
    assert heat_title(at).endswith(" — trang 2/2: hạng 41–78 kỳ gần nhất / 78")
