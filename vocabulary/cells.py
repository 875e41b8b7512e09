"""What a cell of a file we hand out (.xlsx, .csv) may say: every export, from the pages, the reports and the
command line, writes text through `neutralise`, so that no cell is run as a formula when the file is opened."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text that a spreadsheet would run as a formula ("=HYPERLINK(…)", "+1", "@SUM") is kept as text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
