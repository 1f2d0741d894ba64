"""Ingest assets: the landing zone into ``raw.*``, one partition load at a time."""

# No `from __future__ import annotations` here: Dagster reads the config class from the annotation.
from datetime import date

import dagster as dg

from pipelines.ingest.landing import list_partitions
from pipelines.ingest.loaders import (
    LoadResult,
    ensure_raw_schema,
    load_catalog_partition,
    load_fx_partition,
    load_marketplace_partition,
)
from pipelines.settings import get_settings
from pipelines.warehouse import connect_warehouse


class IngestConfig(dg.Config):
    """Which landing partitions to load; by default every one the landing zone holds."""

    start_date: str | None = None
    end_date: str | None = None


def _selected(partitions: list[date], config: IngestConfig) -> list[date]:
    lo = date.fromisoformat(config.start_date) if config.start_date else date.min
    hi = date.fromisoformat(config.end_date) if config.end_date else date.max
    return [p for p in partitions if lo <= p <= hi]


def _metadata(total: LoadResult, partitions: list[date]) -> dict:
    return {
        "partitions": len(partitions),
        "first_partition": str(partitions[0]) if partitions else "",
        "last_partition": str(partitions[-1]) if partitions else "",
        "files": total.files,
        "input_records": total.input_records,
        "loaded": total.loaded,
        "quarantined": total.quarantined,
        "quarantine_reasons": dg.MetadataValue.json(total.reasons),
    }


def _marketplace_asset(source: str) -> dg.AssetsDefinition:
    @dg.asset(key=["raw", f"{source}_orders"], group_name="raw", pool="warehouse",
              description=f"{source} order pages from the landing zone, one row per order version; bad records quarantined.")
    def _load(context: dg.AssetExecutionContext, config: IngestConfig) -> dg.MaterializeResult:
        settings = get_settings()
        partitions = _selected(list_partitions(settings.landing_dir, source), config)
        total = LoadResult(source, date.min)
        with connect_warehouse(settings) as con:
            ensure_raw_schema(con)
            for i, partition in enumerate(partitions, 1):
                total.add(load_marketplace_partition(con, settings.landing_dir, source, partition, context.run_id))
                if i % 50 == 0 or i == len(partitions):
                    context.log.info(f"{source}: {i}/{len(partitions)} partitions, {total.loaded:,} loaded, "
                                     f"{total.quarantined:,} quarantined")
        return dg.MaterializeResult(metadata=_metadata(total, partitions))

    return _load


raw_ebay_orders = _marketplace_asset("ebay")
raw_discogs_orders = _marketplace_asset("discogs")


@dg.multi_asset(
    specs=[dg.AssetSpec(["raw", "catalog_inventory_items"], group_name="raw",
                        description="The seller's inventory export, as text."),
           dg.AssetSpec(["raw", "catalog_listings"], group_name="raw",
                        description="The seller's listings export, as text.")],
    pool="warehouse",
)
def raw_catalog(context: dg.AssetExecutionContext, config: IngestConfig):
    settings = get_settings()
    partitions = _selected(list_partitions(settings.landing_dir, "catalog"), config)
    total = LoadResult("catalog", date.min)
    with connect_warehouse(settings) as con:
        ensure_raw_schema(con)
        for partition in partitions:
            total.add(load_catalog_partition(con, settings.landing_dir, partition, context.run_id))
    for key in (["raw", "catalog_inventory_items"], ["raw", "catalog_listings"]):
        yield dg.MaterializeResult(asset_key=key, metadata=_metadata(total, partitions))


@dg.asset(key=["raw", "fx_rates"], group_name="raw", pool="warehouse",
          description="ECB reference rates per EUR, one row per day and currency.")
def raw_fx_rates(context: dg.AssetExecutionContext, config: IngestConfig) -> dg.MaterializeResult:
    settings = get_settings()
    partitions = _selected(list_partitions(settings.landing_dir, "fx"), config)
    total = LoadResult("fx", date.min)
    with connect_warehouse(settings) as con:
        ensure_raw_schema(con)
        for partition in partitions:
            total.add(load_fx_partition(con, settings.landing_dir, partition, context.run_id))
    return dg.MaterializeResult(metadata=_metadata(total, partitions))


defs = dg.Definitions(assets=[raw_ebay_orders, raw_discogs_orders, raw_catalog, raw_fx_rates])
