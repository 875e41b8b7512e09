"""The national layout: many provinces' warehouses as Parquet in one shared folder, and a read-only DuckDB
connection over it on which the app's queries and models run unchanged.

The layout (written by `python -m reports export-parquet`, `reports/parquet_export.py`), one folder per table:

    DIR/<table>/province=<name>/year=<year>/data_0.parquet      tables of `BY_YEAR`
    DIR/<table>/province=<name>/data_0.parquet                  every other exported table

Hive partitioning, as DuckDB writes it (`COPY … PARTITION_BY`): the province name is percent-encoded in the
folder name ("province=Qu%E1%BA%A3ng%20Tr%E1%BB%8B") and read back decoded; a NULL year is the folder
`year=__HIVE_DEFAULT_PARTITION__`. The files hold the table's own columns (a partition column is in the folder
name, not in the file). Provinces export into the same DIR side by side; each province's folders are its own.

`connect(DIR, scope)` builds an in-memory DuckDB database whose tables are views over
`read_parquet(…, hive_partitioning = true)` with the tables' own names, columns and types (read from this
code's migrations), then this code's models (queries/models) on top — so `queries.run(con, name)` works as on
a warehouse file. Three things differ from one province's file, and are the views' doing:

* ids: each province numbers its units, batches and targets from 1, so the views add `province_no × ID_SPAN`
  (NULL stays NULL; unit 0, "every unit" in `ZERO_MEANS_ALL`, stays 0); province_no is the province's place
  in the sorted list of provinces found in DIR when the connection is built. A plain addition, not a CASE,
  where 0 cannot occur: over 34 provinces it kept `dossier_current` 2–3× faster.
* the files are read by name and position, not `union_by_name` (which made the same view 2–3× slower): every
  province must export with the same version of the app (`schema_version` is exported with the rest).
* catalogue tables every warehouse carries (kpi, period, working_day, the index frameworks …: no id column
  to tell provinces apart) are read once per key (`PRIMARY KEY`), the first province's row.
* with every province in scope, a unit's name is prefixed with its province ("Quảng Trị · Sở Tư pháp"): the
  departments of 34 provinces share their names. Units of level 'tinh' (the provinces themselves, subjects
  of PAR INDEX and the like) keep theirs.

A scope of one province reads only that province's folders. Nothing here writes: the views cannot be written,
and the national instance offers no write control (`frame/national.py`).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

import duckdb

import queries

ENV = "CCHC_NATIONAL_PARQUET"
ID_SPAN = 10_000_000                  # ids of province k: k × ID_SPAN + the province's own id (INTEGER: k ≤ 213)

# table → how its year partition is made: ("column", name) the table's own integer year column (a column
# named "year" moves into the folder name), ("date", name) the year of a date or timestamp column
BY_YEAR = {
    "dossier_count": ("date", "period_end"),      # the reporting year is the year of the period's end
    "batch_key": ("date", "period_end"),
    "kpi_value": ("date", "period_end"),
    "dossier": ("date", "received_at"),
    "index_score": ("column", "year"),
    "index_aggregate": ("column", "year"),
    "target": ("column", "year"),
    "period": ("column", "year"),
    "plan_task": ("column", "plan_year"),
    "plan_task_status": ("column", "plan_year"),
}
# The instance's own mail settings and send log (officials' addresses): not warehouse data, not exported.
NOT_EXPORTED = ("alert_rule", "alert_delivery")

UNIT_ID_COLUMNS = ("unit_id", "parent_id")    # and every column ending in _unit_id
OTHER_ID_COLUMNS = ("batch_id", "target_id")
ID_LIST_COLUMNS = ("replaces",)               # load_batch.replaces: batch ids
ZERO_MEANS_ALL = {"linh_vuc_alias": ("unit_id",)}     # unit 0: a rename for every unit of the province


class NationalFolderError(Exception):
    """The shared folder is missing or holds no province's export; the message is Vietnamese."""


def folder() -> Path | None:
    """The shared folder of the national instance ($CCHC_NATIONAL_PARQUET), or None: a province instance."""
    text = os.environ.get(ENV, "").strip()
    return Path(text) if text else None


def provinces(source: Path) -> dict[str, str]:
    """The provinces exported into `source`: name → folder name ("province=…"), sorted by name."""
    found = {}
    for table_dir in sorted(p for p in Path(source).iterdir() if p.is_dir() and not p.name.startswith(".")):
        for part in table_dir.iterdir():
            if part.is_dir() and part.name.startswith("province="):
                found[unquote(part.name.removeprefix("province="))] = part.name
    return dict(sorted(found.items()))


def province_numbers(found: dict[str, str]) -> dict[int, str]:
    """The number of each province of `provinces(…)` (its place in name order, from 1): unit ids of province k
    are k × ID_SPAN + its own ids, in every scope."""
    return dict(enumerate(found, start=1))


@lru_cache(maxsize=1)
def table_layout() -> tuple[dict[str, list[tuple[str, str]]], dict[str, list[str]]]:
    """The tables of this code's migrations: their columns with DuckDB types, in order; their primary keys."""
    template = duckdb.connect()
    try:
        queries.migrate(template)
        columns = {table: [tuple(c) for c in cols] for table, cols in queries.rows(template, "table_columns")}
        keys = {table: list(cols) for table, cols in queries.rows(template, "table_primary_keys")}
        return columns, keys
    finally:
        template.close()


