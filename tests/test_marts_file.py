"""The marts file always holds one whole build: a build of every mart writes a copy of the last
whole file (an empty file once that one is mostly free space), and the last whole one comes back
when that build fails or is killed (pipelines/warehouse.py)."""

from __future__ import annotations

import duckdb
import pytest

from pipelines.settings import get_settings
from pipelines.warehouse import MAX_FREE_SHARE, connect_warehouse, rebuilding_marts


@pytest.fixture
def settings(tmp_path, monkeypatch):
    monkeypatch.setenv("PIPELINES_DATA_DIR", str(tmp_path))
    return get_settings()


def _build(path, rows: int) -> None:
    con = duckdb.connect(str(path))
    try:
        con.execute("create schema if not exists marts")
        con.execute("create or replace table marts.orders as select range as order_uid from range($n)", {"n": rows})
    finally:
        con.close()


def _rows(path) -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("select count(*) from marts.orders").fetchone()[0]
    finally:
        con.close()


def test_a_successful_build_replaces_the_file_and_keeps_nothing_aside(settings):
    _build(settings.marts_path, 3)
    with rebuilding_marts(settings):
        # A copy of the last whole file, which waits aside: the marts by difference build on it.
        assert _rows(settings.marts_path) == 3 and _rows(settings.marts_previous_path) == 3
        _build(settings.marts_path, 5)
    assert _rows(settings.marts_path) == 5
    assert not settings.marts_previous_path.exists() and not settings.marts_failed_path.exists()


def test_a_file_mostly_free_space_is_not_built_upon(settings):
    """A file whose dropped tables left most of its blocks free: the build starts from an empty
    file, so every table is written compact and every snapshot copied from it is too."""
    _build(settings.marts_path, 3)
    con = duckdb.connect(str(settings.marts_path))
    try:
        con.execute("create table marts.dropped as select range as n, md5(range::varchar) as s from range(300000)")
        con.execute("checkpoint")
        # A table written after it, so its blocks are not the file's tail (a free tail is cut off).
        con.execute("create table marts.kept as select md5(range::varchar) as s from range(1000)")
        con.execute("checkpoint")
        con.execute("drop table marts.dropped")
        con.execute("checkpoint")
        total, free = con.execute("select total_blocks, free_blocks from pragma_database_size()").fetchone()
    finally:
        con.close()
    assert free / total > MAX_FREE_SHARE, (free, total)
    with rebuilding_marts(settings):
        assert not settings.marts_path.exists(), "the build starts from an empty file"
        _build(settings.marts_path, 5)
    assert _rows(settings.marts_path) == 5
    assert not settings.marts_previous_path.exists()


def test_a_file_duckdb_cannot_open_is_not_built_upon(settings):
    settings.marts_path.write_bytes(b"not a database file")
    with rebuilding_marts(settings):
        assert not settings.marts_path.exists(), "the build starts from an empty file"
        _build(settings.marts_path, 2)
    assert _rows(settings.marts_path) == 2


def test_a_failed_build_brings_the_last_whole_one_back_and_keeps_its_own_to_look_at(settings):
    _build(settings.marts_path, 3)
    with pytest.raises(RuntimeError, match="dbt test failed"):
        with rebuilding_marts(settings):
            _build(settings.marts_path, 7)
            raise RuntimeError("dbt test failed")
    assert _rows(settings.marts_path) == 3
    assert _rows(settings.marts_failed_path) == 7
    assert not settings.marts_previous_path.exists()


def test_a_killed_build_is_undone_by_the_next_connection(settings):
    """A kill leaves the partial new file and the previous one aside; whatever opens the
    warehouse next sees the previous build again."""
    _build(settings.marts_path, 4)
    settings.marts_path.rename(settings.marts_previous_path)  # what rebuilding_marts did before the kill
    _build(settings.marts_path, 1)                             # the partial file it was writing
    duckdb.connect(str(settings.warehouse_path)).close()
    with connect_warehouse(settings, read_only=True) as con:
        assert con.execute("select count(*) from marts.orders").fetchone()[0] == 4
    assert not settings.marts_previous_path.exists()
