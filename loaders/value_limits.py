"""What a stored value may be: names of sane length, counts below any real figure. A crafted or broken file
is refused at the cell, rather than putting a 4 MB lĩnh vực name or a 300-digit count into the warehouse."""

import math

from vocabulary.numbers import number

LABEL_MAX_CHARS = 500        # a lĩnh vực, unit, KPI, source: the longest real ones are under 200
LONG_TEXT_MAX_CHARS = 4_000  # a plan task and its current / required levels, notes: several lines of text
COUNT_MAX = 10 ** 9          # no office handles a billion dossiers, accounts or documents in a period
NUMBER_MAX = 10 ** 9         # scores, percentages, targets: far below


def too_long(text: str, limit: int) -> str | None:
    """The problem with a text longer than `limit`, or None."""
    if len(text) <= limit:
        return None
    return (f"văn bản dài {number(len(text))} ký tự, vượt giới hạn {number(limit)} ký tự — hãy kiểm tra ô "
            "(có thể đã dán nhầm cả một đoạn văn bản)")


def out_of_range(value: float, limit: float = COUNT_MAX) -> str | None:
    """The problem with a number no real report holds (too large, infinite, not a number), or None."""
    if math.isnan(value) or math.isinf(value):
        return "không phải là số"
    if abs(value) > limit:
        return f"số quá lớn (vượt {number(limit)}) — hãy kiểm tra ô"
    return None

