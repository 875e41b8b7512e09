"""Keeping the unit directory and the lĩnh vực names right: spellings, merges, levels, lineage.

Every function here takes the caller's account (`by=`) and refuses it without the "edit_directory" role
(`accounts.requires`); then it is one write transaction (under `queries.WRITE_LOCK`, like `loaders.store`): it
checks first, inside the transaction, and either commits everything or changes nothing. A refusal raises
`DirectoryRefused` carrying the Vietnamese sentence to show; it never leaves half a change behind.

Two different things are called "merging" units, and they are kept apart on purpose:
- `merge_units`: two *spellings* of one and the same unit ("Sở Tư pháp" and "Sở Tư pháp Quảng Trị" were
  stored as two units). The second disappears: its spellings, rows, targets and links go to the first.
- `record_lineage`: two *real* units, one of which took over the other (the 2025 mergers: Sở Kế hoạch và
  Đầu tư → Sở Tài chính). Both stay, with their own history; the link says from when.
"""

from dataclasses import dataclass
from datetime import date

import queries
from accounts import requires
from loaders import province
from loaders.text import label, match_key
from loaders.units import alias_key
from vocabulary.dates import DAY

LEVELS = ("tinh", "so", "pvhcc", "huyen", "xa", "phong", "don_vi")


class DirectoryRefused(Exception):
    """A directory change that would make the data wrong or means nothing; carries the Vietnamese reason."""


@dataclass(frozen=True)
class AliasAdded:
    unit_name: str
    spelling: str
    added: bool            # False: the spelling was already this unit's


@dataclass(frozen=True)
class UnitsMerged:
    keep_name: str
    merged_name: str
    rows_moved: int
    aliases_moved: int


@dataclass(frozen=True)
class LinhVucRelabelled:
    old_name: str
    new_name: str
    rows: int
    merged: bool           # True: new_name already existed in the scope, the two spellings are now one
    unit_name: str | None  # None: every unit


def _transaction(con, work):
    """Run `work()` in one transaction under the process's write lock; roll back on any failure."""
    with queries.WRITE_LOCK:
        con.execute("BEGIN TRANSACTION")
        try:
            result = work()
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return result


def _unit(con, unit_id) -> tuple[int, str, str]:
    found = queries.rows(con, "unit_get", unit_id=int(unit_id))
    if not found:
        raise DirectoryRefused(f"Không có đơn vị mã {unit_id} trong danh mục (có thể vừa bị gộp hoặc xóa). "
                               "Hãy tải lại trang.")
    return found[0]


def _changed(result) -> int:
    """The number of rows an UPDATE or DELETE changed (DuckDB returns it as the statement's one row)."""
    row = result.fetchone()
    return int(row[0]) if row else 0


@requires("edit_directory")
def add_alias(con, unit_id: int, spelling: str) -> AliasAdded:
    """Record `spelling` as another way files write unit `unit_id`: a file naming the unit so is then loaded
    into it instead of creating a new unit.

    Spellings are compared as the loader compares them (`loaders.units.alias_key`: case, accents, spacing
    and a trailing "tỉnh …" ignored), so a spelling already known for this unit is reported, not stored
    twice. A spelling that already belongs to another unit is refused: the two units are probably one,
    which is `merge_units`' job (re-pointing the spelling alone would leave the rows already stored behind).
    Rows stored before are not moved.
    """
    text = label(spelling)
    if not text:
        raise DirectoryRefused("Hãy nhập cách viết tên đơn vị (như trong tệp báo cáo).")

    def work():
        # a spelling naming a province other than the home province is kept with it: "Sở Tư pháp tỉnh Quảng Bình"
        # mapped to the old unit is not every "Sở Tư pháp", and it lets that province's report past the check
        home, named = province.home_province(con), province.province_named(text)
        key = province.explicit_key(text) if home and named and not province.same(home, named) else alias_key(text)
        _, name, _ = _unit(con, unit_id)
        known = queries.rows(con, "unit_alias_lookup", alias_key=key)
        if known:
            _, owner_id, owner_alias, owner_name = known[0]
            if owner_id == unit_id:
                return AliasAdded(name, text, added=False)
            raise DirectoryRefused(
                f"Cách viết \"{text}\" đã được dùng cho đơn vị \"{owner_name}\" (viết là \"{owner_alias}\"). "
                f"Nếu \"{owner_name}\" và \"{name}\" là một đơn vị, hãy gộp hai đơn vị thay vì thêm cách viết.")
        queries.execute(con, "unit_alias_insert", alias_key=key, unit_id=int(unit_id), alias=text)
        return AliasAdded(name, text, added=True)

    return _transaction(con, work)


