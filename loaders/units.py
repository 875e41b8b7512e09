"""Matching unit names as written in files to units of the directory (`unit`, `unit_alias`)."""

import re
from functools import lru_cache

from loaders.text import fold_space, match_key
from vocabulary.numbers import number

# "Sở Tư pháp tỉnh Quảng Trị" (the "Đơn vị báo cáo" line) is the "Sở Tư pháp" of a roll-up row.
_PROVINCE_SUFFIX = re.compile(r"\s+(tinh|thanh pho|tp\.?)\s+[^,]+$")
# Units whose own name ends in "tỉnh": the province's name after it is dropped, "tỉnh" is kept.
_NAMED_FOR_PROVINCE = ("thanh tra tinh", "van phong ubnd tinh", "van phong uy ban nhan dan tinh")
_DEPARTMENT_PREFIXES = ("so ", "ban ", "thanh tra tinh", "van phong ubnd", "van phong uy ban")


@lru_cache(maxsize=65536)
def alias_key(name: str) -> str:
    """The comparison form of a unit name: accents, case, spacing and the province suffix ignored."""
    key = match_key(name)
    for prefix in _NAMED_FOR_PROVINCE:   # "Thanh tra tỉnh Hà Tĩnh" is "Thanh tra tỉnh"
        if key == prefix or key.startswith(prefix + " "):
            return prefix
    if key.startswith(_DEPARTMENT_PREFIXES):
        key = _PROVINCE_SUFFIX.sub("", key)
    return key


def unit_key(name: str, known) -> str:
    """The key a name is looked up by among `known` keys: the spelling with its province kept when an admin
    mapped exactly that spelling (`loaders.province.explicit_key`: "Sở Tư pháp tỉnh Quảng Bình" → the unit
    chosen for it), else `alias_key`."""
    full = match_key(name)
    return full if full in known else alias_key(name)


@lru_cache(maxsize=65536)
def display_name(name: str) -> str:
    """The name kept in the directory for a new unit: as written, without the province suffix for a Sở."""
    text = fold_space(name)
    key = match_key(text)
    for prefix in _NAMED_FOR_PROVINCE:
        if key == prefix or key.startswith(prefix + " "):
            return " ".join(text.split(" ")[:len(prefix.split(" "))])
    if key.startswith(_DEPARTMENT_PREFIXES):
        words = text.split(" ")
        keys = match_key(text).split(" ")
        # cut where alias_key cuts: at the first "tỉnh …" / "thành phố …" / "TP …" after the name, so that
        # "Sở Y tế tỉnh Hà Tĩnh" → "Sở Y tế" and "Sở Y tế tỉnh Thanh Hóa" → "Sở Y tế"
        for i in range(2, len(keys) - 1):
            if keys[i] in ("tinh", "tp", "tp.") or (keys[i] == "thanh" and keys[i + 1] == "pho" and i + 2 < len(keys)):
                return " ".join(words[:i])
    return text


@lru_cache(maxsize=65536)
def guess_level(name: str) -> str:
    key = match_key(name)
    if key.startswith(("so ", "ban ", "thanh tra tinh", "van phong ubnd")):
        return "so"
    if key.startswith(("ubnd tinh", "uy ban nhan dan tinh")):
        return "tinh"
    if key.startswith(("ubnd huyen", "ubnd thi xa", "ubnd thanh pho", "uy ban nhan dan huyen")):
        return "huyen"
    if key.startswith(("ubnd xa", "ubnd phuong", "ubnd thi tran", "ubnd dac khu", "xa ", "phuong ")):
        return "xa"
    if key.startswith("trung tam phuc vu hanh chinh cong"):
        return "pvhcc"
    if key.startswith("phong "):
        return "phong"
    return "don_vi"


def names_listed(names: list[str], shown: int = 5) -> str:
    """"A, B, C, D, E và 1.495 đơn vị khác": the first few of many units, for a message."""
    more = len(names) - shown
    return ", ".join(names[:shown]) + (f" và {number(more)} đơn vị khác" if more > 0 else "")
