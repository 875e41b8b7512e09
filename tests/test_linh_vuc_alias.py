"""A lĩnh vực renamed in the directory stays renamed: later files written the old way load under the new name."""

from loaders.directory import relabel_linh_vuc
from vocabulary.issues import INFO, WARNING
from tests.test_loader_store import NOI_VU_Q2, TU_PHAP_Q2, TU_PHAP_Q3, inspect, load


def fields(con, period_end):
    return con.execute("SELECT unit_id, linh_vuc, recv_total FROM dossier_current WHERE period_end = $p "
                       "AND linh_vuc LIKE '%ộ tịch%' ORDER BY ALL", {"p": period_end}).fetchall()


def test_a_rename_applies_to_files_loaded_afterwards(db, fixtures_dir):
    load(db, fixtures_dir, TU_PHAP_Q2)
    relabel_linh_vuc(db, "Hộ tịch", "Đăng ký hộ tịch")
    report = inspect(db, fixtures_dir, TU_PHAP_Q3)                    # still writes "Hộ tịch" in B14
    assert [(i.level, i.where(), i.message) for i in report.issues if i.level in (INFO, WARNING)
            and "tịch" in i.message] == [
        (INFO, "Biểu 06!B14", "lĩnh vực \"Hộ tịch\" sẽ được lưu là \"Đăng ký hộ tịch\" (tên đã thống nhất ở trang "
                              "Quản lý dữ liệu)."),
        # V5 compares the renamed rows of both quarters: Q3 carries 7, Q2 left 6 pending
        (WARNING, "Biểu 06!F14", "V5 – lĩnh vực \"Đăng ký hộ tịch\": số từ kỳ trước chuyển sang (7) khác số đang "
                                 "giải quyết cuối kỳ Quý II/2025 đã lưu (6)."),
    ]
    load(db, fixtures_dir, TU_PHAP_Q3)
    stored = db.execute("SELECT DISTINCT linh_vuc FROM dossier_count WHERE linh_vuc LIKE '%ộ tịch%'").fetchall()
    assert stored == [("Đăng ký hộ tịch",)]


def test_a_rename_for_one_unit_leaves_the_others_as_written(db, fixtures_dir):
    load(db, fixtures_dir, TU_PHAP_Q2)                                # unit 1
    load(db, fixtures_dir, NOI_VU_Q2)                                 # unit 2
    relabel_linh_vuc(db, "Thi đua, khen thưởng", "Thi đua - Khen thưởng", unit_id=2)
    relabel_linh_vuc(db, "Thi đua - Khen thưởng", "Thi đua, khen thưởng (Nội vụ)", unit_id=2)
    # the chain of renames ends at the latest name
    assert db.execute("SELECT alias_key, unit_id, linh_vuc FROM linh_vuc_alias ORDER BY ALL").fetchall() == [
        ("thi dua - khen thuong", 2, "Thi đua, khen thưởng (Nội vụ)"),
        ("thi dua, khen thuong", 2, "Thi đua, khen thưởng (Nội vụ)"),
    ]
    report = inspect(db, fixtures_dir, TU_PHAP_Q3)                    # Sở Tư pháp: no rename applies
    assert not [i for i in report.issues if "sẽ được lưu là" in i.message]
