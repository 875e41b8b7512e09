"""The lĩnh vực table of Hồ sơ TTHC names the units of a lĩnh vực when they are few, and counts them when they
are more than 10: at national scale a cell listed 4.080 names and the table sent 9,2 MB to the browser. On the
generated province of bench/queries_bench.py: 120 units ("Sở Thử nghiệm 001" … "120"), each reporting the same
40 lĩnh vực every quarter."""

import pytest

import queries
from bench.queries_bench import LINH_VUC, generate


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    path = tmp_path_factory.mktemp("province") / "province.duckdb"
    generate(path, provinces=1)
    con = queries.connect(path, read_only=True)
    yield con
    con.close()


def _breakdown(con, unit_ids):
    return queries.run(con, "dossier_linh_vuc_breakdown", year=2025, unit_ids=unit_ids)


def test_every_unit_is_counted_not_named(province):
    every = _breakdown(province, None)
    assert len(every) == LINH_VUC
    assert set(every["unit_count"]) == {120}
    assert set(every["unit_names"]) == {"120 đơn vị"}


def test_ten_units_are_named_eleven_counted(province):
    ten = _breakdown(province, [12, 3, 5, 7, 9, 1, 2, 4, 6, 8])
    names = "Sở Thử nghiệm 001, Sở Thử nghiệm 002, Sở Thử nghiệm 003, Sở Thử nghiệm 004, Sở Thử nghiệm 005, " \
            "Sở Thử nghiệm 006, Sở Thử nghiệm 007, Sở Thử nghiệm 008, Sở Thử nghiệm 009, Sở Thử nghiệm 012"
    assert set(ten["unit_names"]) == {names} and set(ten["unit_count"]) == {10}
    eleven = _breakdown(province, list(range(1, 12)))
    assert set(eleven["unit_names"]) == {"11 đơn vị"} and set(eleven["unit_count"]) == {11}
    # the counts are the same whether the units are named or counted: the eleven's = the ten's + unit 11's
    one = _breakdown(province, [11]).set_index("linh_vuc")
    ten_of_eleven = _breakdown(province, list(range(1, 11))).set_index("linh_vuc")
    summed = (ten_of_eleven["res_total"] + one["res_total"]).sort_index()
    assert eleven.set_index("linh_vuc")["res_total"].sort_index().tolist() == summed.tolist()
    assert summed.min() > 0


def test_the_directory_of_spellings_counts_a_common_one_and_names_a_rare_one(province):
    every = queries.run(province, "linh_vuc_directory", unit_id=None)
    assert len(every) == LINH_VUC
    assert set(every["unit_names"]) == {"120 đơn vị"} and set(every["unit_count"]) == {120}
    one = queries.run(province, "linh_vuc_directory", unit_id=7)
    assert set(one["unit_names"]) == {"Sở Thử nghiệm 007"} and set(one["unit_count"]) == {1}