def exported_tables(con) -> list[str]:
    """The tables an export writes: every table of the warehouse's catalog but `NOT_EXPORTED`."""
    return [t for (t,) in queries.rows(con, "backup_tables") if t not in NOT_EXPORTED]


def connect(source: Path, scope: str | None = None, memory: str = "600MB", threads: int = 2):
    """A read-only DuckDB connection over the national folder `source`; `scope` None = every province,
    else the name of one province (only its folders are read). Raises NationalFolderError."""
    source = Path(source)
    if not source.is_dir():
        raise NationalFolderError(f"Không tìm thấy thư mục số liệu toàn quốc {source} (biến môi trường {ENV}).")
    found = provinces(source)
    if not found:
        raise NationalFolderError(f"Thư mục {source} chưa có số liệu của tỉnh nào. Mỗi tỉnh xuất kho dữ liệu bằng "
                                  f"lệnh: python -m reports export-parquet --out {source}")
    if scope is not None and scope not in found:
        raise NationalFolderError(f"Thư mục {source} không có số liệu của tỉnh \"{scope}\".")
    numbers = {name: i for i, name in province_numbers(found).items()}
    if len(numbers) * ID_SPAN >= 2**31:
        raise NationalFolderError(f"Thư mục {source} có {len(numbers)} tỉnh, quá số tỉnh một phiên bản toàn quốc đọc "
                                  f"được ({2**31 // ID_SPAN - 1}).")
    con = duckdb.connect()
    queries.execute(con, "duckdb_memory_limit", limit=memory)
    queries.execute(con, "duckdb_threads", threads=threads)
    queries.execute(con, "duckdb_parquet_metadata_cache")
    queries.execute(con, "national_province_create")
    in_scope = [scope] if scope is not None else list(found)
    for name in in_scope:
        queries.execute(con, "national_province_insert", province=name, province_no=numbers[name])
    # A file path and a folder name cannot be bound in a CREATE statement (DuckDB prepares no DDL): they are
    # written as SQL string literals (quotes doubled); everything else below is identifiers and types from
    # DuckDB's own catalog, quoted.
    scope_part = "/" + found[scope] if scope is not None else ""
    con.execute("CREATE MACRO national_rows(tbl) AS TABLE SELECT * FROM read_parquet("
                + _literal(str(source.resolve()) + "/") + " || tbl || " + _literal(scope_part + "/**/*.parquet")
                + ", hive_partitioning = true, hive_types_autocast = false)")
    layout, keys = table_layout()
    present = _tables_with_files(source, [found[n] for n in in_scope])
    for table, columns in layout.items():
        con.execute(_view_sql(table, columns, keys.get(table), table in present, every_province=scope is None))
    queries._create_models(con, queries._model_texts(), [])
    return con


def _tables_with_files(source: Path, province_dirs: list[str]) -> set[str]:
    return {t.name for t in source.iterdir() if t.is_dir()
            and any(next((t / d).rglob("*.parquet"), None) is not None for d in province_dirs if (t / d).is_dir())}


def _is_unit_id(column: str) -> bool:
    return column in UNIT_ID_COLUMNS or column.endswith("_unit_id")


def _view_sql(table: str, columns: list[tuple[str, str]], key: list[str] | None, has_files: bool,
              every_province: bool) -> str:
    """CREATE VIEW <table>: its columns, in order, cast to their types; ids moved into the province's span."""
    names = [c for c, _ in columns]
    remapped = [c for c in names if _is_unit_id(c) or c in OTHER_ID_COLUMNS or c in ID_LIST_COLUMNS]
    selected = []
    for column, data_type in columns:
        ref = "r." + _quoted(column)
        if column in ID_LIST_COLUMNS:
            value = f"list_transform({ref}, lambda x: x + p.province_no * {ID_SPAN})"
        elif column in ZERO_MEANS_ALL.get(table, ()):
            value = f"CASE WHEN {ref} > 0 THEN {ref} + p.province_no * {ID_SPAN} ELSE {ref} END"
        elif column in remapped:
            value = f"{ref} + p.province_no * {ID_SPAN}"
        elif table == "unit" and column == "name" and every_province:
            value = f"CASE WHEN r.level = 'tinh' THEN {ref} ELSE p.province || ' · ' || {ref} END"
        else:
            value = ref
        selected.append(f"CAST({value} AS {data_type}) AS {_quoted(column)}")
    if not has_files:               # no province exported a row of it: the table, empty
        return (f"CREATE VIEW {_quoted(table)} AS SELECT {', '.join(selected)} "
                f"FROM (SELECT 0 AS province_no, '' AS province) p, (SELECT {', '.join(f'NULL AS {_quoted(c)}' for c in names)}) r "
                "WHERE false")
    statement = (f"CREATE VIEW {_quoted(table)} AS SELECT {', '.join(selected)} "
                 f"FROM national_rows({_literal(table)}) r JOIN national_province p USING (province)")
    if key and not remapped:        # a catalogue every warehouse carries: the first province's row per key
        statement += (" QUALIFY row_number() OVER (PARTITION BY "
                      + ", ".join("r." + _quoted(c) for c in key) + " ORDER BY p.province_no) = 1")
    return statement


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
