"""Many sessions reading while one analyst loads (the dashboard's model: one connection, a cursor per session,
writes serialised under queries.WRITE_LOCK, one transaction per load): no reader ever sees part of a batch."""

import threading

import queries
from loaders.pipeline import commit_file, inspect_file
from tests.big_report import write_big_report

ROWS = 3000
PERIODS = [("Kỳ báo cáo: Quý I năm 2025", "(Từ ngày 15/12/2024 đến ngày 14/3/2025)"),
           ("Kỳ báo cáo: Quý II năm 2025", "(Từ ngày 15/3/2025 đến ngày 14/6/2025)"),
           ("Kỳ báo cáo: Quý III năm 2025", "(Từ ngày 15/6/2025 đến ngày 14/9/2025)")]
READERS = 4


def snapshot(cur):
    """What a page would see: each batch with the rows it says it has and the rows really visible, and the
    total received of the current rows."""
    batches = cur.execute("SELECT b.batch_id, b.row_count, count(d.batch_id) FROM load_batch b "
                          "LEFT JOIN dossier_count d USING (batch_id) GROUP BY ALL ORDER BY 1").fetchall()
    received = cur.execute("SELECT coalesce(sum(recv_total), 0) FROM dossier_current").fetchone()[0]
    return batches, received


def test_no_reader_sees_a_half_loaded_batch(tmp_path):
    con = queries.connect(tmp_path / "crowd.duckdb")
    reports = []
    for i, period in enumerate(PERIODS):
        path = write_big_report(tmp_path / f"q{i + 1}.xlsx", ROWS, period=period)
        report = inspect_file(con, path.name, path.read_bytes())
        assert not report.has_errors, report.issues[:3]
        reports.append(report)
    # a report's total received: rows i = 0 … 2999 receive (60 + i % 37) + (40 + i % 23) + (5 + i % 7)
    per_report = sum((60 + i % 37) + (40 + i % 23) + (5 + i % 7) for i in range(ROWS))
    allowed_totals = {k * per_report for k in range(len(PERIODS) + 1)}

    seen, problems = [], []
    started = threading.Barrier(READERS + 1)
    writing_done = threading.Event()

    def reader():
        cur = con.cursor()
        seen.append(len(snapshot(cur)[0]))     # one read before any write
        started.wait()
        while True:
            done = writing_done.is_set()
            try:
                batches, received = snapshot(cur)
            except Exception as exc:            # collected: a failure in a thread must fail the test
                problems.append(repr(exc))
                break
            seen.append(len(batches))
            for batch_id, row_count, visible in batches:
                if visible != row_count:
                    problems.append(f"batch {batch_id}: {visible} of {row_count} rows visible")
            if received not in allowed_totals:
                problems.append(f"received total {received} is not a whole number of reports")
            if done:
                break
        cur.close()

    threads = [threading.Thread(target=reader) for _ in range(READERS)]
    for thread in threads:
        thread.start()
    started.wait()                              # every reader has read before the first write starts
    writer = con.cursor()
    for report in reports:
        commit_file(writer, report, loaded_by="analyst")
    writing_done.set()
    for thread in threads:
        thread.join(60)
    assert problems == []
    assert min(seen) == 0 and max(seen) == len(PERIODS)        # reads before the first batch and after the last
    assert snapshot(con.cursor()) == ([(1, ROWS, ROWS), (2, ROWS, ROWS), (3, ROWS, ROWS)], 3 * per_report)
    con.close()
