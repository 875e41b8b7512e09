"""Writing one inspected file to the warehouse: one transaction, or nothing at all."""

from dataclasses import dataclass, field

import pandas as pd

import queries
from loaders.columns import DOSSIER_COLUMNS
from loaders.dossier_form import SheetResult
from loaders.units import alias_key, display_name, guess_level

KIND_DOSSIERS = "dossiers"


@dataclass
class StoredSheet:
    sheet: str
    batch_id: int
    row_count: int
    replaced: list[int] = field(default_factory=list)


def known_units(con) -> dict[str, int]:
    frame = queries.run(con, "unit_aliases")
    return dict(zip(frame["alias_key"], frame["unit_id"]))


def unit_names_of(result: SheetResult) -> list[str]:
    """The unit names a sheet reports on: its rows (roll-up by unit) or its reporting unit."""
    if result.rows_are_units:
        return [row["label"] for row in result.rows]
    return [result.reporting_unit] if result.reporting_unit else []


def resolve_unit(con, name: str, aliases: dict[str, int]) -> int:
    """The unit_id for a name, creating the unit and its alias when the name is new."""
    key = alias_key(name)
    if key in aliases:
        return aliases[key]
    unit_id = queries.execute(con, "insert_unit", name=display_name(name), level=guess_level(name)).fetchone()[0]
    queries.execute(con, "insert_unit_alias", alias_key=key, unit_id=unit_id, alias=name)
    aliases[key] = unit_id
    return unit_id


def incoming_frame(result: SheetResult, unit_ids: dict[str, int]) -> pd.DataFrame:
    """The canonical rows of a sheet, keyed by unit_id, as the table `dossier_count` holds them."""
    records = []
    for row in result.rows:
        if result.rows_are_units:
            unit_id, linh_vuc = unit_ids[alias_key(row["label"])], None
        else:
            unit_id, linh_vuc = unit_ids[alias_key(result.reporting_unit)], row["label"]
        record = {"unit_id": unit_id, "linh_vuc": linh_vuc,
                  "period_start": result.period.start, "period_end": result.period.end}
        record.update({c: row["counts"].get(c) for c in DOSSIER_COLUMNS[4:]})
        record["source_row"] = row["row"] + 1
        records.append(record)
    frame = pd.DataFrame.from_records(records, columns=list(DOSSIER_COLUMNS) + ["source_row"])
    for column in DOSSIER_COLUMNS[4:]:
        frame[column] = frame[column].astype("Int64")
    frame["unit_id"] = frame["unit_id"].astype("int64")
    frame["linh_vuc"] = frame["linh_vuc"].astype("object")
    return frame


def continuity(con, result: SheetResult) -> pd.DataFrame:
    """V5 against what is stored: rows whose carry/pending disagree with the adjacent periods."""
    aliases = known_units(con)
    names = unit_names_of(result)
    if not names or result.period is None or any(alias_key(n) not in aliases for n in names):
        return pd.DataFrame()
    frame = incoming_frame(result, aliases)
    con.register("incoming_dossier_rows", frame)
    try:
        return queries.run(con, "continuity_check")
    finally:
        con.unregister("incoming_dossier_rows")


def store_sheets(con, results: list[SheetResult], file_name: str, sha256: str, loaded_by: str) -> list[StoredSheet]:
    """Write the sheets of one file in a single transaction; on any failure nothing changes."""
    stored = []
    with queries.WRITE_LOCK:
        con.execute("BEGIN TRANSACTION")
        try:
            aliases = known_units(con)
            for result in results:
                stored.append(_store_sheet(con, result, file_name, sha256, loaded_by, aliases))
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return stored


def _store_sheet(con, result: SheetResult, file_name, sha256, loaded_by, aliases) -> StoredSheet:
    period = result.period
    queries.execute(con, "insert_period", period_start=period.start, period_end=period.end, kind=period.kind,
                    label=period.label, year=period.year, quarter=period.quarter, is_calendar=period.is_calendar)
    unit_ids = [resolve_unit(con, name, aliases) for name in unit_names_of(result)]
    overlapping = queries.run(con, "overlapping_batches", unit_ids=unit_ids,
                              period_start=period.start, period_end=period.end)
    replaced = [int(b) for b in overlapping["batch_id"]]
    batch_id = queries.execute(
        con, "insert_load_batch", kind=KIND_DOSSIERS, file_name=file_name, sha256=sha256, sheet=result.sheet,
        form=result.form, period_start=period.start, period_end=period.end, loaded_by=loaded_by,
        row_count=len(result.rows), replaces=replaced or None, note=None).fetchone()[0]
    frame = incoming_frame(result, aliases)
    con.register("incoming_dossier_rows", frame)
    try:
        queries.execute(con, "insert_dossier_rows", batch_id=batch_id)
    finally:
        con.unregister("incoming_dossier_rows")
    if replaced:
        queries.execute(con, "mark_replaced", batch_ids=replaced)
    return StoredSheet(result.sheet, batch_id, len(result.rows), replaced)
