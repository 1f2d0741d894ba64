"""dbt models as Dagster assets; dbt tests surface as asset checks next to them."""

# No `from __future__ import annotations`: Dagster inspects the context annotation at definition time.

from collections.abc import Mapping
from contextlib import nullcontext
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from pipelines.retry import retry_transient
from pipelines.settings import get_settings
from pipelines.spark.build import spark_dbt_vars
from pipelines.spark.export import export_raw_for_spark
from pipelines.spark.publish import load_spark_marts
from pipelines.transform.project import (
    dbt_project,
    dbt_resource,
    dbt_vars_arg,
    partition_window_env,
    prune_run_targets,
)
from pipelines.transform.window import partition_window
from pipelines.warehouse import rebuilding_marts, restore_marts, warehouse_lock


class LayeredTranslator(DagsterDbtTranslator):
    """Asset keys follow the warehouse: ``<schema>/<model>`` for models (the schema is the
    folder's, set in dbt_project.yml), ``raw/<table>`` for sources, so the raw tables the ingest
    assets write are the very assets dbt reads."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return dg.AssetKey([dbt_resource_props["source_name"], dbt_resource_props["name"]])
        schema = dbt_resource_props.get("config", {}).get("schema") or "main"
        return dg.AssetKey([schema, dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return dbt_resource_props.get("config", {}).get("schema") or "dbt"


TRANSLATOR = LayeredTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


@dbt_assets(manifest=dbt_project().manifest_path, project=dbt_project(), dagster_dbt_translator=TRANSLATOR,
            pool="warehouse")
@retry_transient
def warehouse_models(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    """staging -> intermediate -> marts, with every dbt test as an asset check.

    On the Spark engine (PIPELINES_ENGINE=spark) the raw layer is exported to Parquet first and the
    marts Spark builds come back into the warehouse's marts schema afterwards, so the checks and
    publish downstream read marts.* the same way whichever engine built them."""
    settings = get_settings()
    with warehouse_lock(settings):
        if settings.engine == "spark":
            counts = export_raw_for_spark(settings)
            context.log.info(f"raw layer exported to Parquet for Spark: {counts}")
        window = partition_window(context.run.tags, context.run.run_config)
        context.log.info(f"dbt window of raw partitions: {window or 'none (every order)'}")
        # Unit tests check the SQL, not the data: `make test` runs them (tests/test_dbt_unit_tests.py),
        # a production build does not pay for them.
        vars_json = dbt_vars_arg()
        if settings.engine == "spark":
            # Every dbt data test runs on Spark too (asset checks as on DuckDB); the hook also
            # exports the staging models the GX checks read (pipelines/spark/paths.py CHECK_INPUTS).
            vars_json = spark_dbt_vars(vars_json)
        # A run that rebuilds every mart writes them into an empty marts file (no free blocks
        # carried into every snapshot); a run of some marts updates the file in place.
        rebuild = settings.engine == "duckdb" and set(mart_asset_keys()) <= set(context.selected_asset_keys)
        restore_marts(settings)  # a killed rebuild's partial file is never built upon
        with rebuilding_marts(settings) if rebuild else nullcontext(), partition_window_env(window):
            yield from dbt.cli(["build", "--exclude", "resource_type:unit_test",
                                "--vars", vars_json], context=context).stream()
        if settings.engine == "spark":
            loaded = load_spark_marts(settings)
            context.log.info(f"marts and check inputs built on Spark loaded into the warehouse: {loaded}")
    prune_run_targets(dbt_project().project_dir / dbt_project().target_path, context.op.name)


def mart_asset_keys() -> list[dg.AssetKey]:
    """Every mart, read from the manifest: publish copies what the marts folder holds."""
    return [key for key in warehouse_models.keys if key.path[0] == "marts"]


defs = dg.Definitions(
    assets=[warehouse_models],
    resources={"dbt": dbt_resource()},
)
