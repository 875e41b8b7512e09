"""The province the installation serves (its home province), and refusing reports of another province.

`loaders.units.alias_key` drops a trailing "tỉnh …" from a department's name on purpose: "Sở Tư pháp tỉnh Quảng
Trị" on the "Đơn vị báo cáo" line is the "Sở Tư pháp" of a roll-up row. Without a home province that also made
"Sở Tư pháp tỉnh Hà Tĩnh", uploaded by mistake, Quảng Trị's Sở Tư pháp. So once an admin has set the home
province (setting `home_province`, table `setting`), a dossier report whose unit names another province — "Sở
Tư pháp tỉnh Hà Tĩnh", "UBND xã Kỳ Anh, tỉnh Hà Tĩnh", or a "UBND TỈNH HÀ TĨNH" line above its table — is
refused at the cell that says so, unless that very spelling was mapped to a unit of the directory (an explicit
alias, stored with the province kept in its key: `explicit_key`). Before 1/7/2025 the home province may have
been two (Quảng Bình merged into Quảng Trị): their reports too need the mapping, since "Sở Tư pháp tỉnh Quảng
Bình" is not "Sở Tư pháp" of the merged province; the message says so.

No home province set (a new installation): no check, as before.
"""

import csv
import re
from functools import lru_cache
from pathlib import Path

import queries
from accounts import Account, require
from vocabulary.issues import ERROR, cell_ref
from loaders.text import fold_space, match_key
from vocabulary.clock import vietnam_now

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "data" / "reference"
SETTING = "home_province"
# Names the 63 files of province_names.csv spell otherwise in unit names after 2025.
_OTHER_SPELLINGS = {"Thừa Thiên Huế": ("Huế",), "TP. Hồ Chí Minh": ("Hồ Chí Minh",)}
_PROVINCE_WORD = re.compile(r"(?:^|[\s,(–-])(tinh|thanh pho|tp\.?)\s+(.+?)\s*\)?$")
_AUTHORITY = re.compile(r"^(?:ubnd|uy ban nhan dan)\s+(?:tinh|thanh pho|tp\.?)\s+(.+)$")


class SettingRefused(Exception):
    """A setting value that cannot be stored; carries the Vietnamese reason."""


@lru_cache(maxsize=1)
def provinces() -> dict[str, str]:
    """match key → the province's name, for the 63 provinces before 1/7/2025 (the 34 after keep their names)."""
    with open(REFERENCE_DIR / "province_names.csv", encoding="utf-8") as f:
        names = [row["province"] for row in csv.DictReader(f)]
    found = {}
    for name in names:
        shown = name.replace("TP. ", "")
        for spelling in (name, shown, *_OTHER_SPELLINGS.get(name, ())):
            found[match_key(spelling)] = shown
    return found


@lru_cache(maxsize=1)
def merged_into() -> dict[str, str]:
    """Province → the province it was merged into on 1/7/2025 (data/reference/lineage_2025.csv)."""
    with open(REFERENCE_DIR / "lineage_2025.csv", encoding="utf-8") as f:
        return {row["old_name"]: row["new_name"] for row in csv.DictReader(f) if row["level"] == "tinh"}


def province_named(name: str | None) -> str | None:
    """The province a unit's name ends with ("Sở Tư pháp tỉnh Hà Tĩnh" → "Hà Tĩnh"), or None. Only a province
    name counts: "UBND thành phố Đông Hà" names a former city of Quảng Trị, not a province."""
    key = match_key(name)
    for match in _PROVINCE_WORD.finditer(key):
        found = provinces().get(match.group(2).strip(" .,"))
        if found:
            return found
    # the search above is anchored at the end: try each "tỉnh"/"thành phố" in the name, not only the first
    for start in (m.start() for m in re.finditer(r"(?:tinh|thanh pho|tp\.?)\s", key)):
        rest = key[start:].split(" ", 2 if key[start:].startswith("thanh pho") else 1)[-1]
        found = provinces().get(rest.strip(" .,)"))
        if found:
            return found
    return None


def authority_named(text: str | None) -> str | None:
    """The province of a "UBND TỈNH HÀ TĨNH" line (the governing body above a report's unit), or None."""
    match = _AUTHORITY.match(match_key(text).rstrip(" .:"))
    return provinces().get(match.group(1).strip(" .,")) if match else None


