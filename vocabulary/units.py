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

# The levels a page compares (issue 19): the sidebar's choice, and how the scope line names it. "Toàn tỉnh" is the
# units' own reports summed (macro level_group): never a province roll-up or the Trung tâm PVHCC.
LEVEL_CHOICES = {"so": "Sở / ban, ngành", "xa": "Xã, phường", "pvhcc": "Trung tâm PVHCC", "toan_tinh": "Toàn tỉnh"}
LEVEL_SCOPE = {"so": "các sở, ban, ngành", "xa": "các xã, phường", "pvhcc": "Trung tâm PVHCC", "toan_tinh": "toàn tỉnh"}
LEVEL_DEFAULT = "so"
