"""The same dbt project on Apache Spark builds the same marts as on DuckDB (docs/scaling.md).

One small world is generated and built the way a user builds it on Spark: ``PIPELINES_ENGINE=spark
python -m pipelines prepare`` then ``materialize``, the whole Dagster build job (ingest, raw export
to Parquet, ``dbt build`` with every data test on a local Spark session, the GX checks, publish).
The same warehouse's raw tables are then built by dbt on DuckDB, and every mart of the snapshot
Spark's run published must match the DuckDB marts row for row: money exactly and with the same
DECIMAL type, instants to the second. One Spark build serves every test of this module (the JVM
costs minutes), so the tests read the world and change only the serving pointer.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from spark_compare import compare_marts
from world_fixtures import PROJECT_ROOT, World, build_world, open_warehouse_file

AS_OF = "2026-11-20T23:00:00Z"

pytestmark = [pytest.mark.spark, pytest.mark.slow]


@dataclass(frozen=True)
class SparkBuild:
    world: World
    run_id: str
    snapshot: Path


@pytest.fixture(scope="module")
def spark_build(tmp_path_factory) -> SparkBuild:
    pytest.importorskip("pyspark", reason="install the spark dependency group (make test-spark)")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Spark needs a Java runtime (17): `make test-spark` installs it where it can")
    world = build_world(tmp_path_factory.mktemp("spark-world"), orders=300, days=30, materialize=False,
                        PIPELINES_AS_OF=AS_OF, PIPELINES_ENGINE="spark")
    world.run("prepare")  # the Spark manifest, dbt_project/target-spark, which the definitions load
    out = world.run("materialize").stdout
    run_id = re.search(r"\(run ([0-9a-f-]{36})\)", out).group(1)
    snapshot = world.snapshot
    # The DuckDB build of the same raw tables, over the marts the Spark run loaded into the
    # warehouse (a full refresh: the incremental models start again from nothing).
    proc = subprocess.run([sys.executable, "-m", "pipelines.spark.build", "--engine", "duckdb", "--models-only",
                           "--full-refresh"], cwd=PROJECT_ROOT, env=world.env, capture_output=True, text=True)
    assert proc.returncode == 0, f"the DuckDB build failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-8000:]}"
    return SparkBuild(world, run_id, snapshot)


def test_the_build_job_on_spark_publishes_the_marts_a_duckdb_build_makes(spark_build):
    warehouse = open_warehouse_file(spark_build.world.data_dir)
    spark_snapshot = duckdb.connect(str(spark_build.snapshot), read_only=True)
    try:
        assert warehouse.execute("select count(*) from marts.orders").fetchone()[0] > 0
        assert compare_marts(warehouse, spark_snapshot) == []
    finally:
        warehouse.close()
        spark_snapshot.close()


def test_the_checks_gate_the_spark_build_as_they_gate_a_duckdb_build(spark_build):
    """Dagster ran every dbt data test on Spark and the GX suites on the marts Spark built, as
    asset checks, before publish: none was skipped, all passed."""
    import dagster as dg

    from pipelines.quality.checks import MARTS_ORDER_CHECKS

    with dg.DagsterInstance.from_config(str(spark_build.world.data_dir / "dagster")) as instance:
        records = instance.get_records_for_run(
            run_id=spark_build.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION, limit=10_000).records
    evaluations = [r.event_log_entry.dagster_event.event_specific_data for r in records]
    failed = [f"{e.asset_key.to_user_string()}:{e.check_name}" for e in evaluations if not e.passed]
    assert failed == []
    orders_checks = {e.check_name for e in evaluations if e.asset_key == dg.AssetKey(["marts", "orders"])}
    assert set(MARTS_ORDER_CHECKS) <= orders_checks  # the GX suite on marts.orders
    dbt_checks = [e for e in evaluations if e.check_name not in MARTS_ORDER_CHECKS
                  and e.asset_key.path[0] in ("staging", "intermediate", "marts")]
    assert len(dbt_checks) >= 50  # dbt's data tests, run on Spark


def test_publish_builds_a_snapshot_straight_from_the_parquet_marts(spark_build, monkeypatch):
    from pipelines.publish.snapshot import current_snapshot
    from pipelines.settings import get_settings
    from pipelines.spark.publish import publish_from_parquet

    for key, value in spark_build.world.env.items():
        if key.startswith("PIPELINES_"):
            monkeypatch.setenv(key, value)
    settings = get_settings()
    published = publish_from_parquet(settings, run_id="spark-equivalence")
    assert current_snapshot(settings) == published.path != spark_build.snapshot

    warehouse = open_warehouse_file(settings.data_dir)
    snapshot = duckdb.connect(str(published.path), read_only=True)
    try:
        assert compare_marts(warehouse, snapshot) == []
    finally:
        warehouse.close()
        snapshot.close()


def _reader_answers(settings) -> dict:
    """What the reader serves from the current snapshot: order pages (default ordering, by net
    revenue, a search), the stats, and the detail (JSON columns included) of the first orders."""
    import httpx

    from pipelines.ops_store import OpsStore
    from reader_fixtures import serve_reader

    token = OpsStore(settings.ops_store_path).create_token(f"spark-{os.urandom(4).hex()}")
    answers = {}
    with serve_reader(settings) as base_url, httpx.Client(
            base_url=base_url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as client:
        for path in ("/api/v1/orders/", "/api/v1/orders/?ordering=-net_revenue", "/api/v1/orders/?search=a",
                     "/api/v1/orders/stats/"):
            response = client.get(path)
            body = response.json()
            for link in ("next", "previous"):  # absolute URLs: the port is the server's
                if isinstance(body, dict) and body.get(link):
                    body[link] = body[link].removeprefix(base_url)
            answers[path] = (response.status_code, body)
        for order in answers["/api/v1/orders/"][1]["results"][:10]:
            response = client.get(f"/api/v1/orders/{order['uid']}/")
            answers[order["uid"]] = (response.status_code, response.json())
    return answers


def test_the_reader_answers_the_same_from_either_engines_snapshot(spark_build, monkeypatch):
    from pipelines.publish.snapshot import publish
    from pipelines.settings import get_settings
    from pipelines.spark.publish import publish_from_parquet

    for key, value in spark_build.world.env.items():
        if key.startswith("PIPELINES_"):
            monkeypatch.setenv(key, value)
    settings = get_settings()
    publish(settings.marts_path, settings, "duckdb-engine")
    from_duckdb = _reader_answers(settings)
    publish_from_parquet(settings, run_id="spark-engine")
    from_spark = _reader_answers(settings)
    assert from_duckdb["/api/v1/orders/"][0] == 200 and from_duckdb["/api/v1/orders/"][1]["count"] > 0
    assert len(from_duckdb) > 10
    assert from_spark == from_duckdb


def test_nothing_of_the_spark_build_lands_outside_the_data_directory(spark_build):
    # The profile puts the warehouse, the metastore and derby.log under PIPELINES_DATA_DIR; the
    # Dagster run starts dbt in dbt_project/: the repository stays clean.
    root = PROJECT_ROOT
    for stray in ("metastore_db", "spark-warehouse", "derby.log", "dbt_project/metastore_db",
                  "dbt_project/spark-warehouse", "dbt_project/derby.log"):
        assert not (root / stray).exists(), f"{stray} was written into the repository"
    assert (spark_build.world.data_dir / "spark-warehouse").is_dir()