def explicit_key(name: str) -> str:
    """The key of a spelling mapped with its province kept: "Sở Tư pháp tỉnh Quảng Bình" is not "Sở Tư pháp"."""
    return match_key(name)


def same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and match_key(a) == match_key(b)


def home_province(con) -> str | None:
    found = queries.rows(con, "setting_get", name=SETTING)
    return found[0][0] if found else None


def home_setting(con) -> tuple[str, object, str] | None:
    """(province, changed at, changed by) of the setting, or None when it was never set."""
    found = queries.rows(con, "setting_get", name=SETTING)
    return tuple(found[0]) if found else None


def set_home_province(con, name: str, by: Account | None = None) -> str:
    """Set the province the installation serves (one of the 34 provinces after 1/7/2025); returns its name.
    `by`: the account asking, checked for the "edit_settings" role before anything is written."""
    account = require(by, "edit_settings")
    chosen = provinces().get(match_key(fold_space(name or "")))
    if chosen is None:
        raise SettingRefused(f"\"{name}\" không phải tên một tỉnh, thành phố. Hãy chọn trong danh sách.")
    if chosen in merged_into():
        raise SettingRefused(f"Tỉnh {chosen} đã hợp nhất vào tỉnh {merged_into()[chosen]} từ 01/7/2025; "
                             f"hãy chọn tỉnh {merged_into()[chosen]}.")
    with queries.WRITE_LOCK:
        queries.execute(con, "setting_set", name=SETTING, value=chosen, changed_at=vietnam_now(),
                        changed_by=account.display_name)
    return chosen


def current_provinces() -> list[str]:
    """The 34 provinces after 1/7/2025, in name order: the choices of the setting."""
    gone = merged_into()
    names = sorted({v for v in provinces().values() if v not in gone}, key=match_key)
    return names


def _refusal(file_name: str, cell: str, what: str, spelling: str, other: str, home: str) -> str:
    merged = merged_into().get(other)
    history = (f" Tỉnh {other} đã hợp nhất vào tỉnh {home} từ 01/7/2025: báo cáo của đơn vị tỉnh {other} trước ngày đó "
               f"là của một đơn vị khác, không phải đơn vị cùng tên của tỉnh {home}." if same(merged, home) else "")
    return (f"Tệp {file_name}, ô {cell}: {what}, còn hệ thống này theo dõi tỉnh {home}. Báo cáo không được nạp.{history} "
            f"Nếu đúng là báo cáo cần nạp, quản trị viên thêm cách viết \"{spelling}\" cho đơn vị đúng ở trang Quản lý dữ "
            f"liệu → Danh mục đơn vị, rồi nạp lại; nếu nạp nhầm tệp, hãy chọn đúng tệp của tỉnh {home}.")


def check_report(con, report) -> None:
    """Refuse (an error at its cell) each table of a dossier report that names a unit of another province than the
    home province, unless the spelling was mapped explicitly. Nothing happens without a home province."""
    home = home_province(con)
    if home is None:
        return
    explicit = None        # read only when a table names another province: most name none
    for result in report.sheets:
        for cell, what, spelling, other in _named_provinces(result):
            if same(other, home):
                continue
            if explicit is None:
                explicit = {key for key, _, _ in queries.rows(con, "unit_aliases")}
            if explicit_key(spelling) in explicit:
                continue
            result.add(ERROR, cell, _refusal(report.file_name, cell, what, spelling, other, home))
            break


def _named_provinces(result):
    """(cell, what it says, the spelling whose mapping admits it, province) of each unit of a table that names a
    province: its rows (a roll-up by unit), or its reporting unit and the governing body written above it."""
    if result.rows_are_units:
        column = result.label_column or "B"
        for row in result.rows:
            if other := province_named(row["label"]):
                yield (f"{column}{row['row'] + 1}", f"\"{row['label']}\" là đơn vị của tỉnh {other}", row["label"],
                       other)
        return
    unit = result.reporting_unit
    if unit and (other := province_named(unit)):
        yield (result.reporting_unit_cell or cell_ref(result.header_row, 0), f"\"{unit}\" là đơn vị của tỉnh {other}",
               unit, other)
    elif unit and result.authority and (other := authority_named(result.authority[0])):
        spelling = f"{unit} tỉnh {other}"
        yield (result.authority[1], f"đơn vị báo cáo \"{unit}\" thuộc \"{result.authority[0]}\" (tỉnh {other})",
               spelling, other)
