"""Writing one inspected file to the warehouse: one transaction, or nothing at all."""

from dataclasses import dataclass, field

import queries
from accounts import requires
from vocabulary.columns import DOSSIER_COLUMNS
from loaders.dossier_form import SheetResult
from loaders.text import fold_space, match_key
from loaders.units import display_name, guess_level, unit_key
from vocabulary.clock import vietnam_now

KIND_DOSSIERS = "dossiers"


@dataclass
class StoredSheet:
    sheet: str
    batch_id: int
    row_count: int
    replaced: list[int] = field(default_factory=list)


def known_units(con) -> dict[str, int]:
    return {key: unit_id for key, unit_id, _ in queries.rows(con, "unit_aliases")}


def unit_names_of(result: SheetResult) -> list[str]:
    """The unit names a sheet reports on: its rows (roll-up by unit) or its reporting unit."""
    if result.rows_are_units:
        return [row["label"] for row in result.rows]
    return [result.reporting_unit] if result.reporting_unit else []


def resolve_units(con, names: list[str], aliases: dict[str, int], created: set[int] | None = None) -> list[int]:
    """The unit_id of each name, creating in one statement the units whose names are new (their ids added to
    `created`; a new spelling of a unit already in the directory is not a new unit)."""
    new, seen = [], set()
    for name in names:
        key = unit_key(name, aliases)
        if key not in aliases and key not in seen:
            seen.add(key)
            new.append({"name": display_name(name), "level": guess_level(name), "alias_key": key, "alias": name})
    if new:
        columns = {key: [unit[key] for unit in new] for key in ("name", "level", "alias_key", "alias")}
        with queries.staged(con, "incoming_units", columns):
            inserted = queries.execute(con, "insert_units").fetchall()
            aliases.update(queries.execute(con, "insert_unit_aliases").fetchall())
        if created is not None:
            created.update(unit_id for (unit_id,) in inserted)
        if not seen.issubset(aliases):      # a spelling stored meanwhile by another way: read them all
            aliases.update(known_units(con))
    return [aliases[unit_key(name, aliases)] for name in names]


def linh_vuc_names(con) -> dict[tuple, str]:
    """(unit_id or 0 for every unit, match key of a spelling) → the lĩnh vực name an analyst chose for it; and
    ("in_use", unit_id, the name case-folded) → the unit's one name in use with those letters."""
    names = {(unit_id, key): name for key, unit_id, name in queries.rows(con, "linh_vuc_aliases")}
    in_use: dict[tuple, set] = {}
    for unit_id, name, _ in queries.rows(con, "linh_vuc_spellings"):
        in_use.setdefault(("in_use", unit_id, fold_space(name).casefold()), set()).add(name)
    # only where the unit uses one spelling of those letters: where two are stored already, a file keeps its own
    # (it may be the correction, and V5 compares it with the adjacent period as written)
    names.update({key: spellings.pop() for key, spellings in in_use.items() if len(spellings) == 1})
    return names


def stored_linh_vuc(names: dict, unit_id: int, spelling: str) -> str:
    """The name a lĩnh vực spelling is stored under: a rename for this unit, else for every unit, else the unit's
    name in use that differs only in capitals ("Lý lịch Tư pháp" → "Lý lịch tư pháp": one lĩnh vực, not two),
    else as written."""
    key = match_key(spelling)
    return (names.get((unit_id, key)) or names.get((0, key))
            or names.get(("in_use", unit_id, fold_space(spelling).casefold())) or spelling)


