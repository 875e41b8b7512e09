"""The published reference data (data/reference/), loaded on first start.

- frameworks/*.csv → index_methodology and index_framework (replaced wholesale: the files are their one
  source; `python -m loaders.reference` reloads them after an edit);
- the 63 provinces (province_names.csv) and the ministries named in the files → the unit directory;
- par_index.csv, sipas.csv, papi.csv, papi_dimensions_long.csv, idx766.csv → index_score, and
  national_aggregates.csv → index_aggregate: one "scores" batch per file through
  `loaders.store.store_batches` (history, rollback), read in bulk by DuckDB (index_reference_stage.sql);
- lineage_2025.csv → unit_lineage: provinces 63 → 34 (1/7/2025) and the merged departments (1/3/2025),
  a department link only where both departments are in the directory;
- the demo department scores of data/sample/chi_so/ are loaded after these by loaders/sample.py, through
  the upload pipeline like any sample workbook.

The published values are partial (top and bottom of rankings, some provinces): nothing here fills a gap.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from loaders.lazy import pa

import queries
from accounts import requires
from loaders import scores, store
from loaders.units import alias_key
from vocabulary.clock import vietnam_today
from vocabulary.dates import DAY

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_DIR = ROOT / "data" / "reference"
DEMO_SCORES = "chi_so"              # data/sample/chi_so/: the demo department scores
REFERENCE_LOADER = "dữ liệu tham chiếu"
HOME_PROVINCE = "Quảng Trị"        # the province of the demo data: default subject of province-level views
# One batch per file, in this order (index_reference_stage.sql names them).
SCORE_FILES = ("par_index.csv", "sipas.csv", "papi.csv", "papi_dimensions_long.csv", "idx766.csv")
AGGREGATES = "national_aggregates.csv"
STAGE_FILES = {"par_path": "par_index.csv", "sipas_path": "sipas.csv", "papi_path": "papi.csv",
               "papi_dims_path": "papi_dimensions_long.csv", "idx766_path": "idx766.csv", "notes_path": "notes.csv",
               "provinces_path": "province_names.csv", "sizes_path": "ranking_sizes.csv"}
# Provinces that were centrally-run cities before 2025 are written "thành phố …" as well as by name.
CITIES = ("Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ")
HCMC_SPELLINGS = ("Thành phố Hồ Chí Minh", "TP Hồ Chí Minh", "TP.HCM", "TP HCM", "Hồ Chí Minh",
                  "UBND Thành phố Hồ Chí Minh")


@dataclass
class ReferenceFile:
    """One reference CSV as store_batches sees a sheet: its name, and its values (only counted there)."""
    sheet: str
    records: range


def is_demo_scores(path: Path) -> bool:
    """A workbook of the demo department scores (loaded after the frameworks it is scored on)."""
    return path.parent.name == DEMO_SCORES


def load_frameworks(con, folder: Path = REFERENCE_DIR) -> None:
    """Replace index_methodology and index_framework by the CSV files of `folder`/frameworks."""
    methodology = folder / "frameworks" / "methodology.csv"
    components = sorted(str(p) for p in (folder / "frameworks").glob("*.csv") if p != methodology)
    with queries.WRITE_LOCK:
        con.execute("BEGIN TRANSACTION")
        try:
            queries.execute(con, "index_methodology_clear")
            queries.execute(con, "index_methodology_insert", path=str(methodology))
            queries.execute(con, "index_framework_clear")
            queries.execute(con, "index_framework_insert", paths=components)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise


def _add_units(con, units: list[tuple[str, str, list[str]]]) -> dict[str, int]:
    """Create the (name, level, other spellings) not in the directory yet; returns alias key → unit_id."""
    aliases = store.known_units(con)
    rows = [{"name": name, "level": level, "alias_key": alias_key(spelling), "alias": spelling}
            for name, level, spellings in units for spelling in (name, *spellings)
            if alias_key(spelling) not in aliases]
    if rows:
        con.register("incoming_units", pa.Table.from_pylist(rows))
        try:
            queries.execute(con, "insert_units")
            queries.execute(con, "insert_unit_aliases")
        finally:
            con.unregister("incoming_units")
        aliases = store.known_units(con)
    return aliases


def _province_spellings(name: str) -> list[str]:
    if name == "TP. Hồ Chí Minh":
        return list(HCMC_SPELLINGS)
    if name in CITIES:
        return [f"thành phố {name}", f"TP {name}", f"TP. {name}", f"UBND thành phố {name}"]
    return [f"tỉnh {name}", f"UBND tỉnh {name}", f"Ủy ban nhân dân tỉnh {name}"]


def _fingerprint(folder: Path) -> str:
    """One content hash for every reference file: the same data is stored once."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*.csv")):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def load_reference(con, folder: Path = REFERENCE_DIR, loaded_by: str = REFERENCE_LOADER) -> list[store.StoredSheet]:
    """Frameworks, provinces and ministries, published scores and statistics; [] when already stored."""
    load_frameworks(con, folder)
    provinces = queries.rows(con, "index_reference_provinces", path=str(folder / "province_names.csv"))
    _add_units(con, [(name, "tinh", _province_spellings(name)) for name, _ in provinces])
    queries.execute(con, "index_reference_stage", **{k: str(folder / v) for k, v in STAGE_FILES.items()})
    counts = dict(queries.rows(con, "index_reference_counts", aggregates_path=str(folder / AGGREGATES)))
    named = queries.rows(con, "index_reference_units")
    aliases = _add_units(con, [(name, "tinh" if kind == "tinh" else "don_vi", []) for name, kind in named])
    con.register("reference_units", pa.table({
        "unit_name": pa.array([name for name, _ in named], pa.string()),
        "unit_id": pa.array([aliases[alias_key(name)] for name, _ in named], pa.int32())}))

    def write_rows(con, table: ReferenceFile, batch_id: int) -> list[int]:
        if table.sheet == AGGREGATES:
            queries.execute(con, "index_aggregate_insert", batch_id=batch_id, path=str(folder / AGGREGATES))
            return []
        queries.execute(con, "index_reference_insert", batch_id=batch_id, file=table.sheet)
        return []

    try:
        files = [ReferenceFile(name, range(counts.get(name, 0))) for name in (*SCORE_FILES, AGGREGATES)]
        return store.store_batches(con, scores.KIND, files, "data/reference", _fingerprint(folder),
                                   loaded_by, write_rows, form_of=lambda table: "Số liệu công bố (tham chiếu)")
    finally:
        con.unregister("reference_units")


