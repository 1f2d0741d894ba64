"""A run SIGKILLed anywhere (ingest, dbt, publish) is followed by a run that ends as a clean one.

The pipeline runs in a subprocess; ``PIPELINES_STALL_AT`` parks it at a named point so the
kill lands exactly there (for dbt, the kill comes a few seconds into the dbt command).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from world_fixtures import PROJECT_ROOT, build_world

pytestmark = pytest.mark.slow

AS_OF = "2026-11-21T12:00:00Z"
ORDERS, DAYS, SEED = 500, 45, 23
VOLATILE = {"_run_id", "_loaded_at", "run_id", "loaded_at", "_source_file", "source_file"}
# The activity feed records every import that happened, the killed run's partial one included:
# those events (and the heatmap that counts them) legitimately differ from a clean run's.
ONLY_CLEAN_RUN_ROWS = {"activity_events": "where event_type <> 'import_completed'"}
HISTORY_TABLES = {"load_log", "activity_heatmap"}


def _tables(con, schema: str) -> dict[str, list[tuple]]:
    out = {}
    names = con.execute("select table_name from information_schema.tables where table_schema = ? "
                        "and table_type = 'BASE TABLE' order by 1", [schema]).fetchall()
    for (name,) in names:
        if name in HISTORY_TABLES:
            continue
        cols = [c for (c,) in con.execute(
            "select column_name from information_schema.columns where table_schema = ? and table_name = ? "
            "order by ordinal_position", [schema, name]).fetchall() if c not in VOLATILE]
        where = ONLY_CLEAN_RUN_ROWS.get(name, "")
        out[name] = con.execute(f"select {', '.join(cols)} from {schema}.{name} {where} order by all").fetchall()
    return out


def _state(world) -> tuple[dict, dict]:
    con = duckdb.connect(str(world.data_dir / "warehouse.duckdb"), read_only=True)
    try:
        raw = _tables(con, "raw")
    finally:
        con.close()
    snap = duckdb.connect(str(world.snapshot), read_only=True)
    try:
        marts = _tables(snap, "marts")
    finally:
        snap.close()
    return raw, marts


@pytest.fixture(scope="module")
def clean_state(tmp_path_factory):
    world = build_world(tmp_path_factory.mktemp("clean"), orders=ORDERS, seed=SEED, days=DAYS, PIPELINES_AS_OF=AS_OF)
    raw, marts = _state(world)
    assert raw["ebay_orders"] and marts["orders"]
    return raw, marts


def _kill_during(world, stall_at: str | None, trigger: str, delay: float = 0.0) -> str:
    env = dict(world.env)
    if stall_at:
        env["PIPELINES_STALL_AT"] = stall_at
    proc = subprocess.Popen([sys.executable, "-m", "pipelines", "materialize"], cwd=PROJECT_ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    seen = []
    deadline = time.monotonic() + 300
    for line in proc.stdout:
        seen.append(line)
        if trigger in line:
            time.sleep(delay)
            break
        assert time.monotonic() < deadline, "the run never reached the kill point"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the run ended before it was killed:\n" + "".join(seen[-30:])
    return "".join(seen)


def _current(world) -> str | None:
    pointer = world.data_dir / "serving" / "CURRENT"
    return pointer.read_text().strip() if pointer.exists() else None


@pytest.mark.parametrize(
    ("stall_at", "trigger", "delay"),
    [("load_ebay", "stalled at load_ebay", 0.0), (None, "Running dbt command", 4.0)],
    ids=["during-ingest", "during-dbt"],
)
def test_a_first_run_killed_mid_way_then_rerun_equals_a_clean_run(tmp_path, clean_state, stall_at, trigger, delay):
    world = build_world(tmp_path, orders=ORDERS, seed=SEED, days=DAYS, materialize=False, PIPELINES_AS_OF=AS_OF)
    _kill_during(world, stall_at, trigger, delay)
    assert _current(world) is None
    world.run("materialize")
    assert _state(world) == clean_state


@pytest.mark.parametrize("stall_at", ["publish_copy", "publish_verified"])
def test_a_publish_killed_mid_way_never_serves_a_half_snapshot(tmp_path, clean_state, stall_at):
    world = build_world(tmp_path, orders=ORDERS, seed=SEED, days=DAYS, PIPELINES_AS_OF=AS_OF)
    served = _current(world)
    _kill_during(world, stall_at, f"stalled at {stall_at}")
    assert _current(world) == served
    con = duckdb.connect(str(world.data_dir / "serving" / served), read_only=True)
    try:
        assert con.execute("select count(*) from marts.orders").fetchone()[0] == len(clean_state[1]["orders"])
    finally:
        con.close()
    assert list((world.data_dir / "serving").glob(".*.partial")), "the kill should leave the partial file behind"
    world.run("materialize")
    assert _current(world) != served
    assert not list((world.data_dir / "serving").glob(".*.partial"))
    assert _state(world) == clean_state
