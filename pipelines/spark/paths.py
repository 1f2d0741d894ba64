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


# The models past raw and outside marts that the warehouse's quality checks read
# (pipelines/quality: the catalog reference check of marts.orders). On Spark they are built there,
# so the on-run-end hook exports them beside the marts (var ``check_inputs``) and
# ``load_spark_marts`` puts them back into the warehouse. tests/test_spark_engine_selection.py
# keeps this list equal to what the checks' Dagster specs depend on.
CHECK_INPUTS = ("staging.stg_catalog__inventory_items", "staging.stg_catalog__listings")


def check_inputs_parquet_dir(settings: Settings) -> Path:
    """CHECK_INPUTS written by Spark at the end of a dbt run, ``<schema>/<model>/``."""
    return settings.data_dir / "check_inputs_parquet"


def spark_warehouse_dir(settings: Settings) -> Path:
    return settings.data_dir / "spark-warehouse"


def spark_metastore_dir(settings: Settings) -> Path:
    return settings.data_dir / "spark-metastore"
