"""The same dbt project on Apache Spark builds the same marts as on DuckDB (docs/scaling.md).

One small world is generated and materialized the way a user does it (DuckDB: ingest, dbt build,
checks, publish). Its raw layer is then exported to Parquet and the models are built again on a
local Spark session with the same vars (as-of time, home currency, time zone); the serving
snapshot is published from the marts Spark wrote, and every mart of it must match the DuckDB
warehouse row for row: money exactly and with the same DECIMAL type, instants to the second.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest

from spark_compare import compare_marts
from world_fixtures import build_world

AS_OF = "2026-11-20T23:00:00Z"

pytestmark = [pytest.mark.spark, pytest.mark.slow]


@pytest.fixture(scope="module")
def spark_world(tmp_path_factory):
    pytest.importorskip("pyspark", reason="install the spark dependency group (make test-spark)")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Spark needs a Java runtime (17)")
    return build_world(tmp_path_factory.mktemp("spark-world"), orders=300, days=30, PIPELINES_AS_OF=AS_OF)


def test_marts_built_on_spark_match_the_duckdb_build_row_for_row(spark_world, monkeypatch):
    from pipelines.publish.snapshot import current_snapshot
    from pipelines.settings import get_settings
    from pipelines.spark.build import build_marts
    from pipelines.spark.paths import marts_parquet_dir, raw_parquet_dir
    from pipelines.spark.publish import publish_from_parquet

    for key, value in spark_world.env.items():
        if key.startswith("PIPELINES_"):
            monkeypatch.setenv(key, value)
    settings = get_settings()
    duckdb_snapshot = current_snapshot(settings)

    # Seeds and models only: the dbt tests ran on DuckDB already, and on Spark they take minutes
    # (`python -m pipelines.spark.build --engine spark` runs them all: docs/scaling.md).
    result = build_marts("spark", extra_args=["--resource-type", "seed", "--resource-type", "model"], settings=settings)
    assert result.engine == "spark"
    assert {p.name for p in raw_parquet_dir(settings).iterdir()} >= {"discogs_orders", "ebay_orders", "fx_rates"}
    assert (marts_parquet_dir(settings) / "orders").is_dir()

    published = publish_from_parquet(settings, run_id="spark-equivalence")
    assert current_snapshot(settings) == published.path != duckdb_snapshot

    warehouse = duckdb.connect(str(settings.warehouse_path), read_only=True)
    spark_snapshot = duckdb.connect(str(published.path), read_only=True)
    try:
        assert warehouse.execute("select count(*) from marts.orders").fetchone()[0] > 0
        assert compare_marts(warehouse, spark_snapshot) == []
    finally:
        warehouse.close()
        spark_snapshot.close()


def test_nothing_of_the_spark_build_lands_outside_the_data_directory():
    # The profile puts the warehouse, the metastore and derby.log under PIPELINES_DATA_DIR, and dbt
    # runs from there: the repository stays clean.
    root = Path(__file__).resolve().parent.parent
    for stray in ("metastore_db", "spark-warehouse", "derby.log", "dbt_project/metastore_db",
                  "dbt_project/spark-warehouse", "dbt_project/derby.log"):
        assert not (root / stray).exists(), f"{stray} was written into the repository"
