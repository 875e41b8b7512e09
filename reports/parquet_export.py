"""The warehouse as Parquet partitioned by province and year, for a national instance (issue 18 §3):
`python -m reports export-parquet --db PATH --out DIR [--province NAME]`.

Which tables, and how (the layout's one home is queries/national.py, which reads it back):

* every table of the warehouse's catalog (a table a later migration adds is exported without anyone listing
  it), less `NOT_EXPORTED` — alert_rule and alert_delivery, the instance's own mail settings and send log;
  every row of every batch and status, the history included, with the table's own column names and types;
* by province and year — `DIR/<table>/province=<name>/year=<year>/data_0.parquet` — the tables of `BY_YEAR`:
  dossier_count, batch_key and kpi_value by the year of period_end (the reporting year), dossier by the year
  of received_at, index_score, index_aggregate, target and period by their column `year` (which then lives in
  the folder name only, as hive partitioning does), plan_task and plan_task_status by plan_year;
* by province only — `DIR/<table>/province=<name>/data_0.parquet` — the others (load_batch, unit, unit_alias,
  unit_lineage, kpi, kpi_alias, index_methodology, index_framework, linh_vuc_alias, working_day,
  working_day_override, schema_version);
* a table without rows writes no file (its province folder, from an earlier export, is removed).

All tables are read in one transaction (one consistent state, even while the dashboard loads). The files are
written into a staging folder inside DIR and each table's province folder is then swapped in by a rename,
so a national instance reading DIR sees a table's province folder whole, old or new (or, for the instant
between two renames, absent), never half written; other provinces' folders in DIR are not touched. The province name is NFC with white space folded, as labels are stored.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import queries
from loaders.text import label
from queries.national import BY_YEAR, exported_tables

VERSION_TABLE = "schema_version"      # never empty: its folder tells the province's folder name


class ExportRefused(Exception):
    """Bad arguments for an export; the message is Vietnamese."""


def export(con, out: Path, province: str) -> dict[str, int]:
    """Write the warehouse of `con` into `out` as province `province`; returns the rows written per table."""
    name = label(province) or ""
    if not name or "/" in name or "\\" in name:
        raise ExportRefused("Cần tên tỉnh (--province hoặc biến môi trường CCHC_PROVINCE), không chứa dấu \"/\".")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".dang-xuat-", dir=out))
    try:
        counts = _write(con, staging, name)
        _swap_in(staging, out, counts)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return counts


def _write(con, staging: Path, province: str) -> dict[str, int]:
    cur = con.cursor()
    counts = {}
    cur.execute("BEGIN TRANSACTION")
    try:
        for table in exported_tables(cur):
            target = str(staging / table)
            kind, column = BY_YEAR.get(table, (None, None))
            if kind is None:
                result = queries.execute(cur, "export_parquet_by_province", table_name=table, province=province,
                                         target=target)
            elif kind == "date":
                result = queries.execute(cur, "export_parquet_by_date_year", table_name=table, date_column=column,
                                         province=province, target=target)
            elif column == "year":
                result = queries.execute(cur, "export_parquet_by_year", table_name=table, province=province,
                                         target=target)
            else:
                result = queries.execute(cur, "export_parquet_by_year_column", table_name=table,
                                         year_column=column, province=province, target=target)
            counts[table] = int(result.fetchone()[0])
    finally:
        cur.execute("ROLLBACK")
        cur.close()
    return counts


def _swap_in(staging: Path, out: Path, counts: dict[str, int]) -> None:
    folder = next((staging / VERSION_TABLE).iterdir()).name          # "province=<encoded name>"
    for table in counts:
        written, final = staging / table / folder, out / table / folder
        old = staging / ".cu" / table
        if final.exists():
            old.parent.mkdir(parents=True, exist_ok=True)
            final.rename(old)
        if written.exists():
            final.parent.mkdir(parents=True, exist_ok=True)
            written.rename(final)
