"""What a loader tells the analyst about a file: every problem, with its sheet and cell."""

from dataclasses import dataclass

ERROR = "lỗi"
WARNING = "cảnh báo"
INFO = "thông tin"


@dataclass(frozen=True)
class Issue:
    level: str          # ERROR refuses the file; WARNING needs a confirmation; INFO is for the record
    sheet: str | None
    cell: str | None    # Excel reference such as "F16", or a row "A14:M14"
    message: str        # Vietnamese, says what is wrong and what to do

    def where(self) -> str:
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or self.cell or ""

    def __str__(self) -> str:
        where = self.where()
        return f"[{self.level}] {where}: {self.message}" if where else f"[{self.level}] {self.message}"


def column_letter(col: int) -> str:
    """0-based column index → Excel letters (0 → A, 26 → AA)."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(row: int, col: int) -> str:
    """0-based (row, col) → "B14"."""
    return f"{column_letter(col)}{row + 1}"


def has_errors(issues) -> bool:
    return any(i.level == ERROR for i in issues)
