"""The one way the pipeline opens the warehouse: exclusively, one writer at a time.

DuckDB allows one writing process per file. Assets that write (ingest loads, dbt, publish)
take an exclusive lock on ``warehouse.lock`` first, so whatever executor Dagster uses, writers
queue instead of failing with a lock error.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

from pipelines.settings import Settings, get_settings

# As dbt's (profiles.yml). The ingest's working set at 1M orders is a month of pages staged twice
# (~300 MB) plus the buffer pool; publish copies the marts, spilling past the limit.
DEFAULT_MEMORY_LIMIT = "2GB"


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


def _duckdb_config(settings: Settings) -> dict[str, str]:
    """Bounded memory, spilling beside the warehouse: DuckDB's default (80% of RAM) would let one
    load or publish take most of the machine (the issue's target: a whole 1M-order build under
    4 GB, docs/benchmarks.md). Row order of inserts does not matter anywhere in raw (every reader
    sorts or aggregates), and keeping it costs memory."""
    return {
        "memory_limit": os.environ.get("PIPELINES_WAREHOUSE_MEMORY_LIMIT", DEFAULT_MEMORY_LIMIT),
        "temp_directory": str(settings.data_dir / "duckdb-tmp"),
        "preserve_insertion_order": "false",
    }


@contextmanager
def connect_warehouse(settings: Settings | None = None, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to ``warehouse.duckdb`` under the lock, closed on exit.

    Readers inside the pipeline (checks) take the lock too: DuckDB refuses a read-only
    connection from one process while another holds the file for writing.
    """
    settings = settings or get_settings()
    with warehouse_lock(settings):
        con = duckdb.connect(str(settings.warehouse_path), read_only=read_only, config=_duckdb_config(settings))
        try:
            yield con
        finally:
            con.close()