def record_lineage(con, folder: Path = REFERENCE_DIR) -> int:
    """The 2025 reorganisation links of lineage_2025.csv whose two units are in the directory; returns how many."""
    aliases = store.known_units(con)
    with open(folder / "lineage_2025.csv", encoding="utf-8", newline="") as f:
        links = [(aliases[alias_key(r["old_name"])], aliases[alias_key(r["new_name"])],
                  datetime.strptime(r["effective_date"], "%Y-%m-%d").date())
                 for r in csv.DictReader(f)
                 if alias_key(r["old_name"]) in aliases and alias_key(r["new_name"]) in aliases]
    if not links:
        return 0
    table = pa.table({"old_unit_id": pa.array([a for a, _, _ in links], pa.int32()),
                      "new_unit_id": pa.array([b for _, b, _ in links], pa.int32()),
                      "effective_date": pa.array([d for _, _, d in links], pa.date32())})
    with queries.WRITE_LOCK:
        con.register("incoming_lineage", table)
        con.execute("BEGIN TRANSACTION")
        try:
            queries.execute(con, "index_lineage_insert")
            queries.execute(con, "index_lineage_valid_to")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        finally:
            con.unregister("incoming_lineage")
    return len(links)


@requires("upload")
def load_published(con, user: str) -> list[store.StoredSheet]:
    """The "Chỉ số" page's action for a warehouse created before the scores: the reference data and the 2025
    lineage, recorded as loaded by `user`; the account (`by=`) must be allowed to load data."""
    stored = load_reference(con, loaded_by=user)
    record_lineage(con)
    return stored


def main() -> int:
    """Reload the frameworks after editing data/reference/frameworks/*.csv (the dashboard must be stopped)."""
    con = queries.connect()
    try:
        load_frameworks(con)
        print(f"Đã nạp lại khung chỉ số từ {REFERENCE_DIR / 'frameworks'} ({vietnam_today():{DAY}}).")
    finally:
        con.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
