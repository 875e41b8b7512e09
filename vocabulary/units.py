"""How a choice of units is named to a reader (the names, or "tất cả đơn vị" when none is picked), and the day the
departments were reorganised."""

from datetime import date

ALL_UNITS_TEXT = "tất cả đơn vị"


def units_text(unit_ids, unit_names) -> str:
    """"Sở Tư pháp, Sở Y tế"; "tất cả đơn vị" when `unit_ids` is empty or None (no filter)."""
    return ", ".join(unit_names) if unit_ids else ALL_UNITS_TEXT

# The departments (sở) reorganised by Nghị quyết 18-NQ/TW operate merged from this day (domain.md §7.2: Sở TT&TT
# into Sở KH&CN, …): the date a merger is most often recorded with.
DEPARTMENT_MERGER = date(2025, 3, 1)
