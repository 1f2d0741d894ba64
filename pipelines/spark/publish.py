"""Publish on the Spark engine: the serving snapshot built from the marts Spark wrote as Parquet.

The marts arrive as ``<data dir>/marts_parquet/<mart>/`` (the on-run-end hook of the dbt project).
In a Dagster run they are loaded into the marts file (``load_spark_marts``) and published by the
one publish step there is; ``publish_from_parquet`` does the same from a scratch marts file: same
snapshot layout, same verification, same atomic pointer switch, so the reader works unchanged
whichever engine built the marts.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from pipelines.publish.snapshot import PublishResult, publish
from pipelines.settings import Settings, sql
from pipelines.spark.paths import CHECK_INPUTS, check_inputs_parquet_dir, marts_parquet_dir
from pipelines.warehouse import open_warehouse


def _exported_marts(settings: Settings) -> list[str]:
    root = marts_parquet_dir(settings)
    tables = sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")) if root.exists() else []
    if not tables:
        raise RuntimeError(f"no marts exported under {root}: did the Spark dbt build run?")
    return tables


def marts_from_parquet(settings: Settings, path: Path) -> None:
    """Write a marts file at ``path`` whose ``marts`` schema holds every exported mart."""
    root = marts_parquet_dir(settings)
    tables = _exported_marts(settings)
    con = duckdb.connect(str(path))
    try:
        con.execute(sql("spark_create_schema").format(schema="marts"))
        for table in tables:
            # Spark writes part-*.parquet files (and _SUCCESS markers) into each folder.
            con.execute(sql("spark_load_mart").format(table=table, path=root / table / "*.parquet"))
    finally:
        con.close()


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
    """Replace the marts file's marts.* with the marts Spark exported (Dagster's Spark engine path),
    and the warehouse's other models the quality checks read (CHECK_INPUTS) with theirs: the checks
    and the publish asset then read them as they do after a DuckDB build. One transaction per file
    (DuckDB writes one attached database per transaction); a step killed between the two fails,
    so neither the checks nor publish read the mix. The caller holds the warehouse lock. Returns
    each table's row count, ``schema.table``."""
    root = marts_parquet_dir(settings)
    marts = {f"marts.{t}": root / t for t in _exported_marts(settings)}
    check_inputs = _exported_check_inputs(settings)
    con = open_warehouse(settings)
    try:
        for tables in (marts, check_inputs):
            con.execute("begin")
            # marts is the marts file's schema, attached and created with the connection.
            for schema in sorted({name.split(".")[0] for name in tables} - {"marts"}):
                con.execute(sql("spark_create_schema").format(schema=schema))
            for name, folder in tables.items():
                con.execute(sql("spark_replace_table").format(table=name, path=folder / "*.parquet"))
            con.execute("commit")
        return {name: con.execute(sql("count_rows").format(table=name)).fetchone()[0]
                for name in [*marts, *check_inputs]}
    finally:
        con.close()


def publish_from_parquet(settings: Settings, run_id: str) -> PublishResult:
    """Publish the exported marts without a warehouse: through a scratch marts file, removed after."""
    scratch = settings.data_dir / f".marts-from-parquet-{os.getpid()}.duckdb"
    scratch.unlink(missing_ok=True)
    try:
        marts_from_parquet(settings, scratch)
        return publish(scratch, settings, run_id)
    finally:
        scratch.unlink(missing_ok=True)
        Path(f"{scratch}.wal").unlink(missing_ok=True)
