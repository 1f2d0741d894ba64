"""Daily partitions of marketplace orders, on the UTC date they were last modified.

A partition is one day of the marketplaces' ``lastModifiedDate`` / ``last_activity``: the
connectors fetch by that window and the landing zone files pages under that date, so an order
that changes later (shipped, refunded) lands again in a later partition and its newest version
wins in staging.
"""

import os

import dagster as dg

# Sellers' histories rarely reach further back; the UI lists one partition per day from here.
HISTORY_START = os.environ.get("PIPELINES_HISTORY_START", "2020-01-01")

orders_partitions = dg.DailyPartitionsDefinition(start_date=HISTORY_START, end_offset=1, timezone="UTC")

# Dagster's run tags for one run over a range of partitions (what a single-run backfill sets).
RANGE_START_TAG = "dagster/asset_partition_range_start"
RANGE_END_TAG = "dagster/asset_partition_range_end"
