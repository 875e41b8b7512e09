"""How a choice of units is named to a reader: the names, or "tất cả đơn vị" when none is picked."""

ALL_UNITS_TEXT = "tất cả đơn vị"


def units_text(unit_ids, unit_names) -> str:
    """"Sở Tư pháp, Sở Y tế"; "tất cả đơn vị" when `unit_ids` is empty or None (no filter)."""
    return ", ".join(unit_names) if unit_ids else ALL_UNITS_TEXT