def incoming_columns(result: SheetResult, unit_ids: dict[str, int], field_names: dict | None = None,
                     units: list[int] | None = None) -> dict:
    """The canonical rows of a sheet, keyed by unit_id, as the table `dossier_count` holds them, column by column
    (lĩnh vực spellings renamed in the directory are stored under their chosen name), for
    `queries.staged(con, "incoming_dossier_rows", …)` or `queries.append`: the period once for every row, and
    None for a column no row has (the lĩnh vực of a roll-up by unit, a count the file does not carry) — NULL on
    every row. `units`: the unit_id of each row of a roll-up by unit, when the caller has them already
    (`resolve_units`)."""
    rows = result.rows
    if result.rows_are_units:
        if units is None:
            units = [unit_ids[unit_key(row["label"], unit_ids)] for row in rows]
        linh_vuc = None
    else:
        unit_id = unit_ids[unit_key(result.reporting_unit, unit_ids)]
        units = [unit_id] * len(rows)
        linh_vuc = [stored_linh_vuc(field_names or {}, unit_id, row["label"]) for row in rows]
    columns = {"unit_id": units, "linh_vuc": linh_vuc, "period_start": result.period.start,
               "period_end": result.period.end}
    counts = [row["counts"] for row in rows]
    carried = set().union(*counts)      # a column no row carries is NULL on every row without looking at each
    for column in DOSSIER_COLUMNS[4:]:
        values = [c.get(column) for c in counts] if column in carried else None
        columns[column] = values if values is not None and any(v is not None for v in values) else None
    columns["source_row"] = [row["row"] + 1 for row in rows]
    return columns


def continuity(con, result: SheetResult, aliases: dict[str, int], field_names: dict) -> list[tuple]:
    """V5 against what is stored: (linh_vuc, source_row, direction, this, other, other label) that disagree.
    `field_names`: `linh_vuc_names(con)`, read once per file by the caller."""
    names = unit_names_of(result)
    if not names or result.period is None or any(unit_key(n, aliases) not in aliases for n in names):
        return []
    with queries.staged(con, "incoming_dossier_rows", incoming_columns(result, aliases, field_names)):
        return queries.rows(con, "continuity_check")


def store_sheets(con, results: list[SheetResult], file_name: str, sha256: str, loaded_by: str) -> list[StoredSheet]:
    """Write the sheets of one file in a single transaction (or in the caller's `queries.transaction`, which
    then commits it with the rest); on any failure nothing changes.

    The same file sent by two sessions at once is stored once: the content check is repeated here, under
    the write lock, and the later one stores nothing (returns []).
    """
    stored = []
    with queries.transaction(con):
        if queries.rows(con, "batch_by_sha", sha256=sha256, kind=KIND_DOSSIERS):
            return []          # nothing written: the transaction ends empty
        aliases = known_units(con)
        # read once, before any sheet is written: every sheet stores the names the review showed (a roll-up
        # by unit has no lĩnh vực to name, and the read scans every current row)
        field_names = linh_vuc_names(con) if any(not r.rows_are_units for r in results) else {}
        for result in results:
            stored.append(_store_sheet(con, result, file_name, sha256, loaded_by, aliases, field_names))
    return stored


def _store_sheet(con, result: SheetResult, file_name, sha256, loaded_by, aliases, field_names) -> StoredSheet:
    period = result.period
    queries.execute(con, "insert_period", period_start=period.start, period_end=period.end, kind=period.kind,
                    label=period.label, year=period.year, quarter=period.quarter, is_calendar=period.is_calendar)
    created: set[int] = set()
    unit_ids = resolve_units(con, unit_names_of(result), aliases, created)
    # units created just now have no batch to replace: a first load of new units skips the search
    overlapping = queries.rows(con, "overlapping_batches", unit_ids=unit_ids, period_start=period.start,
                               period_end=period.end) if not created.issuperset(unit_ids) else []
    replaced = [int(b[0]) for b in overlapping]
    batch_id = queries.execute(
        con, "insert_load_batch", kind=KIND_DOSSIERS, file_name=file_name, sha256=sha256, sheet=result.source,
        form=result.form, period_start=period.start, period_end=period.end, loaded_at=vietnam_now(),
        loaded_by=loaded_by,
        row_count=len(result.rows), replaces=replaced or None, note=None).fetchone()[0]
    # appended, not staged in a temporary table made and dropped for every sheet; the keys from the units known here
    columns = incoming_columns(result, aliases, field_names, units=unit_ids if result.rows_are_units else None)
    queries.append(con, "dossier_count", {"batch_id": batch_id, **columns})
    queries.execute(con, "insert_batch_keys", batch_id=batch_id, unit_ids=list(dict.fromkeys(unit_ids)),
                    period_start=period.start, period_end=period.end)
    if replaced:
        queries.execute(con, "mark_replaced", batch_ids=replaced)
    return StoredSheet(result.source, batch_id, len(result.rows), replaced)


