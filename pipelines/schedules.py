"""The jobs that build everything, and their daily schedules.

``build_everything`` loads what the landing zone holds and builds through to publish;
``fetch_and_build`` first fetches the day's pages from the marketplace APIs (it needs
EBAY_OAUTH_TOKEN and DISCOGS_TOKEN, so its schedule starts stopped: turn it on once they are set).
Both are partitioned by day of last modification: a schedule tick runs the day just ended.
"""

import dagster as dg

BUILD_JOB_NAME = "build_everything"
FETCH_JOB_NAME = "fetch_and_build"

build_everything = dg.define_asset_job(
    BUILD_JOB_NAME,
    selection=dg.AssetSelection.all() - dg.AssetSelection.groups("landing"),
    description="Landing zone -> raw -> dbt (staging, intermediate, marts, tests) -> checks -> publish.",
)

fetch_and_build = dg.define_asset_job(
    FETCH_JOB_NAME,
    selection=dg.AssetSelection.all(),
    description="Marketplace APIs -> landing zone, then everything build_everything does.",
)

daily_build = dg.build_schedule_from_partitioned_job(
    build_everything, hour_of_day=4, default_status=dg.DefaultScheduleStatus.RUNNING)

daily_fetch_and_build = dg.build_schedule_from_partitioned_job(
    fetch_and_build, hour_of_day=3, default_status=dg.DefaultScheduleStatus.STOPPED)

defs = dg.Definitions(jobs=[build_everything, fetch_and_build], schedules=[daily_build, daily_fetch_and_build])
