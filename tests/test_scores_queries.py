"""Score queries and figure builders on hand-made examples: points lost ordering and change, the 766 what-if
arithmetic, methodology and merger breaks, groups A/B, PAPI against the mean and the best province."""

import pytest

import queries
from charts import scores as figures
from loaders import reference, scores
from loaders.workbook import read_sheets, sha256_of

HAND_MADE = """Chỉ số,Năm,Đối tượng,Thành phần,Điểm,Nguồn
PAR INDEX,2024,Sở Y tế,"Công tác chỉ đạo, điều hành cải cách hành chính",10,QĐ kiểm thử
PAR INDEX,2024,Sở Y tế,Cải cách thể chế,"6,5",QĐ kiểm thử
PAR INDEX,2024,Sở Y tế,Cải cách thủ tục hành chính,11,QĐ kiểm thử
PAR INDEX,2024,Sở Y tế,Cải cách tổ chức bộ máy hành chính,8,QĐ kiểm thử
PAR INDEX,2024,Sở Y tế,"Xây dựng và phát triển chính quyền điện tử, chính quyền số","12,5",QĐ kiểm thử
PAR INDEX,2023,Sở Y tế,"Công tác chỉ đạo, điều hành cải cách hành chính",11,QĐ kiểm thử
PAR INDEX,2023,Sở Y tế,Cải cách thủ tục hành chính,12,QĐ kiểm thử
PAR INDEX,2022,Sở Y tế,"Công tác chỉ đạo, điều hành cải cách hành chính","12,5",QĐ kiểm thử
"""


@pytest.fixture
def warehouse(db, tmp_path):
    """Reference data with the 2025 lineage, and the hand-made department scores above."""
    reference.load_reference(db)
    reference.record_lineage(db)
    path = tmp_path / "so_y_te.csv"
    path.write_text(HAND_MADE, encoding="utf-8")
    data = path.read_bytes()
    results = scores.parse(path.name, read_sheets(path.name, data), db)
    assert [i for r in results for i in r.issues if i.level == "lỗi"] == []
    scores.store(db, results, path.name, sha256_of(data), "pytest")
    return db


def _unit(con, name):
    return con.execute("SELECT unit_id FROM unit WHERE name = ?", [name]).fetchone()[0]


def test_points_lost_are_sorted_most_first_with_the_change_against_last_year(warehouse):
    components = queries.run(warehouse, "score_components", index_code="PAR", unit_id=_unit(warehouse, "Sở Y tế"),
                             year=2024)
    # demo framework from 2023: LV1 12, LV2 7, LV3 15, LV4 8, LV5 11, LV6 6, LV7 16, LV8 25 points
    # lost: LV3 15 − 11 = 4; LV7 16 − 12,5 = 3,5; LV1 12 − 10 = 2; LV2 7 − 6,5 = 0,5; LV4 8 − 8 = 0;
    # LV5, LV6, LV8 have no score: listed last, in framework order, never counted as lost
    assert list(components["component_code"]) == ["LV3", "LV7", "LV1", "LV2", "LV4", "LV5", "LV6", "LV8"]
    assert list(components["lost"][:5]) == [4.0, 3.5, 2.0, 0.5, 0.0]
    assert components["lost"][5:].isna().all() and components["score"][5:].isna().all()
    # change against 2023 (same framework): LV3 11 − 12 = −1, LV1 10 − 11 = −1; LV7 had no 2023 score
    change = dict(zip(components["component_code"], components["change"]))
    assert change["LV3"] == -1.0 and change["LV1"] == -1.0 and pd_na(change["LV7"])
    assert not components["max_changed"].any()
    assert components["achieved_pct"][0] == pytest.approx(100 * 11 / 15)

    # 2023 against 2022: the framework changed (LV1 13 → 12 points), said on the row
    last = queries.run(warehouse, "score_components", index_code="PAR", unit_id=_unit(warehouse, "Sở Y tế"), year=2023)
    lv1 = last[last["component_code"] == "LV1"].iloc[0]
    assert (lv1["score"], lv1["max_score"], lv1["prev_score"], lv1["prev_max"], lv1["max_changed"]) == (
        11.0, 12.0, 12.5, 13.0, True)
    assert (lv1["version_label"], lv1["prev_version_label"]) == ("Cấp sở từ 2023 (minh họa)",
                                                                 "Cấp sở 2021–2022 (minh họa)")
    table = figures.components_table(last).set_index("Thành phần")
    assert table.loc["Công tác chỉ đạo, điều hành cải cách hành chính"].to_dict() == {
        "Điểm đạt": "11", "Tối đa": "12", "Điểm bị mất": "1", "Tỷ lệ đạt": "91,7\u00a0%", "Năm trước": "12,5 / 13",
        "Thay đổi": "-1,50 điểm", "Ghi chú": "tối đa năm trước 13: khung thay đổi"}


def pd_na(value) -> bool:
    return value is None or value != value


