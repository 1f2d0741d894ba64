"""Publishing copies the marts file into a complete, verified snapshot, keeps the newest
snapshots and never removes one a reader still has open."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines.publish.snapshot import KEEP_SNAPSHOTS, current_snapshot, publish
from pipelines.settings import get_settings


def _marts(path: Path, sql: str, params: dict | None = None) -> None:
    con = duckdb.connect(str(path))
    try:
        con.execute("create schema if not exists marts")
        con.execute(sql, params or {})
    finally:
        con.close()


@pytest.fixture
def settings(tmp_path, monkeypatch):
    monkeypatch.setenv("PIPELINES_DATA_DIR", str(tmp_path))
    return get_settings()


def _orders(settings, rows: int) -> Path:
    _marts(settings.marts_path, "create or replace table marts.orders as select range as order_uid from range($n)", {"n": rows})
    return settings.marts_path


def test_each_publish_moves_the_pointer_to_a_complete_verified_file(settings):
    first = publish(_orders(settings, 5), settings, "run-one")
    assert current_snapshot(settings) == first.path and first.row_counts == {"marts.orders": 5}
    _marts(settings.marts_path, "insert into marts.orders select 99")
    second = publish(settings.marts_path, settings, "run-two")
    assert current_snapshot(settings) == second.path != first.path
    snap = duckdb.connect(str(second.path), read_only=True)
    assert snap.execute("select count(*), max(run_id) from marts.orders, main.snapshot_info").fetchone() == (6, "run-two")
    # The snapshot information is the snapshot's own: the marts file is left as dbt wrote it.
    marts = duckdb.connect(str(settings.marts_path), read_only=True)
    assert marts.execute("select count(*) from duckdb_tables() where table_name = 'snapshot_info'").fetchone()[0] == 0


def test_rows_still_in_the_write_ahead_log_are_published(settings):
    """A writer that exits without a checkpoint leaves its last rows in marts_db.duckdb.wal: a
    byte copy of the file alone would lose them, so publish checkpoints first."""
    _orders(settings, 4)
    writer = ("import duckdb, sys\n"
              "con = duckdb.connect(sys.argv[1])\n"
              "con.execute(\"pragma disable_checkpoint_on_shutdown\")\n"
              "con.execute(\"set checkpoint_threshold = '1GB'\")\n"
              "con.execute('insert into marts.orders select range + 100 from range(3)')\n"
              "con.close()\n")
    subprocess.run([sys.executable, "-c", writer, str(settings.marts_path)], check=True)
    assert Path(f"{settings.marts_path}.wal").exists(), "the writer should have left a write-ahead log"
    result = publish(settings.marts_path, settings, "run-wal")
    assert result.row_counts == {"marts.orders": 7}
    assert not Path(f"{result.path}.wal").exists()
    snap = duckdb.connect(str(result.path), read_only=True)
    assert snap.execute("select count(*), max(order_uid) from marts.orders").fetchone() == (7, 102)


def test_nothing_to_publish_is_an_error_that_leaves_the_pointer_alone(settings):
    with pytest.raises(RuntimeError, match="no marts to publish"):
        publish(settings.marts_path, settings, "run-none")
    duckdb.connect(str(settings.marts_path)).close()
    with pytest.raises(RuntimeError, match="holds no tables"):
        publish(settings.marts_path, settings, "run-empty")
    assert current_snapshot(settings) is None


def test_a_marts_file_without_every_mart_is_not_published(settings):
    first = publish(_orders(settings, 2), settings, "run-one", required={"marts.orders"})
    with pytest.raises(RuntimeError, match="lacks marts.sales_daily"):
        publish(settings.marts_path, settings, "run-two", required={"marts.orders", "marts.sales_daily"})
    assert current_snapshot(settings) == first.path


def test_old_snapshots_are_pruned_unless_a_reader_holds_them_open(settings):
    marts = _orders(settings, 3)
    first = publish(marts, settings, "run-0")
    analyst = duckdb.connect(str(first.path), read_only=True)
    second = publish(marts, settings, "run-1")
    for i in range(2, KEEP_SNAPSHOTS + 2):
        publish(marts, settings, f"run-{i}")
    assert first.path.exists(), "an open snapshot must survive pruning"
    assert not second.path.exists()
    assert analyst.execute("select count(*) from marts.orders").fetchone()[0] == 3
    analyst.close()
    publish(marts, settings, "run-last")
    assert not first.path.exists()
    assert len(list(settings.serving_dir.glob("*.duckdb"))) == KEEP_SNAPSHOTS
