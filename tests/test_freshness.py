"""The orders freshness check: a warning when a marketplace's newest order is over a day old.

The rule is tested on a hand-made raw table with the clock pinned; then a generated world is
built with a pinned clock (``PIPELINES_AS_OF``) two days past its newest order, and the build
must still publish while the check fails with WARN severity; the checks-only job, run with a
clock an hour past the newest order, passes; ``python -m pipelines status`` says both.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, timedelta

import dagster as dg
import duckdb
import pytest

from pipelines.ingest.loaders import ensure_raw_schema
from pipelines.quality.freshness import CHECK_NAME, MAX_AGE, clock, orders_freshness
from pipelines.settings import get_settings
from world_fixtures import PROJECT_ROOT, WORLD_END, World, build_world

NEWEST = datetime(2026, 11, 20, 22, 15, tzinfo=UTC)


@pytest.fixture
def raw_orders(tmp_path):
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    ensure_raw_schema(con)
    con.execute("""
        insert into raw.ebay_orders
        select 'o' || i, ?::timestamptz - i * interval 5 hour, '{}', 'landing/ebay/x/page-00001.json', 1, i,
               cast(?::timestamptz - i * interval 5 hour as date), 'run', now()
        from range(10) t(i)""", [NEWEST, NEWEST])
    yield con
    con.close()


def test_orders_modified_within_a_day_are_fresh(raw_orders):
    found = orders_freshness(raw_orders, "ebay", NEWEST + timedelta(hours=23))
    assert found.is_fresh
    assert found.newest_order_at == NEWEST
    assert found.newest_partition == date(2026, 11, 20)
    assert found.order_versions == 10


def test_orders_whose_newest_is_two_days_old_are_stale(raw_orders):
    found = orders_freshness(raw_orders, "ebay", NEWEST + timedelta(days=2))
    assert not found.is_fresh
    assert found.age == timedelta(days=2)
    assert "STALE" in found.summary() and "48.0 h before" in found.summary()


def test_a_marketplace_with_no_orders_is_not_fresh(raw_orders):
    found = orders_freshness(raw_orders, "discogs", NEWEST)
    assert not found.is_fresh
    assert found.newest_order_at is None and found.order_versions == 0
    assert "holds no orders" in found.summary()


def test_the_clock_is_the_pinned_as_of_when_set(monkeypatch):
    monkeypatch.setenv("PIPELINES_AS_OF", "2026-11-21T12:00:00Z")
    assert clock(get_settings()) == datetime(2026, 11, 21, 12, tzinfo=UTC)
    monkeypatch.setenv("PIPELINES_AS_OF", "2026-11-21T07:00:00-05:00")
    assert clock(get_settings()) == datetime(2026, 11, 21, 12, tzinfo=UTC)
    monkeypatch.delenv("PIPELINES_AS_OF")
    assert datetime.now(UTC) - clock(get_settings()) < timedelta(minutes=5)


# -- through Dagster, on a built world ----------------------------------------------------------

# The world's last day is WORLD_END in the seller's zone (New York): its newest order is modified
# before WORLD_END + 1 day 05:00 UTC, so this clock is at least 55 hours later.
STALE_CLOCK = f"{date.fromisoformat(WORLD_END) + timedelta(days=3)}T12:00:00Z"
CHECKS = {source: dg.AssetCheckKey(dg.AssetKey(["raw", f"{source}_orders"]), CHECK_NAME) for source in ("ebay", "discogs")}


def _instance(world: World) -> dg.DagsterInstance:
    return dg.DagsterInstance.from_config(str(world.data_dir / "dagster"))


def _latest(world: World, source: str):
    record = _instance(world).get_latest_asset_check_evaluation_record(CHECKS[source])
    return record.run_id, record.event.dagster_event.event_specific_data


def _check_freshness(world: World, as_of: str) -> None:
    """The checks-only job the six-hourly schedule runs, through Dagster's own CLI."""
    env = {**world.env, "PIPELINES_AS_OF": as_of}
    proc = subprocess.run([sys.executable, "-m", "dagster", "job", "execute", "-m", "pipelines.definitions",
                           "-j", "check_orders_freshness"], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-6000:]