def test_what_if_points_on_a_worked_example(warehouse):
    whatif = queries.run(warehouse, "index_whatif", year=2024, level="so", codes=["3.1", "5.4"], rates=[60.0, 95.0],
                         online_pct=42.5, on_time_766_pct=97.0)
    rows = {r["component_code"]: r for _, r in whatif.iterrows()}
    # 3.1 typed 60 %, T = 80 %, 4 points (configured): 60 / 80 × 4 = 3 → +1
    assert (rows["3.1"]["points_now"], rows["3.1"]["gain"], rows["3.1"]["rate_source"]) == (3.0, 1.0, "nhap")
    # 3.3 from the stored dossiers, 42,5 % online, T = 50 %: 42,5 / 50 × 4 = 3,4 → +0,6
    assert rows["3.3"]["points_now"] == pytest.approx(3.4) and rows["3.3"]["gain"] == pytest.approx(0.6)
    assert rows["3.3"]["rate_source"] == "ho_so"
    # 2.1 on time (QĐ 766) 97 %, T assumed 100 %, 20 points: 19,4 → +0,6
    assert rows["2.1"]["points_now"] == pytest.approx(19.4) and rows["2.1"]["gain"] == pytest.approx(0.6)
    # 5.4 typed 95 % above its 90 % threshold: full 6 points, nothing to gain
    assert (rows["5.4"]["points_now"], rows["5.4"]["gain"]) == (6.0, 0.0)
    # ordered by points gained (ties: framework order, 2.1 before 3.3); no rate yet → last, no points
    assert list(whatif["component_code"]) == ["3.1", "2.1", "3.3", "5.4", "3.5", "4.2", "4.3"]
    assert whatif["gain"][4:].isna().all()
    assert figures.formula_text(rows["3.3"]) == "min(42,50\u00a0%; 50\u00a0%) / 50\u00a0% × 4 = 3,4 điểm"
    assert figures.whatif_sentence(whatif).startswith("Đáng giá nhất: 3.1 Tỷ lệ TTHC cung cấp dịch vụ công trực "
                                                      "tuyến — nếu tỷ lệ đạt 80\u00a0% (hiện 60,00\u00a0%), thêm 1 điểm")
    assert queries.rows(warehouse, "index_whatif", year=2024, level="so", codes=None, rates=None, online_pct=None,
                        on_time_766_pct=None)   # no rate at all: the indicators are still listed


def test_methodology_and_merger_breaks(warehouse):
    par = queries.run(warehouse, "score_breaks", index_code="PAR", subject_kind="tinh", unit_id=_unit(warehouse, "Quảng Trị"))
    assert [(r["break_kind"], r["after_year"]) for _, r in par.iterrows()] == [("phuong_phap", 2022), ("sap_nhap", 2025)]
    assert (par.iloc[0]["label"], par.iloc[0]["prev_label"]) == ("QĐ 876/QĐ-BNV (từ 2022)", "Phương pháp 2012–2021")
    assert (par.iloc[1]["direction"], par.iloc[1]["other_name"]) == ("vao", "Quảng Bình")
    sipas = queries.run(warehouse, "score_breaks", index_code="SIPAS", subject_kind="tinh", unit_id=-1)
    assert list(sipas["after_year"]) == [2022, 2024]
    notes = figures.break_notes(par, 2019, 2025)
    assert notes == ["Từ 2022: QĐ 876/QĐ-BNV (từ 2022) thay cho Phương pháp 2012–2021 — điểm trước và sau không so "
                     "sánh trực tiếp được.",
                     "1/7/2025: Quảng Bình sáp nhập vào đơn vị này — số liệu từ 2025 là của đơn vị sau sáp nhập, hiển "
                     "thị như đã công bố, không quy đổi."]


def test_a_series_is_cut_at_gaps_and_breaks_never_bridged(warehouse):
    hai_phong = _unit(warehouse, "Hải Phòng")
    series = queries.run(warehouse, "score_series", index_code="PAR", unit_id=hai_phong, demo_loader="-")
    own = series[series["relation"] == "chinh"]
    # par_index.csv: 2019 rank 4 only, 2020–2023 scores, 2024 rank 1 only (2023: 91,87 and 91,81 published)
    assert [(int(r["year"]), None if pd_na(r["score"]) else r["score"], r["rank"]) for _, r in own.iterrows()] == [
        (2019, None, 4), (2020, 90.51, 2), (2021, 91.8, 1), (2022, 90.09, 2), (2023, 91.87, 2), (2024, None, 1)]
    # Hải Dương merged into Hải Phòng from 1/7/2025: its own published values come along, as reported, never
    # added to Hải Phòng's (no restatement of index scores)
    merged = series[series["relation"] != "chinh"]
    assert [(r["unit_name"], r["relation"], int(r["year"]), r["score"]) for _, r in merged.iterrows()] == [
        ("Hải Dương", "truoc_sap_nhap", 2022, 83.52), ("Hải Dương", "truoc_sap_nhap", 2023, 87.84)]
    breaks = queries.run(warehouse, "score_breaks", index_code="PAR", subject_kind="tinh", unit_id=hai_phong)
    fig = figures.score_trend(series, breaks, None, "PAR")
    main = fig.data[0]
    xs = list(main.x)
    # the 2021 → 2022 methodology change cuts the line: a gap (None) between 2021 and 2022
    assert xs[xs.index(2021) + 1] is None and xs[xs.index(2021) + 2] == 2022
    # 2019 had only a rank: no point on the score line
    assert main.y[xs.index(2019)] is None
    hover = main.customdata[xs.index(2023)]
    assert "Điểm: 91,87\u00a0%" in hover and "Hạng 2/63" in hover and "Nguồn khác ghi: 91,81\u00a0%" in hover
    assert "Lưu ý: các nguồn công bố khác nhau" in hover and "Nguồn: en.baochinhphu.vn" in hover
    assert any(t.name == "Giá trị khác theo nguồn khác" and list(t.y) == [91.81] for t in fig.data)
    assert [t.name for t in fig.data if t.name and t.showlegend is not False and "Hải Dương" in t.name] == [
        "Hải Dương (trước sáp nhập, như đã công bố)"]
    assert [a.text for a in fig.layout.annotations] == ["Đổi phương pháp", "Sáp nhập"]


