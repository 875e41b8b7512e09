"""What this instance of the dashboard is, as its environment says: the writer that publishes snapshots of the
warehouse, a reader of those snapshots, or (neither set) the single instance that does both (loaders/snapshots.py,
docs/operations.md "Máy ghi, máy đọc và nginx"). Here, at the bottom, because the roles (accounts) and the frame
both ask it."""

import os
from pathlib import Path


def publish_to() -> Path | None:
    """Where this instance publishes its snapshots ($CCHC_PUBLISH_TO), or None when it publishes none."""
    value = os.environ.get("CCHC_PUBLISH_TO", "").strip()
    return Path(value) if value else None


def reader_of() -> Path | None:
    """The snapshots folder this instance reads ($CCHC_READER_OF), or None when it is not a reader."""
    value = os.environ.get("CCHC_READER_OF", "").strip()
    return Path(value) if value else None


def is_reader() -> bool:
    return reader_of() is not None


def writer_url() -> str:
    """The writer's address a reader links to for uploads and administration ($CCHC_WRITER_URL; "" if unknown)."""
    return os.environ.get("CCHC_WRITER_URL", "").strip()
