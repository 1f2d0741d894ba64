"""Publish on the Spark engine: the serving snapshot built from the marts Spark wrote as Parquet.

The marts arrive as ``<data dir>/marts_parquet/<mart>/`` (the on-run-end hook of the dbt project);
they are loaded into a scratch DuckDB database's ``marts`` schema and handed to the one publish
step there is (pipelines.publish.snapshot.publish): same snapshot layout, same verification, same
atomic pointer switch, so the reader works unchanged whichever engine built the marts.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines.publish.snapshot import PublishResult, publish
from pipelines.settings import Settings, sql
from pipelines.spark.paths import CHECK_INPUTS, check_inputs_parquet_dir, marts_parquet_dir


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


def _exported_check_inputs(settings: Settings) -> dict[str, Path]:
    """``schema.model`` -> its Parquet folder, for every CHECK_INPUTS model; raises if one is missing
    (a check reading a stale DuckDB table, or none, would gate publish on the wrong data)."""
    root = check_inputs_parquet_dir(settings)
    folders = {name: root.joinpath(*name.split(".")) for name in CHECK_INPUTS}
    missing = [name for name, folder in folders.items() if not folder.is_dir()]
    if missing:
        raise RuntimeError(f"Spark exported no {', '.join(missing)} under {root}: the quality checks read them")
    return folders


def load_spark_marts(settings: Settings) -> dict[str, int]:
    """Replace the warehouse's marts.* with the marts Spark exported (Dagster's Spark engine path),
    and the other models the quality checks read (CHECK_INPUTS) with theirs: the checks and the
    publish asset then read the warehouse as they do after a DuckDB build. One transaction. The
    caller holds the warehouse lock. Returns each table's row count, ``schema.table``."""
    root = marts_parquet_dir(settings)
    tables = {f"marts.{t}": root / t for t in _exported_marts(settings)}
    tables.update(_exported_check_inputs(settings))
    con = duckdb.connect(str(settings.warehouse_path))
    try:
        con.execute("begin")
        for schema in sorted({name.split(".")[0] for name in tables}):
            con.execute(sql("spark_create_schema").format(schema=schema))
        for name, folder in tables.items():
            con.execute(sql("spark_replace_table").format(table=name, path=folder / "*.parquet"))
        con.execute("commit")
        return {name: con.execute(sql("count_rows").format(table=name)).fetchone()[0] for name in tables}
    finally:
        con.close()


def publish_from_parquet(settings: Settings, run_id: str) -> PublishResult:
    con = marts_from_parquet(settings)
    try:
        return publish(con, settings, run_id)
    finally:
        con.close()
