"""The demo's dossier lists are generated once per sample and code version and kept in the cache folder
(loaders/dossier_sample.py `cached_lists`): the same lists from the cache as generated, another file when the
reports they are drawn from change, and a cache file that is not the owner's alone is never read."""

import os
import shutil

import pytest

import queries
from loaders import dossier_sample, sample

FILES = ["2024/bieu06_so_noi_vu_2024_q1.xlsx", "2024/bieu06_so_noi_vu_2024_q2.xlsx",
         "2025/bieu06_so_tu_phap_2025_q1.xlsx"]


@pytest.fixture
def reported(tmp_path, monkeypatch):
    """The reports the lists are drawn from, for three sample files; the cache folder the test's own."""
    monkeypatch.setenv("CCHC_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "sample"
    for name in FILES:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(sample.SAMPLE_DIR / name, folder / name)
    con = queries.connect(tmp_path / "demo.duckdb")
    for path in sample.files_under([folder]):
        sample._load(con, [path])
    yield con
    con.close()


def _cached(tmp_path):
    return sorted((tmp_path / "cache").glob(dossier_sample.CACHE_PREFIX + "*.zip"))


def test_the_lists_come_from_the_cache_as_they_were_generated(reported, tmp_path):
    first = dossier_sample.generate(reported)
    files = _cached(tmp_path)
    assert len(files) == 1 and oct(files[0].stat().st_mode & 0o777) == "0o600"
    fresh = dossier_sample._generate(dossier_sample.reported_rows(reported))
    assert first == fresh
    os.utime(files[0], (1, 1))                          # read, not made again: its time stays
    again = dossier_sample.generate(reported)
    assert again == fresh and files[0].stat().st_mtime == 1
    # Sở Nội vụ sends no list (NO_LIST): Sở Tư pháp's, and the unit with a list but no report (LIST_ONLY)
    assert list(again) == ["danh_sach_ho_so_ban_quan_ly_khu_kinh_te_tinh_2024_2025.csv",
                           "danh_sach_ho_so_so_tu_phap_2024_2025.csv"]


def test_other_reports_make_another_cache_file(reported, tmp_path):
    rows = dossier_sample.reported_rows(reported)
    before = dossier_sample.generate(reported)
    changed = rows.copy()
    first_tu_phap = changed.index[changed["unit_name"] == "Sở Tư pháp"][0]     # Sở Nội vụ's rows make no list
    changed.loc[first_tu_phap, "recv_online"] += 1
    assert dossier_sample.cache_key(changed) != dossier_sample.cache_key(rows)
    after = dossier_sample.cached_lists(changed)
    assert len(_cached(tmp_path)) == 2
    assert after != before
    # one more dossier received online in a reported row: one more line in Sở Tư pháp's list
    assert sum(d.count(b"\n") for d in after.values()) == sum(d.count(b"\n") for d in before.values()) + 1


def test_a_cache_file_others_may_write_is_not_read(reported, tmp_path):
    rows = dossier_sample.reported_rows(reported)
    (tmp_path / "cache").mkdir(mode=0o700, exist_ok=True)
    planted = tmp_path / "cache" / f"{dossier_sample.CACHE_PREFIX}{dossier_sample.cache_key(rows)}.zip"
    planted.write_bytes(b"not the lists")
    planted.chmod(0o666)
    assert dossier_sample.generate(reported) == dossier_sample._generate(rows)
    assert planted.read_bytes() == b"not the lists"
