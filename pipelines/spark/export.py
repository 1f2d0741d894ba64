"""The raw layer for Spark: every raw.* table of the DuckDB warehouse as Parquet files.

One folder per table, ``<data dir>/raw_parquet/<table>/part-0.parquet``, replaced whole at each
export (written beside, then renamed into place), so Spark never reads a half-written table. JSON
columns travel as text (Spark has no JSON type; its get_json_object reads text), HUGEINT as
DECIMAL(38,0), UUID as text; timestamps with time zone stay UTC instants.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from pipelines.settings import Settings, sql
from pipelines.spark.paths import raw_parquet_dir

# DuckDB types Spark's Parquet reader does not take as they are, and what they travel as.
_PORTABLE_TYPES = {"JSON": "varchar", "HUGEINT": "decimal(38, 0)", "UUID": "varchar"}


def _select_list(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> str:
    columns = con.execute(sql("spark_raw_columns"), {"schema": schema, "table": table}).fetchall()
    parts = []
    for name, data_type in columns:
        portable = _PORTABLE_TYPES.get(data_type.upper())
        quoted = '"' + name.replace('"', '""') + '"'
        parts.append(f"cast({quoted} as {portable}) as {quoted}" if portable else quoted)
    return ", ".join(parts)


def export_raw(con: duckdb.DuckDBPyConnection, settings: Settings) -> dict[str, int]:
    """Export every raw.* table; returns the row count of each. ``con`` is an open warehouse connection."""
    out_dir = raw_parquet_dir(settings)
    out_dir.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for (table,) in con.execute(sql("spark_list_raw_tables")).fetchall():
        staging = out_dir / f".{table}.partial"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        con.execute(sql("spark_export_table").format(
            columns=_select_list(con, "raw", table), schema="raw", table=table, path=staging / "part-0.parquet"))
        final = out_dir / table
        _replace_dir(staging, final)
        counts[table] = con.execute(sql("count_rows").format(table=f"raw.{table}")).fetchone()[0]
    return counts


def _replace_dir(new: Path, final: Path) -> None:
    old = final.with_name(f".{final.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    new.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def export_raw_for_spark(settings: Settings) -> dict[str, int]:
    """export_raw on a connection of its own; the caller holds the warehouse lock."""
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    try:
        return export_raw(con, settings)
    finally:
        con.close()
