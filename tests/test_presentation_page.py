"""Trình chiếu: the page run alone (AppTest) shows the slide of the link with the query numbers and moves on
with its buttons; in Chromium the keyboard alone walks through the slides and the URL follows."""

import json

import pytest
from streamlit.testing.v1 import AppTest

import queries
from tests.e2e import browser_page, serve_app, wait_rendered
from tests.sample_db import ROOT, departments
from tests.workbook_truth import totals
from vocabulary.numbers import number, percent

PAGE = str(ROOT / "pages" / "presentation.py")
SHOTS = ROOT / "tests" / "out"


def _page(**params) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=90)
    at.query_params.update(params)
    return at.run()


def _title(at) -> str:
    return next(m.value for m in at.markdown if "class='slide-title'" in m.value)


def test_the_slide_of_the_link_with_the_query_numbers(sample_db):
    at = _page(trang="2")
    assert not at.exception and not at.error
    con = queries.connect(sample_db)
    q4 = queries.run(con, "dossier_period_totals", kind="quarter", year_from=2025, year_to=2025, unit_ids=departments(con),
                     linh_vuc=None).iloc[-1]
    con.close()
    assert "Kết quả chủ yếu — Quý IV/2025" in _title(at)
    assert [m.value for m in at.metric] == [number(q4["recv_total"]), percent(q4["on_time_pct"]),
                                            percent(q4["online_pct"]), number(q4["proc_late"])]
    # the plan targets of 2025: on time ≥ 100 % (missed), online ≥ 50 % (met)
    assert at.metric[1].delta == "Chưa đạt mục tiêu" and at.metric[2].delta == "Đạt mục tiêu"
    assert at.query_params["trang"] == "2" and at.query_params["kybc"] == "2025-12-14"


def test_buttons_move_and_the_url_follows(sample_db):
    at = _page(trang="2")
    at.button(key="t_next").click().run()
    assert at.query_params["trang"] == "3"
    assert "Tỷ lệ giải quyết trước và đúng hạn theo kỳ" in _title(at)
    assert len(at.get("plotly_chart")) == 1
    # the trend chart alone beside the sentences: the slide's height (640 px), not half of it
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["height"] == 640
    assert spec["data"][0]["x"][-1] == "IV/25"
    assert spec["layout"]["yaxis"]["title"]["text"] == "Trục dọc bắt đầu từ 90\u00a0%"
    at.button(key="t_prev").click().run()
    at.button(key="t_prev").click().run()
    assert at.query_params["trang"] == "1" and at.button(key="t_prev").disabled
    at.button(key="t_end").click().run()
    assert at.query_params["trang"] == "14" and "Tồn tại, hạn chế" in _title(at)
    assert at.button(key="t_next").disabled


def test_the_settings_panel_shows_the_values_in_use_after_a_slide_change(sample_db):
    """The browser draws the settings (a popover) only when opened, from the value each widget carries in the
    run: after a slide change that must still be the value in use (it was 3 / 0 / 0, the widgets' minimums)."""
    at = _page(trang="2", gap="85")
    at.button(key="t_next").click().run()
    at.button(key="t_next").click().run()
    assert at.query_params["trang"] == "4"
    assert (at.query_params["n"], at.query_params["gap"], at.query_params["chuy"]) == ("5", "85", "90")
    shown = {key: at.number_input(key=key).proto.default for key in ("t_n", "t_urgent", "t_watch")}
    assert shown == {"t_n": 5, "t_urgent": 85, "t_watch": 90}
    period = at.selectbox(key="t_period")
    assert period.proto.options[period.proto.default] == "Quý IV/2025"
    at.number_input(key="t_n").set_value(7).run()
    at.button(key="t_prev").click().run()
    assert at.number_input(key="t_n").proto.default == 7 and at.query_params["n"] == "7"


