"""Which files a bulk load reads, and reading them ahead in the limited children (loaders/reader_process.py).

Kept apart from the pipeline, which imports every kind (and DuckDB with them): the command line starts the
children on its files first and imports the rest while they read (issue 13 §4)."""

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from loaders.reader_process import read_sheets_isolated
from loaders.workbook import UnreadableFile


def files_under(paths) -> list[Path]:
    """Every .xlsx/.csv/.json file named or inside the folders named, in name order (history loads oldest first)."""
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in (".xlsx", ".csv", ".xls", ".json")
                            and not p.name.startswith(("~$", ".")))
        else:
            found.append(path)
    return found


def _read(path: Path):
    try:
        data = path.read_bytes()
    except OSError as exc:
        return exc, None
    try:
        return data, read_sheets_isolated(path.name, data)
    except UnreadableFile as exc:
        return data, exc


def read_ahead(paths, ahead: int = 2):
    """(path, bytes or OSError, sheets or UnreadableFile) for each path in order, the next files being read in
    their child processes while the caller checks and stores the current one (a bulk load uses both cores).
    The first `ahead` files start being read now, before the caller asks for them: the command line imports
    DuckDB and opens the warehouse meanwhile."""
    pool = ThreadPoolExecutor(max_workers=ahead)
    pending = [pool.submit(_read, path) for path in paths[:ahead]]
    return _in_order(paths, ahead, pool, pending)


def _in_order(paths, ahead, pool, pending):
    try:
        for i, path in enumerate(paths):
            data, sheets = pending[i].result()
            if i + ahead < len(paths):
                pending.append(pool.submit(_read, paths[i + ahead]))
            yield path, data, sheets
    finally:
        pool.shutdown(cancel_futures=True)
