"""The job that builds everything, and the daily schedule that runs it."""

from __future__ import annotations

import dagster as dg

BUILD_JOB_NAME = "build_everything"

build_everything = dg.define_asset_job(
    BUILD_JOB_NAME,
    selection=dg.AssetSelection.all(),
    description="Landing zone -> raw -> dbt (staging, intermediate, marts, tests) -> publish.",
)

daily_build = dg.ScheduleDefinition(
    job=build_everything,
    cron_schedule="0 4 * * *",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)

defs = dg.Definitions(jobs=[build_everything], schedules=[daily_build])