def test_a_unit_period_and_thresholds_from_the_link(sample_db):
    con = queries.connect(sample_db)
    units = queries.run(con, "dossier_units")
    con.close()
    justice = int(units.loc[units["name"] == "Sở Tư pháp", "unit_id"].iloc[0])
    truth = totals([ROOT / "data/sample/2024/bieu06_so_tu_phap_2024_q2.xlsx"])
    at = _page(trang="2", donvi=str(justice), kybc="2024-06-14", gap="95", chuy="99")
    assert not at.exception
    assert "Kết quả chủ yếu — Quý II/2024" in _title(at)
    assert at.metric[0].value == number(truth["recv_total"])
    assert at.multiselect(key="t_units").value == [justice]
    assert at.number_input(key="t_urgent").value == 95
    # one department: no unit ranking, so 10 slides; a slide number past the end opens the last one
    at = _page(trang="99", donvi=str(justice))
    assert at.query_params["trang"] == "10"


def test_an_empty_warehouse_says_what_to_do(tmp_path, monkeypatch):
    db = tmp_path / "empty.duckdb"
    queries.connect(db).close()
    monkeypatch.setenv("CCHC_DB", str(db))
    at = AppTest.from_file(PAGE, default_timeout=30)
    monkeypatch.setenv("CCHC_DEMO", "0")   # an empty warehouse stays empty (no demo)
    at.run()
    assert not at.exception
    assert "Chưa có số liệu hồ sơ TTHC để trình chiếu" in at.info[0].value


@pytest.mark.long
def test_the_keyboard_alone_walks_the_slides_in_chromium(sample_db):
    SHOTS.mkdir(parents=True, exist_ok=True)
    with serve_app(sample_db) as url, browser_page(1600, 900) as page:
        page.goto(url + "/")                  # the first request after start may not know the page paths yet
        wait_rendered(page)
        page.goto(url + "/trinh-chieu?trang=2")
        wait_rendered(page)
        body = page.inner_text("body")
        assert "Kết quả chủ yếu — Quý IV/2025" in body and "Traceback" not in body
        assert not page.locator("[data-testid='stSidebar']").is_visible()
        page.screenshot(path=str(SHOTS / "trinh-chieu.png"))

        def press(key, slide, title):
            """A key, then wait until that slide is drawn: its title on screen and its number in the URL."""
            page.keyboard.press(key)
            page.wait_for_function(
                "([n, t]) => new URLSearchParams(location.search).get('trang') === n"
                " && [...document.querySelectorAll('.slide-title')].some(e => e.innerText.includes(t))",
                arg=[str(slide), title], timeout=20000)
            page.wait_for_timeout(300)

        press("ArrowRight", 3, "Tỷ lệ giải quyết trước và đúng hạn theo kỳ")
        press("PageDown", 4, "Tỷ lệ tiếp nhận trực tuyến theo kỳ")
        press("Space", 5, "Đơn vị có tỷ lệ giải quyết trước và đúng hạn thấp nhất")
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=15000)
        page.screenshot(path=str(SHOTS / "trinh-chieu-5.png"))
        press("PageUp", 4, "Tỷ lệ tiếp nhận trực tuyến theo kỳ")
        press("ArrowLeft", 3, "Tỷ lệ giải quyết trước và đúng hạn theo kỳ")
        press("End", 14, "Tồn tại, hạn chế")
        press("Home", 1, "BÁO CÁO KẾT QUẢ CẢI CÁCH HÀNH CHÍNH")
        # a link reopens the same slide
        page.goto(url + "/trinh-chieu?trang=7")
        wait_rendered(page)
        assert "Đơn vị có tỷ lệ tiếp nhận trực tuyến thấp nhất" in page.locator(".slide-title").first.inner_text()


def test_a_table_slide_shows_its_table(sample_db):
    at = _page(trang="11")
    assert "Chỉ tiêu kế hoạch CCHC" in _title(at)
    table = next(m.value for m in at.markdown if "class='slide-table'" in m.value)
    assert "<th>Chỉ tiêu</th>" in table and "Giải quyết đúng hạn" in table and "Gần đạt" in table


def test_a_link_to_a_period_kind_that_is_gone_says_so(sample_db):
    at = _page(trang="2", ky="6thang")
    assert not at.exception
    assert at.query_params["ky"] == "quy"
    assert [t.value for t in at.toast] == ["Liên kết chọn loại kỳ \"6 tháng\" nhưng kho dữ liệu không còn số liệu "
                                           "loại kỳ đó; đang trình chiếu loại kỳ \"quý\"."]
