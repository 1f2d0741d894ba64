"""Publishing keeps the newest snapshots and never removes one a reader still has open."""

from __future__ import annotations

import duckdb

from pipelines.publish.snapshot import KEEP_SNAPSHOTS, current_snapshot, publish
from pipelines.settings import get_settings


def _warehouse(tmp_path, rows: int) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    con.execute("create schema if not exists marts")
    con.execute("create or replace table marts.orders as select range as order_uid from range($n)", {"n": rows})
    return con


def test_each_publish_moves_the_pointer_to_a_complete_verified_file(tmp_path, monkeypatch):
    monkeypatch.setenv("PIPELINES_DATA_DIR", str(tmp_path))
    settings = get_settings()
    con = _warehouse(tmp_path, 5)
    first = publish(con, settings, "run-one")
    assert current_snapshot(settings) == first.path and first.row_counts == {"marts.orders": 5}
    con.execute("insert into marts.orders select 99")
    second = publish(con, settings, "run-two")
    assert current_snapshot(settings) == second.path != first.path
    snap = duckdb.connect(str(second.path), read_only=True)
    assert snap.execute("select count(*), max(run_id) from marts.orders, main.snapshot_info").fetchone() == (6, "run-two")


def test_old_snapshots_are_pruned_unless_a_reader_holds_them_open(tmp_path, monkeypatch):
    monkeypatch.setenv("PIPELINES_DATA_DIR", str(tmp_path))
    settings = get_settings()
    con = _warehouse(tmp_path, 3)
    first = publish(con, settings, "run-0")
    analyst = duckdb.connect(str(first.path), read_only=True)
    second = publish(con, settings, "run-1")
    for i in range(2, KEEP_SNAPSHOTS + 2):
        publish(con, settings, f"run-{i}")
    assert first.path.exists(), "an open snapshot must survive pruning"
    assert not second.path.exists()
    assert analyst.execute("select count(*) from marts.orders").fetchone()[0] == 3
    analyst.close()
    publish(con, settings, "run-last")
    assert not first.path.exists()
    assert len(list(settings.serving_dir.glob("*.duckdb"))) == KEEP_SNAPSHOTS
