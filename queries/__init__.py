"""The only place SQL runs: connections, migrations, and named queries from `queries/*.sql`.

Each .sql file holds one statement and starts with a contract comment:

    -- name: dossier_current_totals
    -- grain: one row per unit × period
    -- params: $unit_ids (INTEGER[]) …
    -- columns: unit_id, period_start, …
    -- scope: unit

Parameters are bound by DuckDB (`$name`), never formatted into the text. Every parameter the statement binds
must be passed, and nothing else (`check_params`: a forgotten `unit_ids` must not read as "every unit"); a
parameter declared with its values (`$kind (VARCHAR: quarter | year; NULL = every kind)`) takes one of them.
How a query's rows relate to units (`scope`) is what a viewer limited to some units may run: `queries.scope`.

Two folders hold the rest of the SQL, run by `connect`:

* `queries/schema/NNN_*.sql` — migrations: tables, indexes, sequences, seeds and data moves, each run once
  per database file (recorded in `schema_version`).
* `queries/models/<name>.sql` — the views and macros ("models"), one per file with a contract header (name,
  kind, params, grain, key, columns). Every read-write start drops every view and macro the file holds and
  creates the models again from these files, in dependency order (`install_models`): an edited model reaches
  every existing database at its next start, and a restored backup runs only this code's SQL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import contextlib
import itertools
import os
import re
import threading
import time
from functools import lru_cache
from pathlib import Path

import duckdb

from queries import template

if TYPE_CHECKING:
    import pandas as pd

QUERY_DIR = Path(__file__).resolve().parent
SCHEMA_DIR = QUERY_DIR / "schema"
MODELS_DIR = QUERY_DIR / "models"
DEFAULT_DB = QUERY_DIR.parent / "data" / "cchc.duckdb"

class WriteLock:
    """A re-entrant lock that calls its `listeners` (no arguments, on the releasing thread) each time its
    outermost holder lets go: every write of the process happens under it, so then a write transaction has
    ended (committed or rolled back) and a published copy of the warehouse may be out of date
    (`loaders.snapshots`). A listener must be quick and must not raise; it may take the lock itself."""

    def __init__(self):
        self._lock = threading.RLock()
        self._held = threading.local()
        self.listeners: list = []

    def __enter__(self):
        self._lock.acquire()
        self._held.depth = getattr(self._held, "depth", 0) + 1
        return self

    def __exit__(self, *exc_info):
        self._held.depth -= 1
        outermost = self._held.depth == 0
        self._lock.release()
        if outermost:
            for listener in list(self.listeners):
                listener()
        return False


# DuckDB allows one writer; a process serialises its own writes through this lock.
WRITE_LOCK = WriteLock()


class DatabaseBusy(Exception):
    """Another process holds the database file (usually the running dashboard)."""


class DatabaseDamaged(Exception):
    """The file is not a DuckDB database this version can open."""


def db_path(path: str | os.PathLike | None = None) -> Path:
    return Path(path or os.environ.get("CCHC_DB") or DEFAULT_DB)


def backup_dir() -> Path:
    """Where `python -m loaders --backup` writes by default: `$CCHC_BACKUP_DIR`, or `backups/` beside the database."""
    return Path(os.environ.get("CCHC_BACKUP_DIR") or db_path().parent / "backups")


BACKUP_GLOB = "cchc-sao-luu-*.duckdb"


def latest_backup(folder: Path | None = None) -> Path | None:
    """The newest backup file in `folder` (names carry their time, so the last name is the newest)."""
    found = sorted(Path(folder or backup_dir()).glob(BACKUP_GLOB))
    return found[-1] if found else None


def damaged_message(target: Path, detail: str) -> str:
    """What the admin reads when the warehouse file is damaged: what happened and how to put the last backup back."""
    latest = latest_backup()
    if latest is not None:
        where = f"Bản sao lưu gần nhất tìm thấy: {latest}."
        source = str(latest)
    else:
        where = (f"Không tìm thấy bản sao lưu nào trong {backup_dir()}; hãy dùng bản sao lưu đã tải về từ trang "
                 "\"Quản lý dữ liệu\" (tệp cchc-sao-luu-….duckdb).")
        source = "<tệp sao lưu>"
    return (f"Tệp cơ sở dữ liệu {target} bị hỏng, không đọc được ({detail.splitlines()[0][:160]}). Dashboard không ghi gì "
            f"thêm vào tệp này. Cách khôi phục (quản trị viên, trên máy chủ): 1) dừng dashboard; 2) giữ lại tệp hỏng: "
            f"mv {target} {target}.hong (và {target}.wal nếu có); 3) chép bản sao lưu vào chỗ đó: cp {source} {target}; "
            f"4) khởi động lại dashboard. {where} Số liệu nạp sau thời điểm sao lưu cần được nạp lại.")


CORRUPTION_SIGNS = ("corrupt", "checksum", "could not read enough bytes", "not a valid duckdb database",
                    "replaying wal", "serializ")


def is_damage(exc: BaseException) -> bool:
    """Whether a DuckDB error says the file's bytes are damaged (rather than a wrong query)."""
    text = str(exc).lower()
    return isinstance(exc, (duckdb.InternalException, duckdb.SerializationException)) or (
        isinstance(exc, duckdb.Error) and any(sign in text for sign in CORRUPTION_SIGNS))


