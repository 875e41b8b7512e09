"""A new warehouse file starts as a copy of a template database, built once per code version.

Why: a new file used to run every migration (a transaction, and a write to disk, each) and create every model:
about 0,3 s of CPU and, on a busy disk, seconds — most of what `python -m loaders FILE --db NEW` and the first
start of the dashboard spent before reading anything (issue 13 §4). The template is made by the same
`migrate` and `install_models` in a private cache folder (`$CCHC_CACHE_DIR`, else `$XDG_CACHE_HOME/cchc` or
`~/.cache/cchc`, created readable by its owner only); its name carries a hash of every migration and model text
and of DuckDB's version, so an edited migration or model, or another DuckDB, makes another template. A template
not owned by this user, or writable by others, is never used (its views and macros would run on every page).
Whatever fails on the way — no cache folder, a full disk — the new file is built in place as before.
"""

import hashlib
import os
import time
from pathlib import Path

import duckdb

PREFIX = "cchc-mau-"
STALE_DAYS = 30


def fingerprint(texts) -> str:
    """A hash of the (name, text) pairs that make a database's schema and models, and of DuckDB's version."""
    digest = hashlib.sha256(duckdb.__version__.encode())
    for name, text in texts:
        digest.update(b"\0" + str(name).encode() + b"\0" + text.encode("utf-8"))
    return digest.hexdigest()[:24]


def cache_dir() -> Path:
    base = os.environ.get("CCHC_CACHE_DIR")
    if base:
        return Path(base)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cchc"


def trusted(path: Path) -> bool:
    """Owned by this user and writable by no one else: a cached file that may be used."""
    info = path.stat()
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def cached_file(prefix: str, key: str, suffix: str, write) -> Path | None:
    """The file `<prefix><key><suffix>` of the cache folder, made now by `write(path)` (into a private partial
    file, then moved in place whole) when it is not there yet; None when it cannot be used. Files of the same
    prefix older than STALE_DAYS (earlier code or data versions; other processes may still use recent ones)
    are removed when a new one is made."""
    folder = cache_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not trusted(folder):
        return None
    path = folder / f"{prefix}{key}{suffix}"
    if path.exists():
        return path if trusted(path) else None
    partial = folder / f".{prefix}{key}-{os.getpid()}{suffix}"
    partial.unlink(missing_ok=True)
    try:
        write(partial)
        os.chmod(partial, 0o600)
        os.replace(partial, path)          # atomic: another process sees the whole file or none
    finally:
        partial.unlink(missing_ok=True)
    stale = time.time() - STALE_DAYS * 86400
    for old in folder.glob(prefix + "*" + suffix):
        if old != path and old.stat().st_mtime < stale:
            old.unlink(missing_ok=True)
    return path


def _template(key: str, build) -> Path | None:
    """The template file for `key`, built now with `build(con)` if it is not there yet; None when it cannot be."""

    def write(partial: Path):
        con = duckdb.connect(str(partial))
        try:
            build(con)
        finally:
            con.close()                # closing checkpoints: the template is one file, no write-ahead log

    return cached_file(PREFIX, key, ".duckdb", write)


def create(target: Path, texts, build) -> Path | None:
    """Create the new database file `target` as a copy of the template of `texts` (built by `build(con)` when
    missing). The template's path when done; None when `target` must be built in place (it is then absent)."""
    if target.exists() or Path(str(target) + ".wal").exists():
        return None
    partial = target.parent / f".{target.name}.{os.getpid()}.moi"
    try:
        template = _template(fingerprint(texts), build)
        if template is None:
            return None
        with open(template, "rb") as source, open(partial, "xb") as copy:
            while chunk := source.read(1 << 20):
                copy.write(chunk)
        os.link(partial, target)       # never over a file another process created meanwhile
        return template
    except (OSError, duckdb.Error):
        return None
    finally:
        partial.unlink(missing_ok=True)
