"""The one way the pipeline opens the warehouse: exclusively, one writer at a time.

DuckDB allows one writing process per file. Assets that write (ingest loads, dbt, publish)
take an exclusive lock on ``warehouse.lock`` first, so whatever executor Dagster uses, writers
queue instead of failing with a lock error.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

from pipelines.settings import Settings, get_settings


@contextmanager
def warehouse_lock(settings: Settings | None = None) -> Iterator[None]:
    settings = settings or get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with open(settings.data_dir / "warehouse.lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def connect_warehouse(settings: Settings | None = None, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to ``warehouse.duckdb`` under the lock, closed on exit.

    Readers inside the pipeline (checks) take the lock too: DuckDB refuses a read-only
    connection from one process while another holds the file for writing.
    """
    settings = settings or get_settings()
    with warehouse_lock(settings):
        con = duckdb.connect(str(settings.warehouse_path), read_only=read_only)
        try:
            con.execute("set preserve_insertion_order = false")
            yield con
        finally:
            con.close()