def connect(path: str | os.PathLike | None = None, read_only: bool = False,
            verify: bool = False, untrusted: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the warehouse and bring its schema up to date: the migrations it lacks, then
    this code's models (`install_models`).

    `verify` reads every row of every table first (`check_integrity`): DuckDB checks each block's checksum
    as it reads it, so a damaged or truncated file is found at start rather than on some later page.
    `untrusted` (a file uploaded for a restore, opened read-only to be checked) turns off DuckDB's access to
    files and the network: whatever SQL the file holds cannot read a file of the server while it is checked."""
    target = db_path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    config = {"enable_external_access": False} if untrusted else {}
    # a new file: a copy of the schema and models built once per code version (queries/template.py)
    copied = None
    if not read_only and not untrusted and str(target) != ":memory:" and not target.exists():
        models = _model_texts()
        copied = template.create(target, _template_texts(models), _build_template)
        if copied is not None:
            _template_of[models] = copied
    try:
        con = duckdb.connect(str(target), read_only=read_only, config=config)
    except duckdb.IOException as exc:
        text = str(exc)
        if "lock" in text.lower():
            pid = re.search(r"PID (\d+)", text)
            who = f" (tiến trình PID {pid.group(1)})" if pid else ""
            raise DatabaseBusy(
                f"Cơ sở dữ liệu {target} đang được một chương trình khác mở{who}, thường là dashboard đang chạy. "
                "Hãy nạp tệp qua trang \"Nạp dữ liệu\" của dashboard, hoặc tắt dashboard rồi chạy lại lệnh.") from exc
        if is_damage(exc):
            raise DatabaseDamaged(damaged_message(target, text)) from exc
        raise DatabaseDamaged(f"Không mở được cơ sở dữ liệu {target}: {text}") from exc
    except duckdb.Error as exc:
        if is_damage(exc):
            raise DatabaseDamaged(damaged_message(target, str(exc))) from exc
        raise DatabaseDamaged(f"Tệp {target} không phải cơ sở dữ liệu DuckDB hợp lệ hoặc đã hỏng: {exc}") from exc
    if verify and not copied:       # a copy of the template just made has nothing to verify yet
        try:
            check_integrity(con)
        except DatabaseDamaged as exc:
            con.close()
            raise DatabaseDamaged(damaged_message(target, str(exc))) from exc
    if not read_only:
        migrate(con)
        if not copied:      # a template's models are this code's, made from these very texts
            install_models(con)
    return con


def _template_texts(models) -> list[tuple[str, str]]:
    return [(file.name, file.read_text(encoding="utf-8")) for _, file in migrations()] + list(models)


def _build_template(con) -> None:
    migrate(con)
    install_models(con, force=True)


def check_integrity(con) -> None:
    """Read every column of every table (each row's values hashed, summed), so that DuckDB verifies the checksum
    of every block in use; raises DatabaseDamaged with DuckDB's words when one is damaged or missing.

    Table names are identifiers: they come from DuckDB's own catalog (`backup_tables`) and reach DuckDB as bound
    values of `query_table`, each quoted so that it reads as one name (a dot or a quote in it included), never
    spliced into SQL text. One statement for every table: a relation per table was bound on its own, about 3 ms
    each (81–105 ms CPU a check of the sample, against 39), and the dashboard checks every file it opens."""
    try:
        tables = [table for (table,) in rows(con, "backup_tables")]
        if tables:
            statement = " UNION ALL ".join(f"SELECT sum(hash(*COLUMNS(*))) FROM query_table($t{i})"
                                           for i in range(len(tables)))
            con.execute(statement, {f"t{i}": _quoted(table) for i, table in enumerate(tables)}).fetchall()
    except duckdb.Error as exc:
        if is_damage(exc):
            raise DatabaseDamaged(str(exc)) from exc
        raise


def migrations() -> list[tuple[int, Path]]:
    found = []
    for file in sorted(SCHEMA_DIR.glob("*.sql")):
        match = re.match(r"(\d+)_", file.name)
        if match:
            found.append((int(match.group(1)), file))
    return found


def schema_version(con) -> int:
    con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                "applied_at TIMESTAMP DEFAULT current_timestamp, file VARCHAR)")
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


def migrate(con, up_to: int | None = None) -> int:
    """Apply the numbered migrations the file does not have yet, each in its own transaction."""
    with WRITE_LOCK:
        current = schema_version(con)
        # by membership, not by the highest number: migrations written side by side may land out of order
        applied = {v for (v,) in con.execute("SELECT version FROM schema_version").fetchall()}
        for version, file in migrations():
            if version in applied or (up_to is not None and version > up_to):
                continue
            con.execute("BEGIN TRANSACTION")
            try:
                statements = file.read_text(encoding="utf-8")
                if re.sub(r"--[^\n]*", "", statements).strip():   # a step whose views moved to models/ is empty
                    con.execute(statements)
                con.execute("INSERT INTO schema_version (version, file) VALUES ($v, $f)",
                            {"v": version, "f": file.name})
                con.execute("COMMIT")
            except Exception:
                con.execute("ROLLBACK")
                raise
            current = max(current, version)
        return current


def _model_files(folder: Path | None = None) -> dict[str, Path]:
    return {p.stem: p for p in sorted(Path(folder or MODELS_DIR).glob("*.sql"))}


def model_order(folder: Path | None = None) -> list[str]:
    """The model names in an order that creates each one after the models it uses (a model uses another when
    its statement, comments left out, names it). Raises ValueError on a cycle."""
    return list(_order(_read_models(folder)))


def _read_models(folder: Path | None) -> tuple[tuple[str, str], ...]:
    """(name, text) of every model file of `folder`, by name: each file read once."""
    return tuple((name, path.read_text(encoding="utf-8")) for name, path in _model_files(folder).items())


# Every connection asks for the model texts in order (`install_models`); parsing 53 texts for the names they use
# was 4 of the 5 ms a call, so the order is kept for texts already seen (the texts are the key: an edited file is
# parsed again).
@lru_cache(maxsize=8)
def _order(models: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    names = {name for name, _ in models}
    uses = {}
    for name, text in models:
        words = set(re.findall(r"\w+", re.sub(r"--[^\n]*", "", text)))
        uses[name] = sorted((words & names) - {name})
    order, done, visiting = [], set(), set()

    def visit(name: str) -> None:
        if name in done:
            return
        if name in visiting:
            raise ValueError(f"models use each other in a cycle: {name}")
        visiting.add(name)
        for other in uses[name]:
            visit(other)
        visiting.discard(name)
        done.add(name)
        order.append(name)

    for name, _ in models:
        visit(name)
    return tuple(order)


def model_sql(name: str, folder: Path | None = None) -> str:
    """The text of `queries/models/<name>.sql`."""
    return (Path(folder or MODELS_DIR) / f"{_model_name(name)}.sql").read_text(encoding="utf-8")


def _model_name(name: str) -> str:
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise ValueError(f"bad model name {name!r}")
    return name


# The catalog (`model_catalog`) a database holds right after the models of a folder's text were created, for
# each such text this process has installed: a database whose catalog is the same needs nothing done.
_installed: dict[tuple, list[tuple]] = {}


# Model texts → the template a new file of this process was copied from (`connect`): its catalog is what such a
# file holds as long as nothing else changed it, read from the template when the file is opened again.
_template_of: dict[tuple, Path] = {}


def _catalog_of(path: Path) -> list[tuple]:
    other = duckdb.connect(str(path), read_only=True)
    try:
        return rows(other, "model_catalog")
    finally:
        other.close()


def _model_texts(folder: Path | None = None) -> tuple[tuple[str, str], ...]:
    models = _read_models(folder)
    texts = dict(models)
    for name in texts:
        _model_name(name)
    return tuple((name, texts[name]) for name in _order(models))


def install_models(con, folder: Path | None = None, force: bool = False) -> list[str]:
    """Drop every view and macro of the open database and create the models of `folder` (queries/models) in
    dependency order, in one transaction; returns the names created ([] when nothing needed doing).

    Dropping first means that nothing but this code's SQL stays: not a model since removed, not a view or
    macro a restored file brought. The names dropped are identifiers from DuckDB's own catalog
    (`model_catalog`), quoted; they cannot be bound. Creating the models costs ~100 ms, so a database whose
    views and macros, as DuckDB stores them, are exactly those this process created from the same model
    texts is left as it is (unless `force`); a changed file, or any view or macro added or altered in the
    database, makes the comparison fail. The first start of a process always creates them."""
    texts = _model_texts(folder)
    if not force and texts not in _installed and texts in _template_of:
        _installed[texts] = _catalog_of(_template_of[texts])    # a file this process copied from the template
    present = rows(con, "model_catalog")
    if not force and _installed.get(texts) == present:
        return []
    _create_models(con, texts, present)
    _installed[texts] = rows(con, "model_catalog")
    return [name for name, _ in texts]


def _create_models(con, texts: tuple[tuple[str, str], ...], present: list[tuple]) -> None:
    """Drop the views and macros `present` (rows of model_catalog) and run the model texts, in one transaction."""
    with WRITE_LOCK:
        con.execute("BEGIN TRANSACTION")
        try:
            for kind, schema, name in sorted({row[:3] for row in present}):    # a macro's overloads: one drop
                drop = {"view": "DROP VIEW IF EXISTS ", "macro": "DROP MACRO IF EXISTS ",
                        "table_macro": "DROP MACRO TABLE IF EXISTS "}[kind]
                con.execute(drop + _quoted(schema) + "." + _quoted(name))   # identifiers from the catalog
            for _, text in texts:
                con.execute(text)
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise


def models_current(con, folder: Path | None = None) -> bool:
    """Whether the open database (read-only is enough) holds exactly the models of `folder`, as a database
    built in memory from this code's migrations and models holds them — for a reader that cannot write
    (`python -m queries`) to tell whether the file needs its models created first."""
    return rows(con, "model_catalog") == _reference_catalog(_model_texts(folder))


@lru_cache(maxsize=4)
def _reference_catalog(texts: tuple[tuple[str, str], ...]) -> list[tuple]:
    reference = duckdb.connect()
    try:
        migrate(reference)
        _create_models(reference, texts, [])
        return rows(reference, "model_catalog")
    finally:
        reference.close()


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


@lru_cache(maxsize=None)
def sql(name: str) -> str:
    """The text of `queries/<name>.sql`; names come from code, never from users."""
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise ValueError(f"bad query name {name!r}")
    return (QUERY_DIR / f"{name}.sql").read_text(encoding="utf-8")


def available() -> list[str]:
    return sorted(p.stem for p in QUERY_DIR.glob("*.sql"))


def _header(text: str) -> dict:
    """The fields of a contract comment (name, kind, grain, key, params, columns) as written; a field may
    continue on the following comment lines, indented."""
    fields, current = {}, None
    for line in text.splitlines():
        match = re.match(r"--\s*(name|kind|grain|key|params|columns|scope):\s*(.*)", line)
        if match:
            current = match.group(1)
            fields[current] = match.group(2).strip()
        elif current and re.match(r"--\s{2,}\S", line):
            fields[current] += " " + line[2:].strip()
        elif line.strip() and not line.startswith("--"):
            break
        else:
            current = None
    return fields


def _names(text: str) -> list[str]:
    """`a, b (note, more), c` → [a, b, c]; "none" → []."""
    if text.strip().startswith("none"):
        return []
    return [c.split("(")[0].strip() for c in re.split(r",\s*(?![^()]*\))", text) if c.strip()]


def model_contract(name: str, folder: Path | None = None) -> dict:
    """The header comment of a model: name, kind (view | macro | table macro), grain, key (column names, for
    views and table macros), params (argument names, for macros), columns (names; none for a scalar macro)."""
    fields = _header(model_sql(name, folder))
    for field in ("key", "params", "columns"):
        fields[field] = _names(fields.get(field, "none"))
    return fields


def contract(name: str) -> dict:
    """The header comment of a query: name, grain, params (names), param_types (name → declared type,
    e.g. "INTEGER[]", for those that state one), columns (names), scope (as written: `queries.scope`).

    A field may continue on the following comment lines, indented.
    """
    fields = _header(sql(name))
    fields["param_types"] = dict(re.findall(r"\$(\w+)\s*\(\s*([A-Za-z]+(?:\[\])?)", fields.get("params", "")))
    fields["params"] = re.findall(r"\$(\w+)", fields.get("params", ""))
    columns = fields.get("columns", "")
    fields["columns"] = [] if columns == "none" else _names(columns)
    return fields


@lru_cache(maxsize=None)
def _used(name: str) -> frozenset[str]:
    return frozenset(re.findall(r"\$(\w+)", re.sub(r"--[^\n]*", "", sql(name))))


def parameters_used(name: str) -> set[str]:
    """The $parameters a query's statement binds (its comments left out)."""
    return set(_used(name))


class ParameterError(ValueError):
    """A query called with a parameter it does not bind, without one it binds, or with a value outside the
    values its contract lists (a programming error: never read as "every unit" or as a default)."""


def parameter_notes(name: str) -> dict[str, str]:
    """What a query's contract says in brackets after each parameter: `$year_from (INTEGER; NULL = from the
    first year)` → {"year_from": "INTEGER; NULL = from the first year"} ("" for a parameter without one)."""
    declared = _header(sql(name)).get("params", "")
    return {param: inside or "" for param, inside in
            re.findall(r"\$(\w+)(?:\s*\(((?:[^()]|\([^()]*\))*)\))?", declared)}


@lru_cache(maxsize=None)
def parameter_values(name: str) -> dict[str, tuple[tuple[str, ...], bool]]:
    """The parameters a query's contract declares with their values, `$kind (VARCHAR: quarter | year; NULL =
    every kind)` → {"kind": (("quarter", "year"), True)}: the values, and whether NULL is one of them."""
    found = {}
    for param, note in parameter_notes(name).items():
        match = re.fullmatch(r"\s*[A-Za-z]+\s*:\s*(.*)", note, re.S)
        if not match:
            continue
        values, _, rest = match.group(1).partition(";")
        if "|" in values:
            found[param] = (tuple(v.split()[0] for v in values.split("|")), "NULL" in rest)
    return found


def check_params(name: str, params: dict) -> None:
    """Raise ParameterError unless `params` are exactly the parameters query `name` binds, each enumerated one
    holding one of its declared values."""
    used = _used(name)
    unknown, missing = sorted(set(params) - used), sorted(used - set(params))
    if unknown or missing:
        raise ParameterError(f"query {name}: " + "; ".join(
            part for part in (unknown and f"unknown parameter(s) {', '.join(unknown)}",
                              missing and f"missing parameter(s) {', '.join(missing)}") if part))
    for param, (values, null_ok) in parameter_values(name).items():
        value = params[param]
        if (value is None and not null_ok) or (value is not None and value not in values):
            raise ParameterError(f"query {name}: ${param} = {value!r} is not one of {', '.join(values)}"
                                 + (" or NULL" if null_ok else ""))


def _bind(name: str, params: dict) -> dict:
    """The parameters to bind, once `check_params` has found them to be exactly those the statement binds."""
    check_params(name, params)
    return params


def run(con, name: str, /, **params) -> pd.DataFrame:
    """Run a named read query and return its rows."""
    return con.execute(sql(name), _bind(name, params)).df()


def rows(con, name: str, /, **params) -> list[tuple]:
    """Run a named read query and return plain tuples (cheaper than a DataFrame for internal checks)."""
    return con.execute(sql(name), _bind(name, params)).fetchall()


def rows_and_columns(con, name: str, /, **params) -> tuple[list[str], list[tuple]]:
    """Run a named read query; its column names (as DuckDB returns them: for `export_table`, the table's own)
    and its rows."""
    result = con.execute(sql(name), _bind(name, params))
    return [d[0] for d in result.description], result.fetchall()


_in_transaction: set[int] = set()     # id() of the connections inside `transaction` (under WRITE_LOCK)


@contextlib.contextmanager
def transaction(con):
    """The block in one transaction under the process's write lock: COMMIT at its end, ROLLBACK (and the
    exception raised again) on any failure. Inside a `transaction` of the same connection the block joins the
    outer one, which commits or rolls back everything: a bulk load (the first start's sample) stores its files
    each as its own batch, with its own history, in one commit instead of one per file and one per mark
    (issue 13 §4: a commit is a write to disk and a wait for it)."""
    with WRITE_LOCK:
        if id(con) in _in_transaction:
            yield
            return
        con.execute("BEGIN TRANSACTION")
        _in_transaction.add(id(con))
        try:
            yield
        except BaseException:
            _in_transaction.discard(id(con))
            con.execute("ROLLBACK")
            raise
        _in_transaction.discard(id(con))
        con.execute("COMMIT")


@contextlib.contextmanager
def staged(con, name: str, columns: dict):
    """The lists of `columns` as the temporary table `name` while the block runs (queries `stage_<name>` and
    `unstage_<name>`). Each column bound as its own parameter (a list, or one value for every row, as the query
    declares) and unnested by DuckDB: no pandas or pyarrow on the way (pyarrow imports pandas for its first array,
    a quarter of a second the command line does not need to pay)."""
    execute(con, "stage_" + name, **columns)
    try:
        yield
    finally:
        execute(con, "unstage_" + name)


def append(con, table: str, columns: dict) -> None:
    """Rows given column by column (a list per column, or one value for every row) added to `table` by DuckDB's
    appender, in the caller's transaction. No statement text and no temporary table: binding the same lists to
    an INSERT converts every value into a list first and copies it again (1.500 report rows, issue 13 §4: about
    half the CPU of staging them and inserting from the stage)."""
    lengths = {name: len(v) for name, v in columns.items() if isinstance(v, list)}
    count = next(iter(lengths.values()), 0)
    if any(length != count for length in lengths.values()):    # zip would silently keep the shortest
        raise ValueError(f"append to {table}: columns of different lengths {lengths}")
    if not count:
        return
    values = [v if isinstance(v, list) else itertools.repeat(v, count) for v in columns.values()]
    with con.appender(table, columns=list(columns)) as appender:
        appender.append_rows(zip(*values))


def execute(con, name: str, /, **params):
    """Run a named statement (write); returns the DuckDB result for RETURNING clauses."""
    return con.execute(sql(name), _bind(name, params))


def copy_parquet(con, name: str, path: str | os.PathLike, /, **params) -> None:
    """Write the rows of read query `name` to a Parquet file: the query runs with bound parameters and
    its Arrow result is written by pyarrow (no statement text is assembled here)."""
    import pyarrow.parquet as pq

    table = con.sql(sql(name), params=_bind(name, params)).to_arrow_table()
    pq.write_table(table, str(path))


def copy_database(con, target: str | os.PathLike) -> None:
    """Copy the whole open warehouse (tables with their rows, views, macros, sequences at their current
    values, indexes) into a new DuckDB file `target`: `ATTACH` it, `COPY FROM DATABASE`, `DETACH`.

    The copy reads one transaction's snapshot, so it is consistent even while the dashboard runs. The
    source catalog's name (DuckDB names it after the file) is an identifier and cannot be bound: it is
    read from `current_database()` and quoted; the target path is bound.
    """
    source = con.execute("SELECT current_database()").fetchone()[0]
    copy_statement = "COPY FROM DATABASE " + _quoted(source) + " TO cchc_copy_target"   # identifier, quoted above
    con.execute("ATTACH $path AS cchc_copy_target", {"path": str(target)})
    try:
        con.execute(copy_statement)
    finally:
        con.execute("DETACH cchc_copy_target")


def copy_checkpointed(con, target: str | os.PathLike) -> bool:
    """Copy the open warehouse's file byte for byte into `target` right after a `CHECKPOINT`; False (nothing
    written) when that cannot be a consistent copy — an in-memory database, a checkpoint refused, or a
    write-ahead log still holding changes before or after the copy — and the caller copies another way.

    Only under `WRITE_LOCK`, held by the caller: after the checkpoint every committed change is in the file and
    the log is gone, and while the lock is held no write of this process can commit, so the file does not
    change under the copy (reads never write it; DuckDB writes the file only when a write commits). A write
    that did not take the lock would leave a log, found by the second look. At the sample's scale this takes
    a hundredth of the time of `COPY FROM DATABASE`, which rebuilds every table (bench/publish_bench.py)."""
    source = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()[0]
    if not source or source == ":memory:":
        return False
    source = Path(source)
    if not _checkpoint(con):
        return False
    if _pending_log(source):
        return False
    target = Path(target)
    with open(source, "rb") as src, open(target, "wb") as out:
        size, done = os.fstat(src.fileno()).st_size, 0
        while done < size:                  # in the kernel; one call moves at most ~2 GB
            sent = os.sendfile(out.fileno(), src.fileno(), done, size - done)
            if sent == 0:
                break
            done += sent
        os.fsync(out.fileno())
    if _pending_log(source):
        target.unlink(missing_ok=True)
        return False
    return True


CHECKPOINT_TRIES = 50       # × 10 ms: how long a publication waits for the readers of older versions to finish


def _checkpoint(con) -> bool:
    """A CHECKPOINT, tried again for a moment while DuckDB refuses it: a read that began before the last commit
    keeps that write transaction alive ("there are other write transactions") until it ends, and page queries
    are short. Not FORCE CHECKPOINT, which would hold every new query of the writer's pages until the running
    ones end."""
    for _ in range(CHECKPOINT_TRIES):
        try:
            con.execute("CHECKPOINT")
            return True
        except duckdb.TransactionException:
            time.sleep(0.01)
        except duckdb.Error:
            return False
    return False


def _pending_log(database: Path) -> bool:
    """Whether a write-ahead log beside `database` holds anything (DuckDB removes it at a checkpoint)."""
    return any(log.stat().st_size > 0 for log in database.parent.glob(database.name + ".wal*") if log.is_file())