def test_groups_and_ranks_as_the_ministry_publishes_them(warehouse):
    assert warehouse.execute("SELECT par_group(90.0), par_group(89.999), par_group(80.0), par_group(79.99)"
                             ).fetchone() == ("A", "B", "B", "duoi_80")
    compare = queries.run(warehouse, "score_compare", index_code="PAR", subject_kind="tinh", year=2023,
                          unit_ids=None, demo_loader="-")
    first = compare.iloc[0]
    assert (first["unit_name"], first["score"], first["rank"], first["rank_of"], first["group_code"]) == (
        "Quảng Ninh", 92.18, 1, 63, "A")
    table = figures.compare_table(compare)
    assert table.iloc[0].to_dict() == {"Xếp hạng": "1/63", "Đối tượng": "Quảng Ninh", "Điểm": "92,18\u00a0%",
                                       "Nhóm": "Nhóm A (≥ 90 %)", "Lưu ý": "", "Nguồn": "en.baochinhphu.vn"}
    ninh_binh = compare[compare["unit_name"] == "Ninh Bình"].iloc[0]
    assert (ninh_binh["group_code"], figures.rank_text(ninh_binh["rank"], ninh_binh["rank_of"])) == ("B", "hạng 11/63")
    # a province with only its rank is listed, with no score and no group
    thai_nguyen = compare[compare["unit_name"] == "Thái Nguyên"].iloc[0]
    assert pd_na(thai_nguyen["score"]) and thai_nguyen["rank"] == 6 and pd_na(thai_nguyen["group_code"])


def test_papi_dimensions_against_the_mean_and_the_best_province_where_published(warehouse):
    dims = queries.run(warehouse, "score_papi_dimensions", year=2023, unit_id=_unit(warehouse, "Bắc Giang"))
    assert list(dims["component_code"].fillna("TỔNG")) == ["TỔNG"] + [f"D{i}" for i in range(1, 9)]
    total = dims.iloc[0]
    # the total of Bắc Giang, the national mean 42,3265 and Thừa Thiên Huế first with 46,0414 (two sources: 46,0415)
    assert (total["score"], total["max_points"], total["mean_score"], total["best_unit_name"], total["best_score"]) == (
        44.3204, 80.0, 42.3265, "Thừa Thiên Huế", 46.0414)
    d4 = dims[dims["component_code"] == "D4"].iloc[0]
    assert (d4["score"], d4["mean_score"], d4["best_score"]) == (7.1515, 6.77, 7.574)
    d5 = dims[dims["component_code"] == "D5"].iloc[0]
    assert d5["score"] == 7.3001 and pd_na(d5["mean_score"]) and pd_na(d5["best_score"])   # not published
    fig = figures.papi_bars(dims, "Bắc Giang", 2023)
    assert [t.name for t in fig.data] == ["Bắc Giang", "Trung bình cả nước (công bố)", "Đứng đầu năm 2023: Thừa Thiên Huế"]
    assert fig.data[1].text[4] == "chưa công bố"
    assert figures.papi_summary(dims, "Bắc Giang", 2023) == (
        "Bắc Giang 2023: tổng 44,3204/80 điểm; trung bình cả nước 42,3265; đứng đầu: Thừa Thiên Huế 46,0414; "
        "8/8 nội dung của tỉnh có số liệu công bố.")


def test_scores_are_written_as_published_and_ranks_as_the_ministry_writes_them():
    assert figures.published(46.0414) == "46,0414"
    assert figures.published(91.8) == "91,8"
    assert figures.published(45.0) == "45"
    assert figures.score_text(91.87, "%") == "91,87\u00a0%"
    assert figures.score_text(42.394, "điểm") == "42,394 điểm"
    assert figures.rank_text(12, 63) == "hạng 12/63"
    assert figures.rank_text(28, None) == "hạng 28"
    assert figures.rank_text(None) == "chưa có hạng"
    assert figures.group_text("B") == "Nhóm B (80 % – < 90 %)"