@requires("edit_directory")
def merge_units(con, keep_id: int, merge_id: int) -> UnitsMerged:
    """Merge unit `merge_id` into unit `keep_id` — two spellings of one unit become one.

    The merged unit's spellings (and its name, as a spelling) point to the kept unit, so future files
    load into it; its dossier rows, index scores, KPI values and plan tasks of every batch (history
    included) move to the kept unit; its lineage
    links, child units and plan targets follow (a target of the kept unit for the same KPI and year wins);
    then it is removed from the directory. Dossier totals per period do not change: rows move, none is
    added or dropped.

    Refused when both units hold rows for the same period in batches not rolled back — replaced batches
    count too, since undoing a later load brings them back: the kept unit would then have two reports for
    one period, one hiding or doubling the other. Undo one of those loads first, or, when the two are in
    fact different units, record a lineage link instead.
    """
    keep_id, merge_id = int(keep_id), int(merge_id)
    if keep_id == merge_id:
        raise DirectoryRefused("Hãy chọn hai đơn vị khác nhau để gộp.")

    def work():
        _, keep_name, _ = _unit(con, keep_id)
        _, merged_name, _ = _unit(con, merge_id)
        overlap = queries.rows(con, "unit_merge_overlap", keep_id=keep_id, merge_id=merge_id)
        if overlap:
            shown = "; ".join(
                f"{period_label or f'{start:{DAY}}–{end:{DAY}}'} (lô {_batches(keep)} và lô {_batches(merged)})"
                for start, end, period_label, keep, merged in overlap[:5])
            more = f" và {len(overlap) - 5} kỳ khác" if len(overlap) > 5 else ""
            raise DirectoryRefused(
                f"Không gộp được \"{merged_name}\" vào \"{keep_name}\": cả hai đơn vị đều có số liệu cho cùng kỳ "
                f"{shown}{more}. Gộp lại thì một kỳ sẽ có hai báo cáo của cùng một đơn vị và số liệu bị tính trùng. "
                "Hãy hoàn tác một trong các lô đó trước; nếu đây là hai đơn vị khác nhau (ví dụ sáp nhập), "
                "hãy ghi nhận sáp nhập thay vì gộp.")
        aliases = _changed(queries.execute(con, "unit_merge_aliases", keep_id=keep_id, merge_id=merge_id))
        queries.execute(con, "unit_alias_insert", alias_key=alias_key(merged_name), unit_id=keep_id,
                        alias=merged_name)
        rows = _changed(queries.execute(con, "unit_merge_rows", keep_id=keep_id, merge_id=merge_id))
        queries.execute(con, "unit_merge_keys", keep_id=keep_id, merge_id=merge_id)
        for moved in ("index_score", "kpi_value", "plan_task", "plan_task_lead", "plan_task_status"):
            queries.execute(con, f"unit_merge_{moved}", keep_id=keep_id, merge_id=merge_id)
        queries.execute(con, "unit_merge_targets", keep_id=keep_id, merge_id=merge_id)
        queries.execute(con, "unit_delete_targets", unit_id=merge_id)
        queries.execute(con, "unit_merge_linh_vuc_alias", keep_id=keep_id, merge_id=merge_id)
        queries.execute(con, "unit_delete_linh_vuc_alias", unit_id=merge_id)
        queries.execute(con, "unit_merge_children", keep_id=keep_id, merge_id=merge_id)
        queries.execute(con, "lineage_merge_units", keep_id=keep_id, merge_id=merge_id)
        queries.execute(con, "unit_delete_lineage", unit_id=merge_id)
        queries.execute(con, "unit_delete", unit_id=merge_id)
        queries.execute(con, "lineage_valid_to", unit_id=keep_id)
        return UnitsMerged(keep_name, merged_name, rows, aliases)

    return _transaction(con, work)


def _batches(ids) -> str:
    return ", ".join(str(i) for i in ids)


@requires("edit_directory")
def set_level(con, unit_id: int, level: str) -> str:
    """Change a unit's level (tinh | so | pvhcc | huyen | xa | phong | don_vi); returns the unit's name.

    The loader guesses the level of a new unit from its name (`loaders.units.guess_level`); this corrects
    a wrong guess. Only the directory changes, no dossier row."""
    if level not in LEVELS:
        raise DirectoryRefused(f"Cấp đơn vị \"{level}\" không hợp lệ.")

    def work():
        _, name, _ = _unit(con, unit_id)
        queries.execute(con, "unit_set_level", unit_id=int(unit_id), level=level)
        return name

    return _transaction(con, work)


