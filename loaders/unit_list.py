"""The unit directory as a kind of file ("units"): the province's units — name, level, parent, code, valid from / to
— and the 2025 lineage (old districts and communes → new communes), imported by an analyst or admin like every
kind: review by cell, one transaction, load history.

A unit's name keeps its level and parent as offices write it ("UBND xã Cửa Tùng", "UBND phường Đông Hà", "Trung
tâm Phục vụ hành chính công tỉnh", "Sở Tư pháp"): a commune written "xã Cửa Tùng" is refused at its cell with the
name to write, so that the directory and the reports' "Đơn vị báo cáo" lines name units alike. A unit already in
the directory (matched as the loader matches names) is brought up to date; a new one is added. "Sáp nhập vào"
lists the successors, separated by ";", and "Ngày sáp nhập" (default: the day after "Hiệu lực đến") says from
when; the old unit stays with its own history (`loaders.directory.record_lineage` does the same by hand).

Rolling a directory batch back is refused: units once named may have been given reports since. A corrected file
loaded again updates the same units.
"""

from __future__ import annotations

from datetime import timedelta

from functools import cache

from loaders.lazy import pa

import queries
from loaders import province
from loaders import store as warehouse
from vocabulary.dates import DAY
from vocabulary.kinds import LABELS as KIND_LABELS
from vocabulary.issues import ERROR
from loaders.kpis import registered
from loaders.tables import DATE, TEXT, Column, TableResult, read_table
from loaders.text import match_key
from loaders.units import alias_key, display_name, unit_key

KIND = "units"
LABEL = KIND_LABELS[KIND]
COLUMNS = [
    Column("name", ("Tên đơn vị",)),
    Column("level", ("Cấp",)),
    Column("parent", ("Đơn vị cấp trên",), TEXT, required=False, blank_ok=True),
    Column("code", ("Mã đơn vị", "Mã"), TEXT, required=False, blank_ok=True),
    Column("valid_from", ("Hiệu lực từ",), DATE, required=False, blank_ok=True),
    Column("valid_to", ("Hiệu lực đến",), DATE, required=False, blank_ok=True),
    Column("successors", ("Sáp nhập vào",), TEXT, required=False, blank_ok=True),
    Column("effective_date", ("Ngày sáp nhập",), DATE, required=False, blank_ok=True),
]
# The level a file writes → the directory's code, and the words the level is written with in the template.
LEVEL_WORDS = {
    "tinh": ("Tỉnh", "UBND tỉnh", "Toàn tỉnh"),
    "so": ("Sở / ban, ngành", "Sở", "Ban", "Sở, ban, ngành", "Sở/ban/ngành", "Cấp tỉnh"),
    "pvhcc": ("Trung tâm PVHCC", "Trung tâm Phục vụ hành chính công"),
    "huyen": ("Huyện", "Huyện, thị xã, thành phố", "Cấp huyện"),
    "xa": ("Xã, phường", "Xã", "Phường", "Đặc khu", "Thị trấn", "Cấp xã", "Xã/phường"),
    "phong": ("Phòng",),
    "don_vi": ("Đơn vị khác", "Khác"),
}
_LEVEL_OF = {match_key(word): code for code, words in LEVEL_WORDS.items() for word in words}
# How a name of each level begins (match keys), and an example, for the message when it does not.
NAME_FORMS = {
    "xa": (("ubnd xa ", "ubnd phuong ", "ubnd dac khu ", "ubnd thi tran ", "uy ban nhan dan xa ",
            "uy ban nhan dan phuong ", "uy ban nhan dan dac khu "), "UBND xã …\", \"UBND phường …\" hoặc \"UBND đặc khu …"),
    "huyen": (("ubnd huyen ", "ubnd thi xa ", "ubnd thanh pho ", "uy ban nhan dan huyen ", "uy ban nhan dan thi xa ",
               "uy ban nhan dan thanh pho "), "UBND huyện …\", \"UBND thị xã …\" hoặc \"UBND thành phố …"),
    "so": (("so ", "ban ", "thanh tra tinh", "van phong ubnd", "van phong uy ban", "van phong hdnd",
            "van phong doan"), "Sở …\", \"Ban …\", \"Thanh tra tỉnh\" hoặc \"Văn phòng UBND tỉnh"),
    "pvhcc": (("trung tam phuc vu hanh chinh cong",), "Trung tâm Phục vụ hành chính công tỉnh"),
    "tinh": (("ubnd tinh ", "ubnd thanh pho ", "uy ban nhan dan tinh ", "uy ban nhan dan thanh pho "), "UBND tỉnh …"),
}
_BARE = {"xa": "UBND xã", "phuong": "UBND phường", "dac khu": "UBND đặc khu", "thi tran": "UBND thị trấn",
         "huyen": "UBND huyện", "thi xa": "UBND thị xã"}
@cache
def row_schema():
    return pa.schema([("unit_id", pa.int32()), ("level", pa.string()), ("code", pa.string()),
                      ("valid_to", pa.date32())])