@pytest.fixture(scope="module")
def stale_world(tmp_path_factory) -> World:
    """Generated and built with the clock pinned more than two days after its newest order."""
    return build_world(tmp_path_factory.mktemp("stale-world"), orders=300, days=20, PIPELINES_AS_OF=STALE_CLOCK)


@pytest.mark.slow
def test_a_build_two_days_after_the_newest_order_warns_and_still_publishes(stale_world):
    published = (stale_world.data_dir / "serving" / "publish_log.jsonl").read_text().splitlines()
    assert len(published) == 1, "the build did not publish"
    for source in CHECKS:
        run_id, evaluation = _latest(stale_world, source)
        assert published[0].count(run_id) >= 1, "the warning came from another run than the build"
        assert evaluation.passed is False
        assert evaluation.severity == dg.AssetCheckSeverity.WARN
        assert evaluation.metadata["age_hours"].value > 48
        newest = datetime.fromtimestamp(evaluation.metadata["newest_order_at"].value, UTC)
        assert newest.date() <= date.fromisoformat(WORLD_END) + timedelta(days=1)
        assert "STALE" in evaluation.description


@pytest.mark.slow
def test_the_freshness_job_passes_an_hour_after_the_newest_order(stale_world):
    con = duckdb.connect(str(stale_world.data_dir / "warehouse.duckdb"), read_only=True)
    try:
        ebay, discogs = con.execute("select (select epoch(max(last_modified_at)) from raw.ebay_orders), "
                                    "(select epoch(max(last_modified_at)) from raw.discogs_orders)").fetchone()
    finally:
        con.close()
    assert abs(ebay - discogs) < (MAX_AGE - timedelta(hours=1)).total_seconds(), "a marketplace is a day behind"
    newest = datetime.fromtimestamp(max(ebay, discogs), UTC)
    _check_freshness(stale_world, (newest + timedelta(hours=1)).isoformat())
    for source in CHECKS:
        _, evaluation = _latest(stale_world, source)
        assert evaluation.passed is True, evaluation.description
        assert evaluation.severity == dg.AssetCheckSeverity.WARN
        assert 0 <= evaluation.metadata["age_hours"].value <= 24


@pytest.mark.slow
def test_status_shows_the_freshness_verdict_and_the_warnings_since_the_publish(stale_world):
    _check_freshness(stale_world, STALE_CLOCK)
    env = {**stale_world.env, "PIPELINES_AS_OF": STALE_CLOCK}
    out = subprocess.run([sys.executable, "-m", "pipelines", "status"], cwd=PROJECT_ROOT, env=env,
                         capture_output=True, text=True, check=True).stdout
    assert "ebay: STALE (WARN)" in out and "discogs: STALE (WARN)" in out, out
    assert "over the 24 h allowed" in out, out
    assert "failed checks since that publish: 2" in out, out
    assert f"raw/ebay_orders:{CHECK_NAME} (WARN)" in out, out
    assert "failed runs since that publish: 0" in out, out


def test_every_build_evaluates_freshness_and_nothing_waits_for_it():
    from pipelines.definitions import defs
    from pipelines.schedules import BUILD_JOB_NAME, FRESHNESS_JOB_NAME

    graph = defs.resolve_asset_graph()
    for key in CHECKS.values():
        assert not graph.get_check_spec(key).blocking
    nodes = {f"raw__{source}_orders_{CHECK_NAME}" for source in CHECKS}
    build = defs.resolve_job_def(BUILD_JOB_NAME)
    assert nodes <= set(build.graph.node_names())
    for step in ("warehouse_models", "serving__snapshot"):
        upstream = {o.node_name for o in build.graph.dependency_structure.all_upstream_outputs_from_node(step)}
        assert not nodes & upstream, f"{step} waits for the freshness check"
    assert set(defs.resolve_job_def(FRESHNESS_JOB_NAME).graph.node_names()) == nodes
    schedule = defs.resolve_schedule_def("orders_freshness_every_six_hours")
    assert schedule.job_name == FRESHNESS_JOB_NAME
    assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING
