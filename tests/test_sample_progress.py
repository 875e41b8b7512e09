"""The first start's progress bar tells the truth (issue 13 §4): each step is said once it is done, the total
announced never changes, the count never goes back, and the dossier lists — a third of the first start —
move the bar as they are stored instead of leaving it at its last step."""

import shutil

import queries
from loaders import sample

FILES = ["2024/bieu06_so_noi_vu_2024_q1.xlsx", "2024/bieu06_so_noi_vu_2024_q2.xlsx",
         "2025/bieu06_so_noi_vu_2025_q1.xlsx"]


def test_the_bar_counts_what_is_done_and_gives_the_lists_their_share(tmp_path):
    folder = tmp_path / "sample"
    (folder / "2024").mkdir(parents=True)
    (folder / "2025").mkdir()
    for name in FILES:
        shutil.copy(sample.SAMPLE_DIR / name, folder / name)
    con = queries.connect(tmp_path / "demo.duckdb")
    said = []
    loaded, problems = sample.load_sample(con, folder=folder, progress=lambda done, total, what: said.append(
        (done, total, what)))
    assert (loaded, problems) == (3, [])
    totals = {total for _, total, _ in said}
    # 3 files and the reference data count one step each; the lists round(4 × 0,3 / 0,7) = round(1,71) = 2 steps
    assert totals == {3 + 1 + 2}
    dones = [done for done, _, _ in said]
    assert dones == sorted(dones) and dones[-1] == 6
    assert [what for _, _, what in said[:3]] == [name.split("/")[1] for name in FILES]   # after each file
    assert said[3] == (4, 6, "số liệu chỉ số đã công bố")
    lists = [entry for entry in said[4:] if entry[2].startswith("danh_sach_ho_so_")]
    assert lists and lists[0][0] == 4 + round(2 * sample.LIST_GENERATION)    # the generation's part, once generated
    stored = queries.rows(con, "demo_summary")
    assert stored and con.execute("SELECT count(*) FROM load_batch WHERE kind = 'dossier_list'").fetchone()[0] == len(lists)
    con.close()