def level_of(text) -> str | None:
    return _LEVEL_OF.get(match_key(text).rstrip(" ."))


def successors_of(text) -> list[str]:
    return [part.strip() for part in (text or "").replace("\n", ";").split(";") if part.strip()]


def parse(file_name: str, sheets: list, con=None) -> list[TableResult]:
    results = []
    for sheet in sheets:
        result = read_table(KIND, file_name, sheet, COLUMNS)
        if result is None:
            continue
        check(result, con)
        levels = {}
        for record in result.records:
            levels[record.get("_level")] = levels.get(record.get("_level"), 0) + 1
        result.summary = {"Số đơn vị": len(result.records), "Xã, phường": levels.get("xa", 0),
                          "Sở, ban, ngành": levels.get("so", 0),
                          "Có sáp nhập": sum(1 for r in result.records if r.get("successors"))}
        results.append(result)
    return results


def _suggested(name: str, level: str) -> str:
    """"xã Cửa Tùng" → "UBND xã Cửa Tùng": the name with its level and body, when a bare place name was written."""
    key = match_key(name)
    for bare, body in _BARE.items():
        if key.startswith(bare + " "):
            return f"{body} {name.split(' ', len(bare.split()))[-1]}"
    return {"xa": "UBND xã ", "huyen": "UBND huyện ", "tinh": "UBND tỉnh "}.get(level, "") + name


def _key(name: str, home: str | None) -> str:
    """The key a unit of the file is known by: with its province when that is not the home province ("Sở Tư pháp
    tỉnh Quảng Bình" is not "Sở Tư pháp"), else as the loader matches names."""
    named = province.province_named(name)
    return province.explicit_key(name) if home and named and not province.same(home, named) else alias_key(name)


def check(result: TableResult, con) -> None:
    """The kind's checks: a known level, a name with its level, no unit twice, dates in order, the parent and the
    successors named in the file or the directory, and no unit of another province than the home province."""
    home = province.home_province(con) if con is not None else None
    known = warehouse.known_units(con) if con is not None else {}
    names = [r["name"] for r in result.records if r.get("name")]
    pool = {alias_key(n) for n in names} | {match_key(n) for n in names} | known.keys()
    listed = lambda name: alias_key(name) in pool or match_key(name) in pool  # noqa: E731
    seen: dict[str, int] = {}
    for record in result.records:
        name = record.get("name")
        record["_level"] = level_of(record["level"]) if record.get("level") else None
        if record.get("level") and record["_level"] is None:
            result.add(ERROR, result.cell(record, "level"),
                       f"cấp \"{record['level']}\" không rõ — ghi một trong: "
                       + ", ".join(f"\"{words[0]}\"" for words in LEVEL_WORDS.values()) + ".")
        if not name:
            continue
        key = _key(name, home)
        if key in seen:
            result.add(ERROR, result.cell(record, "name"), f"\"{name}\" đã có ở dòng {seen[key]} — mỗi đơn vị một dòng.")
        else:
            seen[key] = record["_row"]
        form = NAME_FORMS.get(record["_level"])
        if form and not match_key(name).startswith(form[0]):
            result.add(ERROR, result.cell(record, "name"),
                       f"\"{name}\" là đơn vị cấp \"{LEVEL_WORDS[record['_level']][0]}\": tên cần ghi kèm cấp và cơ "
                       f"quan như trong báo cáo (\"{form[1]}\"), ví dụ \"{_suggested(name, record['_level'])}\".")
        other = province.province_named(name)
        if (home and other and not province.same(home, other) and not province.same(province.merged_into().get(other), home)
                and province.explicit_key(name) not in known):
            result.add(ERROR, result.cell(record, "name"),
                       f"\"{name}\" là đơn vị của tỉnh {other}, còn hệ thống này theo dõi tỉnh {home}: danh mục chỉ "
                       f"gồm đơn vị của tỉnh {home} và của tỉnh cũ đã hợp nhất vào tỉnh {home}.")
        if record.get("valid_from") and record.get("valid_to") and record["valid_to"] < record["valid_from"]:
            result.add(ERROR, result.cell(record, "valid_to"),
                       f"hiệu lực đến {record['valid_to']:{DAY}} trước hiệu lực từ {record['valid_from']:{DAY}}.")
        if record.get("parent") and not listed(record["parent"]):
            result.add(ERROR, result.cell(record, "parent"),
                       f"đơn vị cấp trên \"{record['parent']}\" không có trong tệp và trong danh mục — thêm một dòng cho "
                       "đơn vị đó.")
        successors = successors_of(record.get("successors"))
        for successor in successors:
            if not listed(successor):
                result.add(ERROR, result.cell(record, "successors"),
                           f"đơn vị tiếp nhận \"{successor}\" không có trong tệp và trong danh mục — thêm một dòng cho "
                           "đơn vị đó.")
            elif _key(successor, home) == key:
                result.add(ERROR, result.cell(record, "successors"), f"\"{name}\" không thể sáp nhập vào chính nó.")
        record["_effective"] = record.get("effective_date") or (
            record["valid_to"] + timedelta(days=1) if record.get("valid_to") else None)
        if successors and record["_effective"] is None:
            result.add(ERROR, result.cell(record, "effective_date"),
                       "có \"Sáp nhập vào\" nhưng không có \"Ngày sáp nhập\" hoặc \"Hiệu lực đến\" — ghi ngày sáp nhập "
                       "có hiệu lực (ví dụ 01/07/2025).")


