"""Start the build when new export files arrive in the inbox."""

import dagster as dg

from pipelines.ingest.inbox import admit_inbox_files
from pipelines.ingest.partitions import RANGE_END_TAG, RANGE_START_TAG
from pipelines.schedules import BUILD_JOB_NAME
from pipelines.settings import get_settings


@dg.sensor(job_name=BUILD_JOB_NAME, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING,
           description="Admits files dropped in <data dir>/inbox/<source>/ into the landing zone and builds.")
def inbox_sensor(context: dg.SensorEvaluationContext):
    settings = get_settings()
    admitted = admit_inbox_files(settings.inbox_dir, settings.landing_dir)
    if not admitted:
        return dg.SkipReason(f"nothing new in {settings.inbox_dir}")
    day = max(a.day for a in admitted).isoformat()
    names = sorted(str(a.path.relative_to(settings.landing_dir)) for a in admitted)
    context.log.info(f"admitted {len(names)} files: {names}")
    return dg.RunRequest(run_key="|".join(names), tags={RANGE_START_TAG: day, RANGE_END_TAG: day})


defs = dg.Definitions(sensors=[inbox_sensor])
