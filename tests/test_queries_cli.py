"""`python -m queries NAME …`, run as an analyst runs it: a subprocess on a warehouse file."""

import csv
import io
import os
import shutil
import subprocess
import sys

import pytest

import queries
from tests.test_rates import LAM_DONG, ROOT, XAY_DUNG, load, unit_id


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    """Sở Xây dựng's four 2024 quarters and the Lâm Đồng Q1/2020 report; (path, Xây dựng id, Lâm Đồng id)."""
    path = tmp_path_factory.mktemp("cli") / "cchc.duckdb"
    con = queries.connect(path)
    load(con, *XAY_DUNG, LAM_DONG)
    ids = unit_id(con, "Sở Xây dựng"), unit_id(con, "UBND tỉnh Lâm Đồng")
    con.close()
    return path, *ids


def cli(*args):
    env = {k: v for k, v in os.environ.items() if k != "CCHC_DB"}
    return subprocess.run([sys.executable, "-m", "queries", *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def parse(stdout: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(stdout)))


def test_yearly_csv_has_the_year_built_from_four_quarters(warehouse):
    path, xay_dung, lam_dong = warehouse
    done = cli("dossier_rates_yearly", "--db", path, "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = parse(done.stdout)
    assert list(rows[0]) == queries.contract("dossier_rates_yearly")["columns"]
    assert [(r["unit_name"], r["linh_vuc"], r["year"]) for r in rows] == [
        ("Sở Xây dựng", "", "2024"),                                  # the unit total first (NULL → empty)
        ("Sở Xây dựng", "Giám định chất lượng công trình", "2024"),
        ("Sở Xây dựng", "Hoạt động xây dựng", "2024"),
        ("Sở Xây dựng", "Quy hoạch xây dựng, kiến trúc", "2024"),
        ("UBND tỉnh Lâm Đồng", "", "2020"),
        ("UBND tỉnh Lâm Đồng", "Bồi thường nhà nước", "2020"),
        ("UBND tỉnh Lâm Đồng", "Giải quyết TTHC các cấp", "2020"),
        ("UBND tỉnh Lâm Đồng", "Khiếu nại, tố cáo", "2020"),
    ]
    unit = rows[0]
    # tests/test_yearly.py: online 540, offline 124, carry Q1 16, resolved 647 (453/174/20), pending Q4 33 (32/1)
    assert {k: unit[k] for k in ("recv_total", "recv_online", "recv_offline", "recv_carry", "res_total",
                                 "res_before", "res_ontime", "res_late", "proc_total", "proc_ontime",
                                 "proc_late")} == {
        "recv_total": "680", "recv_online": "540", "recv_offline": "124", "recv_carry": "16", "res_total": "647",
        "res_before": "453", "res_ontime": "174", "res_late": "20", "proc_total": "33", "proc_ontime": "32",
        "proc_late": "1"}
    assert (unit["period_count"], unit["months_covered"], unit["is_complete"], unit["uses_cumulative"]) == (
        "4", "12", "True", "False")
    assert unit["basis"] == "Quý I/2024 + Quý II/2024 + Quý III/2024 + Quý IV/2024"
    assert (unit["first_period_start"], unit["last_period_end"]) == ("2023-12-15", "2024-12-14")
    assert float(unit["on_time_pct"]) == pytest.approx(100 * 627 / 647)     # full precision in the CSV
    assert unit["bcci_recv_pct"] == "" and unit["recv_postal"] == ""       # NULL, not 0
    # Lâm Đồng "Khiếu nại, tố cáo" is all zero: every rate empty
    assert all(rows[7][c] == "" for c in ("on_time_pct", "online_pct", "completion_pct"))
    assert "Traceback" not in done.stderr


def test_params_select_units_years_and_lists(warehouse):
    path, xay_dung, lam_dong = warehouse
    done = cli("dossier_rates_yearly", "--db", path, "--param", f"unit_ids={lam_dong}")
    assert done.returncode == 0, done.stderr
    assert {r["unit_name"] for r in parse(done.stdout)} == {"UBND tỉnh Lâm Đồng"}

    done = cli("dossier_rates", "--db", path, "--param", f"unit_ids={lam_dong},{xay_dung}",
               "--param", "year_from=2024", "--param", "kind=quarter", "--param", "linh_vuc=Hoạt động xây dựng")
    assert done.returncode == 0, done.stderr
    rows = parse(done.stdout)
    assert [(r["period_label"], r["recv_carry"], r["proc_total"]) for r in rows] == [
        ("Quý I/2024", "10", "20"), ("Quý II/2024", "20", "24"), ("Quý III/2024", "24", "27"),
        ("Quý IV/2024", "27", "30")]


def test_bad_name_or_parameter_exit_2_with_a_vietnamese_message(warehouse):
    path = warehouse[0]
    done = cli("ty_le_dung_han", "--db", path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("Không có truy vấn \"ty_le_dung_han\". Các truy vấn có thể chạy: ")
    assert "dossier_rates_yearly" in done.stderr and "insert_units" not in done.stderr
    assert "Traceback" not in done.stderr

    done = cli("dossier_rates_yearly", "--db", path, "--param", "nam=2024")
    assert done.returncode == 2
    assert done.stderr.strip() == ("Truy vấn dossier_rates_yearly không có tham số \"nam\". "
                                   "Các tham số nhận: unit_ids, year_from, year_to.")
    assert "Traceback" not in done.stderr

    # left out: NULL only where the contract says what NULL means; a listed value must be one of the list
    done = cli("dossier_unit_ranking", "--db", path, "--param", "year=2024")
    assert (done.returncode, done.stderr.strip()) == (
        2, "Truy vấn dossier_unit_ranking cần tham số definition (--param tên=giá_trị).")
    done = cli("dossier_unit_ranking", "--db", path, "--param", "year=2024", "--param", "definition=qd 766")
    assert (done.returncode, done.stderr.strip()) == (
        2, "Tham số definition nhận một trong các giá trị: default, qd766, due.")


def test_table_format_is_aligned(warehouse):
    path, xay_dung, _ = warehouse
    done = cli("dossier_rates", "--db", path, "--format", "table", "--param", f"unit_ids={xay_dung}",
               "--param", "linh_vuc=Giám định chất lượng công trình")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    header, rule, body, footer = lines[0], lines[1], lines[2:-1], lines[-1]
    assert footer == "(4 dòng)" and len(body) == 4
    # the rule under the header marks each column: every cell sits inside its column, a space either side
    spans, start = [], 0
    for dashes in rule.split("  "):
        spans.append((start, start + len(dashes)))
        start += len(dashes) + 2
    columns = queries.contract("dossier_rates")["columns"]
    assert len(spans) == len(columns)
    for line in [header] + body:
        assert len(line) <= spans[-1][1]
        for a, b in spans[1:]:
            assert line[a - 2:a] == "  ", (line, a)
    cells = [{c: line[a:b].strip() for c, (a, b) in zip(columns, spans)} for line in body]
    assert [c["period_label"] for c in cells] == ["Quý I/2024", "Quý II/2024", "Quý III/2024", "Quý IV/2024"]
    # Q1: 2 carried over, nothing new, nothing resolved → on time "—" (NULL); Q2: (1 + 1) / 2 = 100,00
    assert (cells[0]["recv_carry"], cells[0]["on_time_pct"], cells[0]["online_pct"]) == ("2", "—", "—")
    assert cells[1]["on_time_pct"] == "100,00"
    # numbers are right-aligned: the last digit at the right edge of the column
    a, b = spans[columns.index("recv_total")]
    assert [line[a:b] for line in body] == [f"{v:>{b - a}}" for v in ("2", "4", "2", "0")]


def test_list_names_read_queries_with_their_grain():
    done = cli("--list")
    assert done.returncode == 0
    lines = dict(line.split(None, 1) for line in done.stdout.splitlines())
    assert lines["dossier_rates"].startswith("one row per unit × lĩnh vực × stored period")
    assert lines["dossier_rates_yearly"].startswith("one row per unit × lĩnh vực × reporting year")
    assert "dossier_quality" in lines
    assert "insert_units" not in lines and "continuity_check" not in lines   # writes / loader checks


def test_database_held_by_the_dashboard_exit_2(warehouse, tmp_path):
    path = tmp_path / "busy.duckdb"
    shutil.copy(warehouse[0], path)
    holder = queries.connect(path)      # as the running dashboard does: one read-write connection
    try:
        done = cli("dossier_rates_yearly", "--db", path)
    finally:
        holder.close()
    assert done.returncode == 2
    assert f"Cơ sở dữ liệu {path} đang được một chương trình khác mở" in done.stderr
    assert "Traceback" not in done.stderr

    done = cli("dossier_rates_yearly", "--db", tmp_path / "khong_co.duckdb")
    assert done.returncode == 2 and done.stderr.startswith("Không có cơ sở dữ liệu ")
    assert not (tmp_path / "khong_co.duckdb").exists()
