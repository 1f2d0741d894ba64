"""The jobs that build everything, their daily schedules, and the freshness watch.

``build_everything`` loads what the landing zone holds and builds through to publish;
``fetch_and_build`` first fetches the day's pages from the marketplace APIs (it needs
EBAY_OAUTH_TOKEN and DISCOGS_TOKEN, so its schedule starts stopped: turn it on once they are set);
it keeps Dagster's process per step, so the marketplaces are fetched side by side (network-bound).
Both are partitioned by day of last modification: a schedule tick runs the day just ended.
Every build runs the orders freshness checks with the raw order assets.

``check_orders_freshness`` runs only those checks (a few milliseconds of reads), every six hours:
if the builds stop altogether (schedule turned off, daemon down, every run failing before raw)
nothing would evaluate freshness, and that is exactly when it matters.
"""

import dagster as dg

from pipelines.quality.freshness import FRESHNESS_CHECKS

BUILD_JOB_NAME = "build_everything"
FETCH_JOB_NAME = "fetch_and_build"
FRESHNESS_JOB_NAME = "check_orders_freshness"

# Runs execute in one process, step after step (the `executor` of `defs` below): what `python -m
# pipelines materialize` has always done, now also for the runs the schedule, a sensor or the UI
# launch. Dagster's default, a process per step, started about 14 Python processes for a daily
# run, each importing Dagster and the definitions (about 3 s here), for steps that cannot overlap
# anyway: every one of them but the read-only checks writes the one warehouse file, under its
# lock. The 1M daily increment took 89-106 s with a process per step, 56-61 s in one
# (docs/benchmarks.md, item 25). The price: a step that kills its process (out of memory) ends
# the run there, where it would have failed only its step; the steps after it would not have run
# either way.
build_everything = dg.define_asset_job(
    BUILD_JOB_NAME,
    selection=dg.AssetSelection.all() - dg.AssetSelection.groups("landing"),
    description="Landing zone -> raw -> dbt (staging, intermediate, marts, tests) -> checks -> publish.",
)

# The exception: fetching is network-bound, so the two marketplaces are fetched side by side.
fetch_and_build = dg.define_asset_job(
    FETCH_JOB_NAME,
    selection=dg.AssetSelection.all(),
    description="Marketplace APIs -> landing zone, then everything build_everything does.",
    executor_def=dg.multiprocess_executor,
)

check_orders_freshness = dg.define_asset_job(
    FRESHNESS_JOB_NAME,
    selection=dg.AssetSelection.checks(*FRESHNESS_CHECKS),
    description="Only the orders freshness checks: warn when a marketplace's newest order is over a day old.",
)

daily_build = dg.build_schedule_from_partitioned_job(
    build_everything, hour_of_day=4, default_status=dg.DefaultScheduleStatus.RUNNING)

daily_fetch_and_build = dg.build_schedule_from_partitioned_job(
    fetch_and_build, hour_of_day=3, default_status=dg.DefaultScheduleStatus.STOPPED)

freshness_watch = dg.ScheduleDefinition(
    name="orders_freshness_every_six_hours", job=check_orders_freshness, cron_schedule="30 */6 * * *",
    default_status=dg.DefaultScheduleStatus.RUNNING)

defs = dg.Definitions(jobs=[build_everything, fetch_and_build, check_orders_freshness],
                      schedules=[daily_build, daily_fetch_and_build, freshness_watch],
                      executor=dg.in_process_executor)