@requires("edit_directory")
def record_lineage(con, old_unit_id: int, new_unit_id: int, effective_date: date,
                   share: float | None = None) -> tuple[str, str]:
    """Record that unit `old_unit_id` was taken over by `new_unit_id` from `effective_date` (a merger; for a
    split, one link per successor with its `share`, 0–1). Returns (old name, new name).

    Recording the same pair again corrects its date and share. Both units keep their own rows; the old
    unit's `valid_to` becomes the day before its earliest successor link, so the directory says when it
    ceased. A link back (new → old already recorded) is refused: lineage runs forward in time.
    """
    old_unit_id, new_unit_id = int(old_unit_id), int(new_unit_id)
    if old_unit_id == new_unit_id:
        raise DirectoryRefused("Đơn vị cũ và đơn vị mới phải khác nhau.")
    if effective_date is None:
        raise DirectoryRefused("Hãy chọn ngày sáp nhập có hiệu lực.")
    if share is not None and not 0 < share <= 1:
        raise DirectoryRefused("Tỷ lệ chuyển sang phải lớn hơn 0 % và không quá 100 %.")

    def work():
        _, old_name, _ = _unit(con, old_unit_id)
        _, new_name, _ = _unit(con, new_unit_id)
        back = [r for r in queries.rows(con, "lineage_list")
                if r[0] == new_unit_id and r[2] == old_unit_id]
        if back:
            raise DirectoryRefused(
                f"Đã ghi nhận \"{new_name}\" được sáp nhập vào \"{old_name}\" (từ {back[0][4]:{DAY}}); "
                "không thể ghi nhận chiều ngược lại. Hãy xóa liên kết cũ nếu nó sai.")
        queries.execute(con, "lineage_insert", old_unit_id=old_unit_id, new_unit_id=new_unit_id,
                        effective_date=effective_date, share=share)
        queries.execute(con, "lineage_valid_to", unit_id=old_unit_id)
        return old_name, new_name

    return _transaction(con, work)


@requires("edit_directory")
def delete_lineage(con, old_unit_id: int, new_unit_id: int) -> None:
    """Remove a lineage link recorded by mistake; the old unit's `valid_to` follows its remaining links."""

    def work():
        queries.execute(con, "lineage_delete", old_unit_id=int(old_unit_id), new_unit_id=int(new_unit_id))
        queries.execute(con, "lineage_valid_to", unit_id=int(old_unit_id))

    _transaction(con, work)


@requires("edit_directory")
def relabel_linh_vuc(con, old_name: str, new_name: str, unit_id: int | None = None) -> LinhVucRelabelled:
    """Re-label the stored dossier rows of lĩnh vực `old_name` as `new_name`, for one unit or every unit
    (`unit_id` None) — a rename, or a merge when `new_name` is already used.

    `new_name` is stored as the loader stores labels (NFC, white space folded). Rows of every batch are
    re-labelled, history included, so a rollback later brings back rows with the new name too. Refused when
    a batch holds both names for the same unit and period: that batch would then report one lĩnh vực
    twice and the two rows would be summed as one. Files loaded later that use the old spelling are
    stored under the new name (table `linh_vuc_alias`).
    """
    new = label(new_name)
    if not new:
        raise DirectoryRefused("Hãy nhập tên lĩnh vực mới.")
    if new == old_name:
        raise DirectoryRefused(f"Tên mới trùng với tên cũ \"{old_name}\"; không có gì để đổi.")
    scope_id = None if unit_id is None else int(unit_id)

    def work():
        unit_name = None if scope_id is None else _unit(con, scope_id)[1]
        scope = "tất cả đơn vị" if unit_name is None else f"đơn vị \"{unit_name}\""
        listed = {r[0]: r for r in queries.rows(con, "linh_vuc_directory", unit_id=scope_id)}
        if old_name not in listed:
            raise DirectoryRefused(f"Không có dòng số liệu nào của lĩnh vực \"{old_name}\" ở {scope}.")
        conflicts = queries.rows(con, "linh_vuc_relabel_conflicts", old_name=old_name, new_name=new,
                                 unit_id=scope_id)
        if conflicts:
            shown = "; ".join(f"lô {b} ({file}, {unit}, {period})" for b, file, unit, period in conflicts[:5])
            more = f" và {len(conflicts) - 5} trường hợp khác" if len(conflicts) > 5 else ""
            raise DirectoryRefused(
                f"Không đổi được \"{old_name}\" thành \"{new}\": có báo cáo ghi cả hai lĩnh vực cho cùng một đơn vị "
                f"và cùng kỳ — {shown}{more}. Gộp lại thì báo cáo đó có hai dòng cho một lĩnh vực. "
                "Hãy sửa tệp gốc và nạp lại, hoặc đổi tên chỉ cho đơn vị không bị trùng.")
        rows = _changed(queries.execute(con, "linh_vuc_relabel", old_name=old_name, new_name=new,
                                        unit_id=scope_id))
        # later files written the old way are stored under the new name too
        queries.execute(con, "linh_vuc_alias_follow", old_name=old_name, linh_vuc=new, unit_id=scope_id or 0)
        queries.execute(con, "linh_vuc_alias_upsert", alias_key=match_key(old_name), unit_id=scope_id or 0,
                        linh_vuc=new)
        return LinhVucRelabelled(old_name, new, rows, merged=new in listed, unit_name=unit_name)

    return _transaction(con, work)
