"""The publish asset: runs after the marts and their blocking checks, moves the serving pointer."""

# No `from __future__ import annotations`: Dagster inspects the context annotation at definition time.

import dagster as dg

from pipelines.publish.snapshot import publish, record_publish
from pipelines.retry import retry_transient
from pipelines.settings import get_settings
from pipelines.transform.assets import mart_asset_keys
from pipelines.warehouse import restore_marts, warehouse_lock


@dg.asset(key=["serving", "snapshot"], group_name="serving", deps=mart_asset_keys(), pool="warehouse",
          description="The marts file copied into a new read-only snapshot file; data/serving/CURRENT names it.")
@retry_transient
def serving_snapshot(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    settings = get_settings()
    with warehouse_lock(settings):
        restore_marts(settings)  # never a rebuild's partial file
        result = publish(settings.marts_path, settings, context.run_id,
                         required={".".join(key.path) for key in mart_asset_keys()})
    record_publish(settings, result, context.run_id)
    context.log.info(f"published {result.path.name}")
    return dg.MaterializeResult(metadata={
        "snapshot": result.snapshot_id,
        "path": dg.MetadataValue.path(str(result.path)),
        "row_counts": dg.MetadataValue.json(result.row_counts),
    })


defs = dg.Definitions(assets=[serving_snapshot])
