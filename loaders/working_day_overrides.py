"""Working-day overrides ("working_days" kind): days an admin declares worked or off (a swap the `holidays`
package does not know yet, a provincial decision), loaded like every kind — review, one transaction, history,
roll back. The latest active batch naming a day wins; the calendar in force is rebuilt after each change."""

from functools import cache

from loaders.lazy import pa

import queries
from loaders import store as warehouse
from loaders import working_days
from vocabulary.issues import ERROR
from loaders.tables import DATE, TEXT, Column, TableResult, read_table
from vocabulary.kinds import LABELS as KIND_LABELS
from vocabulary.dates import DAY

KIND = "working_days"
LABEL = KIND_LABELS[KIND]
COLUMNS = [
    Column("day", ("Ngày",), DATE),
    Column("working", ("Làm việc", "Ngày làm việc")),
    Column("note", ("Ghi chú", "Lý do"), TEXT, required=False, blank_ok=True),
    Column("source", ("Nguồn", "Văn bản"), TEXT, required=False, blank_ok=True),
]
@cache
def row_schema():
    return pa.schema([("day", pa.date32()), ("is_working", pa.bool_()), ("note", pa.string()),
                      ("source", pa.string()), ("source_row", pa.int32())])


def parse(file_name: str, sheets: list, con=None) -> list[TableResult]:
    results = []
    for sheet in sheets:
        result = read_table(KIND, file_name, sheet, COLUMNS)
        if result is None:
            continue
        seen = {}
        for record in result.records:
            record["_working"] = working_days.working_flag(record["working"]) if record.get("working") else None
            if record.get("working") and record["_working"] is None:
                result.add(ERROR, result.cell(record, "working"),
                           f"\"{record['working']}\" — ghi \"có\" (ngày làm việc) hoặc \"không\" (ngày nghỉ).")
            if record.get("day") in seen:
                result.add(ERROR, result.cell(record, "day"), f"ngày {record['day']:{DAY}} đã có ở dòng {seen[record['day']]}.")
            elif record.get("day"):
                seen[record["day"]] = record["_row"]
        days = sorted(seen)
        result.summary = {"Số ngày": len(result.records),
                          "Từ": f"{days[0]:{DAY}}" if days else "—", "Đến": f"{days[-1]:{DAY}}" if days else "—"}
        results.append(result)
    return results


def _rows(result: TableResult) -> list[dict]:
    return [{"day": r["day"], "is_working": r["_working"], "note": r.get("note"), "source": r.get("source"),
             "source_row": r["_row"]} for r in result.records]


def _write_rows(con, result: TableResult, batch_id: int) -> list[int]:
    con.register("incoming_overrides", pa.Table.from_pylist(_rows(result), schema=row_schema()))
    try:
        superseded = [b for (b,) in queries.rows(con, "working_day_superseded")]
        queries.execute(con, "working_day_override_insert", batch_id=batch_id)
    finally:
        con.unregister("incoming_overrides")
    working_days.refresh(con)
    return superseded


def store(con, results: list[TableResult], file_name: str, sha256: str, loaded_by: str):
    return warehouse.store_batches(con, KIND, results, file_name, sha256, loaded_by, _write_rows,
                                   form_of=lambda result: "Bảng điều chỉnh ngày làm việc")


def replacement(con, results: list[TableResult]) -> "pd.DataFrame | None":  # noqa: F821 (pandas imported when called)
    """The days whose status in the calendar in force this file changes."""
    import pandas as pd      # not at import: the command line's dossier path runs without pandas

    rows = [row for result in results for row in _rows(result)]
    if not rows:
        return None
    con.register("incoming_overrides", pa.Table.from_pylist(rows, schema=row_schema()))
    try:
        found = queries.run(con, "working_day_changes")
    finally:
        con.unregister("incoming_overrides")
    if found.empty:
        return None
    said = {True: "làm việc", False: "nghỉ"}
    return pd.DataFrame({"Ngày": [f"{d:{DAY}}" for d in found["day"]],
                         "Đang tính là": [said[bool(v)] for v in found["old_working"]],
                         "Sẽ tính là": [said[bool(v)] for v in found["new_working"]]})


def _after_roll_back(con, batch_id: int) -> None:
    if queries.rows(con, "working_day_batch_days", batch_id=batch_id):
        working_days.refresh(con)


warehouse.AFTER_ROLL_BACK.append(_after_roll_back)
