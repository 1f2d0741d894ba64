"""Ingest assets: marketplace APIs into the landing zone, the landing zone into ``raw.*``.

Marketplace orders are partitioned by day of last modification. A run over a range of days
(a backfill from the UI, or ``python -m pipelines materialize --start-date/--end-date``) is one
run (single-run backfill policy) that loads the whole window set-based: a month of days per
transaction, each day's partition replaced exactly once (pipelines/ingest/loaders.py). Catalog
and FX exports load only when new or changed.
"""

# No `from __future__ import annotations` here: Dagster reads config classes and the context
# type from the annotations at definition time.
import time
from datetime import date, datetime, timedelta, timezone
from datetime import time as clock_time

import dagster as dg

from pipelines.ingest.connectors import fetch_to_landing
from pipelines.ingest.landing import list_partitions
from pipelines.ingest.loaders import (
    LoadResult,
    ensure_raw_schema,
    load_catalog_partition,
    load_fx_partition,
    load_marketplace_window,
)
from pipelines.ingest.ops import load_ops_shipment_updates
from pipelines.ingest.partitions import orders_partitions
from pipelines.ingest.resources import MarketplaceApis, marketplace_apis
from pipelines.retry import retry_transient
from pipelines.settings import get_settings
from pipelines.warehouse import connect_warehouse

MARKETPLACES = ("ebay", "discogs")


class WindowConfig(dg.Config):
    """Late changes: also redo this many days before the run's first partition."""

    lookback_days: int = 1


def run_days(context: dg.AssetExecutionContext, lookback_days: int) -> list[date]:
    """The days a run covers: its partition window widened by the lookback."""
    window = context.partition_time_window
    first = window.start.date() - timedelta(days=lookback_days)
    return [first + timedelta(days=i) for i in range((window.end.date() - first).days)]


def _metadata(total: LoadResult, days: list[date]) -> dict:
    return {
        "partitions": len(days),
        "first_partition": str(days[0]) if days else "",
        "last_partition": str(days[-1]) if days else "",
        "files": total.files,
        "input_records": total.input_records,
        "loaded": total.loaded,
        "quarantined": total.quarantined,
        "quarantine_reasons": dg.MetadataValue.json(total.reasons),
        "unchanged_partitions": total.unchanged,
    }


def _summary(total: LoadResult, days: list[date], seconds: float) -> str:
    unchanged = f", {total.unchanged} unchanged (not reloaded)" if total.unchanged else ""
    return (f"{total.source}: {len(days)} partitions{unchanged}, {total.files:,} files, {total.loaded:,} loaded, "
            f"{total.quarantined:,} quarantined in {seconds:.1f}s")


def _fetch_asset(source: str) -> dg.AssetsDefinition:
    @dg.asset(key=["landing", f"{source}_pages"], group_name="landing", partitions_def=orders_partitions,
              backfill_policy=dg.BackfillPolicy.single_run(),
              retry_policy=dg.RetryPolicy(max_retries=2, delay=30, backoff=dg.Backoff.EXPONENTIAL),
              description=f"{source} order pages fetched from the API into the landing zone, bytes as received.")
    def _fetch(context: dg.AssetExecutionContext, config: WindowConfig, marketplaces: MarketplaceApis) -> dg.MaterializeResult:
        client = marketplaces.client(source)
        landing_dir = get_settings().landing_dir
        pages = 0
        days = run_days(context, config.lookback_days)
        for day in days:
            start = datetime.combine(day, clock_time.min, timezone.utc)
            pages += fetch_to_landing(client, landing_dir, day, start, start + timedelta(days=1))
        context.log.info(f"{source}: {pages} pages over {len(days)} days")
        return dg.MaterializeResult(metadata={"pages": pages, "days": len(days)})

    return _fetch


def _load_asset(source: str) -> dg.AssetsDefinition:
    @dg.asset(key=["raw", f"{source}_orders"], group_name="raw", partitions_def=orders_partitions,
              backfill_policy=dg.BackfillPolicy.single_run(), deps=[dg.AssetKey(["landing", f"{source}_pages"])],
              pool="warehouse",
              description=f"{source} order pages from the landing zone, one row per order version; bad records quarantined.")
    @retry_transient
    def _load(context: dg.AssetExecutionContext, config: WindowConfig) -> dg.MaterializeResult:
        settings = get_settings()
        present = set(list_partitions(settings.landing_dir, source))
        days = [d for d in run_days(context, config.lookback_days) if d in present]
        started = time.monotonic()

        def progress(done: int, of: int, so_far: LoadResult) -> None:
            context.log.info(f"{source}: {done}/{of} days, {so_far.loaded:,} loaded, "
                             f"{so_far.quarantined:,} quarantined")

        with connect_warehouse(settings) as con:
            ensure_raw_schema(con)
            total = load_marketplace_window(con, settings.landing_dir, source, days, context.run_id,
                                            progress=progress)
        context.log.info(_summary(total, days, time.monotonic() - started))
        return dg.MaterializeResult(metadata=_metadata(total, days))

    return _load


landing_ebay_pages = _fetch_asset("ebay")
landing_discogs_pages = _fetch_asset("discogs")
raw_ebay_orders = _load_asset("ebay")
raw_discogs_orders = _load_asset("discogs")


@dg.multi_asset(
    specs=[dg.AssetSpec(["raw", "catalog_inventory_items"], group_name="raw",
                        description="The seller's inventory export, as text, every export day kept."),
           dg.AssetSpec(["raw", "catalog_listings"], group_name="raw",
                        description="The seller's listings export, as text, every export day kept.")],
    pool="warehouse",
)
@retry_transient
def raw_catalog(context: dg.AssetExecutionContext):
    settings = get_settings()
    days = list_partitions(settings.landing_dir, "catalog")
    total = LoadResult("catalog", date.min)
    started = time.monotonic()
    with connect_warehouse(settings) as con:
        ensure_raw_schema(con)
        for day in days:
            total.add(load_catalog_partition(con, settings.landing_dir, day, context.run_id))
    context.log.info(_summary(total, days, time.monotonic() - started))
    for key in (["raw", "catalog_inventory_items"], ["raw", "catalog_listings"]):
        yield dg.MaterializeResult(asset_key=key, metadata=_metadata(total, days))


@dg.asset(key=["raw", "fx_rates"], group_name="raw", pool="warehouse",
          description="ECB reference rates per EUR, one row per day and currency.")
@retry_transient
def raw_fx_rates(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    settings = get_settings()
    days = list_partitions(settings.landing_dir, "fx")
    total = LoadResult("fx", date.min)
    started = time.monotonic()
    with connect_warehouse(settings) as con:
        ensure_raw_schema(con)
        for day in days:
            total.add(load_fx_partition(con, settings.landing_dir, day, context.run_id))
    context.log.info(_summary(total, days, time.monotonic() - started))
    return dg.MaterializeResult(metadata=_metadata(total, days))


@dg.asset(key=["raw", "ops_shipment_updates"], group_name="raw", pool="warehouse",
          description="Shipment updates written through the API (ops store), copied back at every run.")
@retry_transient
def raw_ops_shipment_updates(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    settings = get_settings()
    with connect_warehouse(settings) as con:
        ensure_raw_schema(con)
        rows = load_ops_shipment_updates(con, settings, context.run_id)
    return dg.MaterializeResult(metadata={"shipment_updates": rows})


defs = dg.Definitions(
    assets=[landing_ebay_pages, landing_discogs_pages, raw_ebay_orders, raw_discogs_orders, raw_catalog,
            raw_fx_rates, raw_ops_shipment_updates],
    resources={"marketplaces": marketplace_apis()},
)
