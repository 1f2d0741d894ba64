"""The marts file always holds one whole build: a build of every mart writes an empty file and the
last whole one comes back when that build fails or is killed (pipelines/warehouse.py)."""

from __future__ import annotations

import duckdb
import pytest

from pipelines.settings import get_settings
from pipelines.warehouse import connect_warehouse, rebuilding_marts


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
        assert not settings.marts_path.exists(), "the build starts from an empty file"
        _build(settings.marts_path, 5)
    assert _rows(settings.marts_path) == 5
    assert not settings.marts_previous_path.exists() and not settings.marts_failed_path.exists()


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
