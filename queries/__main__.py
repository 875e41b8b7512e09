"""Print a named query: python -m queries NAME [--db PATH] [--param key=value]... [--format csv|table]

    python -m queries --list
    python -m queries dossier_rates_yearly --db data/cchc.duckdb --param unit_ids=3,5 --param year_from=2024
    python -m queries dossier_rates --param kind=quarter --format table

CSV (default) goes to stdout with a header row; NULL is an empty field, rates at full precision.
`--format table` prints a fixed-width text table (numbers right-aligned, rates with 2 decimals, NULL "—").
Parameter values: `null` → NULL (= all), integers, `1,2,3` → a list (for INTEGER[] parameters), ISO dates
(2025-06-14), anything else as text. A parameter not passed is NULL.

The database is opened read-only; the dashboard holding it open refuses that (DuckDB), and the message
says so. Exit status 0 on success, 2 on a wrong name, parameter or database, with a Vietnamese message.
"""

import argparse
import csv
import re
import signal
import sys
from datetime import date

import duckdb

import queries
from vocabulary.cells import neutralise
from vocabulary.numbers import DASH, number


class UsageError(Exception):
    """A mistake of the caller, shown as one Vietnamese message (exit 2)."""


def read_queries() -> list[str]:
    """The named queries that only read the warehouse (SELECT or WITH): not the loader's writes, nor the
    checks that read a table the loader registers for one file (incoming_…)."""
    found = []
    for name in queries.available():
        text = re.sub(r"--[^\n]*", "", queries.sql(name)).strip()
        if re.match(r"(?i)(select|with)\b", text) and "incoming_" not in text:
            found.append(name)
    return found


def parse_value(text: str, declared: str | None):
    """A --param value: null, an integer, integers separated by commas, an ISO date, else text.

    The declared type of the parameter (from the query's header) settles the ambiguous cases: a single
    integer for an INTEGER[] parameter is a one-element list, and a VARCHAR parameter stays text.
    """
    value = text.strip()
    if value.lower() in ("null", "none", ""):
        return None
    declared = (declared or "").upper()
    if declared == "VARCHAR":
        return text
    if re.fullmatch(r"-?\d+", value):
        number = int(value)
        return [number] if declared.endswith("[]") else number
    if re.fullmatch(r"-?\d+(\s*,\s*-?\d+)+", value):
        return [int(v) for v in value.split(",")]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise UsageError(f"Ngày \"{value}\" không hợp lệ (dạng YYYY-MM-DD, ví dụ 2025-06-14).") from None
    if declared in ("INTEGER", "BIGINT"):
        raise UsageError(f"Giá trị \"{value}\" không phải số nguyên.")
    if declared.endswith("[]"):
        raise UsageError(f"Giá trị \"{value}\" không phải danh sách số nguyên (ví dụ 1,2,3).")
    return text


def parse_params(name: str, pairs: list[str]) -> dict:
    contract = queries.contract(name)
    declared = contract["params"]
    types = contract.get("param_types", {})
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UsageError(f"Tham số \"{pair}\" phải có dạng tên=giá_trị, ví dụ --param year_from=2024.")
        if key not in declared:
            accepted = ", ".join(declared) if declared else "không có tham số nào"
            raise UsageError(f"Truy vấn {name} không có tham số \"{key}\". Các tham số nhận: {accepted}.")
        try:
            params[key] = parse_value(value, types.get(key))
        except UsageError as exc:
            raise UsageError(f"Tham số {key}: {exc}") from None
    # a parameter left out is NULL where the contract says what NULL means ("NULL = every unit"), else wanted
    notes = queries.parameter_notes(name)
    needed = [key for key in declared if key not in params and "NULL" not in notes.get(key, "")]
    if needed:
        raise UsageError(f"Truy vấn {name} cần tham số {', '.join(needed)} (--param tên=giá_trị).")
    params.update({key: None for key in declared if key not in params})
    try:
        queries.check_params(name, params)
    except queries.ParameterError:
        key, (values, null_ok) = next((k, v) for k, v in queries.parameter_values(name).items()
                                      if params[k] not in v[0] and not (params[k] is None and v[1]))
        raise UsageError(f"Tham số {key} nhận một trong các giá trị: {', '.join(values)}.") from None
    return params


