"""The one way the pipeline opens the warehouse: exclusively, one writer at a time.

DuckDB allows one writing process per file. Assets that write (ingest loads, dbt, publish)
take an exclusive lock on ``warehouse.lock`` first, so whatever executor Dagster uses, writers
queue instead of failing with a lock error.

The marts live in a file of their own, ``marts_db.duckdb`` beside ``warehouse.duckdb`` (dbt builds
them there, publish copies that file: pipelines/publish/snapshot.py). A warehouse connection
attaches it, so ``marts.<table>`` reads the same whichever file holds it; the one lock covers both.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from pipelines.settings import Settings, get_settings, sql

# As dbt's (profiles.yml). The ingest's working set at 1M orders is a month of pages staged twice
# (~300 MB) plus the buffer pool.
DEFAULT_MEMORY_LIMIT = "2GB"

# A rebuild of every mart starts from a copy of the last whole marts file while at most this share
# of its blocks is free, else from an empty file (rebuilding_marts).
MAX_FREE_SHARE = 0.5


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
    load or a dbt step take most of the machine (the issue's target: a whole 1M-order build under
    4 GB, docs/benchmarks.md). Row order of inserts does not matter anywhere in raw (every reader
    sorts or aggregates), and keeping it costs memory."""
    return {
        "memory_limit": os.environ.get("PIPELINES_WAREHOUSE_MEMORY_LIMIT", DEFAULT_MEMORY_LIMIT),
        "temp_directory": str(settings.data_dir / "duckdb-tmp"),
        "preserve_insertion_order": "false",
    }


def attach_marts(con: duckdb.DuckDBPyConnection, marts_path: Path, read_only: bool = False) -> None:
    """Attach the marts file as ``marts_db`` (the name profiles.yml gives it) and resolve
    ``marts.<table>`` there. Read-only, a marts file that does not exist yet is left alone
    (nothing is built: ``marts.*`` does not resolve, as before a first build).

    Read-write, a ``marts`` schema left in the warehouse file by a version that built the marts
    there is dropped first: ``marts.<table>`` would find it before the marts file's. It holds
    nothing but derived tables, which the next build writes into the marts file."""
    if read_only and not marts_path.exists():
        return
    if not read_only:
        database = con.execute(sql("warehouse_current_database")).fetchall()[0][0]
        con.execute(sql("warehouse_drop_legacy_marts").format(database=database))
    con.execute(sql("warehouse_attach_marts").format(options="(read_only)" if read_only else ""),
                {"path": str(marts_path)})
    if not read_only:
        con.execute(sql("warehouse_create_marts_schema"))
    if con.execute(sql("warehouse_marts_schema_exists")).fetchall()[0][0]:
        con.execute(sql("warehouse_marts_search_path"))


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor of a warehouse connection that resolves ``marts.<table>`` as the connection does:
    DuckDB's search path is per connection (it cannot be set globally), and a cursor is one."""
    cur = con.cursor()
    if cur.execute(sql("warehouse_marts_schema_exists")).fetchall()[0][0]:
        cur.execute(sql("warehouse_marts_search_path"))
    return cur


def _move(source: Path, target: Path) -> None:
    """Move a DuckDB file and its write-ahead log, if any, over ``target`` and its log."""
    _discard(target)
    os.replace(source, target)
    if Path(f"{source}.wal").exists():
        os.replace(f"{source}.wal", f"{target}.wal")


def _discard(path: Path) -> None:
    path.unlink(missing_ok=True)
    Path(f"{path}.wal").unlink(missing_ok=True)


def restore_marts(settings: Settings) -> bool:
    """Put the last whole marts file back if a build that was rebuilding every mart was killed
    mid-way (its new file is partial). The caller holds the lock. Returns whether it did."""
    if not settings.marts_previous_path.exists():
        return False
    _move(settings.marts_previous_path, settings.marts_path)
    return True


@contextmanager
def rebuilding_marts(settings: Settings) -> Iterator[None]:
    """Build every mart into a working copy of the marts file; the last one comes back unless the
    build succeeds.

    The current file is moved aside and the build writes a copy of it, so the marts incremental by
    difference (marts.orders: dbt_project/macros/by_difference.sql) keep the rows that did not change instead of
    writing them all again. A table rebuilt whole leaves its old blocks in the file as free space,
    which DuckDB reuses but never gives back, and every snapshot is a copy of this file; so once
    more than MAX_FREE_SHARE of the blocks are free, the build starts from an empty file instead,
    every mart written whole and compact (that run costs what a first build's marts cost).
    Success deletes the old file, failure (or a kill, see :func:`restore_marts`) puts it back, so
    the marts file always holds one whole build that passed its dbt tests. A failed build's file
    is kept as ``marts_db.failed.duckdb`` until the next success. The caller holds the lock."""
    restore_marts(settings)
    if settings.marts_path.exists():
        _move(settings.marts_path, settings.marts_previous_path)
        if _free_share(settings.marts_previous_path) <= MAX_FREE_SHARE:
            shutil.copyfile(settings.marts_previous_path, settings.marts_path)
    try:
        yield
    except BaseException:
        # What the failed build wrote stays readable for the diagnosis, beside the whole one.
        if settings.marts_path.exists():
            _move(settings.marts_path, settings.marts_failed_path)
        restore_marts(settings)
        raise
    _discard(settings.marts_previous_path)
    _discard(settings.marts_failed_path)


def _free_share(path: Path) -> float:
    """The share of a DuckDB file's blocks that are free, after a checkpoint (which also empties
    its write-ahead log into it, so the file alone is the whole database). A file DuckDB cannot
    open counts as all free: the build starts from an empty file, as it would without one."""
    try:
        con = duckdb.connect(str(path))
    except duckdb.Error:
        return 1.0
    try:
        con.execute("checkpoint")
        total, free = con.execute(sql("warehouse_database_blocks")).fetchone()
    finally:
        con.close()
    return free / total if total else 0.0


def open_warehouse(settings: Settings, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """``warehouse.duckdb`` with the marts file attached (the last whole one, :func:`restore_marts`).
    The caller holds the lock."""
    restore_marts(settings)
    con = duckdb.connect(str(settings.warehouse_path), read_only=read_only, config=_duckdb_config(settings))
    try:
        attach_marts(con, settings.marts_path, read_only=read_only)
    except BaseException:
        con.close()
        raise
    return con


@contextmanager
def connect_warehouse(settings: Settings | None = None, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to ``warehouse.duckdb`` (marts file attached) under the lock, closed on exit.

    Readers inside the pipeline (checks) take the lock too: DuckDB refuses a read-only
    connection from one process while another holds the file for writing.
    """
    settings = settings or get_settings()
    with warehouse_lock(settings):
        con = open_warehouse(settings, read_only=read_only)
        try:
            yield con
        finally:
            con.close()