# Work a kind must redo when one of its batches is rolled back, inside the same transaction: (con, batch_id).
AFTER_ROLL_BACK: list = []


class CannotRollBack(Exception):
    """A rollback that would not restore a coherent state; carries the Vietnamese reason."""


@requires("rollback")
def roll_back(con, batch_id: int) -> list[int]:
    """Undo a load: the batch stops counting and the batches it replaced count again. Returns those restored.

    Only an active batch can be rolled back; a batch since replaced must wait for its replacement to be
    rolled back first, so that undoing always walks back through history in order.
    """
    with queries.WRITE_LOCK:
        found = queries.rows(con, "batch_status", batch_id=batch_id)
        if not found:
            raise CannotRollBack(f"Không có lô số {batch_id}.")
        _, status, replaces, file_name, replaced_by = found[0]
        if status == "rolled_back":
            raise CannotRollBack(f"Lô số {batch_id} ({file_name}) đã được hoàn tác trước đó.")
        if status == "replaced":
            raise CannotRollBack(f"Lô số {batch_id} ({file_name}) đã bị lô số {replaced_by} thay thế; "
                                 f"hãy hoàn tác lô số {replaced_by} trước.")
        con.execute("BEGIN TRANSACTION")
        try:
            queries.execute(con, "rollback_batch", batch_id=batch_id)
            queries.execute(con, "restore_replaced", batch_id=batch_id)
            for hook in AFTER_ROLL_BACK:
                hook(con, batch_id)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        restored = [b for b in (replaces or [])
                    if queries.rows(con, "batch_status", batch_id=b)[0][1] == "active"]
        return restored


def store_batches(con, kind: str, results: list, file_name: str, sha256: str, loaded_by: str,
                  write_rows, period_of=lambda result: (None, None), form_of=lambda result: None) -> list[StoredSheet]:
    """The storing frame of every table kind (scores, KPIs, targets, plan tasks): one transaction, or nothing.

    Per result (sheet): a `load_batch` row of `kind`, then `write_rows(con, result, batch_id)` inserts the
    kind's rows and returns the batch ids this one supersedes (marked `replaced`, listed in `replaces` so
    a roll back restores them). The same content already stored as this kind → nothing, [] (checked again
    under the write lock, so two sessions sending one file store it once).
    """
    stored = []
    with queries.transaction(con):
        if queries.rows(con, "batch_by_sha", sha256=sha256, kind=kind):
            return []          # nothing written: the transaction ends empty
        for result in results:
            start, end = period_of(result)
            batch_id = queries.execute(
                con, "insert_load_batch", kind=kind, file_name=file_name, sha256=sha256, sheet=result.sheet,
                form=form_of(result), period_start=start, period_end=end, loaded_at=vietnam_now(),
                loaded_by=loaded_by, row_count=len(result.records), replaces=None, note=None).fetchone()[0]
            replaced = sorted(set(write_rows(con, result, batch_id)) - {batch_id})
            if replaced:
                queries.execute(con, "set_batch_replaces", batch_id=batch_id, replaces=replaced)
                queries.execute(con, "mark_batches_replaced", batch_ids=replaced)
            stored.append(StoredSheet(result.sheet, batch_id, len(result.records), replaced))
    return stored