def open_database(path) -> duckdb.DuckDBPyConnection:
    """The warehouse, read-only and with its schema up to date (upgraded once if it is older)."""
    target = queries.db_path(path)
    if not target.is_file():
        raise UsageError(f"Không có cơ sở dữ liệu {target}. Hãy nạp dữ liệu trước (python -m loaders TỆP… "
                         "--db …) hoặc chỉ đúng tệp bằng --db.")
    latest = queries.migrations()[-1][0]
    con = queries.connect(target, read_only=True)
    try:
        current = con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]
    except duckdb.CatalogException:
        current = 0
    if current < latest or not queries.models_current(con):
        # written by an older version, or its views and macros are not this code's: upgrade it (needs a moment
        # of write access)
        con.close()
        queries.connect(target).close()
        con = queries.connect(target, read_only=True)
    return con


def _cell(value) -> str:
    """Rates (the float columns) with 2 decimals, 98,50; whole numbers and identifiers as stored."""
    if value is None:
        return DASH
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, float):
        return number(value, 2)
    return str(value)


def write_table(out, columns: list[str], rows: list[tuple]):
    numeric = [all(v is None or (isinstance(v, (int, float)) and not isinstance(v, bool)) for v in col)
               and any(v is not None for v in col) for col in zip(*rows)] if rows else [False] * len(columns)
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]

    def line(values):
        return "  ".join(v.rjust(w) if numeric[i] else v.ljust(w) for i, (v, w) in enumerate(zip(values, widths)))

    out.write(line(columns).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in cells:
        out.write(line(row).rstrip() + "\n")
    out.write(f"({len(rows)} dòng)\n")


def write_csv(out, columns: list[str], rows: list[tuple]):
    """Text a spreadsheet would run as a formula ("=…", "+…", "@…") is neutralised, as in every export."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if v is None else neutralise(v) for v in row])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m queries", description="In kết quả một truy vấn có tên (queries/*.sql) từ kho dữ liệu.")
    parser.add_argument("name", nargs="?", help="tên truy vấn, ví dụ dossier_rates_yearly (xem --list)")
    parser.add_argument("--list", action="store_true", help="liệt kê các truy vấn đọc và nội dung của chúng")
    parser.add_argument("--db", help="đường dẫn tệp DuckDB (mặc định $CCHC_DB hoặc data/cchc.duckdb)")
    parser.add_argument("--param", action="append", default=[], metavar="TÊN=GIÁ_TRỊ",
                        help="tham số của truy vấn; null = tất cả; 1,2,3 = danh sách; có thể lặp lại")
    parser.add_argument("--format", choices=("csv", "table"), default="csv", help="csv (mặc định) hoặc table")
    args = parser.parse_args(argv)

    names = read_queries()
    if args.list:
        width = max(map(len, names))
        for name in names:
            print(f"{name:<{width}}  {queries.contract(name).get('grain', '')}")
        return 0
    try:
        if not args.name:
            raise UsageError("Hãy cho tên truy vấn (xem python -m queries --list).")
        if args.name not in names:
            raise UsageError(f"Không có truy vấn \"{args.name}\". Các truy vấn có thể chạy: {', '.join(names)}.")
        params = parse_params(args.name, args.param)
        con = open_database(args.db)
    except (UsageError, queries.DatabaseBusy, queries.DatabaseDamaged) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    try:
        result = con.execute(queries.sql(args.name), queries._bind(args.name, params))
        columns = [d[0] for d in result.description]
        rows = result.fetchall()
    except duckdb.Error as exc:
        print(f"Truy vấn {args.name} không chạy được với các tham số đã cho: {exc}", file=sys.stderr)
        return 2
    finally:
        con.close()
    (write_table if args.format == "table" else write_csv)(sys.stdout, columns, rows)
    return 0


if __name__ == "__main__":
    if hasattr(signal, "SIGPIPE"):   # `… | head` ends quietly, as command-line tools do
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main())
