"""Where the Spark engine keeps its files: all under the data directory, beside the warehouse.

dbt_project/profiles.yml (target ``spark``) and macros/spark.sql name the same folders from
PIPELINES_DATA_DIR; these helpers are the Python side of that one layout.
"""

from __future__ import annotations

from pathlib import Path

from pipelines.settings import Settings


def raw_parquet_dir(settings: Settings) -> Path:
    """raw.* exported by the ingest side, one folder per table (macros/spark.sql registers them)."""
    return settings.data_dir / "raw_parquet"


def marts_parquet_dir(settings: Settings) -> Path:
    """marts.* written by Spark at the end of a dbt run (on-run-end hook), read by publish."""
    return settings.data_dir / "marts_parquet"


def spark_warehouse_dir(settings: Settings) -> Path:
    return settings.data_dir / "spark-warehouse"


def spark_metastore_dir(settings: Settings) -> Path:
    return settings.data_dir / "spark-metastore"
