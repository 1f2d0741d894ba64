"""Selecting the engine is one setting, PIPELINES_ENGINE (docs/scaling.md); no Spark needed here."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.settings import get_settings
from pipelines.spark.build import dbt_command_args
from pipelines.transform.project import engine_target


def test_the_engine_defaults_to_duckdb_and_follows_pipelines_engine(monkeypatch):
    monkeypatch.delenv("PIPELINES_ENGINE", raising=False)
    assert get_settings().engine == "duckdb"
    monkeypatch.setenv("PIPELINES_ENGINE", " Spark ")
    assert get_settings().engine == "spark"


def test_each_engine_builds_with_its_own_dbt_target_and_manifest():
    assert engine_target("duckdb") == ("duckdb", "target")
    assert engine_target("spark") == ("spark", "target-spark")
    with pytest.raises(ValueError, match="duckdb or spark"):
        engine_target("snowflake")


def test_a_spark_build_keeps_dbt_artifacts_under_the_data_directory(tmp_path, monkeypatch):
    monkeypatch.setenv("PIPELINES_DATA_DIR", str(tmp_path))
    args = dbt_command_args("build", "spark", get_settings(), "{}")
    assert args[:3] == ["build", "--target", "spark"]
    target_path = Path(args[args.index("--target-path") + 1])
    assert target_path.is_relative_to(tmp_path) and target_path.name == "target-spark"
    with pytest.raises(ValueError):
        dbt_command_args("build", "postgres", get_settings(), "{}")


def test_spark_exports_every_non_mart_model_the_warehouse_checks_read():
    """On Spark the staging and intermediate models live in Spark; the GX checks run on the
    warehouse. Every such model a check depends on must be in CHECK_INPUTS, which the dbt hook
    exports and load_spark_marts brings back, or the check would read a stale table or none."""
    from pipelines.definitions import defs
    from pipelines.spark.paths import CHECK_INPUTS

    read = set()
    for checks in defs.asset_checks or []:
        for spec in checks.check_specs:
            for key in [spec.asset_key, *(dep.asset_key for dep in spec.additional_deps)]:
                if key.path[0] in ("staging", "intermediate"):
                    read.add(".".join(key.path))
    assert read, "no check reads a staging model: this test no longer guards anything"
    assert read <= set(CHECK_INPUTS)
