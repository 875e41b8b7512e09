"""Quản lý dữ liệu's batch rows table (charts.manage.batch_rows_table) for the newest dossier-list batch of a
warehouse: date columns a column at a time (what the page does) against the same cells formatted one by one
(`_kind_cell`, what it did before). Medians of alternated runs, with the load average.

    .venv/bin/python bench/manage_rows_bench.py /tmp/a17m/national.duckdb [--repeat 15]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pandas as pd  # noqa: E402

import queries  # noqa: E402
from charts import manage  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    con = queries.connect(args.db, read_only=True)
    newest = queries.run(con, "batch_history_page", kind="dossier_list", status=None, search=None, limit=1, offset=0)
    if newest.empty:
        raise SystemExit("no dossier-list batch in this warehouse")
    batch_id = int(newest["batch_id"].iloc[0])
    rows = queries.run(con, "batch_rows_dossier_list", batch_id=batch_id)
    labels = manage.KIND_ROW_COLUMNS["dossier_list"]
    by_cell, by_column = [], []
    for _ in range(args.repeat):
        t = time.perf_counter()
        pd.DataFrame({title: rows[c].map(manage._kind_cell(c)) for c, title in labels.items()})
        by_cell.append(time.perf_counter() - t)
        t = time.perf_counter()
        manage.batch_rows_table(rows, "dossier_list")
        by_column.append(time.perf_counter() - t)
    print(f"batch {batch_id}, {len(rows)} rows: cell by cell {1000 * statistics.median(by_cell):.0f} ms, "
          f"dates by column {1000 * statistics.median(by_column):.0f} ms (medians of {args.repeat}); "
          f"load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
