"""Publish on the Spark engine: the serving snapshot built from the marts Spark wrote as Parquet.

The marts arrive as ``<data dir>/marts_parquet/<mart>/`` (the on-run-end hook of the dbt project);
they are loaded into a scratch DuckDB database's ``marts`` schema and handed to the one publish
step there is (pipelines.publish.snapshot.publish): same snapshot layout, same verification, same
atomic pointer switch, so the reader works unchanged whichever engine built the marts.
"""

from __future__ import annotations

import duckdb

from pipelines.publish.snapshot import PublishResult, publish
from pipelines.settings import Settings, sql
from pipelines.spark.paths import marts_parquet_dir


def _exported_marts(settings: Settings) -> list[str]:
    root = marts_parquet_dir(settings)
    tables = sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")) if root.exists() else []
    if not tables:
        raise RuntimeError(f"no marts exported under {root}: did the Spark dbt build run?")
    return tables


def marts_from_parquet(settings: Settings) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection whose ``marts`` schema holds every exported mart."""
    root = marts_parquet_dir(settings)
    tables = _exported_marts(settings)
    con = duckdb.connect()
    con.execute("create schema marts")
    for table in tables:
        # Spark writes part-*.parquet files (and _SUCCESS markers) into each folder.
        con.execute(sql("spark_load_mart").format(table=table, path=root / table / "*.parquet"))
    return con


def load_spark_marts(settings: Settings) -> dict[str, int]:
    """Replace the warehouse's marts.* with the marts Spark exported (Dagster's Spark engine path):
    the quality checks and the publish asset then read marts.* as they do after a DuckDB build.
    The caller holds the warehouse lock. Returns each mart's row count."""
    root = marts_parquet_dir(settings)
    tables = _exported_marts(settings)
    con = duckdb.connect(str(settings.warehouse_path))
    try:
        con.execute("begin")
        con.execute("create schema if not exists marts")
        for table in tables:
            con.execute(sql("spark_replace_mart").format(table=table, path=root / table / "*.parquet"))
        con.execute("commit")
        return {t: con.execute(sql("count_rows").format(table=f"marts.{t}")).fetchone()[0] for t in tables}
    finally:
        con.close()


def publish_from_parquet(settings: Settings, run_id: str) -> PublishResult:
    con = marts_from_parquet(settings)
    try:
        return publish(con, settings, run_id)
    finally:
        con.close()