def _write_rows(con, result: TableResult, batch_id: int) -> list[int]:
    """Units first (a parent or successor may come later in the file), then parents, then lineage."""
    aliases = warehouse.known_units(con)
    ids = {}
    home = province.home_province(con)
    for record in result.records:
        if _key(record["name"], home) != alias_key(record["name"]):
            # a unit of a province merged into the home one ("Sở Tư pháp tỉnh Quảng Bình"): its own unit, keyed and
            # named with its province, so that its reports load into it and not into the home "Sở Tư pháp"
            key, shown = _key(record["name"], home), record["name"]
        else:
            key, shown = unit_key(record["name"], aliases), display_name(record["name"])
        unit_id = aliases.get(key)
        unit_id = queries.rows(con, "unit_import_unit", unit_id=unit_id, name=shown, level=record["_level"],
                               code=record.get("code"), valid_from=record.get("valid_from"),
                               valid_to=record.get("valid_to"))[0][0]
        if key == alias_key(record["name"]):
            for spelling in {shown, record["name"]}:
                queries.execute(con, "unit_alias_insert", alias_key=alias_key(spelling), unit_id=unit_id, alias=spelling)
        else:
            queries.execute(con, "unit_alias_insert", alias_key=key, unit_id=unit_id, alias=record["name"])
        aliases[key] = unit_id
        ids[record["_row"]] = unit_id
    for record in result.records:
        unit_id = ids[record["_row"]]
        if record.get("parent"):
            queries.execute(con, "unit_set_parent", unit_id=unit_id,
                            parent_id=aliases[unit_key(record["parent"], aliases)])
        successors = successors_of(record.get("successors"))
        for successor in successors:
            queries.execute(con, "lineage_insert", old_unit_id=unit_id, new_unit_id=aliases[unit_key(successor, aliases)],
                            effective_date=record["_effective"], share=None)
        if successors:
            queries.execute(con, "lineage_valid_to", unit_id=unit_id)
        queries.execute(con, "unit_import_insert", batch_id=batch_id, source_row=record["_row"], unit_id=unit_id,
                        name=record["name"], level=record["_level"], parent_name=record.get("parent"),
                        code=record.get("code"), valid_from=record.get("valid_from"), valid_to=record.get("valid_to"),
                        successors=successors or None, effective_date=record["_effective"] if successors else None)
    return []


def store(con, results: list[TableResult], file_name: str, sha256: str, loaded_by: str):
    return warehouse.store_batches(con, KIND, results, file_name, sha256, loaded_by, _write_rows,
                                   form_of=lambda result: "Danh mục đơn vị")


def replacement(con, results: list[TableResult]) -> "pd.DataFrame | None":  # noqa: F821 (pandas imported when called)
    """The units already in the directory whose level, code or end date the file changes."""
    aliases = warehouse.known_units(con)
    rows = [{"unit_id": aliases[unit_key(r["name"], aliases)], "level": r["_level"], "code": r.get("code"),
             "valid_to": r.get("valid_to")}
            for result in results for r in result.records if r.get("name") and unit_key(r["name"], aliases) in aliases]
    if not rows:
        return None
    with registered(con, "incoming_unit_list", rows, row_schema()):
        found = queries.run(con, "unit_import_changes")
    if found.empty:
        return None
    import pandas as pd      # not at import: the command line's dossier path runs without pandas

    day = lambda v: "—" if v is None or pd.isna(v) else f"{v:{DAY}}"  # noqa: E731
    return pd.DataFrame({"Đơn vị": found["name"], "Cấp đang lưu": found["old_level"], "Cấp theo tệp": found["new_level"],
                         "Mã đang lưu": found["old_code"].fillna("—"), "Mã theo tệp": found["new_code"].fillna("—"),
                         "Hiệu lực đến (đang lưu)": found["old_valid_to"].map(day),
                         "Hiệu lực đến (theo tệp)": found["new_valid_to"].map(day)})


def _after_roll_back(con, batch_id: int) -> None:
    found = queries.rows(con, "batch_status", batch_id=batch_id)
    if found and queries.rows(con, "batch_rows_units", batch_id=batch_id):
        raise warehouse.CannotRollBack(
            f"Lô số {batch_id} là danh mục đơn vị ({found[0][3]}): không hoàn tác được, vì các đơn vị đã có thể được "
            "dùng cho báo cáo nạp sau. Hãy sửa tệp danh mục và nạp lại, hoặc sửa từng đơn vị ở thẻ \"Danh mục đơn vị\".")


warehouse.AFTER_ROLL_BACK.append(_after_roll_back)
